"""Who did it, to whom, where, and on whose word — from the dependency parse.

* Source: the subject (or the "by" agent of a passive); subjects carry down control and coordination
  ("Ankara failed to win…", "Moscow would … but would also open…"); a relative clause takes the noun it
  modifies; a nominal event takes its possessor ("Turkey's call"), its "by" phrase, or the subject of
  its light verb ("Erdogan will hold talks").
* Target (:mod:`whimbrel.events.targets`): the object (the subject of a passive), an indirect object, and the prepositional objects each
  event type takes ("talks with", "attack on", "request from", "aid to"); "between X and Y" gives both.
* Lists and appositions resolve to every actor they name: "from Russia and Iran" is two targets.
* Location: see :mod:`whimbrel.events.location`.
* Reported by: whoever the event's clause is attributed to ("…, Reuters reported", "SOHR said …").
"""

from __future__ import annotations

from dataclasses import replace

from whimbrel.actors.mentions import country_of_name
from whimbrel.actors.modifiers import modifier_countries
from whimbrel.events.detect import Trigger, is_directive
from whimbrel.kb import KnowledgeBase
from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import subject_of
from whimbrel.quotes.cues import is_speech_verb
from whimbrel.records import ActorRef, PlaceRef

__all__ = ["ASKING_NOUNS", "LOCATIVE", "UNIDENTIFIED_ARMED_GROUP", "TOPIC_VERBS", "ActorIndex", "covers", "frame_verb", "held_by", "host_verb",
           "reporters", "source_of", "unclaimed_attack"]

_NOT_ACTORS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
# Weapons whose users a report usually cannot name: as the subject of an attack they stand for an unidentified
# armed group, CAMEO's UAF and ACLED's "unidentified armed group", a non-state armed actor (REB).
# ACLED's name for the attackers of such an attack: the actor's name, its text being the weapon ("roadside bomb").
UNIDENTIFIED_ARMED_GROUP = "unidentified armed group"
_UNCLAIMED_WEAPONS = {"bomb", "car bomb", "device", "mine", "landmine", "minefield", "ied", "grenade", "explosive",
                      "explosives", "blast", "explosion", "bombing"}
# What is conceded, refused or accepted: the one who asked is its "from"/"by" phrase or its possessor.
ASKING_NOUNS = {"demand", "request", "call", "pressure", "offer", "proposal", "plea", "appeal", "ultimatum",
                 "condition", "bid", "invitation", "suggestion", "order", "insistence"}
# Documents that speak for their authors: "the Party issued a declaration demanding…" is the Party's demand.
_DOCUMENT_NOUNS = {"declaration", "statement", "communique", "communiqué", "letter", "resolution", "decree",
                   "petition", "memorandum", "message", "note", "manifesto", "report"}
_TIME_WORDS = {"day", "week", "month", "year", "night", "morning", "evening", "afternoon", "weekend", "time",
               "hour", "minute", "today", "yesterday", "tomorrow", "occasion", "way", "basis"}
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "into", "around", "within", "throughout",
             "on", "along", "off", "over", "toward", "towards", "to", "through"}


_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}
# Places built for people stand for the people they are for: "a camp for Congolese refugees" is refugees.
_FACILITIES = {"camp", "shelter", "home", "school", "hospital", "clinic", "orphanage", "hostel", "settlement",
               "centre", "center", "compound", "housing", "dormitory"}
