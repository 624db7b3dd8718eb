"""Benchmark: server-side time of the dashboard's callbacks and the app's cold start.

    python bench/run.py [--database-url URL] [--repeat 50] [--only PAGE] [--measures 150000]

Without --database-url a temporary SQLite file with the demo data is used. --measures N first adds
N generated measures (bench/large_measures.py) and refreshes the planner statistics. Prints a Markdown
table (median, p95, payload) and the peak memory of this process; exits 1 if a p95 exceeds its target.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import scenarios as scenario_package
from bench.common import measure
from bench.large_measures import analyse, generate
from data.db import Database
from data.demo import is_empty, load_demo_data
from data.migrate import upgrade


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--only", default=None, help="nur Szenarien dieses Moduls (z. B. overview)")
    parser.add_argument("--measures", type=int, default=0, help="so viele Maßnahmen vorher erzeugen")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        db = Database.from_url(url)
        upgrade(db.engine)
        with db.session() as session:
            if is_empty(session):
                load_demo_data(session)
        if args.measures:
            total = generate(db, args.measures)
            analyse(db)
            print(f"{args.measures} Maßnahmen erzeugt; insgesamt {total}.")
        print(f"Datenbank: {db.dialect}; {args.repeat} Wiederholungen je Szenario\n")
        print(f"Kaltstart über bestehender Datenbank (Prozess bis create_app fertig): {cold_start_seconds(url):.2f} s")
        print(f"Erster Start mit leerer SQLite-Datenbank (Migration + Demodaten): {first_start_seconds(tmp):.2f} s\n")
        print("| Seite | Szenario | Median ms | p95 ms | Ziel p95 ms | Antwort KB |")
        print("|---|---|---:|---:|---:|---:|")
        failed = False
        for module in _scenario_modules(args.only):
            for scenario in module.scenarios(db):
                result = measure(scenario, args.repeat)
                failed |= not result.within_budget
                mark = "" if result.within_budget else " ⚠"
                print(
                    f"| {scenario.page} | {scenario.name} | {result.median_ms:.1f} | {result.p95_ms:.1f}{mark} "
                    f"| {scenario.budget_ms:.0f} | {result.payload_kb:.1f} |"
                )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nSpitzen-Speicher dieses Prozesses: {peak_mb:.0f} MB")
        db.dispose()
    return 1 if failed else 0


def _scenario_modules(only: str | None):
    for info in sorted(pkgutil.iter_modules(scenario_package.__path__), key=lambda i: i.name):
        if only is None or info.name == only:
            yield importlib.import_module(f"bench.scenarios.{info.name}")


def cold_start_seconds(url: str) -> float:
    """Time for a fresh Python process to import the app and build it over an existing database."""
    code = (
        "import time; t=time.perf_counter();"
        "from dashboard.app import create_app; from dashboard.config import Config;"
        f"create_app(Config(database_url={url!r}, load_demo_data=False));"
        "print(time.perf_counter()-t)"
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, cwd=Path(__file__).resolve().parent.parent
    )
    return time.perf_counter() - start


def first_start_seconds(tmp: str) -> float:
    """Time for a fresh process to migrate an empty SQLite database, load the demo data and build the app."""
    url = f"sqlite:///{tmp}/first-start.sqlite3"
    code = (
        "from dashboard.app import create_app; from dashboard.config import Config;"
        f"create_app(Config(database_url={url!r}))"
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, cwd=Path(__file__).resolve().parent.parent
    )
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
