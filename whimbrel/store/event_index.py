"""An in-memory index of a store's events that answers filtered, sorted pages in a millisecond or two.

Why: ``whimbrel serve`` answers from a copy of the store that does not change until the next copy
(``whimbrel/api/snapshot.py``). On 100,000 events DuckDB spends 5-25 ms of CPU on each new filtered page
(scan, window count, sort, joins), so 50 clients asking different questions queue behind one another on
two cores. The same page, from column arrays held in numpy, is a few boolean masks, one gather through a
sort order computed once per copy, and the page's records cut from one block of JSON text: no SQL at all.

What it must never do is answer differently from SQL. :meth:`EventIndex.page` gives exactly what
:func:`whimbrel.store.queries.event_page` gives for the same filter (``tests/api/test_event_index.py``
checks that on many random filters), so every value the SQL compares is taken from DuckDB itself: text is
lower-cased by DuckDB's ``lower`` (which differs from Python's on a few letters, "İ"), strings are ranked
in DuckDB's order, nulls fail every comparison and sort last.

Memory: the records themselves (as compact UTF-8 JSON, about 0.75 kB an event), about 100 bytes per event
of columns and sort orders, and the distinct strings searched (actor names, evidence sentences): about
130 MB more for 100,000 events (the copy itself takes about 400 MB), built in about 3 s with the copy.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from whimbrel.store.duckdb_store import Store
from whimbrel.store.queries import EventFilter

__all__ = ["EventIndex"]

_EPOCH = date(1970, 1, 1)
_NO_DAY = int(np.iinfo(np.int32).min)  # a null date: fails every range and sorts last either way
_LAST = int(np.iinfo(np.int64).max)  # a null sequence number: last, as DuckDB sorts nulls
_RECORDS_PER_READ = 10_000
_NEEDLES_KEPT = 256  # searches remembered per copy (a dashboard asks the same words page after page)


class _Categories:
    """A string column as integer codes (0 for null) over its distinct values."""

    def __init__(self, values: Sequence[str | None]) -> None:
        self.code_of: dict[str, int] = {}
        codes = np.zeros(len(values), dtype=np.int32)
        for i, v in enumerate(values):
            if v is not None:
                codes[i] = self.code_of.setdefault(v, len(self.code_of) + 1)
        self.codes = codes
        self.values = list(self.code_of)  # code k is values[k - 1]

    def equal(self, *values: str) -> np.ndarray:
        """Rows equal to any of ``values``."""
        wanted = np.zeros(len(self.code_of) + 1, dtype=bool)
        for v in values:
            if v in self.code_of:
                wanted[self.code_of[v]] = True
        return wanted[self.codes]


class _Search:
    """``strpos(lower(column), lower(?)) > 0`` over a column's distinct values, lower-cased by DuckDB: one
    ``in`` per distinct value (near-duplicate stories and repeated names make them fewer than the rows)."""

    def __init__(self, lowered: Sequence[str | None]) -> None:
        distinct: dict[str, int] = {}
        self.value_of_row = np.fromiter(
            (-1 if v is None else distinct.setdefault(v, len(distinct)) for v in lowered), dtype=np.int32,
            count=len(lowered))
        self.values = list(distinct)

    def matching(self, needle: str) -> np.ndarray:
        """Which distinct values contain ``needle`` (lower-cased as DuckDB would), with a last slot, False,
        for the null value (index -1)."""
        hit = np.zeros(len(self.values) + 1, dtype=bool)
        hit[:-1] = np.fromiter((needle in v for v in self.values), dtype=bool, count=len(self.values))
        return hit

    def rows(self, hit: np.ndarray) -> np.ndarray:
        return hit[self.value_of_row]


def _ranks(values: Sequence[str | None], order: Sequence[int]) -> np.ndarray:
    """Each row's rank among ``values`` in ``order`` (row positions sorted by DuckDB), ties sharing a rank."""
    rank = np.empty(len(values), dtype=np.int64)
    previous: object = object()
    r = -1
    for i in order:
        if values[i] != previous:
            r, previous = r + 1, values[i]
        rank[i] = r
    return rank


