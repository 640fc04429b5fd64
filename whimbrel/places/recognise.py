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
   (GeoNames-linked news corpora, Wikinews) count these as toponyms, and they say where a story is.
4. Proper-noun runs spaCy did not tag, when they name a country, region or big city, and capitalised
   datelines ("OTTAWA, Ontario —").
5. Names a generic place word frames, known to the gazetteer or not: "the village of Tamthil", "Makhmur
   district", "the al-Atebaa neighborhood" (kept with no point when the gazetteer lacks them).
6. Towns in the "Town, Region" pattern the parser missed: "Wainwright, Alta.", "HOLLIDAY, Mo. —"
   (:mod:`whimbrel.places.qualified`).

Person names and organisations stay out: "Jordan" inside "Michael Jordan" is not a country.
"""

from __future__ import annotations

from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse
from whimbrel.places.abbreviations import ABBREVIATION, abbreviated_regions
from whimbrel.places.gazetteer import Gazetteer, Place
from whimbrel.places.given_names import without_given_names
from whimbrel.places.qualified import qualified_towns

__all__ = ["candidates", "find_toponyms"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_MISTAKEN_LABELS = {"NORP", "LANGUAGE", "PERSON", "PRODUCT", "EVENT", "WORK_OF_ART"}
# The small model also dates a lone city name ("crime continues in Winnipeg"): a one-word DATE entity is
# read as a mistaken label too, unless it is a calendar word ("in March" is not March, Cambridgeshire).
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
             "sunday", "spring", "summer", "autumn", "fall", "winter", "today", "tomorrow", "yesterday",
             "christmas", "easter", "ramadan", "eid", "thanksgiving", "halloween", "passover", "hanukkah"}
_HOST_LABELS = {"ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "GPE", "LOC", "NORP"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "from", "of", "into", "on", "across", "around", "outside", "inside",
                       "toward", "towards", "to", "through", "over", "between", "north", "south", "east", "west"}
_SCAN_MIN_POPULATION = 100_000  # un-tagged proper nouns must name a big place to count
_DATELINE_MIN_POPULATION = 5_000  # a capitalised dateline is strong evidence: any town in the index
_SUFFIXES = {"province", "governorate", "region", "district", "state", "county", "city", "town", "village",
             "area", "prefecture", "oblast", "department", "municipality"}
# "Monroe County", "Swat district" are names of their own, which the gazetteer lacks; Monroe the town is
# elsewhere, so these are not stripped to the bare name.
_OWN_NAME_SUFFIXES = {"county", "district", "area"}
_OF_HEADS = {"city", "town", "village", "province", "county", "state", "district", "region", "municipality"}
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
            "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
            "south-west", "upper", "lower", "greater", "far", "downtown", "metro"}
_DATELINE_FOLLOWERS = {",", "-", "—", "–", "(", ":"}
# Names of newspapers and broadcasters, and of firms: a place inside them is a title, not where anything is.
_MEDIA = {"times", "post", "daily", "herald", "journal", "tribune", "gazette", "telegraph", "globe", "star",
          "chronicle", "independent", "guardian", "observer", "examiner", "courier", "record", "sun", "mail",
          "today", "news", "press", "radio", "tv", "television", "broadcasting"}
_BUSINESS = {"corporation", "corp", "corp.", "company", "co.", "inc", "inc.", "llc", "ltd", "ltd.", "plc",
             "holdings", "group", "fresh", "foods", "airlines", "airways", "bank", "fc", "united", "real"}

# The last word of a US county's name ("Monroe County", "Orleans Parish", "Denali Borough"), and the saint's
# word spaCy leaves out of an entity ("St." of "St. Bernard Parish").
_COUNTY_WORDS = {"county", "parish", "borough"}
_SAINT_WORDS = {"st.", "st", "saint", "ste.", "ste", "sainte"}

Span = tuple[int, int, str]  # first token, end token (exclusive), suffix word
# Lower-case words inside multi-word place names of many languages: "Ceamurlia de Jos", "Rio de Janeiro"
_PARTICLES_IN_NAMES = {"de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "las", "los",
                       "y", "van", "von", "der", "den", "al", "el", "upon", "sur", "am", "an", "im"}


def candidates(gaz: Gazetteer, kb: KnowledgeBase, text: str) -> list[Place]:
    """Gazetteer entries for a name, and for a country's short form the gazetteer lacks ("U.S", "PRC")."""
    found = gaz.lookup(text)
    if found:
        return found
    entity = kb.entity_id(text)
    if entity and entity.startswith("country/"):
        country = gaz.country(entity.split("/", 1)[1])
        return [country] if country else []
    return []


