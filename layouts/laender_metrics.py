"""Definitions shared by the Länder pages: metrics, the month-end Stand, and when a state lags.

A state lags when its Kommunen on the Stand day are below the straight-line path from 0 at the
program start to its target on the due day (:func:`layouts.overview.target_on`).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

from layouts import format as fmt
from layouts.overview import target_on

METRICS = {
    "kommunen": "Kommunen",
    "paten": "Klimaschutzpat:innen",
    "projekte": "Projekte",
    "co2": "t CO₂/Jahr",
    "ziel": "% des Ziels (Kommunen)",
}
PUBLISHED_METRICS = ("kommunen", "paten", "projekte", "co2")
BKG_CREDIT = "Grenzen: © GeoBasis-DE / BKG (VG250), vereinfacht"
KLIKKS_ONLY = "Projekte und t CO₂ zählen nur KlikKS-Projekte (ohne Münsters Klimastadt-Vertrag)."

# Counts repeat a lot across a table (0, 1, 2 …); formatting each distinct value once keeps tables fast.
cached_number = lru_cache(maxsize=8192)(fmt.number)

# --- Stand: month ends of the program period ---------------------------------------------------------


def stand_days(first: date, last: date) -> list[date]:
    """Month ends from the program start to its end (the last one capped at the end day)."""
    months = pd.period_range(pd.Timestamp(first), pd.Timestamp(last), freq="M")
    return [min(p.end_time.date(), last) for p in months]


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
        has_target = not fmt.is_missing(row.target) and row.target_due is not None and row.target > 0
        path = target_on(day, first, row.target_due, float(row.target)) if has_target else None
        paths.append(path)
        reached.append(row.kommunen / float(row.target) if has_target else None)
        lagging.append(bool(row.participating and path is not None and row.kommunen < path))
    # object dtype keeps None for "no target" (a float column would turn it into NaN)
    frame["target_path"] = pd.Series(paths, index=frame.index, dtype="object")
    frame["reached"] = pd.Series(reached, index=frame.index, dtype="object")
    frame["lagging"] = lagging
    return frame


def target_status_text(row) -> str:
    """Colour-independent text of the target status (icon + words)."""
    if not row.participating:
        return "nimmt nicht teil"
    if row.target_path is None:
        return "kein Ziel"
    if row.reached is not None and row.reached >= 1:
        return "✓ Ziel erreicht"
    return "⚠ hinter dem Zielpfad" if row.lagging else "✓ auf Kurs"


def metric_value(row, metric: str) -> float | None:
    if metric == "ziel":
        return None if row.reached is None else row.reached * 100
    return getattr(row, metric)


def metric_text(value: float | None, metric: str) -> str:
    if metric == "ziel":
        return fmt.percent(None if value is None else value / 100)
    if metric == "co2":
        return fmt.tonnes(value)
    return fmt.number(value) if fmt.is_missing(value) else cached_number(float(value))
