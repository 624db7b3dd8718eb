"""Aggregates behind the Maßnahmen page's status overview; every number is counted by the database.

All functions take a :class:`MeasureFilter`; unknown values (no state, no municipality, no CO₂
estimate, no cost) are counted under ``None`` keys or in ``*_unknown`` columns, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import BigInteger, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from data import vocab
from data.models import Measure, Municipality, Program
from data.queries import measure_rollups
from data.queries.data_version import ResultCache, cached
from data.queries.measure_filters import (
    FRESHNESS_BANDS,
    OPEN_STATUSES,
    MeasureFilter,
    apply_filter,
    stale_cutoff,
    with_default_stand,
)

STALE_LABEL = "veraltet"
DIMENSIONS = {"sector": "Handlungsfeld", "state": "Land", "municipality": "Kommune"}
TOP_ROWS = 15  # dimension values the status chart and its table show, the largest first
LEFT_OUT = "left_out"  # ``attrs`` key of a counts frame cut to its top rows: how many values were left out


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


BAND_LABELS = [label for _days, label in FRESHNESS_BANDS] + [STALE_LABEL]
TOTAL_COLUMNS = ["count", "overdue", "stale", *BAND_LABELS, "co2", "co2_unknown", "cost", "cost_unknown"]


def summary_aggregates(today: date) -> list:
    """The figures of a :class:`MeasureSummary` as SQL aggregates, in its field order: count, overdue,
    stale, CO₂ sum and unknown count, cost sum and unknown count (shared by every per-group summary)."""
    return [
        func.count(),
        func.count().filter(_overdue(today)),
        func.count().filter(Measure.updated_at < stale_cutoff(today)),
        func.coalesce(func.sum(Measure.co2_t_per_year), 0),
        func.count().filter(Measure.co2_t_per_year.is_(None)),
        func.coalesce(func.sum(Measure.cost_eur), 0),
        func.count().filter(Measure.cost_eur.is_(None)),
    ]


def figures(session: Session, flt: MeasureFilter, group: str) -> dict[object, measure_rollups.Figures]:
    """Per ``status`` or ``program_id`` the summary figures and how many were updated since each
    freshness cut-off, counted back from the Stand: from the rollups when they answer the filter, else
    one scan of the measures."""
    found, _counts, _left_out = counted(session, with_default_stand(session, flt))
    return measure_rollups.fold(found, group)


def counted(
    session: Session, flt: MeasureFilter, dimension: str | None = None
) -> tuple[dict[measure_rollups.Key, measure_rollups.Counted], list[tuple], int]:
    """The figures per (status, program) (:data:`measure_rollups.Counted`), the (key, label, status,
    count) rows per ``dimension`` value (None: no rows) and how many values these rows leave out, in
    as few statements as the filter allows: from the rollups when they answer it (the Kommunen cut to
    the :data:`TOP_ROWS` the chart shows), else one scan of the measures for both."""
    if not measure_rollups.answers(flt):
        return *live_counted(session, flt, dimension), 0
    found, counts = measure_rollups.counted(session, flt, dimension)
    if dimension is None or counts is not None:
        return found, counts or [], 0
    if measure_rollups.answers(flt, dimension):
        return found, *measure_rollups.top_places(session, flt, TOP_ROWS)
    return found, _status_count_rows(session, flt, dimension), 0


def live_figures(session: Session, flt: MeasureFilter, group: str) -> dict[object, measure_rollups.Figures]:
    """:func:`figures` counted from the measures themselves (any filter, one scan)."""
    found, _counts = live_counted(session, flt)
    return measure_rollups.fold(found, group)


def live_counted(
    session: Session, flt: MeasureFilter, dimension: str | None = None
) -> tuple[dict[measure_rollups.Key, measure_rollups.Counted], list[tuple]]:
    """:func:`counted` from the measures in one statement: the filtered rows are read once (the
    columns the figures need, ``MATERIALIZED``), then grouped per (status, program) and, as a second
    part of the same statement, per (``dimension`` value, status)."""
    key_column = {"sector": Measure.sector, "state": Measure.state_code, "municipality": Measure.municipality_id}
    columns = [
        Measure.status,
        Measure.program_id,
        Measure.planned_completion_on,
        Measure.updated_at,
        Measure.co2_t_per_year,
        Measure.cost_eur,
        *([key_column[dimension].label("dimension")] if dimension else []),
    ]
    hits = apply_filter(select(*columns), flt).cte("hits").prefix_with("MATERIALIZED")
    cutoffs = measure_rollups.band_cutoffs(flt.day)
    overdue = (hits.c.planned_completion_on < flt.day) & hits.c.status.in_(OPEN_STATUSES)
    figures_part = select(
        literal("figures").label("part"),
        hits.c.status,
        hits.c.program_id,
        null().label("dimension"),
        null().label("label"),
        func.count(),
        func.count().filter(overdue),
        func.count().filter(hits.c.updated_at < stale_cutoff(flt.day)),
        func.coalesce(func.sum(_hundredths(hits.c.co2_t_per_year)), 0),
        func.count().filter(hits.c.co2_t_per_year.is_(None)),
        func.coalesce(func.sum(_hundredths(hits.c.cost_eur)), 0),
        func.count().filter(hits.c.cost_eur.is_(None)),
        *[func.count().filter(hits.c.updated_at >= cutoff) for cutoff in cutoffs],
    ).group_by(hits.c.status, hits.c.program_id)
    parts = [figures_part]
    if dimension:
        per_value = (
            select(hits.c.dimension, hits.c.status, func.count().label("n"))
            .group_by(hits.c.dimension, hits.c.status)
            .subquery("per_value")
        )
        names = measure_rollups.kommune_names()
        label = per_value.c.dimension if dimension != "municipality" else names.c.name
        counts_part = select(
            literal("counts"),
            per_value.c.status,
            null(),
            per_value.c.dimension,
            label,
            per_value.c.n,
            *[null()] * (len(figures_part.selected_columns) - 6),
        )
        if dimension == "municipality":
            counts_part = counts_part.outerjoin(names, names.c.id == per_value.c.dimension)
        parts.append(counts_part)
    found, counts = {}, []
    for part, status, program_id, key, label, *values in session.execute(union_all(*parts)):
        if part == "figures":
            found[status, program_id] = tuple(int(value) for value in values)
        else:
            counts.append((key, label, status, int(values[0])))
    return found, counts


def _hundredths(column):
    """A money or CO₂ value in whole hundredths (two decimals stored), so sums add up exactly."""
    return cast(func.round(column * 100), BigInteger)


def status_overview(session: Session, flt: MeasureFilter) -> pd.DataFrame:
    """One row per status (all seven, fixed order) with every count and sum the page needs.

    Freshness bands are cumulative cut-offs turned into disjoint counts here (≤ 30, ≤ 90, ≤ 180 days,
    older = veraltet).
    """
    return status_frame(figures(session, flt, "status"))


def status_frame(found: dict[object, measure_rollups.Figures]) -> pd.DataFrame:
    """:func:`status_overview` of the figures per status."""
    records = []
    for status in vocab.MEASURE_STATUSES:
        count, overdue, stale, co2, co2_unknown, cost, cost_unknown, *within = found.get(status, (0,) * 10)
        bands = [within[0], within[1] - within[0], within[2] - within[1], count - within[2]]
        values = [count, overdue, stale, *bands, float(co2), co2_unknown, float(cost), cost_unknown]
        records.append({"status": status, **dict(zip(TOTAL_COLUMNS, values, strict=True))})
    return pd.DataFrame.from_records(records)


def overview(session: Session, flt: MeasureFilter, dimension: str, cache: ResultCache | None = None) -> tuple:
    """Everything the page's key figures and charts need: the per-status totals, the counts per
    (dimension value, status), the key figures per program and the Stand they are counted at; served
    from ``cache`` while the data version is unchanged (the default Stand follows from the programs'
    end dates, which are data too, and from ``flt.today``, which is part of the key)."""
    from data.queries.massnahmen_programs import summaries_by_program  # it builds on this module

    def compute() -> tuple:
        resolved = with_default_stand(session, flt)
        found, counts, left_out = counted(session, resolved, dimension)
        return (
            status_frame(measure_rollups.fold(found, "status")),
            counts_frame(counts, dimension, left_out),
            summaries_by_program(session, resolved, measure_rollups.fold(found, "program_id")),
            resolved.day,
        )

    return cached(session, cache, f"massnahmen-overview:{flt!r}:{dimension}", compute)


def summary_of(totals: pd.DataFrame) -> MeasureSummary:
    return MeasureSummary(
        total=int(totals["count"].sum()),
        overdue=int(totals["overdue"].sum()),
        stale=int(totals["stale"].sum()),
        co2_t_per_year=float(totals["co2"].sum()),
        co2_unknown=int(totals["co2_unknown"].sum()),
        cost_eur=float(totals["cost"].sum()),
        cost_unknown=int(totals["cost_unknown"].sum()),
    )


def freshness_of(totals: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"band": BAND_LABELS, "count": [int(totals[label].sum()) for label in BAND_LABELS]})


def summary(session: Session, flt: MeasureFilter) -> MeasureSummary:
    """Counts and sums of the filtered measures."""
    return summary_of(status_overview(session, flt))


def freshness(session: Session, flt: MeasureFilter) -> pd.DataFrame:
    """Measures per freshness band (days since the last update): ``band``, ``count`` in fixed order."""
    return freshness_of(status_overview(session, flt))


def status_totals(session: Session, flt: MeasureFilter) -> pd.DataFrame:
    """Per status: count, CO₂ and cost sums and how many measures have no value for each."""
    return status_overview(session, flt)[["status", "count", "co2", "co2_unknown", "cost", "cost_unknown"]]


def status_counts(session: Session, flt: MeasureFilter, dimension: str) -> pd.DataFrame:
    """Measures per (dimension value, status): columns ``key``, ``label``, ``status``, ``count``.

    ``key`` is the filter value (sector text, state code, municipality id; None = keine Angabe).
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    return counts_frame(_status_count_rows(session, flt, dimension), dimension)


