"""Generate many realistic measures fast into an existing demo database (national scale: 1.5 million).

    python bench/large_measures.py --database-url URL --count 1500000 [--municipalities 10800]

Used by the benchmark (``bench/run.py --measures N``) and by browser tests that page through a large
grid. The generated measures reuse the database's programs and states; ``--municipalities`` first tops
the municipalities up to about as many as Germany has (each state its share), so grouping by Kommune
meets national cardinality. Codes start with ``GEN-``, generated places have AGS ``LL9KKGGG``.

Why it is fast: values are drawn in blocks with numpy (seeded, so a run is reproducible), the rows go
to the driver directly (``executemany`` of plain tuples on SQLite, ``COPY`` on PostgreSQL), and the
secondary indexes and triggers of ``measures`` are dropped for the load and rebuilt once afterwards
(from their own stored definitions), then the search index is filled for the new rows in one statement
and the rollups are recomputed in one grouped pass.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, func, inspect, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data import rollups
from data.db import Database
from data.demo.names import LAND_KEYS
from data.models import Measure, MeasureRollup, Municipality, Program

SECTORS = (
    "Energie",
    "Gebäude",
    "Mobilität",
    "Konsum & Ernährung",
    "Natur & Klimaanpassung",
    "Bildung & Beteiligung",
    "Wirtschaft",
)
TOPICS = (
    "Solarberatung",
    "Repair-Café",
    "Lastenrad zum Ausleihen",
    "Mitfahrbank",
    "Energiespar-Check",
    "Thermografie-Spaziergang",
    "Klimafrühstück",
    "Streuobstwiese",
    "Balkonkraftwerke",
    "Wärmepumpen-Infoabend",
    "Schulgarten",
    "Dorfauto",
)
STATUSES = {
    "umgesetzt": 35,
    "in_umsetzung": 25,
    "geplant": 12,
    "verzoegert": 9,
    "nicht_erreicht": 5,
    "abgebrochen": 4,
    "unbekannt": 10,
}
INVOLVED = ("Gemeindeverwaltung", "Örtliche Vereine", "Grundschule", None)
# Municipalities (Gemeinden) per state, Destatis Gemeindeverzeichnis 2024: 10 756 in all.
MUNICIPALITIES_PER_STATE = {
    "DE-BW": 1101,
    "DE-BY": 2056,
    "DE-BE": 1,
    "DE-BB": 413,
    "DE-HB": 2,
    "DE-HH": 1,
    "DE-HE": 421,
    "DE-MV": 726,
    "DE-NI": 941,
    "DE-NW": 396,
    "DE-RP": 2301,
    "DE-SL": 52,
    "DE-SN": 418,
    "DE-ST": 218,
    "DE-SH": 1104,
    "DE-TH": 605,
}
NATIONAL_MUNICIPALITIES = 10_800
NAME_STARTS = (
    "Ober", "Nieder", "Alt", "Neu", "Groß", "Klein", "Hohen", "Wald", "Berg", "Eich", "Linden", "Buch", "Tann",
    "Stein", "Rosen", "Sonnen", "Kirch", "Mühl", "Wein", "Holz", "Brock", "Wester", "Oster", "Moor", "Ahl", "Bor",
    "Wend", "Lüb", "Hahn", "Rot", "Schwarz", "Gold", "Mittel", "Lang", "Kalten", "Hasel", "Birken", "Fichten",
)  # fmt: skip
NAME_ENDS = (
    "hausen", "ingen", "weiler", "bronn", "stetten", "heim", "bach", "hofen", "dorf", "feld", "hagen", "horst",
    "beck", "rode", "leben", "stedt", "kirchen", "born", "scheid", "roth", "au", "tal", "burg", "brück", "furt",
)  # fmt: skip
MEASURE_COLUMNS = (
    "code", "program_id", "title", "teaser", "description_what", "sector", "state_code", "municipality_id",
    "status", "progress_pct", "responsible", "involved", "started_on", "planned_completion_on", "completed_on",
    "co2_t_per_year", "cost_eur", "volunteer_led", "version", "updated_at", "updated_by",
)  # fmt: skip
BLOCK = 100_000
log = logging.getLogger(__name__)


def generate(db: Database, count: int, seed: int = 7, today: date | None = None, municipalities: int = 0) -> int:
    """Insert ``count`` measures (after topping municipalities up to ``municipalities``, if more than
    exist); returns how many measures the database holds afterwards."""
    today = today or date.today()
    rng = np.random.default_rng(seed)
    if municipalities:
        add_municipalities(db, municipalities, rng)
    with db.session() as session:
        programs = session.scalars(select(Program.id).order_by(Program.id)).all()
        places = session.execute(
            select(Municipality.id, Municipality.name, Municipality.state_code).order_by(Municipality.id)
        ).all()
        offset = session.scalar(select(func.count()).select_from(Measure).where(Measure.code.like("GEN-%")))
    if not programs or not places:
        raise SystemExit("Die Datenbank braucht Programme und Kommunen (Demodaten) als Grundlage.")
    rows = _measure_rows(rng, count, offset, programs, places, today, db.dialect)
    started = time.perf_counter()
    db.engine.dispose()  # SQLite leaves WAL only when no other connection is open
    with db.engine.connect() as connection, _bulk_load_journal(connection):
        with connection.begin():
            with _without_indexes_and_triggers(connection) as first_new_id:
                _bulk_insert(connection, "measures", MEASURE_COLUMNS, rows)
                log.info("%d Zeilen geschrieben: %.1f s", count, time.perf_counter() - started)
            log.info("Indizes und Trigger neu angelegt: %.1f s", time.perf_counter() - started)
            _fill_search_index(connection, first_new_id)
            log.info("Suchindex gefüllt: %.1f s", time.perf_counter() - started)
            if inspect(connection).has_table(MeasureRollup.__tablename__):
                rollups.rebuild(connection)
                log.info("Rollups neu berechnet: %.1f s", time.perf_counter() - started)
        return connection.scalar(select(func.count()).select_from(Measure))


@contextmanager
def _bulk_load_journal(connection: Connection) -> Iterator[None]:
    """SQLite: keep the rollback journal in memory during the load instead of writing every new page
    twice (once to the write-ahead log, once into the file); WAL is switched back on afterwards.
    A failed load still rolls back; only a crash of the machine mid-load would leave a broken file,
    which for a generated benchmark database is the right trade."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.commit()  # PRAGMA journal_mode needs to run outside a transaction
    pragmas = ("journal_mode = MEMORY", "synchronous = OFF", "cache_size = -400000", "temp_store = MEMORY")
    # Sorting for the index rebuilds may use a helper thread per core (SQLite's default is none).
    for pragma in (*pragmas, f"threads = {os.cpu_count() or 1}"):
        connection.exec_driver_sql(f"PRAGMA {pragma}")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        connection.exec_driver_sql("PRAGMA synchronous = FULL")


