"""Queries behind the Kohorten page: the filtered cohort list, KPIs and goal counts.

Definitions (shared with the tests, the benchmark and the README):
- A cohort matches a year if it runs at some time in that year (start ≤ 31.12., end or start ≥ 01.01.).
- Angemeldet: enrollments of the matching cohorts; Abgeschlossen: enrollments with status abgeschlossen.
- Abschlussquote: completed ÷ registered, counted in cohorts whose status is abgeschlossen only (a planned
  or running cohort cannot have finished yet).
- Trainer:innen: distinct people who lead a matching cohort or one of its small groups.
- Zielerreichung: goals with status erreicht ÷ all goals; CO₂: sum of the estimates of achieved goals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

import pandas as pd
from sqlalchemy import Select, and_, func, select, union
from sqlalchemy.orm import Session

from data import vocab
from data.filters import Field, FilterModel, Kind
from data.models import Cohort, Enrollment, Goal, Municipality, SmallGroup, cohort_trainers
from data.queries.sql import in_use

NATIONWIDE = "bundesweit"
CITY_PREFIX = "stadt-"
PLACE = re.compile(rf"{NATIONWIDE}|DE-[A-Z]{{2}}|{CITY_PREFIX}[1-9][0-9]{{0,8}}")


@dataclass(frozen=True)
class CohortFilter(FilterModel):
    """The Kohorten page's filters; empty tuples and None mean "all" (options: :meth:`FilterOptions.choices`)."""

    FIELDS: ClassVar = (
        Field("kinds", "format", "Format", Kind.MULTI, vocabulary=vocab.COHORT_KINDS),
        Field("statuses", "status", "Status", Kind.MULTI, vocabulary=vocab.COHORT_STATUSES),
        Field("place", "ort", "Ort", options="places", pattern=PLACE),
        Field("year", "jahr", "Jahr", Kind.INT, options="years"),
    )

    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    place: str | None = None  # a state code, "stadt-<municipality id>" or "bundesweit"
    year: int | None = None
    cohort_ids: tuple[int, ...] = field(default=())  # narrows to these cohorts (detail page)


def cohort_conditions(filt: CohortFilter) -> list:
    """WHERE conditions on ``Cohort`` for a filter, reused by every query on this page."""
    conditions = []
    if filt.kinds:
        conditions.append(Cohort.kind.in_(filt.kinds))
    if filt.statuses:
        conditions.append(Cohort.status.in_(filt.statuses))
    if filt.place == NATIONWIDE:
        conditions.append(Cohort.state_code.is_(None))
    elif filt.place and filt.place.startswith(CITY_PREFIX):
        conditions.append(Cohort.municipality_id == int(filt.place.removeprefix(CITY_PREFIX)))
    elif filt.place:
        conditions.append(Cohort.state_code == filt.place)
    if filt.year is not None:
        first, last = date(filt.year, 1, 1), date(filt.year, 12, 31)
        conditions.append(and_(Cohort.starts_on <= last, func.coalesce(Cohort.ends_on, Cohort.starts_on) >= first))
    if filt.cohort_ids:
        conditions.append(Cohort.id.in_(filt.cohort_ids))
    else:  # a retired cohort is left out of the lists and counts, but its own page still shows it
        conditions.append(in_use(Cohort))
    return conditions


def _matching_ids(filt: CohortFilter) -> Select:
    return select(Cohort.id).where(*cohort_conditions(filt))


@dataclass(frozen=True)
class FilterOptions:
    """What the filter controls can offer: only values that occur in the data."""

    states: list[str]
    cities: list[tuple[int, str]]
    years: list[int]
    has_nationwide: bool

    def places(self) -> dict[str, str]:
        """Place value → German label: nationwide cohorts, each state, each city with cohorts of its own."""
        entries = {NATIONWIDE: "Bundesweit (ohne Land)"} if self.has_nationwide else {}
        entries |= {code: vocab.STATE_NAMES.get(code, code) for code in self.states}
        return entries | {f"{CITY_PREFIX}{i}": f"{name} (Stadt)" for i, name in self.cities}

    def choices(self) -> dict[str, dict]:
        """The allowed values of :class:`CohortFilter`'s option fields."""
        return {"places": self.places(), "years": {year: str(year) for year in self.years}}


def filter_options(session: Session) -> FilterOptions:
    states = session.scalars(select(Cohort.state_code).where(Cohort.state_code.is_not(None)).distinct()).all()
    cities = session.execute(
        select(Municipality.id, Municipality.name)
        .where(Municipality.id.in_(select(Cohort.municipality_id).where(Cohort.municipality_id.is_not(None))))
        .order_by(Municipality.name)
    ).all()
    first, last, nationwide = session.execute(
        select(
            func.min(Cohort.starts_on),
            func.max(func.coalesce(Cohort.ends_on, Cohort.starts_on)),
            func.count().filter(Cohort.state_code.is_(None)),
        )
    ).one()
    years = list(range(first.year, last.year + 1)) if first and last else []
    return FilterOptions(sorted(states), [(i, n) for i, n in cities], years, nationwide > 0)


COHORT_LIST_COLUMNS = [
    "id",
    "title",
    "kind",
    "status",
    "state_code",
    "city",
    "starts_on",
    "ends_on",
    "capacity",
    "registered",
    "completed",
    "dropped",
]


