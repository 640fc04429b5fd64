"""Choosing among same-name places, and the hand-written regions."""

from whimbrel.places import load_gazetteer
from whimbrel.places.gazetteer import Place
from whimbrel.places.rank import Evidence, best, gather_evidence
from whimbrel.places.regions import load_region_data


def _place(key: int, name: str, country: str, population: int, feature: str = "P.PPL",
           lat: float = 0.0, lon: float = 0.0, admin1: str | None = None) -> Place:
    return Place(key=key, geonameid=key, name=name, lat=lat, lon=lon, country=country, admin1=admin1,
                 feature=feature, population=population)


def test_population_beats_a_focus_country_namesake():
    capital = _place(1, "Paris", "FRA", 2_100_000, "P.PPLC")
    namesake = _place(2, "Paris", "USA", 25_000)
    assert best([capital, namesake], "Paris", "", Evidence(focus="USA")) is capital


def test_focus_decides_between_comparable_towns():
    a = _place(1, "Springfield", "USA", 60_000)
    b = _place(2, "Springfield", "GBR", 90_000)
    assert best([a, b], "Springfield", "", Evidence(focus="USA")) is a


def test_named_region_picks_its_town():
    mo = _place(1, "Columbia", "USA", 120_000, admin1="Missouri")
    sc = _place(2, "Columbia", "USA", 140_000, admin1="South Carolina")
    ev = Evidence(focus="USA", regions={("USA", "Missouri")})
    assert best([mo, sc], "Columbia", "", ev) is mo


def test_nearby_places_pull_a_town():
    near = _place(1, "Richmond", "GBR", 20_000, lat=51.46, lon=-0.30)
    far = _place(2, "Richmond", "GBR", 50_000, lat=54.40, lon=-1.74)
    anchor = _place(3, "Twickenham", "GBR", 60_000, lat=51.45, lon=-0.33)
    ev = gather_evidence(["Twickenham"], [[anchor]], [True], "GBR")
    assert best([near, far], "Richmond", "", ev) is near


def test_alternate_name_loses_to_the_real_name():
    real = _place(1, "Sydney", "AUS", 5_000_000)
    alias = _place(2, "Sidney", "USA", 20_000)
    assert best([alias, real], "Sydney", "", Evidence(focus="USA")) is real


def test_capital_not_every_town_of_its_name():
    capitals = [p for p in load_gazetteer().lookup("Washington") if p.feature == "P.PPLC"]
    assert len(capitals) == 1 and capitals[0].country == "USA" and capitals[0].population > 500_000


def test_provinces_and_abbreviations_resolve():
    gaz = load_gazetteer()
    alberta = [p for p in gaz.lookup("Alberta") if p.is_admin]
    assert alberta and alberta[0].country == "CAN" and 49 < alberta[0].lat < 60
    assert any(p.country == "CHN" and p.is_admin for p in gaz.lookup("Sichuan"))
    assert any(p.name == "Kentucky" for p in gaz.lookup("Ky."))
    assert any(p.name == "British Columbia" for p in gaz.lookup("B.C."))
    calgary = next(p for p in gaz.lookup("Calgary") if p.country == "CAN")
    assert calgary.admin1 == "Alberta"


def test_macro_regions_have_valid_points():
    data = load_region_data()
    assert {"Middle East", "West Africa", "Darfur"} <= {r.name for r in data.regions}
    for r in data.regions:
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180
    [darfur] = [p for p in load_gazetteer().lookup("Darfur") if p.is_region]
    assert darfur.country == "SDN"


def test_regions_in_text(run_text):
    rec = run_text("Aid agencies warned of famine across West Africa and in Darfur on Tuesday.")
    found = {p.text: p for p in rec.places}
    assert found["West Africa"].lat is not None
    assert found["Darfur"].country == "SDN"


def test_state_abbreviation_after_a_town(run_text):
    rec = run_text("A tornado struck Columbia, Mo., late on Sunday, the weather service said.")
    col = next(p for p in rec.places if p.text == "Columbia")
    assert col.admin1 == "Missouri"


def test_abbreviation_alone_is_not_a_place(run_text):
    rec = run_text("Miss. Universe contestants arrived on Monday.")
    assert not any(p.text == "Miss." for p in rec.places)
