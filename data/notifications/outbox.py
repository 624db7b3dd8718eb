"""The mail queue: commands add mails inside their own transaction (so a request is never lost and
never waits for a mail server); :func:`deliver_due` sends them later, retrying with backoff."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data.models import OutgoingMail
from data.models.base import utcnow
from data.notifications.mails import Mail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8  # with the backoff below: retried for about a day, then shown to admins as failed
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
BATCH_SIZE = 200
KEEP_SENT = timedelta(days=90)  # sent mails are deleted after this; failed ones stay for the admins


def enqueue(session: Session, kind: str, recipient: str, mail: Mail, now: datetime | None = None) -> None:
    """Queue one mail (the caller's transaction commits it together with what it is about)."""
    now = now or utcnow()
    session.add(
        OutgoingMail(
            kind=kind,
            recipient=recipient,
            subject=mail.subject,
            body_text=mail.text,
            body_html=mail.html,
            created_at=now,
            attempts=0,
            next_attempt_at=now,
            failed=False,
        )
    )


def retry_delay(attempts: int) -> timedelta:
    """5, 10, 20, 40 minutes … capped at 6 hours."""
    return min(FIRST_RETRY * 2 ** max(0, attempts - 1), LONGEST_WAIT)


@dataclass(frozen=True)
class Delivery:
    sent: int
    retrying: int
    failed: int


Send = Callable[[OutgoingMail], None]  # raises on failure


def deliver_due(session: Session, send: Send, now: datetime | None = None) -> Delivery:
    """Send every queued mail whose time has come; each outcome is committed at once, so a crash
    never sends a mail twice nor loses one. Sent mails older than :data:`KEEP_SENT` are deleted."""
    now = now or utcnow()
    sent = retrying = failed = 0
    due = session.scalars(
        select(OutgoingMail)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.failed.is_(False), OutgoingMail.next_attempt_at <= now)
        .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
        .limit(BATCH_SIZE)
    ).all()
    for mail in due:
        mail.attempts += 1
        try:
            send(mail)
        except Exception as exc:  # any failure of the mail server: keep the mail, retry later
            mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.failed = True
                failed += 1
            else:
                mail.next_attempt_at = now + retry_delay(mail.attempts)
                retrying += 1
            log.warning("Mail %s an %s nicht gesendet: %s", mail.id, mail.recipient, mail.last_error)
        else:
            mail.sent_at = now
            mail.last_error = None
            sent += 1
        session.commit()
    session.execute(delete(OutgoingMail).where(OutgoingMail.sent_at < now - KEEP_SENT))
    session.commit()
    return Delivery(sent, retrying, failed)
