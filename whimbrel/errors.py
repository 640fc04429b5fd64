"""Whimbrel's exceptions: one tree, so callers can catch as broadly or narrowly as they need.

::

    WhimbrelError
    ├── InputError                one input (file, JSON line, page) cannot be turned into an article
    │   ├── EmptyInputError       nothing in it
    │   ├── BinaryInputError      not text (NUL bytes, control characters)
    │   ├── EncodingError         not valid in the encoding it claims or we require
    │   ├── InvalidRecordError    a JSON Lines line or a WARC record that cannot be used (damaged)
    │   ├── UnsupportedFormatError a format we recognise but cannot read yet, or an unknown --format
    │   ├── NoArticleTextError    the page parsed but holds no article body
    │   └── FetchError            a URL could not be fetched (``url``, ``status``, ``reason``)
    │       └── RobotsDisallowedError  the site's robots.txt forbids it for Whimbrel
    ├── StageError                a pipeline stage failed on one article (wraps the cause)
    │   └── StageTimeoutError     one article took longer than the per-article time limit in a stage
    ├── PipelineError             stages wired in an impossible order (a requirement never assigned)
    ├── KnowledgeBaseError        a knowledge-base file is malformed or contradictory (file and line)
    ├── GazetteerError            the gazetteer cannot be built or loaded
    ├── ModelError                the spaCy model is missing or broken
    ├── ConfigError               a setting has an invalid value
    ├── EngineError               the distributed engine (Ray) cannot be reached or lost a worker
    ├── StoreError                the store cannot be opened, read or written
    │   └── StoreLockedError      another process holds the store's write lock
    └── WebhookError              a watch finding could not be delivered to its webhook

Every error knows *where* it happened (``where``: ``path:line`` or ``<stdin>:line``) when it concerns
an input, so the CLI can print one clear line per failure and carry on with the rest of the batch.

Exit codes of the CLI (documented in README): 0 everything processed; 1 some inputs failed and were
skipped (the rest is stored); 2 usage error (bad option or argument); 3 fatal: nothing could be done
(store, model or knowledge base unusable).
"""

from __future__ import annotations

__all__ = [
    "EXIT_FATAL",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "BinaryInputError",
    "ConfigError",
    "EmptyInputError",
    "EncodingError",
    "EngineError",
    "FetchError",
    "GazetteerError",
    "InputError",
    "InvalidRecordError",
    "KnowledgeBaseError",
    "ModelError",
    "NoArticleTextError",
    "PipelineError",
    "RobotsDisallowedError",
    "StageError",
    "StageTimeoutError",
    "StoreError",
    "StoreLockedError",
    "UnsupportedFormatError",
    "WebhookError",
    "WhimbrelError",
]

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_FATAL = 3


class WhimbrelError(Exception):
    """Base of every error Whimbrel raises on purpose."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(WhimbrelError):
    """One input cannot be turned into an article; the rest of the batch goes on."""


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class InvalidRecordError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class NoArticleTextError(InputError):
    pass


class FetchError(InputError):
    """A URL could not be fetched. ``reason`` is a short machine-readable cause (``status``, ``robots``,
    ``redirects``, ``too-large``, ``timeout``, ``connection``, ``scheme``, ``encoding``); ``status`` the
    last HTTP status seen, if any. The message names the URL, so one line on stderr says it all."""

    def __init__(self, message: str, *, url: str, reason: str, status: int | None = None,
                 where: str | None = None) -> None:
        super().__init__(message, where=where or url)
        self.url, self.reason, self.status = url, reason, status


class RobotsDisallowedError(FetchError):
    pass


class StageError(WhimbrelError):
    """A stage raised on one article. ``stage`` names it; ``__cause__`` holds the original error."""

    def __init__(self, message: str, *, stage: str, where: str | None = None) -> None:
        super().__init__(message, where=where)
        self.stage = stage


class StageTimeoutError(StageError):
    """One article ran past ``WHIMBREL_ARTICLE_TIMEOUT`` in ``stage``; the article is skipped, the run goes on."""


class PipelineError(WhimbrelError):
    pass


class KnowledgeBaseError(WhimbrelError):
    pass


class GazetteerError(WhimbrelError):
    pass


class ModelError(WhimbrelError):
    pass


class ConfigError(WhimbrelError):
    pass


class EngineError(WhimbrelError):
    """``process --engine ray``: no Ray cluster at ``--address``, too few CPUs for ``--workers``, or a
    worker lost mid-run (fatal: exit 3; the batches already written stay stored)."""


class StoreError(WhimbrelError):
    pass


class StoreLockedError(StoreError):
    pass


class WebhookError(WhimbrelError):
    """A finding of ``whimbrel watch`` could not be delivered to the configured webhook."""
