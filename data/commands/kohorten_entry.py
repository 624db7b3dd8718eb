"""New trainings: a cohort, its sessions, enrollments of pseudonymous participants, and their goals.

Every write is checked against the cohort's scope (its state or municipality) like the other cohort
commands in :mod:`data.commands.kohorten`; the natural key of an enrollment is participant code + cohort.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from data.commands.fields import FieldSpec, Kind, as_text, parse_changes, parse_record, same, with_default
from data.commands.kohorten import GOAL_FIELDS
from data.commands.records import audit_created, placement
from data.commands.unit_of_work import DEFAULT_CONFLICT_MESSAGE, Actor, Scope, UnitOfWork, changes_to, require_version
from data.commands.volunteers import VOLUNTEER_CODE
from data.models import Cohort, CohortSession, Enrollment, Goal, Participant, SmallGroup

COHORT_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("title", "Titel", Kind.TEXT, required=True, max_length=200),
        FieldSpec("kind", "Format", Kind.CHOICE, required=True, options=vocab.COHORT_KINDS),
        FieldSpec("status", "Status", Kind.CHOICE, required=True, options=vocab.COHORT_STATUSES),
        FieldSpec("starts_on", "Beginn", Kind.DATE, required=True),
        FieldSpec("ends_on", "Ende", Kind.DATE),
        FieldSpec("capacity", "Plätze", Kind.INTEGER, minimum=Decimal(1), maximum=Decimal(10_000)),
        FieldSpec("note", "Notiz", Kind.TEXT, max_length=500),
    )
}
SESSION_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("kind", "Art des Termins", Kind.CHOICE, required=True, options=vocab.SESSION_KINDS),
        FieldSpec("title", "Titel", Kind.TEXT, required=True, max_length=200),
        FieldSpec("held_on", "Datum", Kind.DATE, required=True),
        FieldSpec("ends_on", "Bis", Kind.DATE),
    )
}
ENROLLMENT_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("participant_code", "Teilnahme-Kürzel", Kind.TEXT, required=True, max_length=20),
        FieldSpec("small_group", "Kleingruppe", Kind.TEXT, max_length=60),
        FieldSpec("registered_on", "Angemeldet am", Kind.DATE, required=True),
    )
}
NEW_GOAL_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("topic", "Themenfeld", Kind.CHOICE, required=True, options=vocab.GOAL_TOPICS),
        FieldSpec("text", "Ziel", Kind.TEXT, required=True, max_length=300),
        *GOAL_FIELDS.values(),
    )
}


def _ends_after_start(record: dict[str, object], start: str, end: str, label: str) -> None:
    if record.get(end) and record.get(start) and record[end] < record[start]:
        raise FieldErrors({end: f"„{label}“ kann nicht vor dem Beginn liegen."})


def create_cohort(
    session: Session,
    actor: Actor | None,
    program_id: object,
    values: dict[str, object],
    state_code: object = None,
    municipality_id: object = None,
    source: str = "ui",
) -> int:
    """Plan a cohort for a state (or a municipality, or program-wide without either); returns its id."""
    with UnitOfWork(session, actor, source) as work:
        place = placement(session, program_id, state_code, municipality_id)
        work.authorise(place.scope, "Kohorten")
        program, state_code = place.program, place.state_code
        record = parse_record(COHORT_FIELDS, values)
        _ends_after_start(record, "starts_on", "ends_on", "Ende")
        cohort = Cohort(
            program_id=program.id,
            state_code=state_code,
            municipality_id=place.municipality_id,
            **record,
        )
        session.add(cohort)
        session.flush()
        audit_created(
            work,
            "cohorts",
            cohort.id,
            {"program_id": program.id, "state_code": state_code, "municipality_id": cohort.municipality_id, **record},
        )
    return cohort.id


def add_session(
    session: Session, actor: Actor | None, cohort_id: object, values: dict[str, object], source: str = "ui"
) -> int:
    """Add a dated session at the end of a cohort's schedule; returns its id."""
    with UnitOfWork(session, actor, source) as work:
        cohort = _cohort(work, cohort_id)
        record = parse_record(SESSION_FIELDS, values)
        _ends_after_start(record, "held_on", "ends_on", "Bis")
        last = session.scalar(select(func.max(CohortSession.position)).where(CohortSession.cohort_id == cohort.id))
        step = CohortSession(cohort_id=cohort.id, position=(last or 0) + 1, **record)
        session.add(step)
        session.flush()
        audit_created(work, "cohort_sessions", step.id, {"cohort_id": cohort.id, "position": step.position, **record})
    return step.id


def update_cohort(
    session: Session,
    actor: Actor | None,
    cohort_id: object,
    changes: dict[str, object],
    expected_version: object,
    source: str = "ui",
) -> int:
    """Change a cohort's own fields (:data:`COHORT_FIELDS`) if it still has ``expected_version``; returns the
    new version (the old one when nothing changed)."""
    with UnitOfWork(session, actor, source) as work:
        expected_version = require_version(expected_version)
        cohort = _cohort(work, cohort_id)
        parsed = parse_changes(COHORT_FIELDS, changes)
        current = {name: getattr(cohort, name) for name in COHORT_FIELDS}
        _ends_after_start({**current, **parsed}, "starts_on", "ends_on", "Ende")
        if cohort.version != expected_version:
            raise ConflictError(DEFAULT_CONFLICT_MESSAGE)
        changed = changes_to(current, parsed)
        if not changed:
            return cohort.version
        return work.write_changes(Cohort, cohort.id, expected_version, current, changed)


