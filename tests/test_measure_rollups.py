"""The rollups equal the live aggregate after any sequence of writes, and the overview read from them
equals the overview counted from the measures — on SQLite and PostgreSQL (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, func, insert, select, text, update

from data import rollups
from data.models import (
    Measure,
    MeasureMunicipalityRollup,
    MeasurePlannedRollup,
    MeasureResponsibleRollup,
    MeasureRollup,
    Municipality,
    Program,
)
from data.queries import measure_rollups
from data.queries.massnahmen import figures, filter_options, live_figures, status_counts
from data.queries.measure_filters import OPEN_STATUSES, MeasureFilter
from data.vocab import MEASURE_STATUSES

STATES = ("DE-NW", "DE-RP", "DE-BY", None)
SECTORS = ("Energie", "Mobilität", "Gebäude")
PEOPLE = ("Team Nord", "Team Süd", None)
START = datetime(2024, 1, 1, 12, tzinfo=UTC)

money = st.one_of(st.none(), st.decimals(min_value=0, max_value=99_999, places=2, allow_nan=False))
moments = st.integers(min_value=0, max_value=600).map(lambda days: START + timedelta(days=days, minutes=days))
days = st.one_of(st.none(), st.integers(min_value=0, max_value=900).map(lambda d: date(2023, 6, 1) + timedelta(d)))
CHANGES = {
    "status": st.sampled_from(list(MEASURE_STATUSES)),
    "state_code": st.sampled_from(STATES),
    "sector": st.sampled_from(SECTORS),
    "co2_t_per_year": money,
    "cost_eur": money,
    "municipality": st.integers(min_value=0, max_value=5),  # index into a few places, 5 = none
    "responsible": st.sampled_from(PEOPLE),
    "planned_completion_on": days,
    "updated_at": moments,
    "program": st.integers(min_value=0, max_value=1),
}
new_measure = st.fixed_dictionaries(CHANGES)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), new_measure),
        st.tuples(st.just("bulk_insert"), st.lists(new_measure, min_size=2, max_size=6)),
        st.tuples(st.just("copy_rows"), st.integers(min_value=2, max_value=5)),
        st.tuples(st.just("edit"), st.integers(min_value=0), st.sampled_from(sorted(CHANGES)), st.data()),
        st.tuples(st.just("bulk_edit"), st.sampled_from(SECTORS), st.sampled_from(list(MEASURE_STATUSES))),
        st.tuples(st.just("retire"), st.integers(min_value=0)),
        st.tuples(st.just("restore"), st.integers(min_value=0)),
        st.tuples(st.just("delete"), st.integers(min_value=0)),
    ),
    min_size=1,
    max_size=12,
)


class Writer:
    """Applies generated operations the way the app, the import and plain SQL write."""

    def __init__(self, session):
        self.session = session
        self.programs = session.scalars(select(Program.id).order_by(Program.id)).all()[:2]
        self.places = session.scalars(select(Municipality.id).order_by(Municipality.id).limit(5)).all()

    def values(self, drawn: dict) -> dict:
        place = drawn["municipality"]
        return {
            "code": f"T-{uuid4().hex[:12]}",
            "title": "Maßnahme aus dem Test",
            "program_id": self.programs[drawn["program"] % len(self.programs)],
            "municipality_id": self.places[place] if place < len(self.places) else None,
            **{key: value for key, value in drawn.items() if key not in ("municipality", "program")},
        }

    def pick(self, index: int, *conditions) -> Measure | None:
        ids = self.session.scalars(select(Measure.id).where(*conditions).order_by(Measure.id)).all()
        return self.session.get(Measure, ids[index % len(ids)]) if ids else None

    def apply(self, operation: tuple) -> None:
        kind, *args = operation
        if kind == "insert":
            self.session.add(Measure(**self.values(args[0])))
        elif kind == "bulk_insert":  # executemany, as the import writes
            self.session.execute(insert(Measure), [self.values(drawn) for drawn in args[0]])
        elif kind == "copy_rows":  # one INSERT … SELECT statement writing many rows
            self.session.execute(
                text(
                    "INSERT INTO measures (code, program_id, title, sector, state_code, municipality_id, status, "
                    "responsible, planned_completion_on, co2_t_per_year, cost_eur, volunteer_led, version, "
                    "updated_at, retired_at) "
                    "SELECT :prefix || id, program_id, title, sector, state_code, municipality_id, "
                    "status, responsible, planned_completion_on, co2_t_per_year, cost_eur, volunteer_led, 1, "
                    "updated_at, retired_at FROM measures WHERE id % :every = 0 ORDER BY id LIMIT 25"
                ),
                {"prefix": f"C-{uuid4().hex[:12]}-", "every": args[0]},
            )
        elif kind == "edit":
            index, field, data = args
            measure = self.pick(index)
            if measure is None:
                return
            value = data.draw(CHANGES[field])
            if field == "municipality":
                measure.municipality_id = self.places[value] if value < len(self.places) else None
            elif field == "program":
                measure.program_id = self.programs[value % len(self.programs)]
            else:
                setattr(measure, field, value)
        elif kind == "bulk_edit":  # one UPDATE statement over many rows, as plain SQL would
            sector, status = args
            self.session.execute(update(Measure).where(Measure.sector == sector).values(status=status))
        elif kind == "retire":
            if measure := self.pick(args[0], Measure.retired_at.is_(None)):
                measure.retired_at = START
        elif kind == "restore":
            if measure := self.pick(args[0], Measure.retired_at.is_not(None)):
                measure.retired_at = None
        elif kind == "delete" and (measure := self.pick(args[0])):
            self.session.execute(delete(Measure).where(Measure.id == measure.id))
        self.session.flush()
        self.session.expire_all()


def _month(value: date | datetime) -> date:
    return date(value.year, value.month, 1)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _cents(value) -> int:
    return 0 if value is None else int((Decimal(str(value)) * 100).to_integral_value())


def expected_rollups(session) -> dict[str, dict]:
    """The four rollups recomputed in Python from every measure in use (independent of the trigger SQL)."""
    main, planned, places, people = defaultdict(Counter), Counter(), Counter(), Counter()
    for m in session.scalars(select(Measure).where(Measure.retired_at.is_(None))):
        state = m.state_code or ""
        figures = main[(m.program_id, state, m.sector, m.status, _month(_utc(m.updated_at)))]
        figures.update(
            measures=1,
            co2_hundredths=_cents(m.co2_t_per_year),
            co2_unknown=m.co2_t_per_year is None,
            cost_cents=_cents(m.cost_eur),
            cost_unknown=m.cost_eur is None,
        )
        if m.planned_completion_on is not None and m.status in OPEN_STATUSES:
            planned[(m.program_id, state, m.sector, m.status, _month(m.planned_completion_on))] += 1
        places[(m.municipality_id or 0, m.status, m.program_id, state)] += 1
        if m.responsible is not None:
            people[m.responsible] += 1
    names = ("co2_hundredths", "co2_unknown", "cost_cents", "cost_unknown")
    return {
        "main": {key: (c["measures"], *[c[name] for name in names]) for key, c in main.items()},
        "planned": dict(planned),
        "places": dict(places),
        "people": dict(people),
    }


def stored_rollups(session) -> dict[str, dict]:
    r, p, k, v = MeasureRollup, MeasurePlannedRollup, MeasureMunicipalityRollup, MeasureResponsibleRollup
    main = session.execute(
        select(r.program_id, r.state_code, r.sector, r.status, r.updated_month, r.measures).add_columns(
            r.co2_hundredths, r.co2_unknown, r.cost_cents, r.cost_unknown
        )
    ).all()
    return {
        "main": {tuple(row[:5]): tuple(int(n) for n in row[5:]) for row in main},
        "planned": {
            tuple(row[:5]): int(row[5])
            for row in session.execute(
                select(p.program_id, p.state_code, p.sector, p.status, p.planned_month, p.measures)
            )
        },
        "places": {
            tuple(row[:4]): int(row[4])
            for row in session.execute(select(k.municipality_id, k.status, k.program_id, k.state_code, k.measures))
        },
        "people": {row[0]: int(row[1]) for row in session.execute(select(v.responsible, v.measures))},
    }


@pytest.fixture
def few_measures(demo_db):
    """The demo database thinned out to a quarter of its measures (deleted through the triggers), so the
    Python recount after every write stays quick."""
    with demo_db.session() as session:
        session.execute(delete(Measure).where(Measure.id % 4 != 0))
        session.commit()
    return demo_db


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=operations)
def test_rollups_equal_the_live_aggregate_after_random_writes(few_measures, sequence):
    with few_measures.session() as session:
        writer = Writer(session)
        for operation in sequence:
            writer.apply(operation)
            assert stored_rollups(session) == expected_rollups(session), operation[0]
        session.rollback()  # the next sequence starts from the same few measures


def test_the_migration_backfill_equals_the_live_aggregate(demo_db):
    with demo_db.session() as session:
        assert stored_rollups(session)["main"]  # the demo data is in the rollups
        assert stored_rollups(session) == expected_rollups(session)
        rollups.rebuild(session.connection())
        assert stored_rollups(session) == expected_rollups(session)


def test_truncate_and_delete_all_empty_the_rollups(demo_db):
    with demo_db.session() as session:
        session.execute(delete(Measure))
        assert stored_rollups(session) == {"main": {}, "planned": {}, "places": {}, "people": {}}


def _close(left: dict, right: dict) -> None:
    assert left.keys() == right.keys()
    for key in left:
        assert left[key] == pytest.approx(tuple(float(v) for v in right[key]), abs=0.005), key


FILTER_FIELDS = {  # the filter fields the rollups answer, each with values that occur in the demo data
    "program": st.sampled_from([None, "klikks", "ksv-muenster"]),
    "state": st.sampled_from([None, "DE-NW", "DE-RP"]),
    "sector": st.sampled_from([None, "Energie", "Mobilität"]),
    "statuses": st.sampled_from([(), ("geplant", "verzoegert"), ("umgesetzt",)]),
    "today": st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 6, 30)),
}
filters = st.builds(MeasureFilter, **FILTER_FIELDS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flt=filters, sequence=operations)
def test_overview_from_the_rollups_equals_the_live_count_for_any_stand(few_measures, flt, sequence):
    """Every figure (counts, overdue, veraltet, freshness bands, sums) for any Stand date and filter."""
    assert measure_rollups.answers(flt)
    with few_measures.session() as session:
        writer = Writer(session)
        for operation in sequence:
            writer.apply(operation)
        for group in ("status", "program_id"):
            _close(measure_rollups.figures(session, flt, group), live_figures(session, flt, group))
        for dimension in ("sector", "state", "municipality"):
            from_rollup = status_counts(session, flt, dimension)
            live = Counter()
            column = {"sector": Measure.sector, "state": Measure.state_code, "municipality": Measure.municipality_id}
            query = select(column[dimension], Measure.status, func.count()).where(Measure.retired_at.is_(None))
            if flt.program:
                query = query.join(Program).where(Program.code == flt.program)
            for name, value in (("state_code", flt.state), ("sector", flt.sector)):
                if value:
                    query = query.where(getattr(Measure, name) == value)
            if flt.statuses:
                query = query.where(Measure.status.in_(flt.statuses))
            for key, status, n in session.execute(query.group_by(column[dimension], Measure.status)):
                live[(key, status)] += n
            assert Counter(
                {(k, s): n for k, s, n in from_rollup[["key", "status", "count"]].itertuples(index=False)}
            ) == (live), dimension


@pytest.mark.parametrize(
    "flt",
    [
        MeasureFilter(text="Solar"),
        MeasureFilter(responsible="Team Nord"),
        MeasureFilter(municipality_id=1),
        MeasureFilter(overdue_only=True),
        MeasureFilter(stale_only=True),
    ],
)
def test_filters_the_rollups_cannot_answer_fall_back_to_the_live_query(demo_db, flt):
    assert not measure_rollups.answers(flt)
    with demo_db.session() as session:
        assert figures(session, flt, "status") == live_figures(session, flt, "status")


def test_kommune_view_with_a_handlungsfeld_falls_back():
    assert measure_rollups.answers(MeasureFilter(sector="Energie"), "sector")
    assert not measure_rollups.answers(MeasureFilter(sector="Energie"), "municipality")


def test_filter_options_offer_only_values_of_measures_in_use(demo_db):
    with demo_db.session() as session:
        only = session.scalars(select(Measure).where(Measure.responsible.is_not(None))).first()
        name = only.responsible
        session.execute(update(Measure).where(Measure.responsible == name).values(retired_at=START))
        assert name not in filter_options(session).responsibles
        session.execute(update(Measure).where(Measure.responsible == name).values(retired_at=None))
        assert name in filter_options(session).responsibles


def test_the_live_part_of_an_overview_reads_only_covering_indexes(demo_db):
    """The rows of the cut-off months are counted from the partial covering indexes, never the table."""
    if demo_db.dialect != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    statements = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    with demo_db.session() as session:
        event.listen(demo_db.engine, "before_cursor_execute", record)
        try:
            measure_rollups.figures(session, MeasureFilter(program="klikks", today=date(2025, 2, 14)), "status")
        finally:
            event.remove(demo_db.engine, "before_cursor_execute", record)
        live = [(s, p) for s, p in statements if "FROM measures" in s]
        assert len(live) == 1  # one statement for the overdue cut-off and the three freshness ones
        statement, parameters = live[0]
        explained = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        plan = " ".join(row[-1] for row in explained)
        # the grid's sort indexes of the two dates (0011) hold the same columns
        covering = r"ix_measures_(?:updated|planned)_rollup|ix_measures_grid_(?:updated_at|planned_completion_on)"
        searches = re.findall(rf"SEARCH measures USING COVERING INDEX ({covering})\b", plan)
        assert len(searches) == 4, plan
        assert "SCAN measures" not in plan, plan


def test_every_day_of_a_stand_month_on_the_full_demo_data(demo_db):
    """Cut-offs early in a month (live part added) and late (live part subtracted) on ~900 measures."""
    with demo_db.session() as session:
        for day in range(1, 29, 3):
            for flt in (
                MeasureFilter(today=date(2025, 2, day)),
                MeasureFilter(program="klikks", today=date(2024, 7, day)),
            ):
                for group in ("status", "program_id"):
                    _close(measure_rollups.figures(session, flt, group), live_figures(session, flt, group))
