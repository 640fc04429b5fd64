"""Web archives (WARC, and the older ARC) → one :class:`~whimbrel.records.Article` per captured page.

Records stream through warcio one at a time, so a multi-gigabyte crawl never sits in memory; warcio
also undoes the per-record gzip of ``.warc.gz`` files and the HTTP chunked/gzip encodings of payloads.
A WARC gzipped whole (``gzip crawl.warc``: one stream, not the standard member per record) is read again
through a streaming decompressor when warcio refuses it after the first record.

1. which records: a ``response`` with HTTP status 200 (or a ``resource``) whose content type is HTML
   (format ``html``) or plain text (format ``page``). Requests, metadata, warcinfo, revisits, redirects,
   every other payload (images, scripts, PDFs) and the plain-text plumbing every crawl fetches
   (``robots.txt``, ``ads.txt``, ``/.well-known/``) are skipped silently: they are not errors;
2. the article: id derived from ``WARC-Target-URI`` (the same id a feed entry or a fetch of that URL
   gets), ``raw`` decoded by the HTTP header's charset, else the page's ``<meta charset>``, else UTF-8,
   ``position`` = the record's number in the file (1-based, every record counted), ``meta`` with the
   capture date (``warc_date``; it is not the publication date);
3. the size cap applies per record, to the length the record declares, before the payload is read,
   and again to the decoded payload (a small gzip-encoded body can inflate);
4. damage: a record that cannot be parsed, whose block digest does not match, or whose length does not
   match what follows it is a Failure naming the file, the record number and its byte offset (in the
   compressed file for ``.warc.gz``, as ``warcio index`` reports it). Reading then resumes at the next
   record boundary found by scanning forward (a gzip member header, or a ``WARC/`` version line, that
   parses); when there is none, or the input cannot seek (standard input), the same Failure says the rest
   of that file is skipped. A file that ends inside a record is reported the same way.

warcio writes its own warnings to stderr; they are captured here and turned into the Failure instead,
so a damaged archive gives the same one clear line per problem as every other bad input.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from whimbrel.errors import InputError, InvalidRecordError
from whimbrel.ingest.decode import content_type_charset, decode_html, decode_text
from whimbrel.ingest.ids import derived_id
from whimbrel.pipeline import Failure
from whimbrel.records import Article

__all__ = ["read_warc"]

_PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "page"}
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/"
_SCAN_CHUNK = 1 << 20
_URL = re.compile(r"https?://[^\s\"<>]+", re.IGNORECASE)
# Plain-text files every crawl picks up that are site plumbing, not pages (robots.txt above all).
_PLUMBING = re.compile(r"/(?:robots|ads|app-ads|humans|security|sellers|llms)\.txt$|/\.well-known/",
                       re.IGNORECASE)


class _Damaged(Exception):
    """A record is damaged; ``framing_lost``: where the next record starts is no longer known."""

    def __init__(self, reason: str, *, framing_lost: bool) -> None:
        super().__init__(reason)
        self.reason, self.framing_lost = reason, framing_lost


@dataclass(slots=True)
class _Break:
    """Reading stopped at the record at ``offset`` for ``reason``; ``whole_gzip``: because the file is one
    gzip stream, not one gzip member per record."""

    offset: int
    reason: str
    whole_gzip: bool = False


class _Unread:
    """A forward-only stream (standard input) whose first bytes were already read for sniffing."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest, self._count = head, rest, 0

    def read(self, size: int = -1) -> bytes:
        if self._head:
            data = self._head if size < 0 else self._head[:size]
            self._head = self._head[len(data):]
        else:
            data = self._rest.read(size)
        self._count += len(data)
        return data

    def peek(self) -> bytes:
        return self._head

    def tell(self) -> int:
        return self._count

    def seekable(self) -> bool:
        return False

    def size(self) -> int:
        """Read to the end (nothing more will be parsed) and say how long the stream was."""
        while self.read(_SCAN_CHUNK):
            pass
        return self._count


