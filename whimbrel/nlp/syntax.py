"""Small syntactic helpers over :class:`Parse` shared by the quote and event stages."""

from __future__ import annotations

from whimbrel.nlp.parse import Parse, Token

__all__ = ["RELATIVE_PRONOUNS", "is_passive", "is_stative_passive", "subject_of"]

RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom", "whose"})


# Participles that, after "be" and without a "by" agent, describe the subject's stance rather than something
# done to it: "Israel is opposed to French mediation" (Israel opposes it).
_STATIVE_PARTICIPLES = {"oppose", "commit", "determine", "resolve"}


def is_stative_passive(parse: Parse, verb: Token) -> bool:
    return verb.lemma in _STATIVE_PARTICIPLES and verb.tag == "VBN" and not any(parse.children(verb, "agent"))


def is_passive(parse: Parse, verb: Token) -> bool:
    return any(True for _ in parse.children(verb, "auxpass", "nsubjpass")) and not is_stative_passive(parse, verb)


def subject_of(parse: Parse, verb: Token, *, agentive: bool = True) -> Token | None:
    """The subject of ``verb``, inherited through control ("failed to win"), coordination ("said and
    added"), participles ("…, telling them") and relative clauses ("airstrikes which killed").

    With ``agentive`` a passive verb's subject is its "by" agent (the doer), or None when it has none.
    """
    node = verb
    for _ in range(6):
        if agentive and is_passive(parse, node):
            for agent in parse.children(node, "agent"):
                for pobj in parse.children(agent, "pobj"):
                    return pobj
            return None
        for child in parse.children(node, "nsubj", "nsubjpass", "csubj"):
            if child.lower in RELATIVE_PRONOUNS and node.dep == "relcl":
                return parse.tokens[node.head]
            return child
        # '"…," said Lavrov': a proper name right after a speech verb, parsed as its object.
        nxt = parse.tokens[node.i + 1] if node.i + 1 < len(parse.tokens) else None
        if nxt is not None and nxt.pos == "PROPN" and nxt.sent == node.sent and node.lemma in ("say", "add", "tell"):
            head = parse.tokens[nxt.head]
            return head if head.pos == "PROPN" and head.i != node.i else nxt
        if node.head == node.i:
            return None
        parent = parse.tokens[node.head]
        if node.dep in ("relcl", "acl"):
            return parent
        if node.dep in ("xcomp", "conj", "advcl", "pcomp", "acomp"):
            node = parent
            if node.pos not in ("VERB", "AUX") and node.dep in ("acomp", "prep", "pcomp") and node.head != node.i:
                node = parse.tokens[node.head]  # "ready to cooperate": the adjective's verb
            continue
        return None
    return None
