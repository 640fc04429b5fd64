"""WARC/ARC input: captured pages become articles, everything else in a crawl is skipped quietly."""

import gzip
import importlib.util
import json
import subprocess
import tracemalloc

import pytest

from whimbrel.extract.stage import extract_article
from whimbrel.ingest import derived_id, read_inputs
from whimbrel.pipeline import Failure
from whimbrel.records import Article

from ..conftest import SAMPLES, WHIMBREL
from .warcs import STORIES, Capture, crawl, story_html, write_warc


def _read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_pages_become_articles_and_the_rest_of_the_crawl_is_skipped(tmp_path, name):
    path = tmp_path / name
    captures = crawl(*STORIES)
    write_warc(path, captures, gzip=name.endswith(".gz"))
    out = _read(path)
    assert all(isinstance(a, Article) for a in out), out  # requests, robots.txt, image, 301, 404, metadata: silent
    assert [a.url for a in out] == [s.url for s in STORIES]
    # Position: the record's number in the file, counting every record (warcinfo is 1, robots.txt 2, ...).
    assert [a.position for a in out] == [1 + captures.index(s) + 1 for s in STORIES]
    first = out[0]
    assert first.id == derived_id(url=STORIES[0].url) and first.format == "html" and first.path == str(path)
    assert first.where == f"{path}:{first.position}"
    assert first.meta["warc_date"].startswith("20") and "Prince Faisal" in first.raw
    extract_article(first)
    assert first.title == "Saudi foreign minister arrives in Tehran"
    assert first.text.startswith("TEHRAN - Saudi Foreign Minister") and "All rights reserved" not in first.text


def test_a_warc_gzipped_as_one_stream_is_read_too(tmp_path):
    """`gzip crawl.warc` is not the standard one member per record, but it is common and valid data."""
    plain = tmp_path / "crawl.warc"
    write_warc(plain, crawl(*STORIES), gzip=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    expected = [(a.url, a.position, a.raw) for a in _read(plain)]
    assert [(a.url, a.position, a.raw) for a in _read(whole)] == expected
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-300])
    out = _read(cut)
    assert isinstance(out[-1], Failure) and "skipped" in out[-1].message
    assert [a.url for a in out[:-1]] == [s.url for s in STORIES][:len(out) - 1]


def test_the_same_url_gets_the_same_id_in_a_warc_and_in_a_feed(tmp_path):
    url = STORIES[1].url
    feed = tmp_path / "feed.rss"
    feed.write_text(f'<rss version="2.0"><channel><title>Ledger</title><item><title>t</title><link>{url}</link>'
                    "<description>Omani mediators arrived in Sanaa on Sunday.</description></item></channel></rss>")
    write_warc(tmp_path / "c.warc", [STORIES[1]], gzip=False)
    [from_feed] = _read(feed)
    [from_warc] = _read(tmp_path / "c.warc")
    assert from_feed.id == from_warc.id == derived_id(url=url)


def test_format_is_sniffed_from_the_bytes_whatever_the_name(tmp_path):
    for gz in (False, True):
        path = tmp_path / f"capture-{gz}.bin"
        write_warc(path, [STORIES[0]], gzip=gz)
        [art] = _read(path)
        assert isinstance(art, Article) and art.format == "html" and art.url == STORIES[0].url


def test_plain_text_pages_and_resource_records_are_read(tmp_path):
    page = ("Source: Ledger Wire\nDate: 2023-06-19 09:00 UTC\n\nIraq and Kuwait agree on border committee\n\n"
            "Iraq and Kuwait agreed on Monday to set up a joint committee on their maritime border, officials said.\n")
    captures = [Capture("https://ledger.example/wire/123.txt", page.encode(), "text/plain; charset=utf-8"),
                Capture("urn:ledger:story:77", STORIES[2].body, "text/html; charset=utf-8", kind="resource")]
    write_warc(tmp_path / "c.warc", captures, gzip=False)
    plain, resource = _read(tmp_path / "c.warc")
    assert plain.format == "page" and resource.format == "html"
    extract_article(plain)
    assert plain.title == "Iraq and Kuwait agree on border committee" and plain.published == "2023-06-19T09:00:00+00:00"