def add_municipalities(db: Database, total: int, rng: np.random.Generator) -> int:
    """Top the municipalities up to about ``total``, each state in proportion to its real number of
    Gemeinden; generated places are Gemeinden outside the KlikKS pipeline (no stage)."""
    scale = total / sum(MUNICIPALITIES_PER_STATE.values())
    with db.session() as session:
        existing = dict(
            session.execute(select(Municipality.state_code, func.count()).group_by(Municipality.state_code)).all()
        )
    rows = []
    for state, real in MUNICIPALITIES_PER_STATE.items():
        missing = max(0, round(real * scale) - existing.get(state, 0))
        starts = rng.integers(0, len(NAME_STARTS), missing).tolist()
        ends = rng.integers(0, len(NAME_ENDS), missing).tolist()
        populations = np.rint(np.exp(rng.normal(7.6, 1.1, missing))).astype(int).tolist()  # median ≈ 2 000
        for number, (start, end, population) in enumerate(zip(starts, ends, populations, strict=True)):
            # Land (2) + Regierungsbezirk 9 (never used by the demo data) + Kreis (2) + Gemeinde (3).
            ags = f"{LAND_KEYS[state]}9{number // 1000:02d}{number % 1000:03d}"
            rows.append((ags, NAME_STARTS[start] + NAME_ENDS[end], "gemeinde", state, population, False))
    if rows:
        columns = ("ags", "name", "kind", "state_code", "population", "has_climate_manager")
        with db.engine.begin() as connection:
            _bulk_insert(connection, "municipalities", columns, rows)
    return len(rows)


