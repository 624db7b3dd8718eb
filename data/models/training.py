"""Trainings: cohorts, their sessions and small groups, pseudonymous participants and their goals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data import vocab
from data.models.base import Base, one_of, retired_at_column, version_column, vocab_column

cohort_trainers = Table(
    "cohort_trainers",
    Base.metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id"), primary_key=True),
)


class Cohort(Base):
    """One run of a training format (a coaching, a Pat:innen training, a KlimaTraining cohort …)."""

    __tablename__ = "cohorts"
    __table_args__ = (
        one_of("kind", vocab.COHORT_KINDS),
        one_of("status", vocab.COHORT_STATUSES),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    kind: Mapped[str] = vocab_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.code"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = vocab_column(index=True)
    note: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[int] = version_column()
    retired_at: Mapped[datetime | None] = retired_at_column()

    sessions: Mapped[list[CohortSession]] = relationship(back_populates="cohort", order_by="CohortSession.position")
    small_groups: Mapped[list[SmallGroup]] = relationship(back_populates="cohort", order_by="SmallGroup.name")
    trainers = relationship("Person", secondary=cohort_trainers)
    municipality = relationship("Municipality")
    program = relationship("Program")


class CohortSession(Base):
    """A dated step of a cohort: Auftakt, workshops, Ausprobierphase (a period), Abschluss."""

    __tablename__ = "cohort_sessions"
    __table_args__ = (
        one_of("kind", vocab.SESSION_KINDS),
        UniqueConstraint("cohort_id", "position"),
        CheckConstraint("ends_on IS NULL OR ends_on >= held_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = vocab_column()
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    retired_at: Mapped[datetime | None] = retired_at_column()

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")


class SmallGroup(Base):
    """A Kleingruppe of about five trainees led by one KlimaTrainer:in."""

    __tablename__ = "small_groups"
    __table_args__ = (UniqueConstraint("cohort_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    cohort: Mapped[Cohort] = relationship(back_populates="small_groups")
    trainer = relationship("Person")


class Participant(Base):
    """A pseudonymous trainee: a code only, never a name."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)

    volunteer = relationship("Volunteer")


class Enrollment(Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        one_of("status", vocab.ENROLLMENT_STATUSES),
        UniqueConstraint("cohort_id", "participant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    small_group_id: Mapped[int | None] = mapped_column(ForeignKey("small_groups.id"), index=True)
    registered_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = vocab_column(default="angemeldet")
    completed_on: Mapped[date | None] = mapped_column(Date)
    dropped_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    retired_at: Mapped[datetime | None] = retired_at_column()

    cohort: Mapped[Cohort] = relationship()
    participant: Mapped[Participant] = relationship()
    small_group: Mapped[SmallGroup | None] = relationship()


class Attendance(Base):
    """Whether an enrolled participant attended one session."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("enrollment_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cohort_sessions.id", ondelete="CASCADE"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=False)

    enrollment: Mapped[Enrollment] = relationship()
    session: Mapped[CohortSession] = relationship()


class Goal(Base):
    """A personal climate goal of a trainee in one topic field."""

    __tablename__ = "goals"
    __table_args__ = (
        one_of("topic", vocab.GOAL_TOPICS),
        one_of("status", vocab.GOAL_STATUSES),
        CheckConstraint("co2_t_per_year IS NULL OR co2_t_per_year >= 0", name="co2_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = vocab_column(index=True)
    text: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = vocab_column(default="geplant")
    co2_t_per_year: Mapped[float | None] = mapped_column(Numeric(8, 2))
    version: Mapped[int] = mapped_column(Integer, default=1)
    retired_at: Mapped[datetime | None] = retired_at_column()

    enrollment: Mapped[Enrollment] = relationship()
