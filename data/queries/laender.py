"""Queries behind the Länder page: state comparison, growth per state, municipality pipeline, milestones.

"Stand" semantics match :mod:`data.queries.overview`:
- Kommunen / Pat:innen: participating on the Stand day (joined, not yet left);
- Projekte: KlikKS measures begun by the Stand day, not cancelled (abgebrochen); CO₂ is the sum of
  their estimates (t/a). Münster's measures (program "ksv-muenster") are not counted here;
- pipeline stage of a municipality on the Stand day: its latest stage event on or before that day;
- last activity: the latest day on or before Stand with a stage change, a Pat:in joining or a project start.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

import pandas as pd
from sqlalchemy import case, func, literal, select, true, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from data import vocab
from data.filters import Choices, Field, FilterModel, Kind, german_day
from data.models import (
    Measure,
    Milestone,
    Municipality,
    MunicipalityStageEvent,
    Organisation,
    Person,
    State,
    Target,
    Volunteer,
)
from data.queries.sql import active_on, days_between, in_use, month_key
from data.rules import running_totals, stand_days, stand_index

STAGES = tuple(vocab.MUNICIPALITY_STAGES)
PIPELINE = ("angesprochen", "interessiert", "ratsbeschluss", "onboarding", "aktiv")
TRANSITIONS = tuple(itertools.pairwise(PIPELINE))
PROJECT_STATUSES = tuple(s for s in vocab.MEASURE_STATUSES if s != "abgebrochen")
GROWTH_METRICS = ("kommunen", "paten", "projekte", "co2")


@dataclass(frozen=True)
class LaenderFilter(FilterModel):
    """Filters of the Länder page and the state page: the Stand (a month end; None: program end) and metric."""

    FIELDS: ClassVar = (
        Field("stand", "stand", "Stand", Kind.DATE, options="period"),
        Field("metric", "kennzahl", "Kennzahl", vocabulary=vocab.LAENDER_METRICS),
    )

    stand: date | None = None
    metric: str = "kommunen"

    def checked(self, choices: Choices | None, notes: list[str] | None) -> LaenderFilter:
        """The Stand snaps to the end of its month (with a note); the program end is the default."""
        period = (choices or {}).get("period")
        if self.stand is None or not period:
            return self
        days = stand_days(*period)
        day = days[stand_index(days, self.stand)]
        if day != self.stand and notes is not None:
            notes.append(
                f"Stand: wird monatsweise gewählt – {german_day(self.stand)} wurde auf {german_day(day)} gesetzt."
            )
        return replace(self, stand=None if day == days[-1] else day)


def stage_rank(column):
    """Position of a stage in the pipeline; breaks ties between events on the same day."""
    return case({stage: index for index, stage in enumerate(STAGES)}, value=column, else_=-1)


def stage_on(day: date) -> Subquery:
    """Each municipality's stage on ``day``: ``municipality_id``, ``stage``, ``since``."""
    event = MunicipalityStageEvent
    position = (
        func.row_number()
        .over(
            partition_by=event.municipality_id,
            order_by=(event.entered_on.desc(), stage_rank(event.stage).desc()),
        )
        .label("position")
    )
    ranked = (
        select(event.municipality_id, event.stage, event.entered_on.label("since"), position)
        .where(event.entered_on <= day)
        .subquery("ranked_stages")
    )
    return (
        select(ranked.c.municipality_id, ranked.c.stage, ranked.c.since)
        .where(ranked.c.position == 1)
        .subquery("stage_on")
    )


def klikks_projects(program_id: int, day: date):
    """WHERE clause: the program's projects begun by ``day``, not cancelled."""
    return (
        (Measure.program_id == program_id)
        & Measure.started_on.is_not(None)
        & (Measure.started_on <= day)
        & (Measure.status != "abgebrochen")
        & in_use(Measure)
    )


