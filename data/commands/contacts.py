"""Contact persons of a measure and a program's notification settings (audited writes).

Contact persons are edited by whoever may edit the measure: one entry per line (or separated by
commas/semicolons), each a login of an account or the e-mail address of someone without one. An
address that belongs to an account is stored as that account, so the person also sees the requests
in the app.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from data.commands.errors import NotFoundError, ValidationError
from data.commands.inputs import parse_text, shown
from data.commands.unit_of_work import Actor, Scope, UnitOfWork
from data.models import Measure, MeasureContact, Program, ProgramNotifications, User
from data.models.notifications import DEFAULT_DUE_SOON_DAYS, DEFAULT_REPEAT_DAYS, DEFAULT_STALE_AFTER_DAYS
from data.notifications.recipients import current_contacts

MAX_CONTACTS = 20
EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")
SEPARATORS = re.compile(r"[\n,;]+")


def _resolve(session: Session, entry: str) -> tuple[int | None, str | None]:
    """(user id, None) for an account, (None, address) for someone without one."""
    if "@" in entry:
        if len(entry) > 200 or not EMAIL.fullmatch(entry):
            raise ValidationError(f"„{shown(entry)}“ ist keine gültige E-Mail-Adresse.")
        address = entry.lower()
        user_id = session.scalar(
            select(User.id).where(func.lower(User.email) == address, User.active.is_(True)).order_by(User.id).limit(1)
        )
        return (user_id, None) if user_id is not None else (None, address)
    user_id = session.scalar(select(User.id).where(User.login == entry.lower(), User.active.is_(True)))
    if user_id is None:
        raise ValidationError(
            f"Ein aktives Konto „{shown(entry)}“ gibt es nicht. Bitte ein Login oder eine E-Mail-Adresse eingeben."
        )
    return user_id, None


def set_measure_contacts(
    session: Session, actor: Actor | None, measure_id: int, entries: object, source: str = "ui"
) -> list[str]:
    """Replace the measure's contact persons; returns them as stored. Blank removes them all."""
    with UnitOfWork(session, actor, source) as work:
        raw = parse_text("" if entries is None else entries, "Ansprechpersonen", 5000, multiline=True)
        measure = session.get(Measure, measure_id)
        if measure is None:
            raise NotFoundError(f"Die Maßnahme {measure_id} gibt es nicht (mehr).")
        work.authorise(Scope(measure.state_code, measure.municipality_id), "Maßnahmen")
        wanted: list[tuple[int | None, str | None]] = []
        for entry in (part.strip() for part in SEPARATORS.split(raw)):
            if entry:
                resolved = _resolve(session, entry)
                if resolved not in wanted:
                    wanted.append(resolved)
        if len(wanted) > MAX_CONTACTS:
            raise ValidationError(f"Höchstens {MAX_CONTACTS} Ansprechpersonen je Maßnahme.")
        before = current_contacts(session, measure_id)
        session.execute(delete(MeasureContact).where(MeasureContact.measure_id == measure_id))
        session.add_all(MeasureContact(measure_id=measure_id, user_id=u, email=e) for u, e in wanted)
        session.flush()
        after = current_contacts(session, measure_id)
        if after != before:
            work.audit("measures", measure_id, "contacts", ", ".join(before) or None, ", ".join(after) or None)
    return after


def _days(raw: str, label: str) -> str:
    """A list of whole days such as "30,7,1", normalised; refuses anything else."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts or not all(part.isdigit() and 0 < int(part) <= 3650 for part in parts) or len(parts) > 10:
        raise ValidationError(f"„{label}“ muss eine Liste ganzer Tage sein, z. B. 30,7,1 (eingegeben: {shown(raw)}).")
    return ",".join(str(int(part)) for part in parts)


def configure_notifications(
    session: Session,
    actor: Actor | None,
    program_code: str,
    *,
    reminders_enabled: bool | None = None,
    stale_after_days: int | None = None,
    due_soon_days: str | None = None,
    repeat_days: str | None = None,
    contact_login: str | None = None,
    source: str = "cli",
) -> ProgramNotifications:
    """Change a program's reminder settings or fallback contact (coordination and admins); audited.
    ``contact_login=""`` removes the fallback contact (the coordinators are then asked)."""
    with UnitOfWork(session, actor, source) as work:
        program = session.scalar(select(Program).where(Program.code == program_code))
        if program is None:
            raise NotFoundError(f"Ein Programm „{shown(program_code)}“ gibt es nicht.")
        work.authorise(Scope(), "Programmeinstellungen")
        settings = session.get(ProgramNotifications, program.id)
        if settings is None:
            settings = ProgramNotifications(
                program_id=program.id,
                reminders_enabled=False,
                stale_after_days=DEFAULT_STALE_AFTER_DAYS,
                due_soon_days=DEFAULT_DUE_SOON_DAYS,
                repeat_days=DEFAULT_REPEAT_DAYS,
            )
            session.add(settings)
            session.flush()
        changes: dict[str, object] = {}
        if reminders_enabled is not None:
            changes["reminders_enabled"] = bool(reminders_enabled)
        if stale_after_days is not None:
            if not 1 <= stale_after_days <= 3650:
                raise ValidationError("„Veraltet nach“ muss zwischen 1 und 3.650 Tagen liegen.")
            changes["stale_after_days"] = stale_after_days
        if due_soon_days is not None:
            changes["due_soon_days"] = _days(due_soon_days, "Bald fällig")
        if repeat_days is not None:
            changes["repeat_days"] = _days(repeat_days, "Wiederholung")
        if contact_login is not None:
            user_id = None
            if contact_login.strip():
                user_id, _ = _resolve(session, contact_login.strip())
                if user_id is None:
                    raise ValidationError("Die Ersatz-Ansprechperson muss ein aktives Konto sein.")
            changes["contact_user_id"] = user_id
        for name, value in changes.items():
            old = getattr(settings, name)
            if old != value:
                setattr(settings, name, value)
                work.audit("program_notifications", program.id, name, str(old), str(value))
    return settings
