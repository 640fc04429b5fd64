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
