"""Source and target rules (whimbrel/events/roles.py), through the real pipeline, on sentences written for
these tests (none comes from an evaluation set)."""

from __future__ import annotations

from .coding import event_of as _event


def _countries(actors):
    return {a.country for a in actors}


# 1. what the act is done to, not what it is done with
def test_mobilised_forces_are_the_source_s_own_not_the_target(run_text):
    e = _event(run_text, "Poland mobilised reserve troops for a possible war against Belarus.", "MOBILIZE")
    assert _countries(e.target) == {"BLR"}


def test_seized_goods_are_no_party_but_whom_they_were_taken_from_is(run_text):
    e = _event(run_text, "Soldiers seized rifles and ammunition from Tuareg militiamen near Kidal.", "COERCE")
    assert [a.text for a in e.target] == ["Tuareg militiamen"]
    assert e.target[0].sector == "REB"


def test_a_blocked_road_gives_way_to_whom_the_protest_is_aimed_at(run_text):
    e = _event(run_text, "Farmers blocked highways to voice their anger at the Indian government's new laws.",
               "PROTEST")
    assert [(a.country, a.sector) for a in e.target] == [("IND", "GOV")]
    e = _event(run_text, "Thousands of students marched through Minsk in defiance of Belarusian police.", "PROTEST")
    assert [(a.country, a.sector) for a in e.target] == [("BLR", "POL")]


def test_the_trigger_s_own_words_are_not_its_source(run_text):
    # "military intelligence" is also an agent phrase; the intelligence is what Germany supplies
    e = _event(run_text, "Germany is supplying maps and other military intelligence to Ukraine, officials said.",
               "AID", trigger="intelligence")
    assert _countries(e.source) == {"DEU"}
    assert all("intelligence" not in a.text for a in e.target)


# 2. prepositions spaCy attaches elsewhere
def test_a_stranded_to_takes_the_phrase_that_follows(run_text):
    e = _event(run_text, "Ecuador has granted asylum to three Bolivian opposition politicians sheltering in its "
                         "embassy.", "AID")
    assert [(a.country, a.sector) for a in e.target] == [("BOL", "OPP")]


def test_aid_cut_to_a_party(run_text):
    e = _event(run_text, "Canada has cut all development aid to Nicaraguan authorities.", "SANCTION")
    assert [(a.country, a.sector) for a in e.target] == [("NIC", "GOV")]


def test_the_patient_of_an_invasion(run_text):
    e = _event(run_text, "Iraq launched its invasion of Kuwait in August.", "ASSAULT")
    assert _countries(e.source) == {"IRQ"} and _countries(e.target) == {"KWT"}


# 3. who is allowed, answered or threatened
def test_the_one_allowed_is_the_target(run_text):
    e = _event(run_text, "The electoral court allowed former minister Juan Perez to stand in the election.", "CONCEDE")
    assert [a.text for a in e.target] == ["Juan Perez"]


def test_conceding_or_refusing_answers_whoever_asked(run_text):
    e = _event(run_text, "The Kenyan government accepted demands from striking doctors.", "CONCEDE")
    assert [(a.text, a.country) for a in e.target] == [("striking doctors", "KEN")]
    e = _event(run_text, "The minister refused to step down despite pressure from opposition parties.", "REJECT")
    assert [a.sector for a in e.target] == ["OPP"]
    e = _event(run_text, "The union called off its strike after talks with the Ghanaian government.", "CONCEDE")
    assert [(a.country, a.sector) for a in e.target] == [("GHA", "GOV")]


def test_a_threat_is_aimed_where_the_threatened_measure_would_fall(run_text):
    e = _event(run_text, "The governor threatened to impose a curfew in Mombasa.", "THREATEN")
    assert _countries(e.target) == {"KEN"}


# 4. sources
def test_who_orders_a_deployment_is_its_source(run_text):
    e = _event(run_text, "The provincial government ordered patrols by soldiers after the riots.", "MOBILIZE")
    assert [a.sector for a in e.source] == ["GOV"]


def test_a_document_speaks_for_whoever_issued_it(run_text):
    e = _event(run_text, "The rebel group issued a statement demanding that the army withdraw.", "REQUEST")
    assert [(a.text, a.sector) for a in e.source] == [("rebel group", "REB")]


def test_an_unclaimed_bomb_stands_for_an_unidentified_armed_group(run_text):
    e = _event(run_text, "A roadside bomb killed three policemen in Kandahar on Friday.", "ASSAULT")
    assert [(a.country, a.sector, a.id, a.name) for a in e.source] == [("AFG", "REB", None, "unidentified armed group")]
    # a named side keeps its own sector
    e = _event(run_text, "An Israeli air strike killed three militants in Rafah on Friday.", "ASSAULT")
    assert all(a.sector != "REB" for a in e.source) and _countries(e.source) == {"ISR"}


def test_a_noun_phrase_parsed_as_a_clause_still_names_its_actor(run_text):
    e = _event(run_text, "The Red Cross operating in Yemen said both sides must let aid convoys through.", "REQUEST")
    assert [a.id for a in e.source] == ["org/icrc"]


def test_the_firing_is_no_target(run_text):
    e = _event(run_text, "Gunmen opened fire on a bus in Quetta on Monday.", "ASSAULT")
    assert [a.text for a in e.target] == ["a bus in Quetta"]
    e = _event(run_text, "Soldiers fired shots at protesters in Khartoum.", "ASSAULT")
    assert [a.text for a in e.target] == ["protesters"]
