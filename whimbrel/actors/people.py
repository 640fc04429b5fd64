"""People: a PERSON name, the title before it and the description after it.

"Russian Foreign Minister Sergei Lavrov" is Lavrov, foreign minister of RUS; "Kremlin spokesman Dmitry
Peskov" is an unknown person of the Russian government; "Grace Ruto, a nurse in Eldoret" an unknown
civilian of KEN (the place comes from the gazetteer). A surname alone never makes a full name someone
else: "John Mbeki, a local farmer" is not Thabo Mbeki.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from difflib import SequenceMatcher

from whimbrel.actors.modifiers import (
    agent_phrase,
    country_of_token,
    modifier_countries,
    modifier_org,
    org_in_tokens,
)
from whimbrel.kb import Agent, KnowledgeBase, Person, Resolution, norm_name
from whimbrel.nlp import Parse, Token

__all__ = ["RANKS", "PlaceCountry", "compatible_name", "described_as_person", "resolve_person", "titled_as_person"]

PlaceCountry = Callable[[str], str | None]  # a place name → the ISO3 of the country it lies in, if known

# Ranks and honorifics between a title and a name ("Army spokesman Captain Ibrahim Musa"): not the title.
RANKS = {"general", "gen", "gen.", "lieutenant", "lt", "lt.", "colonel", "col", "col.", "major", "maj", "maj.",
         "captain", "capt", "capt.", "brigadier", "brig", "brig.", "admiral", "adm", "adm.", "sergeant", "sgt",
         "sgt.", "marshal", "field", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "prince", "princess",
         "sheikh", "sheikha", "emir", "king", "queen", "ayatollah", "imam", "pope", "sultan", "mullah", "rev", "rev.",
         "lieutenant-general", "major-general", "brigadier-general", "lt-gen", "maj-gen", "brig-gen"}
# Of those, the ones that make a person military when nothing else is said of them: an emir, a sheikh or a
# "Dr." is no soldier.
_MILITARY_RANKS = {"general", "gen", "gen.", "lieutenant", "lt", "lt.", "colonel", "col", "col.", "major", "maj",
                   "maj.", "captain", "capt", "capt.", "brigadier", "brig", "brig.", "admiral", "adm", "adm.",
                   "sergeant", "sgt", "sgt.", "marshal", "field", "lieutenant-general", "major-general",
                   "brigadier-general", "lt-gen", "maj-gen", "brig-gen"}
_PLACE_PREPS = ("in", "from", "of", "near", "at", "based")
_ADMIN_WORDS = {"province", "region", "state", "district", "department", "county", "governorate", "city"}


def compatible_name(name: str, person: Person) -> bool:
    """Whether the words before the surname in ``name`` fit ``person``'s given names ("Sergei Lavrov" and
    "Sergey Lavrov" do; "John Mbeki" and "Thabo Mbeki" do not). A bare surname fits anyone."""
    words = norm_name(name).replace(".", "").split()
    if len(words) < 2:
        return True
    for full in (person.name, *person.aliases):
        known = norm_name(full).replace(".", "").split()
        if len(known) < 2 or not set(words[-1:]) & set(known):
            continue
        if all(any(_same_word(w, k) for k in known) for w in words[:-1]):
            return True
    return False


def _same_word(a: str, b: str) -> bool:
    if a == b or (len(a) == 1 and b.startswith(a)):  # "S. Lavrov"
        return True
    return a[:1] == b[:1] and SequenceMatcher(None, a, b).ratio() >= 0.75  # Sergei/Sergey, Mohamed/Mohammed


def _inherited_sector(kb: KnowledgeBase, parse: Parse, toks: list[Token]) -> str | None:
    """The sector words before a sector-less title give it: "Kremlin spokesman" (GOV), "Houthi
    spokesman" (the Houthis' REB), "police spokesman" is an agent phrase of its own."""
    for t in toks:
        met = kb.metonym(t.text)
        if met:
            return met[1]
        entity = kb.entity_id(t.text)
        if entity in kb.organizations:
            return kb.organizations[entity].sector
        agent = kb.agent(t.text)
        if agent and agent.sector != "UNK":
            return agent.sector
    return None


