"""The URL query string as a plain mapping; each page's filter model (see :mod:`data.filters`) reads and
writes its values."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def parse_query(search: str | None) -> dict[str, str]:
    """``?a=1&b=2`` → ``{"a": "1", "b": "2"}`` (last value wins, blanks dropped).

    Pairs holding control characters (``%00`` …) are dropped: no filter value contains them, and
    PostgreSQL refuses NUL in text, so they must never reach a query."""
    parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    return {
        key: values[-1] for key, values in parsed.items() if values and not _CONTROL_CHARACTERS.search(key + values[-1])
    }
