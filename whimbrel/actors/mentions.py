"""Find actor mentions in a parse and resolve them against the knowledge base.

A mention is one of:

1. a name: a spaCy PERSON/ORG/GPE/NORP/FAC entity, or a knowledge-base name found by a dictionary scan
   (spaCy misses many organisations and armed groups);
2. a generic agent noun phrase ("Turkish and Russian officials", "the Russian air force",
   "pro-government forces"), with its country taken from adjectives ("Turkish"), possessives
   ("Russia's") and "of"-phrases ("forces of Syria"); one phrase can name several actors;
3. a pronoun, resolved later by :mod:`whimbrel.actors.coref`.

Titles make names precise: "Russian Foreign Minister Sergei Lavrov" is a person, foreign minister of
RUS; "the Turkish foreign minister" in a 2018 story resolves through the dated role index to Cavusoglu.
Seats of power ("Ankara", "the Kremlin") count as the state only where they act: as subjects, agents
and possessors, objects of verbs that take a party ("accusing Kigali of"), not as the place after "in".
People's names are resolved in :mod:`whimbrel.actors.people`; what modifiers say (country, organisation,
agent phrase) in :mod:`whimbrel.actors.modifiers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from whimbrel.actors.modifiers import (
    agent_phrase,
    backer_countries,
    country_of_name,
    country_of_token,
    home_of_people,
    modifier_countries,
    org_in_tokens,
    sentence_place_country,
)
from whimbrel.actors.people import RANKS, PlaceCountry, described_as_person, resolve_person, titled_as_person
from whimbrel.kb import KnowledgeBase, Resolution, norm_name
from whimbrel.nlp import Parse, Token
from whimbrel.records import ActorRef

__all__ = ["Mention", "country_of_name", "find_mentions"]

_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
# Dependency roles in which a place name acts as an agent (metonymy), not as a location.
_AGENT_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj", "appos"}
_PRONOUNS = {"he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
             "they": "group", "them": "group", "their": "group", "it": "thing", "its": "thing"}
# A capital is also the state as the object of verbs that take a party ("accusing Kigali of", "warned
# Tokyo") and after "with" on dealings between states ("a pact with Tokyo"), not after verbs of place.
_PARTY_VERBS = {"accuse", "blame", "urge", "warn", "criticise", "criticize", "condemn", "tell", "link", "ask",
                "press", "pressure", "sanction", "threaten", "thank", "praise", "reassure", "persuade", "invite",
                "rebuke", "denounce", "lobby", "implicate", "support", "back", "recognise", "recognize", "fault",
                "snub", "punish", "defy", "caution", "petition"}
# Words that name a non-state armed group when they appear in an unknown organisation's name.
_ARMED_NAME_WORDS = {"liberation", "mujahideen", "mujahidin", "jihad", "militia", "insurgency", "martyrs"}
# First words of organisation names that are also place names somewhere ("Northern Liberation Brigade" is
# not from Uganda's Northern Region): a name that starts with one says nothing about where it is from.
_NAME_OPENERS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
                 "lower", "new", "great", "greater", "national", "united", "free", "popular", "democratic",
                 "revolutionary", "islamic", "arab", "people", "peoples", "patriotic", "liberation", "independent"}
_WITH_HEADS = {"pact", "agreement", "deal", "talks", "relations", "ties", "row", "dispute", "tension", "tensions",
               "negotiation", "negotiations", "accord", "treaty", "cooperation", "dialogue", "standoff",
               "agree", "negotiate", "talk", "meet", "sign", "cooperate", "clash", "side", "break", "normalise",
               "normalize", "spar", "quarrel", "reconcile", "feud", "confrontation", "rift", "truce"}


@dataclass(slots=True)
class Mention:
    """An actor mention before it becomes an :class:`ActorRef`: its head token and what it resolved to."""

    start: int
    end: int
    text: str
    head: int  # token index of the syntactic head
    resolution: Resolution | None
    source: str  # name | agent | modifier | pronoun | metonym
    pronoun: str | None = None  # person | group | thing, for pronouns awaiting coreference

    def ref(self) -> ActorRef:
        # Spans built from subtree edges can take in the whitespace tokens spaCy hangs on a word
        # ("\n\nLavrov"): the mention is the words only.
        text = self.text.strip()
        start = self.start + (len(self.text) - len(self.text.lstrip()))
        end, r = start + len(text), self.resolution
        if r is None:
            return ActorRef(text=text, start=start, end=end)
        return ActorRef(text=text, start=start, end=end, id=r.id, name=r.name, kind=r.kind,
                        country=r.country, sector=r.sector, role=r.role)


def _resolve_name(kb: KnowledgeBase, parse: Parse, first: int, last: int, label: str, day: date | None,
                  is_place: Callable[[str], bool] | None = None,
                  place_country: PlaceCountry | None = None) -> tuple[Resolution | None, str]:
    text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
    head = parse.tokens[last - 1]
    entity = kb.entity_id(text)
    if entity is None and label in ("PERSON", "NORP") and head.tag in ("NNS", "NNPS") and last - first > 1:
        # "Bosnian Serbs" (which spaCy may call a person): a people of the country its first word names
        home = country_of_token(kb, parse.tokens[first])
        if home is not None:
            return Resolution(None, text, "group", home, "CVL"), "name"
    if entity is None and label == "ORG" and (described_as_person(kb, parse, head) or
                                              titled_as_person(kb, parse, first, head)):
        label = "PERSON"  # "Grace Ruto, a nurse at…" that spaCy took for an organisation
    if label == "PERSON" and (entity is None or entity in kb.people) and not kb.metonym(text):
        # (spaCy's PERSON on a capital or an organisation, "Yerevan said", "the Houthis", is not a person)
        return resolve_person(kb, parse, first, last, text, day, place_country), "name"
    resolved = kb.resolve_id(entity, day) if entity else None
    if resolved is None and text.lower().startswith("the "):
        resolved = kb.resolve_name(text[4:], day)
    if resolved is not None:
        if resolved.kind == "person":
            return resolve_person(kb, parse, first, last, text, day, place_country), "name"
        if resolved.kind in ("organization", "group") and resolved.country is None:
            # "Russia's Security Council" is a national body, not the UN's.
            national = modifier_countries(kb, parse, head, head.left)
            if national:
                return Resolution(None, text, "organization", national[0], "GOV"), "name"
        return resolved, "name"
    met = kb.metonym(text)
    if met:
        return Resolution(f"country/{met[0]}", kb.countries[met[0]].name, "country", met[0], met[1]), "metonym"
    iso = kb.country_of_adjective(text)
    if iso and head.tag in ("NNS", "NNPS") and text[-1:] == "s":
        if first > 0 and parse.tokens[first - 1].lower == "ethnic":
            # "ethnic Albanians demonstrated in Serbia": an ethnic group, of the country where it lives
            iso = sentence_place_country(parse, first, last, place_country) or iso
        else:
            # "the Albanians of southern Serbia", "the Kurds of Iraq": a people of the country they live in
            iso = home_of_people(kb, parse, head, place_country) or iso
        return Resolution(None, text, "group", iso, "CVL"), "name"  # "Palestinians protested": people, not the state
    if iso:
        return kb.countries[iso].resolution(), "name"
    if label == "NORP" and head.tag in ("NNS", "NNPS"):
        # a people with no state of its own ("Kurds", "Druze"): civilians, of the country a modifier names
        countries = modifier_countries(kb, parse, head, head.left)
        return Resolution(None, text, "group", countries[0] if countries else None, "CVL"), "name"
    if label in ("ORG",):
        if is_place is not None and is_place(text):
            return None, "name"  # spaCy's ORG on a town name ("an offensive on Idlib")
        countries = modifier_countries(kb, parse, head, head.left)
        inner = [country_of_token(kb, t) for t in parse.tokens[first:last]]
        country = next((c for c in inner if c), None) or (countries[0] if countries else None)
        if country is None and place_country is not None and last - first > 1 and parse.tokens[first].pos == "PROPN" \
                and parse.tokens[first].lower not in _NAME_OPENERS:
            country = place_country(parse.tokens[first].text)  # "Esfahan Uranium Conversion Facilities"
        agent = kb.agent(head.text) or kb.agent(head.lemma)
        sector = agent.sector if agent else "UNK"
        if sector == "UNK" and any(t.lower in _ARMED_NAME_WORDS for t in parse.tokens[first:last]):
            sector = "REB"  # "Northern Liberation Brigade", "Mujahideen Shura Council": a non-state armed group
        if sector == "UNK":
            # "the rebel Revolutionary United Front", "the opposition Movement for…": what a modifier calls it
            sector = next((a.sector for t in parse.children(head, "amod", "compound") if t.i < first
                           and (a := kb.agent(t.text)) is not None and a.sector != "UNK"), sector)
        owner = org_in_tokens(kb, parse, parse.tokens[first:last]) if sector == "UNK" else None
        if owner is not None:
            # "United Nations Emergency Relief Coordinator": an office of a known body, in its sector
            sector = kb.organizations[owner].sector
            country = country or kb.organizations[owner].country
        return Resolution(None, text, "organization", country, sector), "name"
    return None, "name"


def _spacy_spans(parse: Parse) -> list[tuple[int, int, str]]:
    spans = []
    for ent in parse.entities:
        if ent.label not in _NAME_LABELS:
            continue
        first, last = ent.first, ent.last
        if parse.tokens[first].lower == "the":
            first += 1
        while last > first and parse.tokens[last - 1].tag == "POS":
            last -= 1
        if last > first:
            spans.append((first, last, ent.label))
    return spans


def _kb_spans(kb: KnowledgeBase, parse: Parse) -> list[tuple[int, int]]:
    """Knowledge-base names by a dictionary scan, longest first at each token where a known name can start."""
    spans: list[tuple[int, int]] = []
    n = len(parse.tokens)
    i = 0
    while i < n:
        tok = parse.tokens[i]
        if tok.lower == "the" or tok.pos in ("PUNCT", "SPACE"):  # names start after the article, as spaCy's
            i += 1                                                 # entities do once trimmed, and on a word
            continue
        if not _may_start_name(kb, parse, i):
            i += 1
            continue
        longest = kb.first_words.get(norm_name(tok.text)) if tok.text[:1].isupper() or tok.text.islower() else 0
        best = 0
        for j in range(min(n, i + (longest or 0) + 2), i, -1):
            if parse.tokens[j - 1].pos in ("PUNCT", "SPACE"):
                continue  # names are normalised without punctuation: "Iraq ." must not match as "Iraq."
            text = parse.text[tok.start:parse.tokens[j - 1].end]
            if j - i == 1 and not text[:1].isupper() and kb.acronyms.get(text) is None:
                continue  # a lower-case common word ("chad", "turkey") is not a name
            if kb.is_known_name(text):
                best = j
                break
        if best:
            spans.append((i, best))
            i = best
        else:
            i += 1
    return spans


_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014")


def _may_start_name(kb: KnowledgeBase, parse: Parse, i: int) -> bool:
    """False when no known name can start at token ``i``: a shortcut that skips the lookups, not a rule.

    A name's lookup key (``norm_name``) begins with this word's own key when a space follows the word
    (unless a dash comes next: "Guinea - Bissau" is normalised to one word), and every key's first word, with
    or without its dots ("U.S." → "us"), is in ``kb.first_words``. Otherwise the scan decides."""
    tok = parse.tokens[i]
    after = parse.text[tok.end:tok.end + 1]
    if i + 1 < len(parse.tokens) and (not after.isspace() or parse.tokens[i + 1].text[:1] in _DASHES):
        return True
    if tok.lower.endswith(("'s", "\u2019s")):
        return True  # norm_name drops a final "'s", which is not final in a longer name ("People's Army")
    key = norm_name(tok.text)
    return key in kb.first_words or key.replace(".", "") in kb.first_words


def _given_names(kb: KnowledgeBase, parse: Parse, first: int, taken: list[bool]) -> int:
    """Extend a person's name left over given names spaCy left out ("Ahmet" in "Ahmet Erdogan", "Luiz" in
    "Luiz Inacio Lula da Silva"), so that a full name is judged as one: capitalised proper nouns that are
    not a title, a rank or a known name."""
    while first > 0:
        tok = parse.tokens[first - 1]
        if taken[first - 1] or tok.tag != "NNP" or not tok.text[:1].isupper() or tok.dep != "compound" \
                or tok.lower in RANKS or kb.agent(tok.text) or country_of_token(kb, tok) \
                or kb.entity_id(tok.text) not in (None, *kb.people):
            break
        first -= 1
    return first


def _name_spans(kb: KnowledgeBase, parse: Parse) -> list[tuple[int, int, str]]:
    """(first, last, label) of names: spaCy entities plus knowledge-base names spaCy missed or cut short
    ("Doctors Without Borders" where spaCy saw only "Borders", "Islamic State" where it saw "Islamic")."""
    spacy = _spacy_spans(parse)
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(parse.tokens)
    spacy_at: list[int] = [-1] * len(parse.tokens)  # token → the spaCy span covering it (linear, not pairwise)
    for k, (f, la, _) in enumerate(spacy):
        for t in range(f, la):
            spacy_at[t] = k
    known = _kb_spans(kb, parse)  # one scan serves both passes below (it depends only on the parse)
    for first, last in known:
        inside = [spacy[k][:2] for k in sorted({spacy_at[t] for t in range(first, last)} - {-1})]
        if last - first > 1 and inside and all(first <= f and la <= last for f, la in inside):
            spans.append((first, last, "KB"))  # a longer known name wins over the pieces spaCy found in it
            for k in range(first, last):
                taken[k] = True
    for first, last, label in spacy:
        if not any(taken[first:last]):
            spans.append((first, last, label))
            for k in range(first, last):
                taken[k] = True
    for first, last in known:
        if not any(taken[first:last]):
            spans.append((first, last, "KB"))
            for k in range(first, last):
                taken[k] = True
    out = []
    for first, last, label in sorted(spans):
        entity = kb.entity_id(parse.text[parse.tokens[first].start:parse.tokens[last - 1].end])
        if label == "PERSON" or entity in kb.people:
            first = _given_names(kb, parse, first, taken)
        out.append((first, last, label))
    return out


def _acts(parse: Parse, tok: Token) -> bool:
    """Whether a place name in this position acts as a party rather than marking where things happen."""
    head = parse.tokens[tok.head]
    if tok.dep in _AGENT_DEPS or (tok.dep == "pobj" and head.lower == "by"):
        return True
    if tok.dep == "conj" and _acts(parse, head):
        return True
    if tok.dep == "dobj" and head.lemma in _PARTY_VERBS:
        return True
    if tok.dep == "pobj" and head.dep == "prep" and head.head != head.i:
        governor = parse.tokens[head.head]
        if head.lower == "with" and governor.lemma in _WITH_HEADS:
            return True
        if head.lower == "on" and governor.lemma in ("call", "prevail", "pressure"):
            return True  # "called on Kigali to"
    return False


def _names(kb: KnowledgeBase, parse: Parse, day: date | None, is_place: Callable[[str], bool] | None,
           place_country: PlaceCountry | None) -> list[Mention]:
    out = []
    for first, last, label in _name_spans(kb, parse):
        head_tok = parse.tokens[last - 1]
        for t in parse.tokens[first:last]:  # the span's syntactic head: the token whose head is outside it
            if not first <= t.head < last or t.head == t.i:
                head_tok = t
                break
        resolution, source = _resolve_name(kb, parse, first, last, label, day, is_place, place_country)
        if resolution is None:
            continue
        if resolution.kind == "country" and source == "metonym" and not _acts(parse, head_tok):
            continue  # a capital is the state only when it acts ("Ankara said"), not where ("in Ankara")
        if label == "NORP" and head_tok.dep in ("amod", "compound") and resolution.kind == "country":
            continue  # "Turkish" as an adjective belongs to the noun phrase it modifies
        start, end = parse.tokens[first].start, parse.tokens[last - 1].end
        out.append(Mention(start, end, parse.text[start:end], head_tok.i, resolution, source))
    return out


def _agent_resolution(kb: KnowledgeBase, parse: Parse, tok: Token, first: int, key: str, iso: str | None,
                      day: date | None) -> Resolution:
    """What one country's reading of an agent phrase resolves to: the office holder of the day for a role
    ("the German chancellor", "the UN secretary-general"), else a generic actor of that country."""
    agent = kb.agents[key]
    role = agent.role_for(iso)
    org = org_in_tokens(kb, parse, parse.tokens[tok.left:first])
    if agent.kind == "person":
        holder = kb.holder(role, iso, day) if role and iso else None
        if holder is None and agent.leads and org is not None and iso is None:
            holder = kb.leader(org, day)
        if holder is not None:
            return holder.resolution(day)
    sector = agent.sector
    owner = kb.organizations.get(org) if org else None
    if owner is not None and (sector == "UNK" or (sector == "MIL" and owner.kind == "group")):
        sector = owner.sector  # "Houthi drones", "Hamas spokesman": the group's, not a state's
    elif owner is not None and owner.sector == "IGO" and owner.country is None and iso is None \
            and agent.kind == "group" and sector in ("GOV", "LEG", "JUD"):
        # "European Community foreign ministers", "NATO defence ministers" meet as the body; "the U.N. war
        # crimes court" judges as it
        sector = "IGO"
    elif sector == "UNK":
        met = next((m for t in parse.tokens[tok.left:first] if (m := kb.metonym(t.text))), None)
        sector = met[1] if met else sector  # "Kremlin spokesman" speaks for the government
    if sector == "UNK":
        # "rebel leaders", "opposition negotiators", "army spokesman": the sector the modifier names
        sector = next((a.sector for t in parse.tokens[tok.left:first] if t.dep in ("amod", "compound")
                       and (a := kb.agent(t.text) or kb.agent(t.lemma)) is not None and a.sector != "UNK"), sector)
    name = kb.countries[iso].name if iso else None
    return Resolution(None, f"{name} {agent.noun}" if name else agent.noun, agent.kind, iso, sector, role)


def _agents(kb: KnowledgeBase, parse: Parse, day: date | None, named_heads: set[int]) -> list[Mention]:
    out = []
    for tok in parse.tokens:
        if tok.i in named_heads or tok.pos not in ("NOUN", "PROPN", "PRON", "ADJ"):
            continue
        if tok.dep in ("compound", "amod"):
            # "government offensive", "terrorist targets": a modifier is an actor when its head is not one.
            head = parse.tokens[tok.head]
            if head.i == tok.i or agent_phrase(kb, parse, head) is not None or head.pos not in ("NOUN", "PROPN"):
                continue
            if tok.pos == "ADJ" and (kb.agent(tok.text) is None or kb.agents[norm_name(tok.text)].sector != "REB"):
                continue  # "terrorist targets" name an actor; "military posts" do not
        elif tok.pos == "ADJ":
            continue
        match = agent_phrase(kb, parse, tok) if tok.pos != "ADJ" else (tok.i, tok.i, norm_name(tok.text))
        if match is None:
            continue
        k, last, key = match
        countries = modifier_countries(kb, parse, tok, tok.left)
        backers = backer_countries(kb, parse, tok)
        if backers is not None:  # "Turkey-backed militants" are not Turkish militants; "Libya's UN-backed
            countries = [c for c in countries if c not in backers]  # government" is still Libya's
        left = min(k, min((parse.tokens[c].left for c in tok.children
                           if parse.tokens[c].dep in ("amod", "compound", "poss") and c < tok.i), default=k))
        if parse.tokens[left].pos == "DET":
            left += 1
        start, end = parse.tokens[left].start, parse.tokens[last].end
        text = parse.text[start:end]
        options: list[str | None] = list(countries) or [None]
        for iso in options:
            resolution = _agent_resolution(kb, parse, tok, k, key, iso, day)
            out.append(Mention(start, end, text, tok.i, resolution,
                               "modifier" if tok.dep in ("compound", "amod") else "agent"))
    return out


def _pronouns(parse: Parse) -> list[Mention]:
    out = []
    for tok in parse.tokens:
        kind = _PRONOUNS.get(tok.lower)
        if kind and tok.pos == "PRON" or (kind and tok.tag == "PRP$"):
            out.append(Mention(tok.start, tok.end, tok.text, tok.i, None, "pronoun", pronoun=kind))
    return out


def find_mentions(kb: KnowledgeBase, parse: Parse, day: date | None,
                  is_place: Callable[[str], bool] | None = None,
                  place_country: PlaceCountry | None = None) -> list[Mention]:
    """Every actor mention in text order (pronouns unresolved). ``is_place`` tells whether a name is a
    known place, so that an unresolved "organisation" that is really a town is left to the places stage;
    ``place_country`` gives the country of a place that describes a person ("a farmer near Sake")."""
    names = _names(kb, parse, day, is_place, place_country)
    covered = {t.i for m in names for t in parse.tokens_between(m.start, m.end)}
    mentions = names + _agents(kb, parse, day, covered) + _pronouns(parse)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions
