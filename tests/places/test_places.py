import time

from whimbrel.places import load_gazetteer


def test_idlib_in_syria(seed_record):
    idlib = [p for p in seed_record.places if p.text == "Idlib"]
    assert idlib and all(p.country == "SYR" for p in idlib)
    assert 35 < idlib[0].lat < 37 and 36 < idlib[0].lon < 37.5
    assert seed_record.focus_country == "SYR"


def test_every_place_has_valid_coordinates_or_null(seed_record):
    for p in seed_record.places:
        assert (p.lat is None) == (p.lon is None)
        if p.lat is not None:
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180


def test_country_names_mean_countries(run_text):
    rec = run_text("Protesters marched in Georgia and Jordan on Sunday.")
    assert {p.country for p in rec.places} >= {"GEO", "JOR"}


def test_qualified_place_names(run_text):
    rec = run_text("A tornado damaged homes in Alexandria, Louisiana, officials said.")
    alex = next(p for p in rec.places if p.text == "Alexandria")
    assert alex.country == "USA"


def test_gazetteer_lookup_is_fast_and_safe():
    gaz = load_gazetteer()
    started = time.perf_counter()
    assert gaz.lookup("x" * 10_000) == []
    assert gaz.lookup("\u202e\u0000\ud7ff odd") == []
    assert any(p.country == "SYR" for p in gaz.lookup("Idlib"))
    assert time.perf_counter() - started < 0.1
