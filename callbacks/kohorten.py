"""Kohorten overview: filters in the URL (``format``, ``status``, ``ort``, ``jahr``) → KPIs, charts, tables."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, no_update

from callbacks import kohorten_detail
from callbacks.fold_outs import is_open, open_tables
from callbacks.session_user import current_actor
from data.db import Database
from data.permissions import can_edit_anything
from data.queries import kohorten as queries
from data.queries.kohorten_funnel import funnel_steps, stage_comparison
from layouts import ids
from layouts import kohorten as view
from layouts import kohorten_figures as figures

COMPARE_LIMIT = 8  # lines in the comparison chart before it becomes unreadable
TABLES = (  # the charts' table alternatives and their fold-outs' summaries, in update_tables' order
    (ids.Kohorten.TIMELINE_TABLE, ids.Kohorten.TIMELINE_TABLE_TOGGLE),
    (ids.Kohorten.SIZES_TABLE, ids.Kohorten.SIZES_TABLE_TOGGLE),
    (ids.Kohorten.COMPARE_TABLE, ids.Kohorten.COMPARE_TABLE_TOGGLE),
    (ids.Kohorten.GOALS_TABLE, ids.Kohorten.GOALS_TABLE_TOGGLE),
    (ids.Kohorten.ACHIEVEMENT_TABLE, ids.Kohorten.ACHIEVEMENT_TABLE_TOGGLE),
)


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


def update_attendance(db: Database, kinds, statuses, place, year) -> tuple:
    """Cohort sizes over time and the funnel comparison (with its note) for one filter state."""
    filt = cohort_filter(kinds, statuses, place, year)
    cohorts = db.read(queries.cohort_list, filt)
    stages, eligible, shown = _funnel_comparison(db, cohorts)
    titles = _titles(cohorts)
    note = (
        f"Gezeigt: die {shown} jüngsten von {eligible} Kohorten mit mehreren Terminen – "
        "für einen gezielten Vergleich bitte die Auswahl eingrenzen (z. B. Format KlimaTraining)."
        if eligible > shown
        else "Anteil der Angemeldeten, die an den Schritten teilnahmen (mehrere Workshops/Austauschtreffen gemittelt)."
    )
    return (
        figures.sizes_figure(cohorts, chart_frame=chart_frame(db, "groessen", filt)),
        note,
        figures.funnel_comparison_figure(stages, titles, chart_frame=chart_frame(db, "vergleich", filt)),
    )


def update_goals(db: Database, kinds, statuses, place, year) -> tuple:
    """Goals by topic and status, and achievement per cohort, for one filter state."""
    filt = cohort_filter(kinds, statuses, place, year)
    cohorts = db.read(queries.cohort_list, filt)
    counts = db.read(queries.goal_counts, filt)
    return (
        figures.goals_status_figure(counts, chart_frame=chart_frame(db, "ziele", filt)),
        figures.achievement_figure(
            _achievement_by_cohort(counts, cohorts), _titles(cohorts), chart_frame=chart_frame(db, "erreicht", filt)
        ),
    )


def update_tables(db: Database, kinds, statuses, place, year, toggles: tuple) -> tuple:
    """The charts' table alternatives (timeline with links, sizes, funnel comparison, goals by topic,
    achievement per cohort): each only while its fold-out is open."""
    if not any(is_open(clicks) for clicks in toggles):
        return (None,) * len(toggles)
    filt = cohort_filter(kinds, statuses, place, year)
    cohorts = db.read(queries.cohort_list, filt)

    def comparison():
        stages, _eligible, _shown = _funnel_comparison(db, cohorts)
        return view.comparison_table(stages, _titles(cohorts))

    def goal_table(by: str):
        counts = db.read(queries.goal_counts, filt)
        if by == "topic":
            return view.goals_topic_table(queries.achievement(counts, "topic"))
        return view.achievement_table(_achievement_by_cohort(counts, cohorts), _titles(cohorts))

    builders = (
        lambda: view.cohort_table(cohorts),
        lambda: view.sizes_table(cohorts),
        comparison,
        lambda: goal_table("topic"),
        lambda: goal_table("cohort"),
    )
    return open_tables(toggles, builders)


def _titles(cohorts) -> dict[int, str]:
    return dict(zip(cohorts["id"], cohorts["title"], strict=True))


def _funnel_comparison(db: Database, cohorts) -> tuple:
    """The funnel stages of the (at most ``COMPARE_LIMIT``) latest cohorts with several sessions, with
    how many such cohorts there are and how many are shown."""
    steps = db.read(funnel_steps, [int(i) for i in cohorts["id"]])
    last_step: dict[int, int] = {}
    for cohort_id, step in zip(steps["cohort_id"], steps["step"], strict=True):
        last_step[cohort_id] = max(step, last_step.get(cohort_id, 0))
    eligible = [
        c for c in _titles(cohorts) if last_step.get(c, 0) >= 3
    ]  # at least two sessions between the outer steps
    shown = eligible[-COMPARE_LIMIT:]
    stages = stage_comparison(steps[steps["cohort_id"].isin(shown)])
    return stages, len(eligible), len(shown)


def _achievement_by_cohort(counts, cohorts):
    """Goal achievement per cohort, in the cohorts' order."""
    by_cohort = queries.achievement(counts, "cohort_id")
    order = {c: i for i, c in enumerate(cohorts["id"])}
    return by_cohort.assign(order=by_cohort["cohort_id"].map(order)).sort_values("order").drop(columns="order")


def cohort_path_from_click(click_data: dict | None) -> str | None:
    """The detail page path of a clicked timeline bar (its cohort id is the first customdata value)."""
    try:
        return f"/kohorten/{int(click_data['points'][0]['customdata'][0])}"
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def cohort_link(click_data: dict | None, search: object) -> str | None:
    """The detail page of a clicked timeline bar with the page's query (its filters stay in the address)."""
    path = cohort_path_from_click(click_data)
    if path is None:
        return None
    return path + (search if isinstance(search, str) and search.startswith("?") else "")


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

    @app.callback(
        Output(ids.Kohorten.SIZES, "figure"),
        Output(ids.Kohorten.COMPARE_NOTE, "children"),
        Output(ids.Kohorten.COMPARE, "figure"),
        *filters,
    )
    def _attendance(kinds, statuses, place, year):
        return update_attendance(db, kinds, statuses, place, year)

    @app.callback(Output(ids.Kohorten.GOALS, "figure"), Output(ids.Kohorten.ACHIEVEMENT, "figure"), *filters)
    def _goals(kinds, statuses, place, year):
        return update_goals(db, kinds, statuses, place, year)

    @app.callback(
        *[Output(table, "children") for table, _toggle in TABLES],
        *filters,
        *[Input(toggle, "n_clicks") for _table, toggle in TABLES],
        prevent_initial_call=True,
    )
    def _tables(kinds, statuses, place, year, *toggles):
        return update_tables(db, kinds, statuses, place, year, toggles)

    @app.callback(
        Output(ids.Kohorten.NAV, "href"),
        Input(ids.Kohorten.TIMELINE, "clickData"),
        State(ids.Shell.URL, "search"),
        prevent_initial_call=True,
    )
    def _open(click_data, search):
        return cohort_link(click_data, search) or no_update

    kohorten_detail.register(app, db)
