"""Domain rules shared by several pages: the target path, when a state lags, percent of target,
the Stand (the reference day that freshness and overdue are measured against) and the Stand calendar
(the month ends a Länder view can be set to).

A state **lags** when its Kommunen on the Stand day are below the straight-line path from 0 at the
program start to its target on the due day (:func:`target_on`).
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable
from datetime import date
from typing import Protocol

import pandas as pd


def is_missing(value: object) -> bool:
    """None or NaN (pandas gives NaN for a missing number in a float column)."""
    return value is None or (isinstance(value, float) and value != value)


def target_on(day: date, first: date, due: date, target: float) -> float:
    """The straight-line path from 0 at the program start to the target on its due date."""
    share = (day - first).days / max(1, (due - first).days)
    return target * min(1.0, max(0.0, share))


def share_of_target(value: float | None, target: object) -> float | None:
    """``value`` as a share of ``target`` (1.0 = reached); None without a positive target."""
    if value is None or is_missing(target) or not float(target) > 0:
        return None
    return float(value) / float(target)


# --- Stand: the reference day ---------------------------------------------------------------------


class HasEnd(Protocol):
    ends_on: date


def default_stand(program: HasEnd | None, today: date) -> date:
    """The Stand a view shows unless one is chosen: today for a running program, its end date for an
    ended one (a program that ended on 28.02.2025 is judged as it stood then, not as if still running)."""
    if program is None or program.ends_on is None:
        return today
    return min(today, program.ends_on)


# --- Stand: month ends of the program period ---------------------------------------------------------


def stand_days(first: date, last: date) -> list[date]:
    """Month ends from the program start to its end (the last one capped at the end day)."""
    days = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days.append(min(date(year, month, calendar.monthrange(year, month)[1]), last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def running_totals(changes: Iterable[tuple[str, float]], months: list[str]) -> list[float]:
    """Totals at each month's end of changes keyed ``'YYYY-MM'`` (as the database groups them), on
    ``months`` (ascending): changes before the first month count from it, later ones are left out.
    Plain Python: the rows are few, and a pandas pivot per request cost more than their query."""
    position = {month: index for index, month in enumerate(months)}
    per_month = [0] * len(months)
    for month, amount in changes:
        index = position.get(max(month, months[0])) if months else None
        if index is not None:
            per_month[index] += amount
    return list(itertools.accumulate(per_month))


def stand_index(days: list[date], day: date) -> int:
    """Slider position of the month that contains ``day``."""
    for index, candidate in enumerate(days):
        if day <= candidate:
            return index
    return len(days) - 1


# --- lagging: below the straight-line path to the target ---------------------------------------------


def with_target_status(frame: pd.DataFrame, day: date, first: date) -> pd.DataFrame:
    """Add ``target_path`` (expected Kommunen on ``day``), ``reached`` (share of target), ``lagging``."""
    frame = frame.copy()
    paths, reached, lagging = [], [], []
    for row in frame.itertuples():
        has_target = not is_missing(row.target) and row.target_due is not None and row.target > 0
        path = target_on(day, first, row.target_due, float(row.target)) if has_target else None
        paths.append(path)
        reached.append(share_of_target(row.kommunen, row.target) if has_target else None)
        lagging.append(bool(row.participating and path is not None and row.kommunen < path))
    # object dtype keeps None for "no target" (a float column would turn it into NaN)
    frame["target_path"] = pd.Series(paths, index=frame.index, dtype="object")
    frame["reached"] = pd.Series(reached, index=frame.index, dtype="object")
    frame["lagging"] = lagging
    return frame
