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


# Runs in the browser: "Präsentieren" opens the presentation with the page's filters and the page to
# return to; "Bericht" the report of the program, state and Stand in view (a state page names its state).
_MEETING_LINKS = """
function(pathname, search) {
    const here = pathname || '/';
    if (here.startsWith('/praesentation') || here.startsWith('/bericht')) {
        return [window.dash_clientside.no_update, window.dash_clientside.no_update];
    }
    const params = new URLSearchParams(search || '');
    params.delete('folien');
    params.set('seite', here);
    const report = new URLSearchParams();
    ['programm', 'land', 'stand'].forEach(key => { if (params.get(key)) { report.set(key, params.get(key)); } });
    const state = here.match(/^\\/laender\\/(DE-[A-Z]{2})/);
    if (state && !report.get('land')) { report.set('land', state[1]); }
    const reportQuery = report.toString();
    return ['/praesentation?' + params.toString(), '/bericht' + (reportQuery ? '?' + reportQuery : '')];
}
"""


def register(app: Dash) -> None:
    app.clientside_callback(
        _MEETING_LINKS,
        Output(ids.Shell.PRESENT_LINK, "href"),
        Output(ids.Shell.REPORT_LINK, "href"),
        Input(ids.Shell.URL, "pathname"),
        Input(ids.Shell.URL, "search"),
    )
    app.clientside_callback(
        _TOGGLE_MENU,
        Output(NAVBAR_COLLAPSE_ID, "is_open"),
        Output(NAVBAR_TOGGLER_ID, "aria-expanded"),
        Input(NAVBAR_TOGGLER_ID, "n_clicks"),
        Input(ids.Shell.URL, "pathname"),
        State(NAVBAR_COLLAPSE_ID, "is_open"),
        prevent_initial_call=True,
    )
