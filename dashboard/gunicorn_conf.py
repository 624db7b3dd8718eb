"""gunicorn settings: ``gunicorn -c python:dashboard.gunicorn_conf dashboard.app:server``.

The app is loaded once in the master (``preload_app``) so migrations and the first demo-data load
run exactly once; each worker then opens its own database connections.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
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
