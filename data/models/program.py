"""Program structure: programs, states, organisations, people, municipalities, volunteers, targets."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data import vocab
from data.models.base import Base, one_of, retired_at_column, version_column, vocab_column


class Program(Base):
    """A monitored program: KlikKS, or a city's catalogue such as Münster's Klimastadt-Vertrag."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    funding_eur: Mapped[float | None] = mapped_column(Numeric(14, 2))
    description: Mapped[str | None] = mapped_column(Text)


class State(Base):
    """A German federal state, keyed by its ISO 3166-2 code (``DE-NW``)."""

    __tablename__ = "states"
    __table_args__ = (CheckConstraint("code LIKE 'DE-%'", name="code_iso"),)

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    participating: Mapped[bool] = mapped_column(Boolean, default=False)
    kickoff_on: Mapped[date | None] = mapped_column(Date)
    # When the partner agency began recruiting municipalities (before the public kick-off).
    recruiting_from: Mapped[date | None] = mapped_column(Date)


class Organisation(Base):
    """An organisation; a state's partner agency is the one with that state and a program role."""

    __tablename__ = "organisations"
    __table_args__ = (one_of("kind", vocab.ORGANISATION_KINDS), one_of("program_role", vocab.PROGRAM_ROLES))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = vocab_column()
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.code"))
    program_role: Mapped[str] = vocab_column(default="none")


class Person(Base):
    """Staff and trainers. Demo data holds fictitious people only."""

    __tablename__ = "people"
    __table_args__ = (one_of("role", vocab.PERSON_ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = vocab_column()
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.code"), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))

    organisation: Mapped[Organisation | None] = relationship()


class Municipality(Base):
    """A Gemeinde, Stadt, Landkreis or Stadtteil, with its current KlikKS pipeline stage.

    ``stage`` is NULL for places that are not in the KlikKS pipeline (e.g. Münster, which appears
    only through its own measures). ``joined_on``/``left_on`` bound its participation.
    """

    __tablename__ = "municipalities"
    __table_args__ = (
        one_of("kind", vocab.MUNICIPALITY_KINDS),
        one_of("stage", vocab.MUNICIPALITY_STAGES),
        CheckConstraint("ags IS NULL OR length(ags) = 8", name="ags_length"),
        CheckConstraint("left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on", name="left_after_join"),
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
        Index("ix_municipalities_state_joined", "state_code", "joined_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ags: Mapped[str | None] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = vocab_column()
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"))
    population: Mapped[int | None] = mapped_column(Integer)
    has_climate_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[str | None] = vocab_column(index=True)
    stage_since: Mapped[date | None] = mapped_column(Date)
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = version_column()
    retired_at: Mapped[datetime | None] = retired_at_column()

    state: Mapped[State] = relationship()
    stage_events: Mapped[list[MunicipalityStageEvent]] = relationship(
        back_populates="municipality", order_by="MunicipalityStageEvent.entered_on"
    )


class MunicipalityStageEvent(Base):
    """History of pipeline stages: one row each time a municipality entered a stage."""

    __tablename__ = "municipality_stage_events"
    __table_args__ = (one_of("stage", vocab.MUNICIPALITY_STAGES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = vocab_column()
    entered_on: Mapped[date] = mapped_column(Date, index=True)

    municipality: Mapped[Municipality] = relationship(back_populates="stage_events")


class Volunteer(Base):
    """A Klimaschutzpat:in, known only by a pseudonymous code."""

    __tablename__ = "volunteers"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_join"),
        Index("ix_volunteers_joined_left", "joined_on", "left_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    trained_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = version_column()
    retired_at: Mapped[datetime | None] = retired_at_column()

    municipality: Mapped[Municipality] = relationship()


class Target(Base):
    """A target for the whole program (``state_code`` NULL) or for one state."""

    __tablename__ = "targets"
    __table_args__ = (
        one_of("metric", vocab.TARGET_METRICS),
        CheckConstraint("value >= 0", name="value_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.code"), index=True)
    metric: Mapped[str] = vocab_column()
    value: Mapped[float] = mapped_column(Numeric(12, 1))
    due_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(200))

    program = relationship("Program")


class Milestone(Base):
    """A dated program event (kick-offs, coachings, program start and end) for timelines."""

    __tablename__ = "milestones"
    __table_args__ = (one_of("kind", vocab.MILESTONE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.code"))
    kind: Mapped[str] = vocab_column()
    title: Mapped[str] = mapped_column(String(200))
    happened_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(String(200))

    program = relationship("Program")
