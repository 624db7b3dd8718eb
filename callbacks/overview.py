"""Übersicht: period filter (URL ``von``/``bis``/``kennzahl``) → KPIs, progress chart, latest changes."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, no_update

from callbacks.fold_outs import is_open
from callbacks.triggers import triggered_id
from data.db import Database
from data.queries.changes import latest_changes
from data.queries.overview import OverviewFilter, monthly_progress, program_kpis
from data.queries.program import ProgramInfo, program_info, program_targets
from layouts import ids
from layouts import overview as view
from layouts.changes import changes_list, no_changes_note


def render_overview(db: Database, query: dict[str, str]):
    """The page for a URL: filters from the query string, bad values noted and ignored."""
    program = db.read(program_info)
    flt, notes = OverviewFilter.from_query(query, {"period": (program.starts_on, program.ends_on)})
    start, end = flt.period(program.starts_on, program.ends_on)
    return view.overview_layout(program.name, program.starts_on, program.ends_on, start, end, flt.metric, notes)


def update_overview(db: Database, start_date: object, end_date: object, metric: object):
    """KPI cards, progress figure, latest changes and the URL query for one filter state."""
    program = db.read(program_info)
    flt = _filter(program, start_date, end_date, metric)
    metric = flt.metric
    start, end = flt.period(program.starts_on, program.ends_on)
    kpis = db.read(program_kpis, program.id, start, end)
    progress = db.read(monthly_progress, program.id, program.starts_on, start, end)
    targets = db.read(program_targets, program.id).set_index("metric")
    changes = db.read(latest_changes, program.id, start, end)
    target = targets.loc[metric] if metric in targets.index else None
    figure = view.progress_figure(
        progress,
        metric,
        float(target["value"]) if target is not None else None,
        program.starts_on,
        target["due_on"] if target is not None else None,
        chart_frame=view.progress_frame(program.short_name, metric, start, end),
    )
    return (
        view.kpi_cards(kpis),
        figure,
        changes_list(changes, no_changes_note(program.short_name, start, end)),
        flt.to_query(),
    )


def update_progress_table(db: Database, start_date: object, end_date: object, clicks: object):
    """The progress chart's table alternative: built only while its fold-out is open."""
    if not is_open(clicks):
        return None
    program = db.read(program_info)
    start, end = _filter(program, start_date, end_date, None).period(program.starts_on, program.ends_on)
    return view.progress_table(db.read(monthly_progress, program.id, program.starts_on, start, end))


def _filter(program: ProgramInfo, start_date: object, end_date: object, metric: object) -> OverviewFilter:
    """The page's filter for the controls' values (user input: checked by the filter's declaration)."""
    controls = {"von": start_date, "bis": end_date, "kennzahl": metric}
    return OverviewFilter.from_values(controls, {"period": (program.starts_on, program.ends_on)})


def preset_period(db: Database, preset: object) -> tuple[date, date]:
    """Dates for a preset ("gesamt" or a year), clipped to the program period."""
    program = db.read(program_info)
    known = isinstance(preset, str) and preset in view.PRESETS  # a forged list, number or text is no preset
    return view.preset_period(preset if known else None, program.starts_on, program.ends_on)


def preset_for(db: Database, start_date: object, end_date: object) -> str | None:
    """The preset whose period the dates are (so its radio button shows as chosen), or None for any other."""
    program = db.read(program_info)
    start, end = _filter(program, start_date, end_date, None).period(program.starts_on, program.ends_on)
    return view.preset_matching(start, end, program.starts_on, program.ends_on)


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output(ids.Overview.KPIS, "children"),
        Output(ids.Overview.PROGRESS, "figure"),
        Output(ids.Overview.CHANGES, "children"),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        Input(ids.Overview.PERIOD, "start_date"),
        Input(ids.Overview.PERIOD, "end_date"),
        Input(ids.Overview.METRIC, "value"),
        prevent_initial_call="initial_duplicate",
    )
    def _update(start_date, end_date, metric):
        return update_overview(db, start_date, end_date, metric)

    @app.callback(
        Output(ids.Overview.PROGRESS_TABLE, "children"),
        Input(ids.Overview.PERIOD, "start_date"),
        Input(ids.Overview.PERIOD, "end_date"),
        Input(ids.Overview.PROGRESS_TABLE_TOGGLE, "n_clicks"),
        prevent_initial_call=True,
    )
    def _table(start_date, end_date, clicks):
        return update_progress_table(db, start_date, end_date, clicks)

    @app.callback(
        Output(ids.Overview.PERIOD, "start_date"),
        Output(ids.Overview.PERIOD, "end_date"),
        Output(ids.Overview.PRESET, "value"),
        Input(ids.Overview.PRESET, "value"),
        Input(ids.Overview.PERIOD, "start_date"),
        Input(ids.Overview.PERIOD, "end_date"),
        prevent_initial_call=True,  # the layout already checks the preset of the dates in the link
    )
    def _preset(preset, start_date, end_date):
        """A chosen preset sets the dates; dates (from the URL or typed) check the preset they match."""
        if triggered_id() == ids.Overview.PRESET and preset is not None:
            start, end = preset_period(db, preset)
            return start.isoformat(), end.isoformat(), no_update
        return no_update, no_update, preset_for(db, start_date, end_date)
