"""Account commands: create, change role and scope, deactivate, reset a password — each audited.

Used by the command line and the admin page alike. Passwords are stored as argon2id hashes only; the
audit log records *that* a password was set, never the hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import NotFoundError, ValidationError
from data.models import AuditEntry, Municipality, State, User
from data.models.base import utcnow
from data.permissions import Actor, check_user_management

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
PASSWORD_SET = "(neu gesetzt)"  # what the audit log says instead of a hash

hasher = PasswordHasher()  # argon2id with the library's recommended parameters


@dataclass(frozen=True)
class Scope:
    """A resolved scope: a state or a municipality (or neither), with its name for messages."""

    state_code: str | None = None
    municipality_id: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Account:
    """What the app and the CLI see of a user; never carries the password hash."""

    id: int
    login: str
    display_name: str
    email: str | None
    role: str
    state_code: str | None
    municipality_id: int | None
    scope_label: str | None
    active: bool
    last_login_at: object

    @property
    def role_label(self) -> str:
        return vocab.USER_ROLES[self.role]

    def actor(self) -> Actor:
        return Actor(
            name=self.display_name,
            user_id=self.id,
            role=self.role,
            state_code=self.state_code,
            municipality_id=self.municipality_id,
            scope_label=self.scope_label,
        )


def normalise_login(login: object) -> str:
    if not isinstance(login, str) or not LOGIN_PATTERN.match(login.strip().lower()):
        raise ValidationError(
            "Der Login muss 2 bis 80 Zeichen lang sein und darf nur Buchstaben a–z, Ziffern, Punkt, Binde- und "
            "Unterstrich enthalten."
        )
    return login.strip().lower()


def check_password(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"Das Passwort darf höchstens {MAX_PASSWORD_LENGTH} Zeichen lang sein.")
    if "\x00" in password:
        raise ValidationError("Das Passwort enthält ein unzulässiges Zeichen.")
    return password


def resolve_scope(session: Session, role: str, scope: object) -> Scope:
    """The scope a role needs: ``DE-NW`` for ``region``; an AGS or municipality id for ``kommune``; none otherwise."""
    if role not in vocab.USER_ROLES:
        allowed = ", ".join(vocab.USER_ROLES)
        raise ValidationError(f"Unbekannte Rolle „{role}“ (möglich: {allowed}).")
    text = str(scope).strip() if scope is not None else ""
    if role in vocab.STATE_SCOPED_ROLES:
        if not text:
            raise ValidationError("Die Rolle Regionalmanagement braucht ein Land als Bereich, z. B. DE-NW.")
        state = session.get(State, text.upper())
        if state is None:
            raise ValidationError(f"Ein Land „{text}“ gibt es nicht (erwartet z. B. DE-NW).")
        return Scope(state_code=state.code, label=state.name)
    if role in vocab.MUNICIPALITY_SCOPED_ROLES:
        if not text:
            raise ValidationError("Die Rolle Kommune braucht eine Kommune als Bereich (AGS oder Nummer).")
        municipality = None
        if text.isdigit() and len(text) == 8:
            municipality = session.scalar(select(Municipality).where(Municipality.ags == text))
        if municipality is None and text.isdigit() and len(text) <= 9:
            municipality = session.get(Municipality, int(text))
        if municipality is None:
            raise ValidationError(f"Eine Kommune „{text}“ gibt es nicht (erwartet AGS oder Nummer).")
        return Scope(municipality_id=municipality.id, label=municipality.name)
    if text:
        raise ValidationError(f"Die Rolle {vocab.USER_ROLES[role]} hat keinen Bereich; bitte ohne Bereich angeben.")
    return Scope()


def add_user(
    session: Session,
    actor: Actor,
    login: str,
    password: str,
    role: str,
    scope: object = None,
    display_name: str | None = None,
    email: str | None = None,
    source: str = "ui",
) -> Account:
    """Create an account; the login must be new (regardless of case)."""
    check_user_management(actor)
    try:
        login = normalise_login(login)
        check_password(password)
        where = resolve_scope(session, role, scope)
        name = _display_name(display_name, login)
        mail = _email(email)
        if session.scalar(select(User.id).where(func.lower(User.login) == login)) is not None:
            raise ValidationError(f"Den Login „{login}“ gibt es schon.")
        user = User(
            login=login,
            display_name=name,
            email=mail,
            password_hash=hasher.hash(password),
            role=role,
            scope_state_code=where.state_code,
            scope_municipality_id=where.municipality_id,
            active=True,
        )
        session.add(user)
        session.flush()
        _audit(session, actor, user.id, "login", None, login, source, "Konto angelegt")
        _audit(session, actor, user.id, "role", None, _role_text(role, where), source)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return account(session, user.id)


def set_role(
    session: Session, actor: Actor, login: str, role: str, scope: object = None, source: str = "ui"
) -> Account:
    """Change an account's role and scope."""
    check_user_management(actor)
    try:
        user = _user(session, login)
        where = resolve_scope(session, role, scope)
        old = _role_text(user.role, _scope_of(session, user))
        new = _role_text(role, where)
        if user.id == actor.user_id and role != "admin":
            raise ValidationError("Sie können sich nicht selbst die Administration entziehen.")
        if old != new:
            user.role = role
            user.scope_state_code = where.state_code
            user.scope_municipality_id = where.municipality_id
            _audit(session, actor, user.id, "role", old, new, source)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return account(session, user.id)


