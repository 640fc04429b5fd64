"""Plain functions behind the CLI: process inputs (in one process or several), keep the results.

``process`` streams articles from ingest through the pipeline, writes each batch to the store in one
transaction and hands every result to the caller (for ``--out`` JSON Lines and progress display). With
``workers > 1`` the pipeline runs in worker processes, each loading the models once; results come back
in input order, so the output is the same whatever the worker count.

Near-duplicate detection (``whimbrel.dedup``) runs here, in the parent, on results in input order: which
copy of a story is "first" must not depend on which worker finished first. Its index starts from the
store's signatures, so earlier runs' articles count as seen.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from whimbrel.config import settings
from whimbrel.errors import ConfigError
from whimbrel.ingest import read_inputs
from whimbrel.pipeline import Failure, Pipeline, default_pipeline, iter_batches
from whimbrel.records import Article, Record

if TYPE_CHECKING:
    from whimbrel.dedup import Deduplicator, Signature
    from whimbrel.ingest.fetch import Fetcher
    from whimbrel.quarantine import RetryPlan

__all__ = ["ProcessReport", "process", "run_pipeline"]

Result = Record | Failure


@dataclass
class ProcessReport:
    articles: int = 0
    failures: list[Failure] = field(default_factory=list)
    duplicates: int = 0  # articles that are near-duplicates of one seen before (their events not counted)
    events: int = 0
    quotes: int = 0
    places: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)


# -- worker processes ----------------------------------------------------------------------------
_WORKER_PIPELINE: Pipeline | None = None


def _worker_init(skip: tuple[str, ...]) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = default_pipeline(skip=skip)


def _worker_run(batch: list[Article]) -> list[Result]:
    assert _WORKER_PIPELINE is not None
    out = _WORKER_PIPELINE.run_batch(batch)
    for r in out:
        if isinstance(r, Record):
            r.parse = None  # not needed by the parent, and costly to send back
    return out


def _parallel(batches: Iterator[list[Article | Failure]], workers: int, skip: tuple[str, ...]) -> Iterator[Result]:
    ctx = multiprocessing.get_context("fork")
    in_flight: list[tuple[list[Article | Failure], Future[list[Result]]]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                             initargs=(skip,)) as pool:
        def drain_one() -> Iterator[Result]:
            batch, fut = in_flight.pop(0)
            done = iter(fut.result())
            for item in batch:
                yield next(done) if isinstance(item, Article) else item

        for batch in batches:
            articles = [a for a in batch if isinstance(a, Article)]
            in_flight.append((batch, pool.submit(_worker_run, articles)))
            if len(in_flight) >= workers * 2:
                yield from drain_one()
        while in_flight:
            yield from drain_one()


def run_pipeline(articles: Iterable[Article | Failure], *, workers: int = 1, skip: Iterable[str] = (),
                 batch_size: int | None = None, engine: str = "local",
                 address: str | None = None) -> Iterator[Result]:
    """Every article through the pipeline (ingest failures pass through), in input order. ``engine``:
    ``local`` (this process, or ``workers`` forked processes) or ``ray`` (``workers`` Ray actors on the
    cluster at ``address``, else a local one; ``whimbrel.ray_engine``). Both give the same results."""
    size = batch_size or settings().batch_size
    skip = tuple(skip)
    if engine == "ray":  # full batches: an actor's batch is also one round trip to the driver
        from whimbrel.ray_engine import ray_results

        yield from ray_results(iter_batches(articles, size), workers=workers, skip=skip, address=address)
        return
    if engine != "local":
        raise ConfigError(f"unknown engine {engine!r}: local or ray")
    if address is not None:
        raise ConfigError("an --address is for --engine ray")
    if workers <= 1:
        pipeline = default_pipeline(skip=skip)
        yield from pipeline.run(articles, batch_size=size)
        return
    # Smaller batches keep every worker busy; the parse itself still runs batched inside a worker.
    yield from _parallel(iter_batches(articles, max(4, size // 2)), workers, skip)


def process(inputs: Iterable[str], *, fmt: str = "auto", encoding: str | None = None, db: str | Path | None = None,
            workers: int = 1, on_result: Callable[[Result], None] | None = None, dedup: bool = True,
            fetcher: Fetcher | None = None, retry: RetryPlan | None = None, engine: str = "local",
            address: str | None = None) -> ProcessReport:
    """Run the whole pipeline over ``inputs``; store results in ``db`` (None: do not store). With ``dedup``,
    set ``article.duplicate_of`` on near-duplicates of articles seen before (in this run or the store).
    With a ``fetcher``, URL inputs are fetched and feed entries get their linked pages (else no network).
    With ``retry`` (``whimbrel.quarantine.retry_plan``), only its failed inputs and positions are read.
    ``engine`` and ``address``: where the pipeline runs (see :func:`run_pipeline`); dedup and store writes
    stay in this process whatever the engine.

    Crash safety: each batch of results is one store transaction, so a run killed at any moment (SIGKILL
    included) leaves whole batches only; running it again with the same inputs re-writes every article
    in place (idempotent by id) and ends in the state an uninterrupted run gives (tests/test_crash_safety.py)."""
    from whimbrel.dedup import Deduplicator  # datasketch imports scipy (0.5 s): only `process` pays for it
    from whimbrel.store import open_store

    started = time.perf_counter()
    report = ProcessReport()
    store = open_store(db) if db is not None else None
    pending_records: list[Record] = []
    pending_failures: list[Failure] = []
    pending_signatures: list[Signature] = []

    def flush() -> None:
        if store is not None:
            store.write(pending_records, pending_failures, [s.row() for s in pending_signatures])
        pending_records.clear()
        pending_failures.clear()
        pending_signatures.clear()

    try:
        dedupe: Deduplicator | None = None
        if dedup:
            dedupe = Deduplicator.from_store(store) if store is not None else Deduplicator()
        max_chars = settings().max_article_chars
        if retry is not None:
            from whimbrel.quarantine import keep_failed

            inputs = retry.inputs
        articles = read_inputs(inputs, fmt=fmt, encoding=encoding, max_bytes=settings().max_bytes, fetcher=fetcher)
        if retry is not None:
            articles = keep_failed(articles, retry)
        for result in run_pipeline(articles, workers=workers, engine=engine, address=address):
            if isinstance(result, Record):
                report.articles += 1
                if dedupe is not None:
                    # signed on the part that is analysed (WHIMBREL_MAX_ARTICLE_CHARS): enough to tell copies
                    # apart, and a 50 MB text does not stall the parent
                    sig = dedupe.observe(result.id, result.article.text[:max_chars])
                    result.article.duplicate_of = sig.duplicate_of
                    pending_signatures.append(sig)
                if result.article.duplicate_of is not None:
                    report.duplicates += 1  # stored and written out in full, but counted with the first copy
                else:
                    report.events += len(result.events)
                    report.quotes += len(result.quotes)
                    report.places += len(result.places)
                pending_records.append(result)
            else:
                report.failures.append(result)
                pending_failures.append(result)
            if on_result is not None:
                on_result(result)
            if len(pending_records) + len(pending_failures) >= settings().batch_size:
                flush()
        flush()
    finally:
        if store is not None:
            store.close()
    report.seconds = time.perf_counter() - started
    return report