def find_toponyms(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase) -> list[tuple[int, int, str]]:
    """(start, end, suffix) of each toponym; suffix is a following "province"/"region" word, if any."""
    spans: list[Span] = _listed_counties(parse, gaz)
    blocked = [False] * len(parse.tokens)
    for first, last, _ in spans:
        blocked[first:last] = [True] * (last - first)
    persons = _person_name_parts(parse)
    covered = 0  # tokens before this one belong to a name already taken (a hyphenated whole)
    for ent in parse.entities:
        first, last = ent.first, ent.last
        if first < covered or any(blocked[first:last]):
            continue
        if parse.tokens[first].lower == "the" and last - first > 1:
            first += 1
        while last > first and parse.tokens[last - 1].tag == "POS":
            last -= 1
        last = _hyphenated_whole(parse, gaz, first, last)
        first, last, county = _county_whole(parse, gaz, first, last, blocked)
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
        whole = (cands or label in _PLACE_LABELS) and \
            _whole_entity_is_place(parse, label, first, last, text, cands, gaz, kb, persons)
        inner = None if whole and cands else \
            _inner_place(parse, first, last, gaz, kb, ent.label) if ent.label in _HOST_LABELS else None
        if inner:
            spans.append(inner)
        elif whole:
            spans.append((first, last, ""))  # a place-tagged name the gazetteer lacks: kept, with no point
    spans += _untagged(parse, gaz, kb, blocked)
    spans += _named_by_pattern(parse, kb, spans, persons)
    taken = [False] * len(parse.tokens)
    for first, last, _ in spans:
        taken[first:last] = [True] * (last - first)
    spans += qualified_towns(parse, gaz, taken)
    spans += abbreviated_regions(parse, gaz, kb, taken, lambda: _countries_of(parse, gaz, kb, spans))
    spans = without_given_names(parse, spans)
    n = len(parse.tokens)
    out = []
    for first, last, suffix in sorted(spans):
        if suffix != ABBREVIATION and _dateline(parse, first, last, None):
            suffix = "city"  # "WASHINGTON —" opens a story filed from the city, not the state
        if not suffix:
            nxt = parse.tokens[last] if last < n else None
            suffix = nxt.lower if nxt is not None and nxt.lower in _SUFFIXES else ""
        if not suffix and first >= 2 and parse.tokens[first - 1].lower == "of" \
                and parse.tokens[first - 2].lower in _OF_HEADS - {"county"}:
            suffix = parse.tokens[first - 2].lower  # "the state of Washington", "the city of Washington"
        out.append((parse.tokens[first].start, parse.tokens[last - 1].end, suffix))
    return out


def _countries_of(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, spans: list[Span]) -> set[str]:
    """Countries the recognised places point at: each place whose readings all lie in one country."""
    out: set[str] = set()
    for first, last, _ in spans:
        text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
        countries = {p.country or "" for p in candidates(gaz, kb, text)}
        if len(countries) == 1 and "" not in countries:
            out |= countries
    return out


# "Monroe and Owen counties": the plural county word after a list of names, each a county of its own
_PLURAL_COUNTY_WORDS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
_LIST_WORDS = {",", "and", "&", "or"}
_MAX_LISTED = 8


def _listed_counties(parse: Parse, gaz: Gazetteer) -> list[Span]:
    """The names of "Monroe and Owen counties", "in Harris, Fort Bend and Montgomery counties", "Orleans and
    Jefferson parishes": each name before a lower-case plural county word is a county of that name (the span
    is the name; its suffix, the singular word, makes :mod:`.resolve` look the county up). Only names the
    gazetteer knows as counties in full ("Fort Bend County"), read back from the plural word until the
    list ends, so "voters in Ohio and three counties" takes nothing."""
    text = parse.text
    if "counties" not in text and "parishes" not in text and "boroughs" not in text:
        return []  # the common case, at the cost of three substring searches
    toks = parse.tokens
    out: list[Span] = []
    for h, head in enumerate(toks):
        word = _PLURAL_COUNTY_WORDS.get(head.text)  # lower-case only: "Counties" starts a name of its own
        if word is None:
            continue
        end = h
        for _ in range(_MAX_LISTED):
            start = end
            while start > 0 and end - start < 4 and toks[start - 1].text[:1].isupper() \
                    and toks[start - 1].lower not in _LIST_WORDS:
                start -= 1
            # the longest known county of the run: "In Monroe" opens a sentence, "Monroe" is the county
            start = next((s for s in range(start, end) if any(
                p.feature == "A.ADM2" for p in gaz.lookup(f"{text[toks[s].start:toks[end - 1].end]} {word}"))), end)
            if start == end:
                break
            out.append((start, end, word.lower()))
            end = start
            while end > 0 and toks[end - 1].lower in _LIST_WORDS:
                end -= 1
            if end == start:
                break
    return out


