"""Toponyms in a parse → gazetteer places.

Recognition (which spans are toponyms) is :mod:`whimbrel.places.recognise`.

Disambiguation scores each candidate entry: feature (a country name means the country), population,
the article's focus country (the country most of its unambiguous places and actors belong to), and a
"Region, Country" pattern ("Alexandria, Louisiana"). Context narrows the candidates first: the region
after a town is the one that holds it ("Atlanta, Georgia"), a qualifier stands in for a town the gazetteer
lacks ("Holliday, Missouri"), a list of first-level regions keeps its members regions ("Utah, Washington and
Wyoming"), and the names before one plural county word share a state ("Dade and Broward counties"). A
toponym with no candidate is kept with null coordinates, or placed at the place the text says holds it
("the villages of Foua and Kfraya in Idlib": :mod:`whimbrel.places.containers`); it never stops the rest of
the document.
"""

from __future__ import annotations

import re
from collections import Counter

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.abbreviations import ABBREVIATION
from whimbrel.places.containers import placed_by_containers
from whimbrel.places.discourse import other_mentions
from whimbrel.places.gazetteer import Gazetteer, Place
from whimbrel.places.rank import ADMIN_SUFFIXES, Evidence, capital_over_namesake_region, gather_evidence
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


# A namesake this big elsewhere means the comma is a list's, not a qualifier's: "Paris, Germany and Italy".
_STAND_IN_MAX_POPULATION = 100_000
# a particle may join the words of a region's name: ", Davao del Sur", ", Rio de Janeiro"
_QUALIFIER = re.compile(r"^, ([A-Z][\w.'-]*(?: (?:(?:de|del|do|da|di|la|y) )?[A-Z][\w.'-]*){0,2})")


def _qualifier(gaz: Gazetteer, after: str) -> list[Place]:
    """The regions or countries a comma and a name right after a toponym give: ", Louisiana", ", Ky."."""
    m = _QUALIFIER.match(after)
    if not m:
        return []
    # The pattern takes a full stop into the name ("Ky." must keep it), so a qualifier that ends a sentence
    # ("a theft in Paris, Illinois.") is looked up again without it.
    name = m.group(1)
    for form in (name, name.rstrip(".")) if name.endswith(".") else (name,):
        # first-level regions and countries only: "Surrey, Sussex and Kent" is a list of counties; and the
        # provinces no town stands for ("Santa Maria, Davao del Sur"), which only such a slot names
        found = [q for q in gaz.lookup(form) if q.feature == "A.ADM1" or q.is_country] or gaz.lookup_divisions(form)
        if found:
            return found
    return []


def _narrow_by_qualifier(cands: list[Place], regions: list[Place]) -> list[Place]:
    """"Alexandria, Louisiana": a region or country right after a comma narrows the choice. Not from a
    country or region to a town: "China, Japan and Korea" and "Georgia, Oklahoma" are lists, not the
    hamlets called China in Japan or Oklahoma in Pennsylvania. A region named after its own city is not
    such a name: "Kingston, Ontario" is the city in Ontario, whatever Jamaica's Kingston parish."""
    narrowed = [p for p in cands if any(p.country == q.country and (q.is_country or p.admin1 == q.admin1)
                                        for q in regions)]
    if any(_wide(p) and not _city_of_the_name(p, cands) for p in cands) and not any(_wide(p) for p in narrowed):
        return cands
    return narrowed or cands


def _city_of_the_name(region: Place, cands: list[Place]) -> bool:
    return region.is_admin and any(c.feature.startswith("P") and c.country == region.country
                                   and c.admin1 == region.admin1 and c.name == region.name for c in cands)


_COUNTY_WORDS = {"county": "County", "parish": "Parish", "borough": "Borough"}


def _county_of_list(gaz: Gazetteer, text: str, suffix: str) -> list[Place]:
    """"Monroe" in "Monroe and Owen counties" is Monroe County: the recogniser gives such a name the singular
    county word as its suffix (see :func:`whimbrel.places.recognise.find_toponyms`)."""
    word = _COUNTY_WORDS.get(suffix)
    if word is None or text.rsplit(None, 1)[-1].casefold() in _COUNTY_WORDS:
        return []
    return [p for p in gaz.lookup(f"{text} {word}") if p.feature == "A.ADM2"]


def _region_of_code(gaz: Gazetteer, text: str, suffix: str) -> list[Place]:
    """"NSW", "the ACT": a region code the recogniser licensed (see :mod:`whimbrel.places.abbreviations`)."""
    return [gaz.places[k] for k in gaz.region_abbreviations.get(text, ())] if suffix == ABBREVIATION else []


