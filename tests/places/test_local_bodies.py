"""Towns named by their own council, mayor, police or court (whimbrel.places.local_bodies): small places the
parser buries in a body's name, and the names before such words that are no town."""


def _places(rec):
    return {p.text: p for p in rec.places}


def test_a_small_town_before_its_mayor_or_its_court(run_text):
    rec = run_text("“We want drivers to slow down near schools,” Beaconsfield Mayor Georges Bourelle told reporters "
                   "on Monday, after the suburb west of Montreal lowered its speed limit.")
    beaconsfield = _places(rec)["Beaconsfield"]
    assert (beaconsfield.country, beaconsfield.admin1) == ("CAN", "Quebec")
    court = _places(run_text("A man from Lisburn appeared at Wood Green Crown Court on Tuesday charged with affray."))
    assert court["Wood Green"].country == "GBR"


def test_an_adjective_a_person_or_an_unknown_name_before_a_body_word_is_no_town(run_text):
    rec = run_text("The European Council met in Brussels on Thursday, and British Transport Police closed two "
                   "stations in London.")
    assert set(_places(rec)) == {"Brussels", "London"}
    rec = run_text("Councillors approved the budget on Tuesday. Smith Council members said Tom Smith would chair "
                   "the review.")
    assert "Smith" not in _places(rec)

