"""RSS/Atom input: one article per entry, with the entry's metadata carried through extraction."""

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from whimbrel.errors import InputError
from whimbrel.extract.stage import extract_article
from whimbrel.ingest import FeedEntry, article_from_entry, derived_id, parse_feed, read_inputs
from whimbrel.pipeline import Failure
from whimbrel.records import Article

from ..conftest import SAMPLES, WHIMBREL

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
RSS = FEEDS / "meridian_world.rss"
ATOM = FEEDS / "gulf_ledger.atom"


def _read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_rss_entries_become_articles_in_feed_order():
    out = _read(RSS)
    assert [type(a).__name__ for a in out] == ["Article"] * 3
    assert [a.position for a in out] == [1, 2, 3] and all(a.path == str(RSS) for a in out)
    assert [a.format for a in out] == ["html", "record", "html"]  # content:encoded is markup; a bare description is not
    # Ids come from the link, so the same story has the same id from a feed, a WARC or a fetch.
    assert out[0].id == derived_id(url="https://meridian.example/world/2022/04/05/yemen-truce-talks")
    assert out[0].meta["guid"] == "meridian-88213" and out[0].url.endswith("/yemen-truce-talks")
    assert out[0].meta["published"] == "2022-04-05T16:45:00+03:00"  # the offset the feed stated, kept
    assert out[1].meta["published"] == "2022-04-06T19:20:00+00:00"


def test_extraction_uses_the_entry_metadata_and_full_content():
    yemen, sudan, caucasus = _read(RSS)
    for article in (yemen, sudan, caucasus):
        extract_article(article)
    assert yemen.title == "UN envoy opens Yemen truce talks in Muscat"
    assert yemen.published == "2022-04-05T16:45:00+03:00"
    assert yemen.byline == "Hana al-Sayed" and yemen.source == "Meridian Post - World"
    # The full content:encoded, not the one-line description; the related-story box is chrome.
    assert yemen.text.startswith("MUSCAT - The United Nations special envoy") and "fragile" in yemen.text
    assert "Related:" not in yemen.text
    assert "The UN special envoy met Houthi negotiators in Oman" not in yemen.text
    # A plain-text description is kept exactly as the feed gave it.
    assert sudan.text.startswith("Security forces fired tear gas") and sudan.byline is None
    assert caucasus.byline == "Staff and agencies" and caucasus.language == "en"


def test_atom_content_beats_the_summary_and_updated_stands_in_for_published():
    tehran, oman = _read(ATOM)
    assert tehran.format == "html" and "Hossein Amir-Abdollahian" in tehran.raw
    assert tehran.meta["published"] == "2023-06-17T15:48:00+03:30" and tehran.meta["author"] == "Reza Karimi"
    assert oman.format == "record" and oman.meta["published"] == "2023-05-26T21:30:00+04:00"
    extract_article(oman)
    assert oman.text.startswith("Oman said on Friday") and oman.source == "Gulf Ledger | Diplomacy"


def test_parse_feed_and_article_from_entry_are_public_for_the_fetcher():
    entries = parse_feed(RSS.read_bytes(), where=str(RSS))
    assert all(isinstance(e, FeedEntry) for e in entries) and [e.number for e in entries] == [1, 2, 3]
    first = entries[0]
    assert (first.id, first.title, first.author, first.feed_title, first.content_format) == (
        "meridian-88213", "UN envoy opens Yemen truce talks in Muscat", "Hana al-Sayed", "Meridian Post - World", "html")
    assert first.summary == "The UN special envoy met Houthi negotiators in Oman on Tuesday."
    # A fetched page replaces the entry's content; the entry still supplies title, date, author, source, id.
    page = "<html><body><article><p>MUSCAT - The full page, fetched, with all the talks.</p></article></body></html>"
    art = article_from_entry(first, path="feeds/meridian.rss", page=page)
    assert art.raw == page and art.format == "html" and art.id == derived_id(url=first.url)
    assert art.meta["title"] == first.title and art.position == 1


def test_an_entry_without_link_or_guid_gets_a_stable_id_from_its_position(tmp_path):
    f = tmp_path / "f.rss"
    f.write_text('<rss version="2.0"><channel><title>T</title><item><title>A</title>'
                 "<description>Talks resumed in Doha on Monday.</description></item></channel></rss>")
    [one] = _read(f)
    [two] = _read(f)
    assert one.id == two.id == derived_id(path=f"{f}#1")


@pytest.mark.parametrize("name", ["world.rss.gz", "world.xml.gz", "world.xml", "world-feed"])
def test_feeds_are_found_by_suffix_or_by_content_and_gzip_is_undone(tmp_path, name):
    target = tmp_path / name
    if name.endswith(".gz"):
        target.write_bytes(gzip.compress(RSS.read_bytes()))
    else:
        shutil.copy(RSS, target)
    out = _read(target)
    assert [a.position for a in out] == [1, 2, 3] and out[0].meta["title"].startswith("UN envoy")


def test_a_declared_legacy_encoding_is_honoured(tmp_path):
    title = "\u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 \u0641\u064a \u0637\u0647\u0631\u0627\u0646"
    body = "\u0648\u0635\u0644 \u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 \u0625\u0644\u0649 \u0637\u0647\u0631\u0627\u0646."
    xml = (f'<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><title>Akhbar</title>'
           f"<item><title>{title}</title><link>https://akhbar.example/1</link><description>{body}</description>"
           "</item></channel></rss>")
    f = tmp_path / "arabic.rss"
    f.write_bytes(xml.encode("cp1256"))
    [art] = _read(f)
    assert art.meta["title"] == title and art.raw == body


def test_not_a_feed_and_not_well_formed_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>A web page, not a feed.</p></body></html>", where="x.rss")
    with pytest.raises(InputError, match="not a well-formed feed"):
        parse_feed(b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A & B</title>', where="x.rss")
    f = tmp_path / "page.rss"
    f.write_text("<html><body><p>A web page saved under the wrong name.</p></body></html>")
    [fail] = _read(f)
    assert isinstance(fail, Failure) and fail.where == str(f) and "not an RSS or Atom feed" in fail.message


def test_the_sample_feed_reads_cleanly():
    out = _read(SAMPLES / "rss")
    assert len(out) == 3 and all(isinstance(a, Article) for a in out)


def test_cli_processes_a_feed_end_to_end(tmp_path):
    proc = subprocess.run([WHIMBREL, "process", str(RSS), "--out", "-", "--no-store"], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["article"]["title"] for r in records] == [
        "UN envoy opens Yemen truce talks in Muscat", "Sudan protesters march on presidential palace",
        "Armenia and Azerbaijan agree to prepare peace treaty"]
    yemen = records[0]
    assert yemen["id"] == derived_id(url="https://meridian.example/world/2022/04/05/yemen-truce-talks")
    assert yemen["article"]["published"] == "2022-04-05T16:45:00+03:00"
    assert yemen["article"]["source"] == "Meridian Post - World" and yemen["article"]["byline"] == "Hana al-Sayed"
    assert yemen["article"]["path"] == str(RSS) and yemen["events"]
    sudan = records[1]
    assert sudan["article"]["text"].startswith("Security forces fired tear gas")
    assert any(e["type"] in ("ASSAULT", "PROTEST") for e in sudan["events"]), sudan["events"]
