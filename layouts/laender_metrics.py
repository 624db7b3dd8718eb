"""How the Länder pages show their metrics and a state's target status (the rules themselves, e.g. when a
state lags, live in :mod:`data.rules`)."""

from __future__ import annotations

from data.vocab import LAENDER_METRICS as METRICS
from layouts import format as fmt

__all__ = [
    "BKG_CREDIT",
    "KLIKKS_ONLY",
    "METRICS",
    "PUBLISHED_METRICS",
    "metric_text",
    "metric_value",
    "target_status_text",
]

PUBLISHED_METRICS = ("kommunen", "paten", "projekte", "co2")
BKG_CREDIT = "Grenzen: © GeoBasis-DE / BKG (VG250), vereinfacht"
KLIKKS_ONLY = "Projekte und t CO₂ zählen nur KlikKS-Projekte (ohne Münsters Klimastadt-Vertrag)."


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
    return fmt.number(value) if fmt.is_missing(value) else fmt.number(float(value))
