"""The frame around every page: navigation bar, content area and footer."""

from __future__ import annotations

from collections.abc import Iterator

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from data.permissions import Actor, can_edit_anything
from layouts import ids

APP_ERROR_ID = ids.Shell.APP_ERROR
APP_ERROR_MESSAGE = "Es ist ein Fehler aufgetreten – bitte die Seite neu laden. Es wurde nichts gespeichert."

NAV_ITEMS = (
    ("Übersicht", "/", "exact"),
    ("Länder", "/laender", "partial"),
    ("Kohorten", "/kohorten", "partial"),
    ("Maßnahmen", "/massnahmen", "partial"),
)
ADMIN_ITEM = ("Nutzer", "/verwaltung/nutzer", "partial")
SIGNED_IN_ITEM = ("Meine Nachfragen", "/nachfragen", "partial")
ADMIN_MAIL_ITEM = ("Mail", "/verwaltung/mail", "partial")
IMPORT_ITEM = ("Import", "/import", "partial")  # for everyone who may write


def app_error_alert(message: str = APP_ERROR_MESSAGE) -> list:
    """The alert's content: icon and text, so the state does not rest on the colour alone."""
    return [html.Span("⚠", className="me-2", **{"aria-hidden": "true"}), html.Strong("Fehler: "), message]


NAVBAR_TOGGLER_ID = ids.Shell.NAVBAR_TOGGLER
NAVBAR_COLLAPSE_ID = ids.Shell.NAVBAR_COLLAPSE
MAIN_ID = ids.Shell.PAGE_CONTENT
GRID_SKIP_LINKS_ID = ids.Shell.GRID_SKIP_LINKS
GRID_PLACEHOLDER = "data-grid"  # marks a container whose grid a callback fills in later


def user_menu(actor: Actor | None) -> html.Div:
    """Who is signed in (name and role, with the scope) and the way out — or the way in."""
    if actor is None:
        return html.Div(
            [
                html.Span("Nur lesen", className="text-light me-3 small"),
                html.A("Anmelden", href="/anmelden", className="btn btn-outline-light btn-sm"),
            ],
            id="user-menu",
            className="d-flex align-items-center ms-3",
        )
    role = actor.role_label + (f" · {actor.scope_label}" if actor.scope_label else "")
    return html.Div(
        [
            html.Span(
                [html.Strong(actor.name, id="user-name"), html.Span(f" ({role})", id="user-role")],
                className="text-light me-3",
            ),
            html.A("Abmelden", href="/abmelden", className="btn btn-outline-light btn-sm", id="logout-link"),
        ],
        id="user-menu",
        className="d-flex align-items-center ms-3",
    )


def _nav_label(label: str, href: str, open_requests: int):
    """ "Meine Nachfragen" with the number of open requests addressed to me, as a badge with text."""
    if href != SIGNED_IN_ITEM[1] or open_requests <= 0:
        return label
    return [
        label,
        dbc.Badge(
            [str(open_requests), html.Span(" offen", className="visually-hidden")],
            color="warning",
            text_color="dark",
            pill=True,
            className="ms-1",
            id="nav-open-requests",
        ),
    ]


def meeting_links() -> dbc.Nav:
    """ "Präsentieren" and "Bericht" for the view on screen (their targets follow the URL, see
    :mod:`callbacks.shell`)."""
    return dbc.Nav(
        [
            dbc.NavItem(dbc.NavLink("▶ Präsentieren", href="/praesentation", id=ids.Shell.PRESENT_LINK)),
            dbc.NavItem(dbc.NavLink("Bericht (A4)", href="/bericht", id=ids.Shell.REPORT_LINK)),
        ],
        navbar=True,
        className="meeting-links",
    )


