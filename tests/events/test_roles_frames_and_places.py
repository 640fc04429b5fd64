"""Round-two role rules (whimbrel/events/roles.py, whimbrel/events/targets.py): facilities that stand for the
people they are for, pronoun owners, events framed by a time phrase, acts done in custody, deaths caused by
an attack, places acted on, and a protest's purpose. Through the real pipeline, on sentences written for
these tests (none comes from an evaluation set)."""

from __future__ import annotations

from .coding import event_of as _event


def _coded(actors):
    return [(a.country, a.sector) for a in actors]


def test_a_facility_for_people_stands_for_them(run_text):
    e = _event(run_text, "A makeshift camp for Syrian refugees was shelled by government forces on Tuesday.", "ASSAULT")
    assert [(a.text, a.sector) for a in e.target] == [("Syrian refugees", "REF")]
    e = _event(run_text, "Gunmen stormed a school for refugees in Maiduguri on Tuesday.", "ASSAULT")
    assert [a.sector for a in e.target] == ["REF"]


def test_a_pronoun_s_forces_take_its_country_and_are_the_source_of_its_withdrawal(run_text):
    e = _event(run_text, "Eritrean officials said on Friday their troops had completed their withdrawal from "
                         "the border town of Zalambessa.", "RETREAT")
    assert _coded(e.source) == [("ERI", "MIL")]


def test_a_strike_framed_by_a_time_phrase_is_the_subject_s_and_aimed_at_the_author_of_its_cause(run_text):
    e = _event(run_text, "Teachers across Kenya stayed home on the third day of a strike over a pay deal signed "
                         "by Kenyan Education Minister Ezekiel Machogu.", "PROTEST", "strike")
    assert [a.text for a in e.source] == ["Teachers"]
    assert _coded(e.target) == [("KEN", "GOV")]


def test_torture_in_custody_is_done_by_the_captors_to_the_one_who_died(run_text):
    e = _event(run_text, "A Kurdish student died as a result of torture while in Turkish police custody, "
                         "a rights group said.", "ASSAULT", "torture")
    assert _coded(e.source) == [("TUR", "POL")]
    assert [a.text for a in e.target] == ["Kurdish student"]


def test_a_place_acted_on_stands_for_its_people_and_a_measure_on_it_too(run_text):
    e = _event(run_text, "Truckers blockaded Ottawa for three weeks in February.", "COERCE")
    assert _coded(e.target) == [("CAN", "CVL")]
    e = _event(run_text, "The governor threatened to impose a curfew in Mombasa after the looting.", "THREATEN")
    assert ("KEN", "CVL") in _coded(e.target)


def test_a_building_in_a_place_is_not_its_people(run_text):
    e = _event(run_text, "Police raided a textile factory in Dhaka on Monday.", "COERCE")
    assert [a.sector for a in e.target] == ["UNK"]


def test_a_protest_s_purpose_names_whose_rule_it_is_against(run_text):
    e = _event(run_text, "Monks marched in Lhasa on Monday, joining hundreds of nuns in demanding freedom from "
                         "Chinese rule.", "PROTEST")
    assert "CHN" in {a.country for a in e.target}


def test_a_state_named_on_an_attack_attacks_through_its_military(run_text):
    e = _event(run_text, "French drone strikes killed four insurgent commanders near Menaka last week.", "ASSAULT")
    assert _coded(e.source) == [("FRA", "MIL")]
