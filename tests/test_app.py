"""The app over HTTP (Flask test client), start-up errors and the command line."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from urllib.parse import unquote

import pytest
from sqlalchemy.exc import OperationalError

from callbacks import routing
from dashboard.cli import main as cli_main
from dashboard.config import Config
from dashboard.startup import StartupError, prepare_database
from data.models import Cohort, Measure
from layouts.shell import APP_ERROR_ID, APP_ERROR_MESSAGE
from tests.support.http import same_origin_client


def test_healthz_reports_the_database(dash_app):
    response = same_origin_client(dash_app).get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


ROUTING_OUTPUT = "..page-content.children...page-title-store.data...grid-skip-links.children.."


def _route(client, pathname: object, search: object = "") -> dict:
    """Ask the routing callback for a page, as the browser does after a navigation."""
    response = client.post(
        "/_dash-update-component",
        json={
            "output": ROUTING_OUTPUT,
            "outputs": [
                {"id": "page-content", "property": "children"},
                {"id": "page-title-store", "property": "data"},
                {"id": "grid-skip-links", "property": "children"},
            ],
            "inputs": [{"id": "url", "property": "pathname", "value": pathname}],
            "state": [{"id": "url", "property": "search", "value": search}],
            "changedPropIds": ["url.pathname"],
        },
    )
    assert response.status_code == 200
    return response.get_json()


def _first_h1(node: object) -> str | None:
    """The text of the first H1 in a serialised component tree."""
    if isinstance(node, list):
        return next((text for child in node if (text := _first_h1(child)) is not None), None)
    if isinstance(node, dict) and "props" in node:
        if node.get("type") == "H1":
            return node["props"]["children"]
        return _first_h1(list(node["props"].values()))
    return None


def _page_heading(client, path: str) -> str | None:
    answer = _route(client, path)
    assert "sideUpdate" not in answer, answer.get("sideUpdate")  # the error alert: the page failed to render
    return _first_h1(answer["response"]["page-content"]["children"])


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Übersicht"),
        ("/laender", "Regionaler Fortschritt"),
        ("/laender/DE-NW", "Nordrhein-Westfalen"),
        ("/kohorten", "Trainings & Kohorten"),
        ("/massnahmen", "Maßnahmen"),
    ],
)
def test_known_paths_serve_the_app_and_render_their_page(dash_app, path, heading):
    client = same_origin_client(dash_app)
    response = client.get(path)
    assert response.status_code == 200
    assert b"KlikKS-Dashboard" in response.data
    assert _page_heading(client, path) == heading


def test_id_pages_render_the_row_they_name(dash_app, demo_db):
    with demo_db.session() as session:
        measure = session.get(Measure, 7)
        cohort = session.get(Cohort, 3)
    client = same_origin_client(dash_app)
    for path, title in [("/massnahmen/7", measure.title), ("/kohorten/3", cohort.title)]:
        assert client.get(path).status_code == 200
        assert _page_heading(client, path) == title


@pytest.mark.parametrize(
    "path",
    [
        "/unbekannt/seite",
        "/massnahmen/99999999999999999999",
        "/massnahmen/9223372036854775808",
        "/massnahmen/2147483648",
        "/massnahmen/999",
        "/massnahmen/0",
        "/massnahmen/%C2%B2",
        "/kohorten/999",
        "/kohorten/abc",
        "/laender/DE-XX",
        "/laender/%00",
    ],
)
def test_unknown_paths_and_ids_get_the_german_404_page_with_status_404(dash_app, path):
    client = same_origin_client(dash_app)
    response = client.get(path)
    assert response.status_code == 404
    assert b"KlikKS-Dashboard" in response.data  # the app, which shows the friendly page
    assert _page_heading(client, unquote(path)) == "Seite nicht gefunden"


def test_nul_bytes_in_the_query_are_dropped_before_any_query(dash_app):
    client = same_origin_client(dash_app)
    assert client.get("/massnahmen?suche=%00").status_code == 200
    assert _page_heading(client, "/massnahmen") == "Maßnahmen"
    assert _first_h1(_route(client, "/massnahmen", "?suche=%00")["response"]["page-content"]["children"]) == (
        "Maßnahmen"
    )


def test_an_exception_in_a_callback_shows_the_german_alert_and_changes_no_output(dash_app, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(routing, "ROUTES", [dataclasses.replace(routing.ROUTES[0], render=broken)])
    answer = _route(same_origin_client(dash_app), "/")
    alert = answer["sideUpdate"][APP_ERROR_ID]
    assert alert["is_open"] is True
    assert APP_ERROR_MESSAGE in str(alert["children"])
    assert answer["response"] == {}
    assert "Traceback" not in str(answer) and "kaputt" not in str(answer)
    assert "kaputt" in caplog.text  # logged with its traceback on the server


@pytest.mark.parametrize(
    ("method", "path", "options", "status", "message"),
    [
        (
            "POST",
            "/_dash-update-component",
            {"data": "{kein json", "content_type": "application/json"},
            400,
            "fehlerhaft",
        ),
        ("POST", "/_dash-update-component", {"json": {"output": "x.y", "inputs": [], "state": []}}, 400, "fehlerhaft"),
        ("DELETE", "/massnahmen/7", {}, 405, "nicht erlaubt"),
        ("GET", "/_dash-component-suites/gibt_es_nicht/x.js", {}, 404, "gibt es im Dashboard nicht"),
    ],
)
def test_failed_requests_answer_in_german_with_the_right_status(dash_app, method, path, options, status, message):
    response = same_origin_client(dash_app).open(path, method=method, **options)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_a_server_fault_answers_503_in_german_not_500(dash_app, monkeypatch):
    def unreachable(*_args):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(routing, "path_exists", unreachable)
    response = same_origin_client(dash_app).get("/massnahmen/7")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Die Datenbank ist gerade nicht erreichbar" in page and 'lang="de"' in page
    assert "server closed" not in page


def test_assets_are_served_locally_without_cdn(dash_app):
    client = same_origin_client(dash_app)
    page = client.get("/").data.decode()
    # Every script and stylesheet comes from this server (a random token may well contain "cdn").
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert links and all(link.startswith("/") and not link.startswith("//") for link in links), links
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


def test_cli_with_a_port_that_is_no_number_gets_a_german_message_and_exit_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "check"],
        env={"PORT": "abc", "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert "PORT=abc ist keine ganze Zahl" in result.stderr
    assert "Traceback" not in result.stderr
