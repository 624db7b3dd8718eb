"""Municipalities and their pipeline stages: the rules (AGS, stage order and dates) and the write commands.

The rules are plain functions so that forms and file imports check a row the same way:
:func:`parse_ags` (8 digits whose first two name the municipality's state), :data:`MUNICIPALITY_FIELDS`,
:func:`check_stage_date` (a stage is never dated before the previous event), :func:`stage_dates`
(``joined_on``/``left_on`` follow the Ratsbeschluss and the exit) and :func:`municipality_key` (the natural
key: the AGS, or name + state for a place without one, e.g. a Stadtteil).

A stage change is a dated event in ``municipality_stage_events``; ``municipalities.stage`` and
``stage_since`` always follow the latest event, so the pipeline and its medians see every change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from data.commands.fields import FieldSpec, Kind, as_text, parse_changes, parse_record, same
from data.commands.records import audit_created
from data.commands.unit_of_work import DEFAULT_CONFLICT_MESSAGE, Actor, Scope, UnitOfWork, changes_to, require_version
from data.models import Municipality, MunicipalityStageEvent, State

STAGE_ORDER: tuple[str, ...] = tuple(vocab.MUNICIPALITY_STAGES)  # the pipeline left to right, then the exits
JOINING_STAGE = "ratsbeschluss"  # the council decision is the day a municipality joins the program
EXIT_STAGE = "ausgeschieden"
MAX_POPULATION = Decimal(10_000_000)

MUNICIPALITY_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("name", "Name", Kind.TEXT, required=True, max_length=120),
        FieldSpec("kind", "Art", Kind.CHOICE, required=True, options=vocab.MUNICIPALITY_KINDS),
        FieldSpec("ags", "AGS", Kind.TEXT, max_length=8),
        FieldSpec("population", "Einwohnerzahl", Kind.INTEGER, maximum=MAX_POPULATION),
    )
}
STAGE_FIELD = FieldSpec("stage", "Stufe", Kind.CHOICE, required=True, options=vocab.MUNICIPALITY_STAGES)
STAGE_DATE_FIELD = FieldSpec("entered_on", "Datum der Stufe", Kind.DATE, required=True)


def parse_ags(raw: str | None, state_code: str, kind: str | None = None) -> str | None:
    """The AGS as stored: 8 digits whose prefix is the municipality's state; only a Stadtteil may have none."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        if kind == "stadtteil":
            return None
        raise ValidationError("„AGS“ darf nicht leer sein (nur ein Stadtteil kommt ohne AGS aus).")
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise ValidationError(f"Der AGS „{text[:20]}“ muss aus genau 8 Ziffern bestehen (z. B. 05515000).")
    state = vocab.STATE_KEYS.get(text[:2])
    if state is None:
        raise ValidationError(f"Der AGS „{text}“ beginnt mit „{text[:2]}“; das ist kein Länderschlüssel (01–16).")
    if state != state_code:
        raise ValidationError(
            f"Der AGS „{text}“ gehört zu {vocab.STATE_NAMES[state]}, nicht zu "
            f"{vocab.STATE_NAMES.get(state_code, state_code)}."
        )
    return text


def municipality_key(ags: str | None, name: str, state_code: str) -> tuple[str, ...]:
    """The natural key of a municipality: its AGS, or (for a place without one) its name within the state."""
    return ("ags", ags) if ags else ("name", state_code, name.casefold())


def check_stage_date(previous_on: date | None, entered_on: date) -> None:
    """A stage change is never dated before the previous event of the same municipality."""
    if previous_on is not None and entered_on < previous_on:
        raise ValidationError(
            f"Die neue Stufe kann nicht vor der vorigen ({previous_on:%d.%m.%Y}) beginnen; "
            f"bitte ein Datum ab dem {previous_on:%d.%m.%Y} wählen."
        )


def stage_dates(stage: str, entered_on: date, joined_on: date | None, left_on: date | None) -> tuple:
    """``joined_on`` and ``left_on`` after entering ``stage``: joined at the council decision, left at the exit."""
    if stage == EXIT_STAGE:
        return joined_on, entered_on
    if STAGE_ORDER.index(stage) >= STAGE_ORDER.index(JOINING_STAGE) and joined_on is None:
        joined_on = entered_on
    if stage not in ("pausiert",) and left_on is not None:
        left_on = None  # back in the program after having left
    return joined_on, left_on


