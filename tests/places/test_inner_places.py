"""Places spaCy mislabels or buries in a longer name: inside an agency's name, a place-tagged name with a
"province" or compass word, a city taken for a person, a capitalised dateline; and the names that must
stay out (newspapers, firms, compass words on their own, a surname)."""

from whimbrel.kb import load_kb
from whimbrel.places import load_gazetteer
from whimbrel.places.recognise import candidates


def _places(rec):
    return {p.text: p for p in rec.places}


def test_a_region_inside_an_agency_name_is_a_place(run_text):
    assert _places(run_text("Officers of the Nebraska State Patrol closed the highway."))["Nebraska"].feature == "A.ADM1"
    assert _places(run_text("The Iowa Department of Transportation closed the road."))["Iowa"].country == "USA"
    manitoba = _places(run_text("A team from the Government of Manitoba arrived on Monday."))["Manitoba"]
    assert manitoba.country == "CAN" and manitoba.feature == "A.ADM1"


def test_province_word_inside_the_entity_becomes_the_suffix(run_text):
    rec = run_text("Heavy rain flooded villages in Hunan province and in the City of Winnipeg last week.")
    places = _places(rec)
    assert places["Hunan"].feature == "A.ADM1"
    assert places["Winnipeg"].feature.startswith("P")


def test_a_newspaper_or_a_firm_named_after_a_city_is_no_place(run_text):
    rec = run_text("The Denver Post reported that Omaha Steaks Inc. would close two plants.")
    assert not {"Denver", "Omaha"} & set(_places(rec))


def test_a_county_name_is_not_cut_back_to_a_town_elsewhere(run_text):
    rec = run_text("Deputies in Monroe County arrested two men.")
    county = _places(rec).get("Monroe County")  # kept whole: a US county (whimbrel.places.counties), not a town
    assert county is not None and county.feature == "A.ADM2" and county.country == "USA"


def test_capitalised_dateline_is_the_city(run_text):
    rec = run_text("WASHINGTON — Senators from both parties met on Tuesday to discuss the budget.")
    dateline = _places(rec).get("WASHINGTON")
    assert dateline is not None and dateline.feature.startswith("P")
    assert abs(dateline.lat - 38.9) < 0.5


def test_a_surname_is_not_the_country_of_the_same_name(run_text):
    rec = run_text("Chad Morgan, a farmer, said the storm was the worst he had seen. Morgan and Chad both "
                   "laughed at the question.")
    assert not any(p.feature == "A.PCLI" and p.text == "Chad" for p in rec.places)


def test_country_short_forms_the_gazetteer_lacks_come_from_the_knowledge_base():
    found = candidates(load_gazetteer(), load_kb(), "PRC")
    assert found and found[0].country == "CHN" and found[0].is_country


def test_compass_word_is_stripped_only_before_a_big_place(run_text):
    rec = run_text("Gunmen shot Rahim Karimi, the Northern Alliance commander, near his home.")
    assert not any(p.name == "Alliance" for p in rec.places)  # not Alliance, Ohio
    london = _places(run_text("Flooding closed schools across North London on Monday.")).get("London")
    assert london is not None and london.country == "GBR"


def test_person_tagged_name_of_a_region_is_not_a_place_as_a_subject(run_text):
    rec = run_text("Arad was arrested by the militia, and later released.")
    assert "Arad" not in _places(rec)