def _measure_rows(
    rng: np.random.Generator,
    count: int,
    offset: int,
    programs: Sequence[int],
    places: Sequence[tuple[int, str, str]],
    today: date,
    dialect: str,
) -> Iterator[tuple]:
    """The rows to insert, drawn block by block with the same distributions as before: status weights,
    start up to four years back, planned completion 2–30 months later, last update up to 700 days ago,
    70 % with a CO₂ estimate, 60 % with costs, 80 % volunteer-led."""
    statuses = list(STATUSES)
    status_p = np.array(list(STATUSES.values()), dtype=float)
    status_p /= status_p.sum()
    done, planned_status = statuses.index("umgesetzt"), statuses.index("geplant")
    days = [(today - timedelta(days=d)).isoformat() for d in range(0, 1501)] + [
        (today + timedelta(days=d)).isoformat() for d in range(999, 0, -1)
    ]  # days[d] is d days before today, days[-d] d days after it
    zone = "+00" if dialect == "postgresql" else ""
    clock = [f"{h:02d}:{m:02d}:00.000000{zone}" for h in range(7, 19) for m in range(60)]
    place_ids = [p[0] for p in places]
    place_names = [p[1] for p in places]
    place_states = [p[2] for p in places]
    teams = [f"Klimaschutzpat:innen {name}" for name in place_names[:250]] + [
        f"Amt für Klimaschutz {n}" for n in range(1, 51)
    ]
    number = offset
    for start in range(0, count, BLOCK):
        n = min(BLOCK, count - start)
        place = rng.integers(0, len(places), n).tolist()
        status = rng.choice(len(statuses), n, p=status_p)
        started_ago = rng.integers(30, 1501, n)
        planned_ago = started_ago - rng.integers(60, 901, n)  # negative: in the future
        updated_ago = rng.integers(0, 701, n).tolist()
        minute = rng.integers(0, len(clock), n).tolist()
        progress = np.where(status == done, 100, np.where(status == planned_status, 0, rng.integers(0, 96, n)))
        co2 = np.round(rng.uniform(0.1, 40, n), 2)
        co2_known = rng.random(n) < 0.7
        cost = np.round(rng.uniform(0, 50_000, n), -1)
        cost_known = rng.random(n) < 0.6
        topic = rng.integers(0, len(TOPICS), n).tolist()
        sector = rng.integers(0, len(SECTORS), n).tolist()
        program = rng.integers(0, len(programs), n).tolist()
        team = rng.integers(0, len(teams), n).tolist()
        involved = rng.integers(0, len(INVOLVED), n).tolist()
        volunteer = (rng.random(n) < 0.8).tolist()
        columns = zip(
            place,
            status.tolist(),
            started_ago.tolist(),
            planned_ago.tolist(),
            updated_ago,
            minute,
            progress.tolist(),
            np.where(co2_known, co2, np.nan).tolist(),
            np.where(cost_known, cost, np.nan).tolist(),
            topic,
            sector,
            program,
            team,
            involved,
            volunteer,
            strict=True,
        )
        for p, s, started, planned, updated, m, pct, co2_t, cost_eur, t, sec, prog, tm, inv, vol in columns:
            number += 1
            name = place_names[p]
            planned_on = days[planned]
            yield (
                f"GEN-{number:07d}",
                programs[prog],
                f"{TOPICS[t]} in {name} ({number})",
                f"Ein Projekt in {name}.",
                f"{TOPICS[t]}: ein Beitrag zum Klimaschutz in {name}.",
                SECTORS[sec],
                place_states[p],
                place_ids[p],
                statuses[s],
                pct,
                teams[tm],
                INVOLVED[inv],
                days[started],
                planned_on,
                planned_on if s == done else None,
                None if co2_t != co2_t else co2_t,  # NaN marks "no estimate"
                None if cost_eur != cost_eur else cost_eur,
                vol,
                1,
                f"{days[updated]} {clock[m]}",
                "Generator",
            )


