"""Where an event happened: its own locative phrase, its object place, never a reporter's place."""

import json

import pytest

from whimbrel.eval.event_location import gold_spans, score_event_location


def _located(rec, word):
    ev = next(e for e in rec.events if e.trigger is not None and word in e.trigger.text)
    return ev.location.text if ev.location else None


def test_gold_spans_come_from_token_offsets():
    row = {"text": "Troops captured Gaza.", "tokens": [
        {"text": "Troops", "start": 0, "end": 6}, {"text": "captured", "start": 7, "end": 15},
        {"text": "Gaza", "start": 16, "end": 20}, {"text": ".", "start": 20, "end": 21}],
        "spans": [{"start": 7, "end": 15, "token_start": 1, "token_end": 1, "label": "VERB"},
                  {"start": 2, "end": 2, "token_start": 2, "token_end": 2, "label": "LOCATION"}]}
    assert gold_spans(row) == ((7, 15), [(16, 20)])


def test_scorer_on_a_tiny_file(tmp_path):
    rows = [
        {"text": "Gunmen killed five policemen in Kandahar on Monday.",
         "tokens": [{"start": 0, "end": 6}, {"start": 7, "end": 13}, {"start": 32, "end": 40}],
         "spans": [{"token_start": 1, "token_end": 1, "label": "VERB"},
                   {"token_start": 2, "token_end": 2, "label": "LOCATION"}]},
        {"text": "Gunmen killed five policemen on Monday.",
         "tokens": [{"start": 0, "end": 6}, {"start": 7, "end": 13}],
         "spans": [{"token_start": 1, "token_end": 1, "label": "VERB"}]},
        {"text": "No verb span here.", "tokens": []},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with_loc, without, found = score_event_location(path)
    assert (with_loc.value, with_loc.n) == (1.0, 1)
    assert (without.value, without.n) == (1.0, 1)
    assert found.n == 2


@pytest.mark.parametrize(("text", "trigger", "place"), [
    # place under a locative preposition
    ("Gunmen killed five policemen in Kandahar on Monday.", "killed", "Kandahar"),
    # captured place is where it happened
    ("Rebels captured the town of Kandahar on Monday.", "captured", "Kandahar"),
    # subject place loses to the events own
    ("A soldier from a base in Kuwait was killed in an ambush north of Karbala on Thursday.", "killed", "Karbala"),
    # no place no location
    ("Gunmen killed five policemen on Monday, officials said.", "killed", None),
    # place in a while clause
    ("A volunteer was killed on Monday while fighting militants in Kandahar.", "killed", "Kandahar"),
    # place in a relative clause on the events place
    ("The journalist was shot at a cafe that she owned in Peshawar.", "shot", "Peshawar"),
    # place of a later event is not taken
    ("The officer was shot on Friday after he had left a meeting in Lahore.", "shot", None),
    # a country's name on a thing says whose, not where; a town's name on a building says where
    ("Gunmen killed a US adviser on Monday.", "killed", None),
    ("Gunmen shot the owner of a Peshawar restaurant on Monday.", "shot", "Peshawar"),
    # what is discussed is no place the talks were in
    ("The ministers discussed the situation in Idlib on Friday.", "discussed", None),
])
def test_event_location(run_text, text, trigger, place):
    assert _located(run_text(text), trigger) == place