def read_warc(stream: IO[bytes], *, path: str | None, max_bytes: int, encoding: str | None = None,
              head: bytes = b"") -> Iterator[Article | Failure]:
    """The pages captured in one WARC/ARC stream (plain or per-record gzip), as Articles; damaged
    records as Failures. ``head``: bytes already read from a stream that cannot seek back."""
    source: Any
    if _seekable(stream):
        source, start = stream, stream.tell()
        head = stream.read(4096)
        stream.seek(start)
    else:
        source = _Unread(head or stream.read(4096), stream)
        head = source.peek()
    archive = _Archive(source, path=path, max_bytes=max_bytes, encoding=encoding, kind=_archive_kind(head),
                       compressed=head.startswith(_GZIP_MEMBER))
    yield from archive.read()


def _archive_kind(head: bytes) -> str:
    """``warc`` or ``arc``, from the first bytes (decompressed). Told once, so that after damage a line of
    garbage is never taken for a record of the other kind (warcio tries ARC when WARC fails)."""
    if head.startswith(_GZIP_MEMBER):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 256)
        except zlib.error:
            return "warc"  # the first record is damaged: the usual kind, and its Failure will say so
    start = head.lstrip(b"\r\n\t ")
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"filedesc://"):
        return "arc"
    raise InputError("not a WARC or ARC file (it starts with neither a WARC/ version line nor filedesc://)")


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, ValueError, OSError):
        return False


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """Capture what warcio prints to stderr (a decompression error, a record not followed by a blank
    line): it is evidence of damage, reported through a Failure instead."""
    noise = io.StringIO()
    with contextlib.redirect_stderr(noise):
        yield noise


