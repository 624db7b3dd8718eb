"""Write commands of the cohort pages: attendance, enrollment status (completion) and goals.

Each command runs in a :class:`~data.commands.unit_of_work.UnitOfWork`: it validates, states the cohort's
scope for the write check, bumps the row's ``version`` with one conditional UPDATE (so of two concurrent
saves with the same expected version exactly one wins), writes the change and adds one audit row per
changed field — or raises a :mod:`data.commands.errors` error and nothing is stored.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import CommandError, NotFoundError, ValidationError
from data.commands.fields import FieldSpec, Kind, as_text, parse_changes
from data.commands.unit_of_work import Actor, Scope, UnitOfWork, changes_to, require_version
from data.models import Attendance, Cohort, CohortSession, Enrollment, Goal

MAX_CO2_T_PER_YEAR = Decimal(50)  # a single person's goal above this is a typing error, not an estimate

ATTENDANCE_FIELD = FieldSpec("present", "Anwesenheit", Kind.BOOLEAN, required=True)
ENROLLMENT_STATUS_FIELD = FieldSpec(
    "status", "Teilnahmestatus", Kind.CHOICE, required=True, options=vocab.ENROLLMENT_STATUSES
)
GOAL_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("status", "Zielstatus", Kind.CHOICE, required=True, options=vocab.GOAL_STATUSES),
        FieldSpec(
            "co2_t_per_year", "CO₂-Schätzung", Kind.DECIMAL, maximum=MAX_CO2_T_PER_YEAR, decimals=2, unit="t CO₂/Jahr"
        ),
    )
}


def set_attendance(
    session: Session,
    actor: Actor | None,
    enrollment_id: int,
    session_id: int,
    present: object,
    expected_version: int,
    source: str = "ui",
) -> int:
    """Mark whether an enrolled participant attended a session; returns the enrollment's new version."""
    with UnitOfWork(session, actor, source) as work:
        present = ATTENDANCE_FIELD.parse(present)
        expected_version = require_version(expected_version)
        enrollment = _enrollment(session, enrollment_id)
        step = session.get(CohortSession, session_id)
        if step is None or step.cohort_id != enrollment.cohort_id:
            raise ValidationError("Dieser Termin gehört nicht zu der Kohorte der Teilnahme.")
        cohort = _cohort(work, enrollment.cohort_id)
        if cohort.status == "abgesagt":
            raise ValidationError("Die Kohorte ist abgesagt; Anwesenheit kann nicht erfasst werden.")
        if (
            present
            and enrollment.status == "abgebrochen"
            and enrollment.dropped_on
            and step.held_on > enrollment.dropped_on
        ):
            raise ValidationError(
                f"Die Teilnahme wurde am {_german(enrollment.dropped_on)} abgebrochen; eine Anwesenheit am "
                f"{_german(step.held_on)} ist nicht möglich. Bitte zuerst den Status ändern."
            )
        if not present and enrollment.status == "abgeschlossen" and step.kind == "abschluss":
            raise ValidationError(
                "Abgeschlossen setzt die Teilnahme am Abschluss voraus. Bitte zuerst den Status ändern."
            )
        record = session.scalar(
            select(Attendance).where(Attendance.enrollment_id == enrollment_id, Attendance.session_id == session_id)
        )
        old = record.present if record is not None else None
        if old is not None and bool(old) == present:
            return enrollment.version
        version = work.bump_version(Enrollment, enrollment_id, expected_version)
        if record is None:
            record = Attendance(enrollment_id=enrollment_id, session_id=session_id, present=present)
            session.add(record)
        else:
            record.present = present
        session.flush()
        work.audit("attendance", record.id, "present", _yes_no(old), _yes_no(present))
    return version


