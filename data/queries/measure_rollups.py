"""The Maßnahmen aggregates read from the rollups (:mod:`data.models.rollups`) instead of every measure.

:func:`answers` is the one place that decides whether a filter can be answered from the rollups; the
callers in :mod:`data.queries.massnahmen` fall back to the live query otherwise:
- free-text search (the search index answers it), a responsible person or one Kommune (an index
  finds those few rows directly);
- "Nur überfällige" and "Nur veraltete": they restrict every figure by planned completion and last
  update together, and a rollup over both months would be nearly as large as the table;
- grouping by Kommune together with a Handlungsfeld (the Kommune rollup has no Handlungsfeld).

Overdue and freshness depend on the Stand date. The rollups count by month, so every month but the
one a cut-off falls in is decided by the rollup; of the cut-off's own month, the shorter part (at
most half a month) is counted live (an index-only range scan of ``ix_measures_updated_rollup`` /
``ix_measures_planned_rollup``), see :class:`Edge`. Any Stand date is answered exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, String, case, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from data.models import Measure, Municipality, Program
from data.models.rollups import (
    NO_MUNICIPALITY,
    NO_STATE,
    MeasureMunicipalityRollup,
    MeasurePlannedRollup,
    MeasureResponsibleRollup,
    MeasureRollup,
)
from data.queries.measure_filters import FRESHNESS_BANDS, OPEN_STATUSES, MeasureFilter

# What a group's figures are, in order: count, overdue, stale, CO₂ sum, CO₂ unknown, cost sum,
# cost unknown, then per freshness band how many were updated on or after its cut-off.
Figures = tuple
# The same per (status, program), with the CO₂ and cost sums in whole hundredths: every other grouping
# of the overview (per status, per program, the totals) is their sum (:func:`fold`).
Counted = tuple
Key = tuple[str, int]
KEY = ("status", "program_id")
UNKNOWN_LABEL = "keine Angabe"  # the label of a value that is not given (no Land, no Kommune)


def answers(flt: MeasureFilter, dimension: str | None = None) -> bool:
    """Whether the rollups answer ``flt`` (and the counts per ``dimension`` and status)."""
    if (flt.text and flt.text.strip()) or flt.responsible or flt.municipality_id is not None:
        return False
    if flt.overdue_only or flt.stale_only or flt.show_retired:  # the rollups hold measures in use only
        return False
    return not (dimension == "municipality" and flt.sector)


def month_start(day: date) -> date:
    return day.replace(day=1)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def band_cutoffs(today: date) -> list[datetime]:
    """Cut-offs of the freshness bands (≤ 30, ≤ 90, ≤ 180 days); the last is also "veraltet"'s."""
    return [midnight(date.fromordinal(today.toordinal() - days)) for days, _label in FRESHNESS_BANDS]


def _conditions(table, flt: MeasureFilter) -> list[ColumnElement]:
    """The filter's conditions on a rollup table or the live edge rows (key columns named as in
    ``measures``; ``answers`` has made sure the filter names no other column)."""
    conditions = []
    if flt.program:
        program_id = select(Program.id).where(Program.code == flt.program).scalar_subquery()
        conditions.append(table.program_id == program_id)
    if flt.state:
        conditions.append(table.state_code == flt.state)
    if flt.sector:
        conditions.append(table.sector == flt.sector)
    if flt.statuses:
        conditions.append(table.status.in_(flt.statuses))
    return conditions


@dataclass(frozen=True)
class Edge:
    """How a cut-off inside a month is answered: whole months from the rollup, the cut-off's own month
    split at the cut-off, its shorter part counted live — added when it lies before the cut-off (the
    rollup then counts the months before), subtracted when after (the rollup counts through the month)."""

    month: date  # first day of the cut-off's month
    through_month: bool
    live_from: date | datetime
    live_to: date | datetime

    @classmethod
    def at(cls, cut: date | datetime) -> Edge:
        timed = isinstance(cut, datetime)
        month = month_start(cut.date() if timed else cut)
        following = (month + timedelta(days=32)).replace(day=1)
        start, end = (midnight(month), midnight(following)) if timed else (month, following)
        if cut - start <= end - cut:
            return cls(month, False, start, cut)
        return cls(month, True, cut, end)

    def months_before(self, column: ColumnElement) -> ColumnElement:
        """The rollup's months on the cut-off's early side (the live part then corrects them)."""
        return column <= self.month if self.through_month else column < self.month

    def correct(self, whole_months: int, live: int) -> int:
        return whole_months - live if self.through_month else whole_months + live


