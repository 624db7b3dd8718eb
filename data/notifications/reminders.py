"""Daily reminders: one digest per contact person with their overdue, due-soon and stale measures.

Recipients are the contact persons, else the stand-ins of
:class:`~data.notifications.recipients.Fallbacks`. The cadence follows Kausal Watch and is set per program (:class:`ProgramNotifications`, off by
default): overdue and stale measures get a first notice at once, then after the ``repeat_days``
(default 1 and 7 days, then every 30); due-soon notices go out ``due_soon_days`` before the planned
completion (default 30, 7 and 1 day). Every notice sent is stored with the day of its cadence step, so
no step is sent twice and a rerun on the same day sends nothing; nobody gets more than one digest a day.
Overdue and stale are measured against the program's Stand (:func:`data.rules.default_stand`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from data.models import Measure, MeasureContact, Program, ProgramNotifications, ReminderNotice, User
from data.notifications import outbox
from data.notifications.mails import DigestItem, MeasureRef, digest_mail
from data.notifications.recipients import Fallbacks
from data.queries.measure_filters import OPEN_STATUSES
from data.rules import default_stand

CHUNK = 500  # measures whose contacts are read in one query


def parse_days(raw: str) -> list[int]:
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


def repeat_step(days_since_start: int, repeat_days: list[int]) -> int:
    """The cadence step (days after the first notice) that ``days_since_start`` falls in:
    with ``[1, 7, 30]`` the steps are 0, 1, 7, 37, 67, …"""
    offsets = [0, *repeat_days[:-1]] if repeat_days else [0]
    every = repeat_days[-1] if repeat_days else 0
    last = offsets[-1]
    if every and days_since_start >= last + every:
        return last + every * ((days_since_start - last) // every)
    return max(offset for offset in offsets if offset <= days_since_start)


@dataclass(frozen=True)
class Notice:
    measure: MeasureRef
    kind: str
    step_day: date  # the calendar day of the cadence step: unique per measure, kind and episode
    detail: str


def notices_for(
    measure: MeasureRef,
    planned: date | None,
    updated: date | None,
    stand: date,
    settings: ProgramNotifications,
) -> list[Notice]:
    """The reminders a measure is due for on ``stand`` (empty for a measure that is on track)."""
    found: list[Notice] = []
    repeat = parse_days(settings.repeat_days)
    if planned is not None and planned < stand:
        start = planned + timedelta(days=1)
        step = start + timedelta(days=repeat_step((stand - start).days, repeat))
        days = (stand - planned).days
        found.append(
            Notice(
                measure,
                "ueberfaellig",
                step,
                f"seit {days} Tag{'en' if days != 1 else ''} überfällig (geplant bis {planned:%d.%m.%Y})",
            )
        )
    elif planned is not None:
        left = (planned - stand).days
        reached = [t for t in parse_days(settings.due_soon_days) if t >= left]
        if reached:
            threshold = min(reached)
            when = "heute" if left == 0 else f"in {left} Tag{'en' if left != 1 else ''}"
            found.append(
                Notice(
                    measure,
                    "bald_faellig",
                    planned - timedelta(days=threshold),
                    f"fällig {when} (geplant bis {planned:%d.%m.%Y})",
                )
            )
    if updated is not None and (stand - updated).days > settings.stale_after_days:
        start = updated + timedelta(days=settings.stale_after_days + 1)
        step = start + timedelta(days=repeat_step((stand - start).days, repeat))
        found.append(
            Notice(
                measure,
                "veraltet",
                step,
                f"seit {(stand - updated).days} Tagen nicht aktualisiert (zuletzt am {updated:%d.%m.%Y})",
            )
        )
    return found


@dataclass
class Digest:
    recipient: str
    notices: list[Notice] = field(default_factory=list)


def _candidates(session: Session, program_id: int, stand: date, settings: ProgramNotifications):
    """Open measures of the program that are overdue, due soon or stale on ``stand`` (in SQL)."""
    horizon = stand + timedelta(days=max(parse_days(settings.due_soon_days) or [0]))
    stale_before = datetime.combine(stand - timedelta(days=settings.stale_after_days), time.min, tzinfo=UTC)
    return session.execute(
        select(
            Measure.id,
            Measure.code,
            Measure.title,
            Measure.planned_completion_on,
            Measure.updated_at,
            Measure.state_code,
            Measure.municipality_id,
        )
        .where(
            Measure.program_id == program_id,
            Measure.status.in_(OPEN_STATUSES),
            Measure.retired_at.is_(None),
            or_(Measure.planned_completion_on <= horizon, Measure.updated_at < stale_before),
        )
        .order_by(Measure.code)
    ).all()


def _addresses(session: Session, measure_ids: list[int]) -> dict[int, list[str]]:
    """Each measure's contact addresses (accounts with an address, and bare addresses)."""
    found: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(measure_ids), CHUNK):
        rows = session.execute(
            select(MeasureContact.measure_id, MeasureContact.email, User.email, User.active)
            .outerjoin(User, User.id == MeasureContact.user_id)
            .where(MeasureContact.measure_id.in_(measure_ids[start : start + CHUNK]))
        ).all()
        for measure_id, bare, account, active in rows:
            address = bare or (account if active else None)
            found[measure_id].append((address or "").strip().lower())
    return found


