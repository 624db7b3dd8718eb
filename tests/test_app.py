"""The app over HTTP (Flask test client), start-up errors and the command line."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dashboard.cli import main as cli_main
from dashboard.config import Config
from dashboard.startup import StartupError, prepare_database


def test_healthz_reports_the_database(dash_app):
    response = dash_app.server.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


@pytest.mark.parametrize(
    "path", ["/", "/laender", "/laender/DE-NW", "/kohorten", "/kohorten/3", "/massnahmen", "/massnahmen/7"]
)
def test_known_paths_serve_the_app(dash_app, path):
    response = dash_app.server.test_client().get(path)
    assert response.status_code == 200
    assert b"KlikKS-Dashboard" in response.data


def test_unknown_path_gets_status_404(dash_app):
    response = dash_app.server.test_client().get("/unbekannt/seite")
    assert response.status_code == 404


def test_assets_are_served_locally_without_cdn(dash_app):
    client = dash_app.server.test_client()
    page = client.get("/").data.decode()
    assert "cdn" not in page.lower() and "googleapis" not in page
    assert client.get("/assets/00-bootstrap.min.css").status_code == 200


def test_unreachable_database_names_database_url():
    config = Config(database_url="postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    with pytest.raises(StartupError, match=re.escape("DATABASE_URL=postgresql+psycopg://nobody@127.0.0.1:1/nothing")):
        prepare_database(config)


def test_cli_exits_non_zero_with_a_german_message_when_the_database_is_unreachable(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "check"],
        env={"DATABASE_URL": "postgresql://nobody:geheim@127.0.0.1:1/nothing", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert (
        "Die Datenbank ist nicht erreichbar (DATABASE_URL=postgresql://nobody:***@127.0.0.1:1/nothing)" in result.stderr
    )
    assert "geheim" not in result.stderr


@pytest.mark.parametrize("url", ["postgresq://nutzer@127.0.0.1/klikks", "mysql://x", "foo"])
def test_cli_names_database_url_when_it_is_mistyped(tmp_path, url):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "check"],
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"Fehler: DATABASE_URL={url} ist nicht verwendbar:")
    assert "Traceback" not in result.stderr


def test_first_start_migrates_and_loads_demo_data(databases, monkeypatch):
    url = databases.new_url("first")
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        assert cli_main(["db", "upgrade"]) == 0
        assert cli_main(["demo-data", "--seed", "3"]) == 0
        assert cli_main(["demo-data"]) == 1  # refuses a non-empty database
        db = prepare_database(Config(database_url=url))
        from data.demo import holds_demo_data

        with db.session() as session:
            assert holds_demo_data(session)
        db.dispose()
    finally:
        databases.drop(url)


def test_demo_data_switch_off_keeps_database_empty(databases):
    url = databases.new_url("nodemo")
    try:
        db = prepare_database(Config(database_url=url, load_demo_data=False))
        from data.demo import is_empty

        with db.session() as session:
            assert is_empty(session)
        db.dispose()
    finally:
        databases.drop(url)


def test_config_from_environment():
    config = Config.from_env({"DATABASE_URL": "sqlite:///x.db", "KLIKKS_DEMO_DATA": "0", "PORT": "9000"})
    assert (config.database_url, config.load_demo_data, config.port) == ("sqlite:///x.db", False, 9000)
    assert Config.from_env({}).database_url.startswith("sqlite:///instance/")
