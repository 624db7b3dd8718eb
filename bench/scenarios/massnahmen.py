"""Maßnahmen callbacks: page build, status overview for several filters, grid pages, a save.

Run with ``bench/run.py --measures 150000`` for the issue's targets (overview p95 < 300 ms,
one filtered + sorted grid page of 100 rows p95 < 150 ms, payloads < 250 KB).
"""

from __future__ import annotations

from itertools import count

from bench.common import Scenario
from callbacks.massnahmen import CONTROLS, render_massnahmen, update_massnahmen
from callbacks.massnahmen_grid import rows_response, save_edits
from data.commands.unit_of_work import Actor
from data.db import Database
from data.queries.measure_filters import MeasureFilter

OVERVIEW_MS = 300
GRID_MS = 150
PAGE = "Maßnahmen"

BENCH_ACTOR = Actor(name="Benchmark", role="koordination")  # may write everywhere, like a coordinator


def _controls(**values) -> tuple:
    defaults = {key: ([] if key in ("status", "flags") else None) for key in CONTROLS}
    return tuple({**defaults, **values}[key] for key in CONTROLS)


def _grid(db: Database, flt: MeasureFilter, start: int, sort: list[dict], column_filter: dict | None = None):
    request = {"startRow": start, "endRow": start + 100, "sortModel": sort, "filterModel": column_filter or {}}
    return lambda: rows_response(db, request, flt.to_store())


def _save(db: Database):
    """Alternating status saves of one row, each with the version the previous save left."""
    first = rows_response(db, {"startRow": 0, "endRow": 1}, {})["rowData"][0]
    row = dict(first)
    statuses = ("in_umsetzung", "verzoegert")
    turn = count()

    def run():
        status = statuses[next(turn) % 2]
        event = [{"colId": "status", "value": status, "rowId": str(row["id"]), "data": {**row, "status": status}}]
        message, _reverts, _processed = save_edits(db, BENCH_ACTOR, event)
        row["version"] += 1
        return message

    return run


def scenarios(db: Database) -> list[Scenario]:
    klikks_open = MeasureFilter(program="klikks", statuses=("in_umsetzung", "verzoegert"))
    return [
        Scenario(
            PAGE, "Seite aufbauen (URL → Layout)", lambda: render_massnahmen(db, {}).to_plotly_json(), OVERVIEW_MS
        ),
        Scenario(
            PAGE,
            "Übersicht: ohne Filter",
            lambda: update_massnahmen(db, _controls(), "handlungsfeld", None),
            OVERVIEW_MS,
        ),
        Scenario(
            PAGE,
            "Übersicht: KlikKS, 2 Status, nach Kommune",
            lambda: update_massnahmen(
                db, _controls(programm="klikks", status=["in_umsetzung", "verzoegert"]), "kommune", None
            ),
            OVERVIEW_MS,
        ),
        Scenario(
            PAGE,
            "Übersicht: Land NW, überfällig, nach Land",
            lambda: update_massnahmen(db, _controls(land="DE-NW", flags=["ueberfaellig"]), "land", None),
            OVERVIEW_MS,
        ),
        Scenario(
            PAGE,
            "Übersicht: Volltextsuche „Solar“",
            lambda: update_massnahmen(db, _controls(suche="Solar"), "handlungsfeld", None),
            OVERVIEW_MS,
        ),
        Scenario(PAGE, "Tabelle: Seite 1, ohne Filter", _grid(db, MeasureFilter(), 0, []), GRID_MS),
        Scenario(
            PAGE,
            "Tabelle: KlikKS + 2 Status, nach Abschluss sortiert",
            _grid(db, klikks_open, 0, [{"colId": "planned_completion_on", "sort": "asc"}]),
            GRID_MS,
        ),
        Scenario(
            PAGE,
            "Tabelle: KlikKS + 2 Status, Seite 51, Titel absteigend",
            _grid(db, klikks_open, 5000, [{"colId": "title", "sort": "desc"}]),
            GRID_MS,
        ),
        Scenario(
            PAGE,
            "Tabelle: Land NW, Spaltenfilter CO₂ ≥ 10, nach CO₂",
            _grid(
                db,
                MeasureFilter(state="DE-NW"),
                0,
                [{"colId": "co2_t_per_year", "sort": "desc"}],
                {"co2_t_per_year": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 10}},
            ),
            GRID_MS,
        ),
        Scenario(
            PAGE,
            "Tabelle: Volltextsuche „Solar“, nach Titel",
            _grid(db, MeasureFilter(text="Solar"), 0, [{"colId": "title", "sort": "asc"}]),
            GRID_MS,
        ),
        Scenario(PAGE, "Speichern einer Statusänderung (mit Audit)", _save(db), GRID_MS),
    ]
