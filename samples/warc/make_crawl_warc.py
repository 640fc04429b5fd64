"""Write ``crawl.warc``: a small web-archive capture of three news pages, for ``make demo``.

Run it from the repository root (``.venv/bin/python samples/warc/make_crawl_warc.py``); the output is
the same bytes every time (fixed record ids and dates), so the committed file can be checked against it.
The pages were written by the Whimbrel team; the outlets and URLs are made up (``*.example``).

Besides the three pages (HTTP 200, text/html) the capture holds what a real crawl holds and Whimbrel
skips without complaint: a warcinfo record, the HTTP requests, robots.txt, an image, a redirect, a
metadata record and a revisit (the same page captured again, unchanged). The third page is encoded in
windows-1252 and says so only in its HTTP header, as many older sites do.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).with_name("crawl.warc")
CRAWLED = "2023-07-18T10:{:02d}:00Z"

GRAIN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Russia pulls out of Black Sea grain deal | Albion Observer</title>
<meta property="article:published_time" content="2023-07-17T14:25:00+01:00">
<meta name="author" content="Tom Whitaker">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/europe">Europe</a></nav>
<article>
<h1>Russia pulls out of Black Sea grain deal</h1>
<p class="byline">By Tom Whitaker, Diplomatic Correspondent</p>
<p>MOSCOW/KYIV - Russia said on Monday it was suspending its participation in the Black Sea grain deal,
the agreement brokered by the United Nations and Turkey last July that allowed Ukraine to export grain
from three of its ports despite the war.</p>
<p>Kremlin spokesman Dmitry Peskov said the deal would cease to apply from Tuesday because the parts of
it concerning Russia's own food and fertiliser exports had not been carried out. "As soon as they are,
Russia will return to the implementation of the deal," he told reporters.</p>
<p>Ukraine's President Volodymyr Zelenskiy said Kyiv was ready to continue exporting without Russia's
participation and accused Moscow of using hunger as a weapon. UN Secretary-General Antonio Guterres
said he deeply regretted the decision and warned that hundreds of millions of people facing hunger would
pay the price.</p>
<p>The announcement came hours after an attack damaged the road bridge linking Russia to the Crimean
peninsula. Russia blamed Ukrainian naval drones for the attack, which it said killed a couple travelling
by car and wounded their daughter.</p>
<aside class="related"><h2>Related</h2><ul><li><a href="/x">Grain prices jump in Chicago</a></li>
<li><a href="/y">Turkey's Erdogan to call Putin</a></li></ul></aside>
</article>
<footer>&copy; 2023 Albion Observer. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
"""

