"""How the PLOVER scorer reads the gold records' CAMEO actor codes as Whimbrel sectors (whimbrel/eval/plover.py)."""

from __future__ import annotations

from whimbrel.eval.plover import gold_country, gold_sectors


def test_role_codes_map_to_whimbrel_sectors():
    assert gold_sectors([{"code": "SRB", "sector": "CVLalb"}, {"code": "SRB", "sector": "COP"}]) == {"CVL", "POL"}
    assert gold_sectors([{"code": "LBN", "sector": "UAF"}]) == {"REB"}  # unidentified armed force
    assert gold_sectors([{"code": "DNK", "sector": "JRN"}]) == {"MED"}  # journalists are Whimbrel's media


def test_medical_actors_are_not_media():
    # the records write MED for doctors and the Red Cross; Whimbrel's MED is the press
    assert gold_sectors([{"code": "CHE", "sector": "MED"}]) == set()


def test_international_codes_accept_the_body_or_the_role():
    assert gold_sectors([{"code": "IGO", "sector": "MIL"}]) == {"IGO", "MIL"}  # UN peacekeepers
    assert gold_sectors([{"code": "IGO"}]) == {"IGO"}
    assert gold_sectors([{"code": "NGO", "sector": "JUD"}]) == {"NGO", "JUD"}
    assert gold_sectors([{"code": "IMG", "sector": "GOV"}]) == {"REB", "GOV"}  # al-Qaeda's leaders
    assert gold_sectors([{"code": "USA", "sector": "***"}]) == set()


def test_countries_skip_non_country_codes():
    assert gold_country([{"code": "IGO"}, {"code": "RUS", "sector": "GOV"}]) == "RUS"
    assert gold_country([{"code": "PSE"}]) is None
