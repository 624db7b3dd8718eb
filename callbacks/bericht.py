"""The A4 report ``/bericht?programm=…&land=…&stand=…``: a cover and one section per view."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output

from callbacks.meeting import build_view
from data import vocab
from data.db import Database
from data.meeting import REGIONAL_SECTIONS, SECTIONS, ReportFilter
from data.queries.massnahmen import filter_options
from data.queries.measure_filters import MeasureFilter, with_default_stand
from data.queries.program import KLIKKS
from layouts import bericht as view
from layouts import ids
from layouts import meeting as meeting_view


def render_bericht(db: Database, query: dict[str, str], today: date | None = None):
    options = db.read(filter_options)
    flt, notes = ReportFilter.from_query(query, options.choices())
    program = flt.program or KLIKKS
    names = dict(options.programs)
    stand = db.read(with_default_stand, MeasureFilter(program=program, stand=flt.stand)).day
    page_query = flt.page_query(program)
    keys = [key for key in SECTIONS if program == KLIKKS or key not in REGIONAL_SECTIONS]
    sections = []
    for key in keys:
        shown = build_view(db, key, page_query, flt.state)
        sections.append(meeting_view.report_section(key, shown.title, shown.subtitle, shown.figure, shown.body))
    scope = vocab.STATE_NAMES.get(flt.state, flt.state) if flt.state else "alle Länder"
    return view.report_layout(names.get(program, program), scope, stand, today or date.today(), sections, notes)


def register(app: Dash, db: Database) -> None:
    app.clientside_callback(
        "function(n) { if (n) { window.print(); } return window.dash_clientside.no_update; }",
        Output(ids.Bericht.PRINTED, "data"),
        Input(ids.Bericht.PRINT, "n_clicks"),
        prevent_initial_call=True,
    )