def activity_dates(program_id: int, day: date) -> Subquery:
    """Dated activities on or before ``day``: ``state_code``, ``municipality_id``, ``day``."""
    stages = (
        select(Municipality.state_code, Municipality.id.label("municipality_id"), MunicipalityStageEvent.entered_on)
        .select_from(MunicipalityStageEvent)
        .join(Municipality, Municipality.id == MunicipalityStageEvent.municipality_id)
        .where(MunicipalityStageEvent.entered_on <= day, in_use(Municipality))
    )
    joins = (
        select(Municipality.state_code, Municipality.id, Volunteer.joined_on)
        .select_from(Volunteer)
        .join(Municipality, Municipality.id == Volunteer.municipality_id)
        .where(Volunteer.joined_on <= day, in_use(Volunteer, Municipality))
    )
    starts = select(Measure.state_code, Measure.municipality_id, Measure.started_on).where(
        klikks_projects(program_id, day)
    )
    union = union_all(stages, joins, starts).subquery("activities")
    columns = list(union.c)
    return select(
        columns[0].label("state_code"), columns[1].label("municipality_id"), columns[2].label("day")
    ).subquery("activity")


def target_progress(session: Session, program_id: int, day: date, state_code: str | None = None) -> pd.DataFrame:
    """The light part of the comparison: Kommunen on ``day`` against each state's Kommunen target.

    Columns: code, name, participating, kickoff_on, kommunen, target, target_due (NaN/None without target).
    A handful of rows: put together in plain Python, one DataFrame at the end.
    """
    states = select(State.code, State.name, State.participating, State.kickoff_on).order_by(State.name)
    if state_code is not None:
        states = states.where(State.code == state_code)
    rows = session.execute(states).all()
    municipalities = select(Municipality.state_code, func.count()).where(
        active_on(Municipality.joined_on, Municipality.left_on, day), in_use(Municipality)
    )
    if state_code is not None:
        municipalities = municipalities.where(Municipality.state_code == state_code)
    kommunen = dict(session.execute(municipalities.group_by(Municipality.state_code)).all())
    targets: dict[str, tuple] = {}
    for code, value, due in session.execute(
        select(Target.state_code, Target.value, Target.due_on).where(
            Target.program_id == program_id, Target.state_code.is_not(None), Target.metric == "kommunen"
        )
    ):
        targets.setdefault(code, (value, due))  # the first target of a state counts
    return pd.DataFrame(
        {
            "code": [row.code for row in rows],
            "name": [row.name for row in rows],
            "participating": pd.Series([bool(row.participating) for row in rows], dtype=bool),
            "kickoff_on": pd.Series([row.kickoff_on for row in rows], dtype="object"),
            "kommunen": pd.Series([int(kommunen.get(row.code, 0)) for row in rows], dtype="int64"),
            "target": pd.Series([_float(targets.get(row.code, (None,))[0]) for row in rows], dtype=float),
            "target_due": pd.Series([targets.get(row.code, (None, None))[1] for row in rows], dtype="object"),
        }
    )


def _float(value: object) -> float:
    return float("nan") if value is None else float(value)


def stage_counts(session: Session, day: date, codes: list[str], state_code: str | None = None) -> pd.DataFrame:
    """Municipalities per state (rows ``codes``) by their pipeline stage on ``day`` (columns ``stage_<stage>``)."""
    stages = _pivot(_stage_rows(session, day, state_code), pd.Index(codes), STAGES)
    return stages.rename(columns=lambda stage: f"stage_{stage}")


def _stage_rows(session: Session, day: date, state_code: str | None) -> list[tuple[str, str, int]]:
    """``(state, stage, municipalities)`` on ``day``, counted by the database."""
    current = stage_on(day)
    query = (
        select(Municipality.state_code, current.c.stage, func.count())
        .join(current, current.c.municipality_id == Municipality.id)
        .where(in_use(Municipality))
    )
    if state_code is not None:
        query = query.where(Municipality.state_code == state_code)
    return [tuple(row) for row in session.execute(query.group_by(Municipality.state_code, current.c.stage)).all()]