def deactivate(session: Session, actor: Actor, login: str, source: str = "ui") -> Account:
    """Switch an account off (it is never deleted, so the audit log keeps naming the person)."""
    check_user_management(actor)
    try:
        user = _user(session, login)
        if user.id == actor.user_id:
            raise ValidationError("Sie können Ihr eigenes Konto nicht deaktivieren.")
        if user.active:
            user.active = False
            _audit(session, actor, user.id, "active", "ja", "nein", source)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return account(session, user.id)


def reset_password(session: Session, actor: Actor, login: str, password: str, source: str = "ui") -> Account:
    """Set a new password (and re-activate nothing: an inactive account stays inactive)."""
    check_user_management(actor)
    try:
        user = _user(session, login)
        check_password(password)
        user.password_hash = hasher.hash(password)
        _audit(session, actor, user.id, "password", None, PASSWORD_SET, source)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return account(session, user.id)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists (a dummy hash is checked for unknown logins)."""
    try:
        return hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = hasher.hash("kein-echtes-passwort-nur-fuer-gleiche-laufzeit")


# --- reading accounts (no hash leaves this module) -------------------------------------------------------


def account(session: Session, user_id: int) -> Account | None:
    user = session.get(User, user_id)
    return _as_account(session, user) if user is not None else None


def active_account(session: Session, user_id: int) -> Account | None:
    """The signed-in person as of now: None once deactivated, so a session ends with its account."""
    found = account(session, user_id)
    return found if found is not None and found.active else None


def list_accounts(session: Session) -> list[Account]:
    users = session.scalars(select(User).order_by(User.login)).all()
    return [_as_account(session, user) for user in users]


def _as_account(session: Session, user: User) -> Account:
    return Account(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        email=user.email,
        role=user.role,
        state_code=user.scope_state_code,
        municipality_id=user.scope_municipality_id,
        scope_label=_scope_of(session, user).label,
        active=bool(user.active),
        last_login_at=user.last_login_at,
    )


def _scope_of(session: Session, user: User) -> Scope:
    if user.scope_state_code:
        state = session.get(State, user.scope_state_code)
        return Scope(state_code=user.scope_state_code, label=state.name if state else user.scope_state_code)
    if user.scope_municipality_id:
        municipality = session.get(Municipality, user.scope_municipality_id)
        return Scope(municipality_id=user.scope_municipality_id, label=municipality.name if municipality else None)
    return Scope()


def _user(session: Session, login: object) -> User:
    name = normalise_login(login)
    user = session.scalar(select(User).where(User.login == name))
    if user is None:
        raise NotFoundError(f"Einen Login „{name}“ gibt es nicht.")
    return user


def _display_name(value: str | None, login: str) -> str:
    name = (value or "").strip() or login
    if len(name) > 120 or any(ord(ch) < 32 for ch in name):
        raise ValidationError("Der Anzeigename muss 1 bis 120 Zeichen lang sein, ohne Steuerzeichen.")
    return name


def _email(value: str | None) -> str | None:
    mail = (value or "").strip()
    if not mail:
        return None
    if len(mail) > 200 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", mail):
        raise ValidationError(f"„{mail}“ ist keine gültige E-Mail-Adresse.")
    return mail


def _role_text(role: str, scope: Scope) -> str:
    label = vocab.USER_ROLES[role]
    return f"{label} ({scope.label})" if scope.label else label


def _audit(
    session: Session,
    actor: Actor,
    user_id: int,
    field: str,
    old: str | None,
    new: str | None,
    source: str,
    comment: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            table_name="users",
            row_id=user_id,
            field=field,
            old_value=old,
            new_value=new,
            actor=actor.name,
            user_id=actor.user_id,
            changed_at=utcnow(),
            source=source,
            comment=comment,
        )
    )
