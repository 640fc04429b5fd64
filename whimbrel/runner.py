"""Plain functions behind the CLI: process inputs (in one process or several), keep the results.

``process`` streams articles from ingest through the pipeline, writes the results to the store a
transaction of ``WHIMBREL_WRITE_BATCH`` at a time and hands every result to the caller (for ``--out`` JSON
Lines and progress display). With ``workers > 1`` (or ``overlap``, as the CLI asks) the pipeline runs in
worker processes forked once the models are loaded here, so they share one copy; results come back in
input order, so the output is the same whatever the worker count.

Near-duplicate detection (``whimbrel.dedup``) runs here, in the parent, on results in input order: which
copy of a story is "first" must not depend on which worker finished first. Its index starts from the
store's signatures, so earlier runs' articles count as seen. With several workers, they make each record's
signature and JSON for it (``ForParent``, ``whimbrel.prepared``), so the parent's share of the work stays small.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from whimbrel.config import settings
from whimbrel.errors import ConfigError
from whimbrel.ingest import read_inputs
from whimbrel.pipeline import Failure, Pipeline, default_pipeline, iter_batches
from whimbrel.prepared import prepare
from whimbrel.records import Article, Record

if TYPE_CHECKING:
    from whimbrel.dedup import Deduplicator, Signature
    from whimbrel.ingest.fetch import Fetcher
    from whimbrel.quarantine import RetryPlan
    from whimbrel.store import Store

__all__ = ["JUST_RESULTS", "ForParent", "ProcessReport", "finish_for_parent", "process", "run_pipeline"]

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
_MODELS_FROZEN = False


def loaded_pipeline(skip: tuple[str, ...] = ()) -> Pipeline:
    """The default pipeline with its models loaded, for running many batches in this process.

    The first time, the objects alive then (the spaCy model, the knowledge base, the gazetteer: about
    200,000 containers that live as long as the process) are moved out of the cyclic garbage collector's
    reach with ``gc.freeze()``; otherwise every full collection walks them all again, about 0.45 s of the
    300 articles of ``make bench``. Only once per process: what is frozen is never collected as a cycle,
    so freezing again in a long-lived server would keep each request's garbage."""
    global _MODELS_FROZEN
    if _MODELS_FROZEN:
        return default_pipeline(skip=skip)
    # Nor is the collector run while they are made: each of its passes during the load (spaCy's import, the
    # unpickled gazetteer's million objects) walks everything made so far, and all of it is kept anyway.
    enabled = gc.isenabled()
    gc.disable()
    try:
        pipeline = default_pipeline(skip=skip)
        _MODELS_FROZEN = True
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return pipeline


def _worker_ready() -> None:
    """A task that does nothing: submitted first, it makes the executor fork its workers at once."""


# A worker makes and drops a few hundred thousand objects per batch (the parse's tokens, the records), freed
# by reference counting. At the default threshold (700) the cyclic collector ran some 600 times over the 300
# articles of `make bench` (0.16 s); every 20,000 allocations, 10 times (0.06 s; timed with gc.callbacks).
_WORKER_GC_THRESHOLD = (20_000, 20, 20)


def tune_worker_process() -> None:
    """Collector and allocator settings for a process that only runs the pipeline (a forked worker, a Ray
    actor): see :data:`_WORKER_GC_THRESHOLD` and :func:`_keep_freed_memory`."""
    gc.set_threshold(*_WORKER_GC_THRESHOLD)
    _keep_freed_memory()


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 * 1024 * 1024  # the largest glibc accepts on 64-bit
_TRIM_THRESHOLD = 512 * 1024 * 1024


