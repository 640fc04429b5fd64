"""Paragraph-level cleaning of extracted article text: the lines a reader skips, recognised by their words.

The DOM rules (:mod:`whimbrel.extract.html_dom`) catch blocks by their markup; some chrome has no telling
markup and is recognised here by its text: a headline, kicker or date line before the story, labels such as
"Related" or "Advertisement", "Read more: <headline>" lines, calls to subscribe or follow, credit and
copyright lines after it, and a pull quote repeating a sentence of the story.

Every function takes and returns a list of paragraphs (one string each).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from whimbrel.extract.html_dom import SECTION_LABELS

__all__ = ["clean_paragraphs", "drop_leading_chrome", "drop_repeats", "drop_trailing_credits", "is_label_line",
           "is_metadata_line", "norm_words"]

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday "
           "sunday mon tue wed thu fri sat sun")
# Words of a date, time or counter line ("Last updated 17:45 CEST", "13.03.2025, 11:02 Views: 14 820").
_METADATA_WORDS = frozenset((_MONTHS + " updated last published posted issued on at am pm gmt utc bst cet cest est "
                             "edt pst pdt ist jst wib eat wat cat ast msk views view page of min mins minute minutes first modified edited "
                             "read reading time ago h hour hours today yesterday by").split())
_NUMBERISH = re.compile(r"^\d+(?:[hm]|st|nd|rd|th)?$")
# "Read more: <headline>", "Watch: <video title>": a label and a short headline.
_LABELLED_HEADLINE = re.compile(
    r"^\s*(?:related|read more|read also|also read|see also|read next|more|must read|don'?t miss|recommended|"
    r"further reading|watch|listen|also see|also on [\w ]{1,20}|video)\s*(?::|\||–|—|-|»)", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"\b(?:subscribe|sign up|signup|follow us|follow [\w ]{1,30} on|join (?:us|our)|download (?:the|our)|"
    r"get (?:the|our)(?: [\w']+){0,4} (?:newsletter|briefing|app|alerts|digest)|click here|"
    r"support (?:our|independent) journalism|send us your|like us on|catch (?:all )?the latest)\b", re.IGNORECASE)
_CHANNEL = re.compile(r"\b(?:newsletters?|inbox|telegram|whatsapp|channel|app|alerts|podcast|feed|facebook|twitter|"
                      r"instagram|youtube|journalism|feedback|e-?mail|updates|news)\b", re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?:(?i:\(?\s*(?:additional )?(?:reporting|writing|editing|compiled|translated|produced|research|"
    r"fact-checking)(?: and [a-z]+)? by\b.*)|(?:.*\b(?:writers?|reporters?|correspondents?|journalists?|staff)\b|[A-Z][a-z]+ [A-Z][a-z]+\b)"
    r".{0,120}\bcontributed(?: reporting)?(?: to (?:this|the) (?:report|story|article))?\.?\)?|"
    r"[-–—_*#\s]+|[-–—\s]*\(?[A-Z][A-Za-z]{1,9}\)?\s*|(?i:.*\b(?:copyright|all rights reserved)\b.*)|©.*|"
    r"(?i:(?:this|a version of this) (?:article|story) (?:appears|appeared|was|is) .*|(?:source|sources)\s*:.*|"
    r"the views expressed .*|follow [\w ]+ on (?:twitter|x)\b.*)|"
    r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3} (?:is|was) (?:a|an|the|our) .{0,80}\b(?:correspondent|reporter|writer|"
    r"editor|journalist|fellow|researcher|chief|columnist|contributor|analyst)\b.*)$",
    re.DOTALL)
_TWEET_SIGNATURE = re.compile(r"^[-–—]\s*.{1,80}\(@\w{1,30}\)")


def norm_words(text: str) -> list[str]:
    """Lowercased letter/digit runs: how lines are compared with one another."""
    return re.findall(r"[^\W_]+", text.lower())


def is_metadata_line(line: str) -> bool:
    """A short line made only of date, time and counter words: a timestamp, not a sentence."""
    words = norm_words(line)
    return 0 < len(words) <= 12 and all(w in _METADATA_WORDS or _NUMBERISH.match(w) for w in words)


def is_label_line(line: str) -> bool:
    """A section label ("Related", "Share this:", "Advertisement") or "Read more: <headline>" line."""
    label = " ".join(norm_words(line.replace("'", " ")))
    if label and SECTION_LABELS.fullmatch(label):
        return True
    return bool(_LABELLED_HEADLINE.match(line)) and len(line.split()) <= 30


def _is_call_to_action(line: str) -> bool:
    return len(line.split()) <= 40 and bool(_CALL_TO_ACTION.search(line)) and bool(_CHANNEL.search(line))


def drop_leading_chrome(paragraphs: list[str], titles: Iterable[str]) -> list[str]:
    """Drop the headline when it opens the text, with the short lines (kicker, section) before it, and the
    date, byline-free metadata lines that follow it."""
    wanted = {tuple(norm_words(t)) for t in titles if norm_words(t)}
    for i, para in enumerate(paragraphs[:4]):
        if tuple(norm_words(para)) in wanted and all(len(p.split()) <= 15 for p in paragraphs[:i]):
            paragraphs = paragraphs[i + 1:]
            break
    return paragraphs


def drop_trailing_credits(paragraphs: list[str]) -> list[str]:
    """Drop credit, sign-off, copyright and author-tagline lines at the end of the story."""
    end = len(paragraphs)
    while end and (len(paragraphs[end - 1].split()) <= 60 and _CREDIT.match(paragraphs[end - 1].strip())):
        end -= 1
    return paragraphs[:end]


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph that repeats an earlier one, or a sentence-sized one (a pull quote, 7-40 words) whose
    words all appear, in order, inside a longer paragraph of the story."""
    joined = [" " + " ".join(norm_words(p)) + " " for p in paragraphs]
    kept: list[str] = []
    seen: set[str] = set()
    for i, para in enumerate(paragraphs):
        key = joined[i]
        if key in seen:
            continue
        # a pull quote is a sentence (a crosshead echoing the text, "A campaign from the air", is not)
        quote_sized = 7 <= len(key.split()) <= 40
        if quote_sized and any(j != i and len(joined[j]) > len(key) and key in joined[j]
                                         for j in range(len(paragraphs))):
            continue
        seen.add(key)
        kept.append(para)
    return kept


def clean_paragraphs(paragraphs: list[str], titles: Iterable[str] = ()) -> list[str]:
    """The whole text cascade, in order."""
    paras = [" ".join(p.split()) for p in paragraphs]
    paras = [p for p in paras if p]
    # 1. the headline (and what precedes it) when it opens the text
    paras = drop_leading_chrome(paras, titles)
    # 2. lines that are labels, timestamps, calls to action or tweet signatures, wherever they are
    paras = [p for p in paras if not (is_label_line(p) or is_metadata_line(p) or _is_call_to_action(p)
                                      or _TWEET_SIGNATURE.match(p))]
    # 3. credits, sign-offs, copyright and author taglines after the story
    paras = drop_trailing_credits(paras)
    # 4. repeated paragraphs and pull quotes
    return drop_repeats(paras)
