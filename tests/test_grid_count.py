"""The Maßnahmen grid's row count: read from the rollups where they answer the filter, counted from the
measures otherwise, cached under the data version — always the number of rows the grid pages through,
on SQLite and PostgreSQL. And the page's ids come from the grid's sort indexes (0011_grid_indexes)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask_caching import Cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event, func, inspect, select

from data.commands.massnahmen import update_measure
from data.models import Measure
from data.queries import measure_rollups
from data.queries.massnahmen_grid import grid_conditions, grid_page, grid_row_count
from data.queries.measure_filters import MeasureFilter, apply_filter, with_default_stand
from tests.support.accounts import as_coordinator
from tests.test_measure_rollups import FILTER_FIELDS, Writer, operations

TODAY = date(2025, 2, 28)
CO2_AT_LEAST_10 = {"co2_t_per_year": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 10}}

filters = st.builds(
    MeasureFilter,
    **FILTER_FIELDS,
    responsible=st.sampled_from([None, None, "Team Nord"]),  # the rollups cannot answer this one
    overdue_only=st.booleans(),
    stale_only=st.booleans(),
    show_retired=st.booleans(),
)
column_filters = st.sampled_from([{}, CO2_AT_LEAST_10, {"title": {"filterType": "text", "type": "contains"}}])


@pytest.fixture
def some_measures(demo_db):
    """A quarter of the demo measures (deleted through the triggers), so each example stays quick."""
    with demo_db.session() as session:
        session.execute(delete(Measure).where(Measure.id % 4 != 0))
        session.commit()
    return demo_db


def _live_count(session, flt: MeasureFilter, filter_model: dict) -> int:
    query = apply_filter(select(func.count()).select_from(Measure), flt).where(*grid_conditions(filter_model))
    return session.scalar(query)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flt=filters, filter_model=column_filters, sequence=operations)
def test_the_row_count_equals_the_live_count_after_random_writes(some_measures, flt, filter_model, sequence):
    with some_measures.session() as session:
        writer = Writer(session)
        for operation in sequence:
            writer.apply(operation)
        flt = with_default_stand(session, flt)  # as the grid asks: the Stand decides overdue and stale
        assert grid_row_count(session, flt, filter_model) == _live_count(session, flt, filter_model)
        session.rollback()


@pytest.mark.parametrize("flag", ["overdue_only", "stale_only"])
def test_overdue_or_stale_alone_is_counted_from_the_rollups_for_any_stand(demo_db, flag):
    """The month edges of a Stand early, in the middle and late in a month, on the full demo data."""
    counts = []
    with demo_db.session() as session:
        for stand in (date(2024, 3, 2), date(2024, 11, 15), date(2025, 2, 28), date(2026, 1, 30)):
            for base in (MeasureFilter(stand=stand), MeasureFilter(program="klikks", state="DE-NW", stand=stand)):
                flt = base.with_(**{flag: True})
                counts.append(measure_rollups.measure_count(session, flt))
                assert counts[-1] == _live_count(session, flt, {}), (flag, stand, base)
    assert len(set(counts)) > 4  # distinct counts: the Stand and the filter matter


def _statements(db, run) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def test_without_column_filters_the_rollups_count_and_never_the_measures(demo_db):
    flt = MeasureFilter(program="klikks", statuses=("in_umsetzung", "verzoegert"), today=TODAY)
    assert measure_rollups.answers(flt)
    with demo_db.session() as session:
        seen = _statements(demo_db, lambda: grid_row_count(session, flt, {}))
        assert len(seen) == 1 and "measure_rollup" in seen[0] and "FROM measures" not in seen[0]
        seen = _statements(demo_db, lambda: grid_row_count(session, flt, CO2_AT_LEAST_10))
        assert len(seen) == 1 and "FROM measures" in seen[0]
        overdue = _statements(demo_db, lambda: grid_row_count(session, flt.with_(overdue_only=True), {}))
        assert any("measure_rollup_planned" in s for s in overdue)  # the overview's overdue figure
        assert measure_rollups.measure_count(session, flt.with_(overdue_only=True, stale_only=True)) is None


def test_the_count_is_computed_once_per_view_and_never_stale_after_an_edit(demo_db):
    cache = Cache(Flask(__name__), config={"CACHE_TYPE": "SimpleCache"})
    flt = MeasureFilter(state="DE-NW", today=TODAY)

    def page(start: int = 0):
        with demo_db.session() as session:
            return grid_page(session, flt, start, start + 100, [], CO2_AT_LEAST_10, cache=cache)

    first = page()
    assert first.row_count > 0
    again = _statements(demo_db, lambda: page(100))
    assert not [s for s in again if "count(" in s.lower()]  # the next block reuses the count
    with demo_db.session() as session:
        measure = session.scalars(
            apply_filter(select(Measure), flt).where(*grid_conditions(CO2_AT_LEAST_10)).limit(1)
        ).one()
        update_measure(session, as_coordinator("Test"), measure.id, {"co2_t_per_year": "0"}, measure.version)
    assert page().row_count == first.row_count - 1


def test_the_migration_creates_a_sort_index_for_the_grid_and_the_page_reads_it(demo_db):
    names = {index["name"] for index in inspect(demo_db.engine).get_indexes("measures")}
    assert {"ix_measures_grid_id", "ix_measures_grid_title", "ix_measures_grid_state_code"} <= names
    if demo_db.dialect != "sqlite":
        return  # PostgreSQL's planner sorts a thousand rows rather than read an index: EXPLAIN at scale
    flt = MeasureFilter(today=TODAY)
    sort = [{"colId": "title", "sort": "desc"}]
    with demo_db.session() as session:
        recorded: list[tuple] = []

        def record(_conn, _cursor, statement, parameters, *_rest):
            recorded.append((statement, parameters))

        event.listen(demo_db.engine, "before_cursor_execute", record)
        try:
            grid_page(session, flt, 200, 300, sort)
        finally:
            event.remove(demo_db.engine, "before_cursor_execute", record)
        statement, parameters = next((s, p) for s, p in recorded if "OFFSET" in s)
        explained = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        plan = " ".join(row[-1] for row in explained)
    assert re.search(r"SCAN measures USING COVERING INDEX ix_measures_grid_title", plan), plan
    choosing_ids = plan.split("SCAN page")[0]  # then only the page's 100 rows are read and sorted
    assert "TEMP B-TREE" not in choosing_ids, plan  # no sort of all rows: the index is in the page's order
