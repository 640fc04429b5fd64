"""Attributions beyond speech verbs (issue 6): naming and stance verbs, attribution nouns, verb-phrase
content, relative-pronoun speakers, transcript labels and signed quotes.

The sentences are made up for these tests.
"""

from whimbrel.quotes import find_direct_quotes


def _quotes(rec, kind=None):
    return [q for q in rec.quotes if kind is None or q.kind == kind]


def _covering(rec, words):
    return [q for q in rec.quotes if words in q.text]


def test_naming_verb_attributes_its_object_and_predicate(run_text):
    rec = run_text("The union called the new shift rota unworkable and unsafe.")
    [q] = _covering(rec, "shift rota unworkable")
    assert q.speaker is not None and "union" in q.speaker.text


def test_stance_verb_attributes_its_object(run_text):
    rec = run_text("The farmers' association opposed the water levy at the hearing in Nakuru.")
    [q] = _covering(rec, "the water levy")
    assert q.speaker is not None and "association" in q.speaker.text


def test_object_content_runs_over_the_rest_of_the_verb_phrase(run_text):
    rec = run_text("The senator cited endorsements from forty retired judges on Monday.")
    [q] = _covering(rec, "endorsements")
    assert "forty retired judges" in q.text


def test_object_content_stops_at_a_second_act(run_text):
    rec = run_text("The mayor denied the bribery charges and left the hall in Mombasa.")
    [q] = _covering(rec, "bribery charges")
    assert "left the hall" not in q.text


def test_infinitive_content_keeps_who_is_asked(run_text):
    rec = run_text("The coach encouraged the young players to ask the referee for an explanation.")
    [q] = _covering(rec, "to ask the referee")
    assert q.text.startswith("the young players")


def test_claim_that_is_attributed_to_its_possessor(run_text):
    rec = run_text("The company's claim that the river was clean drew angry protests in the town.")
    [q] = _covering(rec, "the river was clean")
    assert q.speaker is not None and "company" in q.speaker.text


def test_agreement_to_is_content(run_text):
    rec = run_text("The two ministers signed an agreement to reopen the border crossing in March.")
    assert _covering(rec, "reopen the border crossing")


def test_relative_clause_noun_is_not_a_that_clause(run_text):
    rec = run_text("The claim that the auditor filed was rejected by the court.")
    assert not _covering(rec, "the auditor filed")


def test_hoped_is_a_cue_despite_the_lemmatiser(run_text):
    rec = run_text("The organisers hoped the rain would stop before the final.")
    [q] = _covering(rec, "the rain would stop")
    assert q.speaker is not None and "organisers" in q.speaker.text


def test_relative_pronoun_speaker_stands_for_its_noun(run_text):
    text = "Residents thanked Dr. Amara Keita, who said the clinic would stay open through the winter."
    rec = run_text(text)
    [q] = _covering(rec, "the clinic would stay open")
    sp = q.speaker
    assert sp is not None and sp.text == "who" and text[sp.start:sp.end] == "who"
    assert sp.name is not None and "Keita" in sp.name


def test_plain_subject_is_not_taken_for_a_relative_pronoun(run_text):
    rec = run_text("Dr. Amara Keita said the clinic would stay open.")
    [q] = _covering(rec, "the clinic would stay open")
    assert q.speaker is not None and "Keita" in q.speaker.text


def test_transcript_label_names_the_speaker():
    text = ('"HOST: Will you run again?\n\n"OKAFOR: Not this year. My family comes first.\n\n'
            '"HOST: Thank you.')
    spans = find_direct_quotes(text)
    assert len(spans) == 3  # each turn is its own quote, not a continuation of the one before


def test_transcript_turns_take_their_labels(run_text):
    text = ('The interview went as follows.\n\n"HOST: Will you run again next year?\n\n'
            '"OKAFOR: Not this year. My family comes first, and the party knows it.')
    rec = run_text(text)
    turn = next(q for q in _quotes(rec, "direct") if "My family" in q.text)
    assert not turn.text.startswith("OKAFOR")
    assert turn.speaker is not None and turn.speaker.text == "OKAFOR"


def test_signed_quote_takes_the_name_after_the_dash(run_text):
    text = "Readers wrote in.\n\n“The new bridge changed my whole commute for the better.” ― Maria Lopez\n"
    rec = run_text(text)
    [q] = _quotes(rec, "direct")
    assert q.speaker is not None and "Lopez" in q.speaker.text


def test_asked_introduces_a_direct_quote(run_text):
    rec = run_text('"Who will pay for the repairs?" the tenant asked at the meeting.')
    [q] = _quotes(rec, "direct")
    assert q.speaker is not None and "tenant" in q.speaker.text
