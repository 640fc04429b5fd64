"""The copy of the store that ``whimbrel serve`` answers from.

Why a copy: DuckDB lets one process write a database file, and while it does, no other process can open
the file at all, not even read-only (the lock is on the whole file). ``whimbrel process`` holds that lock
for its whole run, so a server that read the file directly would stop answering for as long as a run
lasts; and a server that kept the file open, even read-only, would stop ``process`` from starting.

So the server copies the store into an in-memory DuckDB database and answers every request from the copy.
It holds the file only while copying (a read-only ATTACH, well under a second for the sample store, a few
seconds at 100,000 events), and re-copies when the file has changed, checked at most once a second as
requests come in. A refresh runs in a background thread and swaps the copy in when done; requests in flight
keep the copy they started with. When a writer holds the file, the refresh is skipped and retried on a
later request: the API keeps answering from the last copy, and ``/api/status`` says the store is busy and
how old the copy is. A ``whimbrel process`` started during the brief copy gets the store's usual "being
written by another process" error and can simply be run again.

Each request reads through its own cursor on the in-memory database (DuckDB cursors are safe to use from
one thread each; the database is shared). The dashboard's aggregates (timeline, map, network, counts) are
kept per copy (``cached``), computed for the unfiltered view as soon as a copy is made (``on_load``), and
dropped with the copy; so are pages of up to 100 events (``routes/events.py``), as JSON text.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from whimbrel.errors import StoreError, StoreLockedError
from whimbrel.store import Store
from whimbrel.store.event_index import EventIndex
from whimbrel.store.queries import EventFilter

__all__ = ["SnapshotReader", "StoreSnapshot"]

log = logging.getLogger("whimbrel.api")

# Not copied: what only the writer needs (near-duplicate signatures; the full contract record of each
# article, which the API rebuilds from the rows and which would double the copy's size).
_SKIP_TABLES = {"article_signatures"}
_SKIP_COLUMNS = {("articles", "record")}
_SLOW_COPY = 0.5  # seconds: a copy taking longer (a big store) is spaced out (see maybe_refresh)
_REFRESH_SPACING = 2.0  # a slow copy taking t seconds is not followed by another within 2t
_CACHE_ENTRIES = 256  # aggregates and event pages kept per copy, most recent first (at most ~25 MB of pages)
T = TypeVar("T")


class SnapshotReader(Store):
    """A :class:`Store` over a cursor of the in-memory copy, so ``whimbrel.store`` queries run unchanged."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, tables: frozenset[str],
                 index: EventIndex | None = None) -> None:
        # Not Store.__init__: that opens a file, and this reads the copy.
        self.path = path
        self.read_only = True
        self.con = con
        self.tables = tables
        self.index = index  # the copy's events indexed for filtered pages (None: answer them in SQL)

    def has_table(self, name: str) -> bool:
        # The copy's tables are known once it is made: no catalogue query on every request.
        return name in self.tables


