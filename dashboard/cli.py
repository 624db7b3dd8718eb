"""Command line: ``klikks-dashboard db upgrade | demo-data | serve | check | users …``."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from dashboard import cli_import, cli_mail, cli_users
from dashboard.config import Config, ConfigError
from dashboard.startup import StartupError, demo_accounts_notice, prepare_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="klikks-dashboard", description="KlikKS-Dashboard: Monitoring für Klimaschutzprogramme"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    db_parser = commands.add_parser("db", help="Datenbankschema verwalten (Alembic)")
    db_parser.add_argument("action", choices=["upgrade", "current"], help="upgrade: auf den neuesten Stand migrieren")

    demo = commands.add_parser("demo-data", help="Demodaten in eine leere Datenbank laden")
    demo.add_argument("--seed", type=int, default=None, help="Startwert des Zufallsgenerators (Standard: 2025)")
    demo.add_argument("--reset", action="store_true", help="vorher ALLE Daten löschen (Schema neu anlegen)")

    serve = commands.add_parser("serve", help="Dashboard mit gunicorn ausliefern")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None)

    commands.add_parser("check", help="Datenbankverbindung prüfen")

    cli_users.add_parser(commands)
    cli_mail.add_parsers(commands)
    cli_import.add_parser(commands)

    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](Config.from_env(), args)
    except (StartupError, ConfigError) as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2


def _db(config: Config, args) -> int:
    from data.migrate import current_revision, head_revision, upgrade

    db = prepare_database(Config(**{**config.__dict__, "migrate_on_start": False, "load_demo_data": False}))
    if args.action == "upgrade":
        upgrade(db.engine)
    print(f"Schema-Version: {current_revision(db.engine)} (neueste: {head_revision(db.engine)})")
    return 0


def _demo_data(config: Config, args) -> int:
    from data.demo import DEFAULT_SEED, DemoDataError, load_demo_data
    from data.migrate import downgrade, upgrade

    db = prepare_database(Config(**{**config.__dict__, "load_demo_data": False}))
    if args.reset:
        downgrade(db.engine, "base")
        upgrade(db.engine)
    with db.session() as session:
        try:
            accounts = load_demo_data(session, seed=args.seed if args.seed is not None else DEFAULT_SEED)
        except DemoDataError as exc:
            print(f"Fehler: {exc} (mit --reset werden vorhandene Daten gelöscht)", file=sys.stderr)
            return 1
    print(f"Demodaten geladen in {config.redacted_url}")
    print(demo_accounts_notice(accounts))
    return 0


def _serve(config: Config, args) -> int:
    prepare_database(config)  # once, before the workers start, so a bad DATABASE_URL fails here
    # gunicorn prints "läuft auf http://…" once it listens (dashboard.gunicorn_conf.when_ready)
    env = dict(os.environ)
    env["HOST"] = args.host or config.host
    env["PORT"] = str(args.port or config.port)
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""))
    if gunicorn is None:
        print("Fehler: gunicorn ist nicht installiert.", file=sys.stderr)
        return 2
    os.execve(gunicorn, [gunicorn, "-c", "python:dashboard.gunicorn_conf", "dashboard.app:server"], env)
    return 0  # not reached


def _check(config: Config, _args) -> int:
    db = prepare_database(Config(**{**config.__dict__, "migrate_on_start": False, "load_demo_data": False}))
    print(f"Datenbank erreichbar: {config.redacted_url} ({db.dialect})")
    return 0


def _users(config: Config, args) -> int:
    db = prepare_database(Config(**{**config.__dict__, "load_demo_data": False}))
    return cli_users.run(db, args)


def _reminders(config: Config, args) -> int:
    db = prepare_database(Config(**{**config.__dict__, "load_demo_data": False}))
    return cli_mail.run_reminders(db, config, args)


def _mail(config: Config, args) -> int:
    db = prepare_database(Config(**{**config.__dict__, "load_demo_data": False}))
    try:
        return cli_mail.run_mail(db, config, args)
    except KeyboardInterrupt:
        return 0


def _import(config: Config, args) -> int:
    db = prepare_database(Config(**{**config.__dict__, "load_demo_data": False}))
    return cli_import.run(db, args)


COMMANDS = {
    "db": _db,
    "demo-data": _demo_data,
    "serve": _serve,
    "check": _check,
    "users": _users,
    "reminders": _reminders,
    "mail": _mail,
    "import": _import,
}

if __name__ == "__main__":
    sys.exit(main())
