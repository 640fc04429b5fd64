"""Read-side queries over the store, shared by the CLI, the API and the Python API. All SQL is parameterised:
values travel as parameters, and what callers choose among (sort keys) picks from fixed SQL fragments.

Each filter gives its conditions once (``event_where``), and three shapes come from them: contract-
shaped events (``find_events``), a count for paging (``count_events``), and flat rows for tables and exports
(``event_rows``: SQL and parameters, run by the caller as dicts, Arrow batches or a CSV stream).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from whimbrel.errors import ConfigError, StoreError
from whimbrel.records import FACTUALITIES, PLOVER_TYPES
from whimbrel.store.conditions import day_range, has_words
from whimbrel.store.duckdb_store import NOT_DUPLICATE, Store

__all__ = [
    "EVENT_SORTS", "EventFilter", "QuoteFilter", "count_events", "count_quotes", "event_page", "event_rows",
    "event_summary", "event_where", "find_event_groups", "find_events", "find_quotes", "quote_rows",
]

Query = tuple[str, list[object]]  # SQL with ? placeholders, and its parameters

# What events can be ordered by; a caller names a key, never writes SQL. Ties are broken by a unique order,
# so pages never overlap or skip rows.
_SORT_COLUMNS = {
    "-date": ("e.date DESC NULLS LAST", "e.article_id", "e.seq"),
    "date": ("e.date ASC NULLS LAST", "e.article_id", "e.seq"),
    "-confidence": ("e.confidence DESC NULLS LAST", "e.id"),
    "confidence": ("e.confidence ASC NULLS LAST", "e.id"),
    "-intensity": ("e.intensity DESC NULLS LAST", "e.id"),
    "intensity": ("e.intensity ASC NULLS LAST", "e.id"),
    "-fatalities": ("e.fatalities_best DESC NULLS LAST", "e.id"),
    "fatalities": ("e.fatalities_best ASC NULLS LAST", "e.id"),
}
EVENT_SORTS = {key: ", ".join(columns) for key, columns in _SORT_COLUMNS.items()}


def _check_limit(limit: int, offset: int = 0) -> None:
    if limit < 0:
        raise ConfigError("--limit must be zero (no limit) or positive")
    if offset < 0:
        raise ConfigError("offset must be zero or positive")


def _check_country(country: str | None) -> None:
    if country and not re.fullmatch(r"[A-Za-z]{3}", country):
        raise ConfigError(f"country must be an ISO 3166-1 alpha-3 code like SYR, got {country!r}")


def _check_bbox(bbox: tuple[float, float, float, float] | None) -> None:
    if bbox is not None:
        west, south, east, north = bbox
        if not all(math.isfinite(v) for v in bbox) or not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ConfigError("bbox must be west,south,east,north in degrees, with west <= east "
                              "and south <= north (e.g. 35.5,35.0,37.5,36.7)")


def _paged(sql: str, params: list[object], limit: int, offset: int = 0) -> Query:
    if limit:
        sql += " LIMIT ?"
        params = [*params, limit]
    if offset:
        sql += " OFFSET ?"
        params = [*params, offset]
    return sql, params


def _where(where: list[str]) -> str:
    return " WHERE " + " AND ".join(where) if where else ""


def _select(store: Store, select: str, where: list[str], params: list[object], order: str,
            limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """``select`` with the filter's conditions, order and limit (0: no limit)."""
    return store.query(*_paged(select + _where(where) + f" ORDER BY {order}", params, limit, offset))


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None  # a country code (TUR), or matches actor id, name or text of a source or target
    type: str | None = None
    place: str | None = None  # matches location name, country code or admin-1 region
    since: date | None = None
    until: date | None = None
    factuality: str | None = None
    article: str | None = None
    min_confidence: float | None = None
    limit: int = 100
    # Events of near-duplicate articles repeat those of the story's first copy: left out unless asked
    # for, or unless one article is asked for by id.
    include_duplicates: bool = False
    types: tuple[str, ...] = ()  # any of these PLOVER types (together with ``type``)
    country: str | None = None  # ISO alpha-3 code of the event's location
    mode: str | None = None  # PLOVER mode (aerial, visit, ...)
    context: str | None = None  # one of the event's PLOVER contexts
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north in degrees
    text: str | None = None  # words in the evidence sentence (case-insensitive)
    offset: int = 0
    sort: str = "-date"  # a key of EVENT_SORTS

    def type_set(self) -> list[str]:
        return sorted({t.upper() for t in (self.type, *self.types) if t})

    def check(self) -> None:
        for t in self.type_set():
            if t not in PLOVER_TYPES:
                raise ConfigError(f"unknown event type {t!r}; one of {', '.join(PLOVER_TYPES)}")
        if self.factuality and self.factuality not in FACTUALITIES:
            raise ConfigError(f"unknown factuality {self.factuality!r}; one of {', '.join(FACTUALITIES)}")
        if self.sort not in EVENT_SORTS:
            raise ConfigError(f"unknown sort {self.sort!r}; one of {', '.join(EVENT_SORTS)}")
        _check_country(self.country)
        _check_bbox(self.bbox)
        _check_limit(self.limit, self.offset)


