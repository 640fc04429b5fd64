"""``/api/actors``: who acts and is acted on, grouped by knowledge-base id (unresolved ones by name)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from whimbrel.api.deps import JSON, ReadStore
from whimbrel.api.exports import list_responses, rows_response
from whimbrel.api.params import ActorQuery
from whimbrel.api.problems import PROBLEM_RESPONSES, ProblemError, not_found
from whimbrel.store.browse import actor_rows, get_actor

__all__ = ["router"]

router = APIRouter(prefix="/api/actors", tags=["actors"], responses=PROBLEM_RESPONSES)


@router.get("", summary="Actors of the events, most active first", responses=list_responses(geo=False))
def list_actors(request: Request, query: Annotated[ActorQuery, Query()]) -> Response:
    """One row per actor: ``key`` (its knowledge-base id, or ``~name`` when unresolved), name, kind,
    country, sector, and how many events it was the source or target of."""
    return rows_response(request, query.format, actor_rows, query.to_filter(), "actors")


@router.get("/{key:anytext}", summary="One actor: its events by type and its most frequent counterparts",
            responses=not_found("actor"))
def one_actor(store: ReadStore, key: Annotated[str, Path(max_length=300)]) -> JSON:
    found = get_actor(store, key)
    if found is None:
        raise ProblemError(404, f"no actor {key!r}")
    return JSON(found)
