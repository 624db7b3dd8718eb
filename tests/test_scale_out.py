"""Scale-out: two gunicorn instances (the Procfile's way, different ports) on one PostgreSQL database.
An edit saved through one instance is seen by the very next request to the other: no state lives in
a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from layouts import format as fmt
from tests.support.accounts import DEMO_PASSWORD
from tests.support.server import stop_server, wait_until_healthy
from tests.test_gunicorn import _free_port

ROOT = Path(__file__).resolve().parent.parent
GRID = "massnahmen-grid.getRowsResponse"
_OPENERS: dict[str, urllib.request.OpenerDirector] = {}  # one signed-in browser session per instance
SAVE = "massnahmen-save-message.children"


@contextmanager
def _instance(url: str):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"}
    env["KLIKKS_DEMO_DATA"] = "0"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "python:dashboard.gunicorn_conf", "--no-control-socket", "dashboard.app:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, timeout=90)
        _sign_in(base)
        yield base
    finally:
        stop_server(process)


def _sign_in(base: str, login: str = "koordination") -> None:
    """Sign in like the login form does (same-origin POST); the session cookie stays with this instance."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = urllib.parse.urlencode({"login": login, "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(base + "/anmelden", form, {"Origin": base})
    with opener.open(request, timeout=30) as response:
        assert response.status == 200
    _OPENERS[base] = opener


def _callback(base: str, output: str, values: dict[str, object]) -> dict:
    """Post a callback request as the browser does; ``values`` maps "id.property" to input values."""
    with urllib.request.urlopen(base + "/_dash-dependencies", timeout=30) as response:
        dependencies = json.loads(response.read())
    callback = next(d for d in dependencies if output in d["output"].strip(".").split("..."))

    def item(spec):
        return {**spec, "value": values.get(f"{spec['id']}.{spec['property']}")}

    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in callback["output"].strip(".").split("...")
    ]
    body = {
        "output": callback["output"],
        "outputs": outputs if callback["output"].startswith("..") else outputs[0],
        "inputs": [item(spec) for spec in callback["inputs"]],
        "state": [item(spec) for spec in callback["state"]],
        "changedPropIds": [f"{callback['inputs'][0]['id']}.{callback['inputs'][0]['property']}"],
    }
    request = urllib.request.Request(
        base + "/_dash-update-component",
        json.dumps(body).encode(),
        {"Content-Type": "application/json", "Origin": base},  # same origin: the CSRF check lets it through
    )
    with _OPENERS[base].open(request, timeout=60) as response:
        return json.loads(response.read())["response"]


def _grid(base: str, state: dict) -> dict:
    request = {"startRow": 0, "endRow": 1, "sortModel": [{"colId": "code", "sort": "asc"}], "filterModel": {}}
    answer = _callback(base, GRID, {"massnahmen-grid.getRowsRequest": request, "massnahmen-filter.data": state})
    return answer["massnahmen-grid"]["getRowsResponse"]


def _total_card(base: str) -> str:
    """The key figures of the overview for status 'umgesetzt', as JSON text."""
    controls = {f"massnahmen-{key}.value": None for key in ("programm", "land", "kommune", "feld", "verantwortlich")}
    values = {**controls, "massnahmen-status.value": ["umgesetzt"], "massnahmen-flags.value": []}
    values["massnahmen-dimension.value"] = "handlungsfeld"
    answer = _callback(base, "massnahmen-kpis.children", values)
    return json.dumps(answer["massnahmen-kpis"], ensure_ascii=False)


def test_an_edit_through_one_instance_is_seen_by_the_other(databases, demo_template):
    if databases.backend != "postgresql":
        pytest.skip("Mehrere Instanzen teilen sich PostgreSQL (TEST_DATABASE_URL)")
    url = databases.clone(demo_template)
    try:
        with ExitStack() as stack:
            first, second = stack.enter_context(_instance(url)), stack.enter_context(_instance(url))
            done_before = _grid(second, {"status": "umgesetzt"})["rowCount"]
            assert f'"{fmt.number(done_before)}"' in _total_card(second)  # now in the second's cache
            row = _grid(first, {"status": "geplant"})["rowData"][0]
            change = {
                "colId": "status",
                "value": "umgesetzt",
                "rowId": f"m{row['id']}",
                "data": {**row, "status": "umgesetzt"},
            }
            saved = _callback(
                first, SAVE, {"massnahmen-grid.cellValueChanged": [change], "massnahmen-revision.data": 0}
            )
            assert "Gespeichert" in json.dumps(saved, ensure_ascii=False)
            assert _grid(second, {"status": "umgesetzt"})["rowCount"] == done_before + 1
            assert _grid(first, {"status": "umgesetzt"})["rowCount"] == done_before + 1
            assert f'"{fmt.number(done_before + 1)}"' in _total_card(second)  # its cache did not go stale
    finally:
        databases.drop(url)
