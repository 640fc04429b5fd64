"""Nested reporting, paragraph-opening quotes and coordinated reported clauses.

The sentences are made up for these tests.
"""

from whimbrel.quotes.attribution import _nested_report
from whimbrel.records import Quote, Span


def _covering(rec, words):
    return [q for q in rec.quotes if words in q.text]


def test_report_nested_in_reported_speech_is_part_of_the_outer_quote(run_text):
    rec = run_text("The harbour master said the fishermen hoped the new quay would bring more trade to Lamu.")
    [q] = _covering(rec, "new quay would bring")
    assert q.text.startswith("the fishermen hoped")
    assert q.speaker is not None and "harbour master" in q.speaker.text
    assert not any(x.text.startswith("the new quay") for x in rec.quotes)


def test_two_statements_in_one_sentence_both_kept(run_text):
    rec = run_text("The governor said the road would open in May, and the contractor said it would open in June.")
    assert any("open in May" in q.text and q.speaker is not None and "governor" in q.speaker.text
               for q in rec.quotes)
    assert any("open in June" in q.text and q.speaker is not None and "contractor" in q.speaker.text
               for q in rec.quotes)


def _quote(start: int, end: int, kind: str, cue: tuple[int, int] | None) -> Quote:
    return Quote(kind=kind, start=start, end=end, text="x" * (end - start), speaker=None,
                 cue=Span(cue[0], cue[1], "said") if cue else None)


def test_nested_report_needs_its_cue_inside_the_outer_content():
    outer = _quote(10, 80, "indirect", (5, 9))
    inner_cue_inside = _quote(30, 70, "indirect", (25, 29))
    inner_cue_outside = _quote(30, 70, "indirect", (85, 89))
    direct = _quote(30, 70, "direct", (25, 29))
    quotes = [outer, inner_cue_inside, inner_cue_outside, direct]
    assert _nested_report(inner_cue_inside, quotes)
    assert not _nested_report(inner_cue_outside, quotes)
    assert not _nested_report(direct, quotes)  # verbatim words are kept
    assert not _nested_report(outer, quotes)


def test_quote_opening_a_paragraph_takes_the_cue_after_it(run_text):
    # The previous paragraph ends in an abbreviation, so the parser runs its sentence over the break.
    text = ("The ministry has said that it will stop issuing visas to students who want to study in the U.S.\n\n"
            "\u201cWe cannot pay the nurses this month,\u201d the treasurer warned in Nairobi recently. "
            "\u201cThe hospital will close its wards.\u201d")
    rec = run_text(text)
    first = next(q for q in rec.quotes if q.kind == "direct" and "pay the nurses" in q.text)
    assert first.speaker is not None and "treasurer" in first.speaker.text
    assert "close its wards" in first.text  # the piece after the attribution continues the same quote


def test_quote_in_two_apostrophes_opening_a_sentence_is_kept(run_text):
    text = ("The plan was backed by the finance committee (a view shared by the auditors).\n\n"
            "''We cannot pay the nurses this month,'' Mr. Otieno said.")
    rec = run_text(text)
    [q] = [q for q in rec.quotes if q.kind == "direct"]
    assert "pay the nurses" in q.text and q.speaker is not None and "Otieno" in q.speaker.text


def test_coordinated_verb_sharing_the_subject_continues_the_report(run_text):
    rec = run_text("The elders said they had doubts about the plan, but would not oppose the chief in public.")
    [q] = _covering(rec, "doubts about the plan")
    assert "would not oppose the chief" in q.text