def _hyphenated_whole(parse: Parse, gaz: Gazetteer, first: int, last: int) -> int:
    """The end of a name spaCy cut at a hyphen: its entity is "Guinea" or "Timor" where the text says
    "Guinea-Bissau" or "Timor-Leste". Extended only to a whole the gazetteer knows ("Iran-Iraq" stays two)."""
    toks = parse.tokens
    end = last
    while end + 1 < len(toks) and toks[end].text == "-" and toks[end].start == toks[end - 1].end \
            and toks[end + 1].start == toks[end].end and toks[end + 1].text[:1].isupper():
        end += 2
        if gaz.lookup(parse.text[toks[first].start:toks[end - 1].end]):
            last = end
    return last


def _county_whole(parse: Parse, gaz: Gazetteer, first: int, last: int, blocked: list[bool]) -> tuple[int, int, bool]:
    """(first, end, whether it is a county) of a county's name spaCy cut short: "Queen Anne" of "Queen
    Anne's County", "Black Hawk" before "County", "Bernard Parish" of "St. Bernard Parish". Extended only
    over free tokens, and only to a county the gazetteer knows: "Monroe" stays "Monroe" before "county
    officials" unless there is a Monroe County, and "County" alone is never a name."""
    toks = parse.tokens
    end = last
    if end < len(toks) and toks[end].tag == "POS" and toks[end].start == toks[end - 1].end:
        end += 1  # "Queen Anne" + "'s"
    end = end + 1 if end < len(toks) and toks[end].lower in _COUNTY_WORDS else last
    # back over a saint's word, or, for an entity that is only "Parish" or "County", over the capitalised
    # words before it ("Orleans" + "Parish"); the longest known county wins ("Black Hawk", not "Hawk")
    start = first
    while start > 0 and first - start < 3 and not blocked[start - 1] and toks[start - 1].text[:1].isupper() and (
            toks[start - 1].lower in _SAINT_WORDS or toks[first].lower in _COUNTY_WORDS):
        start -= 1
    for e in (end, last):
        if any(blocked[last:e]):
            continue
        for s in range(start, first + 1):
            if e - s > 1 and _is_county(gaz, parse.text[toks[s].start:toks[e - 1].end]):
                return s, e, True
    return first, last, False


def _firm_like(parse: Parse, first: int, last: int, text: str) -> bool:
    """"Harris Co." is a county's short form and a firm's name: the county only where a place goes ("charged
    in Harris Co.") or with its state after it ("Harris Co., Texas"); "Harris Co. shares fell" is the firm."""
    if text.split()[-1] not in ("Co.", "Co"):
        return False
    state_follows = last < len(parse.tokens) and parse.tokens[last].text == ","
    return not (_where_a_place_goes(parse, first) or state_follows)


def _is_county(gaz: Gazetteer, text: str) -> bool:
    return text.split()[-1].casefold() in _COUNTY_WORDS and any(p.feature == "A.ADM2" for p in gaz.lookup(text))


