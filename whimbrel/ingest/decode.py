"""Bytes → text, refusing binary data and reporting bad encodings precisely.

Why strict: a silently mis-decoded page yields plausible-looking garbage (wrong names, broken offsets),
which is worse for an analyst than a clear error. UTF-8 (with or without BOM) and UTF-16/32 with a BOM
are read as such; anything else needs ``--encoding`` (or, for HTML, a declared charset: the HTTP header's
in a WARC capture, else the page's own ``<meta charset>``).
"""

from __future__ import annotations

import codecs
import re

from whimbrel.errors import BinaryInputError, EmptyInputError, EncodingError

__all__ = ["content_type_charset", "declared_html_charset", "decode_html", "decode_text", "looks_binary", "web_codec"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return, form feed: a sign of binary data.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB (UTF-16/32 with a BOM are text)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return bool(head) and controls / len(head) > 0.05


# Web pages labelled latin-1 or ASCII are windows-1252 in practice, and every browser reads them so (the WHATWG
# Encoding Standard maps those labels to it); strict latin-1 would turn curly quotes into control characters.
_AS_WINDOWS_1252 = ("latin_1", "iso8859-1", "ascii")


def web_codec(label: str | None) -> str | None:
    """The codec a web page's charset label means (as a browser reads it), or None for an unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name



def declared_html_charset(data: bytes) -> str | None:
    """The codec a page names in its ``<meta charset>`` (first 4 KiB), or None."""
    m = _CHARSET.search(data[:4096])
    return web_codec(m.group(1).decode("ascii", "replace")) if m else None


def content_type_charset(content_type: str | None) -> str | None:
    """The codec an HTTP ``Content-Type`` header names (``text/html; charset=windows-1256``), or None."""
    m = _HEADER_CHARSET.search(content_type or "")
    return web_codec(m.group(1)) if m else None


def decode_html(data: bytes, *, where: str, encoding: str | None = None,
                http_charset: str | None = None) -> str:
    """Decode a web page by the charsets it declares: ``encoding`` (the user's override) alone when given,
    else the HTTP header's, then the page's ``<meta charset>``, then UTF-8; the first that decodes the
    bytes strictly wins. A byte-order mark beats them all. When none fits, the error names every one tried."""
    if encoding:
        return decode_text(data, where=where, encoding=encoding)
    if not data.strip() or looks_binary(data) or any(data.startswith(bom) for bom, _ in _BOMS):
        return decode_text(data, where=where)  # empty and binary raise; a BOM decides
    candidates = list(dict.fromkeys(c for c in (http_charset, declared_html_charset(data), "utf-8") if c))
    first: UnicodeDecodeError | None = None
    for codec in candidates:
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            first = first or exc
    assert first is not None  # every candidate failed, so there was a first failure
    tried = " nor ".join(candidates)
    raise EncodingError(f"not valid {tried} (byte 0x{data[first.start:first.start + 1].hex()} at offset "
                        f"{first.start}); pass --encoding NAME", where=where)


def decode_text(data: bytes, *, where: str, encoding: str | None = None) -> str:
    """Decode ``data`` or raise an :class:`~whimbrel.errors.InputError` naming ``where``."""
    if not data.strip():
        raise EmptyInputError("empty input (no text at all)", where=where)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:  # a byte-order mark, then bytes that do not follow it (fuzzing)
                raise EncodingError(f"not valid {codec} after its byte-order mark (offset {exc.start})",
                                    where=where) from None
    if looks_binary(data):
        raise BinaryInputError("binary data, not text (NUL or control bytes); is this the right file?", where=where)
    codec = encoding or "utf-8"
    try:
        return data.decode(codec)
    except LookupError:
        raise EncodingError(f"unknown encoding {codec!r}", where=where) from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        hint = "pass --encoding NAME (e.g. cp1252)" if encoding is None else f"it is not valid {codec}"
        raise EncodingError(f"not valid {codec} (byte 0x{bad} at offset {exc.start}); {hint}", where=where) from None
