"""Browser tests of the Kohorten pages: filter, open a cohort, edit attendance and goals, check the database."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from data.models import Attendance, AuditEntry, Cohort, CohortSession, Enrollment, Goal
from layouts import format as fmt

pytestmark = pytest.mark.browser

COHORT_5 = "KlimaTraining Münster – Kohorte 5"


def _cohort_id(db, title: str) -> int:
    with db.session() as session:
        return session.scalar(select(Cohort.id).where(Cohort.title == title))


def _missed_session(db, cohort_id: int) -> tuple[int, int, int]:
    """(enrollment, session id, session position) of a completed participant who missed a session."""
    with db.session() as session:
        return session.execute(
            select(Enrollment.id, CohortSession.id, CohortSession.position)
            .join(Attendance, Attendance.enrollment_id == Enrollment.id)
            .join(CohortSession, CohortSession.id == Attendance.session_id)
            .where(
                Enrollment.cohort_id == cohort_id, Enrollment.status == "abgeschlossen", Attendance.present.is_(False)
            )
            .order_by(Enrollment.id, CohortSession.position)
            .limit(1)
        ).one()


def _present_count(db, session_id: int) -> int:
    with db.session() as session:
        return session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.session_id == session_id, Attendance.present)
        )


def test_filter_open_cohort_tick_attendance_updates_funnel_and_database(
    live_server, page, console_errors, demo_db, logged_in_page
):
    logged_in_page("koordination")
    cohort_id = _cohort_id(demo_db, COHORT_5)
    enrollment_id, session_id, position = _missed_session(demo_db, cohort_id)
    before = _present_count(demo_db, session_id)

    page.goto(live_server.url + "/kohorten")
    expect(page.locator("#kpi-kohorten .kpi-value")).to_have_text("49")
    page.get_by_label("KlimaTraining", exact=True).check()
    expect(page).to_have_url(re.compile(r"\?format=klimatraining$"))
    expect(page.locator("#kpi-kohorten .kpi-value")).to_have_text("5")
    expect(page.locator("#kohorten-timeline")).to_contain_text("Kohorte 5 (2024)")
    expect(page.locator("#kohorten-timeline")).not_to_contain_text("Schulung")

    page.get_by_text("Als Tabelle anzeigen (mit Links zu den Kohorten)").click()
    page.get_by_role("link", name=COHORT_5).click()
    expect(page.locator("h1.page-title")).to_have_text(COHORT_5)
    expect(page).to_have_url(re.compile(rf"/kohorten/{cohort_id}"))

    count_cell = page.locator("#kohorte-session-rows tbody tr").nth(position - 1).locator("td").nth(4)
    expect(count_cell).to_have_text(str(before))
    box = page.locator(f'#kohorte-attendance .ag-row[row-id="{enrollment_id}"] [col-id="s{session_id}"] input')
    page.locator("#kohorte-attendance").scroll_into_view_if_needed()  # the grid renders rows once on screen
    expect(box).not_to_be_checked()
    box.click()

    expect(page.locator("#kohorte-attendance-message")).to_contain_text("Gespeichert")
    expect(count_cell).to_have_text(str(before + 1))
    share = fmt.percent((before + 1) / 35)
    expect(page.locator("#kohorte-funnel")).to_contain_text(f"{before + 1} · {share}")
    expect(box).to_be_checked()

    with demo_db.session() as session:
        present = session.scalar(
            select(Attendance.present).where(
                Attendance.enrollment_id == enrollment_id, Attendance.session_id == session_id
            )
        )
        audit = session.execute(
            select(AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value, AuditEntry.actor).where(
                AuditEntry.table_name == "attendance"
            )
        ).one()
        version = session.scalar(select(Enrollment.version).where(Enrollment.id == enrollment_id))
    assert present is True and version == 2
    assert audit == ("present", "nein", "ja", "Kim Koordination (Demo)")
    assert console_errors == []


def test_invalid_goal_estimate_is_rejected_and_row_unchanged(
    live_server, page, console_errors, demo_db, logged_in_page
):
    logged_in_page("koordination")
    cohort_id = _cohort_id(demo_db, COHORT_5)
    with demo_db.session() as session:
        goal = session.scalars(
            select(Goal)
            .join(Enrollment)
            .where(Enrollment.cohort_id == cohort_id, Goal.co2_t_per_year.is_not(None))
            .order_by(Goal.id)
        ).first()
        goal_id, co2, status = goal.id, goal.co2_t_per_year, goal.status

    page.goto(f"{live_server.url}/kohorten/{cohort_id}")
    cell = page.locator(f'#kohorte-goals-grid .ag-row[row-id="{goal_id}"] [col-id="co2"]')
    shown = fmt.number(co2, 2)
    expect(cell).to_have_text(shown)
    page.locator("#kohorte-goals-grid").scroll_into_view_if_needed()  # the grid renders rows once on screen
    cell.dblclick()
    editor = cell.locator("input")
    editor.fill("-5")
    editor.press("Enter")

    expect(page.locator("#kohorte-goals-message")).to_contain_text("Nicht gespeichert")
    expect(page.locator("#kohorte-goals-message")).to_contain_text("zwischen 0 und 50 t CO₂/Jahr")
    expect(cell).to_have_text(shown)
    with demo_db.session() as session:
        stored = session.get(Goal, goal_id)
        assert (stored.co2_t_per_year, stored.status, stored.version) == (co2, status, 1)
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "goals")) == 0
    assert console_errors == []


def test_attendance_after_drop_out_is_rejected_and_box_unticked(
    live_server, page, console_errors, demo_db, logged_in_page
):
    logged_in_page("koordination")
    cohort_id = _cohort_id(demo_db, COHORT_5)
    with demo_db.session() as session:
        enrollment_id, session_id = session.execute(
            select(Enrollment.id, CohortSession.id)
            .join(CohortSession, CohortSession.cohort_id == Enrollment.cohort_id)
            .where(
                Enrollment.cohort_id == cohort_id,
                Enrollment.status == "abgebrochen",
                CohortSession.held_on > Enrollment.dropped_on,
            )
            .order_by(Enrollment.id, CohortSession.position.desc())
            .limit(1)
        ).one()
    page.goto(f"{live_server.url}/kohorten/{cohort_id}")
    box = page.locator(f'#kohorte-attendance .ag-row[row-id="{enrollment_id}"] [col-id="s{session_id}"] input')
    expect(page.locator("#kohorte-attendance")).to_be_visible()
    page.locator("#kohorte-attendance").scroll_into_view_if_needed()  # the grid renders rows once on screen
    expect(box).not_to_be_checked()
    box.click()
    expect(page.locator("#kohorte-attendance-message")).to_contain_text("abgebrochen")
    expect(box).not_to_be_checked()
    with demo_db.session() as session:
        assert session.scalar(select(Enrollment.version).where(Enrollment.id == enrollment_id)) == 1
        assert not session.scalar(
            select(Attendance.present).where(
                Attendance.enrollment_id == enrollment_id, Attendance.session_id == session_id
            )
        )
    assert console_errors == []


def test_link_with_filters_reproduces_view_and_unknown_cohort_is_friendly_404(live_server, page, console_errors):
    page.goto(live_server.url + "/kohorten?format=workshop&status=abgesagt&jahr=2024")
    expect(page.get_by_label("Workshop", exact=True)).to_be_checked()
    expect(page.locator("#kpi-kohorten .kpi-value")).to_have_text("1")
    expect(page.locator("#kohorten-timeline")).to_contain_text("Zukunftswerkstatt ThEGA")
    page.goto(live_server.url + "/kohorten?format=zirkus")
    expect(page.locator("#url-notes")).to_contain_text("zirkus")
    expect(page.locator("#kpi-kohorten .kpi-value")).to_have_text("49")
    assert console_errors == []
    page.goto(live_server.url + "/kohorten/99999")
    expect(page.locator("#page-not-found")).to_contain_text("Kohorte mit der Nummer 99999")


def test_clicking_a_timeline_bar_opens_the_cohort(live_server, page, console_errors):
    page.goto(live_server.url + "/kohorten?format=klimatraining")
    bar = page.locator("#kohorten-timeline .point path").first
    expect(bar).to_be_visible()
    box = bar.bounding_box()  # plotly's drag layer lies on top of the bars: click where the user sees it
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("h1.page-title")).to_have_text("KlimaTraining Münster – Kohorte 1")
    expect(page).to_have_url(re.compile(r"/kohorten/\d+\?format=klimatraining$"))  # the filters stay
    expect(page.locator("#kohorte-funnel")).to_contain_text("Angemeldet")
    assert console_errors == []
