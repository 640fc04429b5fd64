"""URLs → articles, through a polite :class:`~whimbrel.ingest.fetch.Fetcher`; and ``whimbrel fetch``.

A URL is a web page or an RSS/Atom feed (``kind="auto"`` tells them apart by Content-Type, then by the
bytes). A page becomes one HTML article. A feed becomes one article per entry (``whimbrel.ingest.feeds``);
an entry with a link gets its full page fetched, and the entry keeps supplying the title, publication
time and source. When that page cannot be fetched, the entry's own content stands in, and a Failure
says so (the article is still produced, so a dead link costs only the article's length, never the entry).

Failures never stop a run: each URL or entry that cannot be read becomes a
:class:`~whimbrel.pipeline.Failure` naming it, and the next one is read.

``fetch_to_jsonl`` writes what it fetched as JSON Lines input records (``id``, ``url``, ``html`` or
``text``, ``title``, ``published``, ``source``), so that ``whimbrel process`` can read them offline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from whimbrel.errors import InputError, UnsupportedFormatError
from whimbrel.ingest.decode import decode_html, web_codec
from whimbrel.ingest.detect import sniff_format
from whimbrel.ingest.feeds import FeedEntry, article_from_entry, parse_feed
from whimbrel.ingest.fetch import Fetcher, FetchResult
from whimbrel.ingest.ids import derived_id
from whimbrel.pipeline import Failure
from whimbrel.records import Article

__all__ = ["KINDS", "FetchReport", "entry_articles", "fetch_to_jsonl", "fetched_feed_articles", "input_record", "page_article",
           "page_text", "url_articles"]

# What a URL may be read as: auto-detected, an RSS/Atom feed, or a web page.
KINDS = ("auto", "rss", "html")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
_XML_TYPES = ("application/xml", "text/xml")
_PAGE_TYPES = ("text/html", "application/xhtml+xml")


def url_articles(url: str, fetcher: Fetcher, *, kind: str = "auto", fetch_pages: bool = True,
                 encoding: str | None = None) -> Iterator[Article | Failure]:
    """The article(s) at ``url``: one for a page, one per entry for a feed (with ``fetch_pages``, each
    entry's linked page fetched). Never raises for a bad URL: it comes out as a Failure."""
    try:
        result = fetcher.fetch(url)
        found = _kind(result, kind)
        if found == "html":
            yield page_article(result, encoding=encoding)
            return
        entries = parse_feed(result.content, where=url, encoding=encoding or result.charset)
    except InputError as exc:
        yield Failure.from_exception(exc, stage="fetch", where=exc.where or url)
        return
    yield from entry_articles(entries, path=url, fetcher=fetcher if fetch_pages else None)


def entry_articles(entries: Iterable[FeedEntry], *, path: str | None,
                   fetcher: Fetcher | None) -> Iterator[Article | Failure]:
    """Feed entries → articles. With a ``fetcher``, each entry that links to a page gets that page as
    its body; if the page cannot be had, a Failure says why and the entry's own content is used."""
    base = path or "<stdin>"
    for entry in entries:
        page: FetchResult | None = None
        text: str | None = None
        if fetcher is not None and entry.url:
            try:
                page = fetcher.fetch(entry.url)
                text = page_text(page)
            except InputError as exc:
                page = None
                fallback = "the feed entry's own text is used instead" if entry.content else "no text to fall back on"
                yield Failure(where=entry.url, stage="fetch", error=exc.__class__.__name__,
                              message=f"{exc.message}; {fallback}", article_id=None)
        try:
            article = article_from_entry(entry, path=path, page=text)
        except InputError as exc:
            yield Failure.from_exception(exc, stage="ingest", where=f"{base}:{entry.number}")
            continue
        if page is not None:
            article.url = page.final_url
            article.meta["fetched_at"] = page.fetched_at.isoformat()
        yield article


def page_article(result: FetchResult, *, encoding: str | None = None) -> Article:
    """One fetched web page as an HTML article; its id comes from the URL as asked for."""
    return Article(id=derived_id(url=result.url), raw=page_text(result, encoding=encoding), format="html",
                   path=result.url, url=result.final_url,
                   meta={"url": result.final_url, "fetched_at": result.fetched_at.isoformat()})


def page_text(result: FetchResult, *, encoding: str | None = None) -> str:
    """A fetched page's HTML as text: a byte-order mark, else ``encoding`` (the user's override), else the
    first of the Content-Type header's charset, the page's ``<meta charset>`` and UTF-8 that decodes it
    strictly (:func:`~whimbrel.ingest.decode.decode_html`)."""
    if result.content_type not in (None, *_PAGE_TYPES, "text/plain"):
        raise UnsupportedFormatError(f"not a web page ({result.content_type}); only HTML pages and feeds are read",
                                     where=result.final_url)
    return decode_html(result.content, where=result.final_url, encoding=encoding,
                       http_charset=web_codec(result.charset))


def _kind(result: FetchResult, asked: str) -> str:
    """``html`` or ``rss``: as asked, else by Content-Type, else by what the bytes look like."""
    if asked in ("html", "rss"):
        return asked
    if asked != "auto":
        raise UnsupportedFormatError(f"unknown kind {asked!r}; choose one of {', '.join(KINDS)}")
    sniffed = sniff_format(result.content[:8192])
    # The bytes first for feeds: many servers label RSS text/html or text/plain.
    if sniffed == "rss" or result.content_type in _FEED_TYPES:
        return "rss"
    if sniffed == "html" or result.content_type in _PAGE_TYPES:
        return "html"
    if result.content_type in _XML_TYPES:
        return "rss"  # parse_feed says clearly if it is some other XML
    raise UnsupportedFormatError(
        f"neither a web page nor a feed (Content-Type {result.content_type or 'not given'}, looks like {sniffed})",
        where=result.final_url)


# -- whimbrel fetch ----------------------------------------------------------------------------------
@dataclass
class FetchReport:
    records: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def input_record(article: Article) -> dict[str, Any]:
    """An article as a JSON Lines input record (``../shared/CONTRACT.md``), ready for ``whimbrel process``."""
    meta = article.meta
    body = article.raw.decode("utf-8", "replace") if isinstance(article.raw, bytes) else article.raw or ""
    return {"id": article.id, "url": article.url or meta.get("url"),
            "html" if article.format == "html" else "text": body,
            "title": meta.get("title"), "published": meta.get("published"), "source": meta.get("source")}


def fetch_to_jsonl(urls: Iterable[str], out: IO[str] | None, *, fetcher: Fetcher | None = None,
                   kind: str = "auto", fetch_pages: bool = True,
                   on_result: Callable[[dict[str, Any] | Failure], None] | None = None) -> FetchReport:
    """Fetch every URL (pages and feeds), write one input record per article to ``out``; failures are
    counted in the report and handed to ``on_result`` with the records, in order."""
    fetcher = fetcher or Fetcher()
    report = FetchReport()
    for url in urls:
        for item in url_articles(url, fetcher, kind=kind, fetch_pages=fetch_pages):
            result: dict[str, Any] | Failure
            if isinstance(item, Failure):
                report.failures.append(item)
                result = item
            else:
                report.records += 1
                result = input_record(item)
                if out is not None:
                    out.write(json.dumps(result, ensure_ascii=False) + "\n")
            if on_result is not None:
                on_result(result)
    return report


def fetched_feed_articles(data: bytes, *, path: str | None, fetcher: Fetcher,
                          encoding: str | None = None) -> Iterator[Article | Failure]:
    """The entries of a feed read from a file or standard input, each with its linked page fetched
    (``whimbrel process --fetch feed.xml``)."""
    yield from entry_articles(parse_feed(data, where=path or "<stdin>", encoding=encoding), path=path,
                              fetcher=fetcher)
