"""The small-town index (towns of 500 to 5,000 people) and the "Town, Region" pattern.

A small town is a candidate only where the article licenses it: a qualifier after its name, its region
named in the text, a nearby place, or (for a name the main index lacks) the story's country. A famous
namesake still wins without such evidence, and a country or region name is never read as a hamlet.
"""

from whimbrel.eval.geo import haversine
from whimbrel.places import load_gazetteer
from whimbrel.places.rank import Evidence
from whimbrel.places.towns import licensed_small_towns


def _places(rec):
    return {p.text: p for p in rec.places}


def test_small_towns_are_indexed_apart_from_the_main_index():
    gaz = load_gazetteer()
    assert all(p.population >= 5000 or p.feature[0] != "P" for p in gaz.lookup("Edmonton") if p.geonameid)
    towns = gaz.small_towns.get("edmonton", ())
    assert any(admin1 == "Kentucky" for *_, admin1, _pop in towns)


def test_a_small_town_needs_a_licence():
    gaz = load_gazetteer()
    main = gaz.lookup("Edmonton")
    assert licensed_small_towns(gaz.small_towns, "Edmonton", Evidence(), [], main) == []
    kentucky = [p for p in gaz.lookup("Kentucky") if p.is_admin]
    by_qualifier = licensed_small_towns(gaz.small_towns, "Edmonton", Evidence(), kentucky, main)
    assert [p.admin1 for p in by_qualifier] == ["Kentucky"]
    by_region = licensed_small_towns(gaz.small_towns, "Edmonton", Evidence(regions={("USA", "Kentucky")}), [], main)
    assert by_region and by_region[0].geonameid == by_qualifier[0].geonameid


def test_town_with_a_state_qualifier_is_the_small_town(run_text):
    rec = run_text("Edmonton, Ky. — State police said a man was arrested after a shooting on Sunday. The "
                   "Edmonton man was taken to the county jail.")
    edmontons = [p for p in rec.places if p.text == "Edmonton"]
    assert edmontons and all(p.country == "USA" and p.admin1 == "Kentucky" for p in edmontons)


def test_small_town_near_the_stories_other_towns(run_text):
    rec = run_text("A fire destroyed a barn near Edmonton on Tuesday, the Kentucky State Police said. Crews from "
                   "Glasgow and Bowling Green helped put it out.")
    place = _places(rec)["Edmonton"]
    assert place.country == "USA" and place.admin1 == "Kentucky"


def test_famous_namesake_wins_without_local_evidence(run_text):
    rec = run_text("The Edmonton Oilers beat Calgary on Saturday, and fans celebrated in downtown Edmonton.")
    assert _places(rec)["Edmonton"].country == "CAN"


def test_unknown_name_in_the_story_country_takes_its_only_town(run_text):
    rec = run_text("Floodwater cut off the town of Moonbi in New South Wales, Australia, on Friday.")
    place = _places(rec).get("Moonbi")
    assert place is not None and place.country == "AUS" and place.lat is not None


def test_dateline_and_address_pairs_are_recognised(run_text):
    rec = run_text("The truck was found during a routine check in Wainwright, Alta., by a train conductor. "
                   "She is survived by a sister of Hugo, Oklahoma.")
    places = _places(rec)
    assert places["Wainwright"].admin1 == "Alberta" and places["Alta."].feature == "A.ADM1"
    assert places["Hugo"].admin1 == "Oklahoma"
    assert haversine((places["Hugo"].lat, places["Hugo"].lon), (34.0, -95.5)) < 50


def test_a_persons_name_before_a_region_is_not_a_town(run_text):
    rec = run_text("Mary Cole, Oklahoma's attorney general, spoke to reporters on Monday.")
    assert "Mary Cole" not in _places(rec) and "Cole" not in _places(rec)


def test_a_list_of_countries_or_states_is_not_town_and_region(run_text):
    rec = run_text("Cases were reported in China, Japan and Korea. In the United States the disease reached "
                   "Georgia, Oklahoma, Pennsylvania and Wisconsin.")
    places = _places(rec)
    assert places["China"].feature == "A.PCLI"
    assert places["Oklahoma"].feature == "A.ADM1" and places["Oklahoma"].admin1 == "Oklahoma"


def test_upper_case_dateline_word_the_tagger_missed(run_text):
    rec = run_text("BEIRUT —  A ceasefire to evacuate fighters from the besieged districts began on Monday.")
    assert _places(rec)["BEIRUT"].country == "LBN"


def test_lone_city_name_misread_as_a_date(run_text):
    rec = run_text("Officials said the thefts continue regularly in Winnipeg, and that sales fell in March.")
    places = _places(rec)
    assert places["Winnipeg"].country == "CAN"
    assert "March" not in places


def test_british_counties_are_places_at_a_town_inside_them(run_text):
    rec = run_text("Flood warnings were issued for Surrey, Suffolk and Fife after a week of rain, and roads "
                   "in Norfolk were closed.")
    places = _places(rec)
    for name in ("Surrey", "Suffolk", "Fife", "Norfolk"):
        assert places[name].country == "GBR" and places[name].feature == "A.ADM2", name
        assert places[name].geonameid is None  # a county point is the region file's, not a GeoNames entry
    assert haversine((places["Norfolk"].lat, places["Norfolk"].lon), (52.65, 1.0)) < 100


def test_a_county_name_abroad_is_still_the_town(run_text):
    rec = run_text("The ship docked in Norfolk, Virginia, and a man was shot in Kent, Washington, on Friday.")
    places = _places(rec)
    assert places["Norfolk"].country == "USA" and places["Kent"].admin1 == "Washington"


def test_a_list_of_counties_is_not_town_and_region(run_text):
    rec = run_text("Storms hit Surrey, Sussex and Kent overnight, cutting power to thousands of homes.")
    assert {p.text: p.feature for p in rec.places} == {"Surrey": "A.ADM2", "Sussex": "A.ADM2", "Kent": "A.ADM2"}


def test_a_dateline_region_code_without_its_full_stop(run_text):
    # "Town, Ky" and "TOWN, KY": the state after the town, as "Town, Ky." (whimbrel.places.qualified)
    for text in ("CORBIN, Ky (WYMT) - Firefighters spent the night at a warehouse fire on Main Street.",
                 "HAZARD, KY — Two people were hurt when a car hit a school bus on Tuesday morning."):
        places = run_text(text).places
        assert [(p.start, p.admin1) for p in places[:2]] == [(0, "Kentucky"), (8, "Kentucky")]
