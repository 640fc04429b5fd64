"""Quarantine: the inputs whose latest attempt failed, listed (``whimbrel errors``) and retried
(``whimbrel process --retry-failed``).

Every failure, at any stage (ingest, fetch, extract, nlp, actors, places, quotes, events, a timeout),
is a row of the store's ``errors`` table: the input and its position (``feed.jsonl:3``, ``crawl.warc:7``),
the stage, the error class and its message, written in the same transaction as the batch's articles.
A later success of the same input removes the row, so the table always holds what is still failing.

Retrying reads each failed input again (the file as given, from the directory the first run was started
in) and keeps only the positions that failed: line 3 of a JSON Lines file, record 7 of a WARC, a whole
page file. Everything else in those files is skipped, not re-processed. Inputs read from standard input
cannot be read again; they are reported and left in the table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from whimbrel.pipeline import Failure
from whimbrel.records import Article

if TYPE_CHECKING:
    from whimbrel.store import Store

__all__ = ["RetryPlan", "keep_failed", "list_errors", "retry_plan"]

_STDIN = "<stdin>"


def list_errors(store: Store, *, stage: str | None = None, limit: int = 0) -> list[dict[str, Any]]:
    """The quarantined inputs, oldest failure first (``stage``: only those that failed there)."""
    sql = ("SELECT input, stage, error, message, article_id, failed_at, path, position FROM errors"
           + (" WHERE stage = ?" if stage else "") + " ORDER BY failed_at, input"
           + (f" LIMIT {int(limit)}" if limit > 0 else ""))
    rows = store.query(sql, [stage] if stage else [])
    for row in rows:
        row["failed_at"] = row["failed_at"].isoformat(timespec="seconds") if row["failed_at"] else None
    return rows


@dataclass
class RetryPlan:
    """What to read again: each input path → the positions to keep (None: the whole input)."""

    targets: dict[str, set[int] | None] = field(default_factory=dict)
    unreachable: list[str] = field(default_factory=list)  # standard input: cannot be read again

    @property
    def inputs(self) -> list[str]:
        return list(self.targets)

    def add(self, path: str, position: int | None) -> None:
        if position is None or self.targets.get(path, set()) is None:
            self.targets[path] = None
        else:
            self.targets.setdefault(path, set()).add(position)  # type: ignore[union-attr]


def _located(row: dict[str, Any]) -> tuple[str | None, int | None]:
    """(path, position) of an errors row; rows from a store older than those columns are read from
    ``input`` (``path`` or ``path:N``)."""
    if row["path"] is not None or row["input"].startswith(_STDIN):
        return row["path"], row["position"]
    text = str(row["input"])
    base, _, tail = text.rpartition(":")
    if tail.isdigit() and base and not os.path.exists(text):
        return base, int(tail)
    return text, None


def retry_plan(store: Store, inputs: Iterable[str] = ()) -> RetryPlan:
    """The failed inputs to read again; with ``inputs`` (files or folders), only those under them."""
    scope = [os.path.normpath(i) for i in inputs]
    plan = RetryPlan()
    for row in list_errors(store):
        path, position = _located(row)
        if path is None:
            plan.unreachable.append(row["input"])
            continue
        if scope and not any(_under(path, s) for s in scope):
            continue
        plan.add(path, position)
    return plan


def _under(path: str, scope: str) -> bool:
    norm = os.path.normpath(path)
    return norm == scope or norm.startswith(scope.rstrip(os.sep) + os.sep)


def keep_failed(items: Iterable[Article | Failure], plan: RetryPlan) -> Iterator[Article | Failure]:
    """Only the articles (and failures) at the failed positions of the plan's inputs. A failure of a
    whole input (the file is gone now) is always kept: it is news."""
    for item in items:
        keep = plan.targets.get(item.path or "", None) if item.path is not None else None
        if keep is None or item.position is None or item.position in keep:
            yield item
