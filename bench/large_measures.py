"""Generate many realistic measures fast (bulk Core inserts) into an existing demo database.

    python bench/large_measures.py --database-url URL --count 150000

Used by the benchmark (``bench/run.py --measures N``) and by browser tests that page through a large
grid. The generated measures reuse the database's programs, states and municipalities, so every
filter of the Maßnahmen page has something to find; codes start with ``GEN-``.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.db import Database
from data.models import Measure, Municipality, Program

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
CHUNK = 5000


def generate(db: Database, count: int, seed: int = 7, today: date | None = None) -> int:
    """Insert ``count`` measures; returns how many measures the database holds afterwards."""
    rng = random.Random(seed)
    today = today or date.today()
    with db.session() as session:
        programs = session.scalars(select(Program.id).order_by(Program.id)).all()
        places = session.execute(select(Municipality.id, Municipality.name, Municipality.state_code)).all()
        offset = session.scalar(select(func.count()).select_from(Measure).where(Measure.code.like("GEN-%")))
        if not programs or not places:
            raise SystemExit("Die Datenbank braucht Programme und Kommunen (Demodaten) als Grundlage.")
        teams = [f"Klimaschutzpat:innen {name}" for _id, name, _state in places[:250]] + [
            f"Amt für Klimaschutz {n}" for n in range(1, 51)
        ]
        statuses, weights = list(STATUSES), list(STATUSES.values())
        batch: list[dict] = []
        for number in range(offset + 1, offset + count + 1):
            place_id, place_name, state = rng.choice(places)
            status = rng.choices(statuses, weights)[0]
            started = today - timedelta(days=rng.randint(30, 1500))
            planned = started + timedelta(days=rng.randint(60, 900))
            updated = datetime.combine(
                today - timedelta(days=rng.randint(0, 700)), time(rng.randint(7, 18), rng.randint(0, 59)), tzinfo=UTC
            )
            topic = rng.choice(TOPICS)
            batch.append(
                {
                    "code": f"GEN-{number:06d}",
                    "program_id": rng.choice(programs),
                    "title": f"{topic} in {place_name} ({number})",
                    "teaser": f"Ein Projekt in {place_name}.",
                    "description_what": f"{topic}: ein Beitrag zum Klimaschutz in {place_name}.",
                    "sector": rng.choice(SECTORS),
                    "state_code": state,
                    "municipality_id": place_id,
                    "status": status,
                    "progress_pct": {"umgesetzt": 100, "geplant": 0}.get(status, rng.randint(0, 95)),
                    "responsible": rng.choice(teams),
                    "involved": rng.choice(["Gemeindeverwaltung", "Örtliche Vereine", "Grundschule", None]),
                    "started_on": started,
                    "planned_completion_on": planned,
                    "completed_on": planned if status == "umgesetzt" else None,
                    "co2_t_per_year": round(rng.uniform(0.1, 40), 2) if rng.random() < 0.7 else None,
                    "cost_eur": round(rng.uniform(0, 50_000), -1) if rng.random() < 0.6 else None,
                    "volunteer_led": rng.random() < 0.8,
                    "version": 1,
                    "updated_at": updated,
                    "updated_by": "Generator",
                }
            )
            if len(batch) >= CHUNK:
                session.execute(insert(Measure), batch)
                batch = []
        if batch:
            session.execute(insert(Measure), batch)
        session.commit()
        return session.scalar(select(func.count()).select_from(Measure))


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
    args = parser.parse_args()
    db = Database.from_url(args.database_url)
    total = generate(db, args.count, args.seed)
    analyse(db)
    print(f"{args.count} Maßnahmen erzeugt; insgesamt {total}.")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
