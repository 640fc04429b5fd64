"""Event location, second round: coordinated verbs, places that also name an actor, clauses describing a
participant, an outcome participle, events that frame the event in time, "from", a setting after a
semicolon, the narrowest place of one phrase, and a country's name on a proper noun. Sentences written for
these tests."""

import pytest

from .coding import location_of as _location_of


def test_a_coordinated_verb_lends_only_a_plain_setting(run_text):
    # "in a ditch outside Peshawar" is a plain chain of locative phrases: shared by "shot ... and left"
    rec = run_text("The reporter was shot twice and left for dead in a ditch outside Peshawar.")
    assert _location_of(rec, "shot") == "Peshawar"
    # "before a judge in Madrid" says where the next act happened, not the arrest
    rec = run_text("A second suspect was arrested, and confessed before a judge in Madrid on Friday.")
    assert _location_of(rec, "arrested") is None


def test_a_place_that_is_also_an_actor_counts_in_a_static_locative(run_text):
    rec = run_text("Most of the prisoners were captured on the battlefields of Yemen.")
    assert _location_of(rec, "captured") == "Yemen"


@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("Troops killed eleven militants who were hiding in caves near Jalalabad.", "killed", "Jalalabad"),
    ("Soldiers shot three farmers working in an orchard outside Hebron.", "shot", "Hebron"),
    ("Police killed dozens of men who tried to escape the city of Mosul.", "killed", "Mosul"),
    # what a participant is, not where it was: no setting
    ("Jets bombed the rebels, who control most of Idlib, on Sunday.", "bombed", None),
])
def test_a_clause_describing_a_participant_places_the_event(run_text, text, trigger, place):
    assert _location_of(run_text(text), trigger) == place


def test_an_outcome_participle_happens_where_its_act_did(run_text):
    rec = run_text("The army took several hilltops near Palmyra, killing thirty militants.")
    assert _location_of(rec, "killing") == "Palmyra"


def test_an_event_that_frames_the_event_in_time_gives_its_place(run_text):
    rec = run_text("The prisoners were shot during the occupation of Lithuania.")
    assert _location_of(rec, "shot") == "Lithuania"


def test_where_a_patrol_set_out_from(run_text):
    rec = run_text("The soldiers were patrolling from Kandahar city to the airport when a bomb exploded.")
    assert _location_of(rec, "patrolling") == "Kandahar"


def test_a_setting_opening_a_clause_after_a_semicolon(run_text):
    rec = run_text("The storm damaged hundreds of homes; in the city of Gonaives, a gunman shot a policeman.")
    assert _location_of(rec, "shot") == "Gonaives"


@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("Dozens of civilians were killed in Syria's northern Idlib province.", "killed", "Idlib"),
    ("A trader was killed by a mob in Iraq's southern city of Basra.", "killed", "Basra"),
    ("Rebels captured the Red Sea island of Perim on Monday.", "captured", "Perim"),
])
def test_the_narrowest_place_of_one_phrase(run_text, text, trigger, place):
    assert _location_of(run_text(text), trigger) == place


def test_a_country_name_on_a_proper_noun_says_whose(run_text):
    rec = run_text("A US Marine was killed on Saturday in the western province of Anbar.")
    assert _location_of(rec, "killed") == "Anbar"
