"""Did it happen? asserted, negated, hypothetical, future or failed — from the syntax around the trigger.

The walk goes from the trigger up its chain of governing verbs until it leaves the clause the event is
reported in (a complement of "said" is its own world: "Lavrov said Moscow would keep bombing" is
hypothetical even though "said" is past). Along the way:

* negation ("did not attack", "no attack", "denied attacking", and a doer or object that is no one: "no
  shells hit", "none of the rebels attacked", "neither side fired", "nobody was killed", "fired no shots")
  → negated; "a lull in airstrikes" → not an event at all;
* modals and conditions ("may", "could", "would … if need be"), intentions and fears ("plans to", "tried
  to", "speculation of an offensive", "to prevent an assault", "an imminent attack") → hypothetical;
* "will", "is to", "is going to", "is expected to" → future;
* "failed to", "was unable to" → failed.
"""

from __future__ import annotations

from dataclasses import dataclass

from whimbrel.nlp import Parse, Token

__all__ = ["Modality", "factuality_of"]

_MODALS = {"may", "might", "could", "would", "should", "can", "must", "ought"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_FAIL = {"fail"}
_FUTURE_INTENT = {"plan", "intend", "prepare", "expect", "decide", "schedule", "due", "set", "vow", "pledge",
                  "promise", "agree", "announce", "order"}
_HYPOTHETICAL_INTENT = {"want", "seek", "try", "attempt", "aim", "hope", "consider", "threaten", "propose",
                        "offer", "wish", "mull", "weigh", "urge", "ask", "call", "demand", "push", "press",
                        "encourage", "request", "plead", "appeal", "ready", "willing", "able", "prepared"}
_PREVENT = {"prevent", "forestall", "avert", "deter", "stop", "avoid", "thwart", "foil", "halt", "pre-empt",
            "preempt", "block", "rule", "resist"}
_DENY = {"deny", "dismiss", "refute", "reject"}
_SPECULATIVE_NOUNS = {"speculation", "fear", "fears", "risk", "threat", "prospect", "possibility", "danger",
                      "rumour", "rumor", "warning", "plan", "plans", "bid", "attempt", "call", "calls",
                      "demand", "request", "appeal", "push", "effort", "efforts", "need"}
_UPCOMING = {"ahead", "eve", "run-up", "prelude"}
_ABSENT_NOUNS = {"lull", "pause", "halt", "end", "suspension", "absence", "cessation", "respite", "break"}
_HYPOTHETICAL_ADJ = {"possible", "potential", "imminent", "looming", "planned", "proposed", "threatened",
                     "expected", "future", "likely", "feared", "anticipated", "prospective", "further"}
_CLAUSE_BOUNDARY = {"ccomp", "parataxis", "relcl", "acl", "csubj"}
_TIME_FRAME = {"after", "following", "since", "amid", "during", "despite"}
_PREVENTED = {"dobj", "xcomp", "nsubjpass", "ccomp", "pcomp", "pobj"}
# Subjects and objects that are no one: "Nobody was hurt", "None of the rebels attacked".
_NO_ONE = {"nobody", "none", "nothing", "neither", "no-one", "noone"}
# Announcing a measure ("announced a suspension of air links") takes it; announcing that one will act does not.
_PERFORMATIVE = {"announce", "declare", "impose", "order"}


@dataclass(frozen=True, slots=True)
class Modality:
    factuality: str  # asserted | negated | hypothetical | future | failed | absent
    tense: str  # past | present | future: the grammatical time, for resolving dates


def _aux_words(parse: Parse, verb: Token) -> list[str]:
    return [c.lower for c in parse.children(verb, "aux", "auxpass")]


def _tense(parse: Parse, verb: Token) -> str:
    aux = _aux_words(parse, verb)
    if any(a in _FUTURE_AUX for a in aux):
        return "future"
    if verb.tag in ("VBD", "VBN") or any(a in ("did", "had", "was", "were", "has", "have") for a in aux):
        return "past"
    if verb.tag == "VB" and "to" in aux:
        # "is to visit", "is going to visit", "plans to visit": where the governor points.
        gov = parse.tokens[verb.head]
        if gov.lemma in _FUTURE_INTENT or gov.lower in ("going", "is", "are", "due", "set", "expected", "scheduled"):
            return "future"
    return "present"


def _noun_level(parse: Parse, trigger: Token) -> str | None:
    """Factuality decided by the noun phrase itself ("no attack", "an imminent offensive", "a lull in…")."""
    for child in parse.children(trigger, "det", "neg"):
        if child.lower in ("no", "not", "never"):
            return "negated"
    for child in parse.children(trigger, "amod", "compound"):
        if child.lower in _HYPOTHETICAL_ADJ:
            return "hypothetical"
    if trigger.dep == "pobj":
        prep = parse.tokens[trigger.head]
        holder = parse.tokens[prep.head]
        if holder.lower in _ABSENT_NOUNS or holder.lemma in _ABSENT_NOUNS:
            return "absent"
        if holder.pos == "NOUN" and (holder.lower in _SPECULATIVE_NOUNS or holder.lemma in _SPECULATIVE_NOUNS):
            return "hypothetical"
        if holder.lower in _UPCOMING or (prep.lower == "of" and parse.tokens[holder.i - 1].lower in _UPCOMING):
            return "future"
    if trigger.dep in ("dobj", "nsubjpass") and parse.tokens[trigger.head].lemma in _PREVENT:
        return "hypothetical"
    if trigger.dep == "pobj" and parse.tokens[parse.tokens[trigger.head].head].lemma in _PREVENT:
        return "hypothetical"
    return None


def _done_by_or_to_no_one(parse: Parse, verb: Token) -> bool:
    """The event verb's doer or what it is done to is no one: "No Pakistani shells hit…", "Neither side
    fired…", "Nobody was killed", "The troops fired no shots". (Only for the event's own verb: in "nobody
    claimed the bombing" the bombing still happened.)"""
    for arg in parse.children(verb, "nsubj", "nsubjpass", "dobj"):
        if arg.lower in _NO_ONE or any(d.lower in ("no", "neither") for d in parse.children(arg, "det")):
            return True
    return False


def factuality_of(parse: Parse, trigger: Token) -> Modality:
    """The factuality of the event whose trigger this is, and the tense to resolve its dates with."""
    noun_level = _noun_level(parse, trigger) if trigger.pos in ("NOUN", "PROPN") else None
    if trigger.tag == "VBG" and trigger.dep in ("csubj", "pcomp", "pobj") and not any(
            parse.children(trigger, "nsubj", "aux")):
        # A bare gerund as a subject or after a preposition names a kind of act, not an act:
        # "killing everyone … is not right", "in the name of fighting terrorism".
        noun_level = "hypothetical"
    node = trigger
    came_from = trigger  # the child the walk climbed from, to tell "stopped the strike" from "stopped work on
    #                      the first day of a strike"
    verb: Token | None = trigger if trigger.pos in ("VERB", "AUX") else None
    result: str | None = noun_level
    tense = "present"
    steps = 0
    while steps < 8:
        steps += 1
        if node.pos in ("VERB", "AUX") or node.lower in ("ready", "willing", "able", "unable"):
            if verb is None:
                verb = node
            aux = _aux_words(parse, node)
            negated = any(c.lower in ("not", "n't", "never", "no") for c in parse.children(node, "neg")) or (
                node is trigger and _done_by_or_to_no_one(parse, node))
            modal = any(a in _MODALS for a in aux)
            conditional = any(c.lower in ("if", "unless") for c in parse.children(node, "mark"))
            if node is verb or node.i == (verb.head if verb else -1) or node.dep != "ROOT":
                tense = tense if tense != "present" else _tense(parse, node)
            if result is None:
                if node.lemma in _FAIL or node.lower == "unable":
                    result = "failed" if node is not trigger else None
                elif node is not trigger and node.lemma in _DENY:
                    result = "negated"
                elif (node is not trigger and node.lemma in _PREVENT and came_from.dep in _PREVENTED) or modal or \
                        conditional or any(a in ("might", "may") for a in aux):
                    result = "hypothetical"
                elif negated:
                    result = "negated"
                elif any(a in _FUTURE_AUX for a in aux) or node is not trigger and node.lemma in _FUTURE_INTENT and \
                        trigger.dep != "ROOT" and not (came_from is trigger and node.lemma in _PERFORMATIVE):
                    result = "future"
                elif node is not trigger and (node.lemma in _HYPOTHETICAL_INTENT or node.lower in _HYPOTHETICAL_INTENT):
                    result = "hypothetical"
            if node.dep in _CLAUSE_BOUNDARY or node.dep == "ROOT":
                break
            if any(c.lower in _TIME_FRAME for c in parse.children(node, "mark", "prep") if c.i < node.i):
                break  # "one day after a jet shot down a helicopter": that happened, whatever came next
        elif node.dep in _CLAUSE_BOUNDARY and node is not trigger:
            break
        if node.head == node.i:
            break
        parent = parse.tokens[node.head]
        # Climb only through links that keep us in the event's own clause.
        if node.dep not in ("xcomp", "conj", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "advcl",
                            "pcomp", "acomp", "compound", "amod", "appos", "npadvmod", "ROOT", "dep", "oprd",
                            "ccomp", "relcl", "acl") or node.dep in _CLAUSE_BOUNDARY and node is not trigger:
            break
        if node.dep in ("ccomp", "relcl", "acl", "parataxis"):
            break
        if node.dep == "conj" and node.pos in ("VERB", "AUX") and any(parse.children(node, "nsubj", "nsubjpass", "expl")):
            break  # "Ankara failed to win…, but there has been a lull": a conjunct with its own subject stands alone
        if node.dep == "prep" and node.lower in _TIME_FRAME and node is not trigger:
            break  # "after violent protests": the protests happened, whatever the main clause says
        came_from, node = node, parent
    if result in (None, "asserted") and tense == "future":
        result = "future"
    return Modality(result or "asserted", tense if result != "future" else "future")
