"""URL → page. One table of routes; unknown paths and unknown ids get the friendly 404 page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dash import Dash, Input, Output, State, html
from sqlalchemy.orm import Session

from callbacks import (
    admin_users,
    bericht,
    import_page,
    kohorten,
    kohorten_detail,
    laender,
    laender_detail,
    massnahmen,
    measure_detail,
    nachfragen,
    overview,
    praesentation,
)
from callbacks.errors import PageNotFound
from callbacks.url_state import parse_query
from data.db import Database
from data.imports.history import run_exists
from data.queries.existence import cohort_exists, measure_exists, state_exists
from layouts import ids
from layouts.components import not_found
from layouts.shell import GRID_SKIP_LINKS_ID, grid_skip_links

Renderer = Callable[..., html.Div]
KeyCheck = Callable[[Session, str], bool]


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    render: Renderer  # render(db, query, **path_params)
    title: str
    exists: KeyCheck | None = None  # for a path naming a row: does that row exist? (decides 200 or 404)


ROUTES: list[Route] = [
    Route(re.compile(r"^/$"), overview.render_overview, "Übersicht"),
    Route(re.compile(r"^/laender/?$"), laender.render_laender, "Länder"),
    Route(re.compile(r"^/laender/(?P<code>[^/]+)/?$"), laender_detail.render_land, "Land", state_exists),
    Route(re.compile(r"^/kohorten/?$"), kohorten.render_kohorten, "Kohorten"),
    Route(re.compile(r"^/kohorten/(?P<cohort_id>[^/]+)/?$"), kohorten_detail.render_kohorte, "Kohorte", cohort_exists),
    Route(re.compile(r"^/massnahmen/?$"), massnahmen.render_massnahmen, "Maßnahmen"),
    Route(
        re.compile(r"^/massnahmen/(?P<measure_id>[^/]+)/?$"),
        measure_detail.render_measure_detail,
        "Maßnahme",
        measure_exists,
    ),
    Route(re.compile(r"^/verwaltung/nutzer/?$"), admin_users.render_users, "Nutzerverwaltung"),
    Route(re.compile(r"^/nachfragen/?$"), nachfragen.render_nachfragen, "Meine Nachfragen"),
    Route(re.compile(r"^/verwaltung/mail/?$"), nachfragen.render_mail, "Mail"),
    Route(re.compile(r"^/import/?$"), import_page.render_import, "Import"),
    Route(re.compile(r"^/import/(?P<run_id>\d{1,9})/?$"), import_page.render_run, "Import", run_exists),
    Route(re.compile(r"^/praesentation/?$"), praesentation.render_praesentation, "Präsentation"),
    Route(re.compile(r"^/bericht/?$"), bericht.render_bericht, "Bericht"),
]


def path_exists(db: Database, path: str) -> bool:
    """True if ``path`` names a page that exists: a known route and, for id routes, an existing row."""
    for route in ROUTES:
        match = route.pattern.match(path)
        if match:
            if route.exists is None:
                return True
            (key,) = match.groupdict().values()
            return db.read(route.exists, key)
    return False


def render_page(db: Database, pathname: str | None, search: str | None) -> tuple[html.Div, str]:
    """The page content and the browser title for a path and query string (anything else: not found)."""
    path = "/" if pathname in (None, "") else str(pathname)
    query = parse_query(search if isinstance(search, str) else None)
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
