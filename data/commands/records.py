"""What every created or retired record shares: audit rows for a new record, retire and restore.

Retire, never delete: :func:`retire` stamps ``retired_at`` (the record keeps its history and drops out of
the default views and aggregates), :func:`restore` clears it. Both are audited as a change of the
``retired_at`` field and checked against the scope of the record, like any other write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from data.commands.errors import FieldErrors, NotFoundError, ValidationError
from data.commands.fields import as_text
from data.commands.unit_of_work import Actor, Scope, UnitOfWork
from data.models import Cohort, CohortSession, Enrollment, Goal, Measure, Municipality, Program, State, Volunteer


def audit_created(work: UnitOfWork, table: str, row_id: int, values: dict[str, object]) -> None:
    """One audit row per filled field of a new record (old value NULL), so its creation is traceable."""
    work.audit(table, row_id, "id", None, str(row_id), comment="angelegt")
    for name, value in values.items():
        if value is not None:
            work.audit(table, row_id, name, None, as_text(value))


@dataclass(frozen=True)
class Placement:
    """Where a new measure or cohort belongs: its program and its place (the scope its creation is checked in)."""

    program: Program
    state_code: str | None
    municipality_id: int | None

    @property
    def scope(self) -> Scope:
        return Scope(self.state_code, self.municipality_id)


def placement(session: Session, program_id: object, state_code: object, municipality_id: object) -> Placement:
    """The program and place a form names: a municipality in use (its state follows), else a state, else
    program-wide; refuses unknown ids field by field."""
    program = session.get(Program, program_id) if isinstance(program_id, int) else None
    if program is None:
        raise FieldErrors({"program_id": "Bitte ein Programm wählen."})
    if municipality_id not in (None, ""):
        municipality = session.get(Municipality, municipality_id) if isinstance(municipality_id, int) else None
        if municipality is None or municipality.retired_at is not None:
            raise FieldErrors({"municipality_id": "Diese Kommune gibt es nicht (mehr)."})
        return Placement(program, municipality.state_code, municipality.id)
    if state_code in (None, ""):
        return Placement(program, None, None)
    if not isinstance(state_code, str) or session.get(State, state_code) is None:
        raise FieldErrors({"state_code": "Dieses Land gibt es nicht."})
    return Placement(program, state_code, None)


def cohort_scope(session: Session, cohort_id: int) -> Scope:
    """A cohort's state and municipality: the scope of every write to it and to its sessions, enrollments, goals."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFoundError("Diese Kohorte gibt es nicht (mehr).")
    return Scope(cohort.state_code, cohort.municipality_id)


@dataclass(frozen=True)
class Retirable:
    """A kind of record that can be retired: its model, German name and where it belongs (for the scope check)."""

    model: type
    singular: str
    plural: str
    scope: Callable[[Session, object], Scope]


RETIRABLE: dict[str, Retirable] = {
    "measures": Retirable(Measure, "Maßnahme", "Maßnahmen", lambda _s, r: Scope(r.state_code, r.municipality_id)),
    "municipalities": Retirable(Municipality, "Kommune", "Kommunen", lambda _s, r: Scope(r.state_code, r.id)),
    "volunteers": Retirable(
        Volunteer,
        "Klimaschutzpat:in",
        "Klimaschutzpat:innen",
        lambda s, r: Scope(s.get(Municipality, r.municipality_id).state_code, r.municipality_id),
    ),
    "cohorts": Retirable(Cohort, "Kohorte", "Kohorten", lambda _s, r: Scope(r.state_code, r.municipality_id)),
    "cohort_sessions": Retirable(CohortSession, "Termin", "Kohorten", lambda s, r: cohort_scope(s, r.cohort_id)),
    "enrollments": Retirable(Enrollment, "Teilnahme", "Kohorten", lambda s, r: cohort_scope(s, r.cohort_id)),
    "goals": Retirable(
        Goal, "Ziel", "Kohorten", lambda s, r: cohort_scope(s, s.get(Enrollment, r.enrollment_id).cohort_id)
    ),
}


def retire(session: Session, actor: Actor | None, table: str, row_id: int, source: str = "ui") -> datetime:
    """Take a record out of use (it stays in the database with its history); audited. Returns when."""
    return _set_retired(session, actor, table, row_id, source, retire=True)


def restore(session: Session, actor: Actor | None, table: str, row_id: int, source: str = "ui") -> None:
    """Bring a retired record back into the default views; audited."""
    _set_retired(session, actor, table, row_id, source, retire=False)


def _set_retired(
    session: Session, actor: Actor | None, table: str, row_id: object, source: str, *, retire: bool
) -> datetime | None:
    kind = RETIRABLE.get(table) if isinstance(table, str) else None
    if kind is None:
        raise ValidationError("Diese Art von Eintrag kann nicht ausgemustert werden.")
    if isinstance(row_id, bool) or not isinstance(row_id, int):
        raise ValidationError("Der Eintrag fehlt; bitte die Seite neu laden.")
    with UnitOfWork(session, actor, source) as work:
        record = session.get(kind.model, row_id)
        if record is None:
            raise NotFoundError(f"Diese {kind.singular} gibt es nicht (mehr).")
        work.authorise(kind.scope(session, record), kind.plural)
        model = kind.model
        old = record.retired_at
        if retire and old is not None:
            raise ValidationError(f"Diese {kind.singular} ist bereits ausgemustert.")
        if not retire and old is None:
            raise ValidationError(f"Diese {kind.singular} ist nicht ausgemustert.")
        new = work.now if retire else None
        values: dict[str, object] = {"retired_at": new}
        if hasattr(model, "version"):
            values["version"] = model.version + 1
        was = model.retired_at.is_(None) if retire else model.retired_at.is_not(None)
        result = session.execute(
            update(model).where(model.id == row_id, was).values(**values).execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise ValidationError(f"Diese {kind.singular} wurde inzwischen von jemand anderem geändert.")
        work.audit(
            table, row_id, "retired_at", as_text(old), as_text(new), "ausgemustert" if retire else "wiederhergestellt"
        )
        session.expire(record)
    return new
