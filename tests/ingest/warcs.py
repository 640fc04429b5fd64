"""Small WARC files for the tests, written with warcio's own writer (so they are valid to the letter),
plus the records a real crawl holds around the pages: warcinfo, requests, robots.txt, an image, a redirect,
a 404, metadata and a revisit."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


@dataclass
class Capture:
    url: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"
    kind: str = "response"


def story_html(headline: str, *paragraphs: str, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{meta}<title>{headline}</title></head><body>"
            f"<nav>Home | World | Opinion</nav><article><h1>{headline}</h1>\n{body}\n</article>"
            f"<footer>Copyright 2023. All rights reserved.</footer></body></html>")


STORIES = [
    Capture("https://ledger.example/2023/06/17/faisal-tehran", story_html(
        "Saudi foreign minister arrives in Tehran",
        "TEHRAN - Saudi Foreign Minister Prince Faisal bin Farhan arrived in Tehran on Saturday, the first visit "
        "by a Saudi foreign minister in years, as the two rivals move to restore diplomatic ties.",
        "His Iranian counterpart, Hossein Amir-Abdollahian, said Iran was ready to expand cooperation.").encode()),
    Capture("https://ledger.example/2023/06/18/houthi-talks", story_html(
        "Omani mediators return to Sanaa for talks with Houthis",
        "SANAA - A delegation of Omani mediators arrived in the Yemeni capital on Sunday for a new round of talks "
        "with Houthi leaders on extending a truce that has largely held for more than a year.",
        "A Houthi spokesman said the group would insist on the payment of public sector salaries.").encode()),
    Capture("https://ledger.example/2023/06/19/iraq-kuwait", story_html(
        "Iraq and Kuwait discuss maritime border",
        "KUWAIT CITY - Iraqi Prime Minister Mohammed Shia al-Sudani met Kuwait's crown prince on Monday to discuss "
        "navigation in the Khor Abdullah waterway, the Kuwaiti news agency said.",
        "Both sides agreed to form a joint technical committee, officials said.").encode()),
]


def crawl(*pages: Capture) -> list[Capture]:
    """The pages with what a crawl captures around them (none of which is an article)."""
    out = [Capture("https://ledger.example/robots.txt", b"User-agent: *\nDisallow: /search\n", "text/plain")]
    for page in pages:
        out += [Capture(page.url, b"", None, kind="request"), page]
    out += [
        Capture("https://ledger.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
        Capture("http://ledger.example/", b"", "text/html", status="301 Moved Permanently"),
        Capture("https://ledger.example/missing", b"<html><body><p>Not found</p></body></html>", "text/html",
                status="404 Not Found"),
        Capture(pages[0].url if pages else "https://ledger.example/", b"outlinks: https://ledger.example/x\r\n",
                "application/warc-fields", kind="metadata"),
        Capture(pages[0].url if pages else "https://ledger.example/", b"", None, kind="revisit"),
    ]
    return out


def write_warc(path: Path, captures: list[Capture], *, gzip: bool) -> list[int]:
    """Write a WARC (warcinfo first) and return each record's byte offset, warcinfo's included."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets = [0]
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "whimbrel tests"}))
    for capture in captures:
        offsets.append(buffer.tell())
        if capture.kind == "request":
            host = capture.url.split("/")[2]
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", host)], is_http_request=True)
            record = writer.create_warc_record(capture.url, "request", payload=io.BytesIO(b""), http_headers=http)
        elif capture.kind == "metadata":
            record = writer.create_warc_record(capture.url, "metadata", payload=io.BytesIO(capture.body),
                                               warc_content_type="application/warc-fields")
        elif capture.kind == "resource":  # a file archived as is: no HTTP headers, the type in the WARC header
            record = writer.create_warc_record(capture.url, "resource", payload=io.BytesIO(capture.body),
                                               warc_content_type=capture.content_type)
        elif capture.kind == "revisit":
            record = writer.create_revisit_record(capture.url, digest="sha1:" + "A" * 32, refers_to_uri=capture.url,
                                                  refers_to_date="2023-06-18T00:00:00Z")
        else:
            headers = [("Content-Type", capture.content_type)] if capture.content_type else []
            http = StatusAndHeaders(capture.status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(capture.url, capture.kind, payload=io.BytesIO(capture.body),
                                               http_headers=http)
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return offsets
