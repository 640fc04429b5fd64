"""Quote attribution forms: scare quotes, speaker phrases, reported speech the parser bends, split quotes.

The sentences are made up for these tests; the speaker checks read the speaker text so that they do not
depend on what the knowledge base knows.
"""

from whimbrel.quotes import find_direct_quotes


def _quotes(rec, kind=None):
    return [q for q in rec.quotes if kind is None or q.kind == kind]


def test_scare_quote_without_cue_is_not_a_quote(run_text):
    rec = run_text('The council branded the striking nurses "saboteurs" and closed the ward in Lagos.')
    assert _quotes(rec, "direct") == []


def test_title_in_quotes_is_not_a_quote(run_text):
    rec = run_text('The novel "Winter in the Valley" won the national prize on Tuesday.')
    assert _quotes(rec, "direct") == []


def test_label_given_by_a_speech_verb_is_not_a_quote(run_text):
    rec = run_text('Farmers describe the new levy near Kano as a "rain tax" that the council imposed.')
    assert _quotes(rec, "direct") == []


def test_short_quote_with_a_cue_is_kept(run_text):
    rec = run_text('"Never," the minister said when asked about a ceasefire.')
    [q] = _quotes(rec, "direct")
    assert q.text.startswith("Never") and q.speaker is not None and "minister" in q.speaker.text


def test_name_after_a_title_phrase_is_the_speaker(run_text):
    rec = run_text("Chile's army spokesman Colonel Ramon Ibarra said the convoy had reached the border.")
    [q] = _quotes(rec, "indirect")
    assert q.speaker is not None and "Ibarra" in q.speaker.text and "spokesman" not in q.speaker.text


def test_role_phrase_keeps_its_of_phrase(run_text):
    rec = run_text("The mayor of the coastal district said the shelters were full.")
    [q] = _quotes(rec, "indirect")
    assert q.speaker is not None and q.speaker.text.endswith("of the coastal district")


def test_statement_from_stands_for_its_author(run_text):
    rec = run_text("Four workers were injured in the blast, according to a statement from the mining company.")
    [q] = _quotes(rec, "indirect")
    assert q.text.startswith("Four workers were injured")
    assert q.speaker is not None and "company" in q.speaker.text and "statement" not in q.speaker.text


def test_told_without_that(run_text):
    rec = run_text("Harbour master Tom Ellis told local radio the ferry service would resume on Friday.")
    [q] = _quotes(rec, "indirect")
    assert "ferry service would resume" in q.text and q.speaker is not None and "Ellis" in q.speaker.text


def test_that_clause_after_citing(run_text):
    rec = run_text("The agency reported, citing a police source, that two suspects had been detained in Tunis.")
    [q] = _quotes(rec, "indirect")
    assert q.text.startswith("two suspects had been detained") and "citing" not in q.text


def test_attribution_at_the_end_of_the_sentence(run_text):
    rec = run_text("Floods cut the main road to the port, local news agency Reuna reported.")
    [q] = _quotes(rec, "indirect")
    assert q.text == "Floods cut the main road to the port"
    assert q.speaker is not None and "Reuna" in q.speaker.text


def test_parenthetical_attribution(run_text):
    rec = run_text("The vote, the senator says, was rushed through without debate.")
    [q] = _quotes(rec, "indirect")
    assert "was rushed through" in q.text and q.speaker is not None and "senator" in q.speaker.text


def test_promise_and_call_for(run_text):
    rec = run_text("The governor vowed to rebuild the bridge. The union called for an inquiry into the collapse.")
    texts = {q.text for q in _quotes(rec, "indirect")}
    assert "to rebuild the bridge" in texts
    assert "an inquiry into the collapse" in texts


def test_anonymity_clause_is_not_content(run_text):
    rec = run_text('"The road is mined," a militia commander said, asking not to be named.')
    assert [q.kind for q in rec.quotes] == ["direct"]


def test_quote_split_by_its_attribution_is_one_quote(run_text):
    text = '"We saw the water rise," said the farmer, "and then we ran." Prices rose.'
    rec = run_text(text)
    [q] = _quotes(rec, "direct")
    assert q.text.startswith("We saw the water rise") and q.text.endswith("and then we ran.")


def test_quote_continued_after_a_full_stop(run_text):
    text = 'The mayor spoke at dawn. "The dam held," she said. "Nobody was hurt."'
    rec = run_text(text)
    [q] = _quotes(rec, "direct")
    assert q.text.endswith("Nobody was hurt.")


def test_partial_quote_is_part_of_the_reported_clause(run_text):
    rec = run_text('The envoy said the talks had been "frank and useful" and would continue in Geneva.')
    [q] = rec.quotes
    assert q.kind == "indirect" and "frank and useful" in q.text


def test_two_apostrophes_as_quotation_marks():
    text = "''We will stay,'' the pastor said. It was ''a hard winter for all of us.''"
    spans = [text[q.start:q.end] for q in find_direct_quotes(text)]
    assert spans == ["We will stay,", "a hard winter for all of us."]


def test_speaker_after_the_verb_when_the_parser_picks_a_noun_inside_the_quote(run_text):
    rec = run_text('"The harvest is ruined. Totally ruined panic mode," said Amina Bello, a farmer in Kano.')
    [q] = _quotes(rec, "direct")
    assert q.speaker is not None and "Bello" in q.speaker.text
