"""``/api/quotes``: who said what, in which article."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from whimbrel.api.exports import list_responses, rows_response
from whimbrel.api.params import QuoteQuery
from whimbrel.api.problems import PROBLEM_RESPONSES
from whimbrel.store.queries import quote_rows

__all__ = ["router"]

router = APIRouter(prefix="/api/quotes", tags=["quotes"], responses=PROBLEM_RESPONSES)


@router.get("", summary="Quotes matching the filters", responses=list_responses(geo=False))
def list_quotes(request: Request, query: Annotated[QuoteQuery, Query()]) -> Response:
    """Direct and indirect quotes with their speaker (resolved where possible) and cue, newest articles
    first; ``start``/``end`` are offsets into the article's text."""
    return rows_response(request, query.format, quote_rows, query.to_filter(), "quotes")
