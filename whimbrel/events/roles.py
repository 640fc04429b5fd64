"""Who did it, to whom, where, and on whose word — from the dependency parse.

* Source: the subject (or the "by" agent of a passive); subjects carry down control and coordination
  ("Ankara failed to win…", "Moscow would … but would also open…"); a relative clause takes the noun it
  modifies; a nominal event takes its possessor ("Turkey's call"), its "by" phrase, or the subject of
  its light verb ("Erdogan will hold talks").
* Target: the object (the subject of a passive), an indirect object, and the prepositional objects each
  event type takes ("talks with", "attack on", "request from", "aid to"); "between X and Y" gives both.
* Lists and appositions resolve to every actor they name: "from Russia and Iran" is two targets.
* Location: a place in a locative phrase of the event's own clause ("in Idlib", "inside the Idlib
  region"), not one attached to the verb that reports it ("he said on a visit to Pakistan").
* Reported by: whoever the event's clause is attributed to ("…, Reuters reported", "SOHR said …").
"""

from __future__ import annotations

from whimbrel.actors.mentions import country_of_name
from whimbrel.events.detect import Trigger
from whimbrel.events.lexicon import load_lexicon
from whimbrel.kb import KnowledgeBase
from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import is_stative_passive, subject_of
from whimbrel.quotes.cues import is_speech_verb
from whimbrel.records import ActorRef, PlaceRef

__all__ = ["ActorIndex", "find_location", "reporters", "source_of", "targets_of"]

_TARGET_PREPS = {
    "CONSULT": {"with", "to"}, "AGREE": {"with", "to"}, "COOPERATE": {"with"}, "SUPPORT": {"for"},
    "AID": {"to", "for"}, "REQUEST": {"from", "to", "on", "upon"}, "ACCUSE": {"against", "into", "to"},
    "REJECT": {"to"}, "THREATEN": {"against", "with"}, "PROTEST": {"against", "outside"},
    "SANCTION": {"on", "against", "with"}, "MOBILIZE": {"against"}, "COERCE": {"against", "on"},
    "ASSAULT": {"on", "against", "at", "upon"}, "RETREAT": {"to", "from"}, "CONCEDE": {"to"},
}
_NOT_ACTORS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
_WEAPONS = {"bomb", "device", "mine", "landmine", "ied", "grenade", "shell", "rocket", "missile", "mortar",
            "explosive", "explosives", "bullet", "projectile", "drone", "munition", "munitions", "blast",
            "explosion", "car bomb"}
_TIME_WORDS = {"day", "week", "month", "year", "night", "morning", "evening", "afternoon", "weekend", "time",
               "hour", "minute", "today", "yesterday", "tomorrow", "occasion", "way", "basis"}
_INNER_TARGET_PREPS = {"to", "against", "on", "with", "from", "for", "upon", "in", "into"}
_LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "into", "around", "within", "throughout",
             "on", "along", "off", "over", "toward", "towards", "to", "through"}


