"""General context rules of recognition and disambiguation (issue 5), through the real pipeline.

Plural county lists ("Monroe and Owen counties"), a named state over a neighbour's town, "Town, Region"
pairs (the qualifier ending a sentence, the qualifier standing in for a town the gazetteer lacks, the region
after a town being the one that holds it), lists of states or provinces, "the state of X", and a focus
voted by actors alone not turning a country into a US state. Every sentence is written for these tests.
"""

import pytest

from whimbrel.eval.geo import haversine
from whimbrel.places import load_gazetteer
from whimbrel.places.counties import counties_of


def _places(rec):
    return [(p.text, p.name, p.admin1, p.country, p.feature) for p in rec.places]


def _by_text(rec):
    return {p.text: p for p in rec.places}


@pytest.mark.parametrize(("text", "names", "state"), [
    ("Flood warnings were issued for Monroe and Owen counties in southern Indiana on Tuesday, and crews from "
     "Bloomington were sent out.", ["Monroe", "Owen"], "Indiana"),
    ("Voters in Harris, Fort Bend and Montgomery counties waited for hours as polls stayed open late.",
     ["Harris", "Fort Bend", "Montgomery"], "Texas"),
    ("In Dade and Broward counties, schools closed a day ahead of the hurricane.", ["Dade", "Broward"], "Florida"),
    ("Sheriffs from Orleans and Jefferson parishes met on Friday to talk about the curfew.",
     ["Orleans", "Jefferson"], "Louisiana"),
])
def test_each_name_before_a_plural_county_word_is_a_county_of_one_state(run_text, text, names, state):
    places = _by_text(run_text(text))
    for name in names:
        assert places[name].feature == "A.ADM2" and places[name].admin1 == state, (name, places[name])
        assert name in places[name].name  # "Dade" is Miami-Dade County, its name since 1997


def test_a_plural_county_word_after_other_words_takes_nothing(run_text):
    rec = run_text("Turnout rose in Ohio and in three counties along the river, officials said.")
    assert not [p for p in rec.places if p.feature == "A.ADM2"]


def test_a_state_the_story_names_outweighs_a_town_of_another_state(run_text):
    # Iowa is named once (with a town in it), Michigan three times: "Monroe County" is Michigan's.
    rec = run_text("Wildlife officers found sick geese in Michigan near the shore of Lake Erie in Monroe County. "
                   "Samples went to a federal laboratory in Ames, Iowa. Michigan officials closed two boat "
                   "ramps, and hunters across Michigan were asked to report dead birds.")
    assert _by_text(rec)["Monroe County"].admin1 == "Michigan"


def test_a_county_point_ignores_a_po_box_filed_at_another_countys_town():
    # Two street ZIP codes in Ozark Springs, and one PO box filed under the same county but placed at a post
    # office in Capital City, whose street ZIP codes all lie in another county 250 km away.
    rows = [
        {"state": "TX", "county": "Sample County", "city": "Ozark Springs", "zip_code_type": "STANDARD",
         "lat": "30.70", "long": "-101.20"},
        {"state": "TX", "county": "Sample County", "city": "Ozark Springs", "zip_code_type": "STANDARD",
         "lat": "30.80", "long": "-101.30"},
        {"state": "TX", "county": "Sample County", "city": "Capital City", "zip_code_type": "PO BOX",
         "lat": "31.70", "long": "-106.30"},
        {"state": "TX", "county": "Other County", "city": "Capital City", "zip_code_type": "STANDARD",
         "lat": "31.75", "long": "-106.40"},
    ]
    [sample] = [c for c in counties_of(rows, {"TX": "Texas"}) if c.name == "Sample County"]
    assert haversine((sample.lat, sample.lon), (30.75, -101.25)) < 20
    assert sample.zip_codes == 2
    # a county that has only such strays keeps them rather than vanish
    [other] = [c for c in counties_of(rows[2:3], {"TX": "Texas"})]
    assert other.name == "Sample County"


