"""Where an event happened: a place in a locative phrase of the event's own clause ("in Idlib", "inside the
Idlib region"), not one attached to the verb that reports it ("he said on a visit to Pakistan"). The rules
are in :func:`find_location`.
"""

from __future__ import annotations

from collections.abc import Iterator

from whimbrel.events.detect import Trigger
from whimbrel.events.lexicon import load_lexicon
from whimbrel.events.roles import LOCATIVE, TOPIC_VERBS
from whimbrel.nlp import Parse, Token
from whimbrel.records import ActorRef, PlaceRef

__all__ = ["cause_of", "find_location"]


def find_location(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef]) -> PlaceRef | None:
    """The place the event happened, from the event's own clause:

    1. a place under a locative preposition ("killed in Homs", "shot in an ambush north of Karbala"),
       also inside the subject ("Iraqis in Tikrit demonstrated"), though any other attachment beats that
       ("an officer in the Baltic Sea port was shot in an ambush north of Karbala");
    2. a place that is, or is "of"/possessive/apposition-nested in, the event's object: "captured Gaza",
       "captured the town of Bakwa", "patrolled the streets of Reynosa", "Grozny's streets were patrolled"
       (an acted-on place is where the act happened, so here an actor span is no obstacle);
    3. a modifier of the event noun: "the Idlib offensive";
       also a place in an event that frames this one in time ("shot during the occupation of Latvia") and
       where it set out from ("patrolling from Kunduz city"). A place that also names an actor counts
       when a static locative governs it ("demonstrated outside Ciragan Palace").

    The closest attachment wins (fewest arcs to the event), then the most specific place ("in the Belarus
    capital Minsk" is Minsk), then the nearest in the text; then the narrowest place of the winner's own
    phrase ("in Iraq's northern city of Mosul" is Mosul, :func:`_narrowest`). A coordinated verb lends
    the event only a plain chain of locative phrases ("shot and left for dead in a ditch outside Karachi",
    not "captured, and confessed before a judge in Madrid").

    4. Failing all that, a locative place in a clause that depends on the event's ("killed while fighting
       in Manbij", "shot at a shop they ran in Colombo", "killed when a bomb exploded near their patrol in
       Diyala"): such clauses describe the event's circumstances. Complement clauses and parataxis are
       left out: they are other statements ("said the army had entered Homs").
    5. A place in a locative phrase that opens the sentence (or a clause after a semicolon), set off by a
       comma ("In Lyon, thousands of farmers ... marched"): a fronted setting frames every event of its
       sentence, whatever the parser attached it to.
    6. A place in a clause describing a participant ("killed dozens of people who tried to escape the city
       of Manbij", "shot laborers working in a factory in a West Bank settlement"), not a stative one
       ("troops which have their bases in Turkey").
    7. For an outcome participle, its act's place ("liberated hilltops near Tal Sha'rah, killing 25").
    8. Last, a place in a static locative phrase anywhere under the event word, when every link between
       only describes the event's circumstances ("shot with a gun ... near his home in central Moscow",
       "detonated when a patrol passed by on a road in the Markab area"): :func:`_setting_far_below`.

    The event's words are its trigger, its governing verb, and the verbs merged into it ("a suicide attack
    killed twelve soldiers at a base near Kandahar": the attack happened where the killing did); a
    participle describing a nominal trigger is part of it ("a petrol bomb thrown in the old quarter of
    Hebron").
    """
    if not places:
        return None
    return _locate(parse, trig, places, actors, deep=False) or _locate(parse, trig, places, actors, deep=True) \
        or _fronted_setting(parse, trig, places, actors) \
        or _participant_setting(parse, trig, places, actors) \
        or _result_setting(parse, trig, places, actors) \
        or _setting_far_below(parse, trig, places, actors)


def _locate(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef], *, deep: bool) -> PlaceRef | None:
    taken = {(a.start, a.end) for a in actors}
    roots = [trig.token] if trig.governor is trig.token else [trig.token, trig.governor]
    roots += [parse.tokens[i] for i in trig.absorbed if 0 <= i < len(parse.tokens)
              and parse.tokens[i].sent == trig.token.sent and parse.tokens[i] not in roots]
    best: tuple[tuple[int, int, int], PlaceRef] | None = None
    for place, ptok in _places_in_sentence(parse, trig, places):
        for root in roots:
            if ptok.i == root.i or not _in_clause(parse, ptok, root, deep=deep):
                continue
            path = _path_to(parse, ptok, root, limit=_DEEP_PATH if deep else _PATH)
            if path is None:
                continue
            kind = _attachment(parse, ptok, path, trig)
            if kind is None or (kind != "object" and (place.start, place.end) in taken
                                and not _static_setting(path)):
                continue
            if deep and not _own_locative(path):
                continue
            key = (len(path) + (_SUBJECT_PENALTY if kind == "subject" else 0), _specificity(place), abs(ptok.i - trig.token.i))
            if best is None or key < best[0]:
                best = (key, place)
    if best is None:
        return None
    return _narrowest(parse, best[1], places)


