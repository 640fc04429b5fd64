"""Every input a fuzzer found crashing Whimbrel, kept in tests/fuzz/regressions/ and read again: each must now
be a named Failure (or an article), never an exception that ends the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from whimbrel.errors import InputError
from whimbrel.extract import extract_article
from whimbrel.ingest import read_inputs
from whimbrel.ingest.decode import decode_text
from whimbrel.pipeline import Failure
from whimbrel.records import Article

FOUND = Path(__file__).parent / "regressions"
# what each finding must be reported as now: (error class, words of the message)
EXPECTED = {
    "feed_undecodable_xml_encoding.rss": ("InputError", "not a well-formed feed"),  # atheris, fuzz_ingest
    "utf8_bom_then_invalid_byte.txt": ("EncodingError", "after its byte-order mark"),  # hypothesis
    "utf16_bom_lone_surrogate.txt": ("EncodingError", "after its byte-order mark"),  # hypothesis
}


def _found(kind: str) -> list[Path]:
    return sorted(p for p in (FOUND / kind).iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("path", _found("ingest"), ids=lambda p: p.name)
def test_ingest_findings_are_named_failures(path):
    out = list(read_inputs([str(path)]))
    assert out and all(isinstance(item, Article | Failure) for item in out)
    if path.name in EXPECTED:
        error, words = EXPECTED[path.name]
        [failure] = out
        assert isinstance(failure, Failure) and failure.error == error and words in failure.message
        assert failure.path == str(path) and failure.where == str(path)


def test_a_byte_order_mark_does_not_excuse_invalid_bytes():
    with pytest.raises(InputError, match="byte-order mark"):
        decode_text(b"\xef\xbb\xbfcaf\xe9", where="x.txt")
    assert decode_text(b"\xef\xbb\xbfcaf\xc3\xa9", where="x.txt") == "caf\u00e9"


@pytest.mark.parametrize("path", _found("extract"), ids=lambda p: p.name)
def test_extract_findings_fill_the_article_or_refuse_it(path):
    text = path.read_bytes().decode("utf-8", "replace")
    for fmt in ("page", "record", "html"):
        article = Article(id="f", raw=text, format=fmt, path=str(path))
        try:
            extract_article(article)
        except InputError:
            continue
        assert isinstance(article.text, str)


def test_an_rfc_822_date_with_a_60_digit_field_is_unknown_not_a_crash():
    """Found by atheris (fuzz_ingest): email.utils.parsedate_to_datetime raises OverflowError on it."""
    [article, _] = read_inputs([str(FOUND / "ingest" / "feed_rfc822_date_huge_year.rss")])
    assert isinstance(article, Article) and "published" not in article.meta
    from whimbrel.ingest.fetch import _retry_after  # the same date parser reads Retry-After headers

    assert _retry_after("Tue, 02 May 2023 07:40:0999999999999999999999999999999999999999999999999990 +0000") is None