def state_comparison(session: Session, program_id: int, day: date, state_code: str | None = None) -> pd.DataFrame:
    """One row per state (all 16, or one): partner, contact, stages, Pat:innen, projects, CO₂, target.

    Columns: code, name, participating, kickoff_on, kommunen, target, target_due, partner, partner_short,
    contact, contact_email, stage_<stage> for each stage, paten, status_<status> for each project status,
    projekte, co2, co2_unknown, last_activity. The database aggregates; the sixteen rows are put together
    as plain columns and become one DataFrame at the end (joins of pandas frames cost more than the SQL).
    """
    base = target_progress(session, program_id, day, state_code)
    codes = list(base["code"])
    partners, contacts = _partners(session), _contacts(session)
    columns: dict[str, object] = {name: base[name] for name in base.columns}
    for index, name in enumerate(("partner", "partner_short")):
        columns[name] = pd.Series([partners[code][index] if code in partners else None for code in codes], dtype=object)
    for index, name in enumerate(("contact", "contact_email")):
        columns[name] = pd.Series([contacts[code][index] if code in contacts else None for code in codes], dtype=object)
    stages = _count_grid(_stage_rows(session, day, state_code), codes, STAGES)
    for stage in STAGES:
        columns[f"stage_{stage}"] = pd.Series([stages[code][stage] for code in codes], dtype="int64")

    one_state = Municipality.state_code == state_code if state_code is not None else true()
    volunteers = dict(
        session.execute(
            select(Municipality.state_code, func.count())
            .select_from(Volunteer)
            .join(Municipality, Municipality.id == Volunteer.municipality_id)
            .where(active_on(Volunteer.joined_on, Volunteer.left_on, day), one_state, in_use(Volunteer, Municipality))
            .group_by(Municipality.state_code)
        ).all()
    )
    columns["paten"] = pd.Series([int(volunteers.get(code, 0)) for code in codes], dtype="int64")

    project_rows = session.execute(
        select(
            Measure.state_code,
            Measure.status,
            func.count(),
            func.sum(Measure.co2_t_per_year),
            func.count().filter(Measure.co2_t_per_year.is_(None)),
        )
        .where(
            klikks_projects(program_id, day),
            Measure.state_code.is_not(None) if state_code is None else Measure.state_code == state_code,
        )
        .group_by(Measure.state_code, Measure.status)
    ).all()
    statuses = _count_grid([(s, st, n) for s, st, n, _, _ in project_rows], codes, PROJECT_STATUSES)
    for status in PROJECT_STATUSES:
        columns[f"status_{status}"] = pd.Series([statuses[code][status] for code in codes], dtype="int64")
    columns["projekte"] = pd.Series([sum(statuses[code].values()) for code in codes], dtype="int64")
    co2 = dict.fromkeys(codes, 0.0)
    co2_unknown = dict.fromkeys(codes, 0)
    for code, _status, _count, total, unknown in project_rows:
        if code in co2:
            co2[code] += float(total or 0)
            co2_unknown[code] += int(unknown)
    columns["co2"] = pd.Series([co2[code] for code in codes], dtype=float).round(1)
    columns["co2_unknown"] = pd.Series([co2_unknown[code] for code in codes], dtype="int64")

    activity = activity_dates(program_id, day)
    last = dict(
        session.execute(
            select(activity.c.state_code, func.max(activity.c.day))
            .where(activity.c.state_code == state_code if state_code is not None else true())
            .group_by(activity.c.state_code)
        ).all()
    )
    columns["last_activity"] = pd.Series([last.get(code) for code in codes], dtype=object)
    return pd.DataFrame(columns)


