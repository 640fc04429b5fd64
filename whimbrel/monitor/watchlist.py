"""Watchlists: YAML files naming regions, actors and event types; ``whimbrel watch`` reports what matches.

A watchlist file::

    name: Idlib cease-fire            # required
    regions: [Idlib, SYR]             # countries, admin-1 regions or dyads (see whimbrel.monitor.regions)
    actors: [TUR, Lavrov, country/RUS]  # country codes, knowledge-base ids or names
    types: [ASSAULT, THREATEN, MOBILIZE]  # PLOVER types (default: all)
    factuality: [asserted]            # default: asserted and future
    min_confidence: 0.5               # default 0
    spikes: true                      # also report spike alarms in the regions (default true)
    webhook: http://127.0.0.1:9000/hook   # optional: POST each finding as JSON

Every finding is one JSON object: ``{"watchlist", "kind": "event", "article_id", "event"}`` for a stored
event that matches (a region *and* an actor *and* a type, where each is given), or ``{"watchlist",
"kind": "spike", "region", "day", "count", "expected", "window_count", "window_expected"}``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from whimbrel.config import read_yaml_file
from whimbrel.errors import ConfigError, WebhookError
from whimbrel.monitor.regions import Region, resolve_region
from whimbrel.monitor.state import spikes_for
from whimbrel.records import FACTUALITIES, PLOVER_TYPES
from whimbrel.store.conditions import NOT_DUPLICATE, day_range
from whimbrel.store.duckdb_store import Store

__all__ = ["Watchlist", "load_watchlist", "post_webhook", "watch"]

_KEYS = {"name", "regions", "actors", "types", "factuality", "min_confidence", "spikes", "webhook"}


@dataclass
class Watchlist:
    name: str
    regions: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    factuality: list[str] = field(default_factory=lambda: ["asserted", "future"])
    min_confidence: float = 0.0
    spikes: bool = True
    webhook: str | None = None


def _strings(value: Any, key: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of names")
    return [str(v) for v in value]


def load_watchlist(path: Path) -> Watchlist:
    where = str(path)
    data = read_yaml_file(path, "watchlist")
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise ConfigError(f"{where}: a watchlist is a mapping with at least a 'name'")
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_KEYS))}")
    types = [t.upper() for t in _strings(data.get("types"), "types", where)]
    bad = [t for t in types if t not in PLOVER_TYPES]
    if bad:
        raise ConfigError(f"{where}: unknown event type(s) {', '.join(bad)}")
    facts = _strings(data.get("factuality"), "factuality", where) or ["asserted", "future"]
    if any(f not in FACTUALITIES for f in facts):
        raise ConfigError(f"{where}: factuality must be among {', '.join(FACTUALITIES)}")
    conf = data.get("min_confidence", 0.0)
    if not isinstance(conf, int | float) or not 0 <= conf <= 1:
        raise ConfigError(f"{where}: min_confidence must be a number between 0 and 1")
    hook = data.get("webhook")
    if hook is not None and (not isinstance(hook, str) or not hook.startswith(("http://", "https://"))):
        raise ConfigError(f"{where}: webhook must be an http(s) URL")
    return Watchlist(name=data["name"], regions=_strings(data.get("regions"), "regions", where),
                     actors=_strings(data.get("actors"), "actors", where), types=types, factuality=facts,
                     min_confidence=float(conf), spikes=bool(data.get("spikes", True)), webhook=hook)


def _actor_condition(actors: list[str]) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    for actor in actors:
        if len(actor) == 3 and actor.isalpha() and actor.isupper():
            parts.append("a.country = ?")
            params.append(actor)
        else:
            parts.append("(a.actor_id = ? OR lower(a.name) LIKE lower(?) OR lower(a.text) LIKE lower(?))")
            params += [actor, f"%{actor}%", f"%{actor}%"]
    return (f"e.id IN (SELECT event_id FROM event_actors a WHERE a.role IN ('source', 'target') AND "
            f"({' OR '.join(parts)}))"), params


def _event_findings(store: Store, wl: Watchlist, regions: list[Region], since: date | None,
                    until: date | None) -> Iterator[dict[str, Any]]:
    where = [f"e.{NOT_DUPLICATE}", "e.factuality IN (SELECT unnest(?::VARCHAR[]))", "e.confidence >= ?"]
    params: list[object] = [wl.factuality, wl.min_confidence]
    if wl.types:
        where.append("e.type IN (SELECT unnest(?::VARCHAR[]))")
        params.append(wl.types)
    if regions:
        conds = [r.sql_condition("e") for r in regions]
        where.append("(" + " OR ".join(c for c, _ in conds) + ")")
        params += [p for _, ps in conds for p in ps]
    if wl.actors:
        cond, ps = _actor_condition(wl.actors)
        where.append(cond)
        params += ps
    day_range(where, params, "COALESCE(e.date, a.published_day)", since, until)
    rows = store.query(f"""SELECT e.article_id, e.record FROM events e JOIN articles a ON a.id = e.article_id
                           WHERE {' AND '.join(where)}
                           ORDER BY COALESCE(e.date, a.published_day), e.article_id, e.seq""", params)
    for row in rows:
        yield {"watchlist": wl.name, "kind": "event", "article_id": row["article_id"], "event": json.loads(row["record"])}


def watch(store: Store, wl: Watchlist, *, since: date | None = None, until: date | None = None) -> Iterator[dict[str, Any]]:
    """Findings of one watchlist: matching events, then spike alarms in its regions (within the period)."""
    regions = [resolve_region(store, r) for r in wl.regions]
    yield from _event_findings(store, wl, regions, since, until)
    if not wl.spikes:
        return
    for region in regions:
        for day, alarm in spikes_for(store, region.kind, region.unit, until=until):
            if since is not None and day < since:
                continue
            yield {"watchlist": wl.name, "kind": "spike", "region": region.unit, "day": day.isoformat(),
                   "count": alarm.count, "expected": round(alarm.expected, 3), "window_count": alarm.window_count,
                   "window_expected": round(alarm.window_expected, 3)}


def post_webhook(url: str, finding: dict[str, Any], *, timeout: float = 10.0) -> None:
    """POST one finding as JSON; a refused or failing receiver is a WebhookError naming it."""
    body = json.dumps(finding, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json", "User-Agent": "Whimbrel watch"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) checked on load
            resp.read()
    except urllib.error.HTTPError as exc:
        raise WebhookError(f"webhook {url} answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise WebhookError(f"webhook {url} unreachable ({getattr(exc, 'reason', exc)})") from None
