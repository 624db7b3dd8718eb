"""Figure builders and small view helpers of the Maßnahmen page (no server, no database)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from layouts import massnahmen_charts as charts
from layouts.massnahmen import audit_value
from layouts.massnahmen_grid import column_defs, grid_rows
from layouts.status import MEASURE_STATUS_STYLES


def _counts(rows):
    return pd.DataFrame(rows, columns=["key", "label", "status", "count"])


def test_status_figure_uses_fixed_colours_labels_and_filter_keys():
    counts = _counts(
        [
            ("Energie", "Energie", "umgesetzt", 3),
            ("Energie", "Energie", "geplant", 1),
            (None, "keine Angabe", "geplant", 2),
        ]
    )
    fig = charts.status_figure(counts, "sector")
    traces = {trace["name"]: trace for trace in fig["data"]}
    assert set(traces) == {"Geplant", "Umgesetzt"}  # statuses without measures get no trace
    assert traces["Umgesetzt"]["marker"]["color"] == MEASURE_STATUS_STYLES["umgesetzt"].colour
    # Largest total on top (plotly draws the last category on top).
    assert list(traces["Geplant"]["y"]) == ["keine Angabe", "Energie"]
    assert [list(c) for c in traces["Geplant"]["customdata"]] == [[None, "geplant"], ["Energie", "geplant"]]
    assert fig["layout"]["separators"] == ",."
    go.Figure(fig)  # a valid plotly figure (validated here, not on every request)


def test_top_rows_cuts_long_lists_and_table_says_so():
    counts = _counts([(i, f"Ort {i:02d}", "umgesetzt", 100 - i) for i in range(20)])
    rows, left_out = charts.top_rows(counts)
    assert len(rows) == 15 and left_out == 5
    assert rows.iloc[0]["label"] == "Ort 00" and rows.iloc[0]["total"] == 100
    table = str(charts.status_table(counts, "municipality").to_plotly_json())
    assert "5 weitere mit weniger Maßnahmen nicht gezeigt." in table


def test_empty_status_figure_says_so():
    fig = charts.status_figure(_counts([]), "state")
    assert fig["layout"]["annotations"][0]["text"] == "Keine Maßnahmen für diese Filter"


def test_freshness_and_money_figures():
    bands = pd.DataFrame({"band": ["≤ 30 Tage", "≤ 90 Tage", "≤ 180 Tage", "veraltet"], "count": [1, 2, 3, 1234]})
    fig = charts.freshness_figure(bands)
    assert list(fig["data"][0]["text"]) == ["1", "2", "3", "1.234"]
    assert fig["data"][0]["marker"]["color"][-1] == charts.FRESHNESS_COLOURS["veraltet"]
    totals = pd.DataFrame(
        [
            {"status": "umgesetzt", "count": 2, "co2": 1234.5, "co2_unknown": 1, "cost": 0.0, "cost_unknown": 2},
            {"status": "abgebrochen", "count": 0, "co2": 0.0, "co2_unknown": 0, "cost": 0.0, "cost_unknown": 0},
        ]
    )
    money = charts.money_figure(totals)
    assert list(money["data"][0]["y"]) == ["Umgesetzt"]
    assert list(money["data"][0]["text"]) == ["1.234,5 t · 1 ohne Angabe"]
    table = str(charts.money_table(totals).to_plotly_json())
    assert "1.234,5 t CO₂" in table and "Summe" in table and "nan" not in table.lower()


def test_audit_values_are_shown_in_german():
    assert audit_value("status", "nicht_erreicht") == "Nicht erreicht"
    assert audit_value("co2_t_per_year", "1234.5") == "1.234,5 t CO₂/Jahr"
    assert audit_value("co2_t_per_year", "0.25") == "0,25 t CO₂/Jahr"
    assert audit_value("progress_pct", "40") == "40 %"
    assert audit_value("cost_eur", "45000") == "45.000 €"
    assert audit_value("planned_completion_on", "2025-02-28") == "28.02.2025"
    assert audit_value("responsible", None) == "keine Angabe"


def test_grid_rows_link_titles_safely_and_columns_are_editable_where_allowed():
    rows = grid_rows([{"id": 7, "title": "Solar [neu](x)"}])
    assert rows[0]["title_link"] == "[Solar \\[neu\\]\\(x\\)](/massnahmen/7)"
    editable = {c.get("field") for c in column_defs() if c.get("editable")}
    assert editable == {
        "status",
        "progress_pct",
        "responsible",
        "involved",
        "planned_completion_on",
        "co2_t_per_year",
        "cost_eur",
        "steps",
    }
