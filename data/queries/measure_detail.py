"""One measure for its detail page: the measure itself, its status history and update requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import AuditEntry, Measure, Municipality, Program, State, UpdateRequest
from data.notifications.recipients import Recipient, contact_persons, current_contacts, responsible_people


@dataclass(frozen=True)
class MeasureDetail:
    id: int
    code: str
    program: str
    title: str
    teaser: str | None
    description_what: str | None
    description_plan: str | None
    sector: str
    area: str | None
    state: str | None
    municipality: str | None
    status: str
    progress_pct: int | None
    responsible: str | None
    involved: str | None
    started_on: date | None
    planned_completion_on: date | None
    completed_on: date | None
    steps: str | None
    renewable_kwh_per_year: float | None
    energy_carrier: str | None
    co2_t_per_year: float | None
    cost_eur: float | None
    funding_eur: float | None
    funding_source: str | None
    volunteer_led: bool
    version: int
    updated_at: datetime | None
    updated_by: str | None
    state_code: str | None = None  # with municipality_id: the scope a write to the measure is checked against
    municipality_id: int | None = None
    retired_at: datetime | None = None  # set: the measure is retired (shown only on request)
    program_ends_on: date | None = None

    @property
    def ends_on(self) -> date | None:
        """The end of the measure's program (so :func:`data.rules.default_stand` gives its Stand)."""
        return self.program_ends_on


@dataclass(frozen=True)
class MeasureContacts:
    """Who answers for a measure: ``own`` False means the program's fallback stands in; ``editor_text``
    is the editable list (logins and addresses) for those who may edit the measure, else None."""

    people: tuple[Recipient, ...]
    own: bool
    editor_text: str | None


def measure_contacts(session: Session, measure_id: int, editable: bool) -> MeasureContacts:
    own = contact_persons(session, measure_id)
    people = own or responsible_people(session, measure_id)
    editor = "\n".join(current_contacts(session, measure_id)) if editable else None
    return MeasureContacts(tuple(people), bool(own), editor)


def _float(value) -> float | None:
    return None if value is None else float(value)


def measure_detail(session: Session, measure_id: int) -> MeasureDetail | None:
    row = session.execute(
        select(Measure, Program.short_name, State.name, Municipality.name, Program.ends_on)
        .join(Program, Program.id == Measure.program_id)
        .outerjoin(State, State.code == Measure.state_code)
        .outerjoin(Municipality, Municipality.id == Measure.municipality_id)
        .where(Measure.id == measure_id)
    ).one_or_none()
    if row is None:
        return None
    m, program, state, municipality, program_ends_on = row
    return MeasureDetail(
        program_ends_on=program_ends_on,
        id=m.id,
        code=m.code,
        program=program,
        title=m.title,
        teaser=m.teaser,
        description_what=m.description_what,
        description_plan=m.description_plan,
        sector=m.sector,
        area=m.area,
        state=state,
        municipality=municipality,
        status=m.status,
        progress_pct=m.progress_pct,
        responsible=m.responsible,
        involved=m.involved,
        started_on=m.started_on,
        planned_completion_on=m.planned_completion_on,
        completed_on=m.completed_on,
        steps=m.steps,
        renewable_kwh_per_year=_float(m.renewable_kwh_per_year),
        energy_carrier=m.energy_carrier,
        co2_t_per_year=_float(m.co2_t_per_year),
        cost_eur=_float(m.cost_eur),
        funding_eur=_float(m.funding_eur),
        funding_source=m.funding_source,
        volunteer_led=m.volunteer_led,
        version=m.version,
        updated_at=m.updated_at,
        updated_by=m.updated_by,
        state_code=m.state_code,
        municipality_id=m.municipality_id,
        retired_at=m.retired_at,
    )


def status_history(session: Session, measure_id: int) -> pd.DataFrame:
    """Status changes from the audit log, oldest first: changed_at, old_value, new_value, actor, source."""
    rows = session.execute(
        select(AuditEntry.changed_at, AuditEntry.old_value, AuditEntry.new_value, AuditEntry.actor, AuditEntry.source)
        .where(AuditEntry.table_name == "measures", AuditEntry.row_id == measure_id, AuditEntry.field == "status")
        .order_by(AuditEntry.changed_at, AuditEntry.id)
    ).all()
    return pd.DataFrame(rows, columns=["changed_at", "old_value", "new_value", "actor", "source"])


REQUEST_COLUMNS = ["id", "requested_by", "requested_at", "message", "answered_at", "answered_by", "answer", "ask_count"]


def update_requests(session: Session, measure_id: int) -> pd.DataFrame:
    """ "Frage nach!" requests of a measure (open and answered), newest first."""
    rows = session.execute(
        select(
            UpdateRequest.id,
            UpdateRequest.requested_by,
            UpdateRequest.requested_at,
            UpdateRequest.message,
            UpdateRequest.answered_at,
            UpdateRequest.answered_by,
            UpdateRequest.answer,
            UpdateRequest.ask_count,
        )
        .where(UpdateRequest.measure_id == measure_id)
        .order_by(UpdateRequest.requested_at.desc(), UpdateRequest.id.desc())
    ).all()
    return pd.DataFrame(rows, columns=REQUEST_COLUMNS)
