"""Kohorten overview: filters in the URL (``format``, ``status``, ``ort``, ``jahr``) → KPIs, charts, tables."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, no_update

from callbacks import kohorten_detail
from callbacks.session_user import current_actor
from data.db import Database
from data.permissions import can_edit_anything
from data.queries import kohorten as queries
from data.queries.kohorten_funnel import funnel_steps, stage_comparison
from layouts import ids
from layouts import kohorten as view
from layouts import kohorten_figures as figures

COMPARE_LIMIT = 8  # lines in the comparison chart before it becomes unreadable


def render_kohorten(db: Database, query: dict[str, str]):
    """The overview for a URL: filters from the query string, bad values noted and ignored."""
    options = db.read(queries.filter_options)
    filt, notes = queries.CohortFilter.from_query(query, options.choices())
    return view.kohorten_layout(options, filt, notes, can_edit_anything(current_actor()))


def cohort_filter(kinds, statuses, place, year) -> queries.CohortFilter:
    """The filter for the controls' values (user input, too: validated by the same declaration)."""
    return queries.CohortFilter.from_values({"format": kinds, "status": statuses, "ort": place, "jahr": year})


def update_kohorten(db: Database, kinds, statuses, place, year) -> tuple:
    """KPI cards and the timeline for one filter state, plus the URL query string."""
    filt = cohort_filter(kinds, statuses, place, year)
    cohorts = db.read(queries.cohort_list, filt)
    kpis = db.read(queries.cohort_kpis, filt)
    counts = db.read(queries.goal_counts, filt)
    by_topic = queries.achievement(counts, "topic")
    goals_total = int(by_topic["goals"].sum()) if not by_topic.empty else 0
    goal_rate = float(by_topic["achieved"].sum()) / goals_total if goals_total else None
    co2_achieved = float(by_topic["co2_achieved"].sum()) if not by_topic.empty else 0.0
    timeline = figures.timeline_figure(cohorts, chart_frame=chart_frame(db, "zeitleiste", filt))
    return view.kpi_cards(kpis, co2_achieved, goal_rate), timeline, filt.to_query()


def chart_frame(db: Database, chart: str, filt: queries.CohortFilter):
    """The frame of one of the page's charts; a chosen place is named by the filter options (the only
    field whose value is a key, e.g. ``DE-NW``; formats, statuses and years name themselves)."""
    choices = db.read(queries.filter_options).choices() if filt.place else None
    return figures.kohorten_frame(chart, filt, date.today(), choices)


def update_cohort_table(db: Database, kinds, statuses, place, year):
    """The timeline's table alternative: every matching cohort with a link to its page."""
    cohorts = db.read(queries.cohort_list, cohort_filter(kinds, statuses, place, year))
    return view.cohort_table(cohorts)


def update_attendance(db: Database, kinds, statuses, place, year) -> tuple:
    """Cohort sizes over time and the funnel comparison (with note and tables) for one filter state."""
    filt = cohort_filter(kinds, statuses, place, year)
    cohorts = db.read(queries.cohort_list, filt)
    steps = db.read(funnel_steps, [int(i) for i in cohorts["id"]])
    titles = dict(zip(cohorts["id"], cohorts["title"], strict=True))
    multi = steps.groupby("cohort_id")["step"].max() if not steps.empty else {}
    eligible = [c for c in titles if multi.get(c, 0) >= 3]  # at least two sessions between the outer steps
    shown = eligible[-COMPARE_LIMIT:]
    stages = stage_comparison(steps[steps["cohort_id"].isin(shown)]) if shown else stage_comparison(steps.head(0))
    note = (
        f"Gezeigt: die {len(shown)} jüngsten von {len(eligible)} Kohorten mit mehreren Terminen – "
        "für einen gezielten Vergleich bitte die Auswahl eingrenzen (z. B. Format KlimaTraining)."
        if len(eligible) > len(shown)
        else "Anteil der Angemeldeten, die an den Schritten teilnahmen (mehrere Workshops/Austauschtreffen gemittelt)."
    )
    return (
        figures.sizes_figure(cohorts, chart_frame=chart_frame(db, "groessen", filt)),
        view.sizes_table(cohorts),
        note,
        figures.funnel_comparison_figure(stages, titles, chart_frame=chart_frame(db, "vergleich", filt)),
        view.comparison_table(stages, titles),
    )


