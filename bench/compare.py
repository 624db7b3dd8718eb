"""Benchmark through HTTP: the dashboard served by gunicorn vs. the same SQL bare vs. Datasette.

    python bench/compare.py [--database-url URL] [--measures 150000] [--repeat 50] [--only massnahmen|uebersicht|tabelle|seiten]

Without --database-url a SQLite file under the system's temp directory is built (demo data plus
``--measures`` generated measures at national scale, 10 800 Kommunen) and kept for the next run
(``--keep``). An existing database is used as it is, topped up to ``--measures`` generated measures.

For every scenario the app's own callback is run once in this process to record the SQL statements it
issues. Then, interleaved scenario by scenario and repetition by repetition:
- **app**: the callback's HTTP request as the browser sends it (``POST /_dash-update-component``) to
  gunicorn started the Procfile's way (``--no-control-socket``, 127.0.0.1, default workers);
- **SQL**: the recorded statements run bare through the database driver (no HTTP, no Python work);
- **Datasette** (SQLite only): the same statements through Datasette's JSON API (``?sql=``) serving the
  same file, one request per statement, times added up.

Prints median and p95 (ms) per scenario and the ratios app/SQL and app/Datasette.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.large_measures import NATIONAL_MUNICIPALITIES, analyse, generate
from callbacks.massnahmen import CONTROLS
from data.db import Database
from data.demo import is_empty, load_demo_data
from data.migrate import upgrade
from data.models import Measure

ROOT = Path(__file__).resolve().parent.parent
OVERVIEW_OUTPUT = "massnahmen-kpis.children"
GRID_OUTPUT = "massnahmen-grid.getRowsResponse"
GRID_SEEK = "massnahmen-grid-seek"


@dataclass
class Scenario:
    """One user interaction: the Dash callback request (what the browser posts) and the in-process
    call that records the statements it runs."""

    name: str
    output: str  # a component property among the callback's outputs, to find it in /_dash-dependencies
    values: dict[str, object]  # "id.property" → value; every other input/state is None
    changed: str  # the "id.property" that triggered the callback
    run_in_process: Callable[[Database], object]
    statements: list[tuple[str, tuple | dict]] = field(default_factory=list)
    setup: Callable[[Database], None] | None = None  # runs before the statements are recorded


def _controls(**values) -> dict[str, object]:
    defaults = {key: ([] if key in ("status", "flags") else None) for key in CONTROLS}
    return {f"massnahmen-{key}.value": value for key, value in {**defaults, **values}.items()}


def _overview(name: str, view_key: str, **controls) -> Scenario:
    from callbacks.massnahmen import update_massnahmen

    values = {**_controls(**controls), "massnahmen-dimension.value": view_key}
    ordered = tuple(values[f"massnahmen-{key}.value"] for key in CONTROLS)
    return Scenario(
        name,
        OVERVIEW_OUTPUT,
        values,
        "massnahmen-dimension.value",
        lambda db: update_massnahmen(db, ordered, view_key, None),
    )


def _grid(name: str, start: int, sort: list[dict], state: dict | None = None, column_filter: dict | None = None):
    from callbacks.massnahmen_grid import rows_response

    request = {"startRow": start, "endRow": start + 100, "sortModel": sort, "filterModel": column_filter or {}}
    values = {"massnahmen-grid.getRowsRequest": request, "massnahmen-filter.data": state}
    return Scenario(
        name, GRID_OUTPUT, values, "massnahmen-grid.getRowsRequest", lambda db: rows_response(db, request, state)
    )


def _scrolled_grid(name: str, start: int, sort: list[dict], state: dict | None = None) -> Scenario:
    """The block at ``start`` as the browser asks for it after scrolling there block by block: with the
    page's memory of where every block before it ended (so a seekable sort is sought, not offset)."""
    from callbacks.massnahmen_grid import rows_with_seek

    request = {"startRow": start, "endRow": start + 100, "sortModel": sort, "filterModel": {}}
    values: dict[str, object] = {"massnahmen-grid.getRowsRequest": request, "massnahmen-filter.data": state}

    def scroll_there(db: Database) -> None:
        memory = None
        for block in range(0, start, 100):
            earlier = {**request, "startRow": block, "endRow": block + 100}
            _response, memory = rows_with_seek(db, earlier, state, memory)
        values[f"{GRID_SEEK}.data"] = memory

    def run(db: Database) -> object:
        return rows_with_seek(db, request, state, values.get(f"{GRID_SEEK}.data"))

    return Scenario(name, GRID_OUTPUT, values, "massnahmen-grid.getRowsRequest", run, setup=scroll_there)


