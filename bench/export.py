"""Benchmark of the streamed exports through gunicorn: time to the last byte and worker memory.

    python bench/export.py [--database-url URL] [--measures 150000] [--repeat 3]

One gunicorn worker (the Procfile's way, 127.0.0.1) serves ``/massnahmen/export.csv`` and ``.xlsx``
for all measures; the worker's resident memory (VmRSS, and its peak VmHWM) is read from /proc before
the first and after every download, its CPU time from /proc/PID/stat. Prints seconds per download (wall
and the worker's CPU) and the memory growth in MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.compare import _free_port, gunicorn, prepare


def _worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def _memory_mb(pid: int) -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used: on a shared machine the download's wall time also
    counts the waiting for a core, its CPU time only the work."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--measures", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.gettempdir()}/klikks-bench-{args.measures}.sqlite3"
    db = prepare(url, args.measures)
    port = _free_port()
    with gunicorn(url, port, workers=1) as master:
        worker = _worker_pid(master)
        base = f"http://127.0.0.1:{port}"
        urllib.request.urlopen(base + "/massnahmen/export.csv?programm=ksv-muenster").read()  # warm
        start_rss, _ = _memory_mb(worker)
        print(f"Datenbank: {db.dialect}; Worker-Speicher vorher {start_rss:.0f} MB\n")
        print(
            "| Export | Größe MB | Sekunden (Median, je Lauf) | Worker-CPU s (Median) "
            "| Speicher danach MB | Spitze MB | Wachstum MB |"
        )
        print("|---|---:|---|---:|---:|---:|---:|")
        for kind in ("csv", "xlsx"):
            seconds, cpu, size = [], [], 0
            for _ in range(args.repeat):
                started, cpu_before = time.perf_counter(), _cpu_seconds(worker)
                with urllib.request.urlopen(f"{base}/massnahmen/export.{kind}", timeout=600) as response:
                    size = sum(len(chunk) for chunk in iter(lambda r=response: r.read(1 << 16), b""))
                seconds.append(time.perf_counter() - started)
                cpu.append(_cpu_seconds(worker) - cpu_before)
            rss, peak = _memory_mb(worker)
            runs = ", ".join(f"{s:.1f}" for s in seconds)
            print(
                f"| {kind.upper()} | {size / 1e6:.1f} | {statistics.median(seconds):.1f} ({runs}) "
                f"| {statistics.median(cpu):.1f} "
                f"| {rss:.0f} | {peak:.0f} | {peak - start_rss:.0f} |"
            )
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
