"""The "Ausmustern" / "Wiederherstellen" switch on a record's own page (a measure's, a cohort's)."""

from __future__ import annotations

from datetime import datetime

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import format as fmt


def retire_label(retired: bool) -> str:
    return "Wiederherstellen" if retired else "Ausmustern"


def retired_note(retired_at: datetime | None, noun: str) -> dbc.Alert | None:
    """Text, not only colour: a retired record says so and since when (``noun``: "Diese Maßnahme")."""
    if retired_at is None:
        return None
    return dbc.Alert(
        f"Ausgemustert am {fmt.day(retired_at)}: {noun} zählt in keiner Übersicht mehr mit.",
        color="secondary",
        className="py-2",
    )


def retire_controls(page: type, noun: str, retired_at: datetime | None, can_retire: bool) -> html.Div:
    """The note (if retired) and, for who may change the record, the switch; ``page`` is its ids class."""
    retired = retired_at is not None
    switch = (
        [
            dbc.Button(retire_label(retired), id=page.RETIRE, color="primary", outline=True, size="sm"),
            dcc.Store(id=page.RETIRED, data=retired),
            html.Div(id=page.RETIRE_FEEDBACK, role="status"),
        ]
        if can_retire
        else []
    )
    # entry-toolbar: the outline button keeps its contrast on the page background
    notes = html.Div(retired_note(retired_at, noun), id=page.RETIRED_NOTE)
    return html.Div([notes, *switch], className="entry-toolbar mb-3")


def feedback(message: str, ok: bool) -> dbc.Alert:
    return dbc.Alert(message, color="success" if ok else "danger", className="py-2 mb-0", dismissable=True)
