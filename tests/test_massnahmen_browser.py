"""Browser tests of the Maßnahmen page (headless Debian chromium): filter, cross-filter, edit, page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from bench.large_measures import generate
from data.models import AuditEntry, Measure
from tests.support.accounts import as_coordinator

pytestmark = pytest.mark.browser

KLIMATRAINING = "/massnahmen?suche=Durchf%C3%BChrung+von+KlimaTrainings"


def _measure(db, code):
    with db.session() as session:
        return session.execute(select(Measure).where(Measure.code == code)).scalar_one()


def _grid_cell(page, col_id):
    return page.locator(f"#massnahmen-grid .ag-center-cols-container .ag-row[row-index='0'] [col-id='{col_id}']")


def _open(page, url):
    """Open a page and wait (generously: the CI machine is shared) until the grid has its first rows."""
    page.goto(url)
    expect(page.locator("#massnahmen-grid .ag-paging-row-summary-panel")).to_contain_text("1 bis")


def _choose_status(page, cell, label):
    """Open the status editor like a user: double-click the cell (the list opens at once), pick the label."""
    cell.dblclick()
    page.locator(".grid-choice-editor [role=option]", has_text=label).click()


def _click_bar(page, chart_id):
    """Click the middle of the first bar like a user (plotly listens on its drag layer, not on the bar)."""
    bar = page.locator(f"#{chart_id} .bars .point path").filter(visible=True).first
    expect(bar).to_be_visible()
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_page_shows_charts_grid_and_no_console_errors(live_server, page, console_errors):
    _open(page, live_server.url + "/massnahmen")
    expect(page.locator("h1.page-title")).to_have_text("Maßnahmen")
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).to_have_text("942")
    expect(page.locator("#massnahmen-status-chart .main-svg").first).to_be_visible()
    expect(page.locator("#massnahmen-grid .ag-paging-row-summary-panel")).to_contain_text("1 bis 100 von 942")
    expect(_grid_cell(page, "status")).not_to_be_empty()
    page.wait_for_load_state("networkidle")
    assert console_errors == []


def test_filter_controls_update_page_and_url(live_server, page, console_errors):
    _open(page, live_server.url + "/massnahmen")
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).to_have_text("942")
    page.get_by_label("überfällige").check()
    expect(page).to_have_url(re.compile(r"ueberfaellig=1"))
    overdue = page.locator("#massnahmen-kpi-overdue .kpi-value").inner_text()
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).to_have_text(overdue)
    page.get_by_label("Suche in Titel und Beschreibung").fill("Repair-Café")
    page.get_by_label("Suche in Titel und Beschreibung").press("Enter")
    expect(page).to_have_url(re.compile(r"suche=Repair-Caf%C3%A9"))
    expect(page.locator("#massnahmen-grid .ag-pinned-left-cols-container .ag-row").first).to_contain_text("Repair-Café")
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).not_to_have_text(overdue)
    assert console_errors == []


def test_link_reproduces_view_and_bad_values_get_a_note(live_server, page, console_errors):
    _open(page, live_server.url + "/massnahmen?programm=ksv-muenster&status=kaputt")
    expect(page.locator("#url-notes")).to_contain_text("Status: „kaputt“ gibt es nicht")
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).to_have_text("28")
    expect(page.locator("#massnahmen-grid .ag-paging-row-summary-panel")).to_contain_text("von 28")
    assert console_errors == []


def test_click_on_bar_filters_page_and_can_be_undone(live_server, page, console_errors):
    _open(page, live_server.url + "/massnahmen?programm=ksv-muenster")
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).to_have_text("28")
    _click_bar(page, "massnahmen-money-chart")
    expect(page).to_have_url(re.compile(r"programm=ksv-muenster&status=\w+"))
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).not_to_have_text("28")
    expect(page.locator("#massnahmen-undo")).to_be_enabled()
    page.locator("#massnahmen-undo").click()
    expect(page).to_have_url(re.compile(r"/massnahmen\?programm=ksv-muenster$"))
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).to_have_text("28")
    expect(page.locator("#massnahmen-undo")).to_be_disabled()
    assert console_errors == []


def test_click_on_status_chart_sets_handlungsfeld_and_status(live_server, page, console_errors):
    _open(page, live_server.url + "/massnahmen?programm=ksv-muenster")
    expect(page.locator("#massnahmen-kpi-total .kpi-value")).to_have_text("28")
    _click_bar(page, "massnahmen-status-chart")
    expect(page).to_have_url(re.compile(r"feld=[^&]+&status=\w+"))
    expect(page.locator("#massnahmen-grid .ag-paging-row-summary-panel")).not_to_contain_text("von 28")
    assert console_errors == []


def test_edit_status_in_grid_is_saved_with_audit_row(live_server, page, console_errors, demo_db, logged_in_page):
    logged_in_page("koordination")
    before = _measure(demo_db, "MS-KSV-01")
    assert before.status == "nicht_erreicht"
    _open(page, live_server.url + KLIMATRAINING)
    cell = _grid_cell(page, "status")
    expect(cell).to_have_text("Nicht erreicht")
    _choose_status(page, cell, "In Umsetzung")
    expect(page.locator("#massnahmen-save-message")).to_contain_text("Gespeichert: Status")
    expect(page.locator("#massnahmen-save-message")).to_contain_text("Nicht erreicht → In Umsetzung")
    expect(cell).to_have_text("In Umsetzung")
    after = _measure(demo_db, "MS-KSV-01")
    assert (after.status, after.version, after.updated_by) == (
        "in_umsetzung",
        before.version + 1,
        "Kim Koordination (Demo)",
    )
    with demo_db.session() as session:
        audit = (
            session.execute(
                select(AuditEntry)
                .where(AuditEntry.row_id == after.id, AuditEntry.table_name == "measures")
                .order_by(AuditEntry.id.desc())
            )
            .scalars()
            .first()
        )
    assert (audit.field, audit.old_value, audit.new_value, audit.source) == (
        "status",
        "nicht_erreicht",
        "in_umsetzung",
        "ui",
    )
    # The row is reloaded from the database (its new update date shows it, with its new version along):
    # a second edit of the same row is accepted, not a conflict.
    expect(_grid_cell(page, "updated_at")).to_have_text(f"{datetime.now(UTC):%d.%m.%Y}")
    _choose_status(page, cell, "Verzögert")
    expect(page.locator("#massnahmen-save-message")).to_contain_text("In Umsetzung → Verzögert")
    assert _measure(demo_db, "MS-KSV-01").version == before.version + 2
    assert console_errors == []


def test_invalid_progress_is_rejected_reverted_and_not_stored(
    live_server, page, console_errors, demo_db, logged_in_page
):
    logged_in_page("koordination")
    before = _measure(demo_db, "MS-KSV-01")
    _open(page, live_server.url + KLIMATRAINING)
    cell = _grid_cell(page, "progress_pct")
    expect(cell).to_have_text("40 %")
    cell.dblclick()
    editor = cell.locator("input")
    editor.fill("150")
    editor.press("Enter")
    expect(page.locator("#massnahmen-save-message")).to_contain_text("zwischen 0 und 100")
    expect(page.locator("#massnahmen-save-message .alert-danger")).to_be_visible()
    expect(cell).to_have_text("40 %")
    after = _measure(demo_db, "MS-KSV-01")
    assert (after.progress_pct, after.version) == (before.progress_pct, before.version)
    with demo_db.session() as session:
        fields = session.scalars(
            select(AuditEntry.field).where(AuditEntry.row_id == after.id, AuditEntry.source == "ui")
        ).all()
    assert fields == []
    assert console_errors == []


def test_edit_conflict_when_row_changed_elsewhere(live_server, page, console_errors, demo_db, logged_in_page):
    logged_in_page("koordination")
    _open(page, live_server.url + KLIMATRAINING)
    cell = _grid_cell(page, "progress_pct")
    expect(cell).to_have_text("40 %")
    with demo_db.session() as session:  # someone else saves the row after it was loaded
        from data.commands.massnahmen import update_measure

        measure = session.execute(select(Measure).where(Measure.code == "MS-KSV-01")).scalar_one()
        update_measure(session, as_coordinator("Kolleg:in"), measure.id, {"progress_pct": 45}, measure.version)
    cell.dblclick()
    cell.locator("input").fill("60")
    cell.locator("input").press("Enter")
    expect(page.locator("#massnahmen-save-message")).to_contain_text("Diese Maßnahme wurde inzwischen geändert")
    expect(cell).to_have_text("45 %")
    assert _measure(demo_db, "MS-KSV-01").progress_pct == 45
    assert console_errors == []


@pytest.fixture
def large_db(demo_db):
    generate(demo_db, 3000)
    return demo_db


def test_page_through_large_grid(large_db, live_server, page, console_errors):
    _open(page, live_server.url + "/massnahmen")
    summary = page.locator("#massnahmen-grid .ag-paging-row-summary-panel")
    expect(summary).to_contain_text("1 bis 100 von 3.942")
    first_row = page.locator("#massnahmen-grid .ag-pinned-left-cols-container .ag-row").first
    expect(first_row).to_contain_text("KK-BW-0001")
    page.locator("#massnahmen-grid .ag-paging-button[aria-label='Nächste Seite']").click()
    expect(summary).to_contain_text("101 bis 200 von 3.942")
    expect(page.locator("#massnahmen-grid .ag-paging-description")).to_contain_text("Seite 2 von 40")
    page.locator("#massnahmen-grid .ag-paging-button[aria-label='Letzte Seite']").click()
    expect(summary).to_contain_text("3.901 bis 3.942 von 3.942")
    # Sorting is done by the server over all rows, not just the loaded page.
    page.locator("#massnahmen-grid .ag-header-cell[col-id='code'] .ag-header-cell-label").click()
    page.locator("#massnahmen-grid .ag-header-cell[col-id='code'] .ag-header-cell-label").click()
    expect(page.locator("#massnahmen-grid .ag-pinned-left-cols-container .ag-row[row-index='0']")).to_contain_text(
        "MS-KSV-28"
    )
    assert console_errors == []


def test_grid_edit_appears_in_the_detail_page_history(live_server, page, console_errors, demo_db, logged_in_page):
    logged_in_page("koordination")
    measure = _measure(demo_db, "MS-KSV-01")
    _open(page, live_server.url + KLIMATRAINING)
    cell = _grid_cell(page, "status")
    expect(cell).to_have_text("Nicht erreicht")  # the row is loaded and the cell ready for editing
    _choose_status(page, cell, "Umgesetzt")
    expect(page.locator("#massnahmen-save-message")).to_contain_text("Nicht erreicht → Umgesetzt")
    page.locator("#massnahmen-grid a", has_text="Durchführung von KlimaTrainings").first.click()
    expect(page).to_have_url(re.compile(rf"/massnahmen/{measure.id}$"))
    newest = page.locator("#measure-history li").last
    expect(newest).to_contain_text("Nicht erreicht")
    expect(newest).to_contain_text("Umgesetzt")
    expect(newest).to_contain_text("von Kim Koordination (Demo)")
    expect(page.locator("#measure-summary")).to_contain_text("Umgesetzt")
    assert console_errors == []
