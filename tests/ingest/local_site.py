"""A small news site on 127.0.0.1, served by a real ``http.server`` in a thread, for the fetcher's tests.

Each route is a function from the request to (status, headers, body); every request is logged with the
time the server received it and its User-Agent, so tests can check politeness from the server's side.
The pages and the feed were written for these tests.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = tuple[int, dict[str, str], bytes]
Route = Callable[["Hit"], Reply]


@dataclass(frozen=True)
class Hit:
    path: str
    at: float  # time.monotonic() when the request line arrived
    user_agent: str
    accept_encoding: str


def _page(title: str, published: str, paragraphs: list[str], *, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head>{meta}<title>{title} | The Meridian Ledger</title>"
            f'<meta property="article:published_time" content="{published}"></head>\n'
            f"<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n"
            f"<article><h1>{title}</h1>\n{body}\n</article>\n"
            f"<footer>© The Meridian Ledger. Subscribe to our newsletter.</footer></body></html>\n")


PAGE = _page("Ceasefire talks resume in Geneva", "2024-03-12T09:30:00+00:00", [
    "Negotiators from both delegations met in Geneva on Tuesday for a fourth round of talks aimed at "
    "extending the ceasefire, the United Nations envoy told reporters outside the Palais des Nations.",
    "\u201cWe are not there yet, but both sides came to listen,\u201d the envoy said, adding that a prisoner "
    "exchange was on the agenda for the coming week.",
    "Rebel commanders in the north accused government forces of shelling two villages overnight, a charge "
    "the defence ministry denied in a statement.",
])
STORIES = {
    "/news/port-strike.html": _page("Dock workers strike over unpaid wages", "2024-03-11T06:10:00+00:00", [
        "Thousands of dock workers walked off the job in the port city on Monday, halting the loading of "
        "grain ships over three months of unpaid wages, union leaders said.",
        "Police fired tear gas at protesters who tried to block the main gate, and at least 14 people were "
        "arrested, according to a police spokesman.",
    ]),
    "/news/border-aid.html": _page("Aid convoy crosses the border after weeks of delay", "2024-03-10T15:45:00+00:00", [
        "A convoy of 40 trucks carrying food and medicine crossed into the besieged province on Sunday, the "
        "World Food Programme said, the first delivery in five weeks.",
        "The agency urged all parties to guarantee safe passage for further convoys planned this month.",
    ]),
}
FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>The Meridian Ledger - World</title><link>http://HOST/world</link>
<description>World news</description><language>en</language>
<item><title>Dock workers strike over unpaid wages</title><link>http://HOST/news/port-strike.html</link>
<guid>ml-2024-0311-strike</guid><pubDate>Mon, 11 Mar 2024 06:10:00 +0000</pubDate>
<description>Dock workers walked off the job on Monday over unpaid wages.</description></item>
<item><title>Aid convoy crosses the border after weeks of delay</title><link>http://HOST/news/border-aid.html</link>
<guid>ml-2024-0310-aid</guid><pubDate>Sun, 10 Mar 2024 15:45:00 +0000</pubDate>
<description>A convoy of 40 trucks crossed into the besieged province on Sunday.</description></item>
<item><title>Minister resigns after corruption inquiry</title><link>http://HOST/news/withdrawn.html</link>
<guid>ml-2024-0309-minister</guid><pubDate>Sat, 09 Mar 2024 18:00:00 +0000</pubDate>
<description>The interior minister resigned on Saturday after an inquiry found that contracts worth
millions had been awarded to companies owned by his relatives, the prime minister's office said.</description></item>
</channel></rss>
"""
# Windows-1256 (Arabic) page whose charset is stated only in the Content-Type header.
ARABIC = ("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><title>\u0645\u062d\u0627\u062f\u062b\u0627\u062a "
          "\u0641\u064a \u0627\u0644\u0642\u0627\u0647\u0631\u0629</title></head><body><article><h1>"
          "\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0641\u064a \u0627\u0644\u0642\u0627\u0647\u0631\u0629</h1>"
          "<p>\u0627\u062c\u062a\u0645\u0639 \u0648\u0632\u064a\u0631\u0627 \u0627\u0644\u062e\u0627\u0631\u062c"
          "\u064a\u0629 \u0641\u064a \u0627\u0644\u0642\u0627\u0647\u0631\u0629 \u064a\u0648\u0645 "
          "\u0627\u0644\u0623\u062d\u062f.</p></article></body></html>")
ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: Whimbrel\nDisallow: /private/\nDisallow: /members/\n"


def _ok(body: bytes | str, ctype: str = "text/html; charset=utf-8", **extra: str) -> Reply:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return 200, {"Content-Type": ctype, "Content-Length": str(len(data)), **extra}, data


