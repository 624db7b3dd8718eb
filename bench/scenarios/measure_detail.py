"""Measure detail page at demo scale."""

from __future__ import annotations

from sqlalchemy import select

from bench.common import Scenario
from callbacks.measure_detail import render_measure_detail
from data.db import Database
from data.models import Measure


def scenarios(db: Database) -> list[Scenario]:
    with db.session() as session:
        measure_id = session.scalar(select(Measure.id).where(Measure.code == "MS-KSV-01"))
    return [
        Scenario(
            "Maßnahme",
            "Detailseite aufbauen (Stand, Verlauf, Nachfragen)",
            lambda: render_measure_detail(db, {}, str(measure_id)).to_plotly_json(),
            100,
        )
    ]
