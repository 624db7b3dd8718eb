"""User management (``/verwaltung/nutzer``): each button runs one audited account command as the signed-in admin.

The page is shown to admins only; the commands check the role again, so a forged request gets a refusal.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update

from callbacks.session_user import current_actor
from callbacks.triggers import triggered_id
from data.commands.errors import CommandError
from data.commands.users import add_user, deactivate, list_accounts, reset_password, set_role
from data.db import Database
from data.permissions import Actor
from layouts import admin_users as view
from layouts import ids


def render_users(db: Database, _query: dict[str, str]):
    actor = current_actor()
    if actor is None or actor.role != "admin":
        return view.admins_only()
    with db.session() as session:
        return view.users_layout(list_accounts(session))


def run_action(db: Database, actor: Actor | None, action: str, values: dict) -> tuple:
    """Run one action; returns (feedback, refreshed list, refreshed login choices) — no_update where unchanged."""
    try:
        with db.session() as session:
            if action == ids.Users.ADD_BUTTON:
                account = add_user(
                    session,
                    actor,
                    values.get("add_login") or "",
                    values.get("add_password") or "",
                    values.get("add_role") or "",
                    values.get("add_scope"),
                    values.get("add_name"),
                    values.get("add_email"),
                )
                message = f"Konto „{account.login}“ angelegt ({account.role_label})."
            elif action == ids.Users.ROLE_BUTTON:
                account = set_role(
                    session, actor, values.get("login") or "", values.get("role") or "", values.get("scope")
                )
                scope = f" – {account.scope_label}" if account.scope_label else ""
                message = f"Rolle von „{account.login}“: {account.role_label}{scope}."
            elif action == ids.Users.PASSWORD_BUTTON:
                account = reset_password(session, actor, values.get("login") or "", values.get("password") or "")
                message = f"Neues Passwort für „{account.login}“ gesetzt."
            elif action == ids.Users.DEACTIVATE_BUTTON:
                account = deactivate(session, actor, values.get("login") or "")
                message = f"Konto „{account.login}“ ist deaktiviert."
            else:
                return no_update, no_update, no_update
            accounts = list_accounts(session)
    except CommandError as exc:
        return view.feedback(f"Nicht gespeichert: {exc.message}", ok=False), no_update, no_update
    return view.feedback(message, ok=True), view.accounts_table(accounts), view.login_options(accounts)


def register(app: Dash, db: Database) -> None:
    @app.callback(
        Output(ids.Users.FEEDBACK, "children"),
        Output(ids.Users.LIST, "children"),
        Output(ids.Users.ADD_PASSWORD, "value"),
        Output(ids.Users.CHANGE_PASSWORD, "value"),
        Output(ids.Users.CHANGE_LOGIN, "options"),
        Input(ids.Users.ADD_BUTTON, "n_clicks"),
        Input(ids.Users.ROLE_BUTTON, "n_clicks"),
        Input(ids.Users.PASSWORD_BUTTON, "n_clicks"),
        Input(ids.Users.DEACTIVATE_BUTTON, "n_clicks"),
        State(ids.Users.ADD_LOGIN, "value"),
        State(ids.Users.ADD_NAME, "value"),
        State(ids.Users.ADD_EMAIL, "value"),
        State(ids.Users.ADD_ROLE, "value"),
        State(ids.Users.ADD_SCOPE, "value"),
        State(ids.Users.ADD_PASSWORD, "value"),
        State(ids.Users.CHANGE_LOGIN, "value"),
        State(ids.Users.CHANGE_ROLE, "value"),
        State(ids.Users.CHANGE_SCOPE, "value"),
        State(ids.Users.CHANGE_PASSWORD, "value"),
        prevent_initial_call=True,
    )
    def _act(_add, _role, _password, _deactivate, *fields):
        trigger = triggered_id()  # a forged changedPropIds must not raise
        if not trigger or not any(isinstance(t, dict) and t.get("value") for t in ctx.triggered):
            return no_update, no_update, no_update, no_update, no_update
        names = (
            "add_login",
            "add_name",
            "add_email",
            "add_role",
            "add_scope",
            "add_password",
            "login",
            "role",
            "scope",
            "password",
        )
        # Only text reaches the commands: anything else a forged request sends counts as empty.
        values = {name: value if isinstance(value, str) else None for name, value in zip(names, fields, strict=True)}
        message, listing, logins = run_action(db, current_actor(), trigger, values)
        return message, listing, "", "", logins
