"""Who did it, to whom, where, and on whose word — from the dependency parse.

* Source: the subject (or the "by" agent of a passive); subjects carry down control and coordination
  ("Ankara failed to win…", "Moscow would … but would also open…"); a relative clause takes the noun it
  modifies; a nominal event takes its possessor ("Turkey's call"), its "by" phrase, or the subject of
  its light verb ("Erdogan will hold talks").
* Target: the object (the subject of a passive), an indirect object, and the prepositional objects each
  event type takes ("talks with", "attack on", "request from", "aid to"); "between X and Y" gives both.
* Lists and appositions resolve to every actor they name: "from Russia and Iran" is two targets.
* Location: see :mod:`whimbrel.events.location`.
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

__all__ = ["LOCATIVE", "TOPIC_VERBS", "ActorIndex", "reporters", "source_of", "targets_of"]

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
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "into", "around", "within", "throughout",
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
TOPIC_VERBS = {"discuss", "debate", "review", "examine", "address", "consider"}


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
            objects = ("nsubjpass",) if passive else ("dative", "iobj") if holder.lemma in TOPIC_VERBS else (
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
