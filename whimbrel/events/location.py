"""Where an event happened: a place in a locative phrase of the event's own clause ("in Idlib", "inside the
Idlib region"), not one attached to the verb that reports it ("he said on a visit to Pakistan"). The rules
are in :func:`find_location`.
"""

from __future__ import annotations

from whimbrel.events.detect import Trigger
from whimbrel.events.lexicon import load_lexicon
from whimbrel.events.roles import LOCATIVE, TOPIC_VERBS
from whimbrel.nlp import Parse, Token
from whimbrel.records import ActorRef, PlaceRef

__all__ = ["find_location"]


def find_location(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef]) -> PlaceRef | None:
    """The place the event happened, from the event's own clause:

    1. a place under a locative preposition ("killed in Homs", "shot in an ambush north of Karbala"),
       also inside the subject ("Iraqis in Tikrit demonstrated"), though any other attachment beats that
       ("an officer in the Baltic Sea port was shot in an ambush north of Karbala");
    2. a place that is, or is "of"/possessive/apposition-nested in, the event's object: "captured Gaza",
       "captured the town of Bakwa", "patrolled the streets of Reynosa", "Grozny's streets were patrolled"
       (an acted-on place is where the act happened, so here an actor span is no obstacle);
    3. a modifier of the event noun: "the Idlib offensive".

    The closest attachment wins (fewest arcs to the event), then the most specific place ("in the Belarus
    capital Minsk" is Minsk), then the nearest in the text.

    4. Failing all that, a locative place in a clause that depends on the event's ("killed while fighting
       in Manbij", "shot at a shop they ran in Colombo", "killed when a bomb exploded near their patrol in
       Diyala"): such clauses describe the event's circumstances. Complement clauses and parataxis are
       left out: they are other statements ("said the army had entered Homs").
    5. Last, a place in a locative phrase that opens the sentence, set off by a comma ("In Lyon, thousands
       of farmers ... marched"): a fronted setting frames every event of its sentence, whatever the parser
       attached it to.

    The event's words are its trigger, its governing verb, and the verbs merged into it ("a suicide attack
    killed twelve soldiers at a base near Kandahar": the attack happened where the killing did); a
    participle describing a nominal trigger is part of it ("a petrol bomb thrown in the old quarter of
    Hebron").
    """
    if not places:
        return None
    return _locate(parse, trig, places, actors, deep=False) or _locate(parse, trig, places, actors, deep=True) \
        or _fronted_setting(parse, trig, places, actors)


def _locate(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef], *, deep: bool) -> PlaceRef | None:
    taken = {(a.start, a.end) for a in actors}
    roots = [trig.token] if trig.governor is trig.token else [trig.token, trig.governor]
    roots += [parse.tokens[i] for i in trig.absorbed if 0 <= i < len(parse.tokens)
              and parse.tokens[i].sent == trig.token.sent and parse.tokens[i] not in roots]
    best: tuple[tuple[int, int, int], PlaceRef] | None = None
    sentence = parse.sentences[trig.token.sent]
    for place in places:
        if place.start is None or place.end is None or not sentence.start <= place.start < sentence.end:
            continue
        ptok = _span_head(parse, place.start, place.end)
        if ptok is None or ptok.sent != trig.token.sent or _nationality(parse, ptok, place):
            continue
        for root in roots:
            if ptok.i == root.i or not _in_clause(parse, ptok, root, deep=deep):
                continue
            path = _path_to(parse, ptok, root, limit=_DEEP_PATH if deep else _PATH)
            if path is None:
                continue
            kind = _attachment(parse, ptok, path, trig)
            if kind is None or (kind != "object" and (place.start, place.end) in taken):
                continue
            if deep and not _own_locative(path):
                continue
            key = (len(path) + (_SUBJECT_PENALTY if kind == "subject" else 0), _SPECIFICITY.get((place.feature or "")[:1], 1), abs(ptok.i - trig.token.i))
            if best is None or key < best[0]:
                best = (key, place)
    return best[1] if best else None


