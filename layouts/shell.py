"""The frame around every page: navigation bar, content area and footer."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids

APP_ERROR_ID = ids.Shell.APP_ERROR
APP_ERROR_MESSAGE = "Es ist ein Fehler aufgetreten – bitte die Seite neu laden. Es wurde nichts gespeichert."

NAV_ITEMS = (
    ("Übersicht", "/", "exact"),
    ("Länder", "/laender", "partial"),
    ("Kohorten", "/kohorten", "partial"),
    ("Maßnahmen", "/massnahmen", "partial"),
)


def app_error_alert(message: str = APP_ERROR_MESSAGE) -> list:
    """The alert's content: icon and text, so the state does not rest on the colour alone."""
    return [html.Span("⚠", className="me-2", **{"aria-hidden": "true"}), html.Strong("Fehler: "), message]


def shell(demo_note: str | None) -> html.Div:
    navbar = dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [html.Span("KlikKS", className="brand-mark"), " Dashboard"], href="/", className="me-4"
                ),
                dbc.Nav(
                    [dbc.NavItem(dbc.NavLink(label, href=href, active=active)) for label, href, active in NAV_ITEMS],
                    navbar=True,
                    className="me-auto",
                ),
                dbc.Badge("Demodaten", color="warning", text_color="dark", className="demo-badge", id="demo-badge")
                if demo_note
                else None,
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        className="mb-4 app-navbar",
    )
    footer = html.Footer(
        dbc.Container(
            [
                html.Span("KlikKS-Dashboard · Monitoring für Klimaschutzprogramme"),
                html.Span(
                    " · Demodaten: alle Personen und Ortsnamen sind erfunden; Gesamtzahlen folgen den veröffentlichten Angaben."
                    if demo_note
                    else ""
                ),
            ],
            fluid=True,
        ),
        className="app-footer",
    )
    return html.Div(
        [
            dcc.Location(id=ids.Shell.URL, refresh="callback-nav"),
            dcc.Store(id=ids.Shell.PAGE_TITLE_STORE),
            dcc.Store(id=ids.Shell.TITLE_SINK),
            navbar,
            dbc.Container(
                [
                    dbc.Alert(
                        id=APP_ERROR_ID,
                        color="danger",
                        is_open=False,
                        dismissable=True,
                        className="app-error",
                    ),
                    html.Main(id=ids.Shell.PAGE_CONTENT, role="main"),
                ],
                fluid=True,
                className="app-content",
            ),
            footer,
        ]
    )
