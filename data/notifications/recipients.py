"""Who is responsible for a measure: its contact persons; without them the accounts of its
municipality, else of its state, else the program's fallback contact, else the coordinators (Kausal
Watch's chain: contact person → organisation admins → plan admins). Accounts are reached by mail (if
they have an address) and in the app; a bare e-mail address by mail only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

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


def _program_fallback(session: Session, program_id: int) -> list[Recipient]:
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


@dataclass
class Fallbacks:
    """Who stands in for a measure without contact persons: the accounts of its municipality (role
    ``kommune``), else of its state (``region``), else the program's fallback contact, else the
    coordinators. Loaded once, for many measures."""

    by_municipality: dict[int, list[Recipient]]
    by_state: dict[str, list[Recipient]]
    by_program: dict[int, list[Recipient]]

    @classmethod
    def load(cls, session: Session) -> Fallbacks:
        by_municipality: dict[int, list[Recipient]] = {}
        by_state: dict[str, list[Recipient]] = {}
        local = session.scalars(
            select(User).where(User.active.is_(True), User.role.in_(("kommune", "region"))).order_by(User.display_name)
        )
        for user in local:
            if user.scope_municipality_id is not None:
                by_municipality.setdefault(user.scope_municipality_id, []).append(_account(user))
            elif user.scope_state_code is not None:
                by_state.setdefault(user.scope_state_code, []).append(_account(user))
        return cls(by_municipality, by_state, {})

    def people(self, session: Session, program_id: int, state_code: str | None, municipality_id: int | None):
        local = self.by_municipality.get(municipality_id or -1) or self.by_state.get(state_code or "")
        if local:
            return local
        if program_id not in self.by_program:
            self.by_program[program_id] = _program_fallback(session, program_id)
        return self.by_program[program_id]


def responsible_people(session: Session, measure_id: int) -> list[Recipient]:
    """Everyone a question about the measure goes to (its contact persons, else :class:`Fallbacks`)."""
    contacts = contact_persons(session, measure_id)
    if contacts:
        return contacts
    row = session.execute(
        select(Measure.program_id, Measure.state_code, Measure.municipality_id).where(Measure.id == measure_id)
    ).one_or_none()
    return [] if row is None else Fallbacks.load(session).people(session, *row)


def addressed_to(user: User) -> ColumnElement[bool]:
    """SQL condition on ``Measure``: the account is responsible for the measure (the same rule as
    :func:`responsible_people`, for lists over many measures)."""
    own = [MeasureContact.user_id == user.id]
    if user.email:
        own.append(MeasureContact.email == user.email.strip().lower())
    is_contact = exists().where(MeasureContact.measure_id == Measure.id, or_(*own))
    has_contacts = exists().where(MeasureContact.measure_id == Measure.id)
    local = aliased(User)
    has_kommune = exists().where(
        local.active.is_(True), local.role == "kommune", local.scope_municipality_id == Measure.municipality_id
    )
    has_region = exists().where(
        local.active.is_(True), local.role == "region", local.scope_state_code == Measure.state_code
    )
    if user.role == "kommune":
        is_local = Measure.municipality_id == user.scope_municipality_id
    elif user.role == "region":
        is_local = and_(Measure.state_code == user.scope_state_code, ~has_kommune)
    else:
        is_local = false()
    program_contact = (
        select(ProgramNotifications.contact_user_id)
        .join(local, local.id == ProgramNotifications.contact_user_id)
        .where(ProgramNotifications.program_id == Measure.program_id, local.active.is_(True))
        .scalar_subquery()
    )
    is_fallback = func.coalesce(program_contact, -1) == user.id
    if user.role == "koordination":
        is_fallback = or_(is_fallback, program_contact.is_(None))
    stands_in = or_(is_local, and_(~has_kommune, ~has_region, is_fallback))
    return or_(is_contact, and_(~has_contacts, stands_in))
