"""The golden test on the seed page: everything the brief says Whimbrel must get from it."""

import pytest

from whimbrel.eval.seed import seed_checks


@pytest.fixture(scope="module")
def seed_json(seed_record):
    return seed_record.to_json()


def test_every_seed_check_passes(seed_json):
    missed = [name for name, ok in seed_checks(seed_json) if not ok]
    assert missed == []


def test_seed_events_in_detail(seed_json):
    evs = seed_json["events"]

    def find(type_, **want):
        for e in evs:
            if e["type"] == type_ and all(e.get(k) == v for k, v in want.items()):
                return e
        raise AssertionError(f"no {type_} with {want}")

    talks = find("CONSULT", date="2018-09-17")
    assert talks["factuality"] == "future" and (talks["location"] or {}).get("country") == "RUS"
    assert any(a["id"] == "person/recep_tayyip_erdogan" for a in talks["source"])
    assert any(a["id"] == "person/vladimir_putin" for a in talks["target"])
    tehran = find("CONSULT", date="2018-09-07")  # "10 days after similar talks in Tehran"
    assert tehran["factuality"] == "asserted" and tehran["location"]["name"] == "Tehran"
    request = find("REQUEST", factuality="failed")
    assert request["date"] == "2018-09-03" and request["date_precision"] == "week"
    strikes = find("ASSAULT", mode="aerial")
    assert strikes["fatalities"] == {"low": 24, "best": 36, "high": 48}
    assert strikes["acled"] == {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    mobilize = find("MOBILIZE")
    assert mobilize["location"]["name"] == "Idlib" and mobilize["location"]["country"] == "SYR"
    threat = find("THREATEN", factuality="asserted")
    assert any(a["country"] == "RUS" for a in threat["source"])
    assert any(a["id"] == "person/sergei_lavrov" for a in threat["reported_by"])
    # The hypothetical ground attack and offensives are never stored as asserted attacks.
    assert not [e for e in evs if e["type"] == "ASSAULT" and e["factuality"] == "asserted"
                and e["trigger"]["text"] in ("attack", "offensive", "assault", "battle")]
    for e in evs:
        ev = e["evidence"]
        assert seed_json["article"]["text"][ev["start"]:ev["end"]] == ev["text"]


def test_seed_reporters(seed_json):
    reporters = {a["name"] for e in seed_json["events"] for a in e["reported_by"]}
    assert "Reuters" in reporters
    speakers = {(q["speaker"] or {}).get("name") for q in seed_json["quotes"]}
    assert "Syrian Observatory for Human Rights" in speakers
