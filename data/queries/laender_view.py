"""What both Länder pages need for one view: the program, its Stand calendar, the parsed filter, and the
growth and target figures derived from them. Callbacks pass plain control values or the URL query."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from data.db import Database
from data.queries import laender as queries
from data.queries.laender import LaenderFilter
from data.queries.program import ProgramInfo, program_info
from data.rules import default_stand, is_missing, share_of_target, stand_days, stand_index, with_target_status


@dataclass(frozen=True)
class Selection:
    """One view: the program, its month-end Stand days and the page's filter."""

    program: ProgramInfo
    days: list[date]
    filter: LaenderFilter

    @property
    def day(self) -> date:
        """The chosen Stand, else the month end of :func:`default_stand` (the program end once it ended)."""
        return self.filter.stand or self.days[stand_index(self.days, default_stand(self.program, date.today()))]

    @property
    def index(self) -> int:
        """Slider position of the Stand."""
        return stand_index(self.days, self.day)

    @property
    def metric(self) -> str:
        return self.filter.metric

    @property
    def query(self) -> str:
        """The URL query that reproduces this view; defaults are left out."""
        return self.filter.to_query()


def _choices(program: ProgramInfo) -> dict:
    return {"period": (program.starts_on, program.ends_on)}


def _calendar(session: Session) -> tuple[ProgramInfo, list[date]]:
    program = program_info(session)
    return program, stand_days(program.starts_on, program.ends_on)


def selection_from_query(db: Database, query: Mapping[str, str]) -> tuple[Selection, list[str]]:
    """The view a URL asks for, with a German note for every value that was dropped or adjusted."""
    program, days = db.read(_calendar)
    flt, notes = LaenderFilter.from_query(query, _choices(program))
    return Selection(program, days, flt), notes


def select_view(session: Session, stand: object, metric: object) -> Selection:
    """The view for the controls: a slider position (out-of-range or malformed: program end) and a metric."""
    program, days = _calendar(session)
    index = stand if isinstance(stand, int) and not isinstance(stand, bool) else len(days) - 1
    day = days[max(0, min(index, len(days) - 1))]
    flt = LaenderFilter.from_values({"stand": day.isoformat(), "kennzahl": metric}, _choices(program))
    return Selection(program, days, flt)


def target_frame(session: Session, sel: Selection, state_code: str | None = None) -> pd.DataFrame:
    """Kommunen against target per state at the Stand, with the lagging flag."""
    progress = queries.target_progress(session, sel.program.id, sel.day, state_code)
    return with_target_status(progress, sel.day, sel.program.starts_on)


def comparison_frame(session: Session, sel: Selection, state_code: str | None = None) -> pd.DataFrame:
    """The state comparison at the Stand, with target path, share reached and the lagging flag."""
    frame = queries.state_comparison(session, sel.program.id, sel.day, state_code)
    return with_target_status(frame, sel.day, sel.program.starts_on)


def growth_in_metric(session: Session, sel: Selection, frame: pd.DataFrame, state_code: str | None = None):
    """Month-end growth per state in the unit of the metric ("ziel": percent of the Kommunen target)."""
    base = "kommunen" if sel.metric == "ziel" else sel.metric
    growth = queries.state_growth(session, sel.program.id, sel.program.starts_on, sel.day, base, state_code)
    if sel.metric == "ziel":
        targets = frame.set_index("code")["target"]
        shares = [
            share_of_target(v, targets.get(c)) for c, v in zip(growth["state_code"], growth["value"], strict=True)
        ]
        growth["value"] = [None if share is None else share * 100 for share in shares]
        growth = growth.dropna(subset=["value"])
    return growth


def state_targets(frame: pd.DataFrame) -> dict[str, tuple[float, date]]:
    """State → (Kommunen target, due day) for participating states that have one."""
    return {
        row.code: (float(row.target), row.target_due)
        for row in frame.itertuples()
        if row.participating and not is_missing(row.target) and row.target_due is not None
    }