CONGO = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>DR Congo expels Rwandan ambassador as M23 rebels advance - Great Lakes Review</title>
<meta property="article:published_time" content="2022-10-30T20:10:00+02:00">
</head><body>
<header><div class="logo">Great Lakes Review</div><div class="menu">News | Politics | Business</div></header>
<main><div class="story">
<h1>DR Congo expels Rwandan ambassador as M23 rebels advance</h1>
<p>KINSHASA - The Democratic Republic of Congo on Saturday ordered Rwanda's ambassador, Vincent Karega,
to leave the country within 48 hours, accusing Kigali of backing the M23 rebels who have seized two
towns in North Kivu province in the past week.</p>
<p>Government spokesman Patrick Muyaya said after an emergency meeting of the defence council chaired by
President Felix Tshisekedi that Rwanda had shown "a clear intention to occupy" Congolese territory.</p>
<p>The M23 fighters took control of Kiwanja and Rutshuru on Saturday after clashes with the Congolese
army, residents said, forcing thousands of people to flee towards Goma. Rwanda has repeatedly denied
supporting the rebels.</p>
<p>The United Nations peacekeeping mission said its troops remained in position around Rumangabo and
called on the M23 to stop its offensive immediately.</p>
</div>
<div class="newsletter">Sign up for our morning briefing</div></main>
<footer>Great Lakes Review &middot; Contact &middot; Advertise</footer>
</body></html>
"""

# Encoded as windows-1252 (curly quotes, accented names); only the HTTP header says so.
PARIS = """<html><head>
<title>Zelenskiy meets Macron and Scholz in Paris</title>
<meta property="article:published_time" content="2023-02-09T07:30:00+01:00">
</head><body>
<div id="content">
<h1>Zelenskiy meets Macron and Scholz in Paris</h1>
<p>PARIS \u2013 Ukrainian President Volodymyr Zelenskiy met French President Emmanuel Macron and German
Chancellor Olaf Scholz at the \u00c9lys\u00e9e Palace on Wednesday evening, after a visit to London in which he
asked Britain for fighter jets.</p>
<p>Macron said France would stand by Ukraine \u201cuntil victory\u201d and promised to keep delivering military
equipment. Scholz said Germany would support Ukraine \u201cfor as long as necessary\u201d.</p>
<p>Zelenskiy told reporters that the more quickly Ukraine received heavy long-range weapons and modern
aircraft, the sooner Russia\u2019s aggression would end. He was due to address European Union leaders at a
summit in Brussels on Thursday.</p>
</div>
<div class="share">Share on Facebook | Share on X</div>
</body></html>
"""


def _http(status: str, content_type: str | None, extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    headers = [("Server", "nginx"), ("Date", "Tue, 18 Jul 2023 10:00:00 GMT")]
    if content_type:
        headers.append(("Content-Type", content_type))
    return StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")


def _fixed(number: int, *, uri: str | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Record id and date that do not change from one run to the next."""
    digest = hashlib.sha1(f"whimbrel-demo-{number}".encode()).hexdigest()
    headers = {"WARC-Record-ID": f"<urn:uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}>",
               "WARC-Date": CRAWLED.format(number)}
    if uri:
        headers["WARC-Target-URI"] = uri
    return headers | (extra or {})


def main(out: Path = OUT) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    number = 0

    def write(uri: str, kind: str, payload: bytes, http: StatusAndHeaders | None = None,
              content_type: str | None = None, extra: dict[str, str] | None = None) -> None:
        nonlocal number
        number += 1
        record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http,
                                           warc_content_type=content_type, warc_headers_dict=_fixed(number, extra=extra))
        writer.write_record(record)

    write("", "warcinfo", b"software: Whimbrel demo writer\r\nformat: WARC File Format 1.1\r\n",
          content_type="application/warc-fields", extra={"WARC-Filename": "crawl.warc"})
    pages = [
        ("https://observer.example/world/2023/jul/17/russia-grain-deal", GRAIN.encode("utf-8"),
         "text/html; charset=utf-8"),
        ("https://greatlakes.example/politics/drc-expels-rwanda-envoy", CONGO.encode("utf-8"),
         "text/html; charset=UTF-8"),
        ("https://bulletin.example/europe/zelenskiy-paris.html", PARIS.encode("cp1252"),
         "text/html; charset=windows-1252"),
    ]
    write("https://observer.example/robots.txt", "response", b"User-agent: *\nDisallow: /search\n",
          _http("200 OK", "text/plain"))
    for uri, body, content_type in pages:
        parts = urlsplit(uri)
        request = StatusAndHeaders(f"GET {parts.path or '/'} HTTP/1.1",
                                   [("Host", parts.netloc), ("User-Agent", "demo-crawler")], is_http_request=True)
        write(uri, "request", b"", request)
        write(uri, "response", body, _http("200 OK", content_type))
    write("https://observer.example/img/grain-ship.png", "response", b"\x89PNG\r\n\x1a\n" + bytes(64),
          _http("200 OK", "image/png"))
    write("http://observer.example/world", "response", b"", _http(
        "301 Moved Permanently", "text/html", [("Location", "https://observer.example/world")]))
    write(pages[0][0], "metadata", b"outlinks: https://observer.example/x https://observer.example/y\r\n",
          content_type="application/warc-fields")
    number += 1
    writer.write_record(writer.create_revisit_record(
        pages[1][0], digest="sha1:" + "A" * 32, refers_to_uri=pages[1][0], refers_to_date=CRAWLED.format(5),
        http_headers=_http("200 OK", "text/html; charset=UTF-8"), warc_headers_dict=_fixed(number)))
    out.write_bytes(buffer.getvalue())
    print(f"wrote {out} ({len(buffer.getvalue()):,} bytes, {number} records)")


if __name__ == "__main__":
    main()
