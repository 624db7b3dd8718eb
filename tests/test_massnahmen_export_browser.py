"""Browser test: the export buttons are links the browser downloads directly, for the page's filter."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_export_link_downloads_the_filtered_csv_and_reenables(live_server, page, console_errors, tmp_path):
    page.goto(live_server.url + "/massnahmen?programm=ksv-muenster&status=umgesetzt")
    button = page.locator("#massnahmen-export-csv")
    link = re.compile(r"^/massnahmen/export\.csv\?programm=ksv-muenster&status=umgesetzt&token=\w+$")
    expect(button).to_have_attribute("href", link)
    with page.expect_download() as started:
        button.click()
    download = started.value
    assert download.suggested_filename.startswith("massnahmen-") and download.suggested_filename.endswith(".csv")
    path = tmp_path / "export.csv"
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Titel", "Programm"]
    assert len(rows) > 1 and {row[6] for row in rows[1:]} == {"Umgesetzt"}
    # Once the download has started the buttons are usable again, and say so.
    expect(page.locator("#massnahmen-export-status")).to_have_text("Download gestartet.", timeout=20_000)
    expect(button).not_to_have_class("disabled")
    assert console_errors == []
