"""The knowledge base: its files pass the schema check, and broken files fail loudly with file and line."""

from datetime import date
from pathlib import Path

import pytest

from whimbrel.config import REPO_ROOT
from whimbrel.errors import KnowledgeBaseError
from whimbrel.kb import load_kb, parse_kb

KB_DIR = REPO_ROOT / "data" / "kb"


def test_repository_kb_passes_every_check():
    kb = parse_kb(KB_DIR)  # raises on any malformed or contradictory entry
    assert len(kb.countries) >= 249
    assert len(kb.people) >= 1000
    assert len(kb.organizations) >= 300


def test_countries_metonyms_and_adjectives():
    kb = load_kb()
    assert kb.resolve_name("Turkey").country == "TUR"
    assert kb.resolve_name("Türkiye").country == "TUR"
    assert kb.country_of_adjective("Turkish") == "TUR"
    assert kb.country_of_adjective("Syrians") == "SYR"
    assert kb.metonym("the Kremlin") == ("RUS", "GOV")
    assert kb.metonym("Ankara")[0] == "TUR"
    assert kb.metonym("Pentagon") == ("USA", "MIL")


def test_dated_roles_resolve_only_inside_their_dates():
    kb = load_kb()
    assert kb.holder("foreign_minister", "TUR", date(2018, 9, 14)).name == "Mevlut Cavusoglu"
    assert kb.holder("foreign_minister", "TUR", date(2024, 1, 1)).name != "Mevlut Cavusoglu"
    assert kb.holder("foreign_minister", "RUS", date(2018, 9, 14)).name == "Sergei Lavrov"
    assert kb.holder("head_of_state", "TUR", date(2010, 1, 1)).name != "Recep Tayyip Erdogan"
    assert kb.holder("head_of_government", "TUR", date(2010, 1, 1)).name == "Recep Tayyip Erdogan"
    assert kb.holder("foreign_minister", "TUR", None) is None


def test_acronyms_are_case_sensitive():
    kb = load_kb()
    assert kb.entity_id("UN") is not None
    assert kb.entity_id("un") is None
    assert kb.entity_id("IS") == kb.entity_id("Islamic State")
    assert kb.entity_id("is") is None


def test_organisations_and_wires():
    kb = load_kb()
    assert kb.resolve_name("Syrian Observatory for Human Rights").sector == "NGO"
    assert kb.resolve_name("SOHR").id == kb.resolve_name("Syrian Observatory for Human Rights").id
    assert kb.resolve_name("Tahrir al-Sham").sector == "REB"
    assert "Reuters" in {w.name for w in kb.wires()}


def _kb_dir(tmp_path: Path, people: str = "", orgs: str = "") -> Path:
    (tmp_path / "people").mkdir()
    (tmp_path / "countries.yaml").write_text(
        "- iso3: TUR\n  name: Turkey\n  adjectives: [Turkish]\n- iso3: SYR\n  name: Syria\n")
    (tmp_path / "agents.yaml").write_text("- noun: troops\n  sector: MIL\n")
    (tmp_path / "organizations.yaml").write_text(orgs)
    (tmp_path / "people" / "TUR.yaml").write_text(people)
    return tmp_path


def test_a_good_minimal_kb_loads(tmp_path):
    kb = parse_kb(_kb_dir(tmp_path, people="- id: person/a\n  name: A B\n  country: TUR\n  roles:\n"
                          "    - {role: foreign_minister, country: TUR, sector: GOV, start: 2015-01-01, end: null}\n"))
    assert kb.holder("foreign_minister", "TUR", date(2020, 1, 1)).id == "person/a"


@pytest.mark.parametrize(("people", "orgs", "message", "line"), [
    ("- id: person/a\n  name: A\n  country: XXX\n", "", "not in countries.yaml", 1),
    ("- id: person/a\n  name: A\n  roles:\n    - {role: king, country: TUR, sector: GOV, start: 2015-01-01}\n",
     "", "'role' must be one of", 4),
    ("- id: person/a\n  name: A\n  roles:\n    - {role: other, country: TUR, sector: GOV, start: 2016-01-01, end: 2015-01-01}\n",
     "", "ends", 4),
    ("", "- id: org/x\n  name: X\n  kind: group\n  sector: BAD\n", "'sector' must be one of", 1),
    ("", "- id: org/x\n  name: X\n  kind: group\n  sector: REB\n- id: org/y\n  name: Turkey\n  kind: group\n  sector: REB\n",
     "alias 'Turkey' names both", 5),
    ("- id: person/a\n  name: [unclosed\n", "", "invalid YAML", 3),
])
def test_broken_files_fail_with_file_and_line(tmp_path, people, orgs, message, line):
    with pytest.raises(KnowledgeBaseError) as info:
        parse_kb(_kb_dir(tmp_path, people=people, orgs=orgs))
    assert message in str(info.value)
    assert f".yaml:{line}" in str(info.value)
