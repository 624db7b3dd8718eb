"""gunicorn settings: ``gunicorn -c python:dashboard.gunicorn_conf dashboard.app:server``.

The app is loaded once in the master (``preload_app``) so migrations and the first demo-data load
run exactly once; each worker then opens its own database connections.
"""

import os

from dashboard.config import Config

# Local by default; the Procfile binds all interfaces because a platform's router forwards to $PORT there.
host = os.environ.get("HOST", "127.0.0.1")
port = os.environ.get("PORT", "8050")
bind = f"{host}:{port}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = True
timeout = 60
accesslog = "-"
control_socket_disable = True


def post_fork(server, worker):
    """Drop connections inherited from the master; each worker opens its own."""
    db = server.app.wsgi().config.get("KLIKKS_DB")
    if db is not None:
        db.engine.dispose(close=False)


def when_ready(server):
    """Say where the dashboard is only once gunicorn listens (before, a visitor would find nothing)."""
    where = ", ".join(f"http://{address}/" for address in server.cfg.bind)  # the Procfile's --bind wins
    print(f"KlikKS-Dashboard läuft auf {where} (Datenbank: {Config.from_env().redacted_url})", flush=True)
