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
from callbacks.laender_filters import (
    DEFAULT_METRIC,
    growth_in_metric,
    growth_outputs,
    parse_stand,
    select_view,
    target_frame,
)
from callbacks.url_state import encode_query, parse_choice, parse_query
from data.db import Database
from data.geo import LAENDER_GEOJSON
from data.queries import laender as queries
from data.queries.program import program_info
from layouts import format as fmt
from layouts import laender as view
from layouts import laender_figures as figures
from layouts import laender_metrics as metrics
from layouts import laender_tables as tables

GEOJSON_URL = "/geo/laender.geo.json"
STATE_CODE = re.compile(r"^DE-[A-Z]{2}$")


def render_laender(db: Database, query: dict[str, str]):
    """The page for a URL: filters from the query string, bad values noted and ignored."""
    notes: list[str] = []
    with db.session() as session:
        program = program_info(session)
    days = metrics.stand_days(program.starts_on, program.ends_on)
    stand = parse_stand(query, program, days, notes)
    metric = parse_choice(query, "kennzahl", metrics.METRICS, notes) or DEFAULT_METRIC
    return view.laender_layout(program.name, days, stand, metric, notes)


def update_laender(db: Database, stand: int | None, metric: str | None):
    """Stand label, map (+ table), comparison grid rows, published-vs-recorded table and the URL query."""
    with db.session() as session:
        sel = select_view(session, stand, metric)
        frame = metrics.with_target_status(
            queries.state_comparison(session, sel.program.id, sel.day), sel.day, sel.program.starts_on
        )
    return (
        fmt.day(sel.day),
        figures.map_figure(frame, sel.metric, GEOJSON_URL, sel.day),
        tables.map_table(frame, sel.metric),
        tables.comparison_rows(frame, sel.stand_param),
        tables.published_table(tables.published_rows(frame), sel.day),
        sel.query,
    )


def update_laender_growth(db: Database, stand: int | None, metric: str | None):
    """Growth per state in the chosen metric up to the Stand, against the target path (+ table)."""
    with db.session() as session:
        sel = select_view(session, stand, metric)
        frame = target_frame(session, sel)
        growth = growth_in_metric(session, sel.program, sel.day, sel.metric, frame)
    return growth_outputs(sel, frame, growth)


def update_laender_pipeline(db: Database, stand: int | None):
    """Municipalities per state by pipeline stage at the Stand (+ table) and median days between stages."""
    with db.session() as session:
        sel = select_view(session, stand, None)
        frame = queries.target_progress(session, sel.program.id, sel.day)
        frame = frame.join(queries.stage_counts(session, sel.day, list(frame["code"])), on="code")
        medians = queries.pipeline_medians(session, sel.day)
    names = dict(zip(frame["code"], frame["name"], strict=True))
    return figures.pipeline_figure(frame), tables.pipeline_table(frame), tables.medians_table(medians, names)


def update_laender_milestones(db: Database, stand: int | None):
    """The milestone timeline with the Stand marked (+ table)."""
    with db.session() as session:
        sel = select_view(session, stand, None)
        milestones = queries.milestones(session, sel.program.id)
        names = queries.state_names(session)
    return (
        figures.milestones_figure(milestones, names, sel.day, sel.program.starts_on, sel.program.ends_on),
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
    query = {key: value for key, value in parse_query(search).items() if key in ("stand", "kennzahl")}
    return f"/laender/{code}", encode_query(query)


def register(app: Dash, db: Database) -> None:
    app.server.add_url_rule(
        GEOJSON_URL,
        "laender_geojson",
        lambda: send_file(LAENDER_GEOJSON, mimetype="application/geo+json", max_age=86400),
    )
    filters = (Input("laender-stand", "value"), Input("laender-metric", "value"))

    @app.callback(
        Output("laender-stand-label", "children"),
        Output("laender-map", "figure"),
        Output("laender-map-table", "children"),
        Output("laender-grid", "rowData"),
        Output("laender-published", "children"),
        Output("url", "search", allow_duplicate=True),
        *filters,
        prevent_initial_call="initial_duplicate",
    )
    def _update(stand, metric):
        return update_laender(db, stand, metric)

    @app.callback(Output("laender-growth", "figure"), Output("laender-growth-table", "children"), *filters)
    def _growth(stand, metric):
        return update_laender_growth(db, stand, metric)

    @app.callback(
        Output("laender-pipeline", "figure"),
        Output("laender-pipeline-table", "children"),
        Output("laender-medians", "children"),
        Input("laender-stand", "value"),
    )
    def _pipeline(stand):
        return update_laender_pipeline(db, stand)

    @app.callback(
        Output("laender-milestones", "figure"),
        Output("laender-milestones-table", "children"),
        Input("laender-stand", "value"),
    )
    def _milestones(stand):
        return update_laender_milestones(db, stand)

    @app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Output("url", "search", allow_duplicate=True),
        Input("laender-map", "clickData"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _open_state(click_data, search):
        link = state_link(click_data, search)
        return link if link else (no_update, no_update)

    laender_detail.register(app, db)
