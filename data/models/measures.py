"""Measures (Maßnahmen / Projekte) with optimistic-locking version, and "Frage nach!" requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data import vocab
from data.models.base import Base, one_of, retired_at_column, utcnow, vocab_column

IN_USE = "retired_at IS NULL"


def in_use_index(name: str, *columns: str) -> Index:
    """An index of the measures in use only (partial: retired measures are in no Maßnahmen result).

    ``retired_at`` is its last column although always NULL in it: SQLite reads a partial index alone
    (as a covering index) only if it holds every column the query names, the condition's too."""
    return Index(name, *columns, "retired_at", sqlite_where=text(IN_USE), postgresql_where=text(IN_USE))


class Measure(Base):
    __tablename__ = "measures"
    __table_args__ = (
        one_of("status", vocab.MEASURE_STATUSES),
        CheckConstraint("progress_pct IS NULL OR (progress_pct >= 0 AND progress_pct <= 100)", name="progress_range"),
        CheckConstraint("co2_t_per_year IS NULL OR co2_t_per_year >= 0", name="co2_positive"),
        CheckConstraint("cost_eur IS NULL OR cost_eur >= 0", name="cost_positive"),
        CheckConstraint("funding_eur IS NULL OR funding_eur >= 0", name="funding_positive"),
        CheckConstraint("renewable_kwh_per_year IS NULL OR renewable_kwh_per_year >= 0", name="kwh_positive"),
        CheckConstraint("version >= 1", name="version_positive"),
        UniqueConstraint(
            "code", "program_id"
        ),  # code first: a lookup by number alone uses it too; named uq_measures_code_program_id by the convention
        Index("ix_measures_program_status", "program_id", "status"),
        Index("ix_measures_state_status", "state_code", "status"),
        Index("ix_measures_program_started", "program_id", "started_on"),
        # 0002_massnahmen: grouping by Handlungsfeld/Kommune and status, sorting the grid by title, and a
        # covering index for the per-status overview so it never reads the wide rows; since 0009_rollups
        # they hold only the measures in use, the only ones the Maßnahmen page reads.
        in_use_index(
            "ix_measures_overview",
            *("status", "program_id", "state_code", "sector", "municipality_id", "planned_completion_on"),
            *("updated_at", "co2_t_per_year", "cost_eur"),
        ),
        in_use_index(
            "ix_measures_sector_status",
            *("sector", "status", "program_id", "state_code", "municipality_id", "planned_completion_on", "updated_at"),
        ),
        in_use_index(
            "ix_measures_municipality_status",
            *("municipality_id", "status", "program_id", "state_code", "sector", "planned_completion_on", "updated_at"),
        ),
        # 0012_overview_rollups: the overview's live counts within one Land (überfällig: a range per status).
        in_use_index(
            "ix_measures_state_overview",
            *("state_code", "status", "planned_completion_on", "program_id", "sector", "municipality_id"),
            *("updated_at", "co2_t_per_year", "cost_eur"),
        ),
        Index("ix_measures_title", "title"),
        # 0009_rollups: the live rows of the months a Stand date cuts in two, read from the index alone.
        in_use_index("ix_measures_updated_rollup", "updated_at", "status", "program_id", "state_code", "sector"),
        in_use_index(
            "ix_measures_planned_rollup", "planned_completion_on", "status", "program_id", "state_code", "sector"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))  # unique within the program (0010_code_per_program)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    title: Mapped[str] = mapped_column(String(200))
    teaser: Mapped[str | None] = mapped_column(String(400))
    description_what: Mapped[str | None] = mapped_column(Text)  # "Worum geht es?"
    description_plan: Mapped[str | None] = mapped_column(Text)  # "Was wird im Detail geplant?"
    sector: Mapped[str] = mapped_column(String(60), index=True)  # Handlungsfeld
    area: Mapped[str | None] = mapped_column(String(120))  # Bereich
    state_code: Mapped[str | None] = mapped_column(ForeignKey("states.code"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    status: Mapped[str] = vocab_column(default="geplant")
    progress_pct: Mapped[int | None] = mapped_column(Integer)
    responsible: Mapped[str | None] = mapped_column(String(200), index=True)  # "Wer macht es?"
    involved: Mapped[str | None] = mapped_column(String(400))  # "Wer ist noch beteiligt?"
    started_on: Mapped[date | None] = mapped_column(Date)
    planned_completion_on: Mapped[date | None] = mapped_column(Date, index=True)
    completed_on: Mapped[date | None] = mapped_column(Date)
    steps: Mapped[str | None] = mapped_column(Text)  # "konkrete Schritte/Fortschritte"
    renewable_kwh_per_year: Mapped[float | None] = mapped_column(Numeric(14, 1))
    energy_carrier: Mapped[str | None] = mapped_column(String(120))  # reduzierter/ersetzter Energieträger
    co2_t_per_year: Mapped[float | None] = mapped_column(Numeric(12, 2))
    cost_eur: Mapped[float | None] = mapped_column(Numeric(14, 2))
    funding_eur: Mapped[float | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[str | None] = mapped_column(String(200))
    volunteer_led: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_by: Mapped[str | None] = mapped_column(String(120))
    retired_at: Mapped[datetime | None] = retired_at_column()

    municipality = relationship("Municipality")
    program = relationship("Program")


class UpdateRequest(Base):
    """ "Frage nach!": someone asked the responsible people for a status update."""

    __tablename__ = "update_requests"
    __table_args__ = (Index("ix_update_requests_asker", "requested_by_user_id", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[str] = mapped_column(String(120))  # display name of the person who asked
    requested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    message: Mapped[str | None] = mapped_column(String(1000))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # 0008_notifications: asking again soon folds into the open request; the answer closes it
    last_asked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ask_count: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    answered_by: Mapped[str | None] = mapped_column(String(120))
    answer: Mapped[str | None] = mapped_column(String(2000))
