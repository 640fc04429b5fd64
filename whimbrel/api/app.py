"""The app factory: ``create_app(db_path, settings)`` wires the store's copy, the routes, the error
handlers and the security layers into one FastAPI app (served by ``whimbrel serve``)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from whimbrel import __version__
from whimbrel.api.deps import AppState
from whimbrel.api.openapi import install_openapi
from whimbrel.api.problems import install_handlers
from whimbrel.api.routes import actors, articles, dashboard, events, feeds, ingest, places, quotes, stats
from whimbrel.api.security import AllowedHosts, SecurityHeaders
from whimbrel.api.snapshot import StoreSnapshot
from whimbrel.api.world import world_geojson
from whimbrel.config import Settings
from whimbrel.config import settings as current_settings

__all__ = ["create_app"]

_DESCRIPTION = """Read the events, articles, actors, places and quotes that `whimbrel process` stored.

Reading needs no token. `POST /api/articles` (ingest) needs `Authorization: Bearer <WHIMBREL_API_TOKEN>`.
Errors are RFC 9457 problem details (`application/problem+json`). Lists are pages
(`limit` ≤ 1000, `offset`) unless `format=csv|parquet|geojson` asks for an export of every matching row.
"""


def create_app(db_path: str | Path | None = None, settings: Settings | None = None, *,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """An app reading the store at ``db_path`` (default: the ``WHIMBREL_DB`` setting). The store is copied
    into memory now (StoreError if it cannot be read at all; a store held by a writer is read later).
    With ``allowed_hosts``, a request naming another host in its ``Host`` header is refused (``serve`` on
    the loopback interface passes the loopback names: see ``whimbrel.api.security``)."""
    settings = settings or current_settings()
    snapshot = StoreSnapshot(Path(db_path) if db_path is not None else settings.db)
    snapshot.load()
    snapshot.on_load = functools.partial(stats.warm, snapshot)
    # The first view's aggregates and the base map, computed now rather than on the first visitor's time
    # (in the background: the server answers meanwhile).
    threading.Thread(target=snapshot.on_load, name="whimbrel-warm", daemon=True).start()
    world_geojson()

    # No Swagger/ReDoc pages: they load their scripts from a CDN. /openapi.json describes every route.
    app = FastAPI(title="Whimbrel", version=__version__, description=_DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json")
    app.state.whimbrel = AppState(snapshot=snapshot, settings=settings)
    install_handlers(app)
    install_openapi(app)
    for module in (events, articles, ingest, actors, places, quotes, stats, feeds, dashboard):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(dashboard.STATIC_DIR)), name="static")
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    if allowed_hosts is not None:
        app.add_middleware(AllowedHosts, hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # the outermost layer: its headers go on every answer, refusals included
    return app
