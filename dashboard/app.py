"""Application factory. ``create_app(config)`` builds a Dash app over a prepared database;
``server`` (the Flask app) is what gunicorn serves: ``gunicorn dashboard.app:server``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import dash
from dash import Dash
from flask import Response, jsonify, request
from flask_caching import Cache

from callbacks import kohorten, laender, massnahmen, massnahmen_export, measure_detail, overview, routing
from dashboard.config import Config
from dashboard.startup import StartupError, prepare_database
from data.db import Database
from data.queries.program import demo_data_marker
from layouts.shell import shell

ASSETS = Path(__file__).with_name("assets")
log = logging.getLogger(__name__)


def create_app(config: Config | None = None, db: Database | None = None) -> Dash:
    """Build the app; prepares (migrates, fills) the database unless a ready ``db`` is passed in."""
    config = config or Config.from_env()
    db = db or prepare_database(config)
    with db.session() as session:
        demo_note = demo_data_marker(session)
    app = Dash(
        __name__,
        title="KlikKS-Dashboard",
        update_title=None,
        assets_folder=str(ASSETS),
        serve_locally=True,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = shell(demo_note)
    app.server.config["KLIKKS_DB"] = db
    db.cache = _result_cache(app, config) if config.result_cache else None
    app.server.config["KLIKKS_CONFIG"] = config
    routing.register(app, db)
    overview.register(app, db)
    measure_detail.register(app, db)
    kohorten.register(app, db)
    laender.register(app, db)
    massnahmen.register(app, db)
    massnahmen_export.register(app, db)
    _add_http_routes(app, db)
    return app


def _result_cache(app: Dash, config: Config) -> Cache:
    """Results keyed by data version: in the process by default (correct with any number of workers,
    since a write changes the version every worker reads), shared through Redis when REDIS_URL is set."""
    if config.redis_url:
        settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config.redis_url}
    else:
        settings = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}
    return Cache(app.server, config={**settings, "CACHE_DEFAULT_TIMEOUT": 3600})


def _add_http_routes(app: Dash, db: Database) -> None:
    server = app.server

    @server.route("/healthz")
    def healthz():
        try:
            db.check()
        except Exception as exc:  # report, never raise: this is what load balancers poll
            return jsonify(status="fehler", datenbank=str(exc)), 503
        return jsonify(status="ok", datenbank=db.dialect)

    @server.after_request
    def mark_unknown_paths(response: Response) -> Response:
        """Unknown page paths still get the app (which shows the German 404 page) but with status 404."""
        path = request.path
        is_page = request.method == "GET" and not path.startswith(("/_dash", "/assets", "/_favicon", "/healthz"))
        known = any(route.pattern.match(path) for route in routing.ROUTES)
        if is_page and not known and response.status_code == 200 and response.mimetype == "text/html":
            response.status_code = 404
        return response


def __getattr__(name: str):
    """Lazily create the module-level ``server`` so importing this module has no side effects."""
    if name == "server":
        global server
        try:
            server = create_app().server
        except StartupError as exc:  # e.g. gunicorn with a bad DATABASE_URL: say why, exit non-zero
            print(f"Fehler: {exc}", file=sys.stderr, flush=True)
            raise SystemExit(2) from exc
        return server
    raise AttributeError(name)


__all__ = ["create_app", "dash"]
