"""Keys that come from outside (URL paths, callback payloads), checked before they reach SQL.

An id that is not a positive whole number within the range of the id columns cannot name a row;
it is "not found", never a database error (PostgreSQL refuses ``2147483648`` for an ``integer``).
"""

from __future__ import annotations

import re

ROW_ID_MAX = 2**31 - 1  # the id columns are ``integer``: 32 bit on PostgreSQL, the narrower backend
_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() would also accept "²" or "١"
_STATE_CODE = re.compile(r"DE-[A-Z]{2}")


def parse_row_id(raw: object) -> int | None:
    """``7``/``"7"`` → 7; anything that cannot be a row id (``"abc"``, ``0``, ``2**31``, ``True``) → None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw):
        value = int(raw)
    else:
        return None
    return value if 1 <= value <= ROW_ID_MAX else None


def parse_state_code(raw: object) -> str | None:
    """``"de-nw"`` → ``"DE-NW"``; anything not shaped like a state's ISO code → None."""
    if not isinstance(raw, str):
        return None
    code = raw.strip().upper()
    return code if _STATE_CODE.fullmatch(code) else None
