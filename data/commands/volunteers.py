"""Klimaschutzpat:innen: known only by a pseudonymous code, belonging to one municipality.

:data:`VOLUNTEER_FIELDS` and :func:`parse_volunteer_code` are the rules a form and a file import share;
the natural key of a Pat:in is the code.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.commands.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from data.commands.fields import FieldSpec, Kind, parse_changes, parse_record
from data.commands.records import audit_created
from data.commands.unit_of_work import DEFAULT_CONFLICT_MESSAGE, Actor, Scope, UnitOfWork, changes_to, require_version
from data.models import Municipality, Volunteer

# Pseudonymous: letters, digits and dashes only, so a real name (with a space) cannot be entered by mistake.
VOLUNTEER_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,19}")
VOLUNTEER_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("code", "Kürzel", Kind.TEXT, required=True, max_length=20),
        FieldSpec("joined_on", "Dabei seit", Kind.DATE, required=True),
        FieldSpec("left_on", "Ausgeschieden am", Kind.DATE),
        FieldSpec("trained_on", "Geschult am", Kind.DATE),
    )
}
EDITABLE_FIELDS = {name: spec for name, spec in VOLUNTEER_FIELDS.items() if name != "code"}


def parse_volunteer_code(raw: str) -> str:
    """The code as stored (upper case); a code that looks like a name is refused."""
    code = raw.strip().upper()
    if not VOLUNTEER_CODE.fullmatch(code):
        raise ValidationError(
            f"Das Kürzel „{raw[:20]}“ ist kein Pseudonym: bitte nur Buchstaben, Ziffern und Bindestriche "
            "(z. B. KP-NW-042), keinen Namen."
        )
    return code


def check_left_after_joined(values: dict[str, object]) -> None:
    if values.get("left_on") and values.get("joined_on") and values["left_on"] < values["joined_on"]:
        raise FieldErrors({"left_on": "„Ausgeschieden am“ kann nicht vor „Dabei seit“ liegen."})


def create_volunteer(
    session: Session, actor: Actor | None, municipality_id: object, values: dict[str, object], source: str = "ui"
) -> int:
    """Register a Pat:in of a municipality; returns the new id."""
    with UnitOfWork(session, actor, source) as work:
        municipality = _municipality(work, municipality_id)
        errors: dict[str, str] = {}
        record: dict[str, object] = {}
        try:
            record = parse_record(VOLUNTEER_FIELDS, values)
        except FieldErrors as error:
            errors = dict(error.errors)
        if "code" not in errors and record:
            try:
                record["code"] = parse_volunteer_code(record["code"])
            except ValidationError as error:
                errors["code"] = error.message
        if errors:
            raise FieldErrors(errors)
        check_left_after_joined(record)
        if session.scalar(select(Volunteer.id).where(Volunteer.code == record["code"])) is not None:
            raise FieldErrors({"code": f"Das Kürzel {record['code']} ist schon vergeben."})
        volunteer = Volunteer(municipality_id=municipality.id, **record)
        session.add(volunteer)
        session.flush()
        audit_created(work, "volunteers", volunteer.id, {"municipality_id": municipality.id, **record})
    return volunteer.id


def update_volunteer(
    session: Session,
    actor: Actor | None,
    volunteer_id: object,
    changes: dict[str, object],
    expected_version: object,
    source: str = "ui",
) -> int:
    """Change joined/left/trained dates (e.g. record that a Pat:in left); returns the new version."""
    with UnitOfWork(session, actor, source) as work:
        expected_version = require_version(expected_version)
        if isinstance(volunteer_id, bool) or not isinstance(volunteer_id, int):
            raise ValidationError("Die Pat:in fehlt; bitte die Seite neu laden.")
        volunteer = session.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise NotFoundError("Diese Pat:in gibt es nicht (mehr).")
        _municipality(work, volunteer.municipality_id)
        if volunteer.version != expected_version:
            raise ConflictError(DEFAULT_CONFLICT_MESSAGE)
        parsed = parse_changes(EDITABLE_FIELDS, changes)
        current = {name: getattr(volunteer, name) for name in EDITABLE_FIELDS}
        check_left_after_joined({**current, **parsed})
        changed = changes_to(current, parsed)
        if not changed:
            return volunteer.version
        return work.write_changes(Volunteer, volunteer_id, expected_version, current, changed)


def _municipality(work: UnitOfWork, municipality_id: object) -> Municipality:
    if isinstance(municipality_id, bool) or not isinstance(municipality_id, int):
        raise FieldErrors({"municipality_id": "Bitte eine Kommune wählen."})
    municipality = work.session.get(Municipality, municipality_id)
    if municipality is None or municipality.retired_at is not None:
        raise FieldErrors({"municipality_id": "Diese Kommune gibt es nicht (mehr)."})
    work.authorise(Scope(municipality.state_code, municipality.id), "Klimaschutzpat:innen")
    return municipality
