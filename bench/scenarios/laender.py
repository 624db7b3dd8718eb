"""Länder and state page callbacks at demo scale (each callback timed on its own, as Dash runs them)."""

from __future__ import annotations

from bench.common import Scenario
from callbacks.laender import (
    render_laender,
    update_laender,
    update_laender_growth,
    update_laender_milestones,
    update_laender_pipeline,
)
from callbacks.laender_detail import (
    render_land,
    update_land,
    update_land_growth,
    update_land_measures,
    update_land_municipalities,
)
from data.db import Database

END = 35  # slider position of 28.02.2025
MID = 21  # 31.12.2023


def scenarios(db: Database) -> list[Scenario]:
    page, land = "Länder", "Land"
    return [
        Scenario(page, "Seite aufbauen (URL → Layout)", lambda: render_laender(db, {}).to_plotly_json(), 100),
        Scenario(page, "Karte + Vergleich, Ende, Kommunen", lambda: update_laender(db, END, "kommunen"), 100),
        Scenario(page, "Karte + Vergleich, 12/2023, % Ziel", lambda: update_laender(db, MID, "ziel"), 100),
        Scenario(page, "Wachstum, Ende, Kommunen", lambda: update_laender_growth(db, END, "kommunen"), 100),
        Scenario(page, "Wachstum, 12/2023, t CO₂", lambda: update_laender_growth(db, MID, "co2"), 100),
        Scenario(page, "Pipeline + Mediane, Ende", lambda: update_laender_pipeline(db, END), 100),
        Scenario(page, "Meilensteine, 12/2023", lambda: update_laender_milestones(db, MID), 100),
        Scenario(land, "Seite aufbauen DE-NW", lambda: render_land(db, {}, "DE-NW").to_plotly_json(), 100),
        Scenario(land, "KPIs + Pipeline DE-NW, Ende", lambda: update_land(db, "DE-NW", END, "kommunen"), 100),
        Scenario(land, "Wachstum DE-NW, Pat:innen", lambda: update_land_growth(db, "DE-NW", END, "paten"), 100),
        Scenario(land, "Kommunen-Tabelle DE-RP, Ende", lambda: update_land_municipalities(db, "DE-RP", END), 100),
        Scenario(land, "Maßnahmen + Kohorten DE-NW", lambda: update_land_measures(db, "DE-NW", END), 100),
    ]
