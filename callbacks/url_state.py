"""The URL query string as a plain mapping; each page's filter model (see :mod:`data.filters`) reads and
writes its values."""

from __future__ import annotations

from urllib.parse import parse_qs


def parse_query(search: str | None) -> dict[str, str]:
    """``?a=1&b=2`` → ``{"a": "1", "b": "2"}`` (last value wins, blanks dropped)."""
    parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    return {key: values[-1] for key, values in parsed.items() if values}
