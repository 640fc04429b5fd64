"""Lull statements are recorded as such, never as events, and only when asserted."""

import pytest


@pytest.mark.parametrize(("text", "cue", "about"), [
    ("Calm has largely prevailed in northwest Syria this week.", "prevailed", None),
    ("Fighting subsided in Aleppo on Monday, residents said.", "subsided", "Fighting"),
    ("The truce between the two militias is holding, officials said.", "holding", None),
    ("Ankara failed last week to win a cease-fire, but there has been a recent lull in airstrikes.", "lull",
     "airstrikes"),
    ("Relative calm returned to the city of Taiz after two days of clashes.", "returned", None),
])
def test_lull_statements_are_found(run_text, text, cue, about):
    record = run_text(text)
    assert [(lull.cue.text, lull.about) for lull in record.lulls] == [(cue, about)]
    assert not any(e.type == "LULL" for e in record.events)


@pytest.mark.parametrize("text", [
    "Calm may return to the region if talks succeed.",
    "Calm did not last: shelling resumed on Tuesday.",
    "There was no lull in the fighting around Marib.",
    "The army will observe a pause in operations.",
])
def test_what_is_not_an_asserted_lull(run_text, text):
    assert run_text(text).lulls == []


def test_a_lull_carries_place_date_and_reporter(run_text):
    record = run_text("The Syrian Observatory for Human Rights said calm prevailed in Idlib on Thursday.")
    [lull] = record.lulls
    assert lull.location is not None and lull.location.country == "SYR"
    assert (lull.date, lull.date_precision) == ("2018-09-13", "day")
    assert [a.name for a in lull.reported_by] == ["Syrian Observatory for Human Rights"]
    assert record.to_json()["lulls"][0]["cue"]["text"] == "prevailed"
