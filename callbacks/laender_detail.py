"""State page ``/laender/<code>``: Stand slider and metric (URL ``stand``/``kennzahl``) → KPIs, growth,
municipalities, measures, cohorts, pipeline. Unknown codes give the friendly 404 page.

Like the Länder page it is filled by a few small callbacks that run in parallel.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State

from callbacks.errors import PageNotFound
from callbacks.laender_filters import (
    DEFAULT_METRIC,
    growth_in_metric,
    growth_outputs,
    parse_stand,
    select_view,
    target_frame,
)
from callbacks.url_state import encode_query, parse_choice
from data.db import Database
from data.ids import parse_state_code
from data.queries import laender as queries
from data.queries import laender_detail as detail
from data.queries.program import program_info
from layouts import format as fmt
from layouts import laender_detail as land_view
from layouts import laender_figures as figures
from layouts import laender_metrics as metrics
from layouts import laender_tables as tables


def render_land(db: Database, query: dict[str, str], code: str):
    """The page of one state; raises ``PageNotFound`` for a code that is not a German state."""

    notes: list[str] = []
    with db.session() as session:
        program = program_info(session)
        state_code = parse_state_code(code)
        info = detail.state_info(session, state_code) if state_code else None
    if info is None:
        raise PageNotFound(f"Ein Land mit dem Kürzel „{code}“ gibt es nicht. Gültig sind z. B. DE-NW oder DE-SL.")
    days = metrics.stand_days(program.starts_on, program.ends_on)
    stand = parse_stand(query, program, days, notes)
    metric = parse_choice(query, "kennzahl", metrics.METRICS, notes) or DEFAULT_METRIC
    back = encode_query({k: v for k, v in query.items() if k in ("stand", "kennzahl")})
    return land_view.land_layout(info, days, stand, metric, notes, back)


def update_land(db: Database, code: str, stand: int | None, metric: str | None):
    """Stand label, KPI cards (with published markers), pipeline summary and the URL query."""
    with db.session() as session:
        sel = select_view(session, stand, metric)
        frame = metrics.with_target_status(
            queries.state_comparison(session, sel.program.id, sel.day, code), sel.day, sel.program.starts_on
        )
        medians = queries.pipeline_medians(session, sel.day, code)
        milestones = queries.milestones(session, sel.program.id, code)
    row = next(frame.itertuples())
    medians_table = tables.medians_table(medians, {code: row.name}, "land-medians-table")
    return (
        fmt.day(sel.day),
        land_view.kpi_row(row, sel.day),
        land_view.pipeline_summary(row, medians_table, milestones, sel.day),
        sel.query,
    )


def update_land_growth(db: Database, code: str, stand: int | None, metric: str | None):
    """The state's growth in the chosen metric against its target path (+ table)."""
    with db.session() as session:
        sel = select_view(session, stand, metric)
        frame = target_frame(session, sel, code)
        growth = growth_in_metric(session, sel.program, sel.day, sel.metric, frame, code)
    return growth_outputs(sel, frame, growth)


def update_land_municipalities(db: Database, code: str, stand: int | None):
    with db.session() as session:
        sel = select_view(session, stand, None)
        municipalities = detail.state_municipalities(session, sel.program.id, code, sel.day)
    return land_view.municipality_grid(municipalities)


def update_land_measures(db: Database, code: str, stand: int | None):
    """Measure status per program (+ table) and the state's cohorts, both up to the Stand."""
    with db.session() as session:
        sel = select_view(session, stand, None)
        status = detail.state_measure_status(session, code, sel.day)
        cohorts = detail.state_cohorts(session, code, sel.day)
    return figures.measure_status_figure(status), land_view.measures_table(status), land_view.cohorts_list(cohorts)


def register(app: Dash, db: Database) -> None:
    code = State("land-code", "data")

    @app.callback(
        Output("land-stand-label", "children"),
        Output("land-kpis", "children"),
        Output("land-pipeline", "children"),
        Output("url", "search", allow_duplicate=True),
        Input("land-stand", "value"),
        Input("land-metric", "value"),
        code,
        prevent_initial_call="initial_duplicate",
    )
    def _update(stand, metric, state_code):
        return update_land(db, state_code, stand, metric)

    @app.callback(
        Output("land-growth", "figure"),
        Output("land-growth-table", "children"),
        Input("land-stand", "value"),
        Input("land-metric", "value"),
        code,
    )
    def _growth(stand, metric, state_code):
        return update_land_growth(db, state_code, stand, metric)

    @app.callback(Output("land-municipalities", "children"), Input("land-stand", "value"), code)
    def _municipalities(stand, state_code):
        return update_land_municipalities(db, state_code, stand)

    @app.callback(
        Output("land-measures", "figure"),
        Output("land-measures-table", "children"),
        Output("land-cohorts", "children"),
        Input("land-stand", "value"),
        code,
    )
    def _measures(stand, state_code):
        return update_land_measures(db, state_code, stand)
