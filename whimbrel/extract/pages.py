"""Plain-text page dumps: header fields, a (possibly repeated) title, the story, trailing site chrome.

The seed page is one layout (``News ID:`` / ``Published:`` headers, the title printed twice, then
"Security Key / Captcha refresh / Page Generated…"). Other outlets' dumps differ in header names and in
their chrome, so the cascade below relies on the *shape* of the text, not on one site's strings:

1. header: leading ``Key: value`` lines with a known key (id, dates, source, author, URL, title);
2. title: the first paragraph when it is a single short line; an identical repeat right after it is dropped;
3. chrome: trailing paragraphs that are not prose (short lines with no sentence punctuation) or that
   carry a boilerplate cue are cut from the end, stopping at the first paragraph of real prose;
4. stray one-line chrome inside the body ("Advertisement") is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ParsedPage", "is_boilerplate", "parse_page"]

_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z .]{0,30}?)\s*:\s*(\S.*?)\s*$")
_HEADER_KEYS = {
    "news id": "id", "id": "id", "article id": "id", "story id": "id", "doc id": "id", "document id": "id",
    "published": "published", "date": "published", "posted": "published", "published on": "published",
    "publication date": "published", "time": "published", "dateline": "published", "updated": "updated",
    "source": "source", "publisher": "source", "site": "source", "outlet": "source", "newspaper": "source",
    "author": "byline", "by": "byline", "byline": "byline", "writer": "byline",
    "url": "url", "link": "url", "canonical": "url",
    "title": "title", "headline": "title",
    "section": "section", "category": "section", "language": "language", "lang": "language",
}
# Words that mark site chrome when a short paragraph is made of them.
_CHROME = re.compile(
    r"captcha|security key|page generated|generated in \d|cookie|subscribe|newsletter|sign up|sign in|log ?in\b|"
    r"share (?:this|on)|follow us|related(?: stories| articles| news)?\s*:?$|^related\b|read more|comments? \(\d+\)|"
    r"^comments?$|leave a comment|all rights reserved|copyright|©|\(c\) \d{4}|terms of (?:use|service)|"
    r"privacy policy|advertisement|^tags?:|click here|print this|e-?mail this|back to top|most read|"
    r"recommended for you|you may also like|download (?:our|the) app|whatsapp|facebook|twitter|telegram|"
    r"report an error|feedback|disclaimer|^home\b|^menu$|^search$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


@dataclass(slots=True)
class ParsedPage:
    body: str
    title: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).casefold()


def is_boilerplate(paragraph: str) -> bool:
    """Is this paragraph site chrome rather than story text?"""
    lines = [ln.strip() for ln in paragraph.splitlines() if ln.strip()]
    if not lines:
        return True
    words = sum(len(ln.split()) for ln in lines)
    prose = any(len(ln.split()) >= 8 and _SENTENCE_END.search(ln) for ln in lines)
    if prose and words > 25:
        return False
    if any(_CHROME.search(ln) for ln in lines):
        return True
    # Short, unpunctuated lines (menus, widgets, counters) are chrome; a short sentence is not.
    return all(len(ln.split()) <= 8 and not _SENTENCE_END.search(ln) for ln in lines)


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n[ \t\u00a0]*\n", text) if p.strip()]


def parse_page(text: str) -> ParsedPage:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    fields: dict[str, str] = {}
    i = 0
    # 1. header block
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _HEADER.match(line)
        key = _HEADER_KEYS.get(m.group(1).strip().lower()) if m else None
        if not m or not key or key in fields:
            break
        fields[key] = m.group(2)
        i += 1
    paragraphs = _paragraphs("\n".join(lines[i:]))
    # 2. title (given in the header, or the first one-line paragraph), and its repeat
    title = fields.pop("title", None)
    if title is None and paragraphs and "\n" not in paragraphs[0].strip() and len(paragraphs[0]) <= 300 \
            and len(paragraphs) > 1:
        title = " ".join(paragraphs.pop(0).split())
    while title and paragraphs and _norm(paragraphs[0]) == _norm(title):
        paragraphs.pop(0)
    # 3. trailing chrome
    while paragraphs and is_boilerplate(paragraphs[-1]):
        paragraphs.pop()
    # 4. stray one-line chrome inside the body
    body = [p for p in paragraphs if not ("\n" not in p and len(p.split()) <= 3 and _CHROME.search(p))]
    return ParsedPage(body="\n\n".join(p.strip() for p in body), title=title, fields=fields)
