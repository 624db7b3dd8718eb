"""URL → page. One table of routes; unknown paths and unknown ids get the friendly 404 page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash, Input, Output, State, html

from callbacks import kohorten, kohorten_detail, laender, laender_detail, massnahmen, measure_detail, overview
from callbacks.errors import PageNotFound
from callbacks.url_state import parse_query
from data.db import Database
from layouts import ids
from layouts.components import not_found
from layouts.shell import GRID_SKIP_LINKS_ID, grid_skip_links

Renderer = Callable[..., html.Div]


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    render: Renderer  # render(db, query, **path_params)
    title: str


ROUTES: list[Route] = [
    Route(re.compile(r"^/$"), overview.render_overview, "Übersicht"),
    Route(re.compile(r"^/laender/?$"), laender.render_laender, "Länder"),
    Route(re.compile(r"^/laender/(?P<code>[^/]+)/?$"), laender_detail.render_land, "Land"),
    Route(re.compile(r"^/kohorten/?$"), kohorten.render_kohorten, "Kohorten"),
    Route(re.compile(r"^/kohorten/(?P<cohort_id>[^/]+)/?$"), kohorten_detail.render_kohorte, "Kohorte"),
    Route(re.compile(r"^/massnahmen/?$"), massnahmen.render_massnahmen, "Maßnahmen"),
    Route(
        re.compile(r"^/massnahmen/(?P<measure_id>[^/]+)/?$"),
        measure_detail.render_measure_detail,
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
        Output(ids.Shell.PAGE_CONTENT, "children"),
        Output(ids.Shell.PAGE_TITLE_STORE, "data"),
        Output(GRID_SKIP_LINKS_ID, "children"),
        Input(ids.Shell.URL, "pathname"),
        State(ids.Shell.URL, "search"),
    )
    def _route(pathname, search):
        content, title = render_page(db, pathname, search)
        return content, title, grid_skip_links(content)

    app.clientside_callback(
        "function(title) { if (title) { document.title = title; } return window.dash_clientside.no_update; }",
        Output(ids.Shell.TITLE_SINK, "data"),
        Input(ids.Shell.PAGE_TITLE_STORE, "data"),
    )
