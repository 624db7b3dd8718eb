"""The frame's own behaviour: the navigation menu that collapses behind a toggler on narrow screens."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from layouts import ids
from layouts.shell import NAVBAR_COLLAPSE_ID, NAVBAR_TOGGLER_ID

# Runs in the browser: the toggler opens and closes the menu; following a link closes it again.
_TOGGLE_MENU = f"""
function(clicks, pathname, isOpen) {{
    const byToggler = window.dash_clientside.callback_context.triggered
        .some(t => t.prop_id.startsWith('{NAVBAR_TOGGLER_ID}.'));
    const open = byToggler ? !isOpen : false;
    return [open, open ? 'true' : 'false'];
}}
"""


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
