"""First-level regions whose FIPS-numbered codes no package pairs with ISO 3166-2 (Russia's republics,
Zimbabwe's provinces, Haiti's departments, Denmark's regions), Kenya's former provinces, and airports, which
no installed package has: each through the real pipeline, on sentences written for these tests."""

from whimbrel.eval.geo import haversine
from whimbrel.places import load_gazetteer

# Sentence-level checks run the whole pipeline; these points are the regions' and airports' rough middles.
_HEATHROW = (51.47, -0.45)
_GATWICK = (51.15, -0.18)


def _places(record):
    return {p.text: p for p in record.places}


def _within(place, point, km):
    return place.lat is not None and haversine((place.lat, place.lon), point) <= km


def test_russian_republics_and_oblasts_are_regions(run_text):
    rec = run_text("Rescue teams were sent to Chechnya and Dagestan after heavy rain, while officials in the "
                   "Kursk Region reported damage to power lines.")
    places = _places(rec)
    assert places["Chechnya"].country == "RUS" and places["Chechnya"].feature == "A.ADM1"
    assert _within(places["Chechnya"], (43.4, 45.7), 100)
    assert places["Dagestan"].country == "RUS" and places["Dagestan"].feature == "A.ADM1"
    kursk = [p for p in rec.places if p.text.startswith("Kursk")]
    assert kursk and all(p.country == "RUS" for p in kursk)


def test_zimbabwe_provinces_in_a_list(run_text):
    rec = run_text("Health officials said new cases of typhoid were found in Mashonaland West, Manicaland and "
                   "Matabeleland South provinces of Zimbabwe this week.")
    places = _places(rec)
    for name in ("Mashonaland West", "Manicaland", "Matabeleland South"):
        assert places[name].country == "ZWE" and places[name].feature == "A.ADM1", name
    assert _within(places["Mashonaland West"], (-17.5, 29.8), 160)


def test_haitian_department_and_danish_region(run_text):
    rec = run_text("Aid workers opened a clinic in the Artibonite region of Haiti, north of the capital.")
    assert _places(rec)["Artibonite"].country == "HTI"
    rec = run_text("A farmer near the town of Silkeborg in Mid-Jutland, Denmark, found the dead birds.")
    jutland = _places(rec)["Mid-Jutland"]
    assert jutland.country == "DNK" and jutland.admin1 == "Central Denmark Region"


def test_kenya_former_province_by_its_short_name(run_text):
    rec = run_text("Cases of the disease were reported in Kisumu, Nakuru and the Rift Valley, Kenya's ministry "
                   "of health said.")
    place = _places(rec)["Rift Valley"]
    assert place.country == "KEN" and _within(place, (0.5, 36.0), 50)


def test_bare_airport_names_are_the_airports(run_text):
    rec = run_text("Flights were cancelled at Heathrow and Gatwick on Sunday as snow fell across southern "
                   "England, and passengers at Heathrow waited for hours.")
    places = [p for p in rec.places if p.text in ("Heathrow", "Gatwick")]
    assert {p.text for p in places} == {"Heathrow", "Gatwick"}
    for p in places:
        assert p.country == "GBR" and p.feature == "S.AIRP"
        assert _within(p, _HEATHROW if p.text == "Heathrow" else _GATWICK, 5)


def test_airport_names_are_in_the_gazetteer():
    gaz = load_gazetteer()
    for name, iso3 in (("JFK airport", "USA"), ("Charles de Gaulle Airport", "FRA"), ("Schiphol", "NLD"),
                       ("Narita Airport", "JPN"), ("O'Hare", "USA"), ("Changi Airport", "SGP")):
        found = [p for p in gaz.lookup(name) if p.feature == "S.AIRP"]
        assert found and found[0].country == iso3, name
    # an airport named after a person needs the word "Airport": bare "Kennedy" is not a place
    assert not [p for p in gaz.lookup("Kennedy") if p.feature == "S.AIRP"]