def event_where(f: EventFilter, *fixed: str) -> Query:
    """What follows ``FROM events e`` to apply the filter (a join for the actor, then the WHERE clause, with
    any ``fixed`` conditions of the caller's own, which must be constant SQL), and its parameters."""
    f.check()
    where: list[str] = list(fixed)
    params: list[object] = []
    join, join_params = _actor_join(f.actor)
    types = f.type_set()
    if types:
        where.append(f"e.type IN ({', '.join('?' for _ in types)})")
        params += types
    if f.factuality:
        where.append("e.factuality = ?")
        params.append(f.factuality)
    day_range(where, params, "e.date", f.since, f.until)
    if f.article:
        where.append("e.article_id = ?")
        params.append(f.article)
    elif not f.include_duplicates:
        where.append(f"e.{NOT_DUPLICATE}")
    if f.min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(f.min_confidence)
    if f.place:
        where.append("(lower(e.location_name) = lower(?) OR e.location_country = upper(?) OR lower(e.location_admin1) = lower(?))")
        params += [f.place, f.place, f.place]
    if f.country:
        where.append("e.location_country = ?")
        params.append(f.country.upper())
    if f.mode:
        where.append("e.mode = ?")
        params.append(f.mode)
    if f.context:
        where.append("array_position(e.context, ?) IS NOT NULL")  # list_contains, in both dialects
        params.append(f.context)
    if f.bbox is not None:
        where.append("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?")
        params += [f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]]
    if f.text:
        where.append(has_words("e.evidence_text"))
        params.append(f.text)
    return join + _where(where), join_params + params


def _actor_join(actor: str | None) -> Query:
    """The events whose source or target is ``actor``, as a join on their distinct ids: DuckDB runs this
    several times faster than ``e.id IN (subquery)``, whose hash table it builds on the events side."""
    if not actor:
        return "", []
    if re.fullmatch(r"[A-Z]{3}", actor):  # an ISO alpha-3 code: actors of that country
        match, params = "a.country = ?", [actor]
    else:
        match = f"(a.actor_id = ? OR {has_words('a.name')} OR {has_words('a.text')})"
        params = [actor, actor, actor]
    return (f" JOIN (SELECT DISTINCT a.event_id FROM event_actors a WHERE a.role IN ('source', 'target') "
            f"AND {match}) actor_match ON actor_match.event_id = e.id"), list(params)


