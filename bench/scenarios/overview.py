"""Übersicht callbacks at demo scale."""

from __future__ import annotations

from bench.common import Scenario
from callbacks.overview import render_overview, update_overview
from data.db import Database


def scenarios(db: Database) -> list[Scenario]:
    return [
        Scenario("Übersicht", "Seite aufbauen (URL → Layout)", lambda: render_overview(db, {}).to_plotly_json(), 100),
        Scenario("Übersicht", "Filter: Gesamtzeitraum", lambda: update_overview(db, None, None, "kommunen"), 100),
        Scenario(
            "Übersicht",
            "Filter: 2023, Pat:innen",
            lambda: update_overview(db, "2023-01-01", "2023-12-31", "paten"),
            100,
        ),
        Scenario(
            "Übersicht",
            "Filter: 2024, Projekte",
            lambda: update_overview(db, "2024-01-01", "2024-12-31", "projekte"),
            100,
        ),
    ]
