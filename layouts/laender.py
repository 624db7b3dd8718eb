"""Länder page layout: filters (Stand slider, metric), map, comparison grid, growth, pipeline, milestones.

Definitions live in :mod:`layouts.laender_metrics`, tables in :mod:`layouts.laender_tables`, figures in
:mod:`layouts.laender_figures`; the state page (:mod:`layouts.laender_detail`) reuses all of them.
"""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import dcc, html

from data.published import PUBLISHED_AS_OF
from layouts import format as fmt
from layouts import ids
from layouts.chart_frame import chart
from layouts.components import navigator, notes, page_header, table_alternative
from layouts.laender_metrics import BKG_CREDIT, KLIKKS_ONLY, METRICS
from layouts.laender_tables import comparison_grid


def stand_slider(slider_id: str, days: list[date], value: int) -> dcc.Slider:
    marks = {i: d.strftime("%m/%Y") for i, d in enumerate(days) if i % 6 == 0 or i == len(days) - 1}
    if len(days) - 1 - max(i for i in marks if i != len(days) - 1) < 3:  # keep the last two labels apart
        marks.pop(max(i for i in marks if i != len(days) - 1))
    return dcc.Slider(
        id=slider_id,
        min=0,
        max=len(days) - 1,
        step=1,
        value=value,
        marks=marks,
        included=True,
        updatemode="mouseup",
        allow_direct_input=False,
    )


def stand_metric_filters(
    page: type[ids.Laender] | type[ids.Land], days: list[date], stand: int, metric: str, metric_label: str
) -> dbc.Card:
    """The filter card both Länder pages share: the "Stand" slider and the metric choice."""
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Div(
                                [
                                    dbc.Label("Stand", html_for=page.STAND, className="mb-0"),
                                    html.Strong(fmt.day(days[stand]), id=page.STAND_LABEL, className="ms-2"),
                                ],
                                className="d-flex align-items-baseline",
                            ),
                            stand_slider(page.STAND, days, stand),
                        ],
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(metric_label, html_for=page.METRIC),
                            dbc.RadioItems(
                                id=page.METRIC,
                                options=[{"label": label, "value": key} for key, label in METRICS.items()],
                                value=metric,
                                inline=True,
                            ),
                        ],
                        lg=5,
                    ),
                ],
                className="g-3",
            )
        ),
        className="mb-4 filter-card",
    )


# --- page layout -------------------------------------------------------------------------------------


def laender_layout(program_name: str, days: list[date], stand: int, metric: str, messages: list[str]) -> html.Div:
    filters = stand_metric_filters(ids.Laender, days, stand, metric, "Kennzahl")
    return html.Div(
        [
            page_header("Regionaler Fortschritt", f"{program_name} · acht Länder, Ziel: 15 Kommunen je Land"),
            navigator(ids.Laender.NAV),
            notes(messages),
            filters,
            dbc.Row(
                [
                    dbc.Col(
                        section_card(
                            "Karte",
                            [
                                chart(ids.Laender.MAP, "Karte", clear_on_unhover=True),
                                html.P(
                                    [
                                        "Klick auf ein Land öffnet seine Seite. Grau: nimmt nicht an KlikKS teil. "
                                        "Orange umrandet: hinter dem Zielpfad. ",
                                        html.Span(BKG_CREDIT, id="laender-map-credit"),
                                    ],
                                    className="small text-muted mb-0",
                                ),
                                table_alternative(ids.Laender.MAP_TABLE, ids.Laender.MAP_TABLE_TOGGLE),
                            ],
                        ),
                        xl=5,
                    ),
                    dbc.Col(
                        section_card(
                            "Wachstum je Land",
                            [
                                chart(ids.Laender.GROWTH, "Wachstum je Land"),
                                html.P(
                                    "Gestrichelt: gerader Zielpfad vom Programmstart zum Ziel. "
                                    "⚠ im Namen: Land liegt am Stand unter seinem Zielpfad.",
                                    className="small text-muted mb-0",
                                ),
                                table_alternative(ids.Laender.GROWTH_TABLE, ids.Laender.GROWTH_TABLE_TOGGLE),
                            ],
                        ),
                        xl=7,
                    ),
                ],
                className="g-4 mb-4",
            ),
            section_card(
                "Ländervergleich",
                [
                    html.P(
                        [
                            "Kommunen und Pat:innen: am Stand beteiligt. ",
                            KLIKKS_ONLY,
                            " Zielpfad: gerade Linie von 0 am Programmstart zum Ziel am Fälligkeitstag.",
                        ],
                        className="small text-muted",
                    ),
                    html.Div(id="laender-grid-wrap", children=comparison_grid([])),
                ],
                className="mb-4",
            ),
            section_card(
                "Kommunen-Pipeline",
                [
                    dbc.Row(
                        [
                            dbc.Col(
                                [
                                    chart(ids.Laender.PIPELINE, "Kommunen-Pipeline"),
                                    table_alternative(ids.Laender.PIPELINE_TABLE, ids.Laender.PIPELINE_TABLE_TOGGLE),
                                ],
                                xl=5,
                            ),
                            dbc.Col(
                                [
                                    html.H3("Mittlere Dauer zwischen den Phasen (Median, Tage)", className="h6"),
                                    html.Div(id=ids.Laender.MEDIANS),
                                    html.P(
                                        "Tage vom Eintritt in eine Phase bis zum Eintritt in die nächste, "
                                        "für Kommunen, die beide Phasen bis zum Stand erreicht haben.",
                                        className="small text-muted mb-0",
                                    ),
                                ],
                                xl=7,
                            ),
                        ],
                        className="g-4",
                    )
                ],
                className="mb-4",
            ),
            section_card(
                "Veröffentlicht und erfasst",
                [
                    html.P(
                        f"Veröffentlichte Endstände (Stand {fmt.day(PUBLISHED_AS_OF)}) neben den "
                        "erfassten Werten am gewählten Stand.",
                        className="small text-muted",
                    ),
                    html.Div(id=ids.Laender.PUBLISHED),
                ],
                className="mb-4",
            ),
            section_card(
                "Meilensteine",
                [
                    chart(ids.Laender.MILESTONES, "Meilensteine"),
                    table_alternative(ids.Laender.MILESTONES_TABLE, ids.Laender.MILESTONES_TABLE_TOGGLE),
                ],
            ),
        ]
    )


def section_card(title: str, body: list, className: str = "h-100") -> dbc.Card:
    return dbc.Card(dbc.CardBody([html.H2(title, className="card-title h4"), *body]), className=className)
