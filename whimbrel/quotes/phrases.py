"""Where attributed content ends: the rest of a cue's verb phrase.

PolNeAR-style content is the whole complement of the cue, not the head noun's subtree: in "cited his
endorsements from 88 generals on Tuesday" the parser hangs "from 88 generals" on the verb, yet it is part
of what was cited; in "urged voters at the rally to reject it" the infinitive needs its object to say
anything. The phrase runs over the verb's dependents to the right of the content's first word and stops
where the clause does: at a coordinated verb ("denied the charges and left") or an aside.
"""

from __future__ import annotations

from whimbrel.nlp import Parse, Token

__all__ = ["phrase_after"]

# Dependents of the cue that end the reported phrase: a second act of the speaker ("denied the charges
# and left") or an aside.
_STOP_DEPS = frozenset(["parataxis", "mark", "nsubj", "nsubjpass", "aux", "auxpass", "neg"])
_SKIP_DEPS = frozenset(["punct", "cc"])


def phrase_after(parse: Parse, verb: Token, first: Token) -> tuple[int, int]:
    """Character span from ``first``'s subtree to the last dependent of ``verb`` that continues it."""
    start, end = parse.subtree_span(first)
    for child in sorted(parse.children(verb), key=lambda t: t.i):
        if child.i <= first.i or child.dep in _SKIP_DEPS:
            continue
        if child.dep in _STOP_DEPS or child.dep == "conj" and child.pos in ("VERB", "AUX"):
            break
        end = max(end, parse.subtree_span(child)[1])
    return start, end
