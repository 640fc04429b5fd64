"""RSS and Atom feeds → one :class:`~whimbrel.records.Article` per entry, through feedparser.

feedparser reads every dialect (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, RDF), finds the document's encoding,
unescapes entities and sanitises embedded HTML. What it gives back is a loose dict per entry; this module
turns it into a small typed :class:`FeedEntry`, and a FeedEntry into an Article:

1. ``id``: derived from the entry's link (else its guid) with :func:`derived_id`, so the same story has
   the same id whether it comes from a feed, a WARC capture or a fetch of its page (the guid is kept in
   ``meta["guid"]``);
2. ``raw``: the fullest content the entry carries (``content:encoded`` / Atom ``content`` before the
   summary). Markup becomes format ``html`` for trafilatura, wrapped in a minimal page because
   trafilatura discards short bare fragments; plain text becomes format ``record`` and is kept as is;
3. title, publication time, author and the feed's title (the source) go in ``meta``, where the extract
   stage takes them before anything it finds in the markup.

The fetcher (``whimbrel/ingest/fetch.py``) reuses :func:`parse_feed` and :func:`article_from_entry`,
passing the fetched page as ``page`` so the article keeps the entry's metadata.
"""

from __future__ import annotations

import email.utils
import html
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from whimbrel.errors import EmptyInputError, InputError, NoArticleTextError
from whimbrel.ingest.decode import decode_text, looks_binary
from whimbrel.ingest.ids import derived_id
from whimbrel.pipeline import Failure
from whimbrel.records import Article

__all__ = ["FeedEntry", "article_from_entry", "feed_articles", "parse_feed"]

_MARKUP = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*[\s/>]|/[a-zA-Z]|!--)")
_WHOLE_PAGE = re.compile(r"<html[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed entry, typed. ``content`` is the fullest body the entry carries (``None`` when it has
    none at all); ``content_format`` says whether it is markup (``html``) or plain ``text``."""

    number: int  # 1-based position in the feed
    guid: str | None
    url: str | None
    title: str | None
    published: str | None  # ISO 8601 (with the offset the feed stated), or a bare date
    content: str | None
    content_format: str  # html | text
    summary: str | None
    author: str | None
    feed_title: str | None
    language: str | None

    @property
    def id(self) -> str | None:
        """The entry's own identifier as the feed states it (guid / Atom id)."""
        return self.guid


def parse_feed(data: bytes, *, where: str, encoding: str | None = None) -> list[FeedEntry]:
    """Every entry of an RSS or Atom document, in feed order.

    Raises an :class:`~whimbrel.errors.InputError` naming ``where`` when ``data`` is empty, binary, not
    a feed, or so malformed that no entry could be read. ``encoding`` overrides what the document
    declares (``--encoding``)."""
    import feedparser  # imported lazily: ~0.1 s, and only feeds need it

    if not data.strip():
        raise EmptyInputError("empty input (no text at all)", where=where)
    if looks_binary(data):
        decode_text(data, where=where)  # raises the binary-input error
    headers = {"content-type": f"application/xml; charset={encoding}"} if encoding else None
    # A stream, never the bytes themselves: feedparser treats a string argument as a URL or file name.
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=False)
    except Exception as exc:  # feedparser itself trips on some damage (found by fuzzing: an undecodable
        # encoding="…" declaration raises UnicodeDecodeError); the input is at fault, not the run
        raise InputError(f"not a well-formed feed ({_describe(exc)})", where=where) from None
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        if parsed.get("bozo") and problem is not None:
            raise InputError(f"not a well-formed feed ({_describe(problem)}) and no entry could be read",
                             where=where)
        if not parsed.get("version"):
            raise InputError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> document)", where=where)
        raise EmptyInputError("the feed has no entries", where=where)
    channel = parsed.get("feed") or {}
    feed_title = _clean(channel.get("title"))
    language = _clean(channel.get("language"))
    return [_entry(number, raw, feed_title=feed_title, language=language)
            for number, raw in enumerate(entries, start=1)]


