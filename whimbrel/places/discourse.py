"""One sense per discourse: the other mentions of a name the article already uses as a place.

A story names its town once in a way the parser reads as a place ("flooding in Esperance", "Randwick,
New South Wales") and then again where it does not: as a modifier ("the Esperance shire", "a Tabriz
resident"), in a list the parser tagged as people ("Innisfail and Red Deer"), at the head of its police
or council ("Glasgow Police said"). A writer does not switch a capitalised name's sense inside one
article, so each other mention of the same capitalised name, before or after, is a toponym too, resolved
as the name's first resolved mention was (after :mod:`whimbrel.places.resolve` has resolved them all).

Which names: those that resolved to a point, that the parser read as a place at least once (a GPE or LOC
entity, a group's name, or a pattern with no entity such as "Town, Region"; not a name it only ever read
as a body, a building or an event: "Eta", "Newmont Mining"), that the knowledge base does not know as an
organisation or a person ("Xinhua"), and that are no word of a person's name in the text ("Georgia
Stevens ... Georgia said"). An upper-case dateline ("LONDON, Ky. —") spreads to its ordinary spelling.

Which mentions stay out, as plainly part of something else:

1. inside a longer entity that the name does not head, or inside a person's ("Esperance Smith");
2. after a capitalised word, a hyphen or a name particle ("North Powderly", "Middlesex-London", "Stade de
   France"), or before a hyphenated capitalised word ("Kalgoorlie-Boulder");
3. at the head of a longer name that is not the place's own police, council or office ("Frederick Memorial
   Hospital", "Box Elder School District", "the Esperance Express"); "Glasgow Police", "Randwick City
   Council" and "Aleppo Mayor ..." count, as recognition counts "Nebraska State Patrol"
   (:mod:`whimbrel.places.inner_places`); a disease named after the place ("Marburg virus");
4. a sentence-opening word the tagger did not read as a proper noun ("Nice work"), a one-word name on a
   title-case headline line that the text also uses as a lower-case word ("Reading Between The Lines"),
   and calendar words ("March", "May").

The names are found with one regular expression over the text, and mentions are mapped to tokens by
binary search, so the cost is a search per article, not a loop over its tokens.
"""

from __future__ import annotations

import re
from dataclasses import replace

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.cues import person_name_parts, where_a_place_goes
from whimbrel.records import PlaceRef

__all__ = ["other_mentions"]

_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
             "sunday", "easter", "christmas"}
# A place at the head of a longer name counts where the name is the place's own public body or office
# ("Glasgow Police said", "Esperance Shire Council", "Aleppo Mayor ..."): the body is where it serves. Any other
# longer name is a name of its own ("Frederick Memorial Hospital", "Box Elder School District", "the
# Winnipeg Free Press"), whose place recognition judges already (:mod:`whimbrel.places.inner_places`).
_LOCAL_BODIES = {"police", "council", "councillors", "mayor", "sheriff", "fire", "firefighters", "opp", "rcmp",
                 "pd", "constabulary", "ems", "paramedics", "ambulance", "coroner"}
_LOCAL_BODY_OPENERS = {"city", "town", "county", "shire", "borough", "township", "municipal", "regional", "district"}
# "Marburg virus", "Ebola fever", "Lyme disease": a disease named after the place, not the place
_NAMED_AFTER = {"virus", "fever", "disease", "flu", "influenza", "strain", "syndrome"}
# the parser's readings of a mention that make its name a place for the whole article: a place entity, a
# group's name ("the siege of Aleppo"), or no entity (a "Town, Region" pair, a framed or a dateline name);
# a name only ever read as a body, a building, an event or a person is not spread ("Eta", "Newmont Mining")
_PLACE_READINGS = {"GPE", "LOC", "NORP", ""}
_PROPER = ("NNP", "NNPS")
_NOMINAL = ("NNP", "NNPS", "NN")  # the tags of a name, or of a noun modifying another ("Glasgow firefighters")
# lower-case words inside a longer name: "Stade de France", "Rio de la Plata", "Rotterdam van der Valk"
_PARTICLES = {"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "van", "von", "der"}
# small words a title-case headline leaves in lower case
_HEADLINE_SMALL = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "as", "from",
                   "after", "over", "into", "is", "are", "be", "vs", "vs.", "amid"}


def other_mentions(parse: Parse, kb: KnowledgeBase, places: list[PlaceRef]) -> list[PlaceRef]:
    """The other mentions of the names ``places`` resolved to a point, each resolved as the name's first
    mention was; none overlaps a place of ``places``."""
    persons = person_name_parts(parse)
    sources = _sources(parse, kb, places, persons)
    if not sources:
        return []
    toks = parse.tokens
    taken: set[int] = set()  # token indices of the places already found
    for ref in places:
        assert ref.start is not None and ref.end is not None
        taken.update(_token_range(parse, ref.start, ref.end))
    pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(
        r"\s+".join(map(re.escape, name.split())) for name in sorted(sources, key=len, reverse=True)) + r")(?![\w-])")
    out: list[PlaceRef] = []
    for m in pattern.finditer(parse.text):
        span = _token_range(parse, m.start(), m.end())
        if not span or toks[span.start].start != m.start() or toks[span.stop - 1].end != m.end():
            continue  # not on token boundaries
        if taken.intersection(span) or not _stands_alone(parse, span.start, span.stop, persons):
            continue
        taken.update(span)
        source = sources[" ".join(m.group().split())]
        out.append(replace(source, text=m.group(), start=m.start(), end=m.end()))
    return out


def _token_range(parse: Parse, start: int, end: int) -> range:
    """Indices of the tokens that characters ``start``..``end`` touch (a lookup, not a walk over the text)."""
    first, last = parse.token_at(start), parse.token_at(end - 1)
    return range(first.i, last.i + 1) if first is not None and last is not None else range(0)


