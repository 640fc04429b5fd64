"""Daily aggregates (for ``whimbrel.monitor``): event counts and intensity per country, admin-1 region, dyad and event type, with the
number of articles processed that day beside them (to normalise: more coverage is not more war).

Materialised in the store's ``daily_counts`` and ``daily_articles`` tables and refreshed incrementally:
after each batch, only the days that batch touched are recomputed (a day's rows are deleted and rebuilt
from the events, inside the batch's transaction). ``refresh_all`` rebuilds everything (an old store).

Lull statements ("calm prevailed", whimbrel.events.lulls) are counted per country and region under the
type ``LULL``, apart from events.

What counts: asserted events only (a threatened or denied attack is not an attack), of articles that are
not near-duplicates (a reprinted story is one report). An event's day is its own date, else its
article's publication day. *Violent* events are ASSAULTs and what ACLED calls political violence
(battles, explosions/remote violence, violence against civilians, riots).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from whimbrel.store.conditions import NOT_DUPLICATE, day_range

if TYPE_CHECKING:
    from whimbrel.store.duckdb_store import Store

__all__ = ["UNIT_KINDS", "VIOLENT_ACLED", "daily_series", "days_of_articles", "ensure_aggregates", "refresh_all",
           "refresh_days"]

UNIT_KINDS = ("country", "admin1", "dyad", "type")
VIOLENT_ACLED = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")

# One row per (day, event) with the units it counts towards; the refresh groups it per unit kind.
_EVENT_DAYS = f"""
WITH ev AS (
    SELECT e.id, e.type, e.intensity, e.location_country AS country,
           CASE WHEN e.location_admin1 IS NOT NULL THEN e.location_country || '/' || e.location_admin1 END AS admin1,
           COALESCE(e.date, a.published_day) AS day,
           (e.type = 'ASSAULT' OR e.acled_event_type IN {VIOLENT_ACLED!r}) AS violent,
           COALESCE(e.fatalities_best, 0) AS fatalities,
           (SELECT COALESCE(s.country, s.sector, '?') FROM event_actors s
             WHERE s.event_id = e.id AND s.role = 'source' ORDER BY s.seq LIMIT 1) AS src,
           (SELECT COALESCE(t.country, t.sector, '?') FROM event_actors t
             WHERE t.event_id = e.id AND t.role = 'target' ORDER BY t.seq LIMIT 1) AS tgt
    FROM events e JOIN articles a ON a.id = e.article_id
    WHERE e.factuality = 'asserted' AND e.{NOT_DUPLICATE}
)
"""
_UNITS = {
    "country": "country",
    "admin1": "admin1",
    "dyad": "CASE WHEN src IS NOT NULL AND tgt IS NOT NULL THEN src || '>' || tgt END",
    "type": "type",
}


def _refresh(store: Store, day_filter: str, params: list[Any]) -> None:
    con = store.con
    con.execute(f"DELETE FROM daily_counts WHERE {day_filter}", params)
    con.execute(f"DELETE FROM daily_articles WHERE {day_filter}", params)
    for kind, expr in _UNITS.items():
        con.execute(
            _EVENT_DAYS + f"""
            INSERT INTO daily_counts
            SELECT day, '{kind}', {expr} AS unit, type, count(*), count(*) FILTER (WHERE violent),
                   sum(COALESCE(intensity, 0)), sum(fatalities)
            FROM ev WHERE day IS NOT NULL AND {expr} IS NOT NULL AND {day_filter}
            GROUP BY 1, 3, 4""", params)
    for kind in ("country", "admin1"):
        unit = "l.location_country" if kind == "country" else \
            "CASE WHEN l.location_admin1 IS NOT NULL THEN l.location_country || '/' || l.location_admin1 END"
        con.execute(f"""
            INSERT INTO daily_counts
            SELECT day, '{kind}', unit, 'LULL', count(*), 0, 0, 0 FROM (
                SELECT COALESCE(l.date, a.published_day) AS day, {unit} AS unit
                FROM lulls l JOIN articles a ON a.id = l.article_id WHERE l.{NOT_DUPLICATE}) AS lull_days
            WHERE day IS NOT NULL AND unit IS NOT NULL AND {day_filter}
            GROUP BY 1, 3""", params)
    con.execute(f"""
        INSERT INTO daily_articles
        SELECT published_day AS day, count(*) FROM articles
        WHERE published_day IS NOT NULL AND duplicate_of IS NULL AND {day_filter.replace('day', 'published_day')}
        GROUP BY 1""", params)


def refresh_days(store: Store, days: Iterable[date]) -> None:
    """Recompute the aggregates of ``days`` (call inside the batch's transaction)."""
    wanted = sorted(set(days))
    if wanted:
        _refresh(store, "day IN (SELECT unnest(?::DATE[]))", [wanted])


def refresh_all(store: Store) -> None:
    _refresh(store, "TRUE", [])


def days_of_articles(store: Store, ids: list[str]) -> set[date]:
    """The days these articles count in: their publication days, their events' and their lulls' days."""
    if not ids:
        return set()
    rows = store.query("""
        SELECT DISTINCT d FROM (
            SELECT published_day AS d FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))
            UNION ALL SELECT e.date FROM events e WHERE e.article_id IN (SELECT unnest(?::VARCHAR[]))
            UNION ALL SELECT l.date FROM lulls l WHERE l.article_id IN (SELECT unnest(?::VARCHAR[]))) AS days
        WHERE d IS NOT NULL""", [ids, ids, ids])
    return {r["d"] for r in rows}


def ensure_aggregates(store: Store) -> None:
    """A store written before the aggregates existed gets them computed once, when opened for writing."""
    row = store.con.execute("SELECT (SELECT count(*) FROM daily_articles) = 0 AND (SELECT count(*) FROM daily_counts) = 0 "
                            "AND (SELECT count(*) FROM articles WHERE published_day IS NOT NULL) > 0").fetchone()
    if row and row[0]:
        # one transaction: killed half-way, the next open would find some rows and never finish the job
        store.con.execute("BEGIN TRANSACTION")
        try:
            refresh_all(store)
        except BaseException:
            store.con.execute("ROLLBACK")
            raise
        store.con.execute("COMMIT")


def daily_series(store: Store, kind: str, unit: str, *, since: date | None = None, until: date | None = None,
                 types: Iterable[str] = ()) -> list[dict[str, Any]]:
    """One row per covered day for one unit (oldest first): events (of ``types``, default all), violent
    events, intensity, fatalities, lull statements and the articles processed that day. Days with coverage
    and no events are zeros."""
    if kind not in UNIT_KINDS:
        raise ValueError(f"unknown unit kind {kind!r}; one of {', '.join(UNIT_KINDS)}")
    type_list = [t.upper() for t in types]
    where: list[str] = ["kind = ?", "unit = ?"]
    params: list[object] = [kind, unit]
    if type_list:  # lull statements are counted apart, whatever the types
        where.append("(type = 'LULL' OR type IN (SELECT unnest(?::VARCHAR[])))")
        params.append(type_list)
    bounds: list[str] = []
    bparams: list[object] = []
    day_range(bounds, bparams, "day", since, until)
    day_where = " AND ".join(bounds) or "TRUE"
    return store.query(f"""
        WITH c AS (SELECT day, sum(events) FILTER (WHERE type <> 'LULL') AS events, sum(violent) AS violent,
                          sum(intensity) AS intensity, sum(fatalities) AS fatalities,
                          sum(events) FILTER (WHERE type = 'LULL') AS lulls
                   FROM daily_counts WHERE {' AND '.join(where)} GROUP BY day),
             d AS (SELECT day, articles FROM daily_articles WHERE {day_where}
                   UNION SELECT day, 0 FROM c WHERE day NOT IN (SELECT day FROM daily_articles))
        SELECT d.day, COALESCE(c.events, 0) AS events, COALESCE(c.violent, 0) AS violent,
               COALESCE(c.intensity, 0) AS intensity, COALESCE(c.fatalities, 0) AS fatalities,
               COALESCE(c.lulls, 0) AS lulls, d.articles
        FROM d LEFT JOIN c USING (day) WHERE {day_where} ORDER BY d.day""", params + bparams + bparams)
