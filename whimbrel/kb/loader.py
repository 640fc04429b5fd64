"""Load and check the knowledge-base YAML files (``data/kb``); fail loudly with file and line.

Checks: required keys and types, known sectors, kinds and role keys, ISO codes that exist in
``countries.yaml``, dates in order, unique ids, and no alias naming two different entities. The parsed
knowledge base is cached (see :mod:`whimbrel.cache`), so start-up costs a pickle load, not a YAML parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from whimbrel.cache import cached
from whimbrel.config import settings
from whimbrel.errors import KnowledgeBaseError
from whimbrel.kb.model import (
    ROLE_KEYS,
    Agent,
    Country,
    KnowledgeBase,
    Organization,
    Person,
    Role,
    is_case_sensitive,
    norm_name,
)
from whimbrel.records import SECTORS

__all__ = ["kb_files", "load_kb", "parse_kb"]

_FORMAT_VERSION = 5
_ISO3 = re.compile(r"^[A-Z]{3}$")
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that records each mapping's line as ``__line__``."""


def _mapping_with_line(loader: Any, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def kb_files(kb_dir: Path | None = None) -> list[Path]:
    base = kb_dir or settings().kb_dir
    files = [base / "countries.yaml", base / "agents.yaml", base / "organizations.yaml"]
    files += sorted((base / "people").glob("*.yaml"))
    missing = [f for f in files[:3] if not f.exists()]
    if missing:
        raise KnowledgeBaseError(f"knowledge-base file missing: {missing[0]}")
    return files


def _entries(path: Path) -> Iterator[dict[str, Any]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise KnowledgeBaseError(f"invalid YAML: {getattr(exc, 'problem', exc)}", where=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"cannot read: {exc}", where=str(path)) from None
    if data is None:
        return
    if not isinstance(data, list):
        raise KnowledgeBaseError("top level must be a YAML list of entries", where=str(path))
    for item in data:
        if not isinstance(item, dict):
            raise KnowledgeBaseError(f"every entry must be a mapping, got {item!r}", where=str(path))
        yield item


class _Checker:
    """Field accessors that raise with ``file:line`` on anything malformed."""

    def __init__(self, path: Path, entry: dict[str, Any]) -> None:
        self.entry = entry
        self.where = f"{path}:{entry.get('__line__', '?')}"

    def fail(self, message: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(message, where=self.where)

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.entry.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string, got {value!r}")
        return value.strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{key!r} must be a list of non-empty strings, got {value!r}")
        return tuple(v.strip() for v in value)

    def choice(self, key: str, options: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.entry.get(key, default)
        if value not in options:
            raise self.fail(f"{key!r} must be one of {', '.join(options)}, got {value!r}")
        return str(value)

    def iso3(self, key: str, known: dict[str, Country] | None, value: Any = ...) -> str | None:
        value = self.entry.get(key) if value is ... else value
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO3.match(value):
            raise self.fail(f"{key!r} must be an ISO 3166-1 alpha-3 code or null, got {value!r}")
        if known is not None and value not in known:
            raise self.fail(f"{key!r}: {value} is not in countries.yaml")
        return value

    def day(self, raw: Any, what: str) -> date | None:
        if raw is None:
            return None
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            raise self.fail(f"{what} must be an ISO date (YYYY-MM-DD), got {raw!r}") from None


def parse_kb(kb_dir: Path | None = None) -> KnowledgeBase:
    """Parse and check every file; the result is ready for lookups."""
    files = kb_files(kb_dir)
    kb = KnowledgeBase()
    owners: dict[str, tuple[str, str]] = {}  # lookup key → (entity id, where)

    def claim(alias: str, entity_id: str, where: str) -> None:
        table = kb.acronyms if is_case_sensitive(alias) else kb.names
        key = alias.strip() if is_case_sensitive(alias) else norm_name(alias)
        if not key:
            return
        previous = owners.get(("A:" if table is kb.acronyms else "N:") + key)
        if previous and previous[0] != entity_id:
            raise KnowledgeBaseError(
                f"alias {alias!r} names both {previous[0]} ({previous[1]}) and {entity_id}", where=where)
        owners[("A:" if table is kb.acronyms else "N:") + key] = (entity_id, where)
        table[key] = entity_id
        kb.max_name_words = max(kb.max_name_words, len(key.split()))

    # 1. countries first: everything else refers to them
    for entry in _entries(files[0]):
        c = _Checker(files[0], entry)
        iso3 = c.iso3("iso3", None)
        if iso3 is None:
            raise c.fail("'iso3' is required")
        if iso3 in kb.countries:
            raise c.fail(f"duplicate country {iso3}")
        metonyms = []
        for m in entry.get("metonyms") or []:
            name, sector = (m, "GOV") if isinstance(m, str) else (m.get("name"), m.get("sector", "GOV"))
            if not isinstance(name, str) or sector not in SECTORS:
                raise c.fail(f"metonym must be a name or {{name, sector}} with a known sector, got {m!r}")
            metonyms.append((name, sector))
        country = Country(iso3=iso3, name=c.text("name") or iso3, aliases=c.texts("aliases"),
                          adjectives=c.texts("adjectives"), demonyms=c.texts("demonyms"),
                          capital=c.text("capital", required=False), metonyms=tuple(metonyms))
        kb.countries[iso3] = country
        for alias in (country.name, *country.aliases):
            claim(alias, country.id, c.where)
        for word in (*country.adjectives, *country.demonyms):
            kb.adjectives.setdefault(norm_name(word), iso3)
        for name, sector in country.metonyms:
            kb.metonyms.setdefault(norm_name(name), (iso3, sector))

    # 2. generic agents
    for entry in _entries(files[1]):
        c = _Checker(files[1], entry)
        role = entry.get("role")
        if role is not None and role not in ROLE_KEYS:
            raise c.fail(f"'role' must be one of {', '.join(ROLE_KEYS)} or null, got {role!r}")
        role_countries = tuple(c.iso3("countries", kb.countries, value=v) or "" for v in c.texts("countries"))
        leads = entry.get("leads", False)
        if not isinstance(leads, bool):
            raise c.fail(f"'leads' must be true or false, got {leads!r}")
        agent = Agent(noun=norm_name(c.text("noun") or ""), sector=c.choice("sector", SECTORS),
                      kind=c.choice("kind", ("group", "person"), default="group"), role=role,
                      role_countries=role_countries, leads=leads)
        if agent.noun in kb.agents and kb.agents[agent.noun] != agent:
            raise c.fail(f"agent {agent.noun!r} is defined twice with different values")
        kb.agents[agent.noun] = agent

    # 3. organisations
    for entry in _entries(files[2]):
        c = _Checker(files[2], entry)
        oid = c.text("id") or ""
        if not oid.startswith("org/"):
            raise c.fail(f"organisation ids start with 'org/', got {oid!r}")
        if oid in kb.organizations:
            raise c.fail(f"duplicate id {oid}")
        wire = entry.get("wire", False)
        if not isinstance(wire, bool):
            raise c.fail(f"'wire' must be true or false, got {wire!r}")
        org = Organization(id=oid, name=c.text("name") or oid, kind=c.choice("kind", ("organization", "group")),
                           sector=c.choice("sector", SECTORS), country=c.iso3("country", kb.countries),
                           aliases=c.texts("aliases"), wire=wire, short=c.text("short", required=False))
        kb.organizations[oid] = org
        for alias in (org.name, *org.aliases):
            claim(alias, oid, c.where)

    # 4. people, one file per country or group
    for path in files[3:]:
        for entry in _entries(path):
            c = _Checker(path, entry)
            pid = c.text("id") or ""
            if not pid.startswith("person/"):
                raise c.fail(f"person ids start with 'person/', got {pid!r}")
            if pid in kb.people:
                raise c.fail(f"duplicate id {pid}")
            roles = []
            for raw in entry.get("roles") or []:
                if not isinstance(raw, dict):
                    raise c.fail(f"each role must be a mapping, got {raw!r}")
                rc = _Checker(path, raw)
                start = rc.day(raw.get("start"), "start")
                end = rc.day(raw.get("end"), "end")
                if start is None:
                    raise rc.fail("a role needs a start date")
                if end is not None and end < start:
                    raise rc.fail(f"role ends ({end}) before it starts ({start})")
                led = rc.text("org", required=False)
                if led is not None and led not in kb.organizations:
                    raise rc.fail(f"'org': {led} is not in organizations.yaml")
                roles.append(Role(role=rc.choice("role", ROLE_KEYS), country=rc.iso3("country", kb.countries),
                                  sector=rc.choice("sector", SECTORS), start=start, end=end, org=led))
            person = Person(id=pid, name=c.text("name") or pid, country=c.iso3("country", kb.countries),
                            aliases=c.texts("aliases"), roles=tuple(roles))
            kb.people[pid] = person
            for alias in (person.name, *person.aliases):
                claim(alias, pid, c.where)
            for role in roles:
                kb.role_index.setdefault((role.role, role.country), []).append((role, pid))
                if role.org is not None:
                    kb.org_leaders.setdefault(role.org, []).append((role, pid))
    for holders in [*kb.role_index.values(), *kb.org_leaders.values()]:
        holders.sort(key=lambda item: item[0].start)
    kb.index_first_words()
    return kb


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The knowledge base, parsed once per process (and cached on disk across processes)."""
    kb_dir = settings().kb_dir
    return cached("kb", _FORMAT_VERSION, kb_files(kb_dir), lambda: parse_kb(kb_dir))
