"""Upper-case abbreviations of first-level regions: "NSW", "the ACT", "in WA" in an Australian story, "KZN"
in a South African one, "UP" in an Indian one.

News writes the big regions of some countries by their short codes, and those codes are the letters of
ISO 3166-2 (``pycountry``: AU-NSW, AU-ACT, ZA-KZN, IN-UP, CA-BC, US-NY). The parser usually takes such a code
for an organisation, and most codes are also acronyms of something else ("ACT", "SA", "NT", "UP"), so the
codes are kept out of the gazetteer's name index (a lookup of "ACT" must not find a region) and held in
a table of their own, :attr:`Gazetteer.region_abbreviations`, which recognition consults under three
conditions:

1. the code is written in capitals, in running text (not a capitalised headline), and the knowledge
   base knows no actor of that name ("PA" is the Palestinian Authority);
2. the story's other places point at the code's country: one of them is that country, or a town or
   region that lies only there;
3. a two-letter code ("WA", "SA", "NT") stands where a place goes as well: after a preposition of place
   ("in WA", "across the NT"), or in a list with another of the story's places ("NSW and Queensland").

Inside a longer name the code counts only at its head ("the NSW government", "NSW Police"), as a region's
full name does ("Nebraska State Patrol"); "Racing NSW" names a body, not where it is.

The span's suffix is :data:`ABBREVIATION`, which tells :mod:`whimbrel.places.resolve` to read the
candidates from the abbreviation table; the ranking then picks the region of the story's country ("WA":
Washington or Western Australia).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.cues import Span, after_word, listed_with_place
from whimbrel.places.gazetteer import Gazetteer

__all__ = ["ABBREVIATION", "abbreviated_regions", "build_region_abbreviations"]

ABBREVIATION = "abbreviation"  # the suffix recognition gives a region code's span

# Codes that are, in capitals, far more often a word or another acronym than a region, wherever the story
# is: "it was OK", "an MP", "the VA hospital", "an MA in history", "LA" (Los Angeles, not Louisiana).
_COMMON_ACRONYMS = {"AL", "AR", "AS", "AT", "BE", "CO", "DE", "DO", "GA", "GO", "HI", "ID", "IN", "IS", "IT",
                    "LA", "MA", "MD", "ME", "MP", "MS", "NO", "OK", "ON", "OR", "PA", "SC", "SO", "TO", "VA", "WE"}
_MIN_CODE, _MAX_CODE = 2, 3
_PLACE_WORDS = {"in", "at", "near", "from", "into", "across", "around", "outside", "inside", "throughout",
                "to", "of", "regional", "rural", "northern", "southern", "eastern", "western", "central"}



def build_region_abbreviations(adm1_keys: Mapping[tuple[str, str], int],
                               iso2_to_iso3: Mapping[str, str]) -> dict[str, tuple[int, ...]]:
    """Code ("NSW") → keys of the first-level regions it abbreviates, from ISO 3166-2 (pycountry).

    ``adm1_keys`` maps (ISO alpha-3, normalised region name) to the gazetteer key of that region; a code
    whose region the gazetteer names otherwise (an English name for a transliteration) is left out."""
    import pycountry

    out: dict[str, list[int]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is not None:
            continue
        cc, _, code = sub.code.partition("-")
        if not (_MIN_CODE <= len(code) <= _MAX_CODE and code.isalpha()) or code in _COMMON_ACRONYMS:
            continue
        key = adm1_keys.get((iso2_to_iso3.get(cc, ""), norm_name(sub.name)))
        if key is not None:
            out[code].append(key)
    return {code: tuple(keys) for code, keys in out.items()}


def abbreviated_regions(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, taken: list[bool],
                        story_countries: Callable[[], set[str]]) -> list[Span]:
    """Spans of region codes no earlier step took, under the conditions in the module's docstring;
    ``story_countries`` gives the countries the story's recognised places point at (asked only when a
    code is in the text)."""
    toks = parse.tokens
    table = gaz.region_abbreviations
    hits = [k for k, tok in enumerate(toks) if not taken[k] and tok.text in table]
    if not hits:
        return []
    countries = story_countries()
    heads = _entity_heads(parse)
    out: list[Span] = []
    for k in hits:
        code = toks[k].text
        if not any(gaz.places[key].country in countries for key in table[code]) or kb.entity_id(code):
            continue
        if _in_headline(parse, k) or (k in heads and not heads[k]):
            continue
        if len(code) == 2 and not (after_word(parse, k, _PLACE_WORDS) or listed_with_place(parse, k, taken)):
            continue
        out.append((k, k + 1, ABBREVIATION))
    return out


def _entity_heads(parse: Parse) -> dict[int, bool]:
    """Token → whether it opens (after "the") a multi-word entity it lies in; tokens of no such entity are absent."""
    out: dict[int, bool] = {}
    for ent in parse.entities:
        first = ent.first + 1 if parse.tokens[ent.first].lower == "the" else ent.first
        if ent.last - first < 2:
            continue
        for k in range(first, ent.last):
            out[k] = False
        out[first] = True
    return out


def _in_headline(parse: Parse, k: int) -> bool:
    """Is the code among other capitalised words ("NSW FLU OUTBREAK SPREADS"), where capitals say nothing?"""
    toks = parse.tokens
    near = [toks[j].text for j in range(max(0, k - 2), min(len(toks), k + 3)) if j != k and toks[j].text.isalpha()]
    return bool(near) and all(w.isupper() for w in near)