def _status_count_rows(session: Session, flt: MeasureFilter, dimension: str) -> list[tuple]:
    if measure_rollups.answers(flt, dimension):
        return measure_rollups.status_counts(session, flt, dimension)
    if dimension == "municipality":
        # Count per id first (an index-only scan), then look up the few names.
        counted = apply_filter(
            select(Measure.municipality_id.label("key"), Measure.status, func.count().label("n")), flt
        ).group_by(Measure.municipality_id, Measure.status)
        counted, names = counted.subquery(), measure_rollups.kommune_names()
        return session.execute(
            select(counted.c.key, names.c.name, counted.c.status, counted.c.n).outerjoin(
                names, names.c.id == counted.c.key
            )
        ).all()
    key = Measure.sector if dimension == "sector" else Measure.state_code
    query = apply_filter(select(key, key, Measure.status, func.count()).select_from(Measure), flt)
    return session.execute(query.group_by(key, Measure.status)).all()


def counts_frame(rows: list[tuple], dimension: str, left_out: int = 0) -> pd.DataFrame:
    """The (key, label, status, count) rows as :func:`status_counts` returns them; a state's label is its
    name; ``left_out``: how many further values the rows leave out (``attrs[LEFT_OUT]``)."""
    if dimension == "state":
        rows = [(code, vocab.STATE_NAMES.get(code, code) if code else None, *rest) for code, _label, *rest in rows]
    frame = pd.DataFrame(
        {
            "key": pd.Series([row[0] for row in rows], dtype=object),  # None stays None (not NaN)
            "label": pd.Series([row[1] or measure_rollups.UNKNOWN_LABEL for row in rows], dtype=object),
            "status": pd.Series([row[2] for row in rows], dtype=object),
            "count": pd.Series([row[3] for row in rows], dtype="int64"),
        }
    )
    frame.attrs[LEFT_OUT] = left_out
    return frame


