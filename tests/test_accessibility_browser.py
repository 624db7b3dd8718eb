"""Accessibility in headless Chromium: axe-core on every page (0 serious or critical violations),
German document language, skip links, chart toolbars out of the tab order, and the phone layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from data.models import Cohort, Measure
from tests.conftest import BROWSER_TIMEOUT_MS
from tests.support.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
READY_MS = BROWSER_TIMEOUT_MS  # the first load parses plotly.js; generous on a busy machine
PHONE = {"width": 390, "height": 844}


def _first_id(db, model) -> int:
    with db.session() as session:
        return session.scalars(select(model.id).order_by(model.id)).first()


def _pages(db) -> list[str]:
    return [
        "/",
        "/laender",
        "/laender/DE-NW",
        "/kohorten",
        f"/kohorten/{_first_id(db, Cohort)}",
        "/massnahmen",
        f"/massnahmen/{_first_id(db, Measure)}",
        "/nachfragen",
        "/import",
        "/praesentation?programm=klikks",
        "/bericht?programm=klikks&land=DE-NW",
        "/gibt-es-nicht",
    ]


def _open_ready(page, url: str) -> None:
    """Open a page and wait until its content, charts and grids are drawn (conditions, not sleeps)."""
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=READY_MS)
    page.wait_for_load_state("networkidle", timeout=READY_MS)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))
            && ![...document.querySelectorAll('.ag-root')].some(g => g.querySelector('.ag-overlay-loading-center'))
            && !document.querySelector('[data-dash-is-loading="true"]')""",
        timeout=READY_MS,
    )


def _serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            " ".join(map(str, n["target"])) + ": " + (n.get("failureSummary") or "")[:160] for n in v["nodes"][:6]
        )
        for v in results
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_violations_on_any_page(live_server, browser, demo_db):
    # axe is injected by the test as an inline script, which the app's Content-Security-Policy rightly
    # refuses; this one context lets it in (the policy itself is tested in test_login_http.py).
    context = browser.new_context(bypass_csp=True, locale="de-DE", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    found = {}
    for path in _pages(demo_db):
        _open_ready(page, live_server.url + path)
        assert page.evaluate("document.documentElement.lang") == "de", path
        violations = _serious_violations(page)
        if violations:
            found[path] = violations
    context.close()
    assert not found, "\n".join(f"{path}: {v}" for path, violations in found.items() for v in violations)


def test_skip_link_is_the_first_tab_stop_and_jumps_to_the_content(live_server, page):
    _open_ready(page, live_server.url + "/massnahmen")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Zum Inhalt springen")
    expect(focused).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/massnahmen#page-content")
    grid_link = page.locator(".skip-links a", has_text="Zur Tabelle")
    expect(grid_link.first).to_have_attribute("href", "#massnahmen-grid")


def test_chart_toolbars_are_out_of_the_tab_order(live_server, page):
    _open_ready(page, live_server.url + "/")
    assert page.locator(".modebar-btn").count() > 0
    reachable = page.evaluate(
        "() => [...document.querySelectorAll('.modebar-btn')].filter(b => b.tabIndex >= 0).length"
    )
    assert reachable == 0


def test_phone_navbar_collapses_behind_a_toggler(live_server, browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    try:
        _open_ready(page, live_server.url + "/")
        link = page.locator(".app-navbar .nav-link", has_text="Maßnahmen")
        expect(link).to_be_hidden()
        toggler = page.get_by_role("button", name="Navigation ein- oder ausblenden")
        expect(toggler).to_have_attribute("aria-expanded", "false")
        toggler.click()
        expect(link).to_be_visible()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        link.click()
        expect(page.locator("h1.page-title").first).to_have_text("Maßnahmen", timeout=READY_MS)
        # the page is readable: nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_phone_grid_pins_at_most_the_title(live_server, browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/massnahmen")
        grid = page.locator("#massnahmen-grid")
        expect(grid.locator(".ag-center-cols-container .ag-row").first).to_be_visible(timeout=READY_MS)
        pinned = grid.locator(".ag-pinned-left-header .ag-header-cell")
        expect(pinned).to_have_count(1)
        expect(pinned.first).to_have_attribute("col-id", "title")
        assert pinned.first.bounding_box()["width"] <= PHONE["width"] / 2
        # an editable column is reachable: scroll the grid sideways to the status column
        status = grid.locator(".ag-center-cols-container .ag-row[row-index='0'] [col-id='status']")
        status.scroll_into_view_if_needed()
        expect(status).to_be_visible()
    finally:
        context.close()


def test_entry_forms_with_their_errors_have_no_serious_violations(live_server, browser, demo_db):
    """The dialogs of the entry forms, signed in, after a save that marks every required field."""
    context = browser.new_context(bypass_csp=True, locale="de-DE", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/anmelden")
    page.fill("input[name='login']", "koordination")
    page.fill("input[name='password']", DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#user-name")).to_be_visible()
    found = {}
    forms = [
        ("/laender/DE-NW", "kommune", "Kommune hinzufügen"),
        ("/massnahmen", "massnahme", "Neue Maßnahme"),
        (f"/kohorten/{_first_id(demo_db, Cohort)}", "teilnahme", "Teilnahme anmelden"),
        (f"/kohorten/{_first_id(demo_db, Cohort)}", "termin-edit", "Termin bearbeiten"),
    ]
    for path, form, button in forms:
        _open_ready(page, live_server.url + path)
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(f"#entry-{form}-modal")).to_be_visible()
        page.locator(f"#entry-{form}-save").click()
        expect(page.locator(f"#entry-{form}-message")).to_contain_text("Bitte die markierten Felder prüfen")
        violations = _serious_violations(page)
        if violations:
            found[form] = violations
    context.close()
    assert not found, "\n".join(f"{form}: {v}" for form, violations in found.items() for v in violations)
