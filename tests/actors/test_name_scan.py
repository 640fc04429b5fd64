"""The knowledge-base name scan's shortcut (``_may_start_name``) only skips lookups that cannot succeed:
with it and without it the scan finds the same names, on written sentences built to reach its edge cases
(dashes between the words of a name, dotted acronyms, a final "'s", names at the end of a text) and on
the bundled samples and real news."""

from __future__ import annotations

import pytest

from tests.nlp.texts import varied_texts
from whimbrel.actors import mentions
from whimbrel.kb import load_kb
from whimbrel.nlp import parse_texts

EDGES = [
    "Troops from Guinea - Bissau and Timor-Leste joined the U.S.-led mission; the U.N. Security Council agreed.",
    "The People's Liberation Army and the Islamic State of Iraq clashed with al-Shabaab, said the UN.",
    "Doctors Without Borders said Hezbollah's fighters left. Reuters reported it from Beirut in the U.S.",
    "the kremlin said nato was wrong, and the white house replied through the state department",
    "Officials in Ankara and the Kremlin spoke with Erdogan — Putin's aides — on Monday in Russia",
]


@pytest.fixture(scope="module")
def parses():
    return list(parse_texts(varied_texts(EDGES, news_articles=40)))


def test_the_shortcut_finds_every_name_the_full_scan_finds(parses, monkeypatch):
    kb = load_kb()
    fast = [mentions._kb_spans(kb, p) for p in parses]
    monkeypatch.setattr(mentions, "_may_start_name", lambda kb, parse, i: True)
    full = [mentions._kb_spans(kb, p) for p in parses]
    assert fast == full
    assert sum(map(len, full)) > 50  # the texts do hold names to find


def test_the_shortcut_skips_most_words(parses):
    kb = load_kb()
    words = [(p, i) for p in parses for i, t in enumerate(p.tokens) if t.pos not in ("PUNCT", "SPACE")]
    skipped = sum(not mentions._may_start_name(kb, p, i) for p, i in words)
    assert skipped > 0.5 * len(words)
