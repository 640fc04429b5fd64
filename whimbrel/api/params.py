"""Query parameters of the read routes, as strict pydantic models: an unknown parameter, a malformed date,
a page above the cap or an over-long string is a 400 with a message that names it, before any query runs.
Each model turns itself into the plain filter of ``whimbrel.store`` (which checks the rest: event types,
sort keys, bounding boxes), so the API and the CLI accept the same things.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from whimbrel.records import FACTUALITIES, SECTORS
from whimbrel.store.browse import (
    ACTOR_SORTS,
    ARTICLE_SORTS,
    PLACE_SORTS,
    ActorFilter,
    ArticleFilter,
    PlaceFilter,
)
from whimbrel.store.overview import NETWORK_LEVELS
from whimbrel.store.queries import EVENT_SORTS, EventFilter, QuoteFilter

__all__ = [
    "EXPORT_MAX_ROWS", "MAX_PAGE", "ActorQuery", "ArticleQuery", "EventQuery", "Format", "MapQuery", "NetworkQuery",
    "PlaceQuery", "QuoteQuery", "RegionQuery", "TimelineQuery", "parse_bbox",
]

MAX_PAGE = 1000  # rows per JSON page; bigger sets are for exports (format=csv|parquet|geojson) or paging
EXPORT_MAX_ROWS = 1_000_000  # rows per export: one request must not be able to hold the server for minutes
DEFAULT_PAGE = 50

Format = Literal["json", "csv", "parquet", "geojson"]
Text = Annotated[str | None, Field(None, min_length=1, max_length=200)]
Code = Annotated[str | None, Field(None, pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code, e.g. SYR")]
Name = Annotated[str | None, Field(None, pattern=r"^[a-z][a-z_-]{0,39}$")]
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Days are YYYY-MM-DD only: pydantic alone would also read a number as a Unix time (until=0 is
    1970-01-01), which no one asking for a day means."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("must be a day as YYYY-MM-DD")
    return value


Day = Annotated[date | None, BeforeValidator(_iso_day)]


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees; ValueError with what is wrong."""
    if value is None:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("bbox must be four numbers west,south,east,north (e.g. 35.5,35.0,37.5,36.7)")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ValueError("bbox must be four numbers west,south,east,north (e.g. 35.5,35.0,37.5,36.7)") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("bbox values must be finite numbers")
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError("bbox must have -180 <= west <= east <= 180 and -90 <= south <= north <= 90")
    return west, south, east, north


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="after")
    def _dates_in_order(self) -> _Query:
        since, until = getattr(self, "since", None), getattr(self, "until", None)
        if since and until and since > until:
            raise ValueError(f"since ({since}) is after until ({until})")
        return self


class _Paged(_Query):
    limit: int | None = Field(None, ge=1, le=EXPORT_MAX_ROWS,
                              description=f"rows per page: default {DEFAULT_PAGE}, at most {MAX_PAGE} as JSON; "
                                          f"exports default to all rows (at most {EXPORT_MAX_ROWS:,})")
    offset: int = Field(0, ge=0, le=100_000_000, description="rows to skip (paging)")
    format: Format = Field("json", description="json page, or an export: csv, parquet, geojson")

    @model_validator(mode="after")
    def _page_cap(self) -> _Paged:
        if self.format == "json" and self.limit is not None and self.limit > MAX_PAGE:
            raise ValueError(f"limit is at most {MAX_PAGE} for JSON pages (got {self.limit}); page with offset, "
                             "or export with format=csv|parquet|geojson")
        return self

    def page_limit(self) -> int:
        if self.format == "json":
            return self.limit or DEFAULT_PAGE
        return self.limit or EXPORT_MAX_ROWS


class _EventFilters(_Query):
    actor: Text = Field(None, description="actor id (country/TUR), words of a name (Lavrov), or a country code")
    type: list[str] = Field(default_factory=list, description="PLOVER type(s): repeat or comma-separate")
    country: Code = None
    mode: Name = None
    context: Name = None
    place: Text = Field(None, description="location name, admin-1 region (Idlib) or country code")
    bbox: str | None = Field(None, max_length=100, description="west,south,east,north in degrees")
    since: Day = Field(None, description="first event day, YYYY-MM-DD")
    until: Day = Field(None, description="last event day, YYYY-MM-DD")
    factuality: Literal[FACTUALITIES] | None = None  # type: ignore[valid-type]
    min_confidence: float | None = Field(None, ge=0, le=1)
    q: Text = Field(None, description="words in the evidence sentence")
    article: Text = None
    include_duplicates: bool = False

    @field_validator("type")
    @classmethod
    def _split_types(cls, value: list[str]) -> list[str]:
        types = [t.strip().upper() for v in value for t in v.split(",") if t.strip()]
        if len(types) > 16 or any(len(t) > 20 for t in types):
            raise ValueError("at most 16 event types")
        return types

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, value: str | None) -> str | None:
        parse_bbox(value)
        return value

    def event_filter(self, *, limit: int = 0, offset: int = 0, sort: str = "-date") -> EventFilter:
        return EventFilter(actor=self.actor, types=tuple(self.type), country=self.country, mode=self.mode,
                           context=self.context, place=self.place, bbox=parse_bbox(self.bbox), since=self.since,
                           until=self.until, factuality=self.factuality, min_confidence=self.min_confidence,
                           text=self.q, article=self.article, include_duplicates=self.include_duplicates,
                           limit=limit, offset=offset, sort=sort)


