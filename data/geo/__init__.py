"""Static geometry shipped with the app (see ``build_laender_geojson.py`` for how it is made)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LAENDER_GEOJSON = Path(__file__).with_name("laender.geo.json")


@cache
def state_boundaries() -> dict:
    """The 16 states as a GeoJSON FeatureCollection; each feature's ``id`` is its ISO code."""
    return json.loads(LAENDER_GEOJSON.read_text(encoding="utf-8"))
