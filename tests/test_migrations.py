"""Alembic migrations build the schema from empty on SQLite and PostgreSQL, and go down again."""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from data.db import Database
from data.demo import load_demo_data
from data.migrate import current_revision, downgrade, head_revision, schema_drift, upgrade
from data.models import Base, Measure
from data.queries.sql import measure_text_search


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


def _schema_and_counts(db: Database) -> tuple[set, dict[str, int]]:
    """Every index, trigger and table of the database (SQLite: with its SQL) and the rows that matter."""
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            objects = set(
                connection.exec_driver_sql(
                    # SQLite's own objects (automatic indexes, ANALYZE's statistics) are not the schema
                    "SELECT type, name, sql FROM sqlite_master WHERE name <> 'measures' AND name NOT LIKE 'sqlite%'"
                )
            )
        else:
            objects = set(
                connection.exec_driver_sql(
                    "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                    "AND indexname NOT IN ('uq_measures_code', 'uq_measures_code_program_id') "
                    "UNION SELECT 'trigger', tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
                )
            )
        tables = ("measures", "update_requests", "measure_contacts", "audit_log", "measure_rollup")
        counts = {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in tables}
    return objects, counts


def test_codes_per_program_keep_every_row_trigger_and_reference(databases):
    """0010 rebuilds ``measures`` on SQLite: rows, the rows that refer to measures (cascading deletes!),
    search, data-version and rollup triggers and every index must survive, down and up again."""
    url = databases.new_url("mig")
    db = Database.from_url(url)
    try:
        upgrade(db.engine, "0009_rollups")
        with db.session() as session:
            load_demo_data(session)
        before = _schema_and_counts(db)
        assert before[1]["update_requests"] > 0 and before[1]["measures"] > 900
        upgrade(db.engine, "0010_code_per_program")
        assert _schema_and_counts(db) == before
        upgrade(db.engine)
        assert schema_drift(db.engine) == []
        with db.session() as session:  # the search index still answers, and follows a new title
            found = select(func.count()).select_from(Measure).where(measure_text_search("Solar"))
            assert session.scalar(found) > 0
            session.get(Measure, 1).title = "Zaunkönigwiese"
            session.commit()
            assert session.scalar(select(Measure.id).where(measure_text_search("zaunkönig"))) == 1
        downgrade(db.engine, "0009_rollups")
        assert _schema_and_counts(db) == before
        upgrade(db.engine)
        with db.engine.connect() as connection:
            if db.engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.dispose()
        databases.drop(url)
