"""What an act amounts to, given how it is put (PLOVER codes the meaning, not the verb).

A vow of violence is a threat and a stated plan to cooperate a promise; an act made conditional with
"unless" is an ultimatum; announcing a measure takes it; a road blocked by protesters is a protest and joint
war games are cooperation. The event stage applies :func:`speech_act` to acts reported as intentions of the
speaker's side, then :func:`reinterpret` to every act.
"""

from __future__ import annotations

from whimbrel.events.detect import Trigger
from whimbrel.nlp import Parse, Token
from whimbrel.records import ActorRef

__all__ = ["condition_of", "intended", "reinterpret", "same_side", "speech_act"]

_MATERIAL_CONFLICT = {"ASSAULT": "violence", "COERCE": "arrest", "SANCTION": "relations", "MOBILIZE": "violence"}
_MATERIAL_COOPERATION = {"AID", "COOPERATE", "RETREAT"}
_INTENT_HEADS = {"ready", "willing", "prepared", "offer", "plan", "intend", "agree", "pledge", "promise",
                 "vow", "set", "expect", "due", "going"}


def _stated_intention(parse: Parse, tok: Token) -> bool:
    """Is the act put as what someone will or would do ("would keep bombing", "will send troops",
    "is ready to contribute")?"""
    node = tok
    for _ in range(4):
        if any(c.lower in ("will", "would", "shall", "'ll", "wo", "'d") for c in parse.children(node, "aux")):
            return True
        if node is not tok and (node.lemma in _INTENT_HEADS or node.lower in _INTENT_HEADS):
            return True
        if node.dep not in ("xcomp", "conj", "dobj", "acomp") or node.head == node.i:
            return False
        node = parse.tokens[node.head]
    return False


def intended(parse: Parse, trig: Trigger) -> bool:
    """A stated intention on the trigger's own words or on its light verb ("will provide … aid")."""
    return _stated_intention(parse, trig.token) or (
        trig.governor is not trig.token and _stated_intention(parse, trig.governor))


_CONDITION_MARKS = {"unless", "if"}
_VOWS = {"vow", "swear", "pledge", "promise"}  # (agreeing to joint exercises threatens no one)
_MEASURE_SPEECH = {"announce", "declare", "decide", "decree"}
_EXERCISES = {"exercise", "exercises", "drill", "drills", "game", "games", "maneuver", "maneuvers", "manoeuvre",
              "manoeuvres", "war-game", "war-games", "wargame", "wargames"}
_CIVILIAN = {"CVL", "OPP", "REF", "BUS", "PTY", "REL", "MED", "NGO"}
_CROWD = {"CVL", "OPP", "PTY"}


def condition_of(parse: Parse, trig: Trigger) -> str | None:
    """"unless"/"if" when the act is conditional on someone else's behaviour."""
    for holder in {trig.token.i: trig.token, trig.governor.i: trig.governor}.values():
        for clause in parse.children(holder, "advcl"):
            for mark in parse.children(clause, "mark"):
                if mark.lower in _CONDITION_MARKS:
                    return mark.lower
    return None


def reinterpret(parse: Parse, trig: Trigger, event_type: str, mode: str | None, factuality: str,
                 source: list[ActorRef], *, reported: bool) -> tuple[str, str | None, str]:
    """PLOVER codes what an act amounts to: a vow of violence is a threat, a conditional sanction is a threat,
    a planned aid delivery is a promise, a road blocked by protesters is a protest."""
    inner = trig.content
    if event_type == "AGREE" and factuality in ("negated", "failed"):
        return "REJECT", None, "asserted"  # "will not accept more refugees", "failed to reach agreement"
    if event_type == "AGREE" and inner is not None and inner.sense.type in _MATERIAL_CONFLICT and \
            trig.token.lemma.lower() in _VOWS:
        return "THREATEN", _MATERIAL_CONFLICT[inner.sense.type], "asserted"  # "vowed to fight on"
    if factuality in ("future", "hypothetical"):
        condition = condition_of(parse, trig)
        if condition == "if" and not (reported or intended(parse, trig)):
            condition = None  # "rebels could attack if talks fail" is the reporter's guess, not a threat
        if condition == "unless" or (condition == "if" and event_type not in _MATERIAL_COOPERATION | {"CONSULT", "AGREE"}):
            if event_type not in ("THREATEN", "AGREE", "REQUEST"):
                return "THREATEN", _MATERIAL_CONFLICT.get(event_type, "relations" if event_type == "SANCTION" else None), "asserted"
        if event_type in _MATERIAL_COOPERATION | {"CONCEDE"} or (event_type == "CONSULT" and condition == "if"):
            if intended(parse, trig) or condition:
                return "AGREE", None, "asserted"  # "will provide aid", "would meet if…"
    if event_type == "MOBILIZE" and trig.token.lemma.lower() in _EXERCISES and (
            len({a.country for a in source if a.country}) > 1 or
            any(c.lower in ("joint", "combined", "bilateral", "multinational") for c in parse.children(trig.token))):
        return "COOPERATE", None, factuality  # joint war games are military cooperation, not a show of force
    if event_type == "COERCE" and mode in (None, "restrict") and source and all(a.sector in _CIVILIAN for a in source):
        return "PROTEST", "obstruct", factuality  # a road blocked by protesters
    if event_type == "ASSAULT" and source and all(a.sector in _CROWD for a in source) \
            and mode in (None, "destroy", "primitive", "beat", "vandalize"):
        return "PROTEST", "riot", factuality  # stones and burning tyres thrown by protesters
    return event_type, mode, factuality


def same_side(a: list[ActorRef], b: list[ActorRef]) -> bool:
    return any((x.id and x.id == y.id) or (x.country and x.country == y.country) or
               (x.start is not None and x.start == y.start) or (x.name and x.name == y.name) for x in a for y in b)


def speech_act(parse: Parse, trig: Trigger, event_type: str, mode: str | None, factuality: str,
               source: list[ActorRef], speaker: list[ActorRef], speech: Token | None
               ) -> tuple[str, str | None, str, list[ActorRef]]:
    """An act the speaker's side says it will or would do: a threat, a promise, an ultimatum, or (announced)
    the measure itself. Returns the new type, mode, factuality and source."""
    announced = speech is not None and speech.lemma.lower() in _MEASURE_SPEECH
    if condition_of(parse, trig) == "unless":  # an ultimatum, whatever is promised
        return "THREATEN", _MATERIAL_CONFLICT.get(event_type), "asserted", source or speaker
    if announced and event_type in ("SANCTION", "COERCE"):
        return event_type, mode, "asserted", source  # announcing a measure ("would prohibit all aid") takes it
    if event_type in _MATERIAL_CONFLICT:
        return "THREATEN", _MATERIAL_CONFLICT[trig.sense.type], "asserted", source or speaker
    if event_type in _MATERIAL_COOPERATION:
        return "AGREE", None, "asserted", source or speaker
    return event_type, mode, factuality, source
