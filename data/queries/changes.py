"""The latest audited changes of one program within a period, with the name of what was changed.

The audit log stores table and column names and values as text (``attendance``, ``present``,
``ja``). This module knows what each of them is — its German label and the kind of value — so the
page can say "Anwesenheit von MS5-07 bei „Auftakt“: anwesend → nicht anwesend" instead of
``attendance #3079 / present: ja → nein``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

import pandas as pd
from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from data import vocab
from data.commands.massnahmen_fields import MEASURE_FIELDS
from data.models import Attendance, AuditEntry, Cohort, CohortSession, Enrollment, Goal, Measure, Participant
from data.models.measures import UpdateRequest

ValueKind = Literal["text", "choice", "date", "number", "presence"]

# audited table -> what one of its rows is, in German
ENTITY_LABELS: dict[str, str] = {
    "measures": "Maßnahme",
    "update_requests": "Frage nach!",
    "attendance": "Anwesenheit",
    "enrollments": "Teilnahme",
    "goals": "Ziel",
}


@dataclass(frozen=True)
class AuditedField:
    """What an audited column holds: its German label and how its stored text is to be read."""

    label: str
    kind: ValueKind = "text"
    unit: str = ""
    decimals: int = 0
    choices: Mapping[str, str] | None = None  # stored key -> German label


_MEASURE_KINDS: dict[str, AuditedField] = {
    "status": AuditedField("", "choice", choices=vocab.MEASURE_STATUSES),
    "progress_pct": AuditedField("", "number", unit="%"),
    "planned_completion_on": AuditedField("", "date"),
    "co2_t_per_year": AuditedField("", "number", unit="t CO₂/Jahr", decimals=2),
    "cost_eur": AuditedField("", "number", unit="€"),
}

AUDITED_FIELDS: dict[tuple[str, str], AuditedField] = {
    **{
        ("measures", name): replace(_MEASURE_KINDS.get(name, AuditedField("")), label=field.label)
        for name, field in MEASURE_FIELDS.items()
    },
    ("update_requests", "message"): AuditedField("Nachricht"),
    ("attendance", "present"): AuditedField("Anwesenheit", "presence"),
    ("enrollments", "status"): AuditedField("Status", "choice", choices=vocab.ENROLLMENT_STATUSES),
    ("enrollments", "completed_on"): AuditedField("Abgeschlossen am", "date"),
    ("enrollments", "dropped_on"): AuditedField("Abgebrochen am", "date"),
    ("goals", "status"): AuditedField("Status", "choice", choices=vocab.GOAL_STATUSES),
    ("goals", "co2_t_per_year"): AuditedField("CO₂-Schätzung", "number", unit="t CO₂/Jahr", decimals=2),
}


def audited_field(table: str, field: str) -> AuditedField:
    """The description of an audited column; an unknown one is shown as text under a neutral label."""
    return AUDITED_FIELDS.get((table, field), AuditedField("Wert"))


CHANGE_COLUMNS = [
    "changed_at",
    "table_name",
    "field",
    "old_value",
    "new_value",
    "actor",
    "subject",
    "measure_id",
    "cohort_id",
    "participant",
    "detail",
]


def latest_changes(session: Session, program_id: int, start: date, end: date, limit: int = 8) -> pd.DataFrame:
    """The newest audited changes to rows of one program made within ``start`` … ``end`` (whole days, UTC).

    ``subject`` names the measure or cohort, ``participant`` the trainee's code, ``detail`` the session
    (attendance) or the goal's text; ``measure_id``/``cohort_id`` allow a link.
    """
    parameters = {
        "program_id": program_id,
        "since": datetime.combine(start, time.min, tzinfo=UTC),
        "before": datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
        "limit": limit,
    }
    return pd.DataFrame(session.execute(_latest_changes_statement(), parameters).all(), columns=CHANGE_COLUMNS)


@functools.cache
def _latest_changes_statement() -> Select:
    """The statement behind :func:`latest_changes`, built once: its eight aliases cost milliseconds to
    make, more than the query takes to run."""
    measure, asked = aliased(Measure), aliased(Measure)
    request = aliased(UpdateRequest)
    attendance, attendance_enrollment = aliased(Attendance), aliased(Enrollment)
    enrollment, goal, goal_enrollment = aliased(Enrollment), aliased(Goal), aliased(Enrollment)
    cohort_session = aliased(CohortSession)
    changed_at = AuditEntry.changed_at

    def on(table: str, *conditions):
        return and_(AuditEntry.table_name == table, *conditions)

    return (
        select(
            changed_at,
            AuditEntry.table_name,
            AuditEntry.field,
            AuditEntry.old_value,
            AuditEntry.new_value,
            AuditEntry.actor,
            func.coalesce(measure.title, asked.title, Cohort.title).label("subject"),
            func.coalesce(measure.id, asked.id).label("measure_id"),
            Cohort.id.label("cohort_id"),
            Participant.code.label("participant"),
            func.coalesce(cohort_session.title, goal.text).label("detail"),
        )
        .outerjoin(measure, on("measures", measure.id == AuditEntry.row_id))
        .outerjoin(request, on("update_requests", request.id == AuditEntry.row_id))
        .outerjoin(asked, asked.id == request.measure_id)
        .outerjoin(attendance, on("attendance", attendance.id == AuditEntry.row_id))
        .outerjoin(attendance_enrollment, attendance_enrollment.id == attendance.enrollment_id)
        .outerjoin(cohort_session, cohort_session.id == attendance.session_id)
        .outerjoin(enrollment, on("enrollments", enrollment.id == AuditEntry.row_id))
        .outerjoin(goal, on("goals", goal.id == AuditEntry.row_id))
        .outerjoin(goal_enrollment, goal_enrollment.id == goal.enrollment_id)
        .outerjoin(
            Cohort,
            Cohort.id
            == func.coalesce(attendance_enrollment.cohort_id, enrollment.cohort_id, goal_enrollment.cohort_id),
        )
        .outerjoin(
            Participant,
            Participant.id
            == func.coalesce(
                attendance_enrollment.participant_id, enrollment.participant_id, goal_enrollment.participant_id
            ),
        )
        .where(
            func.coalesce(measure.program_id, asked.program_id, Cohort.program_id) == bindparam("program_id"),
            changed_at >= bindparam("since", type_=changed_at.type),
            changed_at < bindparam("before", type_=changed_at.type),
        )
        .order_by(changed_at.desc(), AuditEntry.id.desc())
        .limit(bindparam("limit"))
    )
