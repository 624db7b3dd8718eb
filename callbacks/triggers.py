"""Which input fired a callback, read from the request without trusting its shape.

Dash's ``ctx.triggered_id`` raises when a forged request lists something other than
``"<id>.<property>"`` strings in ``changedPropIds``; this answers None instead.
"""

from __future__ import annotations

from dash import ctx


def triggered_id() -> str | None:
    """The id of the (first) input that fired, or None when the request names none readable."""
    prop_id = ctx.triggered[0].get("prop_id")  # never empty: Dash gives a falsy placeholder item instead
    if not isinstance(prop_id, str):
        return None
    component_id = prop_id.rpartition(".")[0]
    return component_id if component_id and not component_id.startswith("{") else None
