"""Hand-fixed region and country points (the middle of a region's own extent where its towns miss it), the
UK nations by name, place-only country names ("Korea"), and "X County" never placed at a town of the bare
name elsewhere."""

import pytest

from whimbrel.errors import GazetteerError
from whimbrel.eval.geo import haversine
from whimbrel.places import load_gazetteer
from whimbrel.places.regions import load_region_data


def _first(name, feature_prefix):
    found = [p for p in load_gazetteer().lookup(name) if p.feature.startswith(feature_prefix)]
    assert found, f"no {feature_prefix} entry for {name!r}"
    return found[0]


@pytest.mark.parametrize(("name", "point"), [
    ("Ontario", (49.27, -84.75)),  # its towns stop 500 km short of Hudson Bay
    ("Scotland", (56.65, -4.0)),  # the mainland's middle, not pulled north by Shetland
    ("England", (52.56, -1.46)),  # the Ordnance Survey's centre
])
def test_region_point_is_the_middle_of_its_own_extent(name, point):
    region = _first(name, "A.ADM1")
    assert haversine((region.lat, region.lon), point) < 5


def test_england_point_is_within_reach_of_london_and_the_north():
    england = _first("England", "A.ADM1")
    assert haversine((england.lat, england.lon), (51.507, -0.128)) < 161  # London
    assert haversine((england.lat, england.lon), (53.48, -2.24)) < 161  # Manchester


def test_wales_is_the_nation_not_a_yorkshire_village(run_text):
    rec = run_text("Floods closed roads across Wales on Tuesday, and rail services to Cardiff were cut.")
    wales = next(p for p in rec.places if p.text == "Wales")
    assert wales.feature == "A.ADM1" and wales.country == "GBR"
    assert haversine((wales.lat, wales.lon), (52.3, -3.7)) < 80


def test_dr_congo_sits_at_its_area_centroid_not_on_the_equator(run_text):
    rec = run_text("Aid workers in the Democratic Republic of Congo said the outbreak was spreading.")
    drc = next(p for p in rec.places if p.country == "COD")
    assert haversine((drc.lat, drc.lon), (-2.9, 23.6)) < 50


def test_bare_korea_as_a_place_is_south_korea(run_text):
    rec = run_text("The shipment was unloaded in Korea before the ship sailed on to Japan.")
    korea = next(p for p in rec.places if p.text == "Korea")
    assert korea.country == "KOR"
    assert {p.country for p in run_text("Troops patrolled the border of North Korea.").places} == {"PRK"}


def test_korea_is_a_place_name_only_not_an_actor_alias():
    from whimbrel.kb import load_kb

    # the knowledge base keeps bare "Korea" off its actors ("Korea warned" is ambiguous)
    assert load_kb().entity_id("Korea") != "country/KOR"
    assert load_region_data().country_aliases["KOR"] == ["Korea"]


def test_county_is_not_placed_at_a_namesake_town_in_another_state(run_text):
    rec = run_text("Deputies in Plymouth County said the barn fire started near Le Mars, Iowa, on Sunday.")
    county = next(p for p in rec.places if p.text.startswith("Plymouth"))
    # Iowa's county (Le Mars is its seat), not Plymouth, Minnesota, England or Massachusetts's county
    assert (county.text, county.feature, county.admin1) == ("Plymouth County", "A.ADM2", "Iowa")
    le_mars = next(p for p in rec.places if p.text == "Le Mars")
    assert haversine((county.lat, county.lon), (le_mars.lat, le_mars.lon)) < 40


def test_county_keeps_a_town_in_the_region_the_article_names(run_text):
    rec = run_text("Officials in Dallas County, Texas, said the storm knocked out power across the county.")
    county = next(p for p in rec.places if p.text.startswith("Dallas"))
    assert county.country == "USA" and county.admin1 == "Texas"


def test_invalid_region_point_is_refused(tmp_path):
    bad = tmp_path / "regions.yaml"
    bad.write_text("region_points:\n  CA:\n    Ontario: [49.3]\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        load_region_data(bad)


def test_a_lake_is_the_lake_not_the_region_or_country_of_its_name(run_text):
    rec = run_text("Fishermen on Lake Erie and Lake Chad reported low water, while Ontario officials met.")
    by_text = {p.text: p for p in rec.places}
    erie, chad = by_text["Lake Erie"], by_text["Lake Chad"]
    assert erie.feature == chad.feature == "H.LK"
    assert abs(erie.lat - 42.2) < 1 and abs(chad.lon - 14.5) < 1
    assert by_text["Ontario"].country == "CAN"  # the province keeps its own name


def _match(lat, lon, name, feature="A.PCLI"):
    from whimbrel.eval.geo import Match
    from whimbrel.records import PlaceRef

    place = PlaceRef(text=name, start=0, end=len(name), name=name, lat=0.0, lon=0.0, country="XXX", feature=feature)
    return Match(lat, lon, None, place, 0.0)


def test_places_two_corpora_put_too_far_apart_are_counted_against_the_smaller_side():
    from whimbrel.eval.geo_conventions import convention_conflicts

    runs = {
        # one corpus puts the country at one point (and once, by mistake, elsewhere) ...
        "A.xml": [_match(60.1, -113.6, "Northland")] * 3 + [_match(45.0, -75.0, "Northland"),
                                                          _match(10.0, 10.0, "Southland")],
        # ... the other 1,000 km east; both put Southland within reach of one point, and a town is no area
        "B.xml": [_match(60.0, -95.0, "Northland")] * 5 + [_match(11.0, 11.5, "Southland"),
                                                        _match(0.0, 0.0, "Townsville", "P.PPL")],
    }
    assert convention_conflicts(runs) == [("Northland", {"A.xml": 3, "B.xml": 5})]
