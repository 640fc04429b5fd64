"""Read-side queries over the store, shared by the CLI (and later the API). All SQL is parameterised."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from whimbrel.errors import ConfigError
from whimbrel.records import FACTUALITIES, PLOVER_TYPES
from whimbrel.store.duckdb_store import NOT_DUPLICATE, Store

__all__ = ["EventFilter", "QuoteFilter", "event_summary", "find_events", "find_quotes"]


def _check_limit(limit: int) -> None:
    if limit < 0:
        raise ConfigError("--limit must be zero (no limit) or positive")


def _select(store: Store, select: str, where: list[str], params: list[object], order: str,
            limit: int) -> list[dict[str, Any]]:
    """``select`` with the filter's conditions, order and limit (0: no limit)."""
    sql = select + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order}"
    if limit:
        sql += " LIMIT ?"
        params = [*params, limit]
    return store.query(sql, params)


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

    def check(self) -> None:
        if self.type and self.type.upper() not in PLOVER_TYPES:
            raise ConfigError(f"unknown event type {self.type!r}; one of {', '.join(PLOVER_TYPES)}")
        if self.factuality and self.factuality not in FACTUALITIES:
            raise ConfigError(f"unknown factuality {self.factuality!r}; one of {', '.join(FACTUALITIES)}")
        _check_limit(self.limit)


def find_events(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Events matching the filter, newest first, as contract-shaped dicts plus ``article_id``."""
    f.check()
    where: list[str] = []
    params: list[object] = []
    if f.type:
        where.append("e.type = ?")
        params.append(f.type.upper())
    if f.factuality:
        where.append("e.factuality = ?")
        params.append(f.factuality)
    if f.since:
        where.append("e.date >= ?")
        params.append(f.since)
    if f.until:
        where.append("e.date <= ?")
        params.append(f.until)
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
    if f.actor and re.fullmatch(r"[A-Z]{3}", f.actor):
        # an ISO alpha-3 code: actors of that country
        where.append("e.id IN (SELECT event_id FROM event_actors a WHERE a.role IN ('source', 'target') AND a.country = ?)")
        params.append(f.actor)
    elif f.actor:
        where.append("""e.id IN (SELECT event_id FROM event_actors a WHERE a.role IN ('source', 'target') AND (
            a.actor_id = ? OR lower(a.name) LIKE lower(?) OR lower(a.text) LIKE lower(?)))""")
        params += [f.actor, f"%{f.actor}%", f"%{f.actor}%"]
    rows = _select(store, "SELECT e.article_id, e.record FROM events e", where, params,
                   "e.date DESC NULLS LAST, e.article_id, e.seq", f.limit)
    out = []
    for row in rows:
        event = json.loads(row["record"])
        event["article_id"] = row["article_id"]
        out.append(event)
    return out


@dataclass(frozen=True)
class QuoteFilter:
    speaker: str | None = None  # matches the speaker's knowledge-base id, name or text ("Lavrov")
    kind: str | None = None  # direct | indirect
    article: str | None = None
    limit: int = 100
    include_duplicates: bool = False

    def check(self) -> None:
        if self.kind and self.kind not in ("direct", "indirect"):
            raise ConfigError(f"unknown quote kind {self.kind!r}; direct or indirect")
        _check_limit(self.limit)


def find_quotes(store: Store, f: QuoteFilter) -> list[dict[str, Any]]:
    """Quotes matching the filter, with the article's publication time, newest articles first."""
    f.check()
    where: list[str] = []
    params: list[object] = []
    if f.speaker:
        where.append("(q.speaker_id = ? OR lower(q.speaker_name) LIKE lower(?) OR lower(q.speaker_text) LIKE lower(?))")
        params += [f.speaker, f"%{f.speaker}%", f"%{f.speaker}%"]
    if f.kind:
        where.append("q.kind = ?")
        params.append(f.kind)
    if f.article:
        where.append("q.article_id = ?")
        params.append(f.article)
    elif not f.include_duplicates:
        where.append(f"q.{NOT_DUPLICATE}")
    select = ("SELECT q.article_id, a.published, q.kind, q.start, q.\"end\", q.text, q.speaker_text, q.speaker_id, "
              "q.speaker_name, q.speaker_country, q.speaker_sector, q.cue_text FROM quotes q "
              "JOIN articles a ON a.id = q.article_id")
    return _select(store, select, where, params, "a.published DESC NULLS LAST, q.article_id, q.seq", f.limit)


def event_summary(store: Store) -> dict[str, Any]:
    """Counts for a quick overview: events by type and factuality, top places and speakers. Near-duplicate
    articles count once, with the story's first copy (``counts["duplicates"]`` says how many there are)."""
    return {
        "counts": store.counts(),
        "by_type": store.query(
            f"SELECT type, count(*) AS n FROM events WHERE {NOT_DUPLICATE} GROUP BY type ORDER BY n DESC, type"),
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
