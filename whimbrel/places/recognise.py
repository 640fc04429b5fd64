"""Which spans of a parse are toponyms (recognition; choosing the gazetteer entry is :mod:`.resolve`).

The cascade, per spaCy entity and then over the untagged text:

1. GPE/LOC/FAC entities, and ORG entities that are really places (spaCy often tags a besieged town as an
   organisation): "offensive on Idlib", "clashes in Tal Abyad".
2. A place name spaCy took for a group, a language, a person or a product: "the siege of Aleppo"
   (NORP), "a shopkeeper in Tabriz" (PERSON), "in Burkina Faso". Names of a country, region or continent
   count wherever they stand; a town's name only where a place goes, and never a name that is a person's
   surname or first name elsewhere in the text ("Chad Morgan ... Chad said").
3. A place inside a longer name: "Nebraska State Patrol", "the University of Manitoba", "CBC Winnipeg",
   "Hunan province", "the City of Winnipeg", "North London". Both geoparsing conventions we know
   (GeoNames-linked news corpora, Wikinews) count these as toponyms, and they say where a story is
   (:mod:`whimbrel.places.inner_places`).
4. Proper-noun runs spaCy did not tag, when they name a country, region or big city, and capitalised
   datelines ("OTTAWA, Ontario —").
5. Names a generic place word frames, known to the gazetteer or not: "the village of Tamthil", "Makhmur
   district", "the al-Atebaa neighborhood" (kept with no point when the gazetteer lacks them;
   :mod:`whimbrel.places.framed_names`).
6. Towns in the "Town, Region" pattern the parser missed: "Wainwright, Alta.", "HOLLIDAY, Mo. —"
   (:mod:`whimbrel.places.qualified`).

Before the cascade, the names of "Monroe and Owen counties"; along it, names the parser cut short ("Guinea"
of "Guinea-Bissau", "Queen Anne" of "Queen Anne's County", "Democratic Republic" of "... of the Congo",
"Beida" of "Goz Beida", "Rio Grande" of "Rio Grande do Sul") and lists it ran into one name ("Hornsey, Stoke
Newington", "Ingham or Townsville"), each member judged on its own: :mod:`whimbrel.places.whole_names`.
The cues every step reads (where a place goes, datelines, notable names) are in :mod:`whimbrel.places.cues`.

Person names and organisations stay out: "Jordan" inside "Michael Jordan" is not a country.
"""

from __future__ import annotations

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.abbreviations import ABBREVIATION, abbreviated_regions
from whimbrel.places.cues import (
    DATELINE,
    OF_HEADS,
    PLACE_LABELS,
    SUFFIXES,
    Span,
    abbreviation,
    after_locative,
    after_place_comma,
    candidates,
    dateline,
    notable,
    person_name_parts,
    where_a_place_goes,
)
from whimbrel.places.framed_names import named_by_pattern
from whimbrel.places.gazetteer import Gazetteer, Place
from whimbrel.places.given_names import without_given_names
from whimbrel.places.inner_places import inner_place
from whimbrel.places.local_bodies import named_by_their_bodies
from whimbrel.places.qualified import qualified_towns
from whimbrel.places.whole_names import (
    county_whole,
    cut_short_start,
    cut_short_whole,
    firm_like,
    hyphenated_whole,
    list_members,
    listed_counties,
)

__all__ = ["candidates", "find_toponyms"]

_MISTAKEN_LABELS = {"NORP", "LANGUAGE", "PERSON", "PRODUCT", "EVENT", "WORK_OF_ART"}
# The small model also dates a lone city name ("crime continues in Winnipeg"): a one-word DATE entity is
# read as a mistaken label too, unless it is a calendar word ("in March" is not March, Cambridgeshire).
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
             "sunday", "spring", "summer", "autumn", "fall", "winter", "today", "tomorrow", "yesterday",
             "christmas", "easter", "ramadan", "eid", "thanksgiving", "halloween", "passover", "hanukkah"}
