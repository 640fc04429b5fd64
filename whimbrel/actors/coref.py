"""Pronoun coreference, deliberately simple and predictable.

"he"/"she" take the nearest earlier person, "they" the nearest group, country or organisation, "it"
the nearest country or organisation. Within the nearest sentence that has a candidate, a subject wins
over other positions (news repeats its subjects: "Cavusoglu said… 'We are ready,' he said"). A pronoun
never takes a co-argument of its own verb ("he told him"), and looks back at most three sentences; past
that it stays unresolved rather than guessed.
"""

from __future__ import annotations

from whimbrel.actors.mentions import Mention
from whimbrel.nlp import Parse

__all__ = ["resolve_pronouns"]

_LOOKBACK_SENTENCES = 3
_COMPATIBLE = {
    "person": {"person"},
    "group": {"group", "country", "organization"},
    "thing": {"country", "organization", "group"},
}
_SUBJECT = {"nsubj", "nsubjpass"}


def _compatible(pronoun: str, candidate: Mention, parse: Parse) -> bool:
    r = candidate.resolution
    if r is None or r.kind not in _COMPATIBLE[pronoun]:
        return False
    head = parse.tokens[candidate.head]
    plural = head.tag in ("NNS", "NNPS") or any(True for _ in parse.children(head, "conj"))
    if pronoun == "thing" and (r.kind == "group" and plural):
        return False
    if pronoun == "group" and r.kind == "group":
        return plural or head.tag == "NN" and head.lower in ("government", "police", "army", "military")
    return True


def resolve_pronouns(parse: Parse, mentions: list[Mention]) -> None:
    """Fill ``resolution`` of pronoun mentions in place (left unresolved when nothing fits)."""
    for idx, m in enumerate(mentions):
        if m.source != "pronoun" or m.pronoun is None:
            continue
        tok = parse.tokens[m.head]
        own_verb = tok.head
        best: Mention | None = None
        best_sent = -1
        for cand in reversed(mentions[:idx]):
            ctok = parse.tokens[cand.head]
            if tok.sent - ctok.sent > _LOOKBACK_SENTENCES:
                break
            if best is not None and ctok.sent < best_sent:
                break
            if cand.resolution is None or cand.source == "modifier" or not _compatible(m.pronoun, cand, parse):
                continue
            if ctok.sent == tok.sent and ctok.head == own_verb and ctok.dep in _SUBJECT and tok.dep != "poss" \
                    and m.pronoun == "person" and tok.dep not in _SUBJECT:
                continue  # "Putin told him": him ≠ Putin
            if best is None:
                best, best_sent = cand, ctok.sent
            elif ctok.dep in _SUBJECT and parse.tokens[best.head].dep not in _SUBJECT:
                best = cand
        if best is not None:
            m.resolution = best.resolution
