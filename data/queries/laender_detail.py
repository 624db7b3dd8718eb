"""Queries behind one state's page: who runs it, its municipalities, its measures and its cohorts.

Same "Stand" semantics as :mod:`data.queries.laender`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import Session

from data.models import Cohort, Enrollment, Measure, Municipality, Organisation, Person, Program, State, Volunteer
from data.queries.laender import activity_dates, klikks_projects, stage_on
from data.queries.sql import active_on, in_use


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    organisation: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class StateInfo:
    code: str
    name: str
    participating: bool
    kickoff_on: date | None
    recruiting_from: date | None
    partner: str | None
    partner_role: str | None
    contacts: tuple[Contact, ...]


def state_info(session: Session, code: str) -> StateInfo | None:
    """The state with its partner agency and regional contacts; None for an unknown code."""
    state = session.get(State, code)
    if state is None:
        return None
    partner = session.execute(
        select(Organisation.name, Organisation.program_role)
        .where(Organisation.state_code == code, Organisation.program_role.in_(("lead", "partner")))
        .order_by(Organisation.id)
        .limit(1)
    ).first()
    people = session.execute(
        select(Person.display_name, Person.role, Organisation.name, Person.email, Person.phone)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.state_code == code, Person.role == "regionalmanagement")
        .order_by(Person.display_name)
    ).all()
    return StateInfo(
        code=state.code,
        name=state.name,
        participating=bool(state.participating),
        kickoff_on=state.kickoff_on,
        recruiting_from=state.recruiting_from,
        partner=partner[0] if partner else None,
        partner_role=partner[1] if partner else None,
        contacts=tuple(Contact(*row) for row in people),
    )


def state_municipalities(
    session: Session, program_id: int, code: str, day: date, show_retired: bool = False
) -> pd.DataFrame:
    """The state's municipalities in the KlikKS pipeline on ``day``, one row each (retired ones only on request).

    Columns: id, name, kind, population, stage, stage_since, joined_on, left_on, paten (active on
    ``day``), projekte (begun by ``day``, not cancelled), co2, last_activity, version, retired.
    """
    current = stage_on(day)
    volunteers = (
        select(Volunteer.municipality_id, func.count().label("paten"))
        .where(active_on(Volunteer.joined_on, Volunteer.left_on, day), in_use(Volunteer))
        .group_by(Volunteer.municipality_id)
        .subquery("paten")
    )
    projects = (
        select(
            Measure.municipality_id,
            func.count().label("projekte"),
            func.sum(Measure.co2_t_per_year).label("co2"),
        )
        .where(klikks_projects(program_id, day))
        .group_by(Measure.municipality_id)
        .subquery("projekte")
    )
    activity = activity_dates(program_id, day)
    last = (
        select(activity.c.municipality_id, func.max(activity.c.day).label("last_activity"))
        .group_by(activity.c.municipality_id)
        .subquery("last")
    )
    rows = session.execute(
        select(
            Municipality.id,
            Municipality.name,
            Municipality.kind,
            Municipality.population,
            current.c.stage,
            current.c.since,
            Municipality.joined_on,
            Municipality.left_on,
            func.coalesce(volunteers.c.paten, 0),
            func.coalesce(projects.c.projekte, 0),
            projects.c.co2,
            last.c.last_activity,
            Municipality.version,
            Municipality.retired_at.is_not(None),
        )
        .join(current, current.c.municipality_id == Municipality.id)
        .outerjoin(volunteers, volunteers.c.municipality_id == Municipality.id)
        .outerjoin(projects, projects.c.municipality_id == Municipality.id)
        .outerjoin(last, last.c.municipality_id == Municipality.id)
        .where(Municipality.state_code == code, true() if show_retired else in_use(Municipality))
        .order_by(Municipality.name)
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=[
            "id",
            "name",
            "kind",
            "population",
            "stage",
            "stage_since",
            "joined_on",
            "left_on",
            "paten",
            "projekte",
            "co2",
            "last_activity",
            "version",
            "retired",
        ],
    )
    frame["co2"] = frame["co2"].astype(float)
    return frame


def state_measure_status(session: Session, code: str, day: date) -> pd.DataFrame:
    """Current status of the state's measures begun by ``day`` (or without a start date), per program.

    Columns: program (short name), program_code, status, measures. Cancelled ones are included here.
    """
    rows = session.execute(
        select(Program.short_name, Program.code, Measure.status, func.count())
        .select_from(Measure)
        .join(Program, Program.id == Measure.program_id)
        .where(
            Measure.state_code == code,
            or_(Measure.started_on.is_(None), Measure.started_on <= day),
            in_use(Measure),
        )
        .group_by(Program.short_name, Program.code, Measure.status)
        .order_by(Program.code, Measure.status)
    ).all()
    return pd.DataFrame(rows, columns=["program", "program_code", "status", "measures"])


def state_cohorts(session: Session, code: str, day: date) -> pd.DataFrame:
    """Cohorts held in the state (by state or by one of its municipalities) that began by ``day``.

    Columns: id, title, kind, program, starts_on, ends_on, status, enrolled.
    """
    in_state = or_(
        Cohort.state_code == code,
        Cohort.municipality_id.in_(select(Municipality.id).where(Municipality.state_code == code)),
    )
    rows = session.execute(
        select(
            Cohort.id,
            Cohort.title,
            Cohort.kind,
            Program.short_name,
            Cohort.starts_on,
            Cohort.ends_on,
            Cohort.status,
            func.count(Enrollment.id),
        )
        .join(Program, Program.id == Cohort.program_id)
        .outerjoin(Enrollment, (Enrollment.cohort_id == Cohort.id) & in_use(Enrollment))
        .where(in_state, Cohort.starts_on <= day, in_use(Cohort))
        .group_by(
            Cohort.id,
            Cohort.title,
            Cohort.kind,
            Program.short_name,
            Cohort.starts_on,
            Cohort.ends_on,
            Cohort.status,
        )
        .order_by(Cohort.starts_on, Cohort.id)
    ).all()
    return pd.DataFrame(rows, columns=["id", "title", "kind", "program", "starts_on", "ends_on", "status", "enrolled"])
