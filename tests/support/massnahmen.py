"""A tiny, hand-checkable set of measures for the Maßnahmen tests.

Reference day is TODAY (30.06.2026). Expected values in the tests are computed by hand from this table:

| code | program | state | municipality | sector | status | planned | updated (days ago) | CO₂ t/a | cost € |
|---|---|---|---|---|---|---|---|---|---|
| T-1 | klikks | DE-NW | Amhausen | Energie | umgesetzt | 2026-01-01 | 10 | 10.5 | 1000 |
| T-2 | klikks | DE-NW | Amhausen | Energie | in_umsetzung | 2026-03-01 | 60 | – | 500 |
| T-3 | klikks | DE-SL | Bedorf | Mobilität | verzoegert | 2026-05-01 | 200 | 2.0 | – |
| T-4 | klikks | DE-SL | Bedorf | Mobilität | geplant | 2027-01-01 | 100 | – | – |
| T-5 | ksv-muenster | DE-NW | – | Gebäude | nicht_erreicht | 2025-12-31 | 400 | 200 | 45000 |
| T-6 | ksv-muenster | – | – | Gebäude | unbekannt | – | 30 | – | – |
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from data.db import Database
from data.models import Measure, Municipality, Program, State

TODAY = date(2026, 6, 30)


def _ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), time(10, 0), tzinfo=UTC)


ROWS = (
    # code, program, state, municipality, sector, status, progress, planned, days ago, co2, cost, title, responsible
    (
        "T-1",
        "klikks",
        "DE-NW",
        "Amhausen",
        "Energie",
        "umgesetzt",
        100,
        date(2026, 1, 1),
        10,
        10.5,
        1000,
        "Solarberatung",
        "Team A",
    ),
    (
        "T-2",
        "klikks",
        "DE-NW",
        "Amhausen",
        "Energie",
        "in_umsetzung",
        50,
        date(2026, 3, 1),
        60,
        None,
        500,
        "Balkonkraftwerke",
        "Team A",
    ),
    (
        "T-3",
        "klikks",
        "DE-SL",
        "Bedorf",
        "Mobilität",
        "verzoegert",
        20,
        date(2026, 5, 1),
        200,
        2.0,
        None,
        "Mitfahrbank",
        "Team B",
    ),
    (
        "T-4",
        "klikks",
        "DE-SL",
        "Bedorf",
        "Mobilität",
        "geplant",
        0,
        date(2027, 1, 1),
        100,
        None,
        None,
        "Lastenrad zum Ausleihen",
        "Team B",
    ),
    (
        "T-5",
        "ksv-muenster",
        "DE-NW",
        None,
        "Gebäude",
        "nicht_erreicht",
        40,
        date(2025, 12, 31),
        400,
        200.0,
        45000,
        "Durchführung von KlimaTrainings",
        "Stabsstelle Klima",
    ),
    ("T-6", "ksv-muenster", None, None, "Gebäude", "unbekannt", None, None, 30, None, None, "Wärmeplanung", None),
)


def add_tiny_measures(db: Database) -> dict[str, int]:
    """Insert the table above into an empty, migrated database; returns measure ids by code."""
    with db.session() as session:
        programs = {
            "klikks": Program(code="klikks", name="KlikKS", short_name="KlikKS"),
            "ksv-muenster": Program(code="ksv-muenster", name="Klimastadt-Vertrag Münster", short_name="KSV Münster"),
        }
        states = {
            "DE-NW": State(code="DE-NW", name="Nordrhein-Westfalen", participating=True),
            "DE-SL": State(code="DE-SL", name="Saarland", participating=True),
        }
        places = {
            "Amhausen": Municipality(name="Amhausen", kind="gemeinde", state_code="DE-NW"),
            "Bedorf": Municipality(name="Bedorf", kind="gemeinde", state_code="DE-SL"),
        }
        session.add_all([*programs.values(), *states.values()])
        session.flush()
        session.add_all(places.values())
        measures = {}
        for code, program, state, place, sector, status, progress, planned, ago, co2, cost, title, who in ROWS:
            measures[code] = Measure(
                code=code,
                program=programs[program],
                title=title,
                description_what=f"Beschreibung von {title}",
                sector=sector,
                state_code=state,
                municipality=places[place] if place else None,
                status=status,
                progress_pct=progress,
                responsible=who,
                planned_completion_on=planned,
                co2_t_per_year=co2,
                cost_eur=cost,
                version=1,
                updated_at=_ago(ago),
                updated_by="Testdaten",
            )
        session.add_all(measures.values())
        session.commit()
        return {code: m.id for code, m in measures.items()}
