"""Stable ids for inputs that state none of their own."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["derived_id"]


def derived_id(*, path: str | None = None, url: str | None = None, content: bytes | None = None) -> str:
    """A stable id for inputs that state none: from the URL, else the path's stem, else the content."""
    if url:
        return "url-" + hashlib.sha1(url.strip().encode()).hexdigest()[:16]
    if path:
        norm = os.path.normpath(path)
        stem = Path(norm).name.split(".")[0][:40] or "doc"
        return f"{stem}-{hashlib.sha1(norm.encode()).hexdigest()[:8]}"
    return "sha1-" + hashlib.sha1(content or b"").hexdigest()[:16]
