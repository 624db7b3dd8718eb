"""Signing in: check a login and password, with a rate limit on failed attempts.

Failed attempts are rows in ``login_failures``, so the limit holds across gunicorn workers and app
instances sharing one database: at most :data:`MAX_FAILURES` failures per login and per address
within :data:`WINDOW`; after that every attempt is refused (even a correct password) until the
window has passed. Successful sign-ins record ``last_login_at``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from data.commands.errors import CommandError
from data.commands.users import Account, account, hasher, verify_password
from data.models import LoginFailure, User
from data.models.base import utcnow

MAX_FAILURES = 5
WINDOW = timedelta(minutes=1)
KEEP_FAILURES = timedelta(days=1)  # older rows are pruned on the next failure

SIGN_IN_FAILED = "Anmeldung fehlgeschlagen: Login oder Passwort stimmen nicht, oder das Konto ist deaktiviert."
TOO_MANY_ATTEMPTS = "Zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es dann erneut."


class SignInFailed(CommandError):
    """Wrong login or password, or an inactive account — one message for all, so none can be told apart."""


class TooManyAttempts(CommandError):
    """The rate limit is reached for this login or this address."""


def sign_in(session: Session, login: object, password: object, address: str, now: datetime | None = None) -> Account:
    """The account for a correct login and password; raises SignInFailed / TooManyAttempts otherwise."""
    moment = now or utcnow()
    name = login.strip().lower()[:80] if isinstance(login, str) else ""
    address = (address or "unbekannt")[:64]
    secret = password if isinstance(password, str) else ""
    try:
        if _recent_failures(session, name, address, moment) >= MAX_FAILURES:
            raise TooManyAttempts(TOO_MANY_ATTEMPTS)
        user = session.scalar(select(User).where(User.login == name)) if name else None
        valid = verify_password(user.password_hash if user is not None else None, secret)
        if user is None or not valid or not user.active:
            _record_failure(session, name, address, moment)
            raise SignInFailed(SIGN_IN_FAILED)
        if hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hasher.hash(secret)
        user.last_login_at = moment
        session.commit()
        return account(session, user.id)
    except BaseException:
        session.rollback()
        raise


def _recent_failures(session: Session, login: str, address: str, now: datetime) -> int:
    since = now - WINDOW
    by_login = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.login == login, LoginFailure.failed_at > since)
    )
    by_address = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.address == address, LoginFailure.failed_at > since)
    )
    return max(by_login or 0, by_address or 0)


def _record_failure(session: Session, login: str, address: str, now: datetime) -> None:
    """Store the failure in its own commit (the caller's rollback must not undo it)."""
    session.rollback()
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < now - KEEP_FAILURES))
    session.add(LoginFailure(login=login, address=address, failed_at=now))
    session.commit()
