"""The overdue and the stale measures as short lists (for a meeting: the presentation and the report).

Both are measured against the filter's Stand (:func:`with_default_stand`) with the same conditions the
page's ``ueberfaellig`` and ``veraltet`` filters use, so the lists and the key figures always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import vocab
from data.models import Measure, Municipality, Program
from data.queries.measure_filters import MeasureFilter, apply_filter, with_default_stand

COLUMNS = ["id", "code", "title", "program", "state", "municipality", "status", "planned_completion_on", "updated_at"]


@dataclass(frozen=True)
class MeasureList:
    rows: pd.DataFrame  # COLUMNS; ``state`` as the German name
    total: int  # how many measures the condition matches (the list shows at most ``limit``)


def _listed(session: Session, flt: MeasureFilter, order, limit: int) -> MeasureList:
    total = session.execute(apply_filter(select(func.count()).select_from(Measure), flt)).scalar_one()
    query = apply_filter(
        select(
            Measure.id,
            Measure.code,
            Measure.title,
            Program.short_name,
            Measure.state_code,
            Municipality.name,
            Measure.status,
            Measure.planned_completion_on,
            Measure.updated_at,
        )
        .join(Program, Program.id == Measure.program_id)
        .outerjoin(Municipality, Municipality.id == Measure.municipality_id),
        flt,
    )
    rows = session.execute(query.order_by(*order, Measure.id).limit(limit)).all()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=COLUMNS, dtype=object)
    frame["state"] = [vocab.STATE_NAMES.get(code, code) if code else None for code in frame["state"]]
    return MeasureList(frame, int(total))


def overdue_measures(session: Session, flt: MeasureFilter, limit: int = 10) -> MeasureList:
    """Open measures whose planned completion lies before the Stand, longest overdue first."""
    flt = replace(with_default_stand(session, flt), overdue_only=True)
    return _listed(session, flt, (Measure.planned_completion_on,), limit)


def stale_measures(session: Session, flt: MeasureFilter, limit: int = 10) -> MeasureList:
    """Measures not updated for more than 180 days before the Stand, longest untouched first."""
    flt = replace(with_default_stand(session, flt), stale_only=True)
    return _listed(session, flt, (Measure.updated_at,), limit)
