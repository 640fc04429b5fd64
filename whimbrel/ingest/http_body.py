"""One HTTP response body, read the careful way: content-encoding undone chunk by chunk, the size cap
applied to the decoded bytes while they stream in (so a 40 KiB gzip bomb stops at the cap, not at 4 GB),
and a deadline for the whole transfer. Used by :mod:`whimbrel.ingest.fetch`."""

from __future__ import annotations

import http.client
import zlib
from collections.abc import Callable
from typing import Any

from whimbrel.errors import FetchError

__all__ = ["CONTENT_CODINGS", "read_body"]

# The content-encodings we ask for (Accept-Encoding) and can undo; "identity" and "" mean none.
CONTENT_CODINGS = ("gzip", "x-gzip", "deflate")
_CHUNK = 1 << 16


class _Inflater:
    """Undo a gzip or deflate content-encoding chunk by chunk, never producing more than a limit."""

    def __init__(self, coding: str, url: str) -> None:
        self.coding, self.url = coding, url
        self._z: Any = None

    def feed(self, data: bytes, limit: int) -> tuple[bytes, bool]:
        """(decoded bytes, whether more output was pending beyond ``limit``)."""
        if self.coding in ("", "identity"):
            return data[:limit], len(data) > limit
        if self._z is None:
            if self.coding in ("gzip", "x-gzip"):
                wbits = 16 + zlib.MAX_WBITS
            else:  # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate
                wbits = zlib.MAX_WBITS if _zlib_header(data) else -zlib.MAX_WBITS
            self._z = zlib.decompressobj(wbits)
        try:
            out = self._z.decompress(data, limit + 1)
        except zlib.error as exc:
            raise FetchError(f"corrupt {self.coding} content-encoding ({exc})", url=self.url, reason="encoding") from None
        return out[:limit], len(out) > limit or bool(self._z.unconsumed_tail)


def _zlib_header(data: bytes) -> bool:
    """Does ``data`` start with a zlib header (RFC 1950: method 8, window ≤ 32 KiB, check bits)?"""
    return len(data) >= 2 and data[0] & 0x0F == 8 and data[0] >> 4 <= 7 and (data[0] << 8 | data[1]) % 31 == 0


def read_body(resp: http.client.HTTPResponse, *, url: str, max_bytes: int, truncate: bool, deadline: float,
               clock: Callable[[], float]) -> bytes:
    """The body, decoded, capped at ``max_bytes`` while streaming (``truncate``: keep the first
    ``max_bytes`` instead of refusing)."""
    coding = resp.getheader("Content-Encoding", "").strip().lower()
    if coding not in ("", "identity", *CONTENT_CODINGS):
        raise FetchError(f"unsupported content-encoding {coding!r} (Whimbrel asks for gzip or deflate)",
                         url=url, reason="encoding", status=resp.status)
    too_large = FetchError(f"larger than the size cap of {max_bytes:,} bytes", url=url, reason="too-large",
                           status=resp.status)
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes and not truncate:
        raise too_large  # refused before reading a byte of the body
    inflater = _Inflater(coding, url)
    body = bytearray()
    while chunk := resp.read1(_CHUNK):
        if clock() > deadline:
            raise FetchError("the response took longer than the total time limit", url=url, reason="timeout",
                             status=resp.status)
        piece, overflow = inflater.feed(chunk, max_bytes - len(body))
        body += piece
        if overflow:
            if truncate:
                break
            raise too_large
    return bytes(body)
