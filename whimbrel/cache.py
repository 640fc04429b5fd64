"""Build-once artefacts (parsed knowledge base, gazetteer index) cached as pickles.

The key covers the artefact's format version and every source file's path, size and modification time,
so editing a knowledge-base file or upgrading a data package rebuilds it. Writes are atomic (temporary
file, then rename), so parallel workers never read a half-written cache. A corrupt or unreadable cache is
rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from whimbrel.config import settings

__all__ = ["cached"]

T = TypeVar("T")
_KEPT_VERSIONS = 4  # cache files kept per artefact, the newest


def _key(name: str, version: int, sources: Iterable[Path]) -> str:
    h = hashlib.sha1(f"{name}:{version}".encode())
    for path in sorted(sources):
        st = path.stat()
        h.update(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def cached(name: str, version: int, sources: Iterable[Path], build: Callable[[], T]) -> T:
    sources = list(sources)
    cache_dir = settings().cache_dir
    target = cache_dir / f"{name}-{_key(name, version, sources)}.pickle"
    try:
        with open(target, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own file, in our own cache directory
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        # Drop stale versions, but keep a few: the key holds the source files' paths, so two checkouts (or a
        # checkout and its fresh clone) each have their own, and must not evict each other's at every run.
        older = sorted((p for p in cache_dir.glob(f"{name}-*.pickle") if p != target),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for old in older[_KEPT_VERSIONS - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache directory only costs speed
    return value
