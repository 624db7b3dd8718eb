"""Benchmark of the import: a CSV of N new measures (default 150 000) through read → check → write in one
transaction, then the same file again (all rows unchanged), as the command line and the import page run it.

    python bench/imports.py [--database-url URL] [--measures 150000] [--xlsx]

Without ``--database-url`` a fresh SQLite file with the demo data is used; a PostgreSQL URL must name an
empty database (the demo data is loaded into it). Prints wall-clock seconds, the CPU seconds of this process (the
whole work on SQLite, which runs in-process; on PostgreSQL the server's share is not included) and the
process's peak resident memory (``ru_maxrss``; the demo data is loaded by a separate process first, so this
is the importing process alone). Not a test: the figures go into the README.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from data.db import Database
from data.demo import load_demo_data
from data.exports.massnahmen import export_rows, to_xlsx
from data.imports.reading import Limits
from data.imports.running import import_file
from data.migrate import upgrade
from data.models import Measure
from data.permissions import Actor
from data.queries.measure_filters import MeasureFilter

STATES = ("Nordrhein-Westfalen", "Rheinland-Pfalz", "Berlin", "Niedersachsen", "Bayern", "Sachsen")
SECTORS = ("Energie", "Mobilität", "Gebäude", "Konsum & Ernährung")
STATUSES = ("Geplant", "In Umsetzung", "Umgesetzt", "Verzögert")
ACTOR = Actor(name="Benchmark", role="koordination")


def measures_csv(count: int) -> bytes:
    """A German Excel CSV (``;``, decimal comma, TT.MM.JJJJ) of ``count`` new measures."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nr.", "Programm", "Titel", "Handlungsfeld", "Land", "Status", "Fortschritt (%)",
                     "Verantwortlich", "Beginn", "Geplanter Abschluss", "CO₂-Einsparung (t/Jahr)", "Kosten (€)"])  # fmt: skip
    for i in range(count):
        writer.writerow(
            [
                f"IMP-{i:06d}",
                "KlikKS",
                f"Importierte Maßnahme {i}",
                SECTORS[i % 4],
                STATES[i % 6],
                STATUSES[i % 4],
                i % 101,
                f"Team {i % 97}",
                f"{1 + i % 28:02d}.{1 + i % 12:02d}.2024",
                f"{1 + i % 28:02d}.06.2026",
                f"{i % 50},{i % 10}",
                f"{1 + i % 9}.{i % 1000:03d},50",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, db: Database, content: bytes, name: str) -> None:
    started, cpu = time.perf_counter(), cpu_seconds()
    with db.session() as session:
        plan = import_file(session, ACTOR, content, name, "measures", limits=Limits(max_bytes=200 * 1024 * 1024))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    counts = ", ".join(f"{key} {value}" for key, value in plan.counts.items())
    size = len(content) / 1024 / 1024
    print(f"| {label} | {size:.1f} | {seconds:.1f} | {cpu:.1f} | {peak_mb():.0f} | {counts} |", flush=True)
    assert plan.ok, plan.report_rows()[:5]


def prepare(url: str) -> None:
    """Schema and demo data, in a process of its own: the peak memory printed is the import's process."""
    db = Database.from_url(url)
    upgrade(db.engine)
    with db.session() as session:
        if not session.scalar(select(func.count()).select_from(Measure)):
            load_demo_data(session)
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--measures", type=int, default=150_000)
    parser.add_argument("--xlsx", action="store_true", help="also import the same rows as XLSX (from the export)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="klikks-import-bench-"))
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    preparing = multiprocessing.get_context("spawn").Process(target=prepare, args=(url,))
    preparing.start()
    preparing.join()
    if preparing.exitcode:
        return 1
    db = Database.from_url(url)
    content = measures_csv(args.measures)
    print(f"Datenbank: {db.dialect}; {args.measures:,} Maßnahmen\n".replace(",", "."))
    print(f"Prozess vor dem ersten Import (Python, Bibliotheken, Datei): {peak_mb():.0f} MB\n")
    print(f"Last (1 min) vorher: {os.getloadavg()[0]:.1f} auf {os.cpu_count()} Kernen\n")
    print("| Lauf | Datei MB | Sekunden | CPU-Sekunden (Prozess) | Spitze Prozess MB | Zeilen |")
    print("|---|---:|---:|---:|---:|---|")
    timed("CSV, alle neu", db, content, "neu.csv")
    timed("dieselbe CSV erneut (unverändert)", db, content, "neu.csv")
    if args.xlsx:
        with db.session() as session:
            xlsx = to_xlsx(export_rows(session, MeasureFilter(text="Importierte Maßnahme")))
        timed("Export als XLSX erneut (unverändert)", db, xlsx, "export.xlsx")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
