"""Attendance funnel: registered → every session in ``position`` order → completed.

Step counts come from two GROUP BY queries (enrollments per cohort, present enrollments per session);
retired sessions and the attendance of retired enrollments are left out;
only the few resulting rows are put in order here. A cohort without sessions has just the two outer
steps; drop-off is the difference to the previous step (negative when more people came back).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import Attendance, CohortSession, Enrollment
from data.queries.sql import in_use

FUNNEL_COLUMNS = ["cohort_id", "step", "kind", "label", "held_on", "ends_on", "count", "share", "drop"]
REGISTERED, COMPLETED = "angemeldet", "abgeschlossen"

# Categories for comparing cohorts whose sessions differ: several workshops or exchange meetings are
# averaged into one middle step.
STAGES = {
    REGISTERED: "Angemeldet",
    "auftakt": "Auftakt",
    "mitte": "Workshops & Austausch (Ø)",
    "ausprobierphase": "Ausprobierphase",
    "abschluss": "Abschluss",
    COMPLETED: "Abgeschlossen",
}
_STAGE_OF_KIND = {"workshop": "mitte", "austausch": "mitte"}


def funnel_steps(session: Session, cohort_ids: Sequence[int]) -> pd.DataFrame:
    """Funnel rows for each cohort in ``cohort_ids`` (one row per step, steps numbered from 0)."""
    if not cohort_ids:
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    outer = session.execute(
        select(
            Enrollment.cohort_id,
            func.count(),
            func.count().filter(Enrollment.status == "abgeschlossen"),
        )
        .where(Enrollment.cohort_id.in_(cohort_ids), in_use(Enrollment))
        .group_by(Enrollment.cohort_id)
    ).all()
    # a retired enrollment's attendance counts nowhere, like the enrollment itself
    present = func.count(func.distinct(Attendance.enrollment_id)).filter(
        Attendance.present.is_(True), in_use(Enrollment)
    )
    sessions = session.execute(
        select(
            CohortSession.cohort_id,
            CohortSession.position,
            CohortSession.kind,
            CohortSession.title,
            CohortSession.held_on,
            CohortSession.ends_on,
            func.coalesce(present, 0),
        )
        .outerjoin(Attendance, Attendance.session_id == CohortSession.id)
        .outerjoin(Enrollment, Enrollment.id == Attendance.enrollment_id)
        .where(CohortSession.cohort_id.in_(cohort_ids), in_use(CohortSession))
        .group_by(
            CohortSession.cohort_id,
            CohortSession.id,
            CohortSession.position,
            CohortSession.kind,
            CohortSession.title,
            CohortSession.held_on,
            CohortSession.ends_on,
        )
        .order_by(CohortSession.cohort_id, CohortSession.position)
    ).all()
    totals = {cohort_id: (registered, completed) for cohort_id, registered, completed in outer}
    by_cohort: dict[int, list[tuple]] = {}
    for row in sessions:
        by_cohort.setdefault(row[0], []).append(row)
    records = []
    for cohort_id in cohort_ids:
        registered, completed = totals.get(cohort_id, (0, 0))
        steps = [(REGISTERED, "Angemeldet", None, None, registered)]
        steps += [
            (kind, title, held, ends, count) for _c, _p, kind, title, held, ends, count in by_cohort.get(cohort_id, [])
        ]
        steps.append((COMPLETED, "Abgeschlossen", None, None, completed))
        previous = None
        for number, (kind, label, held, ends, count) in enumerate(steps):
            share = count / registered if registered else None
            drop = previous - count if previous is not None else None
            records.append((cohort_id, number, kind, label, held, ends, int(count), share, drop))
            previous = count
    return pd.DataFrame.from_records(records, columns=FUNNEL_COLUMNS)


def stage_comparison(steps: pd.DataFrame) -> pd.DataFrame:
    """Funnel steps folded onto :data:`STAGES` per cohort: mean count and share of registered.

    Ordered by cohort, then stage; a few dozen rows, folded in plain Python."""
    columns = ["cohort_id", "stage", "label", "count", "share"]
    if steps.empty:
        return pd.DataFrame(columns=columns)
    registered: dict[int, int] = {}
    folded: dict[tuple[int, str], list[int]] = {}  # (cohort, stage) → the counts of its steps
    for cohort_id, kind, count in zip(steps["cohort_id"], steps["kind"], steps["count"], strict=True):
        if kind == REGISTERED:
            registered[cohort_id] = count
        folded.setdefault((cohort_id, _STAGE_OF_KIND.get(kind, kind)), []).append(count)
    order = {stage: index for index, stage in enumerate(STAGES)}
    keys = sorted(folded, key=lambda key: (key[0], order.get(key[1], len(order))))
    means = [sum(folded[key]) / len(folded[key]) for key in keys]
    return pd.DataFrame(
        {
            "cohort_id": pd.Series([cohort for cohort, _stage in keys], dtype=steps["cohort_id"].dtype),
            "stage": pd.Series([stage for _cohort, stage in keys], dtype=str),
            "label": pd.Series([STAGES.get(stage) for _cohort, stage in keys], dtype=str),
            "count": pd.Series(means, dtype=float),
            "share": pd.Series(
                [
                    mean / registered[cohort] if registered.get(cohort) else None
                    for (cohort, _stage), mean in zip(keys, means, strict=True)
                ],
                dtype=float,
            ),
        }
    )
