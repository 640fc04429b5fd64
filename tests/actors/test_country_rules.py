"""Where an actor's country comes from when the name alone does not say it."""


def _countries(record):
    return {a.text: a.country for a in record.actors}


def test_a_titled_surname_outside_the_knowledge_base_dates_takes_its_office_holders_country(run_text):
    record = run_text("President Bush threatened further action against Russia.", published="1990-06-01")
    assert _countries(record)["Bush"] == "USA"


def test_a_surname_shared_across_countries_gives_no_country(run_text):
    record = run_text("President Smithers visited the port.", published="1990-06-01")
    assert _countries(record).get("Smithers") is None


def test_an_ethnic_group_belongs_to_the_country_it_lives_in(run_text):
    assert _countries(run_text("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia."))["Albanians"] == "SRB"
    assert _countries(run_text("Albanians protested in Tirana."))["Albanians"] == "ALB"  # nationals, not "ethnic"


def test_being_opposed_to_something_is_opposing_it(run_text):
    record = run_text("Israel is opposed to French mediation in the talks, an aide said on Wednesday.")
    [reject] = [e for e in record.events if e.type == "REJECT"]
    assert [a.country for a in reject.source] == ["ISR"]


def test_what_is_discussed_is_a_topic_not_a_party(run_text):
    record = run_text("Putin discussed the situation in Idlib with members of Russia's Security Council on Friday.")
    [talks] = [e for e in record.events if e.type == "CONSULT"]
    assert [a.text for a in talks.target] == ["Security Council"]
    assert talks.location is None or talks.location.name != "Idlib"  # the topic is not where they met
