"""The dashboard (``/``, its files under ``/static``), its base map, and ``/api/status``."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from whimbrel import __version__
from whimbrel.api.deps import JSON, state
from whimbrel.api.problems import PROBLEM_RESPONSES
from whimbrel.api.routes import stats
from whimbrel.api.world import world_geojson

__all__ = ["STATIC_DIR", "router"]

STATIC_DIR = resources.files("whimbrel.api").joinpath("static")

router = APIRouter()


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(str(STATIC_DIR.joinpath("index.html")), media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


@router.get("/world.geojson", include_in_schema=False)
def world() -> Response:
    return Response(world_geojson(), media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/api/status", tags=["status"], summary="Version, the store's counts and the age of the copy read",
            responses=PROBLEM_RESPONSES)
def status(request: Request) -> JSON:
    """``store.copied_at`` is when the server last copied the store; ``writer_active`` is true while a
    ``whimbrel process`` run holds it (the copy is then served until the run ends)."""
    snapshot = state(request).snapshot
    return JSON({"version": __version__, "store": snapshot.status(), "counts": stats.counts(snapshot)})
