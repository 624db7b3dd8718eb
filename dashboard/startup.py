"""Bring the database to a usable state: reachable, migrated, and (if empty) filled with demo data."""

from __future__ import annotations

import logging

from dashboard.config import Config
from data import vocab
from data.db import Database, DatabaseUnavailable, InvalidDatabaseUrl
from data.demo import DemoAccount, is_empty, load_demo_data
from data.migrate import upgrade

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The app cannot start; the message says why in German and names DATABASE_URL."""


def prepare_database(config: Config) -> Database:
    try:
        db = Database.from_url(config.database_url)
    except (InvalidDatabaseUrl, OSError) as exc:
        raise StartupError(f"DATABASE_URL={config.redacted_url} ist nicht verwendbar: {exc}.") from exc
    try:
        db.check()
    except DatabaseUnavailable as exc:
        raise StartupError(
            f"Die Datenbank ist nicht erreichbar (DATABASE_URL={config.redacted_url}): {exc}. "
            "Bitte DATABASE_URL prüfen oder die Variable weglassen, um die eingebettete SQLite-Datenbank zu nutzen."
        ) from exc
    if config.migrate_on_start:
        upgrade(db.engine)
    if config.load_demo_data:
        with db.session() as session:
            if is_empty(session):
                log.info("Leere Datenbank: lade Demodaten")
                print(demo_accounts_notice(load_demo_data(session)), flush=True)
    return db


def demo_accounts_notice(accounts: list[DemoAccount]) -> str:
    """The demo accounts with their passwords, shown once: they are stored nowhere but as hashes."""
    lines = ["Demodaten geladen. Demo-Konten (nur für die Demo; Passwörter werden nur jetzt angezeigt):"]
    for account in accounts:
        scope = f" – {account.scope}" if account.scope else ""
        lines.append(f"  {account.login:<18} {account.password}  ({vocab.USER_ROLES[account.role]}{scope})")
    return "\n".join(lines)
