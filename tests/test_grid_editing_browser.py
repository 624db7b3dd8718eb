"""Browser tests of German input in the Maßnahmen grid: numbers typed with a comma, refused input that reverts,
the status list by keyboard, and a save while the database is locked."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from dashboard.app import create_app
from data.db import Database
from data.models import AuditEntry, Measure
from tests.support.accounts import DEMO_PASSWORD
from tests.support.server import LiveServer

pytestmark = pytest.mark.browser

KLIMATRAINING = "/massnahmen?suche=Durchf%C3%BChrung+von+KlimaTrainings"  # one row: MS-KSV-01
MESSAGE = "#massnahmen-save-message"


def _measure(db) -> Measure:
    with db.session() as session:
        return session.execute(select(Measure).where(Measure.code == "MS-KSV-01")).scalar_one()


def _audit_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def _open(page, url: str) -> None:
    """Sign in as a coordinator (edits need a login) on the server of ``url``, then open it."""
    base = url.split("/massnahmen")[0]
    page.goto(base + "/anmelden")
    page.fill("input[name='login']", "koordination")
    page.fill("input[name='password']", DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#user-name")).to_be_visible()
    page.goto(url)
    expect(page.locator("#massnahmen-grid .ag-paging-row-summary-panel")).to_contain_text("1 bis", timeout=20_000)


def _cell(page, col_id: str):
    """The first row's cell, scrolled into the grid's view (columns off screen are not rendered)."""
    page.evaluate(f"dash_ag_grid.getApi('massnahmen-grid').ensureColumnVisible('{col_id}')")
    cell = page.locator(f"#massnahmen-grid .ag-center-cols-container .ag-row[row-index='0'] [col-id='{col_id}']")
    expect(cell).not_to_have_text("")
    return cell


def _type_into(cell, text: str) -> None:
    cell.dblclick()
    editor = cell.locator("input.grid-number-editor")
    editor.fill(text)
    editor.press("Enter")


def test_a_comma_decimal_is_stored_as_such_and_shown_in_german(live_server, page, console_errors, demo_db):
    _open(page, live_server.url + KLIMATRAINING)
    co2 = _cell(page, "co2_t_per_year")
    _type_into(co2, "12,5")
    expect(page.locator(MESSAGE)).to_contain_text("Gespeichert: CO₂-Einsparung")
    expect(page.locator(MESSAGE)).to_contain_text("→ 12,5")
    expect(co2).to_have_text("12,5 t")
    assert _measure(demo_db).co2_t_per_year == Decimal("12.50")
    co2.dblclick()  # the editor shows the stored value the German way
    expect(co2.locator("input.grid-number-editor")).to_have_value("12,5")
    co2.locator("input.grid-number-editor").press("Escape")
    cost = _cell(page, "cost_eur")
    _type_into(cost, "1.234,5")
    expect(page.locator(MESSAGE)).to_contain_text("Gespeichert: Kosten")
    expect(cost).to_contain_text("1.23")
    assert _measure(demo_db).cost_eur == Decimal("1234.50")
    assert console_errors == []


def test_an_ambiguous_number_is_refused_in_german_and_the_cell_reverts(live_server, page, console_errors, demo_db):
    before = _measure(demo_db)
    audits = _audit_count(demo_db)
    _open(page, live_server.url + KLIMATRAINING)
    co2 = _cell(page, "co2_t_per_year")
    shown = co2.inner_text()
    _type_into(co2, "1,2,3")
    expect(page.locator(MESSAGE)).to_contain_text("Bitte eine Zahl wie 1.234,5 eingeben")
    expect(page.locator(f"{MESSAGE} .alert-danger")).to_be_visible()
    expect(co2).to_have_text(shown)
    after = _measure(demo_db)
    assert (after.co2_t_per_year, after.version) == (before.co2_t_per_year, before.version)
    assert _audit_count(demo_db) == audits
    assert console_errors == []


def test_status_by_keyboard_enter_opens_the_list_with_colours_and_the_current_value(
    live_server, page, console_errors, demo_db
):
    before = _measure(demo_db)
    assert before.status == "nicht_erreicht"
    _open(page, live_server.url + KLIMATRAINING)
    cell = _cell(page, "status")
    cell.click()
    page.keyboard.press("Enter")
    listbox = page.locator(".grid-choice-editor[role=listbox]")
    expect(listbox).to_be_visible()
    current = listbox.locator("[role=option][aria-selected=true]")
    expect(current).to_have_text("✗ Nicht erreicht")
    expect(listbox.locator("[role=option]")).to_have_count(7)
    expect(listbox.locator("[role=option]", has_text="Umgesetzt").locator(".grid-choice-swatch")).to_have_css(
        "background-color", "rgb(21, 128, 61)"
    )
    page.keyboard.press("ArrowDown")  # Nicht erreicht → Abgebrochen
    page.keyboard.press("Enter")
    expect(page.locator(MESSAGE)).to_contain_text("Nicht erreicht → Abgebrochen")
    expect(cell).to_have_text("Abgebrochen")
    assert _measure(demo_db).status == "abgebrochen"
    assert console_errors == []


@pytest.fixture
def impatient_server(app_config, demo_db) -> Iterator[LiveServer]:
    """The app over the same database, but waiting only briefly for another writer's lock."""
    db = Database.from_url(app_config.database_url, lock_timeout_s=0.3)
    with LiveServer(create_app(app_config, db=db).server) as server:
        yield server
    db.dispose()


def test_a_save_while_another_process_holds_the_sqlite_lock_is_refused_and_reverted(
    impatient_server, page, console_errors, demo_db
):
    if demo_db.dialect != "sqlite":
        pytest.skip("SQLite's write lock")
    before = _measure(demo_db)
    audits = _audit_count(demo_db)
    _open(page, impatient_server.url + KLIMATRAINING)
    co2 = _cell(page, "co2_t_per_year")
    shown = co2.inner_text()
    holder = sqlite3.connect(demo_db.engine.url.database, timeout=1)
    try:
        holder.execute("BEGIN IMMEDIATE")
        _type_into(co2, "7,5")
        expect(page.locator(MESSAGE)).to_contain_text("Die Datenbank ist gerade nicht erreichbar")
        expect(co2).to_have_text(shown)
    finally:
        holder.rollback()
        holder.close()
    after = _measure(demo_db)
    assert (after.co2_t_per_year, after.version) == (before.co2_t_per_year, before.version)
    assert _audit_count(demo_db) == audits
    assert console_errors == []


def test_two_changes_in_one_event_are_both_saved_and_reported(live_server, page, console_errors, demo_db):
    before = _measure(demo_db)
    _open(page, live_server.url + KLIMATRAINING)
    _cell(page, "progress_pct")
    # Two cells changed in the same moment (as a paste does): the grid sends them as one cellValueChanged list.
    page.evaluate(
        f"""() => {{
            const node = dash_ag_grid.getApi('massnahmen-grid').getRowNode('m{before.id}');
            node.setDataValue('progress_pct', '70');
            node.setDataValue('responsible', 'Team Klima');
        }}"""
    )
    expect(page.locator(f"{MESSAGE} .alert-success div")).to_have_count(2)
    expect(page.locator(MESSAGE)).to_contain_text("Gespeichert: Fortschritt")
    expect(page.locator(MESSAGE)).to_contain_text("Gespeichert: Verantwortlich")
    after = _measure(demo_db)
    assert (after.progress_pct, after.responsible, after.version) == (70, "Team Klima", before.version + 2)
    assert console_errors == []