class _Archive:
    def __init__(self, stream: Any, *, path: str | None, max_bytes: int, encoding: str | None, kind: str,
                 compressed: bool) -> None:
        self.stream, self.path, self.max_bytes, self.encoding = stream, path, max_bytes, encoding
        self.kind, self.compressed = kind, compressed  # warc | arc; per-record gzip or not
        self.where = path or "<stdin>"
        self.seekable = stream.seekable()
        self.number = 0  # records met so far; the current record's 1-based number
        self.skip = 0  # records already given (when a whole-file gzip is read again from the start)

    def read(self) -> Iterator[Article | Failure]:
        offset = self.stream.tell()
        while True:
            stop = yield from self._records_from(offset)
            if stop is None:
                return
            if stop.whole_gzip and self.seekable and not isinstance(self.stream, gzip.GzipFile):
                # `gzip crawl.warc` makes one gzip stream, not the standard one member per record: valid
                # data that warcio refuses after the first record. Read it again through a streaming
                # decompressor, not yielding the records already given.
                self.stream.seek(0)
                self.stream = gzip.GzipFile(fileobj=self.stream, mode="rb")
                self.compressed, self.skip, self.number, offset = False, self.number - 1, 0, 0
                continue
            try:
                resume = self._next_boundary(stop.offset) if self.seekable else None
            except (OSError, EOFError, zlib.error):  # a whole-file gzip that is itself cut short or damaged
                resume = None
            if resume is not None:
                then = f"reading resumes at the next record (offset {resume:,})"
            elif self.seekable:
                then = "no readable record after it; the rest of this file is skipped"
            else:
                then = "standard input cannot be searched for the next record; the rest of it is skipped"
            yield _corrupt(self.where, self.number, stop.offset, f"{stop.reason}; {then}")
            if resume is None:
                return
            offset = resume

    def _records_from(self, offset: int) -> Generator[Article | Failure, None, _Break | None]:
        """Records from ``offset`` on, until the end (None) or damage that loses the framing (_Break)."""
        from warcio.archiveiterator import ArchiveIterator

        if self.seekable:
            self.stream.seek(offset)
        iterator = ArchiveIterator(self.stream, arc2warc=True, check_digests=True)
        iterator.known_format = self.kind
        while True:
            start = iterator.offset
            try:
                with _quiet():
                    record = next(iterator, None)
            except Exception as exc:  # warcio raises assorted errors on damaged input
                self.number += 1
                return _Break(start, _describe(exc), whole_gzip="non-chunked gzip" in str(exc))
            if record is None:
                return self._check_end(iterator.offset)
            self.number += 1
            result, damage = self._record(record, iterator, start)
            if result is not None and self.number > self.skip:
                yield result
            if damage is not None:
                return damage

    def _record(self, record: Any, iterator: Any,
                offset: int) -> tuple[Article | Failure | None, _Break | None]:
        """One record → an Article, a Failure or nothing; and a _Break when the framing after it is lost."""
        where, at = f"{self.where}:{self.number}", f"record {self.number} at offset {offset:,}"
        kind = _page_kind(record)
        try:
            payload = self._payload(record) if kind is not None else None
            self._finish(record, iterator)  # warcio checks the digest and the framing only at the end
        except _Damaged as damage:
            if damage.framing_lost:  # reported with where reading goes on from, once that is known
                return None, _Break(offset, damage.reason)
            return _corrupt(self.where, self.number, offset, damage.reason), None
        if kind is None:
            return None, None
        try:
            if payload is None:
                raise InputError(f"{at}: larger than the size cap of {self.max_bytes:,} bytes", where=where)
            return self._article(record, kind, payload, where=where, at=at), None
        except InputError as exc:
            return Failure.from_exception(exc, stage="ingest", where=where), None

    def _payload(self, record: Any) -> bytes | None:
        """The record's HTTP payload, decoded from its transfer and content encodings; None when it is over
        the size cap (by the length the record declares, before reading; else by what it inflates to)."""
        declared = record.payload_length if record.payload_length >= 0 else record.length
        if declared is not None and declared > self.max_bytes:
            return None
        try:
            with _quiet() as noise:
                payload: bytes = record.content_stream().read(self.max_bytes + 1)
        except Exception as exc:  # a damaged chunked or gzip body: the record's end is no longer known
            raise _Damaged(f"its payload cannot be read ({_describe(exc)})", framing_lost=True) from None
        if noise.getvalue().strip():
            raise _Damaged(f"its payload cannot be read ({_describe(noise.getvalue())})", framing_lost=True)
        return payload if len(payload) <= self.max_bytes else None

    def _finish(self, record: Any, iterator: Any) -> None:
        """Read the rest of the record; raise _Damaged when its length, digest or header is wrong."""
        errors_before = iterator.err_count
        try:
            with _quiet() as noise:
                iterator.read_to_end()
        except Exception as exc:
            raise _Damaged(_describe(exc), framing_lost=True) from None
        if iterator.err_count > errors_before or noise.getvalue().strip():
            raise _Damaged("its length does not match its Content-Length header", framing_lost=True)
        checker = record.digest_checker
        if checker is not None and any(str(p).startswith("block digest failed") for p in checker.problems):
            # Only the block digest: producers disagree on what the payload digest covers.
            raise _Damaged("its block digest does not match (damaged data)", framing_lost=False)
        if any(not (name + value).isprintable() for name, value in record.rec_headers.headers):
            # A header line that still parses but holds control bytes: damage, not an unknown record type.
            raise _Damaged("its header holds control characters (damaged)", framing_lost=False)

    def _article(self, record: Any, kind: str, payload: bytes, *, where: str, at: str) -> Article:
        headers = record.rec_headers
        url = (headers.get_header("WARC-Target-URI") or "").strip() or None
        if record.rec_type == "response" and (url is None or not _URL.fullmatch(url)):
            raise InputError(f"{at}: WARC-Target-URI is not a usable URL ({_describe(url or '')!r})",
                             where=where)
        http = record.http_headers
        content_type = (http.get_header("Content-Type") if http is not None else None) or record.content_type
        charset = content_type_charset(content_type)
        if kind == "html":
            raw = decode_html(payload, where=where, encoding=self.encoding, http_charset=charset)
        else:
            raw = decode_text(payload, where=where, encoding=self.encoding or charset)
        meta = {"warc_date": headers.get_header("WARC-Date"),  # the capture, not the publication
                "warc_record_id": headers.get_header("WARC-Record-ID"), "content_type": content_type}
        article_id = derived_id(url=url) if url else derived_id(path=f"{self.path or 'stdin'}#{self.number}")
        return Article(id=article_id, raw=raw, format=kind, path=self.path, position=self.number, url=url,
                       meta={k: v for k, v in meta.items() if v})

    def _check_end(self, offset: int) -> _Break | None:
        """After the last record: anything but blank lines left means the file ends inside a record."""
        if self.seekable:
            self.stream.seek(offset)
            rest = self.stream.read(4096)
            if not rest.strip():
                return None
        else:
            if self.stream.size() - offset <= 4:  # the blank lines that close the last record
                return None
        self.number += 1
        return _Break(offset, "the file ends inside this record (truncated)")

    def _next_boundary(self, after: int) -> int | None:
        """The offset of the next record that parses, scanning forward from ``after``."""
        from warcio.archiveiterator import ArchiveIterator

        marker, skip = (_GZIP_MEMBER, 0) if self.compressed else (_WARC_LINE, 1)
        position = after + 1
        while True:
            found = self._find(marker, position)
            if found is None:
                return None
            candidate = found + skip
            self.stream.seek(candidate)
            probe = ArchiveIterator(self.stream, arc2warc=True)
            probe.known_format = self.kind
            try:
                with _quiet():
                    if next(probe, None) is not None:
                        return candidate
            except Exception:  # a false boundary (the marker inside data): keep scanning
                pass
            position = found + 1

    def _find(self, marker: bytes, position: int) -> int | None:
        self.stream.seek(position)
        carry = b""
        base = position
        while chunk := self.stream.read(_SCAN_CHUNK):
            window = carry + chunk
            at = window.find(marker)
            if at >= 0:
                return base - len(carry) + at
            carry = window[-(len(marker) - 1):]
            base += len(chunk)
        return None


