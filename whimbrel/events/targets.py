"""Whom an event is done to, from the dependency parse: the object (the subject of a passive), an indirect
object, and the prepositional objects each event type takes ("talks with", "attack on", "request from",
"aid to"); "between X and Y" gives both; lists and appositions give every actor they name. When none of
those names a party, fallbacks in order: the one asked or allowed ("demanded that the government…"), the
one whose demands are answered, the content of a threat or offer, whom something is seized from, the
victims of a folded-in casualty verb, the one defied, the parties of a protest's purpose, prepositional
targets nested under a topic, and last what was blocked or seized, for the country it lies in.
"""

from __future__ import annotations

from dataclasses import replace

from whimbrel.events.detect import Trigger
from whimbrel.events.lexicon import load_lexicon
from whimbrel.events.roles import ASKING_NOUNS, TOPIC_VERBS, ActorIndex, covers, frame_verb, host_verb
from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import is_stative_passive
from whimbrel.records import ActorRef

__all__ = ["place_sector", "targets_of"]

_TARGET_PREPS = {
    "CONSULT": {"with", "to"}, "AGREE": {"with", "to"}, "COOPERATE": {"with"}, "SUPPORT": {"for"},
    "AID": {"to", "for"}, "REQUEST": {"from", "to", "on", "upon"}, "ACCUSE": {"against", "into", "to"},
    "REJECT": {"to"}, "THREATEN": {"against", "with"}, "PROTEST": {"against", "outside"},
    "SANCTION": {"on", "against", "with", "to"}, "MOBILIZE": {"against"}, "COERCE": {"against", "on"},
    "ASSAULT": {"on", "against", "at", "upon"}, "RETREAT": {"to", "from"}, "CONCEDE": {"to"},
}
_WEAPONS = {"bomb", "device", "mine", "landmine", "ied", "grenade", "shell", "rocket", "missile", "mortar",
            "explosive", "explosives", "bullet", "projectile", "drone", "munition", "munitions", "blast",
            "explosion", "car bomb", "weapon", "arms", "ammunition", "gun", "rifle", "minefield", "bombing",
            # and the firing itself: "opened fire on a bus", "fired shots at", "took aim at"
            "fire", "gunfire", "shot", "salvo", "volley", "aim"}
# What is seized, blocked or acted upon without being a party: "blocked roads", "confiscated weapons".
_THINGS = {"road", "street", "highway", "motorway", "bridge", "route", "railway", "rail", "junction", "crossing",
           "square", "entrance", "traffic", "border", "checkpoint", "passport", "document", "vehicle", "car", "truck"}
# Deverbal nouns whose "of" phrase names who the act is done to: "the invasion of Kuwait", "the arrest of X".
_PATIENT_OF = {"invasion", "occupation", "bombing", "bombardment", "shelling", "siege", "blockade", "annexation",
               "capture", "seizure", "killing", "assassination", "massacre", "arrest", "detention", "expulsion",
               "deportation", "suppression", "persecution", "abduction", "kidnapping", "release", "isolation"}
_PATIENT_OF_TYPES = {"ASSAULT", "COERCE", "SANCTION", "RETREAT"}
_ASKING_TYPES = {"CONCEDE", "REJECT", "AGREE"}
# Talks an act follows: "called off the strike after deliberations with the government" answers the government.
_TALK_NOUNS = {"talk", "talks", "negotiation", "deliberation", "consultation", "meeting", "mediation", "dialogue"}
# Verbs that let or make someone do something: "allowed the opposition leader to hold a rally" (spaCy often
# parses the one allowed as the subject of the infinitive).
_CAUSATIVE_VERBS = {"allow", "permit", "let", "enable", "authorize", "authorise", "force", "compel", "invite",
                    "encourage", "help"}
