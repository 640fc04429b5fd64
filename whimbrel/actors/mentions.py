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
and possessors, not as the place after "in".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from whimbrel.kb import KnowledgeBase, Resolution, norm_name
from whimbrel.nlp import Parse, Token
from whimbrel.records import ActorRef

__all__ = ["Mention", "country_of_name", "find_mentions"]

_NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
# Dependency roles in which a place name acts as an agent (metonymy), not as a location.
_AGENT_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj", "appos"}
_PRONOUNS = {"he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
             "they": "group", "them": "group", "their": "group", "it": "thing", "its": "thing"}
_BACKED = ("-backed", "-allied", "-aligned", "-led", "-sponsored", "-supported")


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
        r = self.resolution
        if r is None:
            return ActorRef(text=self.text, start=self.start, end=self.end)
        return ActorRef(text=self.text, start=self.start, end=self.end, id=r.id, name=r.name, kind=r.kind,
                        country=r.country, sector=r.sector, role=r.role)


def _country_of_token(kb: KnowledgeBase, tok: Token) -> str | None:
    """ISO3 that a modifier token expresses: "Turkish", "Russia('s)", "Syrian", "Kremlin"."""
    iso = kb.country_of_adjective(tok.text)
    if iso:
        return iso
    cid = kb.entity_id(tok.text)
    if cid and cid.startswith("country/"):
        return cid[8:]
    met = kb.metonym(tok.text)
    return met[0] if met else None


def country_of_name(kb: KnowledgeBase, text: str) -> str | None:
    """ISO3 a (possibly multi-word) name stands for: a country, an adjective, a seat of power, or the home
    country of an organisation or armed group ("Boko Haram" → NGA)."""
    entity = kb.entity_id(text)
    if entity is not None:
        if entity.startswith("country/"):
            return entity[8:]
        org = kb.organizations.get(entity)
        if org is not None:
            return org.country
    iso = kb.country_of_adjective(text)
    if iso:
        return iso
    met = kb.metonym(text)
    return met[0] if met else None


def _countries_in_span(kb: KnowledgeBase, parse: Parse, head: Token, lo: int) -> list[str]:
    """Countries named by the words before ``head`` in its phrase: "Belarusian riot police", "Boko Haram
    militants", "Syrian and Iraqi Kurds". Affiliations ("pro-Damascus") do not count."""
    toks = [t for t in parse.tokens[max(lo, head.left):head.i + 1]
            if t.i == head.i or t.dep in ("amod", "compound", "poss", "nmod", "npadvmod", "conj", "cc", "case")]
    found: list[str] = []
    i = 0
    while i < len(toks):
        step = 1
        for j in range(min(len(toks), i + 6), i + 1, -1):  # multi-word names, longest first
            if toks[j - 1].i - toks[i].i != j - 1 - i:
                continue
            iso = country_of_name(kb, parse.text[toks[i].start:toks[j - 1].end])
            if iso:
                if iso not in found:
                    found.append(iso)
                step = j - i
                break
        else:
            t = toks[i]
            affiliated = any(parse.tokens[k].lower in ("pro", "anti") for k in range(max(0, t.i - 2), t.i))
            iso = None if affiliated or t.tag == "POS" else country_of_name(kb, t.text)
            if iso and iso not in found:
                found.append(iso)
        i += step
    return found


def _modifier_countries(kb: KnowledgeBase, parse: Parse, head: Token, lo: int) -> list[str]:
    """Countries named by a head noun's modifiers (adjectives, possessives, names before it) or by an "of",
    "from" or "in" phrase after it ("forces of Syria", "opposition groups in Zimbabwe")."""
    found = _countries_in_span(kb, parse, head, lo)
    for prep in parse.children(head, "prep"):
        if prep.lower in ("of", "from", "in"):
            for pobj in parse.children(prep, "pobj"):
                for iso in _countries_in_span(kb, parse, pobj, pobj.left):
                    if iso not in found:
                        found.append(iso)
    return found


def _agent_phrase(kb: KnowledgeBase, parse: Parse, head: Token) -> tuple[int, str] | None:
    """The longest known agent phrase ending at ``head`` ("air force", "pro-government forces")."""
    if head.pos not in ("NOUN", "PROPN") and head.lower not in kb.agents:
        return None
    lo = head.left
    for k in range(lo, head.i + 1):
        phrase = parse.text[parse.tokens[k].start:head.end]
        if k < head.i and parse.tokens[k].pos in ("DET", "NUM", "PUNCT"):
            continue
        agent_key = norm_name(phrase)
        if agent_key in kb.agents:
            return k, agent_key
        lemma_key = norm_name(parse.text[parse.tokens[k].start:head.start] + head.lemma)
        if lemma_key in kb.agents:
            return k, lemma_key
    return None


