"""``/api/stats/*`` and ``/api/regions/{name}``: the aggregates the dashboard draws (timeline, map,
network), over the same filters as ``/api/events``, and a region's picture in one request.

They are kept per copy of the store (``StoreSnapshot.cached``): the dashboard asks for the same few views
on every visit, and ``warm`` computes the unfiltered ones as soon as a copy is made.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from whimbrel.api.deps import JSON, state
from whimbrel.api.params import MapQuery, NetworkQuery, RegionQuery, TimelineQuery
from whimbrel.api.problems import PROBLEM_RESPONSES
from whimbrel.api.snapshot import StoreSnapshot
from whimbrel.store.overview import actor_network, map_points, timeline
from whimbrel.store.queries import count_events, event_summary, find_events

__all__ = ["router", "warm"]

router = APIRouter(tags=["statistics"], responses=PROBLEM_RESPONSES)


def _timeline(snapshot: StoreSnapshot, query: TimelineQuery) -> Any:
    return snapshot.cached(("timeline", query.model_dump_json()),
                           lambda store: timeline(store, query.event_filter(), query.bucket))


def _map(snapshot: StoreSnapshot, query: MapQuery) -> Any:
    return snapshot.cached(("map", query.model_dump_json()),
                           lambda store: map_points(store, query.event_filter(), query.limit))


def _network(snapshot: StoreSnapshot, query: NetworkQuery) -> Any:
    return snapshot.cached(("network", query.model_dump_json()), lambda store: actor_network(
        store, query.event_filter(), level=query.level, limit=query.limit))


def counts(snapshot: StoreSnapshot) -> Any:
    return snapshot.cached(("counts",), lambda store: store.counts())


def warm(snapshot: StoreSnapshot) -> None:
    """Compute what the dashboard's first view asks for, so its first visitor does not wait for it."""
    counts(snapshot)
    _timeline(snapshot, TimelineQuery.model_validate({}))
    _map(snapshot, MapQuery.model_validate({}))
    _network(snapshot, NetworkQuery.model_validate({}))


@router.get("/api/stats/summary", summary="Counts: articles, events by type and factuality, top places")
def summary(request: Request) -> JSON:
    return JSON(state(request).snapshot.cached(("summary",), event_summary))


@router.get("/api/stats/timeline", summary="Events per period and type")
def events_timeline(request: Request, query: Annotated[TimelineQuery, Query()]) -> JSON:
    """Rows of ``period`` (first day), ``type``, ``events``, summed ``intensity`` and ``fatalities``;
    ``bucket=auto`` picks day, week, month or year from the span. ``undated`` counts events with no date."""
    return JSON(_timeline(state(request).snapshot, query))


@router.get("/api/stats/map", summary="Located events grouped by place and type")
def events_map(request: Request, query: Annotated[MapQuery, Query()]) -> JSON:
    """One point per place and type (``events``, ``fatalities``, an ``example`` event id), the busiest first;
    ``unlocated`` counts the events without coordinates."""
    return JSON(_map(state(request).snapshot, query))


@router.get("/api/stats/network", summary="Who acts on whom: cooperation and conflict between actors")
def network(request: Request, query: Annotated[NetworkQuery, Query()]) -> JSON:
    """Directed source → target edges weighted by events, cooperation (summed positive PLOVER intensity)
    and conflict (summed negative intensity, as a positive number); ``level=country`` groups by country."""
    return JSON(_network(state(request).snapshot, query))


@router.get("/api/regions/{name}", summary="A region's picture: intensity over time, latest events, network")
def region(request: Request, name: Annotated[str, Path(min_length=1, max_length=200)],
           query: Annotated[RegionQuery, Query()]) -> JSON:
    """Events located in ``name`` (a place, an admin-1 region such as Idlib, or a country code)."""
    f = query.event_filter(name)

    def picture(store: Any) -> dict[str, Any]:
        return {
            "region": name,
            "events": count_events(store, f),
            "timeline": timeline(store, f, query.bucket),
            "latest": find_events(store, replace(f, limit=10)),
            "network": actor_network(store, f, level=query.level, limit=40),
            "watch": _watch(store, name),
        }

    return JSON(state(request).snapshot.cached(("region", name, query.model_dump_json()), picture))


def _watch(store: Any, name: str) -> dict[str, Any] | None:
    """The cease-fire/violence watch for the region (whimbrel.monitor): the last eight weekly states, the
    spike alarms and the lull statements; null when ``name`` is no country or admin-1 region in the store."""
    from whimbrel.errors import ConfigError
    from whimbrel.monitor import latest_day, resolve_region, watch_states
    from whimbrel.monitor.state import spikes_for

    if not store.has_table("daily_counts"):
        return None
    try:
        region = resolve_region(store, name)
    except ConfigError:
        return None
    last = latest_day(store, region)
    if last is None:
        return None
    return {"unit": region.unit, "kind": region.kind, "until": last.isoformat(),
            "windows": [w.as_dict() for w in watch_states(store, region.kind, region.unit, until=last, windows=8)],
            "spikes": [{"day": d.isoformat(), "count": a.count, "expected": round(a.expected, 2)}
                       for d, a in spikes_for(store, region.kind, region.unit, until=last)]}