class EventIndex:
    """The events of one (unchanging) copy of a store, indexed for :meth:`page`. Build with :meth:`build`."""

    def __init__(self, store: Store) -> None:
        cols = _columns(store, f"""SELECT rowid AS row_id, id, article_id, coalesce(seq, {_LAST}) AS seq, type,
            factuality, mode, location_country, lower(location_name) AS place_name,
            lower(location_admin1) AS place_admin1,
            coalesce(CAST(date - DATE '1970-01-01' AS INTEGER), {_NO_DAY}) AS day, confidence, intensity,
            fatalities_best, lon, lat, lower(evidence_text) AS evidence, context,
            article_id IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL) AS duplicate
            FROM events ORDER BY rowid""")
        self.size = len(cols["row_id"])
        self.row_id = np.asarray(cols["row_id"], dtype=np.int64)  # ascending: positions by np.searchsorted
        self.types = _Categories(cols["type"])
        self.factuality = _Categories(cols["factuality"])
        self.mode = _Categories(cols["mode"])
        self.country = _Categories(cols["location_country"])
        self.place_name = _Categories(cols["place_name"])
        self.place_admin1 = _Categories(cols["place_admin1"])
        self.article = _Categories(cols["article_id"])
        self.day = np.asarray(cols["day"], dtype=np.int32)
        self.confidence, self.lon, self.lat = cols["confidence"], cols["lon"], cols["lat"]
        self.duplicate = np.asarray(cols["duplicate"], dtype=bool)
        self.evidence = _Search(cols["evidence"])
        contexts: dict[str, list[int]] = {}
        for i, values in enumerate(cols["context"]):
            for c in set(() if values is None else list(values)):
                contexts.setdefault(c, []).append(i)
        self.contexts = {c: np.asarray(ix, dtype=np.int64) for c, ix in contexts.items()}
        self._orders(store, cols)
        del cols  # before the records: the build's peak memory is the larger of the two
        self._records(store)
        self._actors(store)
        self._groups(store)
        self._lock = threading.Lock()
        self._found: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()

    @classmethod
    def build(cls, store: Store) -> EventIndex:
        return cls(store)

    # -- building -----------------------------------------------------------------------------------
    def _positions(self, row_ids: Sequence[int]) -> np.ndarray:
        return np.searchsorted(self.row_id, np.asarray(row_ids, dtype=np.int64))

    def _records(self, store: Store) -> None:
        """The records as the API writes them (compact JSON), as one block of UTF-8 with where each starts: no
        object per event, and a page is read without a query (DuckDB spends 0.5 ms on the smallest one, 1.5 ms
        fetching 50 records by row id) and written without parsing. Each is kept without its closing brace,
        for ``article_id`` and ``group`` to follow; the rare record that is not an object holding other keys
        (an empty one, one that has either key already) is kept whole and goes through a dict instead.
        Read in chunks, so no list of every record is ever held."""
        chunks: list[bytes] = []
        lengths = np.zeros(self.size + 1, dtype=np.int64)
        self.spliced = np.ones(self.size, dtype=bool)
        cursor = store.con.execute("SELECT record FROM events ORDER BY rowid")
        i = 0
        while batch := cursor.fetchmany(_RECORDS_PER_READ):
            encoded = []
            for (text,) in batch:
                event = json.loads(text) if text else None
                compact = _dumps(event)
                if isinstance(event, dict) and event and not {"article_id", "group"} & event.keys():
                    compact = compact[:-1]
                else:
                    self.spliced[i] = False
                encoded.append(compact.encode())
                i += 1
                lengths[i] = len(encoded[-1])
            chunks.append(b"".join(encoded))
        self.records = b"".join(chunks)
        self.record_at = np.cumsum(lengths)
        self.article_json = [_dumps(a) for a in self.article.values]

    def _actors(self, store: Store) -> None:
        """Sources and targets: event rows by country, by knowledge-base id, and searchable by name/text."""
        cols = _columns(store, "SELECT e.rowid AS row_id, a.country, a.actor_id, lower(a.name) AS name, "
                               "lower(a.text) AS text FROM event_actors a JOIN events e ON e.id = a.event_id "
                               "WHERE a.role IN ('source', 'target')")
        self.actor_row = self._positions(cols["row_id"])
        self.actor_country = _Categories(cols["country"])
        self.actor_id = _Categories(cols["actor_id"])
        self.actor_name = _Search(cols["name"])
        self.actor_text = _Search(cols["text"])

    def _groups(self, store: Store) -> None:
        """The cross-article group of each event, as ``_with_groups`` in queries.py shows it (as JSON)."""
        self.group_of = np.full(self.size, -1, dtype=np.int64)
        self.group_json: list[str] = []
        if not store.has_table("event_groups"):
            return
        cols = _columns(store, "SELECT e.rowid AS row_id, g.id, g.sources, g.independent_sources "
                               "FROM event_group_members m JOIN event_groups g ON g.id = m.group_id "
                               "JOIN events e ON e.id = m.event_id")
        known: dict[str, int] = {}
        group = np.empty(len(cols["id"]), dtype=np.int64)
        for j, (gid, sources, independent) in enumerate(zip(cols["id"], cols["sources"],
                                                            cols["independent_sources"], strict=True)):
            k = known.get(gid)
            if k is None:
                k = known[gid] = len(self.group_json)
                self.group_json.append(_dumps({"id": gid, "sources": [str(s) for s in sources],
                                               "independent_sources": _number(independent)}))
            group[j] = k
        self.group_of[self._positions(cols["row_id"])] = group

    def _orders(self, store: Store, cols: dict[str, Any]) -> None:
        """Every sort of EVENT_SORTS as a permutation of the rows, ties broken as the SQL breaks them."""
        def ranked(column: str) -> np.ndarray:  # ranks in DuckDB's own string order
            order = self._positions([r for (r,) in store.con.execute(
                f"SELECT rowid FROM events ORDER BY {column} ASC NULLS LAST, rowid").fetchall()])
            return _ranks(cols[column], order.tolist())

        ids, articles = ranked("id"), ranked("article_id")
        seq = np.asarray(cols["seq"], dtype=np.int64)
        day = self.day.astype(np.int64)
        keyed = {"date": (day, self.day == _NO_DAY), "confidence": (self.confidence, None),
                 "intensity": (cols["intensity"], None), "fatalities": (cols["fatalities_best"], None)}
        self.orders: dict[str, np.ndarray] = {}
        for name, (values, nulls) in keyed.items():
            nulls = np.isnan(values) if nulls is None else nulls
            for descending in (False, True):
                key = np.where(nulls, 0, -values if descending else values)
                # np.lexsort: the last key is the first sort key; nulls last in either direction.
                ties = (seq, articles) if name == "date" else (ids,)
                self.orders[("-" if descending else "") + name] = np.lexsort((*ties, key, nulls))

    # -- answering ----------------------------------------------------------------------------------
    def page(self, store: Store, f: EventFilter) -> tuple[list[dict[str, Any]], int]:
        """A page of events and how many match, as :func:`whimbrel.store.queries.event_page` gives them for
        ``f``. ``store`` is the copy this index was built from (it lower-cases non-ASCII filter values as
        the SQL would)."""
        rows, total = self._chosen(store, f)
        return [json.loads(self._event_json(i)) for i in rows.tolist()], total

    def page_json(self, store: Store, f: EventFilter) -> tuple[str, int, int]:
        """:meth:`page` as the JSON text of its list of events (exactly what the API's ``dumps`` makes of
        it), how many events that is, and how many match."""
        rows, total = self._chosen(store, f)
        return "[" + ",".join(map(self._event_json, rows.tolist())) + "]", len(rows), total

    def _chosen(self, store: Store, f: EventFilter) -> tuple[np.ndarray, int]:
        """The rows of the page in order, and how many rows match."""
        f.check()
        mask = self._mask(store, f)
        order = self.orders[f.sort]
        chosen = order[mask[order]]
        page = chosen[f.offset:f.offset + f.limit] if f.limit else chosen[f.offset:]
        return page, len(chosen)

    def _mask(self, store: Store, f: EventFilter) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        if f.actor:
            mask &= self._actor_rows(store, f.actor)
        types = f.type_set()
        if types:
            mask &= self.types.equal(*types)
        if f.factuality:
            mask &= self.factuality.equal(f.factuality)
        if f.since is not None:
            mask &= self.day >= (f.since - _EPOCH).days
        if f.until is not None:
            mask &= (self.day <= (f.until - _EPOCH).days) & (self.day != _NO_DAY)
        if f.article:
            mask &= self.article.equal(f.article)
        elif not f.include_duplicates:
            mask &= ~self.duplicate
        if f.min_confidence is not None:
            mask &= self.confidence >= f.min_confidence
        if f.place:
            place = _lower(store, f.place)
            mask &= (self.place_name.equal(place) | self.country.equal(_upper(store, f.place))
                     | self.place_admin1.equal(place))
        if f.country:
            mask &= self.country.equal(_upper(store, f.country))
        if f.mode:
            mask &= self.mode.equal(f.mode)
        if f.context:
            in_context = np.zeros(self.size, dtype=bool)
            in_context[self.contexts.get(f.context, np.empty(0, dtype=np.int64))] = True
            mask &= in_context
        if f.bbox is not None:
            west, south, east, north = f.bbox
            mask &= (self.lon >= west) & (self.lon <= east) & (self.lat >= south) & (self.lat <= north)
        if f.text:
            mask &= self._search(store, self.evidence, "evidence", f.text)
        return mask

    def _actor_rows(self, store: Store, actor: str) -> np.ndarray:
        """Events with a source or target matching ``actor`` (see ``queries._actor_join``)."""
        if re.fullmatch(r"[A-Z]{3}", actor):
            matched = self.actor_country.equal(actor)
        else:
            matched = (self.actor_id.equal(actor) | self._search(store, self.actor_name, "name", actor)
                       | self._search(store, self.actor_text, "text", actor))
        events = np.zeros(self.size, dtype=bool)
        events[self.actor_row[matched]] = True
        return events

    def _search(self, store: Store, search: _Search, column: str, words: str) -> np.ndarray:
        """Rows whose ``column`` contains ``words``. A search reads every distinct value (on 100,000 distinct
        evidence sentences, 10-35 ms); its result is kept with the copy, so the same words cost nothing next
        time, whatever else the filter says (like the filter caches of search engines)."""
        key = (column, _lower(store, words))
        with self._lock:
            hit = self._found.get(key)
            if hit is not None:
                self._found.move_to_end(key)
        if hit is None:
            hit = search.matching(key[1])
            with self._lock:
                self._found[key] = hit
                while len(self._found) > _NEEDLES_KEPT:
                    self._found.popitem(last=False)
        return search.rows(hit)

    def quick(self, f: EventFilter) -> bool:
        """Is ``f`` answered without reading every distinct sentence or actor name (its words, if any, were
        searched before)? Such a page costs about a millisecond; the API answers it on its event loop."""
        needles = [("evidence", f.text)] if f.text else []
        if f.actor and not re.fullmatch(r"[A-Z]{3}", f.actor):
            needles += [("name", f.actor), ("text", f.actor)]
        if not all(words.isascii() for _, words in needles):
            return False  # lower-cased by DuckDB, in a query: not on the event loop
        with self._lock:
            return all((column, words.lower()) in self._found for column, words in needles)

    def _event_json(self, i: int) -> str:
        """Row ``i`` as the API shows an event: its record with ``article_id`` and ``group`` after it."""
        record = self.records[self.record_at[i]:self.record_at[i + 1]].decode()
        article = self.article_json[self.article.codes[i] - 1]
        g = int(self.group_of[i])
        if self.spliced[i]:
            return f'{record},"article_id":{article},"group":{self.group_json[g] if g >= 0 else "null"}}}'
        event = json.loads(record)
        event["article_id"] = json.loads(article)
        event["group"] = json.loads(self.group_json[g]) if g >= 0 else None
        return _dumps(event)


