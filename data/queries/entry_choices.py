"""What the entry forms offer to choose from: records (not vocabularies), narrowed to where the person may write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from data import vocab
from data.models import (
    CohortSession,
    Enrollment,
    Goal,
    Municipality,
    Participant,
    Program,
    State,
    Volunteer,
)
from data.permissions import Scope
from data.queries.sql import in_use

Choice = tuple[object, str, int | None]  # value, German label, version (None: not versioned)


def _within(query: Select, scope: Scope | None, state_code: str | None) -> Select:
    if state_code is not None:
        query = query.where(Municipality.state_code == state_code)
    if scope is not None:
        if scope.municipality_id is not None:
            query = query.where(Municipality.id == scope.municipality_id)
        elif scope.state_code is not None:
            query = query.where(Municipality.state_code == scope.state_code)
        else:
            query = query.where(Municipality.id.is_(None))  # may write nowhere
    return query


def municipalities(
    session: Session, scope: Scope | None, state_code: str | None = None, retired: bool = False
) -> list[Choice]:
    """Municipalities (in use, or only the retired ones) by name, labelled with their state when not given."""
    query = select(Municipality.id, Municipality.name, Municipality.state_code, Municipality.version)
    query = query.where(Municipality.retired_at.is_not(None) if retired else in_use(Municipality))
    rows = session.execute(_within(query, scope, state_code).order_by(Municipality.name, Municipality.id)).all()
    return [(row.id, row.name if state_code else f"{row.name} ({row.state_code[3:]})", row.version) for row in rows]


def municipality_values(session: Session, scope: Scope | None, municipality_id: int) -> dict[str, object] | None:
    """The stored name, kind, AGS and population of a municipality in ``scope`` (None: unknown or out of scope)."""
    query = select(Municipality.name, Municipality.kind, Municipality.ags, Municipality.population).where(
        Municipality.id == municipality_id, in_use(Municipality)
    )
    row = session.execute(_within(query, scope, None)).one_or_none()
    return dict(row._mapping) if row else None


def volunteers(session: Session, scope: Scope | None, state_code: str | None = None) -> list[Choice]:
    """Pat:innen still active (not left, not retired), labelled with their municipality."""
    query = (
        select(Volunteer.id, Volunteer.code, Municipality.name, Volunteer.version)
        .join(Municipality, Municipality.id == Volunteer.municipality_id)
        .where(Volunteer.left_on.is_(None), in_use(Volunteer, Municipality))
    )
    rows = session.execute(_within(query, scope, state_code).order_by(Volunteer.code)).all()
    return [(row.id, f"{row.code} – {row.name}", row.version) for row in rows]


def programs(session: Session) -> list[Choice]:
    rows = session.execute(select(Program.id, Program.short_name).order_by(Program.id))
    return [(row.id, row.short_name, None) for row in rows]


def states(session: Session, scope: Scope | None) -> list[Choice]:
    query = select(State.code, State.name).order_by(State.name)
    if scope is not None:
        query = query.where(State.code == scope.state_code)
    return [(row.code, row.name, None) for row in session.execute(query)]


def enrollments(session: Session, cohort_id: int) -> list[Choice]:
    rows = session.execute(
        select(Enrollment.id, Participant.code)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .where(Enrollment.cohort_id == cohort_id, in_use(Enrollment))
        .order_by(Participant.code)
    ).all()
    return [(row.id, row.code, None) for row in rows]


def _day(value) -> str:
    return value.strftime("%d.%m.%Y")


def sessions(session: Session, cohort_id: int) -> list[Choice]:
    """A cohort's sessions in use, in schedule order, labelled with position, title and date."""
    rows = session.execute(
        select(CohortSession.id, CohortSession.position, CohortSession.title, CohortSession.held_on)
        .where(CohortSession.cohort_id == cohort_id, in_use(CohortSession))
        .order_by(CohortSession.position)
    ).all()
    return [(row.id, f"{row.position}. {row.title} ({_day(row.held_on)})", None) for row in rows]


def goals(session: Session, cohort_id: int) -> list[Choice]:
    """The goals in use of a cohort's enrollments in use, labelled with participant code and goal text."""
    rows = session.execute(
        select(Goal.id, Participant.code, Goal.text, Goal.topic, Goal.version)
        .join(Enrollment, Enrollment.id == Goal.enrollment_id)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .where(Enrollment.cohort_id == cohort_id, in_use(Goal, Enrollment))
        .order_by(Participant.code, Goal.id)
    ).all()
    return [
        (row.id, f"{row.code} – {row.text} ({vocab.GOAL_TOPICS.get(row.topic, row.topic)})", row.version)
        for row in rows
    ]


@dataclass(frozen=True)
class RetiredPart:
    """A retired session, enrollment or goal of a cohort; ``key`` ("table:id") is what the restore form sends."""

    table: str
    row_id: int
    what: str  # German kind: Termin, Teilnahme, Ziel
    label: str
    retired_at: datetime

    @property
    def key(self) -> str:
        return f"{self.table}:{self.row_id}"


def retired_parts(session: Session, cohort_id: int) -> list[RetiredPart]:
    """Everything retired inside a cohort (not the cohort itself), newest first."""
    parts = [
        RetiredPart("cohort_sessions", row.id, "Termin", f"{row.title} ({_day(row.held_on)})", row.retired_at)
        for row in session.execute(
            select(CohortSession.id, CohortSession.title, CohortSession.held_on, CohortSession.retired_at).where(
                CohortSession.cohort_id == cohort_id, CohortSession.retired_at.is_not(None)
            )
        )
    ]
    parts += [
        RetiredPart("enrollments", row.id, "Teilnahme", row.code, row.retired_at)
        for row in session.execute(
            select(Enrollment.id, Participant.code, Enrollment.retired_at)
            .join(Participant, Participant.id == Enrollment.participant_id)
            .where(Enrollment.cohort_id == cohort_id, Enrollment.retired_at.is_not(None))
        )
    ]
    parts += [
        RetiredPart("goals", row.id, "Ziel", f"{row.code} – {row.text}", row.retired_at)
        for row in session.execute(
            select(Goal.id, Participant.code, Goal.text, Goal.retired_at)
            .join(Enrollment, Enrollment.id == Goal.enrollment_id)
            .join(Participant, Participant.id == Enrollment.participant_id)
            .where(Enrollment.cohort_id == cohort_id, Goal.retired_at.is_not(None))
        )
    ]
    return sorted(parts, key=lambda part: (part.retired_at, part.row_id), reverse=True)


def retired_part_choices(session: Session, cohort_id: int) -> list[Choice]:
    return [(part.key, f"{part.what}: {part.label}", None) for part in retired_parts(session, cohort_id)]


def stored(session: Session, model: type, row_id: int, names: tuple[str, ...]) -> tuple[dict, int | None] | None:
    """A record's stored ``names`` and its version (None if it has none), for an edit form; None: unknown."""
    row = session.get(model, row_id)
    if row is None:
        return None
    return {name: getattr(row, name) for name in names}, getattr(row, "version", None)
