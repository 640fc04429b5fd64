"""Spellings of one name that differ only in an abbreviated generic word: "St. Marc" / "Saint-Marc",
"Mt. Pearl" / "Mount Pearl", "Ft. Hood" / "Fort Hood", "Ste. Anne" / "Sainte-Anne"; and a city's
"Greater" form the gazetteer does not list on its own ("Greater Toronto", "Greater Mumbai"), whose point
is the city's.

GeoNames lists a town under one spelling and, for the bigger ones only, a few alternates; the news writes
whichever its style book prefers. A lookup that misses under the written form tries the others, at lookup
time rather than as extra index keys (the index stays as small and as fast to load as it was). Only the
four words that abbreviate one way are expanded: "Pt." is Point or Port, so it is left alone.
"""

from __future__ import annotations

import re

__all__ = ["spelling_variants"]

# the long form of each abbreviated word, and the short forms the long one is written as
_LONG = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_SHORT = {"saint": ("st.", "st"), "sainte": ("ste.", "ste"), "mount": ("mt.", "mt"), "fort": ("ft.", "ft")}
# a word that may be such an abbreviation or long form, at a word boundary of a normalised (casefolded) key
_VARIABLE_WORDS = frozenset({*_LONG, *(f"{w}." for w in _LONG), *_SHORT, "greater"})
_WORD = re.compile(r"(?<![\w.'])(st|ste|mt|ft|saint|sainte|mount|fort)(\.?)(?:\s+|-)(?=\w)")


def spelling_variants(key: str) -> list[str]:
    """Other spellings of the normalised name ``key`` (see the module docstring), most likely first; none
    when it has no such word. Each variant is a normalised key too."""
    if _VARIABLE_WORDS.isdisjoint(key.replace("-", " ").split()):
        return []  # the common case, cheaply: lookups of every capitalised run miss all the time
    out = []
    for m in _WORD.finditer(key):  # one word at a time: "fort saint john" -> "fort st. john"
        word, head, rest = m.group(1), key[:m.start()], key[m.end():]
        if word in _LONG:  # "st. marc" -> "saint marc", "saint-marc"
            forms = [f"{_LONG[word]} ", f"{_LONG[word]}-"]
        else:  # "saint john" -> "st. john", "st john"; "sainte-anne" -> "ste. anne"
            forms = [f"{short} " for short in _SHORT[word]]
        out += [head + form + rest for form in forms]
    if key.startswith("greater "):
        out.append(key[len("greater "):])
    return out
