"""Sector and country rules of actor resolution, through the real pipeline, on sentences written for these
tests (none comes from an evaluation set)."""

from __future__ import annotations


def _actor(record, text):
    found = [a for a in record.actors if a.text == text]
    assert found, f"no actor {text!r} in {[a.text for a in record.actors]}"
    return found[0]


def test_a_sector_less_agent_takes_the_sector_its_modifier_names(run_text):
    rec = run_text("Sudanese rebel leaders said they would attend the talks.")
    assert (_actor(rec, "Sudanese rebel leaders").country, _actor(rec, "Sudanese rebel leaders").sector) == ("SDN", "REB")


def test_ministers_of_an_international_body_act_as_the_body(run_text):
    for text in ("NATO foreign ministers met in Brussels on Monday.",
                 "Arab League foreign ministers gathered in Cairo on Sunday."):
        ministers = _actor(run_text(text), "foreign ministers")
        assert (ministers.country, ministers.sector) == (None, "IGO")


def test_an_office_of_a_known_body_is_in_that_body_s_sector(run_text):
    rec = run_text("The United Nations Humanitarian Coordinator for Yemen said the port must reopen.")
    office = _actor(rec, "United Nations Humanitarian Coordinator")
    assert (office.country, office.sector) == (None, "IGO")


def test_a_people_of_a_country_belongs_to_where_they_live(run_text):
    rec = run_text("The Kurds of northern Iraq protested against the new tax.")
    assert (_actor(rec, "Kurds").country, _actor(rec, "Kurds").sector) == ("IRQ", "CVL")
    # without such a phrase, the adjective's country stays
    rec = run_text("Albanians protested in Tirana against the new tax.")
    assert _actor(rec, "Albanians").country == "ALB"


def test_new_agent_nouns(run_text):
    rec = run_text("Mexican border patrol agents detained dozens of Honduran immigrants.")
    assert _actor(rec, "Mexican border patrol agents").sector == "POL"
    assert (_actor(rec, "Honduran immigrants").country, _actor(rec, "Honduran immigrants").sector) == ("HND", "CVL")
    rec = run_text("Police questioned a French national and two Belgian nationals.")
    assert {(a.country, a.sector) for a in rec.actors if "national" in a.text} == {("FRA", "CVL"), ("BEL", "CVL")}


def test_the_european_community_is_known(run_text):
    rec = run_text("The European Economic Community lifted its ban on British beef.")
    ec = next(a for a in rec.actors if "European Economic Community" in a.text)
    assert (ec.id, ec.country, ec.sector) == ("org/european_community", None, "IGO")
