"""Pronoun coreference, deliberately simple and predictable.

"he"/"she" take the nearest earlier person, "they" the nearest group, country or organisation, "it"
the nearest country or organisation. Within the nearest sentence that has a candidate, the subject of the
main clause wins, then any other subject, then other positions (news repeats its subjects: "Cavusoglu
said… 'We are ready,' he said"). A pronoun never takes a co-argument of its own verb ("he told him"), and
looks back at most three sentences; past that it stays unresolved rather than guessed.

Names are linked before pronouns: a later "Aliyev" is the "Ilham Aliyev" named earlier in the same text
(:func:`link_names`), whoever else the knowledge base knows by that surname.
"""

from __future__ import annotations

from whimbrel.actors.mentions import Mention
from whimbrel.kb import KnowledgeBase, norm_name
from whimbrel.nlp import Parse, Token

__all__ = ["link_acronyms", "link_names", "resolve_pronouns"]

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
        # Named groups are plural in news ("the Houthis said they", "the Taliban… They said").
        return plural or candidate.source == "name" or head.tag == "NN" and head.lower in ("government", "police", "army", "military")
    return True


def _salience(parse: Parse, tok: Token) -> int:
    """2 for the subject of a sentence's main verb, 1 for another subject, 0 otherwise."""
    if tok.dep not in _SUBJECT:
        return 0
    return 2 if parse.tokens[tok.head].dep == "ROOT" else 1


def link_names(kb: KnowledgeBase, parse: Parse, mentions: list[Mention]) -> None:
    """Give a later short name the resolution of the earlier full name it ends ("Ilham Aliyev… Aliyev
    said"), in place; a surname spaCy did not tag as a name becomes a mention of its own."""
    full: dict[str, Mention] = {}  # normalised last word(s) of each multi-word person name → its mention
    covered = {t.i for m in mentions if m.source != "pronoun" for t in parse.tokens_between(m.start, m.end)}
    added: list[Mention] = []
    for m in mentions:
        r = m.resolution
        if m.source != "name" or r is None or r.kind != "person":
            continue
        words = norm_name(m.text).split()
        key = " ".join(words)
        earlier = full.get(key)
        if earlier is not None and earlier.start < m.start and len(earlier.text.split()) > len(words):
            m.resolution = earlier.resolution
            continue
        for k in range(1, len(words)):
            full.setdefault(" ".join(words[k:]), m)
    if not full:
        return
    for tok in parse.tokens:
        earlier = full.get(norm_name(tok.text))
        if earlier is None or tok.i in covered or tok.tag != "NNP" or tok.start <= earlier.start:
            continue
        if kb.entity_id(tok.text) not in (None, *kb.people):
            continue  # a surname that is also a country or organisation name is left to the name finder
        added.append(Mention(tok.start, tok.end, tok.text, tok.i, earlier.resolution, "name"))
    if added:
        mentions.extend(added)
        mentions.sort(key=lambda m: (m.start, -m.end))


def link_acronyms(parse: Parse, mentions: list[Mention]) -> None:
    """An acronym in apposition is the name it abbreviates, in place: "the rebel Revolutionary United Front
    (RUF)". Whichever of the two says more (a knowledge-base id, else a known sector) gives both its
    resolution."""
    by_head = {m.head: m for m in mentions if m.source == "name"}
    for short in mentions:
        tok = parse.tokens[short.head]
        if short.source != "name" or tok.dep != "appos" or not (short.text.isupper() and 2 <= len(short.text) <= 8):
            continue
        full = by_head.get(tok.head)
        if full is None or full is short:
            continue
        pair = [m for m in (full, short) if m.resolution is not None]
        best = max(pair, key=lambda m: (m.resolution.id is not None, m.resolution.sector != "UNK"),  # type: ignore[union-attr]
                   default=None)
        if best is not None:
            full.resolution = short.resolution = best.resolution


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
            elif _salience(parse, ctok) > _salience(parse, parse.tokens[best.head]):
                best = cand
        if best is not None:
            m.resolution = best.resolution
