"""Web pages → article body and metadata: trafilatura, wrapped in a cleaning cascade.

trafilatura finds the body and most metadata. On its own it keeps what sits inside or beside the story
(newsletter boxes, "Related:" links, embedded tweets, standfirsts, credit lines) and, in precision mode, can
lose a whole page (a story only in JSON-LD, a layout table). The cascade in :func:`extract_html`:

1. metadata from the page as published (trafilatura), plus the full publication timestamp from the page's
   own meta tags (trafilatura keeps only the date);
2. DOM cleaning on a copy (:func:`whimbrel.extract.html_dom.clean_tree`): hidden elements and embeds,
   blocks named as boilerplate, recirculation sections, standfirsts outside the story, "Related:" links,
   layout tables;
3. trafilatura twice on the cleaned tree: precision mode decides where the story starts and ends, recall mode
   restores paragraphs that precision mode dropped *between* those ends;
4. text cleaning (:func:`whimbrel.extract.html_text.clean_paragraphs`): headline and kicker lines, labels,
   timestamps, calls to subscribe, trailing credits, pull quotes;
5. the publisher's JSON-LD ``articleBody``: the text when the page shows almost none of it (a JavaScript
   app), and, when it agrees with the page, a filter that drops paragraphs it does not contain.

The evaluation (``python -m whimbrel.eval.html_quality``, suite ``html`` of ``make eval``) scores each step's
effect on hand-written pages against trafilatura alone.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from whimbrel.extract.html_dom import clean_tree, json_ld_bodies, json_ld_is_free
from whimbrel.extract.html_text import clean_paragraphs, norm_words

__all__ = ["ExtractedPage", "extract_html"]

_PUBLISHED_META = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|datePublished|"""
    r"""pubdate|publishdate|date|dc\.date|dcterms\.created|sailthru\.date|parsely-pub-date)["'][^>]*>""",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TIME_TAG = re.compile(r"""<time[^>]+datetime\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·)\s+")
# JSON-LD thresholds: a body shorter than this is not worth trusting either way.
_MARKUP = re.compile(r"<(?:p|br|div|span|a|em|strong|h[1-6])\b", re.IGNORECASE)
_BREAKS = re.compile(r"<br\s*/?>|</p>|</h[1-6]>|</div>", re.IGNORECASE)
_JSON_LD_MIN_WORDS = 40
_JSON_LD_RESCUE_BELOW = 0.5  # the page shows less than half of the declared body: use the declared body
_JSON_LD_AGREES_FROM = 0.8  # the page shows most of it: drop page paragraphs the declared body lacks


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


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = norm_words(text)
    return Counter(tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 1 if words else 0)))


def _covered(part: str, whole: Counter[tuple[str, ...]]) -> float:
    """The share of ``part``'s word 4-grams found in ``whole``."""
    own = _shingles(part)
    return sum((own & whole).values()) / sum(own.values()) if own else 1.0


def _trafilatura_paragraphs(tree: Any, *, precision: bool) -> list[str]:
    import trafilatura

    doc = trafilatura.bare_extraction(tree, with_metadata=False, include_comments=False, include_tables=False,
                                      favor_precision=precision, favor_recall=not precision)
    text = (doc.get("text") if isinstance(doc, dict) else doc.text if doc is not None else "") or ""
    return [p.strip() for p in text.split("\n") if p.strip()]


def _fill_gaps(precise: list[str], recall: list[str]) -> list[str]:
    """The recall run's paragraphs from the first to the last one the precision run also found (all of them
    when precision mode found nothing: a short page it judged too thin)."""
    if not precise:
        return recall
    found = {tuple(norm_words(p)) for p in precise}
    hits = [i for i, p in enumerate(recall) if tuple(norm_words(p)) in found]
    if not hits:
        return precise
    return recall[hits[0]:hits[-1] + 1]


def _titles(tree: Any, title: str | None) -> list[str]:
    """What the page calls its headline: the metadata title, every <h1>, and the <title> and its parts."""
    titles = [title] if title else []
    titles += [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    head_title = tree.find(".//title")
    if head_title is not None and head_title.text:
        titles += [head_title.text, *_TITLE_SEPARATORS.split(head_title.text)]
    return [t for t in titles if t and t.strip()]


def _declared_paragraphs(declared: str) -> list[str]:
    """A JSON-LD body as paragraphs: plain text split on line breaks, or HTML (some CMSs put markup there)."""
    if _MARKUP.search(declared):
        from lxml import etree
        from lxml import html as lxml_html

        try:
            declared = lxml_html.fragment_fromstring(_BREAKS.sub("\n", declared), create_parent="div").text_content()
        except (etree.ParserError, ValueError):
            declared = re.sub(r"<[^>]+>", " ", _BREAKS.sub("\n", declared))
    return [" ".join(p.split()) for p in unescape(declared).split("\n") if p.strip()]


def _apply_json_ld(tree: Any, paragraphs: list[str]) -> list[str]:
    bodies = json_ld_bodies(tree)
    declared = max(bodies, key=len) if bodies else ""
    if len(declared.split()) < _JSON_LD_MIN_WORDS:
        return paragraphs
    page = _shingles("\n".join(paragraphs))
    shown = _covered(declared, page)
    if shown < _JSON_LD_RESCUE_BELOW and json_ld_is_free(tree):
        return _declared_paragraphs(declared)
    if shown >= _JSON_LD_AGREES_FROM and len(declared) >= 0.7 * len("\n".join(paragraphs)):
        # crossheads are often left out of the declared body: keep short lines
        body = _shingles(declared)
        return [p for p in paragraphs if len(p.split()) <= 6 or _covered(p, body) >= 0.3]
    return paragraphs


def extract_html(html: str, *, url: str | None = None) -> ExtractedPage:
    """The article body (paragraphs separated by a blank line) and metadata of one web page."""
    # imported lazily: ~0.3 s, and plain-text runs never need it
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return ExtractedPage(text="")
    # 1. metadata, from the page as published
    try:
        meta = extract_metadata(deepcopy(tree), default_url=url).as_dict()
    except (TypeError, ValueError):  # what bare_extraction itself treats as "no metadata"
        meta = {}
    title = (meta.get("title") or "").strip() or None
    # 2. the DOM cascade, on a copy
    cleaned = deepcopy(tree)
    clean_tree(cleaned)
    # 3. precision mode bounds the story, recall mode fills what precision dropped inside it
    paragraphs = _fill_gaps(_trafilatura_paragraphs(cleaned, precision=True),
                            _trafilatura_paragraphs(cleaned, precision=False))
    # 4. the text cascade
    paragraphs = clean_paragraphs(paragraphs, _titles(tree, title))
    # 5. the publisher's own declaration of the body
    paragraphs = clean_paragraphs(_apply_json_ld(tree, paragraphs), _titles(tree, title))
    return ExtractedPage(
        text="\n\n".join(paragraphs), title=title, published=_published_timestamp(html) or meta.get("date"),
        byline=meta.get("author"), source=meta.get("sitename") or meta.get("hostname"),
        url=meta.get("url") or url, language=meta.get("language"),
        meta={k: meta[k] for k in ("description", "categories", "tags") if meta.get(k)},
    )
