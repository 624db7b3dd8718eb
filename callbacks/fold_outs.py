"""Table alternatives in fold-outs (``<details>``): built only while open.

A chart's table alternative can hold hundreds of cells; each cell is a component the browser's Dash
renderer must build and track. Built on every page load, the tables cost more time than the charts
themselves, so a page sends a table only after a click on its summary has opened the fold-out (the
summary's ``n_clicks`` tell the table callback), and again on each filter change while it is open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def is_open(clicks: object) -> bool:
    """A fold-out is open after an odd number of clicks on its summary (each click toggles it)."""
    return isinstance(clicks, int) and not isinstance(clicks, bool) and clicks % 2 == 1


def open_tables(toggles: Sequence[object], builders: Sequence[Callable[[], object]]) -> tuple:
    """One table per fold-out: built by its builder while open, None (nothing sent) while closed."""
    return tuple(build() if is_open(clicks) else None for build, clicks in zip(builders, toggles, strict=True))
