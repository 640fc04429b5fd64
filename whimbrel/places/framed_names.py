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
_FRAME_BEFORE = {"town", "towns", "village", "villages", "city", "district", "districts", "neighbourhood",
                 "neighborhood", "suburb", "settlement", "settlements", "province", "governorate", "region",
                 "county", "island", "camp"}
_FRAME_AFTER = {"town", "village", "district", "neighbourhood", "neighborhood", "suburb", "area", "camp",
                "governorate", "province", "valley"}
_NAME_PARTICLES = {"al", "el", "ad", "ar", "as", "ash", "az", "ez", "ed", "es", "at", "an", "de", "del", "la",
                   "las", "los", "bin", "ibn", "abu", "umm", "tal", "tel", "deir", "kafr", "beit", "ain", "ras"}
_MAX_NAME = 5
# Entity labels that are never a place, however framed; a person-tagged name counts only after "the village of"
# ("the neighbourhood of Al-Bayaa"), spaCy's usual mistake with unfamiliar Arabic names.
_NOT_NAMES = {"DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_INSTITUTIONS = {"school", "schools", "college", "university", "police", "fire", "water", "hospital", "court",
                 "health", "library", "transit", "sanitation", "irrigation", "election", "electoral"}


def named_by_pattern(parse: Parse, kb: KnowledgeBase, spans: list[Span], persons: set[str]) -> list[Span]:
    """Names the gazetteer lacks, where a generic place word frames them: "the village of Tamthil",
    "Khanasir town", "the Radhwaniyah area". Not a person's name or a known actor."""
    taken = [False] * len(parse.tokens)
    for first, last, _ in spans:
        for k in range(first, last):
            taken[k] = True
    out: list[Span] = []
    n = len(parse.tokens)
    for h, head in enumerate(parse.tokens):
        run: tuple[int, int] | None = None
        name_follows = head.lower in _FRAME_BEFORE and h + 2 < n and parse.tokens[h + 1].lower == "of"
        if name_follows:
            j = h + 2
            while j < n and j - (h + 2) < _MAX_NAME and _name_part(parse, j):
                j += 1
            run = (h + 2, j)
        elif head.lower in _FRAME_AFTER and h > 0:
            i = h
            while i > 0 and h - i < _MAX_NAME and _name_part(parse, i - 1):
                i -= 1
            run = (i, h)
        if run is None or run[1] <= run[0] or any(taken[run[0]:run[1]]):
            continue
        first, last = run
        # a lower-case particle opens a name only when joined to it: "al-Atebaa", not "at North Summit"
        while first < last and not parse.tokens[first].text[:1].isupper() and not (
                first + 1 < last and parse.tokens[first + 1].text == "-"):
            first += 1
        while last > first and not parse.tokens[last - 1].text[:1].isalpha():
            last -= 1
        if last <= first or not any(t.text[:1].isupper() for t in parse.tokens[first:last]):
            continue
        if parse.tokens[last - 1].lower in _INSTITUTIONS:
            continue  # "Box Elder School District": a body's name, not a place's
        text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
        entity = kb.entity_id(text)
        if norm_name(text) in COMPASS or norm_name(text) in persons or kb.country_of_adjective(text) \
                or (entity is not None and not entity.startswith("country/")) \
                or any(parse.tokens[k].ent in _NOT_NAMES or (parse.tokens[k].ent == "PERSON" and not name_follows)
                       for k in range(first, last)):
            continue
        for k in range(first, last):
            taken[k] = True
        out.append((first, last, ""))
    return out


def _name_part(parse: Parse, k: int) -> bool:
    """A word of a proper name: capitalised, an Arabic-style particle ("al", "Deir"), or a hyphen inside one
    ("al-Atebaa", "Ras al-Ain")."""
    tok = parse.tokens[k]
    if tok.text in ("-", "'") and 0 < k < len(parse.tokens) - 1:
        return parse.tokens[k - 1].end == tok.start and tok.end == parse.tokens[k + 1].start
    return (tok.tag in ("NNP", "NNPS") and tok.text[:1].isupper()) or tok.lower in _NAME_PARTICLES
