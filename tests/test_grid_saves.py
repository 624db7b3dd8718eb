"""The save loop of every grid, called directly: forged payloads never raise and store nothing, every change of
an event is saved, and a database that is locked or unreachable gets the German message and a revert."""

from __future__ import annotations

import socket
import sqlite3

import pytest
from dash import no_update
from sqlalchemy import func, select

from callbacks import kohorten_detail
from callbacks.grid_saves import next_revision
from callbacks.massnahmen_grid import rows_response, save_edits
from callbacks.measure_detail import ask_for_update
from data.commands.unit_of_work import UNREACHABLE_MESSAGE
from data.db import Database
from data.models import Attendance, AuditEntry, Cohort, Enrollment, Goal, Measure, UpdateRequest
from tests.support.accounts import as_coordinator

ACTOR = as_coordinator("Prüfer:in")


def _fingerprint(db: Database) -> tuple:
    """Everything a save could touch, summed up: any stored change alters it."""
    with db.session() as s:
        return (
            s.scalar(select(func.sum(Measure.version))),
            s.scalar(select(func.sum(Enrollment.version))),
            s.scalar(select(func.sum(Goal.version))),
            s.scalar(select(func.count()).select_from(Attendance)),
            s.scalar(select(func.count()).select_from(AuditEntry)),
            s.scalar(select(func.count()).select_from(UpdateRequest)),
        )


def _first_row(db: Database) -> dict:
    return rows_response(db, {"startRow": 0, "endRow": 1, "sortModel": [{"colId": "code", "sort": "asc"}]}, {})[
        "rowData"
    ][0]


def _change(row: dict, col: str, value, **extra) -> dict:
    return {"rowId": f"m{row['id']}", "colId": col, "value": value, "oldValue": row.get(col), "data": row, **extra}


def _malformed(row: dict) -> list:
    """Event payloads a browser never sends (or sends with a value the command must refuse)."""
    good = _change(row, "progress_pct", 55)
    data = row
    return [
        "x",
        42,
        [None],
        [[]],
        [["colId", "progress_pct"]],
        [{}],
        [{"colId": "progress_pct"}],
        [{**good, "colId": None}],
        [{**good, "colId": ["progress_pct"]}],
        [{**good, "colId": "x" * 10_000}],
        [{**good, "data": None}],
        [{**good, "data": "id=1"}],
        [{**good, "data": {**data, "id": None}}],
        [{**good, "data": {**data, "id": [data["id"]]}}],
        [{**good, "data": {**data, "id": {"$gt": 0}}}],
        [{**good, "data": {**data, "id": "1 OR 1=1"}}],
        [{**good, "data": {**data, "id": 2**63}}],
        [{**good, "data": {**data, "id": -1}}],
        [{**good, "data": {**data, "id": 1.5}}],
        [{**good, "data": {**data, "id": True}}],
        [{**good, "data": {**data, "version": "eins"}}],
        [{**good, "data": {**data, "version": None}}],
        [{**good, "data": {**data, "version": 10**30}}],
        [{**good, "data": {**data, "version": data["version"] + 1}}],
        [{**good, "value": [55]}],
        [{**good, "value": {"x": 1}}],
        [{**good, "value": "55\x00"}],
        [{**good, "value": "fünfundfünfzig"}],
        [{**good, "value": 10**400}],
        [{**good, "value": "1e5"}],
        [{**good, "value": float("nan")}],
        [{**good, "value": "x" * 100_000}],
        [_change(row, "co2_t_per_year", "1,2,3")],
        [_change(row, "co2_t_per_year", "12.5")],
        [_change(row, "cost_eur", "-0,01")],
        [_change(row, "planned_completion_on", "30.02.2024")],
        [_change(row, "planned_completion_on", "<script>alert(1)</script>")],
        [_change(row, "responsible", "Team\x00A")],
        [_change(row, "responsible", "x" * 201)],
        [_change(row, "status", "'; DROP TABLE measures; --")],
        [_change(row, "status", None)],
        [_change(row, "title", "Neu")],
        [_change(row, "version", 99)],
        [_change(row, "id", 1)],
    ]


