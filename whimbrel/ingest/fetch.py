"""A polite HTTP fetcher: the only code in Whimbrel that touches the network, and only when asked to.

Whimbrel reads files by default. ``whimbrel fetch`` and ``whimbrel process --fetch`` hand URLs to a
:class:`Fetcher`, which behaves as a well-mannered crawler:

1. only ``http`` and ``https`` URLs (``file://``, ``ftp://`` and the like are refused);
2. a User-Agent that names Whimbrel and where to read about it (``settings().user_agent``);
3. robots.txt honoured per host, fetched once per run and cached (:mod:`whimbrel.ingest.robots`);
4. at most one request per ``delay`` seconds to the same host (robots.txt's Crawl-delay can lengthen it);
5. retries with exponential backoff on connection errors, timeouts, 429 and 5xx, honouring Retry-After
   up to a cap (a server asking for a longer wait is taken at its word: we give up rather than come back
   early); 4xx other than 429 is final;
6. a timeout to connect, one between two reads, and one for the whole response (a server that drips a
   byte a second cannot hold a run hostage);
7. a size cap enforced while the body streams in, after decompression, before anything parses it; a
   Content-Length above the cap is refused before reading a byte;
8. redirects followed up to a limit, each hop checked (scheme, robots.txt), loops reported as loops;
9. gzip and deflate content-encodings decoded (the only ones we ask for).

Why the standard library (``http.client``) rather than requests or httpx: both are present only as
other packages' dependencies, and neither would save code here. Redirects must be walked one hop at a
time (loop detection, robots.txt per hop), the size cap must apply to decoded bytes while streaming
(:mod:`whimbrel.ingest.http_body`), and the time limits must cover connecting, each read and the whole
transfer; ``http.client`` gives exactly that control with nothing to pin. Every failure is a
:class:`~whimbrel.errors.FetchError` naming the URL, the status and the reason.
"""

from __future__ import annotations

import email.message
import email.utils
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import SplitResult, quote, urldefrag, urljoin, urlsplit, urlunsplit

from whimbrel.errors import FetchError
from whimbrel.ingest.http_body import read_body
from whimbrel.ingest.robots import RobotsCache

__all__ = ["FetchPolicy", "FetchResult", "Fetcher", "is_url"]

_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.8")


def is_url(text: str) -> bool:
    """Does this input name a web resource rather than a file? (Any ``scheme://``, so that ``file://``
    and ``ftp://`` reach the fetcher and get a clear refusal instead of "no such file".)"""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha() and len(scheme) > 1


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch. :meth:`from_settings` reads the configured defaults."""

    user_agent: str
    delay: float = 1.0  # seconds between the starts of two requests to one host
    timeout: float = 20.0  # to connect, and between two reads of a response
    total_timeout: float = 120.0  # for one whole response, headers to last byte
    max_bytes: int = 10 * 1024 * 1024  # decoded body; more is refused while streaming
    max_redirects: int = 10
    retries: int = 3  # after the first attempt, on transient failures only
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_retry_after: float = 60.0  # longest Retry-After we wait for; longer means "not in this run"
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay above this is capped

    @classmethod
    def from_settings(cls, **overrides: Any) -> FetchPolicy:
        """The configured defaults (``whimbrel.config``), with ``overrides`` (None values ignored)."""
        from whimbrel.config import settings

        s = settings()
        policy = cls(user_agent=s.user_agent, delay=s.fetch_delay, timeout=s.fetch_timeout,
                     max_bytes=s.fetch_max_bytes)
        return replace(policy, **{k: v for k, v in overrides.items() if v is not None})


@dataclass(frozen=True)
class FetchResult:
    """One successful (2xx) response, its body decoded from any content-encoding and within the cap; or, for
    a conditional GET, a 304 "not modified" with an empty body."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    content: bytes
    content_type: str | None  # media type only, lower case ("text/html")
    charset: str | None  # from the Content-Type header only (the body may declare its own)
    fetched_at: datetime  # UTC
    redirects: tuple[str, ...] = field(default=())  # every URL visited before final_url


