"""The gazetteer's packaged sources: continents, country points, first-level regions."""

import pickle

from whimbrel.eval.geo import haversine
from whimbrel.places import Place, load_gazetteer
from whimbrel.places.sources import admin1_names, country_points, point_of_cities


def test_continents_are_places_not_towns():
    gaz = load_gazetteer()
    europe = [p for p in gaz.lookup("Europe") if p.is_continent]
    assert europe and europe[0].country is None
    assert any(p.is_continent for p in gaz.lookup("Asia"))  # not only Asia, a town in the Philippines


def test_bare_continent_name_resolves_to_the_continent(run_text):
    rec = run_text("The outbreak has spread across Asia and Africa, health officials said.")
    feats = {p.text: p.feature for p in rec.places}
    assert feats.get("Asia") == "L.CONT" and feats.get("Africa") == "L.CONT"


def test_country_point_near_the_centre_of_the_main_landmass():
    points = country_points()
    # The geographic centre of the contiguous United States is in Kansas, not in Oklahoma's north.
    assert haversine(points["USA"], (39.8, -98.6)) < 161
    # Archipelagos keep countryinfo's point: a polygon centroid says nothing useful there.
    assert -10 < points["IDN"][0] < 0


def test_letter_codes_pair_with_iso_names_numbers_do_not():
    names = admin1_names({"GB": {"ENG", "SCT", "WLS", "NIR"}, "TR": {"06", "34"}}, {})
    assert names[("GB", "SCT")] == "Scotland"
    assert not any(cc == "TR" for cc, _ in names)  # FIPS "06" is not ISO "TR-06"


def test_numeric_codes_pair_through_a_town_of_the_same_name():
    names = admin1_names({"SY": {"12", "09"}}, {("SY", "idlib"): {"12"}})
    assert names.get(("SY", "12")) == "Idlib"


def test_ambiguous_town_anchor_is_not_used():
    assert admin1_names({"SY": {"12", "09"}}, {("SY", "idlib"): {"12", "09"}}) == {}


def test_region_point_is_the_middle_of_its_towns():
    assert point_of_cities([(30.0, -100.0), (34.0, -96.0), (31.0, -99.0)]) == (32.0, -98.0)


def test_uk_nations_are_regions_of_the_uk():
    gaz = load_gazetteer()
    scotland = [p for p in gaz.lookup("Scotland") if p.is_admin]
    assert scotland and scotland[0].country == "GBR" and 55 < scotland[0].lat < 58


def test_the_cached_gazetteer_comes_back_whole():
    gaz = load_gazetteer()
    again = pickle.loads(pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.places == gaz.places and all(type(p) is Place for p in again.places)
    assert again.names == gaz.names and again.small_towns == gaz.small_towns
    assert again.country_place == gaz.country_place
    assert again.lookup("Idlib")[0].country == "SYR"
