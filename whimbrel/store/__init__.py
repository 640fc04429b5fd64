"""The store: an embedded DuckDB file or a PostgreSQL database (schema in ``schema.sql``; ``open_store``
picks by the ``--db`` value) and the queries over it."""

from whimbrel.store.duckdb_store import SCHEMA_VERSION, Store
from whimbrel.store.factory import is_postgres_url, open_store
from whimbrel.store.queries import (
    EventFilter,
    QuoteFilter,
    event_summary,
    find_event_groups,
    find_events,
    find_quotes,
)

__all__ = ["SCHEMA_VERSION", "EventFilter", "QuoteFilter", "Store", "event_summary", "find_event_groups",
           "find_events", "find_quotes", "is_postgres_url", "open_store"]