def _code_the_parser_placed(gaz: Gazetteer, text: str) -> list[Place]:
    """"said in NY": a region code the parser itself tagged as a place, which the name index lacks; the
    ranking picks the region of the story's country among those the code abbreviates."""
    return [gaz.places[k] for k in gaz.region_abbreviations.get(text, ())]


def _abbreviated_region(gaz: Gazetteer, text: str, start: int, end: int) -> list[Place]:
    """"Churchill, Man." where the parser cut the full stop off: in the slot of a region after "Town, ", a
    name that with its full stop is a region's abbreviation is that region, not the town of the bare name
    (Man, Ivory Coast)."""
    if text[max(0, start - 2):start] != ", " or not (text[end:end + 1] == "." or end - start == 2):
        return []  # a two-letter one may lack its full stop: "EDMONTON, Ky (WBKO)"
    found = gaz.lookup(text[start:end] + ".")
    return found if found and all(p.feature == "A.ADM1" for p in found) else []


def _one_state_per_county_list(text: str, spans: list[tuple[int, int, str]], candidates: list[list[Place]]) -> None:
    """"Dade and Broward counties" are both in Florida: the names before one plural county word lie in one
    state, so each keeps only the namesakes in a state every other name of the list has one in (Dade County,
    Missouri goes). In place; a list whose names share no state is left as it is."""
    k = 0
    while k < len(spans):
        j = k + 1
        if spans[k][2] in _COUNTY_WORDS:
            while j < len(spans) and spans[j][2] == spans[k][2] and text[spans[j - 1][1]:spans[j][0]] in _LIST_JOINS:
                j += 1
        if j - k >= 2:
            states = set.intersection(*({(p.country, p.admin1) for p in candidates[m]} for m in range(k, j)))
            if states:
                for m in range(k, j):
                    candidates[m] = [p for p in candidates[m] if (p.country, p.admin1) in states]
        k = j


def _qualifier_stands_in(cands: list[Place], qualifier: list[Place]) -> list[Place]:
    """"Holliday, Missouri", "Cedar Flat, Ky.": a town too small for the gazetteer, or only namesakes of it
    elsewhere (a Holliday in Texas). The qualifier says where it is, so the town is placed at its region
    (or country) rather than at a namesake a thousand kilometres away or nowhere. Not for a name with a
    big or wide namesake: "Paris, Germany and Italy" is a list, not a Paris in Germany."""
    if len(qualifier) != 1 or any(_wide(p) or p.population >= _STAND_IN_MAX_POPULATION for p in cands):
        return []
    region = qualifier[0]
    inside = any(p.country == region.country and (region.is_country or p.admin1 == region.admin1) for p in cands)
    return [] if inside else [region]


def _holding(cands: list[Place], town: Place) -> list[Place]:
    """"Atlanta, Georgia", "Kent, Washington": the region or country right after a town is the one that holds
    it, not a namesake elsewhere (Georgia the country, Washington the capital)."""
    return [p for p in cands if p.country == town.country and (
        p.is_country or (p.feature == "A.ADM1" and p.admin1 == town.admin1))]


_LIST_JOINS = {", ", " and ", ", and ", " or ", ", or ", " & "}
_MIN_LISTED = 3  # "Washington and Beijing" is two capitals; three states in a row are a list of states


def _lists_of_regions(text: str, spans: list[tuple[int, int, str]], candidates: list[list[Place]]) -> list[str | None]:
    """Per toponym, the country whose first-level regions the list it stands in names, if any: in
    "Utah, Virginia, Washington and Wyoming" every name can be a state, so Washington is the state (not the
    capital) and Wyoming the state (not a town in Michigan); in "Alberta, Manitoba, Ontario and New Brunswick"
    Ontario is the province, not the city in California. A name needs every other member to have a
    first-level region of that country among its readings."""
    out: list[str | None] = [None] * len(spans)
    k = 0
    while k < len(spans):
        j = k + 1
        while j < len(spans) and text[spans[j - 1][1]:spans[j][0]] in _LIST_JOINS:
            j += 1
        if j - k >= _MIN_LISTED:
            members = [{p.country for p in candidates[m] if p.feature == "A.ADM1" and p.country} for m in range(k, j)]
            for m in range(k, j):
                others = [c for i, c in enumerate(members, start=k) if i != m]
                shared = set.intersection(*others) & members[m - k] if others else set()
                if len(shared) == 1:
                    out[m] = shared.pop()
        k = j
    return out


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


# "eastern Washington", "central Buenos Aires": a compass word before a name speaks of a region's part
_REGION_PART = re.compile(r"\b(?:north|south|east|west|central)(?:ern|-?(?:east|west)(?:ern)?)?\s+$", re.IGNORECASE)


