"""Browser tests (headless Debian chromium): every route opens in German, no console errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROUTES = [
    ("/", "Übersicht"),
    ("/laender", "Regionaler Fortschritt"),
    ("/kohorten", "Trainings & Kohorten"),
    ("/massnahmen", "Maßnahmen"),
]


@pytest.mark.parametrize(("path", "heading"), ROUTES)
def test_route_shows_german_heading_without_console_errors(live_server, page, console_errors, path, heading):
    page.goto(live_server.url + path)
    expect(page.locator("h1.page-title").first).to_have_text(heading)
    expect(page.locator(".app-navbar")).to_contain_text("Maßnahmen")
    page.wait_for_load_state("networkidle")
    assert console_errors == []


def test_overview_shows_program_end_totals(live_server, page, console_errors):
    page.goto(live_server.url + "/")
    expect(page.locator("#kpi-kommunen .kpi-value")).to_have_text("201")
    expect(page.locator("#kpi-paten .kpi-value")).to_have_text("477")
    expect(page.locator("#kpi-projekte .kpi-value")).to_have_text("888")
    expect(page.locator("#kpi-co2 .kpi-value")).to_contain_text("t CO₂/Jahr")
    expect(page.locator("#overview-progress .main-svg").first).to_be_visible()
    expect(page.locator("#demo-badge")).to_have_text("Demodaten")
    assert console_errors == []


def test_period_preset_updates_kpis_and_url(live_server, page, console_errors):
    page.goto(live_server.url + "/")
    expect(page.locator("#kpi-projekte .kpi-value")).to_have_text("888")
    page.get_by_label("2023").check()
    expect(page).to_have_url(re.compile(r"von=2023-01-01&bis=2023-12-31"))
    expect(page.locator("#kpi-kommunen .kpi-detail")).to_contain_text("Stand 31.12.2023")
    expect(page.locator("#kpi-projekte .kpi-value")).not_to_have_text("888")
    assert console_errors == []


def test_link_with_query_reproduces_the_view(live_server, page):
    page.goto(live_server.url + "/?von=2024-01-01&bis=2024-12-31&kennzahl=paten")
    expect(page.locator("#kpi-kommunen .kpi-detail")).to_contain_text("Stand 31.12.2024")
    expect(page.get_by_label("Klimaschutzpat:innen")).to_be_checked()
    expect(page.get_by_label("2024")).to_be_checked()  # the active Zeitraum preset shows as chosen
    expect(page.get_by_label("Gesamtzeitraum")).not_to_be_checked()
    expect(page.locator("#overview-progress")).to_contain_text("Klimaschutzpat:innen (erfasst)")


def test_invalid_filter_value_is_ignored_with_a_visible_note(live_server, page, console_errors):
    page.goto(live_server.url + "/?bis=kaputt&kennzahl=unsinn")
    expect(page.locator("#url-notes")).to_contain_text("Bis: „kaputt“ ist kein Datum")
    expect(page.locator("#url-notes")).to_contain_text("Kennzahl: „unsinn“ gibt es nicht")
    expect(page.locator("#kpi-kommunen .kpi-value")).to_have_text("201")
    assert console_errors == []


def test_unknown_route_shows_german_404_page(live_server, page):
    response = page.goto(live_server.url + "/gibt-es-nicht")
    assert response is not None and response.status == 404
    expect(page.locator("#page-not-found h1")).to_have_text("Seite nicht gefunden")
    expect(page.locator("#page-not-found")).to_contain_text("„/gibt-es-nicht“")
    page.get_by_role("link", name="Übersicht").last.click()
    expect(page.locator("h1.page-title")).to_have_text("Übersicht")
