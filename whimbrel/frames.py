"""The Python API over a store: ``whimbrel.open(db)`` and its query helpers, which give data frames.

::

    import whimbrel
    with whimbrel.open("whimbrel.duckdb") as store:
        assaults = store.events(type="ASSAULT", country="SYR", since="2018-09-01").df()   # pandas
        table = store.quotes(speaker="Lavrov").arrow()                                  # pyarrow
        store.actors(country="TUR").pl()                                                # polars, if installed

Every helper takes the filters of the API's matching route (the fields of ``EventFilter``, ``QuoteFilter``,
``ArticleFilter``, ``ActorFilter``, ``PlaceFilter``), returns every matching row unless ``limit`` is given,
and reads the file read-only: open it while no ``whimbrel process`` is writing it (DuckDB's lock), and
close it (or use ``with``) so that the next run can write.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from whimbrel.errors import ConfigError
from whimbrel.store import Store, is_postgres_url
from whimbrel.store.arrow import arrow_table
from whimbrel.store.browse import (
    ActorFilter,
    ArticleFilter,
    PlaceFilter,
    actor_rows,
    article_rows,
    place_rows,
)
from whimbrel.store.queries import EventFilter, Query, QuoteFilter, event_rows, quote_rows

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

__all__ = ["Frame", "StoreReader", "open_store"]


class Frame:
    """The rows of one query, held as an Arrow table; ``.df()``, ``.arrow()`` and ``.pl()`` convert them."""

    def __init__(self, table: pyarrow.Table) -> None:
        self._table = table

    def arrow(self) -> pyarrow.Table:
        return self._table

    def df(self) -> pandas.DataFrame:
        return self._table.to_pandas()

    def pl(self) -> polars.DataFrame:
        """A polars frame; polars is not one of Whimbrel's dependencies, so install it to use this."""
        try:
            import polars
        except ImportError:
            raise ImportError("polars is not installed: `pip install polars`, or use .arrow() or .df()") from None
        return polars.from_arrow(self._table)

    def records(self) -> list[dict[str, Any]]:
        return self._table.to_pylist()

    def __len__(self) -> int:
        return int(self._table.num_rows)

    def __repr__(self) -> str:
        return f"<Frame {self._table.num_rows} rows: {', '.join(self._table.column_names)}>"


def _make(cls: type[Any], filters: dict[str, Any]) -> Any:
    """A store filter from keyword arguments: dates may be strings, lists become tuples, unknown names fail."""
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(filters) - names)
    if unknown:
        raise ConfigError(f"unknown filter {', '.join(unknown)}; one of {', '.join(sorted(names))}")
    args = dict(filters)
    if isinstance(args.get("type"), list | tuple) and "types" in names:  # type=["ASSAULT", "COERCE"]
        args["types"] = tuple(args.pop("type"))
    for key in ("since", "until"):
        if isinstance(args.get(key), str):
            try:
                args[key] = date.fromisoformat(args[key])
            except ValueError:
                raise ConfigError(f"{key} must be a date like 2018-09-14, got {args[key]!r}") from None
    for key in ("types", "bbox"):
        if isinstance(args.get(key), list):
            args[key] = tuple(args[key])
    args.setdefault("limit", 0)
    return cls(**args)


class StoreReader:
    """Query helpers over one store file, opened read-only (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        if is_postgres_url(path):  # frames come from DuckDB's Arrow export
            raise ConfigError("whimbrel.open reads a DuckDB store file, not a PostgreSQL store (yet): query that "
                              "with the CLI (`whimbrel events --db URL --output json`) or with SQL")
        self.store = Store(path, read_only=True)
        self.path = self.store.path

    def _frame(self, query: Query) -> Frame:
        sql, params = query
        return Frame(arrow_table(self.store.con, sql, params))

    def events(self, **filters: Any) -> Frame:
        """Events as flat rows (actors as lists of names and ids); filters: ``EventFilter``'s fields."""
        return self._frame(event_rows(_make(EventFilter, filters)))

    def quotes(self, **filters: Any) -> Frame:
        return self._frame(quote_rows(_make(QuoteFilter, filters)))

    def articles(self, **filters: Any) -> Frame:
        return self._frame(article_rows(_make(ArticleFilter, filters)))

    def actors(self, **filters: Any) -> Frame:
        return self._frame(actor_rows(_make(ActorFilter, filters)))

    def places(self, **filters: Any) -> Frame:
        return self._frame(place_rows(_make(PlaceFilter, filters)))

    def sql(self, query: str, params: list[Any] | None = None) -> Frame:
        """Any SQL over the store's tables (read-only; pass values as ``?`` parameters)."""
        return self._frame((query, list(params or [])))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<whimbrel store {self.path}>"


def open_store(db: str | Path | None = None) -> StoreReader:
    """Open the store at ``db`` (default: the ``WHIMBREL_DB`` setting) for querying."""
    from whimbrel.config import settings

    return StoreReader(db if db is not None else settings().db)