class ActorIndex:
    """Actor mentions by token, so an argument token finds the actor(s) it is part of."""

    def __init__(self, parse: Parse, actors: list[ActorRef], kb: KnowledgeBase | None = None,
                 places: list[PlaceRef] | None = None) -> None:
        self.parse = parse
        self.kb = kb
        self.places = [p for p in places or [] if p.start is not None and p.country]
        self.by_token: dict[int, list[ActorRef]] = {}
        for ref in actors:
            if ref.start is None or ref.end is None:
                continue
            for tok in parse.tokens_between(ref.start, ref.end):
                self.by_token.setdefault(tok.i, []).append(ref)

    def at(self, tok: Token, *, create: bool = False) -> list[ActorRef]:
        """The actors this argument names: its own mention(s), plus those of its conjuncts and appositions;
        failing that, the country its words name ("Palestinian homes", "aid for refugees in Liberia").
        With ``create``, an argument that names no known actor still becomes an (unresolved) actor:
        "a barangay captain", "three hotels in Amman"."""
        found: list[ActorRef] = []
        self._collect(tok, found, depth=0)
        if found and all(r.sector == "UNK" and r.id is None for r in found):
            # "leaders of the opposition coalition", "members of Hamas": they act for what they belong to
            members_of = self._of_phrase(tok)
            if members_of:
                return members_of
        if not found and self.kb is not None:
            fallback = self._country_in_phrase(tok)
            if fallback is not None:
                found.append(fallback)
        if not found and create and tok.pos in ("NOUN", "PROPN", "NUM") and tok.ent not in _NOT_ACTORS \
                and tok.lemma.lower() not in _TIME_WORDS:
            found.append(self._unresolved(tok))
        return found

    def _of_phrase(self, tok: Token) -> list[ActorRef]:
        found: list[ActorRef] = []
        for prep in self.parse.children(tok, "prep"):
            if prep.lower == "of":
                for pobj in self.parse.children(prep, "pobj"):
                    self._collect(pobj, found, depth=1)
        return [r for r in found if r.sector != "UNK"]

    def _unresolved(self, tok: Token) -> ActorRef:
        parse = self.parse
        lo, hi = tok.left, tok.right
        while lo < tok.i and parse.tokens[lo].pos in ("DET", "PUNCT", "CCONJ", "SPACE"):
            lo += 1
        hi = min(hi, tok.i + 8)
        while hi > tok.i and parse.tokens[hi].pos in ("PUNCT", "SPACE"):
            hi -= 1  # "the talks on Monday,\n\n" ends at "Monday"
        start, end = parse.tokens[lo].start, parse.tokens[hi].end
        country = next((p.country for p in self.places if start <= p.start < end), None)  # type: ignore[operator]
        agent = self.kb.agent(tok.lemma) if self.kb is not None else None
        return ActorRef(text=parse.text[start:end], start=start, end=end, kind="group" if tok.tag.endswith("S") else None,
                        country=country, sector=agent.sector if agent else "UNK")

    def _country_in_phrase(self, tok: Token) -> ActorRef | None:
        parse, kb = self.parse, self.kb
        assert kb is not None
        lo, hi = tok.left, min(tok.right, tok.left + 15)
        for t in parse.tokens[lo:hi + 1]:
            if t.pos not in ("PROPN", "ADJ", "NOUN") or not t.text[:1].isupper():
                continue
            iso = country_of_name(kb, t.text)
            if iso is not None:
                start, end = parse.tokens[lo].start, parse.tokens[hi].end
                agent = kb.agent(tok.lemma) or kb.agent(tok.text)
                return ActorRef(text=parse.text[start:end], start=start, end=end, kind="group", country=iso,
                                sector=agent.sector if agent else "UNK")
        return None

    def _collect(self, tok: Token, found: list[ActorRef], depth: int) -> None:
        if depth > 6:
            return
        parse = self.parse
        own = self.by_token.get(tok.i, [])
        if own:
            # The tightest mentions covering the head ("Russian Foreign Minister Sergei Lavrov" over "Russian").
            width = min((r.end or 0) - (r.start or 0) for r in own)
            for ref in own:
                if (ref.end or 0) - (ref.start or 0) == width and ref not in found:
                    found.append(ref)
        elif tok.pos in ("NOUN", "PROPN"):
            # "terrorist targets", "rebel positions": the actor is the modifier.
            for mod in parse.children(tok, "amod", "compound"):
                if mod.i < tok.i:
                    self._collect(mod, found, depth + 1)
            for poss in parse.children(tok, "poss"):  # "Saddam Hussein's proposal"
                self._collect(poss, found, depth + 1)
            # "members of Russia's Security Council", "an offer from Kabul": the actor is in a phrase.
            for prep in parse.children(tok, "prep"):
                if prep.lower in ("of", "from", "by"):
                    for pobj in parse.children(prep, "pobj"):
                        self._collect(pobj, found, depth + 1)
            for verb in parse.children(tok, "acl"):  # "crimes committed by Croat forces"
                for agent in parse.children(verb, "agent"):
                    for pobj in parse.children(agent, "pobj"):
                        self._collect(pobj, found, depth + 1)
        for child in parse.children(tok, "conj", "appos"):
            self._collect(child, found, depth + 1)


def source_of(parse: Parse, trig: Trigger, index: ActorIndex) -> list[ActorRef]:
    tok = trig.token
    if trig.combined:  # "Annan will withdraw weapons inspectors": the verb's subject, not "weapons"
        subj = subject_of(parse, trig.governor)
        return index.at(subj, create=True) if subj is not None else []
    if tok.pos in ("NOUN", "PROPN"):
        for child in parse.children(tok, "poss"):
            found = index.at(child)
            if found:
                return found
        for prep in parse.children(tok, "prep", "agent"):
            if prep.lower == "by":
                for pobj in parse.children(prep, "pobj"):
                    found = index.at(pobj)
                    if found:
                        return found
        # "Russian airstrikes", "a government offensive" (but "the Iran meeting" is where, not who)
        for child in parse.children(tok, "amod", "compound"):
            if child.pos == "PROPN" and child.ent in ("GPE", "LOC", "FAC"):
                continue
            found = index.at(child)
            if found:
                return found
        if trig.governor is not tok:
            subj = subject_of(parse, trig.governor)
            return index.at(subj) if subj is not None else []
        # "he said on a visit to Pakistan": the visit is the subject's
        if tok.dep == "pobj" and parse.tokens[tok.head].lower in ("on", "during", "at"):
            verb = parse.tokens[parse.tokens[tok.head].head]
            if verb.pos in ("VERB", "AUX"):
                subj = subject_of(parse, verb)
                return index.at(subj) if subj is not None else []
        return []
    subj = subject_of(parse, tok)
    return index.at(subj, create=True) if subj is not None and subj.lower not in ("it", "they", "who") else (
        index.at(subj) if subj is not None else [])