def scenarios() -> list[Scenario]:
    from data.queries.measure_filters import MeasureFilter

    klikks_open = MeasureFilter(program="klikks", statuses=("in_umsetzung", "verzoegert")).to_store()
    return [
        _overview("Übersicht: ohne Filter", "handlungsfeld"),
        _overview(
            "Übersicht: KlikKS, 2 Status, nach Kommune",
            "kommune",
            programm="klikks",
            status=["in_umsetzung", "verzoegert"],
        ),
        _overview("Übersicht: Land NW, überfällig, nach Land", "land", land="DE-NW", flags=["ueberfaellig"]),
        _overview("Übersicht: Volltextsuche „Solar“", "handlungsfeld", suche="Solar"),
        _grid("Tabelle: Seite 1, ohne Filter", 0, []),
        _grid(
            "Tabelle: KlikKS + 2 Status, nach Abschluss",
            0,
            [{"colId": "planned_completion_on", "sort": "asc"}],
            klikks_open,
        ),
        _grid("Tabelle: Zeilen 5000–5100, Titel absteigend", 5000, [{"colId": "title", "sort": "desc"}], klikks_open),
        _scrolled_grid(
            "Tabelle: Zeilen 5000–5100 geblättert, Titel absteigend",
            5000,
            [{"colId": "title", "sort": "desc"}],
            klikks_open,
        ),
        _grid(
            "Tabelle: Land NW, CO₂ ≥ 10, nach CO₂",
            0,
            [{"colId": "co2_t_per_year", "sort": "desc"}],
            MeasureFilter(state="DE-NW").to_store(),
            {"co2_t_per_year": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 10}},
        ),
    ]


def _page(name: str, output: str, values: dict[str, object], run: Callable[[Database], object]) -> Scenario:
    """A callback of the Übersicht, Länder or Kohorten page; triggered by its first input."""
    return Scenario(name, output, values, next(iter(values)), run)


def page_scenarios() -> list[Scenario]:
    """The pages whose data does not grow with the measures (target: at most 2x their bare SQL + 15 ms)."""
    from callbacks.kohorten import update_attendance, update_goals, update_kohorten
    from callbacks.laender import update_laender, update_laender_growth, update_laender_pipeline
    from callbacks.overview import update_overview
    from layouts.ids import Kohorten, Laender, Overview

    end = 35  # the Stand slider's position of 28.02.2025, the program's end
    period = {f"{Overview.PERIOD}.start_date": None, f"{Overview.PERIOD}.end_date": None}
    stand = {f"{Laender.STAND}.value": end, f"{Laender.METRIC}.value": "kommunen"}
    everything = {f"{c}.value": [] for c in (Kohorten.FORMAT, Kohorten.STATUS)}
    return [
        _page(
            "Übersicht: Gesamtzeitraum, Kommunen",
            f"{Overview.KPIS}.children",
            {f"{Overview.METRIC}.value": "kommunen", **period},
            lambda db: update_overview(db, None, None, "kommunen"),
        ),
        _page(
            "Länder: Karte + Vergleich, Ende",
            f"{Laender.MAP}.figure",
            stand,
            lambda db: update_laender(db, end, "kommunen"),
        ),
        _page(
            "Länder: Wachstum, Ende",
            f"{Laender.GROWTH}.figure",
            stand,
            lambda db: update_laender_growth(db, end, "kommunen"),
        ),
        _page(
            "Länder: Pipeline + Mediane, Ende",
            f"{Laender.PIPELINE}.figure",
            {f"{Laender.STAND}.value": end},
            lambda db: update_laender_pipeline(db, end),
        ),
        _page(
            "Kohorten: KPIs + Zeitleiste, alle",
            f"{Kohorten.KPIS}.children",
            everything,
            lambda db: update_kohorten(db, [], [], None, None),
        ),
        _page(
            "Kohorten: Größen + Trichter, alle",
            f"{Kohorten.COMPARE}.figure",
            everything,
            lambda db: update_attendance(db, [], [], None, None),
        ),
        _page(
            "Kohorten: Ziele + Zielerreichung, alle",
            f"{Kohorten.GOALS}.figure",
            everything,
            lambda db: update_goals(db, [], [], None, None),
        ),
    ]


