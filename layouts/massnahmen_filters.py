"""The filter card of the Maßnahmen page, built with the values parsed from the URL."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from data.queries.massnahmen import FilterOptions
from data.queries.measure_filters import STALE_AFTER_DAYS, MeasureFilter
from layouts.status import MEASURE_STATUS_STYLES

FLAG_OVERDUE = "ueberfaellig"
FLAG_STALE = "veraltet"


def _dropdown(element_id: str, label: str, options: list[dict], value, **kwargs) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=element_id),
            dcc.Dropdown(id=element_id, options=options, value=value, placeholder="alle", **kwargs),
        ],
        xs=12,
        md=6,
        xl=3,
    )


def filter_card(options: FilterOptions, flt: MeasureFilter, dimension: str) -> dbc.Card:
    flags = [FLAG_OVERDUE] * flt.overdue_only + [FLAG_STALE] * flt.stale_only
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        _dropdown(
                            "massnahmen-programm",
                            "Programm",
                            [{"label": name, "value": code} for code, name in options.programs],
                            flt.program,
                        ),
                        _dropdown(
                            "massnahmen-land",
                            "Land",
                            [{"label": name, "value": code} for code, name in options.states],
                            flt.state,
                        ),
                        _dropdown(
                            "massnahmen-kommune",
                            "Kommune",
                            [{"label": name, "value": mid} for mid, name in options.municipalities],
                            flt.municipality_id,
                        ),
                        _dropdown(
                            "massnahmen-feld",
                            "Handlungsfeld",
                            [{"label": sector, "value": sector} for sector in options.sectors],
                            flt.sector,
                        ),
                        _dropdown(
                            "massnahmen-status",
                            "Status",
                            [
                                {"label": f"{s.icon} {s.label}", "value": key}
                                for key, s in MEASURE_STATUS_STYLES.items()
                            ],
                            list(flt.statuses),
                            multi=True,
                        ),
                        _dropdown(
                            "massnahmen-verantwortlich",
                            "Verantwortlich",
                            [{"label": name, "value": name} for name in options.responsibles],
                            flt.responsible,
                        ),
                        dbc.Col(
                            [
                                dbc.Label("Suche in Titel und Beschreibung", html_for="massnahmen-suche"),
                                dbc.Input(
                                    id="massnahmen-suche",
                                    type="search",
                                    value=flt.text or "",
                                    placeholder="z. B. Solar",
                                    debounce=True,
                                ),
                            ],
                            xs=12,
                            md=6,
                            xl=3,
                        ),
                        dbc.Col(
                            [
                                dbc.Label("Nur …"),
                                dbc.Checklist(
                                    id="massnahmen-flags",
                                    options=[
                                        {"label": "überfällige", "value": FLAG_OVERDUE},
                                        {"label": f"veraltete (> {STALE_AFTER_DAYS} Tage)", "value": FLAG_STALE},
                                    ],
                                    value=flags,
                                    inline=True,
                                ),
                            ],
                            xs=12,
                            md=6,
                            xl=3,
                        ),
                    ],
                    className="g-3",
                ),
                html.Div(
                    [
                        dbc.Button(
                            "Diagrammauswahl zurücknehmen",
                            id="massnahmen-undo",
                            color="secondary",
                            outline=True,
                            disabled=True,
                        ),
                        dbc.Button("Alle Filter zurücksetzen", id="massnahmen-reset", color="secondary", outline=True),
                        html.Span(
                            "Tipp: Ein Klick auf einen Balken filtert die ganze Seite.", className="text-muted small"
                        ),
                    ],
                    className="d-flex flex-wrap gap-2 align-items-center mt-3",
                ),
            ]
        ),
        className="mb-4 filter-card",
    )
