"""Run Alembic migrations programmatically, so the CLI, the app and the tests share one path."""

from __future__ import annotations

import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Objects the migrations keep outside the ORM models: the free-text search index of measures
# (0003: FTS5 tables ``measures_search*`` on SQLite, the pg_trgm index on PostgreSQL) and the grid's
# sort indexes (0011: ``NULLS FIRST`` on PostgreSQL only).
UNMODELLED_OBJECTS = re.compile(r"measures_search(_\w+)?|ix_measures_search_trgm|ix_measures_grid_\w+")


def include_name(name: str | None, _type: str, _parent_names: dict) -> bool:
    """For comparing models with the database: skip the objects the models do not describe."""
    return name is None or not UNMODELLED_OBJECTS.fullmatch(name)


def schema_drift(engine: Engine) -> list:
    """Differences between the models and the migrated database (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from data.models import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
        return compare_metadata(context, Base.metadata)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, lambda config: command.downgrade(config, revision))


def _run(engine: Engine, step) -> None:
    """One transaction for all migrations. On SQLite foreign keys are off meanwhile: a migration that must
    rebuild a table (SQLite cannot drop a constraint) would otherwise cascade the drop of the old table
    into the rows that refer to it. Before the commit every reference is checked; a broken one aborts."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # takes effect only outside a transaction
            connection.commit()
        try:
            with connection.begin():
                config = alembic_config(engine)
                config.attributes["connection"] = connection
                step(config)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"Migration bricht Verweise zwischen Tabellen: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
