"""Ranking the gazetteer entries that share a name ("Paris", "London", "Ottawa", "Columbia").

A candidate's score is the log of its population plus bonuses, so one point of bonus is worth a tenfold
population. The bonuses are kept small on purpose: most readers of "Paris" or "Cairo" mean the capital
even in an article about Kentucky, so the article's evidence may only overturn a population difference
of a factor of about 30–300, and only when the evidence is specific:

* feature: a bare country or continent name means it; a region name wins with "province" after it;
  capitals get a little more than their size (they are named in the news far beyond their population);
* the article's focus country and the countries of its other unambiguous places;
* the candidate's region named elsewhere in the text ("Columbia" in an article that names Missouri, "Monroe
  County" in one that names Indiana);
* nearness to the article's other unambiguous places (a town 200 km from the other towns named), or to a
  reading of another ambiguous name right next to it ("Edmonton" and "Enfield", both in north London:
  :mod:`whimbrel.places.neighbours`);
* a dateline's national capital beats its smaller namesakes ("WASHINGTON Christopher ..." in a story about
  a British spy).

Equal scores (namesake US counties, all of one size) go to the region the text names most often.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from whimbrel.kb import norm_name
from whimbrel.places.cues import DATELINE
from whimbrel.places.gazetteer import Place
from whimbrel.places.neighbours import neighbouring_readings
from whimbrel.places.sources import haversine_km

__all__ = ["ADMIN_SUFFIXES", "Evidence", "best", "capital_over_namesake_region", "gather_evidence", "score"]

# "district" too: "the Karak district" is Jordan's Karak governorate (the news calls most divisions districts),
# not the Pakistani town; where no division has the name, the town of the story's country still wins
ADMIN_SUFFIXES = {"province", "governorate", "region", "state", "prefecture", "oblast", "department", "district"}
_FOCUS = 1.5  # about a 30-fold population
_CONTEXT = 0.75  # another unambiguous place in the same country (once, however many)
_REGION_NAMED = 1.5  # the candidate's region is named in the text
_NEAR = 1.0  # within _NEAR_KM of another unambiguous place in the text
_NEAR_KM = 300.0
# readings of ambiguous names next to each other are weaker evidence than an unambiguous place: nearer only
_NEAR_NEIGHBOUR_KM = 100.0
_MAX_ANCHORS = 40
_ALIAS = 1.0
# "New York", "São Paulo": when the city of a region's name holds this share of the region's (counted)
# population, the bare name means the city, whatever the region's larger sum.
_CITY_SHARE = 0.2


@dataclass
class Evidence:
    """What the rest of the article says about where it is."""

    focus: str | None = None
    countries: Counter[str] = field(default_factory=Counter)
    regions: set[tuple[str, str]] = field(default_factory=set)  # (iso3, admin-1 name) named in the text
    anchors: list[tuple[str, float, float]] = field(default_factory=list)  # (casefolded text, lat, lon)
    anchor_regions: set[tuple[str, str]] = field(default_factory=set)  # (iso3, admin-1) of the anchors
    # (iso3, admin-1) → how often the text names it or one of its unambiguous places: breaks ties only
    region_mentions: Counter[tuple[str, str]] = field(default_factory=Counter)
    # keys of readings of an ambiguous name that lie next to a reading of another name ("Enfield" and
    # "Edmonton", both in London): see whimbrel.places.neighbours
    # (also places for nearness, as the anchors are: "Litchfield" near "New Milford" and "Danbury")
    neighbours: dict[int, tuple[str, float, float]] = field(default_factory=dict)


def gather_evidence(texts: list[str], candidates: list[list[Place]], literal: list[bool],
                    focus: str | None) -> Evidence:
    """Evidence from the toponyms that need no choosing: one candidate, or one country and region."""
    ev = Evidence(focus=focus, neighbours=neighbouring_readings(texts, candidates))
    for text, cands, is_literal in zip(texts, candidates, literal, strict=True):
        if not cands:
            continue
        countries = {p.country for p in cands if p.country}
        if len(cands) == 1 and cands[0].country:
            ev.countries[cands[0].country] += 1
        for p in cands:
            if p.feature == "A.ADM1" and p.country and p.admin1:
                ev.regions.add((p.country, p.admin1))
                ev.region_mentions[(p.country, p.admin1)] += 1
        # A county names its state only when all its namesakes lie in one: "Metcalfe County" says Kentucky,
        # "Monroe County" (17 states) says nothing.
        county_regions = {(p.country or "", p.admin1 or "") for p in cands
                          if p.is_admin and p.feature != "A.ADM1" and p.country and p.admin1}
        if len(county_regions) == 1:
            ev.regions |= county_regions
            ev.region_mentions.update(county_regions)
        # Only literal, local places anchor nearness: a country's point says nothing about its towns.
        wide = cands[0].is_country or cands[0].is_continent or cands[0].is_region
        if is_literal and len(cands) == 1 and len(countries) == 1 and not wide \
                and len(ev.anchors) < _MAX_ANCHORS:
            ev.anchors.append((text.casefold(), cands[0].lat, cands[0].lon))
            if cands[0].country and cands[0].admin1 and cands[0].feature != "A.ADM1":  # a town's or a county's
                ev.anchor_regions.add((cands[0].country, cands[0].admin1))
                ev.region_mentions[(cands[0].country, cands[0].admin1)] += 1
    return ev


def best(cands: list[Place], text: str, suffix: str, ev: Evidence) -> Place:
    if suffix not in ADMIN_SUFFIXES:
        cands = _cities_over_their_regions(cands) or cands
    cands = _home_region_over_foreign_country(cands, ev) or cands
    if suffix == DATELINE:
        cands = _dateline_capital(cands, text) or cands
    # Equal scores happen between namesakes of one kind ("Monroe County" in Indiana and in Missouri, both
    # named): the region the article names more often wins; then the first listed (for counties, the biggest).
    return max(cands, key=lambda p: (score(p, text, suffix, ev), ev.region_mentions[(p.country or "", p.admin1 or "")]))


def _dateline_capital(cands: list[Place], text: str) -> list[Place]:
    """"WASHINGTON —", "WASHINGTON Christopher Steele, who ...": a dateline names the city a story was filed
    from, and a national capital bigger than its namesakes is where news is filed from, whatever the story's
    other places say (Washington, England in a story about a British spy). Not a capital found by an old
    name (Hong Kong's "Victoria"), nor a small one over a bigger namesake (Seychelles' Victoria, in a story
    filed from British Columbia's)."""
    capitals = [p for p in cands if p.feature == "P.PPLC" and _own_name(p.name, text)]
    towns = [p.population for p in cands if p.feature.startswith("P") and p not in capitals]
    return capitals if capitals and max(p.population for p in capitals) >= max(towns, default=0) else []


def _home_region_over_foreign_country(cands: list[Place], ev: Evidence) -> list[Place]:
    """"Georgia" in a story whose places are American is the state: a region of the article's focus country
    beats a country of the same name that nothing else in the text points to."""
    # The focus must come from the article's places: a focus voted by its actors alone ("Georgia's prime
    # minister" and an American official) says nothing about where the story is.
    if not ev.focus or not ev.countries.get(ev.focus) or not any(p.is_admin and p.country == ev.focus for p in cands):
        return []
    return [p for p in cands if not (p.is_country and p.country != ev.focus and not ev.countries.get(p.country or ""))]


def capital_over_namesake_region(cands: list[Place], ev: Evidence) -> list[Place]:
    """"Talks between Washington and Beijing", "officials in Washington", "WASHINGTON (Reuters) -": a bare name
    that is both a national capital and a first-level region of the same country (Washington, D.C. and the
    state; Buenos Aires and its province) means the capital, which the news names far more often than its
    size says. The region keeps its chance where the story holds one of its towns or counties ("Seattle",
    "Yakima County"); the caller leaves the name alone where the words point at the region ("Washington
    state", "eastern Washington", a list of states, "Kent, Washington": see :mod:`whimbrel.places.resolve`)."""
    capitals = [p for p in cands if p.feature == "P.PPLC"]
    if not capitals:
        return cands
    return [p for p in cands if not (
        p.feature == "A.ADM1" and (p.country or "", p.admin1 or "") not in ev.anchor_regions
        and any(c.country == p.country and norm_name(c.name) == norm_name(p.name) for c in capitals))]


def _cities_over_their_regions(cands: list[Place]) -> list[Place]:
    """Drop a region whose city of the same name holds a fair share of its people: a bare "New York",
    "Aleppo" or "Kandahar" means the city ("Kandahar province" still means the region)."""
    cities = [p for p in cands if p.feature.startswith("P")]
    return [p for p in cands if not (p.is_admin and any(
        c.country == p.country and c.admin1 == p.admin1 and norm_name(c.name) == norm_name(p.name)
        and c.population >= _CITY_SHARE * p.population for c in cities))]


def score(p: Place, text: str, suffix: str, ev: Evidence) -> float:
    s = math.log10(p.population + 10)
    region_named = False
    if p.is_country or p.is_continent or p.is_region:
        s += 6  # "Georgia", "Jordan", "Asia", "Atlantic": a bare country, continent or sea name means it
    elif p.is_admin:
        s += 4 if suffix in ADMIN_SUFFIXES else 0.5
    elif p.feature == "P.PPLC":
        s += 1.0
    if suffix in ("city", "town", "village", DATELINE) and p.feature.startswith("P"):
        s += 3
    neighboured = p.key in ev.neighbours
    if p.country:
        if p.country == ev.focus:
            s += _FOCUS
        if ev.countries.get(p.country) or neighboured:
            s += _CONTEXT
        # a town's or a county's region (not a region's own name, which is the candidate itself)
        region_named = bool(p.admin1 and p.feature != "A.ADM1" and (p.country, p.admin1) in ev.regions)
        if region_named:
            s += _REGION_NAMED
    # A county is "near" when its state holds one of the story's places, which is the same evidence as its
    # state being named ("Ames, Iowa" does both): not counted twice, or one town of another state would
    # outweigh a state the story names three times (the tie then goes to the state named most often).
    if not (p.is_country or p.is_continent or p.is_region) and not (p.is_admin and region_named) \
            and (neighboured or _near(p, text, ev)):
        s += _NEAR
    if _own_name(p.name, text):
        s += 0.5
    elif not (p.is_country or p.is_admin or p.is_region):
        s -= _ALIAS  # found only by an alternate name: "Sidney" for "Sydney", Bozeman for "Missouri"

    return s


def _own_name(name: str, text: str) -> bool:
    """GeoNames names some towns with the word that tells them from their borough: "Enfield Town" of the
    London Borough of Enfield. The bare name is still the town's own, not an alias. ("New York City" is not
    such a name: the bare "New York" is as often the state.)"""
    key, said = norm_name(name), norm_name(text)
    return key == said or key == said + " town"


def _near(p: Place, text: str, ev: Evidence) -> bool:
    """Near the article's other places: for a region, holding one of them (its point may be far away)."""
    if p.is_admin:
        return (p.country or "", p.admin1 or "") in ev.anchor_regions
    key = text.casefold()
    return any(t != key and haversine_km((p.lat, p.lon), (lat, lon)) <= _NEAR_KM for t, lat, lon in ev.anchors) \
        or any(t != key and abs(lat - p.lat) <= 1.0 and haversine_km((p.lat, p.lon), (lat, lon)) <= _NEAR_NEIGHBOUR_KM
               for t, lat, lon in ev.neighbours.values())  # (a degree of latitude is 111 km: a cheap test first)
