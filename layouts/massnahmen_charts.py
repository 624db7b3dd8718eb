"""Figures and their table alternatives for the Maßnahmen status overview.

Every bar carries ``customdata`` with the filter value it stands for, so a click can filter the page
(cross-filter). Statuses always appear with their fixed colour AND label (legend, hover, tables).
Figures are plain dicts in the house style (no ``go.Figure`` validation on every request); with a
``chart_frame`` they carry title, filters, unit, source and Stand inside the figure.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import html

from data.filters import Choices
from data.queries.massnahmen import DIMENSIONS, LEFT_OUT, STALE_LABEL, TOP_ROWS
from data.queries.measure_filters import MeasureFilter
from layouts import format as fmt
from layouts.chart_frame import ChartFrame, framed_if
from layouts.components import data_table
from layouts.status import MEASURE_STATUS_STYLES, status_badge
from layouts.theme import GRID, empty_note, house_layout

# Age of the last update: one hue of its own, darker with age, so "veraltet" never looks like a status
# (the red of "Nicht erreicht", the amber of "Verzögert").
FRESHNESS_COLOURS = {"≤ 30 Tage": "#c4b5fd", "≤ 90 Tage": "#a78bfa", "≤ 180 Tage": "#7c3aed", STALE_LABEL: "#4c1d95"}


Pivot = tuple[pd.DataFrame, int]  # the rows shown and how many were left out (see top_rows)


def chart_title(chart: str, dimension: str = "sector") -> str:
    """The title of each chart of the page (card heading and figure title say the same)."""
    return {
        "status": f"Maßnahmen nach Status und {DIMENSIONS[dimension]}",
        "freshness": "Aktualität der Maßnahmen",
        "money": "Geschätzte CO₂-Einsparung nach Status",
    }[chart]


CHART_UNITS = {"status": "Anzahl Maßnahmen", "freshness": "Anzahl Maßnahmen", "money": "t CO₂/Jahr"}


def chart_frames(flt: MeasureFilter, labels: Choices | None = None, stand: date | None = None) -> dict[str, ChartFrame]:
    """The frame of each chart for one filter: the filters in words (named with ``labels``), the Stand."""
    filters = flt.describe(labels)
    day = stand or flt.day
    return {
        chart: ChartFrame(chart_title(chart, flt.dimension), day, filters, unit, narrow=chart == "freshness")
        for chart, unit in CHART_UNITS.items()
    }


def status_label(status: str) -> str:
    """Label for figures: the text only, since chart fonts lack some of the status symbols."""
    return MEASURE_STATUS_STYLES[status].label


def top_rows(counts: pd.DataFrame, limit: int = TOP_ROWS) -> tuple[pd.DataFrame, int]:
    """Dimension values × statuses pivot, largest totals first (ties by label), cut to ``limit`` rows;
    also the rows left out (with those the query already left out, see
    :data:`data.queries.massnahmen.LEFT_OUT`). Summed in plain Python: the frame is small, and a pandas
    pivot would cost more than the rest of the chart."""
    statuses = list(MEASURE_STATUS_STYLES)
    per_label: dict[str, dict[str, int]] = {}
    keys: dict[str, object] = {}
    for key, label, status, count in counts[["key", "label", "status", "count"]].itertuples(index=False):
        row = per_label.setdefault(label, dict.fromkeys(statuses, 0))
        keys.setdefault(label, key)
        if status in row:
            row[status] += int(count)
    ranked = sorted(per_label, key=lambda label: (-sum(per_label[label].values()), label))
    records = [
        {"label": label, **per_label[label], "total": sum(per_label[label].values()), "key": keys[label]}
        for label in ranked[:limit]
    ]
    shown = pd.DataFrame.from_records(records, columns=["label", *statuses, "total", "key"])
    return shown, max(0, len(ranked) - limit) + counts.attrs.get(LEFT_OUT, 0)


def status_figure(
    counts: pd.DataFrame, dimension: str, *, rows: Pivot | None = None, chart_frame: ChartFrame | None = None
) -> dict:
    """Horizontal stacked bars: measures per status for each Handlungsfeld, Land or Kommune.

    ``rows``: the :func:`top_rows` pivot when the caller has it already (one pivot per request)."""
    shown, _left_out = rows if rows is not None else top_rows(counts)
    shown = shown.iloc[::-1]  # largest on top
    labels = list(shown["label"])
    keys = [_json_key(key) for key in shown["key"]]
    data = [
        {
            "type": "bar",
            "y": labels,
            "x": [int(value) for value in shown[status]],
            "orientation": "h",
            "name": status_label(status),
            "marker": {"color": style.colour},
            "customdata": [[key, status] for key in keys],
            "hovertemplate": "%{y}<br>" + style.label + ": %{x:,.0f} Maßnahmen<extra></extra>",
        }
        for status, style in MEASURE_STATUS_STYLES.items()
        if not shown.empty and shown[status].sum() > 0
    ]
    layout = house_layout(
        height=max(320, 34 * len(shown) + 150),
        barmode="stack",
        clickmode="event",
        legend={"traceorder": "normal"},
        margin={"b": 64},
        meta={"kategorie": DIMENSIONS[dimension]},
        xaxis={"title": {"text": "Anzahl Maßnahmen"}, "showgrid": True, "gridcolor": GRID, "tickformat": ",d"},
        yaxis={"automargin": True, "showgrid": False},
    )
    if shown.empty:
        layout["annotations"] = [empty_note("Keine Maßnahmen für diese Filter")]
    return framed_if({"data": data, "layout": layout}, chart_frame)


def _json_key(key: object) -> object:
    return None if key is None or (isinstance(key, float) and pd.isna(key)) else key


def status_table(counts: pd.DataFrame, dimension: str, *, rows: Pivot | None = None) -> html.Div:
    rows, left_out = rows if rows is not None else top_rows(counts)
    header = [
        DIMENSIONS[dimension],
        *[status_badge(MEASURE_STATUS_STYLES, s) for s in MEASURE_STATUS_STYLES],
        "Summe",
    ]
    body = [
        [row["label"], *[fmt.number(row[s]) for s in MEASURE_STATUS_STYLES], html.Strong(fmt.number(row["total"]))]
        for _i, row in rows.iterrows()
    ]
    table = data_table(header, body)
    note = html.P(f"{fmt.number(left_out)} weitere mit weniger Maßnahmen nicht gezeigt.") if left_out else None
    return html.Div([table, note])


def freshness_figure(bands: pd.DataFrame, *, chart_frame: ChartFrame | None = None) -> dict:
    """Measures by days since their last update; the last band ("veraltet") is clickable."""
    names = list(bands["band"])
    counts = [int(count) for count in bands["count"]]
    trace = {
        "type": "bar",
        "x": names,
        "y": counts,
        "marker": {"color": [FRESHNESS_COLOURS[band] for band in names]},
        "text": [fmt.number(count) for count in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [[band] for band in names],
        "hovertemplate": "Zuletzt aktualisiert %{x}: %{y:,.0f} Maßnahmen<extra></extra>",
    }
    layout = house_layout(
        height=320,
        show_legend=False,
        clickmode="event",
        margin={"b": 84},  # two-line tick labels and the axis title
        yaxis={"title": {"text": "Anzahl Maßnahmen"}, "rangemode": "tozero", "tickformat": ",d"},
        xaxis={
            "title": {"text": "Tage seit Aktualisierung"},
            "tickangle": 0,
            "tickvals": names,
            "ticktext": [band.replace(" Tage", "<br>Tage") for band in names],
        },
    )
    return framed_if({"data": [trace], "layout": layout}, chart_frame)


def freshness_table(bands: pd.DataFrame) -> html.Table:
    return data_table(
        ["Zuletzt aktualisiert", "Maßnahmen"],
        [[band, fmt.number(count)] for band, count in bands.itertuples(index=False, name=None)],
    )


def money_figure(totals: pd.DataFrame, *, chart_frame: ChartFrame | None = None) -> dict:
    """Estimated CO₂ saving per status; how many measures have no estimate is written on each bar."""
    shown = totals[totals["count"] > 0].iloc[::-1]
    co2 = [float(value) for value in shown["co2"]]
    largest = max([*co2, 0.0])
    trace = {
        "type": "bar",
        "y": [status_label(s) for s in shown["status"]],
        "x": co2,
        "orientation": "h",
        "marker": {"color": [MEASURE_STATUS_STYLES[s].colour for s in shown["status"]]},
        "text": [
            f"{fmt.quantity(value)} t · {fmt.number(unknown)} ohne Angabe"
            for value, unknown in zip(co2, shown["co2_unknown"], strict=True)
        ],
        # Short bars (also 0 t when every estimate is missing) carry their text outside.
        "textposition": ["inside" if value > 0.3 * largest else "outside" for value in co2],
        "cliponaxis": False,
        "customdata": [[s] for s in shown["status"]],
        "hovertemplate": "%{y}: %{x:,.1f} t CO₂/Jahr<extra></extra>",
    }
    layout = house_layout(
        height=max(300, 40 * len(shown) + 120),
        show_legend=False,
        clickmode="event",
        margin={"b": 64},
        meta={"kategorie": "Status"},
        xaxis={
            "title": {"text": "Geschätzte Einsparung (t CO₂/Jahr)"},
            "showgrid": True,
            "gridcolor": GRID,
            "tickformat": ",.0f",
        },
        yaxis={"automargin": True, "showgrid": False},
    )
    return framed_if({"data": [trace], "layout": layout}, chart_frame)


def money_table(totals: pd.DataFrame) -> html.Table:
    rows = [
        [
            status_badge(MEASURE_STATUS_STYLES, row.status),
            fmt.number(row.count),
            fmt.tonnes(row.co2),
            fmt.number(row.co2_unknown),
            fmt.euros(row.cost),
            fmt.number(row.cost_unknown),
        ]
        for row in totals.itertuples()
    ]
    rows.append(
        [
            html.Strong("Summe"),
            fmt.number(totals["count"].sum()),
            fmt.tonnes(totals["co2"].sum()),
            fmt.number(totals["co2_unknown"].sum()),
            fmt.euros(totals["cost"].sum()),
            fmt.number(totals["cost_unknown"].sum()),
        ]
    )
    return data_table(
        ["Status", "Maßnahmen", "CO₂-Einsparung/Jahr", "davon keine Angabe", "Kosten", "davon keine Angabe"], rows
    )
