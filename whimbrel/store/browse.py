"""Read-side queries for browsing the store by article, actor and place (the API and the Python API use
them). Like ``queries``: values are parameters, sort keys pick fixed SQL, and each filter gives flat rows as
SQL and parameters (``*_rows``) so a caller can take dicts, Arrow batches or a CSV stream from them.

Actors are grouped by their knowledge-base id; an unresolved actor (no id) is grouped by its name, under a
key ``~name`` in lower case, so "a militia commander" mentioned in two articles is one row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from whimbrel.errors import ConfigError
from whimbrel.records import SECTORS
from whimbrel.store.conditions import NOT_DUPLICATE, day_range, has_words
from whimbrel.store.duckdb_store import Store
from whimbrel.store.queries import (
    EventFilter,
    Query,
    _check_bbox,
    _check_country,
    _check_limit,
    _paged,
    _where,
    find_events,
)

__all__ = [
    "ACTOR_KEY", "ACTOR_SORTS", "ARTICLE_SORTS", "PLACE_SORTS", "ActorFilter", "ArticleFilter", "PlaceFilter",
    "actor_rows", "article_rows", "count_rows", "get_actor", "get_article", "get_event", "get_place", "place_rows",
]

# The grouping key of an actor mention in ``event_actors a`` (see the module docstring).
ACTOR_KEY = "coalesce(a.actor_id, '~' || lower(coalesce(a.name, a.text)))"

ARTICLE_SORTS = {
    "-published": "ar.published_day DESC NULLS LAST, ar.id",
    "published": "ar.published_day ASC NULLS LAST, ar.id",
    "-events": "events DESC, ar.id",
    "title": "ar.title ASC NULLS LAST, ar.id",
}
ACTOR_SORTS = {"-events": "events DESC, key", "name": "name ASC NULLS LAST, key", "-last": "last_date DESC NULLS LAST, key"}
PLACE_SORTS = {"-events": "events DESC, mentions DESC, geonameid", "-mentions": "mentions DESC, geonameid",
               "name": "name ASC NULLS LAST, geonameid", "-fatalities": "fatalities DESC NULLS LAST, geonameid"}


def _check_sort(sort: str, allowed: dict[str, str]) -> None:
    if sort not in allowed:
        raise ConfigError(f"unknown sort {sort!r}; one of {', '.join(allowed)}")


def count_rows(store: Store, rows: Query) -> int:
    """How many rows a query gives, counted by DuckDB (pass the query of the filter with ``limit=0``)."""
    sql, params = rows
    return int(store.query(f"SELECT count(*) AS n FROM ({sql})", params)[0]["n"])


# -- articles ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleFilter:
    text: str | None = None  # words in the title or body (case-insensitive)
    source: str | None = None  # the outlet, exactly as stored
    since: date | None = None  # publication day
    until: date | None = None
    include_duplicates: bool = False
    limit: int = 100
    offset: int = 0
    sort: str = "-published"

    def check(self) -> None:
        _check_sort(self.sort, ARTICLE_SORTS)
        _check_limit(self.limit, self.offset)


def article_rows(f: ArticleFilter) -> Query:
    f.check()
    where: list[str] = []
    params: list[object] = []
    if f.text:
        where.append(f"({has_words('ar.title')} OR {has_words('ar.text')})")
        params += [f.text, f.text]
    if f.source:
        where.append("ar.source = ?")
        params.append(f.source)
    day_range(where, params, "ar.published_day", f.since, f.until)
    if not f.include_duplicates:
        where.append("ar.duplicate_of IS NULL")
    sql = ("SELECT ar.id, ar.title, ar.published, ar.source, ar.url, ar.language, ar.byline, ar.wires, "
           "ar.duplicate_of, (SELECT count(*) FROM events e WHERE e.article_id = ar.id) AS events, "
           "(SELECT count(*) FROM quotes q WHERE q.article_id = ar.id) AS quotes "
           f"FROM articles ar{_where(where)} ORDER BY {ARTICLE_SORTS[f.sort]}")
    return _paged(sql, params, f.limit, f.offset)


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its text, events (contract-shaped), quotes and places; None when unknown."""
    rows = store.query("SELECT id, title, published, source, url, language, byline, wires, text, path, "
                       "duplicate_of, processed_at FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    article = rows[0]
    article["events"] = find_events(store, EventFilter(article=article_id, limit=0, sort="date"))
    article["quotes"] = store.query(
        "SELECT seq, kind, start, \"end\", text, speaker_text, speaker_id, speaker_name, speaker_country, "
        "speaker_sector, cue_text FROM quotes WHERE article_id = ? ORDER BY seq", [article_id])
    article["places"] = store.query(
        "SELECT seq, text, start, \"end\", geonameid, name, lat, lon, country, admin1, feature FROM places "
        "WHERE article_id = ? ORDER BY seq", [article_id])
    return article


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event (contract-shaped, with ``article_id``), the article it comes from (without its text) and the
    quotes that overlap its evidence, which is where a reader checks who said it; None when unknown."""
    rows = store.query("SELECT article_id, record FROM events WHERE id = ?", [event_id])
    if not rows:
        return None
    event = json.loads(rows[0]["record"])
    event["article_id"] = article_id = rows[0]["article_id"]
    articles = store.query("SELECT id, title, published, source, url, wires, byline, duplicate_of FROM articles "
                           "WHERE id = ?", [article_id])
    ev = event.get("evidence") or {}
    quotes = store.query(
        "SELECT seq, kind, start, \"end\", text, speaker_text, speaker_id, speaker_name, speaker_country, "
        "speaker_sector, cue_text FROM quotes WHERE article_id = ? AND start < ? AND \"end\" > ? ORDER BY seq",
        [article_id, ev.get("end", 0), ev.get("start", 0)])
    return {"event": event, "article": articles[0] if articles else None, "quotes": quotes}


# -- actors ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActorFilter:
    text: str | None = None  # words of the id, name or mention text
    country: str | None = None
    sector: str | None = None
    kind: str | None = None  # country, person, organization, group
    since: date | None = None  # event date
    until: date | None = None
    limit: int = 100
    offset: int = 0
    sort: str = "-events"

    def check(self) -> None:
        _check_sort(self.sort, ACTOR_SORTS)
        _check_country(self.country)
        if self.sector and self.sector.upper() not in SECTORS:
            raise ConfigError(f"unknown sector {self.sector!r}; one of {', '.join(SECTORS)}")
        if self.kind and self.kind not in ("country", "person", "organization", "group"):
            raise ConfigError(f"unknown actor kind {self.kind!r}; country, person, organization or group")
        _check_limit(self.limit, self.offset)


_ACTOR_GROUP = f"""
SELECT {ACTOR_KEY} AS key, any_value(a.actor_id) AS id, mode(coalesce(a.name, a.text)) AS name,
       any_value(a.kind) AS kind, mode(a.country) AS country, mode(a.sector) AS sector,
       count(DISTINCT a.event_id) AS events,
       count(DISTINCT a.event_id) FILTER (WHERE a.role = 'source') AS as_source,
       count(DISTINCT a.event_id) FILTER (WHERE a.role = 'target') AS as_target,
       min(e.date) AS first_date, max(e.date) AS last_date
FROM event_actors a JOIN events e ON e.id = a.event_id
"""


def actor_rows(f: ActorFilter) -> Query:
    f.check()
    where = ["a.role IN ('source', 'target')", f"e.{NOT_DUPLICATE}"]
    params: list[object] = []
    if f.text:
        where.append(f"(a.actor_id = ? OR {has_words('a.name')} OR {has_words('a.text')})")
        params += [f.text, f.text, f.text]
    if f.country:
        where.append("a.country = upper(?)")
        params.append(f.country)
    if f.sector:
        where.append("a.sector = upper(?)")
        params.append(f.sector)
    if f.kind:
        where.append("a.kind = ?")
        params.append(f.kind)
    day_range(where, params, "e.date", f.since, f.until)
    sql = f"{_ACTOR_GROUP}{_where(where)} GROUP BY key ORDER BY {ACTOR_SORTS[f.sort]}"
    return _paged(sql, params, f.limit, f.offset)


def get_actor(store: Store, key: str) -> dict[str, Any] | None:
    """One actor (by knowledge-base id, or ``~name`` for an unresolved one) with its events by type and the
    actors it acts on or is acted on by most often; None when the store has no such actor."""
    where = f" WHERE a.role IN ('source', 'target') AND e.{NOT_DUPLICATE} AND {ACTOR_KEY} = ?"
    rows = store.query(f"{_ACTOR_GROUP}{where} GROUP BY key", [key])
    if not rows:
        return None
    actor = rows[0]
    actor["by_type"] = store.query(
        f"SELECT e.type, count(DISTINCT e.id) AS events FROM event_actors a JOIN events e ON e.id = a.event_id{where} "
        "GROUP BY e.type ORDER BY events DESC, e.type", [key])
    actor["partners"] = store.query(
        f"""SELECT {ACTOR_KEY.replace('a.', 'b.')} AS key, mode(coalesce(b.name, b.text)) AS name,
                   mode(b.country) AS country, count(DISTINCT b.event_id) AS events
            FROM event_actors a JOIN events e ON e.id = a.event_id
            JOIN event_actors b ON b.event_id = a.event_id AND b.role IN ('source', 'target') AND b.role <> a.role
            {where} GROUP BY 1 ORDER BY events DESC, key LIMIT 20""", [key])
    return actor


# -- places ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlaceFilter:
    text: str | None = None  # words of the place's name
    country: str | None = None
    admin1: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    limit: int = 100
    offset: int = 0
    sort: str = "-events"

    def check(self) -> None:
        _check_sort(self.sort, PLACE_SORTS)
        _check_country(self.country)
        _check_bbox(self.bbox)
        _check_limit(self.limit, self.offset)


# Places the articles mention (resolved to the gazetteer), with how many events happened there.
_PLACES = f"""
WITH m AS (
    SELECT geonameid, mode(name) AS name, mode(country) AS country, mode(admin1) AS admin1,
           any_value(lat) AS lat, any_value(lon) AS lon, mode(feature) AS feature,
           count(*) AS mentions, count(DISTINCT article_id) AS articles
    FROM places WHERE geonameid IS NOT NULL AND {NOT_DUPLICATE} GROUP BY geonameid),
ev AS (
    SELECT geonameid, count(*) AS events, sum(fatalities_best)::BIGINT AS fatalities
    FROM events WHERE geonameid IS NOT NULL AND {NOT_DUPLICATE} GROUP BY geonameid)
SELECT m.geonameid, m.name, m.country, m.admin1, m.lat, m.lon, m.feature, m.mentions, m.articles,
       coalesce(ev.events, 0) AS events, ev.fatalities
FROM m LEFT JOIN ev ON ev.geonameid = m.geonameid
"""


def place_rows(f: PlaceFilter) -> Query:
    f.check()
    where: list[str] = []
    params: list[object] = []
    if f.text:
        where.append(has_words("m.name"))
        params.append(f.text)
    if f.country:
        where.append("m.country = upper(?)")
        params.append(f.country)
    if f.admin1:
        where.append("lower(m.admin1) = lower(?)")
        params.append(f.admin1)
    if f.bbox is not None:
        where.append("m.lon BETWEEN ? AND ? AND m.lat BETWEEN ? AND ?")
        params += [f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]]
    return _paged(f"{_PLACES}{_where(where)} ORDER BY {PLACE_SORTS[f.sort]}", params, f.limit, f.offset)


def get_place(store: Store, geonameid: int) -> dict[str, Any] | None:
    rows = store.query(f"{_PLACES} WHERE m.geonameid = ?", [geonameid])
    if not rows:
        return None
    place = rows[0]
    place["by_type"] = store.query(
        f"SELECT type, count(*) AS events FROM events WHERE geonameid = ? AND {NOT_DUPLICATE} "
        "GROUP BY type ORDER BY events DESC, type", [geonameid])
    return place
