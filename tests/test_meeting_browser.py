"""Browser tests of the meeting pages (headless Debian chromium): the presentation driven by keys like a
presenter's clicker at 1280×720, slide text size at 1920×1080, and the A4 report as Chromium prints it."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from data.meeting import SECTIONS, SLIDES

pytestmark = pytest.mark.browser

SLIDE_DRAWN = """() => {
  const slide = document.querySelector('#praesentation-folie');
  if (!slide || !slide.querySelector('h1') || document.querySelector('[data-dash-is-loading="true"]')) return false;
  const graph = slide.querySelector('.dash-graph');
  return !graph || Boolean(graph.querySelector('.main-svg'));
}"""


def _counter(page, position: int) -> None:
    expect(page.locator("#praesentation-zaehler")).to_contain_text(f"Folie {position} von {len(SLIDES)}")
    page.wait_for_function(SLIDE_DRAWN)


def test_keys_step_through_every_slide_at_1280x720_and_esc_returns(live_server, browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/praesentation?programm=klikks&seite={quote('/massnahmen')}")
    _counter(page, 1)
    titles = [page.locator("#praesentation-folie h1").inner_text()]
    forward = ["ArrowRight", "PageDown", "Space"]
    for position in range(2, len(SLIDES) + 1):
        page.keyboard.press(forward[position % len(forward)])
        _counter(page, position)
        titles.append(page.locator("#praesentation-folie h1").inner_text())
    assert titles == list(SLIDES.values())
    page.keyboard.press("ArrowRight")  # the last slide stays
    _counter(page, len(SLIDES))
    page.keyboard.press("PageUp")
    _counter(page, len(SLIDES) - 1)
    page.keyboard.press("ArrowLeft")
    _counter(page, len(SLIDES) - 2)
    # the deck covers the page: the navigation bar is underneath, not visible
    box = page.locator(".presentation").bounding_box()
    assert box["width"] >= 1270 and box["height"] >= 710
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/massnahmen\?programm=klikks$"))
    expect(page.locator("#massnahmen-kpi-total")).to_be_visible()
    assert not errors, errors
    context.close()


def test_slide_chart_text_is_at_least_22_px_at_1920x1080(live_server, browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    for key in ("fortschritt", "pipeline", "status"):
        page.goto(f"{live_server.url}/praesentation?folien={key}")
        page.wait_for_function(SLIDE_DRAWN)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.slide-graph .main-svg text')]
                .filter(t => t.textContent.trim())
                .map(t => parseFloat(getComputedStyle(t).fontSize))"""
        )
        assert sizes and min(sizes) >= 22, (key, sorted(sizes)[:5])
    context.close()


def test_the_chosen_slides_stay_in_the_url(live_server, page):
    page.goto(f"{live_server.url}/praesentation?folien=karte,status")
    expect(page.locator("#praesentation-zaehler")).to_contain_text("Folie 1 von 2 · Karte der Länder")
    page.locator("summary", has_text="Folien wählen").click()
    page.get_by_label("Überfällige Maßnahmen").check()
    expect(page.locator("#praesentation-zaehler")).to_contain_text("Folie 1 von 3")
    expect(page).to_have_url(re.compile(r"folien=karte%2Cstatus%2Cueberfaellig"))


def test_praesentieren_opens_the_current_view(live_server, page):
    page.goto(f"{live_server.url}/massnahmen?programm=klikks&land=DE-NW")
    expect(page.locator("#massnahmen-kpi-total")).to_be_visible()
    page.locator("#praesentieren-link").click()
    _counter(page, 1)
    expect(page).to_have_url(re.compile(r"/praesentation\?programm=klikks&land=DE-NW.*seite=%2Fmassnahmen"))
    page.keyboard.press("End")  # not a navigation key: nothing happens
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    _counter(page, 6)
    expect(page.locator("#praesentation-folie")).to_contain_text("KlikKS · Nordrhein-Westfalen")


def test_the_report_prints_to_a4_with_every_section(live_server, page, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/bericht?programm=klikks")
    expect(page.locator("#bericht-veraltet")).to_be_visible()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.report-graph')].every(g => g.querySelector('.main-svg'))
            && document.querySelectorAll('.report-graph').length >= 5"""
    )
    # "Als PDF speichern" opens the browser's print dialog
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Als PDF speichern").click()
    page.wait_for_function("() => window.__printed === 1")

    page.emulate_media(media="print")
    assert page.locator(".app-navbar").is_hidden() and page.locator(".report-toolbar").is_hidden()
    too_wide = page.evaluate(
        """() => {
            const width = document.querySelector('.report').clientWidth;
            return [...document.querySelectorAll('.report table, .report-graph')]
                .filter(t => t.getBoundingClientRect().width > width + 1 || t.scrollWidth > t.clientWidth + 1)
                .map(t => t.closest('section').id);
        }"""
    )
    assert too_wide == []
    pdf = tmp_path / "bericht.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert re.search(r"Page size:.*\(A4\)", info)
    assert pages == 1 + len(SECTIONS)  # the cover and one page per section
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in SECTIONS.values():
        assert heading in text, heading
    assert re.search(r"Stand\s+28\.02\.2025", text)
    for figure in ("KlikKS", "201", "477", "888", "Rheinland-Pfalz"):
        assert figure in text, figure