def _keep_freed_memory() -> None:
    """Let the C allocator keep and reuse the parse's big arrays rather than get them from the kernel anew.

    Each batch the parser and NER allocate arrays of several MB to tens of MB (features per token) and free
    them. By default glibc maps such a block fresh from the kernel and unmaps it at free, or trims the freed
    top of its heap, so every batch pays page faults and the kernel's zeroing of the same memory again: over
    the 300 articles of ``make bench`` a worker had 160,000-280,000 page faults and 0.8-1.9 s of system
    time. With blocks up to 32 MB taken from the heap and up to 512 MB of freed heap kept, 40,000 faults and
    0.2-0.6 s. The peak memory is the same; it is only not handed back before the worker exits. Not glibc
    (musl, macOS): nothing to do."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


@dataclass(frozen=True, slots=True)
class ForParent:
    """What a worker makes of its records for the first process besides the analysis (whimbrel/prepared.py):
    their JSON (``json``: they will be written out or stored) and near-duplicate signatures (``sign``)."""

    json: bool = False
    sign: bool = False


JUST_RESULTS = ForParent()  # what the workers of a pipeline run for its own sake send back: the results alone


def finish_for_parent(results: list[Result], wanted: ForParent) -> list[Result]:
    """Results of a worker (process or Ray actor) as they go back to the first process: without the parse
    (not needed there, and costly to send) and with what ``wanted`` asks made here rather than there."""
    for r in results:
        if isinstance(r, Record):
            r.parse = None
            if wanted.json:
                r.prepared = prepare(r, sign=wanted.sign)
    return results


def _worker_run(batch: list[Article], wanted: ForParent) -> list[Result]:
    assert _WORKER_PIPELINE is not None
    return finish_for_parent(_WORKER_PIPELINE.run_batch(batch), wanted)


@contextmanager
def local_workers(workers: int, skip: tuple[str, ...] = ()) -> Iterator[ProcessPoolExecutor]:
    """``workers`` processes forked from this one once it has loaded the pipeline.

    The models are loaded once, here, not once per worker: the workers share their pages (copy on write,
    and ``gc.freeze`` keeps the collector from writing to them), so two workers cost the CPU time and the
    memory of one load. Nothing is pickled to start a worker."""
    global _WORKER_PIPELINE
    _keep_freed_memory()  # here already: the load's big reads (the cached gazetteer, the weights) gain too
    _WORKER_PIPELINE = loaded_pipeline(skip)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=tune_worker_process)
    try:
        pool.submit(_worker_ready)  # with fork, the executor starts all its workers at the first task
        yield pool
    finally:  # after an error here, batches not yet started are dropped rather than waited for
        pool.shutdown(wait=True, cancel_futures=True)


class _InOrder:
    """Results of ``batches`` run by a pool's workers, in input order.

    The first batches are read and sent at construction, so the workers have work while the caller
    finishes its own set-up; once the last result is in, the pool is told to wind down, so its workers
    exit while the caller writes out the rest."""

    def __init__(self, batches: Iterator[list[Article | Failure]], pool: ProcessPoolExecutor, workers: int,
                 wanted: ForParent) -> None:
        self._batches, self._pool, self._window, self._wanted = batches, pool, workers * 2, wanted
        self._in_flight: deque[tuple[list[Article | Failure], Future[list[Result]]]] = deque()
        self._ready: deque[Result] = deque()
        self._all_sent = False
        self._send()

    def _send(self) -> None:
        # every worker busy, and at most two batches each in the reorder window
        while not self._all_sent and len(self._in_flight) < self._window:
            batch = next(self._batches, None)
            if batch is None:
                self._all_sent = True
                break
            articles = [a for a in batch if isinstance(a, Article)]
            self._in_flight.append((batch, self._pool.submit(_worker_run, articles, self._wanted)))

    @property
    def ending(self) -> bool:
        """The whole input is sent and the results of every batch back so far are handed out: the last few
        batches are in the workers, and what the caller holds need not wait for them."""
        return self._all_sent and not self._ready

    def __iter__(self) -> Iterator[Result]:
        return self

    def __next__(self) -> Result:
        if not self._ready:
            if not self._in_flight:
                raise StopIteration
            batch, fut = self._in_flight.popleft()
            done = iter(fut.result())
            self._send()
            self._ready.extend(next(done) if isinstance(item, Article) else item for item in batch)
            if not self._in_flight:
                self._pool.shutdown(wait=False)  # nothing more to send: the workers may exit now
        return self._ready.popleft()


def run_pipeline(articles: Iterable[Article | Failure], *, workers: int = 1, skip: Iterable[str] = (),
                 batch_size: int | None = None, engine: str = "local", address: str | None = None,
                 wanted: ForParent = JUST_RESULTS) -> Iterator[Result]:
    """Every article through the pipeline (ingest failures pass through), in input order. ``engine``:
    ``local`` (this process, or ``workers`` forked processes) or ``ray`` (``workers`` Ray actors on the
    cluster at ``address``, else a local one; ``whimbrel.ray_engine``). Both give the same results.
    ``wanted``: what workers also prepare for this process (none when the pipeline runs here)."""
    size = batch_size or settings().batch_size
    skip = tuple(skip)
    if engine == "ray":  # full batches: an actor's batch is also one round trip to the driver
        from whimbrel.ray_engine import ray_results

        yield from ray_results(iter_batches(articles, size), workers=workers, skip=skip, address=address,
                               wanted=wanted)
        return
    if engine != "local":
        raise ConfigError(f"unknown engine {engine!r}: local or ray")
    if address is not None:
        raise ConfigError("an --address is for --engine ray")
    if workers <= 1:
        yield from loaded_pipeline(skip).run(articles, batch_size=size)
        return
    with local_workers(workers, skip) as pool:
        yield from _InOrder(_worker_batches(articles, size), pool, workers, wanted)


def _worker_batches(articles: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    # Smaller batches keep every worker busy; the parse itself still runs batched inside a worker. (Whole
    # batches for a lone worker measured no faster: what they saved in calls, their larger arrays cost.)
    return iter_batches(articles, max(4, size // 2))


def process(inputs: Iterable[str], *, fmt: str = "auto", encoding: str | None = None, db: str | Path | None = None,
            workers: int = 1, on_result: Callable[[Result], None] | None = None, dedup: bool = True,
            fetcher: Fetcher | None = None, retry: RetryPlan | None = None, engine: str = "local",
            address: str | None = None, overlap: bool = False) -> ProcessReport:
    """Run the whole pipeline over ``inputs``; store results in ``db`` (None: do not store). With ``dedup``,
    set ``article.duplicate_of`` on near-duplicates of articles seen before (in this run or the store).
    With a ``fetcher``, URL inputs are fetched and feed entries get their linked pages (else no network).
    With ``retry`` (``whimbrel.quarantine.retry_plan``), only its failed inputs and positions are read.
    ``engine`` and ``address``: where the pipeline runs (see :func:`run_pipeline`); dedup and store writes
    stay in this process whatever the engine. With ``overlap``, one local worker (``workers=1``) is a
    forked process too, as with more, so that reading, deduplication and store writes here run beside
    the analysis instead of between its batches (the CLI does this; a caller with threads of its own, like
    the API server, should not fork and leaves it off).

    Crash safety: each ``WHIMBREL_WRITE_BATCH`` results are one store transaction, so a run killed at any
    moment (SIGKILL included) leaves whole transactions only; running it again with the same inputs
    re-writes every article in place (idempotent by id) and ends in the state an uninterrupted run gives
    (tests/test_crash_safety.py)."""
    started = time.perf_counter()
    with ExitStack() as stack:
        if retry is not None:
            from whimbrel.quarantine import keep_failed

            inputs = retry.inputs
        articles = read_inputs(inputs, fmt=fmt, encoding=encoding, max_bytes=settings().max_bytes, fetcher=fetcher)
        if retry is not None:
            articles = keep_failed(articles, retry)
        results: Iterator[Result]
        # Several workers (or Ray actors) make the records' JSON (stored, or written out by on_result) and
        # near-duplicate signatures, so that this process, whose CPU they would otherwise share, only copies
        # them (whimbrel/prepared.py). A lone forked worker leaves them here: this process has the other core.
        offload = engine == "ray" or workers > 1
        wanted = ForParent(json=offload and (db is not None or on_result is not None), sign=offload and dedup)
        if engine == "local" and (workers > 1 or overlap):
            n = max(workers, 1)
            pool = stack.enter_context(local_workers(n))
            # The first batches go to the workers now: they start while the store and its duplicate index open.
            results = _InOrder(_worker_batches(articles, settings().batch_size), pool, n, wanted)
        else:
            results = run_pipeline(articles, workers=workers, engine=engine, address=address, wanted=wanted)
        from whimbrel.store import open_store  # DuckDB's import too waits until the workers have work

        store = stack.enter_context(open_store(db)) if db is not None else None
        report = _collect(results, store, dedup=dedup, on_result=on_result)
    report.seconds = time.perf_counter() - started
    return report


def _collect(results: Iterable[Result], store: Store | None, *, dedup: bool,
             on_result: Callable[[Result], None] | None) -> ProcessReport:
    """Deduplicate the results in input order, hand each to ``on_result``, store them a transaction at a time."""
    from whimbrel.dedup import Deduplicator  # datasketch imports scipy (0.3 s): only `process` pays for it

    report = ProcessReport()
    pending_records: list[Record] = []
    pending_failures: list[Failure] = []
    pending_signatures: list[Signature] = []

    def flush() -> None:
        if store is not None:
            store.write(pending_records, pending_failures, [s.row() for s in pending_signatures])
        pending_records.clear()
        pending_failures.clear()
        pending_signatures.clear()

    dedupe: Deduplicator | None = None
    if dedup:
        dedupe = Deduplicator.from_store(store) if store is not None else Deduplicator()
    ending = (lambda: results.ending) if isinstance(results, _InOrder) else None
    write_batch = settings().write_batch  # read once: settings() reads the environment on every call
    for result in results:
        if isinstance(result, Record):
            report.articles += 1
            if dedupe is not None:
                signed = result.prepared.signature if result.prepared is not None else None
                sig = dedupe.observe(result.id, result.article.text, signed)
                result.article.duplicate_of = sig.duplicate_of
                pending_signatures.append(sig)
            if store is not None and result.current_prepared() is None:
                result.prepared = prepare(result, sign=False)  # its JSON once, for the store and on_result
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
        if len(pending_records) + len(pending_failures) >= write_batch or (
                ending is not None and ending()):
            # At the end of the input each batch is written as it comes, while the workers finish theirs:
            # only the last one is left to write (and the run to wait for) after the last result.
            flush()
    flush()
    return report
