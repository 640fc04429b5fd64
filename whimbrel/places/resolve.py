"""Toponyms in a parse → gazetteer places.

Recognition (which spans are toponyms) is :mod:`whimbrel.places.recognise`.

Disambiguation scores each candidate entry: feature (a country name means the country), population,
the article's focus country (the country most of its unambiguous places and actors belong to), and a
"Region, Country" pattern ("Alexandria, Louisiana"). A toponym with no candidate is kept with null
coordinates; it never stops the rest of the document.
"""

from __future__ import annotations

import re
from collections import Counter

from whimbrel.kb import KnowledgeBase
from whimbrel.nlp import Parse
from whimbrel.places.gazetteer import Gazetteer, Place
from whimbrel.places.rank import Evidence, gather_evidence
from whimbrel.places.rank import best as choose
from whimbrel.places.recognise import candidates as candidates_of
from whimbrel.places.recognise import find_toponyms
from whimbrel.places.towns import licensed_small_towns
from whimbrel.records import ActorRef, PlaceRef

__all__ = ["focus_country", "find_toponyms", "resolve_toponyms"]


def focus_country(places: list[list[Place]], literal: list[bool], actors: list[ActorRef]) -> str | None:
    """The country an article is mostly about: votes from its unambiguous places used as places ("in
    Idlib"; "Turkey said" is an actor, not a place), else from its actors."""
    votes: Counter[str] = Counter()
    for cands, is_literal in zip(places, literal, strict=True):
        countries = {p.country for p in cands if p.country}
        if len(countries) == 1 and is_literal:
            votes[countries.pop()] += 1
    if not votes:
        for a in actors:
            if a.country:
                votes[a.country] += 1
    return votes.most_common(1)[0][0] if votes else None


_QUALIFIER = re.compile(r"^, ([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2})")


def _qualifier(gaz: Gazetteer, after: str) -> list[Place]:
    """The regions or countries a comma and a name right after a toponym give: ", Louisiana", ", Ky."."""
    m = _QUALIFIER.match(after)
    # first-level regions and countries only: "Surrey, Sussex and Kent" is a list of counties
    return [q for q in gaz.lookup(m.group(1)) if q.feature == "A.ADM1" or q.is_country] if m else []


def _narrow_by_qualifier(cands: list[Place], regions: list[Place]) -> list[Place]:
    """"Alexandria, Louisiana": a region or country right after a comma narrows the choice. Not from a
    country or region to a town: "China, Japan and Korea" and "Georgia, Oklahoma" are lists, not the
    hamlets called China in Japan or Oklahoma in Pennsylvania."""
    narrowed = [p for p in cands if any(p.country == q.country and (q.is_country or p.admin1 == q.admin1)
                                        for q in regions)]
    if any(_wide(p) for p in cands) and not any(_wide(p) for p in narrowed):
        return cands
    return narrowed or cands


def _wide(p: Place) -> bool:
    """Listed with its peers ("Georgia, Oklahoma"); a county is not: "Kent, Washington" is the town."""
    return p.is_country or p.is_continent or p.feature == "A.ADM1" or p.is_region


def _county_towns_placed(cands: list[Place], qualifier: list[Place], ev: Evidence) -> list[Place]:
    """"Plymouth County", "Dallas County": a US county is often named after a town elsewhere (or a person),
    so a town of the bare name stands for the county only where the article places it in the county's
    region (a qualifier, or its region named or holding the story's places); else the county gets no
    point rather than a point a state away. Counties and regions of the name stay candidates."""
    def placed(p: Place) -> bool:
        region = (p.country or "", p.admin1 or "")
        return any(q.country == p.country and (q.is_country or q.admin1 == p.admin1) for q in qualifier) \
            or region in ev.regions or region in ev.anchor_regions
    return [p for p in cands if not p.feature.startswith("P") or placed(p)]


def resolve_toponyms(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, actors: list[ActorRef]) -> tuple[list[PlaceRef], str | None]:
    spans = find_toponyms(parse, gaz, kb)
    candidates = [candidates_of(gaz, kb, parse.text[s:e]) for s, e, _ in spans]
    actor_spans = {(a.start, a.end) for a in actors if a.kind == "country"}
    literal = [(s, e) not in actor_spans for s, e, _ in spans]
    focus = focus_country(candidates, literal, actors)
    evidence = gather_evidence([parse.text[s:e] for s, e, _ in spans], candidates, literal, focus)
    out = []
    for (start, end, suffix), cands in zip(spans, candidates, strict=True):
        text = parse.text[start:end]
        ref = PlaceRef(text=text, start=start, end=end)
        qualifier = _qualifier(gaz, parse.text[end:end + 60])
        # a town too small for the main index, where the article licenses it (see whimbrel.places.towns)
        cands = cands + licensed_small_towns(gaz.small_towns, text, evidence, qualifier, cands)
        if cands:
            cands = _narrow_by_qualifier(cands, qualifier)
        if suffix == "county":
            cands = _county_towns_placed(cands, qualifier, evidence)
        if cands:
            best = choose(cands, text, suffix, evidence)
            ref = PlaceRef(text=text, start=start, end=end, geonameid=best.geonameid, name=best.name,
                           lat=round(best.lat, 5), lon=round(best.lon, 5), country=best.country,
                           admin1=best.admin1, feature=best.feature)
        out.append(ref)
    return out, focus
