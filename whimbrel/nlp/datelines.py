"""Datelines ("KABUL, Aug 3 (Reuters) -", "UNITED NATIONS (AP) —", "PRISTINA -") stand apart from the story.

A wire story opens with the place it was filed from, then a dash. Parsed as part of the first sentence,
the dateline glues itself to the subject ("PRISTINA - Thirty NATO peacekeepers" becomes one actor,
"KINSHASA" the source of Congo's order). A small spaCy component, run before the parser, starts a new
sentence right after the dateline, so the place stays a place and the story's first sentence parses alone.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["COMPONENT", "dateline_end"]

COMPONENT = "whimbrel_dateline"

_CAPS_WORD = r"[A-Z][A-Z'’.\-]+"
_DATELINE = re.compile(
    rf"""\A\s*
    (?=[A-Z]{{3}}){_CAPS_WORD}(?:[ /]{_CAPS_WORD}){{0,3}}          # the city: KABUL, UNITED NATIONS, GAZA CITY
    (?:,\s*[A-Z][\w.’']*(?:\s+[A-Z0-9][\w.’']*){{0,3}}){{0,2}}    # , Gaza Strip  /  , Aug 3  /  , Nigeria
    (?:\s*\(\s*[A-Za-z][A-Za-z .&/-]{{1,30}}\))?                  # (Reuters)
    \s*(?:--|[-\u2013\u2014])\s+
    (?=[A-Z0-9"“‘'])                                              # and the story's first word""",
    re.VERBOSE,
)


def dateline_end(text: str) -> int | None:
    """The offset just past a leading dateline and its dash, or None when the text opens without one."""
    m = _DATELINE.match(text[:160])
    return m.end() if m else None


@Language.component(COMPONENT)
def split_dateline(doc: Doc) -> Doc:
    # Only the first 160 characters count, and 161 tokens (each at least one character) hold them:
    # ``doc.text`` would build a Token object for every word of the article.
    end = dateline_end(doc[:161].text)
    if end is None:
        return doc
    for tok in doc:
        if tok.idx >= end:
            if tok.i > 0:
                tok.is_sent_start = True
            break
    return doc


def add_dateline_splitter(nlp: Any) -> Any:
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    return nlp
