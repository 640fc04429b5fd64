"""Roles that lead organisations, country-specific role titles, and offices in international bodies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from whimbrel.errors import KnowledgeBaseError
from whimbrel.kb import parse_kb
from whimbrel.kb.model import Person, Role


def _kb_dir(tmp_path: Path, people: str, agents: str = "- noun: troops\n  sector: MIL\n") -> Path:
    (tmp_path / "people").mkdir()
    (tmp_path / "countries.yaml").write_text("- iso3: TUR\n  name: Turkey\n- iso3: DEU\n  name: Germany\n")
    (tmp_path / "agents.yaml").write_text(agents)
    (tmp_path / "organizations.yaml").write_text(
        "- id: org/nato\n  name: NATO\n  kind: organization\n  sector: IGO\n  country: null\n")
    (tmp_path / "people" / "intl.yaml").write_text(people)
    return tmp_path


_LEADER = ("- id: person/a\n  name: A B\n  country: TUR\n  roles:\n"
           "    - {role: igo_leader, country: null, sector: IGO, start: 2015-01-01, end: null, org: org/nato}\n")


def test_org_leaders_are_indexed_by_date(tmp_path):
    kb = parse_kb(_kb_dir(tmp_path, _LEADER))
    assert kb.leader("org/nato", date(2020, 1, 1)).id == "person/a"
    assert kb.leader("org/nato", date(2010, 1, 1)) is None


def test_unknown_led_org_fails(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="not in organizations.yaml"):
        parse_kb(_kb_dir(tmp_path, _LEADER.replace("org/nato}", "org/xyz}")))


def test_agent_role_countries_and_leads(tmp_path):
    agents = ("- noun: chancellor\n  sector: GOV\n  kind: person\n  role: head_of_government\n"
              "  countries: [DEU]\n- noun: chief\n  sector: UNK\n  kind: person\n  leads: true\n")
    kb = parse_kb(_kb_dir(tmp_path, _LEADER, agents))
    assert kb.agents["chancellor"].role_for("DEU") == "head_of_government"
    assert kb.agents["chancellor"].role_for("TUR") is None
    assert kb.agents["chief"].leads


def test_bad_agent_countries_fail(tmp_path):
    agents = "- noun: chancellor\n  sector: GOV\n  kind: person\n  countries: [XXX]\n"
    with pytest.raises(KnowledgeBaseError, match="not in countries.yaml"):
        parse_kb(_kb_dir(tmp_path, _LEADER, agents))


def test_international_office_resolves_without_country():
    person = Person("person/x", "X Y", "TUR", roles=(
        Role("foreign_minister", "TUR", "GOV", date(2000, 1, 1), date(2004, 12, 31)),
        Role("igo_leader", None, "IGO", date(2005, 1, 1), None, org="org/nato")))
    assert (person.resolution(date(2010, 1, 1)).country, person.resolution(date(2010, 1, 1)).sector) == (None, "IGO")
    assert person.resolution(date(2002, 1, 1)).country == "TUR"
