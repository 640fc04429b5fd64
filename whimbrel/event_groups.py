"""Cross-article event matching: do two events, from two different articles, report the same real-world event?

Near-duplicate *articles* (``whimbrel.dedup``) are copies of one text. Here the texts differ: three outlets
tell the same airstrike in their own words ("Russian jets" / "Moscow's air force" / "pro-government
aircraft"), with their own numbers and their own precision about place and date. This module holds the rule
that decides, for one pair of events, whether they are the same; ``whimbrel.store.event_groups`` keeps the
groups it induces in the store as batches arrive. The rule looks only at the two events (and their
articles' publication days), never at the rest of the store, so the groups (the connected components of the
"same event" relation) do not depend on the order in which articles arrive.

The rule, in order (the first failed gate ends it):

1. *Different articles.* Two events of one article are never matched directly (an article that tells the
   same event twice may still see both in one group, through another outlet's report).
2. *Factuality.* Only ``asserted``, ``failed`` and ``future`` events are grouped, each only with events of the
   same factuality: a plan ("will meet on Monday") and its outcome ("met on Monday") are different records,
   and a denial or a hypothesis never merges into a report of the act. Negated and hypothetical events stay
   alone.
3. *Type.* The same PLOVER type, or the same ACLED sub-event type (other than "Other").
4. *Date.* Each event covers the days its date allows: the day itself when stated to the day, the week or
   the month when stated to the week or month ("in July"; "two months ago": ±15 days), and for an undated
   report of what happened, the publication day and the day before. The two spans must be at most a day
   apart (time zones, "overnight"): two reports to the day may differ by one day. Events dated only to a
   year are too vague to group.
5. *Place.* The event's location, or, when the extractor gave none, the one town or region its own sentence
   names (not the dateline, not one of its actors). Unknown on either side is no obstacle. Otherwise:
   different countries, two different first-level regions, a town outside the other's region, or two towns
   more than 50 km apart conflict.
6. *Actors*, side by side (source with source, target with target; for meetings, agreements, cooperation and
   armed clashes also crosswise, since "A met B" and "B hosted A" tell one meeting). A side with no known
   actor (no knowledge-base id and sector UNK; news agencies in a dateline are ignored) is no obstacle. Two
   known sides match when they share an id, or name actors of one country and one sector family (state
   forces: GOV, MIL, POL, JUD, LEG; armed groups: REB; society: CVL, OPP, PTY, BUS, NGO, REL, REF; IGO),
   the whole country standing for any actor of it. Unresolved mentions of one sector family but
   different countries neither match nor conflict: an unresolved mention's country is often inferred from
   the article's setting ("pro-government aircraft" in Syria), not stated. Anything else conflicts.
7. *Enough evidence.* Compatibility is not identity: two protests in one country on one day are often two
   protests, and a province or a district sees many strikes a day. Points: the same town (or two entries
   within 10 km) 2, the same first-level region named by both 1, a town inside the other's region or within
   50 km of the other's town 0; an actor side that shares a knowledge-base id 2, that otherwise matches 1,
   except unresolved "people", "demonstrators", "civilians" of one country (society on both sides: every
   protest and attack there is told with those words) 0; the same day, stated to the day by at least one, 1;
   fatality counts that agree (within 30 %, at least 5) 1, or 2 from 20 dead up; counts far apart (under a
   quarter of each other, more than 5 apart) -1. The pair matches with at least 2 points, at least one of
   them not from the date.

The points were chosen on the team's own set ``data/eval/event_groups`` (see its README), so its figure is a
regression floor, not an estimate on unseen news.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = [
    "GROUPABLE",
    "SLACK_DAYS",
    "RULE_VERSION",
    "ActorFacts",
    "ArticlePlaces",
    "Comparison",
    "EventFacts",
    "PlaceFacts",
    "compare",
    "date_span",
    "facts_from_json",
    "same_event",
]

# Stored groups are only valid for this rule; a store grouped under another is regrouped (the store's meta
# 'event_groups'). Bump when the rule's outcome on some pair changes.
RULE_VERSION = "1"

GROUPABLE = ("asserted", "failed", "future")
SLACK_DAYS = 1  # how far apart two events' date spans may be
NEAR_KM = 50.0
SAME_PLACE_KM = 10.0  # two gazetteer entries this close are one town (a city and its capital district)
MIN_POINTS = 2

_FAMILIES = {
    **dict.fromkeys(("GOV", "MIL", "POL", "JUD", "LEG"), "state"),
    "REB": "armed group",
    **dict.fromkeys(("CVL", "OPP", "PTY", "BUS", "NGO", "REL", "REF"), "society"),
    "IGO": "IGO",
}
# Events whose two sides are interchangeable in the telling: "A met B" / "B hosted A".
_SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_SYMMETRIC_ACLED = frozenset({"Armed clash"})
# "BEIRUT (Reuters) - ", "SOCHI, Russia (Reuters) - ", "KABUL, Sept 5 (AFP) - "
_DATELINE = re.compile(r"\s*[A-Z][A-Z'.\- ]+(?:,[^()\n]{1,30}?)?\s*(?:\([^()\n]{1,40}\))?\s*[-\u2013\u2014]+\s")


@dataclass(frozen=True, slots=True)
class ActorFacts:
    id: str | None
    country: str | None
    sector: str
    kind: str | None

    @property
    def family(self) -> str | None:
        return _FAMILIES.get(self.sector)


@dataclass(frozen=True, slots=True)
class PlaceFacts:
    geonameid: int | None
    name: str | None
    country: str | None
    admin1: str | None
    feature: str | None
    lat: float | None
    lon: float | None

    @property
    def level(self) -> str | None:
        """country, admin1 or point; None when the place says nothing usable (unresolved, a sea, a continent)."""
        feature = self.feature or ""
        if not self.country or feature.startswith(("H.", "L.CONT")):
            return None
        if feature.startswith("A.PCL"):
            return "country"
        if feature == "A.ADM1":
            return "admin1" if self.admin1 or self.name else None
        return "point"


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the rule needs of one event. ``day`` is its date or its article's publication day, ``precision``
    that date's precision ("publication" when it is the article's), ``span`` the first and last day it may
    have happened on (None: never grouped)."""

    event_id: str
    article_id: str
    type: str
    acled: str | None
    factuality: str
    day: date | None
    precision: str | None
    span: tuple[date, date] | None
    place: PlaceFacts | None
    source: tuple[ActorFacts, ...]
    target: tuple[ActorFacts, ...]
    fatalities: int | None

    @property
    def groupable(self) -> bool:
        return self.span is not None


