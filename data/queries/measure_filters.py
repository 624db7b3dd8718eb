"""The one filter model of the Maßnahmen page, shared by its charts, its grid and its export.

Definitions, both measured against the Stand (``stand=`` in the URL; default: :func:`data.rules.default_stand`
of the chosen program, or of the latest-ending program when none is chosen):
- overdue ("überfällig"): planned completion before the Stand and the measure still open
  (geplant, in Umsetzung, verzögert, unbekannt);
- stale ("veraltet"): last update more than ``STALE_AFTER_DAYS`` days before the Stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import ClassVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from data.filters import Field, FilterModel, Kind
from data.models import Measure, Program
from data.queries.sql import measure_text_search
from data.rules import default_stand
from data.vocab import MEASURE_STATUSES

OPEN_STATUSES = ("geplant", "in_umsetzung", "verzoegert", "unbekannt")
STALE_AFTER_DAYS = 180
FRESHNESS_BANDS = ((30, "≤ 30 Tage"), (90, "≤ 90 Tage"), (180, "≤ 180 Tage"))  # older: "veraltet"
# ``ansicht`` (URL) → the dimension the status chart groups by
VIEWS = {"handlungsfeld": "sector", "land": "state", "kommune": "municipality"}
VIEW_LABELS = {"handlungsfeld": "Handlungsfeld", "land": "Land", "kommune": "Kommune"}
STATE_CODE = re.compile(r"DE-[A-Z]{2}")


@dataclass(frozen=True)
class MeasureFilter(FilterModel):
    """The Maßnahmen page's filters; options named here are loaded by :func:`data.queries.massnahmen.filter_options`."""

    FIELDS: ClassVar = (
        Field("program", "programm", "Programm", options="programs"),
        Field("state", "land", "Land", options="states", pattern=STATE_CODE),
        Field("municipality_id", "kommune", "Kommune", Kind.INT, options="municipalities"),
        Field("sector", "feld", "Handlungsfeld", options="sectors"),
        Field("statuses", "status", "Status", Kind.MULTI, vocabulary=MEASURE_STATUSES),
        Field("responsible", "verantwortlich", "Verantwortlich", options="responsibles"),
        Field("overdue_only", "ueberfaellig", "Nur überfällige", Kind.FLAG),
        Field("stale_only", "veraltet", "Nur veraltete", Kind.FLAG),
        Field("text", "suche", "Suche", Kind.TEXT),
        Field("show_retired", "ausgemusterte", "Ausgemusterte zeigen", Kind.FLAG),
        Field("stand", "stand", "Stand", Kind.DATE),
        Field("view", "ansicht", "Ansicht", vocabulary=VIEW_LABELS, stored=False),
    )

    program: str | None = None  # program code, e.g. "klikks" or "ksv-muenster"
    state: str | None = None  # ISO code, e.g. "DE-NW"
    municipality_id: int | None = None
    sector: str | None = None  # Handlungsfeld
    statuses: tuple[str, ...] = field(default_factory=tuple)
    responsible: str | None = None
    overdue_only: bool = False
    stale_only: bool = False
    text: str | None = None  # free text over title and descriptions
    show_retired: bool = False  # retired measures count nowhere unless asked for
    view: str = "handlungsfeld"  # how the status chart groups (not a condition on rows)
    stand: date | None = None  # the chosen reference day; None: the default (see :func:`with_default_stand`)
    today: date = field(default_factory=date.today)  # the calendar day (fixed in tests)

    @property
    def dimension(self) -> str:
        return VIEWS[self.view]

    @property
    def day(self) -> date:
        """The day overdue and stale are measured against."""
        return self.stand or self.today

    def with_(self, **changes) -> MeasureFilter:
        return replace(self, **changes)


def with_default_stand(session: Session, flt: MeasureFilter) -> MeasureFilter:
    """The filter with its Stand filled in: the chosen one, else the default of the chosen program, else
    the latest default of all programs (today while any program runs)."""
    if flt.stand is not None:
        return flt
    programs = session.execute(select(Program.code, Program.ends_on)).all()
    days = [default_stand(program, flt.today) for program in programs if not flt.program or program.code == flt.program]
    return replace(flt, stand=max(days, default=flt.today))


def stale_cutoff(today: date) -> datetime:
    return datetime.combine(today - timedelta(days=STALE_AFTER_DAYS), time.min, tzinfo=UTC)


def apply_filter(query: Select, flt: MeasureFilter) -> Select:
    """Add the filter's WHERE clauses to a query that selects from ``measures`` (the one model → SQL step).

    Retired measures are left out unless the filter asks for them ("Ausgemusterte zeigen")."""
    if not flt.show_retired:
        query = query.where(Measure.retired_at.is_(None))
    if flt.program:
        query = query.where(
            Measure.program_id == select(Program.id).where(Program.code == flt.program).scalar_subquery()
        )
    if flt.state:
        query = query.where(Measure.state_code == flt.state)
    if flt.municipality_id is not None:
        query = query.where(Measure.municipality_id == flt.municipality_id)
    if flt.sector:
        query = query.where(Measure.sector == flt.sector)
    if flt.statuses:
        query = query.where(Measure.status.in_(flt.statuses))
    if flt.responsible:
        query = query.where(Measure.responsible == flt.responsible)
    if flt.overdue_only:
        query = query.where(Measure.planned_completion_on < flt.day, Measure.status.in_(OPEN_STATUSES))
    if flt.stale_only:
        query = query.where(Measure.updated_at < stale_cutoff(flt.day))
    if flt.text and flt.text.strip():
        query = query.where(measure_text_search(flt.text.strip()))
    return query


def freshness_band(days_since_update: int | None) -> str:
    """ "≤ 30 Tage", "≤ 90 Tage", "≤ 180 Tage" or "veraltet" (unknown update date counts as veraltet)."""
    if days_since_update is not None:
        for limit, label in FRESHNESS_BANDS:
            if days_since_update <= limit:
                return label
    return "veraltet"
