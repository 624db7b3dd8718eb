"""Queries behind one cohort's page: its facts, small groups and the rows of its two editable grids.

The grid rows are per participant (pseudonymous codes only) for one cohort, so they are small; all
counts shown beside them come from the aggregate queries in ``kohorten`` and ``kohorten_funnel``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrollment,
    Goal,
    Municipality,
    Participant,
    Person,
    Program,
    SmallGroup,
    State,
    cohort_trainers,
)
from data.queries.kohorten import CohortFilter, achievement, goal_counts
from data.queries.kohorten_funnel import funnel_steps
from data.queries.sql import in_use


@dataclass(frozen=True)
class CohortFacts:
    id: int
    title: str
    kind: str
    status: str
    program: str
    state: str | None
    city: str | None
    starts_on: date
    ends_on: date | None
    capacity: int | None
    note: str | None
    trainers: list[str]
    state_code: str | None = None  # where the cohort belongs, for the write permission
    municipality_id: int | None = None
    retired_at: datetime | None = None  # set: the cohort is retired (left out of the lists and counts)


def cohort_facts(session: Session, cohort_id: int) -> CohortFacts | None:
    """The cohort's summary facts, or None if there is no such cohort."""
    row = session.execute(
        select(
            Cohort.id,
            Cohort.title,
            Cohort.kind,
            Cohort.status,
            Program.short_name,
            State.name,
            Municipality.name,
            Cohort.starts_on,
            Cohort.ends_on,
            Cohort.capacity,
            Cohort.note,
            Cohort.state_code,
            Cohort.municipality_id,
            Cohort.retired_at,
        )
        .join(Program, Program.id == Cohort.program_id)
        .outerjoin(State, State.code == Cohort.state_code)
        .outerjoin(Municipality, Municipality.id == Cohort.municipality_id)
        .where(Cohort.id == cohort_id)
    ).one_or_none()
    if row is None:
        return None
    trainers = session.scalars(
        select(Person.display_name)
        .join(cohort_trainers, cohort_trainers.c.person_id == Person.id)
        .where(cohort_trainers.c.cohort_id == cohort_id)
        .order_by(Person.display_name)
    ).all()
    *facts, state_code, municipality_id, retired_at = row
    return CohortFacts(
        *facts,
        trainers=list(trainers),
        state_code=state_code,
        municipality_id=municipality_id,
        retired_at=retired_at,
    )


def small_groups(session: Session, cohort_id: int) -> pd.DataFrame:
    """Small groups with their trainer, members and completed members."""
    members = (
        select(
            Enrollment.small_group_id,
            func.count().label("members"),
            func.count().filter(Enrollment.status == "abgeschlossen").label("completed"),
        )
        .where(Enrollment.cohort_id == cohort_id, in_use(Enrollment))
        .group_by(Enrollment.small_group_id)
        .subquery()
    )
    rows = session.execute(
        select(
            SmallGroup.id,
            SmallGroup.name,
            Person.display_name,
            func.coalesce(members.c.members, 0),
            func.coalesce(members.c.completed, 0),
        )
        .outerjoin(Person, Person.id == SmallGroup.trainer_id)
        .outerjoin(members, members.c.small_group_id == SmallGroup.id)
        .where(SmallGroup.cohort_id == cohort_id)
        .order_by(SmallGroup.name)
    ).all()
    return pd.DataFrame(rows, columns=["id", "name", "trainer", "members", "completed"])


def cohort_sessions(session: Session, cohort_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(CohortSession.id, CohortSession.position, CohortSession.kind, CohortSession.title, CohortSession.held_on)
        .where(CohortSession.cohort_id == cohort_id, in_use(CohortSession))
        .order_by(CohortSession.position)
    ).all()
    return pd.DataFrame(rows, columns=["id", "position", "kind", "title", "held_on"])


ENROLLMENT_COLUMNS = ["id", "code", "group", "status", "completed_on", "dropped_on", "version"]


def enrollment_rows(session: Session, cohort_id: int, enrollment_id: int | None = None) -> list[dict]:
    """One dict per enrollment: code, group, status, dates, version and ``present`` per session id."""
    query = (
        select(
            Enrollment.id,
            Participant.code,
            SmallGroup.name,
            Enrollment.status,
            Enrollment.completed_on,
            Enrollment.dropped_on,
            Enrollment.version,
        )
        .join(Participant, Participant.id == Enrollment.participant_id)
        .outerjoin(SmallGroup, SmallGroup.id == Enrollment.small_group_id)
        .where(Enrollment.cohort_id == cohort_id, in_use(Enrollment))
        .order_by(SmallGroup.name, Participant.code)
    )
    attendance = select(Attendance.enrollment_id, Attendance.session_id, Attendance.present).join(
        Enrollment, Enrollment.id == Attendance.enrollment_id
    )
    attendance = attendance.where(Enrollment.cohort_id == cohort_id)
    if enrollment_id is not None:
        query = query.where(Enrollment.id == enrollment_id)
        attendance = attendance.where(Attendance.enrollment_id == enrollment_id)
    rows = [dict(zip(ENROLLMENT_COLUMNS, row, strict=True)) for row in session.execute(query).all()]
    present: dict[int, dict[int, bool]] = {}
    for enrolled, session_id, was_present in session.execute(attendance).all():
        present.setdefault(enrolled, {})[session_id] = bool(was_present)
    for row in rows:
        row["present"] = present.get(row["id"], {})
    return rows


GOAL_COLUMNS = ["id", "code", "group", "topic", "text", "status", "co2_t_per_year", "version"]


def goal_rows(session: Session, cohort_id: int, goal_id: int | None = None) -> list[dict]:
    query = (
        select(
            Goal.id,
            Participant.code,
            SmallGroup.name,
            Goal.topic,
            Goal.text,
            Goal.status,
            Goal.co2_t_per_year,
            Goal.version,
        )
        .join(Enrollment, Enrollment.id == Goal.enrollment_id)
        .join(Participant, Participant.id == Enrollment.participant_id)
        .outerjoin(SmallGroup, SmallGroup.id == Enrollment.small_group_id)
        .where(Enrollment.cohort_id == cohort_id, in_use(Goal, Enrollment))
        .order_by(Participant.code, Goal.id)
    )
    if goal_id is not None:
        query = query.where(Goal.id == goal_id)
    rows = [dict(zip(GOAL_COLUMNS, row, strict=True)) for row in session.execute(query).all()]
    for row in rows:
        value = row["co2_t_per_year"]
        row["co2_t_per_year"] = float(value) if value is not None else None
    return rows


@dataclass(frozen=True)
class CohortNumbers:
    """What one cohort's figures and tables show: funnel steps, goal counts and small groups."""

    steps: pd.DataFrame
    counts: pd.DataFrame
    groups: pd.DataFrame

    @property
    def by_topic(self) -> pd.DataFrame:
        return achievement(self.counts, "topic")

    @property
    def goals(self) -> int:
        return int(self.by_topic["goals"].sum()) if not self.counts.empty else 0

    @property
    def achieved(self) -> int:
        return int(self.by_topic["achieved"].sum()) if not self.counts.empty else 0

    @property
    def co2_achieved(self) -> float:
        return float(self.by_topic["co2_achieved"].sum()) if not self.counts.empty else 0.0


def cohort_numbers(session: Session, cohort_id: int) -> CohortNumbers:
    return CohortNumbers(
        steps=funnel_steps(session, [cohort_id]),
        counts=goal_counts(session, CohortFilter(cohort_ids=(cohort_id,))),
        groups=small_groups(session, cohort_id),
    )