_OWN_CLAUSE_STOPS = {"ccomp", "relcl", "advcl", "acl", "parataxis", "xcomp"}
_CIRCUMSTANCE_MARKS = {"while", "when", "as"}  # "killed while fighting in …"; not "after", another event
_STATIC_LOCATIVE = {"in", "at", "near", "inside", "outside", "on", "within", "around"}  # where, not whither
_PATH = 8
_DEEP_PATH = 12
_DEEP_SEGMENT = 3  # arcs from the place up to its locative preposition: "in Manbij city", "in the Diyala province"


def _places_in_sentence(parse: Parse, trig: Trigger, places: list[PlaceRef]) -> Iterator[tuple[PlaceRef, Token]]:
    """The places of the trigger's sentence that may say where (not a country's name on a thing: "a US
    convoy"), each with its head token."""
    sentence = parse.sentences[trig.token.sent]
    for place in places:
        if place.start is None or place.end is None or not sentence.start <= place.start < sentence.end:
            continue
        ptok = _span_head(parse, place.start, place.end)
        if ptok is not None and ptok.sent == trig.token.sent and not _nationality(parse, ptok, place):
            yield place, ptok


def _in_clause(parse: Parse, tok: Token, root: Token, *, deep: bool) -> bool:
    """Is ``tok`` inside ``root``'s clause, not inside an embedded clause with its own verb? With ``deep``,
    the embedded clauses that describe the event's circumstances are let through (:func:`_circumstance`).
    A participle on a nominal event word is the event itself ("a petrol bomb thrown in ...")."""
    below: list[Token] = [tok]
    for anc in parse.ancestors(tok):
        if anc.i == root.i:
            return True
        if anc.pos in ("VERB", "AUX") and anc.dep == "conj" and not _plain_setting(below):
            return False
        below.append(anc)
        if anc.pos in ("VERB", "AUX") and anc.dep in _OWN_CLAUSE_STOPS and anc.i != root.i:
            if anc.dep == "acl" and anc.head == root.i and root.pos in ("NOUN", "PROPN"):
                continue
            if not (deep and _circumstance(parse, anc)):
                return False
    return False


def _phrase_top(parse: Parse, ptok: Token) -> Token | None:
    """Where the noun phrase a place nests in ends, through possessives, compounds, "the city of" and the
    like: its preposition ("in Iraq's northern city of Mosul": "in", for both Iraq and Mosul), or the
    phrase's own head ("captured the Red Sea island of Hanish": "island", for both)."""
    for anc in [ptok, *parse.ancestors(ptok)]:
        of_place = anc.dep == "prep" and anc.lower == "of" and parse.tokens[anc.head].lemma.lower() in _PLACE_NOUNS
        if not (anc.dep in ("poss", "compound", "amod", "nmod", "pobj") or of_place):
            return anc
    return None


def _narrowest(parse: Parse, chosen: PlaceRef, places: list[PlaceRef]) -> PlaceRef:
    """The most specific place in the chosen place's own phrase: "in Syria's Aleppo province" is Aleppo,
    "in Iraq's northern city of Mosul" is Mosul, "in Baghdad's district of Saiydiah" is Saiydiah (the
    possessor is what holds the named place), however the parser nested them. Two settings of the same
    verb are one place said twice: "killed in the village of Ashmi ..., in northern Syria" is Ashmi."""
    ctok = _span_head(parse, chosen.start or 0, chosen.end or 0)
    top = _phrase_top(parse, ctok) if ctok is not None else None
    if ctok is None or top is None:
        return chosen
    best, best_key = chosen, (_specificity(chosen), _modifies_a_thing(parse, ctok))
    for place in places:
        if place.start is None or place.end is None:
            continue
        ptok = _span_head(parse, place.start, place.end)
        if ptok is None or ptok.sent != top.sent or (key := (_specificity(place), _modifies_a_thing(parse, ptok))) >= best_key:
            continue
        other = _phrase_top(parse, ptok)
        if other is not None and (other.i == top.i or (
                other.dep == top.dep == "prep" and other.head == top.head and other.lower in _STATIC_LOCATIVE
                and top.lower in _STATIC_LOCATIVE)):
            best, best_key = place, key
    return best


