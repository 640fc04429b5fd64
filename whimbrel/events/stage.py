"""The events stage: triggers → fully coded events (type, mode, context, roles, factuality, date, place,
magnitudes, ACLED/CAMEO, intensity, evidence, attribution, confidence).

Two steps turn surface triggers into what was actually done:

1. *Speech acts.* A violent or coercive act that a speaker says their own side would or will carry out is
   a threat, and a cooperative one a promise: "Lavrov said that Moscow would keep bombing … if need be"
   is RUS THREATENs (asserted), not a hypothetical ASSAULT; "but would also open humanitarian corridors"
   is RUS AGREEs.
2. *Relative dates.* "10 days after similar talks in Tehran" dates those talks from the event they are
   measured against.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta

from whimbrel.actors.stage import article_day
from whimbrel.events.classifier import load_classifier
from whimbrel.events.dates import resolve_expression
from whimbrel.events.detect import Trigger, find_triggers, is_directive
from whimbrel.events.factuality import Modality, factuality_of
from whimbrel.events.lexicon import TriggerSense, load_lexicon
from whimbrel.events.location import cause_of, find_location
from whimbrel.events.lulls import find_lull_cues
from whimbrel.events.magnitudes import Casualty, find_casualties
from whimbrel.events.mappings import acled_for, cameo_root, intensity
from whimbrel.events.meaning import intended, reinterpret, same_side, speech_act
from whimbrel.events.roles import ActorIndex, reporters, source_of
from whimbrel.events.targets import place_sector, targets_of
from whimbrel.kb import KnowledgeBase, load_kb
from whimbrel.nlp import Parse, Token
from whimbrel.nlp.syntax import subject_of
from whimbrel.pipeline import Stage
from whimbrel.quotes.cues import is_speech_verb
from whimbrel.records import ActorRef, Event, Lull, PlaceRef, Quote, Record, Span

__all__ = ["EventStage", "code_events", "dominant_event"]



def _date_tokens(parse: Parse, clause: Token) -> list[tuple[int, int]]:
    """Character spans of DATE entities that belong to this clause (not to a clause inside it)."""
    spans = []
    for ent in parse.entities:
        if ent.label not in ("DATE", "TIME"):
            continue
        tok = parse.tokens[ent.last - 1]
        if tok.sent != clause.sent:
            continue
        root = tok
        for t in parse.tokens[ent.first:ent.last]:
            if not ent.first <= t.head < ent.last or t.head == t.i:
                root = t
                break
        # Walk up to the first verb (or the clause head itself).
        owner = root
        for anc in parse.ancestors(root):
            owner = anc
            if anc.i == clause.i or anc.pos in ("VERB", "AUX"):
                break
        if owner.i == clause.i:
            # "10 days after X" measures another event: not this one's date.
            after = parse.tokens[ent.last] if ent.last < len(parse.tokens) else None
            if after is not None and after.lower in ("after", "before", "later", "earlier") and \
                    "ago" not in ent.text.lower():
                continue
            spans.append((ent.start, ent.end))
    return spans


def _resolve_date(parse: Parse, clause: Token, anchor: date | None, tense: str) -> tuple[date, str] | None:
    if anchor is None:
        return None
    for start, end in _date_tokens(parse, clause):
        found = resolve_expression(parse.text[start:end], anchor, tense)
        if found:
            return found
    return None


def _speech_verb_above(parse: Parse, tok: Token) -> Token | None:
    """The verb that reports this clause ("said" in "Lavrov said that Moscow would…")."""
    node = tok
    for anc in parse.ancestors(tok):
        if anc.pos in ("VERB", "AUX") and is_speech_verb(anc.lemma) and node.dep in ("ccomp", "conj", "parataxis", "xcomp"):
            return anc
        if node.dep not in ("ccomp", "conj", "xcomp", "advcl", "aux", "prep", "pobj", "dobj", "nsubj", "pcomp"):
            return None
        node = anc
    return None


def _date_clauses(parse: Parse, trig: Trigger) -> list[Token]:
    """Where the event's date may be written: its own words, then up through "failed to…", "would keep…"."""
    out = [trig.governor] if trig.governor is trig.token else [trig.governor, trig.token]
    node = trig.governor
    for _ in range(3):
        if node.dep not in ("xcomp", "conj") or node.head == node.i:
            break
        node = parse.tokens[node.head]
        out.append(node)
    return out


