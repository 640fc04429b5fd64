"""Names the parser cut short, or listed with one plural county word: "Guinea" of "Guinea-Bissau", "Queen
Anne" of "Queen Anne's County", "Monroe and Owen counties"; and "Harris Co.", a county or a firm."""

from __future__ import annotations

from whimbrel.nlp import Parse
from whimbrel.places.cues import LIST_WORDS, Span, where_a_place_goes
from whimbrel.places.gazetteer import Gazetteer

__all__ = ["COUNTY_WORDS", "county_whole", "cut_short_start", "cut_short_whole", "firm_like", "hyphenated_whole", "list_members",
           "listed_counties"]

# The last word of a US county's name ("Monroe County", "Orleans Parish", "Denali Borough"), and the saint's
# word spaCy leaves out of an entity ("St." of "St. Bernard Parish").
COUNTY_WORDS = {"county", "parish", "borough"}
_SAINT_WORDS = {"st.", "st", "saint", "ste.", "ste", "sainte"}

# "Monroe and Owen counties": the plural county word after a list of names, each a county of its own
_PLURAL_COUNTY_WORDS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
_MAX_LISTED = 8


def listed_counties(parse: Parse, gaz: Gazetteer) -> list[Span]:
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
                    and toks[start - 1].lower not in LIST_WORDS:
                start -= 1
            # the longest known county of the run: "In Monroe" opens a sentence, "Monroe" is the county
            start = next((s for s in range(start, end) if any(
                p.feature == "A.ADM2" for p in gaz.lookup(f"{text[toks[s].start:toks[end - 1].end]} {word}"))), end)
            if start == end:
                break
            out.append((start, end, word.lower()))
            end = start
            while end > 0 and toks[end - 1].lower in LIST_WORDS:
                end -= 1
            if end == start:
                break
    return out


def hyphenated_whole(parse: Parse, gaz: Gazetteer, first: int, last: int) -> int:
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


# the words a name may run on with after the parser cut it: "Democratic Republic" + "of the Congo"
_RUN_ON = {"of", "the", "de", "del", "da", "do"}
_MAX_RUN_ON = 3
_DETERMINERS = {"the", "a", "an"}  # "The Reston virus": the gazetteer reads "The Reston" as Reston


def cut_short_whole(parse: Parse, gaz: Gazetteer, first: int, last: int) -> int:
    """The end of a name the parser cut short before its last words: "Democratic Republic" of "Democratic
    Republic of the Congo", "Fort St." of "Fort St. John", "the Democratic Republic of the" before "Congo".
    Only to the longest whole the gazetteer knows, over at most three words of the same line that are
    capitalised or joining particles. A name the gazetteer knows as it stands runs on only over a particle
    ("Rio Grande" of "Rio Grande do Sul"): a capitalised word after a known name is more often another
    name ("Paris Saint-Germain", "Sydney FC") than the rest of a longer one."""
    toks = parse.tokens
    if last >= len(toks) or not (toks[last].text[:1].isupper() or toks[last].lower in _RUN_ON):
        return last  # the common case, decided on the next word before any lookup
    if gaz.lookup(parse.text[toks[first].start:toks[last - 1].end]) and toks[last].lower not in _RUN_ON:
        return last
    found = last
    for end in range(last + 1, min(len(toks), last + _MAX_RUN_ON) + 1):
        word = toks[end - 1]
        if not (word.text[:1].isupper() or word.lower in _RUN_ON) or "\n" in parse.text[toks[end - 2].end:word.start]:
            break
        if word.text[:1].isupper() and gaz.lookup(parse.text[toks[first].start:word.end]):
            found = end
    return found


