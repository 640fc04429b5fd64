"""Sixth round: recognised places that were left without a point. Abbreviated name words ("St. Marc" for
GeoNames' "Saint-Marc"), a city's "Greater" form, and more ways a sentence names the place that holds a
village the gazetteer lacks.

Every text here is written for the test; each check (but the first) runs the real pipeline."""

from whimbrel.places.name_variants import spelling_variants

from .helpers import first_by_text as _by_text


def _same_point(a, b):
    return (a.lat, a.lon) == (b.lat, b.lon) and a.lat is not None


def test_spelling_variants_of_abbreviated_words():
    assert spelling_variants("st. marc") == ["saint marc", "saint-marc"]
    assert spelling_variants("fort saint john")[-2:] == ["fort st. john", "fort st john"]
    assert spelling_variants("sainte-anne") == ["ste. anne", "ste anne"]
    assert spelling_variants("greater toronto") == ["toronto"]
    # no such word, or the word as part of another one: nothing to try
    assert spelling_variants("stoke newington") == [] and spelling_variants("mountain view") == []


def test_an_abbreviated_saint_finds_the_town_spelt_out(run_text):
    rec = run_text("Hundreds of cholera patients queued outside the main hospital in St. Marc on Friday, "
                   "Haitian health officials said.")
    marc = _by_text(rec)["St. Marc"]
    assert (marc.name, marc.country) == ("Saint-Marc", "HTI")


def test_a_greater_city_is_the_city(run_text):
    rec = run_text("Home sales fell by a fifth across the Greater Toronto Area in March, the real estate board "
                   "reported on Wednesday.")
    toronto = next(p for p in rec.places if p.text.startswith("Greater Toronto"))
    assert (toronto.name, toronto.country) == ("Toronto", "CAN")


def test_a_village_located_in_a_prefecture(run_text):
    rec = run_text("Four people died of the flu in the hamlet of Obarazawa located in the Akita Prefecture of "
                   "northern Japan, officials said.")
    places = _by_text(rec)
    village = places["Obarazawa"]
    container = next(p for p in rec.places if p.text.startswith("Akita"))
    assert _same_point(village, container) and village.country == "JPN"


def test_a_container_on_the_next_line_of_a_wrapped_sentence(run_text):
    rec = run_text("Firefighters were called to a blaze in the village of Umm Sirwal in\n"
                   "        the Idlib countryside on Monday night, a monitor said.")
    places = _by_text(rec)
    assert _same_point(places["Umm Sirwal"], places["Idlib"])


def test_a_road_abbreviation_and_a_county(run_text):
    rec = run_text("Troopers were called in reference to a crash on Mill Creek Rd. in Barren County.")
    road = next(p for p in rec.places if p.text.startswith("Mill Creek"))
    county = _by_text(rec)["Barren County"]
    assert _same_point(road, county)


def test_a_container_in_brackets(run_text):
    rec = run_text("Dead birds were found near Xiaozhuang (Hebei Province) last month.")
    places = _by_text(rec)
    village = places["Xiaozhuang"]
    container = next(p for p in rec.places if p.text.startswith("Hebei"))
    assert _same_point(village, container) and village.country == "CHN"


def test_a_cut_short_name_and_its_district(run_text):
    rec = run_text("Volunteers in the Mukuru kwa Reuben district of Nairobi reported that water had run out.")
    village = next(p for p in rec.places if p.text.startswith("Mukuru"))
    assert _same_point(village, _by_text(rec)["Nairobi"])


def test_a_county_of_a_province(run_text):
    rec = run_text("Three people were missing after a mudslide struck Lianghe county of Yunnan province on "
                   "Thursday, state media said.")
    county = next(p for p in rec.places if p.text.startswith("Lianghe"))
    province = next(p for p in rec.places if p.text.startswith("Yunnan"))
    assert _same_point(county, province) and county.country == "CHN"


def test_a_compass_word_before_the_container(run_text):
    rec = run_text("Relief flights reached the Shangla Valley, north-west Pakistan, after a week of storms.")
    valley = next(p for p in rec.places if p.text.startswith("Shangla"))
    assert _same_point(valley, _by_text(rec)["Pakistan"])


def test_a_placed_village_keeps_its_point_in_its_bare_mentions(run_text):
    rec = run_text("Health workers sealed off Kabuluku, in Kasai, on Monday. Nobody may leave Kabuluku until "
                   "the outbreak is over, and food is being flown into Kabuluku by the United Nations.")
    mentions = [p for p in rec.places if p.text == "Kabuluku"]
    assert len(mentions) == 3
    assert all(_same_point(m, mentions[0]) for m in mentions)