def _whole_entity_is_place(parse: Parse, label: str, first: int, last: int, text: str, cands: list[Place],
                           gaz: Gazetteer, kb: KnowledgeBase, persons: set[str]) -> bool:
    entity = kb.entity_id(text)
    known_other = entity is not None and not entity.startswith("country/")
    wide = any(p.is_country or p.is_continent or p.is_admin or p.is_region for p in cands)
    if label == "PERSON":  # a region named after a town is a person's name as often: "Arad was captured"
        wide = any(p.is_country or p.is_continent for p in cands)
    if label in _PLACE_LABELS:
        is_place = True
    elif label == "ORG":
        # "Google" or "ATF" are not the hamlets that share the name, unless the text puts them where a
        # place goes; a capitalised dateline is a place ("OTTAWA, Ontario").
        is_place = not known_other and (_notable(cands, text) or _where_a_place_goes(parse, first)) and not (
            text.isupper() and not any(p.is_country for p in cands) and not _dateline(parse, first, last, cands))
        if is_place and _firm_like(parse, first, last, text):
            is_place = False
    elif label in _MISTAKEN_LABELS:
        if known_other or text.isupper() or norm_name(text) in persons:
            return False
        if label == "PERSON" and not wide:
            # a town where a place goes; a city by its own name anywhere ("Mosul's markets", "shelled
            # Mosul"), unless the name is also part of a person's name in the text (checked above)
            is_place = (_where_a_place_goes(parse, first) and _notable(cands, text, 15_000)) or (
                last - first == 1 and _notable(cands, text)
                and parse.tokens[first].dep not in ("nsubj", "nsubjpass"))  # "Lincoln was elected": a man
        else:
            is_place = wide or _notable(cands, text) or (_where_a_place_goes(parse, first) and _notable(cands, text, 15_000))
    else:
        return False
    if is_place and label != "GPE" and kb.metonym(text) and not any(
            p.feature in ("P.PPLC", "A.PCLI") or p.is_admin for p in cands):
        return False  # "the White House" acts; it is not White House, Tennessee
    if is_place and _abbreviation(text, gaz) and not (_after_place_comma(parse, first) or _after_locative(parse, first)):
        return False  # "Miss. Universe", "Man. Utd": abbreviations count only where a place goes
    return is_place


def _inner_place(parse: Parse, first: int, last: int, gaz: Gazetteer, kb: KnowledgeBase, label: str) -> Span | None:
    """A place named inside a longer name: "Hunan province", "City of Winnipeg", "North London",
    "Nebraska State Patrol", "University of Manitoba", "CBC Winnipeg". Only a country, region, continent
    or big city by its own name counts, so a museum or a shop named after its founder stays what it is."""
    toks = parse.tokens
    words = [t.lower for t in toks[first:last]]
    # "Hunan province", "Quetta city": the name, with the generic word as its suffix
    if len(words) >= 2 and words[-1] in _SUFFIXES - _OWN_NAME_SUFFIXES and \
            _good(parse, first, last - 1, gaz, kb, any_size=True):
        return (first, last - 1, words[-1])
    # "City of Winnipeg", "Province of Alberta"
    if len(words) >= 3 and words[0] in _OF_HEADS and words[1] == "of" and _good(parse, first + 2, last, gaz, kb, any_size=True):
        return (first + 2, last, words[0])
    # "North London", "Western Canada", "Far North Queensland": a place-tagged name, and a big place after
    # the compass word (the "Northern Alliance" is no town called Alliance)
    k = first
    while k < last - 1 and toks[k].lower in _COMPASS:
        k += 1
    if k > first and label in _PLACE_LABELS and _good(parse, k, last, gaz, kb):
        return (k, last, "")
    if _MEDIA & set(words[-2:]) or _BUSINESS & set(words) or words[:3] == ["voice", "of", "america"]:
        return None  # "the Denver Post", "Omaha Steaks Inc.": the place names a title or a firm, not a where
    # "Nebraska State Patrol", "Iowa Department of Transportation", "Ohio Governor Smith": the longest leading name
    run = first
    while run < last and toks[run].lower != "of" and (toks[run].tag in ("NNP", "NNPS") or (
            toks[run].tag == "POS" and run + 1 < last and toks[run + 1].lower in _COUNTY_WORDS)):
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
    if norm_name(text) in _COMPASS:
        return False  # "Western powers", "Central Bank": not Kenya's Western or Ghana's Central region
    if kb.country_of_adjective(text) or text.isupper() and len(text) <= 3 and not kb.entity_id(text):
        return False
    cands = candidates(gaz, kb, text)
    entity = kb.entity_id(text)
    if not cands or (entity is not None and not entity.startswith("country/")):
        return False
    return _notable(cands, text, 15_000 if any_size else _SCAN_MIN_POPULATION)


