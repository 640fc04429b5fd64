"""Reported counts of dead, injured and arrested, as ranges.

"several dozen" is 24–48 (best 36), "at least 12" is 12, "between 10 and 15" is 10–15 (best 12), "dozens"
24–60. Where a report gives no number ("many were killed"), there is no magnitude rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whimbrel.nlp import Parse, Token
from whimbrel.records import Magnitude

__all__ = ["Casualty", "find_casualties", "parse_quantity"]

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities: (low, best, high).
_VAGUE = [
    (r"several dozens?", (24, 36, 48)), (r"a few dozens?", (24, 36, 48)), (r"dozens", (24, 36, 60)),
    (r"half a dozen", (6, 6, 6)), (r"a dozen", (12, 12, 12)), (r"scores", (40, 60, 100)),
    (r"several hundreds?", (200, 300, 900)), (r"hundreds", (200, 300, 900)),
    (r"several thousands?", (2000, 3000, 9000)), (r"thousands", (2000, 3000, 9000)),
    (r"a handful", (3, 5, 7)), (r"a few", (2, 3, 5)), (r"several", (3, 5, 9)), (r"a couple of", (2, 2, 3)),
]
_KINDS = {
    "fatalities": {"kill", "dead", "die", "death", "toll", "slay", "massacre", "execute", "behead", "murder",
                   "life", "body", "corpse"},
    "injured": {"injure", "wound", "hurt", "injured", "wounded", "injury", "casualty"},
    "arrested": {"arrest", "detain", "apprehend", "nab", "jail", "hold", "round", "detention", "arrested",
                 "detained"},
}
_PEOPLE = {"people", "person", "civilian", "soldier", "troop", "fighter", "militant", "rebel", "policeman",
           "officer", "child", "woman", "man", "protester", "demonstrator", "student", "worker", "member",
           "villager", "resident", "passenger", "other", "insurgent", "terrorist", "jihadist", "gunman",
           "personnel", "pilgrim", "suspect", "refugee", "migrant", "journalist", "militiaman", "policemen"}


@dataclass(slots=True)
class Casualty:
    kind: str  # fatalities | injured | arrested
    magnitude: Magnitude
    token: int  # the predicate token ("killed") the count hangs on


def _words_to_int(words: list[str]) -> int | None:
    total, current, seen = 0, 0, False
    for w in words:
        w = w.strip(",").lower()
        if not w or w == "and":
            continue
        if w.replace(",", "").isdigit():
            current += int(w.replace(",", ""))
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif "-" in w and all(p in _TENS or p in _UNITS for p in w.split("-")):
            current += sum(_TENS.get(p, 0) + _UNITS.get(p, 0) for p in w.split("-"))
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if w != "hundred":
                total, current = total + current, 0
        elif w in ("a", "an") and not seen:
            current = 1
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_quantity(phrase: str) -> Magnitude | None:
    """A count phrase ("at least 12", "several dozen", "between 10 and 15") → Magnitude."""
    s = " ".join(phrase.lower().replace("\u2013", "-").split())
    if len(s) > 60:
        return None
    for pattern, (low, best, high) in _VAGUE:
        if re.search(rf"\b{pattern}\b", s):
            return Magnitude(low, best, high)
    m = re.search(r"(?:between\s+)?([\w,-]+(?:\s[\w,-]+)*?)\s+(?:and|to|-)\s+([\w,-]+(?:\s[\w,-]+)*)$", s)
    if m and (m.group(0).startswith("between") or re.fullmatch(r"[\d,]+", m.group(1).split()[-1])):
        lo = _words_to_int(m.group(1).split()[-3:])
        hi = _words_to_int(m.group(2).split())
        if lo is not None and hi is not None and lo <= hi:
            return Magnitude(lo, (lo + hi) // 2, hi)
    m = re.match(r"(at least|more than|over|nearly|almost|about|around|some|roughly|approximately|up to|"
                 r"as many as|at most|fewer than|less than)?\s*(.+)$", s)
    if not m:
        return None
    n = _words_to_int(m.group(2).split())
    if n is None:
        return None
    qualifier = m.group(1) or ""
    if qualifier in ("more than", "over"):
        return Magnitude(n + 1, n + 1, n + 1)
    if qualifier in ("nearly", "almost", "up to", "as many as", "at most", "fewer than", "less than"):
        low = max(1, round(n * 0.8)) if n > 1 else n
        return Magnitude(low, n - (1 if qualifier in ("fewer than", "less than") else 0), n)
    if qualifier in ("about", "around", "some", "roughly", "approximately"):
        return Magnitude(round(n * 0.9), n, round(n * 1.1))
    return Magnitude(n, n, n)


def _count_of(parse: Parse, noun: Token) -> Magnitude | None:
    """The count attached to a people-noun ("several dozen people") or a bare number ("12 were killed")."""
    if noun.tag == "CD" or noun.lower in ("dozens", "scores", "hundreds", "thousands"):
        lo = noun.left
        return parse_quantity(parse.text[parse.tokens[lo].start:noun.end])
    mods = [c for c in parse.children(noun, "nummod", "quantmod", "amod", "det") if c.i < noun.i]
    nums = [c for c in mods if c.tag == "CD" or c.lower in ("dozen", "dozens", "several", "few", "handful")
            or any(parse.tokens[k].tag == "CD" for k in range(c.left, c.i + 1))]
    if nums:
        lo = min(c.left for c in nums)
        return parse_quantity(parse.text[parse.tokens[lo].start:nums[-1].end])
    # "dozens of people"
    if noun.dep == "pobj" and parse.tokens[noun.head].lower == "of":
        head = parse.tokens[parse.tokens[noun.head].head]
        if head.lower in ("dozens", "scores", "hundreds", "thousands", "dozen"):
            return parse_quantity(parse.text[parse.tokens[head.left].start:head.end])
    return None


def _kind(word: str) -> str | None:
    for kind, lemmas in _KINDS.items():
        if word in lemmas:
            return kind
    return None


def find_casualties(parse: Parse, tokens: list[Token]) -> list[Casualty]:
    """Counts of dead/injured/arrested in these tokens (usually one sentence)."""
    out: list[Casualty] = []
    for tok in tokens:
        kind = _kind(tok.lemma.lower()) or _kind(tok.lower)
        if kind is None:
            continue
        if tok.pos in ("VERB", "AUX"):
            args = list(parse.children(tok, "dobj", "nsubjpass"))
            if kind == "arrested" and tok.lemma.lower() == "hold":
                continue  # "held talks" is not a detention
            for arg in args:
                if arg.lemma.lower() in _PEOPLE or arg.tag == "CD" or arg.lower in ("dozens", "hundreds"):
                    mag = _count_of(parse, arg)
                    if mag:
                        out.append(Casualty(kind, mag, tok.i))
                        break
        elif tok.lower in ("dead", "injured", "wounded", "killed") and tok.pos in ("ADJ", "NOUN", "VERB"):
            # "12 dead", "12 people dead", "leaving 12 dead"
            head = parse.tokens[tok.head]
            for cand in [head, *parse.children(tok, "nsubj", "npadvmod", "nummod")]:
                mag = _count_of(parse, cand) if cand.lemma.lower() in _PEOPLE or cand.tag == "CD" else None
                if mag:
                    out.append(Casualty(kind, mag, tok.i))
                    break
        elif tok.lower == "toll":
            for k in range(tok.i + 1, min(len(parse.tokens), tok.i + 8)):
                t = parse.tokens[k]
                if t.tag == "CD":
                    mag = parse_quantity(parse.text[parse.tokens[t.left].start:t.end])
                    if mag:
                        out.append(Casualty("fatalities", mag, tok.i))
                    break
    return out