# Sectors of actors that belong to a country even when the text does not say which (the police, villagers,
# militants of a local report); international and unknown actors do not.
_DOMESTIC_SECTORS = {"GOV", "MIL", "POL", "REB", "OPP", "CVL", "JUD", "LEG", "PTY", "REL", "REF", "BUS", "MED"}


def _fill_domestic_country(refs: list[ActorRef], default: str | None) -> list[ActorRef]:
    """Generic actors with no stated country take the country where the event happened.

    Returns copies: the same ActorRef objects are shared with record.actors and with other
    events, whose location may be in another country."""
    if not default:
        return refs
    return [replace(ref, country=default)
            if ref.country is None and ref.id is None and (ref.sector in _DOMESTIC_SECTORS or (
                ref.sector == "UNK" and (ref.name is None or ref.name.islower())))  # no name, or a common noun
            else ref
            for ref in refs]


# Acts done to a place rather than to a named party (bombs in Kabul, a curfew lifted in Darfur, a march in
# Belgrade): as in CAMEO coding, the country where it happened is the target.
_TERRITORIAL_TYPES = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "CONCEDE", "SANCTION", "AID", "ACCUSE",
                      "THREATEN", "COOPERATE"}


def _territory(place: PlaceRef, kb: KnowledgeBase, event_type: str) -> ActorRef:
    """The country a place acted on lies in, in the sector the act makes it stand for (its people, or for a
    protest its government: :func:`whimbrel.events.targets.place_sector`)."""
    assert place.country is not None
    country = kb.countries.get(place.country)
    return ActorRef(text=place.text, start=place.start, end=place.end, id=f"country/{place.country}",
                    name=country.name if country else None, kind="country", country=place.country,
                    sector=place_sector(event_type) or "UNK")


def _sentence_country(parse: Parse, sent: int, places: list[PlaceRef], actors: list[ActorRef]) -> str | None:
    """The country of the first place named as a place (not as an actor) in the sentence."""
    spans = {(a.start, a.end) for a in actors}
    for place in places:
        if place.start is None or place.country is None or (place.start, place.end) in spans:
            continue
        tok = parse.token_at(place.start)
        if tok is not None and tok.sent == sent:
            return place.country
    return None


def _in_quote(quotes: list[Quote], offset: int) -> Quote | None:
    for q in quotes:
        if q.kind == "direct" and q.start <= offset < q.end:
            return q
    return None


def _confidence(trig: Trigger, source: list[ActorRef], target: list[ActorRef], modality: Modality) -> float:
    score = 0.55 if trig.token.pos in ("VERB", "AUX") else 0.45
    if trig.governor is not trig.token:
        score += 0.05
    if any(a.id for a in source):
        score += 0.15
    elif source:
        score += 0.08
    if target:
        score += 0.08
    if trig.sense.mode:
        score += 0.04
    if modality.factuality == "asserted":
        score += 0.05
    return round(min(score, 0.95), 2)


def _event_id(article_id: str, trig: Trigger, event_type: str) -> str:
    return hashlib.sha1(f"{article_id}:{trig.token.start}:{event_type}".encode()).hexdigest()[:16]


def _evidence(parse: Parse, tok: Token) -> Span:
    sent = parse.sentence_of(tok)
    start, end = sent.start, sent.end
    text = parse.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def _contexts(sense_contexts: tuple[str, ...], source: list[ActorRef], target: list[ActorRef],
              event_type: str, sentence: str) -> list[str]:
    ctx = list(sense_contexts)
    sectors = {a.sector for a in source + target}
    lowered = sentence.lower()
    if "military" not in ctx and (sectors & {"MIL", "REB"} or event_type in ("ASSAULT", "MOBILIZE")):
        ctx.append("military")
    countries = {a.country for a in source + target if a.country}
    if event_type in ("CONSULT", "AGREE", "REQUEST", "REJECT", "SUPPORT", "SANCTION") and len(countries) > 1:
        ctx.append("diplomatic")
    if "terror" in lowered or sectors == {"REB"} and "terrorism" not in ctx and "terrorist" in lowered:
        ctx.append("terrorism")
    if any(w in lowered for w in ("humanitarian", "civilians to flee", "refugee", "displaced")):
        ctx.append("human_security")
    if any(w in lowered for w in ("cease-fire", "ceasefire", "truce")) and "military" not in ctx:
        ctx.append("military")
    seen: list[str] = []
    for c in ctx:
        if c not in seen:
            seen.append(c)
    return seen