def plan_digests(session: Session, today: date) -> list[Digest]:
    """Who gets which notices today (nothing is written)."""
    per_recipient: dict[str, Digest] = {}
    programs = session.execute(
        select(Program, ProgramNotifications)
        .join(ProgramNotifications, ProgramNotifications.program_id == Program.id)
        .where(ProgramNotifications.reminders_enabled.is_(True))
        .order_by(Program.code)
    ).all()
    fallbacks = Fallbacks.load(session)
    for program, settings in programs:
        stand = default_stand(program, today)
        rows = _candidates(session, program.id, stand, settings)
        contacts = _addresses(session, [row.id for row in rows])
        for row in rows:
            updated = row.updated_at.date() if row.updated_at else None
            notices = notices_for(
                MeasureRef(row.id, row.code, row.title), row.planned_completion_on, updated, stand, settings
            )
            if not notices:
                continue
            if row.id in contacts:
                addresses = {address for address in contacts[row.id] if address}
            else:
                people = fallbacks.people(session, program.id, row.state_code, row.municipality_id)
                addresses = {person.email for person in people if person.email}
            for address in sorted(addresses):
                per_recipient.setdefault(address, Digest(address)).notices.extend(notices)
    return _without_sent(session, list(per_recipient.values()), today)


def _without_sent(session: Session, digests: Iterable[Digest], today: date) -> list[Digest]:
    """Drop notices already sent, and everyone who already had a digest today."""
    result = []
    for digest in digests:
        sent = session.execute(
            select(ReminderNotice.measure_id, ReminderNotice.kind, ReminderNotice.step, ReminderNotice.sent_on).where(
                ReminderNotice.recipient == digest.recipient,
                or_(
                    ReminderNotice.sent_on == today,
                    and_(ReminderNotice.measure_id.in_(sorted({n.measure.id for n in digest.notices}))),
                ),
            )
        ).all()
        if any(row.sent_on == today for row in sent):
            continue
        done = {(row.measure_id, row.kind, row.step) for row in sent}
        fresh = [n for n in digest.notices if (n.measure.id, n.kind, n.step_day.toordinal()) not in done]
        if fresh:
            result.append(Digest(digest.recipient, fresh))
    return result


def send_reminders(session: Session, today: date, public_url: str, dry_run: bool = False) -> list[Digest]:
    """Queue today's digests and store their notices in one transaction; ``dry_run`` only plans them."""
    digests = plan_digests(session, today)
    if dry_run:
        session.rollback()
        return digests
    for digest in digests:
        items = [DigestItem(n.measure, n.kind, n.detail) for n in digest.notices]
        outbox.enqueue(session, "erinnerung", digest.recipient, digest_mail(items, today, public_url))
        session.add_all(
            ReminderNotice(
                measure_id=n.measure.id,
                recipient=digest.recipient,
                kind=n.kind,
                step=n.step_day.toordinal(),
                sent_on=today,
            )
            for n in digest.notices
        )
    session.commit()
    return digests