def _page_kind(record: Any) -> str | None:
    """``html`` or ``page`` for a record holding a web page worth reading; None for everything else."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = http.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.content_type
    else:
        return None
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    kind = _PAGE_TYPES.get(mime)
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    if kind == "page" and _PLUMBING.search(urlsplit(target).path):
        return None
    return kind


def _corrupt(where: str, number: int, offset: int, reason: str) -> Failure:
    """A damaged record, named by its number and byte offset (``where`` is the file)."""
    error = InvalidRecordError(f"record {number} at offset {offset:,}: {reason}", where=f"{where}:{number}")
    return Failure.from_exception(error, stage="ingest", where=f"{where}:{number}")


def _describe(problem: object) -> str:
    """One short printable line about what went wrong (warcio's messages may quote binary garbage)."""
    text = str(problem).strip()
    if isinstance(problem, BaseException):
        if "first line:" in text:
            found = text.split("first line:", 1)[1].strip(" []'\"")
            if found.startswith(("\x1f\x8b", "\\x1f\\x8b")):
                return "its gzip member does not decompress (damaged data)"
            if "\\x" in found or not found.isascii():
                return "no WARC/ARC record header where one should start (damaged or binary data)"
            return f"no WARC/ARC record header where one should start (found {_printable(found)[:24]!r})"
        if isinstance(problem, EOFError):
            return "the data ends too soon (truncated or damaged)"
        if isinstance(problem, AttributeError | TypeError):
            return "incomplete or damaged record header"  # warcio trips over a header cut short
        text = text or problem.__class__.__name__
    return _printable(text.splitlines()[0] if text else "")[:120]


def _printable(text: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() else "?" for c in text)