_ACTED_ON_PREPS = {"to", "with", "against", "on", "for", "from", "between"}
# Verbs whose object is what is talked about, not who is talked to: the party comes with "with".
_TOPIC_VERBS = {"discuss", "debate", "review", "examine", "address", "consider"}


def targets_of(parse: Parse, trig: Trigger, index: ActorIndex, source: list[ActorRef]) -> list[ActorRef]:
    tok, gov = trig.token, trig.governor
    preps = _TARGET_PREPS.get(trig.sense.type, set())
    found: list[ActorRef] = []

    create = trig.sense.type not in ("MOBILIZE", "RETREAT")

    lex = load_lexicon()

    def add(arg: Token) -> None:
        if arg.lemma.lower() in _WEAPONS and not index.by_token.get(arg.i):
            return  # "detonated a bomb": the weapon is not a target (as a subject it stands for its users)
        # An event noun is no party, though its modifiers may name one ("agreed to US mediation").
        named_event = arg.pos == "NOUN" and lex.noun(arg.lemma.lower(), arg.lower) is not None
        for ref in index.at(arg, create=create and not named_event):
            if ref not in found and not any(ref.id and ref.id == s.id and ref.sector == s.sector for s in source):
                found.append(ref)

    holders = [tok] if gov is tok else [tok, gov]
    for holder in holders:
        if holder.pos in ("VERB", "AUX"):
            passive = any(parse.children(holder, "auxpass")) and not is_stative_passive(parse, holder)
            # "discussed the situation with Russia's Security Council": the object is the topic, not a party
            objects = ("nsubjpass",) if passive else ("dative", "iobj") if holder.lemma in _TOPIC_VERBS else (
                "dobj", "dative", "iobj")
            for child in parse.children(holder, *objects):
                if child.i != tok.i and (trig.acted_on is None or child.i != trig.acted_on.i):
                    add(child)
        for prep in parse.children(holder, "prep"):
            if prep.lower in preps or (prep.lower == "between" and trig.sense.type in ("CONSULT", "ASSAULT", "AGREE")):
                for pobj in parse.children(prep, "pobj"):
                    add(pobj)
                for pcomp in parse.children(prep, "pcomp"):  # "with Putin to discuss…" parsed as a clause
                    for subj in parse.children(pcomp, "nsubj"):
                        add(subj)
        if trig.sense.type == "REQUEST" and not found:
            # "demanded that the government end curbs": the one asked is the complement's subject
            for comp in parse.children(holder, "ccomp", "xcomp"):
                for subj in parse.children(comp, "nsubj", "nsubjpass"):
                    add(subj)
    if not found and trig.acted_on is not None:
        # "suspended aid to Albania", "lifted sanctions on Iran", "banned the opposition's rally"
        for prep in parse.children(trig.acted_on, "prep"):
            if prep.lower in _ACTED_ON_PREPS:
                for pobj in parse.children(prep, "pobj"):
                    add(pobj)
        for poss in parse.children(trig.acted_on, "poss"):
            add(poss)
        for verb in parse.children(trig.acted_on, "acl"):  # "the demonstration staged by students"
            for agent in parse.children(verb, "agent"):
                for pobj in parse.children(agent, "pobj"):
                    add(pobj)
    if not found and trig.sense.type in ("THREATEN", "REQUEST"):
        # "threatened a strike unless Israel rescinded the annexation": the one who must comply
        content = [trig.content.token, trig.content.governor] if trig.content is not None else []
        for holder in holders + content:
            for clause in parse.children(holder, "advcl"):
                if any(m.lower in ("unless", "if") for m in parse.children(clause, "mark")):
                    for subj in parse.children(clause, "nsubj", "nsubjpass"):
                        add(subj)
    if not found and trig.content is not None:
        # "offered to hand over … to Britain", "threatened to launch an offensive against Iraq"
        inner = trig.content.token
        for child in parse.children(inner, "dobj", "dative", "nsubjpass"):
            add(child)
        for prep in parse.children(inner, "prep"):
            if prep.lower in _INNER_TARGET_PREPS:
                for pobj in parse.children(prep, "pobj"):
                    add(pobj)
    if not found and trig.sense.type == "ASSAULT":
        # "airstrikes which killed several dozen people": the victims of the folded-in casualty verb
        for k in trig.absorbed:
            verb = parse.tokens[k]
            for child in parse.children(verb, "nsubjpass" if any(parse.children(verb, "auxpass")) else "dobj"):
                add(child)
    if not found and tok.pos in ("NOUN", "PROPN"):
        # "in defiance of Chinese authorities": the one defied
        for prep in parse.children(gov, "prep"):
            for pobj in parse.children(prep, "pobj"):
                if pobj.lemma.lower() == "defiance":
                    for inner in parse.children(pobj, "prep"):
                        for defied in parse.children(inner, "pobj"):
                            add(defied)
    if not found and tok.dep == "pobj" and parse.tokens[tok.head].lower == "under":
        # "a US national was put under investigation", "the town came under attack"
        verb = parse.tokens[parse.tokens[tok.head].head]
        for subj in parse.children(verb, "nsubjpass", "nsubj"):
            add(subj)
    if not found:
        # Prepositional targets nested under a topic ("agreement for a cease-fire from Russia and Iran",
        # "mobilized reservists for a possible war against Iraq").
        scopes = [tok] if tok.pos in ("NOUN", "PROPN") else [
            pobj for prep in parse.children(tok, "prep") if prep.lower in ("for", "over") for pobj in
            parse.children(prep, "pobj")]
        for scope in scopes:
            for inner_tok in parse.tokens[scope.left:scope.right + 1]:
                if inner_tok.dep == "prep" and inner_tok.lower in preps and inner_tok.head != tok.i:
                    for pobj in parse.children(inner_tok, "pobj"):
                        add(pobj)
    return found


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
    """
    if not places:
        return None
    return _locate(parse, trig, places, actors, deep=False) or _locate(parse, trig, places, actors, deep=True)


def _locate(parse: Parse, trig: Trigger, places: list[PlaceRef], actors: list[ActorRef], *, deep: bool) -> PlaceRef | None:
    taken = {(a.start, a.end) for a in actors}
    roots = [trig.token] if trig.governor is trig.token else [trig.token, trig.governor]
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
    the embedded clauses that describe the event's circumstances are let through (:func:`_circumstance`)."""
    for anc in parse.ancestors(tok):
        if anc.i == root.i:
            return True
        if anc.pos in ("VERB", "AUX") and anc.dep in _OWN_CLAUSE_STOPS and anc.i != root.i:
            if not (deep and _circumstance(parse, anc)):
                return False
    return False