class StoreSnapshot:
    """An in-memory copy of the store at ``path``, refreshed when the file changes (see the module doc)."""

    def __init__(self, path: str | Path, *, check_every: float = 1.0) -> None:
        self.path = Path(path)
        self.check_every = check_every
        self.loaded_at: datetime | None = None
        self.load_seconds: float | None = None
        self.busy = False  # the last attempt found a writer holding the store
        self._db: duckdb.DuckDBPyConnection | None = None
        self._tables: frozenset[str] = frozenset()
        self._index: EventIndex | None = None
        self._stamp: tuple[object, ...] | None = None
        self._refresh_lock = threading.Lock()  # one copy at a time
        self._swap_lock = threading.Lock()  # guards _db while cursors are taken from it
        self._last_check = 0.0
        self._generation = 0  # which copy: cached values belong to one
        self._cache: dict[tuple[int, Hashable], Any] = {}
        self.on_load: Callable[[], None] | None = None  # run after each new copy (the app warms its cache)

    # -- state of the file --------------------------------------------------------------------------
    def _file_stamp(self) -> tuple[object, ...]:
        """What changes when the store is written: size and time of the file and of its write-ahead log."""
        stamp: list[object] = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                stamp += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                stamp += [None, None]
        return tuple(stamp)

    @property
    def ready(self) -> bool:
        return self._db is not None

    @property
    def indexed(self) -> bool:
        """Is there a copy whose events are indexed (whimbrel/store/event_index.py)?"""
        return self._index is not None

    def answers_quickly(self, f: EventFilter) -> bool:
        """Can the copy's event index answer ``f`` in about a millisecond (see ``EventIndex.quick``)?"""
        index = self._index
        return index is not None and index.quick(f)

    # -- copying ------------------------------------------------------------------------------------
    def load(self) -> bool:
        """Copy the store now. False when a writer holds it (the previous copy stays); StoreError when the
        file is missing or unreadable."""
        with self._refresh_lock:
            if not self.path.exists():
                raise StoreError(f"no store at {self.path}; run `whimbrel process` first or pass --db")
            stamp = self._file_stamp()
            started = time.perf_counter()
            con = duckdb.connect(":memory:")
            try:
                _copy_store(con, self.path)
                tables = frozenset(t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
                index = _index_of(con, self.path, tables)
            except StoreLockedError:
                con.close()
                self.busy = True
                return False
            except BaseException:
                con.close()
                raise
            with self._swap_lock:
                # The old copy is not closed here: requests still reading it hold cursors on it, and it
                # goes away with the last of them.
                self._db, self._stamp, self._tables, self._index = con, stamp, tables, index
                self._generation += 1
                self._cache.clear()
            self.loaded_at = datetime.now(UTC)
            self.load_seconds = time.perf_counter() - started
            self._last_check = time.monotonic()  # the next check counts from the end of this copy
            self.busy = False
            log.info("store %s copied in %.2f s", self.path, self.load_seconds)
        if self.on_load is not None:
            try:
                self.on_load()
            except Exception:  # a warm-up that fails only costs the first visitor some time
                log.exception("warming the cache of %s failed", self.path)
        return True

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """No copy is made meanwhile: this process is about to write the file (a copy holding it then would
        make the write fail as "locked"). Call :meth:`load` afterwards."""
        with self._refresh_lock:
            yield

    def maybe_refresh(self) -> None:
        """Start a background refresh when the file changed since the copy: checked once a second, or, when a
        copy takes long (a big store: copy and event index, about 4 s at 100,000 events), no sooner than
        twice its time after the last one ended, so that while ``process`` writes batch after batch the
        server spends at most a third of its time copying rather than answering."""
        now = time.monotonic()
        took = self.load_seconds or 0.0
        wait = max(self.check_every, _REFRESH_SPACING * took) if took >= _SLOW_COPY else self.check_every
        if now - self._last_check < wait or self._refresh_lock.locked():
            return
        self._last_check = now
        if self._db is not None and self._file_stamp() == self._stamp:
            return
        threading.Thread(target=self._refresh_quietly, name="whimbrel-snapshot", daemon=True).start()

    def _refresh_quietly(self) -> None:
        try:
            self.load()
        except StoreError as exc:  # keep serving the copy we have; /api/status shows the problem
            log.warning("could not refresh the copy of %s: %s", self.path, exc)

    # -- reading ------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def reader(self) -> Iterator[SnapshotReader]:
        """A store reading the current copy through its own cursor, closed afterwards."""
        self.maybe_refresh()
        with self._swap_lock:
            if self._db is None:
                raise StoreLockedError(f"the store {self.path} is being written by another process and has not "
                                       "been read yet; try again in a moment")
            cursor, tables, index = self._db.cursor(), self._tables, self._index
        try:
            yield SnapshotReader(cursor, self.path, tables, index)
        finally:
            cursor.close()

    def cached(self, key: Hashable, compute: Callable[[Store], T]) -> T:
        """``compute(store)`` over the current copy, remembered until the next copy is made."""
        self.maybe_refresh()
        with self._swap_lock:
            generation = self._generation
            if (generation, key) in self._cache:
                hit = self._cache[(generation, key)] = self._cache.pop((generation, key))  # now the most recent
                return hit
        with self.reader() as store:
            value = compute(store)
        with self._swap_lock:
            if generation == self._generation:  # not computed on a newer copy than the key says
                self._cache[(generation, key)] = value
                while len(self._cache) > _CACHE_ENTRIES:
                    del self._cache[next(iter(self._cache))]  # the least recently used
        return value

    def status(self) -> dict[str, object]:
        return {"path": str(self.path), "copied_at": self.loaded_at.isoformat() if self.loaded_at else None,
                "copy_seconds": round(self.load_seconds, 3) if self.load_seconds is not None else None,
                "writer_active": self.busy}


def _index_of(con: duckdb.DuckDBPyConnection, path: Path, tables: frozenset[str]) -> EventIndex | None:
    """The copy's events indexed (whimbrel/store/event_index.py); None, and pages in SQL, should that fail."""
    if "events" not in tables:
        return None
    cursor = con.cursor()
    try:
        return EventIndex.build(SnapshotReader(cursor, path, tables))
    except Exception:  # a slower answer beats none: every page can still be answered in SQL
        log.exception("indexing the events of the copy of %s failed; pages are answered in SQL", path)
        return None
    finally:
        cursor.close()


def _copy_store(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Copy every table of the store at ``path`` into ``con`` (holding the file only meanwhile)."""
    try:
        con.execute("ATTACH ? AS src (READ_ONLY)", [str(path)])
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(f"the store {path} is being written by another process") from None
        raise StoreError(f"cannot open the store {path}: {exc}") from None
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}") from None
    try:
        tables = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' "
                             "AND schema_name = 'main' ORDER BY table_name").fetchall()
        for (table,) in tables:
            if table in _SKIP_TABLES:
                continue
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'src' AND schema_name = 'main' "
                "AND table_name = ? ORDER BY column_index", [table]).fetchall() if (table, c) not in _SKIP_COLUMNS]
            # Names come from the store's own catalogue, quoted as identifiers; no value is spliced in.
            cols = ", ".join(_ident(c) for c in columns)
            con.execute(f"CREATE TABLE memory.main.{_ident(table)} AS SELECT {cols} FROM src.main.{_ident(table)}")
        indexes = _index_statements(con)
    except duckdb.Error as exc:
        raise StoreError(f"copying the store {path} failed: {exc}") from None
    finally:
        con.execute("DETACH src")
    try:  # built once the file is let go: it is held for the copy of the rows only
        for statement in indexes:
            con.execute(statement)
    except duckdb.Error as exc:
        raise StoreError(f"indexing the copy of the store {path} failed: {exc}") from None


def _index_statements(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The store's keys and indexes, which ``CREATE TABLE AS`` leaves behind, as statements building them
    on the copy: with them a lookup by key (an event by id, the groups of a page's 50 events) reads an
    index instead of scanning every row, which on 100,000 events is a fifth of a page's time."""
    statements = []
    keys = con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                       "WHERE database_name = 'src' AND schema_name = 'main' "
                       "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchall()
    for k, (table, columns) in enumerate(keys):
        if table not in _SKIP_TABLES and not any((table, c) in _SKIP_COLUMNS for c in columns):
            statements.append(f"CREATE UNIQUE INDEX {_ident(f'copy_key_{k}')} ON memory.main.{_ident(table)} "
                              f"({', '.join(_ident(c) for c in columns)})")
    # The store's own CREATE INDEX statements (schema.sql), as they are: their unqualified names resolve to
    # the copy, the default database of this connection.
    statements += [sql for table, sql in con.execute(
        "SELECT table_name, sql FROM duckdb_indexes() WHERE database_name = 'src' AND schema_name = 'main'"
    ).fetchall() if table not in _SKIP_TABLES and sql]
    return statements


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