_OWN_CLAUSE_STOPS = {"ccomp", "relcl", "advcl", "acl", "parataxis", "xcomp"}
_CIRCUMSTANCE_MARKS = {"while", "when", "as"}  # "killed while fighting in …"; not "after", another event
_STATIC_LOCATIVE = {"in", "at", "near", "inside", "outside", "on", "within", "around"}  # where, not whither
_PATH = 8
_DEEP_PATH = 12
_DEEP_SEGMENT = 3  # arcs from the place up to its locative preposition: "in Manbij city", "in the Diyala province"


def _in_clause(parse: Parse, tok: Token, root: Token, *, deep: bool) -> bool:
    """Is ``tok`` inside ``root``'s clause, not inside an embedded clause with its own verb? With ``deep``,
    the embedded clauses that describe the event's circumstances are let through (:func:`_circumstance`).
    A participle on a nominal event word is the event itself ("a petrol bomb thrown in ...")."""
    for anc in parse.ancestors(tok):
        if anc.i == root.i:
            return True
        if anc.pos in ("VERB", "AUX") and anc.dep in _OWN_CLAUSE_STOPS and anc.i != root.i:
            if anc.dep == "acl" and anc.head == root.i and root.pos in ("NOUN", "PROPN"):
                continue
            if not (deep and _circumstance(parse, anc)):
                return False
    return False


def _fronted_setting(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef]) -> PlaceRef | None:
    """A place in a locative phrase that opens the trigger's sentence and ends at a comma before the
    trigger: "In Lyon, ... marched". Only a place the preposition governs counts, not an actor or a
    possessor ("In Turkey's view, ..." has no place)."""
    sentence = parse.sentences[trig.token.sent]
    toks = [t for t in parse.tokens_between(sentence.start, sentence.end) if not t.text.isspace()]
    if len(toks) < 3 or toks[0].lower not in _STATIC_LOCATIVE or toks[0].dep != "prep":
        return None
    comma = next((t for t in toks if t.text == ","), None)
    if comma is None or comma.i >= trig.token.i or comma.i - toks[0].i > 8:
        return None
    taken = {(a.start, a.end) for a in actors}
    inside = [p for p in places if p.start is not None and p.end is not None and toks[0].end <= p.start
              and p.end <= comma.start and (p.start, p.end) not in taken and _setting_of(parse, p, toks[0])]
    return max(inside, key=lambda p: -_SPECIFICITY.get((p.feature or "")[:1], 1), default=None)


def _setting_of(parse: Parse, place: PlaceRef, prep: Token) -> bool:
    """Is the place what the fronted preposition governs ("In Lyon", "In the suburbs of Lyon"), not a
    possessor ("In Turkey's view") or a modifier ("In a US-brokered deal")?"""
    ptok = _span_head(parse, place.start or 0, place.end or 0)
    if ptok is None:
        return False
    for anc in [ptok, *parse.ancestors(ptok)]:
        if anc.i == prep.i:
            return True
        if anc.dep not in ("pobj", "appos", "conj") and not (anc.dep == "prep" and anc.lower == "of"):
            return False
    return False


def _own_locative(path: list[Token]) -> bool:
    """Does the place sit in a locative phrase of the nearest verb above it, a few arcs up ("fighting in
    Manbij city")? A preposition above that verb belongs to another clause ("a zone set up when Turkey…")."""
    for k, t in enumerate(path[1:], start=1):
        if t.pos in ("VERB", "AUX"):
            return False
        if t.dep == "prep" and t.lower in LOCATIVE:
            return k <= _DEEP_SEGMENT
    return False