def test_the_size_cap_is_per_record_not_per_archive(tmp_path):
    """A whole .warc.gz larger than the cap is fine; only a record over it fails, before its payload is read."""
    big = Capture("https://ledger.example/big", ("<html><body>" + "<p>word </p>" * 4000 + "</body></html>").encode())
    path = tmp_path / "c.warc.gz"
    write_warc(path, [STORIES[0], big, STORIES[1]], gzip=True)
    out = _read(path, max_bytes=20_000)
    assert [type(x).__name__ for x in out] == ["Article", "Failure", "Article"]
    assert out[1].where == f"{path}:3" and "size cap of 20,000 bytes" in out[1].message
    assert "record 3 at offset" in out[1].message


def test_a_large_warc_gz_streams_through_in_little_memory(tmp_path):
    """30 MB of pages: read one record at a time, never the whole archive (nor its decompressed form)."""
    body = story_html("Ceasefire talks", *["Delegations met in Doha on Monday to discuss a truce. " * 40] * 50)
    pages = [Capture(f"https://ledger.example/live/{i}", body.encode()) for i in range(300)]
    path = tmp_path / "big.warc.gz"
    write_warc(path, pages, gzip=True)
    tracemalloc.start()
    try:
        count = sum(1 for item in read_inputs([str(path)]) if isinstance(item, Article))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 300 and len(body) * 300 > 30_000_000
    assert peak < 3_000_000, f"peak {peak:,} bytes"


def test_arc_files_are_read_too(tmp_path):
    body = (b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Rebels attacked an army convoy "
            b"near Idlib on Monday, killing three soldiers, a monitoring group said.</p></body></html>")
    desc = b"1 0 Whimbrel tests\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = b"filedesc://t.arc 0.0.0.0 20190101000000 text/plain %d\n%s\n" % (len(desc), desc)
    arc += b"http://news.example/idlib 10.0.0.1 20190102030405 text/html %d\n%s\n" % (len(body), body)
    (tmp_path / "t.arc").write_bytes(arc)
    [art] = _read(tmp_path / "t.arc")
    assert art.url == "http://news.example/idlib" and art.position == 2 and "Idlib" in art.raw


def test_the_sample_warc_is_what_its_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_crawl_warc", SAMPLES / "warc" / "make_crawl_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path / "crawl.warc")
    assert (tmp_path / "crawl.warc").read_bytes() == (SAMPLES / "warc" / "crawl.warc").read_bytes()
    articles = _read(SAMPLES / "warc" / "crawl.warc")
    assert [type(a).__name__ for a in articles] == ["Article"] * 3
    paris = articles[2]
    assert "\u00c9lys\u00e9e" in paris.raw and "\u201cuntil victory\u201d" in paris.raw  # windows-1252 by HTTP header


def test_cli_processes_a_warc_gz_end_to_end(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, crawl(*STORIES), gzip=True)
    proc = subprocess.run([WHIMBREL, "process", str(path), "--out", "-", "--no-store"], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["article"]["url"] for r in records] == [s.url for s in STORIES]
    assert [r["id"] for r in records] == [derived_id(url=s.url) for s in STORIES]
    first = records[0]
    assert first["article"]["title"] == "Saudi foreign minister arrives in Tehran"
    assert first["article"]["path"] == str(path) and first["article"]["language"] == "en"
    assert any(e["type"] == "CONSULT" for e in first["events"]), first["events"]


def test_cli_reads_a_warc_gz_from_standard_input(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, crawl(*STORIES[:2]), gzip=True)
    proc = subprocess.run([WHIMBREL, "process", "-", "--out", "-", "--no-store"], input=path.read_bytes(),
                          capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["article"]["url"] for r in records] == [s.url for s in STORIES[:2]]
    assert all(r["article"]["path"] is None for r in records)


def test_failures_name_the_record_not_just_the_file(tmp_path):
    path = tmp_path / "c.warc"
    bad = Capture("https://ledger.example/latin", "Caf\u00e9 talks end without a deal.".encode("latin-1"),
                  "text/html")
    write_warc(path, [STORIES[0], bad], gzip=False)
    art, fail = _read(path)
    assert isinstance(art, Article) and isinstance(fail, Failure)
    assert fail.where == f"{path}:3" and fail.error == "EncodingError" and "--encoding" in fail.message
