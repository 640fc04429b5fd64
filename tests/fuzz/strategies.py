"""Hypothesis strategies for hostile inputs: random bytes, and inputs that are *almost* right (a real
page, feed, JSON Lines record or WARC capture, then cut, flipped or spliced), which reach much deeper
into the readers than noise does."""

from __future__ import annotations

import gzip as gzip_module
import io
import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Deterministic (derandomize, no example database) so CI never flakes on a new example; generous
# deadlines off (the machine is shared). WHIMBREL_FUZZ_SCALE=10 runs ten times as many examples locally.
FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SCALE = max(1, int(os.environ.get("WHIMBREL_FUZZ_SCALE", "1")))


def examples(n: int) -> settings:
    return settings(FUZZ, max_examples=n * SCALE)


WORDS = ["Rebels", "attacked", "a", "convoy", "near", "Idlib", "on", "Monday", ",", "killing", "three",
         "soldiers", ".", "The", "minister", "said", '"', "we", "will", "respond", '"', "and", "Reuters",
         "reported", "that", "talks", "in", "Geneva", "would", "resume", ".", "Police", "arrested", "62",
         "protesters", "in", "Khartoum", ";", "AFP", "-", "the", "UN", "envoy", "urged", "calm", "(", "AP",
         ")", "Turkey", "Russia", "Lavrov", "Erdogan"]
CHROME = ["Share this", "Subscribe", "Advertisement", "Related:", "Copyright 2024", "Follow us on Twitter",
          "Security Key", "Captcha refresh", "Page Generated in 0.02 seconds", "Home", "Menu", "Comments (3)"]
HEADERS = ["News ID", "Published", "Date", "Source", "Author", "By", "URL", "Title", "Section", "Updated",
           "Lang"]

# Text a reader may meet: words, punctuation, odd whitespace, quotes, right-to-left and astral characters.
odd_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
word_text = st.lists(st.sampled_from(WORDS) | odd_text.map(lambda s: s[:12]), max_size=60).map(" ".join)
newlines = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n", "\u00a0\n\n", "\n\n\n"])


@st.composite
def page_text(draw: st.DrawFn) -> str:
    """A plain-text page dump: header lines, a title (maybe repeated), paragraphs, trailing chrome."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        key = draw(st.sampled_from(HEADERS) | st.text(max_size=12))
        parts.append(f"{key}: {draw(word_text)}\n")
    title = draw(word_text)
    parts.append(title + draw(newlines))
    if draw(st.booleans()):
        parts.append(title + draw(newlines))
    for _ in range(draw(st.integers(0, 6))):
        parts.append(draw(word_text) + draw(newlines))
    for _ in range(draw(st.integers(0, 4))):
        parts.append(draw(st.sampled_from(CHROME) | word_text) + draw(newlines))
    return "".join(parts)


@st.composite
def html_page(draw: st.DrawFn) -> str:
    """A small web page: head metadata, nested blocks, paragraphs, boilerplate, JSON-LD, broken markup."""
    tags = ["div", "section", "article", "main", "aside", "nav", "footer", "span", "table", "td", "ul", "li",
            "figure", "blockquote"]
    meta = draw(st.sampled_from([
        "", '<meta charset="utf-8">', '<meta property="article:published_time" content="2023-06-17T09:00:00Z">',
        '<meta name="author" content="Staff">', '<meta charset="bogus-8">']))
    body: list[str] = []
    depth = 0
    for _ in range(draw(st.integers(0, 25))):
        choice = draw(st.integers(0, 6))
        if choice == 0:
            tag = draw(st.sampled_from(tags))
            cls = draw(st.sampled_from(["", ' class="newsletter"', ' class="story-body"', ' hidden',
                                        ' class="related"', ' id="content"']))
            body.append(f"<{tag}{cls}>")
            depth += 1
        elif choice == 1 and depth:
            body.append(f"</{draw(st.sampled_from(tags))}>")
            depth -= 1
        elif choice == 2:
            body.append(f"<h{draw(st.integers(1, 6))}>{draw(word_text)}</h1>")
        elif choice == 3:
            ld = {"@type": "NewsArticle", "articleBody": draw(word_text), "headline": draw(word_text)}
            body.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
        elif choice == 4:
            body.append(draw(st.sampled_from(CHROME)))
        else:
            body.append(f"<p>{draw(word_text)}</p>")
    title = draw(word_text)
    page = f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>{''.join(body)}</body></html>"
    return draw(mutated_text(page))


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """The text as is, cut short, or with a stretch replaced by something else."""
    how = draw(st.integers(0, 3))
    if how == 0 or not text:
        return text
    at = draw(st.integers(0, len(text)))
    if how == 1:
        return text[:at]
    end = draw(st.integers(at, min(len(text), at + 40)))
    return text[:at] + draw(odd_text) + text[end:]


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes as is, truncated, with bytes flipped, or with a stretch removed or duplicated."""
    how = draw(st.integers(0, 4))
    if how == 0 or not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    if how == 1:
        return data[:at]
    if how == 2:
        flips = draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(1, 255)), min_size=1, max_size=8))
        out = bytearray(data)
        for pos, xor in flips:
            out[pos] ^= xor
        return bytes(out)
    end = draw(st.integers(at, min(len(data), at + 200)))
    return data[:at] + data[end:] if how == 3 else data[:end] + data[at:]