def article_from_entry(entry: FeedEntry, *, path: str | None, page: str | None = None) -> Article:
    """The Article for one feed entry. With ``page`` (the entry's web page, fetched), that page is the
    raw HTML and the entry supplies the metadata; without it, the entry's own content is.

    Raises :class:`~whimbrel.errors.NoArticleTextError` when there is neither."""
    where = f"{path or '<stdin>'}:{entry.number}"
    if page is not None:
        raw, fmt = page, "html"
    elif entry.content is None:
        raise NoArticleTextError("feed entry has no content or summary to read", where=where)
    elif entry.content_format == "html":
        raw, fmt = _as_page(entry.content, title=entry.title), "html"
    else:
        raw, fmt = entry.content, "record"
    key = entry.url or entry.guid
    article_id = derived_id(url=key) if key else derived_id(path=f"{path or 'stdin'}#{entry.number}")
    meta: dict[str, Any] = {"title": entry.title, "published": entry.published, "author": entry.author,
                            "source": entry.feed_title, "guid": entry.guid, "url": entry.url,
                            "feed_language": entry.language}
    return Article(id=article_id, raw=raw, format=fmt, path=path, position=entry.number, url=entry.url,
                   meta={k: v for k, v in meta.items() if v is not None})


def feed_articles(data: bytes, *, path: str | None,
                  encoding: str | None = None) -> Iterator[Article | Failure]:
    """The articles of one feed file; an entry that cannot be read is a Failure and the rest go on."""
    base = path or "<stdin>"
    for entry in parse_feed(data, where=base, encoding=encoding):
        try:
            yield article_from_entry(entry, path=path)
        except InputError as exc:
            yield Failure.from_exception(exc, stage="ingest", where=f"{base}:{entry.number}")


def _get(raw: Any, key: str) -> Any:
    """A field the entry really has: ``dict.get`` skips feedparser's deprecated aliases (asking for
    ``updated`` would answer with ``published`` and print a DeprecationWarning)."""
    return dict.get(raw, key) if isinstance(raw, dict) else None


def _entry(number: int, raw: Any, *, feed_title: str | None, language: str | None) -> FeedEntry:
    content, content_format = _best_content(raw)
    summary = _get(raw, "summary")
    summary = (summary.strip() or None) if isinstance(summary, str) else None
    return FeedEntry(
        number=number, guid=_clean(_get(raw, "id")), url=_clean(_get(raw, "link")),
        title=_clean(_get(raw, "title")), published=_published(raw), content=content,
        content_format=content_format, summary=summary, author=_clean(_get(raw, "author")),
        feed_title=feed_title, language=language,
    )


def _best_content(raw: Any) -> tuple[str | None, str]:
    """Full content before the summary; the longest part when an entry carries several."""
    parts = [(c.get("value"), c.get("type")) for c in _get(raw, "content") or [] if _clean(c.get("value"))]
    if not parts and _clean(_get(raw, "summary")):
        detail = _get(raw, "summary_detail") or {}
        parts = [(_get(raw, "summary"), detail.get("type"))]
    if not parts:
        return None, "text"
    value, kind = max(parts, key=lambda p: len(p[0]))
    # RSS labels every description text/html, so the markup itself decides; text/plain is always text.
    is_html = (kind or "").lower() in _HTML_TYPES and bool(_MARKUP.search(value))
    return value.strip(), "html" if is_html else "text"


def _as_page(fragment: str, *, title: str | None) -> str:
    if _WHOLE_PAGE.search(fragment[:4096]):
        return fragment
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">{head}</head>'
            f"<body><article>\n{fragment}\n</article></body></html>\n")


def _published(raw: Any) -> str | None:
    """The entry's own timestamp with its stated offset (feedparser's parsed form is UTC only)."""
    for key in ("published", "updated", "created"):
        text = _clean(_get(raw, key))
        if text:
            stamp = _timestamp(text)
            if stamp:
                return stamp
        parsed = _get(raw, f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            try:
                return datetime(*parsed[:6], tzinfo=UTC).isoformat()
            except (ValueError, OverflowError):  # a date feedparser parsed but datetime cannot hold
                continue
    return None


def _timestamp(text: str) -> str | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()  # RFC 822, as RSS writes dates
    except (TypeError, ValueError, IndexError, OverflowError):  # OverflowError: a time field of 60 digits (fuzzing)
        return None


def _clean(value: Any) -> str | None:
    """A metadata string on one line, or None when absent or blank."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _describe(problem: BaseException) -> str:
    text = str(problem).strip() or problem.__class__.__name__
    return text.splitlines()[0][:160]
