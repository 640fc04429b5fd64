"""Named stages over one typed record, and the runner that wires them.

Each stage declares what it ``requires`` and what it ``assigns`` (attribute paths of
:class:`~whimbrel.records.Record`, like ``"article.text"`` or ``"parse"``); :class:`Pipeline` checks at
construction that every requirement is assigned by an earlier stage (or by ingest), as spaCy does for
its components. Stages work on batches, because the nlp stage is much faster that way; a failure on
one article becomes a :class:`Failure` for that article and never stops the batch, and so does an article
that runs past the per-article time limit (``WHIMBREL_ARTICLE_TIMEOUT``; :mod:`whimbrel.limits`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from whimbrel.config import settings
from whimbrel.errors import PipelineError, StageError, WhimbrelError
from whimbrel.limits import deadline
from whimbrel.records import Article, Record

__all__ = ["INGEST_ASSIGNS", "Failure", "Pipeline", "Stage", "default_pipeline", "iter_batches"]

# What ingest puts on every article before the first stage runs.
INGEST_ASSIGNS = ("article.id", "article.raw", "article.path", "article.format", "article.meta")


@dataclass(slots=True)
class Failure:
    """An input that could not be processed: where it was, which stage gave up, and why.

    ``path`` (the input as given; None for standard input) and ``position`` (line, feed entry or WARC
    record number; None for a whole file) say what to read again to retry it (``process --retry-failed``)."""

    where: str
    stage: str
    error: str  # exception class name
    message: str
    article_id: str | None = None
    path: str | None = None
    position: int | None = None

    @classmethod
    def from_exception(cls, exc: BaseException, *, stage: str, where: str, article_id: str | None = None,
                       path: str | None = None, position: int | None = None) -> Failure:
        if isinstance(exc, StageError) and exc.__cause__ is not None:
            exc = exc.__cause__
        message = exc.message if isinstance(exc, WhimbrelError) else str(exc) or exc.__class__.__name__
        return cls(where=where, stage=stage, error=exc.__class__.__name__, message=message, article_id=article_id,
                   path=path, position=position)

    @classmethod
    def of_record(cls, exc: BaseException, *, stage: str, record: Record) -> Failure:
        """A stage's failure on one article, named by where the article came from."""
        a = record.article
        return cls.from_exception(exc, stage=stage, where=a.where, article_id=a.id, path=a.path,
                                  position=a.position)

    def __str__(self) -> str:
        return f"{self.where}: {self.stage}: {self.error}: {self.message}"


class Stage:
    """Base class of a pipeline stage. Subclasses set the class attributes and override
    :meth:`process_one` (or :meth:`process` when batching pays off)."""

    name: ClassVar[str] = "stage"
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def process_one(self, record: Record) -> None:
        raise NotImplementedError

    def process(self, records: Sequence[Record]) -> list[Record | Failure]:
        out: list[Record | Failure] = []
        limit = settings().article_timeout
        for record in records:
            try:
                with deadline(limit, stage=self.name, where=record.article.where):
                    self.process_one(record)
            except Exception as exc:  # one article's failure (or timeout) must not sink the batch
                out.append(Failure.of_record(exc, stage=self.name, record=record))
            else:
                out.append(record)
        return out


@dataclass
class Pipeline:
    """An ordered list of stages, checked once: every ``requires`` is assigned earlier."""

    stages: list[Stage]
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        available = set(INGEST_ASSIGNS)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage assigns "
                    f"(order: {' → '.join(s.name for s in self.stages)})"
                )
            available.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run_batch(self, articles: Sequence[Article]) -> list[Record | Failure]:
        """Run every stage over one batch; the result keeps the input order."""
        results: list[Record | Failure] = [Record(article=a) for a in articles]
        limit = settings().article_timeout
        for stage in self.stages:
            live = [r for r in results if isinstance(r, Record)]
            if not live:
                break
            started = time.perf_counter()
            # A stage that overrides process() works on the whole batch (nlp): it gets the batch's time
            # budget at once, and its articles their own limit each when the batch is retried one by one.
            # Stage.process guards every article itself, and timers do not nest.
            batched = type(stage).process is not Stage.process
            try:
                with deadline(limit * len(live) if batched else None, stage=stage.name, limit=limit):
                    done = stage.process(live)
            except Exception as exc:  # a batch-level failure or timeout: one by one, to isolate the culprit
                done = []
                for record in live:
                    try:
                        with deadline(limit if batched else None, stage=stage.name, where=record.article.where):
                            done.extend(stage.process([record]))
                    except Exception as inner:
                        done.append(Failure.of_record(inner, stage=stage.name, record=record))
                del exc
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - started
            by_id = {id(r): d for r, d in zip(live, done, strict=True)}
            results = [by_id.get(id(r), r) if isinstance(r, Record) else r for r in results]
        return results

    def run(self, articles: Iterable[Article | Failure], batch_size: int = 32) -> Iterator[Record | Failure]:
        """Process a stream of articles (ingest failures pass straight through), in input order."""
        for batch in iter_batches(articles, batch_size):
            good = [a for a in batch if isinstance(a, Article)]
            done = iter(self.run_batch(good))
            for item in batch:
                yield next(done) if isinstance(item, Article) else item


# A batch holds ``size`` articles of typical length; short texts (snippets, headlines) are batched more
# densely, up to this many times ``size``, within the same number of characters: spaCy's per-batch overhead
# dominates on short texts (a batch of 256 snippets parses ~8 % faster than eight of 32).
_TYPICAL_CHARS = 2_000
_MAX_DENSITY = 8


def iter_batches(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    batch: list[Article | Failure] = []
    chars, budget = 0, size * _TYPICAL_CHARS
    for item in items:
        batch.append(item)
        raw = item.raw if isinstance(item, Article) else None
        chars += len(raw) if raw is not None else _TYPICAL_CHARS
        if len(batch) >= size * _MAX_DENSITY or (len(batch) >= size and chars >= budget):
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def default_pipeline(until: str | None = None, *, skip: Iterable[str] = ()) -> Pipeline:
    """The standard stage order: extract → nlp → actors → places → quotes → events.

    ``until`` stops after the named stage; ``skip`` leaves stages out (the pipeline check still holds,
    so only stages nobody later requires can be skipped, e.g. ``quotes`` for ``classify``).
    """
    from whimbrel.actors.stage import ActorStage
    from whimbrel.events.stage import EventStage
    from whimbrel.extract.stage import ExtractStage
    from whimbrel.nlp.stage import NlpStage
    from whimbrel.places.stage import PlaceStage
    from whimbrel.quotes.stage import QuoteStage

    factories: list[tuple[str, Callable[[], Stage]]] = [
        ("extract", ExtractStage), ("nlp", NlpStage), ("actors", ActorStage), ("places", PlaceStage),
        ("quotes", QuoteStage), ("events", EventStage),
    ]
    skipped = set(skip)
    stages: list[Stage] = []
    for name, factory in factories:
        if name not in skipped:
            stages.append(factory())
        if name == until:
            break
    return Pipeline(stages)
