"""The embedded store: one DuckDB file, written in one transaction per batch.

Idempotent by article id: writing an article deletes whatever the store held for that id (its events,
actors, quotes, places) and inserts the new rows, all inside the batch's transaction, so a reader sees
either the old article or the new one, never a mix, and a crash mid-batch leaves the previous state.

DuckDB allows one writing process per file; a second writer gets :class:`StoreLockedError` with advice,
not a stack trace.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from whimbrel.errors import StoreError, StoreLockedError
from whimbrel.pipeline import Failure
from whimbrel.records import ActorRef, Record
from whimbrel.store.aggregates import days_of_articles, ensure_aggregates, refresh_days
from whimbrel.store.conditions import ANY_OF, NOT_DUPLICATE, SET_META
from whimbrel.store.event_groups import ensure_grouped, record_events, update_groups

__all__ = ["NOT_DUPLICATE", "SCHEMA_VERSION", "SignatureRow", "Store"]

SCHEMA_VERSION = "3"  # 2: article_signatures (near-duplicate detection); 3: event groups (same event, many reports)
_LOCK_WAIT = 5.0  # seconds to wait for a store another process holds for a moment
# The writer runs no threads of its own. It works in the process that parses (``--workers 1``), one small
# batch at a time, where DuckDB's default pools (a worker per core, eight I/O threads) gain nothing and make
# the whole process multi-threaded: glibc's locks and malloc then leave their single-thread fast path, and
# the spaCy parser, which drops and retakes the GIL around every parser state it looks at, runs some 15 %
# slower for as long as the store is open (``make bench``; whimbrel/bench.py).
_WRITER_CONFIG = {"threads": 1, "async_threads": 0}
_CHILD_TABLES = ("events", "event_actors", "quotes", "places", "lulls")
SignatureRow = tuple[str, int, bytes]  # article id, first-seen order, little-endian uint32 MinHash values



def _schema_sql() -> str:
    return resources.files("whimbrel.store").joinpath("schema.sql").read_text(encoding="utf-8")


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class Store:
    """A DuckDB store at ``path`` (created with its schema when missing)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `whimbrel process` first or pass --db")
        self.con = self._connect(read_only)
        if not read_only:
            try:
                self.con.execute(_schema_sql())
                self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
                ensure_grouped(self.con, self._insert)  # a store from before event groups: grouped once, now
                ensure_aggregates(self)  # likewise for the daily aggregates
            except duckdb.Error as exc:
                self.con.close()
                raise StoreError(f"cannot prepare the store {self.path}: {exc}") from None

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """Open the file; a lock held briefly by someone else (``whimbrel serve`` copying the store, which
        takes about half a second) is waited out for up to ``_LOCK_WAIT`` seconds before giving up."""
        deadline = time.monotonic() + _LOCK_WAIT
        while True:
            try:
                if read_only:
                    return duckdb.connect(str(self.path), read_only=True)
                return duckdb.connect(str(self.path), config=dict(_WRITER_CONFIG))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"cannot open the store {self.path}: {exc}") from None
                if time.monotonic() >= deadline:
                    raise StoreLockedError(
                        f"the store {self.path} is being written by another process; wait for it, or use "
                        f"another file with --db") from None
                time.sleep(0.2)
            except duckdb.Error as exc:
                raise StoreError(f"cannot open the store {self.path}: {exc}") from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------
    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert rows column-wise: DuckDB scans a dict of NumPy object arrays some 20x faster than it binds
        the parameters of multi-row INSERT statements (which cost a tenth of a whole run)."""
        if not rows:
            return
        # zip(*rows) transposes in C; fromiter keeps list values (wires, contexts) as single objects
        frame = {f"c{k}": np.fromiter(column, dtype=object, count=len(rows))
                 for k, column in enumerate(zip(*rows, strict=True))}
        cols = ", ".join(f'"{c}"' for c in columns)
        view = f"_incoming_{table}"
        self.con.register(view, frame)
        try:
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {', '.join(frame)} FROM {view}")
        finally:
            self.con.unregister(view)

    def write(self, records: Sequence[Record], failures: Sequence[Failure] = (),
              signatures: Sequence[SignatureRow] = ()) -> None:
        """Store a batch atomically: replace these articles, record these failures, keep these articles'
        near-duplicate signatures (``whimbrel.dedup.Signature.row``), so articles and signatures never
        disagree after a crash."""
        if not records and not failures:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        # The same id twice in one batch: the later copy replaces the earlier, as across batches.
        records = list({r.id: r for r in records}.values())
        ids = [r.id for r in records]
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in ("articles", *_CHILD_TABLES)}
        for record in records:
            self._rows(record, rows, now)
        try:
            self.con.execute("BEGIN TRANSACTION")
            # Only articles stored before have rows to replace (no child row outlives its article): most
            # batches are new articles, and the deletes would scan every child table for nothing.
            stored = [row[0] for row in self.con.execute(
                f"SELECT id FROM articles WHERE id IN {ANY_OF}", [ids]).fetchall()] if ids else []
            touched = days_of_articles(self, stored)  # days whose aggregates change: those the old rows counted in
            if stored:
                for table in _CHILD_TABLES:
                    self.con.execute(f"DELETE FROM {table} WHERE article_id IN {ANY_OF}", [stored])
                self.con.execute(f"DELETE FROM articles WHERE id IN {ANY_OF}", [stored])
            if ids:
                # Quarantine: a success clears the failure recorded for the same input position, and a
                # whole-input failure (an unreadable file) of its file, which was read this time.
                wheres = [r.article.where for r in records]
                paths = sorted({r.article.path for r in records if r.article.path is not None}) or [""]
                self.con.execute(f"DELETE FROM errors WHERE input IN {ANY_OF} OR (position IS NULL AND path IN {ANY_OF})",
                                 [wheres, paths])
            self._insert("articles", _ARTICLE_COLUMNS, rows["articles"])
            self._insert("events", _EVENT_COLUMNS, rows["events"])
            self._insert("event_actors", _ACTOR_COLUMNS, rows["event_actors"])
            self._insert("quotes", _QUOTE_COLUMNS, rows["quotes"])
            self._insert("places", _PLACE_COLUMNS, rows["places"])
            self._insert("lulls", _LULL_COLUMNS, rows["lulls"])
            update_groups(self.con, self._insert, [record_events(r) for r in records])
            self._replace_signatures(signatures)
            refresh_days(self, touched | days_of_articles(self, ids))
            if failures:
                failures = list({f.where: f for f in failures}.values())  # one row per input, the latest
                wheres = [f.where for f in failures]
                self.con.execute(f"DELETE FROM errors WHERE input IN {ANY_OF}", [wheres])
                self._insert("errors", ("input", "stage", "error", "message", "article_id", "failed_at", "path",
                                        "position"),
                             [(f.where, f.stage, f.error, f.message, f.article_id, now, f.path, f.position)
                              for f in failures])
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            raise StoreError(f"writing to {self.path} failed, nothing from this batch was stored: {exc}") from None

    @staticmethod
    def _rows(record: Record, rows: dict[str, list[tuple[Any, ...]]], now: datetime) -> None:
        """The table rows of ``record``, its JSON as ``process --out`` writes it (made by a worker, if one made
        the record: whimbrel/prepared.py)."""
        a = record.article
        rows["articles"].append((a.id, a.title, a.published, _day(a.published), a.source, a.url, a.language,
                                 a.byline, list(a.wires), a.text, a.path, a.duplicate_of, now, record.json_line()))
        for seq, (event, ev_json) in enumerate(zip(record.events, record.event_lines(), strict=True)):
            loc = event.location
            fat = event.fatalities
            rows["events"].append((
                event.id, a.id, seq, event.type, event.mode, list(event.context),
                (event.acled or {}).get("event_type"), (event.acled or {}).get("sub_event_type"), event.cameo_root,
                event.intensity, event.factuality, _day(event.date), event.date_precision,
                loc.name if loc else None, loc.country if loc else None, loc.admin1 if loc else None,
                loc.lat if loc else None, loc.lon if loc else None, loc.geonameid if loc else None,
                fat.low if fat else None, fat.best if fat else None, fat.high if fat else None,
                event.evidence.start, event.evidence.end, event.evidence.text, event.confidence, ev_json))
            for role, refs in (("source", event.source), ("target", event.target), ("reported_by", event.reported_by)):
                for k, ref in enumerate(refs):
                    rows["event_actors"].append(_actor_row(event.id, a.id, role, k, ref))
        for seq, q in enumerate(record.quotes):
            sp = q.speaker
            rows["quotes"].append((a.id, seq, q.kind, q.start, q.end, q.text, sp.text if sp else None,
                                   sp.id if sp else None, sp.name if sp else None, sp.country if sp else None,
                                   sp.sector if sp else None, q.cue.text if q.cue else None))
        for seq, lull in enumerate(record.lulls):
            loc = lull.location
            rows["lulls"].append((lull.id, a.id, seq, _day(lull.date), lull.date_precision, lull.about, lull.cue.text,
                                  loc.name if loc else None, loc.country if loc else None, loc.admin1 if loc else None,
                                  lull.evidence.start, lull.evidence.end, lull.evidence.text))
        for seq, p in enumerate(record.places):
            rows["places"].append((a.id, seq, p.text, p.start, p.end, p.geonameid, p.name, p.lat, p.lon,
                                   p.country, p.admin1, p.feature))

    def _replace_signatures(self, rows: Sequence[SignatureRow]) -> None:
        rows = list({r[0]: r for r in rows}.values())  # one id twice: the later wins, as for articles
        if rows:
            self.con.execute(f"DELETE FROM article_signatures WHERE article_id IN {ANY_OF}", [[r[0] for r in rows]])
            self._insert("article_signatures", ("article_id", "seq", "hashvalues"), list(rows))

    def write_signatures(self, rows: Sequence[SignatureRow]) -> None:
        """Keep signatures computed for articles already stored (the back-fill of an older store)."""
        if not rows:
            return
        try:
            self.con.execute("BEGIN TRANSACTION")
            self._replace_signatures(rows)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            raise StoreError(f"writing signatures to {self.path} failed: {exc}") from None

    def minhash_params(self) -> str | None:
        """The MinHash settings the stored signatures were made with (None: none stored yet)."""
        row = self.con.execute("SELECT value FROM meta WHERE key = 'minhash'").fetchone()
        return None if row is None else str(row[0])

    def clear_signatures(self, params: str) -> None:
        """Forget every signature (they were made with other settings) and record the new settings."""
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("DELETE FROM article_signatures")
        self.con.execute(SET_META, ["minhash", params])
        self.con.execute("COMMIT")

    def signatures(self) -> list[tuple[str, int, bytes, str | None]]:
        """(article id, first-seen order, hash values, duplicate_of) of every stored article, in order."""
        return self.con.execute(
            "SELECT s.article_id, s.seq, s.hashvalues, a.duplicate_of FROM article_signatures s "
            "JOIN articles a ON a.id = s.article_id ORDER BY s.seq").fetchall()

    def unsigned_articles(self) -> list[tuple[str, str, str | None]]:
        """(id, text, duplicate_of) of stored articles without a signature, in the order they were stored."""
        return self.con.execute(
            "SELECT id, coalesce(text, ''), duplicate_of FROM articles "
            "WHERE id NOT IN (SELECT article_id FROM article_signatures) ORDER BY processed_at, rowid").fetchall()

    # -- reading -----------------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        try:
            cur = self.con.execute(sql, list(params))
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {exc}") from None
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def has_table(self, name: str) -> bool:
        """Whether the store has this table (a store written by an older version may lack newer ones)."""
        row = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
        return bool(row and row[0])

    def counts(self) -> dict[str, int]:
        """Rows per table; ``events``, ``quotes`` and ``places`` leave out those of near-duplicate articles
        (counted once, with the first copy), which ``duplicates`` counts. ``event_groups``: distinct events,
        the groups holding an event of an article that is not a near-duplicate (absent from a store written
        before event groups)."""
        out = {}
        for table in ("articles", "events", "quotes", "places", "errors"):
            where = f" WHERE {NOT_DUPLICATE}" if table in ("events", "quotes", "places") else ""
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]  # type: ignore[index]
        out["duplicates"] = self.con.execute(  # type: ignore[index]
            "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
        if self.has_table("event_groups"):
            out["event_groups"] = self.con.execute(  # type: ignore[index]
                "SELECT count(*) FROM event_groups WHERE counted").fetchone()[0]
        return out


def _actor_row(event_id: str, article_id: str, role: str, seq: int, ref: ActorRef) -> tuple[Any, ...]:
    return (event_id, article_id, role, seq, ref.text, ref.start, ref.end, ref.id, ref.name, ref.kind,
            ref.country, ref.sector)


_ARTICLE_COLUMNS = ("id", "title", "published", "published_day", "source", "url", "language", "byline", "wires",
                    "text", "path", "duplicate_of", "processed_at", "record")
_EVENT_COLUMNS = ("id", "article_id", "seq", "type", "mode", "context", "acled_event_type", "acled_sub_event_type",
                  "cameo_root", "intensity", "factuality", "date", "date_precision", "location_name",
                  "location_country", "location_admin1", "lat", "lon", "geonameid", "fatalities_low",
                  "fatalities_best", "fatalities_high", "evidence_start", "evidence_end", "evidence_text",
                  "confidence", "record")
_ACTOR_COLUMNS = ("event_id", "article_id", "role", "seq", "text", "start", "end", "actor_id", "name", "kind",
                  "country", "sector")
_QUOTE_COLUMNS = ("article_id", "seq", "kind", "start", "end", "text", "speaker_text", "speaker_id",
                  "speaker_name", "speaker_country", "speaker_sector", "cue_text")
_LULL_COLUMNS = ("id", "article_id", "seq", "date", "date_precision", "about", "cue", "location_name",
                 "location_country", "location_admin1", "evidence_start", "evidence_end", "evidence_text")
_PLACE_COLUMNS = ("article_id", "seq", "text", "start", "end", "geonameid", "name", "lat", "lon", "country",
                  "admin1", "feature")
