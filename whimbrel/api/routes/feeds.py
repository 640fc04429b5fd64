"""``GET /api/feeds``: the state of ``whimbrel watch-feeds`` for this store (whimbrel.ingest.live)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request

from whimbrel.api.deps import JSON, state
from whimbrel.api.problems import PROBLEM_RESPONSES, ProblemError
from whimbrel.errors import ConfigError
from whimbrel.ingest.live import read_state, state_path

__all__ = ["router"]

router = APIRouter(prefix="/api/feeds", tags=["feeds"], responses=PROBLEM_RESPONSES)


@router.get("", summary="Watched feeds: last poll, outcome, validators, articles processed")
def feeds(request: Request) -> JSON:
    """One item per feed a watcher has polled for this store; empty when none runs or ever ran."""
    try:
        saved = read_state(state_path(state(request).snapshot.path))
    except ConfigError as exc:
        raise ProblemError(503, str(exc)) from None
    return JSON({"items": [asdict(s) for s in saved.values()]})
