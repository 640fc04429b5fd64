"""Towns named by their own council, mayor, police or court: "Beaconsfield Mayor Georges Bourelle", "Enfield
Council's head of arts", "Randwick City Council", "appear in Litchfield Superior Court", "arrested by
Danbury police".

A local public body takes the name of the place it serves, so a name the gazetteer knows right before such
a word is that place, whatever its size: recognition otherwise counts a place inside a longer name only
when it is big (:mod:`whimbrel.places.inner_places`), and these towns are small. The parser tags such
names as organisations or people, or not at all, so the body words are found with one regular
expression over the text and the name before each is read from the tokens.

Not a person's name ("Smith Council" in a text that names a Smith), not a known actor, not a country's
adjective ("European Council", "British Transport Police"), and only the whole capitalised run before the
body word: in "Greater Manchester Police" the run is "Greater Manchester", never "Manchester" alone.
"""

from __future__ import annotations

import re

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.cues import Span
from whimbrel.places.gazetteer import Gazetteer

__all__ = ["named_by_their_bodies"]

_OPENERS = {'"', "“", "'", "‘", "(", "\n"}

# "City Council", "Police", "Mayor", "Superior Court": the body words, with the generic word that may sit
# between the town and them ("Randwick City Council", "Torrington Town Council")
_BODY = re.compile(r"(?<=\s)(?:(?:City|Town|Borough|Shire|Township|Municipal|Village)\s+)?"
                   r"(?:Council|Mayor|Police|Sheriff|Fire\s+Department|(?:Superior|Crown|Magistrates'?|Municipal)\s+Court)"
                   r"(?![\w-])")
# "arrested by Danbury police", "the Enfield council": the lower-case words, counted only after a name inside
# a sentence (its capital says it is a name); "Riot police fired" opens one with a common word
_LOWER_BODY = re.compile(r"(?<=\s)(?:police|council|mayor|sheriff)(?![\w-])")
_MAX_NAME_WORDS = 3


def named_by_their_bodies(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, taken: list[bool],
                          persons: set[str]) -> list[Span]:
    """Spans of the towns named right before a local body's word, that no earlier step took."""
    toks = parse.tokens
    out: list[Span] = []
    lower_case = [m.start() for m in _LOWER_BODY.finditer(parse.text)]
    for start in sorted([m.start() for m in _BODY.finditer(parse.text)] + lower_case):
        body = parse.token_at(start)
        if body is None or body.start != start:
            continue
        end = body.i
        first = end
        while first > 0 and end - first < _MAX_NAME_WORDS and toks[first - 1].tag in ("NNP", "NNPS") \
                and toks[first - 1].text[:1].isupper() and toks[first - 1].text.isalpha():
            first -= 1
        if first == end or any(taken[first:end]):
            continue
        if body.text.islower() and (parse.sentences[toks[first].sent].first == first or toks[first - 1].text in _OPENERS):
            continue
        if first > 0 and toks[first - 1].text[:1].isupper() and toks[first - 1].tag in ("NNP", "NNPS"):
            continue  # a longer run than we read: "the North Powderly Town Council" is no "Powderly"
        text = parse.text[toks[first].start:toks[end - 1].end]
        key = norm_name(text)
        entity = kb.entity_id(text)
        if key in persons or kb.country_of_adjective(text) or (text.isupper() and len(text) <= 3) \
                or (entity is not None and not entity.startswith("country/")):
            continue
        if not any(p.feature.startswith("P") or p.is_admin for p in gaz.lookup(text)):
            continue
        taken[first:end] = [True] * (end - first)
        out.append((first, end, ""))
    return out
