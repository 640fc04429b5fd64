"""Which store a ``--db`` value names: a PostgreSQL database for a ``postgresql://`` (or ``postgres://``)
URL, else a DuckDB file at that path. Every caller opens its store through :func:`open_store`, so each
command takes either."""

from __future__ import annotations

import re
from pathlib import Path

from whimbrel.store.duckdb_store import Store

__all__ = ["POSTGRES_SCHEMES", "is_postgres_url", "open_store", "store_name"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(db: str | Path) -> bool:
    """Whether ``db`` is a PostgreSQL connection URL (a ``Path`` never is: it would have lost a slash)."""
    return isinstance(db, str) and db.lower().startswith(POSTGRES_SCHEMES)


def open_store(db: str | Path, *, read_only: bool = False) -> Store:
    """The store ``db`` names: :class:`~whimbrel.store.postgres_store.PostgresStore` for a URL such as
    ``postgresql://user@host:5432/whimbrel`` (any libpq URL, ``?host=/run/postgresql`` for a socket), else the
    DuckDB :class:`Store` at that path. ``read_only``: query only (a DuckDB file must exist; a PostgreSQL
    database must hold a store)."""
    if is_postgres_url(db):
        from whimbrel.store.postgres_store import PostgresStore  # psycopg loads only when asked for

        return PostgresStore(str(db), read_only=read_only)
    return Store(db, read_only=read_only)


def store_name(db: str | Path) -> str:
    """``db`` as messages show it: a URL without its password."""
    text = str(db)
    if not is_postgres_url(db):
        return text
    text = re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", text)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", text)