def set_enrollment_status(
    session: Session, actor: Actor | None, enrollment_id: int, status: object, expected_version: int, source: str = "ui"
) -> int:
    """Set angemeldet / abgeschlossen / abgebrochen with the matching date; returns the new version.

    Completion is dated on the closing event (Abschluss) and requires attendance there; a drop-out
    is dated on the first session after the last one attended.
    """
    with UnitOfWork(session, actor, source) as work:
        status = ENROLLMENT_STATUS_FIELD.parse(status)
        expected_version = require_version(expected_version)
        enrollment = _enrollment(session, enrollment_id)
        if _cohort(work, enrollment.cohort_id).status == "abgesagt":
            raise ValidationError("Die Kohorte ist abgesagt; der Teilnahmestatus kann nicht geändert werden.")
        if status == enrollment.status:
            return enrollment.version
        steps = session.execute(
            select(
                CohortSession.id, CohortSession.kind, CohortSession.held_on, CohortSession.ends_on, Attendance.present
            )
            .outerjoin(
                Attendance,
                (Attendance.session_id == CohortSession.id) & (Attendance.enrollment_id == enrollment_id),
            )
            .where(CohortSession.cohort_id == enrollment.cohort_id)
            .order_by(CohortSession.position)
        ).all()
        completed_on = dropped_on = None
        if status == "abgeschlossen":
            closing = [s for s in steps if s.kind == "abschluss"]
            if closing and not closing[-1].present:
                raise ValidationError(
                    "Abgeschlossen setzt die Teilnahme am Abschluss voraus. Bitte zuerst die Anwesenheit beim "
                    "Abschluss ankreuzen."
                )
            last = closing[-1] if closing else (steps[-1] if steps else None)
            completed_on = (last.ends_on or last.held_on) if last else enrollment.registered_on
        elif status == "abgebrochen":
            attended = [i for i, s in enumerate(steps) if s.present]
            following = attended[-1] + 1 if attended else 0
            if following < len(steps):
                dropped_on = steps[following].held_on
            else:  # attended the last session, or there are none
                dropped_on = (steps[-1].ends_on or steps[-1].held_on) if steps else enrollment.registered_on
        changes = {
            "status": (enrollment.status, status),
            "completed_on": (enrollment.completed_on, completed_on),
            "dropped_on": (enrollment.dropped_on, dropped_on),
        }
        version = work.bump_version(
            Enrollment,
            enrollment_id,
            expected_version,
            status=status,
            completed_on=completed_on,
            dropped_on=dropped_on,
        )
        for field, (old, new) in changes.items():
            if old != new:
                work.audit("enrollments", enrollment_id, field, as_text(old), as_text(new))
    return version


def update_goal(
    session: Session,
    actor: Actor | None,
    goal_id: int,
    changes: dict[str, object],
    expected_version: int,
    source: str = "ui",
) -> int:
    """Change a goal's ``status`` and/or ``co2_t_per_year`` (t CO₂/year, None = unknown); returns the new version."""
    with UnitOfWork(session, actor, source) as work:
        values = parse_changes(GOAL_FIELDS, changes)
        expected_version = require_version(expected_version)
        goal = session.get(Goal, goal_id)
        if goal is None:
            raise NotFoundError("Dieses Ziel gibt es nicht (mehr).")
        if _cohort(work, goal.enrollment.cohort_id).status == "abgesagt":
            raise ValidationError("Die Kohorte ist abgesagt; Ziele können nicht geändert werden.")
        current = {"status": goal.status, "co2_t_per_year": goal.co2_t_per_year}
        changed = changes_to(current, values)
        if not changed:
            return goal.version
        return work.write_changes(Goal, goal_id, expected_version, current, changed)


# --- helpers -------------------------------------------------------------------------------------------


def _cohort(work: UnitOfWork, cohort_id: int) -> Cohort:
    """The cohort a write belongs to; its state and municipality are the scope of the write check."""
    cohort = work.session.get(Cohort, cohort_id)
    work.authorise(Scope(cohort.state_code, cohort.municipality_id), "Kohorten")
    return cohort


def _enrollment(session: Session, enrollment_id: int) -> Enrollment:
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise NotFoundError("Diese Teilnahme gibt es nicht (mehr).")
    return enrollment


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("ja" if value else "nein")


def _german(value: date) -> str:
    return value.strftime("%d.%m.%Y")


__all__ = ["CommandError", "set_attendance", "set_enrollment_status", "update_goal"]
