"""Shared fixtures. Tests run the real components: spaCy, DuckDB, the CLI in a subprocess."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from whimbrel.config import REPO_ROOT, settings

from .postgres import postgres_server, store_db  # noqa: F401  (fixtures: the store tests run on both stores)

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SAMPLES = REPO_ROOT / "samples"
SEED = SAMPLES / "pages" / "000_fedec94c8fe0c9b1.txt"
WHIMBREL = str(Path(sys.executable).with_name("whimbrel"))


def shared_data() -> Path:
    return settings().shared_data


def needs_data(*parts: str) -> pytest.MarkDecorator:
    """Skip (cleanly, with the reason) when a development corpus is not present."""
    path = shared_data().joinpath(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"development data not available: {path}")


@pytest.fixture(scope="session")
def pipeline():
    from whimbrel import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def run_text(pipeline):
    """Process one text as a JSON Lines record would be; returns the Record."""
    from whimbrel.records import Article

    def run(text: str, published: str | None = "2018-09-14T03:33:00+00:00", id: str = "t"):
        meta = {"published": published} if published else {}
        [record] = pipeline.run_batch([Article(id=id, raw=text, format="record", meta=meta)])
        return record

    return run


@pytest.fixture(scope="session")
def seed_record(pipeline):
    from whimbrel.ingest import read_inputs

    [record] = list(pipeline.run(read_inputs([str(SEED)])))
    return record
