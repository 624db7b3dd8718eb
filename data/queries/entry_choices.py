"""What the entry forms offer to choose from: records (not vocabularies), narrowed to where the person may write."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from data.models import Enrollment, Municipality, Participant, Program, State, Volunteer
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
