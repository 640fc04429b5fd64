"""Whimbrel's exceptions: one tree, so callers can catch as broadly or narrowly as they need.

::

    WhimbrelError
    ├── InputError                one input (file, JSON line, page) cannot be turned into an article
    │   ├── EmptyInputError       nothing in it
    │   ├── BinaryInputError      not text (NUL bytes, control characters)
    │   ├── EncodingError         not valid in the encoding it claims or we require
    │   ├── InvalidRecordError    a JSON Lines line that is not a usable JSON object
    │   ├── UnsupportedFormatError a format we recognise but cannot read yet, or an unknown --format
    │   └── NoArticleTextError    the page parsed but holds no article body
    ├── StageError                a pipeline stage failed on one article (wraps the cause)
    ├── PipelineError             stages wired in an impossible order (a requirement never assigned)
    ├── KnowledgeBaseError        a knowledge-base file is malformed or contradictory (file and line)
    ├── GazetteerError            the gazetteer cannot be built or loaded
    ├── ModelError                the spaCy model is missing or broken
    ├── ConfigError               a setting has an invalid value
    └── StoreError                the store cannot be opened, read or written
        └── StoreLockedError      another process holds the store's write lock

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
    "GazetteerError",
    "InputError",
    "InvalidRecordError",
    "KnowledgeBaseError",
    "ModelError",
    "NoArticleTextError",
    "PipelineError",
    "StageError",
    "StoreError",
    "StoreLockedError",
    "UnsupportedFormatError",
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


class StageError(WhimbrelError):
    """A stage raised on one article. ``stage`` names it; ``__cause__`` holds the original error."""

    def __init__(self, message: str, *, stage: str, where: str | None = None) -> None:
        super().__init__(message, where=where)
        self.stage = stage


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


class StoreError(WhimbrelError):
    pass


class StoreLockedError(StoreError):
    pass