_MODIFIER_DEPS = {"poss", "compound", "amod", "nmod"}


def _modifies_a_thing(parse: Parse, ptok: Token) -> bool:
    """Does the place only modify another noun ("the Baghdad headquarters")? Not a place word: in "the
    al-Tijara neighbourhood" or "Sirrin town" the name is the place (in "the Baghdad neighbourhood of
    Al-Bayaa" the named quarter is narrower anyway: :func:`_specificity`)."""
    return ptok.dep in _MODIFIER_DEPS and parse.tokens[ptok.head].lemma.lower() not in _PLACE_NOUNS


def _plain_setting(chain: list[Token]) -> bool:
    """Is the chain (a place up to the verb it depends on) only static locative phrases and the nouns
    they nest in ("in a ditch on the outskirts of Karachi"), with no other preposition ("before a judge in
    Madrid", "deported to the camp at Mauthausen") or verb between?"""
    preps = [t for t in chain if t.dep == "prep" or t.pos == "ADP"]
    if not preps or any(t.pos in ("VERB", "AUX") for t in chain[1:]):
        return False
    return all(t.lower in _STATIC_LOCATIVE or t.lower == "of" for t in preps)


_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "agent"}
_PARTICIPANT_PATH = 16
_DESCRIBING = {"relcl", "acl"}
_NOT_DESCRIBING = {"ccomp", "advcl", "parataxis", "csubj"}


def _result_setting(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef]) -> PlaceRef | None:
    """A bare participle adverbial tells the outcome of the act it hangs on, in the same place: "liberated
    hilltops near Tal Sha'rah, killing 25", "targeted strongholds in al-Bukamal, killing 200"."""
    tok = trig.token
    if tok.dep != "advcl" or tok.tag != "VBG" or any(parse.children(tok, "mark")) or tok.head == tok.i:
        return None
    head = parse.tokens[tok.head]
    if head.pos != "VERB":
        return None
    return _locate(parse, Trigger(head, trig.sense, head, []), places, actors, deep=False)


def _participant_setting(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef]) -> PlaceRef | None:
    """A place in a clause that describes one of the event's participants: "killed dozens of people who
    tried to escape the city of Manbij", "shot four laborers working in a factory in a West Bank
    settlement", "a taxi parked in the center of Florencia was detonated". Where the victims, attackers or
    the thing attacked were is, failing anything better, where the event happened."""
    taken = {(a.start, a.end) for a in actors}
    roots = [trig.token] if trig.governor is trig.token else [trig.token, trig.governor]
    best: tuple[tuple[int, int], PlaceRef] | None = None
    for place, ptok in _places_in_sentence(parse, trig, places):
        for root in roots:
            path = _path_to(parse, ptok, root, limit=_PARTICIPANT_PATH)
            if path is None or not _describes_participant(parse, path):
                continue
            if (place.start, place.end) in taken and not _static_setting(path):
                continue
            key = (len(path), _specificity(place))
            if best is None or key < best[0]:
                best = (key, place)
    return best[1] if best else None


def _describes_participant(parse: Parse, path: list[Token]) -> bool:
    """Does the path run from the place, in a locative phrase or as an object, up through a relative or
    participial clause, to a noun that is (or nests in) an argument of the event?"""
    k = max((k for k, t in enumerate(path) if t.pos in ("VERB", "AUX") and t.dep in _DESCRIBING), default=None)
    if k is None or k == 0:
        return False
    inner, outer, clause = path[:k], path[k + 1:], path[k]
    if clause.lemma.lower() in _STATIVE or not outer or not _argument_top(outer):
        return False
    if any(t.pos in ("VERB", "AUX") or not (t.dep in _NESTING or t.dep in _ARGUMENT_DEPS or t.dep == "agent"
                                             or (t.dep == "prep" and t.lower == "of")) for t in outer):
        return False
    if any((t.pos in ("VERB", "AUX") and (t.dep in _NOT_DESCRIBING or t.lemma.lower() in _STATIVE))
           or (t.dep == "prep" and t.lower in _TEMPORAL) for t in inner):
        return False
    # the place says where: under a locative preposition, or a place acted on ("escape the city of X")
    if any(t.dep == "prep" and t.lower in LOCATIVE for t in inner[1:]):
        return True
    return all(t.dep in _NESTING or t.dep in ("dobj", "xcomp") or (t.dep == "prep" and t.lower == "of") for t in inner) \
        and any(t.lemma.lower() in _PLACE_NOUNS for t in inner)


def _argument_top(outer: list[Token]) -> bool:
    top = outer[-1]
    return top.dep in _ARGUMENT_DEPS or (len(outer) >= 2 and outer[-2].dep == "pobj" and top.dep == "agent")


