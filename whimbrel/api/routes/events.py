"""``/api/events``: the coded events, filtered, sorted, paged, or exported whole.

A JSON page comes from the copy's event index (``whimbrel/store/event_index.py``: the same page the SQL
gives, in about a millisecond of CPU on 100,000 events instead of 6-30 ms in DuckDB), answered on the event
loop unless it has new words to search for (a scan of every distinct sentence or name: a worker thread);
the SQL answers when the copy has no index, and exports are always SQL, in a worker thread.

Pages of up to 100 events are also kept with the server's copy of the store (``StoreSnapshot.cached``, as
JSON text: about 1 kB an event) until the next copy: the copy does not change, so neither does the answer,
and the same pages are asked for again and again (the dashboard's table, a client paging, the same filters
from many users). A kept one costs well under a millisecond. Exports and bigger pages are never kept.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from whimbrel.api.deps import JSON, Encoded, ReadStore, page, state
from whimbrel.api.exports import export_response, list_responses
from whimbrel.api.params import EventQuery
from whimbrel.api.problems import PROBLEM_RESPONSES, ProblemError, not_found
from whimbrel.api.snapshot import SnapshotReader, StoreSnapshot
from whimbrel.store.browse import get_event
from whimbrel.store.queries import EventFilter, event_page, event_rows

__all__ = ["CACHED_PAGE_ROWS", "router"]

CACHED_PAGE_ROWS = 100  # a page of at most this many events is kept until the next copy of the store

router = APIRouter(prefix="/api/events", tags=["events"], responses=PROBLEM_RESPONSES)


@router.get("", summary="Events matching the filters", responses=list_responses(geo=True))
async def list_events(request: Request, query: Annotated[EventQuery, Query()]) -> Response:
    """Events as in the output contract (plus ``article_id``), newest first by default. Filters combine
    with AND; ``type`` may be repeated or comma-separated. With ``format=csv|parquet|geojson``, every
    matching event as flat rows (GeoJSON: located events only)."""
    f = query.to_filter()
    snapshot = state(request).snapshot
    if query.format == "json" and snapshot.answers_quickly(f):
        # About a millisecond from the copy's event index: answered on the event loop, as a kept page is,
        # without the hand-off to a worker thread, which under 50 clients costs as much as the answer.
        return _json_page(request, snapshot, f)
    return await run_in_threadpool(_answer, request, query.format, snapshot, f)


def _answer(request: Request, fmt: str, snapshot: StoreSnapshot, f: EventFilter) -> Response:
    if fmt != "json":
        return export_response(fmt, snapshot.reader, event_rows(f), "events")
    return _json_page(request, snapshot, f)


def _json_page(request: Request, snapshot: StoreSnapshot, f: EventFilter) -> Response:
    items: list[dict[str, Any]] | Encoded
    if f.limit <= CACHED_PAGE_ROWS:
        items, total = snapshot.cached(("events", f), functools.partial(_encoded_page, f=f))
    else:
        with snapshot.reader() as store:
            items, total = _encoded_page(store, f)
    return page(request, items, total, f.limit, f.offset)


def _encoded_page(store: SnapshotReader, f: EventFilter) -> tuple[Encoded, int]:
    """From the copy's event index (the same page, in a fraction of the time), else SQL."""
    if store.index is None:
        items, total = event_page(store, f)
        return Encoded.of(items), total
    text, rows, total = store.index.page_json(store, f)
    return Encoded.rendered(text, rows), total


@router.get("/{event_id}", summary="One event, its article and the quotes in its evidence",
            responses=not_found("event"))
def one_event(store: ReadStore, event_id: Annotated[str, Path(max_length=200)]) -> JSON:
    found = get_event(store, event_id)
    if found is None:
        raise ProblemError(404, f"no event {event_id!r}")
    return JSON(found)
