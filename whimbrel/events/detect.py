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
from whimbrel.quotes.cues import is_speech_verb

__all__ = ["Trigger", "find_triggers", "is_directive"]

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
# Nouns that carry the event their modifier names ("mediation mission", "bombing campaign").
_CARRIER_NOUNS = {"effort", "mission", "bid", "campaign", "drive", "initiative", "attempt", "process", "convoy",
                  "shipment", "package", "programme", "program", "operation", "round", "wave", "spree"}
_MEASURE_NOUNS = {"ton", "tonne", "kg", "kilogram", "shipment", "consignment", "batch", "load", "truckload",
                  "planeload", "package", "amount", "quantity", "supply", "cargo", "lot", "convoy", "crate",
                  "carton", "bag", "sack", "pound", "litre", "liter", "million", "billion", "day", "week", "month",
                  "hour", "series", "round"}
_NOT_EVENTS = {("press", "release"), ("news", "release"), ("media", "release")}
_GIVING_VERBS = {"hand", "give", "donate", "deliver", "send", "supply", "ship", "airlift", "distribute", "provide",
                 "dispatch", "fly", "truck", "bring", "allocate", "grant"}
_GATHERING_VERBS = {"gather", "converge", "assemble", "join", "turn", "take", "come", "mass", "rally", "march",
                    "flock", "head", "pour", "participate", "take part"}
_GO_OFF_VERBS = {"explode", "go", "detonate", "blow", "hit", "strike", "land", "rip", "tear"}
_DIRECTIVE_VERBS = {"order", "authorize", "authorise"}
_ORDERED_TYPES = {"MOBILIZE", "ASSAULT", "COERCE", "RETREAT", "AID", "SANCTION"}


@dataclass(slots=True)
class Trigger:
    token: Token  # the word that names the event
    sense: TriggerSense
    governor: Token  # the verb whose arguments give the roles (the trigger itself, or its light verb)
    absorbed: list[int]  # tokens of triggers merged into this one ("killed" in "airstrikes which killed")
    content: Trigger | None = None  # the act a threat, offer, demand or refusal is about ("threatened to strike")
    acted_on: Token | None = None  # the event a shifting verb acts on ("aid" in "suspended aid to Albania")
    demand: bool = False  # "Russia said Sudan must return the helicopter": the speaker asks the subject
    combined: bool = False  # verb + object make the event together ("deny entry", "seize the town")


def is_directive(trig: Trigger) -> bool:
    """Is the act done through its verb: ordered ("ordered patrols") or named by verb and object together
    ("denied entry")? Its factuality, and its doer, are the verb's."""
    return trig.governor is not trig.token and (trig.combined or trig.governor.lemma.lower() in _DIRECTIVE_VERBS)


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
    if sense.needs_object and not any(parse.children(tok, "dobj", "nsubjpass", "dative", "xcomp")) and \
            not any(True for p in parse.children(tok, "prep") if any(parse.children(p, "pobj"))):
        return None
    return sense


def _noun_sense(lex: Lexicon, parse: Parse, tok: Token) -> TriggerSense | None:
    mods = [c for c in parse.children(tok, "compound", "amod", "nmod") if c.i < tok.i]
    modifier = parse.text[mods[-1].start:mods[-1].end].lower() if mods else None
    if modifier and "-" in modifier:
        modifier = modifier.split("-")[-1]
    lower = tok.lower
    if tok.ent in ("DATE", "TIME") or (modifier, tok.lemma.lower()) in _NOT_EVENTS:
        return None  # "last March", "a press release"
    if lower in ("fire", "strike") and modifier and mods[-1].lower == "cease":
        return lex.noun("ceasefire", "cease-fire")
    sense = lex.noun(tok.lemma.lower(), lower, modifier)
    if sense is None and lower.endswith("s"):
        sense = lex.noun(lower[:-1], lower[:-1], modifier)
    if sense is None and mods and tok.lemma.lower() in _CARRIER_NOUNS and tok.pos == "NOUN" and not tok.ent:
        carried = lex.noun(mods[-1].lemma.lower(), mods[-1].lower)  # "a mediation effort", "a bombing campaign"
        sense = carried if carried is not None and not carried.needs_object else None
    if sense is not None and tok.lemma.lower() == "strike" and sense.type == "ASSAULT" and _labour_context(parse, tok):
        sense = lex.noun("strike", "strike", "general")  # a walk-out, not an attack
    if sense is not None and sense.needs_object and tok.dep not in ("dobj", "nsubjpass") and \
            _measure_above(parse, tok) is None:
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
    _apply_shifts(parse, lex, triggers)
    _reported_demands(parse, triggers)
    _merge(parse, triggers)
    return sorted(triggers.values(), key=lambda t: t.token.i)


