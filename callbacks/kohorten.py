"""Kohorten overview: filters in the URL (``format``, ``status``, ``ort``, ``jahr``) → KPIs, charts, tables."""

from __future__ import annotations

from collections.abc import Mapping

from dash import Dash, Input, Output, no_update

from callbacks import kohorten_detail
from callbacks.url_state import encode_query, parse_choice
from data import vocab
from data.db import Database
from data.queries import kohorten as queries
from data.queries.kohorten_funnel import funnel_steps, stage_comparison
from layouts import kohorten as view
from layouts import kohorten_figures as figures

COMPARE_LIMIT = 8  # lines in the comparison chart before it becomes unreadable


def render_kohorten(db: Database, query: dict[str, str]):
    """The overview for a URL: filters from the query string, bad values noted and ignored."""
    notes: list[str] = []
    with db.session() as session:
        options = queries.filter_options(session)
    kinds = _parse_list(query, "format", vocab.COHORT_KINDS, notes)
    statuses = _parse_list(query, "status", vocab.COHORT_STATUSES, notes)
    place = parse_choice(query, "ort", [o["value"] for o in view.place_options(options)], notes)
    year = parse_choice(query, "jahr", [str(y) for y in options.years], notes)
    return view.kohorten_layout(options, kinds, statuses, place, int(year) if year else None, notes)


def _parse_list(query: Mapping[str, str], key: str, allowed: Mapping[str, str], notes: list[str]) -> list[str]:
    """A comma-separated list of vocabulary keys; unknown entries are noted and dropped."""
    raw = query.get(key)
    if not raw:
        return []
    values = [v for v in raw.split(",") if v]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        notes.append(
            f"Unbekannte Werte für „{key}“ wurden ignoriert: {', '.join(unknown)} (möglich: {', '.join(allowed)})."
        )
    return [v for v in allowed if v in values]


def cohort_filter(kinds, statuses, place, year) -> queries.CohortFilter:
    """Filter from control values, keeping only known keys (controls are user input, too)."""
    return queries.CohortFilter(
        kinds=tuple(k for k in vocab.COHORT_KINDS if k in (kinds or [])),
        statuses=tuple(s for s in vocab.COHORT_STATUSES if s in (statuses or [])),
        place=place if _is_place(place) else None,
        year=int(year) if str(year).isdigit() else None,
    )


def _is_place(place: object) -> bool:
    if not isinstance(place, str):
        return False
    suffix = place.removeprefix(queries.CITY_PREFIX)
    return place == queries.NATIONWIDE or place in vocab.STATE_NAMES or (suffix != place and suffix.isdigit())


def update_kohorten(db: Database, kinds, statuses, place, year) -> tuple:
    """KPI cards and the timeline for one filter state, plus the URL query string."""
    filt = cohort_filter(kinds, statuses, place, year)
    with db.session() as session:
        cohorts = queries.cohort_list(session, filt)
        kpis = queries.cohort_kpis(session, filt)
        counts = queries.goal_counts(session, filt)
    by_topic = queries.achievement(counts, "topic")
    goals_total = int(by_topic["goals"].sum()) if not by_topic.empty else 0
    goal_rate = float(by_topic["achieved"].sum()) / goals_total if goals_total else None
    co2_achieved = float(by_topic["co2_achieved"].sum()) if not by_topic.empty else 0.0
    query = encode_query(
        {"format": ",".join(filt.kinds), "status": ",".join(filt.statuses), "ort": filt.place, "jahr": filt.year}
    )
    return view.kpi_cards(kpis, co2_achieved, goal_rate), figures.timeline_figure(cohorts), query


def update_cohort_table(db: Database, kinds, statuses, place, year):
    """The timeline's table alternative: every matching cohort with a link to its page."""
    with db.session() as session:
        cohorts = queries.cohort_list(session, cohort_filter(kinds, statuses, place, year))
    return view.cohort_table(cohorts)


def update_attendance(db: Database, kinds, statuses, place, year) -> tuple:
    """Cohort sizes over time and the funnel comparison (with note and tables) for one filter state."""
    filt = cohort_filter(kinds, statuses, place, year)
    with db.session() as session:
        cohorts = queries.cohort_list(session, filt)
        steps = funnel_steps(session, [int(i) for i in cohorts["id"]])
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
        figures.sizes_figure(cohorts),
        view.sizes_table(cohorts),
        note,
        figures.funnel_comparison_figure(stages, titles),
        view.comparison_table(stages, titles),
    )


def update_goals(db: Database, kinds, statuses, place, year) -> tuple:
    """Goals by topic and status, and achievement per cohort, for one filter state."""
    filt = cohort_filter(kinds, statuses, place, year)
    with db.session() as session:
        cohorts = queries.cohort_list(session, filt)
        counts = queries.goal_counts(session, filt)
    titles = dict(zip(cohorts["id"], cohorts["title"], strict=True))
    by_cohort = queries.achievement(counts, "cohort_id")
    by_cohort = by_cohort.assign(order=by_cohort["cohort_id"].map({c: i for i, c in enumerate(titles)}))
    by_cohort = by_cohort.sort_values("order").drop(columns="order")
    return (
        figures.goals_status_figure(counts),
        view.goals_topic_table(queries.achievement(counts, "topic")),
        figures.achievement_figure(by_cohort, titles),
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
        Input("kohorten-format", "value"),
        Input("kohorten-status", "value"),
        Input("kohorten-ort", "value"),
        Input("kohorten-jahr", "value"),
    )

    @app.callback(
        Output("kohorten-kpis", "children"),
        Output("kohorten-timeline", "figure"),
        Output("url", "search", allow_duplicate=True),
        *filters,
        prevent_initial_call="initial_duplicate",
    )
    def _update(kinds, statuses, place, year):
        return update_kohorten(db, kinds, statuses, place, year)

    @app.callback(Output("kohorten-timeline-table", "children"), *filters)
    def _table(kinds, statuses, place, year):
        return update_cohort_table(db, kinds, statuses, place, year)

    @app.callback(
        Output("kohorten-sizes", "figure"),
        Output("kohorten-sizes-table", "children"),
        Output("kohorten-compare-note", "children"),
        Output("kohorten-compare", "figure"),
        Output("kohorten-compare-table", "children"),
        *filters,
    )
    def _attendance(kinds, statuses, place, year):
        return update_attendance(db, kinds, statuses, place, year)

    @app.callback(
        Output("kohorten-goals", "figure"),
        Output("kohorten-goals-table", "children"),
        Output("kohorten-achievement", "figure"),
        Output("kohorten-achievement-table", "children"),
        *filters,
    )
    def _goals(kinds, statuses, place, year):
        return update_goals(db, kinds, statuses, place, year)

    @app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Input("kohorten-timeline", "clickData"),
        prevent_initial_call=True,
    )
    def _open(click_data):
        return cohort_path_from_click(click_data) or no_update

    kohorten_detail.register(app, db)
