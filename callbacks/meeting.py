"""The views of a meeting, one builder each, shared by the presentation and the A4 report.

Every builder takes the database and a query (the pages' URL parameters), reads its data through the
page's own filter model and queries, and draws it with the page's own figure builders — so a slide
and a report section always show what the page shows for the same link. Nothing is cached between
calls: each slide change reads the data afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import plotly.graph_objects as go
from dash.development.base_component import Component

from callbacks.kohorten import update_attendance
from data import vocab
from data.db import Database
from data.meeting import SECTIONS
from data.queries import kohorten as cohort_queries
from data.queries import laender as laender_queries
from data.queries.laender_view import comparison_frame, selection_from_query
from data.queries.massnahmen import filter_options, overview, summary_of
from data.queries.massnahmen_lists import overdue_measures, stale_measures
from data.queries.measure_filters import MeasureFilter
from data.queries.overview import OverviewFilter, monthly_progress, program_kpis
from data.queries.program import program_info, program_targets
from layouts import format as fmt
from layouts import laender_figures, massnahmen_charts
from layouts import massnahmen as massnahmen_view
from layouts import meeting as view
from layouts import overview as overview_view


@dataclass(frozen=True)
class View:
    """One view: its title, what it shows in words (filters, Stand), a figure and/or a body."""

    key: str
    title: str
    subtitle: str
    figure: go.Figure | None = None
    body: Component | None = None


Query = Mapping[str, str]


def _kennzahlen(db: Database, query: Query, state: str | None) -> View:
    program = db.read(program_info)
    flt, _notes = OverviewFilter.from_query(query, {"period": (program.starts_on, program.ends_on)})
    start, end = flt.period(program.starts_on, program.ends_on)
    kpis = db.read(program_kpis, program.id, start, end)
    measures = _measure_filter(db, query)
    totals, _counts, programs, stand = db.read(overview, measures, measures.dimension, db.cache)
    body = view.stacked(
        overview_view.kpi_cards(kpis), massnahmen_view.kpi_cards(summary_of(totals), programs, stand, measures.stand)
    )
    return View(
        "kennzahlen", SECTIONS["kennzahlen"], f"{program.short_name} · {fmt.day(start)} – {fmt.day(end)}", body=body
    )


def _karte(db: Database, query: Query, state: str | None) -> View:
    sel, _notes = selection_from_query(db, query)
    frame = db.read(comparison_frame, sel)
    figure = laender_figures.map_figure(frame, sel.metric, sel.day)
    subtitle = f"{vocab.LAENDER_METRICS[sel.metric]} je Land · Stand {fmt.day(sel.day)}"
    return View("karte", SECTIONS["karte"], subtitle, figure=figure)


def _fortschritt(db: Database, query: Query, state: str | None) -> View:
    program = db.read(program_info)
    flt, _notes = OverviewFilter.from_query(query, {"period": (program.starts_on, program.ends_on)})
    start, end = flt.period(program.starts_on, program.ends_on)
    progress = db.read(monthly_progress, program.id, program.starts_on, start, end)
    targets = db.read(program_targets, program.id).set_index("metric")
    target = targets.loc[flt.metric] if flt.metric in targets.index else None
    figure = overview_view.progress_figure(
        progress,
        flt.metric,
        float(target["value"]) if target is not None else None,
        program.starts_on,
        target["due_on"] if target is not None else None,
    )
    subtitle = f"{vocab.OVERVIEW_METRICS[flt.metric]} · {fmt.day(start)} – {fmt.day(end)}"
    return View("fortschritt", SECTIONS["fortschritt"], subtitle, figure=figure)


def _laendervergleich(db: Database, query: Query, state: str | None) -> View:
    sel, _notes = selection_from_query(db, query)
    frame = db.read(comparison_frame, sel, state)
    return View(
        "laendervergleich", SECTIONS["laendervergleich"], f"Stand {fmt.day(sel.day)}", body=view.comparison_table(frame)
    )


def _pipeline(db: Database, query: Query, state: str | None) -> View:
    sel, _notes = selection_from_query(db, query)
    frame = db.read(laender_queries.target_progress, sel.program.id, sel.day, state)
    frame = frame.join(db.read(laender_queries.stage_counts, sel.day, list(frame["code"])), on="code")
    return View(
        "pipeline",
        SECTIONS["pipeline"],
        f"Kommunen je Stufe · Stand {fmt.day(sel.day)}",
        figure=laender_figures.pipeline_figure(frame),
    )


def _kohorten(db: Database, query: Query, state: str | None) -> View:
    options = db.read(cohort_queries.filter_options)
    flt, _notes = cohort_queries.CohortFilter.from_query(query, options.choices())
    controls = flt.to_controls()
    _sizes, note, figure = update_attendance(
        db, controls["format"], controls["status"], controls["ort"], controls["jahr"]
    )
    where = options.places().get(flt.place, flt.place) if flt.place else "alle Orte"
    return View("kohorten", SECTIONS["kohorten"], f"{where} · {note}", figure=figure)


def _status(db: Database, query: Query, state: str | None) -> View:
    flt = _measure_filter(db, query)
    _totals, counts, _programs, stand = db.read(overview, flt, flt.dimension, db.cache)
    figure = massnahmen_charts.status_figure(counts, flt.dimension)
    return View("status", SECTIONS["status"], f"{_measure_scope(db, flt)} · Stand {fmt.day(stand)}", figure=figure)


def _ueberfaellig(db: Database, query: Query, state: str | None) -> View:
    flt = _measure_filter(db, query)
    found = db.read(overdue_measures, flt)
    return View(
        "ueberfaellig",
        SECTIONS["ueberfaellig"],
        view.list_subtitle(_measure_scope(db, flt), found, "geplanter Abschluss vor dem Stand, noch offen"),
        body=view.measure_list(found, "planned_completion_on", "geplant bis"),
    )


def _veraltet(db: Database, query: Query, state: str | None) -> View:
    flt = _measure_filter(db, query)
    found = db.read(stale_measures, flt)
    return View(
        "veraltet",
        SECTIONS["veraltet"],
        view.list_subtitle(_measure_scope(db, flt), found, "seit mehr als 180 Tagen vor dem Stand nicht aktualisiert"),
        body=view.measure_list(found, "updated_at", "zuletzt aktualisiert"),
    )


def _measure_filter(db: Database, query: Query) -> MeasureFilter:
    flt, _notes = MeasureFilter.from_query(query, db.read(filter_options).choices())
    return flt


def _measure_scope(db: Database, flt: MeasureFilter) -> str:
    """The measure filter in words (program and state), e.g. "KlikKS · Nordrhein-Westfalen"."""
    parts = [dict(db.read(filter_options).programs).get(flt.program, flt.program) if flt.program else "alle Programme"]
    if flt.state:
        parts.append(vocab.STATE_NAMES.get(flt.state, flt.state))
    return " · ".join(parts)


BUILDERS: dict[str, Callable[[Database, Query, str | None], View]] = {
    "kennzahlen": _kennzahlen,
    "karte": _karte,
    "fortschritt": _fortschritt,
    "laendervergleich": _laendervergleich,
    "pipeline": _pipeline,
    "kohorten": _kohorten,
    "status": _status,
    "ueberfaellig": _ueberfaellig,
    "veraltet": _veraltet,
}


def build_view(db: Database, key: str, query: Query, state: str | None = None) -> View:
    """The view ``key`` (a key of :data:`data.meeting.SECTIONS`) for the pages' query; ``state`` narrows the
    state comparison and the pipeline to one state (the report's ``land``)."""
    return BUILDERS[key](db, query, state)
