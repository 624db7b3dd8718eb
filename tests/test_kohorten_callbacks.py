"""Kohorten callbacks as plain functions over the demo data, and the figure builders."""

from __future__ import annotations

import json

import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest
from sqlalchemy import select

from callbacks import kohorten, kohorten_detail
from callbacks.routing import PageNotFound, render_page
from data.models import Attendance, AuditEntry, Cohort, CohortSession, Enrollment, Goal
from layouts import kohorten_figures as figures
from tests.support.accounts import as_coordinator

ACTOR = as_coordinator("Test-Nutzerin")


def _text(component) -> str:
    return json.dumps(
        component.to_plotly_json() if hasattr(component, "to_plotly_json") else component,
        cls=plotly.utils.PlotlyJSONEncoder,
        ensure_ascii=False,
    )


def _cohort_id(db, title: str) -> int:
    with db.session() as session:
        return session.scalar(select(Cohort.id).where(Cohort.title == title))


def test_overview_renders_with_notes_for_bad_query_values(demo_db):
    layout = kohorten.render_kohorten(demo_db, {"format": "klimatraining,zirkus", "jahr": "1999", "ort": "DE-XX"})
    text = _text(layout)
    assert "Trainings & Kohorten" in text
    assert "Format: „zirkus“ gibt es nicht (möglich: Coaching Regionalmanagement," in text
    assert "Jahr: „1999“ gibt es nicht" in text and "Ort: „DE-XX“ gibt es nicht" in text
    assert "Traceback" not in text


def test_overview_filter_gives_kpis_timeline_and_url(demo_db):
    kpis, timeline, query = kohorten.update_kohorten(demo_db, ["klimatraining"], [], None, None)
    table, *closed = kohorten.update_tables(demo_db, ["klimatraining"], [], None, None, (1, None, 0, 2, None))
    assert query == "?format=klimatraining"
    text = _text(kpis)
    assert '"kpi-kohorten"' in text and '"5"' in text  # Münster cohorts 1–5
    assert ">215<" not in text and '"215"' in text  # 25 + 90 + 40 + 25 + 35 registered
    assert [trace["name"] for trace in timeline["data"]] == ["KlimaTraining"]
    go.Figure(timeline)
    assert "/kohorten/" in _text(table)
    assert closed == [None] * 4  # tables are built only while their fold-out is open


def test_overview_filters_by_place_year_and_status(demo_db):
    _kpis, timeline, query = kohorten.update_kohorten(demo_db, [], ["abgesagt"], "DE-TH", 2024)
    assert query == "?status=abgesagt&ort=DE-TH&jahr=2024"
    assert [trace["y"] for trace in timeline["data"]] == [["Zukunftswerkstatt ThEGA (2024)"]]


def test_attendance_and_goal_sections_for_muenster(demo_db):
    sizes, note, compare = kohorten.update_attendance(demo_db, ["klimatraining"], [], None, None)
    _timeline, _sizes, compare_table, goals_table, achievement_table = kohorten.update_tables(
        demo_db, ["klimatraining"], [], None, None, (0, 0, 1, 1, 3)
    )
    assert len(compare["data"]) == 5 and "Anteil der Angemeldeten" in note
    assert sum(len(trace["x"]) for trace in sizes["data"]) == 5
    assert "Kohorte 3" in _text(compare_table)
    goals, achievement = kohorten.update_goals(demo_db, ["klimatraining"], [], None, None)
    assert [trace["name"] for trace in goals["data"]] == ["○ Geplant", "▶ Begonnen", "✓ Erreicht", "✗ Nicht erreicht"]
    assert achievement["data"][0]["x"] == ["Kohorte 1", "Kohorte 2", "Kohorte 3", "Kohorte 4", "Kohorte 5"]
    assert "t CO₂" in _text(achievement_table) and "NaN" not in _text(goals_table)
    for fig in (sizes, compare, goals, achievement):
        go.Figure(fig)  # valid Plotly: raises on any unknown property


def test_comparison_is_limited_with_a_note(demo_db):
    _sizes, note, compare = kohorten.update_attendance(demo_db, [], [], None, None)
    assert len(compare["data"]) == kohorten.COMPARE_LIMIT
    assert "jüngsten" in note


def test_timeline_click_opens_the_cohort():
    assert kohorten.cohort_path_from_click({"points": [{"customdata": [12, "x"]}]}) == "/kohorten/12"
    assert kohorten.cohort_path_from_click({"points": []}) is None
    assert kohorten.cohort_path_from_click(None) is None
    click = {"points": [{"customdata": [12, "x"]}]}
    assert kohorten.cohort_link(click, "?format=klimatraining") == "/kohorten/12?format=klimatraining"
    assert kohorten.cohort_link(click, None) == kohorten.cohort_link(click, 7) == "/kohorten/12"
    assert kohorten.cohort_link(click, "//elsewhere") == "/kohorten/12"
    assert kohorten.cohort_link({"points": []}, "?format=x") is None


