"""Round-two actor rules (whimbrel/actors/): honorifics are no military rank, a title before a name that
spaCy splits, acronyms in apposition, organisations named after a town, courts of international bodies, and
knowledge-base additions. Through the real pipeline, on sentences written for these tests (none comes from
an evaluation set)."""

from __future__ import annotations


def _actor(record, text):
    found = [a for a in record.actors if a.text == text]
    assert found, f"no actor {text!r} in {[a.text for a in record.actors]}"
    return found[0]


def test_a_military_rank_makes_a_soldier_an_honorific_does_not(run_text):
    assert _actor(run_text("Colonel Ibrahim Danjuma inspected the checkpoint on Monday."), "Ibrahim Danjuma").sector == "MIL"
    assert _actor(run_text("Sheikh Abdullah Farouk spoke to reporters in Doha."), "Abdullah Farouk").sector != "MIL"


def test_a_title_reaches_a_name_spacy_hung_on_its_first_word(run_text):
    rec = run_text("Police detained opposition leader Maulvi Abdul-Ur-Rashid near the capital on Friday.")
    person = [a for a in rec.actors if a.kind == "person" and "Rashid" in a.text]
    assert person and person[0].sector == "OPP"


def test_an_acronym_is_the_name_it_abbreviates(run_text):
    rec = run_text("The rebel Popular Defence Brigade (PDB) said it had captured two towns.")
    full, short = _actor(rec, "Popular Defence Brigade"), _actor(rec, "PDB")
    assert (full.kind, full.sector) == ("organization", "REB")
    assert (short.kind, short.sector) == ("organization", "REB")


def test_an_organisation_named_after_a_town_is_of_its_country(run_text):
    rec = run_text("Engineers of the Bushehr Power Company (BPC) met the inspectors on Monday.")
    assert _actor(rec, "Bushehr Power Company").country == "IRN"
    rec = run_text("The Northern Salvation Brigade said it had carried out the ambush.")
    assert _actor(rec, "Northern Salvation Brigade").country is None


def test_a_court_of_an_international_body_is_the_body(run_text):
    rec = run_text("The U.N. war crimes court sentenced two former generals on Thursday.")
    court = _actor(rec, "U.N. war crimes court")
    assert (court.country, court.sector) == (None, "IGO")


def test_knowledge_base_additions(run_text):
    rec = run_text("Oman has mediated between the Emirates and Qatar since June.")
    assert _actor(rec, "Emirates").country == "ARE"
    assert _actor(run_text("Prisoners staged a hunger strike in Kigali."), "Prisoners").sector == "CVL"
    rec = run_text("A delegation of African jurists visited the detention centre on Tuesday.")
    assert [a.sector for a in rec.actors if "jurists" in a.text] == ["JUD"]


def test_a_title_set_against_a_name_by_a_comma_describes_it(run_text):
    rec = run_text("Bahrain's king, Sheikh Salman bin Rashid, received the envoys on Sunday.")
    person = [a for a in rec.actors if a.kind == "person" and "Salman" in a.text]
    assert person and person[0].sector == "GOV"
