import gzip
import json

import pytest

from whimbrel.errors import UnsupportedFormatError
from whimbrel.ingest import derived_id, read_inputs, sniff_format
from whimbrel.pipeline import Failure
from whimbrel.records import Article

from ..conftest import SAMPLES, SEED


def _read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_seed_page_is_read_with_its_path():
    [art] = _read(SEED)
    assert isinstance(art, Article)
    assert art.format == "page"
    assert art.path == str(SEED)
    assert "News ID: 231374" in art.raw


def test_folder_is_walked_in_order_and_skips_readmes(tmp_path):
    (tmp_path / "b.txt").write_text("Title\n\nSome story text here.\n")
    (tmp_path / "a.txt").write_text("Title\n\nAnother story text.\n")
    (tmp_path / "README.md").write_text("# not news")
    (tmp_path / ".hidden.txt").write_text("secret")
    paths = [a.path for a in _read(tmp_path)]
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_jsonl_text_is_kept_unchanged_and_ids_are_taken(tmp_path):
    text = "  Odd   spacing\u00a0kept.\n"
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": 7, "text": text, "title": "T"}) + "\n\n" + json.dumps({"text": "x"}) + "\n")
    first, second = _read(f)
    assert first.id == "7" and first.raw == text and first.position == 1 and first.meta["title"] == "T"
    assert second.position == 3 and second.id == derived_id(path=f"{f}#3")


def test_bad_lines_fail_alone_with_their_position(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": "1", "text": "fine"}\n{"id": "2", "text": \n[1, 2]\n{"id": "4"}\n{"id": "5", "text": "ok"}\n')
    out = _read(f)
    assert [type(x).__name__ for x in out] == ["Article", "Failure", "Failure", "Failure", "Article"]
    bad = [x for x in out if isinstance(x, Failure)]
    assert [b.where for b in bad] == [f"{f}:2", f"{f}:3", f"{f}:4"]
    assert "invalid JSON" in bad[0].message
    assert "must be an object" in bad[1].message
    assert "no string 'text'" in bad[2].message


@pytest.mark.parametrize(("content", "error", "words"), [
    (b"", "EmptyInputError", "empty"),
    (b"   \n\n", "EmptyInputError", "empty"),
    (b"\x00\x01\x02binary\x00stuff" * 20, "BinaryInputError", "binary"),
    ("Caf\u00e9 au lait et cr\u00e8me".encode("latin-1"), "EncodingError", "not valid utf-8"),
])
def test_bad_files_give_one_clear_failure(tmp_path, content, error, words):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    [fail] = _read(f)
    assert isinstance(fail, Failure)
    assert fail.error == error and fail.where == str(f) and fail.stage == "ingest"
    assert words in fail.message.lower()


def test_encoding_option_reads_legacy_files(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Title\n\nCaf\u00e9 story here.".encode("cp1252"))
    [art] = _read(f, encoding="cp1252")
    assert "Caf\u00e9" in art.raw


def test_missing_file_is_a_failure_not_a_crash(tmp_path):
    [fail] = _read(tmp_path / "nope.txt")
    assert isinstance(fail, Failure) and fail.error == "FileNotFoundError"


def test_gzip_inputs_are_decompressed_and_truncated_gzip_fails(tmp_path):
    good = tmp_path / "feed.jsonl.gz"
    good.write_bytes(gzip.compress(b'{"id": "g", "text": "Hello there."}\n'))
    [art] = _read(good)
    assert art.id == "g"
    bad = tmp_path / "cut.txt.gz"
    bad.write_bytes(gzip.compress(b"Title\n\nA story that goes on and on." * 50)[:40])
    [fail] = _read(bad)
    assert isinstance(fail, Failure) and "gzip" in fail.message


def test_size_cap_is_enforced_before_parsing(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"word " * 3000)
    [fail] = _read(f, max_bytes=1000)
    assert isinstance(fail, Failure) and "size cap" in fail.message


def test_format_sniffing():
    assert sniff_format(b'{"id": "1", "text": "a"}\n') == "jsonl"
    assert sniff_format(b"<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_format(b'<?xml version="1.0"?><rss version="2.0"><channel>') == "rss"
    assert sniff_format(b"WARC/1.0\r\nWARC-Type: response") == "warc"
    assert sniff_format((SEED).read_bytes()) == "page"


def test_html_and_jsonl_samples_are_detected():
    kinds = {a.format for a in _read(SAMPLES / "html", SAMPLES / "feed.jsonl") if isinstance(a, Article)}
    assert kinds == {"html", "record"}


def test_unknown_format_option_is_rejected():
    with pytest.raises(UnsupportedFormatError):
        _read(SEED, fmt="docx")


def test_a_feed_without_entries_is_one_clear_failure(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    [fail] = _read(f)
    assert isinstance(fail, Failure) and fail.where == str(f) and "no entries" in fail.message
