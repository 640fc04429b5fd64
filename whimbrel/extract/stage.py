"""The extract stage: raw article → clean text, title, publication time, source, byline, wires, language."""

from __future__ import annotations

from whimbrel.config import settings
from whimbrel.errors import NoArticleTextError
from whimbrel.extract.html import extract_html
from whimbrel.extract.language import detect_language
from whimbrel.extract.pages import parse_page
from whimbrel.extract.published import parse_published
from whimbrel.extract.wires import find_wires
from whimbrel.pipeline import Stage
from whimbrel.records import Article, Record

__all__ = ["ExtractStage", "extract_article"]


def _meta_str(article: Article, key: str) -> str | None:
    value = article.meta.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def extract_article(article: Article) -> None:
    """Fill the article's clean fields from its raw content (in place)."""
    raw = article.raw if isinstance(article.raw, str) else (article.raw or b"").decode("utf-8", "replace")
    if article.format == "record":
        # JSON Lines text is kept exactly as sent: the caller's offsets must stay valid.
        article.text = raw
        article.title = _meta_str(article, "title")
        article.published = parse_published(_meta_str(article, "published"))
        article.source = _meta_str(article, "source")
        article.byline = _meta_str(article, "byline") or _meta_str(article, "author")
    elif article.format == "html":
        page = extract_html(raw, url=article.url or _meta_str(article, "url"))
        if not page.text:
            raise NoArticleTextError("no article text found in this HTML page", where=article.where)
        article.text = page.text
        article.title = _meta_str(article, "title") or page.title
        article.published = parse_published(_meta_str(article, "published") or page.published)
        # What the reader carries (a feed entry's author and title, a JSON Lines record's) beats the markup.
        article.byline = _meta_str(article, "byline") or _meta_str(article, "author") or page.byline
        article.source = _meta_str(article, "source") or page.source
        article.url = article.url or page.url
        article.meta.update(page.meta)
        if page.language:
            article.meta["declared_language"] = page.language
    else:
        parsed = parse_page(raw)
        if not parsed.body.strip():
            raise NoArticleTextError("no article text found on this page (only headers or site chrome)",
                                     where=article.where)
        # Non-breaking spaces become spaces (same length, so nothing shifts): they confuse the tokenizer.
        article.text = parsed.body.replace("\u00a0", " ")
        article.title = parsed.title
        fields = parsed.fields
        if fields.get("id"):
            article.id = fields["id"].strip()
        article.published = parse_published(fields.get("published"))
        article.source, article.byline = fields.get("source"), fields.get("byline")
        article.url = article.url or fields.get("url")
        article.meta.update({k: v for k, v in fields.items() if k not in ("id", "published")})
    article.language = detect_language(article.text) if article.text.strip() else None
    # Agencies are credited at the start or the very end; past WHIMBREL_MAX_ARTICLE_CHARS only those are
    # searched (the whole of a 50 MB text would take longer than the article's time limit).
    cap, text = settings().max_article_chars, article.text
    credits = text if len(text) <= cap else text[:cap] + "\n" + text[-2_000:]
    article.wires = find_wires(credits, byline=article.byline, source=article.source)


class ExtractStage(Stage):
    name = "extract"
    requires = ("article.raw", "article.format")
    assigns = ("article.text", "article.title", "article.published", "article.source", "article.byline",
               "article.language", "article.wires")

    def process_one(self, record: Record) -> None:
        extract_article(record.article)
        record.article.raw = None  # the clean text is what later stages use; free the bytes
