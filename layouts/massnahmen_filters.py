"""The filter card of the Maßnahmen page, built with the values parsed from the URL."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from data.queries.massnahmen import FilterOptions
from data.queries.measure_filters import STALE_AFTER_DAYS, MeasureFilter
from layouts import ids
from layouts.status import MEASURE_STATUS_STYLES

# The flag fields of the model (URL keys) share one checklist, ``massnahmen-flags``.
FLAGS = ("ueberfaellig", "veraltet", "ausgemusterte")


def control_values(flt: MeasureFilter) -> dict:
    """Every filter control's value for a model, keyed like ``massnahmen-<key>``."""
    values = flt.to_controls()
    flags = [key for key in FLAGS if values.pop(key)]
    values.pop("ansicht")
    return {**values, "flags": flags}


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


def filter_card(options: FilterOptions, flt: MeasureFilter) -> dbc.Card:
    values = control_values(flt)
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        _dropdown(
                            ids.Massnahmen.control("programm"),
                            "Programm",
                            [{"label": name, "value": code} for code, name in options.programs],
                            values["programm"],
                        ),
                        _dropdown(
                            ids.Massnahmen.control("land"),
                            "Land",
                            [{"label": name, "value": code} for code, name in options.states],
                            values["land"],
                        ),
                        _dropdown(
                            ids.Massnahmen.control("kommune"),
                            "Kommune",
                            [{"label": name, "value": mid} for mid, name in options.municipalities],
                            values["kommune"],
                        ),
                        _dropdown(
                            ids.Massnahmen.control("feld"),
                            "Handlungsfeld",
                            [{"label": sector, "value": sector} for sector in options.sectors],
                            values["feld"],
                        ),
                        _dropdown(
                            ids.Massnahmen.control("status"),
                            "Status",
                            [
                                {"label": f"{s.icon} {s.label}", "value": key}
                                for key, s in MEASURE_STATUS_STYLES.items()
                            ],
                            values["status"],
                            multi=True,
                        ),
                        _dropdown(
                            ids.Massnahmen.control("verantwortlich"),
                            "Verantwortlich",
                            [{"label": name, "value": name} for name in options.responsibles],
                            values["verantwortlich"],
                        ),
                        dbc.Col(
                            [
                                dbc.Label("Suche in Titel und Beschreibung", html_for=ids.Massnahmen.control("suche")),
                                dbc.Input(
                                    id=ids.Massnahmen.control("suche"),
                                    type="search",
                                    value=values["suche"],
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
                                dbc.Label("Stand (Stichtag)", html_for=ids.Massnahmen.control("stand")),
                                dbc.Input(
                                    id=ids.Massnahmen.control("stand"),
                                    type="date",
                                    value=values["stand"],
                                    debounce=True,
                                ),
                            ],
                            xs=12,
                            md=6,
                            xl=3,
                        ),
                        dbc.Col(
                            [
                                dbc.Label("Auswahl"),
                                dbc.Checklist(
                                    id=ids.Massnahmen.control("flags"),
                                    options=[
                                        {"label": "nur überfällige", "value": "ueberfaellig"},
                                        {"label": f"nur veraltete (> {STALE_AFTER_DAYS} Tage)", "value": "veraltet"},
                                        {"label": "Ausgemusterte zeigen", "value": "ausgemusterte"},
                                    ],
                                    value=values["flags"],
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
                            id=ids.Massnahmen.UNDO,
                            color="secondary",
                            outline=True,
                            disabled=True,
                        ),
                        dbc.Button(
                            "Alle Filter zurücksetzen", id=ids.Massnahmen.RESET, color="secondary", outline=True
                        ),
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
