"""``watch-feeds``: conditional polling, only new entries processed, state kept across restarts."""

import json
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from whimbrel.errors import ConfigError
from whimbrel.ingest.fetch import Fetcher, FetchPolicy
from whimbrel.ingest.live import load_feeds, read_state, state_path, watch_feeds
from whimbrel.store import open_store

from ..conftest import WHIMBREL

ITEMS = [
    ("clash", "Clashes in Marib", "Houthi fighters attacked government positions near Marib on Monday, killing "
     "six soldiers, military officials said."),
    ("talks", "Talks in Muscat", "Saudi and Houthi negotiators met in Muscat on Tuesday to discuss a prisoner "
     "exchange, Omani mediators said."),
    ("aid", "Aid reaches Hodeidah", "A convoy of 20 trucks carrying food reached Hodeidah on Wednesday, the "
     "World Food Programme said."),
]


def _feed(host: str, items) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>http://{host}/news/{slug}.html</link><guid>{slug}</guid>"
        f"<pubDate>Mon, 11 Mar 2024 06:10:00 +0000</pubDate><description>{text}</description></item>"
        for slug, title, text in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Yemen Desk</title>'
            f"<link>http://{host}/</link><description>news</description>{entries}</channel></rss>").encode()


@pytest.fixture
def feed_server():
    state = {"items": ITEMS[:2], "version": 1, "conditional": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            etag = f'"v{state["version"]}"'
            state["conditional"].append(self.headers.get("If-None-Match"))
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            body = _feed(f"127.0.0.1:{self.server.server_port}", state["items"])
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/feed.xml"
    yield state
    server.shutdown()


def _feeds_file(tmp_path, url):
    path = tmp_path / "feeds.yaml"
    path.write_text(f"interval: 5m\nfetch_pages: false\nfeeds:\n  - url: {url}\n", encoding="utf-8")
    return path


def _stored(db):
    with open_store(db, read_only=True) as store:
        return sorted(r["title"] for r in store.query("SELECT title FROM articles"))


def test_only_new_entries_are_processed_and_unchanged_feeds_cost_a_304(tmp_path, feed_server, store_db, request):
    db = store_db("live")  # a DuckDB file, then a PostgreSQL database
    # A PostgreSQL store's watch state lives in the cache directory, not beside a file: not left behind there.
    request.addfinalizer(lambda: state_path(db).unlink(missing_ok=True))
    specs = load_feeds(_feeds_file(tmp_path, feed_server["url"]))
    fetcher = Fetcher(FetchPolicy.from_settings(delay=0.0))
    [first] = watch_feeds(specs, db=db, fetcher=fetcher, cycles=1)
    assert first.status == "new 2"
    assert _stored(db) == ["Clashes in Marib", "Talks in Muscat"]
    saved = read_state(state_path(db))[feed_server["url"]]
    assert saved.etag == '"v1"' and saved.articles == 2

    # A restart (fresh watcher, state from the file) once the feed is due again: unchanged, so a 304.
    later = lambda: time.time() + 3600  # noqa: E731
    [again] = watch_feeds(specs, db=db, fetcher=fetcher, cycles=1, clock=later)
    assert again.status == "not modified"
    assert feed_server["conditional"][-1] == '"v1"'

    # The feed gains an entry: only that one is processed.
    feed_server["items"], feed_server["version"] = ITEMS, 2
    [third] = watch_feeds(specs, db=db, fetcher=fetcher, cycles=1, clock=lambda: time.time() + 7200)
    assert third.status == "new 1"
    assert _stored(db) == ["Aid reaches Hodeidah", "Clashes in Marib", "Talks in Muscat"]
    assert read_state(state_path(db))[feed_server["url"]].articles == 3


def test_a_feed_that_is_not_due_is_not_polled(tmp_path, feed_server):
    db = tmp_path / "live.duckdb"
    specs = load_feeds(_feeds_file(tmp_path, feed_server["url"]))
    fetcher = Fetcher(FetchPolicy.from_settings(delay=0.0))
    list(watch_feeds(specs, db=db, fetcher=fetcher, cycles=1))
    polls = len(feed_server["conditional"])
    assert list(watch_feeds(specs, db=db, fetcher=fetcher, cycles=1)) == []  # restarted at once: not due yet
    assert len(feed_server["conditional"]) == polls


def test_feeds_files_are_checked(tmp_path):
    bad = tmp_path / "f.yaml"
    for text, message in [("feeds: []\n", "non-empty 'feeds'"), ("feeds:\n  - url: ftp://x/\n", "http"),
                          ("interval: 5s\nfeeds:\n  - https://example.org/rss\n", "impolite")]:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=message):
            load_feeds(bad)


@pytest.mark.slow
def test_watch_feeds_command_runs_one_round(tmp_path, feed_server):
    db = tmp_path / "cli.duckdb"
    proc = subprocess.run([WHIMBREL, "watch-feeds", str(_feeds_file(tmp_path, feed_server["url"])), "--db", str(db),
                           "--once"], capture_output=True, text=True, check=False, timeout=120,
                          env={**__import__("os").environ, "WHIMBREL_FETCH_DELAY": "0"})
    assert proc.returncode == 0, proc.stderr
    assert "new 2" in proc.stderr
    assert json.loads(state_path(db).read_text())["feeds"][feed_server["url"]]["articles"] == 2