def figures(session: Session, flt: MeasureFilter, group: str) -> dict[object, Figures]:
    """Per value of ``group`` (``status`` or ``program_id``) the figures of :data:`Figures`."""
    found, _counts = counted(session, flt)
    return fold(found, group)


def fold(found: dict[Key, Counted], group: str) -> dict[object, Figures]:
    """:data:`Counted` per (status, program) summed per ``group`` (``status`` or ``program_id``), the
    sums turned from whole hundredths into euros and tonnes only after adding (so no drift)."""
    position = KEY.index(group)
    summed: dict[object, list[int]] = {}
    for key, values in found.items():
        into = summed.setdefault(key[position], [0] * len(values))
        for i, value in enumerate(values):
            into[i] += value
    return {
        key: (count, overdue, stale, co2 / 100, co2_unknown, cost / 100, cost_unknown, *within)
        for key, (count, overdue, stale, co2, co2_unknown, cost, cost_unknown, *within) in summed.items()
    }


def counted(
    session: Session, flt: MeasureFilter, dimension: str | None = None
) -> tuple[dict[Key, Counted], list[tuple] | None]:
    """:data:`Counted` per (status, program) from the rollups in two statements — the rollup's groups
    (also per ``dimension`` when that is ``sector`` or ``state``: its counts per status come with them)
    and the month counts (overdue months plus the live edge rows of all four cut-offs) — and the
    (key, label, status, count) rows of ``dimension`` (None for any other dimension)."""
    rollup = MeasureRollup
    updated_edges = [Edge.at(cutoff) for cutoff in band_cutoffs(flt.day)]
    planned_edge = Edge.at(flt.day)
    detail = {"sector": rollup.sector, "state": rollup.state_code}.get(dimension)
    keys = [rollup.status, rollup.program_id, *([detail] if detail is not None else [])]
    rows = session.execute(
        select(
            *keys,
            func.sum(rollup.measures),
            func.sum(rollup.co2_hundredths),
            func.sum(rollup.co2_unknown),
            func.sum(rollup.cost_cents),
            func.sum(rollup.cost_unknown),
            *[
                func.coalesce(func.sum(rollup.measures).filter(edge.months_before(rollup.updated_month)), 0)
                for edge in updated_edges
            ],
        )
        .where(*_conditions(rollup, flt))
        .group_by(*keys)
    ).all()
    months = _month_counts(session, flt, planned_edge, updated_edges)
    found: dict[Key, list[int]] = {}
    counts: list[tuple] = []
    for row in rows:
        status, program_id = row[0], row[1]
        values = [int(value) for value in row[len(keys) :]]
        into = found.setdefault((status, program_id), [0] * len(values))
        for i, value in enumerate(values):
            into[i] += value
        if detail is not None:
            key = None if row[2] == NO_STATE else row[2]
            counts.append((key, key, status, values[0]))
    result = {}
    for key, (count, co2, co2_unknown, cost, cost_unknown, *older_months) in found.items():
        older = [
            edge.correct(months_before, months.get((f"u{i}", *key), 0))
            for i, (edge, months_before) in enumerate(zip(updated_edges, older_months, strict=True))
        ]
        overdue = planned_edge.correct(months.get(("planned", *key), 0), months.get(("p", *key), 0))
        result[key] = (count, overdue, older[-1], co2, co2_unknown, cost, cost_unknown, *[count - n for n in older])
    return result, (_summed_over_programs(counts) if detail is not None else None)


def _summed_over_programs(rows: list[tuple]) -> list[tuple]:
    """(key, label, status, count) rows read per program as one row per (key, label, status)."""
    summed: dict[tuple, int] = {}
    for key, label, status, n in rows:
        summed[key, label, status] = summed.get((key, label, status), 0) + n
    return [(*group, n) for group, n in summed.items()]


