"""A wire dateline is split from the story's first sentence, so it never glues itself to an actor."""

import pytest

from whimbrel.nlp.datelines import dateline_end


@pytest.mark.parametrize(("text", "dateline"), [
    ("KABUL, Aug 3 (Reuters) - Taliban fighters attacked", "KABUL, Aug 3 (Reuters) - "),
    ("UNITED NATIONS (AP) — The Security Council", "UNITED NATIONS (AP) — "),
    ("GAZA CITY, Gaza Strip (AP) — Israeli jets", "GAZA CITY, Gaza Strip (AP) — "),
    ("WASHINGTON -- The Pentagon said", "WASHINGTON -- "),
    ("PRISTINA - Thirty NATO peacekeepers", "PRISTINA - "),
])
def test_datelines_are_recognised(text, dateline):
    assert text[:dateline_end(text)] == dateline


@pytest.mark.parametrize("text", [
    "Turkey has reinforced a dozen military posts.",
    "US - China talks resumed on Monday.",  # a two-letter word is no city
    "ISIS - the group that once held Mosul - claimed the attack.",  # the story does not start after the dash
    "NEW DELHI: Police arrested four men.",
])
def test_what_is_not_a_dateline(text):
    assert dateline_end(text) is None


def test_the_dateline_stays_out_of_the_first_sentence_actors(run_text):
    record = run_text("KINSHASA - The Democratic Republic of Congo on Saturday ordered Rwanda's ambassador to leave.")
    [order] = [e for e in record.events if e.type == "REQUEST"]
    assert [a.text for a in order.source] == ["Democratic Republic of Congo"]
    record = run_text("PRISTINA - Thirty NATO peacekeepers were injured on Monday in clashes in northern Kosovo.")
    assert all(not a.text.startswith("PRISTINA") for a in record.actors)
    assert any(p.text == "Kosovo" and p.feature == "A.PCLI" for p in record.places)  # the country, not a town