_DEMAND = TriggerSense(type="REQUEST", mode="change")
_OBLIGATION = {"must", "should"}


def _reported_demands(parse: Parse, triggers: dict[int, Trigger]) -> None:
    """"X said Y must do Z" reports a demand by X on Y (CAMEO's "demand"), whatever Z is."""
    for tok in parse.tokens:
        if tok.dep != "ccomp" or tok.pos not in ("VERB", "AUX") or tok.head == tok.i:
            continue
        if not any(c.lower in _OBLIGATION for c in parse.children(tok, "aux")):
            continue
        speech = parse.tokens[tok.head]
        if speech.pos != "VERB" or not is_speech_verb(speech.lemma):
            continue
        subject = next(parse.children(tok, "nsubj", "nsubjpass"), None)
        if subject is None or subject.lower in ("we", "i", "it"):
            continue  # "we must act" is a resolve, not a demand on someone else
        inner = triggers.pop(tok.i, None)
        triggers[tok.i] = Trigger(tok, _DEMAND, tok, [], content=inner, demand=True)


def _apply_shifts(parse: Parse, lex: Lexicon, triggers: dict[int, Trigger]) -> None:
    """A verb acting on an event changes it: "lifted the sanctions" is one concession, not a sanction."""
    for verb in parse.tokens:
        if verb.pos != "VERB" or not lex.shift_classes:
            continue
        lemma = verb.lemma.lower()
        keys = [f"{lemma} {p}" for p in _particle(parse, verb)] + [lemma]
        obj = next(parse.children(verb, "dobj"), None) or next(parse.children(verb, "nsubjpass"), None)
        if obj is None:
            continue
        phrasal = any(key in lex.shift_classes for key in keys[:-1])  # "call off" is not "call"
        if obj.i in triggers and triggers[obj.i].governor.i == verb.i and not phrasal:
            continue  # the lexicon already combined this verb with its object ("cancel visit")
        object_type = _object_type(parse, lex, obj, triggers)
        if object_type is None:
            continue
        sense = next((found for key in keys if (found := lex.shift(key, object_type))), None)
        if sense is None:
            continue
        triggers.pop(obj.i, None)
        triggers[verb.i] = Trigger(verb, sense, verb, [obj.i], acted_on=obj)


def _object_type(parse: Parse, lex: Lexicon, obj: Token, triggers: dict[int, Trigger]) -> str | None:
    """The event type an object stands for: its own trigger's, or what the noun (or its modifier, or the
    "emergency" of "a state of emergency") names."""
    if obj.i in triggers:
        return triggers[obj.i].sense.type
    words = [obj, *parse.children(obj, "compound", "amod")]
    words += [p for prep in parse.children(obj, "prep") if prep.lower == "of" for p in parse.children(prep, "pobj")]
    for word in words:
        found = lex.shift_objects.get(word.lower) or lex.shift_objects.get(word.lemma.lower())
        if found:
            return found
    for word in words[1:]:
        sense = lex.noun(word.lemma.lower(), word.lower)
        if sense is not None and not sense.is_light:
            return sense.type
    return None


