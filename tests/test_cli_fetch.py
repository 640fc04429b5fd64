"""``whimbrel fetch`` and ``whimbrel process --fetch``, the real command line against a local news site."""

import json
import os
import subprocess

import pytest

from .conftest import WHIMBREL
from .ingest.local_site import FEED, news_site, serving


def run(*args, env=None):
    return subprocess.run([WHIMBREL, *map(str, args)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


@pytest.fixture()
def site():
    with serving(news_site()) as s:
        yield s


@pytest.mark.slow
def test_fetch_a_feed_then_process_what_was_fetched(site, tmp_path):
    fetched = tmp_path / "fetched.jsonl"
    proc = run("fetch", f"{site.base}/feed.xml", "--out", "-", "--delay", "0.05")
    fetched.write_text(proc.stdout, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr  # a dead link is reported but is not a failed run
    assert f"{site.base}/news/withdrawn.html: HTTP 404 Not Found" in proc.stderr.replace("\n", " ")
    assert "3 articles fetched, 1 failed" in proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Dock workers strike over unpaid wages",
                                             "Aid convoy crosses the border after weeks of delay",
                                             "Minister resigns after corruption inquiry"]
    fields = {"id", "url", "title", "published", "source"}
    assert [set(r) - fields for r in records] == [{"html"}, {"html"}, {"text"}]  # the dead link: the feed's text
    assert {h.user_agent.split("/")[0] for h in site.hits} == {"Whimbrel"}

    out = run("process", fetched, "--out", "-", "--no-store")
    assert out.returncode == 0, out.stderr
    processed = [json.loads(line) for line in out.stdout.splitlines()]
    assert [p["id"] for p in processed] == [r["id"] for r in records]
    strike = processed[0]["article"]
    assert strike["url"] == f"{site.base}/news/port-strike.html" and strike["published"] == "2024-03-11T06:10:00+00:00"
    assert "Police fired tear gas" in strike["text"] and "Subscribe" not in strike["text"]
    assert strike["source"] == "The Meridian Ledger - World"
    assert any(e["type"] in ("PROTEST", "COERCE") for e in processed[0]["events"])


@pytest.mark.slow
def test_process_fetches_urls_and_feed_links_only_with_the_fetch_option(site, tmp_path):
    refused = run("process", f"{site.base}/page.html", "--no-store")
    assert refused.returncode == 2 and "pass --fetch" in refused.stderr
    assert site.hits == []

    feed = tmp_path / "world.xml"
    feed.write_bytes(FEED.replace(b"HOST", f"127.0.0.1:{site.port}".encode()))
    db = tmp_path / "w.duckdb"
    proc = run("process", f"{site.base}/page.html", feed, "--fetch", "--db", db, "--out", "-",
               env={"WHIMBREL_FETCH_DELAY": "0.05"})
    assert proc.returncode == 1  # the dead link is reported (and its entry processed from the feed's text)
    assert "withdrawn.html: HTTP 404" in proc.stderr.replace("\n", " ")
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 4
    assert records[0]["article"]["title"].startswith("Ceasefire talks resume in Geneva")
    assert "Police fired tear gas" in records[1]["article"]["text"]  # the linked page, not the summary
    assert "interior minister resigned" in records[3]["article"]["text"]
