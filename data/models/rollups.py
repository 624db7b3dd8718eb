"""Pre-aggregated rollups of the measures in use (not retired), kept exact by database triggers.

The Maßnahmen overview reads these small tables instead of scanning every measure; see
:mod:`data.rollups` for the triggers that keep them equal to the live aggregate and
:mod:`data.queries.measure_rollups` for which filters they can answer.

Key columns are never NULL, so that one row stands for one group and an upsert finds it on both
databases: ``state_code = ''`` and ``municipality_id = 0`` stand for "keine Angabe" (NO_STATE,
NO_MUNICIPALITY). CO₂ and cost sums are whole hundredths (the measures' two decimals), so adding and
subtracting never drifts the way floating-point sums would.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base

NO_STATE = ""
NO_MUNICIPALITY = 0


class MeasureRollup(Base):
    """Counts and sums per program, state, Handlungsfeld, status and month of the last update
    (the month answers freshness and "veraltet" for any Stand date)."""

    __tablename__ = "measure_rollup"

    program_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    sector: Mapped[str] = mapped_column(String(60), primary_key=True)
    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    updated_month: Mapped[date] = mapped_column(Date, primary_key=True)  # first day of the month (UTC)
    measures: Mapped[int] = mapped_column(BigInteger)
    co2_hundredths: Mapped[int] = mapped_column(BigInteger)  # sum of t CO₂/a × 100
    co2_unknown: Mapped[int] = mapped_column(BigInteger)
    cost_cents: Mapped[int] = mapped_column(BigInteger)
    cost_unknown: Mapped[int] = mapped_column(BigInteger)


class MeasurePlannedRollup(Base):
    """Open measures (the only ones that can be overdue) per program, state, Handlungsfeld, status and
    month of planned completion; measures without a planned completion are never overdue and not here."""

    __tablename__ = "measure_rollup_planned"

    program_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    sector: Mapped[str] = mapped_column(String(60), primary_key=True)
    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    planned_month: Mapped[date] = mapped_column(Date, primary_key=True)  # first day of the month
    measures: Mapped[int] = mapped_column(BigInteger)


class MeasureMunicipalityRollup(Base):
    """Measures per program, state, Kommune and status: the status chart "nach Kommune" and the
    Kommune choices of the filter."""

    __tablename__ = "measure_rollup_municipality"

    # Kommune first: the chart groups by (Kommune, status) in key order, the filter lists the Kommunen.
    municipality_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    program_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    measures: Mapped[int] = mapped_column(BigInteger)


class MeasureResponsibleRollup(Base):
    """Measures per responsible ("Wer macht es?"): the choices of the filter without a DISTINCT scan."""

    __tablename__ = "measure_rollup_responsible"

    responsible: Mapped[str] = mapped_column(String(200), primary_key=True)
    measures: Mapped[int] = mapped_column(BigInteger)