def _attach_casualties(trig: Trigger, casualties: list[Casualty], parse: Parse, assaults_in_sentence: int) -> dict[str, Casualty]:
    out: dict[str, Casualty] = {}
    own = {trig.token.i, *trig.absorbed}
    lo, hi = trig.token.left, trig.token.right
    for c in casualties:
        tied = c.token in own or lo <= c.token <= hi or parse.tokens[c.token].head in own
        if tied or (assaults_in_sentence == 1 and c.kind in ("fatalities", "injured") and trig.sense.type == "ASSAULT"):
            out.setdefault(c.kind, c)
        if c.kind == "arrested" and trig.sense.type == "COERCE" and (tied or c.token == trig.token.i):
            out.setdefault(c.kind, c)
    return out


# What kills without anyone doing it: a death toll caused by these is a disaster, not an attack.
_HAZARDS = {"earthquake", "quake", "tremor", "aftershock", "flood", "floodwater", "flooding", "cyclone", "storm",
            "hurricane", "typhoon", "tornado", "tsunami", "landslide", "mudslide", "avalanche", "cloudburst", "rain",
            "rainfall", "downpour", "monsoon", "lightning", "bolt", "heatwave", "heat", "wave", "drought", "wildfire",
            "bushfire", "fire", "blaze", "hailstorm", "snowstorm", "blizzard", "eruption", "volcano", "collapse",
            "crash", "accident", "stampede", "disease", "outbreak", "cholera", "epidemic", "virus", "famine",
            "surge", "waters", "river", "dam"}


# Who or what fires: "fire" with one of these before it is gunfire ("sniper fire", "mortar fire").
_ARMED_FIRE = {"sniper", "gun", "machine", "machine-gun", "rifle", "artillery", "mortar", "tank", "rocket", "shell",
               "missile", "cannon", "anti-aircraft", "helicopter", "naval", "small", "arms", "heavy", "cross",
               "friendly", "hostile", "enemy", "army", "police", "rebel", "militant", "insurgent", "troop",
               "soldier", "gunman", "automatic", "live"}


def _caused_by_hazard(parse: Parse, trig: Trigger) -> bool:
    """Is this "killed"/"struck"/"destroyed" done by an earthquake, a flood, a crash?"""
    verb = trig.governor
    if verb.pos not in ("VERB", "AUX"):
        return False
    subject = subject_of(parse, verb, agentive=True)
    if subject is None and verb.dep in ("advcl", "xcomp", "conj", "acl"):
        subject = subject_of(parse, parse.tokens[verb.head], agentive=True)
    if subject is None:
        return False
    words = {subject.lemma.lower(), subject.lower}
    modifiers = {c.lemma.lower() for c in parse.children(subject, "compound", "amod", "nmod")}
    if subject.lemma.lower() == "fire" and modifiers & _ARMED_FIRE:
        return False  # "killed by sniper fire", "by artillery fire": shooting, not a blaze
    return bool((words | modifiers) & _HAZARDS)


