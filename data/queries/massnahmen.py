"""Aggregates behind the Maßnahmen page's status overview; every number is counted by the database.

All functions take a :class:`MeasureFilter`; unknown values (no state, no municipality, no CO₂
estimate, no cost) are counted under ``None`` keys or in ``*_unknown`` columns, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from data import vocab
from data.models import Measure, Municipality, Program
from data.queries.measure_filters import FRESHNESS_BANDS, OPEN_STATUSES, MeasureFilter, apply_filter, stale_cutoff

STALE_LABEL = "veraltet"
DIMENSIONS = {"sector": "Handlungsfeld", "state": "Land", "municipality": "Kommune"}


@dataclass(frozen=True)
class MeasureSummary:
    total: int
    overdue: int
    stale: int
    co2_t_per_year: float
    co2_unknown: int
    cost_eur: float
    cost_unknown: int


def _overdue(today: date):
    return (Measure.planned_completion_on < today) & Measure.status.in_(OPEN_STATUSES)


def summary(session: Session, flt: MeasureFilter) -> MeasureSummary:
    """Counts and sums of the filtered measures in one query."""
    row = session.execute(
        apply_filter(
            select(
                func.count(),
                func.count().filter(_overdue(flt.today)),
                func.count().filter(Measure.updated_at < stale_cutoff(flt.today)),
                func.coalesce(func.sum(Measure.co2_t_per_year), 0),
                func.count().filter(Measure.co2_t_per_year.is_(None)),
                func.coalesce(func.sum(Measure.cost_eur), 0),
                func.count().filter(Measure.cost_eur.is_(None)),
            ).select_from(Measure),
            flt,
        )
    ).one()
    return MeasureSummary(row[0], row[1], row[2], float(row[3]), row[4], float(row[5]), row[6])


def status_counts(session: Session, flt: MeasureFilter, dimension: str) -> pd.DataFrame:
    """Measures per (dimension value, status): columns ``key``, ``label``, ``status``, ``count``.

    ``key`` is the filter value (sector text, state code, municipality id; None = keine Angabe).
    """
    if dimension == "sector":
        key, label, query = Measure.sector, Measure.sector, select().select_from(Measure)
    elif dimension == "state":
        key, label, query = Measure.state_code, Measure.state_code, select().select_from(Measure)
    elif dimension == "municipality":
        key, label = Measure.municipality_id, Municipality.name
        query = select().select_from(Measure).outerjoin(Municipality, Municipality.id == Measure.municipality_id)
    else:
        raise ValueError(f"unknown dimension {dimension!r}")
    query = apply_filter(query.add_columns(key, label, Measure.status, func.count()), flt)
    rows = session.execute(query.group_by(key, label, Measure.status)).all()
    if dimension == "state":
        rows = [(code, vocab.STATE_NAMES.get(code, code) if code else None, *rest) for code, _label, *rest in rows]
    return pd.DataFrame(
        {
            "key": pd.Series([row[0] for row in rows], dtype=object),  # None stays None (not NaN)
            "label": pd.Series([row[1] or "keine Angabe" for row in rows], dtype=object),
            "status": pd.Series([row[2] for row in rows], dtype=object),
            "count": pd.Series([row[3] for row in rows], dtype="int64"),
        }
    )


def freshness(session: Session, flt: MeasureFilter) -> pd.DataFrame:
    """Measures per freshness band (days since the last update): ``band``, ``count`` in fixed order."""
    cutoffs = [(_midnight(flt.today - timedelta(days=days)), label) for days, label in FRESHNESS_BANDS]
    band = case(*[(Measure.updated_at >= cutoff, label) for cutoff, label in cutoffs], else_=STALE_LABEL)
    # Grouping over a subquery column: PostgreSQL would not match two renderings of the CASE's parameters.
    banded = apply_filter(select(band.label("band")).select_from(Measure), flt).subquery()
    rows = dict(session.execute(select(banded.c.band, func.count()).group_by(banded.c.band)).all())
    labels = [label for _days, label in FRESHNESS_BANDS] + [STALE_LABEL]
    return pd.DataFrame({"band": labels, "count": [int(rows.get(label, 0)) for label in labels]})


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def status_totals(session: Session, flt: MeasureFilter) -> pd.DataFrame:
    """Per status: count, CO₂ and cost sums and how many measures have no value for each."""
    rows = session.execute(
        apply_filter(
            select(
                Measure.status,
                func.count(),
                func.coalesce(func.sum(Measure.co2_t_per_year), 0),
                func.count().filter(Measure.co2_t_per_year.is_(None)),
                func.coalesce(func.sum(Measure.cost_eur), 0),
                func.count().filter(Measure.cost_eur.is_(None)),
            ).select_from(Measure),
            flt,
        ).group_by(Measure.status)
    ).all()
    found = {row[0]: row for row in rows}
    records = []
    for status in vocab.MEASURE_STATUSES:
        row = found.get(status)
        records.append(
            {
                "status": status,
                "count": row[1] if row else 0,
                "co2": float(row[2]) if row else 0.0,
                "co2_unknown": row[3] if row else 0,
                "cost": float(row[4]) if row else 0.0,
                "cost_unknown": row[5] if row else 0,
            }
        )
    return pd.DataFrame.from_records(records)


@dataclass(frozen=True)
class FilterOptions:
    """Choices for the filter controls: (value, label) pairs, in display order."""

    programs: list[tuple[str, str]]
    states: list[tuple[str, str]]
    municipalities: list[tuple[int, str]]
    sectors: list[str]
    responsibles: list[str]


def filter_options(session: Session) -> FilterOptions:
    """Distinct values that occur in measures (DISTINCT in SQL, small result sets)."""
    programs = session.execute(select(Program.code, Program.short_name).order_by(Program.id)).all()
    state_codes = session.scalars(select(Measure.state_code).where(Measure.state_code.is_not(None)).distinct()).all()
    places = session.execute(
        select(Municipality.id, Municipality.name, Municipality.state_code)
        .where(Municipality.id.in_(select(Measure.municipality_id).distinct()))
        .order_by(Municipality.name, Municipality.id)
    ).all()
    sectors = session.scalars(select(Measure.sector).distinct().order_by(Measure.sector)).all()
    responsibles = session.scalars(
        select(Measure.responsible).where(Measure.responsible.is_not(None)).distinct().order_by(Measure.responsible)
    ).all()
    states = sorted(((code, vocab.STATE_NAMES.get(code, code)) for code in state_codes), key=lambda item: item[1])
    return FilterOptions(
        programs=[(code, name) for code, name in programs],
        states=states,
        municipalities=[(mid, f"{name} ({code[3:]})") for mid, name, code in places],
        sectors=list(sectors),
        responsibles=list(responsibles),
    )
