"""Where an event happened: its own locative phrase, its object place, never a reporter's place."""

import json

from whimbrel.eval.event_location import gold_spans, score_event_location


def _located(rec, word):
    ev = next(e for e in rec.events if e.trigger is not None and word in e.trigger.text)
    return ev.location.text if ev.location else None


def test_place_under_a_locative_preposition(run_text):
    rec = run_text("Gunmen killed five policemen in Kandahar on Monday.")
    assert _located(rec, "killed") == "Kandahar"


def test_captured_place_is_where_it_happened(run_text):
    rec = run_text("Rebels captured the town of Kandahar on Monday.")
    assert _located(rec, "captured") == "Kandahar"


def test_subject_place_loses_to_the_events_own(run_text):
    rec = run_text("A soldier from a base in Kuwait was killed in an ambush north of Karbala on Thursday.")
    assert _located(rec, "killed") == "Karbala"


def test_no_place_no_location(run_text):
    rec = run_text("Gunmen killed five policemen on Monday, officials said.")
    assert _located(rec, "killed") is None


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


def test_place_in_a_while_clause(run_text):
    rec = run_text("A volunteer was killed on Monday while fighting militants in Kandahar.")
    assert _located(rec, "killed") == "Kandahar"


def test_place_in_a_relative_clause_on_the_events_place(run_text):
    rec = run_text("The journalist was shot at a cafe that she owned in Peshawar.")
    assert _located(rec, "shot") == "Peshawar"


def test_place_of_a_later_event_is_not_taken(run_text):
    rec = run_text("The officer was shot on Friday after he had left a meeting in Lahore.")
    assert _located(rec, "shot") is None
