"""Speakers named by typography rather than by a verb.

* an interview transcript names whoever speaks in capitals before a colon, inside the quoted paragraph
  ('"PENCE: Well, look, …'): the label is the speaker and the quote starts after it;
* a testimonial or epigraph signs the quote with a dash after the closing mark ('"…" ― Carla Sanchez'):
  the name after the dash is the speaker.
"""

from __future__ import annotations

from whimbrel.nlp import Parse, Token
from whimbrel.quotes.direct import SPEAKER_LABEL, QuoteSpan

__all__ = ["signature_after", "transcript_label"]

_DASHES = "―—–"


def _last_name_token(parse: Parse, start: int, end: int) -> Token | None:
    toks = [t for t in parse.tokens_between(start, end) if t.pos != "PUNCT"]
    return toks[-1] if toks else None


def transcript_label(parse: Parse, q: QuoteSpan) -> tuple[Token, int] | None:
    """The speaker token of a 'NAME: …' transcript paragraph and where the words after the label start."""
    m = SPEAKER_LABEL.match(parse.text, q.start)
    if m is None or m.end() >= q.end:
        return None
    tok = _last_name_token(parse, m.start(1), m.end(1))
    return (tok, m.end()) if tok is not None else None


def signature_after(parse: Parse, q: QuoteSpan) -> Token | None:
    """The name that signs a quote with a dash right after its closing mark ('"…" ― Jane Doe')."""
    if q.close_mark is None:
        return None
    i = q.close_mark + 1
    text = parse.text
    while i < len(text) and text[i] in " \u00a0\"”'":
        i += 1
    if i >= len(text) or text[i] not in _DASHES:
        return None
    i += 1
    while i < len(text) and text[i] in " \u00a0":
        i += 1
    first = parse.token_at(i)
    if first is None or first.pos != "PROPN":
        return None
    # The name runs over the proper nouns after the dash; its last word heads it.
    last = first
    for tok in parse.tokens[first.i + 1:first.i + 6]:
        if tok.pos != "PROPN" or "\n" in text[last.end:tok.start]:
            break
        last = tok
    return last
