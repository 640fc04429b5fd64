"""The Ray engine: the pipeline on a Ray cluster (``whimbrel process --engine ray [--address ADDR]``).

One Ray actor per worker (``num_cpus=1``) loads the pipeline once (:func:`~whimbrel.pipeline.default_pipeline`)
and runs the batches it is sent. The driver (the ``whimbrel process`` process) streams batches from ingest
with bounded work in flight and yields the results in input order, exactly as the local engine's
``--workers N`` does. Everything that depends on order stays in the driver (``whimbrel.runner.process``):
near-duplicate detection, store writes, ``--out``. Actors do nothing order-dependent (a batch's result
depends on that batch only), so the records are byte-identical to the local engine's
(tests/test_ray_engine.py).

Flow control, so that a corpus of any size streams in bounded memory:

1. each actor has at most :data:`IN_FLIGHT_PER_WORKER` batches sent and not yet finished (one running, one
   queued behind it, so an actor never waits on the driver between two batches); a new batch goes to the
   least-loaded actor;
2. at most :data:`REORDER_WINDOW` batches per worker are sent and not yet handed on: a slow batch at the
   head holds back later finished ones until it is done (their results wait in the object store).

The cluster: with ``address`` (``HOST:PORT`` of a head started by ``ray start --head``, or ``auto``) the
driver connects to it; without, it starts a private local one with ``workers`` CPUs (no dashboard, no usage
statistics, worker logs not copied to the terminal). Ray is shut down at the end only if this module
started or connected it (a caller that initialised Ray itself keeps its session). Our ``WHIMBREL_*``
settings travel to the actors (nodes started elsewhere do not have the driver's environment), except the
API token, which workers never need.

Errors: an unreachable cluster, a cluster with fewer CPUs than workers, or a worker lost mid-run is an
:class:`~whimbrel.errors.EngineError` (exit 3); a model or knowledge base that cannot load on a worker is
raised as itself (``ModelError``, ...), as the local engine would.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whimbrel.errors import EngineError, WhimbrelError
from whimbrel.pipeline import Failure, Pipeline, default_pipeline
from whimbrel.records import Article, Record
from whimbrel.runner import JUST_RESULTS, ForParent, finish_for_parent, tune_worker_process

__all__ = ["IN_FLIGHT_PER_WORKER", "REORDER_WINDOW", "PipelineWorker", "ray_results"]

Result = Record | Failure

IN_FLIGHT_PER_WORKER = 2  # batches sent to one actor and not finished: one running, one queued
REORDER_WINDOW = 4  # batches per worker sent and not yet yielded (finished ones wait behind a slow head)
_CONNECT_TIMEOUT_S = 5.0
# Settings that hold secrets stay on the driver; paths are made absolute so a worker's directory is moot.
_PRIVATE_SETTINGS = {"WHIMBREL_API_TOKEN"}
_PATH_SETTINGS = {"WHIMBREL_KB_DIR", "WHIMBREL_CACHE_DIR", "WHIMBREL_SHARED_DATA", "WHIMBREL_DB"}


class PipelineWorker:
    """What one Ray actor holds: the loaded pipeline. Wrapped by ``ray.remote`` in :func:`ray_results`
    (a plain class here, so this module imports without Ray and the class can be tested directly)."""

    def __init__(self, skip: tuple[str, ...], env: dict[str, str]) -> None:
        os.environ.update(env)  # settings() reads the environment on each call
        tune_worker_process()
        self.pipeline: Pipeline | None = None
        self.error: WhimbrelError | None = None
        try:
            self.pipeline = default_pipeline(skip=skip)
        except WhimbrelError as exc:  # kept for ready(): Ray would report a dead actor, not the reason
            self.error = exc

    def ready(self) -> int:
        """Raise the error that kept the pipeline from loading; else this worker's process id."""
        if self.error is not None:
            raise self.error
        return os.getpid()

    def run_batch(self, articles: list[Article], wanted: ForParent = JUST_RESULTS) -> list[Result]:
        assert self.pipeline is not None
        return finish_for_parent(self.pipeline.run_batch(articles), wanted)


def worker_env() -> dict[str, str]:
    """The driver's ``WHIMBREL_*`` settings, as the actors get them."""
    env = {}
    for name, value in os.environ.items():
        if name.startswith("WHIMBREL_") and name not in _PRIVATE_SETTINGS:
            env[name] = str(Path(value).expanduser().resolve()) if name in _PATH_SETTINGS and value else value
    return env