# Clauses that tell what a participant is, not where it was when the event happened ("troops which have
# their bases in Turkey", "the Taliban, which control most of Afghanistan", "forces based in Qatar").
_STATIVE = {"have", "control", "base", "rule", "govern", "own", "represent", "lead", "head", "hold"}
_TEMPORAL = {"during", "since", "after", "before", "until", "following"}


def _static_setting(path: list[Token]) -> bool:
    """Is the place's first preposition above it a static locative ("demonstrated outside Ciragan Palace",
    "captured on the battlefields of Afghanistan")? Then it says where, even if it also names an actor."""
    prep = next((t for t in path[1:] if t.dep == "prep" and t.lower != "of"), None)
    return prep is not None and prep.lower in _STATIC_LOCATIVE


def _fronted_setting(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef]) -> PlaceRef | None:
    """A place in a locative phrase that opens the trigger's sentence and ends at a comma before the
    trigger: "In Lyon, ... marched". Only a place the preposition governs counts, not an actor or a
    possessor ("In Turkey's view, ..." has no place)."""
    sentence = parse.sentences[trig.token.sent]
    toks = [t for t in parse.tokens_between(sentence.start, sentence.end) if not t.text.isspace()]
    # a clause after a semicolon opens like a sentence: "...; on the island of St. Croix, a looter shot ..."
    semi = max((k for k, t in enumerate(toks) if t.text == ";" and t.i < trig.token.i), default=None)
    if semi is not None:
        toks = toks[semi + 1:]
    if len(toks) < 3 or toks[0].lower not in _STATIC_LOCATIVE or toks[0].dep != "prep":
        return None
    comma = next((t for t in toks if t.text == ","), None)
    if comma is None or comma.i >= trig.token.i or comma.i - toks[0].i > 8:
        return None
    taken = {(a.start, a.end) for a in actors}
    inside = [p for p in places if p.start is not None and p.end is not None and toks[0].end <= p.start
              and p.end <= comma.start and (p.start, p.end) not in taken and _setting_of(parse, p, toks[0])]
    return min(inside, key=_specificity, default=None)


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


_DIVISION_WORDS = {"district", "province", "region", "governorate", "county", "state", "prefecture", "oblast",
                   "department", "division", "countryside"}
# Cities and sites are more specific than regions, regions than countries (feature class, GeoNames).
_SPECIFICITY = {"P": 0, "S": 0, "A": 2, "L": 3}


def _specificity(place: PlaceRef) -> int:
    """Lower is more specific. A country (A.PCL*) ranks below its regions (A.ADM*), which share its feature
    class: "in Syria's northern Aleppo province" is Aleppo."""
    feature = place.feature or ""
    if not feature:
        # a name the gazetteer lacks: it holds every country, region and town of 5,000, so a village or a
        # quarter ("al-Tijara neighbourhood in central Damascus" is al-Tijara), unless it says it is a
        # division ("the Ghat area of Doda district" is Ghat)
        return 2 if place.text.rsplit(" ", 1)[-1].lower() in _DIVISION_WORDS else -1
    if feature.startswith("A.PCL"):
        return 3
    return _SPECIFICITY.get(feature[:1], 1)
_SUBJECT_PENALTY = 4  # arcs: a place inside the subject loses to one attached to the event itself
_NESTING = {"pobj", "poss", "compound", "appos", "amod", "nmod", "conj"}


# Nouns that a country name may modify and still say where: "the Syria border", "the Gaza Strip".
_PLACE_NOUNS = {"city", "town", "village", "province", "district", "region", "area", "border", "capital", "state",
                "county", "governorate", "camp", "coast", "frontier", "enclave", "strip", "zone", "territory",
                "neighbourhood", "neighborhood", "suburb", "quarter", "settlement", "island", "valley"}


# Prepositions whose object, an event, frames the event in time and place: "shot during the occupation of
# Latvia", "killed since the launch of the Mosul operation".
_FRAMES = {"during", "amid", "since"}
_FRAME_NOUNS = {"war", "occupation", "conflict", "uprising", "campaign", "violence", "invasion", "insurgency",
                "launch", "start", "course"}


def _event_noun(tok: Token) -> bool:
    return tok.pos == "NOUN" and (tok.lemma.lower() in _FRAME_NOUNS or load_lexicon().noun(tok.lemma.lower(), tok.lower) is not None)