@dataclass
class Site:
    """The routes of one server; ``hits`` logs every request in arrival order."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def count(self, path: str) -> int:
        return sum(1 for h in self.hits if h.path == path)


def news_site() -> Site:
    """Every behaviour the fetcher's tests need, on one site."""
    site = Site()
    calls: dict[str, int] = {}

    def nth(path: str) -> int:
        calls[path] = calls.get(path, 0) + 1
        return calls[path]

    def feed(hit: Hit) -> Reply:
        return _ok(FEED.replace(b"HOST", f"127.0.0.1:{site.port}".encode()), "application/rss+xml; charset=utf-8")

    def flaky(hit: Hit) -> Reply:  # fails once, then works: a retry must get it
        if nth(hit.path) == 1:
            return 503, {"Content-Type": "text/plain", "Content-Length": "5"}, b"later"
        return _ok(PAGE)

    def busy(hit: Hit) -> Reply:  # rate-limited once, asking for a one-second pause
        if nth(hit.path) == 1:
            return 429, {"Retry-After": "1", "Content-Length": "0"}, b""
        return _ok(PAGE)

    def gzipped(hit: Hit) -> Reply:
        data = gzip.compress(PAGE.encode("utf-8"))
        return 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip",
                     "Content-Length": str(len(data))}, data

    def deflated(hit: Hit) -> Reply:  # "deflate" as the RFC means it (zlib) and as some servers send it (raw)
        if hit.path.endswith("raw"):
            squeeze = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            data = squeeze.compress(PAGE.encode("utf-8")) + squeeze.flush()
        else:
            data = zlib.compress(PAGE.encode("utf-8"))
        return 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "deflate"}, data

    def bomb(hit: Hit) -> Reply:  # 40 KiB on the wire, 40 MB once decompressed
        return 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(b"<p>" * 13_000_000)

    def slow(hit: Hit) -> Reply:
        time.sleep(1.5)
        return _ok(PAGE)

    site.routes.update({
        "/robots.txt": lambda hit: _ok(ROBOTS, "text/plain"),
        "/page.html": lambda hit: _ok(PAGE),
        "/page-2.html": lambda hit: _ok(PAGE),
        "/page-3.html": lambda hit: _ok(PAGE),
        "/feed.xml": feed,
        **{path: (lambda hit, html=html: _ok(html)) for path, html in STORIES.items()},
        "/private/report.html": lambda hit: _ok(PAGE),
        "/members/page.html": lambda hit: _ok(PAGE),
        "/moved": lambda hit: (301, {"Location": "/page.html", "Content-Length": "0"}, b""),
        "/loop/a": lambda hit: (302, {"Location": "/loop/b", "Content-Length": "0"}, b""),
        "/loop/b": lambda hit: (302, {"Location": f"{site.base}/loop/a", "Content-Length": "0"}, b""),
        "/to-file": lambda hit: (302, {"Location": "file:///etc/passwd", "Content-Length": "0"}, b""),
        "/flaky.html": flaky,
        "/busy.html": busy,
        "/closed.html": lambda hit: (503, {"Retry-After": "3600", "Content-Length": "0"}, b""),
        "/huge-declared.html": lambda hit: (200, {"Content-Type": "text/html", "Content-Length": "5000000"},
                                            b"<html>" + b"x" * 100),
        "/huge-streamed.html": lambda hit: (200, {"Content-Type": "text/html"}, b"<html><p>" + b"word " * 400_000),
        "/gzip.html": gzipped,
        "/deflate-zlib": deflated,
        "/deflate-raw": deflated,
        "/bomb.html": bomb,
        "/slow.html": slow,
        "/arabic.html": lambda hit: _ok(ARABIC.encode("cp1256"), "text/html; charset=windows-1256"),
        "/picture.png": lambda hit: _ok(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
    })
    return site


def unwell_site() -> Site:
    """A site whose robots.txt answers 503: nothing on it may be fetched in this run."""
    site = Site()
    site.routes.update({
        "/robots.txt": lambda hit: (503, {"Content-Length": "0"}, b""),
        "/page.html": lambda hit: _ok(PAGE),
    })
    return site


@contextmanager
def serving(site: Site) -> Iterator[Site]:
    """Serve ``site`` on 127.0.0.1 on a free port for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: a body without Content-Length ends when the connection closes (the streamed case).
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hit = Hit(self.path, time.monotonic(), self.headers.get("User-Agent", ""),
                      self.headers.get("Accept-Encoding", ""))
            site.hits.append(hit)
            route = site.routes.get(self.path.split("?")[0])
            status, headers, body = route(hit) if route else (404, {"Content-Length": "9"}, b"not found")
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size cap, timeout): that is the point of the test

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
