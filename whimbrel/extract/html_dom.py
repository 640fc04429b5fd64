"""Page cleaning before trafilatura sees the tree: remove what a reader does not read as the story.

trafilatura finds the body well but keeps blocks that sit *inside* it (newsletter sign-ups, "Related:" links,
embedded tweets, pull quotes, screen-reader list markers) or right beside it (standfirsts, summary boxes,
notes). These rules remove them by generic cues only: words that CMSs and news sites use in class, id, role
and data-* names for such blocks, the text of the headings that open them, and their link density. No rule
names a site.

One guard protects every rule: an element holding half or more of the page's paragraph text is never removed
(a ``<body class="showing-comments">`` or an ``<article class="... tag-oman">`` is the story, whatever its
class says).

:func:`clean_tree` runs the cascade in place; :func:`json_ld_bodies` reads the publisher's own
``articleBody`` declarations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

__all__ = ["body_region", "clean_tree", "json_ld_bodies", "json_ld_is_free", "paragraph_credit"]

# Boilerplate blocks, by the words sites use to name them. A cue matches at the start of a name token
# ("relatedposts", "newsletter-signup"); the short ones (ad, ads, toc, ...) only as a whole token.
_BLOCK_CUES = re.compile(
    r"(?<![a-z])(?:"
    r"newsletter|sign-?up|subscribe|subscription-?(?:box|promo|cta|form|widget|banner|offer)|promo|sponsor|marketing|"
    r"related|recommend|read-?more|read-?next|read-?also|also-?read|see-?also|more-?on|more-?from|most-?read|"
    r"most-?viewed|most-?popular|popular|trending|recirc|outbrain|taboola|"
    r"share|sharing|social|sharedaddy|addthis|follow-?us|"
    r"comment(?!ary|ator)|disqus|"
    r"cookie|consent|gdpr|"
    r"paywall(?!ed|-?content|-?article|-?body|-?text)|regwall|"
    r"advert|dfp|gpt-?ad|htlad|adslot|"
    r"caption|credit|pull-?quote|"
    r"author-?(?:bio|box|info|card|description)|about-?(?:the-?)?author|"
    r"tag-?list|tags-?links|keywords|breadcrumb|table-?of-?contents|"
    r"footnote|endnote|fnref|pagination|page-?links|page-?numbers|pager|post-?navigation|next-?prev|"
    r"takeaway|highlights|key-?points|key-?events|"
    r"gallery|slideshow|video|media-?player|feedback|"
    r"screen-?reader|sr-?only|visually-?hidden|skip-?link|"
    r"twitter-?tweet|instagram-?media|tiktok-?embed|embed"
    r")|(?<![a-z])(?:ad|ads|toc|tags|bio|bios|notes|meta|cmp|print|skip|tools|toolbar|actions|timestamp)(?![a-z])"
)
# Standfirst, deck, summary: removed only outside the story's own region (a lede inside it is the story).
_STANDFIRST_CUES = re.compile(
    r"(?<![a-z])(?:standfirst|dek|deck|strap|chapo|sub-?title|sub-?head|synopsis|summary|teaser|intro|lede|lead|"
    r"excerpt|description)(?![a-z])"
)
# Tags that are embeds or widgets, never story text.
_WIDGET_TAGS = ("amp-ad", "amp-twitter", "amp-instagram", "amp-facebook", "amp-youtube", "amp-iframe", "amp-carousel",
                "amp-social-share", "amp-sidebar", "iframe", "embed", "object", "figcaption", "noscript", "template")
# Headings that open a recirculation or apparatus section rather than a part of the story.
SECTION_LABELS = re.compile(
    r"(?:related(?: [a-z]+)?|more (?:on|from|about|in) .{0,40}|(?:you )?(?:may|might) (?:also )?(?:like|enjoy)|"
    r"(?:read|see) (?:more|next|also)|also read|further reading|recommended(?: [a-z]+){0,2}|"
    r"(?:most|top) (?:read|viewed|popular|shared|stories)|trending(?: [a-z]+)?|popular(?: [a-z]+)?|"
    r"latest(?: [a-z]+){0,3}|recent posts|top stories|features|editor s picks|don t miss|"
    r"notes|footnotes|endnotes|references|sources|citations|about the authors?|"
    r"\d* ?comments?(?: \d+)?|\d+ (?:replies|thoughts) on .*|leave a (?:reply|comment)|join the conversation|"
    r"share(?: this| on| via)?(?: [a-z]+)?|tags|topics|keywords|categories|filed under|"
    r"in pictures|picture gallery.*|photo gallery.*|gallery|watch(?: live)?|cite this.*|key events|"
    r"summary|key takeaways|highlights|key points|contents|in this article|table of contents|on this page|"
    r"(?:skip )?advertisement|sponsored(?: content)?|newsletters?|sign up.*|subscribe.*|donate(?: now)?|"
    r"support (?:us|our [a-z]+|independent [a-z]+)|become a (?:member|subscriber|supporter))"
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = {"p", "div", "section", "article", "li", "ul", "ol", "td", "tr", "table", "blockquote", "figure", "aside",
           "header", "footer", "main", "nav", "form", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
_LINK_LABEL = re.compile(
    r"^\s*(?:related|read more|read also|also read|see also|read next|more|must read|don t miss|recommended|"
    r"further reading|watch|listen|also see|also on [a-z ]{1,20}|opinion|analysis|explainer)\b", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _names(el: HtmlElement) -> str:
    """The element's naming attributes, lowercased, for cue matching."""
    parts = [el.get(a) for a in ("class", "id", "role", "data-component", "data-testid", "data-gu-name", "itemprop",
                                 "data-spacefinder-role")]
    return " ".join(p for p in parts if p).lower()