def _month_counts(session: Session, flt: MeasureFilter, planned_edge: Edge, updated_edges: list[Edge]) -> dict:
    """One statement: overdue measures of the whole months before the Stand's (``planned``), and the
    live rows of each cut-off's month part (``p`` for planned completion, ``u0``…``u2`` for the last
    update), each per (part, status, program)."""
    planned = MeasurePlannedRollup
    whole_months = (
        select(literal("planned").label("part"), planned.status, planned.program_id, func.sum(planned.measures))
        .where(*_conditions(planned, flt), planned_edge.months_before(planned.planned_month))
        .group_by(planned.status, planned.program_id)
    )
    column = Measure.planned_completion_on
    parts = [
        whole_months,
        _live_part(flt, "p", column >= planned_edge.live_from, column < planned_edge.live_to, open_only=True),
        *[
            _live_part(flt, f"u{i}", Measure.updated_at >= edge.live_from, Measure.updated_at < edge.live_to)
            for i, edge in enumerate(updated_edges)
        ],
    ]
    return {(part, status, program_id): int(n) for part, status, program_id, n in session.execute(union_all(*parts))}


def _live_part(flt: MeasureFilter, part: str, *edge, open_only: bool = False):
    """Measures per (status, program) within one month's edge, counted from the measures themselves.

    The edge's rows are read first (a range of a covering index, ``MATERIALIZED`` so no planner
    without statistics starts from a program's or state's many rows instead), then filtered on the
    same key columns as the rollups."""
    keys = [Measure.status, Measure.program_id, Measure.state_code, Measure.sector]
    rows = select(*keys).where(Measure.retired_at.is_(None), *edge).cte(f"edge_{part}").prefix_with("MATERIALIZED")
    conditions = _conditions(rows.c, flt) + ([rows.c.status.in_(OPEN_STATUSES)] if open_only else [])
    return (
        select(literal(part).label("part"), rows.c.status, rows.c.program_id, func.count())
        .where(*conditions)
        .group_by(rows.c.status, rows.c.program_id)
    )


def kommune_names():
    """Each Kommune's name as the charts and their tables show it, as a subquery (``id``, ``name``):
    "Name (NW)" as in the filter's choices, and where one state has several Kommunen of that name also
    their AGS (or number), so that no two Kommunen ever share a bar or a row (Germany has many
    Neustadts; at national scale a chart grouped by bare names added them up)."""
    state = func.substr(Municipality.state_code, 4, type_=String)
    twins = func.count().over(partition_by=(Municipality.name, Municipality.state_code))
    told_apart = func.coalesce(Municipality.ags, cast(Municipality.id, String))
    name = case(
        (twins > 1, Municipality.name.concat(" (").concat(state).concat(", ").concat(told_apart).concat(")")),
        else_=Municipality.name.concat(" (").concat(state).concat(")"),
    )
    return select(Municipality.id, name.label("name")).subquery("kommune_names")


def top_places(session: Session, flt: MeasureFilter, limit: int) -> tuple[list[tuple], int]:
    """(key, label, status, count) of the ``limit`` Kommunen with the most measures (ties: by name, in
        code point order as Python sorts) and how many others there are: the chart and its table show no
        more, so thousands of Kommunen never travel to the app. Grouped by the chart's label, one per
    Kommune (:func:`kommune_names`)."""
    rollup = MeasureMunicipalityRollup
    per_place = (
        select(rollup.municipality_id.label("key"), rollup.status, func.sum(rollup.measures).label("n"))
        .where(*_conditions(rollup, flt))
        .group_by(rollup.municipality_id, rollup.status)
        .cte("per_place")
    )
    names = kommune_names()
    named = (
        select(
            per_place.c.key,
            func.coalesce(names.c.name, UNKNOWN_LABEL).label("label"),
            per_place.c.status,
            per_place.c.n,
        )
        .outerjoin(names, names.c.id == per_place.c.key)
        .cte("named")
    )
    byte_order = "C" if session.get_bind().dialect.name == "postgresql" else "BINARY"
    total = func.sum(named.c.n)
    ranked = (
        select(named.c.label, func.count().over().label("labels"))
        .group_by(named.c.label)
        .order_by(total.desc(), named.c.label.collate(byte_order))
        .limit(limit)
        .cte("ranked")
    )
    rows = session.execute(
        select(named.c.key, named.c.label, named.c.status, named.c.n, ranked.c.labels).join(
            ranked, ranked.c.label == named.c.label
        )
    ).all()
    places = [(None if key == NO_MUNICIPALITY else key, label, status, int(n)) for key, label, status, n, _ in rows]
    return places, max(0, rows[0].labels - limit) if rows else 0