def _untagged(parse: Parse, gaz: Gazetteer, kb: KnowledgeBase, blocked: list[bool]) -> list[Span]:
    """Proper-noun runs spaCy did not tag, when they name a country, region or big city."""
    spans: list[Span] = []
    n = len(parse.tokens)
    i = 0
    while i < n:
        tok = parse.tokens[i]
        # an upper-case dateline word the tagger took for an adverb or a noun: "BEIRUT —"
        dateline_word = tok.text.isalpha() and _dateline(parse, i, i + 1, None)
        if blocked[i] or (tok.tag not in ("NNP", "NNPS") and not dateline_word):
            i += 1
            continue
        j = i + 1
        while j < n and not blocked[j] and parse.tokens[j].tag in ("NNP", "NNPS") and j - i < 5:
            j += 1
        i, j, _ = _county_whole(parse, gaz, i, j, blocked)
        text = parse.text[parse.tokens[i].start:parse.tokens[j - 1].end]
        cands = candidates(gaz, kb, text)
        if (_abbreviation(text, gaz) and not _after_place_comma(parse, i)) or _firm_like(parse, i, j, text):
            cands = []  # "Miss.", "Man.", "Ind." are mostly not states; "Columbia, Mo." is
        entity = kb.entity_id(text)
        if cands and (entity is None or entity.startswith("country/")) and (
                _notable(cands, text) or _dateline(parse, i, j, cands)):
            spans.append((i, j, ""))
        i = j
    return spans


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


def _named_by_pattern(parse: Parse, kb: KnowledgeBase, spans: list[Span], persons: set[str]) -> list[Span]:
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
        if norm_name(text) in _COMPASS or norm_name(text) in persons or kb.country_of_adjective(text) \
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


def _person_name_parts(parse: Parse) -> set[str]:
    """Words of the text's multi-word person names: "Chad" in "Chad Morgan" makes a later "Chad" a person."""
    parts: set[str] = set()
    for ent in parse.entities:
        if ent.label == "PERSON" and ent.last - ent.first >= 2:
            parts.update(norm_name(t.text) for t in parse.tokens[ent.first:ent.last])
    return parts


def _notable(cands: list[Place], text: str, min_population: int = _SCAN_MIN_POPULATION) -> bool:
    """A name that untagged (or organisation-tagged) text may use for a place: a country, continent,
    region, or a big city by its own name (not an alternate one: Topeka was briefly "Google"), not any
    hamlet that happens to share it."""
    return any(p.is_country or p.is_continent or p.is_admin or p.is_region or (
        p.population >= min_population and norm_name(p.name) == norm_name(text)) for p in cands)


def _dateline(parse: Parse, first: int, last: int, cands: list[Place] | None) -> bool:
    """A capitalised place name opening a paragraph, then a comma or dash: "OTTAWA, Ontario —" (with
    ``cands``, also naming a town of some size, a region or a country)."""
    text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
    if not text.isupper() or last >= len(parse.tokens) or parse.tokens[last].text not in _DATELINE_FOLLOWERS:
        return False
    start = parse.tokens[first].start
    if parse.text[parse.text.rfind("\n", 0, start) + 1:start].strip():
        return False  # not at the start of a line
    return cands is None or any(p.population >= _DATELINE_MIN_POPULATION or p.is_admin or p.is_country for p in cands)


def _abbreviation(text: str, gaz: Gazetteer) -> bool:
    """A doubtful region abbreviation ("Mo.", "Ont."): a truncated word that names only a region."""
    # Initialisms ("B.C.", "N.Y.") are not words; truncations ("Miss.", "Man.", "Ind.") often are.
    return text.endswith(".") and "." not in text[:-1] and len(text) <= 6 and all(p.is_admin for p in gaz.lookup(text))


def _after_place_comma(parse: Parse, i: int) -> bool:
    """Is token ``i`` right after "Town," (the slot of a state abbreviation in a dateline or address)?"""
    return i >= 2 and parse.tokens[i - 1].text == "," and parse.tokens[i - 2].text[:1].isupper()


def _where_a_place_goes(parse: Parse, i: int) -> bool:
    """After a preposition of place or motion ("shelling on Kafr Nabl", "fled to Tal Tamr"), or after
    "the city of" ("left the city of Mosul")."""
    if i >= 2 and parse.tokens[i - 1].lower == "of" and parse.tokens[i - 2].lower in _OF_HEADS:
        return True
    k = i - 1
    while k >= 0 and parse.tokens[k].lower in ("the", "town", "city", "village", "of", "district", "province"):
        k -= 1
    return k >= 0 and parse.tokens[k].lower in _PLACE_PREPOSITIONS


def _after_locative(parse: Parse, i: int) -> bool:
    return i >= 1 and parse.tokens[i - 1].lower in ("in", "at", "near", "from", "of")