def _text(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _label(text: str) -> str:
    """Heading text as compared with :data:`SECTION_LABELS`: lowercase words, punctuation gone."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _link_chars(el: HtmlElement) -> int:
    return sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))


def _own_text(el: HtmlElement) -> str:
    """Text of ``el`` outside its block-level descendants (a paragraph's words, a <div>-only body's lines)."""
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCKS:
            out.append(_own_text(child))
        out.append(child.tail or "")
    return " ".join("".join(out).split())


def paragraph_credit(root: HtmlElement) -> dict[HtmlElement, int]:
    """Container → characters of paragraph text directly under it.

    A paragraph is a ``<p>`` or any block with 80+ characters of its own text (bodies built of ``<div>``s or
    of text and ``<br>``s). Its text is credited to the nearest ancestor with more than one element child,
    so one-paragraph wrappers (``<div data-component="text-block"><p>``) pass it up to the real container.
    """
    credit: dict[HtmlElement, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS or el.tag in _HEADINGS:
            continue
        own = _own_text(el)
        if not (el.tag == "p" and own) and len(own) < 80:
            continue
        parent = el.getparent()
        while parent is not None and len(parent) == 1 and parent.getparent() is not None:
            parent = parent.getparent()
        if parent is not None:
            credit[parent] = credit.get(parent, 0) + len(own)
    return credit


def body_region(root: HtmlElement, credit: dict[HtmlElement, int] | None = None) -> HtmlElement | None:
    """The smallest element holding every container with at least a quarter of the best container's text."""
    credit = paragraph_credit(root) if credit is None else credit
    if not credit:
        return None
    best = max(credit.values())
    strong = [el for el, chars in credit.items() if chars >= best / 4]
    region = strong[0]
    for el in strong[1:]:
        while not _contains(region, el):
            parent = region.getparent()
            if parent is None:
                break
            region = parent
    return region


def _contains(ancestor: HtmlElement, el: HtmlElement) -> bool:
    return ancestor is el or any(a is ancestor for a in el.iterancestors())


class _Guard:
    """Never remove an element holding half or more of the page's paragraph text."""

    def __init__(self, credit: dict[HtmlElement, int]) -> None:
        self.total = sum(credit.values())
        self.held: dict[HtmlElement, int] = {}
        for container, chars in credit.items():
            for el in (container, *container.iterancestors()):
                self.held[el] = self.held.get(el, 0) + chars

    def share(self, el: HtmlElement) -> float:
        """The part of the page's paragraph text that lies inside ``el``."""
        return self.held.get(el, 0) / self.total if self.total else 0.0

    def protects(self, el: HtmlElement) -> bool:
        return el.tag in ("html", "body") or self.share(el) >= 0.5


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` but keep its tail text (it belongs to the parent's flow)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _elements(root: HtmlElement) -> Iterator[HtmlElement]:
    return (el for el in list(root.iter()) if isinstance(el.tag, str))


def _attached(el: HtmlElement, root: HtmlElement) -> bool:
    return _contains(root, el)


def clean_tree(root: HtmlElement) -> None:
    """Run the cleaning cascade on ``root`` in place."""
    guard = _Guard(paragraph_credit(root))

    # 1. hidden and widget elements: nothing a reader sees as text (hidden attribute or style, embeds, ads).
    for el in _elements(root):
        if not _attached(el, root) or guard.protects(el):
            continue
        if el.tag in _WIDGET_TAGS or el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
            _drop(el)

    # 2. blocks named as boilerplate: sign-ups, related links, share bars, captions, pull quotes, notes...
    for el in _elements(root):
        if el.tag in ("html", "body") or not _attached(el, root) or guard.protects(el):
            continue
        names = _names(el)
        if names and _BLOCK_CUES.search(names):
            _drop(el)

    # The story's region, once the blocks above (a cookie dialog's paragraphs, say) no longer compete for it.
    credit = paragraph_credit(root)
    guard, region = _Guard(credit), body_region(root, credit)

    # 3. sections opened by a recirculation or apparatus heading ("More on this story", "Notes").
    for heading in _elements(root):
        if heading.tag not in _HEADINGS or not _attached(heading, root):
            continue
        if not SECTION_LABELS.fullmatch(_label(_text(heading))):
            continue
        _drop_section(heading, guard, region)

    # 4. standfirst, deck, summary outside the story's own region: a summary, reported as metadata.
    if region is not None:
        for el in _elements(root):
            if not _attached(el, root) or _contains(el, region) or _contains(region, el):
                continue
            names = _names(el)
            if names and _STANDFIRST_CUES.search(names) and len(_text(el).split()) <= 100:
                _drop(el)

    # 5. "Related: <a>headline</a>" paragraphs inside the story: a label, then mostly link text.
    for el in _elements(root):
        if el.tag not in ("p", "div", "li", "span", "strong") or not _attached(el, root) or guard.protects(el):
            continue
        text = _text(el)
        if not text or len(text.split()) > 40:
            continue
        links = _link_chars(el)
        label = _LINK_LABEL.match(_label(text))
        if links and ((label and links >= 0.5 * (len(text) - label.end())) or links >= 0.9 * len(text)):
            if el.tag == "span" or el.tag == "strong":
                el = el.getparent() if el.getparent() is not None and _text(el.getparent()) == text else el
            _drop(el)

    # 6. layout tables that hold the story become plain blocks (tables are otherwise dropped as data).
    if region is not None:
        for table in list(region.iterancestors("table")):
            for cell in [table, *table.iterdescendants("tbody", "thead", "tr", "td", "th")]:
                if _contains(cell, region):
                    cell.tag = "div"


def _drop_section(heading: HtmlElement, guard: _Guard, region: HtmlElement | None) -> None:
    """Drop the heading's own section, or, when the heading sits among story paragraphs, the heading and the
    link lists or short lines after it."""
    parent = heading.getparent()
    if parent is None:
        return
    # A parent that holds the story's region, or a part of the story inside it, loses only the heading and
    # what follows it.
    in_story = region is not None and (_contains(parent, region) or (_contains(region, parent)
                                                                      and guard.share(parent) >= 0.15))
    if not in_story and not guard.protects(parent):
        _drop(parent)
        return
    follower = heading.getnext()
    _drop(heading)
    while follower is not None:
        text = _text(follower)
        if follower.tag in _HEADINGS or (len(text) >= 120 and _link_chars(follower) < 0.5 * len(text)):
            break
        nxt = follower.getnext()
        _drop(follower)
        follower = nxt


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "hasPart"):
            if key in node:
                yield from _walk(node[key])


def _json_ld(root: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            yield from _walk(json.loads(script.text))
        except (ValueError, RecursionError):
            continue


def json_ld_bodies(root: HtmlElement) -> list[str]:
    """Every non-empty ``articleBody`` the page declares in JSON-LD (``@graph`` and lists included)."""
    return [d["articleBody"].strip() for d in _json_ld(root)
            if isinstance(d.get("articleBody"), str) and d["articleBody"].strip()]


def json_ld_is_free(root: HtmlElement) -> bool:
    """False when the page declares itself (or a part) not free to read: its JSON-LD body may be more than a
    reader sees."""
    for d in _json_ld(root):
        if str(d.get("isAccessibleForFree", "true")).lower() in ("false", "no", "0"):
            return False
    return True