def _circumstance(parse: Parse, verb: Token) -> bool:
    """A clause that says where the event was: a "while/when/as" or bare-gerund adverbial ("killed while
    fighting in Manbij", "killed when a bomb exploded near their patrol"), or a relative clause on a noun
    that is itself a place of the event ("shot at a shop they ran in Colombo")."""
    if verb.dep == "advcl":
        marks = {m.lower for m in parse.children(verb, "mark", "advmod")}
        return bool(marks & _CIRCUMSTANCE_MARKS) or (not marks and verb.tag == "VBG")
    if verb.dep in ("relcl", "acl"):
        # A relative clause on an event noun tells of another event ("the attack, which was followed by…").
        noun = parse.tokens[verb.head]
        prep = parse.tokens[noun.head]
        return noun.dep == "pobj" and prep.dep == "prep" and prep.lower in _STATIC_LOCATIVE \
            and load_lexicon().noun(noun.lemma.lower(), noun.lower) is None
    return False


# Cities and sites are more specific than regions, regions than countries (feature class, GeoNames).
_SPECIFICITY = {"P": 0, "S": 0, "A": 2, "L": 3}
_SUBJECT_PENALTY = 4  # arcs: a place inside the subject loses to one attached to the event itself
_NESTING = {"pobj", "poss", "compound", "appos", "amod", "nmod", "conj"}


# Nouns that a country name may modify and still say where: "the Syria border", "the Gaza Strip".
_PLACE_NOUNS = {"city", "town", "village", "province", "district", "region", "area", "border", "capital", "state",
                "county", "governorate", "camp", "coast", "frontier", "enclave", "strip", "zone", "territory"}


def _nationality(parse: Parse, ptok: Token, place: PlaceRef) -> bool:
    """A country's name modifying a common noun says whose, not where: "a US military convoy", "a US
    anti-narcotics adviser", "a US-Kurdish operation". (A town's name so placed does say where: "a Hong Kong
    hotel", "the UN's Baghdad headquarters".)"""
    if not (place.feature or "").startswith("A.PCL") or ptok.dep not in ("compound", "amod", "nmod") \
            or ptok.head == ptok.i:
        return False
    head = parse.tokens[ptok.head]
    return head.pos == "NOUN" and head.lemma.lower() not in _PLACE_NOUNS


def _span_head(parse: Parse, start: int, end: int) -> Token | None:
    """The syntactic head of a multi-word place ("Sadr City" → City): the token whose head lies outside."""
    toks = parse.tokens_between(start, end)
    for tok in toks:
        if not (start <= parse.tokens[tok.head].start < end) or tok.head == tok.i:
            return tok
    return parse.token_at(start)


def _path_to(parse: Parse, tok: Token, root: Token, limit: int = _PATH) -> list[Token] | None:
    """The tokens from ``tok`` up to (not including) ``root``, or None if ``root`` is not above it."""
    path = [tok]
    for anc in parse.ancestors(tok):
        if anc.i == root.i:
            return path
        path.append(anc)
        if len(path) > limit:
            return None
    return None


def _attachment(parse: Parse, ptok: Token, path: list[Token], trig: Trigger) -> str | None:
    top = path[-1]  # the token attached to the event word
    verb = parse.tokens[top.head]
    if top.dep == "dobj" and verb.lemma in TOPIC_VERBS:
        return None  # what is discussed is no place where the talks were: "discussed the situation in Idlib"
    if any(t.lower == "according" for t in path[1:]):
        return None  # "according to officials in Basra": where the sources are, not where it happened
    in_subject = top.dep in ("nsubj", "nsubjpass", "csubj", "agent")
    if any(t.dep == "prep" and t.lower in LOCATIVE for t in path[1:]):
        return "subject" if in_subject else "locative"
    nested = all(t.dep in _NESTING or (t.dep == "prep" and t.lower == "of") for t in path[:-1])
    if nested and top.dep in ("dobj", "nsubjpass") and verb.pos in ("VERB", "AUX"):
        return "object"
    if len(path) == 1 and ptok.head == trig.token.i and ptok.dep in ("compound", "amod", "nmod"):
        return "modifier"
    return None