_INNER_TARGET_PREPS = {"to", "against", "on", "with", "from", "for", "upon", "in", "into"}
_ACTED_ON_PREPS = {"to", "with", "against", "on", "for", "from", "between"}
def targets_of(parse: Parse, trig: Trigger, index: ActorIndex, source: list[ActorRef]) -> list[ActorRef]:
    tok, gov = trig.token, trig.governor
    preps = _TARGET_PREPS.get(trig.sense.type, set())
    found: list[ActorRef] = []

    create = trig.sense.type not in ("MOBILIZE", "RETREAT")

    lex = load_lexicon()

    things: list[Token] = []

    def add(arg: Token) -> None:
        if arg.lemma.lower() in _WEAPONS and not index.by_token.get(arg.i):
            return  # "detonated a bomb": the weapon is not a target (as a subject it stands for its users)
        if arg.lemma.lower() in _THINGS and not index.by_token.get(arg.i):
            things.append(arg)  # "blocked streets in Hong Kong": only where nothing better names a party
            return
        # An event noun is no party, though its modifiers may name one ("agreed to US mediation").
        named_event = arg.pos == "NOUN" and lex.noun(arg.lemma.lower(), arg.lower) is not None
        for ref in index.at(arg, create=create and not named_event):
            if covers(ref, tok):
                continue  # "supplying other military intelligence to…": the trigger's own words are no party
            if ref not in found and not any(ref.id and ref.id == s.id and ref.sector == s.sector for s in source):
                found.append(ref)

    holders = [tok] if gov is tok else [tok, gov]
    host = host_verb(parse, trig)
    if host is not None:
        holders.append(host)
    for holder in holders:
        if holder.pos in ("VERB", "AUX"):
            passive = any(parse.children(holder, "auxpass")) and not is_stative_passive(parse, holder)
            # "discussed the situation with Russia's Security Council": the object is the topic, not a party
            # and "mobilized army reservists": what is mobilised is the source's own force
            objects = ("nsubjpass",) if passive else ("dative", "iobj") if (
                holder.lemma in TOPIC_VERBS or trig.sense.type == "MOBILIZE") else ("dobj", "dative", "iobj")
            for child in parse.children(holder, *objects):
                if child.i != tok.i and (trig.acted_on is None or child.i != trig.acted_on.i):
                    if child.pos == "ADP":  # "providing intelligence to Macedonia": spaCy's dative is the "to"
                        for pobj in _prep_objects(parse, child):
                            add(pobj)
                    else:
                        add(child)
        for prep in parse.children(holder, "prep"):
            if prep.lower in preps or (prep.lower == "between" and trig.sense.type in ("CONSULT", "ASSAULT", "AGREE")) \
                    or (trig.acted_on is not None and prep.lower in _ACTED_ON_PREPS) \
                    or (prep.lower == "of" and holder.lemma.lower() in _PATIENT_OF
                        and trig.sense.type in _PATIENT_OF_TYPES):
                # (a verb's "to" may belong to what it acts on: "prohibit all aid to Albanian rebels"; and
                # "the invasion of South Lebanon" is done to South Lebanon)
                for pobj in _prep_objects(parse, prep):
                    add(pobj)
                for pcomp in parse.children(prep, "pcomp"):  # "with Putin to discuss…" parsed as a clause
                    for subj in parse.children(pcomp, "nsubj"):
                        add(subj)
        if (trig.sense.type == "REQUEST" or holder.lemma.lower() in _CAUSATIVE_VERBS) and not found:
            # "demanded that the government end curbs", "allowed opposition leader X to bring out a rally":
            # the one asked or allowed is the complement's subject
            for comp in parse.children(holder, "ccomp", "xcomp"):
                for subj in parse.children(comp, "nsubj", "nsubjpass"):
                    add(subj)
    if not found and trig.sense.type in _ASKING_TYPES:
        # "accepted demands from Shona rebels", "declined to resign despite pressure by the commission"
        for asked in _asking_nouns(parse, holders):
            for poss in parse.children(asked, "poss"):
                add(poss)
            for prep in parse.children(asked, "prep", "agent"):
                if prep.lower in ("from", "by", "of") or (prep.lower == "with" and asked.lemma.lower() in _TALK_NOUNS):
                    for pobj in _prep_objects(parse, prep):
                        add(pobj)
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
    inners = list({trig.content.token.i: trig.content.token, trig.content.governor.i: trig.content.governor}.values()
                  ) if trig.content is not None else [
        comp for holder in holders for comp in parse.children(holder, "xcomp")
    ] if trig.sense.type in _CONTENT_TYPES else []
    for inner in inners if not found else []:
        # "offered to hand over … to Britain", "threatened to launch an offensive against Iraq", and where the
        # act is no event of its own, "threatened to institute a curfew in Algiers"
        for child in parse.children(inner, "dobj", "dative", "nsubjpass"):
            add(child)
        for prep in parse.children(inner, "prep"):
            if prep.lower in _INNER_TARGET_PREPS:
                for pobj in parse.children(prep, "pobj"):
                    add(pobj)
    if not found and trig.sense.type in ("COERCE", "ACCUSE"):
        # "confiscated weapons from armed groups" (what is seized is no party; whom from is); "denounced as a
        # crime Serbia's suppression of…" (spaCy hangs the one denounced on the "as" phrase)
        wanted = "from" if trig.sense.type == "COERCE" else "as"
        seized = [o for h in holders for o in parse.children(h, "dobj")]
        for holder in holders + seized + [c for o in seized for c in parse.children(o, "conj")]:
            for prep in parse.children(holder, "prep"):
                if prep.lower == wanted:
                    for pobj in _prep_objects(parse, prep):
                        add(pobj)
    if not found and trig.sense.type == "ASSAULT":
        # "airstrikes which killed several dozen people": the victims of the folded-in casualty verb
        for k in trig.absorbed:
            verb = parse.tokens[k]
            for child in parse.children(verb, "nsubjpass" if any(parse.children(verb, "auxpass")) else "dobj"):
                add(child)
    if not found and trig.sense.type == "ASSAULT" and tok.pos == "NOUN":
        # "a prisoner died as a result of torture", "two were killed in an airstrike": the victims of the verb
        # whose cause the attack is
        suffered = _suffered_by(parse, tok)
        if suffered is not None:
            for child in parse.children(suffered, "nsubj", "nsubjpass"):
                add(child)
    if not found and trig.sense.type == "PROTEST" and tok.pos == "NOUN":
        # "stopped work on the first day of a strike over a bill signed by the labour minister": the author of
        # what the protest is about (on the trigger or on the verb it frames)
        framing = frame_verb(parse, tok)
        for holder in [tok] + ([framing] if framing is not None else []):
            for prep in parse.children(holder, "prep"):
                if prep.lower not in ("over", "against"):
                    continue
                for pobj in parse.children(prep, "pobj"):
                    for verb in parse.children(pobj, "acl"):
                        for agent in parse.children(verb, "agent"):
                            for author in parse.children(agent, "pobj"):
                                found += [r for r in index.at(author) if r not in found]
    if not found:
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
    if not found and (trig.sense.type == "PROTEST" or (
            trig.sense.type == "COERCE" and source and all(a.sector in _CROWD for a in source))):
        # "blocked a road to show their disapproval for the United States' policies": whom the protest is aimed
        # at is named in its purpose
        for ref in _purpose_parties(parse, holders, index, source):
            if ref not in found:
                found.append(ref)
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
    if not found:
        # what was blocked or seized stands for the country it lies in ("blocked the Europe Bridge from France
        # to Germany"), though not for an unnamed party
        for arg in things:
            for ref in index.at(arg):
                if ref not in found:
                    found.append(ref)
    sector = place_sector(trig.sense.type)
    if sector is not None:
        # "would blockade Paris", "a curfew in Algiers": a place acted on stands for the people in it
        found = [replace(ref, sector=sector) if _names_place(ref, index) else ref for ref in found]
    return found


