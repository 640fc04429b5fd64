"""Place names that are a person's first name in the text: "Georgia Stevens ... Georgia began skating",
"Jordan Peele ... Jordan thanked the crew", "Florence Welch ... Florence said".

The parser reads a lone "Georgia" or "Jordan" as a place wherever it stands, even where the story has
named a person of that first name, and a repeated first name is how feature stories refer to their
subject. So, after recognition:

1. a one-word toponym that is the first word of a multi-word person's name in the text is that person,
   unless it stands where a place goes: after a preposition of place ("flew to Georgia", "King Abdullah of
   Jordan"), in a "Town, Region" pair ("Atlanta, Georgia"), or in a list with other places ("Armenia,
   Georgia and Azerbaijan");
2. a one-word toponym right before a one-word person's name is a first name: "Georgia" in "Georgia
   Stevens said" where the parser split the name into a place and a person.
"""

from __future__ import annotations

from whimbrel.kb import norm_name
from whimbrel.nlp import Parse
from whimbrel.places.cues import Span, after_word, listed_with_place

__all__ = ["without_given_names"]

_PLACE_WORDS = {"in", "at", "near", "from", "of", "into", "on", "across", "around", "outside", "inside", "to",
                "toward", "towards", "through", "over", "between", "throughout", "via", "visit", "visited"}
_TITLES = {"president", "king", "queen", "prince", "emir", "sheikh", "prime", "minister", "foreign", "premier",
           "governor", "senator", "mayor", "general", "gen.", "chancellor", "pm", "leader", "state"}


def without_given_names(parse: Parse, spans: list[Span]) -> list[Span]:
    """``spans`` less the one-word toponyms that are a person's first name (see the module docstring)."""
    toks = parse.tokens
    given: set[str] = set()
    surnames: set[int] = set()  # tokens that are a one-word person's name ("Stevens")
    for ent in parse.entities:
        if ent.label == "PERSON":
            if ent.last - ent.first == 1:
                surnames.add(ent.first)
            # "Georgia Stevens", not "Kuwait Emir Sheikh Sabah" (a place, a title, then the name)
            if 2 <= ent.last - ent.first <= 3 and toks[ent.first].text[:1].isupper() \
                    and toks[ent.first + 1].lower not in _TITLES:
                given.add(norm_name(toks[ent.first].text))
    if not given and not surnames:
        return spans
    placed = [False] * len(toks)
    for first, last, _ in spans:
        placed[first:last] = [True] * (last - first)
    # a name the text also uses as a place ("talks in Jordan") is left alone: both readings are in play
    given -= {norm_name(toks[first].text) for first, last, _ in spans
              if last - first == 1 and _where_a_place_goes(parse, first, placed) and not _possessive(parse, last)}
    out = []
    for span in spans:
        first, last, suffix = span
        one_word = last - first == 1 and not suffix
        # not an upper-case dateline: "WASHINGTON Barack Obama pardoned ..."
        split_name = one_word and last in surnames and not placed[last] and not toks[first].text.isupper()
        if one_word and (split_name or norm_name(toks[first].text) in given) and not _where_a_place_goes(parse, first, placed):
            continue
        out.append(span)
    return out


def _possessive(parse: Parse, k: int) -> bool:
    """"to Georgia's credit": a possessive after a preposition is a person's (or a country's) own, no place."""
    return k < len(parse.tokens) and parse.tokens[k].tag == "POS"


def _where_a_place_goes(parse: Parse, k: int, placed: list[bool]) -> bool:
    # after a word of place, or next to another place: "Atlanta, Georgia", "Armenia, Georgia and Azerbaijan"
    return after_word(parse, k, _PLACE_WORDS) or listed_with_place(parse, k, placed)
