"""Migration 0002_massnahmen adds (and removes again) the Maßnahmen indexes on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect

from data.migrate import current_revision, downgrade, head_revision, upgrade

NEW_INDEXES = {
    "ix_measures_overview",
    "ix_measures_sector_status",
    "ix_measures_municipality_status",
    "ix_measures_title",
}


def _indexes(db) -> set[str]:
    return {index["name"] for index in inspect(db.engine).get_indexes("measures")}


def test_upgrade_and_downgrade(empty_db):
    assert current_revision(empty_db.engine) == head_revision(empty_db.engine)
    assert _indexes(empty_db) >= NEW_INDEXES
    downgrade(empty_db.engine, "0001")
    assert current_revision(empty_db.engine) == "0001"
    assert not NEW_INDEXES & _indexes(empty_db)
    assert "ix_measures_program_status" in _indexes(empty_db)
    upgrade(empty_db.engine)
    assert _indexes(empty_db) >= NEW_INDEXES
