"""Who is responsible for a measure: its contact persons, else the program's fallback contact, else
the coordinators. Accounts are reached by mail (if they have an address) and in the app; a bare
e-mail address by mail only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from data.models import Measure, MeasureContact, ProgramNotifications, User


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None  # None: an account without address, reached in the app only
    user_id: int | None = None


def _account(user: User) -> Recipient:
    return Recipient(user.display_name, (user.email or "").strip().lower() or None, user.id)


def contact_persons(session: Session, measure_id: int) -> list[Recipient]:
    """The measure's own contact persons (accounts first, then addresses), without the fallback."""
    rows = session.execute(
        select(MeasureContact, User)
        .outerjoin(User, User.id == MeasureContact.user_id)
        .where(MeasureContact.measure_id == measure_id)
        .order_by(MeasureContact.user_id.is_(None), User.display_name, MeasureContact.email)
    ).all()
    return [_account(user) if user is not None else Recipient(contact.email, contact.email) for contact, user in rows]


def current_contacts(session: Session, measure_id: int) -> list[str]:
    """The measure's contacts as the editor shows them (logins, then addresses)."""
    rows = session.execute(
        select(User.login, MeasureContact.email)
        .select_from(MeasureContact)
        .outerjoin(User, User.id == MeasureContact.user_id)
        .where(MeasureContact.measure_id == measure_id)
        .order_by(MeasureContact.user_id.is_(None), User.login, MeasureContact.email)
    ).all()
    return [login or email or "" for login, email in rows]


def fallback_contacts(session: Session, program_id: int) -> list[Recipient]:
    """The program's fallback contact if it has an active one, else every active coordinator."""
    fallback = session.execute(
        select(User)
        .join(ProgramNotifications, ProgramNotifications.contact_user_id == User.id)
        .where(ProgramNotifications.program_id == program_id, User.active.is_(True))
    ).scalar_one_or_none()
    if fallback is not None:
        return [_account(fallback)]
    coordinators = session.scalars(
        select(User).where(User.role == "koordination", User.active.is_(True)).order_by(User.display_name)
    )
    return [_account(user) for user in coordinators]


def responsible_people(session: Session, measure_id: int) -> list[Recipient]:
    """Everyone a question about the measure goes to (contact persons, else the fallback)."""
    contacts = contact_persons(session, measure_id)
    if contacts:
        return contacts
    program_id = session.scalar(select(Measure.program_id).where(Measure.id == measure_id))
    return [] if program_id is None else fallback_contacts(session, program_id)


def addressed_to(user_id: int, email: str | None, role: str | None) -> ColumnElement[bool]:
    """SQL condition on ``Measure``: the account is responsible for the measure (same rule as
    :func:`responsible_people`, for lists over many measures)."""
    own = [MeasureContact.user_id == user_id]
    if email:
        own.append(MeasureContact.email == email.strip().lower())
    is_contact = exists().where(MeasureContact.measure_id == Measure.id, or_(*own))
    has_contacts = exists().where(MeasureContact.measure_id == Measure.id)
    active_fallback = (
        select(ProgramNotifications.contact_user_id)
        .join(User, User.id == ProgramNotifications.contact_user_id)
        .where(ProgramNotifications.program_id == Measure.program_id, User.active.is_(True))
        .scalar_subquery()
    )
    is_fallback = func.coalesce(active_fallback, -1) == user_id
    if role == "koordination":
        is_fallback = or_(is_fallback, active_fallback.is_(None))
    return or_(is_contact, and_(~has_contacts, is_fallback))
