"""Übersicht: period filter (URL ``von``/``bis``/``kennzahl``) → KPIs, progress chart, latest changes."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, no_update

from callbacks.url_state import encode_query, parse_choice, parse_period
from data.db import Database
from data.queries.overview import latest_changes, monthly_progress, program_kpis
from data.queries.program import program_info, program_targets
from layouts import overview as view

DEFAULT_METRIC = "kommunen"


def render_overview(db: Database, query: dict[str, str]):
    """The page for a URL: filters from the query string, bad values noted and ignored."""
    notes: list[str] = []
    with db.session() as session:
        program = program_info(session)
    start, end = parse_period(query, program.starts_on, program.ends_on, notes)
    metric = parse_choice(query, "kennzahl", view.METRICS, notes) or DEFAULT_METRIC
    return view.overview_layout(program.name, program.starts_on, program.ends_on, start, end, metric, notes)


def update_overview(db: Database, start_date: str | None, end_date: str | None, metric: str | None):
    """KPI cards, progress figure, its table, latest changes and the URL query for one filter state."""
    metric = metric if metric in view.METRICS else DEFAULT_METRIC
    with db.session() as session:
        program = program_info(session)
        start, end = _dates(start_date, end_date, program.starts_on, program.ends_on)
        kpis = program_kpis(session, program.id, start, end)
        progress = monthly_progress(session, program.id, program.starts_on, start, end)
        targets = program_targets(session, program.id).set_index("metric")
        changes = latest_changes(session)
    target = targets.loc[metric] if metric in targets.index else None
    figure = view.progress_figure(
        progress,
        metric,
        float(target["value"]) if target is not None else None,
        program.starts_on,
        target["due_on"] if target is not None else None,
    )
    query = {
        "von": start if start != program.starts_on else None,
        "bis": end if end != program.ends_on else None,
        "kennzahl": metric if metric != DEFAULT_METRIC else None,
    }
    return view.kpi_cards(kpis), figure, view.progress_table(progress), view.changes_list(changes), encode_query(query)


def preset_period(db: Database, preset: str | None) -> tuple[date, date]:
    """Dates for a preset ("gesamt" or a year), clipped to the program period."""
    with db.session() as session:
        program = program_info(session)
    if preset is None or preset == "gesamt":
        return program.starts_on, program.ends_on
    year = int(preset)
    return max(program.starts_on, date(year, 1, 1)), min(program.ends_on, date(year, 12, 31))


def _dates(start_date: str | None, end_date: str | None, first: date, last: date) -> tuple[date, date]:
    start = _iso(start_date) or first
    end = _iso(end_date) or last
    start, end = max(first, min(start, last)), max(first, min(end, last))
    return (start, end) if start <= end else (end, start)


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output("overview-kpis", "children"),
        Output("overview-progress", "figure"),
        Output("overview-progress-table", "children"),
        Output("overview-changes", "children"),
        Output("url", "search", allow_duplicate=True),
        Input("overview-period", "start_date"),
        Input("overview-period", "end_date"),
        Input("overview-metric", "value"),
        prevent_initial_call="initial_duplicate",
    )
    def _update(start_date, end_date, metric):
        return update_overview(db, start_date, end_date, metric)

    @app.callback(
        Output("overview-period", "start_date"),
        Output("overview-period", "end_date"),
        Input("overview-preset", "value"),
        State("overview-period", "start_date"),
        prevent_initial_call=True,
    )
    def _preset(preset, _current):
        if preset is None:
            return no_update, no_update
        start, end = preset_period(db, preset)
        return start.isoformat(), end.isoformat()
