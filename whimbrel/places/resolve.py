"""Toponyms in a parse → gazetteer places.

Recognition: spaCy GPE/LOC/FAC entities, ORG entities that are really places (spaCy often tags a
besieged town as an organisation), and proper-noun runs that name a country, region or sizeable city.
Person names and organisations stay out: "Jordan" inside "Michael Jordan" is not a country.

Disambiguation scores each candidate entry: feature (a country name means the country), population,
the article's focus country (the country most of its unambiguous places and actors belong to), and a
"Region, Country" pattern ("Alexandria, Louisiana"). A toponym with no candidate is kept with null
coordinates; it never stops the rest of the document.
"""

from __future__ import annotations

import re
from collections import Counter

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.gazetteer import Gazetteer, Place
from whimbrel.places.rank import best as choose
from whimbrel.places.rank import gather_evidence
from whimbrel.records import ActorRef, PlaceRef

__all__ = ["focus_country", "find_toponyms", "resolve_toponyms"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "from", "of", "into", "on", "across", "around", "outside", "inside",
                       "toward", "towards", "to", "through", "over", "between", "north", "south", "east", "west"}
_SCAN_MIN_POPULATION = 100_000  # un-tagged proper nouns must name a big place to count
_SUFFIXES = {"province", "governorate", "region", "district", "state", "county", "city", "town", "village",
             "area", "prefecture", "oblast", "department", "municipality"}


def find_toponyms(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase) -> list[tuple[int, int, str]]:
    """(start, end, suffix) of each toponym; suffix is a following "province"/"region" word, if any."""
    spans: list[tuple[int, int, str]] = []
    blocked = [False] * len(parse.tokens)
    for ent in parse.entities:
        first, last = ent.first, ent.last
        if parse.tokens[first].lower == "the" and last - first > 1:
            first += 1
        while last > first and parse.tokens[last - 1].tag == "POS":
            last -= 1
        text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end] if last > first else ""
        is_place = ent.label in _PLACE_LABELS
        cands = gaz.lookup(text) if text else []
        if ent.label == "ORG" and cands and kb.entity_id(text) is None and (
                _notable(cands, text) or _where_a_place_goes(parse, first)) and not (
                text.isupper() and not any(p.is_country for p in cands)):
            # "offensive on Idlib", "clashes in Tal Abyad" tagged ORG; but "Google" or "ATF" are not the
            # hamlets that happen to share the name, unless the text puts them where a place goes
            is_place = True
        if is_place and ent.label != "GPE" and kb.metonym(text) and not any(
                p.feature in ("P.PPLC", "A.PCLI") or p.is_admin for p in cands):
            is_place = False  # "the White House" acts; it is not White House, Tennessee
        if is_place and _abbreviation(text, gaz) and not (_after_place_comma(parse, first) or _after_locative(parse, first)):
            is_place = False  # "Miss. Universe", "Man. Utd": abbreviations count only where a place goes
        if is_place and text and not kb.country_of_adjective(text):
            spans.append((first, last, ""))
        for k in range(ent.first, ent.last):
            blocked[k] = True
    # Proper-noun runs spaCy did not tag, when they name a country, region or big city.
    n = len(parse.tokens)
    i = 0
    while i < n:
        tok = parse.tokens[i]
        if blocked[i] or tok.tag not in ("NNP", "NNPS"):
            i += 1
            continue
        j = i
        while j < n and not blocked[j] and parse.tokens[j].tag in ("NNP", "NNPS") and j - i < 5:
            j += 1
        text = parse.text[tok.start:parse.tokens[j - 1].end]
        cands = gaz.lookup(text)
        if _abbreviation(text, gaz) and not _after_place_comma(parse, i):
            cands = []  # "Miss.", "Man.", "Ind." are mostly not states; "Columbia, Mo." is
        if cands and kb.entity_id(text) is None and _notable(cands, text):
            spans.append((i, j, ""))
        i = j
    out = []
    for first, last, _ in sorted(spans):
        nxt = parse.tokens[last] if last < n else None
        suffix = nxt.lower if nxt is not None and nxt.lower in _SUFFIXES else ""
        out.append((parse.tokens[first].start, parse.tokens[last - 1].end, suffix))
    return out


def _notable(cands: list[Place], text: str) -> bool:
    """A name that untagged (or organisation-tagged) text may use for a place: a country, continent,
    region, or a big city by its own name (not an alternate one: Topeka was briefly "Google"), not any
    hamlet that happens to share it."""
    return any(p.is_country or p.is_continent or p.is_admin or p.is_region or (
        p.population >= _SCAN_MIN_POPULATION and norm_name(p.name) == norm_name(text)) for p in cands)


def _abbreviation(text: str, gaz: Gazetteer) -> bool:
    """A doubtful region abbreviation ("Mo.", "Ont."): a truncated word that names only a region."""
    # Initialisms ("B.C.", "N.Y.") are not words; truncations ("Miss.", "Man.", "Ind.") often are.
    return text.endswith(".") and "." not in text[:-1] and len(text) <= 6 and all(p.is_admin for p in gaz.lookup(text))


def _after_place_comma(parse: Parse, i: int) -> bool:
    """Is token ``i`` right after "Town," (the slot of a state abbreviation in a dateline or address)?"""
    return i >= 2 and parse.tokens[i - 1].text == "," and parse.tokens[i - 2].text[:1].isupper()


def _where_a_place_goes(parse: Parse, i: int) -> bool:
    """After a preposition of place or motion ("shelling on Kafr Nabl", "fled to Tal Tamr")."""
    k = i - 1
    while k >= 0 and parse.tokens[k].lower in ("the", "town", "city", "village", "of", "district", "province"):
        k -= 1
    return k >= 0 and parse.tokens[k].lower in _PLACE_PREPOSITIONS


def _after_locative(parse: Parse, i: int) -> bool:
    return i >= 1 and parse.tokens[i - 1].lower in ("in", "at", "near", "from", "of")


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


def _narrow_by_qualifier(gaz: Gazetteer, cands: list[Place], after: str) -> list[Place]:
    """"Alexandria, Louisiana": a region or country right after a comma narrows the choice."""
    m = _QUALIFIER.match(after)
    if not m:
        return cands
    regions = [q for q in gaz.lookup(m.group(1)) if q.is_admin or q.is_country]
    narrowed = [p for p in cands if any(p.country == q.country and (q.is_country or p.admin1 == q.admin1)
                                        for q in regions)]
    return narrowed or cands


def resolve_toponyms(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, actors: list[ActorRef]) -> tuple[list[PlaceRef], str | None]:
    spans = find_toponyms(parse, gaz, kb)
    candidates = [gaz.lookup(parse.text[s:e]) for s, e, _ in spans]
    actor_spans = {(a.start, a.end) for a in actors if a.kind == "country"}
    literal = [(s, e) not in actor_spans for s, e, _ in spans]
    focus = focus_country(candidates, literal, actors)
    evidence = gather_evidence([parse.text[s:e] for s, e, _ in spans], candidates, literal, focus)
    out = []
    for (start, end, suffix), cands in zip(spans, candidates, strict=True):
        text = parse.text[start:end]
        ref = PlaceRef(text=text, start=start, end=end)
        if cands:
            cands = _narrow_by_qualifier(gaz, cands, parse.text[end:end + 60])
            best = choose(cands, text, suffix, evidence)
            ref = PlaceRef(text=text, start=start, end=end, geonameid=best.geonameid, name=best.name,
                           lat=round(best.lat, 5), lon=round(best.lon, 5), country=best.country,
                           admin1=best.admin1, feature=best.feature)
        out.append(ref)
    return out, focus
