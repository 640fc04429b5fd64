"""A name followed by a division word ("Darién Province", "the Karak district", "Cusco Region") means the
first-level division of that name: regions whose name no town of 5,000 people shares are paired through
their villages, and an Arabic article the news drops ("Al Karak") still finds the region."""

from __future__ import annotations


def _places(record):
    return {p.text: p for p in record.places}


def test_a_province_no_big_town_is_named_after_is_found_in_its_country(run_text):
    places = _places(run_text(
        "Heavy rains flooded dozens of villages in Darién Province on Tuesday, and farmers in Chiriquí Province "
        "and Veraguas Province lost much of their harvest, Panama's civil protection agency said."))
    for name in ("Darién Province", "Chiriquí Province", "Veraguas Province"):
        assert places[name].country == "PAN" and places[name].feature == "A.ADM1", name
    assert places["Darién Province"].lon < -77  # eastern Panama, not Darien, Illinois


def test_a_district_word_prefers_the_division_over_a_namesake_town_abroad(run_text):
    places = _places(run_text(
        "Police recovered the stolen rifles in the town of Qatraneh in the Karak district on Sunday, "
        "a spokesman for Jordan's public security directorate said."))
    assert places["Karak"].country == "JOR" and places["Karak"].admin1 == "Al Karak"
    assert places["Qatraneh"].country == "JOR"  # placed at the district that holds it


def test_a_region_word_inside_the_name_means_the_region(run_text):
    places = _places(run_text("A bus plunged into a ravine in Cusco Region on Monday, killing 12, Peruvian police said."))
    assert places["Cusco Region"].feature == "A.ADM1" and places["Cusco Region"].country == "PER"
