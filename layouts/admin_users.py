"""User management page (``/verwaltung/nutzer``): the accounts, a form to add one, and one to change one."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from data import vocab
from data.commands.users import Account
from layouts import format as fmt
from layouts import ids
from layouts.components import page_header

SCOPE_HINT = "Land (z. B. DE-NW) bei Regionalmanagement, AGS oder Nummer der Kommune bei Kommune, sonst leer"
ROLE_OPTIONS = [{"label": label, "value": key} for key, label in vocab.USER_ROLES.items()]


def accounts_table(accounts: list[Account]) -> dbc.Table:
    header = html.Thead(
        html.Tr([html.Th(t) for t in ("Login", "Name", "E-Mail", "Rolle", "Bereich", "Aktiv", "Zuletzt angemeldet")])
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(a.login),
                    html.Td(a.display_name),
                    html.Td(a.email or "–"),
                    html.Td(a.role_label),
                    html.Td(a.scope_label or "–"),
                    html.Td("ja" if a.active else "nein (deaktiviert)"),
                    html.Td(fmt.moment(a.last_login_at, unknown="nie")),
                ],
                className=None if a.active else "text-muted",
            )
            for a in accounts
        ]
    )
    return dbc.Table([header, body], striped=True, hover=True, size="sm", id=ids.Users.TABLE)


def _field(label: str, component, hint: str | None = None) -> html.Div:
    return html.Div(
        [dbc.Label(label, html_for=component.id), component, dbc.FormText(hint) if hint else None], className="mb-2"
    )


def add_form() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Konto anlegen", className="h5"),
                _field("Login", dbc.Input(id=ids.Users.ADD_LOGIN, maxLength=80, autoComplete="off")),
                _field("Anzeigename", dbc.Input(id=ids.Users.ADD_NAME, maxLength=120)),
                _field("E-Mail (optional)", dbc.Input(id=ids.Users.ADD_EMAIL, type="email", maxLength=200)),
                _field("Rolle", dbc.Select(id=ids.Users.ADD_ROLE, options=ROLE_OPTIONS, value="lesen")),
                _field("Bereich", dbc.Input(id=ids.Users.ADD_SCOPE, maxLength=20), SCOPE_HINT),
                _field(
                    "Passwort",
                    dbc.Input(id=ids.Users.ADD_PASSWORD, type="password", maxLength=200, autoComplete="new-password"),
                    "mindestens 12 Zeichen",
                ),
                dbc.Button("Anlegen", id=ids.Users.ADD_BUTTON, color="primary"),
            ]
        ),
        className="mb-4",
    )


def login_options(accounts: list[Account]) -> list[dict]:
    return [{"label": f"{a.login} – {a.display_name}", "value": a.login} for a in accounts]


def change_form(accounts: list[Account]) -> dbc.Card:
    logins = login_options(accounts)
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Konto ändern", className="h5"),
                _field("Konto", dbc.Select(id=ids.Users.CHANGE_LOGIN, options=logins)),
                _field("Neue Rolle", dbc.Select(id=ids.Users.CHANGE_ROLE, options=ROLE_OPTIONS)),
                _field("Bereich", dbc.Input(id=ids.Users.CHANGE_SCOPE, maxLength=20), SCOPE_HINT),
                dbc.Button("Rolle ändern", id=ids.Users.ROLE_BUTTON, color="primary", className="me-2 mb-3"),
                _field(
                    "Neues Passwort",
                    dbc.Input(
                        id=ids.Users.CHANGE_PASSWORD, type="password", maxLength=200, autoComplete="new-password"
                    ),
                    "mindestens 12 Zeichen",
                ),
                dbc.Button("Passwort setzen", id=ids.Users.PASSWORD_BUTTON, color="secondary", className="me-2 mb-3"),
                html.Hr(),
                dbc.Button("Konto deaktivieren", id=ids.Users.DEACTIVATE_BUTTON, color="danger", outline=True),
            ]
        ),
        className="mb-4",
    )


def feedback(message: str, ok: bool) -> dbc.Alert:
    return dbc.Alert(message, color="success" if ok else "danger", className="py-2", id="users-feedback-alert")


def users_layout(accounts: list[Account]) -> html.Div:
    return html.Div(
        [
            page_header("Nutzerverwaltung", "Konten, Rollen und Bereiche – jede Änderung steht im Änderungsprotokoll"),
            html.Div(id=ids.Users.FEEDBACK),
            dbc.Row(
                [
                    dbc.Col(html.Div(accounts_table(accounts), id=ids.Users.LIST), lg=8),
                    dbc.Col([add_form(), change_form(accounts)], lg=4),
                ],
                className="g-4",
            ),
        ]
    )


def admins_only() -> html.Div:
    return html.Div(
        [
            page_header("Nutzerverwaltung"),
            dbc.Alert(
                ["Diese Seite ist nur für die Administration. ", html.A("Anmelden", href="/anmelden")],
                color="warning",
                id="users-admins-only",
            ),
        ]
    )