def find_events(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Events matching the filter, in its order (newest first by default), as contract-shaped dicts plus
    ``article_id``."""
    where, params = event_where(f)
    rows = store.query(*_paged(f"SELECT e.article_id, e.record FROM events e{where} ORDER BY {EVENT_SORTS[f.sort]}",
                               params, f.limit, f.offset))
    out = []
    for row in rows:
        event = json.loads(row["record"])
        event["article_id"] = row["article_id"]
        out.append(event)
    return _with_groups(store, out)


def event_page(store: Store, f: EventFilter) -> tuple[list[dict[str, Any]], int]:
    """A page of events (as :func:`find_events` gives them) and how many match in all, in one query that
    applies the filter once: the page's ids and sort keys are chosen with a window count beside them, and only
    then joined to their records. On 100,000 events that is 1.5-2x faster than a page query and a count
    query when the filter is costly (words in the evidence, an actor's name), and no slower otherwise."""
    where, params = event_where(f)
    columns = _SORT_COLUMNS[f.sort]
    keys = ", ".join(f"{c.split()[0]} AS k{i}" for i, c in enumerate(columns))
    order = ", ".join(f"k{i}{c[len(c.split()[0]):]}" for i, c in enumerate(columns))
    inner, params = _paged(f"SELECT e.rowid AS page_row, count(*) OVER () AS total, {keys} FROM events e{where} "
                           f"ORDER BY {order}", params, f.limit, f.offset)
    rows = store.query(f"SELECT ev.article_id, ev.record, p.total FROM ({inner}) p JOIN events ev "
                       f"ON ev.rowid = p.page_row ORDER BY {order}", params)
    # An empty page means nothing matches, or an offset past the end: then only a count can say how many.
    total = int(rows[0]["total"]) if rows else count_events(store, f) if f.offset else 0
    events = []
    for row in rows:
        event = json.loads(row["record"])
        event["article_id"] = row["article_id"]
        events.append(event)
    return _with_groups(store, events), total


def _with_groups(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event with ``group``: ``{"id", "sources", "independent_sources"}`` of the cross-article group it is
    in (whimbrel/store/event_groups.py), null in a store written before groups existed."""
    groups: dict[str, dict[str, Any]] = {}
    if events and store.has_table("event_groups"):
        ids = [e["id"] for e in events]
        for row in store.query(
                "SELECT m.event_id, g.id, g.sources, g.independent_sources FROM event_group_members m "
                f"JOIN event_groups g ON g.id = m.group_id WHERE m.event_id IN ({', '.join('?' for _ in ids)})", ids):
            groups[row["event_id"]] = {"id": row["id"], "sources": list(row["sources"]),
                                       "independent_sources": row["independent_sources"]}
    for event in events:
        event["group"] = groups.get(event["id"])
    return events


def find_event_groups(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Distinct events: the groups holding an event that matches the filter, latest first, each with its first
    event (contract-shaped, plus ``article_id``) as ``event``. Groups made only of near-duplicates' events
    are left out unless the filter includes duplicates or names an article."""
    if not store.has_table("event_groups"):
        raise StoreError(f"{store.path} has no event groups yet: run `whimbrel process` with this version once")
    where, params = event_where(f)
    sql = ("SELECT g.id, g.type, g.factuality, g.first_day, g.last_day, g.events, g.articles, g.sources, "
           "g.independent_sources, r.article_id, r.record FROM event_groups g JOIN events r ON r.id = g.id "
           "WHERE (g.counted OR ?) AND g.id IN (SELECT m.group_id FROM events e "
           f"JOIN event_group_members m ON m.event_id = e.id{where}) ORDER BY g.last_day DESC NULLS LAST, g.id")
    rows = store.query(*_paged(sql, [bool(f.include_duplicates or f.article), *params], f.limit, f.offset))
    out = []
    for row in rows:
        event = json.loads(row.pop("record"))
        event["article_id"] = row.pop("article_id")
        out.append({**row, "first_day": _iso(row["first_day"]), "last_day": _iso(row["last_day"]),
                    "sources": list(row["sources"]), "event": event})
    return out


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def count_events(store: Store, f: EventFilter) -> int:
    """How many events match the filter (its limit and offset aside)."""
    where, params = event_where(f)
    return int(store.query(f"SELECT count(*) AS n FROM events e{where}", params)[0]["n"])


def _actor_list(role: str, column: str, alias: str) -> str:
    """The event's actors in one role (fixed names, never user input), in mention order, as a list."""
    return (f"coalesce((SELECT array_agg({column} ORDER BY a.seq) FROM event_actors a "
            f"WHERE a.event_id = e.id AND a.role = '{role}'), CAST(ARRAY[] AS VARCHAR[])) AS {alias}")


# One flat row per event: what a spreadsheet, a Parquet file or a data frame wants (lists stay lists).
_EVENT_ROW_COLUMNS = ", ".join([
    "e.id", "e.article_id", "e.date", "e.date_precision", "e.type", "e.mode", "e.context", "e.factuality",
    "e.intensity", "e.confidence", "e.cameo_root", "e.acled_event_type", "e.acled_sub_event_type",
    "e.location_name", "e.location_country", "e.location_admin1", "e.lat", "e.lon", "e.geonameid",
    "e.fatalities_low", "e.fatalities_best", "e.fatalities_high",
    _actor_list("source", "coalesce(a.name, a.text)", "source"), _actor_list("source", "a.actor_id", "source_ids"),
    _actor_list("target", "coalesce(a.name, a.text)", "target"), _actor_list("target", "a.actor_id", "target_ids"),
    _actor_list("reported_by", "coalesce(a.name, a.text)", "reported_by"),
    "e.evidence_start", "e.evidence_end", "e.evidence_text",
    "ar.title AS article_title", "ar.source AS article_source", "ar.published AS article_published",
    "ar.url AS article_url",
])


def event_rows(f: EventFilter) -> Query:
    """Flat rows of the events matching the filter, in its order: SQL and parameters for the caller to run."""
    where, params = event_where(f)
    sql = (f"SELECT {_EVENT_ROW_COLUMNS} FROM events e LEFT JOIN articles ar ON ar.id = e.article_id{where} "
           f"ORDER BY {EVENT_SORTS[f.sort]}")
    return _paged(sql, params, f.limit, f.offset)


@dataclass(frozen=True)
class QuoteFilter:
    speaker: str | None = None  # matches the speaker's knowledge-base id, name or text ("Lavrov")
    kind: str | None = None  # direct | indirect
    article: str | None = None
    limit: int = 100
    include_duplicates: bool = False
    text: str | None = None  # words in the quote (case-insensitive)
    country: str | None = None  # ISO alpha-3 code of the speaker's country
    since: date | None = None  # the article's publication day
    until: date | None = None
    offset: int = 0

    def check(self) -> None:
        if self.kind and self.kind not in ("direct", "indirect"):
            raise ConfigError(f"unknown quote kind {self.kind!r}; direct or indirect")
        _check_limit(self.limit, self.offset)


def _quote_conditions(f: QuoteFilter) -> Query:
    f.check()
    where: list[str] = []
    params: list[object] = []
    if f.speaker:
        where.append(f"(q.speaker_id = ? OR {has_words('q.speaker_name')} OR {has_words('q.speaker_text')})")
        params += [f.speaker, f.speaker, f.speaker]
    if f.kind:
        where.append("q.kind = ?")
        params.append(f.kind)
    if f.text:
        where.append(has_words("q.text"))
        params.append(f.text)
    if f.country:
        where.append("q.speaker_country = upper(?)")
        params.append(f.country)
    day_range(where, params, "a.published_day", f.since, f.until)
    if f.article:
        where.append("q.article_id = ?")
        params.append(f.article)
    elif not f.include_duplicates:
        where.append(f"q.{NOT_DUPLICATE}")
    return _where(where), params


_QUOTE_FROM = "FROM quotes q JOIN articles a ON a.id = q.article_id"


def quote_rows(f: QuoteFilter) -> Query:
    """Flat rows of the quotes matching the filter, newest articles first: SQL and parameters."""
    where, params = _quote_conditions(f)
    sql = ("SELECT q.article_id, a.published, q.kind, q.start, q.\"end\", q.text, q.speaker_text, q.speaker_id, "
           f"q.speaker_name, q.speaker_country, q.speaker_sector, q.cue_text {_QUOTE_FROM}{where} "
           "ORDER BY a.published DESC NULLS LAST, q.article_id, q.seq")
    return _paged(sql, params, f.limit, f.offset)


def find_quotes(store: Store, f: QuoteFilter) -> list[dict[str, Any]]:
    """Quotes matching the filter, with the article's publication time, newest articles first."""
    return store.query(*quote_rows(f))


def count_quotes(store: Store, f: QuoteFilter) -> int:
    where, params = _quote_conditions(f)
    return int(store.query(f"SELECT count(*) AS n {_QUOTE_FROM}{where}", params)[0]["n"])


def _distinct_by_type(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (type, n) with ``distinct``: how many groups (distinct real-world events) of that type."""
    if not store.has_table("event_groups"):
        return rows
    distinct = {r["type"]: r["n"] for r in store.query(
        "SELECT type, count(*) AS n FROM event_groups WHERE counted GROUP BY type")}
    return [{**r, "distinct": distinct.get(r["type"], 0)} for r in rows]


def event_summary(store: Store) -> dict[str, Any]:
    """Counts for a quick overview: events by type and factuality, top places and speakers. Near-duplicate
    articles count once, with the story's first copy (``counts["duplicates"]`` says how many there are);
    ``counts["event_groups"]`` and ``by_type[…]["distinct"]`` count distinct events (cross-article groups)."""
    return {
        "counts": store.counts(),
        "by_type": _distinct_by_type(store, store.query(
            f"SELECT type, count(*) AS n FROM events WHERE {NOT_DUPLICATE} GROUP BY type ORDER BY n DESC, type")),
        "by_factuality": store.query(
            f"SELECT factuality, count(*) AS n FROM events WHERE {NOT_DUPLICATE} GROUP BY factuality "
            "ORDER BY n DESC, factuality"),
        "top_places": store.query(
            f"SELECT coalesce(name, text) AS place, country, count(*) AS n FROM places WHERE {NOT_DUPLICATE} "
            "GROUP BY 1, 2 ORDER BY n DESC, place LIMIT 10"),
        "top_speakers": store.query(
            "SELECT coalesce(speaker_name, speaker_text) AS speaker, count(*) AS n FROM quotes "
            f"WHERE speaker_text IS NOT NULL AND {NOT_DUPLICATE} GROUP BY 1 ORDER BY n DESC, speaker LIMIT 10"),
    }
