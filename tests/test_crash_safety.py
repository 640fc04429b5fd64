"""Crash safety: `whimbrel process` killed with SIGKILL at random moments, then run again with the same inputs,
ends in exactly the state an uninterrupted run gives; and after every kill the store is consistent.

The corpus (tests/crash_corpus.py): 61 articles (60 JSON Lines records and a text page) with near-duplicates,
one event reported by several articles, quotes, places, lulls, and two broken lines. Batches of 4 articles
(``WHIMBREL_BATCH_SIZE=4``, ``WHIMBREL_WRITE_BATCH=4``), so a run commits some 16 transactions and a kill lands between or inside them.
Kills alternate between ``--workers 1`` and ``--workers 2`` (the whole process group is killed, as a machine
losing power would). Kills come in cycles: one on a fresh store, one while a re-run goes over what it left,
then a run to the end. Delays are random but seeded (``WHIMBREL_SOAK_SEED``), mostly inside the write phase
as timed on the reference run (re-scaled by each later complete run, since the machine's speed varies).

After each kill, the store as it was left (DuckDB replays its write-ahead log on opening):
- holds only whole articles: each article's events, event actors, quotes, places and lulls are exactly those
  of its stored record, no child row lacks its article, every event is in one event group whose counts agree;
- has a near-duplicate signature for every article and none for an article it does not hold;
- has daily article counts that agree with its articles, and no input twice in the errors table.
After each cycle a complete run leaves the same rows as the uninterrupted reference run: no article or event
lost, none duplicated, the same near-duplicate links, event groups, aggregates and quarantined inputs.

The suite kills 5 times (``WHIMBREL_SOAK_KILLS``); ``make soak`` kills 25 times.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest

from .conftest import WHIMBREL
from .crash_corpus import write_corpus

KILLS = int(os.environ.get("WHIMBREL_SOAK_KILLS", "5"))
SEED = int(os.environ.get("WHIMBREL_SOAK_SEED", "20240611"))

pytestmark = pytest.mark.slow


def _command(db: Path, workers: int, *, quiet: bool = True) -> list[str]:
    return [WHIMBREL, "process", "in", "--db", str(db.name), "--workers", str(workers), *(["--quiet"] if quiet else [])]


def _env() -> dict[str, str]:
    return {**os.environ, "WHIMBREL_BATCH_SIZE": "4", "WHIMBREL_WRITE_BATCH": "4", "WHIMBREL_ARTICLE_TIMEOUT": "120"}


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def check_consistent(db: Path) -> dict[str, Any]:
    """Open the store as a kill left it and check every invariant; return its rows for comparison."""
    if not db.exists():
        return {"articles": []}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "articles" not in tables:
            return {"articles": []}  # killed while the schema was being created
        articles = {a: json.loads(rec) for a, rec in con.execute("SELECT id, record FROM articles").fetchall()}
        ids = set(articles)
        # 1. whole articles only: child rows are exactly those of the stored record
        events = Counter(r[0] for r in con.execute("SELECT article_id FROM events").fetchall())
        quotes = Counter(r[0] for r in con.execute("SELECT article_id FROM quotes").fetchall())
        places = Counter(r[0] for r in con.execute("SELECT article_id FROM places").fetchall())
        lulls = Counter(r[0] for r in con.execute("SELECT article_id FROM lulls").fetchall())
        actors = Counter(r[0] for r in con.execute("SELECT article_id FROM event_actors").fetchall())
        event_ids = {r[0]: r[1] for r in con.execute("SELECT id, article_id FROM events").fetchall()}
        for aid, rec in articles.items():
            assert events[aid] == len(rec["events"]), aid
            assert {e["id"] for e in rec["events"]} == {e for e, a in event_ids.items() if a == aid}, aid
            assert quotes[aid] == len(rec["quotes"]) and places[aid] == len(rec["places"]), aid
            assert lulls[aid] == len(rec.get("lulls", [])), aid
            assert actors[aid] == sum(len(e["source"]) + len(e["target"]) + len(e["reported_by"])
                                      for e in rec["events"]), aid
        for counter in (events, quotes, places, lulls, actors):
            assert set(counter) <= ids, "child rows without their article"
        # 2. near-duplicate signatures: one per stored article
        signed = [r[0] for r in con.execute("SELECT article_id FROM article_signatures").fetchall()]
        assert sorted(signed) == sorted(ids)
        # 3. event groups: every event in exactly one group, and the group rows agree with their members
        members = dict(con.execute("SELECT event_id, group_id FROM event_group_members").fetchall())
        assert set(members) == set(event_ids)
        groups = {g: n for g, n in con.execute("SELECT id, events FROM event_groups").fetchall()}
        assert Counter(members.values()) == Counter({g: n for g, n in groups.items() if n})
        # 4. daily aggregates agree with the articles; the errors table names each input once
        assert _rows(con, "SELECT day, articles FROM daily_articles") == _rows(
            con, "SELECT published_day, count(*) FROM articles WHERE published_day IS NOT NULL AND "
                 "duplicate_of IS NULL GROUP BY 1")
        inputs = [r[0] for r in con.execute("SELECT input FROM errors").fetchall()]
        assert len(inputs) == len(set(inputs)), inputs
        return {
            "articles": sorted(articles.items(), key=lambda kv: kv[0]),
            "duplicate_of": _rows(con, "SELECT id, duplicate_of FROM articles"),
            "events": _rows(con, "SELECT id, article_id, seq, type, factuality, date FROM events"),
            "event_actors": _rows(con, "SELECT event_id, role, seq, actor_id FROM event_actors"),
            "quotes": _rows(con, "SELECT article_id, seq, start, \"end\", speaker_id FROM quotes"),
            "places": _rows(con, "SELECT article_id, seq, geonameid FROM places"),
            "lulls": _rows(con, "SELECT id, article_id FROM lulls"),
            "signatures": _rows(con, "SELECT article_id, seq, hashvalues FROM article_signatures"),
            "members": _rows(con, "SELECT event_id, article_id, group_id, seen FROM event_group_members"),
            "groups": _rows(con, "SELECT id, type, first_day, last_day, events, articles, sources, "
                                 "independent_sources, counted FROM event_groups"),
            "daily_counts": _rows(con, "SELECT * FROM daily_counts"),
            "daily_articles": _rows(con, "SELECT * FROM daily_articles"),
            "errors": _rows(con, "SELECT input, stage, error, message, path, position FROM errors"),
        }
    finally:
        con.close()


def _reference_run(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], tuple[float, float], float]:
    """The uninterrupted run, when it writes, and how long it took: its stderr names the broken lines 18 and
    45 as their batches come through (16 and 43 articles in), which dates the write phase."""
    started = time.monotonic()
    proc = subprocess.Popen(_command(tmp_path / "ref.duckdb", 1, quiet=False), cwd=tmp_path, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen: list[tuple[float, str]] = [(time.monotonic() - started, line) for line in proc.stderr]
    proc.wait(timeout=600)
    at = {key: next(t for t, line in seen if key in line) for key in ("wire.jsonl:18", "wire.jsonl:45", "processed")}
    per_article = (at["wire.jsonl:45"] - at["wire.jsonl:18"]) / 27
    first_write = max(0.3, at["wire.jsonl:18"] - 16 * per_article)
    last_write = min(at["processed"], at["wire.jsonl:45"] + 17 * per_article)
    return (subprocess.CompletedProcess(proc.args, proc.returncode, "", "".join(line for _, line in seen)),
            (first_write, last_write), time.monotonic() - started)


def _kill_delay(rng: random.Random, writes: tuple[float, float], workers: int) -> float:
    """Mostly inside the write phase (between two batches or inside one); one kill in five earlier, while
    the store is being opened and the models loaded."""
    first, last = writes
    delay = rng.uniform(0.3, first) if rng.random() < 0.2 else rng.uniform(first, last)
    return delay * (1.25 if workers > 1 else 1.0)  # the workers load their own models first


def test_killed_runs_resume_to_the_state_of_an_uninterrupted_run(tmp_path):
    """Cycles of two kills: one on a fresh store, one while re-running over what it left; then a run to the end,
    compared with the reference."""
    expected = write_corpus(tmp_path / "in")
    ref, writes, full = _reference_run(tmp_path)
    assert ref.returncode == 1, ref.stderr  # the two broken lines
    reference = check_consistent(tmp_path / "ref.duckdb")
    assert {a for a, _ in reference["articles"]} == expected["article_ids"]
    assert {f"{tmp_path}/{e[0]}" for e in reference["errors"]} == expected["failed_inputs"]

    rng = random.Random(SEED)
    stored_after_kill: list[int] = []
    finished_first = resumed = 0
    # The machine's speed changes (other work on it): every run that goes to its end re-scales the reference's
    # timeline, so that kills keep landing in the write phase.
    scale = 1.0
    while len(stored_after_kill) < KILLS:
        db = tmp_path / f"killed-{resumed}.duckdb"
        for _ in range(min(2, KILLS - len(stored_after_kill))):
            workers = 1 + len(stored_after_kill) % 2
            started = time.monotonic()
            proc = subprocess.Popen(_command(db, workers), cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
            try:
                proc.wait(timeout=_kill_delay(rng, writes, workers) * scale)
                finished_first += 1  # it ended before its kill came: not counted as a kill
                scale = (time.monotonic() - started) / full / (1.25 if workers > 1 else 1.0)
                assert finished_first <= KILLS, "runs keep finishing before the kill; the delays are too long"
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, at once, without warning
                proc.wait()
                stored_after_kill.append(len(check_consistent(db)["articles"]))
        started = time.monotonic()
        final = subprocess.run(_command(db, 1), cwd=tmp_path, env=_env(), capture_output=True, text=True,
                               timeout=600)
        scale = (time.monotonic() - started) / full
        resumed += 1
        assert final.returncode == 1, final.stderr
        after = check_consistent(db)
        assert {a for a, _ in after["articles"]} == expected["article_ids"]  # none lost
        for table in reference:
            assert after[table] == reference[table], table  # nothing lost, nothing duplicated, nothing changed
    partial = sum(0 < n < len(expected["article_ids"]) for n in stored_after_kill)  # type: ignore[arg-type]
    print(f"\ncrash safety: {len(stored_after_kill)} kills (seed {SEED}), {resumed} resumed runs, "
          f"{finished_first} runs ended before their kill; articles stored after each kill: {stored_after_kill} "
          f"({partial} part-written); after every resume: {len(reference['articles'])} articles, "
          f"{len(reference['events'])} events, 0 lost, 0 duplicated, identical to the uninterrupted run")