def code_events(record: Record) -> list[Event]:
    parse = record.parse
    if parse is None or not parse.tokens:
        return []
    lex = load_lexicon()
    kb = load_kb()
    index = ActorIndex(parse, record.actors, kb, record.places)
    places_in: dict[int, list[PlaceRef]] = {}  # sentence → its places: per-event scans stay linear
    for place in record.places:
        at = parse.token_at(place.start) if place.start is not None else None
        if at is not None:
            places_in.setdefault(at.sent, []).append(place)
    anchor = article_day(record.article.published)
    triggers = find_triggers(parse, lex)
    casualties_by_sent: dict[int, list[Casualty]] = {}
    assault_count: dict[int, int] = {}
    for trig in triggers:
        if trig.sense.type == "ASSAULT":
            assault_count[trig.token.sent] = assault_count.get(trig.token.sent, 0) + 1
    events: list[Event] = []
    coded: list[tuple[Trigger, Event]] = []
    dated: dict[int, tuple[date, str]] = {}
    for trig in triggers:
        tok = trig.token
        modality = factuality_of(parse, trig.governor if is_directive(trig) else tok)
        if modality.factuality == "absent":
            continue  # "a lull in airstrikes" says strikes are *not* happening
        if trig.sense.type == "ASSAULT" and _caused_by_hazard(parse, trig):
            continue  # "floods killed 40": a disaster, not an attack
        if trig.governor is not tok and modality.factuality == "asserted":
            modality = factuality_of(parse, trig.governor)
        event_type, mode = trig.sense.type, trig.sense.mode
        factuality = modality.factuality
        source = source_of(parse, trig, index)
        target = targets_of(parse, trig, index, source)
        speech = _speech_verb_above(parse, trig.governor)
        speaker: list[ActorRef] = []
        if speech is not None:
            subj = next(parse.children(speech, "nsubj"), None)
            speaker = index.at(subj) if subj is not None else []
        quote = _in_quote(record.quotes, tok.start)
        if quote is not None and quote.speaker is not None:
            speaker = [quote.speaker]
            # "we" in a quote is the speaker's side
            if not source:
                source = [quote.speaker]
        if trig.demand:
            # "Russia said Sudan must return the helicopter": Russia asks; the one asked is the subject.
            asked = subject_of(parse, tok)
            target = index.at(asked, create=True) if asked is not None else []
            source, factuality = speaker or source, "asserted"
        # 1. speech acts: a stated intention to use force is a threat; to cooperate, a promise.
        if factuality in ("future", "hypothetical") and speaker and intended(parse, trig) and (
                same_side(source, speaker) or (not source and quote is not None)):
            event_type, mode, factuality, source = speech_act(parse, trig, event_type, mode, factuality, source,
                                                              speaker, speech)
        location = find_location(parse, trig, places_in.get(tok.sent, []), source + target)
        if location is None and (cause := cause_of(parse, trig, triggers)) is not None:
            location = find_location(parse, cause, places_in.get(tok.sent, []), source + target)
        # 2. what an act means given how it is put: vows, conditions, promises, who does it.
        event_type, mode, factuality = reinterpret(parse, trig, event_type, mode, factuality, source,
                                                   reported=bool(speaker))
        if not target and location is not None and location.country and event_type in _TERRITORIAL_TYPES:
            target = [_territory(location, kb, event_type)]
        home = ((location.country if location else None)
                or _sentence_country(parse, tok.sent, places_in.get(tok.sent, []), record.actors)
                or record.focus_country)
        source, target = _fill_domestic_country(source, home), _fill_domestic_country(target, home)
        # Dates: the clause's own expression, else the reporting verb's, else publication day.
        tense = "future" if factuality == "future" else modality.tense
        found = None
        for clause in _date_clauses(parse, trig):
            found = found or _resolve_date(parse, clause, anchor, tense)
        if found is None and speech is not None and factuality in ("asserted", "negated", "failed"):
            found = _resolve_date(parse, speech, anchor, "past")
        if found is None and event_type in ("THREATEN", "AGREE") and speech is not None:
            found = _resolve_date(parse, speech, anchor, "past")
        if found is not None and anchor is not None and found[0] > anchor and factuality == "asserted" \
                and trig.sense.type == event_type:
            factuality = "future"
        if found is None and anchor is not None and factuality in ("asserted", "negated", "failed"):
            found = (anchor, "publication")
        if found is not None:
            dated[tok.i] = dated[trig.governor.i] = found
        sent_casualties = casualties_by_sent.setdefault(
            tok.sent, find_casualties(parse, parse.sentence_tokens(parse.sentences[tok.sent])))
        tied = _attach_casualties(trig, sent_casualties, parse, assault_count.get(tok.sent, 0))
        if "fatalities" in tied and event_type == "COERCE":
            tied.pop("fatalities")
        evidence = _evidence(parse, tok)
        target_sectors = {a.sector for a in target}
        source_sectors = {a.sector for a in source}
        acled = acled_for(event_type, mode, trig.sense.acled if event_type == trig.sense.type else None,
                          target_sectors, source_sectors)
        modality_final = Modality(factuality, tense)
        event = Event(
            id=_event_id(record.id, trig, event_type), type=event_type, mode=mode,
            context=_contexts(trig.sense.contexts, source, target, event_type, evidence.text),
            acled=acled, cameo_root=cameo_root(event_type, mode), intensity=intensity(event_type, mode),
            factuality=factuality, source=source, target=target,
            date=found[0].isoformat() if found else None, date_precision=found[1] if found else None,
            location=location,
            fatalities=tied["fatalities"].magnitude if "fatalities" in tied else None,
            evidence=evidence, reported_by=reporters(parse, trig, index, source) if speech else [],
            confidence=_confidence(trig, source, target, modality_final),
            trigger=Span(tok.start, tok.end, tok.text),
            injured=tied["injured"].magnitude if "injured" in tied else None,
            arrested=tied["arrested"].magnitude if "arrested" in tied else None,
        )
        events.append(event)
        coded.append((trig, event))
    _relative_dates(parse, coded, dated)
    return events


