from whimbrel.extract import detect_language, extract_article, find_wires, parse_page, parse_published
from whimbrel.ingest import read_inputs
from whimbrel.records import Article

from ..conftest import SAMPLES, SEED


def test_seed_page_fields_title_and_chrome():
    page = parse_page(SEED.read_text())
    assert page.fields["id"] == "231374"
    assert page.title == "Turkey \u2018talking to all sides\u2019 in Syria conflict for Idlib cease-fire"
    assert page.body.startswith("Turkey said on Friday")
    assert page.body.endswith("concerned by terrorist activity there.")
    for chrome in ("Security Key", "Captcha", "Page Generated", "talking to all sides"):
        assert chrome not in page.body


def test_other_chrome_is_removed_without_site_rules():
    text = ("Headline here\n\nHeadline here\n\nThe army said on Tuesday that it had repelled an attack near "
            "the border town, killing four militants.\n\nA second paragraph adds more detail about the "
            "fighting and the wounded.\n\nShare this article\nFacebook Twitter WhatsApp\n\nRelated:\n"
            "Army chief visits the front\nTalks stall again\n\nComments (0)\n\nSubscribe to our newsletter\n\n"
            "\u00a9 2019 Some Outlet. All rights reserved.")
    page = parse_page(text)
    assert page.title == "Headline here"
    assert page.body.endswith("fighting and the wounded.")
    assert "Share" not in page.body and "Subscribe" not in page.body


def test_a_short_final_sentence_is_kept():
    page = parse_page("Title\n\nThe long first paragraph of the story tells what happened in detail today.\n\n"
                      "Nobody was hurt.")
    assert page.body.endswith("Nobody was hurt.")


def test_header_variants_of_other_outlets():
    page = parse_page("Source: Example Daily\nDate: 2019-03-02 14:05 UTC\nAuthor: A. Writer\n\nTitle line\n\n"
                      "Body of the story, long enough to be prose for sure.")
    assert page.fields == {"source": "Example Daily", "published": "2019-03-02 14:05 UTC", "byline": "A. Writer"}
    assert page.title == "Title line"


def test_published_formats():
    assert parse_published("0333 GMT September 14, 2018") == "2018-09-14T03:33:00+00:00"
    assert parse_published("2019-03-02 14:05 UTC") == "2019-03-02T14:05:00+00:00"
    assert parse_published("2018-09-14") == "2018-09-14"
    assert parse_published("March 5, 2020") == "2020-03-05"
    assert parse_published("2018-09-14T03:33:00Z") == "2018-09-14T03:33:00+00:00"
    assert parse_published("not a date") is None
    assert parse_published(None) is None


def test_language():
    assert detect_language("Turkey said on Friday it was talking to all parties in the conflict.") == "en"
    assert detect_language("Le gouvernement a annoncé que les négociations avec les rebelles sont dans une "
                           "impasse depuis des semaines.") == "fr"
    assert detect_language("\u0642\u0627\u0644\u062a \u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0627\u0644\u0633\u0648\u0631\u064a\u0629 \u0625\u0646") == "ar"
    assert detect_language("Hello") == "en"


def test_wires_need_a_crediting_context():
    assert find_wires("KABUL (Reuters) - Something happened.") == ["Reuters"]
    assert find_wires("The minister said, Reuters reported.") == ["Reuters"]
    assert find_wires("An official told AFP that the talks failed.") == ["AFP"]
    assert find_wires("Shares of Reuters rose.") == []
    assert find_wires("he was a cap in the ap league") == []


def test_html_sample_gets_body_and_metadata():
    html = next(a for a in read_inputs([str(SAMPLES / "html")]) if isinstance(a, Article))
    extract_article(html)
    assert html.title and html.published and len(html.text) > 500
    assert "newsletter" not in html.text.lower()
    assert html.language == "en"


def test_jsonl_text_is_not_touched():
    art = Article(id="x", raw="  spaced\u00a0text ", format="record", meta={"published": "2020-01-08T09:15:00+00:00"})
    extract_article(art)
    assert art.text == "  spaced\u00a0text "
    assert art.published == "2020-01-08T09:15:00+00:00"