def _own_locative(path: list[Token]) -> bool:
    """Does the place sit in a locative phrase of the nearest verb above it, a few arcs up ("fighting in
    Manbij city")? A preposition above that verb belongs to another clause ("a zone set up when Turkey…")."""
    for k, t in enumerate(path[1:], start=1):
        if t.pos in ("VERB", "AUX"):
            return False
        if t.dep == "prep" and t.lower in _LOCATIVE:
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
    if top.dep == "dobj" and verb.lemma in _TOPIC_VERBS:
        return None  # what is discussed is no place where the talks were: "discussed the situation in Idlib"
    in_subject = top.dep in ("nsubj", "nsubjpass", "csubj", "agent")
    if any(t.dep == "prep" and t.lower in _LOCATIVE for t in path[1:]):
        return "subject" if in_subject else "locative"
    nested = all(t.dep in _NESTING or (t.dep == "prep" and t.lower == "of") for t in path[:-1])
    if nested and top.dep in ("dobj", "nsubjpass") and verb.pos in ("VERB", "AUX"):
        return "object"
    if len(path) == 1 and ptok.head == trig.token.i and ptok.dep in ("compound", "amod", "nmod"):
        return "modifier"
    return None


def reporters(parse: Parse, trig: Trigger, index: ActorIndex, source: list[ActorRef]) -> list[ActorRef]:
    """Whoever the event's clause is attributed to, innermost first: "…, Reuters reported"."""
    out: list[ActorRef] = []
    node = trig.governor
    for anc in parse.ancestors(node):
        if anc.pos not in ("VERB", "AUX") or not is_speech_verb(anc.lemma):
            continue
        subj = next(parse.children(anc, "nsubj"), None)
        if subj is None:
            continue
        for ref in index.at(subj):
            same = any(ref.id and ref.id == s.id for s in source) or any(ref.start == s.start for s in source)
            if not same and ref not in out:
                out.append(ref)
    # "according to X" on the event's clause
    for tok in parse.tokens[parse.sentence_of(trig.token).first:parse.sentence_of(trig.token).last]:
        if tok.lower == "according" and tok.dep == "prep":
            for to in parse.children(tok, "prep"):
                for pobj in parse.children(to, "pobj"):
                    for ref in index.at(pobj):
                        if ref not in out:
                            out.append(ref)
    return out
