"""Inputs → :class:`~whimbrel.records.Article` objects (or :class:`~whimbrel.pipeline.Failure` objects).

An input is a file, a folder (walked in sorted order, hidden entries skipped) or ``-`` for standard
input. Reading never stops at a bad input: each problem becomes a Failure naming the input and its
position, and the next input is read.

======  ========================================  ===================  =============================
format  recognised by (suffix; else content)      one article per      position; Article.format
======  ========================================  ===================  =============================
page    ``.txt`` ``.text``; any other text        file                 -; ``page`` (pages.py)
html    ``.htm(l)`` ``.xhtml``; markup            file                 -; ``html`` (trafilatura)
jsonl   ``.jsonl`` ``.ndjson``; a JSON object     line                 line; ``record`` or ``html``
rss     ``.rss`` ``.atom`` ``.xml``; <rss, <feed  entry (feeds.py)     entry; ``html`` or ``record``
warc    ``.warc`` ``.arc``; WARC/, filedesc://    HTML page (warc.py)  record; ``html`` or ``page``
======  ========================================  ===================  =============================

Every format may be gzipped (``.gz``, or gzip bytes whatever the name): the suffix under ``.gz`` decides,
else the decompressed start. WARC files stream record by record and warcio undoes their per-record gzip;
the other formats are decompressed up to the size cap. The size cap (``max_bytes``) applies per document:
a whole file (refused from its size on disk before a byte is read when it is not compressed), a JSON
Lines line, a feed, a WARC record.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING

from whimbrel.errors import (
    EmptyInputError,
    FetchError,
    InputError,
    InvalidRecordError,
    UnsupportedFormatError,
)
from whimbrel.ingest.decode import decode_html, decode_text
from whimbrel.ingest.detect import FORMATS, SCANNED_SUFFIXES, format_from_suffix, sniff_format
from whimbrel.ingest.feeds import feed_articles
from whimbrel.ingest.ids import derived_id
from whimbrel.ingest.warc import read_warc
from whimbrel.pipeline import Failure
from whimbrel.records import Article

if TYPE_CHECKING:
    from whimbrel.ingest.fetch import Fetcher

__all__ = ["DEFAULT_MAX_BYTES", "derived_id", "expand_inputs", "read_inputs"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # per document, JSON Lines record or WARC record; checked before parsing
_GZIP_MAGIC = b"\x1f\x8b"
_STDIN = "-"


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files as given; folders walked (sorted, hidden entries and unknown suffixes skipped); ``-`` kept."""
    for item in inputs:
        if item == _STDIN or not os.path.isdir(item):
            yield item
            continue
        for root, dirs, files in os.walk(item):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or not any(name.lower().endswith(s) for s in SCANNED_SUFFIXES):
                    continue
                yield os.path.join(root, name)


