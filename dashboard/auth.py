"""Signing in and out (Flask-Login), the session cookie, and who may see pages without an account.

``/anmelden`` is a plain server-rendered form; ``/abmelden`` ends the session. The signed-in account
is loaded from the database on every request, so a deactivated account or a changed role takes
effect at once. Without login the dashboard is read-only (``KLIKKS_PUBLIC=1``, the default) or every
page redirects to ``/anmelden`` (``KLIKKS_PUBLIC=0``).
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import Flask, jsonify, redirect, render_template, request
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from dashboard.config import Config
from data.commands.sign_in import SignInFailed, TooManyAttempts, sign_in
from data.commands.users import Account, active_account
from data.db import Database

log = logging.getLogger(__name__)

LOGIN_PATH = "/anmelden"
LOGOUT_PATH = "/abmelden"
# Reachable without an account even when the dashboard is not public: the login page and what it needs.
OPEN_PREFIXES = (LOGIN_PATH, "/assets/", "/healthz", "/_favicon.ico", "/favicon.ico")


class SignedIn(UserMixin):
    """Flask-Login's view of an :class:`Account` (which never holds the password hash)."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.id = str(account.id)


def secret_key(config: Config) -> str:
    """``SECRET_KEY`` from the environment, else one generated once into ``instance/`` (mode 0600)."""
    if config.secret_key:
        return config.secret_key
    path = Path(config.secret_key_file)
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first: use that one
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    log.info("Neuer Sitzungsschlüssel in %s angelegt", path)
    return key


def init_auth(server: Flask, db: Database, config: Config) -> None:
    server.config.update(
        SECRET_KEY=secret_key(config),
        SESSION_COOKIE_NAME="klikks_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=config.secure_cookies,
    )
    manager = LoginManager(server)
    manager.session_protection = "basic"

    @manager.user_loader
    def _load(user_id: str) -> SignedIn | None:
        if not user_id.isdigit() or len(user_id) > 12:
            return None
        with db.session() as session:
            account = active_account(session, int(user_id))
        return SignedIn(account) if account is not None else None

    @server.before_request
    def _require_login_unless_public():
        if config.public or current_user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return None
        if request.path.startswith("/_dash-") or request.method != "GET":
            return jsonify(fehler="Bitte melden Sie sich an."), 401
        return redirect(f"{LOGIN_PATH}?weiter={quote(request.full_path.rstrip('?'))}")

    @server.route(LOGIN_PATH, methods=["GET", "POST"])
    def anmelden():
        next_path = _safe_next(request.values.get("weiter") or request.values.get("next"))
        if request.method == "GET":
            if current_user.is_authenticated:
                return redirect(next_path)
            notice = "Bitte melden Sie sich an." if not config.public else None
            return _login_page(config, next_path, notice=notice)
        login = request.form.get("login", "")
        try:
            with db.session() as session:
                account = sign_in(session, login, request.form.get("password", ""), request.remote_addr or "")
        except TooManyAttempts as exc:
            return _login_page(config, next_path, login=login, message=exc.message, too_many=True), 429
        except SignInFailed as exc:
            return _login_page(config, next_path, login=login, message=exc.message), 401
        login_user(SignedIn(account))
        return redirect(next_path)

    @server.route(LOGOUT_PATH, methods=["GET", "POST"])
    def abmelden():
        logout_user()
        return redirect("/" if config.public else LOGIN_PATH)


def _login_page(config: Config, next_path: str, *, login: str = "", message=None, notice=None, too_many=False):
    return render_template(
        "anmelden.html",
        next_path=next_path,
        login=login[:80],
        message=message,
        notice=notice,
        too_many=too_many,
        public=config.public,
    )


def _safe_next(value: str | None) -> str:
    """Only a path of this site (never ``//host`` or a full URL), so the form cannot redirect elsewhere."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith(LOGIN_PATH):
        return "/"
    return value