def update_session(
    session: Session,
    actor: Actor | None,
    session_id: object,
    changes: dict[str, object],
    expected: dict[str, object],
    source: str = "ui",
) -> bool:
    """Change a session's kind, title or dates; returns whether anything changed.

    Sessions carry no version number: ``expected`` are the values the editor was shown (raw, as in the
    form), and the UPDATE only matches while the row still holds them, so a concurrent change is reported
    as a conflict instead of being overwritten.
    """
    with UnitOfWork(session, actor, source) as work:
        step = (
            session.get(CohortSession, session_id)
            if isinstance(session_id, int) and not isinstance(session_id, bool)
            else None
        )
        if step is None or step.retired_at is not None:
            raise FieldErrors({"session_id": "Bitte einen Termin wählen."})
        _cohort(work, step.cohort_id)
        parsed = parse_changes(SESSION_FIELDS, changes)
        current = {name: getattr(step, name) for name in SESSION_FIELDS}
        try:
            shown = parse_record(SESSION_FIELDS, expected)
        except ValidationError:
            raise ValidationError("Die geladenen Werte des Termins fehlen; bitte den Termin neu wählen.") from None
        if any(not same(current[name], shown[name]) for name in SESSION_FIELDS):
            raise ConflictError(DEFAULT_CONFLICT_MESSAGE)
        _ends_after_start({**current, **parsed}, "held_on", "ends_on", "Bis")
        changed = {name: value for name, value in parsed.items() if not same(current[name], value)}
        if not changed:
            return False
        unchanged_since = [
            getattr(CohortSession, name).is_(None) if value is None else getattr(CohortSession, name) == value
            for name, value in current.items()
        ]
        result = session.execute(
            update(CohortSession)
            .where(CohortSession.id == step.id, CohortSession.retired_at.is_(None), and_(*unchanged_since))
            .values(**changed)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise ConflictError(DEFAULT_CONFLICT_MESSAGE)
        for name, value in changed.items():
            work.audit("cohort_sessions", step.id, name, as_text(current[name]), as_text(value))
        session.expire(step)
    return True


def parse_participant_code(raw: str) -> str:
    """A participant is known by a pseudonymous code only (letters, digits, dashes), never a name."""
    code = raw.strip().upper()
    if not VOLUNTEER_CODE.fullmatch(code):
        raise ValidationError(
            f"Das Kürzel „{raw[:20]}“ ist kein Pseudonym: bitte nur Buchstaben, Ziffern und Bindestriche "
            "(z. B. TN-017), keinen Namen."
        )
    return code


def enroll(session: Session, actor: Actor | None, cohort_id: object, values: dict[str, object], source: str = "ui"):
    """Enroll a participant (created on first use of the code) in a cohort, optionally in a small group."""
    with UnitOfWork(session, actor, source) as work:
        cohort = _cohort(work, cohort_id)
        record = parse_record(ENROLLMENT_FIELDS, values)
        try:
            code = parse_participant_code(record["participant_code"])
        except ValidationError as error:
            raise FieldErrors({"participant_code": error.message}) from None
        participant = session.scalar(select(Participant).where(Participant.code == code))
        if participant is None:
            participant = Participant(code=code)
            session.add(participant)
            session.flush()
        elif session.scalar(
            select(Enrollment.id).where(Enrollment.cohort_id == cohort.id, Enrollment.participant_id == participant.id)
        ):
            raise FieldErrors({"participant_code": f"{code} ist in dieser Kohorte schon angemeldet."})
        group = None
        if record["small_group"]:
            group = session.scalar(
                select(SmallGroup).where(SmallGroup.cohort_id == cohort.id, SmallGroup.name == record["small_group"])
            )
            if group is None:
                group = SmallGroup(cohort_id=cohort.id, name=record["small_group"])
                session.add(group)
                session.flush()
        enrollment = Enrollment(
            cohort_id=cohort.id,
            participant_id=participant.id,
            small_group_id=group.id if group else None,
            registered_on=record["registered_on"],
            status="angemeldet",
            version=1,
        )
        session.add(enrollment)
        session.flush()
        audit_created(
            work,
            "enrollments",
            enrollment.id,
            {
                "cohort_id": cohort.id,
                "participant": code,
                "small_group": record["small_group"],
                "registered_on": record["registered_on"],
            },
        )
    return enrollment.id


def add_goal(
    session: Session, actor: Actor | None, enrollment_id: object, values: dict[str, object], source: str = "ui"
) -> int:
    """Record a participant's personal climate goal; returns its id."""
    with UnitOfWork(session, actor, source) as work:
        enrollment = session.get(Enrollment, enrollment_id) if isinstance(enrollment_id, int) else None
        if enrollment is None or enrollment.retired_at is not None:
            raise FieldErrors({"enrollment_id": "Bitte eine Teilnahme wählen."})
        _cohort(work, enrollment.cohort_id)
        record = parse_record(NEW_GOAL_FIELDS, with_default(values, "status", "geplant"))
        goal = Goal(enrollment_id=enrollment.id, **record, version=1)
        session.add(goal)
        session.flush()
        audit_created(work, "goals", goal.id, {"enrollment_id": enrollment.id, **record})
    return goal.id


def _cohort(work: UnitOfWork, cohort_id: object) -> Cohort:
    cohort = (
        work.session.get(Cohort, cohort_id) if isinstance(cohort_id, int) and not isinstance(cohort_id, bool) else None
    )
    if cohort is None:
        raise NotFoundError("Diese Kohorte gibt es nicht (mehr).")
    work.authorise(Scope(cohort.state_code, cohort.municipality_id), "Kohorten")
    if cohort.retired_at is not None:
        raise ValidationError("Diese Kohorte ist ausgemustert; bitte sie zuerst wiederherstellen.")
    return cohort
