"""Direct quotations: spans between quotation marks, robust to the ways news prints them.

* straight ("), curly (“ ”) and angle (« ») double quotes, and two apostrophes ('') standing for a double
  quote (the style of some wire and archive texts); curly single quotes (‘ ’) only around three or more
  words, since ’ is also the apostrophe;
* a quote that runs over paragraphs repeats its opening mark and leaves the closing one out: the pieces
  are joined into one quote;
* an unbalanced mark never swallows the text: a quote ends at the end of its paragraph at the latest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SPEAKER_LABEL", "QuoteSpan", "find_direct_quotes"]

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", "‘": "’"}
# A transcript's speaker label at the start of a quoted paragraph ("PENCE: Well, …"): one to four
# capitalised words, a colon and a space.
SPEAKER_LABEL = re.compile(r"([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}):\s")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*(?:[“\"«]|''))")


@dataclass(slots=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark (None when the paragraph ended first)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if e > s]


def _is_opening_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:,;/") and not after.isspace()


def _quotes_in_paragraph(text: str, lo: int, hi: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    i = lo
    while i < hi:
        ch = text[i]
        close: str | None = None
        width = 1  # length of the opening mark
        if text.startswith("''", i) and _is_opening_straight(text, i) and text[i + 2:i + 3] not in ("", "'", " "):
            close, width = "''", 2
        elif ch == '"' and _is_opening_straight(text, i):
            close = '"'
        elif ch in _OPEN_CLOSE and ch != "‘":
            close = _OPEN_CLOSE[ch]
        elif ch == "‘" and (i == lo or not text[i - 1].isalnum()):
            close = "’"
        if close is None:
            i += 1
            continue
        j = i + width
        end = None
        while j < hi:
            if text.startswith(close, j) and (close != "’" or j + 1 >= hi or not text[j + 1].isalpha()):
                end = j
                break
            if close in ('"', "''") and text[j] in "“”":
                break
            j += 1
        inner_end = end if end is not None else hi
        content = text[i + width:inner_end]
        if close == "’" and (end is None or len(content.split()) < 3):
            i += 1
            continue
        if content.strip():
            spans.append(QuoteSpan(start=i + width, end=inner_end, open_mark=i, close_mark=end))
        i = (end + len(close)) if end is not None else hi
    return spans


def find_direct_quotes(text: str) -> list[QuoteSpan]:
    """All direct quotes in ``text``, paragraph-spanning ones joined."""
    spans: list[QuoteSpan] = []
    for lo, hi in _paragraphs(text):
        for q in _quotes_in_paragraph(text, lo, hi):
            q.end = len(text[q.start:q.end].rstrip()) + q.start
            prev = spans[-1] if spans else None
            # Continuation: the previous quote ran to its paragraph's end unclosed, and this paragraph
            # opens with a quotation mark.
            # A paragraph that opens with a transcript label is a new speaker's turn, not a continuation.
            if prev is not None and prev.close_mark is None and not SPEAKER_LABEL.match(text, q.start) \
                    and q.open_mark == lo + (len(text[lo:hi]) - len(text[lo:hi].lstrip())):
                prev.end, prev.close_mark = q.end, q.close_mark
                continue
            spans.append(q)
    return spans