def cut_short_start(parse: Parse, gaz: Gazetteer, first: int, last: int, covered: int) -> int:
    """The start of a name the parser cut short before its first words: "Beida" of "Goz Beida", "Fashir" of
    "El Fashir". Only over at most two capitalised words of the same line that no earlier name took, and
    only to a whole the gazetteer knows: "President Beida" stays "Beida"."""
    toks = parse.tokens
    for start in range(first - 1, max(covered, first - 2) - 1, -1):
        word = toks[start]
        if word.tag not in ("NNP", "NNPS") or not word.text[:1].isupper() or word.lower in _DETERMINERS \
                or "\n" in parse.text[word.end:toks[start + 1].start]:
            break
        if gaz.lookup(parse.text[word.start:toks[last - 1].end]):
            return start
    return first


# the words and marks between the members of a list the parser took for one name
_MEMBER_SEPARATORS = {",", "and", "or", "&", "-", "–", "—"}


def list_members(parse: Parse, first: int, last: int) -> list[tuple[int, int]]:
    """The members of a list the parser tagged as one name: "Hornsey, Stoke Newington" (an organisation),
    "Ingham or Townsville", "Mr Trump - Wisconsin" (a person). Each member is then judged as a name of its
    own. Only a run whose members all start with a capital, and only where a separator stands apart ("Guinea-
    Bissau" is one name): an empty list means the entity is no such list. The caller asks only for a name
    the gazetteer does not know whole ("Bosnia and Herzegovina" stays one)."""
    toks = parse.tokens
    out: list[tuple[int, int]] = []
    start = first
    for k in range(first, last):
        word = toks[k]
        if word.lower in _MEMBER_SEPARATORS and (word.text.isalpha() or (
                k > first and word.start > toks[k - 1].end) or word.text == ","):
            if k > start:
                out.append((start, k))
            start = k + 1
    if start < last:
        out.append((start, last))
    if len(out) < 2 or not all(toks[a].text[:1].isupper() for a, _ in out):
        return []
    return out


def county_whole(parse: Parse, gaz: Gazetteer, first: int, last: int, blocked: list[bool]) -> tuple[int, int, bool]:
    """(first, end, whether it is a county) of a county's name spaCy cut short: "Queen Anne" of "Queen
    Anne's County", "Black Hawk" before "County", "Bernard Parish" of "St. Bernard Parish". Extended only
    over free tokens, and only to a county the gazetteer knows: "Monroe" stays "Monroe" before "county
    officials" unless there is a Monroe County, and "County" alone is never a name."""
    toks = parse.tokens
    end = last
    if end < len(toks) and toks[end].tag == "POS" and toks[end].start == toks[end - 1].end:
        end += 1  # "Queen Anne" + "'s"
    end = end + 1 if end < len(toks) and toks[end].lower in COUNTY_WORDS else last
    # back over a saint's word, or, for an entity that is only "Parish" or "County", over the capitalised
    # words before it ("Orleans" + "Parish"); the longest known county wins ("Black Hawk", not "Hawk")
    start = first
    while start > 0 and first - start < 3 and not blocked[start - 1] and toks[start - 1].text[:1].isupper() and (
            toks[start - 1].lower in _SAINT_WORDS or toks[first].lower in COUNTY_WORDS):
        start -= 1
    for e in (end, last):
        if any(blocked[last:e]):
            continue
        for s in range(start, first + 1):
            if e - s > 1 and _is_county(gaz, parse.text[toks[s].start:toks[e - 1].end]):
                return s, e, True
    return first, last, False


def firm_like(parse: Parse, first: int, last: int, text: str) -> bool:
    """"Harris Co." is a county's short form and a firm's name: the county only where a place goes ("charged
    in Harris Co.") or with its state after it ("Harris Co., Texas"); "Harris Co. shares fell" is the firm."""
    if text.split()[-1] not in ("Co.", "Co"):
        return False
    state_follows = last < len(parse.tokens) and parse.tokens[last].text == ","
    return not (where_a_place_goes(parse, first) or state_follows)


def _is_county(gaz: Gazetteer, text: str) -> bool:
    return text.split()[-1].casefold() in COUNTY_WORDS and any(p.feature == "A.ADM2" for p in gaz.lookup(text))
