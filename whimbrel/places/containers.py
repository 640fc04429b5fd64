"""A place the gazetteer lacks, placed at the place the text says holds it.

News names villages, quarters, camps and slums no packaged gazetteer has ("the villages of Foua and Kfraya
in Idlib", "Cairo's Abbasiya neighbourhood", "the Adhamiyah district of Baghdad", "Balintawak, Quezon
City", "the Nairobi slum Kibera"). Recognition keeps such a name as a toponym with no point; but the same
sentence says which resolved place contains it, and that place's point is a far better answer than none
(a village lies within a few tens of kilometres of its district's point; an unplaced toponym is an error
of half the globe). So a pointless toponym takes the point of its container, as
:func:`whimbrel.places.resolve._qualifier_stands_in` does for "Holliday, Missouri".

The stand-in keeps its own text and takes the container's point, country and first-level region; its
``geonameid``, ``name`` and ``feature`` stay null, since it is not the container itself: a place listing
never counts the village as the town, and the event-location ranking still reads it as a place more
specific than any region (:mod:`whimbrel.events.location`).

The containing patterns, on the text between the two toponyms:

1. after the name, an optional generic word, then "in" (or "located in"), a comma (a compass word may
   follow either: ", north-west Pakistan", "in northern Hama"), an opening bracket, or a generic word and
   "of": "Foua in Idlib", "the Mukuru slums in Nairobi", "the Adhamiyah district of Baghdad", "Balintawak,
   Quezon City", "Xiaozhuang (Hebei Province)"; "of" alone where the generic word ends the name itself ("Lianghe county of Yunnan");
   a name listed just before such a name shares its container ("Foua and Kfraya in Idlib", "Haris and
   Varzaqan in East Azerbaijan province"); an appositive that says what the name is and where ("Kisima, a
   remote village in Samburu", "Dunya Pur, a small town near Multan"). A sentence wrapped over two lines
   still counts.
2. before the name, the container's possessive or the container and a generic word: "Cairo's Abbasiya",
   "Whittier's Penn Park", "the Nairobi slum Kibera".

A continent or a macro-region never contains in this sense ("Kampungu in Africa" says too little). The
other mentions of a placed name in the same article take its point too (one sense per discourse).
"""

from __future__ import annotations

import re
from dataclasses import replace

from whimbrel.kb import norm_name
from whimbrel.records import PlaceRef

__all__ = ["placed_by_containers"]

# Words that name what kind of place a name is, between it and its container.
_KINDS = (r"(?:district|neighbou?rhood|area|village|town|city|camp|refugee\s+camp|slums?|suburb|quarter|township|"
          r"commune|county|municipality|locality|settlement|hamlet|island|valley|prefecture|province|region|"
          r"governorate|state|department)")
# "north-west Pakistan", "southern Iraq": a compass word before the container still names it
_COMPASS = r"(?:(?:north|south|east|west|central)(?:ern|-?(?:east|west)(?:ern)?)?\s+)"
# 1. "X in Y", "X district of Y", "X, Y", "X and Z in Y" (Z a name the gazetteer may also lack), "X located
# in the Y", "X (Y Province)"; a full stop first ends an abbreviation the span left out ("Cedar Flat Rd.")
_AFTER = re.compile(
    rf"^\.?(?:\s+{_KINDS})?"
    r"(?:\s+(?:and|or)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})?"
    rf"(?:(?:\s+(?:located|situated|lying))?\s+in\s+(?:the\s+)?{_COMPASS}?|"
    rf",\s+(?:in\s+)?(?:the\s+)?{_COMPASS}?|\s+\()$"
)
# "Kisima, a remote village in Samburu", "Dunya Pur, a small town near Multan": an appositive saying what
# the name is and where
_APPOSITIVE = re.compile(rf"^,\s+an?\s+(?:[a-z-]+\s+){{0,3}}{_KINDS}\s+(?:(?:located|situated)\s+)?(?:in|near|outside)\s+"
                         rf"(?:the\s+)?{_COMPASS}?$")