def _resolve_titled_person(kb: KnowledgeBase, parse: Parse, first: int, last: int, name: str,
                           day: date | None) -> Resolution:
    """A PERSON entity, using its title ("Foreign Minister", "Russian President") when the name alone
    is not in the knowledge base, or to supply the country."""
    head = parse.tokens[last - 1]
    resolved = kb.resolve_name(name, day)
    # Titles: tokens just before the name inside the same phrase, or an apposition after it.
    title_tokens = [t for t in parse.tokens[max(head.left, first - 6):first] if t.pos != "DET"]
    role = country = sector = None
    for k in range(len(title_tokens)):
        agent = kb.agent(" ".join(t.text for t in title_tokens[k:]))
        if agent:
            role, sector = agent.role, agent.sector
            for t in title_tokens[:k]:
                country = country or _country_of_token(kb, t)
            break
    if role is None:
        for appos in parse.children(head, "appos"):
            agent = kb.agent(appos.text) or kb.agent(appos.lemma)
            if agent:
                role, sector = agent.role, agent.sector
                countries = _modifier_countries(kb, parse, appos, appos.left)
                country = countries[0] if countries else None
                break
    if resolved is None and role and country:
        holder = kb.holder(role, country, day)
        surname = norm_name(name.split()[-1])
        if holder and any(norm_name(a).split()[-1] == surname for a in (holder.name, *holder.aliases)):
            resolved = holder.resolution(day)
    if resolved is None and len(name.split()) > 1:
        # "Sergei Lavrov" may be listed as "Sergey Lavrov": try the surname when it is a known alias.
        by_surname = kb.resolve_name(name.split()[-1], day)
        if by_surname is not None and by_surname.kind == "person":
            resolved = by_surname
    if resolved is not None:
        if resolved.country is None and country:
            resolved = Resolution(resolved.id, resolved.name, resolved.kind, country, resolved.sector, resolved.role)
        return resolved
    return Resolution(None, name, "person", country, sector or "UNK", role)


def _resolve_name(kb: KnowledgeBase, parse: Parse, first: int, last: int, label: str,
                  day: date | None, is_place: Callable[[str], bool] | None = None) -> tuple[Resolution | None, str]:
    text = parse.text[parse.tokens[first].start:parse.tokens[last - 1].end]
    head = parse.tokens[last - 1]
    if label == "PERSON":
        return _resolve_titled_person(kb, parse, first, last, text, day), "name"
    resolved = kb.resolve_name(text, day)
    if resolved is None and text.lower().startswith("the "):
        resolved = kb.resolve_name(text[4:], day)
    if resolved is not None:
        if resolved.kind == "person":
            return _resolve_titled_person(kb, parse, first, last, text, day), "name"
        if resolved.kind in ("organization", "group") and resolved.country is None:
            # "Russia's Security Council" is a national body, not the UN's.
            national = _modifier_countries(kb, parse, head, head.left)
            if national:
                return Resolution(None, text, "organization", national[0], "GOV"), "name"
        return resolved, "name"
    met = kb.metonym(text)
    if met:
        return Resolution(f"country/{met[0]}", kb.countries[met[0]].name, "country", met[0], met[1]), "metonym"
    iso = kb.country_of_adjective(text)
    if iso:
        return kb.countries[iso].resolution(), "name"
    if label in ("ORG",):
        if is_place is not None and is_place(text):
            return None, "name"  # spaCy's ORG on a town name ("an offensive on Idlib")
        countries = _modifier_countries(kb, parse, head, head.left)
        inner = [_country_of_token(kb, t) for t in parse.tokens[first:last]]
        country = next((c for c in inner if c), None) or (countries[0] if countries else None)
        agent = kb.agent(head.text) or kb.agent(head.lemma)
        return Resolution(None, text, "organization", country, agent.sector if agent else "UNK"), "name"
    return None, "name"


