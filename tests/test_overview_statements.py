"""The Maßnahmen overview reads everything it shows in a few statements, and the folded reads give the
same numbers as each figure counted on its own — for filters the rollups answer and for the live ones."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import event, select, update

from data.models import Measure, Municipality
from data.queries.massnahmen import LEFT_OUT, TOP_ROWS, overview, status_counts, status_overview
from data.queries.massnahmen_programs import summaries_by_program
from data.queries.measure_filters import MeasureFilter, with_default_stand
from layouts.massnahmen_charts import top_rows

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
    # What the chart and its table show: the largest values (the Kommunen cut to them by the query).
    shown, left_out = top_rows(counts)
    shown_alone, left_out_alone = top_rows(alone)
    pd.testing.assert_frame_equal(shown, shown_alone)
    assert left_out == left_out_alone
    assert len(counts) > 0 or flt.text == "Solar"


def test_the_kommune_chart_reads_only_its_top_rows_and_counts_the_rest(demo_db):
    flt = MeasureFilter(today=DAY)
    with demo_db.session() as session:
        _totals, counts, _programs, _stand = overview(session, flt, "municipality")
        alone = status_counts(session, flt, "municipality")
    assert counts["label"].nunique() == TOP_ROWS < alone["label"].nunique()
    assert counts.attrs[LEFT_OUT] == alone["label"].nunique() - TOP_ROWS
    assert top_rows(counts)[1] == counts.attrs[LEFT_OUT]


@pytest.mark.parametrize("flt", [MeasureFilter(today=DAY), MeasureFilter(text="a", today=DAY)], ids=["rollup", "live"])
def test_kommunen_of_the_same_name_stay_apart_in_the_kommune_chart(demo_db, flt):
    """Germany has many Neustadts: each Kommune is its own bar, named with its state and, where one
    state has two of the name, with its AGS (a chart grouped by bare names added them up)."""
    with demo_db.session() as session:
        ids = session.scalars(select(Measure.id).where(Measure.title.contains("a")).order_by(Measure.id).limit(6))
        moved = list(ids)
        places = [
            Municipality(name="Neustadt", kind="stadt", state_code="DE-RP", ags="07999001"),
            Municipality(name="Neustadt", kind="gemeinde", state_code="DE-RP", ags="07999002"),
            Municipality(name="Neustadt", kind="stadt", state_code="DE-SN"),
        ]
        session.add_all(places)
        session.flush()
        for number, measure_id in enumerate(moved):
            place = places[number % 3]
            session.execute(
                update(Measure)
                .where(Measure.id == measure_id)
                .values(municipality_id=place.id, state_code=place.state_code)
            )
        session.commit()
        counts = status_counts(session, with_default_stand(session, flt), "municipality")
        sachsen = places[2].id
    neustadt = counts[counts["label"].str.startswith("Neustadt")]
    per_label = neustadt.groupby("label")["count"].sum().to_dict()
    assert per_label == {
        "Neustadt (RP, 07999001)": 2,
        "Neustadt (RP, 07999002)": 2,
        "Neustadt (SN)": 2,
    }
    assert set(neustadt.loc[neustadt["label"] == "Neustadt (SN)", "key"]) == {sachsen}
    assert counts.groupby("label")["key"].nunique().max() == 1  # one Kommune per bar