# Words of a time phrase that frames a nominal event: "stopped work on the first day of the strike".
_FRAME_NOUNS = _TIME_WORDS | {"start", "beginning", "eve", "end", "outset", "anniversary", "second", "third"}
# Where someone is held: "died of torture in police custody" names the police as the ones who held him.
_CUSTODY_NOUNS = {"custody", "detention", "captivity", "hands", "care"}


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
        if self.kb is not None and tok.pos in ("NOUN", "PROPN") and any(
                r.country is None and r.id is None and not covers(r, tok) for r in found):
            # "the biggest Cambodian refugee camp": the refugees named by a modifier are the camp's, Cambodian
            home = modifier_countries(self.kb, self.parse, tok, tok.left)
            if home:
                found = [replace(r, country=home[0]) if r.country is None and r.id is None and not covers(r, tok)
                         else r for r in found]
        if self.kb is not None and any(r.country is None and r.id is None for r in found):
            # "their forces": a group owned by a pronoun is of the pronoun's country
            owners = [r.country for p in self.parse.children(tok, "poss") if p.tag == "PRP$"
                      for r in self.by_token.get(p.i, []) if r.country]
            if owners:
                found = [replace(r, country=owners[0]) if r.country is None and r.id is None else r for r in found]
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
            found.append(self.unresolved(tok))
        return found

    def _of_phrase(self, tok: Token) -> list[ActorRef]:
        found: list[ActorRef] = []
        for prep in self.parse.children(tok, "prep"):
            if prep.lower == "of":
                for pobj in self.parse.children(prep, "pobj"):
                    self._collect(pobj, found, depth=1)
        return [r for r in found if r.sector != "UNK"]

    def unresolved(self, tok: Token) -> ActorRef:
        parse = self.parse
        lo, hi = tok.left, tok.right
        while lo < tok.i and parse.tokens[lo].pos in ("DET", "PUNCT", "CCONJ", "SPACE"):
            lo += 1
        hi = min(hi, tok.i + 8)
        while hi > tok.i and parse.tokens[hi].pos in ("PUNCT", "SPACE"):
            hi -= 1  # "the talks on Monday,\n\n" ends at "Monday"
        start, end = parse.tokens[lo].start, parse.tokens[hi].end
        # (its country from a place anywhere in its phrase: "facilities (UCF) in central Iran")
        phrase_end = parse.tokens[min(tok.right, tok.i + 15)].end
        country = next((p.country for p in self.places if start <= p.start < phrase_end), None)  # type: ignore[operator]
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
            iso = country_of_name(kb, t.text) or next(
                (p.country for p in self.places if p.start is not None and t.start <= p.start < t.end), None)
            if iso is not None:  # (a known name, or a place: "a curfew in Mombasa")
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
        elif tok.pos in ("VERB", "AUX") and tok.dep in _NOMINAL_DEPS:
            # spaCy read a noun phrase as a clause: "The Red Cross operating in Iraq said" (subject
            # "operating"), "vetoed a Security Council resolution censuring…" (object "censuring")
            for child in parse.children(tok, "nsubj", "compound"):
                if child.i < tok.i:
                    self._collect(child, found, depth + 1)
        elif tok.pos in ("NOUN", "PROPN"):
            # "terrorist targets", "rebel positions", "the APEC forum": the actor is the modifier.
            for mod in parse.children(tok, "amod", "compound", "nmod"):
                if mod.i < tok.i:
                    self._collect(mod, found, depth + 1)
            for poss in parse.children(tok, "poss"):  # "Saddam Hussein's proposal"
                self._collect(poss, found, depth + 1)
            # "members of Russia's Security Council", "an offer from Kabul", "a camp for refugees": the actor
            # is in a phrase.
            for prep in parse.children(tok, "prep"):
                if prep.lower in ("of", "from", "by") or (prep.lower == "for" and tok.lemma.lower() in _FACILITIES):
                    for pobj in parse.children(prep, "pobj"):
                        self._collect(pobj, found, depth + 1)
            for verb in parse.children(tok, "acl"):  # "crimes committed by Croat forces"
                for agent in parse.children(verb, "agent"):
                    for pobj in parse.children(agent, "pobj"):
                        self._collect(pobj, found, depth + 1)
        for child in parse.children(tok, "conj", "appos"):
            self._collect(child, found, depth + 1)


def covers(ref: ActorRef, tok: Token) -> bool:
    return ref.start is not None and ref.end is not None and ref.start <= tok.start < ref.end


def unclaimed_attack(parse: Parse, trig: Trigger, index: ActorIndex) -> list[ActorRef]:
    """The unnamed attackers of an attack whose report names only the device: "a roadside bomb killed…",
    "killed in a car bomb explosion". Such a device stands for an unidentified armed group (REB, with no
    name); an attack by a named side, or by aircraft or artillery, gets nothing here."""
    tok = trig.token
    if trig.sense.type != "ASSAULT":
        return []
    candidates: list[Token] = []
    if tok.pos in ("NOUN", "PROPN"):
        candidates.append(tok)  # "A roadside bombing … killed one soldier"
    for holder in (tok, trig.governor):
        subj = subject_of(parse, holder) if holder.pos in ("VERB", "AUX") else None
        if subj is not None:
            candidates.append(subj)
        for prep in parse.children(holder, "prep", "agent"):
            if prep.lower in ("in", "by"):
                candidates += parse.children(prep, "pobj")  # "was killed in a car bomb explosion"
    for cand in candidates:
        words = {cand.lemma.lower()} | {c.lemma.lower() for c in parse.children(cand, "compound")}
        if cand.lemma.lower() not in _UNCLAIMED_WEAPONS and not words & {"bomb", "mine", "ied", "explosive"}:
            continue
        if any(index.by_token.get(t.i) for t in parse.tokens[cand.left:cand.i + 1]):
            continue  # "a Hamas bomb", "NATO bombing": a named side
        ref = index.unresolved(cand)
        return [replace(ref, name=UNIDENTIFIED_ARMED_GROUP, sector="REB", kind="group")]
    return []


def source_of(parse: Parse, trig: Trigger, index: ActorIndex) -> list[ActorRef]:
    found = _source_of(parse, trig, index)
    if all(r.id is None and r.sector == "UNK" for r in found):
        return unclaimed_attack(parse, trig, index) or found
    return found


def _same_party(a: list[ActorRef], b: list[ActorRef]) -> bool:
    return any((x.id and x.id == y.id) or (x.country and x.country == y.country) for x in a for y in b)


