"""Tell input formats apart (``--format auto``): by extension first, then by looking at the bytes."""

from __future__ import annotations

import json
import re

__all__ = ["FORMATS", "SCANNED_SUFFIXES", "format_from_suffix", "sniff_format"]

# Formats a user may name with --format; "auto" sniffs.
FORMATS = ("auto", "page", "html", "jsonl", "rss", "warc")

_SUFFIXES = {
    ".txt": "page", ".text": "page",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "rss", ".atom": "rss", ".xml": None,  # .xml could be a feed or anything: sniff
    ".warc": "warc", ".arc": "warc",
}
# What a folder walk picks up (files named explicitly are always read).
SCANNED_SUFFIXES = frozenset(list(_SUFFIXES) + [s + ".gz" for s in _SUFFIXES] + [".json"])

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article)[\s>]", re.IGNORECASE)
_FEED = re.compile(rb"<rss[\s>]|<feed[\s>][^>]*xmlns|<rdf:RDF", re.IGNORECASE)


def format_from_suffix(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    dot = lower.rfind(".")
    return _SUFFIXES.get(lower[dot:]) if dot >= 0 else None


def sniff_format(head: bytes) -> str:
    """Guess the format from the first few KiB of (decompressed) input."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if text.startswith(b"{"):
        first = text.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            # A truncated first line in the sniffed head, or a broken one: still JSON Lines in spirit.
            if b'"text"' in first or b'"id"' in first or b'"html"' in first:
                return "jsonl"
    if _FEED.search(text[:4096]):
        return "rss"
    if _HTML.search(text[:4096]):
        return "html"
    return "page"