def _iso_day(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_span(day: date, precision: str | None) -> tuple[date, date] | None:
    """The first and last day a date of this precision may stand for (None: too vague to group)."""
    if precision == "day":
        return day, day
    if precision == "publication":
        return day - timedelta(days=1), day
    if precision == "week":
        return day, day + timedelta(days=6)  # the resolver gives a week as its Monday
    if precision == "month":
        if day.day != 1:  # "two months ago": 60 days before publication, give or take
            return day - timedelta(days=15), day + timedelta(days=15)
        last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return day, last
    return None


def _actors(refs: Iterable[Mapping[str, Any]]) -> tuple[ActorFacts, ...]:
    out = []
    for ref in refs:
        sector = ref.get("sector") or "UNK"
        if sector == "MED":
            continue  # "BEIRUT (Reuters) -": the agency in a dateline is parsed as an actor, never a party
        if ref.get("id") is None and sector == "UNK":
            continue  # "a crowded market", "the town": says nothing about who
        out.append(ActorFacts(ref.get("id"), ref.get("country"), sector, ref.get("kind")))
    return tuple(out)


def _place(loc: Mapping[str, Any]) -> PlaceFacts:
    return PlaceFacts(loc.get("geonameid"), loc.get("name"), loc.get("country"), loc.get("admin1"),
                      loc.get("feature"), loc.get("lat"), loc.get("lon"))


class ArticlePlaces:
    """An article's places (``Record.places`` as JSON) in the order they start, so that each event finds the
    places of its own sentence by bisection instead of reading them all (an article of many places and
    many events made that the dearest part of grouping)."""

    def __init__(self, places: Iterable[Mapping[str, Any]]) -> None:
        self.places = sorted((p for p in places if p.get("start") is not None), key=lambda p: p["start"])
        self.starts = [p["start"] for p in self.places]

    def starting_in(self, lo: int, end: int) -> list[Mapping[str, Any]]:
        """The places that start at or after ``lo`` and before ``end``."""
        return self.places[bisect_left(self.starts, lo):bisect_left(self.starts, end)]


def _sentence_place(event: Mapping[str, Any], places: ArticlePlaces) -> PlaceFacts | None:
    """The one town or region the event's own sentence names, if it names exactly one. Left out: the
    dateline ("BAMAKO (AFP) -" is where the story was filed), places that are the event's actors ("the
    United States imposed"), and countries (they add no evidence, only conflicts)."""
    evidence = event.get("evidence") or {}
    start, end, text = evidence.get("start"), evidence.get("end"), evidence.get("text") or ""
    if start is None or end is None:
        return None
    dateline = _DATELINE.match(text)
    lo = start + (dateline.end() if dateline else 0)
    actors = [(a["start"], a["end"]) for a in (*event.get("source", ()), *event.get("target", ()))
              if a.get("start") is not None and a.get("end") is not None]
    found = set()
    for p in places.starting_in(lo, end):
        at = p["start"]
        if any(a0 <= at < a1 for a0, a1 in actors):
            continue
        place = _place(p)
        if place.level in ("point", "admin1"):
            found.add(place)
    entries = {(p.geonameid, p.name, p.feature) for p in found}
    return next(iter(found)) if len(entries) == 1 else None


def facts_from_json(event: Mapping[str, Any], article_id: str, published: Any,
                    places: Iterable[Mapping[str, Any]] | ArticlePlaces = ()) -> EventFacts:
    """The facts of an event in its contract JSON form (``Event.to_json``; the store keeps it verbatim).
    ``places``: the article's places (``Record.places`` as JSON, or an :class:`ArticlePlaces` of them made
    once for all the article's events). An event without a location takes the one
    place its own sentence names, if it names exactly one: the extractor leaves a place out when it cannot
    tell the setting of the event from, say, the target's home ("took to the streets of Karachi"), but for
    telling two reports apart a place in the same sentence is still evidence."""
    factuality = event.get("factuality") or "asserted"
    precision = event.get("date_precision")
    day = _iso_day(event.get("date"))
    if day is None and factuality in ("asserted", "failed"):
        # An undated report of something that happened: it happened around publication. (An undated plan
        # could be any time, so it is not dated by publication.)
        day, precision = _iso_day(published), "publication"
    span = date_span(day, precision) if factuality in GROUPABLE and day is not None else None
    loc = event.get("location") or None
    place = _place(loc) if loc else None
    if place is None or place.level is None:
        place = _sentence_place(event, places if isinstance(places, ArticlePlaces) else ArticlePlaces(places)) or place
    fatalities = (event.get("fatalities") or {}).get("best")
    return EventFacts(
        event_id=event["id"], article_id=article_id, type=event["type"],
        acled=(event.get("acled") or {}).get("sub_event_type"), factuality=factuality, day=day,
        precision=precision, span=span,
        place=place, source=_actors(event.get("source") or ()), target=_actors(event.get("target") or ()),
        fatalities=fatalities if isinstance(fatalities, int) else None,
    )


# -- the criteria ------------------------------------------------------------------------------------
CONFLICT = None  # a criterion's verdict when the pair cannot be one event


def _km(a: PlaceFacts, b: PlaceFacts) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _fold(name: str | None) -> str:
    """A region name without case or accents: gazetteer sources spell "Kābul" and "Kabul"."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _same_entry(a: PlaceFacts, b: PlaceFacts) -> bool:
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    return (a.name, a.feature) == (b.name, b.feature) and a.name is not None


def place_points(a: PlaceFacts | None, b: PlaceFacts | None) -> int | None:
    """2 the same town, 1 the same region, 0 no evidence either way (unknown, or one place inside the other,
    or two towns within 50 km: compatible, but a province or a district sees many events a day), CONFLICT
    (None) apart."""
    la, lb = (a.level if a else None), (b.level if b else None)
    if a is None or b is None or la is None or lb is None:
        return 0
    if a.country != b.country:
        return CONFLICT
    if _same_entry(a, b):
        return {"point": 2, "admin1": 1}.get(la, 0)
    if "country" in (la, lb):
        return 0  # one names only the country the other's place lies in
    if la == lb == "admin1":
        return CONFLICT
    if la != lb:  # a region and a town: the town must lie in it, where we know its region
        region, town = (a, b) if la == "admin1" else (b, a)
        if town.admin1 is None:
            return 0
        return 0 if _fold(town.admin1) == _fold(region.admin1 or region.name) else CONFLICT
    km = _km(a, b)
    if km is None:
        return 0
    if km <= SAME_PLACE_KM:
        return 2
    return 0 if km <= NEAR_KM else CONFLICT


def _pair_points(x: ActorFacts, y: ActorFacts) -> int | None:
    """2 one knowledge-base actor, 1 the same country and sector family, 0 can't tell, CONFLICT otherwise."""
    if x.id is not None and x.id == y.id:
        return 2
    same_family = x.family is not None and x.family == y.family
    if x.country is not None and x.country == y.country and (
            same_family or "country" in (x.kind, y.kind) or "UNK" in (x.sector, y.sector)):
        # "people", "demonstrators", "civilians" of one country: the same words tell every protest and
        # attack there, so they are compatible but no evidence.
        generic = x.id is None and y.id is None and x.family == y.family == "society"
        return 0 if generic else 1
    if x.id is not None and y.id is not None:
        return CONFLICT
    if same_family and (x.country is None or y.country is None):
        return 1  # "government helicopters" with no country stated, "Syrian army helicopters"
    if same_family:
        return 0  # an unresolved mention's country may be the article's setting, not the actor's
    return CONFLICT


def side_points(a: Sequence[ActorFacts], b: Sequence[ActorFacts]) -> int | None:
    """The best agreement between any actor of one side and any of the other (0 when one side is unknown)."""
    if not a or not b:
        return 0
    best: int | None = CONFLICT
    for x in a:
        for y in b:
            p = _pair_points(x, y)
            if p is not None and (best is None or p > best):
                best = p
    return best


def _actor_points(a: EventFacts, b: EventFacts) -> int | None:
    def oriented(b_source: Sequence[ActorFacts], b_target: Sequence[ActorFacts]) -> int | None:
        s, t = side_points(a.source, b_source), side_points(a.target, b_target)
        return None if s is None or t is None else s + t

    direct = oriented(b.source, b.target)
    symmetric = a.type in _SYMMETRIC_TYPES or bool({a.acled, b.acled} & _SYMMETRIC_ACLED)
    if not symmetric:
        return direct
    crossed = oriented(b.target, b.source)
    if direct is None:
        return crossed
    return direct if crossed is None else max(direct, crossed)


def _fatality_points(a: int | None, b: int | None) -> int:
    if a is None or b is None:
        return 0
    low, high = sorted((a, b))
    if high < 5:
        return 0  # one or two dead is too common to tell events apart
    if low >= 0.7 * high:
        return 2 if low >= 20 else 1
    return -1 if low < 0.25 * high and high - low > 5 else 0


def _types_compatible(a: EventFacts, b: EventFacts) -> bool:
    return a.type == b.type or (a.acled is not None and a.acled == b.acled and a.acled != "Other")


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of the rule on one pair: ``reason`` names the gate that failed (None: every gate passed),
    ``points`` the evidence, ``same`` the verdict."""

    same: bool
    points: int = 0
    reason: str | None = None
    detail: tuple[tuple[str, int], ...] = ()


def compare(a: EventFacts, b: EventFacts) -> Comparison:
    """The rule of the module docstring, with its reasons (for tests and for explaining a grouping)."""
    if a.article_id == b.article_id:
        return Comparison(False, reason="same article")
    if not (a.groupable and b.groupable) or a.factuality != b.factuality:
        return Comparison(False, reason="factuality")
    if not _types_compatible(a, b):
        return Comparison(False, reason="type")
    assert a.span is not None and b.span is not None
    if (max(a.span[0], b.span[0]) - min(a.span[1], b.span[1])).days > SLACK_DAYS:
        return Comparison(False, reason="date")
    place = place_points(a.place, b.place)
    if place is None:
        return Comparison(False, reason="place")
    actors = _actor_points(a, b)
    if actors is None:
        return Comparison(False, reason="actors")
    same_day = 1 if a.day == b.day and "day" in (a.precision, b.precision) else 0
    fatalities = _fatality_points(a.fatalities, b.fatalities)
    detail = (("place", place), ("actors", actors), ("date", same_day), ("fatalities", fatalities))
    points = place + actors + same_day + fatalities
    beyond_date = points - same_day
    same = points >= MIN_POINTS and beyond_date >= 1
    return Comparison(same, points, None if same else "too little evidence", detail)


def same_event(a: EventFacts, b: EventFacts) -> bool:
    return compare(a, b).same
