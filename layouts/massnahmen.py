"""Maßnahmen page: filters, key figures, status charts (each with a table), the editable grid, export.

The filter controls are built with the values parsed from the URL, so a shared link shows the same view.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from data.queries.changes import audited_field
from data.queries.massnahmen import FilterOptions, MeasureSummary
from data.queries.massnahmen_programs import ProgramSummary
from data.queries.measure_filters import STALE_AFTER_DAYS, VIEW_LABELS, MeasureFilter
from layouts import format as fmt
from layouts import ids
from layouts.changes import change_value
from layouts.chart_frame import download_menu
from layouts.components import kpi_card, notes, page_header, table_alternative
from layouts.entry_forms import entry_toolbar
from layouts.massnahmen_charts import chart_title
from layouts.massnahmen_filters import FLAGS, control_values, filter_card
from layouts.massnahmen_grid import measures_grid

__all__ = [
    "FLAGS",
    "audit_value",
    "control_values",
    "kpi_cards",
    "massnahmen_layout",
]


def chart_card(
    title: str, graph_id: str, table_id: str, toggle_id: str, extra=None, toggle: str = "Als Tabelle anzeigen"
) -> dbc.Card:
    """A chart with its download menu and its table alternative; the table is built only when its
    fold-out is opened (the summary's clicks tell the table callback). The visible title is inside
    the figure (so exports carry it); the heading here names the card for screen readers."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(title, className="visually-hidden", id=f"{graph_id}-title"),
                html.Div(
                    [extra, download_menu(graph_id, title)],
                    className="d-flex flex-wrap justify-content-between align-items-center gap-2",
                ),
                dcc.Loading(dcc.Graph(id=graph_id, config=fmt.GRAPH_CONFIG), delay_show=300),
                table_alternative(table_id, toggle_id, toggle),
            ]
        ),
        className="h-100",
    )


def export_link(kind: str, flt: MeasureFilter, filter_model: dict | None, token: str | None) -> str:
    """``/massnahmen/export.<kind>`` with the page filter's URL parameters (as the page's own URL has
    them), the grid's column filters as JSON in ``spalten`` and the token the download answers with
    (see the export route)."""
    params = flt.to_params(stored_only=True)
    if filter_model:
        params["spalten"] = json.dumps(filter_model, separators=(",", ":"))
    if token:
        params["token"] = token
    return f"/massnahmen/export.{kind}" + (f"?{urlencode(params)}" if params else "")


def massnahmen_layout(
    options: FilterOptions, flt: MeasureFilter, messages: list[str], can_edit: bool = False
) -> html.Div:
    """The page; ``can_edit`` adds "Neue Maßnahme" above the grid."""
    token = secrets.token_hex(6)
    # Plain links the browser downloads directly (streamed by callbacks/massnahmen_export.py).
    export = html.Div(
        [
            dbc.Button(
                "CSV herunterladen",
                id=ids.Massnahmen.EXPORT_CSV,
                href=export_link("csv", flt, None, token),
                external_link=True,
                color="success",
                outline=True,
            ),
            dbc.Button(
                "Excel (XLSX) herunterladen",
                id=ids.Massnahmen.EXPORT_XLSX,
                href=export_link("xlsx", flt, None, token),
                external_link=True,
                color="success",
                outline=True,
            ),
            html.Span(id=ids.Massnahmen.EXPORT_STATUS, className="small text-muted align-self-center", role="status"),
            dcc.Store(id=ids.Massnahmen.EXPORT_TOKEN, data=token),
            dcc.Interval(id=ids.Massnahmen.EXPORT_POLL, interval=400, disabled=True),
        ],
        className="d-flex gap-2",
    )
    dimension_switch = html.Div(
        [
            html.Span("Gruppiert nach:", id="massnahmen-dimension-label", className="me-2"),
            html.Div(
                dbc.RadioItems(
                    id=ids.Massnahmen.DIMENSION,
                    options=[{"label": label, "value": key} for key, label in VIEW_LABELS.items()],
                    value=flt.view,
                    inline=True,
                ),
                role="radiogroup",
                **{"aria-labelledby": "massnahmen-dimension-label"},
            ),
        ],
        className="d-flex flex-wrap align-items-center",
    )
    return html.Div(
        [
            page_header("Maßnahmen", "Status, Aktualität und Wirkung der Maßnahmen und Projekte", export),
            notes(messages),
            dcc.Store(id=ids.Massnahmen.FILTER, data=flt.to_store()),
            dcc.Store(id=ids.Massnahmen.UNDO_STACK, data=[]),
            dcc.Store(id=ids.Massnahmen.REVISION, data=0),
            dcc.Store(id=ids.Massnahmen.REVERT),
            dcc.Store(id=ids.Massnahmen.GRID_REFRESHED),
            dcc.Store(id=ids.Massnahmen.GRID_SEEK),  # where each grid block ended, for seek paging
            filter_card(options, flt),
            html.Div(id=ids.Massnahmen.KPIS, className="mb-4 massnahmen-kpis"),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            chart_title("status", flt.dimension),
                            ids.Massnahmen.STATUS_CHART,
                            ids.Massnahmen.STATUS_TABLE,
                            ids.Massnahmen.STATUS_TABLE_TOGGLE,
                            dimension_switch,
                        ),
                        xl=8,
                    ),
                    dbc.Col(
                        chart_card(
                            chart_title("freshness"),
                            ids.Massnahmen.FRESH_CHART,
                            ids.Massnahmen.FRESH_TABLE,
                            ids.Massnahmen.FRESH_TABLE_TOGGLE,
                        ),
                        xl=4,
                    ),
                ],
                className="g-4 mb-4",
            ),
            dbc.Row(
                dbc.Col(
                    chart_card(
                        chart_title("money"),
                        ids.Massnahmen.MONEY_CHART,
                        ids.Massnahmen.MONEY_TABLE,
                        ids.Massnahmen.MONEY_TABLE_TOGGLE,
                        toggle="Als Tabelle anzeigen, mit Kosten und fehlenden Angaben",
                    )
                ),
                className="g-4 mb-4",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2("Maßnahmen bearbeiten", className="card-title h4"),
                        html.P(
                            "Doppelklick auf Status, Fortschritt, Verantwortlich, Beteiligt, geplanten Abschluss, "
                            "CO₂, Kosten oder Schritte ändert den Wert; jede Änderung wird sofort gespeichert und "
                            "protokolliert. Ein Klick auf den Titel öffnet die Maßnahme.",
                            className="text-muted",
                        ),
                        *([entry_toolbar(("massnahme",))] if can_edit else []),
                        html.Div(id=ids.Massnahmen.SAVE_MESSAGE, role="status", **{"aria-live": "polite"}),
                        measures_grid(),
                    ]
                ),
                className="mb-4",
            ),
        ]
    )