class _Transient(Exception):
    """A failure worth retrying; ``error`` is what to raise when the retries run out."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(error.message)
        self.error, self.retry_after = error, retry_after


@dataclass
class _Response:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes = b""


class Fetcher:
    """Fetch URLs politely (see the module docstring). One instance per run: it remembers each host's
    robots.txt and when it last asked that host for something. Safe to share between threads."""

    def __init__(self, policy: FetchPolicy | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy or FetchPolicy.from_settings()
        self._sleep, self._clock = sleep, clock
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}  # host → earliest start of the next request
        self._ssl = ssl.create_default_context()
        self.robots = RobotsCache(self.policy.user_agent, self._robots_get)

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url``, following redirects; raise :class:`~whimbrel.errors.FetchError` on any failure.
        With ``etag`` / ``last_modified`` (from an earlier response) the GET is conditional: an unchanged
        resource comes back as status 304 with an empty body."""
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        return self._fetch(url, max_bytes=self.policy.max_bytes, max_redirects=self.policy.max_redirects,
                           check_robots=True, truncate=False, conditional=conditional)

    # -- the redirect walk ---------------------------------------------------------------------------
    def _fetch(self, url: str, *, max_bytes: int, max_redirects: int, check_robots: bool,
               truncate: bool, conditional: dict[str, str] | None = None) -> FetchResult:
        visited: list[str] = []
        current = url.strip()
        while True:
            parts = _check_url(current, origin=url)
            if check_robots:
                self.robots.check(current, parts)
            response = self._get_with_retries(current, parts, max_bytes=max_bytes, truncate=truncate,
                                              conditional=conditional)
            if response.status not in _REDIRECTS:
                return _result(url, current, response, visited)
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} {response.reason} without a Location to go to",
                                 url=current, reason="redirects", status=response.status)
            visited.append(current)
            target = urldefrag(urljoin(current, location.strip())).url  # a fragment is never sent
            if target in visited:
                loop = " → ".join([*visited[visited.index(target):], target])
                raise FetchError(f"redirect loop ({loop})", url=url, reason="redirects", status=response.status)
            if len(visited) > max_redirects:
                raise FetchError(f"more than {max_redirects} redirects (last: {target})", url=url,
                                 reason="redirects", status=response.status)
            current = target

    def _robots_get(self, url: str, max_bytes: int) -> FetchResult:
        # RFC 9309: follow at least five redirects for robots.txt, and read at least 500 KiB of it.
        return self._fetch(url, max_bytes=max_bytes, max_redirects=5, check_robots=False, truncate=True)

    # -- retries and rate limiting -------------------------------------------------------------------
    def _get_with_retries(self, url: str, parts: SplitResult, *, max_bytes: int, truncate: bool,
                          conditional: dict[str, str] | None = None) -> _Response:
        policy = self.policy
        for attempt in range(policy.retries + 1):
            self._wait_turn(parts.netloc.lower())
            try:
                return self._get_once(url, parts, max_bytes=max_bytes, truncate=truncate, conditional=conditional)
            except _Transient as exc:
                if attempt == policy.retries:
                    tries = f" (after {attempt + 1} attempts)" if attempt else ""
                    exc.error.message += tries
                    raise exc.error from None
                wait = policy.backoff * 2 ** attempt
                if exc.retry_after is not None:
                    if exc.retry_after > policy.max_retry_after:
                        exc.error.message += (f"; the server asks to come back in {exc.retry_after:.0f} s, "
                                              f"longer than Whimbrel waits ({policy.max_retry_after:.0f} s)")
                        raise exc.error from None
                    wait = max(wait, exc.retry_after)
                self._sleep(wait)
        raise AssertionError("unreachable")

    def _wait_turn(self, host: str) -> None:
        """Reserve the next slot for ``host`` (under the lock), then sleep until it comes."""
        interval = max(self.policy.delay, min(self.robots.crawl_delay(host) or 0.0, self.policy.max_crawl_delay))
        with self._lock:
            now = self._clock()
            start = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = start + interval
        if start > now:
            self._sleep(start - now)

    # -- one request ---------------------------------------------------------------------------------
    def _get_once(self, url: str, parts: SplitResult, *, max_bytes: int, truncate: bool,
                  conditional: dict[str, str] | None = None) -> _Response:
        policy = self.policy
        host = _ascii_host(parts.hostname or "", url)
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(host, parts.port, timeout=policy.timeout, context=self._ssl)
        else:
            conn = http.client.HTTPConnection(host, parts.port, timeout=policy.timeout)
        deadline = self._clock() + policy.total_timeout
        try:
            conn.connect()
            conn.request("GET", _request_target(parts), headers={
                "User-Agent": policy.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate",
                "Connection": "close", **(conditional or {})})
            resp = conn.getresponse()
            headers = _headers(resp)
            out = _Response(resp.status, resp.reason or http.client.responses.get(resp.status, ""), headers)
            if resp.status == 429 or resp.status >= 500:
                raise _Transient(FetchError(f"HTTP {resp.status} {out.reason}", url=url, reason="status",
                                            status=resp.status), _retry_after(headers.get("retry-after")))
            if resp.status in _REDIRECTS or (resp.status == 304 and conditional):
                return out  # a redirect to follow, or "not modified" since the copy we hold
            if not 200 <= resp.status < 300:
                raise FetchError(f"HTTP {resp.status} {out.reason}", url=url, reason="status", status=resp.status)
            out.body = read_body(resp, url=url, max_bytes=max_bytes, truncate=truncate, deadline=deadline,
                                 clock=self._clock)
            return out
        except TimeoutError:
            raise _Transient(FetchError(f"timed out (no answer within {policy.timeout:g} s)", url=url,
                                        reason="timeout")) from None
        except socket.gaierror as exc:  # an unknown host name does not come back by retrying
            raise FetchError(f"cannot resolve host {host!r} ({exc.strerror})", url=url, reason="connection") from None
        except ssl.SSLCertVerificationError as exc:
            raise FetchError(f"TLS certificate not valid ({exc.verify_message})", url=url,
                             reason="connection") from None
        except (OSError, http.client.HTTPException) as exc:
            detail = getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__
            raise _Transient(FetchError(f"connection failed ({detail})", url=url, reason="connection")) from None
        finally:
            conn.close()