def _dumps(value: Any) -> str:
    """Compact JSON, as the API writes it (``whimbrel.api.deps.dumps``; records hold only JSON types)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _number(value: Any) -> int | None:
    """A count from :func:`_columns` as JSON writes it (a column with nulls comes as floats, NaN for null)."""
    return None if value is None or value != value else int(value)


def _columns(store: Store, sql: str) -> dict[str, Any]:
    """A query's columns: numbers as float arrays (null: NaN) or int arrays (never null: the SQL coalesces),
    everything else as lists (null: None). Column-wise, so 100,000 rows cost no dict or tuple each."""
    out: dict[str, Any] = {}
    for name, column in store.con.execute(sql).fetchnumpy().items():
        if column.dtype.kind == "f" or (isinstance(column, np.ma.MaskedArray) and column.dtype.kind in "iu"):
            out[name] = np.ma.filled(column.astype(np.float64), np.nan)
        elif column.dtype.kind in "iub":
            out[name] = np.asarray(column)
        else:
            out[name] = np.ma.filled(column, None).tolist() if isinstance(column, np.ma.MaskedArray) else column.tolist()
    return out


def _lower(store: Store, text: str) -> str:
    """``lower(text)`` as DuckDB computes it (Python agrees on ASCII, where no query is needed)."""
    return text.lower() if text.isascii() else str(store.query("SELECT lower(?) AS v", [text])[0]["v"])


def _upper(store: Store, text: str) -> str:
    return text.upper() if text.isascii() else str(store.query("SELECT upper(?) AS v", [text])[0]["v"])
