"""Presentation mode ``/praesentation?…``: the pages' filters plus ``folien`` (the slides, in the URL)
and ``seite`` (the page Esc returns to). Each slide change renders the slide from current data."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from dash import Dash, Input, Output, State

from callbacks.meeting import build_view
from callbacks.url_state import parse_query
from data.db import Database
from data.meeting import SLIDES, PresentationFilter
from layouts import ids
from layouts import meeting as meeting_view
from layouts import praesentation as view

OWN_KEYS = {spec.key for spec in PresentationFilter.FIELDS}


def page_query(query: dict[str, str]) -> dict[str, str]:
    """The pages' filters in a presentation's query (without its own ``folien`` and ``seite``)."""
    return {key: value for key, value in query.items() if key not in OWN_KEYS}


def render_praesentation(db: Database, query: dict[str, str]):
    flt, notes = PresentationFilter.from_query(query)
    filters = page_query(query)
    exit_href = (flt.origin or "/") + ("?" + urlencode(filters) if filters else "")
    return view.presentation_layout(flt.shown, exit_href, notes)


def position_in(index: object, count: int) -> int:
    """The slide position for a stored index (anything but a whole number: the first), within the deck."""
    current = index if isinstance(index, int) and not isinstance(index, bool) else 0
    return max(0, min(current, count - 1))


def show_slide(db: Database, index: object, chosen: object, search: object):
    """The slide's content, the counter and the URL (with the chosen slides, in the deck's order)."""
    query = parse_query(search if isinstance(search, str) else None)
    flt = PresentationFilter.from_values({**query, "folien": chosen if isinstance(chosen, list) else []})
    shown = flt.shown
    position = position_in(index, len(shown))
    key = shown[position]
    slide = build_view(db, key, page_query(query))
    content = meeting_view.slide(slide.title, slide.subtitle, slide.figure, slide.body)
    counter = f"Folie {position + 1} von {len(shown)} · {SLIDES[key]}"
    params = {**page_query(query), **replace(flt, slides=shown if flt.slides else ()).to_params()}
    return content, counter, "?" + urlencode(params)


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output(ids.Praesentation.SLIDE, "children"),
        Output(ids.Praesentation.COUNTER, "children"),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Input(ids.Praesentation.SLIDE_INDEX, "data"),
        Input(ids.Praesentation.SLIDES, "value"),
        State(ids.Shell.URL, "search"),
        prevent_initial_call="initial_duplicate",
    )
    def _slide(index, chosen, search):
        return show_slide(db, index, chosen, search)
