"""US counties in the gazetteer (from the zipcodes package), through the real pipeline.

A county is indexed under its full name only ("Monroe County", "Monroe Co."), placed at the middle of its
ZIP codes' points, and chosen among namesakes by the article's evidence: a state qualifier, the state
named elsewhere, the story's other places; with none, the county with the most ZIP codes.
"""

import pytest

from whimbrel.eval.geo import haversine
from whimbrel.places import load_gazetteer
from whimbrel.places.counties import counties_of, county_point

STATES = {"KY": "Kentucky", "MD": "Maryland", "IA": "Iowa", "LA": "Louisiana", "AK": "Alaska", "DC": "District of Columbia"}


def _places(rec):
    return {p.text: p for p in rec.places}


def _state_point(name):
    [state] = [p for p in load_gazetteer().lookup(name) if p.feature == "A.ADM1"]
    return state.lat, state.lon


@pytest.mark.parametrize(("text", "county", "state"), [
    ("Deputies searched a farm in Metcalfe County on Monday after a tip about stolen cattle.",
     "Metcalfe County", "Kentucky"),
    ("A deputy from the Queen Anne's County Sheriff's Office stopped the car on Route 50 late Friday.",
     "Queen Anne's County", "Maryland"),
    ("Flooding closed a dozen roads in Black Hawk County, where crews sandbagged through the night.",
     "Black Hawk County", "Iowa"),
    ("Residents of Orleans Parish were told to boil their water until Thursday.", "Orleans Parish", "Louisiana"),
    ("Wildfire smoke drifted over Deschutes County, and schools kept pupils indoors.", "Deschutes County", "Oregon"),
])
def test_a_county_gets_a_point_inside_its_state(run_text, text, county, state):
    place = _places(run_text(text))[county]
    assert place.feature == "A.ADM2" and place.country == "USA" and place.admin1 == state
    assert place.geonameid is None  # not a GeoNames entry
    assert haversine((place.lat, place.lon), _state_point(state)) < 400


def test_a_state_qualifier_picks_that_states_county(run_text):
    rec = run_text("Authorities in Monroe County, Ind., said the fire started in a barn. In a separate case, "
                   "two men were charged in Fayette County, Ky., and a third in Washington County, Ore.")
    places = _places(rec)
    assert places["Monroe County"].admin1 == "Indiana"
    assert places["Fayette County"].admin1 == "Kentucky"  # the county, not Lexington-Fayette by its old name
    assert places["Washington County"].admin1 == "Oregon"


def test_a_county_missed_by_the_parser_is_taken_with_its_qualifier(run_text):
    rec = run_text("METCALFE COUNTY, Ky. — A man was arrested Sunday. The Metcalfe Co. jail held him overnight.")
    counties = [p for p in rec.places if p.feature == "A.ADM2"]
    assert counties and all(p.admin1 == "Kentucky" and p.name == "Metcalfe County" for p in counties)


def test_an_unqualified_county_in_a_story_about_a_state_is_that_states(run_text):
    rec = run_text("Storms knocked out power to 40,000 homes across Indiana on Sunday. In Monroe County, crews "
                   "worked through the night, and the Indiana National Guard was sent to help.")
    assert _places(rec)["Monroe County"].admin1 == "Indiana"


def test_the_state_named_most_breaks_a_tie(run_text):
    rec = run_text("Scott County sheriff's deputies arrested a man on Friday. He was wanted in Tennessee on an "
                   "old warrant. Indiana officials said Indiana's hepatitis cases were falling, and Indiana "
                   "health workers visited Scott County schools.")
    assert {p.admin1 for p in rec.places if p.text == "Scott County"} == {"Indiana"}


def test_a_county_named_alone_resolves_to_the_biggest_of_its_name(run_text):
    for _ in range(2):  # and the same one every time
        place = _places(run_text("Voters in Orange County will decide the transit tax in November."))["Orange County"]
        assert (place.admin1, place.feature) == ("California", "A.ADM2")


def test_short_and_saint_forms(run_text):
    rec = run_text("Two men were charged in Metcalfe Co. after a chase. Residents of St. Bernard Parish and "
                   "Saint Bernard Parish alike were told to leave before the hurricane reached Louisiana.")
    places = _places(rec)
    assert places["Metcalfe Co."].name == "Metcalfe County"
    assert places["St. Bernard Parish"].name == places["Saint Bernard Parish"].name == "St. Bernard Parish"


