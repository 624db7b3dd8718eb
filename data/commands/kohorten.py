"""Write commands of the cohort pages: attendance, enrollment status (completion) and goals.

Each command validates, bumps the row's ``version`` with one conditional UPDATE (so of two concurrent
saves with the same expected version exactly one wins), writes the change, adds one audit row per
changed field and commits — or raises a :mod:`data.commands.errors` error and changes nothing.
``actor`` names who writes; access control can check it here later.
"""

from __future__ import annotations

import math
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import CommandError, ConflictError, NotFoundError, ValidationError
from data.models import Attendance, AuditEntry, Cohort, CohortSession, Enrollment, Goal

MAX_CO2_T_PER_YEAR = 50.0  # a single person's goal above this is a typing error, not an estimate


def set_attendance(
    session: Session, actor: str, enrollment_id: int, session_id: int, present: object, expected_version: int
) -> int:
    """Mark whether an enrolled participant attended a session; returns the enrollment's new version."""
    with _command(session):
        if not isinstance(present, bool):
            raise ValidationError("Anwesenheit muss „ja“ oder „nein“ sein.")
        enrollment = _enrollment(session, enrollment_id)
        step = session.get(CohortSession, session_id)
        if step is None or step.cohort_id != enrollment.cohort_id:
            raise ValidationError("Dieser Termin gehört nicht zu der Kohorte der Teilnahme.")
        cohort = session.get(Cohort, enrollment.cohort_id)
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
        version = _bump(session, Enrollment, enrollment_id, expected_version)
        if record is None:
            record = Attendance(enrollment_id=enrollment_id, session_id=session_id, present=present)
            session.add(record)
        else:
            record.present = present
        session.flush()
        _audit(session, actor, "attendance", record.id, "present", _yes_no(old), _yes_no(present))
        session.commit()
        return version


def set_enrollment_status(session: Session, actor: str, enrollment_id: int, status: str, expected_version: int) -> int:
    """Set angemeldet / abgeschlossen / abgebrochen with the matching date; returns the new version.

    Completion is dated on the closing event (Abschluss) and requires attendance there; a drop-out
    is dated on the first session after the last one attended.
    """
    with _command(session):
        if status not in vocab.ENROLLMENT_STATUSES:
            allowed = ", ".join(vocab.ENROLLMENT_STATUSES.values())
            raise ValidationError(f"Unbekannter Status „{status}“ (möglich: {allowed}).")
        enrollment = _enrollment(session, enrollment_id)
        if session.get(Cohort, enrollment.cohort_id).status == "abgesagt":
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
        version = _bump(session, Enrollment, enrollment_id, expected_version)
        session.execute(
            update(Enrollment)
            .where(Enrollment.id == enrollment_id)
            .values(status=status, completed_on=completed_on, dropped_on=dropped_on)
            .execution_options(synchronize_session=False)
        )
        for field, (old, new) in changes.items():
            if old != new:
                _audit(session, actor, "enrollments", enrollment_id, field, _text(old), _text(new))
        session.commit()
        return version


def update_goal(session: Session, actor: str, goal_id: int, changes: dict[str, object], expected_version: int) -> int:
    """Change a goal's ``status`` and/or ``co2_t_per_year`` (t CO₂/year, None = unknown); returns the new version."""
    with _command(session):
        unknown = set(changes) - {"status", "co2_t_per_year"}
        if unknown:
            raise ValidationError(f"Diese Felder können hier nicht geändert werden: {', '.join(sorted(unknown))}.")
        values: dict[str, object] = {}
        if "status" in changes:
            status = changes["status"]
            if status not in vocab.GOAL_STATUSES:
                allowed = ", ".join(vocab.GOAL_STATUSES.values())
                raise ValidationError(f"Unbekannter Zielstatus „{status}“ (möglich: {allowed}).")
            values["status"] = status
        if "co2_t_per_year" in changes:
            values["co2_t_per_year"] = _co2(changes["co2_t_per_year"])
        goal = session.get(Goal, goal_id)
        if goal is None:
            raise NotFoundError("Dieses Ziel gibt es nicht (mehr).")
        if session.get(Cohort, goal.enrollment.cohort_id).status == "abgesagt":
            raise ValidationError("Die Kohorte ist abgesagt; Ziele können nicht geändert werden.")
        current = {"status": goal.status, "co2_t_per_year": _float(goal.co2_t_per_year)}
        changed = {field: value for field, value in values.items() if current[field] != value}
        if not changed:
            return goal.version
        version = _bump(session, Goal, goal_id, expected_version)
        session.execute(
            update(Goal).where(Goal.id == goal_id).values(**changed).execution_options(synchronize_session=False)
        )
        for field, new in changed.items():
            _audit(session, actor, "goals", goal_id, field, _text(current[field]), _text(new))
        session.commit()
        return version


# --- helpers -------------------------------------------------------------------------------------------


class _command:
    """Roll back on any error so a rejected command leaves the session clean and nothing stored."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, _exc, _tb) -> bool:
        if exc_type is not None:
            self.session.rollback()
        return False


def _enrollment(session: Session, enrollment_id: int) -> Enrollment:
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise NotFoundError("Diese Teilnahme gibt es nicht (mehr).")
    return enrollment


def _bump(session: Session, model, row_id: int, expected_version: int) -> int:
    """Atomically raise the row's version if it is still ``expected_version``; else ConflictError."""
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.version == expected_version)
        .values(version=model.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(
            "Dieser Eintrag wurde inzwischen von jemand anderem geändert. Die aktuelle Fassung wird angezeigt; "
            "bitte die Änderung prüfen und erneut eingeben."
        )
    return expected_version + 1


def _co2(value: object) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError("Die CO₂-Schätzung muss eine Zahl sein.")
    try:
        text = value.strip() if isinstance(value, str) else None
        if text is not None and "," in text:  # German input: "1.234,5" or "0,6"
            text = text.replace(".", "").replace(",", ".")
        number = float(text) if text is not None else float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"„{value}“ ist keine Zahl; bitte die CO₂-Schätzung in t CO₂/Jahr angeben.") from None
    if math.isnan(number) or not 0 <= number <= MAX_CO2_T_PER_YEAR:
        raise ValidationError(
            f"Die CO₂-Schätzung muss zwischen 0 und {MAX_CO2_T_PER_YEAR:.0f} t CO₂/Jahr liegen (eingegeben: {value})."
        )
    return round(number, 2)


def _float(value: object) -> float | None:
    return float(value) if value is not None else None


def _audit(session: Session, actor: str, table: str, row_id: int, field: str, old: str | None, new: str | None) -> None:
    session.add(
        AuditEntry(table_name=table, row_id=row_id, field=field, old_value=old, new_value=new, actor=actor, source="ui")
    )


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("ja" if value else "nein")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _german(value: date) -> str:
    return value.strftime("%d.%m.%Y")


__all__ = ["CommandError", "set_attendance", "set_enrollment_status", "update_goal"]
