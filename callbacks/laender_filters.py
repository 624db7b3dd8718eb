"""Filters and helpers shared by the Länder page and the state page: the Stand (month ends), the metric,
the URL query, and the growth chart both pages show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from callbacks.url_state import encode_query, parse_date
from data.queries import laender as queries
from data.queries.program import ProgramInfo, program_info
from layouts import format as fmt
from layouts import laender_figures as figures
from layouts import laender_metrics as metrics
from layouts import laender_tables as tables

DEFAULT_METRIC = "kommunen"


@dataclass(frozen=True)
class Selection:
    """One view's filter state: the program, its month-end Stand days, the chosen day and metric."""

    program: ProgramInfo
    days: list[date]
    index: int
    metric: str

    @property
    def day(self) -> date:
        return self.days[self.index]

    @property
    def stand_param(self) -> str | None:
        """``stand`` for URLs; None for the default (program end)."""
        return self.day.isoformat() if self.index != len(self.days) - 1 else None

    @property
    def query(self) -> str:
        """The URL query that reproduces this view; defaults are left out."""
        return encode_query(
            {"stand": self.stand_param, "kennzahl": self.metric if self.metric != DEFAULT_METRIC else None}
        )


def select_view(session: Session, stand: int | None, metric: str | None) -> Selection:
    """Slider position and metric from a callback (out-of-range or unknown values fall back to defaults)."""
    program = program_info(session)
    days = metrics.stand_days(program.starts_on, program.ends_on)
    index = len(days) - 1 if stand is None else max(0, min(int(stand), len(days) - 1))
    return Selection(program, days, index, metric if metric in metrics.METRICS else DEFAULT_METRIC)


def parse_stand(query: dict[str, str], program: ProgramInfo, days: list[date], notes: list[str]) -> int:
    """Slider position for ``stand``: a date in the program period, snapped to its month's end."""
    day = parse_date(query, "stand", program.starts_on, program.ends_on, notes)
    if day is None:
        return len(days) - 1
    index = metrics.stand_index(days, day)
    if days[index] != day:
        notes.append(f"Der Stand wird monatsweise gewählt: {fmt.day(day)} wurde auf {fmt.day(days[index])} gesetzt.")
    return index


def growth_in_metric(
    session: Session, program: ProgramInfo, day: date, metric: str, frame: pd.DataFrame, state_code: str | None = None
) -> pd.DataFrame:
    """Month-end growth per state in the unit of ``metric`` ("ziel": percent of the Kommunen target)."""
    base = "kommunen" if metric == "ziel" else metric
    growth = queries.state_growth(session, program.id, program.starts_on, day, base, state_code)
    if metric == "ziel":
        targets = frame.set_index("code")["target"]
        growth["value"] = [
            None if fmt.is_missing(targets.get(code)) or not targets.get(code) else value / float(targets[code]) * 100
            for code, value in zip(growth["state_code"], growth["value"], strict=True)
        ]
        growth = growth.dropna(subset=["value"])
    return growth


def state_targets(frame: pd.DataFrame) -> dict[str, tuple[float, date]]:
    """State → (Kommunen target, due day) for participating states that have one."""
    return {
        row.code: (float(row.target), row.target_due)
        for row in frame.itertuples()
        if row.participating and not fmt.is_missing(row.target) and row.target_due is not None
    }


def target_frame(session: Session, sel: Selection, state_code: str | None = None) -> pd.DataFrame:
    """Kommunen against target per state at the Stand, with the lagging flag."""
    progress = queries.target_progress(session, sel.program.id, sel.day, state_code)
    return metrics.with_target_status(progress, sel.day, sel.program.starts_on)


def growth_outputs(sel: Selection, frame: pd.DataFrame, growth: pd.DataFrame):
    """The growth figure and its table alternative."""
    names = dict(zip(frame["code"], frame["name"], strict=True))
    lagging = set(frame.loc[frame["lagging"], "code"])
    figure = figures.growth_figure(
        growth,
        names,
        sel.metric,
        lagging,
        sel.program.starts_on,
        sel.program.ends_on,
        state_targets(frame),
        sel.day,
    )
    return figure, tables.growth_table(growth, names, sel.metric)