@pytest.mark.parametrize("raw", ["abc", "99999", "-1"])
def test_unknown_cohort_ids_raise_page_not_found(demo_db, raw):
    with pytest.raises(PageNotFound):
        kohorten_detail.render_kohorte(demo_db, {}, raw)
    page, title = render_page(demo_db, f"/kohorten/{raw}", "")
    assert "Seite nicht gefunden" in _text(page) and title.startswith("Nicht gefunden")


def test_detail_page_shows_codes_trainers_and_no_trainee_names(demo_db):
    cohort_id = _cohort_id(demo_db, "KlimaTraining Münster – Kohorte 5")
    text = _text(kohorten_detail.render_kohorte(demo_db, {}, str(cohort_id)))
    assert "MS5-001" in text and "Kleingruppe 1" in text
    assert "Teilnahme-Trichter" in text and "nan" not in text.lower().replace("nannte", "")


def _missed_session(db, cohort_id: int):
    """An enrollment still in the cohort that missed a (non-closing) session: ticking it is allowed."""
    with db.session() as session:
        return session.execute(
            select(Enrollment.id, Enrollment.version, CohortSession.id)
            .join(Attendance, Attendance.enrollment_id == Enrollment.id)
            .join(CohortSession, CohortSession.id == Attendance.session_id)
            .where(
                Enrollment.cohort_id == cohort_id,
                Enrollment.status == "abgeschlossen",
                Attendance.present.is_(False),
            )
            .order_by(Enrollment.id, CohortSession.position)
            .limit(1)
        ).one()


def test_saving_attendance_returns_fresh_row_and_refreshes_funnel(demo_db):
    cohort_id = _cohort_id(demo_db, "KlimaTraining Münster – Kohorte 5")
    enrollment_id, version, session_id = _missed_session(demo_db, cohort_id)
    before = kohorten_detail.refresh_kohorte(demo_db, cohort_id)[1]["data"][0]["x"]
    change = {
        "rowId": str(enrollment_id),
        "colId": f"s{session_id}",
        "value": True,
        "oldValue": False,
        "data": {"id": str(enrollment_id), "code": "X", "version": version, f"s{session_id}": True},
    }
    message, transaction, saved = kohorten_detail.save_attendance_changes(demo_db, ACTOR, cohort_id, [change])
    assert saved and "Gespeichert" in _text(message)
    row = transaction["update"][0]
    assert row["id"] == str(enrollment_id) and row["version"] == version + 1 and row[f"s{session_id}"] is True
    after = kohorten_detail.refresh_kohorte(demo_db, cohort_id)[1]["data"][0]["x"]
    assert sum(after) == sum(before) + 1
    with demo_db.session() as session:
        audits = session.execute(
            select(AuditEntry.actor, AuditEntry.new_value).where(AuditEntry.table_name == "attendance")
        ).all()
        assert audits == [(ACTOR.name, "ja")]


def test_rejected_attendance_reverts_the_row(demo_db):
    cohort_id = _cohort_id(demo_db, "KlimaTraining Münster – Kohorte 5")
    enrollment_id, version, session_id = _missed_session(demo_db, cohort_id)
    change = {
        "colId": f"s{session_id}",
        "value": True,
        "data": {"id": str(enrollment_id), "code": "X", "version": version + 3, f"s{session_id}": True},
    }
    message, transaction, saved = kohorten_detail.save_attendance_changes(demo_db, ACTOR, cohort_id, [change])
    assert not saved and "Nicht gespeichert" in _text(message) and "inzwischen" in _text(message)
    assert transaction["update"][0][f"s{session_id}"] is False
    assert transaction["update"][0]["version"] == version


def test_status_label_from_the_grid_is_saved_as_key_and_invalid_co2_is_rejected(demo_db):
    cohort_id = _cohort_id(demo_db, "KlimaTraining Münster – Kohorte 5")
    with demo_db.session() as session:
        goal = session.scalars(
            select(Goal).join(Enrollment).where(Enrollment.cohort_id == cohort_id, Goal.status == "begonnen")
        ).first()
        goal_id, co2 = goal.id, goal.co2_t_per_year
    change = {"colId": "status", "value": "Erreicht", "data": {"id": str(goal_id), "version": 1}}
    message, transaction, saved = kohorten_detail.save_goal_changes(demo_db, ACTOR, cohort_id, [change])
    assert saved and transaction["update"][0]["status"] == "Erreicht"
    bad = {"colId": "co2", "value": "-3", "data": {"id": str(goal_id), "version": 2}}
    message, transaction, saved = kohorten_detail.save_goal_changes(demo_db, ACTOR, cohort_id, [bad])
    assert not saved and "zwischen 0 und 50" in _text(message)
    with demo_db.session() as session:
        stored = session.get(Goal, goal_id)
        assert (stored.status, stored.co2_t_per_year, stored.version) == ("erreicht", co2, 2)


