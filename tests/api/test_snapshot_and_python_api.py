"""The server keeps answering while another process writes the store, never blocks a writer, and picks up
what was written; ``whimbrel.open`` gives frames of the same rows as the API."""

from __future__ import annotations

import subprocess
import sys
import time

import pyarrow as pa
import pytest

import whimbrel
from whimbrel.errors import ConfigError
from whimbrel.store import Store

from .conftest import make_client

# Holds the store's write lock (as `whimbrel process` does for a whole run) after adding one article,
# until told to finish on stdin.
_WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("INSERT INTO articles (id, title) VALUES ('written-meanwhile', 'added by another process')")
print("holding", flush=True)
sys.stdin.readline()
con.close()
"""


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_the_api_answers_while_a_writer_holds_the_store_and_then_catches_up(store_copy):
    with make_client(store_copy) as client:
        snapshot = client.app.state.whimbrel.snapshot
        before = client.get("/api/articles", params={"limit": 1}).json()["total"]
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(store_copy)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert writer.stdout.readline().strip() == "holding"
            assert snapshot.load() is False  # the file is locked: the copy stays
            status = client.get("/api/status").json()
            assert status["store"]["writer_active"] is True
            r = client.get("/api/articles", params={"limit": 1})
            assert r.status_code == 200 and r.json()["total"] == before
        finally:
            writer.communicate("done\n", timeout=30)
        assert writer.returncode == 0
        snapshot.check_every = 0  # check the file on the next request (normally at most once a second)
        copied = snapshot.loaded_at
        client.get("/api/status")  # notices the change and refreshes in the background
        _wait_for(lambda: snapshot.loaded_at != copied)
        assert client.get("/api/articles/written-meanwhile").json()["title"] == "added by another process"
        assert client.get("/api/status").json()["store"]["writer_active"] is False


def test_a_running_server_never_blocks_a_writer(store_copy):
    with make_client(store_copy) as client:
        client.get("/api/events")
        with Store(store_copy) as store:  # read-write, as `whimbrel process` opens it
            assert store.counts()["events"] > 0


def test_a_missing_store_is_an_error_at_start(tmp_path):
    from whimbrel.errors import StoreError

    with pytest.raises(StoreError, match="no store"):
        make_client(tmp_path / "none.duckdb")


def test_python_api_frames(sample_store, client):
    with whimbrel.open(sample_store) as store:
        events = store.events(type=["ASSAULT", "COERCE"], since="2018-01-01")
        api = client.get("/api/events", params={"type": "ASSAULT,COERCE", "since": "2018-01-01", "limit": 1000})
        assert events.arrow().column("id").to_pylist() == [e["id"] for e in api.json()["items"]]
        frame = events.df()
        assert set(frame["type"]) == {"ASSAULT", "COERCE"} and frame["date"].min().isoformat() >= "2018-01-01"
        table = events.arrow()
        assert isinstance(table, pa.Table) and pa.types.is_list(table.schema.field("source").type)
        assert len(store.quotes(kind="direct")) == client.get("/api/quotes", params={"kind": "direct"}).json()["total"]
        assert len(store.articles()) == client.get("/api/articles").json()["total"]
        assert len(store.actors(country="TUR")) > 0 and len(store.places(limit=5)) == 5
        assert store.sql("SELECT count(*) AS n FROM events WHERE type = ?", ["AID"]).records()[0]["n"] > 0
        with pytest.raises(ConfigError, match="unknown filter colour"):
            store.events(colour="red")
        with pytest.raises(ConfigError, match="since"):
            store.events(since="yesterday")
        try:
            import polars  # noqa: F401
        except ImportError:
            with pytest.raises(ImportError, match="polars is not installed"):
                events.pl()
        else:
            assert events.pl().height == len(events)
    with Store(sample_store) as writable:  # closed: a writer can open the file again
        assert writable.counts()["events"] > 0


def test_a_slow_copy_is_not_redone_at_once(store_copy):
    """A store that takes long to copy is re-copied no sooner than twice that time after the last copy, so a
    server next to a long ingest answers requests rather than copying all the time."""
    import os

    from whimbrel.api.snapshot import StoreSnapshot

    snapshot = StoreSnapshot(store_copy)
    snapshot.load()
    snapshot.load_seconds = 3.0  # as a copy of 100,000 events takes, copy and event index
    stat = store_copy.stat()
    os.utime(store_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the file changed
    snapshot._last_check = before = time.monotonic() - 2.0  # 2 s after: past check_every, within 2 x 3 s
    snapshot.maybe_refresh()
    assert snapshot._last_check == before  # not even checked
    snapshot.load_seconds = 0.2  # a small store: once a second, as before
    copied = snapshot.loaded_at
    snapshot.maybe_refresh()
    assert snapshot._last_check > before
    deadline = time.monotonic() + 30
    while snapshot.loaded_at == copied and time.monotonic() < deadline:  # the refresh it started
        time.sleep(0.05)
    assert snapshot.loaded_at != copied