# "the Mukuru kwa Njenga district of Nairobi": a particle and a word the span may have cut off go first
_AFTER_KIND_OF = re.compile(rf"^(?:\s+[a-z]{{2,4}}\s+[A-Z][\w'’-]*)?\s+{_KINDS}\s+of\s+(?:the\s+)?$")
# "Puge county of Sichuan province": the kind word is the span's own last word
_KIND_AT_END = re.compile(rf"\s{_KINDS}$", re.IGNORECASE)
_OF = re.compile(r"^\s+of\s+(?:the\s+)?$")
# 2. "Y's X", "Y slum X"
_BEFORE = re.compile(rf"^(?:['’]s\s+|\s+{_KINDS}\s+)$")
# list words that let a name share the container of the name after it: "Foua and Kfraya in Idlib"
_LIST_JOIN = re.compile(r"^(?:,\s+|\s+(?:and|or)\s+|,\s+(?:and|or)\s+)$")
_MAX_GAP = 60


def placed_by_containers(text: str, places: list[PlaceRef]) -> list[PlaceRef]:
    """``places`` (in text order) with each toponym that has no point placed at its container, where the
    text names one (see the module docstring); the others unchanged."""
    out = list(places)
    stand_in = [False] * len(out)
    for k in range(len(out) - 1, -1, -1):
        ref = out[k]
        if ref.lat is not None or ref.start is None or ref.end is None:
            continue
        container = _after(text, out, stand_in, k) or _before(text, out, k)
        if container is not None:
            out[k] = replace(ref, lat=container.lat, lon=container.lon, country=container.country,
                             admin1=container.admin1)
            stand_in[k] = True
    return _same_name_same_point(out, stand_in)


def _same_name_same_point(places: list[PlaceRef], stand_in: list[bool]) -> list[PlaceRef]:
    """One sense per discourse for stand-ins: "Kampungu, in Kasai" once, then a bare "Kampungu" twice; the
    later (or earlier) mentions are the same village, so they take the point its container gave it."""
    placed = {norm_name(ref.text): ref for ref, is_stand_in in zip(places, stand_in, strict=True) if is_stand_in}
    if not placed:
        return places
    out = []
    for ref in places:
        model = placed.get(norm_name(ref.text)) if ref.lat is None else None
        out.append(ref if model is None else replace(ref, lat=model.lat, lon=model.lon, country=model.country,
                                                          admin1=model.admin1))
    return out


def _contains(ref: PlaceRef) -> bool:
    """Can this resolved place hold a village: a point, and narrower than a continent or a sea."""
    feature = ref.feature or ""
    return ref.lat is not None and not feature.startswith(("L.", "H.", "T."))


def _after(text: str, places: list[PlaceRef], stand_in: list[bool], k: int) -> PlaceRef | None:
    if k + 1 >= len(places):
        return None
    ref, nxt = places[k], places[k + 1]
    assert ref.end is not None and nxt.start is not None
    gap = text[ref.end:nxt.start]
    if len(gap) > _MAX_GAP or not _one_line_of_prose(gap):
        return None
    if stand_in[k + 1] and _LIST_JOIN.match(gap):
        return nxt  # "Foua and Kfraya in Idlib": Kfraya already stands in at Idlib
    if _contains(nxt) and (_AFTER.match(gap) or _AFTER_KIND_OF.match(gap) or _APPOSITIVE.match(gap)
                           or (_OF.match(gap) and _KIND_AT_END.search(ref.text))):
        return nxt
    return None


def _one_line_of_prose(gap: str) -> bool:
    """A line wrapped inside a sentence ("in\\n   the Karak district") still joins the two names; a blank
    line, or a bare line break between two names (a heading over a dateline), does not."""
    return "\n" not in gap or (gap.count("\n") == 1 and any(ch.isalpha() for ch in gap))


def _before(text: str, places: list[PlaceRef], k: int) -> PlaceRef | None:
    if k == 0:
        return None
    prev, ref = places[k - 1], places[k]
    assert prev.end is not None and ref.start is not None
    gap = text[prev.end:ref.start]
    return prev if _contains(prev) and len(gap) <= _MAX_GAP and _BEFORE.match(gap) else None
