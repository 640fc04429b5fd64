"""Coverage-guided fuzzing of the extract entry point: bytes → text → ``extract_article`` (as a text page,
a JSON Lines record and, when it looks like markup, an HTML page), plus the text page parser and the wire
finder on their own.

``extract_article`` may refuse an article with NoArticleTextError (an InputError); anything else would
make the article a Failure with a programming error's name in production, and is a finding here. A JSON
Lines record's text must come out exactly as it went in (offsets refer to it).

    .venv/bin/python tools/fuzz/fuzz_extract.py -runs=40000 -timeout=20 -seed=1 build/fuzz/extract tools/fuzz/seeds/extract
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["whimbrel", "trafilatura", "dateparser"]):
    # imported here although Whimbrel imports them lazily: only modules imported inside this block are
    # instrumented (trafilatura's cascade and dateparser's branches guide the fuzzer too)
    import dateparser  # noqa: F401
    import trafilatura  # noqa: F401
    import trafilatura.metadata  # noqa: F401

    from whimbrel.errors import InputError
    from whimbrel.extract import extract_article, parse_page
    from whimbrel.extract.wires import find_wires
    from whimbrel.ingest.detect import sniff_format
    from whimbrel.records import Article


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    page = parse_page(text)
    if page.body and page.body not in text.replace("\r\n", "\n").replace("\r", "\n") and "\n\n" not in page.body:
        raise AssertionError("the page parser rewrote the body")
    find_wires(text, byline=page.fields.get("byline"), source=page.fields.get("source"))
    formats = ["page", "record"] + (["html"] if sniff_format(data[:4096]) == "html" else [])
    for fmt in formats:
        article = Article(id="fuzz", raw=text, format=fmt, path="fuzz.input")
        try:
            extract_article(article)
        except InputError:
            continue
        if fmt == "record" and article.text != text:
            raise AssertionError("a JSON Lines record's text was altered")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
