"""Page weight and time to ready, measured in headless Chromium (Debian's /usr/bin/chromium).

    python bench/page_weight.py [--database-url URL] [--repeat 3]

Serves the dashboard (over the demo data) and a minimal Dash page with one graph the same way
(werkzeug on 127.0.0.1, ``compress=True``, assets served locally) and loads every page with a cold
browser cache. Reports per page the bytes transferred over the network (compressed, as the
Chrome DevTools protocol counts them), the bytes after decompression, and the time until the page is
ready: every chart drawn, no grid loading, the network idle. Targets: ≤ 2.5 MB transferred per page,
ready within 1.5× the minimal page's time. Exits 1 if a page misses a target.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly.graph_objects as go
from dash import Dash, dcc, html
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.config import Config
from data.db import Database
from data.demo import is_empty, load_demo_data
from data.migrate import upgrade
from data.models import Cohort, Measure

CHROMIUM = "/usr/bin/chromium"
MAX_TRANSFER_BYTES = 2.5 * 1024 * 1024
MAX_READY_FACTOR = 1.5
READY_TIMEOUT_MS = 60_000
READY = """() => document.querySelector('h1, .dash-graph')
    && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))
    && ![...document.querySelectorAll('.ag-root')].some(g => g.querySelector('.ag-overlay-loading-center'))
    && !document.querySelector('[data-dash-is-loading="true"]')"""


@dataclass(frozen=True)
class Load:
    transferred: int  # bytes on the wire (compressed bodies and headers)
    decoded: int  # bytes after decompression
    ready_s: float


def minimal_app() -> Dash:
    """The reference: one graph, nothing else, served like the dashboard."""
    app = Dash(__name__, serve_locally=True, compress=True)
    figure = go.Figure(go.Bar(x=["A", "B", "C"], y=[3, 1, 2]))
    app.layout = html.Div([html.H1("Referenz"), dcc.Graph(figure=figure)])
    return app


class Served:
    """A Flask app on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, flask_app) -> None:
        self._server = make_server("127.0.0.1", 0, flask_app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Served:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


def load(browser, url: str) -> Load:
    """One cold load (new context: empty cache) of ``url``, counted with the DevTools protocol."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="de-DE")
    page: Page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes = {"transferred": 0, "decoded": 0}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__("transferred", sizes["transferred"] + e["encodedDataLength"]),
    )
    cdp.on("Network.dataReceived", lambda e: sizes.__setitem__("decoded", sizes["decoded"] + e["dataLength"]))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY, timeout=READY_TIMEOUT_MS, polling=50)
    ready = time.perf_counter() - start
    page.wait_for_load_state("networkidle", timeout=READY_TIMEOUT_MS)  # late requests still count as weight
    context.close()
    return Load(sizes["transferred"], sizes["decoded"], ready)


def median_load(browser, url: str, repeat: int) -> Load:
    loads = [load(browser, url) for _ in range(repeat)]
    return Load(
        int(statistics.median(x.transferred for x in loads)),
        int(statistics.median(x.decoded for x in loads)),
        statistics.median(x.ready_s for x in loads),
    )


def dashboard_paths(db: Database) -> list[str]:
    with db.session() as session:
        cohort = session.scalars(select(Cohort.id).order_by(Cohort.id)).first()
        measure = session.scalars(select(Measure.id).order_by(Measure.id)).first()
    return [
        "/",
        "/laender",
        "/laender/DE-NW",
        "/kohorten",
        f"/kohorten/{cohort}",
        "/massnahmen",
        f"/massnahmen/{measure}",
        "/gibt-es-nicht",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log between the table rows

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        db = Database.from_url(url)
        upgrade(db.engine)
        with db.session() as session:
            if is_empty(session):
                load_demo_data(session)
        dashboard = create_app(Config(database_url=url, load_demo_data=False), db=db)
        with (
            Served(dashboard.server) as served,
            Served(minimal_app().server) as reference,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            load(browser, reference.url)  # warm-up: the servers' first responses
            load(browser, served.url + "/")
            baseline = median_load(browser, reference.url, args.repeat)
            print(f"Datenbank: {db.dialect}; Median aus {args.repeat} kalten Ladevorgängen je Seite\n")
            print("| Seite | übertragen MB | entpackt MB | bereit s | × Referenz |")
            print("|---|---:|---:|---:|---:|")
            print(_row("Referenz: Dash-Seite mit einem Diagramm", baseline, baseline))
            failed = False
            for path in dashboard_paths(db):
                result = median_load(browser, served.url + path, args.repeat)
                ok = result.transferred <= MAX_TRANSFER_BYTES and result.ready_s <= MAX_READY_FACTOR * baseline.ready_s
                failed |= not ok
                print(_row(path, result, baseline) + ("" if ok else " ⚠"))
            browser.close()
        db.dispose()
    return 1 if failed else 0


def _row(name: str, result: Load, baseline: Load) -> str:
    mb = 1024 * 1024
    return (
        f"| {name} | {result.transferred / mb:.2f} | {result.decoded / mb:.2f} | {result.ready_s:.2f} "
        f"| {result.ready_s / baseline.ready_s:.2f} |"
    )


if __name__ == "__main__":
    sys.exit(main())
