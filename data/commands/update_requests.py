""" "Frage nach!": ask a measure's responsible people for news, and answer them (audited).

Asking queues a mail to every responsible person with an address (the queue is sent outside the
request, see :mod:`data.notifications.outbox`); asking again about the same measure within
:data:`FOLD_WINDOW` is folded into the open request instead of mailing everyone again. Answering
closes every open request of the measure, may update status and progress through the normal measure
command in the same transaction, and queues a mail to everyone who asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from data import vocab
from data.commands.errors import NotFoundError, ValidationError
from data.commands.fields import FieldSpec, Kind
from data.commands.massnahmen import update_measure
from data.commands.unit_of_work import Actor, UnitOfWork
from data.models import AuditEntry, Measure, UpdateRequest, User
from data.notifications import outbox
from data.notifications.mails import MeasureRef, answer_mail, request_mail
from data.notifications.recipients import responsible_people
from data.permissions import PermissionDenied, Scope, may_write

MAX_MESSAGE_LENGTH = 1000
MAX_ANSWER_LENGTH = 2000
MESSAGE_FIELD = FieldSpec("message", "Nachricht", Kind.TEXT, max_length=MAX_MESSAGE_LENGTH, multiline=True)
ANSWER_FIELD = FieldSpec("answer", "Antwort", Kind.TEXT, required=True, max_length=MAX_ANSWER_LENGTH, multiline=True)
FOLD_WINDOW = timedelta(hours=24)  # asking again within a day adds to the open request
ANSWER_REFUSED = "Antworten können die Ansprechpersonen der Maßnahme und alle, die sie bearbeiten dürfen."


@dataclass(frozen=True)
class Asked:
    request_id: int
    folded: bool  # True: added to an open request, nobody was mailed again
    notified: int  # mails queued


def _measure(session: Session, measure_id: int) -> Measure:
    measure = session.get(Measure, measure_id)
    if measure is None:
        raise NotFoundError(f"Die Maßnahme {measure_id} gibt es nicht (mehr).")
    return measure


def _ref(measure: Measure) -> MeasureRef:
    return MeasureRef(measure.id, measure.code, measure.title)


def request_update(
    session: Session,
    actor: Actor | None,
    measure_id: int,
    message: object,
    *,
    public_url: str = "",
    source: str = "ui",
) -> Asked:
    """Store (or fold) one request and queue its mails, all in one transaction."""
    with UnitOfWork(session, actor, source) as work:
        text = MESSAGE_FIELD.parse(message) or None
        measure = _measure(session, measure_id)
        work.authorise_signed_in()
        open_request = session.scalars(
            select(UpdateRequest)
            .where(
                UpdateRequest.measure_id == measure_id,
                UpdateRequest.answered_at.is_(None),
                UpdateRequest.last_asked_at >= work.now - FOLD_WINDOW,
            )
            .order_by(UpdateRequest.id.desc())
            .limit(1)
        ).first()
        if open_request is not None:
            open_request.ask_count += 1
            open_request.last_asked_at = work.now
            work.audit(
                "update_requests",
                open_request.id,
                "message",
                None,
                text,
                comment=f"Erneut nachgefragt ({work.actor_name})",
            )
            return Asked(open_request.id, True, 0)
        request = UpdateRequest(
            measure_id=measure_id,
            requested_by=work.actor_name,
            requested_by_user_id=actor.user_id,
            requested_at=work.now,
            last_asked_at=work.now,
            ask_count=1,
            message=text,
        )
        session.add(request)
        session.flush()
        work.audit(
            "update_requests", request.id, "message", None, text, comment=f"Frage nach! zu Maßnahme {measure_id}"
        )
        mail = request_mail(_ref(measure), work.actor_name, text, public_url)
        addresses = sorted({person.email for person in responsible_people(session, measure_id) if person.email})
        for address in addresses:
            outbox.enqueue(session, "nachfrage", address, mail, work.now)
    return Asked(request.id, False, len(addresses))


def may_answer(session: Session, actor: Actor | None, measure: Measure) -> bool:
    """Responsible people and everyone who may edit the measure may answer its requests."""
    if actor is None or actor.user_id is None:
        return may_write(actor, Scope(measure.state_code, measure.municipality_id))
    email = session.scalar(select(User.email).where(User.id == actor.user_id))
    mine = (email or "").strip().lower()
    for person in responsible_people(session, measure.id):
        if person.user_id == actor.user_id or (mine and person.email == mine):
            return True
    return may_write(actor, Scope(measure.state_code, measure.municipality_id))


def _asker_addresses(session: Session, request_ids: list[int]) -> list[str]:
    """Everyone who asked (the first asker and those whose asks were folded in) and has an address."""
    first = select(UpdateRequest.requested_by_user_id).where(UpdateRequest.id.in_(request_ids))
    folded = select(AuditEntry.user_id).where(
        AuditEntry.table_name == "update_requests", AuditEntry.row_id.in_(request_ids), AuditEntry.field == "message"
    )
    emails = session.scalars(
        select(User.email).where(
            User.active.is_(True), or_(User.id.in_(first), User.id.in_(folded)), User.email.is_not(None)
        )
    )
    return sorted({email.strip().lower() for email in emails if email.strip()})


@dataclass(frozen=True)
class Answered:
    closed: int  # requests closed
    notified: int  # mails queued to the askers
    measure_version: int | None  # the measure's new version when status/progress were updated


def answer_requests(
    session: Session,
    actor: Actor | None,
    measure_id: int,
    answer: object,
    changes: dict[str, object] | None = None,
    expected_version: object = None,
    *,
    public_url: str = "",
    source: str = "ui",
) -> Answered:
    """Answer every open request of a measure; with ``changes`` (status, progress) the measure is
    updated through :func:`update_measure` in the same transaction — all of it is stored or nothing."""
    with UnitOfWork(session, actor, source) as work:
        text = ANSWER_FIELD.parse(answer)
        measure = _measure(session, measure_id)
        if not may_answer(session, actor, measure):
            raise PermissionDenied(ANSWER_REFUSED)
        work.authorise_signed_in()
        requests = session.scalars(
            select(UpdateRequest).where(UpdateRequest.measure_id == measure_id, UpdateRequest.answered_at.is_(None))
        ).all()
        if not requests:
            raise ValidationError("Zu dieser Maßnahme gibt es keine offene Nachfrage (mehr).")
        version = None
        updates: list[str] = []
        changes = {name: value for name, value in (changes or {}).items() if value not in (None, "")}
        if changes:
            result = update_measure(session, actor, measure_id, changes, expected_version, source)
            version = result.version
            updates = [_update_text(name, new) for name, (_old, new) in result.changed.items()]
        for request in requests:
            request.answered_at = work.now
            request.answered_by = work.actor_name
            request.answer = text
            work.audit("update_requests", request.id, "answer", None, text, comment=f"Antwort zu Maßnahme {measure_id}")
        request_ids = [request.id for request in requests]
        addresses = _asker_addresses(session, request_ids)
        mail = answer_mail(_ref(measure), work.actor_name, text, updates, public_url)
        for address in addresses:
            outbox.enqueue(session, "antwort", address, mail, work.now)
    return Answered(len(requests), len(addresses), version)


def _update_text(name: str, value: str | None) -> str:
    if name == "status":
        return f"Status: {vocab.MEASURE_STATUSES.get(value or '', value)}"
    if name == "progress_pct":
        return f"Fortschritt: {value} %"
    return f"{name}: {value}"
