"""Periods as users write them: ``7d``, ``4w``, ``2018-09-01``; "now" is the store's latest day."""

from __future__ import annotations

import re
from datetime import date, timedelta

from whimbrel.errors import ConfigError
from whimbrel.monitor.regions import Region
from whimbrel.store.duckdb_store import Store

__all__ = ["latest_day", "parse_period"]

_RELATIVE = re.compile(r"(\d{1,4})\s*([dw])")


def latest_day(store: Store, region: Region | None = None) -> date | None:
    """The last day the store has news for (its latest publication day, else its latest asserted event):
    archives are briefed as of their own time, not today's, and a planned event is not news yet. With a
    region, the last day of an asserted event there (a quiet archive region is briefed as of its last news)."""
    if region is not None:
        where, params = region.sql_condition("e")
        row = store.query(f"""SELECT max(COALESCE(e.date, a.published_day)) AS d FROM events e
                              JOIN articles a ON a.id = e.article_id WHERE {where} AND e.factuality = 'asserted'
                              AND COALESCE(e.date, a.published_day) <= COALESCE(
                                  (SELECT max(published_day) FROM articles), DATE '9999-12-31')""", params)
        if row and row[0]["d"]:
            return row[0]["d"]
    row = store.query("""SELECT COALESCE((SELECT max(published_day) FROM articles),
                                         (SELECT max(date) FROM events WHERE factuality = 'asserted')) AS d""")
    return row[0]["d"] if row and row[0]["d"] else None


def parse_period(value: str, until: date, name: str = "--since") -> date:
    """``7d`` → the 7 days ending ``until`` (so ``until`` − 6); an ISO date as it is."""
    m = _RELATIVE.fullmatch(value.strip().lower())
    if m:
        days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
        if days < 1:
            raise ConfigError(f"{name} must cover at least one day")
        return until - timedelta(days=days - 1)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} must be like 7d, 4w or 2018-09-01, got {value!r}") from None
