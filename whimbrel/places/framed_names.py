"""Names a generic place word frames, known to the gazetteer or not: "the village of Tamthil", "Makhmur
district", "the al-Atebaa neighborhood" (step 5 of :mod:`whimbrel.places.recognise`)."""

from __future__ import annotations

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.cues import COMPASS, Span

__all__ = ["named_by_pattern"]

# Generic words that make the name next to them a place: "the village of Tamthil", "Makhmur district", "the
# al-Atebaa neighborhood". Names so framed are toponyms even when the gazetteer lacks them (they are kept,
# with no point): both geoparsing corpora we know annotate them, and they are often where an event was.
_FRAME_BEFORE = {"town", "towns", "village", "villages", "city", "cities", "district", "districts", "neighbourhood",
                 "neighborhood", "suburb", "settlement", "settlements", "province", "governorate", "region",
                 "county", "island", "camp"}
# "the villages of Foua and Kfraya", "the cities of Palmyra and Qaryatayn": a plural frame takes a list
_PLURAL_FRAMES = {"towns", "villages", "cities", "districts", "settlements"}
_LIST_JOINERS = {",", "and", "or"}
# "Dunya Pur, a small town 100 km from Multan": an appositive that says what the name before it is
_APPOSITIVE_FRAMES = {"town", "village", "city", "hamlet", "suburb", "settlement", "district", "neighbourhood",
                      "neighborhood"}
_MAX_ADJECTIVES = 3
_FRAME_AFTER = {"town", "village", "district", "neighbourhood", "neighborhood", "suburb", "area", "camp",
                "governorate", "province", "valley"}
_NAME_PARTICLES = {"al", "el", "ad", "ar", "as", "ash", "az", "ez", "ed", "es", "at", "an", "de", "del", "la",
                   "las", "los", "bin", "ibn", "abu", "umm", "tal", "tel", "deir", "kafr", "beit", "ain", "ras"}
_MAX_NAME = 5
# Entity labels that are never a place, however framed; a person-tagged name counts only after "the village of"
# ("the neighbourhood of Al-Bayaa") or before ", a small town", spaCy's usual mistake with unfamiliar names.
_NOT_NAMES = {"DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_INSTITUTIONS = {"school", "schools", "college", "university", "police", "fire", "water", "hospital", "court",
                 "health", "library", "transit", "sanitation", "irrigation", "election", "electoral"}


def named_by_pattern(parse: Parse, kb: KnowledgeBase, spans: list[Span], persons: set[str]) -> list[Span]:
    """Names the gazetteer lacks, where a generic place word frames them: "the village of Tamthil",
    "Khanasir town", "the Radhwaniyah area", "the villages of Foua and Kfraya". Not a person's name or a
    known actor."""
    taken = [False] * len(parse.tokens)
    for first, last, _ in spans:
        for k in range(first, last):
            taken[k] = True
    out: list[Span] = []
    n = len(parse.tokens)
    for h, head in enumerate(parse.tokens):
        # (first, last) of each framed name, and whether the frame is strong enough to overrule a person tag
        runs: list[tuple[tuple[int, int], bool]] = []
        if head.lower in _FRAME_BEFORE and h + 2 < n and parse.tokens[h + 1].lower == "of":
            j = _name_end(parse, h + 2)
            runs.append(((h + 2, j), True))
            if head.lower in _PLURAL_FRAMES:
                runs += [(run, True) for run in _listed_after(parse, j)]
        elif head.lower in _FRAME_AFTER and h > 0:
            runs.append(((_name_start(parse, h), h), False))
        if head.lower in _APPOSITIVE_FRAMES:
            runs += [(run, True) for run in _named_before_appositive(parse, h)]
        for run, strong in runs:
            span = _framed_name(parse, kb, run, taken, persons, strong=strong)
            if span is not None:
                for k in range(span[0], span[1]):
                    taken[k] = True
                out.append(span)
    return out


def _named_before_appositive(parse: Parse, h: int) -> list[tuple[int, int]]:
    """The name before ", a (small, remote) town": the head, up to three adjectives, "a", a comma. Not where
    the place word only modifies another noun: "John Smith, a village elder"."""
    nxt = parse.tokens[h + 1] if h + 1 < len(parse.tokens) else None
    if parse.tokens[h].dep == "compound" or (nxt is not None and nxt.tag.startswith("NN")):
        return []
    k = h - 1
    while k >= 0 and h - 1 - k < _MAX_ADJECTIVES and parse.tokens[k].tag in ("JJ", "JJS", "JJR"):
        k -= 1
    if k < 2 or parse.tokens[k].lower not in ("a", "an") or parse.tokens[k - 1].text != ",":
        return []
    start = _name_start(parse, k - 1)
    return [(start, k - 1)] if start < k - 1 else []


def _name_start(parse: Parse, end: int) -> int:
    """Where the name that ends before token ``end`` starts (``end`` itself: no name there)."""
    i = end
    while i > 0 and end - i < _MAX_NAME and _name_part(parse, i - 1):
        i -= 1
    return i


def _name_end(parse: Parse, start: int) -> int:
    """Where the name that starts at token ``start`` ends (``start`` itself: no name there)."""
    j = start
    while j < len(parse.tokens) and j - start < _MAX_NAME and _name_part(parse, j):
        j += 1
    return j


def _listed_after(parse: Parse, end: int) -> list[tuple[int, int]]:
    """The names listed after the first one a plural frame opened: "... of Foua[, Zahraa] and Kfraya"."""
    out = []
    k = end
    while k < len(parse.tokens) and parse.tokens[k].lower in _LIST_JOINERS:
        while k < len(parse.tokens) and parse.tokens[k].lower in _LIST_JOINERS:
            k += 1
        j = _name_end(parse, k)
        if j == k:
            break
        out.append((k, j))
        k = j
    return out


def _framed_name(parse: Parse, kb: KnowledgeBase, run: tuple[int, int], taken: list[bool], persons: set[str],
                 *, strong: bool) -> Span | None:
    first, last = run
    if last <= first or any(taken[first:last]):
        return None
    # a lower-case particle opens a name only when joined to it: "al-Atebaa", not "at North Summit"
    while first < last and not parse.tokens[first].text[:1].isupper() and not (
            first + 1 < last and parse.tokens[first + 1].text == "-"):
        first += 1
    while last > first and not parse.tokens[last - 1].text[:1].isalpha():
        last -= 1
    if last <= first or not any(t.text[:1].isupper() for t in parse.tokens[first:last]):
        return None
    if parse.tokens[last - 1].lower in _INSTITUTIONS:
        return None  # "Box Elder School District": a body's name, not a place's
    text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
    entity = kb.entity_id(text)
    if norm_name(text) in COMPASS or norm_name(text) in persons or kb.country_of_adjective(text) \
            or (entity is not None and not entity.startswith("country/")) \
            or any(parse.tokens[k].ent in _NOT_NAMES or (parse.tokens[k].ent == "PERSON" and not strong)
                   for k in range(first, last)):
        return None
    return (first, last, "")


def _name_part(parse: Parse, k: int) -> bool:
    """A word of a proper name: capitalised, an Arabic-style particle ("al", "Deir"), or a hyphen inside one
    ("al-Atebaa", "Ras al-Ain")."""
    tok = parse.tokens[k]
    if tok.text in ("-", "'") and 0 < k < len(parse.tokens) - 1:
        return parse.tokens[k - 1].end == tok.start and tok.end == parse.tokens[k + 1].start
    return (tok.tag in ("NNP", "NNPS") and tok.text[:1].isupper()) or tok.lower in _NAME_PARTICLES
