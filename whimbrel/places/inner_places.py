"""Places named inside a longer name: "Hunan province", "City of Winnipeg", "North London", "Nebraska State
Patrol", "University of Manitoba", "CBC Winnipeg" (step 3 of :mod:`whimbrel.places.recognise`)."""

from __future__ import annotations

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.cues import (
    COMPASS,
    OF_HEADS,
    PLACE_LABELS,
    SCAN_MIN_POPULATION,
    SUFFIXES,
    Span,
    candidates,
    notable,
)
from whimbrel.places.gazetteer import Gazetteer
from whimbrel.places.whole_names import COUNTY_WORDS

__all__ = ["inner_place"]

# "Monroe County", "Swat district" are names of their own, which the gazetteer lacks; Monroe the town is
# elsewhere, so these are not stripped to the bare name.
OWN_NAME_SUFFIXES = {"county", "district", "area"}
# Names of newspapers and broadcasters, and of firms: a place inside them is a title, not where anything is.
_MEDIA = {"times", "post", "daily", "herald", "journal", "tribune", "gazette", "telegraph", "globe", "star",
          "chronicle", "independent", "guardian", "observer", "examiner", "courier", "record", "sun", "mail",
          "today", "news", "press", "radio", "tv", "television", "broadcasting"}
_BUSINESS = {"corporation", "corp", "corp.", "company", "co.", "inc", "inc.", "llc", "ltd", "ltd.", "plc",
             "holdings", "group", "fresh", "foods", "airlines", "airways", "bank", "fc", "united", "real"}
# Parks, squares and streets are named after people, events and faraway places more often than after the
# town they are in ("Centennial Park" in Sydney, "Madison Square Garden" in New York): the whole name is
# the place, which a container may then locate ("... Park in Sydney"). Airports, universities and dams keep
# their inner place: "Kabul airport", "Mosul Dam" are at or near the town of the name.
_NAMED_AFTER_HEADS = {"park", "square", "street", "st.", "road", "avenue", "boulevard", "plaza", "garden",
                      "gardens", "mall", "lane", "drive", "circus"}
# Lower-case words inside multi-word place names of many languages: "Ceamurlia de Jos", "Rio de Janeiro"
_PARTICLES_IN_NAMES = {"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "las", "los",
                       "y", "van", "von", "der", "den", "al", "el", "upon", "sur", "am", "an", "im"}


def inner_place(parse: Parse, first: int, last: int, gaz: Gazetteer, kb: KnowledgeBase, label: str) -> Span | None:
    """A place named inside a longer name: "Hunan province", "City of Winnipeg", "North London",
    "Nebraska State Patrol", "University of Manitoba", "CBC Winnipeg". Only a country, region, continent
    or big city by its own name counts, so a museum or a shop named after its founder stays what it is."""
    toks = parse.tokens
    words = [t.lower for t in toks[first:last]]
    # "Hunan province", "Quetta city": the name, with the generic word as its suffix
    if len(words) >= 2 and words[-1] in SUFFIXES - OWN_NAME_SUFFIXES and \
            _good(parse, first, last - 1, gaz, kb, any_size=True):
        return (first, last - 1, words[-1])
    # "City of Winnipeg", "Province of Alberta"
    if len(words) >= 3 and words[0] in OF_HEADS and words[1] == "of" and _good(parse, first + 2, last, gaz, kb, any_size=True):
        return (first + 2, last, words[0])
    # "North London", "Western Canada", "Far North Queensland": a place-tagged name, and a big place after
    # the compass word (the "Northern Alliance" is no town called Alliance)
    k = first
    while k < last - 1 and toks[k].lower in COMPASS:
        k += 1
    if k > first and label in PLACE_LABELS and _good(parse, k, last, gaz, kb):
        return (k, last, "")
    if _MEDIA & set(words[-2:]) or _BUSINESS & set(words) or words[:3] == ["voice", "of", "america"]:
        return None  # "the Denver Post", "Omaha Steaks Inc.": the place names a title or a firm, not a where
    if words[-1] in _NAMED_AFTER_HEADS:
        return None  # "Centennial Park", "Washington Square": named after something, not in a town of the name
    # "Nebraska State Patrol", "Iowa Department of Transportation", "Ohio Governor Smith": the longest leading name
    run = first
    while run < last and toks[run].lower != "of" and (toks[run].tag in ("NNP", "NNPS") or (
            toks[run].tag == "POS" and run + 1 < last and toks[run + 1].lower in COUNTY_WORDS)):
        run += 1  # over the "'s" of "Queen Anne's County Sheriff's Office"
    for end in range(min(run, first + 4), first, -1):
        if end < last and _good(parse, first, end, gaz, kb):
            return (first, end, "")
    # "University of Manitoba", "Government of Manitoba": the name after the last "of"; "University of
    # Michigan Center for Health": the longest known name opening the words after an "of" (after a trailing
    # "in Winnipeg", and before "CBC Winnipeg", see _trailing_name)
    ofs = [i for i in range(first, last) if toks[i].lower == "of"]
    if ofs and ofs[-1] + 1 < last and _good(parse, ofs[-1] + 1, last, gaz, kb):
        return (ofs[-1] + 1, last, "")
    trailing = _trailing_name(parse, first, last, gaz, kb)
    if trailing is not None and toks[trailing[0] - 1].lower in ("in", "at"):
        return trailing  # "the Children's Hospital of Manitoba in Winnipeg": where the body is
    for of in reversed(ofs):
        run = of + 1
        while run < last and toks[run].tag in ("NNP", "NNPS") and run - of <= 4:
            run += 1
        for end in range(run, of + 1, -1):
            if end < last and _good(parse, of + 1, end, gaz, kb):
                return (of + 1, end, "")
    return trailing


def _trailing_name(parse: Parse, first: int, last: int, gaz: Gazetteer, kb: KnowledgeBase) -> Span | None:
    """"CBC Winnipeg", "Parks Canada": a trailing name after a head, not after a particle of the name itself
    ("Ceamurlia de Jos" is a Romanian village, not Jos in Nigeria)."""
    for start in range(max(first + 1, last - 3), last):
        if parse.tokens[start - 1].lower not in _PARTICLES_IN_NAMES and _good(parse, start, last, gaz, kb):
            return (start, last, "")
    return None


def _good(parse: Parse, first: int, last: int, gaz: Gazetteer, kb: KnowledgeBase, *, any_size: bool = False) -> bool:
    toks = parse.tokens[first:last]
    if not toks or not all(t.text[:1].isupper() or (t.tag == "POS" and 0 < k < len(toks) - 1) for k, t in enumerate(toks)):
        return False
    text = parse.text[toks[0].start:toks[-1].end]
    if norm_name(text) in COMPASS:
        return False  # "Western powers", "Central Bank": not Kenya's Western or Ghana's Central region
    if kb.country_of_adjective(text) or text.isupper() and len(text) <= 3 and not kb.entity_id(text):
        return False
    cands = candidates(gaz, kb, text)
    entity = kb.entity_id(text)
    if not cands or (entity is not None and not entity.startswith("country/")):
        return False
    return notable(cands, text, 15_000 if any_size else SCAN_MIN_POPULATION)
