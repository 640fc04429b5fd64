"""``whimbrel serve``: a REST API (OpenAPI at ``/openapi.json``) and a dashboard over the store.

How it reads the store, given DuckDB's one-writer lock: the server answers from an in-memory copy of the
store, refreshed when the file changes and no writer holds it, so it keeps answering while
``whimbrel process`` runs and never stops a run from starting (see ``whimbrel.api.snapshot``).

Modules: ``app`` (the factory), ``snapshot`` (the copy), ``params`` (strict query models), ``problems``
(RFC 9457 errors), ``openapi`` (the description, as the server really answers), ``security`` (headers,
token, body cap, host check), ``exports`` (CSV/Parquet/GeoJSON), ``routes/`` (one module per collection),
``world`` (the base map), ``static/`` (the dashboard), ``bench`` (``python -m whimbrel.api.bench``: latency
and first render on 100,000 events), ``load`` (``python -m whimbrel.api.load``: 50 concurrent clients).
Concurrency, security, conformance and load: ``docs/api-robustness.md``.
"""

from collections.abc import Callable

from whimbrel.api.app import create_app

__all__ = ["create_app", "serve"]


def serve(db: str | None = None, *, host: str = "127.0.0.1", port: int = 8000,
          announce: Callable[[str], None] | None = None) -> None:
    """Serve the API and dashboard until interrupted (uvicorn, one process); ``announce`` is told the URL
    once the store has been read. On a loopback address (the default) only loopback host names are
    answered (DNS rebinding, see ``whimbrel.api.security``)."""
    import uvicorn

    from whimbrel.api.security import LOOPBACK_HOSTS

    app = create_app(db, allowed_hosts=LOOPBACK_HOSTS if host in LOOPBACK_HOSTS else None)
    if announce is not None:
        announce(f"http://{host}:{port}/")
    # No "server: uvicorn" header: what runs the server is nobody's business.
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False, server_header=False)
