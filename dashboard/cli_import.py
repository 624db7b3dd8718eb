"""``klikks-dashboard import FILE --entity … [--as LOGIN] [--dry-run] [--sheet NAME]``.

Exit codes: 0 imported (or, with ``--dry-run``, would import), 1 refused (errors, conflicts, rows outside
the person's scope: the row report is on standard output), 2 unusable arguments or file.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from sqlalchemy import select

from data import vocab
from data.commands.errors import CommandError
from data.commands.users import active_account, normalise_login
from data.db import Database
from data.imports.history import record_plan, start_run
from data.imports.planning import REPORT_HEADER, Plan
from data.imports.reading import FileRefused, Limits, check_size
from data.imports.running import import_file
from data.models import User
from data.permissions import Actor


def add_parser(commands) -> None:
    parser = commands.add_parser("import", help="CSV- oder XLSX-Datei importieren (alles oder nichts)")
    parser.add_argument("file", metavar="DATEI")
    parser.add_argument("--entity", required=True, choices=list(vocab.IMPORT_ENTITIES), help="was die Datei enthält")
    parser.add_argument("--as", dest="login", default=None, help="im Namen dieses Kontos (Rolle und Bereich gelten)")
    parser.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts speichern")
    parser.add_argument("--sheet", default=None, help="Blatt einer XLSX-Arbeitsmappe (Standard: das erste mit Daten)")


def run(db: Database, args) -> int:
    limits = Limits.from_env()
    path = Path(args.file)
    try:
        if not path.is_file():
            raise FileRefused(f"Die Datei „{args.file}“ gibt es nicht.")
        check_size(path.stat().st_size, limits)
        content = path.read_bytes()
    except (FileRefused, OSError) as error:
        print(f"Fehler: {getattr(error, 'message', error)}", file=sys.stderr)
        return 2
    with db.session() as session:
        actor = _actor(session, args.login)
        if actor is None:
            print(f"Fehler: Ein aktives Konto „{args.login}“ gibt es nicht.", file=sys.stderr)
            return 2
        run_id = None if args.dry_run else start_run(session, actor, args.entity, path.name, None, args.sheet)
        try:
            plan = import_file(
                session, actor, content, path.name, args.entity,
                dry_run=args.dry_run, sheet=args.sheet, limits=limits, run_id=run_id,
            )  # fmt: skip
        except FileRefused as error:
            _finish(session, run_id, None, "abgelehnt", error.message)
            print(f"Fehler: {error.message}", file=sys.stderr)
            return 2
        except CommandError as error:
            _finish(session, run_id, None, "abgelehnt", error.message)
            print(f"Abgelehnt: {error.message}", file=sys.stderr)
            return 1
        print(summary(plan, args.dry_run))
        print_report(plan)
        if not plan.ok:
            _finish(session, run_id, plan, "abgelehnt", "Die Datei enthält Fehler; nichts wurde gespeichert.")
            return 1
        _finish(session, run_id, plan, "importiert", None)
    return 0


def _finish(session, run_id: int | None, plan: Plan | None, status: str, message: str | None) -> None:
    if run_id is not None:
        session.rollback()
        record_plan(session, run_id, plan, status, message)


def _actor(session, login: str | None) -> Actor | None:
    if login is None:
        return Actor(name=f"Kommandozeile ({_os_user()})", role="admin")
    user_id = session.scalar(select(User.id).where(User.login == normalise_login(login)))
    account = active_account(session, user_id) if user_id is not None else None
    return account.actor() if account is not None else None


def summary(plan: Plan, dry_run: bool) -> str:
    counts = ", ".join(f"{label}: {number}" for label, number in plan.counts.items())
    if not plan.ok:
        verdict = "Abgelehnt – nichts wurde gespeichert."
    elif dry_run:
        verdict = "Probelauf – die Datei kann so importiert werden; nichts wurde gespeichert."
    else:
        verdict = "Importiert."
    return f"{verdict} {plan.rows_total} Zeilen ({counts})."


def print_report(plan: Plan) -> None:
    rows = plan.report_rows()
    if rows:
        print("\t".join(REPORT_HEADER))
        for row in rows:
            print("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unbekannt"
