"""German texts for every AG Grid: AG Grid's complete German locale plus the few texts this project words its own way.

The locale itself is vendored once as an asset (``dashboard/assets/02-ag-grid-locale-de.js``, written by
``layouts/build_grid_locale.py`` from AG Grid's own npm package); grids point at it through
``getLocaleText`` instead of carrying hundreds of texts in every layout.
"""

from __future__ import annotations

import json

# Where this project words a text differently from AG Grid's German locale.
PROJECT_TEXTS = {
    "loadingOoo": "Wird geladen …",
    "pageSizeSelectorLabel": "Zeilen je Seite:",
    "ariaPageSizeSelectorLabel": "Zeilen je Seite",
}


def grid_locale(**overrides: str) -> dict[str, dict[str, str]]:
    """Grid options for German texts, e.g. ``grid_locale(noRowsToShow="Keine Maßnahmen für diese Filter")``."""
    texts = json.dumps({**PROJECT_TEXTS, **overrides}, ensure_ascii=False)
    return {"getLocaleText": {"function": f"germanGridText(params, {texts})"}}