@dataclass(frozen=True)
class FilterOptions:
    """Choices for the filter controls: (value, label) pairs, in display order."""

    programs: list[tuple[str, str]]
    states: list[tuple[str, str]]
    municipalities: list[tuple[int, str]]
    sectors: list[str]
    responsibles: list[str]

    def choices(self) -> dict[str, dict]:
        """The allowed values of :class:`MeasureFilter`'s option fields, value → label."""
        return {
            "programs": dict(self.programs),
            "states": dict(self.states),
            "municipalities": dict(self.municipalities),
            "sectors": {sector: sector for sector in self.sectors},
            "responsibles": {name: name for name in self.responsibles},
        }


def filter_options(session: Session) -> FilterOptions:
    """The values that occur in measures in use (read from the rollups, small result sets)."""
    programs = session.execute(select(Program.code, Program.short_name).order_by(Program.id)).all()
    values = measure_rollups.option_values(session)
    places = session.execute(
        select(Municipality.id, Municipality.name, Municipality.state_code)
        .where(Municipality.id.in_(values["municipalities"]))
        .order_by(Municipality.name, Municipality.id)
    ).all()
    states = sorted(((code, vocab.STATE_NAMES.get(code, code)) for code in values["states"]), key=lambda item: item[1])
    return FilterOptions(
        programs=[(code, name) for code, name in programs],
        states=states,
        municipalities=[(mid, f"{name} ({code[3:]})") for mid, name, code in places],
        sectors=list(values["sectors"]),
        responsibles=list(values["responsibles"]),
    )
