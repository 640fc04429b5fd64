"""The word pre-check in front of the wire regex (``whimbrel.extract.wires._may_credit``) changes no answer:
every text it lets skip the regex is one where the regex credits no wire."""

from __future__ import annotations

import re
import sys

from whimbrel.extract import wires
from whimbrel.extract.wires import _FOLDS_TO_ASCII, _may_credit, _patterns, find_wires

_TEXTS = [
    "KABUL, Aug 3 (Reuters) - Taliban fighters attacked a checkpoint overnight, officials said.",
    "BEIRUT (AFP) \u2014 Shelling resumed on Tuesday.\n\nAFP - reporting by staff",
    "The minister told The Associated Press that talks would resume. \u201cWe are ready,\u201d he said.",
    "police registered a case, pti reported. the accused was arrested by the crime branch.",
    "Police registered a case, PTI reported on Monday.",
    "He spoke to ANI after the meeting in New Delhi.",
    "Agence France-Presse said the convoy was hit.\nBy Xinhua",
    "the central news agency quoted a spokesman as saying the ship had left port.",
    "Protesters gathered in the capital. \u00e2\u20ac\u0153Enough,\u00e2\u20ac\u009d one said. - AP",
    "Reuter\u017f reported the deal; \u212aYODO News said otherwise.",  # long s, Kelvin sign: regex folds
    "\u0130ran and \u0131raq said nothing, according to IRNA.",
    "Snappy happen apex: no agency in these words, nor in capital Tapped.",
    "Source: Yonhap\nThe talks ended without agreement.",
    "Fighting continued - Anadolu",
    "",
]


def _regex_only(text: str) -> list[str]:
    """find_wires as it was before the pre-check: the regex over every text."""
    saved = wires._may_credit
    try:
        wires._may_credit = lambda blob: True  # type: ignore[assignment]
        return find_wires(text)
    finally:
        wires._may_credit = saved  # type: ignore[assignment]


def test_prefilter_keeps_every_answer() -> None:
    for text in _TEXTS:
        assert find_wires(text) == _regex_only(text), text
        for words in (text.split()[:3], text.split()[3:]):  # shorter pieces, other word neighbours
            piece = " ".join(words)
            assert find_wires(piece) == _regex_only(piece), piece


def test_prefilter_skips_texts_without_an_agency() -> None:
    assert not _may_credit("police registered a case against three men in the village on tuesday.")
    assert not _may_credit("Snappy happen apex: no agency in these words")
    assert _may_credit("Police registered a case, PTI reported.")
    assert _may_credit("Reuter\u017f")  # a character the regex folds to ASCII: the regex decides


def test_every_alias_credited_alone() -> None:
    _, credited = _patterns()
    for alias, label in credited.items():
        written = alias.upper() if len(alias) <= 3 else alias.title()
        text = f"KABUL ({written}) - Talks resumed."
        assert find_wires(text) == _regex_only(text) == [label], alias


def test_fold_list_is_complete() -> None:
    """The characters outside ASCII that an IGNORECASE match takes for an ASCII word character, as literals
    and in classes, are exactly the ones the pre-check hands to the regex."""
    cased = [chr(c) for c in range(128, sys.maxunicode + 1)
             if chr(c).lower() != chr(c) or chr(c).upper() != chr(c) or chr(c).casefold() != chr(c)]
    folding = set()
    for ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_":
        literal = re.compile(re.escape(ch) + "(?:x|y)", re.IGNORECASE)
        folding.update(c for c in cased if literal.fullmatch(c + "x"))
    assert folding == {c for c in cased if _FOLDS_TO_ASCII.fullmatch(c)}
