"""``python -m whimbrel.api.bench`` (``make bench-api``): how fast ``whimbrel serve`` answers on a store of
100,000 events.

1. The store: ``-n`` real articles (``../shared/data/news/indiapoliceevents-docs.jsonl``) are processed once
   by the real pipeline, then their rows are replicated in DuckDB with new ids (``id~k``) until the store
   holds ``--events`` events. The corpus has no publication dates, so each copy gets a synthetic day,
   spread over ten years, as its articles' publication day and its events' date: range filters then select
   realistic fractions. The replicas' articles keep their text (the evidence panel reads it) but not the
   full JSON record, which the API never reads. ``--store PATH`` keeps the store for the next run.
2. The API: ``whimbrel serve`` is started in a subprocess on a free loopback port; after a warm-up,
   ``--requests`` filtered event queries (eight filter combinations in turn, each a JSON page of 50) are
   timed one after another over one keep-alive connection, client side: median, p95, p99, max. Each is
   made a query of its own (``distinct_filter``), so none is answered from the server's page cache; the
   same query asked again (a kept page) is timed apart.
3. The dashboard: Debian's Chromium (Playwright) opens ``/`` in a fresh context five times; the time from
   navigation start to every panel drawn (``<html data-state="ready">``) is read from the page's clock.

Not part of ``make test``: it takes a few minutes, most of it processing the articles once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from whimbrel.config import settings

__all__ = ["FILTERS", "build_store", "cpu_seconds", "distinct_filter", "main", "percentile", "replicate", "serving"]

FILTERS: list[dict[str, Any]] = [
    {"type": "ASSAULT", "since": "2018-01-01", "until": "2019-12-31", "min_confidence": 0.5},
    {"actor": "police", "factuality": "asserted"},
    {"country": "IND", "sort": "-fatalities"},
    {"q": "protest", "since": "2020-01-01"},
    {"type": "COERCE,PROTEST", "place": "IND"},
    {"bbox": "72,18,78,24", "sort": "-confidence"},
    {"since": "2016-06-01", "until": "2016-06-30"},
    {"actor": "IND", "type": "REQUEST", "offset": 100},
]


def distinct_filter(k: int) -> dict[str, Any]:
    """The ``k``-th of a run of queries no two of which are the same: filter ``k % 8`` with its
    ``min_confidence`` a hair below what it was (or above 0), which selects the same events (the store's
    confidences are hundredths) at the same cost but is never a page the server has kept."""
    f = FILTERS[k % len(FILTERS)]
    floor, nudge = float(f.get("min_confidence", 0)), (k + 1) * 1e-12
    return {**f, "min_confidence": f"{floor - nudge if floor > 0 else nudge:.15f}"}


_CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _corpus() -> Path:
    return settings().shared_data / "news" / "indiapoliceevents-docs.jsonl"


def build_store(db: Path, *, articles: int, events: int, console: Console) -> dict[str, Any]:
    """Process ``articles`` real articles into ``db``, then replicate rows until it holds ``events`` events."""
    from whimbrel.runner import process

    corpus = _corpus()
    if not corpus.exists():
        raise SystemExit(f"the benchmark needs {corpus} (real articles); set WHIMBREL_SHARED_DATA")
    lines = corpus.read_text(encoding="utf-8").splitlines()[:articles]
    with tempfile.TemporaryDirectory(prefix="whimbrel-bench-api-") as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        jsonl.write_text("".join(json.dumps({"id": f"ipe-{d['doc_id']}", "text": d["doc_text"]}) + "\n"
                                 for d in map(json.loads, lines)), encoding="utf-8")
        started = time.perf_counter()
        report = process([str(jsonl)], db=db)
        processed = time.perf_counter() - started
    console.print(f"processed {report.articles} real articles in {processed:.0f} s: {report.events} events")
    return {"real_articles": report.articles, "process_seconds": round(processed, 1),
            **replicate(db, events=events, console=console)}


def replicate(db: Path, *, events: int, console: Console) -> dict[str, Any]:
    """Copy every article's rows (with ``~k`` ids and a synthetic day) until the store holds ``events``."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(str(db))
    base = con.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
    copies = max(1, math.ceil(events / max(base, 1)))
    # Day of copy k of article number i: spread over 2015-2024 so that date filters select a fraction.
    day = "(DATE '2015-01-01' + CAST(((a.n * 37 + r.k * 53) % 3650) AS INTEGER))"
    con.execute(f"CREATE TEMP TABLE r AS SELECT range AS k FROM range({copies})")
    con.execute("CREATE TEMP TABLE a_n AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM articles")
    con.execute("BEGIN TRANSACTION")
    con.execute(f"""CREATE TEMP TABLE articles_x AS SELECT b.* REPLACE (b.id || '~' || r.k AS id,
            strftime({day}, '%Y-%m-%d') AS published, {day} AS published_day, NULL AS duplicate_of,
            NULL AS record)
        FROM articles b JOIN a_n a ON a.id = b.id, r""")
    con.execute(f"""CREATE TEMP TABLE events_x AS SELECT e.* REPLACE (
            e.id || '~' || r.k AS id, e.article_id || '~' || r.k AS article_id, {day} AS date,
            json_merge_patch(e.record, json_object('id', e.id || '~' || r.k,
                                                   'date', strftime({day}, '%Y-%m-%d'))) AS record)
        FROM events e JOIN a_n a ON a.id = e.article_id, r""")
    con.execute("""CREATE TEMP TABLE actors_x AS SELECT x.* REPLACE (x.event_id || '~' || r.k AS event_id,
        x.article_id || '~' || r.k AS article_id) FROM event_actors x, r""")
    con.execute("CREATE TEMP TABLE quotes_x AS SELECT q.* REPLACE (q.article_id || '~' || r.k AS article_id) FROM quotes q, r")
    con.execute("CREATE TEMP TABLE places_x AS SELECT p.* REPLACE (p.article_id || '~' || r.k AS article_id) FROM places p, r")
    # Each copy's events make groups of their own (as the API reads them beside every page of events).
    con.execute("""CREATE TEMP TABLE members_x AS SELECT m.* REPLACE (m.event_id || '~' || r.k AS event_id,
        m.article_id || '~' || r.k AS article_id, m.group_id || '~' || r.k AS group_id) FROM event_group_members m, r""")
    con.execute("""CREATE TEMP TABLE groups_x AS SELECT g.* REPLACE (g.id || '~' || r.k AS id,
        list_transform(g.sources, lambda s: s || '~' || r.k) AS sources) FROM event_groups g, r""")
    for table in ("event_actors", "quotes", "places", "events", "articles", "article_signatures",
                  "event_group_members", "event_groups"):
        con.execute(f"DELETE FROM {table}")
    for table, temp in (("articles", "articles_x"), ("events", "events_x"), ("event_actors", "actors_x"),
                        ("quotes", "quotes_x"), ("places", "places_x"), ("event_group_members", "members_x"),
                        ("event_groups", "groups_x")):
        con.execute(f"INSERT INTO {table} SELECT * FROM {temp}")
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
              for t in ("articles", "events", "event_actors", "quotes", "places", "event_groups")}
    con.close()
    console.print(f"replicated ×{copies} in {time.perf_counter() - started:.1f} s: {counts}")
    return {"base_events": base, "copies": copies, **counts, "megabytes": round(db.stat().st_size / 2**20, 1)}


