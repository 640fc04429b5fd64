"""Which news agencies an article credits: "(Reuters)", "AFP -", "Reuters reported", "told The Associated Press".

A wire counts only in a crediting context, so the word "AP" in a caption or "Reuters" in a list of
companies does not make an article a wire story. Names come from the knowledge base (``wire: true``);
each is reported under the name articles credit it by (``short`` when given, else ``name``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from whimbrel.kb import load_kb

__all__ = ["find_wires"]

_CUE_AFTER = r"(?:reported|reports|said|says|quoted|cited|added|learned|learnt|understands|reporters?|news agency|report(?:ed)?)"
_CUE_BEFORE = r"(?:told|tells|telling|according to|quoted by|cited by|speaking to|spoke to|interview with|" \
              r"said in an interview with|(?:a )?report by|reporting by|reported by|via|contributed to this report)"


_WORD = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# The only characters outside ASCII that an IGNORECASE regex takes for an ASCII letter (dotted and dotless
# I, long s, the Kelvin sign); tests/test_wires_prefilter.py checks the list against every code point.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_Prefilter = tuple[dict[str, list[str]], frozenset[str]]


@lru_cache(maxsize=1)
def _prefilter() -> _Prefilter | None:
    """For :func:`_may_credit`: the aliases by their first word, and apart from them the short one-word
    aliases (which count only in capitals). None where the check cannot be exact: an alias that is not
    ASCII, or does not start and end with a word character."""
    _, credited = _patterns()
    if any(not alias.isascii() or not re.match(r"\w", alias) or not re.search(r"\w\Z", alias)
           for alias in credited):
        return None
    by_first: dict[str, list[str]] = {}
    short: set[str] = set()
    for alias in credited:
        if _is_acronym_mismatch(alias) and re.fullmatch(r"\w+", alias):
            short.add(alias)
        else:
            by_first.setdefault(_WORD.match(alias).group(), []).append(alias)  # type: ignore[union-attr]
    return by_first, frozenset(short)


def _may_credit(blob: str) -> bool:
    """False only where the big regex cannot credit a wire, at a small part of its cost (it tries six
    alternatives at every position of every article).

    Each alternative puts an alias between non-word characters (a bracket, a dash, a space, the text's
    ends or a word boundary), so the alias's first word is a whole word of the text, and the alias itself
    is in the text, case aside; a short alias counts only written in capitals (``_is_acronym_mismatch``).
    Other characters outside ASCII are set aside (made non-word) before looking: an alias match is all
    ASCII unless the text holds one of the few characters that fold to an ASCII letter, and such texts
    always run the regex."""
    prefilter = _prefilter()
    if prefilter is None:
        return True
    by_first, short = prefilter
    if not blob.isascii():
        if _FOLDS_TO_ASCII.search(blob):
            return True
        blob = _NON_ASCII.sub("\x00", blob)  # no alias match includes them; words only split further
    lowered = blob.lower()
    for word in set(_WORD.findall(blob)):
        key = word.lower()
        if key in short and word.isupper():
            return True
        if any(alias in lowered for alias in by_first.get(key, ())):
            return True
    return False


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every wire alias, and alias → credited name."""
    credited: dict[str, str] = {}
    for org in load_kb().wires():
        label = org.short or org.name
        for alias in (org.name, *org.aliases, *( [org.short] if org.short else [])):
            credited[alias.lower()] = label
    names = sorted(credited, key=len, reverse=True)
    if not names:
        return re.compile(r"(?!x)x"), credited
    alt = "|".join(re.escape(n) for n in names)
    name = rf"(?:the\s+)?(?P<w>{alt})"
    pattern = "|".join([
        rf"\(\s*(?P<w1>{alt})\s*\)",                         # KABUL (Reuters) -
        rf"(?:^|\n)\s*(?P<w2>{alt})\s*[-\u2013\u2014:]\s",   # AFP - ...
        rf"[-\u2013\u2014]\s*(?P<w3>{alt})\s*$",               # ... - AFP (end of text)
        rf"\b{name}\s+{_CUE_AFTER}\b",
        rf"\b{_CUE_BEFORE}\s+(?:the\s+)?(?P<w4>{alt})\b",
        rf"(?:^|\n)\s*(?:by|source:)\s+(?P<w5>{alt})\b",
    ])
    return re.compile(pattern, re.IGNORECASE), credited


def find_wires(text: str, *, byline: str | None = None, source: str | None = None) -> list[str]:
    """Credited wires in order of first mention, without repeats."""
    regex, credited = _patterns()
    found: list[str] = []
    for blob in (byline or "", source or "", text):
        if not _may_credit(blob):
            continue
        for m in regex.finditer(blob):
            alias = next(g for g in m.groups() if g)
            if _is_acronym_mismatch(alias):
                continue
            label = credited.get(alias.lower())
            if label and label not in found:
                found.append(label)
    return found


def _is_acronym_mismatch(alias: str) -> bool:
    """'ap'/'ani' in running lower-case text are words, not agencies: short aliases must be capitalised."""
    return len(alias) <= 3 and not alias.isupper()