@pytest.mark.parametrize(
    "forged", [{"data": "kaputt", "colId": "status"}, "x", None, {"colId": ["status"], "data": {}}]
)
def test_a_forged_entry_next_to_a_real_change_is_dropped_and_the_real_one_reported(demo_db, forged):
    """A save loop never stops half-way: what was saved is reported as saved."""
    cohort_id = _cohort_id(demo_db, "KlimaTraining Münster – Kohorte 5")
    with demo_db.session() as session:
        goal = session.scalars(
            select(Goal).join(Enrollment).where(Enrollment.cohort_id == cohort_id, Goal.status == "begonnen")
        ).first()
    change = {"colId": "status", "value": "Erreicht", "data": {"id": goal.id, "version": goal.version}}
    message, transaction, saved = kohorten_detail.save_goal_changes(demo_db, ACTOR, cohort_id, [change, forged])
    assert saved and "Gespeichert:" in _text(message)
    assert [row["id"] for row in transaction["update"]] == [str(goal.id)]


def test_figures_handle_empty_frames():
    empty = pd.DataFrame(columns=["id", "title", "kind", "status", "starts_on", "ends_on", "registered", "completed"])
    for fig in (figures.timeline_figure(empty), figures.sizes_figure(empty)):
        assert fig["data"] == [] and "Keine" in fig["layout"]["annotations"][0]["text"]
    assert "Keine" in figures.goals_status_figure(pd.DataFrame())["layout"]["annotations"][0]["text"]


def test_funnel_figure_text_shows_share_and_drop():
    steps = pd.DataFrame(
        {
            "kind": ["angemeldet", "auftakt", "abgeschlossen"],
            "label": ["Angemeldet", "Auftakt", "Abgeschlossen"],
            "held_on": [None, pd.Timestamp("2024-10-09").date(), None],
            "count": [4, 3, 3],
            "share": [1.0, 0.75, 0.75],
            "drop": [float("nan"), 1.0, 0.0],
        }
    )
    fig = figures.funnel_figure(steps)
    assert fig["data"][0]["text"] == ["4 · 100 %", "3 · 75 % · −1", "3 · 75 %"]
    assert fig["data"][0]["y"] == ["Angemeldet", "Auftakt (09.10.2024)", "Abgeschlossen"]


def test_figures_keep_the_house_style_and_are_valid_plotly():
    steps = pd.DataFrame(
        {
            "kind": ["angemeldet", "abgeschlossen"],
            "label": ["Angemeldet", "Abgeschlossen"],
            "held_on": [None, None],
            "count": [2, 0],
            "share": [1.0, 0.0],
            "drop": [float("nan"), 2.0],
        }
    )
    fig = figures.funnel_figure(steps)
    assert fig["layout"]["separators"] == ",." and fig["layout"]["font"]["size"] == 15
    assert fig["data"][0]["text"] == ["2 · 100 %", "0 · 0 % · −2"]
    go.Figure(fig)  # raises on any invalid property


def test_status_change_in_the_attendance_grid_updates_row_and_kpis(demo_db):
    cohort_id = _cohort_id(demo_db, "KlimaTraining Münster – Kohorte 5")
    with demo_db.session() as session:
        enrollment_id = session.scalar(
            select(Enrollment.id)
            .where(Enrollment.cohort_id == cohort_id, Enrollment.status == "abgeschlossen")
            .order_by(Enrollment.id)
        )
    change = {"colId": "status", "value": "Abgebrochen", "data": {"id": str(enrollment_id), "version": 1}}
    message, transaction, saved = kohorten_detail.save_attendance_changes(demo_db, ACTOR, cohort_id, [change])
    assert saved and "Gespeichert" in _text(message)
    row = transaction["update"][0]
    assert (row["status"], row["version"]) == ("Abgebrochen", 2) and row["date"] != "—"
    kpis = _text(kohorten_detail.refresh_kohorte(demo_db, cohort_id)[0])
    assert '"26"' in kpis  # 27 completed before
    unknown = {"colId": "status", "value": "Pausiert", "data": {"id": str(enrollment_id), "version": 2}}
    message, _transaction, saved = kohorten_detail.save_attendance_changes(demo_db, ACTOR, cohort_id, [unknown])
    assert not saved and "kein bekannter Teilnahmestatus" in _text(message)