_LULL = TriggerSense(type="LULL")


def code_lulls(record: Record) -> list[Lull]:
    """Statements that violence paused (whimbrel.events.lulls), with their place, date and reporter."""
    parse = record.parse
    if parse is None or not parse.tokens:
        return []
    cues = find_lull_cues(parse)
    if not cues:
        return []  # most articles: no actor index to build
    index = ActorIndex(parse, record.actors, load_kb(), record.places)
    anchor = article_day(record.article.published)
    out: list[Lull] = []
    for cue in cues:
        trig = Trigger(cue.clause, _LULL, cue.clause, [])
        sentence = parse.sentences[cue.clause.sent]
        sentence_places = [p for p in record.places if p.start is not None and sentence.start <= p.start < sentence.end]
        found = None
        for clause in _date_clauses(parse, trig):
            found = found or _resolve_date(parse, clause, anchor, "past")
        speech = _speech_verb_above(parse, cue.clause)
        if found is None and speech is not None:
            found = _resolve_date(parse, speech, anchor, "past")
        found = found or ((anchor, "publication") if anchor is not None else None)
        about = cue.about
        out.append(Lull(
            id=hashlib.sha1(f"{record.id}:{cue.cue.start}:LULL".encode()).hexdigest()[:16],
            evidence=_evidence(parse, cue.cue), cue=Span(cue.cue.start, cue.cue.end, cue.cue.text),
            about=parse.text[about.start:about.end] if about is not None else None,
            location=find_location(parse, trig, sentence_places, []),
            date=found[0].isoformat() if found else None, date_precision=found[1] if found else None,
            reported_by=reporters(parse, trig, index, []) if speech is not None else []))
    return out


def _relative_dates(parse: Parse, coded: list[tuple[Trigger, Event]], dated: dict[int, tuple[date, str]]) -> None:
    """"10 days after similar talks in Tehran": date the talks from the event the span is measured from."""
    for trig, event in coded:
        tok = trig.token
        if tok.dep != "pobj":
            continue
        prep = parse.tokens[tok.head]
        if prep.lower not in ("after", "before"):
            continue
        amount = next((c for c in parse.children(prep, "npadvmod")), None)
        if amount is None:
            continue
        n_tok = next((c for c in parse.children(amount, "nummod")), None)
        if n_tok is None or not n_tok.text.isdigit():
            continue
        unit = {"day": 1, "week": 7}.get(amount.lemma.lower())
        if unit is None:
            continue
        owner = next((t for t in parse.ancestors(prep) if t.i in dated), None)
        if owner is None:
            continue
        base, precision = dated[owner.i]
        if precision not in ("day",):
            continue
        sign = -1 if prep.lower == "after" else 1
        day = base + timedelta(days=sign * int(n_tok.text) * unit)
        event.date, event.date_precision = day.isoformat(), "day"
        if event.factuality == "future" and day <= base:
            event.factuality = "asserted"


def dominant_event(events: list[Event], parse: Parse | None) -> Event | None:
    """The event a document or snippet is mainly about: main-clause events of the lede first."""
    if not events:
        return None

    def depth(ev: Event) -> int:
        if parse is None or ev.trigger is None:
            return 0
        tok = parse.token_at(ev.trigger.start)
        return sum(1 for _ in parse.ancestors(tok)) if tok is not None else 0

    def score(pair: tuple[int, Event]) -> float:
        k, ev = pair
        first_sentence = parse is not None and ev.trigger is not None and \
            (tok := parse.token_at(ev.trigger.start)) is not None and tok.sent == 0
        return ev.confidence - 0.08 * depth(ev) + (0.15 if first_sentence else 0) - 0.002 * k

    return max(enumerate(events), key=score)[1]


class EventStage(Stage):
    name = "events"
    requires = ("parse", "actors", "places", "quotes")
    assigns = ("events", "dominant", "labels", "lulls")

    def __init__(self, classify: bool = True) -> None:
        load_lexicon()
        # ``classify=False`` is for training the classifier itself on the rules' output.
        self.classifier = load_classifier() if classify else None

    def process_one(self, record: Record) -> None:
        record.events = code_events(record)
        record.lulls = code_lulls(record)
        main = dominant_event(record.events, record.parse)
        record.dominant = next((k for k, e in enumerate(record.events) if e is main), None)
        if self.classifier is not None and record.parse is not None and record.parse.tokens:
            record.labels = self.classifier.predict(record)