class EventQuery(_EventFilters, _Paged):
    sort: Literal[tuple(EVENT_SORTS)] = "-date"  # type: ignore[valid-type]

    def to_filter(self) -> EventFilter:
        return self.event_filter(limit=self.page_limit(), offset=self.offset, sort=self.sort)


class TimelineQuery(_EventFilters):
    bucket: Literal["auto", "day", "week", "month", "year"] = "auto"


class MapQuery(_EventFilters):
    limit: int = Field(2000, ge=1, le=10_000, description="points (place and type) at most")


class NetworkQuery(_EventFilters):
    level: Literal[NETWORK_LEVELS] = "actor"  # type: ignore[valid-type]
    limit: int = Field(60, ge=1, le=500, description="edges at most, the heaviest first")


class QuoteQuery(_Paged):
    speaker: Text = Field(None, description="speaker id, name or words of the name")
    kind: Literal["direct", "indirect"] | None = None
    q: Text = Field(None, description="words in the quote")
    country: Code = Field(None, description="speaker's country, ISO alpha-3")
    since: Day = Field(None, description="first publication day, YYYY-MM-DD")
    until: Day = None
    article: Text = None
    include_duplicates: bool = False

    def to_filter(self) -> QuoteFilter:
        return QuoteFilter(speaker=self.speaker, kind=self.kind, text=self.q, country=self.country, since=self.since,
                           until=self.until, article=self.article, include_duplicates=self.include_duplicates,
                           limit=self.page_limit(), offset=self.offset)


class ArticleQuery(_Paged):
    q: Text = Field(None, description="words in the title or text")
    source: Text = None
    since: Day = Field(None, description="first publication day, YYYY-MM-DD")
    until: Day = None
    include_duplicates: bool = False
    sort: Literal[tuple(ARTICLE_SORTS)] = "-published"  # type: ignore[valid-type]

    def to_filter(self) -> ArticleFilter:
        return ArticleFilter(text=self.q, source=self.source, since=self.since, until=self.until,
                             include_duplicates=self.include_duplicates, limit=self.page_limit(), offset=self.offset,
                             sort=self.sort)


class ActorQuery(_Paged):
    q: Text = Field(None, description="id, or words of the name")
    country: Code = None
    sector: Literal[SECTORS] | None = None  # type: ignore[valid-type]
    kind: Literal["country", "person", "organization", "group"] | None = None
    since: Day = Field(None, description="first event day, YYYY-MM-DD")
    until: Day = None
    sort: Literal[tuple(ACTOR_SORTS)] = "-events"  # type: ignore[valid-type]

    def to_filter(self) -> ActorFilter:
        return ActorFilter(text=self.q, country=self.country, sector=self.sector, kind=self.kind, since=self.since,
                           until=self.until, limit=self.page_limit(), offset=self.offset, sort=self.sort)


class PlaceQuery(_Paged):
    q: Text = Field(None, description="words of the place name")
    country: Code = None
    admin1: Text = None
    bbox: str | None = Field(None, max_length=100, description="west,south,east,north in degrees")
    sort: Literal[tuple(PLACE_SORTS)] = "-events"  # type: ignore[valid-type]

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, value: str | None) -> str | None:
        parse_bbox(value)
        return value

    def to_filter(self) -> PlaceFilter:
        return PlaceFilter(text=self.q, country=self.country, admin1=self.admin1, bbox=parse_bbox(self.bbox),
                           limit=self.page_limit(), offset=self.offset, sort=self.sort)


class RegionQuery(_Query):
    since: Day = Field(None, description="first event day, YYYY-MM-DD")
    until: Day = None
    factuality: Literal[FACTUALITIES] | None = None  # type: ignore[valid-type]
    min_confidence: float | None = Field(None, ge=0, le=1)
    bucket: Literal["auto", "day", "week", "month", "year"] = "auto"
    level: Literal[NETWORK_LEVELS] = "actor"  # type: ignore[valid-type]

    def event_filter(self, place: str) -> EventFilter:
        return EventFilter(place=place, since=self.since, until=self.until, factuality=self.factuality,
                           min_confidence=self.min_confidence, limit=0)
