"""The store: an embedded DuckDB file (schema in ``schema.sql``) and the queries over it."""

from whimbrel.store.duckdb_store import SCHEMA_VERSION, Store
from whimbrel.store.queries import EventFilter, QuoteFilter, event_summary, find_events, find_quotes

__all__ = ["SCHEMA_VERSION", "EventFilter", "QuoteFilter", "Store", "event_summary", "find_events", "find_quotes"]
