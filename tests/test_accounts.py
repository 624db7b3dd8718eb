"""Accounts: the user commands, their audit rows, the database constraints and the command line."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dashboard.cli import main as cli_main
from data.commands.errors import CommandError
from data.commands.sign_in import MAX_FAILURES, SignInFailed, TooManyAttempts, sign_in
from data.commands.users import add_user, deactivate, list_accounts, reset_password, set_role
from data.models import AuditEntry, User
from data.permissions import Actor, PermissionDenied
from tests.support.accounts import DEMO_PASSWORD

ADMIN = Actor(name="Test-Admin", role="admin")
PASSWORD = "ein-langes-passwort"


def test_add_user_stores_an_argon2id_hash_and_audits_without_it(demo_db):
    with demo_db.session() as session:
        account = add_user(session, ADMIN, "Neu.Person", PASSWORD, "region", "de-nw", "Nora Neu", "nora@example.org")
        assert (account.login, account.role, account.state_code) == ("neu.person", "region", "DE-NW")
        stored = session.get(User, account.id)
        assert stored.password_hash.startswith("$argon2id$")
        audit = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "users")).all()
        assert {row.field for row in audit} == {"login", "role"}
        assert all(stored.password_hash not in (row.new_value or "") for row in audit)


@pytest.mark.parametrize(
    ("login", "password", "role", "scope", "message"),
    [
        ("region-nw", PASSWORD, "lesen", None, "gibt es schon"),  # demo account, other case below
        ("REGION-NW", PASSWORD, "lesen", None, "gibt es schon"),
        ("kurz", "elf-zeichen", "lesen", None, "mindestens 12 Zeichen"),
        ("ohne-land", PASSWORD, "region", None, "braucht ein Land"),
        ("falsches-land", PASSWORD, "region", "DE-XX", "gibt es nicht"),
        ("ohne-kommune", PASSWORD, "kommune", "", "braucht eine Kommune"),
        ("mit-bereich", PASSWORD, "koordination", "DE-NW", "hat keinen Bereich"),
        ("x y", PASSWORD, "lesen", None, "Der Login muss"),
        ("neu", PASSWORD, "chef", None, "Unbekannte Rolle"),
    ],
)
def test_add_user_refuses_bad_input_and_stores_nothing(demo_db, login, password, role, scope, message):
    with demo_db.session() as session:
        before = len(list_accounts(session))
        with pytest.raises(CommandError, match=message):
            add_user(session, ADMIN, login, password, role, scope)
        assert len(list_accounts(session)) == before


def test_kommune_scope_by_ags_and_role_changes(demo_db):
    with demo_db.session() as session:
        account = add_user(session, ADMIN, "stadt", PASSWORD, "kommune", "05515000")
        assert account.scope_label == "Münster"
        account = set_role(session, ADMIN, "stadt", "region", "DE-BW")
        assert (account.role, account.state_code, account.municipality_id) == ("region", "DE-BW", None)
        assert not deactivate(session, ADMIN, "stadt").active


def test_only_admins_manage_accounts(demo_db):
    region = Actor(name="Rita", user_id=3, role="region", state_code="DE-NW")
    with demo_db.session() as session:
        for command, args in (
            (add_user, ("neu", PASSWORD, "lesen")),
            (set_role, ("lesen", "admin")),
            (deactivate, ("lesen",)),
            (reset_password, ("lesen", PASSWORD)),
        ):
            with pytest.raises(PermissionDenied, match="Nur die Administration"):
                command(session, region, *args)
            with pytest.raises(PermissionDenied, match="melden Sie sich an"):
                command(session, None, *args)


def test_database_refuses_a_scope_that_does_not_fit_the_role_and_upper_case_logins(demo_db):
    for row in (
        User(login="a", display_name="A", password_hash="x", role="region"),
        User(login="b", display_name="B", password_hash="x", role="lesen", scope_state_code="DE-NW"),
        User(login="C", display_name="C", password_hash="x", role="lesen"),
    ):
        with demo_db.session() as session, pytest.raises(IntegrityError):
            session.add(row)
            session.commit()


def test_sign_in_case_insensitive_generic_failure_and_deactivated(demo_db):
    with demo_db.session() as session:
        assert sign_in(session, "Region-NW", DEMO_PASSWORD, "10.0.0.1").display_name == "Rita Region NRW (Demo)"
        with pytest.raises(SignInFailed) as wrong:
            sign_in(session, "region-nw", "falsch", "10.0.0.1")
        with pytest.raises(SignInFailed) as unknown:
            sign_in(session, "niemand", "falsch", "10.0.0.2")
        assert wrong.value.message == unknown.value.message
        deactivate(session, ADMIN, "lesen")
        with pytest.raises(SignInFailed):
            sign_in(session, "lesen", DEMO_PASSWORD, "10.0.0.3")


def test_sign_in_rate_limit_per_login_and_per_address(demo_db):
    with demo_db.session() as session:
        for _ in range(MAX_FAILURES):
            with pytest.raises(SignInFailed):
                sign_in(session, "koordination", "falsch", "10.0.0.9")
        with pytest.raises(TooManyAttempts, match="Zu viele Versuche"):  # even the right password, other address
            sign_in(session, "koordination", DEMO_PASSWORD, "10.0.0.10")
        with pytest.raises(TooManyAttempts):  # same address, other login
            sign_in(session, "admin", DEMO_PASSWORD, "10.0.0.9")
        assert sign_in(session, "admin", DEMO_PASSWORD, "10.0.0.11").role == "admin"


def test_cli_users(demo_db, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", demo_db.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KLIKKS_DEMO_DATA", "0")

    def run(*argv, stdin=""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli_main(list(argv))
        return code, capsys.readouterr()

    code, out = run(
        "users",
        "add",
        "Neu",
        "--role",
        "region",
        "--scope",
        "DE-NW",
        "--name",
        "Nils",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0 and "Konto „neu“ angelegt: Regionalmanagement (Nordrhein-Westfalen)" in out.out
    code, out = run("users", "add", "zwei", "--role", "lesen", "--password-stdin", stdin="zu-kurz\n")
    assert code == 1 and "mindestens 12 Zeichen" in out.err
    code, out = run("users", "set-role", "neu", "kommune", "--scope", "05515000")
    assert code == 0 and "Kommune (Münster)" in out.out
    code, out = run("users", "reset-password", "neu", "--password-stdin", stdin="noch-ein-langes-passwort\n")
    assert code == 0
    code, out = run("users", "deactivate", "neu")
    assert code == 0 and "deaktiviert" in out.out
    code, out = run("users", "list")
    assert code == 0 and "neu" in out.out and "$argon2" not in out.out
    code, out = run("users", "deactivate", "gibtsnicht")
    assert code == 1 and "gibt es nicht" in out.err
    with demo_db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "users", AuditEntry.source == "cli"))
        assert {row.field for row in rows} == {"login", "role", "password", "active"}
