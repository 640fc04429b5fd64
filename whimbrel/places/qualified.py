"""Toponyms in the "Town, Region" pattern of datelines, addresses and obituaries: "Wainwright, Alta.",
"HOLLIDAY, Mo. —", "Ada, Oklahoma".

The pattern is the strongest evidence a text gives that a name is a town, and the one small towns are
usually named in, yet the parser often misses it: spaCy's small model reads "Wainwright, Alta" as an
organisation and an upper-case dateline word as an adverb. So the pattern is matched on tokens, and
counted only when the gazetteer confirms it: the name after the comma is a region or a country, and a
town of the name before it (in the main index or the small-town index) lies in that region or country.
A person's name stays out however it is followed ("Mary Cole, Oklahoma's attorney general").
"""

from __future__ import annotations

from whimbrel.kb import norm_name
from whimbrel.nlp import Parse
from whimbrel.places.gazetteer import Gazetteer, Place

__all__ = ["qualified_towns"]

_MAX_TOWN_WORDS = 4
_MAX_QUALIFIER_WORDS = 3

Span = tuple[int, int, str]  # first token, end token (exclusive), suffix word


def qualified_towns(parse: Parse, gaz: Gazetteer, taken: list[bool]) -> list[Span]:
    """Spans of towns (and of their qualifiers) in "Town, Region" pairs no earlier step found."""
    toks = parse.tokens
    in_person = _person_tokens(parse)
    out: list[Span] = []
    for c, comma in enumerate(toks):
        if comma.text != "," or c == 0 or c + 1 >= len(toks):
            continue
        qualifier = _qualifier(parse, gaz, c + 1)
        if qualifier is None:
            continue
        q_end, regions = qualifier
        town = _town_before(parse, gaz, c, regions, in_person)
        if town is None:
            town = _dateline_town(parse, c, in_person)
        if town is None:
            continue
        # a town already taken ("Barrie" as spaCy's place) still vouches for its qualifier ("Ont.")
        for first, last in ((town, c), (c + 1, q_end)):
            if not any(taken[first:last]):
                out.append((first, last, ""))
                for k in range(first, last):
                    taken[k] = True
    return out


def _qualifier(parse: Parse, gaz: Gazetteer, start: int) -> tuple[int, list[Place]] | None:
    """(end token, the regions or countries it names) of a region name starting at token ``start``:
    "Ontario", "Ky.", "Alta" + "." (the model splits some abbreviations from their full stop)."""
    toks = parse.tokens
    for k in range(min(_MAX_QUALIFIER_WORDS, len(toks) - start), 0, -1):
        words = toks[start:start + k]
        if not all(w.text[:1].isupper() for w in words):
            continue
        text = parse.text[words[0].start:words[-1].end]
        end = start + k
        dot = end < len(toks) and toks[end].text == "." and toks[end].start == words[-1].end
        for candidate, stop in (((text + ".", end + 1),) if dot else ()) + ((text, end),):
            regions = [q for q in gaz.lookup(candidate) if q.feature == "A.ADM1" or q.is_country]
            if regions:
                return stop, regions
        if k == 1 and text.isalpha() and len(text) == 2:
            # a postal code ("LOUISVILLE, KY--") or an abbreviation written without its full stop ("EDMONTON,
            # Ky (WBKO)"): kept out of the name index as words ("OK", "Me"), so only this slot reads them,
            # and the town before must lie in the region they name
            codes = gaz.region_abbreviations.get(text, ()) if text.isupper() else ()
            regions = [gaz.places[i] for i in codes] or [q for q in gaz.lookup(text + ".") if q.feature == "A.ADM1"]
            if regions:
                return end, regions
    return None


def _town_before(parse: Parse, gaz: Gazetteer, comma: int, regions: list[Place], in_person: list[bool]) -> int | None:
    """First token of the longest capitalised run ending at ``comma`` that names a town in ``regions``."""
    toks = parse.tokens
    first = comma
    while first > 0 and comma - first < _MAX_TOWN_WORDS and toks[first - 1].text[:1].isupper() \
            and toks[first - 1].text[:1].isalpha():
        first -= 1
    for start in range(first, comma):
        if any(in_person[start:comma]):
            continue
        text = parse.text[toks[start].start:toks[comma - 1].end]
        if _town_in(gaz, text, regions):
            return start
    return None


def _dateline_town(parse: Parse, comma: int, in_person: list[bool]) -> int | None:
    """First token of an upper-case dateline town the gazetteer lacks: "HOLLIDAY, Mo. —" opens a story filed
    from a town in Missouri whatever its size, so the pattern alone is evidence enough (its point falls back
    to the region's, see :mod:`whimbrel.places.resolve`)."""
    toks = parse.tokens
    first = comma
    while first > 0 and comma - first < _MAX_TOWN_WORDS and toks[first - 1].text.isupper() \
            and toks[first - 1].text[:1].isalpha():
        first -= 1
    if first == comma or any(in_person[first:comma]):
        return None
    line_start = parse.text.rfind("\n", 0, toks[first].start) + 1
    return first if not parse.text[line_start:toks[first].start].strip() else None


def _town_in(gaz: Gazetteer, text: str, regions: list[Place]) -> bool:
    def inside(country: str | None, admin1: str | None) -> bool:
        return any(country == q.country and (q.is_country or admin1 == q.admin1) for q in regions)

    # a town, or a county ("Metcalfe County, Ky."): both are named with their state after a comma
    if any((p.feature.startswith("P") or p.feature == "A.ADM2") and inside(p.country, p.admin1) for p in gaz.lookup(text)):
        return True
    return any(inside(iso3, admin1) for _gid, _name, _lat, _lon, iso3, admin1, _pop in
               gaz.small_towns.get(norm_name(text), ()))


def _person_tokens(parse: Parse) -> list[bool]:
    flags = [False] * len(parse.tokens)
    for ent in parse.entities:
        if ent.label == "PERSON" and ent.last - ent.first >= 2:
            for k in range(ent.first, ent.last):
                flags[k] = True
    return flags