@contextlib.contextmanager
def serving(db: Path, *, env: dict[str, str] | None = None) -> Iterator[tuple[str, int, float]]:
    """``whimbrel serve --db DB`` in a subprocess on a free loopback port, until the block ends: its base
    URL, its process id and how long it took to answer (the store's copy included)."""
    import httpx

    port = _free_port()
    exe = Path(sys.executable).with_name("whimbrel")
    base = f"http://127.0.0.1:{port}"
    # Its log goes to a file: a pipe that nobody reads would stall the server once full.
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen([str(exe) if exe.exists() else "whimbrel", "serve", "--db", str(db),
                                   "--port", str(port)], env={**os.environ, **(env or {})},
                                  stdout=subprocess.DEVNULL, stderr=log, text=True)
        try:
            started = time.perf_counter()
            while True:
                try:
                    httpx.get(base + "/api/status", timeout=5).raise_for_status()
                    break
                except httpx.HTTPError:
                    if server.poll() is not None:
                        log.seek(0)
                        raise SystemExit(f"whimbrel serve exited: {log.read()}") from None
                    time.sleep(0.2)
            yield base, server.pid, time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux); with the wall times it tells how much of a
    request's latency was waiting for a CPU on a busy machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _time_api(base: str, requests: int, server_pid: int) -> dict[str, Any]:
    import httpx

    per_filter: dict[int, list[float]] = {k: [] for k in range(len(FILTERS))}
    with httpx.Client(base_url=base, timeout=30) as client:
        for k in range(len(FILTERS) * 5):  # warm-up: every combination, a few times
            client.get("/api/events", params=FILTERS[k % len(FILTERS)]).raise_for_status()
        totals = []
        cpu_before = cpu_seconds(server_pid)
        for k in range(requests):
            started = time.perf_counter()
            r = client.get("/api/events", params=distinct_filter(k))
            elapsed = (time.perf_counter() - started) * 1000
            r.raise_for_status()
            per_filter[k % len(FILTERS)].append(elapsed)
            totals.append(r.json()["total"])
        cpu_after = cpu_seconds(server_pid)
        kept = []
        for k in range(len(FILTERS) * 5):  # the warm-up's queries again: pages the server has kept
            started = time.perf_counter()
            client.get("/api/events", params=FILTERS[k % len(FILTERS)]).raise_for_status()
            kept.append((time.perf_counter() - started) * 1000)
    times = [t for ts in per_filter.values() for t in ts]
    cpu = (cpu_after - cpu_before) * 1000 / requests if cpu_before is not None and cpu_after is not None else None
    return {"requests": len(times), "median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95),
            "p99_ms": percentile(times, 0.99), "max_ms": max(times), "server_cpu_ms_per_request": cpu,
            "kept_page_median_ms": statistics.median(kept),
            "per_filter": [{"filter": FILTERS[k], "median_ms": statistics.median(ts), "matching": totals[k]}
                           for k, ts in per_filter.items()]}


