"""Fixtures for the API tests: a store built once per session from samples/ (the real pipeline), an app
over it, and copies of the store for tests that write."""

from __future__ import annotations

import dataclasses
import shutil
import warnings
from pathlib import Path

import pytest

from whimbrel.config import settings

from ..conftest import SAMPLES

TOKEN = "test-token-5f1c9a"  # a test value, not a secret


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """samples/ processed into a store, once per session (read-only for the tests: copy it to write)."""
    from whimbrel.runner import process

    db = tmp_path_factory.mktemp("api-store") / "samples.duckdb"
    report = process([str(SAMPLES)], db=db)
    assert report.articles >= 10 and report.events > 100, report
    return db


@pytest.fixture
def store_copy(sample_store: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_store, db)
    return db


def make_client(db: Path, **overrides: object):
    """A TestClient over an app reading ``db``, with the test token and any settings overridden."""
    with warnings.catch_warnings():
        # Starlette suggests the httpx2 package for its test client; httpx (pinned) works as it is.
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient

    from whimbrel.api import create_app

    config = dataclasses.replace(settings(), **{"api_token": TOKEN, **overrides})
    # raise_server_exceptions=False: a 500 must show up as a response the test can see, not as an exception
    return TestClient(create_app(db, config), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def client(sample_store: Path):
    with make_client(sample_store) as c:
        yield c


@pytest.fixture(scope="session")
def all_events(client) -> list[dict]:
    """Every event of the sample store through the API (fewer than one full page)."""
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["total"] == len(body["items"]) < 1000
    return body["items"]
