"""Lull statements: "calm has largely prevailed", "a recent lull in airstrikes", "the truce is holding".

They say violence is *not* happening, so they are never events; but a cease-fire watch needs them, so they
are kept as :class:`~whimbrel.records.Lull` records (the statement, what paused, where, when, on whose word).
Recognised forms, from the dependency parse:

1. a calm noun as the subject of a verb of lasting: "calm (has) prevailed / returned / held / reigned";
2. a pause noun with what paused: "a lull in airstrikes", "a respite from the shelling", "a pause in fighting";
3. violence as the subject of a verb of ending: "fighting subsided", "the shelling has eased", "clashes died down";
4. a truce as the subject of "hold": "the cease-fire is holding", "the truce held".

Only asserted statements count: "calm may return", "calm did not last", "no lull in sight" are not lulls.
"""

from __future__ import annotations

from dataclasses import dataclass

from whimbrel.events.factuality import factuality_of
from whimbrel.nlp import Parse, Token

__all__ = ["LullCue", "find_lull_cues"]

_CALM = {"calm", "quiet", "peace", "stillness", "tranquility", "tranquillity", "normalcy", "normality"}
_LASTING = {"prevail", "return", "hold", "reign", "continue", "persist", "settle", "descend", "remain", "last"}
_PAUSE = {"lull", "respite", "pause", "let-up", "letup", "break"}
_VIOLENCE = {"fighting", "fight", "violence", "clash", "clashes", "shelling", "bombing", "bombardment",
             "airstrike", "strike", "attack", "hostility", "hostilities", "combat", "battle", "offensive",
             "gunfire", "firing", "raid", "unrest", "skirmish"}
_ENDING = {"subside", "ease", "abate", "stop", "cease", "halt", "end", "die", "quieten", "quiet", "wane", "diminish"}
_TRUCE = {"ceasefire", "cease-fire", "truce", "armistice"}


@dataclass(frozen=True)
class LullCue:
    cue: Token  # the word that says it ("prevailed", "lull", "subsided", "holding")
    clause: Token  # the verb (or noun) whose factuality, place and date are the statement's
    about: Token | None  # what paused ("airstrikes"), when the text says


def _violence(tok: Token) -> bool:
    return tok.lemma.lower() in _VIOLENCE or tok.lower in _VIOLENCE


def _subject(parse: Parse, verb: Token) -> Token | None:
    return next(parse.children(verb, "nsubj", "nsubjpass"), None)


def _candidates(parse: Parse) -> list[LullCue]:
    found: list[LullCue] = []
    for tok in parse.tokens:
        lemma = tok.lemma.lower()
        if tok.pos in ("VERB", "AUX") and tok.lemma != "be":
            subj = _subject(parse, tok)
            if subj is None:
                continue
            s = subj.lemma.lower()
            if lemma in _LASTING and s in _CALM:
                found.append(LullCue(tok, tok, None))  # 1. "calm prevailed"
            elif lemma in _ENDING and _violence(subj):
                found.append(LullCue(tok, tok, subj))  # 3. "fighting subsided"
            elif lemma == "hold" and s.replace(" ", "") in _TRUCE:
                found.append(LullCue(tok, tok, None))  # 4. "the truce is holding"
        elif tok.pos == "NOUN" and (lemma in _PAUSE or tok.lower in _PAUSE):
            about = next((pobj for prep in parse.children(tok, "prep") if prep.lower in ("in", "from", "of")
                          for pobj in parse.children(prep, "pobj")), None)
            if about is not None and _violence(about):
                # 2. "a lull in airstrikes": the statement's verb is the one the noun hangs from ("there has
                # been a lull", "brought a respite"), whose negation or modality is the statement's.
                head = parse.tokens[tok.head]
                found.append(LullCue(tok, head if head.pos in ("VERB", "AUX") else tok, about))
    return found


def find_lull_cues(parse: Parse) -> list[LullCue]:
    """Asserted lull statements, in text order, one per clause."""
    out: list[LullCue] = []
    seen: set[int] = set()
    for cue in _candidates(parse):
        if cue.clause.i in seen:
            continue
        if any(c.lower in ("no", "never") for c in parse.children(cue.cue, "det", "neg")):
            continue  # "no lull in the fighting"
        if factuality_of(parse, cue.clause).factuality != "asserted":
            continue
        seen.add(cue.clause.i)
        out.append(cue)
    return out
