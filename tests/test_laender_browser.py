"""Browser tests of the Länder pages (headless Debian chromium): filter, move the Stand, open a state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The map is drawn when each of the 16 states has its filled shape (SVG paths).
MAP_READY = """() => document.querySelectorAll('#laender-map .scatterlayer path.js-fill').length >= 16"""
# Screen position of a point (lon, lat) on the map, the way the user sees it.
MAP_POINT = """([lon, lat]) => {
  const gd = document.querySelector('#laender-map .js-plotly-plot');
  const box = gd.querySelector('.draglayer .xy .nsewdrag').getBoundingClientRect();
  const layout = gd._fullLayout;
  return {x: box.left + layout.xaxis.l2p(lon), y: box.top + layout.yaxis.l2p(lat)};
}"""


def open_laender(page, url: str) -> None:
    """Open a Länder URL and wait until the comparison grid holds its eight states."""
    page.goto(url)
    expect(page.locator("#laender-grid .ag-pinned-left-cols-container .ag-row")).to_have_count(8)


def open_land(page, url: str) -> None:
    """Open a state page and wait until its KPI cards are filled."""
    page.goto(url)
    expect(page.locator("#land-kpi-kommunen .kpi-value")).to_be_visible()


def cell(page, code: str, column: str):
    return page.locator(f"#laender-grid .ag-center-cols-container [row-id='{code}'] [col-id='{column}']")


def test_page_shows_map_grid_and_published_figures(live_server, page, console_errors):
    elsewhere = []  # the map needs no tiles, fonts or boundaries from outside the app
    page.on(
        "request", lambda request: None if request.url.startswith(live_server.url) else elsewhere.append(request.url)
    )
    outputs = []  # the callbacks the page load runs: the map's click callback is not one of them
    page.on("request", lambda request: outputs.append(request.post_data or "") if request.method == "POST" else None)
    open_laender(page, live_server.url + "/laender")
    expect(page.locator("h1.page-title")).to_have_text("Regionaler Fortschritt")
    expect(cell(page, "DE-NW", "kommunen")).to_have_text("24")
    expect(cell(page, "DE-NW", "co2")).to_have_text("410")
    expect(page.locator("#laender-map .scatterlayer path.js-fill")).to_have_count(16)
    expect(page.locator("#laender-map-credit")).to_have_text(re.compile("© GeoBasis-DE / BKG"))
    expect(page.locator("#laender-published")).to_contain_text("veröffentlicht")
    expect(page.locator("#laender-milestones")).to_contain_text("Kick-off Saarland")
    page.wait_for_function(MAP_READY)
    page.wait_for_load_state("networkidle")
    assert any("laender-map.figure" in body for body in outputs)
    assert not any("clickData" in body for body in outputs)
    assert console_errors == [] and elsewhere == []


def test_changing_the_metric_updates_charts_and_url(live_server, page, console_errors):
    open_laender(page, live_server.url + "/laender")
    expect(page.locator("#laender-growth")).to_contain_text("Zielpfad: 15 je Land")
    page.get_by_label("Klimaschutzpat:innen").check()
    expect(page).to_have_url(re.compile(r"/laender\?kennzahl=paten$"))
    expect(page.locator("#laender-growth .g-ytitle")).to_have_text("Klimaschutzpat:innen")
    expect(page.locator("#laender-growth")).not_to_contain_text("Zielpfad")
    expect(page.locator("#laender-map .colorbar")).to_contain_text("Klimaschutzpat:innen")
    assert console_errors == []


def test_moving_the_stand_to_the_start_shows_every_state_behind(live_server, page, console_errors):
    open_laender(page, live_server.url + "/laender")
    expect(cell(page, "DE-NW", "kommunen")).to_have_text("24")
    page.get_by_role("slider").focus()
    page.keyboard.press("Home")
    expect(page.locator("#laender-stand-label")).to_have_text("31.03.2022")
    expect(page).to_have_url(re.compile(r"stand=2022-03-31"))
    expect(cell(page, "DE-NW", "kommunen")).to_have_text("0")
    expect(cell(page, "DE-NW", "status")).to_have_text("⚠ hinter dem Zielpfad")
    expect(page.locator("#laender-grid .laender-row-lagging")).not_to_have_count(0)
    expect(page.locator("#laender-growth")).to_contain_text("⚠ Saarland")
    page.get_by_role("slider").focus()
    page.keyboard.press("End")
    expect(page.locator("#laender-stand-label")).to_have_text("28.02.2025")
    expect(page).to_have_url(re.compile(r"/laender$"))
    assert console_errors == []


def test_table_link_opens_the_state_page_with_matching_numbers(live_server, page, console_errors):
    open_laender(page, live_server.url + "/laender?stand=2023-12-31")
    expect(page.locator("#laender-stand-label")).to_have_text("31.12.2023")
    kommunen = cell(page, "DE-NW", "kommunen")
    expect(kommunen).not_to_have_text("")
    expected = {key: cell(page, "DE-NW", key).inner_text() for key in ("kommunen", "paten", "projekte")}
    expect(page.locator("#laender-map-table")).to_be_empty()  # built only once its fold-out is opened
    page.locator("#laender-map-table-toggle").click()
    expect(page.locator("#laender-map-table")).to_contain_text("Nordrhein-Westfalen")
    page.get_by_role("link", name="Nordrhein-Westfalen").click()
    expect(page).to_have_url(re.compile(r"/laender/DE-NW\?stand=2023-12-31$"))
    expect(page.locator("#land-kpi-kommunen .kpi-value")).to_be_visible()
    expect(page.locator("h1.page-title")).to_have_text("Nordrhein-Westfalen")
    expect(page.locator("#land-stand-label")).to_have_text("31.12.2023")
    for key, value in expected.items():
        expect(page.locator(f"#land-kpi-{key} .kpi-value")).to_have_text(value)
    expect(page.locator("#land-published-kommunen")).to_have_text("veröffentlicht: 24")
    expect(page.locator("#land-contact")).to_contain_text("Regionalmanagement")
    expect(page.locator("#land-municipality-grid .ag-row").first).to_be_visible()
    expect(page.locator("#land-cohort-list")).to_contain_text("KlimaTraining Münster")
    assert console_errors == []


def test_clicking_a_state_on_the_map_opens_its_page(live_server, page, console_errors):
    # On 30.09.2022 the Saarland has no municipality yet: it lags and carries the amber outline trace,
    # which must not swallow the click; the click lands on the state's filled shape.
    open_laender(page, live_server.url + "/laender?stand=2022-09-30&kennzahl=paten")
    expect(cell(page, "DE-SL", "status")).to_have_text("⚠ hinter dem Zielpfad")
    page.wait_for_function(MAP_READY)
    point = page.evaluate(MAP_POINT, [6.95, 49.4])  # inside the Saarland
    page.mouse.move(point["x"], point["y"])
    expect(page.locator("#laender-map .hoverlayer")).to_contain_text("Saarland")
    page.mouse.click(point["x"], point["y"])
    expect(page).to_have_url(re.compile(r"/laender/DE-SL\?stand=2022-09-30&kennzahl=paten$"))
    expect(page.locator("h1.page-title")).to_have_text("Saarland")
    expect(page.get_by_label("Klimaschutzpat:innen")).to_be_checked()
    assert console_errors == []


def test_link_with_query_reproduces_both_views(live_server, page, console_errors):
    open_land(page, live_server.url + "/laender/DE-SL?stand=2023-06-30&kennzahl=ziel")
    expect(page.locator("#land-stand-label")).to_have_text("30.06.2023")
    expect(page.get_by_label("% des Ziels (Kommunen)")).to_be_checked()
    expect(page.locator("#land-growth .g-ytitle")).to_have_text("% des Ziels (Kommunen)")
    expect(page).to_have_url(re.compile(r"\?stand=2023-06-30&kennzahl=ziel$"))
    page.locator("#land-back").click()
    expect(page).to_have_url(re.compile(r"/laender\?stand=2023-06-30&kennzahl=ziel$"))
    expect(page.locator("#laender-stand-label")).to_have_text("30.06.2023")
    expect(page.get_by_label("% des Ziels (Kommunen)")).to_be_checked()
    expect(page.locator("#laender-map .colorbar")).to_contain_text("% des Ziels")
    assert console_errors == []


def test_bad_parameters_and_unknown_state(live_server, page, console_errors):
    open_laender(page, live_server.url + "/laender?stand=gestern")
    expect(page.locator("#url-notes")).to_contain_text("Stand: „gestern“ ist kein Datum")
    expect(page.locator("#laender-stand-label")).to_have_text("28.02.2025")
    page.goto(live_server.url + "/laender/DE-XX")
    expect(page.locator("#page-not-found")).to_contain_text("Kürzel „DE-XX“ gibt es nicht")
    page.get_by_role("link", name="Länder").last.click()
    expect(page.locator("h1.page-title")).to_have_text("Regionaler Fortschritt")
    # the unknown state's page answers HTTP 404 by design, which the browser reports once
    assert console_errors == ["Failed to load resource: the server responded with a status of 404 (NOT FOUND)"]
