"""Whimbrel's own, plain view of one spaCy analysis: tokens, sentences, entities, with offsets into
``article.text``. Stages after ``nlp`` read this and never see a spaCy object."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Entity", "Parse", "Sentence", "Token"]


@dataclass(slots=True)
class Token:
    i: int
    text: str
    start: int  # character offsets into the article text, end exclusive
    end: int
    lemma: str
    pos: str  # universal POS (NOUN, VERB, PROPN, ...)
    tag: str  # Penn tag (VBD, NNS, MD, ...)
    dep: str  # dependency label (nsubj, dobj, ...); "ROOT" for a sentence root
    head: int  # index of the head token (itself for a root)
    left: int  # first token of this token's subtree
    right: int  # last token of this token's subtree (inclusive)
    sent: int  # sentence index
    ent: str = ""  # entity label when inside a named entity
    children: tuple[int, ...] = ()  # token indices, in reading order
    # ``text.lower()``, computed once: the stages ask for it about ten times per token
    lower: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()


@dataclass(slots=True)
class Sentence:
    i: int
    start: int
    end: int
    first: int  # first token index
    last: int  # one past the last token index


@dataclass(slots=True)
class Entity:
    label: str  # spaCy's label: PERSON, ORG, GPE, NORP, LOC, FAC, DATE, CARDINAL, ...
    start: int
    end: int
    first: int
    last: int  # one past the last token
    text: str


@dataclass
class Parse:
    text: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self._starts = [t.start for t in self.tokens]

    # -- navigation --------------------------------------------------------------------------------
    def token_at(self, offset: int) -> Token | None:
        """The token covering character ``offset`` (or the last one starting before it)."""
        k = bisect_right(self._starts, offset) - 1
        return self.tokens[k] if 0 <= k < len(self.tokens) else None

    def tokens_between(self, start: int, end: int) -> list[Token]:
        lo = bisect_right(self._starts, start - 1)
        if lo > 0 and self.tokens[lo - 1].end > start:
            lo -= 1
        hi = lo
        while hi < len(self.tokens) and self.tokens[hi].start < end:
            hi += 1
        return self.tokens[lo:hi]  # (slicing to the end first made long documents quadratic)

    def sentence_of(self, token: Token) -> Sentence:
        return self.sentences[token.sent]

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first:sentence.last]

    def children(self, token: Token, *deps: str) -> Iterator[Token]:
        for c in token.children:
            child = self.tokens[c]
            if not deps or child.dep in deps:
                yield child

    def head(self, token: Token) -> Token:
        return self.tokens[token.head]

    def ancestors(self, token: Token) -> Iterator[Token]:
        seen = 0
        while token.head != token.i and seen < 200:
            token = self.tokens[token.head]
            seen += 1
            yield token

    def subtree_span(self, token: Token) -> tuple[int, int]:
        """Character span of the token's whole subtree."""
        return self.tokens[token.left].start, self.tokens[token.right].end

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]