def stand_line(stand: date, chosen: bool) -> html.P:
    """Which day "überfällig" and "veraltet" are measured against, and why that day."""
    why = "gewählt" if chosen else ("heute" if stand == date.today() else "Ende des Programms")
    return html.P(
        [html.Strong(f"Stand {fmt.day(stand)}"), f" ({why}) – überfällig und veraltet gelten zu diesem Tag."],
        className="mb-2 stand-line",
    )


def kpi_cards(
    summary: MeasureSummary, programs: Sequence[ProgramSummary] = (), stand: date | None = None, chosen: bool = False
) -> html.Div:
    """The key figures (with the Stand they are counted at). With several programs in the filter, counts
    name their split per program and CO₂ and costs are shown per program only: a city's measures and
    volunteer projects are not added up."""
    several = len(programs) > 1

    def split(value) -> str:
        return " · ".join(f"{p.program} {fmt.number(value(p.summary))}" for p in programs)

    cards = [
        kpi_card(
            "Maßnahmen",
            fmt.number(summary.total),
            f"davon {split(lambda s: s.total)}" if several else "mit den gewählten Filtern",
            card_id="massnahmen-kpi-total",
        ),
        kpi_card(
            "Überfällig",
            fmt.number(summary.overdue),
            f"davon {split(lambda s: s.overdue)}" if several else "geplanter Abschluss vorbei, noch nicht umgesetzt",
            card_id="massnahmen-kpi-overdue",
        ),
        kpi_card(
            "Veraltet",
            fmt.number(summary.stale),
            f"davon {split(lambda s: s.stale)}"
            if several
            else f"seit mehr als {STALE_AFTER_DAYS} Tagen nicht aktualisiert",
            card_id="massnahmen-kpi-stale",
        ),
    ]
    if not several:
        cards += [
            kpi_card(
                "Geschätzte CO₂-Einsparung",
                fmt.quantity(summary.co2_t_per_year),
                f"bei {fmt.number(summary.co2_unknown)} Maßnahmen keine Angabe",
                card_id="massnahmen-kpi-co2",
                unit="t/Jahr",
            ),
            kpi_card(
                "Kosten",
                fmt.number(summary.cost_eur),
                f"bei {fmt.number(summary.cost_unknown)} Maßnahmen keine Angabe",
                card_id="massnahmen-kpi-cost",
                unit="€",
            ),
        ]
    row = dbc.Row([dbc.Col(card, xs=12, sm=6, xl=True) for card in cards], className="g-3")
    line = stand_line(stand, chosen) if stand is not None else None
    return html.Div([line, row, per_program_table(programs) if several else None])


def per_program_table(programs: Sequence[ProgramSummary]) -> html.Div:
    """CO₂ estimates and costs side by side per program, deliberately without a total."""
    header = html.Thead(
        html.Tr(
            [
                html.Th("Programm"),
                html.Th("Maßnahmen", className="text-end"),
                html.Th("Geschätzte CO₂-Einsparung", className="text-end"),
                html.Th("Kosten", className="text-end"),
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(p.program, scope="row"),
                    html.Td(fmt.number(p.summary.total), className="text-end"),
                    html.Td(
                        [
                            f"{fmt.quantity(p.summary.co2_t_per_year)} t/Jahr",
                            html.Div(
                                f"bei {fmt.number(p.summary.co2_unknown)} keine Angabe", className="small text-muted"
                            ),
                        ],
                        className="text-end",
                    ),
                    html.Td(
                        [
                            fmt.euros(p.summary.cost_eur),
                            html.Div(
                                f"bei {fmt.number(p.summary.cost_unknown)} keine Angabe", className="small text-muted"
                            ),
                        ],
                        className="text-end",
                    ),
                ]
            )
            for p in programs
        ]
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Je Programm", className="h5 card-title"),
                html.P(
                    "Die Programme zählen verschiedene Dinge (z. B. Projekte von Ehrenamtlichen und Maßnahmen einer "
                    "Stadt); ihre Schätzungen werden deshalb nicht addiert. Für eine Summe ein Programm wählen.",
                    className="small text-muted",
                ),
                html.Table([header, body], className="table table-sm mb-0"),
            ]
        ),
        className="mt-3",
        id="massnahmen-kpi-programs",
    )


def audit_value(field: str, value: str | None) -> str:
    """A measure's value as written to the audit log, read the way "Letzte Änderungen" reads it."""
    return change_value(audited_field("measures", field), value)