def _title_before(kb: KnowledgeBase, parse: Parse, first: int, head: Token
                  ) -> tuple[Agent, list[Token]] | None:
    """The agent noun of a title just before the name and the words before it ("Russian Foreign Minister")."""
    toks = [t for t in parse.tokens[max(head.left, first - 6):first] if t.pos != "DET"]
    while toks and (toks[-1].lower in RANKS or toks[-1].pos == "PUNCT") and not _title_ends_with_rank(kb, toks):
        toks.pop()
    for k in range(len(toks)):
        # the words as written ("Vice-President" is three tokens), then spaced
        agent = kb.agent(parse.text[toks[k].start:toks[-1].end]) or kb.agent(" ".join(t.text for t in toks[k:]))
        if agent:
            return agent, toks[:k]
    return None


def _title_ends_with_rank(kb: KnowledgeBase, toks: list[Token]) -> bool:
    """"Secretary General", "Attorney General": a title whose last word is also a rank."""
    return len(toks) > 1 and kb.agent(f"{toks[-2].text} {toks[-1].text}") is not None


def _ranked(kb: KnowledgeBase, parse: Parse, first: int, ranks: set[str] = RANKS) -> bool:
    """Whether a rank or honorific (one of ``ranks``) stands just before the name ("Lt. Gen. Prosper Avril",
    "Sheikh Hamad")."""
    k = first - 1
    while k >= 0 and parse.tokens[k].pos == "PUNCT" and parse.tokens[k].text == ".":
        k -= 1
    return k >= 0 and parse.tokens[k].lower in ranks and not _title_ends_with_rank(kb, parse.tokens[max(0, k - 1):k + 1])


def titled_as_person(kb: KnowledgeBase, parse: Parse, first: int, head: Token) -> bool:
    """Whether a name follows a personal title or rank ("Vice-President Moody Awori"), which makes it a
    person even when spaCy calls it an organisation."""
    title = _title_before(kb, parse, first, head)
    # (a title is a noun: in "the rebel Revolutionary United Front" the adjective describes an organisation)
    return (title is not None and title[0].kind == "person" and parse.tokens[first - 1].pos != "ADJ") or \
        _ranked(kb, parse, first)


def _place_in(parse: Parse, noun: Token, place_country: PlaceCountry | None) -> str | None:
    """The country of a place named in a description ("a trader in the diamond market in Surat", "a
    fisherman from Quang Ngai province"): proper-noun runs after a place preposition."""
    if place_country is None:
        return None
    toks = parse.tokens[noun.i + 1:noun.right + 1]
    i = 0
    while i < len(toks):
        # (spaCy tags small towns as common nouns, "a farmer near Sake": capitals are what count)
        if not toks[i].text[:1].isupper() or parse.tokens[toks[i].i - 1].lower not in (*_PLACE_PREPS, "the"):
            i += 1
            continue
        j = i
        while j < len(toks) and (toks[j].text[:1].isupper() or toks[j].text == "-"):
            j += 1
        run = parse.text[toks[i].start:toks[j - 1].end]
        iso = place_country(run)
        if iso is None and j < len(toks) and toks[j].lower in _ADMIN_WORDS:
            iso = place_country(f"{run} {toks[j].text}")
        if iso:
            return iso
        i = j
    return None


def described_as_person(kb: KnowledgeBase, parse: Parse, head: Token) -> bool:
    """Whether a name is described as one person ("Grace Ruto, a nurse"): spaCy often calls such unknown
    names organisations."""
    for appos in parse.children(head, "appos"):
        match = agent_phrase(kb, parse, appos)
        if match is not None and kb.agents[match[2]].kind == "person":
            return True
    return False


def _described(kb: KnowledgeBase, parse: Parse, head: Token, place_country: PlaceCountry | None
               ) -> tuple[Agent | None, str | None, str | None] | None:
    """(agent, country, org) from a description of the name: an apposition after it ("Peter Otieno, a
    Kenyan police spokesman") or the title noun the name is in apposition to ("Pakistan's army chief,
    General Asim Munir")."""
    nouns = list(parse.children(head, "appos"))
    if head.dep == "appos":
        nouns.append(parse.tokens[head.head])
    before = _title_before_comma(parse, head)
    if before is not None and before not in nouns:
        nouns.append(before)
    for noun in nouns:
        match = agent_phrase(kb, parse, noun)
        if match is None:
            # an occupation we do not list still places its holder ("a baker from Lviv")
            country = _place_in(parse, noun, place_country) if noun.dep == "appos" else None
            if country is None:
                continue
            return None, country, None
        agent = kb.agents[match[2]]
        countries = modifier_countries(kb, parse, noun, noun.left)
        org = modifier_org(kb, parse, noun, noun.left)
        country = countries[0] if countries else _place_in(parse, noun, place_country)
        return agent, country, org
    return None