def _bulk_insert(connection: Connection, table: str, columns: Sequence[str], rows) -> None:
    """Hand plain tuples to the driver: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""
    raw = connection.connection.driver_connection
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("?" for _ in columns)
    cursor = raw.cursor()
    try:
        rows = iter(rows)
        while block := [row for _, row in zip(range(BLOCK), rows, strict=False)]:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", block)
    finally:
        cursor.close()


@contextmanager
def _without_indexes_and_triggers(connection: Connection) -> Iterator[int]:
    """Drop the secondary indexes and the triggers of ``measures`` for a bulk load and recreate them
    afterwards from their stored definitions (one sorted build per index instead of 1.5 million random
    B-tree inserts). Yields the first id the load will use; what the triggers would have done for the
    new rows is done afterwards by :func:`_fill_search_index` and :func:`data.rollups.rebuild`."""
    first_new_id = (connection.scalar(select(func.max(Measure.id))) or 0) + 1
    if connection.dialect.name == "sqlite":
        definitions = connection.execute(
            text(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'measures' "
                "AND type IN ('index', 'trigger') AND sql IS NOT NULL"
            )
        ).all()
        for kind, name, _sql in definitions:
            connection.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
        yield first_new_id
        for _kind, name, sql in sorted(definitions, key=lambda d: d[0]):  # indexes before triggers
            started = time.perf_counter()
            connection.exec_driver_sql(sql)
            log.debug("%s: %.1f s", name, time.perf_counter() - started)
        return
    definitions = connection.execute(
        text(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = 'measures'::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
        )
    ).all()
    connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
    connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
    if connection.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        # The generated rows reference existing ids by construction: skip the per-row foreign-key
        # checks (only a superuser may; anyone else's load just takes longer).
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    connection.exec_driver_sql("ALTER TABLE measures DISABLE TRIGGER USER")
    for name, _sql in definitions:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield first_new_id
    connection.exec_driver_sql("SET LOCAL session_replication_role = origin")
    for name, sql in definitions:
        started = time.perf_counter()
        connection.exec_driver_sql(sql)
        log.debug("Index %s: %.1f s", name, time.perf_counter() - started)
    connection.exec_driver_sql("ALTER TABLE measures ENABLE TRIGGER USER")


def _fill_search_index(connection: Connection, first_new_id: int) -> None:
    """Do once what the triggers, off during the load, would have done: bump the data version (so no
    cached result survives the load) and, on SQLite, index the new rows for the search in one
    statement. (PostgreSQL's trigram index is an ordinary index, rebuilt with the others.)"""
    if inspect(connection).has_table("data_version"):
        connection.exec_driver_sql("UPDATE data_version SET version = version + 1 WHERE id = 1")
    if connection.dialect.name != "sqlite":
        return
    has_search = connection.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'measures_search'"))
    if not has_search:
        return
    # FTS5 merges its segments while it grows (work that grows faster than the rows); merging once at
    # the end ('optimize') costs a fraction of that. The defaults are restored afterwards.
    connection.exec_driver_sql("INSERT INTO measures_search(measures_search, rank) VALUES ('automerge', 0)")
    connection.exec_driver_sql("INSERT INTO measures_search(measures_search, rank) VALUES ('crisismerge', 2000)")
    connection.execute(
        text(
            "INSERT INTO measures_search(rowid, title, teaser, description_what, description_plan) "
            "SELECT id, title, teaser, description_what, description_plan FROM measures WHERE id >= :first"
        ),
        {"first": first_new_id},
    )
    connection.exec_driver_sql("INSERT INTO measures_search(measures_search, rank) VALUES ('automerge', 4)")
    connection.exec_driver_sql("INSERT INTO measures_search(measures_search, rank) VALUES ('crisismerge', 16)")
    connection.exec_driver_sql("INSERT INTO measures_search(measures_search) VALUES ('optimize')")


def analyse(db: Database) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL's autovacuum would do it later);
    on SQLite also fold the write-ahead log back into the database file, as a quiet server would."""
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    if db.dialect == "sqlite":
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--municipalities",
        type=int,
        default=NATIONAL_MUNICIPALITIES,
        help="Kommunen vorher auf etwa so viele auffüllen (0: keine hinzufügen)",
    )
    parser.add_argument("--verbose", action="store_true", help="Dauer jedes Index-Neuaufbaus zeigen")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    db = Database.from_url(args.database_url)
    started = time.perf_counter()
    total = generate(db, args.count, args.seed, municipalities=args.municipalities)
    loaded = time.perf_counter() - started
    analyse(db)
    elapsed = time.perf_counter() - started
    log.info(
        "%d Maßnahmen erzeugt; insgesamt %d. Laden mit Indizes %.1f s, mit ANALYZE %.1f s "
        "(CPU-Zeit dieses Prozesses %.1f s).",
        args.count,
        total,
        loaded,
        elapsed,
        time.process_time(),
    )
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
