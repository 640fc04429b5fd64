"""``GET /api/articles``: the processed articles, and one with its text, events, quotes and places."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from whimbrel.api.deps import JSON, ReadStore
from whimbrel.api.exports import list_responses, rows_response
from whimbrel.api.params import ArticleQuery
from whimbrel.api.problems import PROBLEM_RESPONSES, ProblemError, not_found
from whimbrel.store.browse import article_rows, get_article

__all__ = ["router"]

router = APIRouter(prefix="/api/articles", tags=["articles"], responses=PROBLEM_RESPONSES)


@router.get("", summary="Articles matching the filters", responses=list_responses(geo=False))
def list_articles(request: Request, query: Annotated[ArticleQuery, Query()]) -> Response:
    """Articles (without their text), newest first, with how many events and quotes each gave.
    Near-duplicates are left out unless ``include_duplicates=true``."""
    return rows_response(request, query.format, article_rows, query.to_filter(), "articles")


@router.get("/{article_id:anytext}", summary="One article: text, events, quotes and places",
            responses=not_found("article"))
def one_article(store: ReadStore, article_id: Annotated[str, Path(max_length=500)]) -> JSON:
    """Every offset in ``events``, ``quotes`` and ``places`` refers to ``text``."""
    found = get_article(store, article_id)
    if found is None:
        raise ProblemError(404, f"no article {article_id!r}")
    return JSON(found)
