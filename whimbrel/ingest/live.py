"""Live feeds: ``whimbrel watch-feeds FEEDS.yaml`` polls RSS/Atom feeds and processes what is new.

A feeds file::

    interval: 30m                  # default polling interval (s, m, h); at least 1 minute
    fetch_pages: true              # fetch each new entry's linked page (default true)
    feeds:
      - url: https://example.org/world/rss.xml
        interval: 10m              # per-feed override
      - url: https://example.net/atom.xml
        fetch_pages: false         # the entries carry the full text

Each poll is a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the last answer), so an
unchanged feed costs the publisher one 304. New entries are those whose article id (from the link, as for
``whimbrel fetch``) is not in the store yet; they go through exactly the path of ``whimbrel fetch`` piped
into ``whimbrel process``: fetched politely, written as JSON Lines input records, processed into the store.

State survives restarts: per feed, the validators, the last poll and its outcome, and counts, in a JSON file
beside the store (``<db>.feeds.json``, written atomically). A restarted watcher polls each feed when it is
due and never processes an entry twice, because "new" is decided by the store itself. The API serves the
state file (``GET /api/feeds``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whimbrel.config import read_yaml_file
from whimbrel.errors import ConfigError, InputError, StoreError
from whimbrel.ingest.feeds import parse_feed
from whimbrel.ingest.fetch import Fetcher
from whimbrel.ingest.ids import derived_id
from whimbrel.ingest.remote import entry_articles, input_record
from whimbrel.records import Article

__all__ = ["FeedSpec", "FeedState", "load_feeds", "poll_feed", "read_state", "state_path", "watch_feeds"]

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smh]?)")
_MIN_INTERVAL = 60.0


@dataclass(frozen=True)
class FeedSpec:
    url: str
    interval: float  # seconds
    fetch_pages: bool = True


@dataclass
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: str | None = None  # ISO timestamp (UTC)
    next_poll: float = 0.0  # epoch seconds
    last_status: str | None = None  # "new 3", "not modified", "no new entries", "error: …"
    polls: int = 0
    articles: int = 0  # new articles processed from this feed, all time
    failures: int = 0


def _seconds(value: Any, where: str) -> float:
    m = _DURATION.fullmatch(str(value).strip().lower())
    if not m:
        raise ConfigError(f"{where}: interval must be like 90s, 15m or 2h, got {value!r}")
    secs = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]
    if secs < _MIN_INTERVAL:
        raise ConfigError(f"{where}: an interval under a minute is impolite to publishers ({value!r})")
    return secs


def load_feeds(path: Path) -> list[FeedSpec]:
    where = str(path)
    data = read_yaml_file(path, "feeds file")
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), list) or not data["feeds"]:
        raise ConfigError(f"{where}: a feeds file is a mapping with a non-empty 'feeds' list")
    default = _seconds(data.get("interval", "30m"), where)
    pages = bool(data.get("fetch_pages", True))
    out: list[FeedSpec] = []
    for k, item in enumerate(data["feeds"], start=1):
        item = {"url": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or \
                not item["url"].startswith(("http://", "https://")):
            raise ConfigError(f"{where}: feed {k} needs an http(s) 'url'")
        interval = _seconds(item["interval"], f"{where}: feed {k}") if "interval" in item else default
        out.append(FeedSpec(url=item["url"], interval=interval, fetch_pages=bool(item.get("fetch_pages", pages))))
    return out


def state_path(db: str | Path) -> Path:
    """Beside a store file (``<db>.feeds.json``); for a PostgreSQL store, in the cache directory under a name
    drawn from its URL (one watcher per database is the expected set-up)."""
    from whimbrel.store.factory import is_postgres_url

    if is_postgres_url(db):
        from whimbrel.config import settings

        return settings().cache_dir / f"feeds-{hashlib.sha1(str(db).encode()).hexdigest()[:16]}.json"
    return Path(f"{db}.feeds.json")


def read_state(path: Path) -> dict[str, FeedState]:
    """The saved state by feed URL (empty when there is none yet; a damaged file is a clear error)."""
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {url: FeedState(**fields) for url, fields in raw["feeds"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: the feed state file is damaged ({exc}); move it away to start afresh") from None


def _write_state(path: Path, states: dict[str, FeedState]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"feeds": {u: asdict(s) for u, s in states.items()}}, fh, indent=1)
    os.replace(tmp, path)  # atomic: a crash leaves the old state or the new one


@dataclass
class PollResult:
    url: str
    status: str
    new_records: list[dict[str, Any]] = field(default_factory=list)  # JSON Lines input records
    failures: list[str] = field(default_factory=list)


def poll_feed(spec: FeedSpec, state: FeedState, fetcher: Fetcher, known: Callable[[list[str]], set[str]]) -> PollResult:
    """One conditional poll; entries whose article id ``known`` reports as stored are skipped."""
    result = fetcher.fetch(spec.url, etag=state.etag, last_modified=state.last_modified)
    if result.status == 304:
        return PollResult(spec.url, "not modified")
    state.etag = result.headers.get("etag") or None
    state.last_modified = result.headers.get("last-modified") or None
    entries = parse_feed(result.content, where=spec.url, encoding=result.charset)
    ids = {derived_id(url=e.url) if e.url else None: e for e in entries}
    seen = known([i for i in ids if i])
    fresh = [e for i, e in ids.items() if i is None or i not in seen]
    poll = PollResult(spec.url, f"new {len(fresh)}" if fresh else "no new entries")
    for item in entry_articles(fresh, path=spec.url, fetcher=fetcher if spec.fetch_pages else None):
        if isinstance(item, Article):
            poll.new_records.append(input_record(item))
        else:
            poll.failures.append(f"{item.where}: {item.message}")
    return poll


def watch_feeds(specs: list[FeedSpec], *, db: str | Path, fetcher: Fetcher | None = None, cycles: int | None = None,
                sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time,
                log: Callable[[str], None] = lambda _: None) -> Iterator[PollResult]:
    """Poll each feed when due, process what is new into the store at ``db``; forever, or ``cycles`` rounds
    (a round polls every feed that is due, then sleeps until the next one is)."""
    from whimbrel.runner import process
    from whimbrel.store import Store, open_store

    fetcher = fetcher or Fetcher()
    path = state_path(db)
    states = read_state(path)
    for spec in specs:
        states.setdefault(spec.url, FeedState(url=spec.url))
    rounds = 0
    while cycles is None or rounds < cycles:
        rounds += 1
        now = clock()
        for spec in specs:
            state = states[spec.url]
            if state.next_poll > now:
                continue
            state.polls += 1
            state.last_poll = datetime.now(UTC).isoformat(timespec="seconds")
            state.next_poll = now + spec.interval
            try:
                with open_store(db) as store:
                    def known(ids: list[str], store: Store = store) -> set[str]:
                        rows = store.query("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
                        return {r["id"] for r in rows}

                    poll = poll_feed(spec, state, fetcher, known)
            except (InputError, StoreError) as exc:  # a feed that fails, or a store busy past the wait
                state.last_status, state.failures = f"error: {exc}", state.failures + 1
                _write_state(path, states)
                log(f"{spec.url}: {exc}")
                continue
            if poll.new_records:
                with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
                    for rec in poll.new_records:
                        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                try:
                    report = process([fh.name], fmt="jsonl", db=db)
                finally:
                    os.unlink(fh.name)
                state.articles += report.articles
            state.failures += len(poll.failures)
            state.last_status = poll.status + (f", {len(poll.failures)} failed" if poll.failures else "")
            _write_state(path, states)
            log(f"{spec.url}: {state.last_status}")
            yield poll
        if cycles is not None and rounds >= cycles:
            break
        due = min(s.next_poll for s in states.values() if s.url in {f.url for f in specs})
        sleep(max(1.0, due - clock()))
