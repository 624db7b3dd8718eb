"""The frame's own behaviour: the navigation menu that collapses behind a toggler on narrow screens."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from layouts import ids
from layouts.shell import NAVBAR_COLLAPSE_ID, NAVBAR_TOGGLER_ID

# Runs in the browser: the toggler opens and closes the menu; following a link closes it again.
_TOGGLE_MENU = (
    """
function(clicks, pathname, isOpen) {
    const ctx = window.dash_clientside.callback_context;
    const byToggler = ctx.triggered.some(t => t.prop_id.startsWith('%s.'));
    const open = byToggler ? !isOpen : false;
    return [open, open ? 'true' : 'false'];
}
"""
    % NAVBAR_TOGGLER_ID
)


def register(app: Dash) -> None:
    app.clientside_callback(
        _TOGGLE_MENU,
        Output(NAVBAR_COLLAPSE_ID, "is_open"),
        Output(NAVBAR_TOGGLER_ID, "aria-expanded"),
        Input(NAVBAR_TOGGLER_ID, "n_clicks"),
        Input(ids.Shell.URL, "pathname"),
        State(NAVBAR_COLLAPSE_ID, "is_open"),
        prevent_initial_call=True,
    )