def place_sector(event_type: str) -> str | None:
    """The sector of a place that an act is done to, as CAMEO coders read it: a place attacked, besieged or
    put under curfew stands for its people (CVL); a protest held in a place is aimed at its government."""
    return {"ASSAULT": "CVL", "COERCE": "CVL", "THREATEN": "CVL", "PROTEST": "GOV"}.get(event_type)


def _names_place(ref: ActorRef, index: ActorIndex) -> bool:
    """An unresolved target that only names a place, or a measure imposed on one: "Paris", "a curfew in
    Algiers". Not a building or a unit in a place ("a gaming hub in Bamban": what it stands for is
    unknown), nor "Palestinian homes", which names no place."""
    if ref.id is not None or ref.sector != "UNK" or ref.start is None or ref.end is None:
        return False
    places = [p for p in index.places if p.start is not None and ref.start <= p.start < ref.end]
    if not places:
        return False
    words = [t for t in index.parse.tokens_between(ref.start, ref.end) if t.pos not in ("DET", "PUNCT", "SPACE")]
    if words and any((p.start or 0) <= words[0].start and words[-1].end <= (p.end or 0) for p in places):
        return True  # the place itself
    head = next((t for t in words if not ref.start <= index.parse.tokens[t.head].start < ref.end or t.head == t.i),
                None)
    return head is not None and head.pos == "NOUN" and load_lexicon().noun(head.lemma.lower(), head.lower) is not None


