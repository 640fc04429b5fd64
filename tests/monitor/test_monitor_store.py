"""Aggregates, watch states, briefs and watchlists over real stores built by the real pipeline."""

import json
import os
import subprocess
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from whimbrel.monitor import build_brief, latest_day, load_watchlist, render_markdown, resolve_region, watch
from whimbrel.monitor.state import watch_states
from whimbrel.records import Article
from whimbrel.store import Store, open_store
from whimbrel.store.aggregates import daily_series

from ..conftest import SAMPLES, WHIMBREL
from ..postgres import BACKENDS, new_store_location

GOLDEN = Path(__file__).parent / "golden" / "brief-idlib.md"
START = date(2024, 3, 1)


@pytest.fixture(scope="module")
def pages_store(tmp_path_factory):
    """The bundled plain-text pages (the seed among them), processed into a fresh store."""
    from whimbrel.runner import process

    db = tmp_path_factory.mktemp("monitor") / "pages.duckdb"
    process([str(SAMPLES / "pages")], db=db)
    return db


def _day_articles(day: date, shellings: int) -> list[Article]:
    """One article a day about the (fictional) Karam valley of Idlib: ``shellings`` attacks, or talks."""
    text = " ".join(
        f"Government forces shelled the town of Saraqib in Idlib province on {day:%A}, killing {k + 2} civilians."
        for k in range(shellings)) or "Turkish and Russian officials met in Ankara to discuss Idlib."
    return [Article(id=f"d{day.isoformat()}", raw=text, format="record",
                    meta={"published": day.isoformat(), "title": f"Idlib report {day}"})]


@pytest.fixture(scope="module", params=BACKENDS)
def series_store(request, tmp_path_factory, pipeline):
    """40 quiet days of talks, then 10 days with three shellings a day (in a DuckDB file, then in PostgreSQL)."""
    db = new_store_location(request, request.param, tmp_path_factory.mktemp("monitor"), "series")
    articles = [a for k in range(50) for a in _day_articles(START + timedelta(days=k), 0 if k < 40 else 3)]
    records = pipeline.run_batch(articles)
    with open_store(db) as store:
        for k in range(0, len(records), 10):
            store.write(records[k:k + 10])
    return db, records


def test_aggregates_follow_each_batch_and_stay_exact_on_reprocessing(series_store):
    db, records = series_store
    with open_store(db, read_only=True) as store:
        region = resolve_region(store, "Idlib")
        rows = daily_series(store, region.kind, region.unit)
    assert region.unit == "SYR/Idlib"
    assert [r["articles"] for r in rows] == [1] * 50
    assert sum(r["violent"] for r in rows[:40]) == 0
    assert [r["violent"] for r in rows[40:]] == [3] * 10
    with open_store(db) as store:  # re-processing the last days replaces their rows, never adds to them
        store.write(records[-5:])
        again = daily_series(store, region.kind, region.unit)
    assert again == rows


def test_watch_state_turns_to_escalation_when_violence_rises(series_store):
    db, _ = series_store
    with open_store(db, read_only=True) as store:
        region = resolve_region(store, "SYR/Idlib")
        states = watch_states(store, region.kind, region.unit, until=START + timedelta(days=49), windows=3)
    assert [w.state for w in states][-1] == "escalation"
    assert states[-1].violent == 21  # 7 days, three shellings a day
    assert sum(len(w.spikes) for w in states) == 1  # one episode, one alarm, when the shelling began
    assert states[0].state in ("quiet", "verbal conflict")


def test_brief_cites_only_stored_events(series_store):
    db, _ = series_store
    with open_store(db, read_only=True) as store:
        region = resolve_region(store, "Idlib province")
        last = latest_day(store, region)
        brief = build_brief(store, region, since=last - timedelta(days=6), until=last, top=5)
        stored = {r["evidence_text"] for r in store.query("SELECT evidence_text FROM events")}
    assert last == START + timedelta(days=49)
    assert brief.developments and all(d.type == "ASSAULT" for d in brief.developments)
    assert all(d.evidence in stored for d in brief.developments)
    text = render_markdown(brief)
    assert "escalation" in text and "[d2024-04-" in text


def test_golden_brief_for_the_seed_region(pages_store):
    """The brief for Idlib from the bundled pages: Turkey's reinforcements and Lavrov's threat, cited to the
    seed; the hypothetical ground attack is not a development. Regenerate the golden file deliberately with
    WHIMBREL_UPDATE_GOLDEN=1 after checking the new brief by eye."""
    with Store(pages_store, read_only=True) as store:
        region = resolve_region(store, "Idlib")
        last = latest_day(store, region)
        text = render_markdown(build_brief(store, region, since=last - timedelta(days=6), until=last))
    assert last == date(2018, 9, 14)
    assert "MOBILIZE: Turkey" in text and "THREATEN" in text and "[231374]" in text
    assert "ground attack" not in text
    if os.environ.get("WHIMBREL_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_unknown_regions_and_bad_watchlists_are_clear_errors(pages_store, tmp_path):
    from whimbrel.errors import ConfigError

    with Store(pages_store, read_only=True) as store, pytest.raises(ConfigError, match="no region called"):
        resolve_region(store, "Atlantis")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ntypes: [BOMBING]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown event type"):
        load_watchlist(bad)
    bad.write_text("name: x\nregion: Idlib\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key"):
        load_watchlist(bad)


def test_watch_matches_and_posts_to_a_webhook(pages_store, tmp_path):
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        wl = tmp_path / "idlib.yaml"
        wl.write_text(f"name: Idlib\nregions: [Idlib]\nactors: [TUR]\ntypes: [MOBILIZE, ASSAULT]\n"
                      f"webhook: http://127.0.0.1:{server.server_port}/hook\n", encoding="utf-8")
        proc = subprocess.run([WHIMBREL, "watch", str(wl), "--db", str(pages_store)], capture_output=True,
                              text=True, check=False)
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr
    findings = [json.loads(line) for line in proc.stdout.splitlines()]
    assert findings and all(f["watchlist"] == "Idlib" for f in findings)
    assert {f["event"]["type"] for f in findings if f["kind"] == "event"} == {"MOBILIZE"}
    assert received == findings
    with Store(pages_store, read_only=True) as store:
        assert list(watch(store, load_watchlist(wl))) == findings


def test_an_unreachable_webhook_is_reported_and_the_exit_code_says_so(pages_store, tmp_path):
    wl = tmp_path / "w.yaml"
    wl.write_text("name: w\nregions: [Idlib]\nwebhook: http://127.0.0.1:9/nothing\n", encoding="utf-8")
    proc = subprocess.run([WHIMBREL, "watch", str(wl), "--db", str(pages_store)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 1
    assert "webhook http://127.0.0.1:9/nothing unreachable" in proc.stderr