def test_malformed_measure_events_get_a_german_message_or_nothing_and_store_nothing(demo_db):
    row = _first_row(demo_db)
    before = _fingerprint(demo_db)
    payloads = _malformed(row)
    assert len(payloads) >= 30
    for payload in payloads:
        message, reverts, processed = save_edits(demo_db, ACTOR, payload)
        if processed:
            text = str(message.children)
            assert "Nicht gespeichert" in text or "nicht gelesen werden" in text, payload
            assert "Gespeichert:" not in text
        else:
            assert message is None and reverts == []
        assert _fingerprint(demo_db) == before, payload


def test_every_change_of_one_event_is_saved_and_reported(demo_db):
    row = _first_row(demo_db)
    first = _change(row, "co2_t_per_year", "12,5")
    second = _change(row, "cost_eur", "1.234,5")  # a paste: both cells carry the version the grid loaded
    message, reverts, processed = save_edits(demo_db, ACTOR, [first, second])
    assert processed and reverts == []
    lines = [div.children for div in message.children]
    assert len(lines) == 2 and all(line.startswith("Gespeichert:") for line in lines)
    assert "12,5" in lines[0] and "1.234" in lines[1]
    with demo_db.session() as s:
        stored = s.get(Measure, row["id"])
        assert (float(stored.co2_t_per_year), float(stored.cost_eur), stored.version) == (
            12.5,
            1234.5,
            row["version"] + 2,
        )


def test_one_refused_change_does_not_stop_the_others(demo_db):
    row = _first_row(demo_db)
    bad, good = _change(row, "co2_t_per_year", "1,2,3"), _change(row, "progress_pct", "70")
    message, reverts, _ = save_edits(demo_db, ACTOR, [bad, good])
    lines = [div.children for div in message.children]
    assert "Bitte eine Zahl wie 1.234,5 eingeben" in lines[0] and lines[1].startswith("Gespeichert:")
    assert reverts == [{"rowId": f"m{row['id']}", "colId": "co2_t_per_year", "value": row["co2_t_per_year"]}]
    assert message.color == "danger"


@pytest.mark.parametrize("revision", [None, "x", [1], {"a": 1}, True, 2**31 - 1, 1.5])
def test_forged_revision_states_restart_the_counter(revision):
    assert next_revision(revision) == 1


def _cohort(db) -> int:
    with db.session() as s:
        return s.scalar(select(Cohort.id).where(Cohort.title == "KlimaTraining Münster – Kohorte 5"))


@pytest.mark.parametrize("cohort_id", [None, "abc", [1], {"id": 1}, -1, 0, 2**63, 1.5, True, "1; DROP"])
def test_a_forged_cohort_id_saves_nothing(demo_db, cohort_id):
    cohort = _cohort(demo_db)
    with demo_db.session() as s:
        enrollment = s.scalars(select(Enrollment).where(Enrollment.cohort_id == cohort)).first()
        step = s.scalar(select(Attendance.session_id).where(Attendance.enrollment_id == enrollment.id))
    change = {"colId": f"s{step}", "value": True, "data": {"id": str(enrollment.id), "version": enrollment.version}}
    before = _fingerprint(demo_db)
    for save in (kohorten_detail.save_attendance_changes, kohorten_detail.save_goal_changes):
        assert save(demo_db, ACTOR, cohort_id, [change]) == (no_update, no_update, False)
    assert _fingerprint(demo_db) == before