def _partners(session: Session) -> dict[str, tuple[str, str | None]]:
    """State → (name, short name) of its partner organisation (the first one, by id)."""
    rows = session.execute(
        select(Organisation.state_code, Organisation.name, Organisation.short_name)
        .where(Organisation.program_role.in_(("lead", "partner")), Organisation.state_code.is_not(None))
        .order_by(Organisation.state_code, Organisation.id)
    ).all()
    partners: dict[str, tuple[str, str | None]] = {}
    for code, name, short_name in rows:
        partners.setdefault(code, (name, short_name))
    return partners


def _contacts(session: Session) -> dict[str, tuple[str, str]]:
    """State → (names, e-mail addresses) of its regional managers, each list joined by commas."""
    rows = session.execute(
        select(Person.state_code, Person.display_name, Person.email)
        .where(Person.role == "regionalmanagement", Person.state_code.is_not(None))
        .order_by(Person.state_code, Person.display_name)
    ).all()
    people: dict[str, list[tuple[str, str | None]]] = {}
    for code, name, email in rows:
        people.setdefault(code, []).append((name, email))
    return {
        code: (", ".join(name for name, _email in found), ", ".join(email for _name, email in found if email))
        for code, found in people.items()
    }


def _count_grid(rows, keys: list[str], columns: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """``(row key, column key, count)`` rows → key → column → count, zero where the database had no row."""
    grid = {key: dict.fromkeys(columns, 0) for key in keys}
    for row, column, count in rows:
        if row in grid and column in grid[row]:
            grid[row][column] += int(count or 0)
    return grid


def _pivot(rows, index: pd.Index, columns: tuple[str, ...]) -> pd.DataFrame:
    """:func:`_count_grid` as a zero-filled frame over ``index`` × ``columns``."""
    grid = _count_grid(rows, list(index), columns)
    return pd.DataFrame(
        [[grid[key][column] for column in columns] for key in index], index=index, columns=list(columns), dtype="int64"
    )


def state_growth(
    session: Session, program_id: int, first: date, end: date, metric: str, state_code: str | None = None
) -> pd.DataFrame:
    """Month-end values of one metric per state from ``first`` to ``end`` (cumulative).

    Long format: ``month`` (YYYY-MM), ``month_end`` (capped at ``end``), ``state_code``, ``value``.
    The database groups by state and month; those few rows are added up here (:func:`running_totals`).
    """
    if metric not in GROWTH_METRICS:
        raise ValueError(f"unknown growth metric {metric!r}")
    month_ends = stand_days(first, end)
    months = [day.strftime("%Y-%m") for day in month_ends]
    states = select(State.code).where(State.participating.is_(True))
    if state_code is not None:
        states = select(State.code).where(State.code == state_code)
    codes = list(session.scalars(states.order_by(State.code)))
    if metric in ("kommunen", "paten"):
        if metric == "kommunen":
            base = select(Municipality.state_code.label("state")).where(in_use(Municipality))
            joined, left = Municipality.joined_on, Municipality.left_on
        else:
            base = (
                select(Municipality.state_code.label("state"))
                .select_from(Volunteer)
                .join(Municipality, Municipality.id == Volunteer.municipality_id)
                .where(in_use(Volunteer, Municipality))
            )
            joined, left = Volunteer.joined_on, Volunteer.left_on
        arrivals = _monthly(session, base.where(joined.is_not(None), joined <= end), joined, func.count(), state_code)
        departures = _monthly(session, base.where(left.is_not(None), left <= end), left, func.count(), state_code)
        changes = [*arrivals, *[(state, month, -amount) for state, month, amount in departures]]
    else:
        value = func.count() if metric == "projekte" else func.coalesce(func.sum(Measure.co2_t_per_year), 0)
        base = select(Measure.state_code.label("state")).where(
            klikks_projects(program_id, end), Measure.state_code.is_not(None)
        )
        changes = _monthly(session, base, Measure.started_on, value, state_code)
    by_state: dict[str, list[tuple[str, float]]] = {code: [] for code in codes}
    for state, month, amount in changes:
        if state in by_state:
            by_state[state].append((month, amount))
    return pd.DataFrame(
        {
            "month": pd.Series(months * len(codes), dtype=str),
            "month_end": pd.Series(month_ends * len(codes), dtype="object"),
            "state_code": pd.Series([code for code in codes for _month in months], dtype=str),
            "value": pd.Series(
                [total for code in codes for total in running_totals(by_state[code], months)], dtype=float
            ),
        }
    )


def _monthly(session: Session, base, column, value, state_code: str | None) -> list[tuple[str, str, float]]:
    key = month_key(column)
    query = base.add_columns(key.label("month"), value.label("value"))
    if state_code is not None:
        query = query.where(base.selected_columns[0] == state_code)
    query = query.group_by(base.selected_columns[0], key)
    return [(state, month, float(amount or 0)) for state, month, amount in session.execute(query).all()]


def pipeline_medians(session: Session, day: date, state_code: str | None = None) -> pd.DataFrame:
    """Median days between consecutive pipeline stages per state (both stages reached by ``day``).

    The median is computed in SQL with window functions (portable to SQLite and PostgreSQL):
    rows are numbered within each group and the middle one (or the mean of the middle two) is taken.
    Columns: state_code, transition (``"angesprochen>interessiert"`` …), median_days, pairs.
    """
    before, after = MunicipalityStageEvent.__table__.alias("before"), MunicipalityStageEvent.__table__.alias("after")
    following = case({a: b for a, b in TRANSITIONS}, value=before.c.stage, else_=None)
    transition = (before.c.stage + literal(">") + after.c.stage).label("transition")
    days = days_between(before.c.entered_on, after.c.entered_on)
    pairs = (
        select(Municipality.state_code.label("state_code"), transition, days.label("days"))
        .select_from(before)
        .join(after, (after.c.municipality_id == before.c.municipality_id) & (after.c.stage == following))
        .join(Municipality, Municipality.id == before.c.municipality_id)
        .where(after.c.entered_on <= day, before.c.entered_on <= day, in_use(Municipality))
    )
    if state_code is not None:
        pairs = pairs.where(Municipality.state_code == state_code)
    pairs = pairs.subquery("pairs")
    group = (pairs.c.state_code, pairs.c.transition)
    numbered = select(
        pairs.c.state_code,
        pairs.c.transition,
        pairs.c.days,
        func.row_number().over(partition_by=group, order_by=pairs.c.days).label("position"),
        func.count().over(partition_by=group).label("size"),
    ).subquery("numbered")
    middle = numbered.c.position.in_(((numbered.c.size + 1) // 2, (numbered.c.size + 2) // 2))
    rows = session.execute(
        select(
            numbered.c.state_code,
            numbered.c.transition,
            func.avg(numbered.c.days).label("median_days"),
            func.max(numbered.c.size).label("pairs"),
        )
        .where(middle)
        .group_by(numbered.c.state_code, numbered.c.transition)
        .order_by(numbered.c.state_code, numbered.c.transition)
    ).all()
    frame = pd.DataFrame(rows, columns=["state_code", "transition", "median_days", "pairs"])
    frame["median_days"] = frame["median_days"].astype(float)
    return frame


def milestones(session: Session, program_id: int, state_code: str | None = None) -> pd.DataFrame:
    """Program milestones in date order: happened_on, kind, title, state_code, source."""
    query = select(Milestone.happened_on, Milestone.kind, Milestone.title, Milestone.state_code, Milestone.source)
    query = query.where(Milestone.program_id == program_id)
    if state_code is not None:
        query = query.where((Milestone.state_code == state_code) | Milestone.state_code.is_(None))
    rows = session.execute(query.order_by(Milestone.happened_on, Milestone.id)).all()
    return pd.DataFrame(rows, columns=["happened_on", "kind", "title", "state_code", "source"])


def state_names(session: Session) -> dict[str, str]:
    """ISO code → German name of all states."""
    return dict(session.execute(select(State.code, State.name)).all())