def update_goals(db: Database, kinds, statuses, place, year) -> tuple:
    """Goals by topic and status, and achievement per cohort, for one filter state."""
    filt = cohort_filter(kinds, statuses, place, year)
    cohorts = db.read(queries.cohort_list, filt)
    counts = db.read(queries.goal_counts, filt)
    titles = dict(zip(cohorts["id"], cohorts["title"], strict=True))
    by_cohort = queries.achievement(counts, "cohort_id")
    by_cohort = by_cohort.assign(order=by_cohort["cohort_id"].map({c: i for i, c in enumerate(titles)}))
    by_cohort = by_cohort.sort_values("order").drop(columns="order")
    return (
        figures.goals_status_figure(counts, chart_frame=chart_frame(db, "ziele", filt)),
        view.goals_topic_table(queries.achievement(counts, "topic")),
        figures.achievement_figure(by_cohort, titles, chart_frame=chart_frame(db, "erreicht", filt)),
        view.achievement_table(by_cohort, titles),
    )


def cohort_path_from_click(click_data: dict | None) -> str | None:
    """The detail page path of a clicked timeline bar (its cohort id is the first customdata value)."""
    try:
        return f"/kohorten/{int(click_data['points'][0]['customdata'][0])}"
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def register(app: Dash, db: Database) -> None:
    filters = (
        Input(ids.Kohorten.FORMAT, "value"),
        Input(ids.Kohorten.STATUS, "value"),
        Input(ids.Kohorten.ORT, "value"),
        Input(ids.Kohorten.JAHR, "value"),
    )

    @app.callback(
        Output(ids.Kohorten.KPIS, "children"),
        Output(ids.Kohorten.TIMELINE, "figure"),
        Output(ids.Shell.URL, "search", allow_duplicate=True),
        *filters,
        prevent_initial_call="initial_duplicate",
    )
    def _update(kinds, statuses, place, year):
        return update_kohorten(db, kinds, statuses, place, year)

    @app.callback(Output(ids.Kohorten.TIMELINE_TABLE, "children"), *filters)
    def _table(kinds, statuses, place, year):
        return update_cohort_table(db, kinds, statuses, place, year)

    @app.callback(
        Output(ids.Kohorten.SIZES, "figure"),
        Output(ids.Kohorten.SIZES_TABLE, "children"),
        Output(ids.Kohorten.COMPARE_NOTE, "children"),
        Output(ids.Kohorten.COMPARE, "figure"),
        Output(ids.Kohorten.COMPARE_TABLE, "children"),
        *filters,
    )
    def _attendance(kinds, statuses, place, year):
        return update_attendance(db, kinds, statuses, place, year)

    @app.callback(
        Output(ids.Kohorten.GOALS, "figure"),
        Output(ids.Kohorten.GOALS_TABLE, "children"),
        Output(ids.Kohorten.ACHIEVEMENT, "figure"),
        Output(ids.Kohorten.ACHIEVEMENT_TABLE, "children"),
        *filters,
    )
    def _goals(kinds, statuses, place, year):
        return update_goals(db, kinds, statuses, place, year)

    @app.callback(
        Output(ids.Shell.URL, "pathname", allow_duplicate=True),
        Input(ids.Kohorten.TIMELINE, "clickData"),
        prevent_initial_call=True,
    )
    def _open(click_data):
        return cohort_path_from_click(click_data) or no_update

    kohorten_detail.register(app, db)
