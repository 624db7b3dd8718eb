"""Import in the browser: upload a file, watch it being checked, read the preview and the row report,
confirm, see the new rows — and axe finds nothing serious on the page with a preview."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from data.models import ImportRun, Measure
from tests.support.accounts import DEMO_PASSWORD
from tests.test_accessibility_browser import _serious_violations

pytestmark = pytest.mark.browser

GOOD = "Nr.;Programm;Titel;Handlungsfeld;Land;Status;Kosten (€)\r\nWEB-1;KlikKS;Über den Browser;Energie;DE-NW;In Umsetzung;1.234,5\r\n"
BAD = GOOD + "WEB-2;KlikKS;Zweite;Energie;DE-NW;Fast fertig;1,2,3\r\n"


def _sign_in(page, url: str, login: str = "koordination") -> None:
    page.goto(url + "/anmelden")
    page.fill("input[name='login']", login)
    page.fill("input[name='password']", DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#user-name")).to_be_visible()


def _upload(page, name: str, content: str) -> None:
    page.locator("#import-upload input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content.encode("utf-8")}
    )


def test_upload_preview_report_and_confirm(live_server, browser, demo_db, tmp_path):
    context = browser.new_context(bypass_csp=True, locale="de-DE", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _sign_in(page, live_server.url)
    page.get_by_role("link", name="Import").click()
    expect(page.locator("h1")).to_have_text("Import")

    _upload(page, "fehlerhaft.csv", BAD)
    status = page.locator("#import-status")
    expect(status.locator(".import-run-status")).to_have_text("abgelehnt")
    expect(status.locator(".import-report")).to_contain_text("Fast fertig")
    expect(status.locator(".import-report")).to_contain_text("keine gültige Zahl")
    expect(page.locator("#import-confirm")).to_be_disabled()
    report = page.request.get(
        live_server.url + status.get_by_role("link", name="Zeilenbericht als CSV").get_attribute("href")
    )
    assert report.ok and "Zeile;Spalte;Wert;Art;Meldung" in report.text()

    _upload(page, "katalog.csv", GOOD)
    expect(status.locator(".import-run-status")).to_have_text("Vorschau")
    expect(status).to_contain_text("neu")
    expect(page.locator("#import-confirm")).to_be_enabled()
    assert not _serious_violations(page)
    page.screenshot(path=str(tmp_path / "vorschau.png"), full_page=True)
    with demo_db.session() as session:
        assert session.scalar(select(Measure.id).where(Measure.code == "WEB-1")) is None  # nothing before confirming

    page.locator("#import-confirm").click()
    expect(status.locator(".import-run-status")).to_have_text("importiert")
    expect(page.locator("#import-history")).to_contain_text("katalog.csv")
    with demo_db.session() as session:
        added = session.scalars(select(Measure).where(Measure.code == "WEB-1")).one()
        run = session.scalars(select(ImportRun).where(ImportRun.file_name == "katalog.csv")).one()
    assert (added.title, added.updated_by, run.status, run.new_count) == (
        "Über den Browser",
        "Kim Koordination (Demo)",
        "importiert",
        1,
    )
    status.get_by_role("link", name="Geänderte Einträge ansehen").click()
    expect(page.locator("h1")).to_have_text(f"Import Nr. {run.id}")
    expect(page.locator("body")).to_contain_text("angelegt")
    page.goto(live_server.url + "/massnahmen?suche=Browser")
    expect(page.locator("body")).to_contain_text("Über den Browser")
    context.close()


def test_the_import_page_and_its_report_need_a_writer(live_server, page):
    page.goto(live_server.url + "/import")
    expect(page.locator("body")).to_contain_text("Konto an, das Daten ändern darf")
    assert page.request.get(live_server.url + "/import/1/bericht.csv").status in (401, 403, 404)