_HOST_LABELS = {"ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "GPE", "LOC", "NORP"}


def find_toponyms(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase) -> list[tuple[int, int, str]]:
    """(start, end, suffix) of each toponym; suffix is a following "province"/"region" word, if any."""
    spans: list[Span] = listed_counties(parse, gaz)
    blocked = [False] * len(parse.tokens)
    for first, last, _ in spans:
        blocked[first:last] = [True] * (last - first)
    persons = person_name_parts(parse)
    covered = 0  # tokens before this one belong to a name already taken (a hyphenated whole)
    for ent in parse.entities:
        first, last = ent.first, ent.last
        if first < covered or any(blocked[first:last]):
            continue
        if parse.tokens[first].lower == "the" and last - first > 1:
            first += 1
        while last > first and parse.tokens[last - 1].tag == "POS":
            last -= 1
        last = cut_short_whole(parse, gaz, first, hyphenated_whole(parse, gaz, first, last))
        if not any(blocked[max(0, first - 2):first]):
            first = cut_short_start(parse, gaz, first, last, covered)
        first, last, county = county_whole(parse, gaz, first, last, blocked)
        covered = max(covered, last)
        for k in range(min(first, ent.first), max(ent.last, last)):
            blocked[k] = True
        if last <= first:
            continue
        text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
        if kb.country_of_adjective(text):
            continue
        # a name the gazetteer knows as a county in full is a place, whatever spaCy took "Queen Anne" for
        label = "GPE" if county else ent.label
        if label == "DATE" and last - first == 1 and parse.tokens[first].tag == "NNP" and text.isalpha() \
                and text.casefold() not in _CALENDAR:
            label = "PRODUCT"  # judged as any other mislabelled name: where a place goes, and big enough
        cands = candidates(gaz, kb, text)
        # "Hornsey, Stoke Newington", "Ingham or Townsville": a list the parser took for one name
        members = [] if cands or county else list_members(parse, first, last)
        if any(_names_a_region(parse, gaz, a, b) for a, b in members[1:]):
            members = []  # "Wainwright, Alta": a town and its region, for the "Town, Region" step
        placed = [(a, b, "") for a, b in members if _is_place(parse, label, a, b, gaz, kb, persons)]
        if placed:
            # the other members of a list of places are places too where some town has the name ("Ingham
            # or Townsville": Ingham has 5,000 people, below the main index); resolution licenses the town
            placed += [(a, b, "") for a, b in members if (a, b, "") not in placed and gaz.small_towns.get(
                norm_name(parse.text[parse.tokens[a].start:parse.tokens[b - 1].end]))]
            spans += placed
            continue
        whole = (cands or label in PLACE_LABELS) and \
            _whole_entity_is_place(parse, label, first, last, text, cands, gaz, kb, persons)
        inner = None if whole and cands else \
            inner_place(parse, first, last, gaz, kb, ent.label) if ent.label in _HOST_LABELS else None
        if inner:
            spans.append(inner)
        elif whole:
            spans.append((first, last, ""))  # a place-tagged name the gazetteer lacks: kept, with no point
    spans += _untagged(parse, gaz, kb, blocked)
    spans += named_by_pattern(parse, kb, spans, persons)
    taken = [False] * len(parse.tokens)
    for first, last, _ in spans:
        taken[first:last] = [True] * (last - first)
    spans += qualified_towns(parse, gaz, taken)
    spans += named_by_their_bodies(parse, gaz, kb, taken, persons)
    spans += abbreviated_regions(parse, gaz, kb, taken, lambda: _countries_of(parse, gaz, kb, spans))
    spans = without_given_names(parse, spans)
    n = len(parse.tokens)
    out = []
    for first, last, suffix in sorted(spans):
        if suffix != ABBREVIATION and dateline(parse, first, last, None):
            suffix = DATELINE  # "WASHINGTON —" opens a story filed from the city, not the state
        if not suffix:
            nxt = parse.tokens[last] if last < n else None
            suffix = nxt.lower if nxt is not None and nxt.lower in SUFFIXES else ""
        if not suffix and last - first > 1 and parse.tokens[last - 1].lower in SUFFIXES - {"city", "county"}:
            suffix = parse.tokens[last - 1].lower  # "Cusco Region": the word inside the name says it as well
        if not suffix and first >= 2 and parse.tokens[first - 1].lower == "of" \
                and parse.tokens[first - 2].lower in OF_HEADS - {"county"}:
            suffix = parse.tokens[first - 2].lower  # "the state of Washington", "the city of Washington"
        out.append((parse.tokens[first].start, parse.tokens[last - 1].end, suffix))
    return out


# A city of this size is named in the news by its other names too ("Kiev", "Bombay", "Peking"), which the
# parser may leave untagged ("in central Kiev"); after a locative preposition such a name is the city.
_BIG_CITY = 1_000_000
_WHERE_PREPOSITIONS = {"in", "at", "near"}  # not "of": "the Godfather of Soul" is not Seoul


def _big_city_where_a_place_goes(parse: Parse, i: int, cands: list[Place]) -> bool:
    k = i - 1 if i >= 1 and parse.tokens[i - 1].tag == "JJ" else i  # "in central Kiev"
    return k >= 1 and parse.tokens[k - 1].lower in _WHERE_PREPOSITIONS and any(
        p.feature.startswith("P") and p.population >= _BIG_CITY for p in cands)


def _countries_of(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, spans: list[Span]) -> set[str]:
    """Countries the recognised places point at: each place whose readings all lie in one country."""
    out: set[str] = set()
    for first, last, _ in spans:
        text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
        countries = {p.country or "" for p in candidates(gaz, kb, text)}
        if len(countries) == 1 and "" not in countries:
            out |= countries
    return out



def _names_a_region(parse: Parse, gaz: Gazetteer, first: int, last: int) -> bool:
    """Is the list member after a comma a first-level region or a country ("Alta", "Ky", "Ontario")?"""
    if parse.tokens[first - 1].text != ",":
        return False
    text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
    return any(p.feature == "A.ADM1" or p.is_country for p in gaz.lookup(text) + gaz.lookup(text + "."))


def _opens_a_person_name(parse: Parse, text: str) -> bool:
    """Is ``text`` the first word of a person's name in the text ("Tyler" of "Tyler Perry")? Not a last word:
    the parser tags "SOS Children's Village Malakal" as a person too."""
    key = norm_name(text)
    return any(e.label == "PERSON" and e.last - e.first >= 2 and norm_name(parse.tokens[e.first].text) == key
               for e in parse.entities)


def _is_place(parse: Parse, label: str, first: int, last: int, gaz: Gazetteer, kb: KnowledgeBase,
              persons: set[str]) -> bool:
    """A member of a list judged as a name of its own; one the gazetteer lacks counts under a place label."""
    text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
    if kb.country_of_adjective(text):
        return False
    cands = candidates(gaz, kb, text)
    return bool(cands or label in PLACE_LABELS) and \
        _whole_entity_is_place(parse, label, first, last, text, cands, gaz, kb, persons)


def _whole_entity_is_place(parse: Parse, label: str, first: int, last: int, text: str, cands: list[Place],
                           gaz: Gazetteer, kb: KnowledgeBase, persons: set[str]) -> bool:
    entity = kb.entity_id(text)
    known_other = entity is not None and not entity.startswith("country/")
    wide = any(p.is_country or p.is_continent or p.is_admin or p.is_region for p in cands)
    if label == "PERSON":  # a region named after a town is a person's name as often: "Arad was captured"
        wide = any(p.is_country or p.is_continent for p in cands)
    if label in PLACE_LABELS:
        is_place = True
    elif label == "ORG":
        # "Google" or "ATF" are not the hamlets that share the name, unless the text puts them where a
        # place goes; a capitalised dateline is a place ("OTTAWA, Ontario").
        is_place = not known_other and (notable(cands, text) or where_a_place_goes(parse, first)) and not (
            text.isupper() and not any(p.is_country for p in cands) and not dateline(parse, first, last, cands))
        if is_place and firm_like(parse, first, last, text):
            is_place = False
        if is_place and _opens_a_person_name(parse, text) and not where_a_place_goes(parse, first):
            is_place = False  # "Tyler Perry ... Tyler said": a person the parser took for a body, not the town
    elif label in _MISTAKEN_LABELS:
        if known_other or text.isupper() or norm_name(text) in persons:
            return False
        if label == "PERSON" and not wide:
            # a town where a place goes; a city by its own name anywhere ("Mosul's markets", "shelled
            # Mosul"), unless the name is also part of a person's name in the text (checked above)
            is_place = (where_a_place_goes(parse, first) and notable(cands, text, 15_000)) or (
                last - first == 1 and notable(cands, text)
                and parse.tokens[first].dep not in ("nsubj", "nsubjpass"))  # "Lincoln was elected": a man
        else:
            is_place = wide or notable(cands, text) or (where_a_place_goes(parse, first) and notable(cands, text, 15_000))
    else:
        return False
    if is_place and label != "GPE" and kb.metonym(text) and not any(
            p.feature in ("P.PPLC", "A.PCLI") or p.is_admin for p in cands):
        return False  # "the White House" acts; it is not White House, Tennessee
    if is_place and abbreviation(text, gaz) and not (after_place_comma(parse, first) or after_locative(parse, first)):
        return False  # "Miss. Universe", "Man. Utd": abbreviations count only where a place goes
    return is_place



def _untagged(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, blocked: list[bool]) -> list[Span]:
    """Proper-noun runs spaCy did not tag, when they name a country, region or big city."""
    spans: list[Span] = []
    n = len(parse.tokens)
    i = 0
    while i < n:
        tok = parse.tokens[i]
        # an upper-case dateline word the tagger took for an adverb or a noun: "BEIRUT —"
        dateline_word = tok.text.isalpha() and dateline(parse, i, i + 1, None)
        if blocked[i] or (tok.tag not in ("NNP", "NNPS") and not dateline_word):
            i += 1
            continue
        j = i + 1
        while j < n and not blocked[j] and parse.tokens[j].tag in ("NNP", "NNPS") and j - i < 5:
            j += 1
        i, j, _ = county_whole(parse, gaz, i, j, blocked)
        whole = cut_short_whole(parse, gaz, i, j)  # "Rio Grande" + "do Sul"
        if not any(blocked[j:whole]):
            j = whole
        text = parse.text[parse.tokens[i].start:parse.tokens[j - 1].end]
        cands = candidates(gaz, kb, text)
        if (abbreviation(text, gaz) and not after_place_comma(parse, i)) or firm_like(parse, i, j, text):
            cands = []  # "Miss.", "Man.", "Ind." are mostly not states; "Columbia, Mo." is
        entity = kb.entity_id(text)
        if cands and (entity is None or entity.startswith("country/")) and (
                notable(cands, text) or dateline(parse, i, j, cands) or _big_city_where_a_place_goes(parse, i, cands)):
            spans.append((i, j, ""))
        i = j
    return spans
