"""The Procfile's way of serving: gunicorn with the project's config, started and stopped by PID."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.config import Config
from data.db import Database
from tests.support.server import stop_server, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_procfile_names_gunicorn_with_the_app_server():
    procfile = (ROOT / "Procfile").read_text()
    assert procfile.startswith("web: gunicorn") and "dashboard.app:server" in procfile


@contextmanager
def _gunicorn(database_url: str, workers: int) -> Iterator[str]:
    """Serve the app with gunicorn as the Procfile does; yield its base URL once it says it listens."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "SECRET_KEY": "schluessel-nur-fuer-tests",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "python:dashboard.gunicorn_conf", "--no-control-socket", "dashboard.app:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    listening = threading.Event()
    output: list[str] = []

    def read_output() -> None:
        for line in process.stdout:
            output.append(line)
            if f"läuft auf {base}/" in line:
                listening.set()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        if not listening.wait(timeout=90):
            raise TimeoutError("gunicorn meldete nicht, dass es lauscht:\n" + "".join(output))
        yield base
    finally:
        stop_server(process)
        reader.join(timeout=10)


def test_gunicorn_serves_the_dashboard(databases, demo_template):
    url = databases.clone(demo_template)
    try:
        with _gunicorn(url, workers=2) as base:
            wait_until_healthy(base, timeout=60)
            with urllib.request.urlopen(base + "/", timeout=10) as response:
                assert response.status == 200
                assert b"KlikKS-Dashboard" in response.read()
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "/gibt-es-nicht", timeout=10)
            assert missing.value.code == 404
    finally:
        databases.drop(url)


def _index_asset_urls(database_url: str) -> list[str]:
    """Every script and stylesheet the index page names, as the same app built here renders it."""
    db = Database.from_url(database_url)
    try:
        page = create_app(Config(database_url=database_url, load_demo_data=False), db=db).server.test_client().get("/")
        html = page.get_data(as_text=True)
    finally:
        db.dispose()
    urls = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+\.css[^"]*)"', html)
    return sorted(set(urls))


def _status(url: str) -> int:
    """GET over a new connection (urllib opens one per request), so the kernel spreads them over the workers."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_worker_serves_every_asset_from_its_first_request(databases, demo_template):
    """A fresh server: the assets are requested before any index page, many at once, through all workers."""
    url = databases.clone(demo_template)
    try:
        assets = _index_asset_urls(url)
        assert any("_dash-component-suites/dash/" in asset for asset in assets)
        assert any("_dash-component-suites/dash_ag_grid/" in asset for asset in assets)
        with _gunicorn(url, workers=3) as base, ThreadPoolExecutor(max_workers=12) as pool:
            requests = [base + asset for asset in assets for _ in range(6)]
            statuses = list(zip(requests, pool.map(_status, requests), strict=True))
        failed = [(asset, status) for asset, status in statuses if status != 200]
        assert failed == []
    finally:
        databases.drop(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://nobody@127.0.0.1:1/nothing", "Die Datenbank ist nicht erreichbar (DATABASE_URL="),
        ("postgresq://nobody@127.0.0.1/nothing", "Fehler: DATABASE_URL=postgresq://nobody@127.0.0.1/nothing ist nicht"),
    ],
)
def test_gunicorn_with_unusable_database_url_exits_with_a_german_message(url, message):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": str(_free_port()),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "-c", "python:dashboard.gunicorn_conf", "--no-control-socket", "dashboard.app:server"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