def cohort_list(session: Session, filt: CohortFilter) -> pd.DataFrame:
    """One row per matching cohort with its enrollment counts, ordered by start."""
    counts = (
        select(
            Enrollment.cohort_id,
            func.count().label("registered"),
            func.count().filter(Enrollment.status == "abgeschlossen").label("completed"),
            func.count().filter(Enrollment.status == "abgebrochen").label("dropped"),
        )
        .where(in_use(Enrollment))
        .group_by(Enrollment.cohort_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Cohort.id,
            Cohort.title,
            Cohort.kind,
            Cohort.status,
            Cohort.state_code,
            Municipality.name,
            Cohort.starts_on,
            Cohort.ends_on,
            Cohort.capacity,
            func.coalesce(counts.c.registered, 0),
            func.coalesce(counts.c.completed, 0),
            func.coalesce(counts.c.dropped, 0),
        )
        .outerjoin(counts, counts.c.cohort_id == Cohort.id)
        .outerjoin(Municipality, Municipality.id == Cohort.municipality_id)
        .where(*cohort_conditions(filt))
        .order_by(Cohort.starts_on, Cohort.title)
    ).all()
    return pd.DataFrame(rows, columns=COHORT_LIST_COLUMNS)


@dataclass(frozen=True)
class CohortKpis:
    cohorts: int
    cancelled: int
    registered: int
    completed: int
    finished_registered: int  # registrations in cohorts with status abgeschlossen
    finished_completed: int
    trainers: int

    @property
    def completion_rate(self) -> float | None:
        """Completed ÷ registered in finished cohorts; None when there is nothing to divide."""
        return self.finished_completed / self.finished_registered if self.finished_registered else None


def cohort_kpis(session: Session, filt: CohortFilter) -> CohortKpis:
    conditions = cohort_conditions(filt)
    cohorts, cancelled = session.execute(
        select(func.count(), func.count().filter(Cohort.status == "abgesagt")).where(*conditions)
    ).one()
    finished = Cohort.status == "abgeschlossen"
    done = Enrollment.status == "abgeschlossen"
    registered, completed, finished_registered, finished_completed = session.execute(
        select(
            func.count(),
            func.count().filter(done),
            func.count().filter(finished),
            func.count().filter(and_(finished, done)),
        )
        .select_from(Enrollment)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(*conditions, in_use(Enrollment))
    ).one()
    ids = _matching_ids(filt)
    people = union(
        select(cohort_trainers.c.person_id.label("person_id")).where(cohort_trainers.c.cohort_id.in_(ids)),
        select(SmallGroup.trainer_id.label("person_id")).where(
            SmallGroup.cohort_id.in_(ids), SmallGroup.trainer_id.is_not(None)
        ),
    ).subquery()
    trainers = session.scalar(select(func.count()).select_from(people))
    return CohortKpis(cohorts, cancelled, registered, completed, finished_registered, finished_completed, trainers or 0)


GOAL_COUNT_COLUMNS = ["cohort_id", "topic", "status", "goals", "co2_t_per_year"]


def goal_counts(session: Session, filt: CohortFilter) -> pd.DataFrame:
    """Goals per cohort × topic × status with the summed CO₂ estimates (NULL estimates count as 0)."""
    rows = session.execute(
        select(
            Enrollment.cohort_id,
            Goal.topic,
            Goal.status,
            func.count(),
            func.coalesce(func.sum(Goal.co2_t_per_year), 0),
        )
        .join(Enrollment, Enrollment.id == Goal.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(*cohort_conditions(filt), in_use(Goal, Enrollment))
        .group_by(Enrollment.cohort_id, Goal.topic, Goal.status)
    ).all()
    frame = pd.DataFrame(rows, columns=GOAL_COUNT_COLUMNS)
    frame["co2_t_per_year"] = frame["co2_t_per_year"].astype(float)
    return frame


def achievement(counts: pd.DataFrame, by: str) -> pd.DataFrame:
    """Roll :func:`goal_counts` up to ``by`` ("cohort_id" or "topic"): goals, achieved, rate, CO₂ achieved.

    A few dozen rows, added up in plain Python (a pandas group-by per request cost more than the query)."""
    columns = [by, "goals", "achieved", "rate", "co2_achieved"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    totals: dict[object, list] = {}  # key → [goals, achieved, CO₂ achieved]
    for key, status, goals, co2 in zip(
        counts[by], counts["status"], counts["goals"], counts["co2_t_per_year"], strict=True
    ):
        total = totals.setdefault(key, [0, 0, 0.0])
        total[0] += int(goals)
        if status == "erreicht":
            total[1] += int(goals)
            total[2] += float(co2)
    keys = sorted(totals)
    return pd.DataFrame(
        {
            by: pd.Series(keys, dtype=counts[by].dtype),
            "goals": pd.Series([totals[key][0] for key in keys], dtype="int64"),
            "achieved": pd.Series([totals[key][1] for key in keys], dtype="int64"),
            "rate": pd.Series([totals[key][1] / totals[key][0] for key in keys], dtype=float),
            "co2_achieved": pd.Series([totals[key][2] for key in keys], dtype=float),
        }
    )