@st.composite
def jsonl_lines(draw: st.DrawFn) -> list[bytes]:
    """Lines of a JSON Lines file: good records, records with wrong types, broken JSON, noise."""
    lines: list[bytes] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 4))
        if kind <= 1:
            rec: dict[str, object] = {"text": draw(word_text | odd_text)}
            if draw(st.booleans()):
                rec["id"] = draw(st.text(max_size=10) | st.integers(-5, 10**12))
            for key in ("title", "published", "url", "source"):
                if draw(st.booleans()):
                    rec[key] = draw(st.text(max_size=30) | st.none() | st.integers())
            lines.append(json.dumps(rec, ensure_ascii=draw(st.booleans())).encode())
        elif kind == 2:
            value = draw(st.sampled_from([[], 3, "text", None, {"text": 5}, {"html": "<p>x</p>"}, {"id": [1]},
                                          {"text": None, "html": 7}, {"text": "ok", "id": {"a": 1}}]))
            lines.append(json.dumps(value).encode())
        elif kind == 3:
            lines.append(draw(mutated_bytes(json.dumps({"id": "x", "text": draw(word_text)}).encode())))
        else:
            lines.append(draw(st.binary(max_size=80)).replace(b"\n", b" "))
    return lines


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    """An RSS 2.0 or Atom document with generated entries, maybe damaged."""
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    entries = []
    atom = draw(st.booleans())
    for n in range(draw(st.integers(0, 4))):
        title, body = esc(draw(word_text)), draw(word_text)
        content = esc(f"<p>{body}</p>") if draw(st.booleans()) else esc(body)
        date = draw(st.sampled_from(["Mon, 19 Jun 2023 08:30:00 +0300", "2023-06-19T08:30:00Z", "yesterday", ""]))
        link = draw(st.sampled_from([f"https://news.example/{n}", "", "javascript:alert(1)", "/relative"]))
        if atom:
            entries.append(f"<entry><title>{title}</title><link href=\"{link}\"/><id>{link or n}</id>"
                           f"<updated>{date}</updated><content type=\"html\">{content}</content></entry>")
        else:
            entries.append(f"<item><title>{title}</title><link>{link}</link><guid>{n}</guid>"
                           f"<pubDate>{date}</pubDate><description>{content}</description></item>")
    if atom:
        doc = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
               f"<title>{esc(draw(word_text))}</title>{''.join(entries)}</feed>")
    else:
        doc = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
               f"<title>{esc(draw(word_text))}</title>{''.join(entries)}</channel></rss>")
    return draw(mutated_bytes(doc.encode("utf-8")))


@st.composite
def warc_bytes(draw: st.DrawFn) -> bytes:
    """A WARC written by warcio (pages, plain text, an image, a request, a redirect), maybe gzipped per
    record, then maybe damaged."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    compressed = draw(st.booleans())
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    def fixed(n: int) -> dict[str, str]:  # warcio would stamp the clock and a random uuid: not reproducible
        return {"WARC-Date": "2023-06-19T08:30:00Z", "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>"}

    writer.write_record(writer.create_warc_record("", "warcinfo", payload=io.BytesIO(b"software: whimbrel fuzz\r\n"),
                                                  warc_content_type="application/warc-fields",
                                                  warc_headers_dict=fixed(99)))
    for n in range(draw(st.integers(0, 4))):
        url = draw(st.sampled_from([f"https://news.example/story/{n}", "not a url", "https://news.example/robots.txt"]))
        kind = draw(st.sampled_from(["html", "text", "image", "request", "redirect"]))
        if kind == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http,
                                                          warc_headers_dict=fixed(n)))
            continue
        body = {"html": f"<html><body><p>{draw(word_text)}</p></body></html>".encode(),
                "text": draw(word_text).encode(), "image": b"\x89PNG\r\n\x1a\n" + bytes(40),
                "redirect": b""}[kind]
        ctype = {"html": draw(st.sampled_from(["text/html; charset=utf-8", "text/html; charset=latin-1",
                                               "text/html"])),
                 "text": "text/plain", "image": "image/png", "redirect": "text/html"}[kind]
        status = "301 Moved Permanently" if kind == "redirect" else "200 OK"
        encoding = draw(st.sampled_from([None, "gzip"])) if kind == "html" else None
        headers = [("Content-Type", ctype)]
        if encoding:
            body = gzip_module.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                      warc_headers_dict=fixed(n)))
    return draw(mutated_bytes(buffer.getvalue()))
