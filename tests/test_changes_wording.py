""" "Letzte Änderungen" read as German sentences: names, field labels, German values — no database text."""

from __future__ import annotations

from collections import namedtuple
from datetime import UTC, datetime

import pandas as pd
import pytest

from data.queries.changes import CHANGE_COLUMNS, audited_field
from layouts.changes import change_sentence, change_value, changes_list

Row = namedtuple("Row", CHANGE_COLUMNS)


def _row(table, field, old, new, **extra) -> Row:
    values = dict.fromkeys(CHANGE_COLUMNS)
    values.update(
        changed_at=datetime(2024, 5, 1, 10, tzinfo=UTC), table_name=table, field=field, old_value=old, new_value=new
    )
    values.update(actor="Rita Regional", **extra)
    return Row(**values)


def _sentence(row: Row) -> str:
    return change_sentence(row, audited_field(row.table_name, row.field))


def test_attendance_names_the_trainee_and_the_session():
    row = _row("attendance", "present", "ja", "nein", subject="Kohorte 5", participant="MS5-07", detail="Auftakt")
    assert _sentence(row) == "Anwesenheit von MS5-07 bei „Auftakt“: anwesend → nicht anwesend"


def test_measure_numbers_and_statuses_read_in_german():
    co2 = _row("measures", "co2_t_per_year", "0.2", "125", subject="Solardach", measure_id=7)
    assert _sentence(co2) == "CO₂-Einsparung: 0,2 t CO₂/Jahr → 125 t CO₂/Jahr"
    status = _row("measures", "status", "geplant", "in_umsetzung", subject="Solardach", measure_id=7)
    assert _sentence(status) == "Status: Geplant → In Umsetzung"
    due = _row("measures", "planned_completion_on", None, "2025-02-28", subject="Solardach", measure_id=7)
    assert _sentence(due) == "Geplanter Abschluss: keine Angabe → 28.02.2025"


def test_goal_and_enrollment_changes_name_their_field():
    goal = _row(
        "goals", "status", "geplant", "erreicht", subject="Kohorte 5", participant="MS5-07", detail="Rad statt Auto"
    )
    assert _sentence(goal) == "Ziel von MS5-07 („Rad statt Auto“) – Status: Geplant → Erreicht"
    dropped = _row("enrollments", "dropped_on", None, "2024-03-01", subject="Kohorte 5", participant="MS5-07")
    assert _sentence(dropped) == "Teilnahme von MS5-07 – Abgebrochen am: keine Angabe → 01.03.2024"


@pytest.mark.parametrize("raw", ["kaputt", "1,5"])
def test_unreadable_stored_values_are_shown_as_stored(raw):
    assert change_value(audited_field("goals", "co2_t_per_year"), raw) == raw


def test_list_links_to_the_measure_and_never_shows_table_or_column_names():
    rows = [
        _row("measures", "co2_t_per_year", "0.2", "125", subject="Solardach", measure_id=7),
        _row("attendance", "present", "ja", "nein", subject="Kohorte 5", cohort_id=3, participant="MS5-07"),
    ]

    text = str(changes_list(pd.DataFrame(rows), "leer").to_plotly_json())
    assert "/massnahmen/7" in text and "/kohorten/3" in text
    for database_word in ("attendance", "present", "co2_t_per_year", "#"):
        assert database_word not in text
