"""State page ``/laender/<code>``: Stand slider and metric (URL ``stand``/``kennzahl``) → KPIs, growth,
municipalities, measures, cohorts, pipeline. Unknown codes give the friendly 404 page.

Like the Länder page it is filled by a few small callbacks that run in parallel.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from callbacks.errors import PageNotFound
from callbacks.fold_outs import is_open, open_tables
from callbacks.session_user import current_actor
from data.db import Database
from data.ids import parse_state_code
from data.permissions import may_edit_state
from data.queries import laender as queries
from data.queries import laender_detail as detail
from data.queries.laender_view import (
    comparison_frame,
    growth_in_metric,
    select_view,
    selection_from_query,
    target_frame,
)
from layouts import format as fmt
from layouts import ids
from layouts import laender_detail as land_view
from layouts import laender_figures as figures
from layouts import laender_tables as tables


def render_land(db: Database, query: dict[str, str], code: str):
    """The page of one state; raises ``PageNotFound`` for a code that is not a German state."""

    state_code = parse_state_code(code)
    info = db.read(detail.state_info, state_code) if state_code else None
    if info is None:
        raise PageNotFound(f"Ein Land mit dem Kürzel „{code}“ gibt es nicht. Gültig sind z. B. DE-NW oder DE-SL.")
    sel, notes = selection_from_query(db, query)
    actor = current_actor()
    can_edit = may_edit_state(actor, state_code)
    return land_view.land_layout(info, sel.days, sel.index, sel.metric, notes, sel.query, can_edit)


def update_land(db: Database, code: str, stand: int | None, metric: str | None):
    """Stand label, KPI cards (with published markers), pipeline summary and the URL query."""
    sel = db.read(select_view, stand, metric)
    frame = db.read(comparison_frame, sel, code)
    medians = db.read(queries.pipeline_medians, sel.day, code)
    milestones = db.read(queries.milestones, sel.program.id, code)
    row = next(frame.itertuples(), None)
    if row is None:  # a well-formed code of no state (e.g. a forged ``DE-XX``): nothing to show
        return (no_update,) * 4
    medians_table = tables.medians_table(medians, {code: row.name}, ids.Land.MEDIANS_TABLE)
    return (
        fmt.day(sel.day),
        land_view.kpi_row(row, sel.day),
        land_view.pipeline_summary(row, medians_table, milestones, sel.day),
        sel.query,
    )


def update_land_growth(db: Database, code: str, stand: int | None, metric: str | None):
    """The state's growth in the chosen metric against its target path."""
    sel = db.read(select_view, stand, metric)
    frame = db.read(target_frame, sel, code)
    growth = db.read(growth_in_metric, sel, frame, code)
    return figures.growth_chart(sel, frame, growth, state_name=next(iter(frame["name"]), code))


def update_land_tables(db: Database, code: str, stand: int | None, metric: str | None, toggles: tuple) -> tuple:
    """The table alternatives of growth and measure status: each only while its fold-out is open."""
    if not any(is_open(clicks) for clicks in toggles):
        return (None,) * len(toggles)
    sel = db.read(select_view, stand, metric)

    def growth_table():
        frame = db.read(target_frame, sel, code)
        names = dict(zip(frame["code"], frame["name"], strict=True))
        return tables.growth_table(db.read(growth_in_metric, sel, frame, code), names, sel.metric)

    def measures_table():
        return land_view.measures_table(db.read(detail.state_measure_status, code, sel.day))

    return open_tables(toggles, (growth_table, measures_table))


def update_land_municipalities(db: Database, code: str, stand: int | None, show_retired: object = None):
    """The list of the state's municipalities at the Stand; retired ones too when the switch is on."""
    sel = db.read(select_view, stand, None)
    with_retired = isinstance(show_retired, list) and land_view.SHOW_RETIRED in show_retired
    municipalities = db.read(detail.state_municipalities, sel.program.id, code, sel.day, with_retired)
    return land_view.municipality_grid(municipalities)


def update_land_measures(db: Database, code: str, stand: int | None):
    """Measure status per program and the state's cohorts, both up to the Stand."""
    sel = db.read(select_view, stand, None)
    status = db.read(detail.state_measure_status, code, sel.day)
    cohorts = db.read(detail.state_cohorts, code, sel.day)
    name = db.read(queries.state_names).get(code, code)
    figure = figures.measure_status_figure(status, chart_frame=figures.laender_frame(sel, "massnahmen", name))
    return figure, land_view.cohorts_list(cohorts)


def register(app: Dash, db: Database) -> None:
    state = State(ids.Land.CODE, "data")

    @app.callback(
        Output(ids.Land.STAND_LABEL, "children"),
        Output(ids.Land.KPIS, "children"),
        Output(ids.Land.PIPELINE, "children"),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Input(ids.Land.STAND, "value"),
        Input(ids.Land.METRIC, "value"),
        Input(ids.Land.REVISION, "data"),
        state,
        prevent_initial_call="initial_duplicate",
    )
    def _update(stand, metric, _revision, state_code):
        code = parse_state_code(state_code)
        return update_land(db, code, stand, metric) if code else (no_update,) * 4

    @app.callback(
        Output(ids.Land.GROWTH, "figure"),
        Input(ids.Land.STAND, "value"),
        Input(ids.Land.METRIC, "value"),
        Input(ids.Land.REVISION, "data"),
        state,
    )
    def _growth(stand, metric, _revision, state_code):
        code = parse_state_code(state_code)
        return update_land_growth(db, code, stand, metric) if code else no_update

    @app.callback(
        Output(ids.Land.GROWTH_TABLE, "children"),
        Output(ids.Land.MEASURES_TABLE, "children"),
        Input(ids.Land.GROWTH_TABLE_TOGGLE, "n_clicks"),
        Input(ids.Land.MEASURES_TABLE_TOGGLE, "n_clicks"),
        Input(ids.Land.STAND, "value"),
        Input(ids.Land.METRIC, "value"),
        Input(ids.Land.REVISION, "data"),
        state,
    )
    def _tables(growth_clicks, measures_clicks, stand, metric, _revision, state_code):
        code = parse_state_code(state_code)
        return (
            update_land_tables(db, code, stand, metric, (growth_clicks, measures_clicks)) if code else (no_update,) * 2
        )

    @app.callback(
        Output(ids.Land.MUNICIPALITIES, "children"),
        Input(ids.Land.STAND, "value"),
        Input(ids.Land.REVISION, "data"),
        Input(ids.Land.SHOW_RETIRED, "value"),
        state,
    )
    def _municipalities(stand, _revision, show_retired, state_code):
        code = parse_state_code(state_code)
        return update_land_municipalities(db, code, stand, show_retired) if code else no_update

    @app.callback(
        Output(ids.Land.MEASURES, "figure"),
        Output(ids.Land.COHORTS, "children"),
        Input(ids.Land.STAND, "value"),
        Input(ids.Land.REVISION, "data"),
        state,
    )
    def _measures(stand, _revision, state_code):
        code = parse_state_code(state_code)
        return update_land_measures(db, code, stand) if code else (no_update,) * 2
