from whimbrel.nlp import parse_texts
from whimbrel.nlp.model import CHUNK_CHARS


def test_offsets_point_into_the_original_text():
    text = "Turkey\u00a0said on Friday it was talking to all parties."
    [p] = list(parse_texts([text]))
    for t in p.tokens:
        assert text[t.start:t.end] == t.text or t.text == " "
    assert [e.text for e in p.entities if e.label == "GPE"] == ["Turkey"]
    said = next(t for t in p.tokens if t.text == "said")
    assert p.tokens[said.head] is said or said.dep == "ROOT"
    assert p.sentences[0].start == 0


def test_long_texts_are_parsed_in_chunks_with_offsets_kept():
    para = "The army said it shelled the town of Maarat al-Numan on Monday. " * 40 + "\n\n"
    text = para * (CHUNK_CHARS // len(para) + 2)
    [p] = list(parse_texts([text]))
    assert p.tokens[-1].end <= len(text)
    last = p.tokens[-2]
    assert text[last.start:last.end] == last.text
    assert len(p.sentences) > 40
    heads_ok = all(0 <= t.head < len(p.tokens) for t in p.tokens)
    assert heads_ok


def test_empty_and_whitespace_texts():
    a, b = parse_texts(["", "   "])
    assert a.tokens == [] and len(b.sentences) <= 1
