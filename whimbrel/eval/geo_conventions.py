"""How far the two geoparsing corpora let any one geoparser go: places they put in different points.

A country or a region has no single correct point, and the corpora pick theirs by different conventions:
TR-News takes GeoNames' point (Canada at 60.1 N 113.6 W, Alberta at 52.3 N 117.5 W), GeoVirus the one its
Wikipedia page gives (Canada at 60 N 95 W, Alberta at 55 N 115 W). Where a place's two points lie more than
2 × 161 km apart, no point is within 161 km of both, so whichever a geoparser outputs, one corpus counts
every mention of the place as an error.

This check groups the matched toponyms of both corpora by the area place Whimbrel resolved them to
(countries, first-level regions, continents, macro-regions, seas), takes each corpus's own point for it
(the gold point most of that corpus's mentions lie near), and counts the mentions of places whose two
points are further apart than that. Giving each such place the point of the corpus that names it more
often, the other corpus loses those mentions: its accuracy within 161 km cannot pass the ceiling printed,
even if every other toponym were right. It reads the runs :func:`whimbrel.eval.geo.geo_run` cached, so the
corpora are not processed twice. Whimbrel itself never sees a gold point.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from whimbrel.eval.common import Figure
from whimbrel.eval.geo import ACCURATE_KM, Match, geo_run, haversine

__all__ = ["convention_conflicts", "score_point_conventions"]

SCORER = "eval.geo_conventions"
CORPORA = ("TR-News.xml", "GeoVirus.xml")
_AREA_FEATURES = ("A.PCLI", "A.ADM1", "L.", "H.")
_SHOWN = 8


def _area(m: Match) -> tuple[str, str, str] | None:
    feature = m.place.feature or ""
    if m.place.lat is None or not feature.startswith(_AREA_FEATURES):
        return None
    return (m.place.name or m.place.text, feature, m.place.country or "")


def _own_point(points: list[tuple[float, float]]) -> tuple[tuple[float, float], int]:
    """The gold point most of a corpus's mentions of one place lie near, and how many lie near it."""
    return max(((p, sum(haversine(p, q) <= ACCURATE_KM for q in points)) for p in points), key=lambda pc: pc[1])


def convention_conflicts(runs: dict[str, list[Match]]) -> list[tuple[str, dict[str, int]]]:
    """Places two corpora put more than 2 × 161 km apart: (place name, corpus → its mentions near its own
    point), most mentions first."""
    points: dict[tuple[str, str, str], dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for corpus, matches in runs.items():
        for m in matches:
            key = _area(m)
            if key is not None:
                points[key][corpus].append((m.gold_lat, m.gold_lon))
    out = []
    for key, by_corpus in points.items():
        if len(by_corpus) < 2:
            continue
        own = {corpus: _own_point(pts) for corpus, pts in by_corpus.items()}
        (a, (pa, na)), (b, (pb, nb)) = sorted(own.items())[:2]
        if haversine(pa, pb) > 2 * ACCURATE_KM:
            out.append((key[0], {a: na, b: nb}))
    return sorted(out, key=lambda c: -sum(c[1].values()))


def score_point_conventions(folder: Path) -> list[Figure]:
    paths = [folder / c for c in CORPORA]
    if not all(p.exists() for p in paths):
        return []
    runs = {p.name: geo_run(p).matches for p in paths}
    conflicts = convention_conflicts(runs)
    lost: Counter[str] = Counter()
    shown: dict[str, dict[str, float]] = {c: {} for c in runs}
    for name, counts in conflicts:
        minority = min(counts, key=lambda c: (counts[c], c))  # the point of the corpus naming it more wins
        lost[minority] += counts[minority]
        if len(shown[minority]) < _SHOWN:
            shown[minority][name] = float(counts[minority])
    return [Figure(corpus, "accuracy ≤161 km ceiling (one point per place)",
                   (len(matches) - lost[corpus]) / max(len(matches), 1), len(matches), SCORER, details=shown[corpus])
            for corpus, matches in runs.items()]