def _sources(parse: Parse, kb: KnowledgeBase, places: list[PlaceRef], persons: set[str]) -> dict[str, PlaceRef]:
    """Surface form → the first resolved mention of each name to look for (see the module docstring)."""
    out: dict[str, PlaceRef] = {}
    as_place: set[str] = set()
    place_starts = {ref.start for ref in places}
    for ref in places:
        text = " ".join(ref.text.split())
        if ref.lat is None or ref.start is None or ref.end is None or not text[:1].isupper() or len(text) < 3:
            continue
        key = norm_name(text)
        if key in _CALENDAR or key in persons:
            continue
        entity = kb.entity_id(text)
        if entity is not None and not entity.startswith("country/"):
            continue  # "Xinhua", "Hammond": a body or a person first, whatever the parser made of one mention
        forms = [text]
        if text.isupper():
            if not text.replace(" ", "").isalpha() or len(text) <= 3:
                continue  # "UN", "U.S.": initialisms have one written form
            forms.append(text.title())
        for form in forms:
            out.setdefault(form, ref)
        if _read_as_place(parse, ref, ref.start, ref.end, place_starts):
            as_place.update(forms)
    return {name: ref for name, ref in out.items() if name in as_place}


def _read_as_place(parse: Parse, ref: PlaceRef, start: int, end: int, place_starts: set[int | None]) -> bool:
    """Did the parser read this mention as a place: a place entity or a group's name, a pattern with no
    entity, or a body's or a building's name that stands where a place goes under the place's own name
    ("birds found around Esperance", "Reading, Berkshire"), not under another ("a blow to Eta": Etah)?"""
    token = parse.token_at(start)
    if token is None or token.tag not in _PROPER:
        return False  # "the Olympic trials"
    if token.ent in _PLACE_READINGS:
        return True
    if token.ent not in ("ORG", "FAC") or norm_name(ref.name or "") != norm_name(ref.text):
        return False
    town_and_region = parse.text[end:end + 2] == ", " and end + 2 in place_starts
    return town_and_region or where_a_place_goes(parse, token.i)


def _stands_alone(parse: Parse, first: int, last: int, persons: set[str]) -> bool:
    """Is the mention at tokens ``first``..``last`` the name itself, not part of something else?"""
    toks = parse.tokens
    n = len(toks)
    entity = next((e for e in parse.entities if e.first <= first and last <= e.last and e.last > e.first), None)
    if entity is not None and (entity.first, entity.last) != (first, last):
        head = entity.first + (toks[entity.first].lower == "the")
        if entity.label == "PERSON" or head != first:
            return False  # "Esperance Smith"; "Blue Collar Paris Victory Gardens"
    prev = toks[first - 1] if first > 0 else None
    if prev is not None and (
            (prev.tag in _PROPER and prev.text[:1].isupper() and prev.sent == toks[first].sent)
            or (prev.text in ("-", "–") and prev.end == toks[first].start)
            or (prev.lower in _PARTICLES and first >= 2 and toks[first - 2].text[:1].isupper())):
        return False  # "North Powderly", "Middlesex-London", "Stade de France"
    if last < n and toks[last].text in ("-", "–") and toks[last].start == toks[last - 1].end \
            and last + 1 < n and toks[last + 1].text[:1].isupper():
        return False  # "Kalgoorlie-Boulder" is a name of its own; "Esperance-based" is the town's
    after = last + 1 if last + 1 < n and toks[last].tag == "POS" else last  # over the "'s" of "St. Paul's Hospital"
    if after < n and toks[after].text[:1].isupper() and toks[after].tag in _PROPER and not _local_body(parse, after):
        return False  # "Frederick Memorial Hospital", "Esperance Smith"
    if last < n and toks[last].lower in _NAMED_AFTER:
        return False
    if _opens_sentence(parse, first) and toks[first].tag not in _NOMINAL:
        return False  # "Nice work", "Reading is ...": a word that opens a sentence; "Glasgow firefighters" counts
    return not (last - first == 1 and _in_headline(parse, first) and _used_as_a_word(parse.text, toks[first].lower))


def _local_body(parse: Parse, k: int) -> bool:
    """Do the words from token ``k`` name a place's own body or office: "Police", "City Council", "OPP"?"""
    toks = parse.tokens
    word = toks[k].lower
    if word in _LOCAL_BODY_OPENERS:
        return k + 1 < len(toks) and toks[k + 1].lower in _LOCAL_BODIES
    return word in _LOCAL_BODIES


def _opens_sentence(parse: Parse, k: int) -> bool:
    sentence = parse.sentences[parse.tokens[k].sent]
    return sentence.first == k or (k > 0 and parse.tokens[k - 1].text in ('"', "“", "'", "‘", "(", "\n"))


def _used_as_a_word(text: str, lower: str) -> bool:
    """Does the text use the name in lower case too ("reading", "nice")? Then a capitalised headline's
    "Reading" may be that word."""
    return re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", text) is not None


def _in_headline(parse: Parse, k: int) -> bool:
    """Is token ``k`` on a title-case line with no full stop ("Reading Between The Lines")? Such a line
    capitalises every word, so a capital says nothing there about a name that is also a word."""
    text = parse.text
    start = text.rfind("\n", 0, parse.tokens[k].start) + 1
    end = text.find("\n", parse.tokens[k].end)
    line = text[start:end if end >= 0 else len(text)].strip()
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 3 or line.endswith((".", "?", "!", '"', "”")):
        return False
    return all(w[:1].isupper() or w.lower() in _HEADLINE_SMALL for w in words)
