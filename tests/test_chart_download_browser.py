"""Browser tests of the charts' "Herunterladen" menu: PNG and SVG named the German way and carrying
title and "Quelle · Stand" inside, CSV of the chart's data in German Excel format, "Link kopieren"."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEW = "/massnahmen?programm=klikks&ansicht=land"
CHART = "massnahmen-status-chart"
STEM = r"klikks_massnahmen-nach-status-und-land_stand-\d{4}-\d{2}-\d{2}"


def _menu(page, chart_id: str):
    """The chart's menu, opened like a user does (toggle button, then the list)."""
    menu = page.locator(f".chart-download:has([data-chart='{chart_id}'])")
    menu.get_by_role("button", name="Herunterladen").click()
    return menu


def _open(page, url: str) -> None:
    page.goto(url)
    expect(page.locator(f"#{CHART} .gtitle")).to_contain_text("Maßnahmen nach Status und Land")


def _download(page, chart_id: str, label: str):
    menu = _menu(page, chart_id)
    with page.expect_download() as info:
        menu.get_by_role("button", name=label).click()
    return info.value


def test_png_and_svg_carry_a_german_name_title_and_source(live_server, page, console_errors):
    _open(page, live_server.url + VIEW)
    png = _download(page, CHART, "Bild (PNG)")
    assert re.fullmatch(STEM + r"\.png", png.suggested_filename)
    assert Path(png.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = _download(page, CHART, "Vektorgrafik (SVG)")
    assert re.fullmatch(STEM + r"\.svg", svg.suggested_filename)
    text = Path(svg.path()).read_text(encoding="utf-8")
    assert "Maßnahmen nach Status und Land" in text
    assert "Programm: KlikKS · Anzahl Maßnahmen" in text  # the active filter in words, and the unit
    assert re.search(r"Quelle: KlikKS-Programmdatenbank · Stand \d{2}\.\d{2}\.\d{4}", text)
    assert console_errors == []


def test_csv_holds_the_charts_data_in_german_excel_format(live_server, page, demo_db):
    _open(page, live_server.url + VIEW)
    download = _download(page, CHART, "Daten (CSV)")
    assert re.fullmatch(STEM + r"\.csv", download.suggested_filename)
    raw = Path(download.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Land" and "Umgesetzt" in rows[0] and "Geplant" in rows[0]
    figure = page.evaluate(f"document.querySelector('#{CHART} .js-plotly-plot').data")
    shown = {trace["name"]: dict(zip(trace["y"], trace["x"], strict=True)) for trace in figure}
    table = {row[0]: dict(zip(rows[0][1:], row[1:], strict=True)) for row in rows[1:]}
    assert set(table) == set(shown["Umgesetzt"])  # one row per bar
    for state, values in table.items():
        for status, cell in values.items():
            assert cell == str(shown[status][state])  # counts as numbers, no thousands dot
    assert page.locator(".chart-download-status").first.text_content() == "CSV-Datei wird heruntergeladen."


def test_csv_writes_decimal_commas(live_server, page):
    page.goto(live_server.url + "/massnahmen?programm=klikks")
    expect(page.locator("#massnahmen-money-chart .gtitle")).to_contain_text("CO₂-Einsparung")
    download = _download(page, "massnahmen-money-chart", "Daten (CSV)")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Status", "Geschätzte Einsparung (t CO₂/Jahr)"]
    values = [row[1] for row in rows[1:]]
    assert any(re.fullmatch(r"\d+,\d+", value) for value in values) and not any("." in value for value in values)


def test_copy_link_copies_exactly_this_view(live_server, page, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    _open(page, live_server.url + VIEW)
    menu = _menu(page, CHART)
    menu.get_by_role("button", name="Link kopieren").click()
    expect(menu.locator(".chart-download-status")).to_have_text("Link kopiert.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url and "programm=klikks" in copied and "ansicht=land" in copied


def test_menu_is_reachable_by_keyboard(live_server, page):
    _open(page, live_server.url + VIEW)
    toggle = page.locator(f".chart-download:has([data-chart='{CHART}'])").get_by_role("button", name="Herunterladen")
    toggle.focus()
    page.keyboard.press("Enter")
    item = page.locator(f"[data-chart='{CHART}'][data-action='png']")
    expect(item).to_be_visible()
    item.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".png")
    # the plotly toolbar stays out of the tab order; the menu does not
    assert page.locator(f"#{CHART} .modebar-btn[tabindex='-1']").count() > 0
    assert toggle.get_attribute("tabindex") in (None, "0")


def test_csv_of_a_time_series_and_of_the_map(live_server, page):
    page.goto(live_server.url + "/laender?kennzahl=paten")
    expect(page.locator("#laender-growth .gtitle")).to_contain_text("Wachstum je Land: Klimaschutzpat:innen")
    download = _download(page, "laender-growth", "Daten (CSV)")
    assert download.suggested_filename == "klikks_wachstum-je-land-klimaschutzpat-innen_stand-2025-02-28.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Monatsende" and "Saarland" in rows[0]
    assert rows[-1][0] == "28.02.2025" and all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", row[0]) for row in rows[1:])
    expect(page.locator("#laender-map .gtitle")).to_contain_text("Klimaschutzpat:innen je Land")
    download = _download(page, "laender-map", "Daten (CSV)")
    assert download.suggested_filename == "klikks_klimaschutzpat-innen-je-land_stand-2025-02-28.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Land", "Klimaschutzpat:innen"]
    assert {row[0] for row in rows[1:]} >= {"Saarland", "Nordrhein-Westfalen"} and len(rows) == 9  # eight states