# -- helpers -----------------------------------------------------------------------------------------
def _check_url(url: str, *, origin: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as exc:
        raise FetchError(f"not a valid URL ({exc})", url=url, reason="scheme") from None
    if parts.scheme.lower() not in _SCHEMES:
        hop = "" if url == origin else f" (redirected to {url})"
        what = f"{parts.scheme}:" if parts.scheme else "a bare path"
        raise FetchError(f"only http and https URLs are fetched, not {what}{hop}",
                         url=origin, reason="scheme")
    if not parts.hostname:
        raise FetchError("URL has no host name", url=url, reason="scheme")
    return parts


def _ascii_host(host: str, url: str) -> str:
    """An internationalised host name in the ASCII form DNS and the Host header need."""
    try:
        return host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"host name {host!r} is not valid", url=url, reason="scheme") from None


def _request_target(parts: SplitResult) -> str:
    """Path and query, percent-encoded where a browser would (spaces, non-ASCII), the rest untouched."""
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return urlunsplit(("", "", path, query, ""))


def _headers(resp: http.client.HTTPResponse) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in resp.getheaders():
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a field of 60 digits (found fuzzing feeds)
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _result(url: str, final_url: str, response: _Response, visited: list[str]) -> FetchResult:
    msg = email.message.Message()
    msg["content-type"] = response.headers.get("content-type", "")
    ctype = msg.get_content_type() if response.headers.get("content-type") else None
    charset = msg.get_content_charset()
    return FetchResult(url=url, final_url=final_url, status=response.status, headers=response.headers,
                       content=response.body, content_type=ctype, charset=charset, fetched_at=datetime.now(UTC),
                       redirects=tuple(visited))
