"""The shipped state boundaries: small, complete, keyed by ISO code; and the simplifier that made them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from data import vocab
from data.geo import LAENDER_GEOJSON, state_boundaries

BUILD_SCRIPT = Path(LAENDER_GEOJSON).with_name("build_laender_geojson.py")


def _builder():
    spec = importlib.util.spec_from_file_location("build_laender_geojson", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_geojson_holds_all_16_states_keyed_by_iso_code():
    collection = state_boundaries()
    ids = [feature["id"] for feature in collection["features"]]
    assert sorted(ids) == sorted(vocab.STATE_NAMES)
    assert LAENDER_GEOJSON.stat().st_size <= 600 * 1024
    assert "GeoBasis-DE / BKG" in collection["attribution"]
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon" and feature["geometry"]["coordinates"]
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(5.5 < x < 15.5 and 47 < y < 55.5 for x, y in ring)  # inside Germany


def test_douglas_peucker_drops_points_within_tolerance_and_keeps_corners():
    simplify = _builder().simplify
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (2.0, 2.0)]
    assert simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)]
    assert simplify(line, 0.0001) == line


def test_tiny_islands_are_dropped_and_rings_rounded():
    build = _builder()
    square = [(7.0, 50.0), (7.5, 50.0), (7.5, 50.5), (7.0, 50.5), (7.0, 50.0)]
    speck = [(8.0, 50.0), (8.001, 50.0), (8.001, 50.001), (8.0, 50.0)]
    assert build.simplify_polygon([speck], 0.001, 3, 0.0015) is None
    (ring,) = build.simplify_polygon([square], 0.001, 3, 0.0015)
    assert ring[0] == ring[-1] and {tuple(p) for p in ring} == set(square)
