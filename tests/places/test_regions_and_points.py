"""Region names and points: English names for numbered admin-1 codes, region points from the extent of all
their towns, hand-fixed country points, hyphenated spellings, a city over its namesake region, and a
home region over a foreign country of the same name."""

import pytest

from whimbrel.errors import GazetteerError
from whimbrel.eval.geo import haversine
from whimbrel.places import load_gazetteer
from whimbrel.places.regions import load_region_data


def _region(name, iso3):
    found = [p for p in load_gazetteer().lookup(name) if p.is_admin and p.country == iso3]
    assert found, f"no region {name!r} in {iso3}"
    return found[0]


def test_numbered_regions_get_their_english_names():
    assert _region("Nineveh", "IRQ").admin1 == "Nineveh"
    assert _region("Helmand", "AFG")
    assert _region("Khyber Pakhtunkhwa", "PAK") is _region("KPK", "PAK")
    assert _region("North Kivu", "COD") is _region("Nord-Kivu", "COD")


def test_a_wrong_town_pairing_is_fixed_by_the_region_file():
    # Brazil's code "15" holds Belo Horizonte: it is Minas Gerais, not Tocantins
    belo = next(p for p in load_gazetteer().lookup("Belo Horizonte") if p.country == "BRA")
    assert belo.admin1 == "Minas Gerais"


def test_region_point_reaches_its_empty_quarters():
    # Alberta's big towns are all in the south; its small ones reach the north, as the province does
    assert _region("Alberta", "CAN").lat > 53.5


def test_united_states_point_is_its_geographic_centre():
    us = load_gazetteer().country("USA")
    assert us is not None and haversine((us.lat, us.lon), (39.83, -98.58)) < 20


def test_hyphenated_spelling_finds_the_spaced_name():
    assert any(p.country == "AFG" for p in load_gazetteer().lookup("Mazar-e-Sharif"))


def test_bare_city_name_beats_its_namesake_region_but_not_with_province(run_text):
    rec = run_text("Gunmen attacked a checkpoint in Aleppo, and fighting spread across Kandahar province.")
    places = {p.text: p for p in rec.places}
    assert places["Aleppo"].feature.startswith("P")
    assert places["Kandahar"].feature == "A.ADM1"


def test_state_of_the_article_country_beats_a_foreign_country_of_its_name(run_text):
    us = {p.text: p for p in run_text("Storms flooded homes in Macon and Valdosta, Georgia, officials said.").places}
    assert us["Georgia"].country == "USA"
    caucasus = {p.text: p for p in run_text("He was born in Tbilisi, Georgia, and moved to Batumi.").places}
    assert caucasus["Georgia"].country == "GEO"


def test_invalid_country_point_is_refused(tmp_path):
    bad = tmp_path / "regions.yaml"
    bad.write_text("country_points:\n  USA: [139.8, -98.6]\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        load_region_data(bad)
