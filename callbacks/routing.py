"""URL → page. One table of routes; unknown paths and unknown ids get the friendly 404 page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash, Input, Output, State, html

from callbacks import massnahmen, overview
from callbacks.url_state import parse_query
from data.db import Database
from layouts.components import not_found, work_in_progress


class PageNotFound(LookupError):
    """Raised by a page renderer when the id in the URL does not exist; carries a German message."""


Renderer = Callable[..., html.Div]


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    render: Renderer  # render(db, query, **path_params)
    title: str


def _placeholder(title: str, what: str) -> Renderer:
    def render(_db: Database, _query: dict[str, str], **_params: str) -> html.Div:
        return work_in_progress(title, what)

    return render


ROUTES: list[Route] = [
    Route(re.compile(r"^/$"), lambda db, query: overview.render_overview(db, query), "Übersicht"),
    Route(
        re.compile(r"^/laender/?$"),
        _placeholder("Regionaler Fortschritt", "Karte, Ländervergleich und Pipeline folgen."),
        "Länder",
    ),
    Route(re.compile(r"^/laender/(?P<code>[^/]+)/?$"), _placeholder("Land", "Die Länderseite folgt."), "Land"),
    Route(
        re.compile(r"^/kohorten/?$"),
        _placeholder("Trainings & Kohorten", "Zeitleiste, Teilnahme und Ziele folgen."),
        "Kohorten",
    ),
    Route(
        re.compile(r"^/kohorten/(?P<cohort_id>[^/]+)/?$"),
        _placeholder("Kohorte", "Die Kohortenseite folgt."),
        "Kohorte",
    ),
    Route(re.compile(r"^/massnahmen/?$"), lambda db, query: massnahmen.render_massnahmen(db, query), "Maßnahmen"),
    Route(
        re.compile(r"^/massnahmen/(?P<measure_id>[^/]+)/?$"),
        _placeholder("Maßnahme", "Die Maßnahmenseite folgt."),
        "Maßnahme",
    ),
]


def render_page(db: Database, pathname: str | None, search: str | None) -> tuple[html.Div, str]:
    """The page content and the browser title for a path and query string."""
    path = pathname or "/"
    query = parse_query(search)
    for route in ROUTES:
        match = route.pattern.match(path)
        if match:
            try:
                return route.render(db, query, **match.groupdict()), f"{route.title} · KlikKS-Dashboard"
            except PageNotFound as exc:
                return not_found(str(exc)), "Nicht gefunden · KlikKS-Dashboard"
    return not_found(f"Die Adresse „{path}“ gibt es im Dashboard nicht."), "Nicht gefunden · KlikKS-Dashboard"


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output("page-content", "children"),
        Output("page-title-store", "data"),
        Input("url", "pathname"),
        State("url", "search"),
    )
    def _route(pathname, search):
        return render_page(db, pathname, search)

    app.clientside_callback(
        "function(title) { if (title) { document.title = title; } return window.dash_clientside.no_update; }",
        Output("title-sink", "data"),
        Input("page-title-store", "data"),
    )
