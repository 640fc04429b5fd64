"""Geoparsing corpora (TR-News, GeoVirus, and the LGL/GeoWebNews formats): toponym spans and distance.

As score.py: a gold toponym is matched by any predicted place overlapping it (the first such place's
coordinates are scored); precision counts predicted places that overlap any gold toponym.
"""

from __future__ import annotations

import functools
import math
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

from whimbrel.eval.common import Figure, run_texts
from whimbrel.records import PlaceRef

__all__ = ["ACCURATE_KM", "GeoRun", "Match", "geo_run", "haversine", "load_geo", "score_geo"]

SCORER = "eval.geo = score.py geo"
ACCURATE_KM = 161.0  # 100 miles, the field's usual threshold
_HALF_GLOBE_KM = 20039.0


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(h)))


def load_geo(path: Path) -> list[tuple[str, str, list[tuple[int, int, float, float, str | None]]]]:
    name = path.name
    root = ET.parse(path).getroot()  # noqa: S314 - a local evaluation corpus
    docs = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        gold = []
        for t in list(art.iter("toponym")) + list(art.iter("location")):
            lat = t.findtext("latitude") or t.findtext("lat") or t.findtext("gaztag/lat")
            lon = t.findtext("longitude") or t.findtext("lon") or t.findtext("gaztag/lon")
            if not lat or not lon or (t.findtext("nonLocational") or "No") == "Yes":
                continue
            gaztag = t.find("gaztag")
            gid = gaztag.get("geonameid") if gaztag is not None else t.findtext("geonamesID")
            gold.append((int(t.findtext("start") or 0), int(t.findtext("end") or 0), float(lat), float(lon), gid or None))
        docs.append((f"{name}-{i}", text, gold))
    return docs


class Match(NamedTuple):
    """A gold toponym that a predicted place overlaps, and the place scored for it (the first overlapping)."""

    gold_lat: float
    gold_lon: float
    gold_id: str | None
    place: PlaceRef
    error_km: float  # 20,039 km (half the globe) when the place has no point


class GeoRun(NamedTuple):
    gold: int  # gold toponyms
    predicted: int  # predicted places with offsets
    correct_spans: int  # predicted places overlapping a gold toponym
    matches: list[Match]


@functools.lru_cache(maxsize=4)
def geo_run(path: Path) -> GeoRun:
    """The corpus through the pipeline, matched as score.py matches it; cached, so that the convention check
    (:mod:`whimbrel.eval.geo_conventions`) reads the same run instead of processing the corpus again."""
    docs = load_geo(path)
    records = run_texts((d, t) for d, t, _ in docs)
    n = predicted = correct_spans = 0
    matches: list[Match] = []
    for d, _text, gold in docs:
        rec = records.get(d)
        places = [p for p in (rec.places if rec else []) if p.start is not None and p.end is not None]
        predicted += len(places)
        for s, e, lat, lon, gid in gold:
            n += 1
            hit = [p for p in places if p.start < e and s < p.end]  # type: ignore[operator]
            if hit:
                p = hit[0]
                err = _HALF_GLOBE_KM if p.lat is None or p.lon is None else haversine((lat, lon), (p.lat, p.lon))
                matches.append(Match(lat, lon, gid, p, err))
        correct_spans += sum(1 for p in places if any(p.start < e and s < p.end for s, e, *_ in gold))  # type: ignore[operator,misc]
    return GeoRun(n, predicted, correct_spans, matches)


def score_geo(path: Path) -> list[Figure]:
    run = geo_run(path)
    errs = [m.error_km for m in run.matches]
    with_id = [m for m in run.matches if m.gold_id and m.place.lat is not None]
    exact = sum(str(m.place.geonameid) == str(m.gold_id) for m in with_id)
    name = path.name
    acc = sum(x <= ACCURATE_KM for x in errs) / max(len(errs), 1)
    return [
        Figure(name, "toponym span recall", len(run.matches) / max(run.gold, 1), run.gold, SCORER, target=0.85),
        Figure(name, "toponym span precision", run.correct_spans / max(run.predicted, 1), run.predicted, SCORER,
               target=0.85),
        Figure(name, "accuracy ≤161 km (matched)", acc, len(errs), SCORER, target=0.95),
        Figure(name, "median error km (matched)", statistics.median(errs) if errs else float("nan"), len(errs), SCORER),
        Figure(name, "exact geonameid (matched, with id)", exact / max(len(with_id), 1), len(with_id), SCORER),
    ]
