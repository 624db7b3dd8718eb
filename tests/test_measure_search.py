"""Free-text search over measures (migration 0003): index-backed on both databases, same results as a
case-insensitive substring match, kept up to date on insert, update and delete."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from data.migrate import current_revision, downgrade, head_revision, upgrade
from data.models import Measure, Program
from data.queries.measure_filters import MeasureFilter, apply_filter


def _add(session, program, code, title, **texts):
    session.add(Measure(code=code, program=program, title=title, sector="Energie", status="geplant", **texts))


@pytest.fixture
def searchable(empty_db):
    with empty_db.session() as s:
        program = Program(code="p", name="Programm", short_name="P")
        _add(s, program, "A", "Bürgersolarpark am Deich", description_what="Freiflächen-PV mit 100% Bürgerbeteiligung")
        _add(s, program, "B", "Wärmepumpen im Quartier", teaser='Der „Wärme-Check“ für "Altbauten"')
        _add(s, program, "C", "Lastenrad", description_plan="Verleih über die Bibliothek; PV-Dach als Option")
        _add(s, program, "D", "Radweg", description_what=None, description_plan=None)
        s.commit()
    return empty_db


def _codes(db, text: str) -> set[str]:
    with db.session() as s:
        query = apply_filter(select(Measure.code), MeasureFilter(text=text))
        return set(s.execute(query).scalars())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("solar", {"A"}),  # inside a word, other case
        ("SOLARPARK AM", {"A"}),  # across words
        ("WÄRME", {"B"}),  # umlaut, upper case
        ("pv", {"A", "C"}),  # two letters: unindexed fallback, same semantics
        ("Rad", {"C", "D"}),  # "Lastenrad", "Radweg"
        ("100%", {"A"}),  # % is a literal character, not a wildcard
        ("10_%", set()),
        ('"Altbauten"', {"B"}),  # quotes cannot break the query
        ("Bibliothek; PV", {"C"}),
        ("gibt es nicht", set()),
    ],
)
def test_search_matches_substrings_case_insensitively(searchable, text, expected):
    assert _codes(searchable, text) == expected


def test_index_follows_updates_and_deletes(searchable):
    with searchable.session() as s:
        measure = s.execute(select(Measure).where(Measure.code == "D")).scalar_one()
        measure.title = "Radweg zum Solarpark"
        s.delete(s.execute(select(Measure).where(Measure.code == "A")).scalar_one())
        s.commit()
    assert _codes(searchable, "solarpark") == {"D"}
    assert _codes(searchable, "Bürgerbeteiligung") == set()


def test_search_migration_goes_down_and_up(searchable):
    downgrade(searchable.engine, "0002_massnahmen")
    assert current_revision(searchable.engine) == "0002_massnahmen"
    upgrade(searchable.engine)
    assert current_revision(searchable.engine) == head_revision(searchable.engine)
    assert _codes(searchable, "solarpark") == {"A"}  # rebuilt from the existing rows
