"""Alembic migrations build the schema from empty on SQLite and PostgreSQL, and go down again."""

from __future__ import annotations

from sqlalchemy import inspect

from data.db import Database
from data.migrate import current_revision, downgrade, head_revision, schema_drift, upgrade
from data.models import Base


def test_upgrade_from_empty_creates_every_model_table(databases):
    url = databases.new_url("mig")
    db = Database.from_url(url)
    try:
        assert current_revision(db.engine) is None
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision(db.engine)
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        db.dispose()
        databases.drop(url)


def test_models_and_migrations_agree(empty_db):
    """What the migrations build is what the models declare: columns, types, indexes, constraints."""
    assert schema_drift(empty_db.engine) == []


def test_downgrade_to_base_and_up_again(databases):
    url = databases.new_url("mig")
    db = Database.from_url(url)
    try:
        upgrade(db.engine)
        downgrade(db.engine, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(db.engine)
        assert "measures" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()
        databases.drop(url)


def test_filter_columns_are_indexed(empty_db):
    indexed = {
        (table, tuple(index["column_names"]))
        for table in ("measures", "municipalities", "volunteers", "audit_log", "cohorts")
        for index in inspect(empty_db.engine).get_indexes(table)
    }
    for expected in [
        ("measures", ("program_id", "status")),
        ("measures", ("state_code", "status")),
        ("measures", ("program_id", "started_on")),
        ("municipalities", ("state_code", "joined_on")),
        ("volunteers", ("joined_on", "left_on")),
        ("audit_log", ("table_name", "row_id")),
        ("cohorts", ("starts_on",)),
    ]:
        assert expected in indexed, expected
