"""Property-based tests of every input reader: whatever the bytes, a reader returns (articles, failures)
or raises an InputError naming the input; it never crashes, and what it returns is consistent."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from whimbrel.errors import InputError
from whimbrel.ingest import FORMATS, parse_feed, read_inputs, read_warc, sniff_format
from whimbrel.ingest.decode import decode_html, decode_text
from whimbrel.pipeline import Failure
from whimbrel.records import Article

from .strategies import examples, feed_bytes, jsonl_lines, mutated_bytes, odd_text, warc_bytes

PREFIXES = [b"", b"WARC/1.0\r\n", b"filedesc://", b"{", b'{"id": 1, "text": ', b"<rss>", b"<feed xmlns='x'>",
            b"<!doctype html>", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b\x08", b"News ID: 1\n"]
head_bytes = st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=600))


def _read(data: bytes, suffix: str, **kw: object) -> list[Article | Failure]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        out = list(read_inputs([str(path)], **kw))  # type: ignore[arg-type]
        for item in out:
            assert isinstance(item, Article | Failure), item
            assert item.path == str(path)  # every item names its input, so it can be retried
            if isinstance(item, Failure):
                assert item.where.startswith(str(path)) and item.stage == "ingest" and item.message
            else:
                assert isinstance(item.raw, str) and item.id
        return out


@examples(400)
@given(head_bytes)
def test_sniff_format_always_names_a_readable_format(head):
    assert sniff_format(head) in FORMATS[1:]


@examples(300)
@given(st.binary(max_size=400), st.sampled_from([None, "utf-8", "cp1252", "utf-16", "latin-1", "nope", "ascii"]))
def test_decoding_returns_text_or_an_input_error(data, encoding):
    for decode in (decode_text, decode_html):
        try:
            text = decode(data, where="x", encoding=encoding)
        except InputError as exc:
            assert exc.where == "x" and exc.message
        else:
            assert isinstance(text, str) and text  # not blank as bytes (it may be blank as text: NBSP)


@examples(200)
@given(odd_text)
def test_utf8_text_round_trips_exactly(text):
    data = text.encode("utf-8")
    with contextlib.suppress(InputError):  # blank, or control characters that read as binary
        assert decode_text(data, where="x") == text  # never altered: offsets refer to what was sent


@examples(150)
@given(jsonl_lines(), st.booleans())
def test_jsonl_reader_one_result_per_line_text_kept_exactly(lines, gzipped):
    data = b"\n".join(lines) + b"\n"
    out = _read(gzip.compress(data, mtime=0) if gzipped else data, ".jsonl.gz" if gzipped else ".jsonl")
    numbered = [(n, line) for n, line in enumerate(data.split(b"\n"), start=1) if line.strip()]
    assert [item.position for item in out] == [n for n, _ in numbered]  # in order, each line once
    for item, (_, line) in zip(out, numbered, strict=True):
        if isinstance(item, Article):
            record = json.loads(line)
            assert item.raw == (record["text"] if isinstance(record.get("text"), str) else record["html"])


@examples(200)
@given(head_bytes, st.sampled_from(["", ".txt", ".html", ".jsonl", ".rss", ".xml", ".warc", ".json", ".gz",
                                    ".txt.gz", ".warc.gz"]))
def test_any_file_reads_to_articles_or_failures(data, suffix):
    _read(data, suffix)
    _read(data, suffix, fmt="auto", max_bytes=64)  # and over a tiny size cap


@examples(150)
@given(feed_bytes())
def test_feeds_parse_to_numbered_entries_or_an_input_error(data):
    try:
        entries = parse_feed(data, where="feed.xml")
    except InputError as exc:
        assert exc.where == "feed.xml"
        return
    assert [e.number for e in entries] == list(range(1, len(entries) + 1))
    for e in entries:
        assert e.content_format in ("html", "text")
        assert e.title is None or ("\n" not in e.title and e.title.strip() == e.title)
    _read(data, ".rss")


@examples(120)
@given(warc_bytes())
def test_warc_records_become_articles_or_named_failures(data):
    try:
        out = list(read_warc(io.BytesIO(data), path="crawl.warc", max_bytes=1 << 20))
    except InputError as exc:  # not a WARC at all (its first bytes were damaged)
        assert "not a WARC" in exc.message
        return
    positions = []
    for item in out:
        if isinstance(item, Failure):
            base, _, number = item.where.rpartition(":")
            assert base == "crawl.warc" and number.isdigit() and item.message.isprintable()
            positions.append(int(number))
        else:
            assert item.format in ("html", "page") and isinstance(item.raw, str)
            positions.append(item.position)
    assert all(p >= 1 for p in positions) and positions == sorted(positions)  # streamed in file order
    for item in _read(data, ".warc"):  # through read_inputs, failures carry their record number
        assert item.position is not None and item.position >= 1


@examples(40)
@given(warc_bytes())
def test_warc_from_a_stream_that_cannot_seek(data):
    class Forward(io.RawIOBase):  # standard input: read forward only
        def __init__(self) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, b):  # type: ignore[no-untyped-def]
            chunk = self.inner.read(len(b))
            b[:len(chunk)] = chunk
            return len(chunk)

    try:
        for item in read_warc(io.BufferedReader(Forward()), path=None, max_bytes=1 << 20):
            assert isinstance(item, Article | Failure)
    except InputError as exc:
        assert "not a WARC" in exc.message


@examples(60)
@given(st.data())
def test_mutated_real_inputs(data):
    """The samples shipped with the repository, damaged: still only articles and failures."""
    from whimbrel.config import REPO_ROOT

    samples = sorted(p for p in (REPO_ROOT / "samples").rglob("*") if p.is_file() and p.suffix != ".py"
                     and p.name != "README.md")
    sample = data.draw(st.sampled_from(samples))
    damaged = data.draw(mutated_bytes(sample.read_bytes()[:20000]))
    _read(damaged, "".join(sample.suffixes))
