"""Inputs → :class:`~whimbrel.records.Article` objects (or :class:`~whimbrel.pipeline.Failure` objects).

An input is a file, a folder (walked in sorted order, hidden entries skipped) or ``-`` for standard
input. Reading never stops at a bad input: each problem becomes a Failure naming the input and its
position, and the next input is read.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from whimbrel.errors import (
    EmptyInputError,
    InputError,
    InvalidRecordError,
    UnsupportedFormatError,
)
from whimbrel.ingest.decode import declared_html_charset, decode_text, looks_binary
from whimbrel.ingest.detect import FORMATS, SCANNED_SUFFIXES, format_from_suffix, sniff_format
from whimbrel.pipeline import Failure
from whimbrel.records import Article

__all__ = ["DEFAULT_MAX_BYTES", "derived_id", "expand_inputs", "read_inputs"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # per document or JSON Lines record; checked before parsing
_GZIP_MAGIC = b"\x1f\x8b"
_STDIN = "-"


def derived_id(*, path: str | None = None, url: str | None = None, content: bytes | None = None) -> str:
    """A stable id for inputs that state none: from the URL, else the path's stem, else the content."""
    if url:
        return "url-" + hashlib.sha1(url.strip().encode()).hexdigest()[:16]
    if path:
        norm = os.path.normpath(path)
        stem = Path(norm).name.split(".")[0][:40] or "doc"
        return f"{stem}-{hashlib.sha1(norm.encode()).hexdigest()[:8]}"
    return "sha1-" + hashlib.sha1(content or b"").hexdigest()[:16]


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
) -> Iterator[Article | Failure]:
    """Every article in ``inputs``, in order; unreadable inputs come out as Failures."""
    if fmt not in FORMATS:
        raise UnsupportedFormatError(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for path in expand_inputs(inputs):
        where = "<stdin>" if path == _STDIN else path
        try:
            yield from _read_one(path, fmt=fmt, encoding=encoding, max_bytes=max_bytes)
        except InputError as exc:
            exc.where = exc.where or where
            yield Failure.from_exception(exc, stage="ingest", where=exc.where)
        except OSError as exc:
            yield Failure(where=where, stage="ingest", error=exc.__class__.__name__,
                          message=exc.strerror or str(exc))


def _read_one(path: str, *, fmt: str, encoding: str | None, max_bytes: int) -> Iterator[Article]:
    stream: IO[bytes] = sys.stdin.buffer if path == _STDIN else open(path, "rb")  # noqa: SIM115
    shown = None if path == _STDIN else path
    where = shown or "<stdin>"
    try:
        head = stream.read(8192)
        if head.startswith(_GZIP_MAGIC):
            data = _gunzip(head + stream.read(max_bytes + 1), where=where, max_bytes=max_bytes)
            stream, head = io.BytesIO(data), data[:8192]
            stream.seek(len(head))
        kind = fmt if fmt != "auto" else (format_from_suffix(path) if shown else None) or sniff_format(head)
        if kind == "jsonl":
            yield from _read_jsonl(_lines(head, stream), path=shown, encoding=encoding, max_bytes=max_bytes)
            return
        if kind in ("rss", "warc"):
            raise UnsupportedFormatError(
                f"{kind.upper()} input is recognised but not readable yet; save the pages as HTML or JSON Lines",
                where=where)
        data = head + stream.read(max(0, max_bytes + 1 - len(head)))
        if len(data) > max_bytes:
            raise InputError(f"larger than the size cap of {max_bytes:,} bytes", where=where)
        yield _document(data, kind=kind, path=shown, encoding=encoding)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


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
        # HTML keeps its bytes: the extractor honours the page's declared charset.
        if looks_binary(data):
            decode_text(data, where=where)  # raises the binary-input error
        declared = encoding or declared_html_charset(data)
        raw: bytes | str = decode_text(data, where=where, encoding=declared)
    else:
        raw = decode_text(data, where=where, encoding=encoding)
    return Article(id=derived_id(path=path, content=data), raw=raw, format=kind, path=path)


def _read_jsonl(lines: Iterable[bytes], *, path: str | None, encoding: str | None, max_bytes: int) -> Iterator[Any]:
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
