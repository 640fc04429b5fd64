"""The store, on DuckDB and on PostgreSQL (``store_db``): idempotent writes, atomic batches, clear errors,
parameterised queries."""

import copy
import json

import pytest

from whimbrel.errors import StoreError, StoreLockedError
from whimbrel.pipeline import Failure
from whimbrel.store import EventFilter, Store, event_summary, find_events, open_store


def test_writing_twice_replaces_never_duplicates(store_db, seed_record):
    with open_store(store_db("s")) as store:
        store.write([seed_record])
        first = store.counts()
        store.write([seed_record])
        store.write([seed_record, seed_record])  # the same id twice in one batch
        assert store.counts() == first
        assert first["articles"] == 1 and first["events"] == len(seed_record.events) > 0
        [row] = store.query("SELECT record FROM articles")
        assert json.loads(row["record"]) == seed_record.to_json()


def test_failures_are_recorded_and_cleared_on_success(store_db, seed_record):
    db = store_db("s")
    fail = Failure(where=seed_record.article.where, stage="extract", error="NoArticleTextError", message="empty")
    with open_store(db) as store:
        store.write([], [fail])
        assert store.counts()["errors"] == 1
        store.write([seed_record])  # the same input now succeeds
        assert store.counts()["errors"] == 0


def test_a_failed_batch_leaves_the_previous_state(store_db, seed_record):
    db = store_db("s")
    clash = copy.deepcopy(seed_record)
    clash.article.id = "another-article"  # same event ids as the seed: the events insert must fail
    with open_store(db) as store:
        store.write([seed_record])
        before = store.counts()
        with pytest.raises(StoreError):
            store.write([copy.deepcopy(seed_record), clash])
        assert store.counts() == before
        assert [r["id"] for r in store.query("SELECT id FROM articles")] == [seed_record.id]


def test_queries_filter_events(store_db, seed_record):
    with open_store(store_db("s")) as store:
        store.write([seed_record])
        assert {e["type"] for e in find_events(store, EventFilter(type="mobilize"))} == {"MOBILIZE"}
        turkish = find_events(store, EventFilter(actor="TUR", limit=0))
        assert turkish and all(any(a["country"] == "TUR" for a in e["source"] + e["target"]) for e in turkish)
        future = find_events(store, EventFilter(since=__import__("datetime").date(2018, 9, 15), limit=0))
        assert [e["date"] for e in future] == ["2018-09-17"] * len(future) and future
        # an injection attempt is just a string that matches nothing
        assert find_events(store, EventFilter(actor="x' OR 1=1 --")) == []
        assert event_summary(store)["counts"]["articles"] == 1


def test_second_writer_gets_a_clear_error(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as info:
            Store(db)
        assert "another process" in str(info.value)
    finally:
        holder.kill()


def test_a_lock_held_for_a_moment_is_waited_out(tmp_path):
    """``whimbrel serve`` holds the file for about half a second while it copies the store: a writer
    arriving then waits instead of failing."""
    import subprocess
    import sys

    db = tmp_path / "busy.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(1.0)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with Store(db) as store:  # opens once the holder lets go
            assert store.counts()["articles"] == 0
    finally:
        holder.kill()


def test_reading_a_missing_store_is_an_error(tmp_path):
    with pytest.raises(StoreError):
        Store(tmp_path / "none.duckdb", read_only=True)
