"""Länder layout builders: Stand days, target status, map, growth, pipeline, milestones, tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from data import rules, vocab
from data.geo import state_code_at, state_outlines
from layouts import laender_figures as figures
from layouts import laender_metrics as metrics
from layouts import laender_tables as tables
from layouts.theme import TARGET

START, END = date(2022, 3, 1), date(2025, 2, 28)


def frame(**overrides) -> pd.DataFrame:
    """A comparison frame like ``state_comparison``: NW (2 Kommunen), SL (no data), BY (not taking part)."""
    rows = [
        {"code": "DE-BY", "name": "Bayern", "participating": False, "kommunen": 0, "target": float("nan")},
        {"code": "DE-NW", "name": "Nordrhein-Westfalen", "participating": True, "kommunen": 12, "target": 15.0},
        {"code": "DE-SL", "name": "Saarland", "participating": True, "kommunen": 0, "target": 15.0},
    ]
    data = pd.DataFrame(rows)
    data["target_due"] = [None, END, END]
    data["paten"] = [0, 30, 0]
    data["projekte"] = [0, 59, 0]
    data["co2"] = [0.0, 1234.5, 0.0]
    for stage in ("angesprochen", "interessiert", "ratsbeschluss", "onboarding", "aktiv", "pausiert", "ausgeschieden"):
        data[f"stage_{stage}"] = [0, 1, 0]
    for status in ("geplant", "in_umsetzung", "verzoegert", "umgesetzt", "nicht_erreicht", "unbekannt"):
        data[f"status_{status}"] = [0, 1, 0]
    data["partner"] = [None, None, "Saar Verein"]
    data["partner_short"] = [None, None, "SV"]
    data["contact"] = [None, None, "Erika Test"]
    data["last_activity"] = [None, None, date(2023, 5, 1)]
    for key, value in overrides.items():
        data[key] = value
    return data


def test_stand_days_are_month_ends_capped_at_program_end():
    days = rules.stand_days(START, END)
    assert len(days) == 36
    assert days[0] == date(2022, 3, 31) and days[-1] == END and days[23] == date(2024, 2, 29)
    assert rules.stand_index(days, date(2023, 5, 15)) == 14 and days[14] == date(2023, 5, 31)
    assert rules.stand_index(days, date(2030, 1, 1)) == 35


def test_target_status_uses_straight_line_path():
    day = date(2023, 12, 31)  # 670 of 1095 days: path 15 · 670 / 1095 = 9,18
    result = rules.with_target_status(frame(), day, START).set_index("code")
    assert result.loc["DE-NW", "target_path"] == pytest.approx(15 * 670 / 1095)
    assert result.loc["DE-NW", "reached"] == pytest.approx(12 / 15)
    assert not result.loc["DE-NW", "lagging"]
    assert result.loc["DE-SL", "lagging"]  # 0 < 9,18
    assert not result.loc["DE-BY", "lagging"] and result.loc["DE-BY", "target_path"] is None
    texts = {row.code: metrics.target_status_text(row) for row in result.reset_index().itertuples()}
    assert texts == {"DE-BY": "nimmt nicht teil", "DE-NW": "✓ auf Kurs", "DE-SL": "⚠ hinter dem Zielpfad"}


def test_participating_state_without_target_says_so():
    result = rules.with_target_status(frame(target=[float("nan")] * 3), END, START)
    row = next(result.iloc[[1]].itertuples())
    assert row.target_path is None and row.reached is None and not row.lagging
    assert metrics.target_status_text(row) == "kein Ziel"
    assert metrics.metric_text(metrics.metric_value(row, "ziel"), "ziel") == "keine Angabe"


def test_target_reached_text():
    result = rules.with_target_status(frame(kommunen=[0, 16, 0]), END, START)
    assert metrics.target_status_text(next(result.iloc[[1]].itertuples())) == "✓ Ziel erreicht"


def test_map_colours_participating_states_and_greys_the_others():
    day = date(2023, 12, 31)
    data = rules.with_target_status(frame(), day, START)
    fig = go.Figure(figures.map_figure(data, "kommunen", day))
    shapes = fig.data[:16]
    assert [state.code for state in state_outlines()] == [state_code_at(i) for i in range(16)]
    by_code = {state.code: trace for state, trace in zip(state_outlines(), shapes, strict=True)}
    assert all(trace.fill == "toself" and trace.hoveron == "fills" for trace in shapes)
    assert by_code["DE-BY"].fillcolor == figures.NOT_PARTICIPATING
    assert "nimmt nicht an KlikKS teil" in by_code["DE-BY"].text
    assert [trace.name for trace in shapes if trace.showlegend] == ["nimmt nicht teil"]  # the grey in the legend
    # coloured from 0: Saarland (0) takes the scale's lightest colour, NW (12 of 12) its darkest
    assert by_code["DE-SL"].fillcolor == "rgb(227, 242, 234)" and by_code["DE-NW"].fillcolor == "rgb(15, 77, 57)"
    hover = by_code["DE-NW"].text
    assert "Kommunen: 12 von 15 (80 %)" in hover and "CO₂-Einsparung: 1.234,5 t CO₂/Jahr" in hover
    assert "Stand 31.12.2023" in hover
    outline, values = fig.data[16:]
    assert outline.name == "hinter dem Zielpfad" and outline.line.color == TARGET  # Saarland lags
    assert outline.hoverinfo == "skip" and None in outline.x
    assert list(values.text) == ["Nordrhein-Westfalen", "Saarland"] and list(values.marker.color) == [12, 0]
    assert values.marker.showscale and values.marker.opacity == 0
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.xaxis.visible is False


def test_map_percent_of_target_metric():
    data = rules.with_target_status(frame(), END, START)
    values = go.Figure(figures.map_figure(data, "ziel", END)).data[-1]
    assert list(values.marker.color) == pytest.approx([80.0, 0.0])
    assert values.marker.colorbar.title.text == "% des Ziels (Kommunen)"
    assert (values.marker.cmin, values.marker.cmax) == (0, 200)  # diverging around the target (100 %)
    counts = go.Figure(figures.map_figure(data, "kommunen", END)).data[-1]
    assert counts.marker.cmin == 0 and counts.marker.cmax == max(counts.marker.color)


def test_map_on_target_is_the_pale_middle_of_the_diverging_scale():
    data = rules.with_target_status(frame(kommunen=[0, 15, 0]), END, START)
    fig = go.Figure(figures.map_figure(data, "ziel", END))
    nw = next(t for s, t in zip(state_outlines(), fig.data, strict=False) if s.code == "DE-NW")
    assert nw.fillcolor == "rgb(251, 243, 207)"  # 100 %: neither behind (brown) nor ahead (green)


def test_map_outlines_are_small_closed_and_largest_first():
    outlines = state_outlines()
    assert sorted(o.code for o in outlines) == sorted(vocab.STATE_NAMES)
    assert {o.code for o in outlines[-3:]} == {"DE-BE", "DE-HB", "DE-HH"}  # inside others, drawn on top
    assert sum(len(o.lon) for o in outlines) < 5000
    for outline in outlines:
        assert outline.lon[-1] is None and len(outline.lon) == len(outline.lat)
        assert 5.8 < outline.centre[0] < 15.1 and 47.2 < outline.centre[1] < 55.1


def test_growth_figure_marks_lagging_states_and_draws_the_target_path():
    growth = pd.DataFrame(
        {
            "month": ["2023-11", "2023-12"] * 2,
            "month_end": [date(2023, 11, 30), date(2023, 12, 31)] * 2,
            "state_code": ["DE-NW", "DE-NW", "DE-SL", "DE-SL"],
            "value": [10.0, 12.0, 0.0, 0.0],
        }
    )
    names = {"DE-NW": "Nordrhein-Westfalen", "DE-SL": "Saarland"}
    targets = {"DE-NW": (15.0, END), "DE-SL": (15.0, END)}
    fig = go.Figure(  # plain dicts on every request; validated here
        figures.growth_figure(growth, names, "kommunen", {"DE-SL"}, START, END, targets, date(2023, 12, 31))
    )
    assert [t.name for t in fig.data] == [
        "Nordrhein-Westfalen",
        "⚠ Saarland",
        "Zielpfad: 15 je Land bis 28.02.2025",
    ]
    path = fig.data[2]
    assert list(path.x) == [START, END] and list(path.y) == [0, 15]
    labels = {a.text: a for a in fig.layout.annotations if a.text != "Stand 31.12.2023"}
    assert set(labels) == {"Nordrhein-Westfalen", "⚠ Saarland", "Zielpfad: 15 je Land<br>bis 28.02.2025"}
    assert labels["Nordrhein-Westfalen"].font.color == fig.data[0].line.color  # direct label in the line's colour
    assert len({t.line.color for t in fig.data}) == 3
    assert fig.layout.shapes[0].x0 == date(2023, 12, 31)
    percent = go.Figure(figures.growth_figure(growth, names, "ziel", set(), START, END, targets, END))
    assert percent.data[-1].name == "Zielpfad: 100 % bis 28.02.2025" and list(percent.data[-1].y) == [0, 100]
    assert len(figures.growth_figure(growth, names, "paten", set(), START, END, targets, END)["data"]) == 2


def test_growth_figure_without_data_says_so():
    empty = pd.DataFrame(columns=["month", "month_end", "state_code", "value"])
    fig = figures.growth_figure(empty, {}, "kommunen", set(), START, END, {}, END)
    note = fig["layout"]["annotations"][-1]
    assert note["text"] == "Keine Daten bis zum Stand"
    assert (note["xref"], note["yref"]) == ("paper", "paper")  # centred in the plot area


def test_pipeline_figure_stacks_the_stages_of_participating_states():
    fig = go.Figure(figures.pipeline_figure(frame()))
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data][:5] == ["Angesprochen", "Interessiert", "Ratsbeschluss", "Onboarding", "Aktiv"]
    assert list(fig.data[0].y) == ["Saarland", "Nordrhein-Westfalen"]  # Bayern does not take part
    assert list(fig.data[0].x) == [0, 1]


def test_milestones_figure_one_row_per_state_kickoff_and_hollow_future():
    milestones = pd.DataFrame(
        [
            (START, "programm", "Projektstart KlikKS", None, None),
            (date(2023, 2, 1), "kickoff_land", "Landes-Kick-off NW", "DE-NW", None),
            (date(2023, 4, 17), "kickoff_land", "Landes-Kick-off SL", "DE-SL", None),
        ],
        columns=["happened_on", "kind", "title", "state_code", "source"],
    )
    names = {"DE-NW": "Nordrhein-Westfalen", "DE-SL": "Saarland"}
    fig = go.Figure(figures.milestones_figure(milestones, names, date(2023, 3, 31), START, END))
    kickoffs = next(t for t in fig.data if t.name == "Kick-off Land")
    assert list(kickoffs.y) == ["Kick-off Nordrhein-Westfalen", "Kick-off Saarland"]
    assert list(kickoffs.marker.symbol) == ["circle", "circle-open"]  # Saarland's is after the Stand
    assert list(kickoffs.text) == ["01.02.2023", "17.04.2023"]


def test_comparison_rows_carry_german_texts_and_links_with_the_stand():
    data = rules.with_target_status(frame(), date(2023, 12, 31), START)
    rows = tables.comparison_rows(data, "?stand=2023-12-31")
    assert [r["code"] for r in rows] == ["DE-NW", "DE-SL"]
    nw = rows[0]
    assert nw["name"] == "[Nordrhein-Westfalen](/laender/DE-NW?stand=2023-12-31)"
    assert nw["co2_text"] == "1.234,5" and nw["reached_text"] == "80 %" and nw["kommunen"] == 12
    assert nw["last_activity_text"] == "keine Angabe" and nw["partner"] == "keine Angabe"


def test_published_rows_compare_recorded_and_published():
    data = frame(kommunen=[0, 24, 21], paten=[0, 82, 50])
    rows = {(r["code"], r["metric"]): r for r in tables.published_rows(data)}
    assert rows[("DE-NW", "kommunen")]["difference"] == 0
    assert rows[("DE-NW", "paten")]["difference"] == 2  # 82 recorded, "mehr als 80" published
    assert rows[("DE-NW", "paten")]["agrees"]
    assert rows[("DE-NW", "co2")]["published"] == 410
    assert ("DE-BY", "kommunen") not in rows
    html = str(tables.published_table(list(rows.values()), END).to_plotly_json())
    assert "veröffentlicht" in html and "✓ gleich" in html and "mehr als 80" in html and "✓ passt" in html
    assert "⚠ +2" not in html


def test_tables_never_show_nan():
    data = rules.with_target_status(frame(), END, START)
    text = str(tables.map_table(data, "ziel").to_plotly_json())
    assert "nan" not in text.lower() and "None" not in text
    assert "keine Angabe" not in text or "Bayern" in text
