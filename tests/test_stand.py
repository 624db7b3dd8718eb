"""The Stand date: the reference day that "überfällig" and "veraltet" are measured against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from data.queries.massnahmen import summary
from data.queries.measure_filters import MeasureFilter, with_default_stand
from data.rules import default_stand
from layouts import format as fmt

KLIKKS_END = date(2025, 2, 28)


@dataclass(frozen=True)
class _Program:
    ends_on: date | None


def test_default_stand_is_today_while_running_and_the_end_once_ended():
    assert default_stand(_Program(date(2030, 12, 31)), date(2026, 11, 25)) == date(2026, 11, 25)
    assert default_stand(_Program(KLIKKS_END), date(2026, 11, 25)) == KLIKKS_END
    assert default_stand(_Program(KLIKKS_END), date(2024, 5, 1)) == date(2024, 5, 1)
    assert default_stand(_Program(None), date(2024, 5, 1)) == date(2024, 5, 1)
    assert default_stand(None, date(2024, 5, 1)) == date(2024, 5, 1)


def test_stand_in_the_url_round_trips_and_bad_values_get_a_note():
    flt, notes = MeasureFilter.from_query({"programm": "klikks", "stand": "30.06.2024"})
    assert flt.stand == date(2024, 6, 30) and flt.day == date(2024, 6, 30) and notes == []
    assert flt.to_query() == "?programm=klikks&stand=2024-06-30"
    flt, notes = MeasureFilter.from_query({"stand": "gestern"})
    assert flt.stand is None
    assert notes == [
        "Stand: „gestern“ ist kein Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT) – der Wert wurde ignoriert."
    ]
    # a day the freshness bands cannot count 180 days back from is refused, not passed to the queries
    flt, notes = MeasureFilter.from_query({"stand": "0001-01-02"})
    assert flt.stand is None and notes == [
        "Stand: 02.01.0001 liegt außerhalb von 01.01.1990 – 31.12.2100 – der Wert wurde ignoriert."
    ]


def test_default_stand_of_an_ended_program_is_its_end(demo_db):
    today = date(2026, 11, 25)
    with demo_db.session() as session:
        klikks = with_default_stand(session, MeasureFilter(program="klikks", today=today))
        muenster = with_default_stand(session, MeasureFilter(program="ksv-muenster", today=today))
        everything = with_default_stand(session, MeasureFilter(today=today))
        chosen = with_default_stand(session, MeasureFilter(program="klikks", stand=date(2024, 1, 31), today=today))
    assert klikks.day == KLIKKS_END
    assert muenster.day == today  # runs until 2030
    assert everything.day == today  # the latest default of all programs
    assert chosen.day == date(2024, 1, 31)


def test_the_stand_changes_the_freshness_and_overdue_counts(demo_db):
    """KlikKS ended on 28.02.2025: by default it is judged as it stood then, with far fewer
    "veraltet" and "überfällig" than against a day long after its end."""
    later = date(2026, 11, 25)
    with demo_db.session() as session:
        by_default = summary(session, MeasureFilter(program="klikks", today=later))
        against_later = summary(session, MeasureFilter(program="klikks", stand=later, today=later))
        at_start = summary(session, MeasureFilter(program="klikks", stand=date(2022, 3, 31), today=later))
    assert by_default.total == against_later.total > 800
    assert against_later.stale == against_later.total  # nothing updated since the end: all stale later on
    assert by_default.stale * 4 < against_later.stale
    assert by_default.overdue < against_later.overdue
    assert at_start.overdue <= by_default.overdue


def test_the_maßnahmen_page_shows_its_stand_and_counts_at_it(demo_db):
    from callbacks.massnahmen import CONTROLS, update_massnahmen

    def kpis(**values) -> str:
        controls = {key: ([] if key in ("status", "flags") else None) for key in CONTROLS} | values
        return str(update_massnahmen(demo_db, tuple(controls[key] for key in CONTROLS), "handlungsfeld", None)[0])

    ended = kpis(programm="klikks")
    assert "Stand 28.02.2025" in ended and "Ende des Programms" in ended
    chosen = kpis(programm="klikks", stand="2023-06-30")
    assert "Stand 30.06.2023" in chosen and "gewählt" in chosen
    url = update_massnahmen(
        demo_db, tuple({"programm": "klikks", "stand": "2023-06-30"}.get(key) for key in CONTROLS), "land", None
    )[-2]  # the URL query (before the filter store)
    assert url == "?programm=klikks&stand=2023-06-30&ansicht=land"


def test_a_measure_of_an_ended_program_is_aged_to_its_end(demo_db):
    from callbacks.measure_detail import render_measure_detail
    from data.models import Measure, Program

    with demo_db.session() as session:
        measure = session.scalars(
            select(Measure).join(Program, Program.id == Measure.program_id).where(Program.code == "klikks").limit(1)
        ).one()
    later = date(2026, 11, 25)
    text = str(render_measure_detail(demo_db, {}, str(measure.id), today=later).to_plotly_json())
    days = (KLIKKS_END - measure.updated_at.date()).days
    assert f"vor {fmt.number(days)} Tagen zum Stand 28.02.2025" in text
