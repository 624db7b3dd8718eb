"""Reusable page pieces: headers, KPI cards, notes, the chart-click navigator, the one HTML table builder, the 404 page."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html


def page_header(title: str, subtitle: str | None = None, actions: object | None = None) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.H1(title, className="page-title"),
                    html.P(subtitle, className="page-subtitle") if subtitle else None,
                ]
            ),
            html.Div(actions, className="page-actions") if actions is not None else None,
        ],
        className="page-header",
    )


def kpi_card(
    label: str, value: str, detail: str | None = None, *, card_id: str | None = None, unit: str | None = None
) -> dbc.Card:
    """A big number with its label; ``detail`` explains the definition or the change in the period."""
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(label, className="kpi-label"),
                html.Div([value, html.Span(f" {unit}", className="kpi-unit") if unit else None], className="kpi-value"),
                html.Div(detail, className="kpi-detail") if detail else None,
            ]
        ),
        className="kpi-card h-100",
        id=card_id or f"kpi-{label}",
    )


def data_table(
    header: Sequence[object], rows: Sequence[Sequence[object]], numeric_from: int = 1, table_id: str | None = None
) -> html.Div:
    """The app's one plain table (chart alternatives, small lists): striped, columns from ``numeric_from`` on
    right-aligned as numbers. Cells are shown as given, so callers format them the German way."""

    def align(index: int) -> str | None:
        return "text-end" if index >= numeric_from else None

    head = html.Thead(html.Tr([html.Th(cell, className=align(i)) for i, cell in enumerate(header)]))
    body = html.Tbody([html.Tr([html.Td(cell, className=align(i)) for i, cell in enumerate(row)]) for row in rows])
    props = {"id": table_id} if table_id else {}
    return html.Div(
        html.Table([head, body], className="table table-sm table-striped mt-2", **props), className="table-responsive"
    )


def table_alternative(content_id: str, toggle_id: str | None = None, summary: str = "Als Tabelle anzeigen"):
    """A chart's table in a fold-out. With ``toggle_id`` the summary counts its clicks, so the table
    is built only once the fold-out is opened (see :mod:`callbacks.fold_outs`)."""
    return html.Details(
        [html.Summary(summary, **({"id": toggle_id} if toggle_id else {})), html.Div(id=content_id)],
        className="table-alternative",
    )


def navigator(component_id: str) -> dcc.Location:
    """A page's own link target for chart clicks that open another page: its callback sets ``href``.

    It comes with the page, like the chart it serves, so Dash keeps the click callback from firing
    when the page is drawn (a callback whose output was already on the page, such as the app's URL,
    fires for every newly drawn input despite ``prevent_initial_call``). ``callback-nav`` tells the
    app's URL, and so the router, about the new address without a reload."""
    return dcc.Location(id=component_id, refresh="callback-nav")


def notes(messages: Sequence[str], *, element_id: str = "url-notes") -> html.Div:
    """Visible notes, e.g. about ignored URL parameters; an empty list renders nothing."""
    if not messages:
        return html.Div(id=element_id)
    return html.Div(
        dbc.Alert([html.Strong("Hinweis: "), *[html.Div(m) for m in messages]], color="warning", className="mb-3"),
        id=element_id,
    )


def not_found(message: str = "Diese Seite gibt es nicht.") -> html.Div:
    return html.Div(
        [
            html.H1("Seite nicht gefunden", className="page-title"),
            html.P(message, className="lead"),
            html.P("Vielleicht hilft einer dieser Einstiege weiter:"),
            html.Ul(
                [
                    html.Li(dcc.Link("Übersicht", href="/")),
                    html.Li(dcc.Link("Länder", href="/laender")),
                    html.Li(dcc.Link("Kohorten", href="/kohorten")),
                    html.Li(dcc.Link("Maßnahmen", href="/massnahmen")),
                ]
            ),
        ],
        className="not-found py-4",
        id="page-not-found",
    )
