"""Application factory. ``create_app(config)`` builds a Dash app over a prepared database;
``server`` (the Flask app) is what gunicorn serves: ``gunicorn dashboard.app:server``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import dash
from dash import Dash
from flask import Flask, Response, jsonify, request
from flask_caching import Cache
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from callbacks import (
    admin_users,
    bericht,
    entry,
    import_page,
    kohorten,
    laender,
    laender_export,
    massnahmen,
    massnahmen_export,
    measure_detail,
    overview,
    praesentation,
    retire,
    routing,
)
from callbacks import shell as shell_callbacks
from callbacks.session_user import current_actor
from dashboard.auth import init_auth
from dashboard.compression import compression_config
from dashboard.config import Config, ConfigError
from dashboard.errors import install_error_handlers, on_callback_error
from dashboard.security import init_security
from dashboard.startup import StartupError, prepare_database
from data.db import Database
from data.queries.nachfragen import open_count
from data.queries.program import demo_data_marker
from layouts.pages import unknown_callback_ids, validation_layout
from layouts.shell import shell

ASSETS = Path(__file__).with_name("assets")
ASSET_MAX_AGE_SECONDS = 365 * 24 * 3600
log = logging.getLogger(__name__)


def create_app(config: Config | None = None, db: Database | None = None) -> Dash:
    """Build the app; prepares (migrates, fills) the database unless a ready ``db`` is passed in."""
    config = config or Config.from_env()
    db = db or prepare_database(config)
    with db.session() as session:
        demo_note = demo_data_marker(session)
    server = Flask(__name__)
    server.config.update(compression_config())
    app = Dash(
        __name__,
        server=server,
        title="KlikKS-Dashboard",
        update_title=None,
        assets_folder=str(ASSETS),
        serve_locally=True,
        on_error=on_callback_error,
        compress=True,  # brotli or gzip for pages, callbacks and assets (flask-compress)
        # Every callback is synchronous. Dash would otherwise switch to async dispatch (a thread and an
        # event loop per request, about 6 ms) as soon as asgiref happens to be installed.
        use_async=False,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = german_index(app.index_string)
    app.layout = lambda: _shell_for_request(db, demo_note)  # per request: the navbar names who is signed in
    app.validation_layout = validation_layout(demo_note)
    app.server.config["KLIKKS_DB"] = db
    db.cache = _result_cache(app, config) if config.result_cache else None
    app.server.config["KLIKKS_CONFIG"] = config
    routing.register(app, db)
    shell_callbacks.register(app)
    overview.register(app, db)
    measure_detail.register(app, db)
    kohorten.register(app, db)
    laender.register(app, db)
    massnahmen.register(app, db)
    admin_users.register(app, db)
    massnahmen_export.register(app, db)
    laender_export.register(app, db)
    import_page.register(app, db)
    entry.register(app, db)
    retire.register(app, db)
    praesentation.register(app, db)
    bericht.register(app, db)
    check_callback_ids(app)
    _add_http_routes(app, db)
    init_auth(app.server, db, config)
    init_security(app, config)
    if config.proxy_count:
        app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=config.proxy_count, x_proto=config.proxy_count)
    install_error_handlers(app.server)
    _finish_dash_setup(app)
    return app


def _shell_for_request(db: Database, demo_note: str | None):
    """The frame for the signed-in person, with the number of requests waiting for their answer."""
    actor = current_actor()
    waiting = 0
    if actor is not None and actor.user_id is not None:
        try:
            waiting = db.read(open_count, actor.user_id)
        except SQLAlchemyError:  # the badge is a hint: without the database the page still loads
            log.warning("Offene Nachfragen nicht lesbar", exc_info=True)
    return shell(demo_note, actor, waiting)


class LayoutError(RuntimeError):
    """A callback names a component id that no page layout contains (a typo fails here, at start-up)."""


def check_callback_ids(app: Dash) -> None:
    unknown = unknown_callback_ids(app.callback_map, app.validation_layout)
    if unknown:
        raise LayoutError(f"Callbacks verwenden Ids, die in keinem Seitenlayout vorkommen: {', '.join(unknown)}")


def _finish_dash_setup(app: Dash) -> None:
    """Run Dash's first-request setup now, while the app is built, not in a worker's first requests.

    Dash registers the component libraries whose files it may serve (``registered_paths``) in a
    ``before_request`` hook that marks itself done *before* it has registered anything. A worker
    that receives several requests at once (gunicorn threads) therefore answered the others with
    "\"dash\" is not a registered library" (HTTP 500) until its setup had finished. One internal
    request here completes the setup in the process that builds the app; gunicorn's workers,
    forked from it (``preload_app``), inherit the finished registry.
    """
    response = app.server.test_client().get(app.config.requests_pathname_prefix + "_dash-dependencies")
    # Dash's setup hook runs before the login check, so a 401 (login-only mode) still finished it.
    if response.status_code not in (200, 401):
        raise RuntimeError(f"Dash-Einrichtung fehlgeschlagen: HTTP {response.status_code}")


def _result_cache(app: Dash, config: Config) -> Cache:
    """Results keyed by data version: in the process by default (correct with any number of workers,
    since a write changes the version every worker reads), shared through Redis when REDIS_URL is set."""
    if config.redis_url:
        settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config.redis_url}
    else:
        settings = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}
    return Cache(app.server, config={**settings, "CACHE_DEFAULT_TIMEOUT": 3600})


def german_index(index_string: str) -> str:
    """Dash's page template, declared as German so screen readers and hyphenation use German."""
    return index_string.replace("<html>", '<html lang="de">', 1)


def _add_http_routes(app: Dash, db: Database) -> None:
    server = app.server

    @server.route("/healthz")
    def healthz():
        try:
            db.check()
        except Exception:  # report, never raise: this is what load balancers poll; no details to strangers
            log.warning("healthz: Datenbank nicht erreichbar", exc_info=True)
            return jsonify(status="nicht ok"), 503
        return jsonify(status="ok")

    @server.after_request
    def cache_fingerprinted_assets(response: Response) -> Response:
        """Assets are linked with their modification time (``?m=…``): such a URL never changes content."""
        if request.path.startswith("/assets/") and "m" in request.args and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = ASSET_MAX_AGE_SECONDS
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response

    @server.after_request
    def mark_unknown_paths(response: Response) -> Response:
        """Unknown paths and ids still get the app (which shows the German 404 page) but with status 404."""
        path = request.path
        is_page = request.method == "GET" and not path.startswith(
            ("/_dash", "/assets", "/_favicon", "/healthz", "/anmelden", "/abmelden")
        )
        if (
            is_page
            and response.status_code == 200
            and response.mimetype == "text/html"
            and not routing.path_exists(db, path)
        ):
            response.status_code = 404
        return response


def __getattr__(name: str):
    """Lazily create the module-level ``server`` so importing this module has no side effects."""
    if name == "server":
        global server
        try:
            server = create_app().server
        except (StartupError, ConfigError) as exc:  # e.g. gunicorn with a bad DATABASE_URL: say why, exit non-zero
            print(f"Fehler: {exc}", file=sys.stderr, flush=True)
            raise SystemExit(2) from exc
        return server
    raise AttributeError(name)


__all__ = ["create_app", "dash"]
