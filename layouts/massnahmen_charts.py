"""Figures and their table alternatives for the Maßnahmen status overview.

Every bar carries ``customdata`` with the filter value it stands for, so a click can filter the page
(cross-filter). Statuses always appear with their fixed colour AND label (legend, hover, tables).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import html

from data.queries.massnahmen import DIMENSIONS, STALE_LABEL
from layouts import format as fmt
from layouts.components import data_table
from layouts.status import MEASURE_STATUS_STYLES, status_badge
from layouts.theme import MUTED, base_layout

TOP_ROWS = 15
# Age of the last update: one hue of its own, darker with age, so "veraltet" never looks like a status
# (the red of "Nicht erreicht", the amber of "Verzögert").
FRESHNESS_COLOURS = {"≤ 30 Tage": "#c4b5fd", "≤ 90 Tage": "#a78bfa", "≤ 180 Tage": "#7c3aed", STALE_LABEL: "#4c1d95"}


def status_label(status: str) -> str:
    """Label for figures: the text only, since chart fonts lack some of the status symbols."""
    return MEASURE_STATUS_STYLES[status].label


def top_rows(counts: pd.DataFrame, limit: int = TOP_ROWS) -> tuple[pd.DataFrame, int]:
    """Dimension values × statuses pivot, largest totals first, cut to ``limit`` rows; also the rows left out."""
    if counts.empty:
        return pd.DataFrame(columns=["key", "label", *MEASURE_STATUS_STYLES, "total"]), 0
    pivot = counts.pivot_table(index=["label"], columns="status", values="count", aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(columns=list(MEASURE_STATUS_STYLES), fill_value=0)
    pivot["total"] = pivot.sum(axis=1)
    keys = counts.drop_duplicates("label").set_index("label")["key"]
    pivot["key"] = [keys[label] for label in pivot.index]
    pivot = pivot.reset_index().sort_values(["total", "label"], ascending=[False, True])
    return pivot.head(limit).reset_index(drop=True), max(0, len(pivot) - limit)


def status_figure(counts: pd.DataFrame, dimension: str) -> go.Figure:
    """Horizontal stacked bars: measures per status for each Handlungsfeld, Land or Kommune."""
    rows, _left_out = top_rows(counts)
    rows = rows.iloc[::-1]  # largest on top
    fig = go.Figure()
    for status, style in MEASURE_STATUS_STYLES.items():
        if rows.empty or rows[status].sum() == 0:
            continue
        fig.add_trace(
            go.Bar(
                y=rows["label"],
                x=rows[status],
                orientation="h",
                name=status_label(status),
                marker_color=style.colour,
                customdata=[[_json_key(key), status] for key in rows["key"]],
                hovertemplate="%{y}<br>" + style.label + ": %{x:,.0f} Maßnahmen<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", clickmode="event", legend_traceorder="normal")
    fig.update_xaxes(title_text="Anzahl Maßnahmen", showgrid=True, gridcolor="#e5e7eb", tickformat=",d")
    fig.update_yaxes(automargin=True, title_text=None)
    base_layout(fig, height=max(320, 34 * len(rows) + 150))
    if rows.empty:
        fig.add_annotation(text="Keine Maßnahmen für diese Filter", showarrow=False, font={"color": MUTED, "size": 18})
    return fig


def _json_key(key: object) -> object:
    return None if key is None or (isinstance(key, float) and pd.isna(key)) else key


def status_table(counts: pd.DataFrame, dimension: str) -> html.Div:
    rows, left_out = top_rows(counts)
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


def freshness_figure(bands: pd.DataFrame) -> go.Figure:
    """Measures by days since their last update; the last band ("veraltet") is clickable."""
    fig = go.Figure(
        go.Bar(
            x=bands["band"],
            y=bands["count"],
            marker_color=[FRESHNESS_COLOURS[band] for band in bands["band"]],
            text=[fmt.number(count) for count in bands["count"]],
            textposition="outside",
            customdata=[[band] for band in bands["band"]],
            hovertemplate="Zuletzt aktualisiert %{x}: %{y:,.0f} Maßnahmen<extra></extra>",
        )
    )
    fig.update_yaxes(title_text="Anzahl Maßnahmen", rangemode="tozero", tickformat=",d")
    fig.update_xaxes(
        title_text="Tage seit der letzten Aktualisierung",
        tickangle=0,
        tickvals=list(bands["band"]),
        ticktext=[band.replace(" Tage", "<br>Tage") for band in bands["band"]],
    )
    fig.update_layout(clickmode="event")
    return base_layout(fig, height=320, legend=False)


def freshness_table(bands: pd.DataFrame) -> html.Table:
    return data_table(
        ["Zuletzt aktualisiert", "Maßnahmen"],
        [[band, fmt.number(count)] for band, count in bands.itertuples(index=False, name=None)],
    )


def money_figure(totals: pd.DataFrame) -> go.Figure:
    """Estimated CO₂ saving per status; how many measures have no estimate is written on each bar."""
    shown = totals[totals["count"] > 0].iloc[::-1]
    largest = max([*shown["co2"], 0.0])
    fig = go.Figure(
        go.Bar(
            y=[status_label(s) for s in shown["status"]],
            x=shown["co2"],
            orientation="h",
            marker_color=[MEASURE_STATUS_STYLES[s].colour for s in shown["status"]],
            text=[
                f"{fmt.quantity(co2)} t · {fmt.number(unknown)} ohne Angabe"
                for co2, unknown in zip(shown["co2"], shown["co2_unknown"], strict=True)
            ],
            # Short bars (also 0 t when every estimate is missing) carry their text outside.
            textposition=["inside" if co2 > 0.3 * largest else "outside" for co2 in shown["co2"]],
            cliponaxis=False,
            customdata=[[s] for s in shown["status"]],
            hovertemplate="%{y}: %{x:,.1f} t CO₂/Jahr<extra></extra>",
        )
    )
    fig.update_xaxes(
        title_text="Geschätzte Einsparung (t CO₂/Jahr)", showgrid=True, gridcolor="#e5e7eb", tickformat=",.0f"
    )
    fig.update_yaxes(automargin=True)
    fig.update_layout(clickmode="event")
    return base_layout(fig, height=max(300, 40 * len(shown) + 120), legend=False)


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