def _time_dashboard(base: str, runs: int = 5) -> dict[str, Any] | None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return None
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=_CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1500, "height": 1000})  # a cold cache each time
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector("html[data-state=ready]", timeout=60_000)
            times.append(page.evaluate("performance.now()"))
            context.close()
        browser.close()
    return {"runs": runs, "first_ms": times[0], "median_ms": statistics.median(times), "max_ms": max(times)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m whimbrel.api.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--articles", type=int, default=150, help="real articles to process (default 150)")
    parser.add_argument("--events", type=int, default=100_000, help="events in the store (default 100,000)")
    parser.add_argument("--store", type=Path, help="keep the store here; reused when it exists")
    parser.add_argument("--requests", type=int, default=1000, help="timed API requests (default 1,000)")
    parser.add_argument("--no-browser", action="store_true", help="skip the dashboard timing")
    args = parser.parse_args(argv)
    console = Console()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import httpx

    tmp = tempfile.TemporaryDirectory(prefix="whimbrel-bench-api-")
    db = args.store or Path(tmp.name) / "bench.duckdb"
    if db.exists():
        console.print(f"reusing {db}")
        store_info: dict[str, Any] = {"reused": str(db), "megabytes": round(db.stat().st_size / 2**20, 1)}
    else:
        store_info = build_store(db, articles=args.articles, events=args.events, console=console)

    with serving(db) as (base, server_pid, startup):
        status = httpx.get(base + "/api/status", timeout=30).json()
        api = _time_api(base, args.requests, server_pid)
        load = os.getloadavg()[0]
        dashboard = None if args.no_browser else _time_dashboard(base)
        rss = _rss_mb(server_pid)
    tmp.cleanup()

    table = Table(title=f"whimbrel serve on {status['counts']['events']:,} events (this machine, loopback)")
    table.add_column("what")
    table.add_column("figure", justify="right")
    table.add_row("store copied into memory at start", f"{status['store']['copy_seconds']:.2f} s")
    table.add_row("server start to first answer (copy included)", f"{startup:.1f} s")
    table.add_row("server memory (RSS) after the run", f"{rss} MB")
    table.add_row(f"filtered event query, median of {api['requests']}", f"{api['median_ms']:.1f} ms")
    table.add_row("filtered event query, p95", f"{api['p95_ms']:.1f} ms")
    table.add_row("filtered event query, p99", f"{api['p99_ms']:.1f} ms")
    table.add_row("filtered event query, max", f"{api['max_ms']:.1f} ms")
    if api["server_cpu_ms_per_request"] is not None:
        table.add_row("server CPU time per query (all threads)", f"{api['server_cpu_ms_per_request']:.1f} ms")
    table.add_row("the same query again (a page the server kept), median", f"{api['kept_page_median_ms']:.1f} ms")
    table.add_row(f"load average at the end of the run (CPUs here: {os.cpu_count()})", f"{load:.1f}")
    for row in api["per_filter"]:
        table.add_row(f"  {json.dumps(row['filter'])} ({row['matching']:,} match)", f"{row['median_ms']:.1f} ms")
    if dashboard:
        table.add_row("dashboard first render (cold browser cache), first run", f"{dashboard['first_ms']:.0f} ms")
        table.add_row(f"dashboard first render, median of {dashboard['runs']}", f"{dashboard['median_ms']:.0f} ms")
    console.print(table)
    console.print(json.dumps({"store": store_info, "counts": status["counts"], "api": api, "dashboard": dashboard,
                              "rss_mb": rss, "load_average": load}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
