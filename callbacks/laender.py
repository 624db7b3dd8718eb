"""Länder: Stand slider and metric (URL ``stand``/``kennzahl``) → map, comparison, growth, pipeline, milestones.

The page is filled by four small callbacks (summary, growth, pipeline, milestones) that run in
parallel, so each stays fast. Also registers the state page (:mod:`callbacks.laender_detail`),
the map click that opens it and the route that serves the state boundaries to the browser.
"""

from __future__ import annotations

import re

from dash import Dash, Input, Output, State, no_update
from flask import send_file

from callbacks import laender_detail
from callbacks.url_state import parse_query
from data.db import Database
from data.geo import LAENDER_GEOJSON
from data.queries import laender as queries
from data.queries.laender import LaenderFilter
from data.queries.laender_view import (
    comparison_frame,
    growth_in_metric,
    select_view,
    selection_from_query,
    target_frame,
)
from layouts import format as fmt
from layouts import ids
from layouts import laender as view
from layouts import laender_figures as figures
from layouts import laender_tables as tables

GEOJSON_URL = "/geo/laender.geo.json"
STATE_CODE = re.compile(r"^DE-[A-Z]{2}$")


def render_laender(db: Database, query: dict[str, str]):
    """The page for a URL: filters from the query string, bad values noted and ignored."""
    sel, notes = selection_from_query(db, query)
    return view.laender_layout(sel.program.name, sel.days, sel.index, sel.metric, notes)


def update_laender(db: Database, stand: int | None, metric: str | None):
    """Stand label, map (+ table), comparison grid rows, published-vs-recorded table and the URL query."""
    sel = db.read(select_view, stand, metric)
    frame = db.read(comparison_frame, sel)
    return (
        fmt.day(sel.day),
        figures.map_figure(
            frame,
            sel.metric,
            GEOJSON_URL,
            sel.day,
            chart_frame=figures.laender_frame(sel, "karte"),
        ),
        tables.map_table(frame, sel.metric),
        tables.comparison_rows(frame, sel.query),
        tables.published_table(tables.published_rows(frame), sel.day),
        sel.query,
    )


def update_laender_growth(db: Database, stand: int | None, metric: str | None):
    """Growth per state in the chosen metric up to the Stand, against the target path (+ table)."""
    sel = db.read(select_view, stand, metric)
    frame = db.read(target_frame, sel)
    growth = db.read(growth_in_metric, sel, frame)
    return figures.growth_outputs(sel, frame, growth)


def update_laender_pipeline(db: Database, stand: int | None):
    """Municipalities per state by pipeline stage at the Stand (+ table) and median days between stages."""
    sel = db.read(select_view, stand, None)
    frame = db.read(queries.target_progress, sel.program.id, sel.day)
    frame = frame.join(db.read(queries.stage_counts, sel.day, list(frame["code"])), on="code")
    medians = db.read(queries.pipeline_medians, sel.day)
    names = dict(zip(frame["code"], frame["name"], strict=True))
    figure = figures.pipeline_figure(frame, chart_frame=figures.laender_frame(sel, "pipeline"))
    return figure, tables.pipeline_table(frame), tables.medians_table(medians, names)


def update_laender_milestones(db: Database, stand: int | None):
    """The milestone timeline with the Stand marked (+ table)."""
    sel = db.read(select_view, stand, None)
    milestones = db.read(queries.milestones, sel.program.id)
    names = db.read(queries.state_names)
    return (
        figures.milestones_figure(
            milestones,
            names,
            sel.day,
            sel.program.starts_on,
            sel.program.ends_on,
            chart_frame=figures.laender_frame(sel, "meilensteine"),
        ),
        tables.milestones_table(milestones, names, sel.day),
    )


def state_link(click_data: dict | None, search: str | None) -> tuple[str, str] | None:
    """Path and query of the state page for a click on the map (keeping Stand and metric), or None."""
    try:
        code = click_data["points"][0]["location"]
    except (TypeError, KeyError, IndexError):
        return None
    if not isinstance(code, str) or not STATE_CODE.match(code):
        return None
    flt, _notes = LaenderFilter.from_query(parse_query(search))
    return f"/laender/{code}", flt.to_query()


def register(app: Dash, db: Database) -> None:
    app.server.add_url_rule(
        GEOJSON_URL,
        "laender_geojson",
        lambda: send_file(LAENDER_GEOJSON, mimetype="application/geo+json", max_age=86400),
    )
    filters = (Input(ids.Laender.STAND, "value"), Input(ids.Laender.METRIC, "value"))

    @app.callback(
        Output(ids.Laender.STAND_LABEL, "children"),
        Output(ids.Laender.MAP, "figure"),
        Output(ids.Laender.MAP_TABLE, "children"),
        Output(ids.Laender.GRID, "rowData"),
        Output(ids.Laender.PUBLISHED, "children"),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        *filters,
        prevent_initial_call="initial_duplicate",
    )
    def _update(stand, metric):
        return update_laender(db, stand, metric)

    @app.callback(Output(ids.Laender.GROWTH, "figure"), Output(ids.Laender.GROWTH_TABLE, "children"), *filters)
    def _growth(stand, metric):
        return update_laender_growth(db, stand, metric)

    @app.callback(
        Output(ids.Laender.PIPELINE, "figure"),
        Output(ids.Laender.PIPELINE_TABLE, "children"),
        Output(ids.Laender.MEDIANS, "children"),
        Input(ids.Laender.STAND, "value"),
    )
    def _pipeline(stand):
        return update_laender_pipeline(db, stand)

    @app.callback(
        Output(ids.Laender.MILESTONES, "figure"),
        Output(ids.Laender.MILESTONES_TABLE, "children"),
        Input(ids.Laender.STAND, "value"),
    )
    def _milestones(stand):
        return update_laender_milestones(db, stand)

    @app.callback(
        Output(ids.Shell.URL, "pathname", allow_duplicate=True),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Input(ids.Laender.MAP, "clickData"),
        State(ids.Shell.URL, "search"),
        prevent_initial_call=True,
    )
    def _open_state(click_data, search):
        link = state_link(click_data, search)
        return link if link else (no_update, no_update)

    laender_detail.register(app, db)
