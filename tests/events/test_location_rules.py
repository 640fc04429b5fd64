"""Event location rules for verbs merged into a nominal trigger ("an attack killed ... near Kandahar"),
participles on a nominal trigger ("a petrol bomb thrown in ... Hebron") and a fronted locative phrase
("In Lyon, ... marched"); and the no-location cases they must not disturb. Each sentence here was
checked to go unplaced without its rule."""

from .coding import location_of as _location_of


def test_verb_merged_into_a_nominal_trigger_places_it(run_text):
    rec = run_text("A suicide attack killed twelve soldiers at a base near Kandahar.")
    assert _location_of(rec, "attack") == "Kandahar"
    rec = run_text("An artillery barrage killed nine people in villages on the outskirts of Homs.")
    assert _location_of(rec, "barrage") == "Homs"


def test_participle_on_a_nominal_trigger_is_the_event(run_text):
    rec = run_text("A petrol bomb thrown in the old quarter of Hebron wounded a soldier.")
    assert _location_of(rec, "bomb") == "Hebron"


def test_fronted_locative_sets_the_scene_for_the_sentence(run_text):
    rec = run_text("In Lyon, thousands of farmers, some driving tractors decorated with flowers, marched against "
                   "the new tax.")
    assert _location_of(rec, "marched") == "Lyon"


def test_no_fronted_place_no_location(run_text):
    rec = run_text("Police said on Monday that protesters had marched through the night.")
    assert not {e.location.text for e in rec.events if e.location is not None}


def test_place_of_the_sources_is_not_the_place_of_the_event(run_text):
    rec = run_text("Two soldiers were killed on Tuesday, according to hospital officials in Basra.")
    assert _location_of(rec, "killed") is None
    rec = run_text("Two soldiers were killed in Basra on Tuesday, according to hospital officials.")
    assert _location_of(rec, "killed") == "Basra"