def test_malformed_cohort_events_store_nothing(demo_db):
    cohort = _cohort(demo_db)
    with demo_db.session() as s:
        enrollment = s.scalars(select(Enrollment).where(Enrollment.cohort_id == cohort)).first()
        goal = s.scalars(select(Goal).where(Goal.enrollment_id == enrollment.id)).first()
    row = {"id": str(enrollment.id), "version": enrollment.version, "code": enrollment.id}
    goal_row = {"id": str(goal.id), "version": goal.version, "text": None}
    before = _fingerprint(demo_db)
    attendance_events = [
        "x",
        [{"colId": "s1", "value": "ja", "data": row}],
        [{"colId": "sx", "value": True, "data": row}],
        [{"colId": "s99999999999", "value": True, "data": row}],
        [{"colId": "status", "value": "Pausiert", "data": row}],
        [{"colId": "status", "value": ["Abgeschlossen"], "data": row}],
        [{"colId": "code", "value": "NEU", "data": row}],
        [{"colId": "status", "value": "Abgebrochen", "data": {**row, "id": None}}],
    ]
    goal_events = [
        [{"colId": "co2", "value": "1,2,3", "data": goal_row}],
        [{"colId": "co2", "value": "51", "data": goal_row}],
        [{"colId": "co2", "value": "0,5\x00", "data": goal_row}],
        [{"colId": "status", "value": "fertig", "data": goal_row}],
        [{"colId": "text", "value": "neu", "data": goal_row}],
        [{"colId": "status", "value": "Erreicht", "data": {**goal_row, "version": "v"}}],
    ]
    for event in attendance_events:
        message, _transaction, saved = kohorten_detail.save_attendance_changes(demo_db, ACTOR, cohort, event)
        assert not saved and (
            message is no_update or "Nicht gespeichert" in str(message) or "nicht gelesen" in str(message)
        )
    for event in goal_events:
        message, _transaction, saved = kohorten_detail.save_goal_changes(demo_db, ACTOR, cohort, event)
        assert not saved and ("Nicht gespeichert" in str(message) or "nicht gelesen" in str(message))
    assert _fingerprint(demo_db) == before


@pytest.mark.parametrize("measure_id", [None, "abc", [1], 2**63, -5, True])
def test_ask_for_update_with_a_forged_measure_id_stores_nothing(demo_db, measure_id):
    before = _fingerprint(demo_db)
    assert ask_for_update(demo_db, ACTOR, measure_id, "Bitte melden") == (no_update,) * 4
    assert _fingerprint(demo_db) == before


# --- the database refuses the write -------------------------------------------------------------------


def test_a_write_while_another_connection_holds_the_sqlite_lock_is_refused_and_reverted(demo_db):
    if demo_db.dialect != "sqlite":
        pytest.skip("SQLite's write lock")
    impatient = Database.from_url(demo_db.engine.url.render_as_string(hide_password=False), lock_timeout_s=0.2)
    row = _first_row(demo_db)
    before = _fingerprint(demo_db)
    holder = sqlite3.connect(demo_db.engine.url.database, timeout=1)
    try:
        holder.execute("BEGIN IMMEDIATE")
        message, reverts, processed = save_edits(impatient, ACTOR, [_change(row, "co2_t_per_year", "12,5")])
        assert processed and UNREACHABLE_MESSAGE in str(message.children) and message.color == "danger"
        assert reverts == [{"rowId": f"m{row['id']}", "colId": "co2_t_per_year", "value": row["co2_t_per_year"]}]
    finally:
        holder.rollback()
        holder.close()
        impatient.dispose()
    assert _fingerprint(demo_db) == before


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def test_an_unreachable_postgresql_server_gets_the_german_message_everywhere(demo_db):
    row = _first_row(demo_db)
    down = Database.from_url(f"postgresql://klikks@127.0.0.1:{_closed_port()}/klikks?connect_timeout=2")
    try:
        message, reverts, processed = save_edits(down, ACTOR, [_change(row, "status", "umgesetzt")])
        assert processed and UNREACHABLE_MESSAGE in str(message.children)
        assert reverts == [{"rowId": f"m{row['id']}", "colId": "status", "value": row["status"]}]
        change = {"colId": "co2", "value": "0,5", "oldValue": "0,2", "data": {"id": "1", "version": 1, "co2": "0,5"}}
        message, transaction, saved = kohorten_detail.save_goal_changes(down, ACTOR, 1, [change])
        assert not saved and UNREACHABLE_MESSAGE in str(message)
        assert transaction == {"update": [{"id": "1", "version": 1, "co2": "0,2"}]}  # the cell goes back
        feedback, *_ = ask_for_update(down, ACTOR, row["id"], "Wie ist der Stand?")
        assert UNREACHABLE_MESSAGE in str(feedback.to_plotly_json())
    finally:
        down.dispose()
