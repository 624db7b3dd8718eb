"""Seek paging of the Maßnahmen grid returns exactly the rows offset paging returns (property test
over sorts, filters and block sizes, on SQLite and PostgreSQL), and really seeks where it can."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.large_measures import generate
from callbacks.massnahmen_grid import rows_with_seek
from data.queries.grid_seek import anchor, remember, seek_condition, view_signature
from data.queries.massnahmen_grid import COLUMNS, grid_page
from data.queries.measure_filters import MeasureFilter

TODAY = date(2025, 2, 28)
SORTABLE = sorted(COLUMNS)
FILTERS = [
    MeasureFilter(today=TODAY),
    MeasureFilter(program="klikks", statuses=("in_umsetzung", "verzoegert"), today=TODAY),
    MeasureFilter(state="DE-NW", overdue_only=True, today=TODAY),
    MeasureFilter(text="Solar", today=TODAY),
]
COLUMN_FILTERS = [{}, {"co2_t_per_year": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 10}}]


@pytest.fixture
def many(demo_db):
    generate(demo_db, 2500, today=TODAY)
    return demo_db


def _ids(pages) -> list[int]:
    return [row["id"] for page in pages for row in page.rows]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sort=st.lists(
        st.fixed_dictionaries({"colId": st.sampled_from(SORTABLE), "sort": st.sampled_from(["asc", "desc"])}),
        max_size=2,
    ),
    flt=st.sampled_from(FILTERS),
    column_filter=st.sampled_from(COLUMN_FILTERS),
    block=st.sampled_from([7, 50, 100]),
)
def test_seek_paging_returns_the_rows_of_offset_paging(many, sort, flt, column_filter, block):
    with many.session() as session:
        offset_pages, seek_pages, key = [], [], None
        start, limit = 0, None
        while limit is None or start < limit:
            offset_pages.append(grid_page(session, flt, start, start + block, sort, column_filter))
            seek_pages.append(grid_page(session, flt, start, start + block, sort, column_filter, after=key))
            limit = min(offset_pages[0].row_count, 12 * block)
            key = seek_pages[-1].last_key
            start += block
    assert _ids(seek_pages) == _ids(offset_pages)
    assert [p.rows for p in seek_pages] == [p.rows for p in offset_pages]


@pytest.mark.parametrize("sort", [[], [{"colId": "title", "sort": "desc"}], [{"colId": "updated_at", "sort": "asc"}]])
def test_deep_pages_are_sought_not_skipped(many, sort):
    """The key, not the offset, decides where a sought page starts: given the key that ends row 500,
    the request for rows 100–200 answers rows 500–600."""
    flt = MeasureFilter(today=TODAY)
    with many.session() as session:
        before = grid_page(session, flt, 400, 500, sort)
        sought = grid_page(session, flt, 100, 200, sort, after=before.last_key)
        expected = grid_page(session, flt, 500, 600, sort)
    assert sought.rows == expected.rows
    assert sought.last_key == expected.last_key


def test_sorts_with_empty_values_and_forged_keys_fall_back_to_offset(many):
    assert seek_condition([{"colId": "co2_t_per_year", "sort": "asc"}], {"value": 1, "id": 5}) is None
    assert seek_condition([{"colId": "title", "sort": "asc"}, {"colId": "code", "sort": "asc"}], {"id": 5}) is None
    for forged in ({"value": 3, "id": 5}, {"value": "x", "id": "5"}, {"value": "x", "id": 2**70}, "x", None):
        assert seek_condition([{"colId": "title", "sort": "asc"}], forged) is None
    assert seek_condition([{"colId": "updated_at", "sort": "asc"}], {"value": "gestern", "id": 5}) is None
    flt = MeasureFilter(today=TODAY)
    with many.session() as session:
        forged = grid_page(session, flt, 100, 200, [{"colId": "co2_t_per_year"}], after={"value": "x", "id": 1})
        plain = grid_page(session, flt, 100, 200, [{"colId": "co2_t_per_year"}])
    assert forged.rows == plain.rows and forged.last_key is None


def test_the_grid_callback_remembers_block_ends_per_view(many):
    state = {"programm": "klikks"}
    request = {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "title", "sort": "asc"}], "filterModel": {}}
    first, memory = rows_with_seek(many, request, state, None)
    signature = view_signature(state, request["sortModel"], {})
    assert anchor(memory, signature, 100)["id"] == first["rowData"][-1]["id"]
    second, memory = rows_with_seek(many, {**request, "startRow": 100, "endRow": 200}, state, memory)
    plain, _ = rows_with_seek(many, {**request, "startRow": 100, "endRow": 200}, state, None)
    assert second == plain
    assert set(memory["after"]) == {"100", "200"}
    assert anchor(memory, view_signature(state, [], {}), 100) is None  # another sort: another view
    assert remember(memory, "anders", 300, None) == {"view": "anders", "after": {}}
