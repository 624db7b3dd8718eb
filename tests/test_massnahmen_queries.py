"""Aggregation and grid queries of the Maßnahmen page against the hand-computed table in tests/support."""

from __future__ import annotations

import pytest

from data.queries.massnahmen import filter_options, freshness, status_counts, status_totals, summary
from data.queries.massnahmen_grid import grid_page
from data.queries.measure_filters import MeasureFilter
from tests.support.massnahmen import TODAY, add_tiny_measures


@pytest.fixture
def tiny(empty_db):
    return empty_db, add_tiny_measures(empty_db)


ALL = MeasureFilter(today=TODAY)


def _counts(db, flt, dimension):
    with db.session() as session:
        frame = status_counts(session, flt, dimension)
    return {(row.label, row.status): row.count for row in frame.itertuples()}


def test_summary_counts_overdue_stale_and_unknown_values(tiny):
    db, _ = tiny
    with db.session() as session:
        result = summary(session, ALL)
    # overdue: T-2 and T-3 (planned before 30.06.2026, still open); T-5 is closed, T-6 has no date.
    # stale (> 180 days): T-3 (200) and T-5 (400).
    assert (result.total, result.overdue, result.stale) == (6, 2, 2)
    assert result.co2_t_per_year == pytest.approx(212.5) and result.co2_unknown == 3
    assert result.cost_eur == pytest.approx(46500) and result.cost_unknown == 3


def test_status_by_sector_state_and_municipality(tiny):
    db, _ = tiny
    assert _counts(db, ALL, "sector") == {
        ("Energie", "umgesetzt"): 1,
        ("Energie", "in_umsetzung"): 1,
        ("Mobilität", "verzoegert"): 1,
        ("Mobilität", "geplant"): 1,
        ("Gebäude", "nicht_erreicht"): 1,
        ("Gebäude", "unbekannt"): 1,
    }
    assert _counts(db, ALL, "state") == {
        ("Nordrhein-Westfalen", "umgesetzt"): 1,
        ("Nordrhein-Westfalen", "in_umsetzung"): 1,
        ("Nordrhein-Westfalen", "nicht_erreicht"): 1,
        ("Saarland", "verzoegert"): 1,
        ("Saarland", "geplant"): 1,
        ("keine Angabe", "unbekannt"): 1,
    }
    by_place = _counts(db, ALL, "municipality")
    assert by_place == {
        ("Amhausen (NW)", "umgesetzt"): 1,
        ("Amhausen (NW)", "in_umsetzung"): 1,
        ("Bedorf (SL)", "verzoegert"): 1,
        ("Bedorf (SL)", "geplant"): 1,
        ("keine Angabe", "nicht_erreicht"): 1,
        ("keine Angabe", "unbekannt"): 1,
    }


def test_keys_are_filter_values(tiny):
    db, _ = tiny
    with db.session() as session:
        frame = status_counts(session, ALL, "municipality")
        places = dict(filter_options(session).municipalities)
    keys = {row.label: row.key for row in frame.itertuples()}
    assert keys["keine Angabe"] is None
    assert places[keys["Amhausen (NW)"]] == "Amhausen (NW)"  # the chart names a Kommune as the filter does


def test_freshness_bands(tiny):
    db, _ = tiny
    with db.session() as session:
        frame = freshness(session, ALL)
    # 10 and 30 days → ≤ 30; 60 → ≤ 90; 100 → ≤ 180; 200 and 400 → veraltet.
    assert list(frame.itertuples(index=False, name=None)) == [
        ("≤ 30 Tage", 2),
        ("≤ 90 Tage", 1),
        ("≤ 180 Tage", 1),
        ("veraltet", 2),
    ]


def test_status_totals_keep_unknown_values(tiny):
    db, _ = tiny
    with db.session() as session:
        frame = status_totals(session, ALL).set_index("status")
    assert list(frame.index) == [
        "geplant",
        "in_umsetzung",
        "verzoegert",
        "umgesetzt",
        "nicht_erreicht",
        "abgebrochen",
        "unbekannt",
    ]
    assert frame.loc["umgesetzt"].to_dict() == {
        "count": 1,
        "co2": 10.5,
        "co2_unknown": 0,
        "cost": 1000.0,
        "cost_unknown": 0,
    }
    assert frame.loc["in_umsetzung", "co2_unknown"] == 1 and frame.loc["in_umsetzung", "cost"] == 500
    assert frame.loc["verzoegert", "co2"] == 2.0 and frame.loc["verzoegert", "cost_unknown"] == 1
    assert frame.loc["abgebrochen", "count"] == 0
    assert frame["co2_unknown"].sum() == 3 and frame["cost_unknown"].sum() == 3


