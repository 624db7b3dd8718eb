"""Accounts in the browser: scoped editing, logout, public read-only mode, login rate limit, CSP."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dashboard.app import create_app
from data.models import AuditEntry, Measure
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

GRID = "#massnahmen-grid .ag-center-cols-container"


def _open_grid(page, url):
    page.goto(url)
    expect(page.locator("#massnahmen-grid .ag-paging-row-summary-panel")).to_contain_text("1 bis")


def _first_row(page):
    return page.locator(f"{GRID} .ag-row[row-index='0']")


def test_region_edits_its_state_and_sees_other_states_read_only(live_server, logged_in_page, console_errors, demo_db):
    page = logged_in_page("region-nw")
    expect(page.locator("#user-menu")).to_contain_text("Rita Region NRW (Demo)")
    expect(page.locator("#user-menu")).to_contain_text("Regionalmanagement · Nordrhein-Westfalen")

    _open_grid(page, live_server.url + "/massnahmen?land=DE-NW")
    row = _first_row(page)
    code = page.locator("#massnahmen-grid .ag-pinned-left-cols-container .ag-row[row-index='0'] [col-id='code']")
    expect(code).to_have_text(re.compile(r"\S"))  # the row's data has arrived
    code = code.text_content().strip()  # the text, even where the pinned column is scrolled or laid out away
    cell = row.locator("[col-id='responsible']")
    cell.dblclick()
    editor = cell.locator("input")
    expect(editor).to_be_visible()
    editor.fill("Team Rita")
    editor.press("Enter")
    expect(page.locator("#massnahmen-save-message")).to_contain_text("Gespeichert: Verantwortlich")
    with demo_db.session() as session:
        measure = session.scalar(select(Measure).where(Measure.code == code))
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "measures", AuditEntry.row_id == measure.id)
        ).all()[-1]
    assert measure.responsible == "Team Rita" and measure.updated_by == "Rita Region NRW (Demo)"
    assert (audit.actor, audit.new_value) == ("Rita Region NRW (Demo)", "Team Rita")

    page.goto(f"{live_server.url}/")  # "Letzte Änderungen" names the person
    expect(page.locator("body")).to_contain_text("Rita Region NRW (Demo)")

    _open_grid(page, live_server.url + "/massnahmen?land=DE-BW")
    cell = _first_row(page).locator("[col-id='responsible']")
    expect(cell).to_have_text(re.compile(r"\S"))
    before = cell.text_content()
    cell.dblclick()
    expect(page.locator(f"{GRID} .ag-cell-inline-editing")).to_have_count(0)
    expect(cell).to_have_text(before)

    page.get_by_role("link", name="Abmelden").click()
    expect(page.locator("#user-menu")).to_contain_text("Nur lesen")
    assert console_errors == []


def test_public_mode_shows_no_edit_controls(live_server, page, console_errors, demo_db):
    with demo_db.session() as session:
        measure_id = session.scalar(select(Measure.id).where(Measure.state_code == "DE-NW").limit(1))
    _open_grid(page, live_server.url + "/massnahmen?land=DE-NW")
    cell = _first_row(page).locator("[col-id='status']")
    cell.dblclick()
    expect(page.locator(f"{GRID} .ag-cell-inline-editing")).to_have_count(0)
    page.goto(f"{live_server.url}/massnahmen/{measure_id}")
    expect(page.locator("#measure-request-sign-in")).to_contain_text("Zum Nachfragen bitte anmelden")
    expect(page.locator("#measure-request-button")).to_have_count(0)
    page.goto(f"{live_server.url}/kohorten/45")
    expect(page.locator("#kohorte-attendance .ag-row").first).to_be_visible()
    page.locator("#kohorte-attendance .ag-row[row-index='0'] .ag-cell[col-id='status']").dblclick()
    expect(page.locator("#kohorte-attendance .ag-cell-inline-editing")).to_have_count(0)
    assert console_errors == []


def test_login_rate_limit_in_the_browser(live_server, page):
    page.goto(live_server.url + "/anmelden")
    for _ in range(5):
        page.fill("input[name='login']", "admin")
        page.fill("input[name='password']", "das-ist-falsch")
        page.get_by_role("button", name="Anmelden").click()
        expect(page.locator("#login-message")).to_contain_text("Anmeldung fehlgeschlagen")
    page.fill("input[name='login']", "admin")
    page.fill("input[name='password']", "das-ist-falsch")
    with page.expect_response(lambda response: response.url.endswith("/anmelden")) as answer:
        page.get_by_role("button", name="Anmelden").click()
    assert answer.value.status == 429
    expect(page.locator("#login-message")).to_contain_text("Zu viele Versuche")


def test_login_only_mode_sends_visitors_to_the_login_page(app_config, demo_db, page, console_errors):
    app = create_app(replace(app_config, public=False), db=demo_db)
    with LiveServer(app.server) as server:
        page.goto(server.url + "/laender")
        expect(page).to_have_title("Anmelden · KlikKS-Dashboard")
        page.fill("input[name='login']", "lesen")
        page.fill("input[name='password']", "test-passwort-2025")
        page.get_by_role("button", name="Anmelden").click()
        expect(page.locator("#user-menu")).to_contain_text("Lea Lesen (Demo)")
        assert page.url.endswith("/laender")
    assert console_errors == []


def test_admin_creates_an_account_on_the_admin_page(live_server, logged_in_page, console_errors, demo_db):
    page = logged_in_page("admin")
    page.get_by_role("link", name="Nutzer").click()
    expect(page.locator("#users-table")).to_contain_text("region-nw")
    page.fill("#users-add-login", "Neue.Region")
    page.fill("#users-add-name", "Nina Neu")
    page.select_option("#users-add-role", "region")
    page.fill("#users-add-scope", "DE-BW")
    page.fill("#users-add-password", "kurz")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.locator("#users-feedback")).to_contain_text("mindestens 12 Zeichen")
    page.fill("#users-add-password", "ein-gutes-langes-passwort")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.locator("#users-feedback")).to_contain_text("Konto „neue.region“ angelegt (Regionalmanagement)")
    expect(page.locator("#users-table")).to_contain_text("Nina Neu")
    expect(page.locator("#users-add-password")).to_have_value("")
    with demo_db.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "users")).all()
    assert {row.actor for row in audit} == {"Alex Admin (Demo)"}
    assert console_errors == []


def test_admin_page_is_closed_to_other_roles(live_server, logged_in_page):
    page = logged_in_page("koordination")
    expect(page.get_by_role("link", name="Nutzer")).to_have_count(0)
    page.goto(live_server.url + "/verwaltung/nutzer")
    expect(page.locator("#users-admins-only")).to_contain_text("nur für die Administration")
    expect(page.locator("#users-table")).to_have_count(0)
