"""The knowledge base in memory: plain frozen records and the lookup tables built from them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

__all__ = [
    "ROLE_KEYS",
    "Agent",
    "Country",
    "KnowledgeBase",
    "Organization",
    "Person",
    "Resolution",
    "Role",
    "is_case_sensitive",
    "norm_name",
]

ROLE_KEYS = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister",
             "armed_group_leader", "un_secretary_general", "igo_leader", "opposition_leader", "other")

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00a0": " "})
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){1,3}$")
_KNOWN_MEMO_LIMIT = 200_000


@lru_cache(maxsize=65536)
def norm_name(text: str) -> str:
    """Lookup key for a name: no diacritics, straight apostrophes, one space, no leading "the", casefolded."""
    if text.isascii():
        s = " ".join(text.replace(" - ", "-").split()).casefold()
        return _strip_article(s)
    s = unicodedata.normalize("NFKD", text.translate(_DASHES))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = " ".join(s.replace(" - ", "-").split()).casefold()
    return _strip_article(s)


def _strip_article(s: str) -> str:
    if s.startswith("the "):
        s = s[4:]
    if s.endswith("'s"):
        s = s[:-2]
    return s


def is_case_sensitive(alias: str) -> bool:
    """Short all-capital acronyms ("US", "UN", "IS", "AP") are only matched as written: their lower-case
    forms are ordinary English words."""
    return bool(_ACRONYM.match(alias.strip()))


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a mention resolves to: the contract's ACTOR fields other than the text span."""

    id: str | None
    name: str | None
    kind: str | None
    country: str | None
    sector: str = "UNK"
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    metonyms: tuple[tuple[str, str], ...] = ()  # (name, sector)

    @property
    def id(self) -> str:
        return f"country/{self.iso3}"

    def resolution(self, sector: str = "GOV") -> Resolution:
        return Resolution(self.id, self.name, "country", self.iso3, sector)


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    kind: str  # organization | group
    sector: str
    country: str | None
    aliases: tuple[str, ...] = ()
    wire: bool = False
    short: str | None = None  # how articles credit it ("AFP"), when not its name

    def resolution(self) -> Resolution:
        return Resolution(self.id, self.name, self.kind, self.country, self.sector)


@dataclass(frozen=True, slots=True)
class Role:
    role: str
    country: str | None
    sector: str
    start: date
    end: date | None
    org: str | None = None  # the organisation this role leads ("org/nato"), for "the NATO chief"

    @property
    def international(self) -> bool:
        """An office in an international body: its holder speaks for no country while in it."""
        return self.sector == "IGO" and self.country is None

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def role_on(self, day: date | None) -> Role | None:
        """The role held on ``day`` (the most recent one when no date is known)."""
        if day is not None:
            held = [r for r in self.roles if r.holds_on(day)]
            return held[0] if held else None
        return max(self.roles, key=lambda r: r.start) if self.roles else None

    def resolution(self, day: date | None = None) -> Resolution:
        role = self.role_on(day)
        if role is None and self.roles:
            # Outside every dated role we still know who it is, not which office they speak for.
            latest = self.role_on(None)
            sector = latest.sector if latest else "UNK"
            return Resolution(self.id, self.name, "person", self.country, sector)
        if role is None:
            return Resolution(self.id, self.name, "person", self.country, "UNK")
        # The UN secretary-general acts for the UN, not for Portugal: an international office has no country.
        country = None if role.international else role.country or self.country
        return Resolution(self.id, self.name, "person", country, role.sector, role.role)


