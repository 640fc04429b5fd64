"""Aggregates for the dashboard and analysts: events over time, events on the map, who acts on whom.

Every function takes an :class:`EventFilter`, so the timeline, the map and the network show the same events
as the table beside them. Intensity is PLOVER's signed scale (``whimbrel.events.mappings``): cooperation is
positive, conflict negative; the network sums each side apart, so a pair that both talks and fights shows
both.
"""

from __future__ import annotations

import json
from typing import Any

from whimbrel.errors import ConfigError
from whimbrel.store.browse import ACTOR_KEY
from whimbrel.store.duckdb_store import Store
from whimbrel.store.queries import EventFilter, event_where

__all__ = ["BUCKETS", "NETWORK_LEVELS", "actor_network", "map_points", "timeline"]

# date_trunc parts: the caller names one, the SQL is fixed.
BUCKETS = {"day": "day", "week": "week", "month": "month", "year": "year"}
NETWORK_LEVELS = ("actor", "country")


def timeline(store: Store, f: EventFilter, bucket: str = "auto") -> dict[str, Any]:
    """Events per period and type (with their summed intensity and fatalities); ``auto`` picks the bucket
    that gives at most a few hundred periods. Undated events cannot be placed: ``undated`` counts them."""
    if bucket != "auto" and bucket not in BUCKETS:
        raise ConfigError(f"unknown bucket {bucket!r}; auto or one of {', '.join(BUCKETS)}")
    where, params = event_where(f, "e.date IS NOT NULL")
    if bucket == "auto":
        span = store.query(f"SELECT min(e.date) AS lo, max(e.date) AS hi FROM events e{where}", params)[0]
        days = (span["hi"] - span["lo"]).days if span["lo"] else 0
        bucket = "day" if days <= 120 else "week" if days <= 3 * 365 else "month" if days <= 30 * 365 else "year"
    rows = store.query(
        f"""SELECT date_trunc('{BUCKETS[bucket]}', e.date)::DATE AS period, e.type, count(*) AS events,
                   sum(e.intensity) AS intensity, sum(coalesce(e.fatalities_best, 0))::BIGINT AS fatalities
            FROM events e{where} GROUP BY 1, 2 ORDER BY 1, 2""", params)
    undated_where, undated_params = event_where(f, "e.date IS NULL")
    undated = store.query(f"SELECT count(*) AS n FROM events e{undated_where}", undated_params)[0]["n"]
    return {"bucket": bucket, "rows": rows, "undated": int(undated)}


def map_points(store: Store, f: EventFilter, limit: int = 2000) -> dict[str, Any]:
    """Located events grouped by place and type (one point each: count and fatalities), the busiest first;
    ``unlocated`` counts the events that have no coordinates."""
    where, params = event_where(f, "e.lat IS NOT NULL", "e.lon IS NOT NULL")
    points = store.query(
        f"""SELECT e.lat, e.lon, mode(e.location_name) AS name, mode(e.location_country) AS country, e.type,
                   count(*) AS events, sum(coalesce(e.fatalities_best, 0))::BIGINT AS fatalities,
                   arg_max(e.id, coalesce(e.confidence, 0)) AS example
            FROM events e{where} GROUP BY e.lat, e.lon, e.type ORDER BY events DESC, e.lat, e.lon, e.type
            LIMIT ?""", [*params, limit])
    unlocated_where, unlocated_params = event_where(f, "(e.lat IS NULL OR e.lon IS NULL)")
    unlocated = store.query(f"SELECT count(*) AS n FROM events e{unlocated_where}", unlocated_params)[0]["n"]
    return {"points": points, "unlocated": int(unlocated)}


def actor_network(store: Store, f: EventFilter, *, level: str = "actor", limit: int = 60) -> dict[str, Any]:
    """Source → target pairs of the filtered events: events, cooperation (summed positive intensity) and
    conflict (summed negative intensity, as a positive number), the ``limit`` heaviest edges and their
    nodes. At ``level="country"`` actors are grouped by their country (international ones by name)."""
    if level not in NETWORK_LEVELS:
        raise ConfigError(f"unknown network level {level!r}; one of {', '.join(NETWORK_LEVELS)}")
    key = ACTOR_KEY if level == "actor" else f"coalesce('country/' || a.country, {ACTOR_KEY})"
    where, params = event_where(f)
    # One pass: the actors of the filtered events (joined, not "IN (SELECT ...)", whose hash table DuckDB
    # builds on the larger side), the heaviest pairs, and the attributes of the actors in those pairs.
    rows = store.query(
        f"""WITH ev AS (SELECT e.id, coalesce(e.intensity, 0) AS intensity FROM events e{where}),
            ends AS MATERIALIZED (
                SELECT a.event_id, a.role, {key} AS key, coalesce(a.name, a.text) AS name, a.country, a.sector,
                       a.kind, ev.intensity
                FROM event_actors a JOIN ev ON ev.id = a.event_id WHERE a.role IN ('source', 'target')),
            top AS (
                SELECT s.key AS source, t.key AS target, count(DISTINCT s.event_id) AS events,
                       sum(greatest(s.intensity, 0)) AS cooperation, sum(greatest(-s.intensity, 0)) AS conflict
                FROM ends s JOIN ends t ON t.event_id = s.event_id
                WHERE s.role = 'source' AND t.role = 'target' AND s.key <> t.key
                GROUP BY 1, 2 ORDER BY events DESC, cooperation + conflict DESC, 1, 2 LIMIT ?),
            nodes AS (
                SELECT key, mode(name) AS name, mode(country) AS country, mode(sector) AS sector, mode(kind) AS kind,
                       count(DISTINCT event_id) AS events
                FROM ends WHERE key IN (SELECT source FROM top UNION SELECT target FROM top) GROUP BY key)
            SELECT top.*, to_json(ns) AS source_node, to_json(nt) AS target_node
            FROM top JOIN nodes ns ON ns.key = top.source JOIN nodes nt ON nt.key = top.target
            ORDER BY events DESC, cooperation + conflict DESC, source, target""", [*params, limit])
    nodes_by_id: dict[str, dict[str, Any]] = {}
    edges = []
    for row in rows:
        for side in ("source_node", "target_node"):
            node = json.loads(row.pop(side))
            node["id"] = node.pop("key")
            if level == "country" and node["id"].startswith("country/") and node["country"]:
                node["name"] = node["country"]  # a country node is named after the country
            nodes_by_id[node["id"]] = node
        edges.append(row)
    nodes = [nodes_by_id[k] for k in sorted(nodes_by_id)]
    return {"level": level, "nodes": nodes, "edges": edges}
