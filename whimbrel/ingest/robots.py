"""robots.txt, fetched once per site per run and cached, read the way RFC 9309 (and Google) read it.

- 2xx: parsed with :mod:`urllib.robotparser`; rules for the token ``Whimbrel`` win over ``*``; a
  Crawl-delay lengthens the pause between two requests to that host.
- 4xx (404, 410, even 401/403): no robots.txt, everything allowed.
- 429, 5xx, or the site unreachable: everything disallowed for the rest of the run. A site that is
  struggling should not be crawled, and we cannot know what it would have forbidden.
- Redirects are followed (up to five); too many counts as "no robots.txt".
- Only the first 500 KiB is read (the minimum RFC 9309 asks a crawler to parse).

Known limit: :mod:`urllib.robotparser` applies the first matching Allow/Disallow line of a group, where
Google applies the longest; a robots.txt that lists a broad Disallow before a narrower Allow is read
more strictly than Google reads it (never less strictly).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import SplitResult
from urllib.robotparser import RobotFileParser

from whimbrel.errors import FetchError, RobotsDisallowedError

if TYPE_CHECKING:
    from whimbrel.ingest.fetch import FetchResult

__all__ = ["ROBOTS_MAX_BYTES", "RobotsCache"]

ROBOTS_MAX_BYTES = 500 * 1024


@dataclass(frozen=True)
class _Rules:
    parser: RobotFileParser | None  # None: a blanket answer, see ``allow_all``
    allow_all: bool = True
    why: str = ""  # for a blanket refusal: what went wrong with robots.txt


class RobotsCache:
    """Per-site robots.txt rules for one user agent. ``get(url, max_bytes)`` fetches robots.txt itself
    (the fetcher passes its own method, without the robots check, so the request is just as polite)."""

    def __init__(self, user_agent: str, get: Callable[[str, int], FetchResult]) -> None:
        self.user_agent = user_agent
        self.token = user_agent.split("/")[0].strip() or user_agent  # "Whimbrel"
        self._get = get
        self._rules: dict[str, _Rules] = {}  # "scheme://host:port" → rules
        self._delays: dict[str, float] = {}  # "host:port" → Crawl-delay seconds
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def check(self, url: str, parts: SplitResult) -> None:
        """Raise :class:`~whimbrel.errors.RobotsDisallowedError` if robots.txt forbids ``url`` to us."""
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._site_rules(site, parts.netloc.lower())
        if rules.parser is None:
            if not rules.allow_all:
                raise RobotsDisallowedError(f"not fetched: {rules.why}", url=url, reason="robots")
            return
        if not rules.parser.can_fetch(self.user_agent, url):
            raise RobotsDisallowedError(f"not fetched: {site}/robots.txt disallows this path for "
                                        f"{self.token}", url=url, reason="robots")

    def crawl_delay(self, netloc: str) -> float | None:
        return self._delays.get(netloc)

    def _site_rules(self, site: str, netloc: str) -> _Rules:
        with self._guard:
            if site in self._rules:
                return self._rules[site]
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:  # one fetch of robots.txt per site, even with several threads asking at once
            if site not in self._rules:
                self._rules[site] = self._load(site, netloc)
            return self._rules[site]

    def _load(self, site: str, netloc: str) -> _Rules:
        robots_url = f"{site}/robots.txt"
        try:
            result = self._get(robots_url, ROBOTS_MAX_BYTES)
        except FetchError as exc:
            status = exc.status
            if status is not None and 400 <= status < 500 and status != 429:
                return _Rules(None, allow_all=True)
            if exc.reason in ("redirects", "scheme"):
                return _Rules(None, allow_all=True)
            return _Rules(None, allow_all=False,
                          why=f"{robots_url} could not be read ({exc.message}); by RFC 9309 nothing on "
                              f"this site is fetched in this run")
        parser = RobotFileParser(robots_url)
        parser.parse(result.content.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self.user_agent)
        if delay is not None:
            self._delays[netloc] = float(delay)
        return _Rules(parser)
