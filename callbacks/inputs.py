"""Typed reading of values the browser holds in stores; a forged or broken value never reaches a write."""

from __future__ import annotations


def next_revision(revision: object) -> int:
    """The revision counter after a save; a store holding anything but a count starts again at 1."""
    if isinstance(revision, int) and not isinstance(revision, bool) and 0 <= revision < 2**31:
        return revision + 1
    return 1


def cell_changes(event: object) -> list[dict]:
    """The entries of a grid's ``cellValueChanged`` event (one change or a list) shaped like a cell
    change: a dict with a text ``colId`` and a dict ``data`` row. Anything else cannot come from the
    grid and is dropped before the first write, so a save loop never stops half-way on a forged entry."""
    entries = event if isinstance(event, list) else [event]
    return [
        entry
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("colId"), str) and isinstance(entry.get("data"), dict)
    ]
