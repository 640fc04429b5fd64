"""The build-once cache (whimbrel/cache.py): built once, rebuilt when a source changes, and several checkouts'
versions kept side by side rather than evicting each other."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

import whimbrel.cache as cache
from whimbrel.config import settings


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = tmp_path / "cache"
    config = dataclasses.replace(settings(), cache_dir=here)
    monkeypatch.setattr(cache, "settings", lambda: config)
    return here


def test_built_once_and_rebuilt_when_a_source_changes(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.yaml"
    source.write_text("a: 1\n")
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return {"n": len(builds)}

    assert cache.cached("thing", 1, [source], build) == {"n": 1}
    assert cache.cached("thing", 1, [source], build) == {"n": 1}  # from the file: not built again
    source.write_text("a: 2, b: 3\n")
    assert cache.cached("thing", 1, [source], build) == {"n": 2}
    assert len(builds) == 2


def test_checkouts_do_not_evict_each_other(cache_dir: Path, tmp_path: Path) -> None:
    sources = []
    for k in range(6):  # six checkouts: same file names, other paths
        path = tmp_path / f"checkout-{k}" / "kb.yaml"
        path.parent.mkdir()
        path.write_text("x\n")
        sources.append(path)
        cache.cached("kb", 1, [path], lambda k=k: k)
        for old in cache_dir.glob("kb-*.pickle"):  # distinct modification times, oldest first
            os.utime(old, (old.stat().st_atime, old.stat().st_mtime - 1))
    assert len(list(cache_dir.glob("kb-*.pickle"))) == cache._KEPT_VERSIONS
    # the last checkouts are served from the cache, the oldest was dropped and is rebuilt
    assert cache.cached("kb", 1, [sources[5]], lambda: "rebuilt") == 5
    assert cache.cached("kb", 1, [sources[2]], lambda: "rebuilt") == 2
    assert cache.cached("kb", 1, [sources[0]], lambda: "rebuilt") == "rebuilt"