def read_inputs(
    inputs: Iterable[str], *, fmt: str = "auto", encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | Failure]:
    """Every article in ``inputs``, in order; unreadable inputs come out as Failures. With a ``fetcher``
    (``process --fetch``), URLs are fetched and feed entries get their linked pages; without one, nothing
    touches the network and a URL is a Failure that says to pass ``--fetch``."""
    if fmt not in FORMATS:
        raise UnsupportedFormatError(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for path in expand_inputs(inputs):
        where = "<stdin>" if path == _STDIN else path
        shown = None if path == _STDIN else path
        try:
            if _is_url(path):
                yield from _located(_read_url(path, fmt=fmt, encoding=encoding, fetcher=fetcher), shown)
                continue
            yield from _located(_read_one(path, fmt=fmt, encoding=encoding, max_bytes=max_bytes, fetcher=fetcher),
                                shown)
        except InputError as exc:
            exc.where = exc.where or where
            yield Failure.from_exception(exc, stage="ingest", where=exc.where, path=shown,
                                         position=_position(exc.where, where))
        except OSError as exc:
            yield Failure(where=where, stage="ingest", error=exc.__class__.__name__,
                          message=exc.strerror or str(exc), path=shown)


def _located(items: Iterable[Article | Failure], path: str | None) -> Iterator[Article | Failure]:
    """Name the input (and the position in it) on every Failure, so that it can be retried
    (``process --retry-failed`` reads ``path`` again and keeps only the failed positions)."""
    for item in items:
        if isinstance(item, Failure) and item.path is None:
            item.path = path
            if item.position is None:
                item.position = _position(item.where, path or "<stdin>")
        yield item


def _position(where: str, base: str) -> int | None:
    """The line, entry or record number in ``path:N`` (None for the whole input)."""
    rest = where[len(base) + 1:] if where.startswith(base + ":") else ""
    return int(rest) if rest.isdigit() else None


def _is_url(path: str) -> bool:
    if "://" not in path:
        return False
    from whimbrel.ingest.fetch import is_url  # the fetcher's modules load only when a URL is given

    return is_url(path)


def _read_url(url: str, *, fmt: str, encoding: str | None,
              fetcher: Fetcher | None) -> Iterator[Article | Failure]:
    """A web page or feed, fetched politely, and only when the caller passed a fetcher (no network by
    default)."""
    if fetcher is None:
        raise FetchError("a URL: Whimbrel uses no network unless asked; pass --fetch to fetch it (politely), "
                         "or run `whimbrel fetch URL --out FILE` and process the file", url=url, reason="disabled")
    from whimbrel.ingest.remote import url_articles

    yield from url_articles(url, fetcher, kind=fmt if fmt in ("rss", "html") else "auto", encoding=encoding)


def _read_one(path: str, *, fmt: str, encoding: str | None, max_bytes: int,
              fetcher: Fetcher | None = None) -> Iterator[Article | Failure]:
    stream: IO[bytes] = sys.stdin.buffer if path == _STDIN else open(path, "rb")  # noqa: SIM115
    shown = None if path == _STDIN else path
    where = shown or "<stdin>"
    try:
        head = stream.read(8192)
        gzipped = head.startswith(_GZIP_MAGIC)
        kind = fmt if fmt != "auto" else (format_from_suffix(path) if shown else None)
        if kind is None:
            kind = sniff_format(_gunzip_head(head) if gzipped else head)
        if kind == "warc":
            # Streamed record by record (warcio undoes the per-record gzip): never the whole file in memory.
            if not head.strip():
                raise EmptyInputError("empty input (no text at all)", where=where)
            if stream.seekable():
                stream.seek(0)
            yield from read_warc(stream, path=shown, max_bytes=max_bytes, encoding=encoding, head=head)
            return
        if gzipped:
            data = _gunzip(head + stream.read(max_bytes + 1), where=where, max_bytes=max_bytes)
            stream, head = io.BytesIO(data), data[:8192]
            stream.seek(len(head))
        elif kind != "jsonl" and shown and os.fstat(stream.fileno()).st_size > max_bytes:
            # Refused from its size on disk, before reading it (the cap for JSON Lines is per line).
            raise InputError(f"larger than the size cap of {max_bytes:,} bytes", where=where)
        if kind == "jsonl":
            yield from _read_jsonl(_lines(head, stream), path=shown, encoding=encoding, max_bytes=max_bytes)
            return
        data = head + stream.read(max(0, max_bytes + 1 - len(head)))
        if len(data) > max_bytes:
            raise InputError(f"larger than the size cap of {max_bytes:,} bytes", where=where)
        if kind == "rss":
            if fetcher is not None:  # process --fetch: each entry's linked page instead of its summary
                from whimbrel.ingest.remote import fetched_feed_articles

                yield from fetched_feed_articles(data, path=shown, encoding=encoding, fetcher=fetcher)
                return
            yield from feed_articles(data, path=shown, encoding=encoding)
            return
        yield _document(data, kind=kind, path=shown, encoding=encoding)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _gunzip_head(head: bytes) -> bytes:
    """The decompressed start of a gzip stream, for sniffing (empty when it does not even start well)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 8192)
    except zlib.error:
        return b""


def _gunzip(data: bytes, *, where: str, max_bytes: int) -> bytes:
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, max_bytes + 1)
        if len(out) > max_bytes:
            raise InputError(f"decompresses to more than the size cap of {max_bytes:,} bytes", where=where)
        if not d.eof:
            raise InputError("truncated gzip stream", where=where)
        return out
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise InputError(f"corrupt gzip data ({exc})", where=where) from None


def _lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of a stream whose first bytes were already read into ``head``."""
    *complete, pending = head.split(b"\n")
    yield from complete
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        pending += chunk
        *complete, pending = pending.split(b"\n")
        yield from complete
    if pending:
        yield pending


def _document(data: bytes, *, kind: str, path: str | None, encoding: str | None) -> Article:
    where = path or "<stdin>"
    if not data.strip():
        raise EmptyInputError("empty input (no text at all)", where=where)
    if kind == "html":
        raw = decode_html(data, where=where, encoding=encoding)  # by its <meta charset>, else UTF-8
    else:
        raw = decode_text(data, where=where, encoding=encoding)
    return Article(id=derived_id(path=path, content=data), raw=raw, format=kind, path=path)


def _read_jsonl(lines: Iterable[bytes], *, path: str | None, encoding: str | None,
                max_bytes: int) -> Iterator[Article | Failure]:
    base = path or "<stdin>"
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{base}:{number}"
        try:
            yield _jsonl_record(line, where=where, path=path, number=number, encoding=encoding, max_bytes=max_bytes)
        except InputError as exc:
            yield Failure.from_exception(exc, stage="ingest", where=where)


def _jsonl_record(line: bytes, *, where: str, path: str | None, number: int, encoding: str | None,
                  max_bytes: int) -> Article:
    if len(line) > max_bytes:
        raise InputError(f"record larger than the size cap of {max_bytes:,} bytes", where=where)
    text = decode_text(line, where=where, encoding=encoding)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecordError(f"invalid JSON ({exc.msg} at column {exc.colno})", where=where) from None
    if not isinstance(obj, dict):
        raise InvalidRecordError(f"a JSON Lines record must be an object, got {type(obj).__name__}", where=where)
    body, kind = obj.get("text"), "record"
    if body is None and obj.get("html") is not None:
        body, kind = obj["html"], "html"
    if not isinstance(body, str):
        raise InvalidRecordError("record has no string 'text' (or 'html') field", where=where)
    rid = obj.get("id")
    if rid is None or rid == "":
        rid = derived_id(url=obj.get("url") if isinstance(obj.get("url"), str) else None,
                         path=f"{path or 'stdin'}#{number}")
    elif not isinstance(rid, str | int):
        raise InvalidRecordError(f"record 'id' must be a string, got {type(rid).__name__}", where=where)
    meta = {k: v for k, v in obj.items() if k not in ("text", "html")}
    return Article(id=str(rid), raw=body, format=kind, path=path, position=number,
                   url=obj.get("url") if isinstance(obj.get("url"), str) else None, meta=meta)
