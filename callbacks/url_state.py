"""Filters in the URL query string: parse with visible notes for bad values, and encode back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import parse_qs, urlencode

from layouts import format as fmt

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def parse_query(search: str | None) -> dict[str, str]:
    """``?a=1&b=2`` → ``{"a": "1", "b": "2"}`` (last value wins, blanks dropped).

    Pairs holding control characters (``%00`` …) are dropped: no filter value contains them, and
    PostgreSQL refuses NUL in text, so they must never reach a query."""
    parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    return {
        key: values[-1] for key, values in parsed.items() if values and not _CONTROL_CHARACTERS.search(key + values[-1])
    }


def encode_query(params: Mapping[str, object | None]) -> str:
    """Encode non-empty values in a stable order; empty dict gives ``""``."""
    items = [
        (k, v.isoformat() if isinstance(v, date) else str(v)) for k, v in params.items() if v not in (None, "", [])
    ]
    return "?" + urlencode(items) if items else ""


def parse_date(query: Mapping[str, str], key: str, low: date, high: date, notes: list[str]) -> date | None:
    """An ISO date within [low, high]; anything else becomes a note and None."""
    raw = query.get(key)
    if raw is None:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        notes.append(f"Der Wert „{raw}“ für „{key}“ ist kein Datum (erwartet JJJJ-MM-TT) und wurde ignoriert.")
        return None
    if not low <= value <= high:
        notes.append(
            f"Das Datum {fmt.day(value)} für „{key}“ liegt außerhalb von {fmt.day(low)} – {fmt.day(high)} und wurde ignoriert."
        )
        return None
    return value


def parse_choice(query: Mapping[str, str], key: str, allowed: Iterable[str], notes: list[str]) -> str | None:
    raw = query.get(key)
    if raw is None:
        return None
    allowed = list(allowed)
    if raw not in allowed:
        notes.append(f"Der Wert „{raw}“ für „{key}“ ist unbekannt (möglich: {', '.join(allowed)}) und wurde ignoriert.")
        return None
    return raw


def parse_period(query: Mapping[str, str], first: date, last: date, notes: list[str]) -> tuple[date, date]:
    """``von``/``bis`` within the program period; a reversed range is swapped with a note."""
    start = parse_date(query, "von", first, last, notes) or first
    end = parse_date(query, "bis", first, last, notes) or last
    if start > end:
        notes.append("„von“ lag nach „bis“; die beiden Daten wurden getauscht.")
        start, end = end, start
    return start, end