def _nationality(parse: Parse, ptok: Token, place: PlaceRef) -> bool:
    """A country's name modifying a common noun says whose, not where: "a US military convoy", "a US
    anti-narcotics adviser", "a US-Kurdish operation". (A town's name so placed does say where: "a Hong Kong
    hotel", "the UN's Baghdad headquarters".)"""
    if not (place.feature or "").startswith("A.PCL") or ptok.dep not in ("compound", "amod", "nmod") \
            or ptok.head == ptok.i:
        return False
    head = parse.tokens[ptok.head]
    if head.pos == "PROPN" and head.ent not in ("GPE", "LOC", "FAC"):
        return True  # "a US Marine", "the US Army": a name of whose, not of where
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
    if top.dep == "prep" and top.lower == "from" and verb.pos == "VERB" and nested:
        return "locative"  # "patrolling from Kunduz city", "rockets fired from Gaza": where it started
    if top.dep == "prep" and top.lower in _FRAMES and nested and len(path) >= 3 and _event_noun(path[-2]):
        return "frame"
    return None


# A place deep under the event word is still its setting when every link up to the event is a noun nested
# in a static locative phrase (or an instrument: "shot with a gun ... near his home in central Moscow"), a
# participle on a noun ("a patrol passing on a bridge west of Duluiyah"), an infinitive, or a circumstantial
# clause ("while waiting to interview prisoners in Abidjan"); never another statement, a relative clause, a
# stative verb ("forces based in Qatar") or a preposition of time or direction.
_FAR_PATH = 16
_FAR_PREPOSITIONS = _STATIC_LOCATIVE | {"of", "with"}
_FAR_NOUN_DEPS = _NESTING | {"dobj", "pobj", "nsubj", "nsubjpass", "npadvmod"}


def _setting_far_below(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef]) -> PlaceRef | None:
    """Rule 8: the nearest place in a static locative phrase anywhere under the event word, through links
    that only describe the event's circumstances (see ``_far_link``). Not under a verb of talks: what they
    are about is no place ("discussed the situation in Idlib")."""
    if trig.token.lemma in TOPIC_VERBS:
        return None
    taken = {(a.start, a.end) for a in actors}
    best: tuple[tuple[int, int], PlaceRef] | None = None
    for place, ptok in _places_in_sentence(parse, trig, places):
        if (place.start, place.end) in taken:
            continue
        path = _path_to(parse, ptok, trig.token, limit=_FAR_PATH)
        if path is None or not any(t.dep == "prep" and t.lower in _STATIC_LOCATIVE for t in path[1:]) \
                or not all(_far_link(parse, t) for t in path):
            continue
        key = (len(path), _specificity(place))
        if best is None or key < best[0]:
            best = (key, place)
    return None if best is None else _narrowest(parse, best[1], places)


def _far_link(parse: Parse, t: Token) -> bool:
    if t.dep == "prep" or t.pos == "ADP":
        return t.lower in _FAR_PREPOSITIONS
    if t.pos in ("VERB", "AUX"):
        if t.lemma.lower() in _STATIVE:
            return False
        return t.dep in ("acl", "xcomp") or (t.dep == "advcl" and _circumstance(parse, t))
    return t.dep in _FAR_NOUN_DEPS


# Prepositions that tie an event to the act that caused it or the fighting it came in: "killed due to
# bombardment", "killed after clashes", "killed in an airstrike", "wounded by shelling", "died from wounds".
_CAUSE_PREPOSITIONS = {"by", "after", "following", "in", "during", "amid", "due", "from"}
_CAUSE_PATH = 5


def cause_of(parse: Parse, trig: Trigger, triggers: list[Trigger]) -> Trigger | None:
    """The event a verb of this event names as its cause or its occasion: the nominal trigger under a
    causal or temporal preposition of the verb (or of a verb coordinated with it: "were killed and others
    injured after clashes in Daraa"). Its place, when this event has none of its own, is this event's:
    the casualties fell where the bombardment or the clashes were."""
    if trig.token.pos not in ("VERB", "AUX"):
        return None
    event_words = {t.token.i for t in triggers} | {i for t in triggers for i in t.absorbed}
    for other in triggers:
        tok = other.token
        if other is trig or tok.sent != trig.token.sent or tok.pos not in ("NOUN", "PROPN") or tok.dep != "pobj":
            continue
        path = _path_to(parse, tok, trig.token, limit=_CAUSE_PATH)
        if path is None or not any(t.lower in _CAUSE_PREPOSITIONS for t in path[1:]):
            continue
        # the preposition ("due to": two words), then at most a coordinated event verb it hangs on; no noun
        # or other verb between ("captured in 2005 and face charges for their part in the killing spree")
        if all(t.dep in ("prep", "agent", "pcomp") or (t.dep == "conj" and t.i in event_words) for t in path[1:]):
            return other
    return None
