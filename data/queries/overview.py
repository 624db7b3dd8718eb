"""Queries behind the Übersicht page: program KPIs for a period and monthly progress.

Definitions (shared with the benchmark and the tests):
- Kommunen / Pat:innen: participating on the period's last day (joined, not yet left).
- Projekte: measures of the program begun within the period, not cancelled (abgebrochen).
- CO₂: sum of those projects' estimates (t/a); projects without an estimate are counted apart.
- Trainings: cohorts of the program starting within the period, not cancelled; Teilnehmende: distinct
  participants enrolled in them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from data import vocab
from data.filters import Choices, Field, FilterModel, Kind
from data.models import Cohort, Enrollment, Measure, Municipality, Volunteer
from data.queries.sql import active_on, in_use, month_key
from data.rules import running_totals, stand_days


@dataclass(frozen=True)
class OverviewFilter(FilterModel):
    """The Übersicht's filters: a period within the program (None: its start or end) and the metric."""

    FIELDS: ClassVar = (
        Field("start", "von", "Von", Kind.DATE, options="period"),
        Field("end", "bis", "Bis", Kind.DATE, options="period"),
        Field("metric", "kennzahl", "Kennzahl", vocabulary=vocab.OVERVIEW_METRICS),
    )

    start: date | None = None
    end: date | None = None
    metric: str = "kommunen"

    def checked(self, choices: Choices | None, notes: list[str] | None) -> OverviewFilter:
        """A reversed period is swapped (with a note); a date at the program's bound becomes the default."""
        start, end = self.start, self.end
        if start and end and start > end:
            start, end = end, start
            if notes is not None:
                notes.append("Zeitraum: „Von“ lag nach „Bis“ – die beiden Daten wurden getauscht.")
        first, last = (choices or {}).get("period") or (None, None)
        return replace(self, start=None if start == first else start, end=None if end == last else end)

    def period(self, first: date, last: date) -> tuple[date, date]:
        return self.start or first, self.end or last


@dataclass(frozen=True)
class ProgramKpis:
    start: date
    end: date
    municipalities: int
    municipalities_new: int
    volunteers: int
    volunteers_new: int
    projects: int
    co2_t_per_year: float
    co2_unknown: int
    cohorts: int
    participants: int


def program_kpis(session: Session, program_id: int, start: date, end: date) -> ProgramKpis:
    """All Übersicht KPI values in four aggregate queries."""
    municipalities, municipalities_new = session.execute(
        select(
            func.count().filter(active_on(Municipality.joined_on, Municipality.left_on, end)),
            func.count().filter(Municipality.joined_on.between(start, end)),
        ).where(in_use(Municipality))
    ).one()
    volunteers, volunteers_new = session.execute(
        select(
            func.count().filter(active_on(Volunteer.joined_on, Volunteer.left_on, end)),
            func.count().filter(Volunteer.joined_on.between(start, end)),
        ).where(in_use(Volunteer))
    ).one()
    projects, co2, co2_unknown = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(Measure.co2_t_per_year), 0),
            func.count().filter(Measure.co2_t_per_year.is_(None)),
        ).where(_projects_in(program_id, start, end))
    ).one()
    cohorts, participants = session.execute(
        select(func.count(func.distinct(Cohort.id)), func.count(func.distinct(Enrollment.participant_id)))
        .select_from(Cohort)
        .outerjoin(Enrollment, (Enrollment.cohort_id == Cohort.id) & in_use(Enrollment))
        .where(
            Cohort.program_id == program_id,
            Cohort.starts_on.between(start, end),
            Cohort.status != "abgesagt",
            in_use(Cohort),
        )
    ).one()
    return ProgramKpis(
        start=start,
        end=end,
        municipalities=municipalities,
        municipalities_new=municipalities_new,
        volunteers=volunteers,
        volunteers_new=volunteers_new,
        projects=projects,
        co2_t_per_year=float(co2),
        co2_unknown=co2_unknown,
        cohorts=cohorts,
        participants=participants,
    )


def _projects_in(program_id: int, start: date, end: date):
    return and_(
        Measure.program_id == program_id,
        Measure.started_on.between(start, end),
        Measure.status != "abgebrochen",
        in_use(Measure),
    )


def monthly_progress(session: Session, program_id: int, first: date, start: date, end: date) -> pd.DataFrame:
    """Month-end values of Kommunen, Pat:innen and Projekte (cumulative since ``first``) in [start, end].

    The database groups joins and departures by month; only those few monthly rows are summed up here
    (:func:`running_totals`). Columns: month (YYYY-MM), kommunen, paten, projekte, month_end.
    """
    month_ends = stand_days(first, end)
    months = [day.strftime("%Y-%m") for day in month_ends]
    totals: dict[str, list[int]] = {}
    for name, model in (("kommunen", Municipality), ("paten", Volunteer)):
        joined, left = model.joined_on, model.left_on
        arrivals = _monthly_counts(session, select().where(joined.is_not(None), joined <= end, in_use(model)), joined)
        departures = _monthly_counts(session, select().where(left.is_not(None), left <= end, in_use(model)), left)
        totals[name] = running_totals([*arrivals, *[(month, -count) for month, count in departures]], months)
    projects = _monthly_counts(session, select().where(_projects_in(program_id, first, end)), Measure.started_on)
    totals["projekte"] = running_totals(projects, months)
    shown = [index for index, day in enumerate(month_ends) if day >= start]
    return pd.DataFrame(
        {
            "month": pd.Series([months[index] for index in shown], dtype=str),
            **{name: pd.Series([values[index] for index in shown], dtype="int64") for name, values in totals.items()},
            "month_end": pd.Series([month_ends[index] for index in shown], dtype="object"),
        }
    )


def _monthly_counts(session: Session, filtered, column) -> list[tuple[str, int]]:
    """Row counts per ``'YYYY-MM'`` of ``column``, grouped by the database."""
    key = month_key(column)
    return [
        (month, int(count)) for month, count in session.execute(filtered.add_columns(key, func.count()).group_by(key))
    ]
