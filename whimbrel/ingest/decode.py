"""Bytes → text, refusing binary data and reporting bad encodings precisely.

Why strict: a silently mis-decoded page yields plausible-looking garbage (wrong names, broken offsets),
which is worse for an analyst than a clear error. UTF-8 (with or without BOM) and UTF-16/32 with a BOM
are read as such; anything else needs ``--encoding`` (or, for HTML, a declared charset).
"""

from __future__ import annotations

import codecs
import re

from whimbrel.errors import BinaryInputError, EmptyInputError, EncodingError

__all__ = ["declared_html_charset", "decode_text", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return, form feed: a sign of binary data.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB (UTF-16/32 with a BOM are text)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return bool(head) and controls / len(head) > 0.05


def declared_html_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, *, where: str, encoding: str | None = None) -> str:
    """Decode ``data`` or raise an :class:`~whimbrel.errors.InputError` naming ``where``."""
    if not data.strip():
        raise EmptyInputError("empty input (no text at all)", where=where)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec)
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