def _title_before_comma(parse: Parse, head: Token) -> Token | None:
    """The noun before "<title>, <rank> <name>" where spaCy did not link the two ("Qatar's emir, Sheikh
    Hamad …" parsed as two phrases): the title the comma sets the name against."""
    k = head.left - 1
    while k >= 0 and parse.tokens[k].lower in RANKS:
        k -= 1
    if k < 1 or parse.tokens[k].text != ",":
        return None
    noun = parse.tokens[k - 1]
    return noun if noun.pos == "NOUN" and noun.dep not in ("appos", "conj") and noun.head != head.i else None


_SURNAMES: dict[int, dict[str, set[str]]] = {}


def _surname_country(kb: KnowledgeBase, name: str) -> str | None:
    """The one country of every office-holder in the knowledge base with this surname, if there is one."""
    index = _SURNAMES.get(id(kb))
    if index is None:
        index = {}
        for person in kb.people.values():
            countries = {r.country or person.country for r in person.roles if not r.international}
            for alias in (person.name, *person.aliases):
                words = norm_name(alias).split()
                if words and person.roles:
                    index.setdefault(words[-1], set()).update(c for c in countries if c)
        _SURNAMES.clear()
        _SURNAMES[id(kb)] = index
    words = norm_name(name).split()
    found = index.get(words[-1], set()) if words else set()
    return next(iter(found)) if len(found) == 1 else None


def _name_root(parse: Parse, first: int, last: int) -> Token:
    """The word of a name that spaCy hangs the rest of the sentence on: usually the last, but in
    "opposition leader Maulana Fazl-ur-Rehman" the name is an apposition through "Fazl"."""
    for tok in parse.tokens[first:last]:
        if not first <= tok.head < last or tok.head == tok.i:
            return tok
    return parse.tokens[last - 1]


def resolve_person(kb: KnowledgeBase, parse: Parse, first: int, last: int, name: str, day: date | None,
                   place_country: PlaceCountry | None = None) -> Resolution:
    """A PERSON name, using its title ("Foreign Minister", "Russian President") or description when the
    name alone is not in the knowledge base, or to supply the country."""
    head = _name_root(parse, first, last)
    resolved = kb.resolve_name(name, day)
    agent: Agent | None = None
    country = org = sector = None
    title = _title_before(kb, parse, first, head)
    if title is not None:
        agent, before = title
        for t in before:
            country = country or country_of_token(kb, t)
        org = org_in_tokens(kb, parse, before)
        sector = agent.sector if agent.sector != "UNK" else _inherited_sector(kb, parse, before)
    else:
        described = _described(kb, parse, head, place_country)
        if described is not None:
            agent, country, org = described
            sector = agent.sector if agent else None
    if org is not None and country is None:
        country = kb.organizations[org].country
        sector = sector or kb.organizations[org].sector
    role = agent.role_for(country) if agent else None
    if resolved is None and agent is not None:
        holder = kb.holder(role, country, day) if role and country else None
        if holder is None and agent.leads and org is not None:
            holder = kb.leader(org, day)
        if holder is not None and compatible_name(name, holder) and any(
                norm_name(a).split()[-1] == norm_name(name.split()[-1]) for a in (holder.name, *holder.aliases)):
            resolved = holder.resolution(day)
    if resolved is None and len(name.split()) > 1:
        # "Sergei Lavrov" may be listed as "Sergey Lavrov": try the surname, if the given names fit.
        by_surname = kb.entity_id(name.split()[-1])
        if by_surname in kb.people and compatible_name(name, kb.people[by_surname]):
            resolved = kb.people[by_surname].resolution(day)
    if resolved is not None:
        if resolved.country is None and country and resolved.sector != "IGO":
            resolved = Resolution(resolved.id, resolved.name, resolved.kind, country, resolved.sector, resolved.role)
        return resolved
    if country is None and agent is not None:
        # "President Bush" outside the knowledge base's dates: every office-holder called Bush is American.
        country = _surname_country(kb, name)
    if agent is None and sector is None and _ranked(kb, parse, first, _MILITARY_RANKS):
        sector = "MIL"  # "Lt. Gen. Prosper Avril": a military rank and nothing else said of him
    return Resolution(None, name, "person", country, sector or "UNK", role)