def frame_verb(parse: Parse, tok: Token) -> Token | None:
    """The verb whose time phrase holds a nominal event: "said on a visit to Pakistan", "stopped work on the
    first day of an open-ended strike", "was arrested during the protest"."""
    node = tok
    for _ in range(3):
        if node.dep != "pobj" or node.head == node.i:
            return None
        prep = parse.tokens[node.head]
        above = parse.tokens[prep.head]
        if prep.lower in ("on", "during", "at") and above.pos in ("VERB", "AUX"):
            return above
        if prep.lower != "of" or above.lemma.lower() not in _FRAME_NOUNS:
            return None
        node = above  # "the first day of" a strike: go on up
    return None


def held_by(parse: Parse, tok: Token, index: ActorIndex) -> list[ActorRef]:
    """Who held the victim of an act done in custody: "died as a result of torture while in Israeli police
    custody" (the police), "beaten in army detention"."""
    clause = next((a for a in parse.ancestors(tok) if a.pos in ("VERB", "AUX")), None)
    if clause is None:
        return []
    for prep in parse.children(clause, "prep"):
        if prep.lower not in ("in", "under"):
            continue
        for pobj in parse.children(prep, "pobj"):
            if pobj.lemma.lower() in _CUSTODY_NOUNS:
                found = index.at(pobj)
                if found:
                    return found
    return []


def host_verb(parse: Parse, trig: Trigger) -> Token | None:
    """The verb an object trigger belongs to, where the trigger has no governor of its own: "is providing
    aerial photographs and other military intelligence to Macedonia", "has dispatched inspectors to…"."""
    node = trig.token
    if trig.governor is not node or node.pos not in ("NOUN", "PROPN") or node.dep not in ("conj", "dobj"):
        return None
    while node.dep == "conj" and node.head != node.i:
        node = parse.tokens[node.head]
    verb = parse.tokens[node.head]
    return verb if node.dep == "dobj" and verb.pos in ("VERB", "AUX") else None


def _source_of(parse: Parse, trig: Trigger, index: ActorIndex) -> list[ActorRef]:
    tok = trig.token
    if trig.combined:  # "Annan will withdraw weapons inspectors": the verb's subject, not "weapons"
        subj = subject_of(parse, trig.governor)
        return index.at(subj, create=True) if subj is not None else []
    if tok.pos in ("NOUN", "PROPN"):
        if is_directive(trig) and not trig.combined:
            # "The government has ordered patrols by police": who orders is the source (as for the factuality)
            subj = subject_of(parse, trig.governor)
            found = index.at(subj) if subj is not None else []
            if found:
                return found
        host = trig.governor if trig.governor is not tok else host_verb(parse, trig)
        for child in parse.children(tok, "poss"):
            found = index.at(child)
            if found and child.tag == "PRP$" and host is not None:
                # "their forces had completed their withdrawal": the subject the pronoun points back to says
                # more (MIL forces, not the people "their" resolves to)
                subj = subject_of(parse, host)
                named = index.at(subj) if subj is not None else []
                if named and _same_party(named, found):
                    return named
            if found:
                return found
        for prep in parse.children(tok, "prep", "agent"):
            if prep.lower == "by" or (prep.lower == "from" and tok.lemma.lower() in ASKING_NOUNS):
                for pobj in parse.children(prep, "pobj"):  # "a fresh offer from Kabul"
                    found = index.at(pobj)
                    if found:
                        return found
        # "Russian airstrikes", "a government offensive" (but "the Iran meeting" is where, not who; and in
        # "other military intelligence" the mention is the thing provided, not who provides it)
        for child in parse.children(tok, "amod", "compound"):
            if child.pos == "PROPN" and child.ent in ("GPE", "LOC", "FAC"):
                continue
            found = [r for r in index.at(child) if not covers(r, tok)]
            if found and trig.sense.type == "ASSAULT":
                # "Russian airstrikes", "US Predator attacks": a state attacks through its military
                found = [replace(r, sector="MIL") if r.kind == "country" or (
                    r.id is None and r.sector == "UNK" and r.country and r.text == child.text) else r for r in found]
            if found:
                return found
        if host is not None:
            subj = subject_of(parse, host)
            return index.at(subj) if subj is not None else []
        # "he said on a visit to Pakistan", "workers stopped work on the first day of a strike": the subject's
        verb = frame_verb(parse, tok)
        if verb is not None:
            subj = subject_of(parse, verb)
            return index.at(subj) if subj is not None else []
        return held_by(parse, tok, index) if trig.sense.type in ("ASSAULT", "COERCE") else []
    subj = subject_of(parse, tok)
    if subj is not None and subj.lemma.lower() in _DOCUMENT_NOUNS and not index.by_token.get(subj.i) \
            and subj.head != subj.i and subj.dep == "dobj":
        # "issued a declaration demanding…": the document's issuer
        author = subject_of(parse, parse.tokens[subj.head])
        subj = author if author is not None else subj
    return index.at(subj, create=True) if subj is not None and subj.lower not in ("it", "they", "who") else (
        index.at(subj) if subj is not None else [])


# Verbs whose object is what is talked about, not who is talked to: the party comes with "with".
TOPIC_VERBS = {"discuss", "debate", "review", "examine", "address", "consider"}


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
