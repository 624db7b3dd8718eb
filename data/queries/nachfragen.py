""" "Meine Nachfragen": the open requests addressed to a person and the requests they asked; and the
state of the mail queue for the admin page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from data.models import Measure, OutgoingMail, UpdateRequest, User
from data.models.base import utcnow
from data.notifications.recipients import addressed_to

ANSWERED_SHOWN_DAYS = 90  # answers to my questions stay listed this long
LIST_LIMIT = 500
REQUEST_COLUMNS = [
    "id",
    "measure_id",
    "code",
    "title",
    "requested_by",
    "requested_at",
    "last_asked_at",
    "ask_count",
    "message",
    "answered_at",
    "answered_by",
    "answer",
]


def _requests():
    return select(
        UpdateRequest.id,
        UpdateRequest.measure_id,
        Measure.code,
        Measure.title,
        UpdateRequest.requested_by,
        UpdateRequest.requested_at,
        UpdateRequest.last_asked_at,
        UpdateRequest.ask_count,
        UpdateRequest.message,
        UpdateRequest.answered_at,
        UpdateRequest.answered_by,
        UpdateRequest.answer,
    ).join(Measure, Measure.id == UpdateRequest.measure_id)


def addressed_to_me(session: Session, user_id: int) -> pd.DataFrame:
    """Open requests about measures the account is responsible for, oldest first."""
    user = session.get(User, user_id)
    if user is None:
        return pd.DataFrame(columns=REQUEST_COLUMNS)
    rows = session.execute(
        _requests()
        .where(UpdateRequest.answered_at.is_(None), addressed_to(user))
        .order_by(UpdateRequest.requested_at, UpdateRequest.id)
        .limit(LIST_LIMIT)
    ).all()
    return pd.DataFrame(rows, columns=REQUEST_COLUMNS)


def open_count(session: Session, user_id: int) -> int:
    """How many open requests wait for the account's answer (the badge in the navigation bar)."""
    user = session.get(User, user_id)
    if user is None:
        return 0
    return session.scalar(
        select(func.count())
        .select_from(UpdateRequest)
        .join(Measure, Measure.id == UpdateRequest.measure_id)
        .where(UpdateRequest.answered_at.is_(None), addressed_to(user))
    )


def asked_by_me(session: Session, user_id: int, now: datetime | None = None) -> pd.DataFrame:
    """My requests: the open ones and those answered in the last :data:`ANSWERED_SHOWN_DAYS` days, newest first."""
    since = (now or utcnow()) - timedelta(days=ANSWERED_SHOWN_DAYS)
    rows = session.execute(
        _requests()
        .where(
            UpdateRequest.requested_by_user_id == user_id,
            (UpdateRequest.answered_at.is_(None)) | (UpdateRequest.answered_at >= since),
        )
        .order_by(UpdateRequest.requested_at.desc(), UpdateRequest.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    return pd.DataFrame(rows, columns=REQUEST_COLUMNS)


@dataclass(frozen=True)
class MailQueueState:
    waiting: int
    sent: int
    failed: int
    problems: pd.DataFrame  # mails that failed or wait for a retry: recipient, subject, attempts, next, error


def mail_queue_state(session: Session) -> MailQueueState:
    waiting, sent, failed = session.execute(
        select(
            func.count(case((OutgoingMail.sent_at.is_(None) & OutgoingMail.failed.is_(False), 1))),
            func.count(OutgoingMail.sent_at),
            func.count(case((OutgoingMail.failed.is_(True), 1))),
        )
    ).one()
    rows = session.execute(
        select(
            OutgoingMail.created_at,
            OutgoingMail.recipient,
            OutgoingMail.subject,
            OutgoingMail.attempts,
            OutgoingMail.next_attempt_at,
            OutgoingMail.failed,
            OutgoingMail.last_error,
        )
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.last_error.is_not(None))
        .order_by(OutgoingMail.failed.desc(), OutgoingMail.created_at.desc())
        .limit(100)
    ).all()
    columns = ["created_at", "recipient", "subject", "attempts", "next_attempt_at", "failed", "last_error"]
    return MailQueueState(int(waiting), int(sent), int(failed), pd.DataFrame(rows, columns=columns))
