"""Exports: rows of a store query as CSV, Parquet or GeoJSON.

CSV and GeoJSON stream: DuckDB hands over Arrow batches of 2,048 rows and each is written out as it
comes, so an export of 100,000 events never sits in memory as text. Parquet needs its footer written last,
so it is built whole (DuckDB's Arrow batches, pyarrow's writer, into memory: a few MB for 100,000 events)
and sent with its length. Lists (an event's contexts, its source actors) stay lists in Parquet and become
``;``-joined text in CSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi import Request
from fastapi.responses import Response, StreamingResponse

from whimbrel.api.deps import Page, page, state
from whimbrel.api.problems import ProblemError
from whimbrel.store import Store
from whimbrel.store.arrow import arrow_reader
from whimbrel.store.browse import count_rows
from whimbrel.store.queries import Query

__all__ = ["MEDIA_TYPES", "export_response", "list_responses", "rows_response"]

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
               "geojson": "application/geo+json"}
_BATCH = 2048

Reader = Callable[[], AbstractContextManager[Store]]


def list_responses(*, geo: bool) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a list route: a JSON :class:`~whimbrel.api.deps.Page`, or an export."""
    content: dict[str, Any] = {"text/csv": {"schema": {"type": "string"}},
                               MEDIA_TYPES["parquet"]: {"schema": {"type": "string", "format": "binary"}}}
    if geo:
        content[MEDIA_TYPES["geojson"]] = {"schema": {
            "type": "object", "required": ["type", "features"],
            "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}}}}
    return {200: {"model": Page, "description": "A page of rows (format=json), or every matching row as an export",
                  "content": content}}


def _csv(open_store: Reader, sql: str, params: list[object]) -> Iterator[str]:
    """The header as soon as the query has run, then one chunk of text per Arrow batch."""
    with open_store() as store:
        reader = arrow_reader(store.con, sql, params, _BATCH)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(reader.schema.names)
        for batch in reader:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
            for row in batch.to_pylist():
                writer.writerow([_cell(v) for v in row.values()])
        yield buf.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _geojson(open_store: Reader, sql: str, params: list[object]) -> Iterator[str]:
    """A FeatureCollection of the rows that have ``lat``/``lon`` (the others are left out)."""
    with open_store() as store:
        reader = arrow_reader(store.con, sql, params, _BATCH)
        yield '{"type": "FeatureCollection", "features": ['
        first = True
        for batch in reader:
            parts = []
            for row in batch.to_pylist():
                lat, lon = row.pop("lat", None), row.pop("lon", None)
                if lat is None or lon is None:
                    continue
                feature = {"type": "Feature", "id": row.get("id") or row.get("geonameid"),
                           "geometry": {"type": "Point", "coordinates": [lon, lat]},
                           "properties": {k: _json_value(v) for k, v in row.items()}}
                parts.append(json.dumps(feature, ensure_ascii=False))
            if parts:
                yield ("" if first else ",") + ",".join(parts)
                first = False
        yield "]}"


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):  # DuckDB sums of integers are 128-bit: whole numbers
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _parquet(reader: pa.RecordBatchReader) -> bytes:
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
    return sink.getvalue()


def export_response(fmt: str, open_store: Reader, query: tuple[str, list[object]], name: str) -> Response:
    """The rows of ``query`` as a download named ``name.<fmt>``."""
    sql, params = query
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt in ("csv", "geojson"):
        chunks = (_csv if fmt == "csv" else _geojson)(open_store, sql, params)
        # The first chunk runs the query now, so a store error is a problem response, not a cut-off stream.
        first = next(chunks)
        return StreamingResponse(_chain(first, chunks), media_type=MEDIA_TYPES[fmt], headers=headers)
    if fmt == "parquet":
        with open_store() as store:
            reader = arrow_reader(store.con, sql, params, _BATCH)
            body = _parquet(reader)
        return Response(body, media_type=MEDIA_TYPES["parquet"], headers=headers)
    raise ValueError(f"not an export format: {fmt}")


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def rows_response(request: Request, fmt: str, rows: Callable[[Any], Query], f: Any, name: str, *,
                  geo: bool = False) -> Response:
    """A JSON page of the flat rows ``rows(f)`` gives, or all of them as an export in ``fmt``."""
    snapshot = state(request).snapshot
    if fmt == "geojson" and not geo:
        raise ProblemError(400, f"{name} have no coordinates: format is json, csv or parquet here")
    if fmt != "json":
        return export_response(fmt, snapshot.reader, rows(f), name)
    with snapshot.reader() as store:
        items = store.query(*rows(f))
        total = count_rows(store, rows(replace(f, limit=0, offset=0)))
    return page(request, items, total, f.limit, f.offset)