@dataclass(frozen=True)
class NewMunicipality:
    municipality_id: int
    version: int


def create_municipality(
    session: Session,
    actor: Actor | None,
    state_code: str,
    values: dict[str, object],
    stage: object = None,
    entered_on: object = None,
    source: str = "ui",
) -> NewMunicipality:
    """Add a municipality of ``state_code``, optionally with its first stage (a dated event)."""
    with UnitOfWork(session, actor, source) as work:
        if not isinstance(state_code, str) or session.get(State, state_code) is None:
            raise ValidationError("Dieses Land gibt es nicht.")
        work.authorise(Scope(state_code, None), "Kommunen")
        record, errors = _parse_municipality(values, state_code)
        first_stage = None
        if not (_blank(stage) and _blank(entered_on)):
            first_stage, first_on = _parse_stage(stage, entered_on, errors)
        if errors:
            raise FieldErrors(errors)
        _check_unique(session, state_code, record)
        municipality = Municipality(state_code=state_code, **record)
        if first_stage is not None:
            municipality.stage, municipality.stage_since = first_stage, first_on
            municipality.joined_on, municipality.left_on = stage_dates(first_stage, first_on, None, None)
        session.add(municipality)
        session.flush()
        if first_stage is not None:
            session.add(MunicipalityStageEvent(municipality_id=municipality.id, stage=first_stage, entered_on=first_on))
        audit_created(
            work,
            "municipalities",
            municipality.id,
            {"state_code": state_code, **record, "stage": first_stage, "stage_since": municipality.stage_since},
        )
    return NewMunicipality(municipality.id, 1)


def update_municipality(
    session: Session,
    actor: Actor | None,
    municipality_id: int,
    changes: dict[str, object],
    expected_version: object,
    source: str = "ui",
) -> int:
    """Change name, kind, AGS or population if the row still has ``expected_version``; returns the new version."""
    with UnitOfWork(session, actor, source) as work:
        expected_version = require_version(expected_version)
        municipality = _municipality(work, municipality_id)
        if municipality.version != expected_version:
            raise ConflictError(DEFAULT_CONFLICT_MESSAGE)
        parsed = parse_changes(MUNICIPALITY_FIELDS, changes)
        kind = parsed.get("kind", municipality.kind)
        if "ags" in parsed or "kind" in parsed:
            raw_ags = changes.get("ags", municipality.ags)
            try:
                parsed["ags"] = parse_ags(raw_ags if isinstance(raw_ags, str) else None, municipality.state_code, kind)
            except ValidationError as error:
                raise FieldErrors({"ags": error.message}) from None
        current = {name: getattr(municipality, name) for name in MUNICIPALITY_FIELDS}
        changed = changes_to(current, parsed)
        if not changed:
            return municipality.version
        _check_unique(session, municipality.state_code, {**current, **changed}, except_id=municipality_id)
        return work.write_changes(Municipality, municipality_id, expected_version, current, changed)


