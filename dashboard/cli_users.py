"""``klikks-dashboard users add|list|set-role|deactivate|reset-password`` — through the audited account commands.

Whoever can run the command line on the server administers the accounts; the audit log names the
command line and the operating-system user. Exit code 0 on success, 1 on a refusal (with the reason).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from data import vocab
from data.commands.errors import CommandError
from data.commands.users import Account, add_user, deactivate, list_accounts, reset_password, set_role
from data.db import Database
from data.permissions import Actor
from layouts.format import moment


def add_parser(commands) -> None:
    users = commands.add_parser("users", help="Nutzerkonten verwalten")
    actions = users.add_subparsers(dest="users_action", required=True)
    roles = ", ".join(vocab.USER_ROLES)

    add = actions.add_parser("add", help="Konto anlegen")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=list(vocab.USER_ROLES), help=f"Rolle: {roles}")
    add.add_argument("--scope", help="Land (DE-NW) für region, AGS oder Nummer der Kommune für kommune")
    add.add_argument("--name", help="Anzeigename (Standard: der Login)")
    add.add_argument("--email")
    _password_stdin(add)

    actions.add_parser("list", help="alle Konten anzeigen")

    change = actions.add_parser("set-role", help="Rolle und Bereich ändern")
    change.add_argument("login")
    change.add_argument("role", choices=list(vocab.USER_ROLES))
    change.add_argument("--scope")

    off = actions.add_parser("deactivate", help="Konto deaktivieren (es bleibt im Änderungsprotokoll)")
    off.add_argument("login")

    reset = actions.add_parser("reset-password", help="neues Passwort setzen")
    reset.add_argument("login")
    _password_stdin(reset)


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="Passwort von der Standardeingabe lesen (sonst zweimal abfragen)"
    )


def run(db: Database, args) -> int:
    actor = command_line_actor()
    try:
        with db.session() as session:
            if args.users_action == "list":
                print(accounts_table(list_accounts(session)))
                return 0
            if args.users_action == "add":
                account = add_user(
                    session,
                    actor,
                    args.login,
                    _read_password(args.password_stdin),
                    args.role,
                    args.scope,
                    args.name,
                    args.email,
                    source="cli",
                )
                print(f"Konto „{account.login}“ angelegt: {_describe(account)}.")
            elif args.users_action == "set-role":
                account = set_role(session, actor, args.login, args.role, args.scope, source="cli")
                print(f"Rolle von „{account.login}“: {_describe(account)}.")
            elif args.users_action == "deactivate":
                account = deactivate(session, actor, args.login, source="cli")
                print(f"Konto „{account.login}“ ist deaktiviert.")
            elif args.users_action == "reset-password":
                account = reset_password(session, actor, args.login, _read_password(args.password_stdin), source="cli")
                print(f"Neues Passwort für „{account.login}“ gesetzt.")
    except CommandError as exc:
        print(f"Fehler: {exc.message}", file=sys.stderr)
        return 1
    return 0


def accounts_table(accounts: list[Account]) -> str:
    if not accounts:
        return "Keine Konten. Das erste Konto: klikks-dashboard users add LOGIN --role admin"
    rows = [("Login", "Name", "Rolle", "Bereich", "aktiv", "zuletzt angemeldet")]
    rows += [
        (
            a.login,
            a.display_name,
            a.role_label,
            a.scope_label or "–",
            "ja" if a.active else "nein",
            moment(a.last_login_at, unknown="nie"),
        )
        for a in accounts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def _describe(account: Account) -> str:
    return f"{account.role_label}" + (f" ({account.scope_label})" if account.scope_label else "")


def _read_password(from_stdin: bool) -> str:
    """One line from standard input, or asked twice without echo; a mismatch is a refusal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passwort (mindestens 12 Zeichen): ")
    second = getpass.getpass("Passwort wiederholen: ")
    if first != second:
        raise CommandError("Die beiden Eingaben stimmen nicht überein; nichts geändert.")
    return first


def command_line_actor() -> Actor:
    """Who writes from the command line: an admin named after the operating-system user (for the audit log)."""
    return Actor(name=f"Kommandozeile ({_os_user()})", role="admin")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (e.g. in a container)
        return "unbekannt"
