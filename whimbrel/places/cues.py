"""What a name and the words around it say about it, shared by the recognition steps: its gazetteer
entries, whether it is notable enough to be a place without further evidence, and whether it stands where a
place goes (after a preposition of place, in a capitalised dateline, in the region slot of "Town, Region").
"""

from __future__ import annotations

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.gazetteer import Gazetteer, Place

__all__ = ["COMPASS", "DATELINE", "LIST_WORDS", "OF_HEADS", "PLACE_LABELS", "PLACE_PREPOSITIONS", "SCAN_MIN_POPULATION",
           "SUFFIXES", "Span", "abbreviation", "after_locative", "after_place_comma", "after_word", "candidates",
           "dateline", "listed_with_place", "notable", "person_name_parts", "where_a_place_goes"]

Span = tuple[int, int, str]  # first token, end token (exclusive), suffix word
# the suffix of a dateline's name: a city, and among namesakes the national capital (see whimbrel.places.rank)
DATELINE = "dateline"

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPOSITIONS = {"in", "at", "near", "from", "of", "into", "on", "across", "around", "outside", "inside",
                      "toward", "towards", "to", "through", "over", "between", "north", "south", "east", "west"}
SCAN_MIN_POPULATION = 100_000  # un-tagged proper nouns must name a big place to count
_DATELINE_MIN_POPULATION = 5_000  # a capitalised dateline is strong evidence: any town in the index
SUFFIXES = {"province", "governorate", "region", "district", "state", "county", "city", "town", "village",
            "area", "prefecture", "oblast", "department", "municipality"}
OF_HEADS = {"city", "town", "village", "province", "county", "state", "district", "region", "municipality"}
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
           "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
           "south-west", "upper", "lower", "greater", "far", "downtown", "metro"}
LIST_WORDS = {",", "and", "or", "&"}  # the tokens that join the members of a list of places
_LIST_MARKS = {",", "-", "–", "—", "&"}
_DATELINE_FOLLOWERS = {",", "-", "—", "–", "(", ":"}


# Words a division's name may carry that the gazetteer's entry lacks: "Fars Province" is Fars, "Enfield
# Borough" the London borough at Enfield. Not "County": a US county is indexed under its full name only, so
# that a town of the bare name never stands for it.
_DIVISION_WORDS = {"province", "governorate", "prefecture", "oblast", "borough", "district", "region", "municipality"}


def candidates(gaz: Gazetteer, kb: KnowledgeBase, text: str) -> list[Place]:
    """Gazetteer entries for a name ("Fars Province" without its division word, when only so known), and for
    a country's short form the gazetteer lacks ("U.S", "PRC")."""
    found = gaz.lookup(text)
    if found:
        return found
    head, _, word = text.rpartition(" ")
    if head and word.casefold() in _DIVISION_WORDS and word[:1].isupper():
        found = gaz.lookup(head)
        if found:
            return found
    entity = kb.entity_id(text)
    if entity and entity.startswith("country/"):
        country = gaz.country(entity.split("/", 1)[1])
        return [country] if country else []
    return []


def person_name_parts(parse: Parse) -> set[str]:
    """Words of the text's multi-word person names: "Chad" in "Chad Morgan" makes a later "Chad" a person."""
    parts: set[str] = set()
    for ent in parse.entities:
        # not a list the parser took for one person ("Mr Trump - Wisconsin", "Ingham or Townsville")
        if ent.label == "PERSON" and ent.last - ent.first >= 2 and not any(
                t.text in _LIST_MARKS or t.lower in ("and", "or") for t in parse.tokens[ent.first:ent.last]):
            parts.update(norm_name(t.text) for t in parse.tokens[ent.first:ent.last])
    return parts


def notable(cands: list[Place], text: str, min_population: int = SCAN_MIN_POPULATION) -> bool:
    """A name that untagged (or organisation-tagged) text may use for a place: a country, continent,
    region, or a big city by its own name (not an alternate one: Topeka was briefly "Google"), not any
    hamlet that happens to share it."""
    return any(p.is_country or p.is_continent or p.is_admin or p.is_region or (
        p.population >= min_population and norm_name(p.name) == norm_name(text)) for p in cands)


def dateline(parse: Parse, first: int, last: int, cands: list[Place] | None) -> bool:
    """A capitalised place name opening a paragraph, then a comma or dash ("OTTAWA, Ontario —") or the
    story's first words in ordinary case ("WASHINGTON Christopher Steele, who ..."; with ``cands``, also
    naming a town of some size, a region or a country)."""
    text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
    if not text.isupper() or last >= len(parse.tokens):
        return False
    follower = parse.tokens[last].text
    if follower not in _DATELINE_FOLLOWERS and not (follower[:1].isupper() and not follower.isupper()):
        return False
    start = parse.tokens[first].start
    if parse.text[parse.text.rfind("\n", 0, start) + 1:start].strip():
        return False  # not at the start of a line
    return cands is None or any(p.population >= _DATELINE_MIN_POPULATION or p.is_admin or p.is_country for p in cands)


def abbreviation(text: str, gaz: Gazetteer) -> bool:
    """A doubtful region abbreviation ("Mo.", "Ont."): a truncated word that names only a region."""
    # Initialisms ("B.C.", "N.Y.") are not words; truncations ("Miss.", "Man.", "Ind.") often are.
    return text.endswith(".") and "." not in text[:-1] and len(text) <= 6 and all(p.is_admin for p in gaz.lookup(text))


def after_place_comma(parse: Parse, i: int) -> bool:
    """Is token ``i`` right after "Town," (the slot of a state abbreviation in a dateline or address)?"""
    return i >= 2 and parse.tokens[i - 1].text == "," and parse.tokens[i - 2].text[:1].isupper()


def where_a_place_goes(parse: Parse, i: int) -> bool:
    """After a preposition of place or motion ("shelling on Kafr Nabl", "fled to Tal Tamr"), or after
    "the city of" ("left the city of Mosul")."""
    if i >= 2 and parse.tokens[i - 1].lower == "of" and parse.tokens[i - 2].lower in OF_HEADS:
        return True
    k = i - 1
    while k >= 0 and parse.tokens[k].lower in ("the", "town", "city", "village", "of", "district", "province"):
        k -= 1
    return k >= 0 and parse.tokens[k].lower in PLACE_PREPOSITIONS


def after_word(parse: Parse, i: int, words: set[str]) -> bool:
    """Is token ``i`` right after one of ``words``, or after one of them and "the" ("in WA", "across the NT")?"""
    j = i - 1
    if j >= 0 and parse.tokens[j].lower == "the":
        j -= 1
    return j >= 0 and parse.tokens[j].lower in words


def listed_with_place(parse: Parse, i: int, placed: list[bool]) -> bool:
    """Is token ``i`` next to a place in a list ("NSW and Queensland", "Atlanta, Georgia", "Armenia, Georgia
    and Azerbaijan"): a list word, then a token ``placed`` marks, on either side?"""
    toks = parse.tokens
    before = i >= 2 and toks[i - 1].lower in LIST_WORDS and placed[i - 2]
    after = i + 2 < len(toks) and toks[i + 1].lower in LIST_WORDS and placed[i + 2]
    return before or after


def after_locative(parse: Parse, i: int) -> bool:
    return i >= 1 and parse.tokens[i - 1].lower in ("in", "at", "near", "from", "of")