def test_a_qualifier_that_ends_the_sentence_still_narrows(run_text):
    rec = run_text("She grew up in London, Ontario.")
    assert _by_text(rec)["London"].admin1 == "Ontario"


def test_a_region_named_after_its_city_does_not_block_the_qualifier(run_text):
    rec = run_text("They opened a second store in Kingston, Ontario, last year.")
    assert _by_text(rec)["Kingston"].country == "CAN"


def test_a_qualifier_places_a_town_the_gazetteer_lacks(run_text):
    rec = run_text("HURDLAND, Mo. — A barn fire destroyed hay bales on Sunday, the fire chief said. "
                   "Volunteers from Novelty, Missouri, helped.")
    places = _by_text(rec)
    for town in ("HURDLAND", "Novelty"):
        assert places[town].admin1 == "Missouri" and places[town].feature == "A.ADM1"
    assert places["Mo."].admin1 == "Missouri"


def test_a_qualifier_after_a_town_the_parser_found_is_a_toponym(run_text):
    rec = run_text("The couple bought a house in Barrie, Ont., last spring.")
    assert _by_text(rec)["Ont."].name == "Ontario"


def test_an_abbreviation_cut_from_its_full_stop_is_the_region(run_text):
    rec = run_text("The family moved from Churchill, Man. to Winnipeg in 2015.")
    places = _by_text(rec)
    assert places["Man"].name == "Manitoba"
    assert places["Churchill"].admin1 == "Manitoba"


def test_the_region_after_a_town_is_the_one_that_holds_it(run_text):
    rec = run_text("Officials at the disease centre in Atlanta, Georgia, said the samples arrived on Friday "
                   "from Jakarta.")
    place = _by_text(rec)["Georgia"]
    assert place.country == "USA" and place.feature == "A.ADM1"


def test_a_focus_voted_by_actors_alone_keeps_a_country_a_country(run_text):
    rec = run_text("Georgia's parliament approved the budget on Tuesday after talks with U.S. Secretary of State "
                   "Mike Pompeo. The prime minister of Georgia said the deal would help farmers.")
    georgias = [p for p in rec.places if p.text == "Georgia"]
    assert georgias and all(p.country == "GEO" for p in georgias)


def test_the_state_of_a_name_is_the_state(run_text):
    rec = run_text("The first case was found in the state of Washington in December.")
    place = _by_text(rec)["Washington"]
    assert place.feature == "A.ADM1" and place.admin1 == "Washington"


@pytest.mark.parametrize(("text", "country", "names"), [
    ("Cases were reported in Utah, Virginia, Washington and Wyoming last month.", "USA",
     ["Utah", "Virginia", "Washington", "Wyoming"]),
    ("Infections were confirmed in Alberta, Manitoba, Ontario and New Brunswick.", "CAN",
     ["Alberta", "Manitoba", "Ontario", "New Brunswick"]),
])
def test_a_list_of_first_level_regions_keeps_its_members_regions(run_text, text, country, names):
    places = _by_text(run_text(text))
    for name in names:
        assert places[name].feature == "A.ADM1" and places[name].country == country, places[name]


def test_a_list_of_mixed_places_is_not_a_list_of_regions(run_text):
    rec = run_text("Envoys flew in from Ontario, Paris and Tokyo for the summit.")
    places = _by_text(rec)
    assert places["Paris"].country == "FRA" and places["Tokyo"].country == "JPN"


@pytest.mark.parametrize(("province", "city"), [("Jiangsu", "Nanjing"), ("Hebei", "Shijiazhuang"),
                                                ("Heilongjiang", "Harbin"), ("Xinjiang", "Urumqi")])
def test_chinese_provinces_lie_around_their_capitals(province, city):
    gaz = load_gazetteer()
    [region] = [p for p in gaz.lookup(province) if p.feature == "A.ADM1"]
    capital = max(gaz.lookup(city), key=lambda p: p.population)
    assert haversine((region.lat, region.lon), (capital.lat, capital.lon)) < 500
