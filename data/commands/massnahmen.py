"""The one write path for measures: validate, check the version, write, audit — in one transaction.

The grid (and later the detail page and imports) call :func:`update_measure`; the "Neue Maßnahme"
form calls :func:`create_measure`. Optimistic locking:
the UPDATE only matches the row while it still has the version the editor loaded, so of two
concurrent saves exactly one wins; the other gets a :class:`ConflictError` and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.commands.errors import ConflictError, FieldErrors, NotFoundError
from data.commands.fields import FieldSpec, parse_changes, parse_record, with_default
from data.commands.massnahmen_fields import MEASURE_FIELDS, NEW_MEASURE_FIELDS, as_text
from data.commands.records import audit_created, placement
from data.commands.unit_of_work import Actor, Scope, UnitOfWork, changes_to, require_version
from data.models import Measure, Program

CONFLICT_MESSAGE = (
    "Diese Maßnahme wurde inzwischen geändert (von {who}). Ihre Änderung wurde nicht gespeichert; "
    "die Zeile zeigt jetzt den aktuellen Stand."
)


@dataclass(frozen=True)
class MeasureUpdate:
    """What a successful save did: the new version and each changed field as (old, new) text."""

    measure_id: int
    version: int
    changed: dict[str, tuple[str | None, str | None]]


def update_measure(
    session: Session,
    actor: Actor | None,
    measure_id: int,
    changes: dict[str, object],
    expected_version: int,
    source: str = "ui",
    fields: dict[str, FieldSpec] = MEASURE_FIELDS,
) -> MeasureUpdate:
    """Apply ``changes`` to one measure if it still has ``expected_version``; commit or change nothing.

    ``fields`` are the fields this caller may change: the grid's (:data:`MEASURE_FIELDS`) by default,
    the measure page's :data:`~data.commands.massnahmen_fields.MEASURE_NAME_FIELDS` to rename it.
    """
    with UnitOfWork(session, actor, source) as work:
        expected_version = require_version(expected_version)
        parsed = parse_changes(fields, changes)
        current = session.execute(
            select(
                Measure.version,
                Measure.updated_by,
                Measure.state_code,
                Measure.municipality_id,
                Measure.program_id,
                *[getattr(Measure, name) for name in parsed],
            ).where(Measure.id == measure_id)
        ).one_or_none()
        if current is None:
            raise NotFoundError(f"Die Maßnahme Nr. {measure_id} gibt es nicht (mehr).")
        work.authorise(Scope(current.state_code, current.municipality_id), "Maßnahmen")
        if current.version != expected_version:
            raise ConflictError(CONFLICT_MESSAGE.format(who=current.updated_by or "unbekannt"))
        stored = current._mapping
        changed = changes_to(stored, parsed)
        if not changed:
            return MeasureUpdate(measure_id, current.version, {})
        if "code" in changed:
            check_code_free(session, current.program_id, changed["code"], except_id=measure_id)
        version = work.write_changes(
            Measure,
            measure_id,
            expected_version,
            stored,
            changed,
            CONFLICT_MESSAGE.format(who="jemand anderem"),
            updated_at=work.now,
            updated_by=work.actor_name,
        )
    return MeasureUpdate(
        measure_id, version, {name: (as_text(stored[name]), as_text(new)) for name, new in changed.items()}
    )


# --- new measures --------------------------------------------------------------------------------------

CODE_DIGITS = 4


@dataclass(frozen=True)
class NewMeasure:
    measure_id: int
    code: str  # as given, or generated


def code_prefix(program: Program) -> str:
    """Generated codes of a program start with its code in capitals, e.g. ``KLIKKS-0042``."""
    return f"{program.code.upper()}-"


def check_code_free(session: Session, program_id: int, code: str, except_id: int | None = None) -> None:
    """A measure's code names it within its program: no second measure of the program may have it (the
    database enforces this too); another program may use the same code."""
    clash = select(Measure.id).where(Measure.program_id == program_id, Measure.code == code)
    if except_id is not None:
        clash = clash.where(Measure.id != except_id)
    if session.scalar(clash.limit(1)) is not None:
        raise FieldErrors({"code": f"Der Code {code} ist in diesem Programm schon vergeben."})


def next_measure_code(session: Session, program: Program) -> str:
    """The next free generated code of ``program``: one above the highest generated one so far."""
    prefix = code_prefix(program)
    highest = session.scalar(
        select(func.max(Measure.code)).where(
            Measure.program_id == program.id,
            Measure.code.like(f"{prefix}%"),
            func.length(Measure.code) == len(prefix) + CODE_DIGITS,
        )
    )
    suffix = highest.removeprefix(prefix) if highest else "0"
    number = int(suffix) + 1 if suffix.isdigit() else 1
    return f"{prefix}{number:0{CODE_DIGITS}d}"


def create_measure(
    session: Session,
    actor: Actor | None,
    program_id: object,
    values: dict[str, object],
    municipality_id: object = None,
    state_code: object = None,
    source: str = "ui",
) -> NewMeasure:
    """Add a measure to a program; a blank code is generated (:func:`next_measure_code`).

    The measure belongs to ``municipality_id`` (its state follows) or, without one, to ``state_code``.
    """
    with UnitOfWork(session, actor, source) as work:
        place = placement(session, program_id, state_code, municipality_id)
        work.authorise(place.scope, "Maßnahmen")
        program, state_code = place.program, place.state_code
        record = parse_record(NEW_MEASURE_FIELDS, with_default(values, "status", "geplant"))
        if record["code"]:
            check_code_free(session, program.id, record["code"])
        else:
            record["code"] = next_measure_code(session, program)
        measure = Measure(
            program_id=program.id,
            state_code=state_code,
            municipality_id=place.municipality_id,
            **record,
            version=1,
            updated_at=work.now,
            updated_by=work.actor_name,
        )
        session.add(measure)
        session.flush()
        audit_created(
            work,
            "measures",
            measure.id,
            {"program_id": program.id, "state_code": state_code, "municipality_id": measure.municipality_id, **record},
        )
    return NewMeasure(measure.id, measure.code)
