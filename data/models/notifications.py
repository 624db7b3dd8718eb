"""Who is told about a measure, and what was sent: contact persons, the program's notification
settings, the mail queue and the reminder notices already sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from data import vocab
from data.models.base import Base, one_of, utcnow, vocab_column

DEFAULT_STALE_AFTER_DAYS = 180
DEFAULT_DUE_SOON_DAYS = "30,7,1"  # Kausal Watch: notices 30, 7 and 1 day before the planned completion
DEFAULT_REPEAT_DAYS = "1,7,30"  # Kausal Watch: first notice at once, then after 1 and 7 days, then every 30


class MeasureContact(Base):
    """A contact person of a measure: an account, or the e-mail address of someone without one."""

    __tablename__ = "measure_contacts"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (email IS NULL)", name="user_or_email"),
        CheckConstraint("email IS NULL OR email = lower(email)", name="email_lower_case"),
        Index("ix_measure_contacts_user", "user_id", "measure_id"),
        Index("ix_measure_contacts_email", "email", "measure_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str | None] = mapped_column(String(200))


class ProgramNotifications(Base):
    """A program's fallback contact and reminder settings (reminders are off until switched on)."""

    __tablename__ = "program_notifications"
    __table_args__ = (CheckConstraint("stale_after_days >= 1", name="stale_positive"),)

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True)
    contact_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    stale_after_days: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_STALE_AFTER_DAYS, server_default=text(str(DEFAULT_STALE_AFTER_DAYS))
    )
    due_soon_days: Mapped[str] = mapped_column(
        String(40), default=DEFAULT_DUE_SOON_DAYS, server_default=text(f"'{DEFAULT_DUE_SOON_DAYS}'")
    )
    repeat_days: Mapped[str] = mapped_column(
        String(40), default=DEFAULT_REPEAT_DAYS, server_default=text(f"'{DEFAULT_REPEAT_DAYS}'")
    )


class OutgoingMail(Base):
    """The mail queue: written in the request's transaction, sent later by ``klikks-dashboard mail send``."""

    __tablename__ = "outgoing_mails"
    __table_args__ = (
        one_of("kind", vocab.MAIL_KINDS),
        Index("ix_outgoing_mails_due", "sent_at", "failed", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = vocab_column()
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed: Mapped[bool] = mapped_column(Boolean, default=False)  # gave up after the last retry
    last_error: Mapped[str | None] = mapped_column(String(500))


class ReminderNotice(Base):
    """One reminder about one measure to one recipient: which step of the cadence, on which day.

    Unique per (measure, recipient, kind, step), so no step is ever sent twice; the day lets a rerun
    see that a recipient already had today's digest.
    """

    __tablename__ = "reminder_notices"
    __table_args__ = (
        one_of("kind", vocab.REMINDER_KINDS),
        Index("ix_reminder_notices_step", "measure_id", "recipient", "kind", "step", unique=True),
        Index("ix_reminder_notices_day", "recipient", "sent_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = vocab_column()
    step: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[date] = mapped_column(Date)