PAGE_TARGET = "≤ 2× SQL + 15 ms"


def within_page_target(app_ms: float, sql_ms: float) -> bool:
    return app_ms <= 2 * sql_ms + 15


# --- recording and replaying the SQL -------------------------------------------------------------


def record_statements(db: Database, scenario: Scenario) -> None:
    """Run the callback once in-process and keep every SELECT it sends to the database, with the
    parameters exactly as the driver got them."""
    seen: list[tuple[str, tuple | dict]] = []
    if scenario.setup is not None:
        scenario.setup(db)

    def listener(_conn, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        scenario.run_in_process(db)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    scenario.statements = seen


def bare_sql(db: Database) -> Callable[[Scenario], None]:
    """Run a scenario's statements on one driver connection, fetching every row."""
    raw = db.engine.raw_connection()

    def run(scenario: Scenario) -> None:
        cursor = raw.cursor()
        for statement, parameters in scenario.statements:
            cursor.execute(statement, parameters)
            cursor.fetchall()
        cursor.close()
        raw.rollback()

    return run


def datasette_sql(statement: str, parameters: tuple | dict) -> tuple[str, dict]:
    """SQLite's ``?`` placeholders as Datasette's named ``:p0`` parameters."""
    if isinstance(parameters, dict):
        return statement, parameters
    parts = statement.split("?")
    if len(parts) - 1 != len(parameters):
        raise ValueError("unexpected placeholder in statement")
    named = parts[0] + "".join(f":p{i}{part}" for i, part in enumerate(parts[1:]))
    return named, {f"p{i}": value for i, value in enumerate(parameters)}


# --- servers -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


@contextmanager
def serve(command: list[str], env: dict[str, str], ready_url: str):
    """Start a server process, wait until ``ready_url`` answers, stop it by its PID afterwards;
    yields the PID."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for(ready_url)
            yield process.pid
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-3000:])
            raise
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def gunicorn(url: str, port: int, workers: int | None = None):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        "python:dashboard.gunicorn_conf",
        "--no-control-socket",
        "dashboard.app:server",
    ]
    env = {"DATABASE_URL": url, "HOST": "127.0.0.1", "PORT": str(port), "KLIKKS_DEMO_DATA": "0"}
    env["KLIKKS_RESULT_CACHE"] = "0"  # every repetition computes, as the bare SQL and Datasette do
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    return serve(command, env, f"http://127.0.0.1:{port}/healthz")


def datasette(path: str, port: int):
    command = [
        str(Path(sys.executable).with_name("datasette")),
        "serve",
        path,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "60000",
        "--setting",
        "max_returned_rows",
        "200000",
    ]
    return serve(command, {}, f"http://127.0.0.1:{port}/-/versions.json")


def _post_json(url: str, body: dict) -> bytes:
    """POST as the browser does, with the page's ``Origin`` (the app refuses cross-site writes)."""
    parts = urllib.parse.urlsplit(url)
    headers = {"Content-Type": "application/json", "Origin": f"{parts.scheme}://{parts.netloc}"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def dash_requests(base: str, items: list[Scenario]) -> dict[str, dict]:
    """The request body the browser posts for each scenario, built from the app's own callback list."""
    dependencies = json.loads(_get(base + "/_dash-dependencies"))
    bodies = {}
    for scenario in items:
        callback = next(d for d in dependencies if scenario.output in d["output"].strip(".").split("..."))

        def value(item: dict, values=scenario.values) -> dict:
            return {
                "id": item["id"],
                "property": item["property"],
                "value": values.get(f"{item['id']}.{item['property']}"),
            }

        outputs = []
        for part in callback["output"].strip(".").split("..."):
            component, prop = part.rsplit(".", 1)
            outputs.append({"id": component, "property": prop.split("@")[0]})
        bodies[scenario.name] = {
            "output": callback["output"],
            "outputs": outputs if callback["output"].startswith("..") else outputs[0],
            "inputs": [value(item) for item in callback["inputs"]],
            "state": [value(item) for item in callback["state"]],
            "changedPropIds": [scenario.changed],
        }
    return bodies


# --- timing --------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def prepare(url: str, measures: int) -> Database:
    db = Database.from_url(url)
    upgrade(db.engine)
    with db.session() as session:
        if is_empty(session):
            load_demo_data(session)
        generated = session.scalar(select(func.count()).select_from(Measure).where(Measure.code.like("GEN-%")))
    if generated < measures:
        started = time.perf_counter()
        generate(db, measures - generated, municipalities=NATIONAL_MUNICIPALITIES)
        analyse(db)
        print(f"{measures - generated} Maßnahmen erzeugt in {time.perf_counter() - started:.0f} s.")
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--measures", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--only",
        choices=("massnahmen", "uebersicht", "tabelle", "seiten"),
        help="nur die Maßnahmen-Szenarien, nur die der Übersicht oder der Tabelle, oder nur Übersicht, Länder und Kohorten",
    )
    args = parser.parse_args()

    url = args.database_url or f"sqlite:///{tempfile.gettempdir()}/klikks-bench-{args.measures}.sqlite3"
    db = prepare(url, args.measures)
    total = db.engine.connect().execute(select(func.count()).select_from(Measure)).scalar()
    items = [] if args.only == "seiten" else scenarios()
    if args.only == "uebersicht":
        items = [scenario for scenario in items if scenario.output == OVERVIEW_OUTPUT]
    if args.only == "tabelle":
        items = [scenario for scenario in items if scenario.output == GRID_OUTPUT]
    pages = page_scenarios() if args.only in (None, "seiten") else []
    items += pages
    for scenario in items:
        record_statements(db, scenario)
    sqlite_file = db.engine.url.database if db.dialect == "sqlite" else None
    run_sql = bare_sql(db)

    with ExitStack() as servers:
        app_port = _free_port()
        servers.enter_context(gunicorn(url, app_port))
        app_base = f"http://127.0.0.1:{app_port}"
        bodies = dash_requests(app_base, items)
        ds_base = None
        if sqlite_file:
            ds_port = _free_port()
            servers.enter_context(datasette(sqlite_file, ds_port))
            ds_base = f"http://127.0.0.1:{ds_port}/{Path(sqlite_file).stem}.json"

        def via_app(scenario: Scenario) -> None:
            _post_json(app_base + "/_dash-update-component", bodies[scenario.name])

        def via_datasette(scenario: Scenario) -> None:
            for statement, parameters in scenario.statements:
                named, params = datasette_sql(statement, parameters)
                query = urllib.parse.urlencode({"sql": named, "_shape": "array", **params})
                _get(f"{ds_base}?{query}")

        targets = {"App (HTTP)": via_app, "SQL": run_sql}
        if ds_base:
            targets["Datasette (HTTP)"] = via_datasette
        timings = {(s.name, t): [] for s in items for t in targets}
        for repetition in range(args.warmup + args.repeat):
            for scenario in items:
                for target, run in targets.items():
                    started = time.perf_counter()
                    run(scenario)
                    if repetition >= args.warmup:
                        timings[scenario.name, target].append((time.perf_counter() - started) * 1000)

    print(
        f"\nDatenbank: {db.dialect}, {total:_} Maßnahmen; {args.repeat} Wiederholungen, verschränkt".replace("_", ".")
    )
    header = " | ".join(f"{t} Median / p95 ms" for t in targets)
    ratios = " | App/SQL" + (" | App/Datasette" if ds_base else "")
    print(f"\n| Szenario | {header}{ratios} |")
    print("|---|" + "---:|" * (len(targets) + (2 if ds_base else 1)))
    for scenario in items:
        medians = {t: statistics.median(timings[scenario.name, t]) for t in targets}
        cells = " | ".join(f"{medians[t]:.1f} / {percentile(timings[scenario.name, t], 0.95):.1f}" for t in targets)
        ratio = f" | {medians['App (HTTP)'] / medians['SQL']:.2f}×"
        if ds_base:
            ratio += f" | {medians['App (HTTP)'] / medians['Datasette (HTTP)']:.2f}×"
        print(f"| {scenario.name} | {cells}{ratio} |")
    if pages:
        print(f"\n| Szenario | App Median ms | {PAGE_TARGET} | erfüllt |")
        print("|---|---:|---:|---|")
        for scenario in pages:
            app_ms = statistics.median(timings[scenario.name, "App (HTTP)"])
            sql_ms = statistics.median(timings[scenario.name, "SQL"])
            verdict = "ja" if within_page_target(app_ms, sql_ms) else "nein"
            print(f"| {scenario.name} | {app_ms:.1f} | {2 * sql_ms + 15:.1f} | {verdict} |")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
