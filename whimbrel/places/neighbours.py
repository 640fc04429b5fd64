"""Readings of two ambiguous names that lie next to each other: "Enfield" and "Edmonton" in one story.

A story names places near one another. When two different names are each ambiguous ("Edmonton": Alberta,
London, Queensland; "Enfield": Connecticut, London, Nova Scotia) but one reading of each lies within a
few tens of kilometres of one reading of the other, those readings are almost surely the ones meant: two
namesakes falling that close by chance is rare, while the ranking's other evidence (nearness to the
story's *unambiguous* places) finds nothing to go on when every name is ambiguous.

Found with a grid of cells about 50 km across, so the cost is linear in the number of readings, not quadratic.
"""

from __future__ import annotations

from collections import defaultdict

from whimbrel.places.gazetteer import Place
from whimbrel.places.sources import haversine_km

__all__ = ["NEIGHBOUR_KM", "neighbouring_readings"]

NEIGHBOUR_KM = 40.0
# degrees: a cell is wider than NEIGHBOUR_KM (in longitude up to 69° of latitude), so the 3 x 3 block around
# a reading's cell holds every reading that near it
_CELL_LAT, _CELL_LON = 0.5, 1.0
_MAX_LAT_DEGREES = NEIGHBOUR_KM / 111.0  # a cheap test before the distance: a degree of latitude is 111 km
_MAX_READINGS = 12  # a name with more readings than this ("Springfield") says too little to vouch for another


def neighbouring_readings(texts: list[str], candidates: list[list[Place]]) -> dict[int, tuple[str, float, float]]:
    """Key → (casefolded name, lat, lon) of the town and county readings of ambiguous names that lie within
    :data:`NEIGHBOUR_KM` of a reading of another name of the text (any reading of it: the other name may
    be unambiguous too)."""
    if len(texts) < 2:
        return {}
    grid: dict[tuple[int, int], list[tuple[str, Place]]] = defaultdict(list)
    ambiguous: list[tuple[str, Place]] = []
    for text, cands in zip(texts, candidates, strict=True):
        local = [p for p in cands if not (p.is_country or p.is_continent or p.is_region or p.feature == "A.ADM1")]
        if not local or len(cands) > _MAX_READINGS:
            continue
        name = text.casefold()
        for p in local:
            grid[(int(p.lat // _CELL_LAT), int(p.lon // _CELL_LON))].append((name, p))
        if len(cands) > 1:
            ambiguous.extend((name, p) for p in local)
    out: dict[int, tuple[str, float, float]] = {}
    for name, p in ambiguous:
        row, col = int(p.lat // _CELL_LAT), int(p.lon // _CELL_LON)
        if any(other != name and q.key != p.key and abs(q.lat - p.lat) <= _MAX_LAT_DEGREES
               and haversine_km((p.lat, p.lon), (q.lat, q.lon)) <= NEIGHBOUR_KM
               for dr in (-1, 0, 1) for dc in (-1, 0, 1) for other, q in grid.get((row + dr, col + dc), ())):
            out[p.key] = (name, p.lat, p.lon)
    return out
