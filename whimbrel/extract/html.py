"""Web pages → article body and metadata, through trafilatura.

trafilatura finds the body and most metadata; we add the full publication timestamp from the page's
own meta tags (trafilatura keeps only the date) and drop a headline it repeats as the first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ExtractedPage", "extract_html"]

_PUBLISHED_META = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datePublished|"""
    r"""pubdate|publishdate|date|dc\.date|dcterms\.created|sailthru\.date|parsely-pub-date)["'][^>]*>""",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TIME_TAG = re.compile(r"""<time[^>]+datetime\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(slots=True)
class ExtractedPage:
    text: str
    title: str | None = None
    published: str | None = None
    byline: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _published_timestamp(html: str) -> str | None:
    for m in _PUBLISHED_META.finditer(html[:200_000]):
        content = _CONTENT.search(m.group(0))
        if content:
            return content.group(1).strip()
    tag = _TIME_TAG.search(html[:400_000])
    return tag.group(1).strip() if tag else None


def extract_html(html: str, *, url: str | None = None) -> ExtractedPage:
    import trafilatura  # imported lazily: ~0.3 s, and plain-text runs never need it

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return ExtractedPage(text="")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip() or None
    if title and text.split("\n", 1)[0].strip() == title:
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""
    # One paragraph per line from trafilatura; a blank line between them reads better and parses the same.
    text = "\n\n".join(p.strip() for p in text.split("\n") if p.strip())
    return ExtractedPage(
        text=text, title=title, published=_published_timestamp(html) or data.get("date"),
        byline=data.get("author"), source=data.get("sitename") or data.get("hostname"),
        url=data.get("url") or url, language=data.get("language"),
        meta={k: data[k] for k in ("description", "categories", "tags") if data.get(k)},
    )
