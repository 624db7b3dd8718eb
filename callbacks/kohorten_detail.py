"""Cohort detail: render ``/kohorten/<id>``, save grid edits through the write commands, refresh the figures.

A grid edit goes: cellValueChanged → command (validates, writes, audits, commits or raises) → the row as
now stored is pushed back into the grid with ``rowTransaction`` (this carries the new version after a
save and reverts the cell after a rejection) → the revision store bumps → figures and tables refresh.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, html, no_update

from callbacks.errors import PageNotFound
from callbacks.inputs import cell_changes, next_revision
from data.commands.errors import CommandError
from data.commands.kohorten import set_attendance, set_enrollment_status, update_goal
from data.db import Database
from data.ids import parse_row_id
from data.queries import kohorten_detail as detail
from layouts import ids
from layouts import kohorten_detail as view
from layouts import kohorten_figures as figures
from layouts import kohorten_grids as grids

EDITABLE_STATUSES = ("geplant", "laufend", "abgeschlossen")  # a cancelled cohort is read-only


def render_kohorte(db: Database, _query: dict[str, str], cohort_id: str):
    """The detail page, or PageNotFound (friendly 404) for unknown or non-numeric ids."""
    number = parse_row_id(cohort_id)
    if number is None:
        raise PageNotFound(f"„{cohort_id}“ ist keine gültige Kohorten-Nummer.")
    with db.session() as session:
        facts = detail.cohort_facts(session, number)
        if facts is None:
            raise PageNotFound(f"Eine Kohorte mit der Nummer {cohort_id} gibt es nicht.")
        sessions = detail.cohort_sessions(session, facts.id)
        enrollments = detail.enrollment_rows(session, facts.id)
        goals = detail.goal_rows(session, facts.id)
    parts = _figures_and_tables(db, facts.id)
    editable = facts.status in EDITABLE_STATUSES
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
        grids.attendance_grid(sessions, enrollments, editable),
        grids.goals_grid(goals, editable),
    )


def _figures_and_tables(db: Database, cohort_id: int) -> dict:
    numbers = db.read(detail.cohort_numbers, cohort_id)
    return {
        "kpis": view.detail_kpis(numbers.steps, numbers.goals, numbers.achieved, numbers.co2_achieved),
        "funnel": figures.funnel_figure(numbers.steps),
        "funnel_table": view.funnel_table(numbers.steps),
        "sessions": view.sessions_table(numbers.steps),
        "groups": view.groups_table(numbers.groups),
        "goals": figures.goals_status_figure(numbers.counts),
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


def save_attendance_changes(db: Database, actor: str, cohort_id: int, changes: list[dict]) -> tuple:
    """Apply attendance/status edits; returns (message, rowTransaction, saved anything)."""
    messages, saved, touched = [], False, set()
    for change in cell_changes(changes):
        row = change.get("data") or {}
        enrollment_id = _int(row.get("id") or change.get("rowId"))
        column = change.get("colId") or ""
        if enrollment_id is None:
            continue
        touched.add(enrollment_id)
        try:
            with db.session() as session:
                if column.startswith(grids.SESSION_FIELD) and column[1:].isdigit():
                    set_attendance(
                        session, actor, enrollment_id, int(column[1:]), change.get("value"), _int(row.get("version"))
                    )
                    what = "Anwesenheit" + (" gesetzt" if change.get("value") else " entfernt")
                elif column == "status":
                    status = _key(grids.ENROLLMENT_STATUS_LABELS, change.get("value"))
                    set_enrollment_status(session, actor, enrollment_id, status, _int(row.get("version")))
                    what = f"Status „{change.get('value')}“"
                else:
                    raise CommandError("Diese Spalte kann nicht bearbeitet werden.")
            messages.append((True, f"Gespeichert: {row.get('code', '')} – {what}."))
            saved = True
        except CommandError as exc:
            messages.append((False, f"Nicht gespeichert ({row.get('code', '')}): {exc.message}"))
    with db.session() as session:
        fresh = [r for e in sorted(touched) for r in detail.enrollment_rows(session, int(cohort_id), e)]
    transaction = {"update": [grids.attendance_row(r) for r in fresh]} if fresh else no_update
    return _alert(messages, ids.Kohorte.ATTENDANCE_ALERT), transaction, saved


def save_goal_changes(db: Database, actor: str, cohort_id: int, changes: list[dict]) -> tuple:
    """Apply goal edits (status, CO₂ estimate); returns (message, rowTransaction, saved anything)."""
    messages, saved, touched = [], False, set()
    for change in cell_changes(changes):
        row = change.get("data") or {}
        goal_id = _int(row.get("id") or change.get("rowId"))
        column = change.get("colId")
        if goal_id is None:
            continue
        touched.add(goal_id)
        try:
            if column == "status":
                update = {"status": _key(grids.GOAL_STATUS_LABELS, change.get("value"))}
            elif column == "co2":
                update = {"co2_t_per_year": change.get("value")}
            else:
                raise CommandError("Diese Spalte kann nicht bearbeitet werden.")
            with db.session() as session:
                update_goal(session, actor, goal_id, update, _int(row.get("version")))
            messages.append((True, f"Gespeichert: Ziel von {row.get('code', '')} – „{row.get('text', '')}“."))
            saved = True
        except CommandError as exc:
            messages.append((False, f"Nicht gespeichert ({row.get('code', '')}): {exc.message}"))
    with db.session() as session:
        fresh = [r for g in sorted(touched) for r in detail.goal_rows(session, int(cohort_id), g)]
    transaction = {"update": [grids.goal_row(r) for r in fresh]} if fresh else no_update
    return _alert(messages, ids.Kohorte.GOALS_ALERT), transaction, saved


def _alert(messages: list[tuple[bool, str]], alert_id: str):
    if not messages:
        return None
    ok = all(success for success, _ in messages)
    return dbc.Alert(
        [html.Div(text) for _, text in messages],
        color="success" if ok else "danger",
        id=alert_id,
        dismissable=True,
        className="py-2",
    )


def _key(labels: dict[str, str], label: object) -> str:
    """Vocabulary key of a German label (the grid shows labels); unknown labels pass through to validation."""
    for key, text in labels.items():
        if label in (key, text):
            return key
    return str(label)


def _int(value: object) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def register(app: Dash, db: Database) -> None:
    actor = app.server.config["KLIKKS_CONFIG"].actor

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
        cohort = parse_row_id(cohort_id)
        if cohort is None:  # a page without a valid cohort id cannot save anything
            return no_update, no_update, no_update
        message, transaction, saved = save_attendance_changes(db, actor, cohort, changes)
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
        cohort = parse_row_id(cohort_id)
        if cohort is None:
            return no_update, no_update, no_update
        message, transaction, saved = save_goal_changes(db, actor, cohort, changes)
        return message, transaction, next_revision(revision) if saved else no_update

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
        return refresh_kohorte(db, cohort_id)
