"""Which names count as places: hamlets that share a company's or agency's name do not, the White House
acts rather than lies somewhere, and an organisation-tagged small town counts where a place goes."""


def _places(rec):
    return {p.text for p in rec.places}


def test_organisations_are_not_hamlets_of_the_same_name(run_text):
    rec = run_text("Google and the ATF both declined to comment on the report.")
    assert not _places(rec) & {"Google", "ATF"}


def test_the_white_house_is_an_actor_not_a_place(run_text):
    rec = run_text("The White House said the talks would resume in Geneva next week.")
    assert "White House" not in _places(rec)
    assert "Geneva" in _places(rec)


def test_a_capital_used_as_an_actor_is_still_a_place(run_text):
    rec = run_text("Moscow said the convoy had reached the city of Homs.")
    assert {"Moscow", "Homs"} <= _places(rec)


def test_a_name_cut_at_its_hyphen_is_taken_whole(run_text):
    """spaCy's entity is "Guinea" or "Timor" where the text says "Guinea-Bissau" or "Timor-Leste"; the whole
    name is the place, and two names joined by a hyphen stay two places."""
    rec = run_text("Cholera cases rose in Guinea-Bissau, and troops arrived in Timor-Leste after the Iran-Iraq talks.")
    got = {(p.text, p.country) for p in rec.places}
    assert {("Guinea-Bissau", "GNB"), ("Timor-Leste", "TLS")} <= got
    assert not {"Guinea", "Bissau", "Timor"} & {p.text for p in rec.places}
    assert {("Iran", "IRN"), ("Iraq", "IRQ")} <= got
