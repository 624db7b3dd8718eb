"""Names of the values a filter has chosen, so a chart can say its filters in words ("Land: Bayern"
rather than "DE-BY") without loading every option: one lookup by key per chosen value."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.filters import Choices
from data.models import Municipality, Program, State
from data.queries.data_version import ResultCache, cached
from data.queries.measure_filters import MeasureFilter


def measure_filter_labels(session: Session, flt: MeasureFilter, cache: ResultCache | None = None) -> Choices:
    """Value → label for the chosen program, state and municipality of a :class:`MeasureFilter`
    (as ``choices`` for :meth:`data.filters.FilterModel.describe`); cached by data version like the
    aggregates, so a repeated view reads nothing but the version."""
    if not (flt.program or flt.state or flt.municipality_id):
        return {}
    key = f"massnahmen-labels:{flt.program}:{flt.state}:{flt.municipality_id}"
    return cached(session, cache, key, lambda: _labels(session, flt))


def _labels(session: Session, flt: MeasureFilter) -> Choices:
    labels: dict[str, dict] = {}
    if flt.program:
        labels["programs"] = dict(
            session.execute(select(Program.code, Program.short_name).where(Program.code == flt.program)).all()
        )
    if flt.state:
        labels["states"] = dict(session.execute(select(State.code, State.name).where(State.code == flt.state)).all())
    if flt.municipality_id:
        labels["municipalities"] = dict(
            session.execute(
                select(Municipality.id, Municipality.name).where(Municipality.id == flt.municipality_id)
            ).all()
        )
    return labels
