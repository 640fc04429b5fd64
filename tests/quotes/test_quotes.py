from whimbrel.quotes import find_direct_quotes


def test_direct_quote_forms():
    text = ('"We are ready," he said, "to cooperate." She said: \u201cNo.\u201d '
            '\u00abJamais\u00bb, dit-il. \u2018This is a quote of words\u2019 and it\u2019s fine.')
    spans = [text[q.start:q.end] for q in find_direct_quotes(text)]
    assert spans == ["We are ready,", "to cooperate.", "No.", "Jamais", "This is a quote of words"]


def test_quotes_spanning_paragraphs_are_joined():
    text = '"First part of the statement.\n\n"Second part, closing now," she said.'
    [q] = find_direct_quotes(text)
    assert text[q.start:q.end].startswith("First part") and text[q.start:q.end].endswith("closing now,")


def test_unbalanced_mark_never_swallows_the_article():
    text = 'He said "this never closes.\n\nA new paragraph with plain text.\n\nAnd another one here.'
    qs = find_direct_quotes(text)
    assert len(qs) == 1 and qs[0].end <= text.index("\n\n")


def test_seed_quotes_and_speakers(seed_record):
    direct = [q for q in seed_record.quotes if q.kind == "direct"]
    cavusoglu = [q for q in direct if q.speaker and q.speaker.id == "person/mevlut_cavusoglu"]
    assert len(cavusoglu) >= 2
    assert any(q.text.startswith("We are making an effort") for q in cavusoglu)
    assert any(q.text.startswith("We are ready to cooperate") for q in cavusoglu)
    indirect = {(q.speaker.text if q.speaker else None) for q in seed_record.quotes if q.kind == "indirect"}
    assert "Turkish and Russian officials" in indirect
    assert any(s and "Lavrov" in s for s in indirect)
    assert "Syrian Observatory for Human Rights" in indirect


def test_cue_after_and_before(run_text):
    rec = run_text('"The talks failed," said Foreign Minister Sergei Lavrov. Lavrov added: "We will try again."',
                   published="2018-09-14")
    direct = [q for q in rec.quotes if q.kind == "direct"]
    assert [q.speaker.id for q in direct] == ["person/sergei_lavrov", "person/sergei_lavrov"]
    assert direct[0].cue is not None and "said" in direct[0].cue.text


def test_according_to(run_text):
    rec = run_text("According to the Syrian Observatory for Human Rights, 12 people were killed in the strike.")
    q = next(q for q in rec.quotes if q.kind == "indirect")
    assert q.speaker.id == "org/sohr" and "12 people were killed" in q.text
