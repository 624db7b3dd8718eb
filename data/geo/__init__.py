"""Static geometry shipped with the app (see ``build_laender_geojson.py`` for how it is made)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data.geo.build_laender_geojson import ring_area, simplify_polygon

LAENDER_GEOJSON = Path(__file__).with_name("laender.geo.json")
# The map draws Germany about 560 px high (8° of latitude): 0.01° is less than a pixel there and still
# under two on a presentation slide, and it leaves a quarter of the points (about 12 KB compressed).
OUTLINE_TOLERANCE = 0.01
OUTLINE_DIGITS = 2


@dataclass(frozen=True)
class StateOutline:
    """One state's boundary for drawing: its rings one after another (each closed), separated by None,
    in degrees of longitude and latitude; ``centre`` is the middle of its largest ring's bounding box."""

    code: str
    name: str
    lon: tuple[float | None, ...]
    lat: tuple[float | None, ...]
    centre: tuple[float, float]


@cache
def state_boundaries() -> dict:
    """The 16 states as a GeoJSON FeatureCollection; each feature's ``id`` is its ISO code."""
    return json.loads(LAENDER_GEOJSON.read_text(encoding="utf-8"))


@cache
def state_outlines() -> tuple[StateOutline, ...]:
    """The 16 states simplified for a map of about a screen's height, largest first: the city states
    (Berlin, Bremen, Hamburg) lie inside others and so come after them, drawn on top."""
    outlines = []
    for feature in state_boundaries()["features"]:
        rings = [
            ring
            for polygon in feature["geometry"]["coordinates"]
            for ring in simplify_polygon(polygon, OUTLINE_TOLERANCE, OUTLINE_DIGITS, 0.0) or []
        ]
        lon: list[float | None] = []
        lat: list[float | None] = []
        for ring in rings:
            closed = ring if ring[0] == ring[-1] else [*ring, ring[0]]
            lon.extend([x for x, _y in closed] + [None])
            lat.extend([y for _x, y in closed] + [None])
        largest = max(rings, key=ring_area)
        xs, ys = [x for x, _y in largest], [y for _x, y in largest]
        centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        area = sum(ring_area(ring) for ring in rings)
        code = feature["id"]
        outlines.append((area, StateOutline(code, feature["properties"]["name"], tuple(lon), tuple(lat), centre)))
    return tuple(outline for _area, outline in sorted(outlines, key=lambda pair: -pair[0]))


def state_code_at(position: int) -> str | None:
    """The ISO code of the state drawn at ``position`` in :func:`state_outlines` (a map click names it)."""
    outlines = state_outlines()
    return outlines[position].code if 0 <= position < len(outlines) else None
