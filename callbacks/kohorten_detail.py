"""Cohort detail: render ``/kohorten/<id>``, save grid edits through the write commands, refresh the figures.

A grid edit goes: cellValueChanged → command (validates, writes, audits, commits or raises) → the row as
now stored is pushed back into the grid with ``rowTransaction`` (this carries the new version after a
save and reverts the cell after a rejection) → the revision store bumps → figures and tables refresh.
"""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, no_update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callbacks.errors import PageNotFound
from callbacks.grid_saves import CellChange, current_actor, next_revision, save_changes
from data.commands.errors import CommandError
from data.commands.kohorten import set_attendance, set_enrollment_status, update_goal
from data.commands.unit_of_work import Actor
from data.db import Database
from data.ids import parse_row_id
from data.permissions import Scope, may_write
from data.queries import entry_choices
from data.queries import kohorten_detail as detail
from layouts import ids
from layouts import kohorten_detail as view
from layouts import kohorten_figures as figures
from layouts import kohorten_grids as grids
from layouts.editing import save_alert

EDITABLE_STATUSES = ("geplant", "laufend", "abgeschlossen")  # a cancelled cohort is read-only


def render_kohorte(db: Database, _query: dict[str, str], cohort_id: str):
    """The detail page, or PageNotFound (friendly 404) for unknown or non-numeric ids."""
    number = parse_row_id(cohort_id)
    if number is None:
        raise PageNotFound(f"„{cohort_id}“ ist keine gültige Kohorten-Nummer.")
    facts = db.read(detail.cohort_facts, number)
    if facts is None:
        raise PageNotFound(f"Eine Kohorte mit der Nummer {cohort_id} gibt es nicht.")
    parts = _figures_and_tables(db, facts.id, facts.title)
    attendance, goals = cohort_grids(db, facts.id) or (None, None)
    return view.detail_layout(
        facts,
        parts["kpis"],
        {"funnel": parts["funnel"], "goals": parts["goals"]},
        {
            "funnel": parts["funnel_table"],
            "goals": parts["goals_table"],
            "sessions": parts["sessions"],
            "groups": parts["groups"],
        },
        attendance,
        goals,
        may_write(current_actor(), Scope(facts.state_code, facts.municipality_id)),
    )


def cohort_grids(db: Database, cohort_id: object) -> tuple | None:
    """The attendance and goals grids of a cohort (editable for who may change it), or None if it is unknown."""
    number = parse_row_id(cohort_id)
    if number is None:
        return None
    with db.session() as session:
        facts = detail.cohort_facts(session, number)
        if facts is None:
            return None
        sessions = detail.cohort_sessions(session, facts.id)
        enrollments = detail.enrollment_rows(session, facts.id)
        goals = detail.goal_rows(session, facts.id)
    scope = Scope(facts.state_code, facts.municipality_id)
    editable = facts.status in EDITABLE_STATUSES and may_write(current_actor(), scope)
    return grids.attendance_grid(sessions, enrollments, editable), grids.goals_grid(goals, editable)


def cohort_boxes(db: Database, cohort_id: object) -> tuple | None:
    """After a save of one of the page's forms: header, summary and both grids as now stored."""
    number = parse_row_id(cohort_id)
    grids_now = cohort_grids(db, number) if number is not None else None
    if grids_now is None:
        return None
    facts = db.read(detail.cohort_facts, number)
    return (view.header(facts), view.summary(facts), *grids_now)


def retired_list(db: Database, cohort_id: object, show: object):
    """ "Ausgemusterte zeigen": the cohort's retired sessions, enrollments and goals, or nothing."""
    number = parse_row_id(cohort_id)
    if number is None or not (isinstance(show, list) and view.SHOW_RETIRED in show):
        return None
    return view.retired_parts_list(db.read(entry_choices.retired_parts, number))


def _figures_and_tables(db: Database, cohort_id: int, title: str | None = None) -> dict:
    numbers = db.read(detail.cohort_numbers, cohort_id)
    if title is None:
        facts = db.read(detail.cohort_facts, cohort_id)
        title = facts.title if facts else str(cohort_id)

    def frame(chart: str):
        return figures.kohorten_frame(chart, None, date.today(), cohort=title)

    return {
        "kpis": view.detail_kpis(numbers.steps, numbers.goals, numbers.achieved, numbers.co2_achieved),
        "funnel": figures.funnel_figure(numbers.steps, chart_frame=frame("trichter")),
        "funnel_table": view.funnel_table(numbers.steps),
        "sessions": view.sessions_table(numbers.steps),
        "groups": view.groups_table(numbers.groups),
        "goals": figures.goals_status_figure(numbers.counts, chart_frame=frame("ziele")),
        "goals_table": view.goals_topic_table(numbers.by_topic),
    }


def refresh_kohorte(db: Database, cohort_id: int) -> tuple:
    """KPIs, funnel, goals figure and tables after a change."""
    parts = _figures_and_tables(db, int(cohort_id))
    return (
        parts["kpis"],
        parts["funnel"],
        parts["funnel_table"],
        parts["sessions"],
        parts["groups"],
        parts["goals"],
        parts["goals_table"],
    )


def _save_attendance_cell(session: Session, actor: Actor, change: CellChange) -> tuple[str, int]:
    row, column = change.row, change.colId
    if column.startswith(grids.SESSION_FIELD) and column[len(grids.SESSION_FIELD) :].isdigit():
        session_id = int(column[len(grids.SESSION_FIELD) :])
        version = set_attendance(session, actor, row.id, session_id, change.value, row.version)
        what = "Anwesenheit" + (" gesetzt" if change.value else " entfernt")
    elif column == "status":
        version = set_enrollment_status(session, actor, row.id, change.value, row.version)
        what = f"Status „{change.value}“"
    else:
        raise CommandError("Diese Spalte kann nicht bearbeitet werden.")
    return f"Gespeichert: {change.text('code')} – {what}.", version


