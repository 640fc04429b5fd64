"""``/api/places``: the places the articles mention, resolved to the gazetteer, with their events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from whimbrel.api.deps import JSON, ReadStore
from whimbrel.api.exports import list_responses, rows_response
from whimbrel.api.params import PlaceQuery
from whimbrel.api.problems import PROBLEM_RESPONSES, ProblemError, not_found
from whimbrel.store.browse import get_place, place_rows

__all__ = ["router"]

router = APIRouter(prefix="/api/places", tags=["places"], responses=PROBLEM_RESPONSES)


@router.get("", summary="Places mentioned, where most happened first", responses=list_responses(geo=True))
def list_places(request: Request, query: Annotated[PlaceQuery, Query()]) -> Response:
    """One row per gazetteer place (GeoNames id): mentions, articles, events located there and their
    fatalities. ``format=geojson`` gives them as points."""
    return rows_response(request, query.format, place_rows, query.to_filter(), "places", geo=True)


@router.get("/{geonameid}", summary="One place and its events by type", responses=not_found("place"))
def one_place(store: ReadStore, geonameid: Annotated[int, Path(ge=0, le=2**53)]) -> JSON:
    found = get_place(store, geonameid)
    if found is None:
        raise ProblemError(404, f"no place with GeoNames id {geonameid}")
    return JSON(found)
