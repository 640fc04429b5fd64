"""Property-based tests of extraction: the text page parser, HTML, publication dates, wires, and the
whole extract stage. Whatever the text: no crash (only NoArticleTextError, an InputError, when nothing
is left), and what comes out is a faithful piece of what went in."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from whimbrel.errors import InputError
from whimbrel.extract import extract_article, extract_html, parse_page
from whimbrel.extract.published import parse_published
from whimbrel.extract.wires import find_wires
from whimbrel.kb import load_kb
from whimbrel.records import Article

from .strategies import WORDS, examples, html_page, odd_text, page_text, word_text


@examples(300)
@given(page_text() | odd_text)
def test_page_parser_keeps_only_pieces_of_its_input(text):
    page = parse_page(text)
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    assert "\r" not in page.body
    for paragraph in page.body.split("\n\n"):
        assert paragraph in normal  # cut, never rewritten
    if page.title is not None:
        assert "\n" not in page.title and page.title.strip()
    for key, value in page.fields.items():
        assert key in {"id", "published", "updated", "source", "byline", "url", "section", "language"}
        assert value and value in normal


@examples(150)
@given(page_text())
def test_page_parser_is_stable_on_its_own_body(text):
    """Parsing the body again removes nothing more from it, unless it starts with a line that looks like a
    header or a title (a fresh page would start there too): the cascade reaches a fixed point."""
    body = parse_page(text).body
    again = parse_page(body).body
    assert again in body


@examples(200)
@given(word_text | odd_text, st.none() | st.sampled_from(["Reuters", "By AFP", "staff"]))
def test_wires_are_known_agencies_named_once(text, byline):
    known = {org.short or org.name for org in load_kb().wires()}
    wires = find_wires(text, byline=byline)
    assert len(wires) == len(set(wires)) and set(wires) <= known


@examples(120)
@given(st.sampled_from(["2018-09-14", "0333 GMT September 14, 2018", "14 Sep 2018 10:00 EST", "yesterday",
                        "Friday", "2018-09-14T03:33:00Z", "", "  "]) | odd_text.map(lambda s: s[:40]))
def test_published_is_iso_8601_or_unknown(value):
    out = parse_published(value)
    if out is not None:
        parsed = date.fromisoformat(out) if len(out) == 10 else datetime.fromisoformat(out)
        assert parsed.year >= 1


@examples(60)
@given(html_page())
def test_extract_html_returns_paragraphs_of_the_page(html):
    page = extract_html(html)
    assert isinstance(page.text, str) and "\n\n\n" not in page.text
    assert all(p == p.strip() and p for p in page.text.split("\n\n") if page.text)


@examples(150)
@given(st.sampled_from(["page", "html", "record"]), page_text() | html_page() | odd_text)
def test_extract_stage_fills_text_or_names_the_article(fmt, raw):
    article = Article(id="a", raw=raw, format=fmt, path="in.txt")
    try:
        extract_article(article)
    except InputError as exc:
        assert exc.where == "in.txt" and fmt != "record"
        return
    assert isinstance(article.text, str)
    assert bool(article.language) == bool(article.text.strip())  # blank JSON Lines text: no language
    if fmt == "record":
        assert article.text == raw  # JSON Lines text is kept exactly: offsets refer to what was sent
    # extracting a JSON Lines record again gives the same article (idempotent)
    if fmt == "record":
        again = Article(id="a", raw=article.text, format="record")
        extract_article(again)
        assert (again.text, again.language, again.wires) == (article.text, article.language, article.wires)


@examples(25)
@given(st.lists(st.sampled_from(WORDS) | odd_text.map(lambda s: s[:8]), min_size=1, max_size=120).map(" ".join))
def test_every_offset_in_a_record_points_into_its_text(pipeline, text):
    """The whole pipeline on generated text: every span is inside the text and says what the text says."""
    [record] = pipeline.run_batch([Article(id="p", raw=text, format="record")])
    if not hasattr(record, "article"):
        return  # a Failure is allowed (and named); the property concerns what is produced
    body = record.article.text
    assert body == text

    def check(span):  # a dict with start/end/text
        if span and span.get("start") is not None:
            assert 0 <= span["start"] <= span["end"] <= len(body)
            assert body[span["start"]:span["end"]] == span["text"]

    data = record.to_json()
    for event in data["events"]:
        check(event["evidence"])
        check(event.get("trigger"))
        for actor in event["source"] + event["target"] + event["reported_by"]:
            check(actor)
        check(event["location"])
    for quote in data["quotes"]:
        check(quote)
        check(quote["cue"])
        check(quote["speaker"])
    for item in data["places"] + data["actors"]:
        check(item)
