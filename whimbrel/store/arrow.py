"""Query results as Arrow, across DuckDB versions (2.0 renamed the methods; 1.x lacks the new names)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from whimbrel.errors import StoreError

__all__ = ["arrow_reader", "arrow_table"]


def _relation(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object]) -> duckdb.DuckDBPyRelation:
    try:
        return con.sql(sql, params=list(params))
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from None


def arrow_reader(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = (),
                 batch_size: int = 2048) -> pa.RecordBatchReader:
    """The rows in Arrow batches of ``batch_size``, read as they are consumed."""
    rel = _relation(con, sql, params)
    try:
        if hasattr(rel, "to_arrow_reader"):
            return rel.to_arrow_reader(batch_size)
        return rel.fetch_arrow_reader(batch_size)  # DuckDB 1.x
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from None


def arrow_table(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> pa.Table:
    rel = _relation(con, sql, params)
    try:
        if hasattr(rel, "to_arrow_table"):
            return rel.to_arrow_table()
        return rel.fetch_arrow_table()  # DuckDB 1.x
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from None
