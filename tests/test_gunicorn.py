"""The Procfile's way of serving: gunicorn with the project's config, started and stopped by PID."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.support.server import wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_procfile_names_gunicorn_with_the_app_server():
    procfile = (ROOT / "Procfile").read_text()
    assert procfile.startswith("web: gunicorn") and "dashboard.app:server" in procfile


def test_gunicorn_serves_the_dashboard(databases, demo_template):
    url = databases.clone(demo_template)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "python:dashboard.gunicorn_conf", "--no-control-socket", "dashboard.app:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, timeout=60)
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            assert response.status == 200
            assert b"KlikKS-Dashboard" in response.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/gibt-es-nicht", timeout=10)
        assert missing.value.code == 404
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        databases.drop(url)


def test_gunicorn_with_unreachable_database_exits_with_a_german_message():
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",
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
    assert result.returncode != 0
    assert "Die Datenbank ist nicht erreichbar (DATABASE_URL=postgresql://nobody@127.0.0.1:1/nothing)" in result.stderr
