"""German number and date formats (via Babel). Unknown values read "keine Angabe", never NaN."""

from __future__ import annotations

import functools
import math
from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.dates import get_timezone
from babel.numbers import format_decimal

LOCALE = Locale.parse("de_DE")  # parsed once: Babel parses a locale name again on every call
UNKNOWN = "keine Angabe"

Number = int | float | Decimal | None


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float | Decimal) and math.isnan(value)
    except TypeError:
        return False


@functools.lru_cache(maxsize=8192)
def number(value: Number, decimals: int = 0, unknown: str = UNKNOWN) -> str:
    """``1234.5`` → ``1.234,5`` (with ``decimals`` fixed places). Cached: charts and tables repeat the
    same counts, and Babel takes several microseconds for each."""
    if is_missing(value):
        return unknown
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def quantity(value: Number, max_decimals: int = 1, unknown: str = UNKNOWN) -> str:
    """A measured amount with decimals only where they carry information: ``1400.0`` → ``1.400``,
    ``0.25`` → ``0,3``, ``1234.5`` → ``1.234,5``."""
    if is_missing(value):
        return unknown
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def tonnes(value: Number, decimals: int = 1, unknown: str = UNKNOWN) -> str:
    """``1234.5`` → ``1.234,5 t CO₂``, ``1400.0`` → ``1.400 t CO₂`` (at most ``decimals`` places)."""
    return unknown if is_missing(value) else f"{quantity(value, decimals)} t CO₂"


def euros(value: Number, unknown: str = UNKNOWN) -> str:
    """``2542471`` → ``2.542.471 €``."""
    return unknown if is_missing(value) else f"{number(value, 0)} €"


def percent(value: Number, decimals: int = 0, unknown: str = UNKNOWN) -> str:
    """A ratio (0.5) as ``50 %``."""
    return unknown if is_missing(value) else f"{number(float(value) * 100, decimals)} %"


@functools.lru_cache(maxsize=8192)
def day(value: date | datetime | None, unknown: str = UNKNOWN) -> str:
    """``28.02.2025`` (cached, like :func:`number`: month ends and Stand days repeat)."""
    if value is None:
        return unknown
    if isinstance(value, datetime):
        value = value.date()
    return _babel_date(value, format="dd.MM.yyyy", locale=LOCALE)


def moment(value: datetime | None, unknown: str = UNKNOWN) -> str:
    """``28.02.2025, 14:05``."""
    if value is None:
        return unknown
    return _babel_datetime(value, format="dd.MM.yyyy, HH:mm", locale=LOCALE, tzinfo=get_timezone("Europe/Berlin"))


def month(value: date) -> str:
    """``Februar 2025``."""
    return _babel_date(value, format="MMMM yyyy", locale=LOCALE)


# Plotly settings that make every figure German: decimal comma, thousands dot.
PLOTLY_SEPARATORS = ",."
GRAPH_CONFIG = {
    "locale": "de",
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendChartToCloud"],
}


def counted(value: int, singular: str, plural: str) -> str:
    """``1 Projekt``, ``14 Projekten``: the number in German format with the matching noun form."""
    return f"{number(value)} {singular if value == 1 else plural}"
