"""What every route needs: a store to read (a cursor on the server's copy, see ``snapshot``), the settings,
and a fast JSON response for rows holding dates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.convertors import PathConvertor, register_url_convertor

from whimbrel.api.snapshot import StoreSnapshot
from whimbrel.config import Settings
from whimbrel.store import Store

__all__ = ["JSON", "AnyText", "AppState", "Encoded", "Page", "ReadStore", "dumps", "page", "state"]


class AnyText(PathConvertor):
    """A path parameter holding any text, slashes and line breaks included (``{id:anytext}``): Starlette's
    ``path`` stops at a line break, and an article id is whatever its source gave it."""

    regex = "(?s:.*)"


register_url_convertor("anytext", AnyText())


@dataclass
class AppState:
    snapshot: StoreSnapshot
    settings: Settings


def state(request: Request) -> AppState:
    return request.app.state.whimbrel


def _read_store(request: Request) -> Iterator[Store]:
    with state(request).snapshot.reader() as store:
        yield store


ReadStore = Annotated[Store, Depends(_read_store)]


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(content: Any) -> str:
    """Compact JSON, dates as ISO 8601."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_default)


class JSON(JSONResponse):
    """JSON straight from rows: dates as ISO 8601, no round trip through FastAPI's encoder (a page of 1,000
    events would spend most of its time there)."""

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


class Encoded(str):
    """A page's items already rendered as JSON text, and how many (a cached page: ``routes/events.py``)."""

    rows: int

    @classmethod
    def of(cls, items: list[Any]) -> Encoded:
        return cls.rendered(dumps(items), len(items))

    @classmethod
    def rendered(cls, json_text: str, rows: int) -> Encoded:
        """Items someone else rendered as ``dumps`` would (the event index: whimbrel/store/event_index.py)."""
        text = cls(json_text)
        text.rows = rows
        return text


class Page(BaseModel):
    """A JSON page of a list route (documented in the OpenAPI schema; the rows are the route's own)."""

    total: int = Field(ge=0, description="rows matching the filters, over every page")
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
    next: str | None = Field(description="path and query of the next page; null on the last")
    items: list[dict[str, Any]]


def page(request: Request, items: list[Any] | Encoded, total: int, limit: int, offset: int) -> Response:
    """A page of ``items`` with the total and the URL of the next page (null on the last)."""
    nxt = None
    if offset + (items.rows if isinstance(items, Encoded) else len(items)) < total:
        url = request.url.include_query_params(offset=offset + limit)
        nxt = f"{url.path}?{url.query}"
    head = {"total": total, "limit": limit, "offset": offset, "next": nxt}
    if isinstance(items, Encoded):
        return Response(f'{dumps(head)[:-1]},"items":{items}}}', media_type="application/json")
    return JSON({**head, "items": items})