def change_stage(
    session: Session,
    actor: Actor | None,
    municipality_id: int,
    stage: object,
    entered_on: object,
    expected_version: object,
    source: str = "ui",
) -> int:
    """Record that a municipality entered ``stage`` on ``entered_on``; returns its new version."""
    with UnitOfWork(session, actor, source) as work:
        expected_version = require_version(expected_version)
        municipality = _municipality(work, municipality_id)
        errors: dict[str, str] = {}
        new_stage, day = _parse_stage(stage, entered_on, errors)
        if errors:
            raise FieldErrors(errors)
        latest = session.execute(
            select(MunicipalityStageEvent.stage, MunicipalityStageEvent.entered_on)
            .where(MunicipalityStageEvent.municipality_id == municipality_id)
            .order_by(MunicipalityStageEvent.entered_on.desc(), MunicipalityStageEvent.id.desc())
            .limit(1)
        ).one_or_none()
        try:
            check_stage_date(latest.entered_on if latest else None, day)
        except ValidationError as error:
            raise FieldErrors({"entered_on": error.message}) from None
        if latest is not None and latest.stage == new_stage:
            raise FieldErrors(
                {"stage": f"Die Kommune ist bereits in der Stufe „{vocab.MUNICIPALITY_STAGES[new_stage]}“."}
            )
        joined_on, left_on = stage_dates(new_stage, day, municipality.joined_on, municipality.left_on)
        if joined_on is not None and left_on is not None and left_on < joined_on:
            raise FieldErrors({"entered_on": "Das Ausscheiden kann nicht vor dem Ratsbeschluss liegen."})
        before = {
            "stage": municipality.stage,
            "stage_since": municipality.stage_since,
            "joined_on": municipality.joined_on,
            "left_on": municipality.left_on,
        }
        after = {"stage": new_stage, "stage_since": day, "joined_on": joined_on, "left_on": left_on}
        version = work.bump_version(Municipality, municipality_id, expected_version, **after)
        event = MunicipalityStageEvent(municipality_id=municipality_id, stage=new_stage, entered_on=day)
        session.add(event)
        session.flush()
        work.audit("municipality_stage_events", event.id, "stage", None, new_stage, comment=day.isoformat())
        for name, value in after.items():
            if not same(before[name], value):
                work.audit("municipalities", municipality_id, name, as_text(before[name]), as_text(value))
    return version


# --- helpers -------------------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_municipality(values: dict[str, object], state_code: str) -> tuple[dict[str, object], dict[str, str]]:
    """The record's values and a message per invalid field (the AGS is checked against the state)."""
    errors: dict[str, str] = {}
    record: dict[str, object] = {}
    try:
        record = parse_record(MUNICIPALITY_FIELDS, values)
    except FieldErrors as error:
        errors.update(error.errors)
    raw_ags = values.get("ags") if isinstance(values, dict) else None
    if "ags" not in errors:
        try:
            record["ags"] = parse_ags(raw_ags if isinstance(raw_ags, str) else None, state_code, record.get("kind"))
        except ValidationError as error:
            errors["ags"] = error.message
    return record, errors


def _parse_stage(stage: object, entered_on: object, errors: dict[str, str]) -> tuple[str | None, date | None]:
    parsed: list[object] = []
    for spec, raw in ((STAGE_FIELD, stage), (STAGE_DATE_FIELD, entered_on)):
        try:
            parsed.append(spec.parse(raw))
        except ValidationError as error:
            errors[spec.name] = error.message
            parsed.append(None)
    return parsed[0], parsed[1]


def _check_unique(session: Session, state_code: str, record: dict[str, object], except_id: int | None = None) -> None:
    """No second municipality with the same AGS, nor (without AGS) the same name in the same state."""
    if record.get("ags"):
        clash = select(Municipality.name).where(Municipality.ags == record["ags"])
        field, what = "ags", f"dem AGS {record['ags']}"
    else:
        clash = select(Municipality.name).where(
            Municipality.state_code == state_code,
            func.lower(Municipality.name) == str(record["name"]).lower(),
        )
        field, what = "name", f"dem Namen „{record['name']}“ in diesem Land"
    if except_id is not None:
        clash = clash.where(Municipality.id != except_id)
    existing = session.scalar(clash.limit(1))
    if existing is not None:
        raise FieldErrors({field: f"Es gibt schon eine Kommune mit {what} ({existing})."})


def _municipality(work: UnitOfWork, municipality_id: object) -> Municipality:
    if isinstance(municipality_id, bool) or not isinstance(municipality_id, int):
        raise ValidationError("Die Kommune fehlt; bitte die Seite neu laden.")
    municipality = work.session.get(Municipality, municipality_id)
    if municipality is None:
        raise NotFoundError("Diese Kommune gibt es nicht (mehr).")
    work.authorise(Scope(municipality.state_code, municipality.id), "Kommunen")
    if municipality.retired_at is not None:
        raise ValidationError("Diese Kommune ist ausgemustert; bitte sie zuerst wiederherstellen.")
    return municipality
