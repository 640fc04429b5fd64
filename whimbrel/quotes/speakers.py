"""Who the speaker is: from the subject token of a cue to the actor mention that names the speaker.

The parser's subject is often not the best name for the speaker:

* a title phrase in front of a name ("Pakistan's military spokesman Major General Asif Ghafoor", "State
  news agency IRNA") makes the title the subject and the name an apposition or a second subject: the proper
  noun names the speaker, the title only describes them;
* a document stands for its author ("according to a statement from the ministry"): the speaker is the
  author, not the statement;
* a role phrase ("the governor of the Rostov region") means nothing cut to its head noun ("governor"), so
  the of-phrase stays in the speaker text;
* a relative pronoun ("McConnell, who said …") is where the speaker is mentioned, as a personal pronoun
  is: the speaker keeps the pronoun's place in the text and takes who it stands for from the noun the
  clause hangs on.
"""

from __future__ import annotations

from dataclasses import replace

from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import RELATIVE_PRONOUNS
from whimbrel.records import ActorRef

__all__ = ["refine_speaker", "relative_pronoun", "speaker_ref"]

# Nouns for something issued that carries its author's words ("a statement from the ministry").
_DOCUMENT_NOUNS = frozenset([
    "statement", "report", "communique", "communiqué", "announcement", "release", "letter", "message",
    "tweet", "post", "notice", "memo", "filing", "document", "transcript", "bulletin", "broadcast",
    "interview", "remarks", "comments", "data", "figures", "estimate", "estimates", "survey", "poll",
    "study", "analysis", "tally", "count",
])
_AUTHOR_PREPS = ("from", "by", "of")


def _is_proper(tok: Token) -> bool:
    return tok.pos == "PROPN" or tok.tag in ("NNP", "NNPS")


def refine_speaker(parse: Parse, subject: Token) -> Token:
    """The token that best names the speaker of which ``subject`` is the parser's subject."""
    tok = subject
    for _ in range(3):
        nxt = _better(parse, tok)
        if nxt is None or nxt.i == tok.i:
            break
        tok = nxt
    return tok


def _better(parse: Parse, tok: Token) -> Token | None:
    if _is_proper(tok):
        return None
    # Title + name: the name is an apposition of the title ...
    for child in parse.children(tok, "appos"):
        if _is_proper(child) and child.i > tok.i:
            return child
    # ... or the parser made both subjects of the verb ("State news agency IRNA said").
    if tok.dep in ("nsubj", "nsubjpass") and tok.head != tok.i:
        for sib in parse.children(parse.tokens[tok.head], tok.dep):
            if sib.i != tok.i and _is_proper(sib) and sib.left == tok.i + 1:
                return sib
    # A document stands for its author ("a statement from Niger's defence ministry").
    if tok.lower in _DOCUMENT_NOUNS or tok.lemma.lower() in _DOCUMENT_NOUNS:
        for prep in parse.children(tok, "prep"):
            if prep.lower in _AUTHOR_PREPS and (prep.lower != "of" or tok.lemma.lower() in ("statement", "report")):
                pobj = next(parse.children(prep, "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _of_phrase_end(parse: Parse, subject: Token) -> int | None:
    """End offset of the of-phrase of a role noun ("governor of the Rostov region")."""
    if _is_proper(subject) or subject.pos != "NOUN":
        return None
    for prep in parse.children(subject, "prep"):
        if prep.lower == "of" and prep.i == subject.i + 1:
            return parse.tokens[prep.right].end
    return None


def relative_pronoun(parse: Parse, verb: Token) -> Token | None:
    """The relative pronoun that is the subject of ``verb`` ("who" in "X, who later said …"), through the
    verbs that share it ("who took to the streets and called for …", "which has tried to deny …")."""
    node = verb
    for _ in range(6):
        subj = next(parse.children(node, "nsubj", "nsubjpass"), None)
        if subj is not None:
            return subj if subj.lower in RELATIVE_PRONOUNS and node.dep == "relcl" else None
        if node.dep not in ("xcomp", "conj") or node.head == node.i:
            return None
        node = parse.tokens[node.head]
    return None


def speaker_ref(parse: Parse, subject: Token, actors: list[ActorRef], verb: Token | None = None) -> ActorRef:
    """The actor mention that is this subject, or an unresolved mention of its noun phrase. With the cue
    ``verb``, a relative-pronoun subject gives a mention at the pronoun that stands for ``subject``."""
    rel = relative_pronoun(parse, verb) if verb is not None else None
    if rel is not None and subject.i < rel.i:
        named = _speaker_ref(parse, subject, actors)
        return replace(named, text=rel.text, start=rel.start, end=rel.end, name=named.name or named.text)
    return _speaker_ref(parse, subject, actors)


def _speaker_ref(parse: Parse, subject: Token, actors: list[ActorRef]) -> ActorRef:
    subject = refine_speaker(parse, subject)
    of_end = _of_phrase_end(parse, subject)
    covering = [a for a in actors if a.start is not None and a.end is not None and a.start <= subject.start < a.end]
    if covering:
        best = min(covering, key=lambda a: (a.end or 0) - (a.start or 0))  # the tightest mention
        start, end, text = best.start, best.end, best.text
        if of_end is not None and start is not None and end is not None and of_end > end:
            end, text = of_end, parse.text[start:of_end]
        return ActorRef(text=text, start=start, end=end, id=best.id, name=best.name,
                        kind=best.kind, country=best.country, sector=best.sector, role=best.role)
    left = subject.left
    while left < subject.i and parse.tokens[left].pos in ("DET", "PUNCT"):
        left += 1
    start = parse.tokens[left].start
    end = of_end if of_end is not None else max(subject.end, parse.tokens[min(subject.right, subject.i)].end)
    return ActorRef(text=parse.text[start:end], start=start, end=end)
