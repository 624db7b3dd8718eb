"""Page weight and time to ready, measured in headless Chromium (Debian's /usr/bin/chromium).

    python bench/page_weight.py [--database-url URL] [--repeat 3]

Serves the dashboard (over the demo data) and a minimal Dash page with one graph
(``bench/minimal_page.py``) the same way — gunicorn on 127.0.0.1 with the dashboard's settings
(2 workers × 4 threads, compressed, assets served locally) — and loads every page with a cold
browser cache. Reports per page the bytes transferred over the network (compressed, as the
Chrome DevTools protocol counts them), the bytes after decompression, and the time until the page is
ready: every chart drawn, no grid loading, the network idle. Targets: ≤ 2.5 MB transferred per page,
ready within 1.5× the minimal page's time. Exits 1 if a page misses a target.

Pages for signed-in people only (``/import``) are loaded signed in as the demo coordinator: the
session cookie of one sign-in is put into each fresh browser context, so the cache stays cold.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Page, sync_playwright
from sqlalchemy import select

from data.db import Database
from data.demo import is_empty, load_demo_data
from data.demo.accounts import DemoAccount
from data.migrate import upgrade
from data.models import Cohort, Measure

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MAX_TRANSFER_BYTES = 2.5 * 1024 * 1024
MAX_READY_FACTOR = 1.5
READY_TIMEOUT_MS = 180_000  # generous: a loaded machine must not abort the measurement
# Charts are drawn with their SVG; the state map is ready when every state's filled shape is drawn
# (one SVG path per trace that fills its outline).
READY = """() => document.querySelector('h1, .dash-graph')
    && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))
    && [...document.querySelectorAll('.js-plotly-plot')].every(gd => (gd.data || [])
        .filter(trace => trace.fill === 'toself').length
        <= gd.querySelectorAll('.scatterlayer path.js-fill').length)
    && ![...document.querySelectorAll('.ag-root')].some(g => g.querySelector('.ag-overlay-loading-center'))
    && !document.querySelector('[data-dash-is-loading="true"]')"""


@dataclass(frozen=True)
class Load:
    transferred: int  # bytes on the wire (compressed bodies and headers)
    decoded: int  # bytes after decompression
    ready_s: float


class Served:
    """``gunicorn … app`` on 127.0.0.1 and a free port, with the dashboard's gunicorn settings."""

    def __init__(self, app: str, environment: dict[str, str] | None = None) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), **(environment or {})}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:dashboard.gunicorn_conf",
            "--access-logfile",
            os.devnull,
            app,
        ]
        self._process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def __enter__(self) -> Served:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn endete: {self._process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.1)  # polling a condition: the server is not up yet
        raise TimeoutError(f"{self.url} antwortet nicht")

    def __exit__(self, *_exc) -> None:
        self._process.terminate()
        self._process.wait(timeout=30)


def load(browser, url: str, cookies: list[dict] | None = None) -> Load:
    """One cold load (new context: empty cache) of ``url``, counted with the DevTools protocol;
    ``cookies`` (a signed-in session) are set before the load."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="de-DE")
    if cookies:
        context.add_cookies(cookies)
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


def median_load(browser, url: str, repeat: int, cookies: list[dict] | None = None) -> Load:
    loads = [load(browser, url, cookies) for _ in range(repeat)]
    return Load(
        int(statistics.median(x.transferred for x in loads)),
        int(statistics.median(x.decoded for x in loads)),
        statistics.median(x.ready_s for x in loads),
    )


def signed_in_cookies(browser, base_url: str, account: DemoAccount) -> list[dict]:
    """The cookies of a session signed in through the login form, as a person would sign in."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(base_url + "/anmelden")
    page.fill("input[name='login']", account.login)
    page.fill("input[name='password']", account.password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_selector("#user-name", timeout=READY_TIMEOUT_MS)
    cookies = context.cookies()
    context.close()
    return cookies


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
        "/praesentation?programm=klikks",
        "/bericht?programm=klikks",
        "/gibt-es-nicht",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on the way out

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        db = Database.from_url(url)
        upgrade(db.engine)
        with db.session() as session:
            accounts = load_demo_data(session) if is_empty(session) else []
        paths = dashboard_paths(db)
        coordinator = next((a for a in accounts if a.role == "koordination"), None)
        with (
            Served("dashboard.app:server", {"DATABASE_URL": url, "KLIKKS_DEMO_DATA": "0"}) as served,
            Served("bench.minimal_page:server") as reference,
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
            signed_in = [(path, None) for path in paths]
            if coordinator is not None:  # an existing database (--database-url): its passwords are unknown
                signed_in.append(("/import", signed_in_cookies(browser, served.url, coordinator)))
            for path, cookies in signed_in:
                result = median_load(browser, served.url + path, args.repeat, cookies)
                ok = result.transferred <= MAX_TRANSFER_BYTES and result.ready_s <= MAX_READY_FACTOR * baseline.ready_s
                failed |= not ok
                name = f"{path} (angemeldet)" if cookies else path
                print(_row(name, result, baseline) + ("" if ok else " ⚠"))
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
