"""Names the gazetteer lacks count as places where a generic place word frames them ("the village of X",
"X district", "the al-X neighborhood", "the villages of X and Y", "X, a small town near Y"); kept with no
point, or placed at their container. Bodies named after a district do not."""

import pytest


def _places(rec):
    return {p.text: p for p in rec.places}


def test_names_framed_by_a_place_word_are_places(run_text):
    rec = run_text("Shelling hit the village of Umm Qarqour and the Sabkhiyah district on Monday, and a car bomb "
                   "exploded in the al-Zaafaraniya neighborhood.")
    places = _places(rec)
    assert {"Umm Qarqour", "Sabkhiyah", "al-Zaafaraniya"} <= set(places)
    assert places["Umm Qarqour"].lat is None  # unknown to the gazetteer: no point is invented


def test_a_body_named_after_a_district_is_not_a_place(run_text):
    rec = run_text("The Box Elder School District hired a new superintendent who had worked at North Summit "
                   "School District for ten years.")
    assert not {"Box Elder School", "North Summit School", "at North Summit School"} & set(_places(rec))


def test_a_framed_village_is_where_the_event_happened(run_text):
    rec = run_text("Militants were killed in the village of Umm Qarqour in the countryside of Raqqa, in northern "
                   "Syria.")
    ev = next(e for e in rec.events if e.trigger is not None and e.trigger.text == "killed")
    assert ev.location is not None and ev.location.text == "Umm Qarqour"


def test_a_plural_frame_takes_every_name_it_lists(run_text):
    rec = run_text("Government troops retook the towns of Kafr Nabudah, Hamamiyat and Karnaz in northern Hama "
                   "province on Thursday.")
    texts = [p.text for p in rec.places]
    assert {"Kafr Nabudah", "Hamamiyat", "Karnaz"} <= set(texts)
    karnaz = next(p for p in rec.places if p.text == "Karnaz")
    assert karnaz.country == "SYR" and karnaz.lat is not None  # placed at its container, Hama


def test_a_singular_frame_takes_one_name(run_text):
    rec = run_text("Fighting reached the village of Tamthil and Hezbollah positions nearby.")
    assert "Hezbollah" not in [p.text for p in rec.places]


def test_an_appositive_says_a_name_is_a_town_and_where(run_text):
    rec = run_text("The suspects were arrested in Dunya Pur, a small town near Multan, police said.")
    town = next(p for p in rec.places if p.text == "Dunya Pur")
    multan = next(p for p in rec.places if p.text == "Multan")
    assert (town.lat, town.lon, town.country) == (multan.lat, multan.lon, "PAK")


@pytest.mark.parametrize("text", [
    "Reporters met John Smith, a village elder, on Monday.",
    "Reporters met Ali Hassan, a town councillor, on Monday.",
])
def test_a_place_word_modifying_another_noun_frames_no_name(run_text, text):
    assert not [p for p in run_text(text).places if p.text in ("John Smith", "Ali Hassan")]