def _noun_trigger(lex: Lexicon, parse: Parse, tok: Token, triggers: dict[int, Trigger]) -> Trigger | None:
    """A noun's event: a light verb + noun combination ("seized the town", "go on strike"), or the noun
    itself ("the offensive", "talks"), taking its light verb as governor ("hold talks")."""
    head = parse.tokens[tok.head]
    verb = None
    measure = _measure_above(parse, tok)
    if tok.dep == "nsubj" and head.lemma.lower() in _GO_OFF_VERBS:
        sense = _noun_sense(lex, parse, tok)
        if sense is not None and sense.type == "ASSAULT":
            return Trigger(tok, sense, head, [])  # "a bomb exploded in a market": the verb's clause says where
    if measure is not None:
        verb = parse.tokens[measure.head]  # "provide 25,000 tons of food aid": the aid is what is provided
    elif tok.dep in ("dobj", "nsubjpass", "attr") and head.pos in ("VERB", "AUX"):
        verb = head
    elif tok.dep == "pobj" and head.dep == "prep" and parse.tokens[head.head].pos == "VERB":
        verb = parse.tokens[head.head]
    if verb is not None:
        combo = lex.combo(verb.lemma.lower(), tok.lemma.lower(), tok.lower)
        if combo is not None:
            triggers.pop(verb.i, None)  # one event, the combination's
            return Trigger(tok, combo, verb, [], combined=True)
    sense = _noun_sense(lex, parse, tok)
    if sense is None or sense.is_light:
        return None
    if verb is not None and tok.dep == "pobj" and (head.lower == "as" or (
            sense.type == "PROTEST" and head.lower in ("for", "in") and verb.lemma.lower() in _GATHERING_VERBS)):
        # "held refugees as human shields", "converged on the capital for a rally": the verb's doers do it
        return Trigger(tok, sense, verb, [])
    if verb is not None and (tok.dep != "pobj" or measure is not None):
        verb_sense = lex.verbs.get(verb.lemma.lower())
        if verb_sense is not None and verb_sense.is_light:
            return Trigger(tok, sense, verb, [])
        if sense.type == "AID" and (verb.lemma.lower() in _GIVING_VERBS or verb_sense is not None and verb_sense.type == "AID"):
            triggers.pop(verb.i, None)  # "handed over 700 kg of medicine": one delivery of aid
            return Trigger(tok, sense, verb, [])
        if verb.lemma.lower() in _DIRECTIVE_VERBS and sense.type in _ORDERED_TYPES and tok.dep == "dobj":
            triggers.pop(verb.i, None)  # "ordered patrols", "ordered the arrest of": the ordered act
            return Trigger(tok, sense, verb, [])
        if verb_sense is not None and verb_sense.type == sense.type:
            return None  # "attacked ... in an attack": the verb already carries it
    return Trigger(tok, sense, tok, [])


def _measure_above(parse: Parse, tok: Token) -> Token | None:
    """The measure noun a noun is counted by, when that measure is a verb's object ("tons" in "provide
    25,000 tons of food aid")."""
    if tok.dep != "pobj" or parse.tokens[tok.head].lower != "of":
        return None
    measure = parse.tokens[parse.tokens[tok.head].head]
    if measure.pos != "NOUN" or measure.dep not in ("dobj", "nsubjpass") or parse.tokens[measure.head].pos != "VERB":
        return None
    return measure if measure.lemma.lower() in _MEASURE_NOUNS or measure.ent == "QUANTITY" else None


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
            if prep.lower in _TOPIC_PREPS and holder.i not in triggers and holder.pos == "VERB":
                # "renewed negotiations on a troop pullback": the topic of the light verb's event
                light = next((t for t in triggers.values() if t.governor.i == holder.i and t is not trig), None)
                if light is not None and light.sense.type in ("CONSULT", "AGREE", "REQUEST", "REJECT", "ACCUSE"):
                    del triggers[i]
                    continue
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
        clause = trig.governor  # "threatened to hold a strike": the clause is the light verb's
        infinitive = clause.dep == "advcl" and any(c.lower == "to" for c in parse.children(clause, "aux")) and \
            not any(parse.children(clause, "mark"))  # "sworn to fight", parsed as an adverbial clause
        if (clause.dep in ("xcomp", "ccomp") or infinitive) and clause.head in triggers and clause.head != i:
            owner = triggers[clause.head]
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
