"""Write commands of the cohort pages: valid changes are audited, invalid and stale ones change nothing."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from data.commands.errors import ConflictError, NotFoundError, ValidationError
from data.commands.kohorten import set_attendance, set_enrollment_status, update_goal
from data.models import Attendance, AuditEntry, Enrollment, Goal
from data.queries.kohorten_funnel import funnel_steps
from tests.support.accounts import as_coordinator
from tests.support.kohorten import build_tiny_trainings

ACTOR = as_coordinator("Test-Nutzerin")


@pytest.fixture
def tiny(empty_db):
    with empty_db.session() as session:
        ids = build_tiny_trainings(session)
    return empty_db, ids


def _state(db, enrollment_id):
    """Version of the enrollment, its attendance and the number of audit rows: what must not change."""
    with db.session() as session:
        version = session.scalar(select(Enrollment.version).where(Enrollment.id == enrollment_id))
        present = dict(
            session.execute(
                select(Attendance.session_id, Attendance.present).where(Attendance.enrollment_id == enrollment_id)
            ).all()
        )
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    return version, present, audits


def test_marking_attendance_updates_row_version_funnel_and_audit(tiny):
    db, ids = tiny
    with db.session() as session:
        version = set_attendance(session, ACTOR, ids.enrollments["A-2"], ids.sessions["A3"], True, 1)
    assert version == 2
    with db.session() as session:
        assert list(funnel_steps(session, [ids.cohorts["A"]])["count"]) == [4, 3, 2, 2, 2, 2]
        audit = session.scalars(select(AuditEntry)).one()
        assert session.get(Enrollment, ids.enrollments["A-2"]).version == 2
    assert (audit.table_name, audit.field, audit.old_value, audit.new_value) == ("attendance", "present", "nein", "ja")
    assert (audit.actor, audit.source) == (ACTOR.name, "ui")


def test_attendance_without_a_row_yet_is_created(tiny):
    db, ids = tiny
    with db.session() as session:
        set_attendance(session, ACTOR, ids.enrollments["A-4"], ids.sessions["A1"], True, 1)
    version, present, audits = _state(db, ids.enrollments["A-4"])
    assert (version, present, audits) == (2, {ids.sessions["A1"]: True}, 1)
    with db.session() as session:
        audit = session.scalars(select(AuditEntry)).one()
    assert (audit.old_value, audit.new_value) == (None, "ja")


def test_unchanged_attendance_is_not_a_change(tiny):
    db, ids = tiny
    with db.session() as session:
        assert set_attendance(session, ACTOR, ids.enrollments["A-1"], ids.sessions["A1"], True, 1) == 1
    assert _state(db, ids.enrollments["A-1"])[0::2] == (1, 0)


@pytest.mark.parametrize(
    ("who", "step", "present", "version", "error", "message"),
    [
        ("A-3", "A4", True, 1, ValidationError, "abgebrochen"),  # after the drop-out date
        ("A-1", "A4", False, 1, ValidationError, "Abschluss"),  # completion needs the closing event
        ("A-1", "C1", True, 1, ValidationError, "gehört nicht"),  # another cohort's session
        ("A-2", "A3", "ja", 1, ValidationError, "„ja“ oder „nein“"),  # not a boolean
        ("A-2", "A3", True, 7, ConflictError, "inzwischen"),  # stale version
    ],
)
def test_invalid_attendance_changes_nothing(tiny, who, step, present, version, error, message):
    db, ids = tiny
    before = _state(db, ids.enrollments[who])
    with db.session() as session, pytest.raises(error, match=message):
        set_attendance(session, ACTOR, ids.enrollments[who], ids.sessions[step], present, version)
    assert _state(db, ids.enrollments[who]) == before


def test_unknown_enrollment_is_not_found(tiny):
    db, ids = tiny
    with db.session() as session, pytest.raises(NotFoundError):
        set_attendance(session, ACTOR, 999_999, ids.sessions["A1"], True, 1)


def test_concurrent_saves_with_the_same_version_let_exactly_one_win(tiny):
    db, ids = tiny
    enrollment = ids.enrollments["A-2"]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def save(session_key: str, present: bool) -> None:
        with db.session() as session:
            barrier.wait(timeout=10)
            try:
                outcomes.append(set_attendance(session, ACTOR, enrollment, ids.sessions[session_key], present, 1))
            except ConflictError as exc:
                outcomes.append(exc)

    threads = [threading.Thread(target=save, args=("A3", True)), threading.Thread(target=save, args=("A2", False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(type(o).__name__ for o in outcomes) == ["ConflictError", "int"]
    version, present, audits = _state(db, enrollment)
    assert version == 2 and audits == 1
    # exactly one of the two edits is stored
    assert (present[ids.sessions["A3"]], present[ids.sessions["A2"]]) in {(True, True), (False, False)}


def test_completion_requires_the_closing_event_and_changes_nothing_otherwise(tiny):
    db, ids = tiny
    before = _state(db, ids.enrollments["A-3"])
    with db.session() as session, pytest.raises(ValidationError, match="Abschluss"):
        set_enrollment_status(session, ACTOR, ids.enrollments["A-3"], "abgeschlossen", 1)
    assert _state(db, ids.enrollments["A-3"]) == before


def test_status_change_sets_dates_and_audits_each_changed_field(tiny):
    db, ids = tiny
    enrollment = ids.enrollments["A-4"]  # abgebrochen on 01.02.2023, never attended
    with db.session() as session:
        assert set_enrollment_status(session, ACTOR, enrollment, "angemeldet", 1) == 2
        set_attendance(session, ACTOR, enrollment, ids.sessions["A1"], True, 2)
        set_attendance(session, ACTOR, enrollment, ids.sessions["A2"], True, 3)
        assert set_enrollment_status(session, ACTOR, enrollment, "abgebrochen", 4) == 5
    with db.session() as session:
        row = session.get(Enrollment, enrollment)
        fields = session.execute(
            select(AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value)
            .where(AuditEntry.table_name == "enrollments")
            .order_by(AuditEntry.id)
        ).all()
    # dropped out at the first session after the last one attended: the Ausprobierphase on 01.03.2023
    assert (row.status, row.dropped_on, row.completed_on) == ("abgebrochen", date(2023, 3, 1), None)
    assert fields == [
        ("status", "abgebrochen", "angemeldet"),
        ("dropped_on", "2023-02-01", None),
        ("status", "angemeldet", "abgebrochen"),
        ("dropped_on", None, "2023-03-01"),
    ]


def test_completion_is_dated_on_the_closing_event(tiny):
    db, ids = tiny
    enrollment = ids.enrollments["A-2"]
    with db.session() as session:
        set_enrollment_status(session, ACTOR, enrollment, "angemeldet", 1)
        set_enrollment_status(session, ACTOR, enrollment, "abgeschlossen", 2)
    with db.session() as session:
        row = session.get(Enrollment, enrollment)
    assert (row.status, row.completed_on, row.version) == ("abgeschlossen", date(2023, 5, 10), 3)


def test_unknown_status_is_rejected(tiny):
    db, ids = tiny
    with db.session() as session, pytest.raises(ValidationError, match="kein bekannter Teilnahmestatus"):
        set_enrollment_status(session, ACTOR, ids.enrollments["B-1"], "fertig", 1)


def test_goal_status_and_german_decimal_estimate_are_saved(tiny):
    db, ids = tiny
    goal = ids.goals["A-2 konsum"]
    with db.session() as session:
        assert update_goal(session, ACTOR, goal, {"status": "erreicht", "co2_t_per_year": "0,8"}, 1) == 2
    with db.session() as session:
        row = session.get(Goal, goal)
        audits = session.execute(
            select(AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value).order_by(AuditEntry.id)
        ).all()
    assert (row.status, float(row.co2_t_per_year), row.version) == ("erreicht", 0.8, 2)
    assert audits == [("status", "begonnen", "erreicht"), ("co2_t_per_year", "0.15", "0.8")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"co2_t_per_year": "-5"}, "zwischen 0 und 50"),
        ({"co2_t_per_year": "51"}, "zwischen 0 und 50"),
        ({"co2_t_per_year": "viel"}, "keine gültige Zahl"),
        ({"status": "vielleicht"}, "kein bekannter Zielstatus"),
        ({"text": "Neuer Text"}, "„text“ kann hier nicht bearbeitet werden"),
    ],
)
def test_invalid_goal_values_change_nothing(tiny, changes, message):
    db, ids = tiny
    goal = ids.goals["A-2 konsum"]
    with db.session() as session, pytest.raises(ValidationError, match=message):
        update_goal(session, ACTOR, goal, changes, 1)
    with db.session() as session:
        row = session.get(Goal, goal)
        assert (row.status, float(row.co2_t_per_year), row.version) == ("begonnen", 0.15, 1)
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_goal_estimate_can_be_cleared_and_stale_goal_versions_conflict(tiny):
    db, ids = tiny
    goal = ids.goals["C-1 abfall"]
    with db.session() as session:
        update_goal(session, ACTOR, goal, {"co2_t_per_year": ""}, 1)
        with pytest.raises(ConflictError):
            update_goal(session, ACTOR, goal, {"status": "geplant"}, 1)
    with db.session() as session:
        row = session.get(Goal, goal)
    assert (row.co2_t_per_year, row.status, row.version) == (None, "erreicht", 2)
