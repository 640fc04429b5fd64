"""Event location, third round: a place in a static locative phrase deep under the event word, through
links that only describe the event's circumstances (rule 8), and "liberated" as a capture. Sentences
written for these tests."""

import pytest

from .coding import location_of as _location_of


@pytest.mark.parametrize(("text", "trigger", "place"), [
    # an instrument, then a locative phrase the parser hung on it
    ("The judge was shot with a pistol fitted with a silencer outside his home in central Kiev.", "shot", "Kiev"),
    # a participle on a noun of the event, and a locative phrase under it
    ("A roadside bomb detonated near an army convoy passing on the highway west of the town of Baiji.",
     "detonated", "Baiji"),
    # a circumstantial clause ("when ...") whose own setting lies a few phrases down
    ("The mine was detonated by rebels when the patrol was driving on a track in the Rolpa district.",
     "detonated", "Rolpa"),
    # an infinitive inside a "while" clause
    ("The reporter was shot while waiting to interview prisoners in the port city of Mombasa.", "shot", "Mombasa"),
])
def test_a_setting_deep_under_the_event(run_text, text, trigger, place):
    assert _location_of(run_text(text), trigger) == place


@pytest.mark.parametrize(("text", "trigger"), [
    # another statement, a relative clause, a stative participle, a time or direction: none says where
    ("The officer was shot, the ministry said in a statement issued in Nairobi.", "shot"),
    ("The officer was shot with a rifle, according to a police statement released in Nairobi.", "shot"),
    ("Two policemen were killed by militants based in the mountains of Waziristan.", "killed"),
    ("The soldiers were killed after the convoy left its base in Kandahar.", "killed"),
])
def test_no_setting_through_other_statements_or_states(run_text, text, trigger):
    assert _location_of(run_text(text), trigger) is None


def test_liberating_a_town_is_taking_it_there(run_text):
    rec = run_text("Kurdish fighters liberated the town of Tal Tamr on Sunday after a week of fighting.")
    ev = next(e for e in rec.events if e.trigger is not None and e.trigger.text == "liberated")
    assert ev.type == "ASSAULT"
    assert _location_of(rec, "liberated") == "Tal Tamr"


@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("Four soldiers were killed and six others wounded after clashes with rebels in the town of Kidal.",
     "killed", "Kidal"),
    ("Five farmers were killed and several others were wounded on Friday due to heavy bombardment carried out "
     "by army jets on the village of Kafranbel.", "killed", "Kafranbel"),
])
def test_a_casualty_happens_where_its_cause_did(run_text, text, trigger, place):
    assert _location_of(run_text(text), trigger) == place


def test_the_cause_must_hang_on_the_event_itself(run_text):
    # the killing spree is what the charges are about, not where the capture happened
    rec = run_text("The suspects were captured in 2011 and face charges for their part in the massacre at Kibeho.")
    assert _location_of(rec, "captured") is None


def test_sniper_fire_is_shooting_not_a_blaze(run_text):
    rec = run_text("A policeman was killed by sniper fire in the town of Kidal on Tuesday.")
    assert _location_of(rec, "killed") == "Kidal"
    # a fire that burns is a disaster: no attack
    rec = run_text("Two workers were killed by a fire in a warehouse in Lagos on Tuesday.")
    assert not [e for e in rec.events if e.type == "ASSAULT"]


@pytest.mark.parametrize(("text", "place"), [
    # a quarter the gazetteer lacks, in a city it has: the quarter is the narrower setting
    ("A shopkeeper was killed by a mortar in al-Qaboun neighbourhood in central Damascus on Thursday.", "al-Qaboun"),
    # a name that says it is a division is not narrower than the town beside it
    ("Troops shot dead two militants near the Kalakote area of Rajouri district on Friday.", "Kalakote"),
])
def test_the_narrowest_of_two_settings(run_text, text, place):
    assert _location_of(run_text(text), "killed" if "killed" in text else "shot") == place
