"""Every grid speaks AG Grid's complete German locale, vendored once as an asset, plus the project's own wording."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from layouts.grid_locale import grid_locale
from layouts.kohorten_grids import attendance_grid, goals_grid
from layouts.massnahmen_grid import measures_grid

ASSET = Path(__file__).parents[1] / "dashboard" / "assets" / "02-ag-grid-locale-de.js"


def _asset_texts() -> dict[str, str]:
    body = re.search(r"var AG_GRID_LOCALE_DE = (\{.*?\n\});", ASSET.read_text(encoding="utf-8"), re.DOTALL)
    return json.loads(body.group(1))


def test_the_vendored_locale_is_complete_and_german():
    texts = _asset_texts()
    assert len(texts) > 700
    assert texts["previousPage"] == "Vorherige Seite" and texts["nextPage"] == "Nächste Seite"
    assert texts["thousandSeparator"] == "." and texts["decimalSeparator"] == ","
    assert "germanGridText" in ASSET.read_text(encoding="utf-8")


def test_overrides_are_merged_on_top_and_every_grid_uses_the_one_locale():
    options = grid_locale(noRowsToShow="Keine Maßnahmen für diese Filter")
    call = options["getLocaleText"]["function"]
    overrides = json.loads(call[call.index("{") : call.rindex("}") + 1])
    assert overrides["noRowsToShow"] == "Keine Maßnahmen für diese Filter"
    assert overrides["loadingOoo"] == "Wird geladen …"
    sessions = pd.DataFrame(columns=["id", "position", "title", "held_on"])
    for grid in (measures_grid(), goals_grid([], True), attendance_grid(sessions, [], True)):
        assert "localeText" not in grid.dashGridOptions
        assert grid.dashGridOptions["getLocaleText"]["function"].startswith("germanGridText(params, {")
