"""Typed reading of values the browser holds in stores; a forged or broken value never reaches a write."""

from __future__ import annotations


def next_revision(revision: object) -> int:
    """The revision counter after a save; a store holding anything but a count starts again at 1."""
    if isinstance(revision, int) and not isinstance(revision, bool) and 0 <= revision < 2**31:
        return revision + 1
    return 1