def shell(demo_note: str | None, actor: Actor | None = None, open_requests: int = 0) -> html.Div:
    """The frame; ``open_requests``: how many requests wait for the signed-in person's answer."""
    items = (*NAV_ITEMS, IMPORT_ITEM) if can_edit_anything(actor) else NAV_ITEMS
    if actor is not None:
        items = (*items, SIGNED_IN_ITEM)
        if actor.role == "admin":
            items = (*items, ADMIN_ITEM, ADMIN_MAIL_ITEM)
    navbar = dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [html.Span("KlikKS", className="brand-mark"), " Dashboard"], href="/", className="me-4"
                ),
                dbc.Badge(
                    "Demodaten",
                    color="warning",
                    text_color="dark",
                    className="demo-badge order-lg-last",
                    id="demo-badge",
                )
                if demo_note
                else None,
                # Bootstrap's toggler markup, with a German name and its state for screen readers
                html.Button(
                    html.Span(className="navbar-toggler-icon"),
                    id=NAVBAR_TOGGLER_ID,
                    className="navbar-toggler ms-auto",
                    type="button",
                    n_clicks=0,
                    **{
                        "aria-label": "Navigation ein- oder ausblenden",
                        "aria-controls": NAVBAR_COLLAPSE_ID,
                        "aria-expanded": "false",
                    },
                ),
                dbc.Collapse(
                    [
                        dbc.Nav(
                            [
                                dbc.NavItem(
                                    dbc.NavLink(_nav_label(label, href, open_requests), href=href, active=active)
                                )
                                for label, href, active in items
                            ],
                            navbar=True,
                            className="me-auto",
                        ),
                        meeting_links(),
                    ],
                    id=NAVBAR_COLLAPSE_ID,
                    is_open=False,
                    navbar=True,
                ),
                user_menu(actor),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        expand="lg",
        className="mb-4 app-navbar",
    )
    skip_links = html.Nav(
        [
            html.A("Zum Inhalt springen", href=f"#{MAIN_ID}", className="skip-link"),
            html.Span(id=GRID_SKIP_LINKS_ID),
        ],
        className="skip-links",
        **{"aria-label": "Sprunglinks"},
    )
    footer = html.Footer(
        dbc.Container(
            [
                html.Span("KlikKS-Dashboard · Monitoring für Klimaschutzprogramme"),
                html.Span(
                    " · Demodaten: alle Personen und Ortsnamen sind erfunden; Gesamtzahlen folgen den veröffentlichten Angaben."
                    if demo_note
                    else ""
                ),
            ],
            fluid=True,
        ),
        className="app-footer",
    )
    return html.Div(
        [
            dcc.Location(id=ids.Shell.URL, refresh="callback-nav"),
            dcc.Store(id=ids.Shell.PAGE_TITLE_STORE),
            dcc.Store(id=ids.Shell.TITLE_SINK),
            skip_links,
            navbar,
            dbc.Container(
                [
                    dbc.Alert(
                        id=APP_ERROR_ID,
                        color="danger",
                        is_open=False,
                        dismissable=True,
                        className="app-error",
                    ),
                    html.Main(id=MAIN_ID, role="main", tabIndex="-1"),
                ],
                fluid=True,
                className="app-content",
            ),
            footer,
        ]
    )


def grid_skip_links(content: Component) -> list[html.A]:
    """One skip link per data grid on a page, named after the heading above it ("Zur Tabelle: …"), so
    keyboard users reach a grid without tabbing through every filter and chart before it."""
    links: list[html.A] = []
    heading = ""
    for node in _walk(content):
        if isinstance(node, html.H2 | html.H3 | html.H4 | dbc.CardHeader):
            heading = _text(node.children)
        elif (isinstance(node, dag.AgGrid) or getattr(node, GRID_PLACEHOLDER, None)) and isinstance(
            getattr(node, "id", None), str
        ):
            label = f"Zur Tabelle: {heading}" if heading else "Zur Tabelle"
            links.append(html.A(label, href=f"#{node.id}", className="skip-link"))
    return links


def _walk(node) -> Iterator[Component]:
    """Components in document order (depth first)."""
    if isinstance(node, list | tuple):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, Component):
        yield node
        yield from _walk(getattr(node, "children", None))


def _text(children) -> str:
    if isinstance(children, str | int | float):
        return str(children).strip()
    if isinstance(children, list | tuple):
        return " ".join(part for part in (_text(child) for child in children) if part)
    if isinstance(children, Component):
        return _text(getattr(children, "children", None))
    return ""
