"""Länder: Stand slider and metric (URL ``stand``/``kennzahl``) → map, comparison, growth, pipeline, milestones.

The page is filled by four small callbacks (summary, growth, pipeline, milestones) that run in
parallel, so each stays fast. Also registers the state page (:mod:`callbacks.laender_detail`)
and the map click that opens it.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from callbacks import laender_detail
from callbacks.fold_outs import is_open, open_tables
from callbacks.url_state import parse_query
from data.db import Database
from data.geo import state_code_at
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

TABLES = (  # the charts' table alternatives and their fold-outs' summaries, in update_laender_tables' order
    (ids.Laender.MAP_TABLE, ids.Laender.MAP_TABLE_TOGGLE),
    (ids.Laender.GROWTH_TABLE, ids.Laender.GROWTH_TABLE_TOGGLE),
    (ids.Laender.PIPELINE_TABLE, ids.Laender.PIPELINE_TABLE_TOGGLE),
    (ids.Laender.MILESTONES_TABLE, ids.Laender.MILESTONES_TABLE_TOGGLE),
)


def render_laender(db: Database, query: dict[str, str]):
    """The page for a URL: filters from the query string, bad values noted and ignored."""
    sel, notes = selection_from_query(db, query)
    return view.laender_layout(sel.program.name, sel.days, sel.index, sel.metric, notes)


def update_laender(db: Database, stand: int | None, metric: str | None):
    """Stand label, map, comparison grid rows, published-vs-recorded table and the URL query."""
    sel = db.read(select_view, stand, metric)
    frame = db.read(comparison_frame, sel)
    return (
        fmt.day(sel.day),
        figures.map_figure(frame, sel.metric, sel.day, chart_frame=figures.laender_frame(sel, "karte")),
        tables.comparison_rows(frame, sel.query),
        tables.published_table(tables.published_rows(frame), sel.day),
        sel.query,
    )


def update_laender_growth(db: Database, stand: int | None, metric: str | None):
    """Growth per state in the chosen metric up to the Stand, against the target path."""
    sel = db.read(select_view, stand, metric)
    frame = db.read(target_frame, sel)
    return figures.growth_chart(sel, frame, db.read(growth_in_metric, sel, frame))


def update_laender_pipeline(db: Database, stand: int | None):
    """Municipalities per state by pipeline stage at the Stand and median days between stages."""
    sel = db.read(select_view, stand, None)
    frame = _pipeline_frame(db, sel)
    medians = db.read(queries.pipeline_medians, sel.day)
    names = dict(zip(frame["code"], frame["name"], strict=True))
    figure = figures.pipeline_figure(frame, chart_frame=figures.laender_frame(sel, "pipeline"))
    return figure, tables.medians_table(medians, names)


def update_laender_milestones(db: Database, stand: int | None):
    """The milestone timeline with the Stand marked."""
    sel = db.read(select_view, stand, None)
    return figures.milestones_figure(
        db.read(queries.milestones, sel.program.id),
        db.read(queries.state_names),
        sel.day,
        sel.program.starts_on,
        sel.program.ends_on,
        chart_frame=figures.laender_frame(sel, "meilensteine"),
    )


def update_laender_tables(db: Database, stand: int | None, metric: str | None, toggles: tuple) -> tuple:
    """The table alternatives of map, growth, pipeline and milestones: each only while its fold-out is open."""
    if not any(is_open(clicks) for clicks in toggles):
        return (None,) * len(toggles)
    sel = db.read(select_view, stand, metric)

    def growth_table():
        frame = db.read(target_frame, sel)
        names = dict(zip(frame["code"], frame["name"], strict=True))
        return tables.growth_table(db.read(growth_in_metric, sel, frame), names, sel.metric)

    def milestones_table():
        return tables.milestones_table(
            db.read(queries.milestones, sel.program.id), db.read(queries.state_names), sel.day
        )

    builders = (
        lambda: tables.map_table(db.read(comparison_frame, sel), sel.metric),
        growth_table,
        lambda: tables.pipeline_table(_pipeline_frame(db, sel)),
        milestones_table,
    )
    return open_tables(toggles, builders)


def _pipeline_frame(db: Database, sel):
    """Targets and progress per state with the number of municipalities in each pipeline stage."""
    frame = db.read(queries.target_progress, sel.program.id, sel.day)
    return frame.join(db.read(queries.stage_counts, sel.day, list(frame["code"])), on="code")


def state_link(click_data: dict | None, search: str | None) -> tuple[str, str] | None:
    """Path and query of the state page for a click on the map (keeping Stand and metric), or None."""
    try:
        position = click_data["points"][0]["curveNumber"]
    except (TypeError, KeyError, IndexError):
        return None
    code = state_code_at(position) if isinstance(position, int) and not isinstance(position, bool) else None
    if code is None:
        return None
    flt, _notes = LaenderFilter.from_query(parse_query(search))
    return f"/laender/{code}", flt.to_query()


def register(app: Dash, db: Database) -> None:
    filters = (Input(ids.Laender.STAND, "value"), Input(ids.Laender.METRIC, "value"))

    @app.callback(
        Output(ids.Laender.STAND_LABEL, "children"),
        Output(ids.Laender.MAP, "figure"),
        Output(ids.Laender.GRID, "rowData"),
        Output(ids.Laender.PUBLISHED, "children"),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        *filters,
        prevent_initial_call="initial_duplicate",
    )
    def _update(stand, metric):
        return update_laender(db, stand, metric)

    @app.callback(Output(ids.Laender.GROWTH, "figure"), *filters)
    def _growth(stand, metric):
        return update_laender_growth(db, stand, metric)

    @app.callback(
        Output(ids.Laender.PIPELINE, "figure"),
        Output(ids.Laender.MEDIANS, "children"),
        Input(ids.Laender.STAND, "value"),
    )
    def _pipeline(stand):
        return update_laender_pipeline(db, stand)

    @app.callback(Output(ids.Laender.MILESTONES, "figure"), Input(ids.Laender.STAND, "value"))
    def _milestones(stand):
        return update_laender_milestones(db, stand)

    @app.callback(
        *[Output(table, "children") for table, _toggle in TABLES],
        *filters,
        *[Input(toggle, "n_clicks") for _table, toggle in TABLES],
        prevent_initial_call=True,
    )
    def _tables(stand, metric, *toggles):
        return update_laender_tables(db, stand, metric, toggles)

    @app.callback(
        Output(ids.Laender.NAV, "href"),
        Input(ids.Laender.MAP, "clickData"),
        State(ids.Shell.URL, "search"),
        prevent_initial_call=True,
    )
    def _open_state(click_data, search):
        link = state_link(click_data, search)
        return "".join(link) if link else no_update

    laender_detail.register(app, db)
