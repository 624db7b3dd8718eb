"""Kohorten callbacks at demo scale: overview filters, cohort detail, refresh and a saved grid edit."""

from __future__ import annotations

from sqlalchemy import select

from bench.common import Scenario
from callbacks.kohorten import (
    render_kohorten,
    update_attendance,
    update_goals,
    update_kohorten,
    update_tables,
)
from callbacks.kohorten_detail import refresh_kohorte, render_kohorte, save_attendance_changes
from data.commands.unit_of_work import Actor
from data.db import Database
from data.models import Attendance, Cohort, Enrollment

PAGE = "Kohorten"
ALL = ([], [], None, None)
MUENSTER = (["klimatraining"], [], None, None)

BENCH_ACTOR = Actor(name="Benchmark", role="koordination")  # may write everywhere, like a coordinator


def scenarios(db: Database) -> list[Scenario]:
    with db.session() as session:
        cohort_id = session.scalar(select(Cohort.id).where(Cohort.title == "KlimaTraining Münster – Kohorte 2"))
        enrollment_id, session_id = session.execute(
            select(Attendance.enrollment_id, Attendance.session_id)
            .join(Enrollment, Enrollment.id == Attendance.enrollment_id)
            .where(Enrollment.cohort_id == cohort_id, Enrollment.status == "abgeschlossen")
            .order_by(Attendance.id)
            .limit(1)
        ).one()
    toggle = {"value": True}

    def save_edit():
        """Toggle one attendance box back and forth: a real write with audit row and fresh grid row."""
        with db.session() as session:
            version = session.scalar(select(Enrollment.version).where(Enrollment.id == enrollment_id))
        toggle["value"] = not toggle["value"]
        change = {
            "colId": f"s{session_id}",
            "value": toggle["value"],
            "data": {"id": str(enrollment_id), "code": "bench", "version": version},
        }
        # the Abschluss rule may reject un-ticking; both outcomes are full server round trips
        return save_attendance_changes(db, BENCH_ACTOR, cohort_id, [change])[:2]

    return [
        Scenario(PAGE, "Übersicht aufbauen (URL → Layout)", lambda: render_kohorten(db, {}).to_plotly_json(), 100),
        Scenario(PAGE, "KPIs + Zeitleiste: alle Kohorten", lambda: update_kohorten(db, *ALL), 100),
        Scenario(PAGE, "Kohortenliste (Tabelle): alle", lambda: update_tables(db, *ALL, (1, 0, 0, 0, 0)), 100),
        Scenario(PAGE, "Größen + Trichtervergleich: alle", lambda: update_attendance(db, *ALL), 100),
        Scenario(PAGE, "Ziele + Zielerreichung: alle", lambda: update_goals(db, *ALL), 100),
        Scenario(PAGE, "KPIs + Zeitleiste: KlimaTraining", lambda: update_kohorten(db, *MUENSTER), 100),
        Scenario(PAGE, "Größen + Trichtervergleich: KlimaTraining", lambda: update_attendance(db, *MUENSTER), 100),
        Scenario(PAGE, "Ziele + Zielerreichung: KlimaTraining", lambda: update_goals(db, *MUENSTER), 100),
        Scenario(
            PAGE,
            "Kohorte aufbauen (90 Teilnehmende)",
            lambda: render_kohorte(db, {}, str(cohort_id)).to_plotly_json(),
            100,
        ),
        Scenario(PAGE, "Kohorte: Zahlen nach Änderung", lambda: refresh_kohorte(db, cohort_id), 100),
        Scenario(PAGE, "Kohorte: Anwesenheit speichern", save_edit, 100),
    ]
