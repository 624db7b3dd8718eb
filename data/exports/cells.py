"""What every export writer shares: the declaration of its columns and the neutralisation of text
that a spreadsheet would run as a formula."""

from __future__ import annotations

import re

# header, column (or computed key), kind ("text", "int", "decimal" or "date")
ExportColumns = tuple[tuple[str, str, str], ...]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_LINE = re.compile("^[" + re.escape("".join(FORMULA_STARTS)) + "]", re.MULTILINE)
"""Finds a formula-like start in many values joined by newlines at once (C speed)."""


def neutralise(text: str) -> str:
    """Text that a spreadsheet would evaluate as a formula is prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