def _save_goal_cell(session: Session, actor: Actor, change: CellChange) -> tuple[str, int]:
    fields = {"status": "status", "co2": "co2_t_per_year"}
    if change.colId not in fields:
        raise CommandError("Diese Spalte kann nicht bearbeitet werden.")
    version = update_goal(session, actor, change.row.id, {fields[change.colId]: change.value}, change.row.version)
    return f"Gespeichert: Ziel von {change.text('code')} – „{change.text('text')}“.", version


def _save(db: Database, actor: Actor, cohort_id: object, event: object, grid: str) -> tuple:
    """The save loop for one cohort grid; returns (message, rowTransaction, saved anything).

    Afterwards each touched row is pushed back as now stored (new version after a save, old value after a
    refusal); if the database cannot be read, refused cells are set back to the value they had.
    """
    cohort = parse_row_id(cohort_id)  # the page's store; anything forged means: save nothing
    if cohort is None:
        return no_update, no_update, False
    save_one, rows_of, to_grid, alert_id = {
        "attendance": (
            _save_attendance_cell,
            detail.enrollment_rows,
            grids.attendance_row,
            ids.Kohorte.ATTENDANCE_ALERT,
        ),
        "goals": (_save_goal_cell, detail.goal_rows, grids.goal_row, ids.Kohorte.GOALS_ALERT),
    }[grid]
    outcomes = save_changes(db, actor, event, save_one, lambda c: c.text("code") or "Zeile")
    if not outcomes:
        return no_update, no_update, False
    touched = sorted({o.change.row.id for o in outcomes if o.change is not None})
    try:
        with db.session() as session:
            fresh = [to_grid(r) for row_id in touched for r in rows_of(session, cohort, row_id)]
    except SQLAlchemyError:
        fresh = [{**o.change.data, o.change.colId: o.change.oldValue} for o in outcomes if o.change and not o.ok]
    transaction = {"update": fresh} if fresh else no_update
    saved = any(o.ok for o in outcomes)
    return save_alert([(o.ok, o.text) for o in outcomes], alert_id), transaction, saved


def save_attendance_changes(db: Database, actor: Actor, cohort_id: object, event: object) -> tuple:
    """Apply attendance/status edits; returns (message, rowTransaction, saved anything)."""
    return _save(db, actor, cohort_id, event, "attendance")


def save_goal_changes(db: Database, actor: Actor, cohort_id: object, event: object) -> tuple:
    """Apply goal edits (status, CO₂ estimate); returns (message, rowTransaction, saved anything)."""
    return _save(db, actor, cohort_id, event, "goals")


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output(ids.Kohorte.ATTENDANCE_MESSAGE, "children"),
        Output(ids.Kohorte.ATTENDANCE, "rowTransaction"),
        Output(ids.Kohorte.REVISION, "data"),
        Input(ids.Kohorte.ATTENDANCE, "cellValueChanged"),
        State(ids.Kohorte.ID, "data"),
        State(ids.Kohorte.REVISION, "data"),
        prevent_initial_call=True,
    )
    def _save_attendance(changes, cohort_id, revision):
        message, transaction, saved = save_attendance_changes(db, current_actor(app), cohort_id, changes)
        return message, transaction, next_revision(revision) if saved else no_update

    @app.callback(
        Output(ids.Kohorte.GOALS_MESSAGE, "children"),
        Output(ids.Kohorte.GOALS_GRID, "rowTransaction"),
        Output(ids.Kohorte.REVISION, "data", allow_duplicate=True),
        Input(ids.Kohorte.GOALS_GRID, "cellValueChanged"),
        State(ids.Kohorte.ID, "data"),
        State(ids.Kohorte.REVISION, "data"),
        prevent_initial_call=True,
    )
    def _save_goals(changes, cohort_id, revision):
        message, transaction, saved = save_goal_changes(db, current_actor(app), cohort_id, changes)
        return message, transaction, next_revision(revision) if saved else no_update

    @app.callback(
        Output(ids.Kohorte.RETIRED_PARTS, "children"),
        Input(ids.Kohorte.SHOW_RETIRED, "value"),
        Input(ids.Kohorte.REVISION, "data"),
        State(ids.Kohorte.ID, "data"),
        prevent_initial_call=True,
    )
    def _retired(show, _revision, cohort_id):
        return retired_list(db, cohort_id, show)

    @app.callback(
        Output(ids.Kohorte.KPIS, "children"),
        Output(ids.Kohorte.FUNNEL, "figure"),
        Output(ids.Kohorte.FUNNEL_TABLE, "children"),
        Output(ids.Kohorte.SESSIONS, "children"),
        Output(ids.Kohorte.GROUPS, "children"),
        Output(ids.Kohorte.GOALS_FIGURE, "figure"),
        Output(ids.Kohorte.GOALS_TABLE, "children"),
        Input(ids.Kohorte.REVISION, "data"),
        State(ids.Kohorte.ID, "data"),
        prevent_initial_call=True,
    )
    def _refresh(_revision, cohort_id):
        cohort_id = parse_row_id(cohort_id)
        return refresh_kohorte(db, cohort_id) if cohort_id else (no_update,) * 7
