"""Attributions carried by a noun: "Trump's claim that …", "the agreement to cut emissions".

A noun of saying or believing takes a that-clause, a noun of deciding or committing a to-infinitive; the
clause is what was claimed, feared, agreed or proposed. Relative clauses ("the claim that he made") are
not content, so a that-clause counts only when "that" is its marker and not one of its arguments. The
speaker is the noun's possessor ("Trump's claim"), its agent ("a decision by the FBI") or, when the noun is
the object of a verb, that verb's subject ("the bank sent a message that …").
"""

from __future__ import annotations

from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import subject_of

__all__ = ["noun_content"]

# Nouns whose that-clause is attributed content.
THAT_NOUNS = frozenset([
    "claim", "charge", "allegation", "assertion", "argument", "statement", "message", "report", "warning",
    "suggestion", "insistence", "belief", "view", "concern", "fear", "hope", "conclusion", "acknowledgment",
    "acknowledgement", "admission", "accusation", "promise", "pledge", "assurance", "prediction", "notion",
    "contention", "complaint", "denial", "announcement", "finding", "emphasis",
])
# Nouns whose to-infinitive is attributed content.
TO_NOUNS = frozenset([
    "agreement", "proposal", "request", "decision", "determination", "pledge", "promise", "vow", "threat",
    "offer", "demand", "call", "plea", "appeal", "refusal", "commitment", "order", "announcement",
    "resolution", "eagerness", "failure",
])
_AGENT_PREPS = ("by", "from")


def _clause(parse: Parse, noun: Token) -> Token | None:
    lemma = noun.lemma.lower()
    for c in parse.children(noun, "acl", "ccomp", "relcl"):
        if c.i < noun.i:
            continue
        that = next((m for m in parse.children(c, "mark") if m.lower == "that"), None)
        if that is not None and lemma in THAT_NOUNS:
            return c
        if c.dep != "relcl" and lemma in TO_NOUNS and any(a.lower == "to" for a in parse.children(c, "aux")):
            return c
    return None


def _speaker(parse: Parse, noun: Token) -> Token | None:
    poss = next(parse.children(noun, "poss"), None)
    if poss is not None:
        return poss
    for prep in parse.children(noun, "prep"):
        if prep.lower in _AGENT_PREPS:
            pobj = next(parse.children(prep, "pobj"), None)
            if pobj is not None:
                return pobj
    if noun.dep in ("dobj", "nsubjpass", "attr") and noun.head != noun.i:
        return subject_of(parse, parse.tokens[noun.head])
    return None


def noun_content(parse: Parse, noun: Token) -> tuple[tuple[int, int], Token | None] | None:
    """The content span of an attribution noun and the token naming its speaker (None when unknown)."""
    if noun.pos != "NOUN" or noun.dep == "ROOT":
        # A noun heading its sentence is a parse that found no verb ("The claim that the auditor filed was
        # rejected", the main verb taken into the clause): its "that" is more likely a relative pronoun.
        return None
    clause = _clause(parse, noun)
    if clause is None:
        return None
    return parse.subtree_span(clause), _speaker(parse, noun)