def _region_meant(text: str, start: int, suffix: str) -> bool:
    """Do the words at the name point at the region rather than a city of the same name ("Washington
    state", "the state of Washington", "eastern Washington")?"""
    return suffix in ADMIN_SUFFIXES or bool(_REGION_PART.search(text[max(0, start - 16):start]))


def _with_qualifier(gaz: Gazetteer, text: str, cands: list[Place], qualifier: list[Place], ev: Evidence) -> list[Place]:
    """The candidates as a qualifier right after the name leaves them ("London, Ontario"), small towns the
    article licenses included (see :mod:`whimbrel.places.towns`)."""
    cands = cands + licensed_small_towns(gaz.small_towns, text, ev, qualifier, cands)
    if cands:
        cands = _narrow_by_qualifier(cands, qualifier)
    return _qualifier_stands_in(cands, qualifier) or cands


def _qualified_readings(text: str, spans: list[tuple[int, int, str]], candidates: list[list[Place]],
                        gaz: Gazetteer, ev: Evidence) -> dict[str, list[Place]]:
    """One sense per discourse: a name the article qualifies once ("London, Ontario", "Paris, Texas") keeps
    that reading in its bare mentions, before and after ("London police said"), which would otherwise go to
    the famous namesake. Only a qualifier that chose among the readings counts, not every repeat of a name."""
    out: dict[str, list[Place]] = {}
    for (start, end, _), cands in zip(spans, candidates, strict=True):
        qualifier = _qualifier(gaz, text[end:end + 60])
        if not qualifier:
            continue
        name = text[start:end]
        narrowed = _with_qualifier(gaz, name, cands, qualifier, ev)
        if narrowed and set(narrowed) < set(cands) | set(narrowed):  # chose among the readings, or stood in
            out.setdefault(norm_name(name), narrowed)
    return out


def resolve_toponyms(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, actors: list[ActorRef]) -> tuple[list[PlaceRef], str | None]:
    spans = find_toponyms(parse, gaz, kb)
    candidates = [_county_of_list(gaz, parse.text[s:e], suffix) or _region_of_code(gaz, parse.text[s:e], suffix)
                  or _abbreviated_region(gaz, parse.text, s, e)
                  or candidates_of(gaz, kb, parse.text[s:e]) + gaz.lookup_divisions(parse.text[s:e])
                  or _code_the_parser_placed(gaz, parse.text[s:e]) for s, e, suffix in spans]
    _one_state_per_county_list(parse.text, spans, candidates)
    actor_spans = {(a.start, a.end) for a in actors if a.kind == "country"}
    literal = [(s, e) not in actor_spans for s, e, _ in spans]
    focus = focus_country(candidates, literal, actors)
    evidence = gather_evidence([parse.text[s:e] for s, e, _ in spans], candidates, literal, focus)
    regions_listed = _lists_of_regions(parse.text, spans, candidates)
    readings = _qualified_readings(parse.text, spans, candidates, gaz, evidence)
    out = []
    previous: tuple[int, Place] | None = None  # end and place of the last toponym resolved to a town or county
    for k, ((start, end, suffix), cands) in enumerate(zip(spans, candidates, strict=True)):
        text = parse.text[start:end]
        ref = PlaceRef(text=text, start=start, end=end)
        qualifier = _qualifier(gaz, parse.text[end:end + 60])
        cands = _with_qualifier(gaz, text, cands, qualifier, evidence)
        if not qualifier and norm_name(text) in readings:
            cands = readings[norm_name(text)]
        if suffix == "county":
            cands = _county_towns_placed(cands, qualifier, evidence)
        if regions_listed[k]:
            cands = [p for p in cands if p.feature == "A.ADM1" and p.country == regions_listed[k]] or cands
        if previous is not None and parse.text[previous[0]:start] == ", ":
            held = _holding(cands, previous[1])
            if held:  # "Kent, Washington": a later bare "Washington" is the state too
                cands = held
                readings.setdefault(norm_name(text), held)
        previous = None
        if not _region_meant(parse.text, start, suffix):
            cands = capital_over_namesake_region(cands, evidence)
        if cands:
            best = choose(cands, text, suffix, evidence)
            ref = PlaceRef(text=text, start=start, end=end, geonameid=best.geonameid, name=best.name,
                           lat=round(best.lat, 5), lon=round(best.lon, 5), country=best.country,
                           admin1=best.admin1, feature=best.feature)
            previous = None if _wide(best) else (end, best)
        out.append(ref)
    out += other_mentions(parse, kb, out)  # one sense per discourse (see :mod:`whimbrel.places.discourse`)
    out.sort(key=lambda ref: ref.start or 0)
    # after the spreading: a stand-in's point is its container's, too weak to make other mentions places
    out = placed_by_containers(parse.text, out)  # "the villages of Foua and Kfraya in Idlib"
    return out, focus