@pytest.mark.parametrize(
    ("flt", "codes"),
    [
        (ALL.with_(program="ksv-muenster"), {"T-5", "T-6"}),
        (ALL.with_(state="DE-SL"), {"T-3", "T-4"}),
        (ALL.with_(sector="Energie", statuses=("umgesetzt",)), {"T-1"}),
        (ALL.with_(responsible="Team B"), {"T-3", "T-4"}),
        (ALL.with_(overdue_only=True), {"T-2", "T-3"}),
        (ALL.with_(stale_only=True), {"T-3", "T-5"}),
        (ALL.with_(text="KLIMATRAIN"), {"T-5"}),
        (ALL.with_(text="wärme"), {"T-6"}),
        (ALL.with_(text="100%"), set()),
    ],
)
def test_page_filter_reaches_every_query(tiny, flt, codes):
    db, _ = tiny
    with db.session() as session:
        page = grid_page(session, flt, 0, 100)
        assert summary(session, flt).total == len(codes)
        assert int(freshness(session, flt)["count"].sum()) == len(codes)
    assert {row["code"] for row in page.rows} == codes
    assert page.row_count == len(codes)


def test_grid_pages_sorts_unknown_as_smallest_and_marks_overdue(tiny):
    db, _ = tiny
    with db.session() as session:
        first = grid_page(session, ALL, 0, 4, [{"colId": "co2_t_per_year", "sort": "desc"}])
        second = grid_page(session, ALL, 4, 8, [{"colId": "co2_t_per_year", "sort": "desc"}])
        by_place = grid_page(session, ALL, 0, 10, [{"colId": "municipality", "sort": "asc"}])
    assert first.row_count == 6
    # 200, 10.5, 2.0, then the three without an estimate ("keine Angabe" sorts as the smallest value).
    assert [row["code"] for row in first.rows + second.rows] == ["T-5", "T-1", "T-3", "T-6", "T-4", "T-2"]
    assert [row["municipality"] for row in by_place.rows] == [None, None, "Amhausen", "Amhausen", "Bedorf", "Bedorf"]
    row = next(r for r in first.rows if r["code"] == "T-3")
    assert row["overdue"] is True and row["planned_completion_on"] == "2026-05-01" and row["version"] == 1
    assert row["state"] == "Saarland" and row["co2_t_per_year"] == 2.0 and row["cost_eur"] is None


@pytest.mark.parametrize(
    ("filter_model", "codes"),
    [
        ({"title": {"filterType": "text", "type": "contains", "filter": "BANK"}}, {"T-3"}),
        ({"title": {"filterType": "text", "type": "startsWith", "filter": "Balkon"}}, {"T-2"}),
        ({"responsible": {"filterType": "text", "type": "blank"}}, {"T-6"}),
        ({"progress_pct": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 50}}, {"T-1", "T-2"}),
        ({"cost_eur": {"filterType": "number", "type": "inRange", "filter": 400, "filterTo": 1000}}, {"T-1", "T-2"}),
        (
            {
                "planned_completion_on": {
                    "filterType": "date",
                    "type": "lessThan",
                    "dateFrom": "2026-01-01 00:00:00",
                }
            },
            {"T-5"},
        ),
        (
            {
                "sector": {
                    "filterType": "text",
                    "operator": "OR",
                    "conditions": [
                        {"filterType": "text", "type": "equals", "filter": "energie"},
                        {"filterType": "text", "type": "equals", "filter": "gebäude"},
                    ],
                }
            },
            {"T-1", "T-2", "T-5", "T-6"},
        ),
        # Unknown columns and malformed values are ignored, never passed to SQL.
        ({"id; DROP TABLE measures": {"type": "equals", "filter": 1}}, {"T-1", "T-2", "T-3", "T-4", "T-5", "T-6"}),
        ({"cost_eur": {"filterType": "number", "type": "equals", "filter": "viel"}}, {f"T-{i}" for i in range(1, 7)}),
    ],
)
def test_grid_column_filters(tiny, filter_model, codes):
    db, _ = tiny
    with db.session() as session:
        page = grid_page(session, ALL, 0, 100, None, filter_model)
    assert {row["code"] for row in page.rows} == codes and page.row_count == len(codes)


def test_filter_options(tiny):
    db, _ = tiny
    with db.session() as session:
        options = filter_options(session)
    assert options.programs == [("klikks", "KlikKS"), ("ksv-muenster", "KSV Münster")]
    assert options.states == [("DE-NW", "Nordrhein-Westfalen"), ("DE-SL", "Saarland")]
    assert [label for _id, label in options.municipalities] == ["Amhausen (NW)", "Bedorf (SL)"]
    assert options.sectors == ["Energie", "Gebäude", "Mobilität"]
    assert options.responsibles == ["Stabsstelle Klima", "Team A", "Team B"]
