"""Whimbrel: news reports → a sourced, geolocated, queryable record of who did what to whom.

The public API is what ``__all__`` lists (a test keeps it honest); everything else is internal.
"""

import os as _os
import typing as _typing

# One BLAS thread per process unless the user says otherwise, set before anything imports NumPy: the
# spaCy layers multiply with NumPy's OpenBLAS (whimbrel.nlp.model.load_spacy), and Whimbrel runs in
# parallel through worker processes (--workers), which BLAS threads would only oversubscribe.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from whimbrel.errors import WhimbrelError  # noqa: E402
from whimbrel.pipeline import Failure, Pipeline, Stage, default_pipeline  # noqa: E402
from whimbrel.records import ActorRef, Article, Event, Magnitude, PlaceRef, Quote, Record, Span  # noqa: E402

if _typing.TYPE_CHECKING:
    from whimbrel.frames import StoreReader
    from whimbrel.runner import ProcessReport

__version__ = "0.1.0"

__all__ = [
    "ActorRef",
    "Article",
    "Event",
    "Failure",
    "Magnitude",
    "Pipeline",
    "PlaceRef",
    "Quote",
    "Record",
    "Span",
    "Stage",
    "WhimbrelError",
    "__version__",
    "default_pipeline",
    "open",
    "process",
    "process_text",
]


def process_text(text: str, *, id: str = "text", published: str | None = None, title: str | None = None) -> Record:
    """Run the whole pipeline on one text (offsets refer to ``text`` unchanged)."""
    meta = {k: v for k, v in (("published", published), ("title", title)) if v}
    article = Article(id=id, raw=text, format="record", meta=meta)
    result = default_pipeline().run_batch([article])[0]
    if isinstance(result, Failure):
        raise WhimbrelError(f"{result.stage}: {result.error}: {result.message}")
    return result


def process(inputs: list[str], **kwargs: _typing.Any) -> "ProcessReport":
    """Process files, folders or ``-``; see :func:`whimbrel.runner.process` for the options."""
    from whimbrel.runner import process as _process

    return _process(inputs, **kwargs)


def open(db: "str | None" = None) -> "StoreReader":  # shadows the builtin only as whimbrel.open
    """Open a store for querying: ``.events(...)``, ``.quotes(...)``, ``.articles()``, ``.actors()``,
    ``.places()``, each giving a frame with ``.df()`` (pandas), ``.arrow()`` and ``.pl()`` (polars, if
    installed). See :mod:`whimbrel.frames`."""
    from whimbrel.frames import open_store

    return open_store(db)