@dataclass(frozen=True, slots=True)
class Agent:
    noun: str
    sector: str
    kind: str  # group | person
    role: str | None = None
    # Where set, ``role`` holds only for these countries ("chancellor" heads the government in DEU and AUT,
    # the British chancellor is the finance minister); elsewhere the noun has no dated role.
    role_countries: tuple[str, ...] = ()
    # True for the head of an organisation ("secretary-general", "chief"): "the NATO chief" is whoever
    # held a role with ``org: org/nato`` on the day.
    leads: bool = False

    def role_for(self, country: str | None) -> str | None:
        if self.role and self.role_countries and country not in self.role_countries:
            return None
        return self.role


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    agents: dict[str, Agent] = field(default_factory=dict)  # norm noun phrase → agent
    # name lookups: normalised alias → entity id; case-sensitive acronyms kept apart
    names: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    metonyms: dict[str, tuple[str, str]] = field(default_factory=dict)  # norm name → (iso3, sector)
    adjectives: dict[str, str] = field(default_factory=dict)  # norm adjective/demonym → iso3
    role_index: dict[tuple[str, str | None], list[tuple[Role, str]]] = field(default_factory=dict)
    org_leaders: dict[str, list[tuple[Role, str]]] = field(default_factory=dict)  # org id → its leaders
    max_name_words: int = 1
    # first word of every name, metonym and acronym → the most words a name starting with it has
    first_words: dict[str, int] = field(default_factory=dict)

    def index_first_words(self) -> None:
        self.first_words.clear()
        self.__dict__.pop("_known_memo", None)  # the tables are final from here: see is_known_name
        for key in [*self.names, *self.metonyms]:
            words = key.split()
            self.first_words[words[0]] = max(self.first_words.get(words[0], 0), len(words))
        for key in self.acronyms:
            first = key.split()[0].casefold()
            self.first_words[first] = max(self.first_words.get(first, 0), len(key.split()))

    # -- lookups -----------------------------------------------------------------------------------
    def is_known_name(self, text: str) -> bool:
        """Whether ``text`` names a known entity or a seat of power (:meth:`entity_id` or :meth:`metonym`).

        Memoised per string: the dictionary scan of every article asks about the same words again and again,
        and the answer depends only on the lookup tables, final once :meth:`index_first_words` has run (which
        empties the memo). Kept in the instance's ``__dict__``, not a field, so cached pickles still load."""
        memo: dict[str, bool] = self.__dict__.setdefault("_known_memo", {})
        known = memo.get(text)
        if known is None:
            if len(memo) >= _KNOWN_MEMO_LIMIT:  # bounded, for long runs over very varied text
                memo.clear()
            known = memo[text] = bool(self.entity_id(text) or self.metonym(text))
        return known

    def entity_id(self, text: str) -> str | None:
        """The id of the country, organisation or person ``text`` names, if any."""
        stripped = text.strip()
        if stripped in self.acronyms:
            return self.acronyms[stripped]
        key = norm_name(stripped)
        found = self.names.get(key)
        if found is None and "." in key:
            found = self.names.get(key.replace(".", ""))
        return found

    def resolve_id(self, entity_id: str, day: date | None = None) -> Resolution:
        if entity_id.startswith("country/"):
            return self.countries[entity_id[8:]].resolution()
        if entity_id in self.organizations:
            return self.organizations[entity_id].resolution()
        return self.people[entity_id].resolution(day)

    def resolve_name(self, text: str, day: date | None = None) -> Resolution | None:
        entity_id = self.entity_id(text)
        return self.resolve_id(entity_id, day) if entity_id else None

    def metonym(self, text: str) -> tuple[str, str] | None:
        """(iso3, sector) when ``text`` is a seat of power ("the Kremlin", "Ankara")."""
        return self.metonyms.get(norm_name(text))

    def country_of_adjective(self, text: str) -> str | None:
        """ISO alpha-3 for an adjective or demonym ("Turkish", "Syrians")."""
        return self.adjectives.get(norm_name(text))

    def agent(self, phrase: str) -> Agent | None:
        return self.agents.get(norm_name(phrase))

    def holder(self, role: str, country: str | None, day: date | None) -> Person | None:
        """Who held ``role`` for ``country`` on ``day`` (None if unknown or no date)."""
        if day is None:
            return None
        for held, person_id in self.role_index.get((role, country), ()):
            if held.holds_on(day):
                return self.people[person_id]
        return None

    def leader(self, org_id: str, day: date | None) -> Person | None:
        """Who led organisation ``org_id`` on ``day`` (None if unknown or no date)."""
        if day is None:
            return None
        for held, person_id in self.org_leaders.get(org_id, ()):
            if held.holds_on(day):
                return self.people[person_id]
        return None

    def wires(self) -> list[Organization]:
        return [o for o in self.organizations.values() if o.wire]
