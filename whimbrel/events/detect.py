"""Event triggers: which words in a parse report an event, and of what kind.

Verbs are looked up by lemma (with their particle or preposition: "call for", "pull out"), nouns by
lemma with their modifier ("air strike", "hunger strike"). A light verb ("hold", "launch", "win")
passes its event to its object noun ("hold talks", "launch an offensive"), and "win agreement" can mean
something other than "agreement" alone (``combos`` in the lexicon). Overlapping triggers are merged so
one happening gives one event: "airstrikes which killed several dozen people" is one air strike with
fatalities, not a strike plus a killing; a cease-fire that is only the topic of a request ("a request for
a cease-fire") is not an event of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from whimbrel.events.lexicon import Lexicon, TriggerSense
from whimbrel.nlp import Parse, Token

__all__ = ["Trigger", "find_triggers"]

_TOPIC_PREPS = {"for", "about", "on", "over", "of", "to", "regarding", "toward", "towards"}
_RELATIVE = {"which", "that", "who", "whom"}
_CASUALTY_VERBS = {"kill", "injure", "wound", "hurt"}
_CASUALTY_STATES = {"dead", "injured", "wounded", "killed", "homeless", "hurt", "stranded", "displaced"}
_PEOPLE_NOUNS = {"prisoner", "hostage", "detainee", "captive", "people", "person", "civilian", "soldier", "activist",
                 "journalist", "student", "child", "woman", "man", "worker", "fisherman", "sailor", "crew", "member",
                 "opponent", "protester", "leader", "inmate", "national", "citizen", "migrant", "refugee", "pow",
                 "fighter", "militant", "rebel", "suspect", "official", "policeman", "officer", "passenger",
                 "abductee", "girl", "boy", "schoolgirl", "villager", "dissident", "politician", "blogger", "them",
                 "him", "her", "others", "teenager", "minor", "trader", "farmer", "aid", "staff", "employee"}
_CONTENT_TAKERS = {"THREATEN", "AGREE", "REQUEST", "REJECT"}


@dataclass(slots=True)
class Trigger:
    token: Token  # the word that names the event
    sense: TriggerSense
    governor: Token  # the verb whose arguments give the roles (the trigger itself, or its light verb)
    absorbed: list[int]  # tokens of triggers merged into this one ("killed" in "airstrikes which killed")
    content: Trigger | None = None  # the act a threat, offer, demand or refusal is about ("threatened to strike")


def _particle(parse: Parse, verb: Token) -> list[str]:
    out = [c.lower for c in parse.children(verb, "prt")]
    out += [c.lower for c in parse.children(verb, "prep") if c.i > verb.i]
    if verb.i + 1 < len(parse.tokens) and parse.tokens[verb.i + 1].lower in ("fire", "control", "over", "down", "up"):
        out.append(parse.tokens[verb.i + 1].lower)
    return out


def _verb_sense(lex: Lexicon, parse: Parse, tok: Token) -> TriggerSense | None:
    lemma = tok.lemma.lower()
    for particle in _particle(parse, tok):
        phrase = lex.phrases.get(f"{lemma} {particle}")
        if phrase:
            return phrase
    sense = lex.verbs.get(lemma)
    if sense is None or sense.is_light:
        return sense
    if lemma == "leave" and any(c.lower in _CASUALTY_STATES for k in tok.children
                                for c in [parse.tokens[k], *parse.children(parse.tokens[k])]):
        return None  # "left four people dead" is a toll, not a withdrawal
    if sense.needs_person:
        objects = list(parse.children(tok, "dobj", "nsubjpass"))
        if not any(o.ent in ("PERSON", "NORP", "ORG") or o.lemma.lower() in _PEOPLE_NOUNS or o.tag == "CD"
                   for o in objects):
            return None
    if sense.needs_object and not any(parse.children(tok, "dobj", "nsubjpass", "dative")) and \
            not any(True for p in parse.children(tok, "prep") if any(parse.children(p, "pobj"))):
        return None
    return sense


def _noun_sense(lex: Lexicon, parse: Parse, tok: Token) -> TriggerSense | None:
    mods = [c for c in parse.children(tok, "compound", "amod", "nmod") if c.i < tok.i]
    modifier = parse.text[mods[-1].start:mods[-1].end].lower() if mods else None
    if modifier and "-" in modifier:
        modifier = modifier.split("-")[-1]
    lower = tok.lower
    if lower in ("fire", "strike") and modifier and mods[-1].lower == "cease":
        return lex.noun("ceasefire", "cease-fire")
    sense = lex.noun(tok.lemma.lower(), lower, modifier)
    if sense is None and lower.endswith("s"):
        sense = lex.noun(lower[:-1], lower[:-1], modifier)
    if sense is not None and tok.lemma.lower() == "strike" and sense.type == "ASSAULT" and _labour_context(parse, tok):
        sense = lex.noun("strike", "strike", "general")  # a walk-out, not an attack
    if sense is not None and sense.needs_object and tok.dep not in ("dobj", "nsubjpass"):
        return None
    return sense


_LABOUR_WORDS = {"worker", "workers", "union", "unions", "wage", "wages", "pay", "salary", "salaries", "teacher",
                 "teachers", "doctor", "doctors", "nurse", "nurses", "staff", "employee", "employees", "labour",
                 "labor", "transport", "driver", "drivers", "trader", "traders", "shopkeepers", "students",
                 "hunger", "general", "nationwide", "indefinite", "strikers", "pension", "pensions"}
_MILITARY_WORDS = {"air", "drone", "missile", "military", "army", "troops", "jets", "warplanes", "rocket",
                   "artillery", "killed", "forces", "militants", "target", "targets"}


def _labour_context(parse: Parse, tok: Token) -> bool:
    """Is this "strike" a walk-out? Decided by the words of its sentence, military words winning."""
    words = {t.lower for t in parse.sentence_tokens(parse.sentences[tok.sent])}
    return bool(words & _LABOUR_WORDS) and not (words & _MILITARY_WORDS)


def find_triggers(parse: Parse, lex: Lexicon) -> list[Trigger]:
    triggers: dict[int, Trigger] = {}
    for tok in parse.tokens:
        if (tok.pos == "VERB" or (tok.pos == "AUX" and tok.lemma != "be")) and tok.dep not in ("amod", "compound"):
            sense = _verb_sense(lex, parse, tok)
            if sense is not None and not sense.is_light:
                triggers[tok.i] = Trigger(tok, sense, tok, [])
        elif tok.pos in ("NOUN", "PROPN") and tok.dep != "compound":
            found = _noun_trigger(lex, parse, tok, triggers)
            if found is not None:
                triggers[tok.i] = found
    _merge(parse, triggers)
    return sorted(triggers.values(), key=lambda t: t.token.i)


def _noun_trigger(lex: Lexicon, parse: Parse, tok: Token, triggers: dict[int, Trigger]) -> Trigger | None:
    """A noun's event: a light verb + noun combination ("seized the town", "go on strike"), or the noun
    itself ("the offensive", "talks"), taking its light verb as governor ("hold talks")."""
    head = parse.tokens[tok.head]
    verb = None
    if tok.dep in ("dobj", "nsubjpass", "attr") and head.pos in ("VERB", "AUX"):
        verb = head
    elif tok.dep == "pobj" and head.dep == "prep" and parse.tokens[head.head].pos == "VERB":
        verb = parse.tokens[head.head]
    if verb is not None:
        combo = lex.combo(verb.lemma.lower(), tok.lemma.lower(), tok.lower)
        if combo is not None:
            triggers.pop(verb.i, None)  # one event, the combination's
            return Trigger(tok, combo, verb, [])
    sense = _noun_sense(lex, parse, tok)
    if sense is None or sense.is_light:
        return None
    if verb is not None and tok.dep != "pobj":
        verb_sense = lex.verbs.get(verb.lemma.lower())
        if verb_sense is not None and verb_sense.is_light:
            return Trigger(tok, sense, verb, [])
        if verb_sense is not None and verb_sense.type == sense.type:
            return None  # "attacked ... in an attack": the verb already carries it
    return Trigger(tok, sense, tok, [])


def _merge(parse: Parse, triggers: dict[int, Trigger]) -> None:
    """Fold triggers that describe the same happening into one, and drop mere topics."""
    for i in list(triggers):
        trig = triggers.get(i)
        if trig is None:
            continue
        tok = trig.token
        # 1. "airstrikes which killed …", "the blast killed 10": the casualty verb belongs to the attack.
        if tok.lemma.lower() in _CASUALTY_VERBS and tok.pos == "VERB":
            owner = None
            if tok.dep == "relcl" and tok.head in triggers and triggers[tok.head].sense.type == "ASSAULT":
                owner = triggers[tok.head]
            for subj in parse.children(tok, "nsubj"):
                if subj.i in triggers and triggers[subj.i].sense.type == "ASSAULT":
                    owner = triggers[subj.i]
            if tok.dep in ("advcl", "conj", "xcomp") and tok.head in triggers and \
                    triggers[tok.head].sense.type == "ASSAULT":
                owner = triggers[tok.head]  # "shelled the town, killing five"
            if owner is not None:
                owner.absorbed.append(tok.i)
                del triggers[i]
                continue
        # 2. a noun that is only the topic of another event ("a request for a cease-fire").
        if tok.pos in ("NOUN", "PROPN") and tok.dep == "pobj":
            prep = parse.tokens[tok.head]
            holder = parse.tokens[prep.head]
            if prep.lower in _TOPIC_PREPS and holder.i in triggers and holder.i != i:
                if triggers[holder.i].sense.type != "ASSAULT" or trig.sense.type != "ASSAULT":
                    del triggers[i]
                    continue
            if prep.lower in _TOPIC_PREPS and holder.pos in ("NOUN",) and holder.dep == "dobj" and \
                    parse.tokens[holder.head].i in triggers:
                del triggers[i]
                continue
        # 3. a purpose clause that restates its event ("hold talks … to discuss the crisis").
        if tok.dep in ("pcomp", "advcl", "xcomp", "relcl", "acl") and tok.pos == "VERB":
            owner_tok = parse.tokens[tok.head]
            for _ in range(3):
                if owner_tok.i in triggers and owner_tok.i != i:
                    break
                if owner_tok.dep in ("prep", "pcomp", "pobj") and owner_tok.head != owner_tok.i:
                    owner_tok = parse.tokens[owner_tok.head]
                else:
                    break
            owner_trig = triggers.get(owner_tok.i) or next(
                (t for t in triggers.values() if t.governor.i == owner_tok.i and t is not trig), None)
            if owner_trig is not None and owner_trig.sense.type == trig.sense.type:
                owner_trig.absorbed.append(tok.i)
                del triggers[i]
                continue
        # 4. the act a threat, offer, demand or refusal is about: "refused to deploy troops", "vowed to fight".
        #    One event, the speech act, which takes its targets (and, for vows of violence, its meaning).
        if tok.dep in ("xcomp", "ccomp") and tok.head in triggers and tok.head != i:
            owner = triggers[tok.head]
            if owner.sense.type in _CONTENT_TAKERS and owner.content is None:
                owner.content = trig
                owner.absorbed.append(tok.i)
                del triggers[i]
                continue
        # 5. relative clause on an event noun that restates it ("the offensive, which began …").
        if tok.dep == "relcl" and tok.head in triggers and any(c.lower in _RELATIVE for c in parse.children(tok, "nsubj")):
            if triggers[tok.head].sense.type == trig.sense.type:
                triggers[tok.head].absorbed.append(tok.i)
                del triggers[i]