_CONTENT_TYPES = {"THREATEN", "REQUEST", "AGREE", "REJECT"}
_CROWD = {"CVL", "OPP", "PTY", "REF"}
_PRONOUN_TEXTS = {"he", "she", "it", "they", "them", "their", "his", "her", "its", "we", "our", "us", "i", "who"}


_SUFFERING_VERBS = {"die", "succumb", "perish", "kill", "injure", "wound", "hurt", "maim"}
_CAUSE_PREPS = {"of", "from", "in", "as", "after", "by", "during"}


def _suffered_by(parse: Parse, tok: Token) -> Token | None:
    """The death or injury verb a nominal attack is the cause of ("died as a result of torture", "were
    wounded in a bombing"), through at most three prepositional steps."""
    node = tok
    for _ in range(3):
        if node.dep != "pobj" or node.head == node.i:
            return None
        prep = parse.tokens[node.head]
        if prep.lower not in _CAUSE_PREPS or prep.head == prep.i:
            return None
        above = parse.tokens[prep.head]
        if above.pos == "VERB":
            return above if above.lemma.lower() in _SUFFERING_VERBS else None
        node = above  # "as a result of", "from injuries sustained in"
    return None


def _prep_objects(parse: Parse, prep: Token) -> list[Token]:
    """A preposition's objects; where spaCy left it stranded ("granted asylum to five officers holed up…",
    with "officers" the subject of "holed"), the subject whose phrase starts right after it."""
    objects = list(parse.children(prep, "pobj"))
    if objects:
        return objects
    for t in parse.tokens[prep.i + 1:min(len(parse.tokens), prep.i + 10)]:
        if t.dep in ("nsubj", "nsubjpass") and t.left == prep.i + 1:
            return [t]
    return []


def _asking_nouns(parse: Parse, holders: list[Token]) -> list[Token]:
    """Demands, offers and pressure that an act answers: the trigger itself ("accepted demands"), its object,
    or a phrase on it ("despite pressure", "under pressure", "to demands")."""
    out: list[Token] = []
    for holder in holders + [c for h in holders for c in parse.children(h, "xcomp")]:  # "declined to resign despite"
        around = [holder, *parse.children(holder, "dobj")]
        for prep in parse.children(holder, "prep"):
            around += parse.children(prep, "pobj")
        out += [t for t in around if t.pos == "NOUN" and t.lemma.lower() in ASKING_NOUNS | _TALK_NOUNS
                and t not in out]
    return out


_PURPOSE_VERBS = {"demand", "call", "press", "seek", "urge", "protest", "denounce", "oppose", "condemn", "reject"}


def _purpose_clauses(parse: Parse, holders: list[Token]) -> list[Token]:
    """What an act is for: "to press their demands…", and "(joining thousands) in demanding a referendum"."""
    out: list[Token] = []
    for holder in holders:
        for clause in parse.children(holder, "advcl", "xcomp"):
            if any(c.lower == "to" for c in parse.children(clause, "aux")):
                out.append(clause)
        for node in [holder, *parse.children(holder, "advcl")]:
            for prep in parse.children(node, "prep"):
                if prep.lower in ("in", "by", "for"):
                    out += [c for c in parse.children(prep, "pcomp") if c.lemma.lower() in _PURPOSE_VERBS]
    return out


def _purpose_parties(parse: Parse, holders: list[Token], index: ActorIndex, source: list[ActorRef]) -> list[ActorRef]:
    """The first named party in an act's purpose clause ("to press their demands … from President
    Bouteflika's government"), other than its doers and pronouns; failing that, the country whose rule or
    policy it is against ("demanding independence from Indonesian rule")."""
    clauses = _purpose_clauses(parse, holders)
    for clause in clauses:
        for t in parse.tokens[clause.i:clause.right + 1]:
            for ref in index.by_token.get(t.i, []):
                if ref.text.lower() in _PRONOUN_TEXTS or (ref.id is None and ref.sector == "UNK"):
                    continue
                if any(ref.start == s.start or (ref.id and ref.id == s.id) for s in source):
                    continue
                return [ref]
    for clause in clauses:
        for t in parse.tokens[clause.i:clause.right + 1]:
            if t.dep == "pobj" and parse.tokens[t.head].lower in ("from", "against"):
                found = [r for r in index.at(t) if r.country and not any(r.country == s.country for s in source)]
                if found:
                    return found
    return []