def test_county_alone_is_never_a_place(run_text):
    rec = run_text("The county said it would reopen the bridge. County officials declined to comment, and the "
                   "County Commission meets on Tuesday.")
    assert rec.places == []
    gaz = load_gazetteer()
    assert not any(gaz.lookup(w) for w in ("County", "the county", "Parish", "Borough", "Co.", "Co"))


def test_a_firm_abbreviated_co_is_not_a_county(run_text):
    rec = run_text("The Walt Disney Co. and the Ford Motor Co. reported earnings, and Harris Co. shares fell.")
    assert not any(p.feature == "A.ADM2" for p in rec.places)


def test_a_town_of_the_bare_name_is_untouched(run_text):
    rec = run_text("Protesters marched through Monroe, Louisiana, on Saturday.")
    place = _places(rec)["Monroe"]
    assert place.feature.startswith("P") and place.admin1 == "Louisiana"


def test_a_huge_county_name_is_refused_quickly(run_text):
    huge = "A" * 10_000 + " County"
    gaz = load_gazetteer()
    assert gaz.lookup(huge) == [] and gaz.lookup(" ".join(["Black Hawk"] * 1_000) + " County") == []
    rec = run_text(f"Officials in {huge} said the road was closed. Crews from Black Black Hawk Hawk County and "
                   "Queen Queen Anne's County helped. Police in Monroe County, Ind., made an arrest on Friday.")
    assert [p.text for p in rec.places if p.lat is not None] == ["Monroe County", "Ind."]


def test_counties_from_zip_records():
    def z(state, county, lat, lon):
        return {"state": state, "county": county, "lat": str(lat), "long": str(lon)}

    records = [
        # one stray ZIP (a PO box filed under the county, at a post office 150 km away) is set aside
        *(z("KY", "Metcalfe County", 37.0 + d, -85.65 + d) for d in (-0.05, 0.0, 0.04, 0.06)),
        z("KY", "Metcalfe County", 38.3, -85.65),
        # spellings of one county are one entry, named by the commoner one
        z("LA", "St. Bernard Parish", 29.9, -89.9), z("LA", "St. Bernard Parish", 29.95, -89.8),
        z("LA", "St Bernard Parish", 29.88, -89.85),
        z("AK", "Municipality of Anchorage", 61.2, -149.9), z("AK", "Anchorage Municipality", 61.1, -149.8),
        z("DC", "District of Columbia", 38.9, -77.0),  # the state itself
        z("PR", "San Juan Municipio", 18.4, -66.1),  # not a state
        z("MD", "", 39.0, -76.0), z("MD", "Queen Anne's County", "", ""),  # no county, no point
    ]
    counties = {c.name: c for c in counties_of(records, STATES)}
    assert set(counties) == {"Metcalfe County", "St. Bernard Parish", "Anchorage Municipality"}
    metcalfe = counties["Metcalfe County"]
    assert metcalfe.zip_codes == 5 and abs(metcalfe.lat - 37.005) < 0.01
    assert counties["St. Bernard Parish"].zip_codes == 3
    assert {"Saint Bernard Parish", "St Bernard Parish"} <= set(counties["St. Bernard Parish"].aliases)
    assert "Municipality of Anchorage" in counties["Anchorage Municipality"].aliases
    assert {"Metcalfe Co.", "Metcalfe Co"} <= set(metcalfe.aliases)
    assert list(counties) == ["Metcalfe County", "St. Bernard Parish", "Anchorage Municipality"]  # biggest first


def test_county_point_is_the_middle_of_its_extent():
    # a county seat's cluster of ZIP codes does not drag the point, as a median would; a rural post office
    # 60 km out is part of the county, one 2,000 km away (a wrong sign, a PO box filed elsewhere) is not
    points = [(40.0, -90.0)] * 5 + [(40.2, -90.2), (40.4, -90.6), (40.1, -89.9)]
    assert county_point(points) == (40.2, -90.25)
    assert county_point([*points, (40.0, -66.0)]) == (40.2, -90.25)


def test_a_firm_at_the_end_of_a_text(run_text):
    rec = run_text("Analysts downgraded Harris Co.")
    assert not any(p.feature == "A.ADM2" for p in rec.places)
