"""The A4 meeting report: a cover and one section per view; print CSS (``dashboard/assets/40-bericht.css``)
puts each section on a page of its own and hides navigation, filters and the print button."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import format as fmt
from layouts import ids
from layouts.components import notes as notes_box


def report_layout(
    program: str, scope: str, stand: date, printed: date, sections: list[html.Section], messages: list[str]
) -> html.Div:
    toolbar = html.Div(
        [
            dbc.Button("Als PDF speichern", id=ids.Bericht.PRINT, color="primary", n_clicks=0),
            html.Span(
                "Öffnet den Druckdialog des Browsers (Ziel „Als PDF speichern“, Format A4).",
                className="text-muted small",
            ),
        ],
        className="report-toolbar d-flex flex-wrap gap-3 align-items-center mb-3",
    )
    cover = html.Section(
        [
            html.P("Bericht", className="report-kicker"),
            html.H1(program, className="report-title"),
            html.Dl(
                [
                    html.Dt("Bereich"),
                    html.Dd(scope),
                    html.Dt("Stand"),
                    html.Dd(fmt.day(stand)),
                    html.Dt("Gedruckt am"),
                    html.Dd(fmt.day(printed)),
                ],
                className="report-facts",
            ),
            html.P(
                "Überfällig und veraltet gelten zum Stand. Quelle: Programmdatenbank (KlikKS-Dashboard).",
                className="text-muted",
            ),
        ],
        className="report-cover report-section",
        id="bericht-deckblatt",
    )
    return html.Div(
        [notes_box(messages), toolbar, dcc.Store(id=ids.Bericht.PRINTED), cover, *sections],
        className="report",
    )
