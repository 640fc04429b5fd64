"""The dashboard's base map: country outlines from the installed ``countryinfo`` package (MIT), whose
shapes are the widely copied Natural Earth 1:110m country polygons (public domain), 173 countries. Nothing
is downloaded: the layer is built once per server from the package's files, its coordinates rounded to
0.01 degree (about 1 km, far below what a world map shows), some 150 kB of GeoJSON. Small island states
that the package has no outline for (Jamaica, Tonga, ...) are missing from the drawing, not from the data.
"""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from typing import Any

from whimbrel.places.sources import package_file

__all__ = ["world_geojson"]


def _round(coords: Any) -> Any:
    if coords and isinstance(coords[0], int | float):
        return [round(float(coords[0]), 2), round(float(coords[1]), 2)]
    return [_round(c) for c in coords]


@lru_cache(maxsize=1)
def world_geojson() -> bytes:
    """A FeatureCollection: one feature per country, ``id`` its ISO alpha-3 code, ``properties.name``."""
    features = []
    for path in sorted(package_file("countryinfo", "data").glob("*.json")):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        shapes = info.get("geoJSON")
        if isinstance(shapes, str):  # some releases keep it as a Python literal
            try:
                shapes = ast.literal_eval(shapes)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                continue
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3 or not isinstance(shapes, dict):
            continue
        for feature in shapes.get("features") or []:
            geom = feature.get("geometry") or {}
            if geom.get("type") in ("Polygon", "MultiPolygon"):
                features.append({"type": "Feature", "id": iso3, "properties": {"name": info.get("name")},
                                 "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])}})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()
