"""Geoparsing corpora (TR-News, GeoVirus, and the LGL/GeoWebNews formats): toponym spans and distance.

As score.py: a gold toponym is matched by any predicted place overlapping it (the first such place's
coordinates are scored); precision counts predicted places that overlap any gold toponym.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path

from whimbrel.eval.common import Figure, run_texts

__all__ = ["haversine", "load_geo", "score_geo"]

SCORER = "eval.geo = score.py geo"


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


def score_geo(path: Path) -> list[Figure]:
    docs = load_geo(path)
    records = run_texts((d, t) for d, t, _ in docs)
    n = matched = exact = with_id = predicted = correct_spans = 0
    errs: list[float] = []
    for d, _text, gold in docs:
        rec = records.get(d)
        places = [p for p in (rec.places if rec else []) if p.start is not None and p.end is not None]
        predicted += len(places)
        for s, e, lat, lon, gid in gold:
            n += 1
            hit = [p for p in places if p.start < e and s < p.end]  # type: ignore[operator]
            if not hit:
                continue
            matched += 1
            p = hit[0]
            if p.lat is None or p.lon is None:
                errs.append(20039.0)
                continue
            errs.append(haversine((lat, lon), (p.lat, p.lon)))
            if gid:
                with_id += 1
                exact += str(p.geonameid) == str(gid)
        correct_spans += sum(1 for p in places if any(p.start < e and s < p.end for s, e, *_ in gold))  # type: ignore[operator,misc]
    name = path.name
    acc = sum(x <= 161 for x in errs) / max(len(errs), 1)
    return [
        Figure(name, "toponym span recall", matched / max(n, 1), n, SCORER, target=0.85),
        Figure(name, "toponym span precision", correct_spans / max(predicted, 1), predicted, SCORER, target=0.85),
        Figure(name, "accuracy ≤161 km (matched)", acc, len(errs), SCORER, target=0.95),
        Figure(name, "median error km (matched)", statistics.median(errs) if errs else float("nan"), len(errs), SCORER),
        Figure(name, "exact geonameid (matched, with id)", exact / max(with_id, 1), with_id, SCORER),
    ]