def measure_count(session: Session, flt: MeasureFilter) -> int | None:
    """How many measures match ``flt`` (the grid's row count), or None when the rollups cannot tell.

    "Nur überfällige" or "Nur veraltete" alone is the overdue or stale figure of the filter without it
    (both together restrict by two months at once, which no rollup holds)."""
    if flt.overdue_only != flt.stale_only:
        base = flt.with_(overdue_only=False, stale_only=False)
        if not answers(base):
            return None
        return _overdue_count(session, base) if flt.overdue_only else _stale_count(session, base)
    if not answers(flt):
        return None
    total = select(func.coalesce(func.sum(MeasureRollup.measures), 0)).where(*_conditions(MeasureRollup, flt))
    return int(session.scalar(total))


def _overdue_count(session: Session, flt: MeasureFilter) -> int:
    """The overdue figure of :func:`figures`, summed over every status."""
    planned, edge = MeasurePlannedRollup, Edge.at(flt.day)
    months = session.scalar(
        select(func.coalesce(func.sum(planned.measures), 0)).where(
            *_conditions(planned, flt), edge.months_before(planned.planned_month)
        )
    )
    column = Measure.planned_completion_on
    live = _live_part(flt, "overdue", column >= edge.live_from, column < edge.live_to, open_only=True)
    return edge.correct(int(months), _summed(session, live))


def _stale_count(session: Session, flt: MeasureFilter) -> int:
    """The stale ("veraltet") figure of :func:`figures`, summed over every status."""
    rollup, edge = MeasureRollup, Edge.at(band_cutoffs(flt.day)[-1])
    months = session.scalar(
        select(func.coalesce(func.sum(rollup.measures), 0)).where(
            *_conditions(rollup, flt), edge.months_before(rollup.updated_month)
        )
    )
    live = _live_part(flt, "stale", Measure.updated_at >= edge.live_from, Measure.updated_at < edge.live_to)
    return edge.correct(int(months), _summed(session, live))


def _summed(session: Session, part) -> int:
    """The counts of a :func:`_live_part` added up over its statuses and programs."""
    return sum(int(row[-1]) for row in session.execute(part))


def status_counts(session: Session, flt: MeasureFilter, dimension: str) -> list[tuple]:
    """(key, label, status, count) per dimension value and status; key None = keine Angabe."""
    if dimension == "municipality":
        rollup = MeasureMunicipalityRollup
        counted = (
            select(rollup.municipality_id.label("key"), rollup.status, func.sum(rollup.measures).label("n"))
            .where(*_conditions(rollup, flt))
            .group_by(rollup.municipality_id, rollup.status)
            .subquery()
        )
        names = kommune_names()
        rows = session.execute(
            select(counted.c.key, names.c.name, counted.c.status, counted.c.n).outerjoin(
                names, names.c.id == counted.c.key
            )
        ).all()
        return [(None if key == NO_MUNICIPALITY else key, name, status, int(n)) for key, name, status, n in rows]
    column = {"sector": MeasureRollup.sector, "state": MeasureRollup.state_code}[dimension]
    rows = session.execute(
        select(column, MeasureRollup.status, func.sum(MeasureRollup.measures))
        .where(*_conditions(MeasureRollup, flt))
        .group_by(column, MeasureRollup.status)
    ).all()
    return [(None if key == NO_STATE else key, None if key == NO_STATE else key, s, int(n)) for key, s, n in rows]


def option_values(session: Session) -> dict[str, list]:
    """The values that occur in measures in use, for the filter's choices: state codes, Kommune ids,
    Handlungsfelder and responsibles (each a DISTINCT over a small rollup)."""
    return {
        "states": session.scalars(
            select(MeasureRollup.state_code).where(MeasureRollup.state_code != NO_STATE).distinct()
        ).all(),
        "municipalities": select(MeasureMunicipalityRollup.municipality_id).distinct(),
        "sectors": session.scalars(select(MeasureRollup.sector).distinct().order_by(MeasureRollup.sector)).all(),
        "responsibles": session.scalars(
            select(MeasureResponsibleRollup.responsible).order_by(MeasureResponsibleRollup.responsible)
        ).all(),
    }
