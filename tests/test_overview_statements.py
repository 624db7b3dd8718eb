"""The Maßnahmen overview reads everything it shows in a few statements, and the folded reads give the
same numbers as each figure counted on its own — for filters the rollups answer and for the live ones."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import event

from data.queries.massnahmen import overview, status_counts, status_overview
from data.queries.massnahmen_programs import summaries_by_program
from data.queries.measure_filters import MeasureFilter, with_default_stand

DAY = date(2025, 2, 14)
SCENARIOS = [
    # filter, dimension, most statements (Stand's programs + rollup groups + month counts + program names)
    (MeasureFilter(today=DAY), "sector", 4),
    (MeasureFilter(today=DAY), "state", 4),
    (MeasureFilter(program="klikks", statuses=("in_umsetzung", "verzoegert"), today=DAY), "municipality", 4),
    (MeasureFilter(sector="Energie", today=DAY), "municipality", 5),  # Kommune counts live, figures rolled up
    # live: Stand's programs + one scan for figures and counts + program names
    (MeasureFilter(state="DE-NW", overdue_only=True, today=DAY), "state", 3),
    (MeasureFilter(text="Solar", today=DAY), "sector", 3),
    (MeasureFilter(text="a", today=DAY), "municipality", 3),
    (MeasureFilter(stale_only=True, show_retired=True, today=DAY), "sector", 3),
]


@pytest.mark.parametrize(("flt", "dimension", "most"), SCENARIOS)
def test_overview_issues_at_most_a_few_statements(demo_db, flt, dimension, most):
    statements = []

    def record(_conn, _cursor, statement, _parameters, _context, _many):
        statements.append(statement)

    with demo_db.session() as session:
        event.listen(demo_db.engine, "before_cursor_execute", record)
        try:
            overview(session, flt, dimension)
        finally:
            event.remove(demo_db.engine, "before_cursor_execute", record)
    assert len(statements) <= most, statements


@pytest.mark.parametrize(("flt", "dimension", "_most"), SCENARIOS)
def test_overview_equals_each_figure_counted_on_its_own(demo_db, flt, dimension, _most):
    with demo_db.session() as session:
        totals, counts, programs, stand = overview(session, flt, dimension)
        resolved = with_default_stand(session, flt)
        alone = status_counts(session, resolved, dimension)
        assert stand == resolved.day
        pd.testing.assert_frame_equal(totals, status_overview(session, resolved))
        assert programs == summaries_by_program(session, resolved)
    ordered = ["key", "status"]
    pd.testing.assert_frame_equal(
        counts.sort_values(ordered, key=lambda column: column.astype(str)).reset_index(drop=True),
        alone.sort_values(ordered, key=lambda column: column.astype(str)).reset_index(drop=True),
    )
    assert len(counts) > 0 or flt.text == "Solar"
