"""The dashboard in Debian's Chromium (driven by Playwright) against a real uvicorn server on loopback over
the sample store: it loads without console errors, filters, brushes, and opens the evidence of an event.
Screenshots go to tests/artifacts/.

Chromium is not installed by pip: ``.ci/run`` installs Debian's package when it is missing. Locally these
tests skip when /usr/bin/chromium is absent; in CI (``CI`` set) they fail instead, so they cannot silently
stop running there.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from whimbrel.config import REPO_ROOT

CHROMIUM = os.environ.get("WHIMBREL_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
# Debian's Chromium as root, headless, and quiet on a machine without network (see .ci/run).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; .ci/run installs it (apt-get install chromium)",
                    pytrace=False)
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); browser tests skipped",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.lock")


@pytest.fixture(scope="module")
def server(sample_store: Path) -> Iterator[str]:
    """A real uvicorn server on a free loopback port, in a thread, serving the sample store."""
    import uvicorn

    from whimbrel.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(sample_store), host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                              args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A fresh page that records console errors, page errors and failed requests."""

    def __init__(self, browser: object, base: str) -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": 1500, "height": 1100})  # type: ignore[attr-defined]
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console.{m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        self.page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)

    def open(self, path: str = "/") -> None:
        self.page.goto(self.base + path)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_selector("html[data-state=ready]", timeout=20_000)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    p = Page(browser, server)
    yield p
    p.page.close()


def _rows(page: Page) -> list[dict]:
    return page.page.eval_on_selector_all(
        "#events-table tbody tr[data-id]", "rows => rows.map(r => ({id: r.dataset.id, type: r.dataset.type}))")


def test_the_dashboard_loads_every_panel_without_console_errors(page, client):
    page.open("/")
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert len(_rows(page)) == min(50, total)
    assert page.page.inner_text("#event-count") == f"{total:,} matching"
    assert page.page.locator("#map svg path.land").count() > 150
    assert page.page.locator("#map svg circle.point").count() > 10
    assert page.page.locator("#timeline svg rect").count() > 10
    assert page.page.locator("#network svg circle.node").count() > 5
    assert page.page.is_hidden("#message")
    page.shot("dashboard-overview")
    assert page.problems == []


def test_filtering_by_type_changes_the_table(page, client):
    page.open("/")
    before = _rows(page)
    assert {r["type"] for r in before} != {"ASSAULT"}
    page.page.select_option("#f-type", "ASSAULT")
    page.page.wait_for_function("before => document.querySelector('#event-count').textContent !== before",
                                arg=page.page.inner_text("#event-count"))
    page.ready()
    after = _rows(page)
    expected = client.get("/api/events", params={"type": "ASSAULT", "limit": 50}).json()
    assert [r["id"] for r in after] == [e["id"] for e in expected["items"]]
    assert {r["type"] for r in after} == {"ASSAULT"}
    assert {c.get_attribute("data-type") for c in page.page.locator("#map circle.point").all()} == {"ASSAULT"}
    assert "type=ASSAULT" in page.page.get_attribute("#export-csv", "href")
    page.shot("dashboard-filtered-assault")
    assert page.problems == []


def test_clicking_a_row_opens_the_evidence_highlighted_in_the_article(page, client):
    page.open("/")
    first = _rows(page)[0]["id"]
    page.page.click(f"#events-table tbody tr[data-id='{first}']")
    page.page.wait_for_selector("#evidence:not([hidden]) mark.evidence-mark")
    page.ready()
    detail = client.get(f"/api/events/{first}").json()
    mark = page.page.inner_text("#evidence mark.evidence-mark")
    assert re.sub(r"\s+", " ", mark).strip() == re.sub(r"\s+", " ", detail["event"]["evidence"]["text"]).strip()
    if detail["event"].get("trigger"):
        assert page.page.inner_text("#evidence mark strong") == detail["event"]["trigger"]["text"]
    panel = page.page.inner_text("#evidence")
    assert detail["article"]["title"] in panel and (detail["article"]["source"] or "") in panel
    for quote in detail["quotes"]:
        assert re.sub(r"\s+", " ", quote["text"]).strip()[:40] in re.sub(r"\s+", " ", panel)
    assert page.page.get_attribute(f"#events-table tr[data-id='{first}']", "class") == "selected"
    page.shot("dashboard-evidence")
    assert page.problems == []


def test_brushing_the_timeline_filters_by_date(page, client):
    page.open("/")
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    box = page.page.locator("#timeline svg rect.overlay").bounding_box()
    page.page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] / 2)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + box["width"] * 0.99, box["y"] + box["height"] / 2, steps=5)
    page.page.mouse.up()
    page.page.wait_for_function("document.querySelector('#f-since').value !== ''")
    page.ready()
    since, until = page.page.input_value("#f-since"), page.page.input_value("#f-until")
    assert since < until
    expected = client.get("/api/events", params={"since": since, "until": until, "limit": 1}).json()["total"]
    assert 0 < expected < total and page.page.inner_text("#event-count") == f"{expected:,} matching"
    dates = [d for d in page.page.eval_on_selector_all("#events-table tbody tr td:first-child",
                                                      "cells => cells.map(c => c.textContent)")]
    assert all(since <= d <= until for d in dates)
    page.shot("dashboard-brushed")
    assert page.problems == []


def test_region_view(page, client):
    page.open("/#region=Idlib")
    expected = client.get("/api/regions/Idlib").json()
    assert f"{expected['events']} events located in Idlib" in page.page.inner_text("#region-summary")
    assert page.page.locator("#region-latest li[data-id]").count() == len(expected["latest"]) > 0
    assert page.page.locator("#region-intensity svg rect").count() > 0
    assert page.page.locator("#region-watch li.watch").count() == len(expected["watch"]["windows"]) == 8
    assert page.page.inner_text("#region-watch li.watch:last-child .watch-state") == expected["watch"]["windows"][-1]["state"]
    assert page.page.is_hidden("#overview") and page.page.is_visible("#region")
    page.page.click("#region-latest li[data-id]")
    page.page.wait_for_selector("#evidence:not([hidden]) mark.evidence-mark")
    page.ready()
    page.shot("dashboard-region-idlib")
    assert page.problems == []
