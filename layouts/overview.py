"""Übersicht: KPI cards, progress against targets, latest changes."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from data.queries.overview import ProgramKpis
from data.rules import target_on
from data.vocab import OVERVIEW_METRICS as METRICS
from layouts import format as fmt
from layouts import ids
from layouts.chart_frame import ChartFrame, chart, framed_if
from layouts.components import data_table, kpi_card, notes, page_header, table_alternative
from layouts.theme import PRIMARY, TARGET, empty_note, house_layout

PRESETS = {"gesamt": "Gesamtzeitraum", "2022": "2022", "2023": "2023", "2024": "2024", "2025": "2025"}


def preset_period(preset: str | None, first: date, last: date) -> tuple[date, date]:
    """Dates of a Zeitraum preset ("gesamt" or a year), clipped to the program period."""
    if preset is None or preset == "gesamt":
        return first, last
    year = int(preset)
    return max(first, date(year, 1, 1)), min(last, date(year, 12, 31))


def preset_matching(start: date, end: date, first: date, last: date) -> str | None:
    """The preset whose period these dates are (its radio button shows as chosen), None for any other."""
    return next((key for key in PRESETS if preset_period(key, first, last) == (start, end)), None)


def overview_layout(
    program_name: str, first: date, last: date, start: date, end: date, metric: str, messages: list[str]
) -> html.Div:
    filters = dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Zeitraum", html_for=ids.Overview.PRESET),
                            dbc.RadioItems(
                                id=ids.Overview.PRESET,
                                options=[{"label": label, "value": key} for key, label in PRESETS.items()],
                                value=preset_matching(start, end, first, last),
                                inline=True,
                                className="preset-radios",
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Von – bis", html_for=ids.Overview.PERIOD),
                            dcc.DatePickerRange(
                                id=ids.Overview.PERIOD,
                                start_date=start,
                                end_date=end,
                                min_date_allowed=first,
                                max_date_allowed=last,
                                display_format="DD.MM.YYYY",
                                first_day_of_week=1,
                                start_date_placeholder_text="von",
                                end_date_placeholder_text="bis",
                                minimum_nights=0,
                            ),
                        ],
                        md=6,
                    ),
                ],
                className="g-3",
            )
        ),
        className="mb-4 filter-card",
    )
    return html.Div(
        [
            page_header("Übersicht", program_name),
            notes(messages),
            filters,
            html.Div(id=ids.Overview.KPIS, className="mb-4"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.Div(
                                        [
                                            html.H2("Fortschritt gegenüber den Zielen", className="card-title h4"),
                                            dbc.RadioItems(
                                                id=ids.Overview.METRIC,
                                                options=[
                                                    {"label": label, "value": key} for key, label in METRICS.items()
                                                ],
                                                value=metric,
                                                inline=True,
                                            ),
                                        ],
                                        className="d-flex flex-wrap justify-content-between align-items-center gap-2",
                                    ),
                                    chart(ids.Overview.PROGRESS, "Fortschritt gegenüber den Zielen"),
                                    table_alternative(ids.Overview.PROGRESS_TABLE, ids.Overview.PROGRESS_TABLE_TOGGLE),
                                ]
                            )
                        ),
                        lg=8,
                    ),
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    html.H2("Letzte Änderungen", className="card-title h4"),
                                    html.Div(id=ids.Overview.CHANGES),
                                ]
                            )
                        ),
                        lg=4,
                    ),
                ],
                className="g-4",
            ),
        ]
    )


def kpi_cards(kpis: ProgramKpis) -> dbc.Row:
    period = f"{fmt.day(kpis.start)} – {fmt.day(kpis.end)}"
    co2_detail = f"Summe der Schätzungen; bei {fmt.counted(kpis.co2_unknown, 'Projekt', 'Projekten')} keine Angabe"
    cards = [
        kpi_card(
            "Kommunen",
            fmt.number(kpis.municipalities),
            f"Stand {fmt.day(kpis.end)} · {_plus(kpis.municipalities_new)} im Zeitraum",
            card_id="kpi-kommunen",
        ),
        kpi_card(
            "Klimaschutzpat:innen",
            fmt.number(kpis.volunteers),
            f"aktiv am {fmt.day(kpis.end)} · {_plus(kpis.volunteers_new)} im Zeitraum",
            card_id="kpi-paten",
        ),
        kpi_card(
            "Projekte", fmt.number(kpis.projects), f"begonnen {period}, ohne abgebrochene", card_id="kpi-projekte"
        ),
        kpi_card(
            "Geschätzte CO₂-Einsparung",
            fmt.number(kpis.co2_t_per_year),
            co2_detail,
            card_id="kpi-co2",
            unit="t CO₂/Jahr",
        ),
        kpi_card(
            "Trainings / Teilnehmende",
            f"{fmt.number(kpis.cohorts)} / {fmt.number(kpis.participants)}",
            f"Kohorten mit Beginn {period}",
            card_id="kpi-trainings",
        ),
    ]
    return dbc.Row([dbc.Col(card, xs=12, sm=6, xl=True) for card in cards], className="g-3")


def _plus(value: int) -> str:
    return f"+{fmt.number(value)}" if value > 0 else fmt.number(value)


def progress_frame(program: str, metric: str, start: date, end: date) -> ChartFrame:
    """The progress chart's frame: the metric in the title, program and period as its filters, Stand = period end."""
    label = METRICS[metric]
    filters = f"Programm: {program} · Zeitraum: {fmt.day(start)} – {fmt.day(end)}"
    return ChartFrame(f"{label}: Fortschritt gegenüber dem Ziel", end, filters, label)


def progress_figure(
    progress: pd.DataFrame,
    metric: str,
    target: float | None,
    first: date,
    due: date | None,
    *,
    chart_frame: ChartFrame | None = None,
) -> dict:
    """Month-end values of one metric, with the straight-line path to its target (a plain figure dict)."""
    label = METRICS[metric]
    days = list(progress["month_end"])
    data = [
        {
            "type": "scatter",
            "x": days,
            "y": [int(value) for value in progress[metric]],
            "mode": "lines+markers",
            "name": f"{label} (erfasst)",
            "line": {"color": PRIMARY, "width": 4},
            "marker": {"size": 7},
            "hovertemplate": "%{x|%d.%m.%Y}: %{y:,.0f} " + label + "<extra></extra>",
        }
    ]
    if target is not None and due is not None and days:
        data.append(
            {
                "type": "scatter",
                "x": days,
                "y": [target_on(d, first, due, target) for d in days],
                "mode": "lines",
                "name": f"Zielpfad: {fmt.number(target)} bis {fmt.day(due)}",
                "line": {"color": TARGET, "width": 3, "dash": "dash"},
                "hovertemplate": "Zielpfad %{x|%d.%m.%Y}: %{y:,.0f}<extra></extra>",
            }
        )
    layout = house_layout(
        meta={"kategorie": "Monatsende"},  # the first header of the chart's CSV
        xaxis={"tickformat": "%m/%Y"},
        yaxis={"title": {"text": label}, "rangemode": "tozero"},
    )
    if not days:
        layout["annotations"] = [empty_note("Keine Daten im gewählten Zeitraum")]
    return framed_if({"data": data, "layout": layout}, chart_frame)


def progress_table(progress: pd.DataFrame) -> html.Div:
    rows = [
        [fmt.day(row.month_end), *[fmt.number(getattr(row, key)) for key in METRICS]] for row in progress.itertuples()
    ]
    return data_table(["Monatsende", *METRICS.values()], rows)