def _name_spans(kb: KnowledgeBase, parse: Parse) -> list[tuple[int, int, str]]:
    """(first, last, label) of names: spaCy entities plus knowledge-base names spaCy missed."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(parse.tokens)
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
            for k in range(ent.first, ent.last):
                taken[k] = True
    # Dictionary scan for multi-word and acronym names spaCy left out ("SOHR", "Tahrir al-Sham"), tried only
    # where a known name can start.
    n = len(parse.tokens)
    for i in range(n):
        tok = parse.tokens[i]
        if taken[i] or not (tok.text[:1].isupper() or tok.text.islower()):
            continue
        longest = kb.first_words.get(norm_name(tok.text))
        if not longest:
            continue
        best = None
        for j in range(min(n, i + longest + 2), i, -1):
            if any(taken[i:j]):
                continue
            text = parse.text[tok.start:parse.tokens[j - 1].end]
            if j - i == 1 and not text[:1].isupper() and kb.acronyms.get(text) is None:
                continue  # a lower-case common word ("chad", "turkey") is not a name
            if kb.entity_id(text) or (j - i > 1 and kb.metonym(text)):
                best = j
                break
        if best:
            spans.append((i, best, "KB"))
            for k in range(i, best):
                taken[k] = True
    spans.sort()
    return spans


def _names(kb: KnowledgeBase, parse: Parse, day: date | None, is_place: Callable[[str], bool] | None) -> list[Mention]:
    out = []
    for first, last, label in _name_spans(kb, parse):
        head_tok = parse.tokens[last - 1]
        for t in parse.tokens[first:last]:  # the span's syntactic head: the token whose head is outside it
            if not first <= t.head < last or t.head == t.i:
                head_tok = t
                break
        resolution, source = _resolve_name(kb, parse, first, last, label, day, is_place)
        if resolution is None:
            continue
        if label in ("GPE", "LOC", "FAC", "KB") and resolution.kind == "country" and source == "metonym":
            # A capital is the state only when it acts ("Ankara said"), not where things happen ("in Ankara").
            if head_tok.dep not in _AGENT_DEPS and not (head_tok.dep == "pobj" and
                                                        parse.tokens[head_tok.head].lower == "by"):
                if not (head_tok.dep == "conj" and parse.tokens[head_tok.head].dep in _AGENT_DEPS):
                    continue
        if label == "NORP" and head_tok.dep in ("amod", "compound") and resolution.kind == "country":
            continue  # "Turkish" as an adjective belongs to the noun phrase it modifies
        start, end = parse.tokens[first].start, parse.tokens[last - 1].end
        out.append(Mention(start, end, parse.text[start:end], head_tok.i, resolution, source))
    return out


def _agents(kb: KnowledgeBase, parse: Parse, day: date | None, named_heads: set[int]) -> list[Mention]:
    out = []
    for tok in parse.tokens:
        if tok.i in named_heads or tok.pos not in ("NOUN", "PROPN", "PRON", "ADJ"):
            continue
        if tok.dep in ("compound", "amod"):
            # "government offensive", "terrorist targets": a modifier is an actor when its head is not one.
            head = parse.tokens[tok.head]
            if head.i == tok.i or _agent_phrase(kb, parse, head) is not None or head.pos not in ("NOUN", "PROPN"):
                continue
            if tok.pos == "ADJ" and (kb.agent(tok.text) is None or kb.agents[norm_name(tok.text)].sector != "REB"):
                continue  # "terrorist targets" name an actor; "military posts" do not
        elif tok.pos == "ADJ":
            continue
        match = _agent_phrase(kb, parse, tok) if tok.pos != "ADJ" else (tok.i, norm_name(tok.text))
        if match is None:
            continue
        k, key = match
        agent = kb.agents[key]
        countries = _modifier_countries(kb, parse, tok, tok.left)
        backed = any(parse.tokens[j].lower.endswith(_BACKED) or parse.tokens[j].lower in
                     ("backed", "allied", "aligned", "led", "sponsored") for j in range(tok.left, tok.i))
        if backed:
            countries = []  # "Turkey-backed militants" are not Turkish militants
        left = min(k, min((parse.tokens[c].left for c in tok.children
                           if parse.tokens[c].dep in ("amod", "compound", "poss") and c < tok.i), default=k))
        if parse.tokens[left].pos == "DET":
            left += 1
        start, end = parse.tokens[left].start, tok.end
        text = parse.text[start:end]
        options: list[str | None] = list(countries) or [None]
        for iso in options:
            resolution = None
            if agent.kind == "person" and agent.role and iso:
                holder = kb.holder(agent.role, iso, day)
                if holder is not None:
                    resolution = holder.resolution(day)
            if resolution is None:
                name = kb.countries[iso].name if iso else None
                resolution = Resolution(None, f"{name} {agent.noun}" if name else agent.noun, agent.kind,
                                        iso, agent.sector, agent.role)
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
                  is_place: Callable[[str], bool] | None = None) -> list[Mention]:
    """Every actor mention in text order (pronouns unresolved). ``is_place`` tells whether a name is a
    known place, so that an unresolved "organisation" that is really a town is left to the places stage."""
    names = _names(kb, parse, day, is_place)
    covered = {t.i for m in names for t in parse.tokens_between(m.start, m.end)}
    mentions = names + _agents(kb, parse, day, covered) + _pronouns(parse)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions
