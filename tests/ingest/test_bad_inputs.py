"""Hostile input, format by format: each problem is one clear failure for that item, the rest goes on."""

import gzip
import io
import json
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest

from whimbrel.extract.stage import extract_article
from whimbrel.ingest import read_inputs, read_warc
from whimbrel.pipeline import Failure

from ..conftest import WHIMBREL
from .warcs import STORIES, Capture, story_html, write_warc

BROKEN_FEED = Path(__file__).parent / "fixtures" / "feeds" / "levant_monitor_broken_entry.rss"

# Two short Arabic reports, written for these tests.
TEHRAN_AR = (
    "وزير الخارجية السعودي يصل إلى طهران",
    "وصل وزير الخارجية السعودي الأمير فيصل بن فرحان إلى طهران يوم السبت، في "
    "أول زيارة يقوم بها وزير خارجية سعودي إلى إيران منذ سنوات، في إطار "
    "مساعي البلدين لاستعادة العلاقات الدبلوماسية.",
    "وقال وزير الخارجية الإيراني حسين أمير عبد اللهيان في مؤتمر صحفي مشترك "
    "إن بلاده مستعدة لتوسيع التعاون مع المملكة في مجالات الأمن والتجارة.",
)
YEMEN_AR = (
    "الأمم المتحدة تدعو إلى تمديد الهدنة في اليمن",
    "دعا المبعوث الأممي إلى اليمن يوم الثلاثاء الأطراف المتحاربة إلى تمديد "
    "الهدنة، وقال إنها خففت معاناة المدنيين.",
    "وأضاف في إحاطة أمام مجلس الأمن أن الرحلات التجارية استؤنفت من مطار "
    "صنعاء وأن سفن الوقود وصلت إلى ميناء الحديدة.",
)


def _read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def _kinds(items):
    return [type(x).__name__ for x in items]


@pytest.mark.parametrize("name", ["cut.txt.gz", "cut.html.gz", "cut.jsonl.gz", "cut.rss.gz", "cut.xml.gz"])
def test_a_truncated_gzip_is_one_clear_failure_whatever_is_inside(tmp_path, name):
    inner = BROKEN_FEED.read_bytes() if "rss" in name or "xml" in name else (
        b'{"id": "1", "text": "Talks resumed."}\n' * 200 if "jsonl" in name else
        story_html("Talks resume", "Negotiators met again in Doha on Monday. " * 40).encode())
    path = tmp_path / name
    packed = gzip.compress(inner)
    path.write_bytes(packed[:len(packed) // 2])
    [fail] = _read(path)
    assert isinstance(fail, Failure) and fail.where == str(path) and "gzip" in fail.message


def test_a_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path):
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path, list(STORIES), gzip=True)
    data = path.read_bytes()
    path.write_bytes(data[:offsets[3] + 40])  # the third page's record is cut short
    out = _read(path)
    assert _kinds(out) == ["Article", "Article", "Failure"]
    assert out[2].where == f"{path}:4" and f"record 4 at offset {offsets[3]:,}" in out[2].message
    assert "truncated" in out[2].message


@pytest.mark.parametrize("compressed", [False, True])
def test_a_corrupt_warc_record_is_named_and_reading_resumes_after_it(tmp_path, compressed):
    path = tmp_path / ("damaged.warc.gz" if compressed else "damaged.warc")
    offsets = write_warc(path, list(STORIES), gzip=compressed)
    data = bytearray(path.read_bytes())
    data[offsets[2]:offsets[2] + 8] = b"XXXXXXXX"  # the second page's record header (or gzip header) destroyed
    path.write_bytes(bytes(data))
    out = _read(path)
    assert _kinds(out) == ["Article", "Failure", "Article"]
    fail = out[1]
    assert fail.where == f"{path}:3" and f"record 3 at offset {offsets[2]:,}" in fail.message
    assert f"resumes at the next record (offset {offsets[3]:,})" in fail.message
    assert [a.url for a in (out[0], out[2])] == [STORIES[0].url, STORIES[2].url]


def test_damaged_payload_bytes_fail_the_block_digest(tmp_path):
    path = tmp_path / "flipped.warc"
    offsets = write_warc(path, list(STORIES), gzip=False)
    data = bytearray(path.read_bytes())
    at = data.index(b"Omani mediators", offsets[2])
    data[at:at + 5] = b"Qmani"
    path.write_bytes(bytes(data))
    out = _read(path)
    assert _kinds(out) == ["Article", "Failure", "Article"]
    assert "digest does not match" in out[1].message


def test_a_warc_that_cannot_be_resynchronised_stops_that_file_only(tmp_path):
    path = tmp_path / "garbled.warc"
    offsets = write_warc(path, list(STORIES), gzip=False)
    data = path.read_bytes()
    path.write_bytes(data[:offsets[2]] + b"\x00garbage with no record boundary after it\n" * 50)
    other = tmp_path / "other.warc"
    write_warc(other, [STORIES[2]], gzip=False)
    out = _read(path, other)
    assert _kinds(out) == ["Article", "Failure", "Article"]
    assert "the rest of this file is skipped" in out[1].message and out[2].path == str(other)


def test_a_200_mb_page_is_refused_without_being_read(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as f:  # a real HTML start, then 200 MB in all (sparse: no disk written for the rest)
        f.write(story_html("A very long page", *["Paragraph of a page that never ends."] * 1000).encode())
        f.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        [fail] = _read(path)  # default cap: 50 MiB
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(fail, Failure) and "size cap of 52,428,800 bytes" in fail.message
    assert peak < 5 * 1024 * 1024, f"read {peak:,} bytes into memory to refuse it"


def test_a_page_that_inflates_past_the_cap_is_refused(tmp_path):
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb") as f:
        for _ in range(40):
            f.write(b"<p>" + b"padding " * 8000 + b"</p>\n")
    [fail] = _read(path, max_bytes=1_000_000)
    assert isinstance(fail, Failure) and "decompresses to more than the size cap" in fail.message


def _arabic_page(story, *, meta_charset):
    headline, *paragraphs = story
    return story_html(headline, *paragraphs, charset=meta_charset).encode("cp1256")


def test_windows_1256_declared_by_meta_charset(tmp_path):
    path = tmp_path / "tehran.html"
    path.write_bytes(_arabic_page(TEHRAN_AR, meta_charset="windows-1256"))
    [art] = _read(path)
    extract_article(art)
    assert art.title == TEHRAN_AR[0] and TEHRAN_AR[1] in art.text and art.language == "ar"


def test_windows_1256_declared_only_by_the_http_header_in_a_warc(tmp_path):
    path = tmp_path / "arabic.warc.gz"
    page = Capture("https://akhbar.example/yemen", _arabic_page(YEMEN_AR, meta_charset=None),
                   "text/html; charset=windows-1256")
    write_warc(path, [page], gzip=True)
    [art] = _read(path)
    extract_article(art)
    assert art.title == YEMEN_AR[0] and YEMEN_AR[2] in art.text and art.language == "ar"


def test_an_undeclared_legacy_encoding_is_a_clear_error(tmp_path):
    path = tmp_path / "undeclared.html"
    path.write_bytes(_arabic_page(TEHRAN_AR, meta_charset=None))
    [fail] = _read(path)
    assert fail.error == "EncodingError" and "not valid utf-8" in fail.message and "--encoding" in fail.message
    [art] = _read(path, encoding="cp1256")
    assert TEHRAN_AR[1] in art.raw


def test_an_rss_feed_with_one_broken_entry(tmp_path):
    out = _read(BROKEN_FEED)
    assert _kinds(out) == ["Article", "Failure", "Article"]
    assert out[1].where == f"{BROKEN_FEED}:2" and "no content" in out[1].message
    assert [a.position for a in (out[0], out[2])] == [1, 3]


def test_an_empty_warc_and_a_warc_that_is_not_one(tmp_path):
    (tmp_path / "empty.warc").write_bytes(b"")
    (tmp_path / "notes.warc").write_text("These are my notes about the crawl, not a WARC file.\n")
    empty, notes = _read(tmp_path / "empty.warc", tmp_path / "notes.warc")
    assert empty.error == "EmptyInputError"
    assert notes.where == str(tmp_path / "notes.warc") and "not a WARC or ARC file" in notes.message


def test_cli_reports_every_bad_input_and_stores_the_rest(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "cut.txt.gz").write_bytes(gzip.compress(b"Title\n\nTalks resumed in Doha on Monday." * 50)[:60])
    offsets = write_warc(folder / "cut.warc.gz", list(STORIES[:2]), gzip=True)
    (folder / "cut.warc.gz").write_bytes((folder / "cut.warc.gz").read_bytes()[:offsets[2] + 30])
    offsets = write_warc(folder / "damaged.warc", list(STORIES), gzip=False)
    data = bytearray((folder / "damaged.warc").read_bytes())
    data[offsets[2]:offsets[2] + 4] = b"XXXX"
    (folder / "damaged.warc").write_bytes(bytes(data))
    with (folder / "huge.html").open("wb") as f:
        f.write(b"<html><body><p>Start of an endless page.</p>")
        f.truncate(200 * 1024 * 1024)
    (folder / "tehran.html").write_bytes(_arabic_page(TEHRAN_AR, meta_charset="windows-1256"))
    write_warc(folder / "yemen.warc", [Capture("https://akhbar.example/yemen", _arabic_page(
        YEMEN_AR, meta_charset=None), "text/html; charset=windows-1256")], gzip=False)
    shutil.copy(BROKEN_FEED, folder / "levant.rss")
    db = tmp_path / "w.duckdb"
    proc = subprocess.run([WHIMBREL, "process", str(folder), "--db", str(db), "--out", "-"], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    stderr = " ".join(proc.stderr.split())
    for where in ("cut.txt.gz", "cut.warc.gz:3", "damaged.warc:3", "huge.html", "levant.rss:2"):
        assert f"{folder / where}:" in stderr, where
    assert "7 articles processed, 5 failed" in stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    titles = {r["article"]["title"] for r in records}
    assert TEHRAN_AR[0] in titles and YEMEN_AR[0] in titles
    assert "Lebanon parliament fails again to elect a president" in titles
    summary = subprocess.run([WHIMBREL, "summary", "--db", str(db)], capture_output=True, text=True, timeout=600)
    assert summary.returncode == 0 and "7" in summary.stdout


class _ForwardOnly:
    """A stream that cannot seek back, like standard input."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(size)

    def seekable(self) -> bool:
        return False


def test_damage_in_a_warc_on_a_stream_that_cannot_seek_stops_it_with_a_clear_failure(tmp_path):
    path = tmp_path / "damaged.warc.gz"
    offsets = write_warc(path, list(STORIES), gzip=True)
    data = bytearray(path.read_bytes())
    data[offsets[2]:offsets[2] + 8] = b"XXXXXXXX"
    out = list(read_warc(_ForwardOnly(bytes(data)), path=None, max_bytes=1_000_000))
    assert _kinds(out) == ["Article", "Failure"]
    assert out[1].where == "<stdin>:3" and "standard input cannot be searched" in out[1].message
