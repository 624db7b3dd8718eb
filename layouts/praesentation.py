"""Presentation mode: a full-screen deck over the page (navigation bar and filters stay hidden under it).

The browser counts the slide position (``dashboard/assets/40-praesentation.js``: the buttons, and keys as
a presenter's clicker sends them: → PageDown Space forward, ← PageUp back, Esc leaves to the page the
presentation came from); a callback renders the slide at that position with current data.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from data.meeting import SLIDES
from layouts import ids


def presentation_layout(shown: tuple[str, ...], exit_href: str, notes: list[str]) -> html.Div:
    chooser = html.Details(
        [
            html.Summary("Folien wählen"),
            dbc.Checklist(
                id=ids.Praesentation.SLIDES,
                options=[{"label": title, "value": key} for key, title in SLIDES.items()],
                value=list(shown),
                className="presentation-chooser",
            ),
        ],
        className="presentation-choice",
    )
    bar = html.Div(
        [
            html.Button("‹ Zurück", id=ids.Praesentation.PREVIOUS, n_clicks=0, className="btn btn-outline-secondary"),
            html.Span(id=ids.Praesentation.COUNTER, className="presentation-counter", role="status"),
            html.Button("Weiter ›", id=ids.Praesentation.NEXT, n_clicks=0, className="btn btn-primary"),
            chooser,
            html.Span("Tasten: → Bild↓ Leertaste weiter · ← Bild↑ zurück · Esc beendet", className="presentation-keys"),
            html.Button("Vollbild", id=ids.Praesentation.FULLSCREEN, className="btn btn-outline-secondary ms-auto"),
            html.A("Beenden", href=exit_href, id=ids.Praesentation.EXIT, className="btn btn-outline-secondary"),
        ],
        className="presentation-bar",
        role="toolbar",
        **{"aria-label": "Präsentation steuern"},
    )
    return html.Div(
        [
            dcc.Store(id=ids.Praesentation.SLIDE_INDEX, data=0),
            html.Div(
                [html.P(note, className="small text-muted mb-1") for note in notes],
                className="presentation-notes",
            ),
            html.Div(id=ids.Praesentation.SLIDE, className="slide", **{"aria-live": "polite"}),
            bar,
        ],
        className="presentation",
        **{"aria-label": "Präsentation"},
        role="region",
    )