def _check_reachable(address: str) -> None:
    """Fail fast on a ``HOST:PORT`` nobody listens on: Ray itself retries such an address for minutes."""
    if address in ("auto", "local") or "://" in address:
        return
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise EngineError(f"--address {address!r}: expected HOST:PORT of a Ray head (e.g. 10.0.0.5:6379) or auto")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=_CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        raise EngineError(f"no Ray cluster reachable at {address}: {exc.strerror or exc} "
                          f"(start one with `ray start --head`, see docs/scale.md)") from None


def _missing_ray_client() -> bool:
    return importlib.util.find_spec("grpc") is None  # what Ray's client needs beyond a plain `pip install ray`


def _connect(ray: Any, address: str | None, workers: int) -> bool:
    """Initialise Ray (connect or start a local cluster); True when this call did it (so we shut it down)."""
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    common: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address is None:
            # "local" starts a private cluster even when RAY_ADDRESS points elsewhere.
            ray.init(address="local", num_cpus=workers, include_dashboard=False, **common)
        else:
            _check_reachable(address)
            if address.startswith("ray://") and _missing_ray_client():
                raise EngineError(f"--address {address}: ray:// goes through the Ray Client, whose extra "
                                  f"dependencies (grpcio) are not installed; run whimbrel on a machine of the "
                                  f"cluster and give the head's HOST:PORT (6379) or auto (docs/scale.md)")
            ray.init(address=address, **common)
    except EngineError:
        raise
    except Exception as exc:  # ConnectionError, AuthenticationError, a missing ray[client], ...
        where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
        raise EngineError(f"cannot start or reach {where}: {exc.__class__.__name__}: {exc}") from None
    return True


def _get(ray: Any, ref: Any) -> Any:
    """A finished result, with Ray's failures turned into ours."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        cause = getattr(exc, "cause", None) or exc.as_instanceof_cause()
        if isinstance(cause, WhimbrelError):
            raise cause from None
        raise EngineError(f"a Ray worker failed: {exc}") from None
    except ray.exceptions.RayError as exc:  # an actor or node died (out of memory, killed, lost)
        raise EngineError(f"a Ray worker was lost: {exc.__class__.__name__}: {exc}") from None


def _merge(batch: list[Article | Failure], done: list[Result]) -> Iterator[Result]:
    """The batch's results in its own order: ingest failures where they were, articles' results between."""
    results = iter(done)
    for item in batch:
        yield next(results) if isinstance(item, Article) else item


def _in_order(ray: Any, actors: list[Any], batches: Iterable[list[Article | Failure]],
              wanted: ForParent) -> Iterator[Result]:
    pending: deque[tuple[list[Article | Failure], Any]] = deque()  # (batch, its result's ref or None), in input order
    running: dict[Any, int] = {}  # refs sent and not yet seen finished → the actor's index
    load = [0] * len(actors)
    window = REORDER_WINDOW * len(actors)
    source = iter(batches)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window and min(load) < IN_FLIGHT_PER_WORKER:
            batch = next(source, None)
            if batch is None:
                exhausted = True
                break
            articles = [a for a in batch if isinstance(a, Article)]
            ref = None
            if articles:
                k = load.index(min(load))
                ref = actors[k].run_batch.remote(articles, wanted)
                running[ref] = k
                load[k] += 1
            pending.append((batch, ref))
        if not pending:
            return
        batch, ref = pending[0]
        if ref is None or ref not in running:
            pending.popleft()
            yield from _merge(batch, _get(ray, ref) if ref is not None else [])
            continue
        finished, _ = ray.wait(list(running), num_returns=1)
        for r in finished:
            load[running.pop(r)] -= 1


def ray_results(batches: Iterable[list[Article | Failure]], *, workers: int, skip: tuple[str, ...] = (),
                address: str | None = None, wanted: ForParent = JUST_RESULTS) -> Iterator[Result]:
    """Every batch through the pipeline on Ray actors; results (ingest failures passed through) in input
    order, with what ``wanted`` asks the actors to prepare for the driver (``whimbrel.runner.ForParent``)."""
    try:
        import ray
    except ImportError:  # pragma: no cover - ray is pinned in requirements.lock
        raise EngineError("--engine ray needs the `ray` package (pip install ray)") from None
    owned = _connect(ray, address, workers)
    actors: list[Any] = []
    try:
        cpus = ray.cluster_resources().get("CPU", 0)
        if cpus < workers:
            raise EngineError(f"the Ray cluster has {cpus:g} CPUs; --workers {workers} needs one each")
        remote_worker = ray.remote(num_cpus=1)(PipelineWorker)
        env = worker_env()
        actors = [remote_worker.remote(skip, env) for _ in range(workers)]
        for ref in [a.ready.remote() for a in actors]:
            _get(ray, ref)  # fail before reading any input when a worker cannot load the models
        yield from _in_order(ray, actors, batches, wanted)
    finally:
        for actor in actors:
            ray.kill(actor)
        if owned:
            ray.shutdown()
