"""``python -m whimbrel.api.load`` (``make bench-load``): ``whimbrel serve`` under 50 concurrent clients,
on the 100,000-event store of the API benchmark (``whimbrel.api.bench``).

1. The store: ``--store PATH`` (default ``build/bench-api.duckdb``) is reused when it exists, else built
   as ``make bench-api`` builds it (real articles processed once, rows replicated to ``--events``).
2. The server: ``whimbrel serve`` in a subprocess on a free loopback port, exactly as a user starts it.
3. The load, bounded in time or count: wrk (``-t4 -c50 -d20s --latency``) with a Lua script cycling
   through the benchmark's eight filtered event queries (JSON pages of 50); where wrk is not installed, a
   Python client (asyncio and httpx, 50 connections) sends ``--requests`` of the same queries instead.
   The Python client shares the CPUs with the server, so its latencies are the pessimistic ones.
4. Two runs: the eight queries as they are, which after the first round are answered from the server's
   page cache (``routes/events.py``: the copy of the store does not change, so neither do its pages); and
   ``--distinct``, where every request is a query of its own (``min_confidence`` nudged by a different
   1e-12 each time, ``bench.distinct_filter``: the same events at the same cost, never a page already
   kept), which measures the work of a new page (the copy's event index, whimbrel/store/event_index.py).

Reported: requests per second, latency p50/p90/p99/max, errors (connection errors, timeouts and any answer
that is not a 2xx), the server's CPU time per request, and the machine's load average before and after (on
a shared machine, the figures depend on what else runs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from rich.console import Console
from rich.table import Table

from whimbrel.api.bench import FILTERS, build_store, cpu_seconds, distinct_filter, percentile, serving
from whimbrel.config import REPO_ROOT

__all__ = ["distinct_path", "floors", "main", "paths", "run_python", "run_wrk"]

DEFAULT_STORE = REPO_ROOT / "build" / "bench-api.duckdb"
_MARK = "WHIMBREL-LOAD "

# wrk runs one Lua state per thread: each cycles through the paths, and the last prints the figures as JSON
# (latencies in microseconds).
_LUA = """
local paths = {%(paths)s}
local floors = {%(floors)s}
local distinct = %(distinct)s
local threads, k = 0, 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
request = function()
  k = k + 1
  local n = (k %% #paths) + 1
  if not distinct then
    return wrk.format("GET", paths[n])
  end
  local nudge = (k * 64 + id) * 1e-12
  local floor = floors[n] > 0 and floors[n] - nudge or nudge
  return wrk.format("GET", paths[n] .. string.format("&min_confidence=%%.15f", floor))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('%(mark)s{"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def paths(*, distinct: bool = False) -> list[str]:
    """The benchmark's filtered event queries as request paths (without ``min_confidence`` when each
    request is to get its own: see :func:`floors`)."""
    return [f"/api/events?{urlencode({k: v for k, v in f.items() if not distinct or k != 'min_confidence'})}"
            for f in FILTERS]


def floors() -> list[float]:
    """Each query's ``min_confidence`` (0 when it has none): see ``bench.distinct_filter``."""
    return [float(f.get("min_confidence", 0)) for f in FILTERS]


def distinct_path(k: int) -> str:
    """The ``k``-th request of a run where no two are the same."""
    return f"/api/events?{urlencode(distinct_filter(k))}"


def run_wrk(base: str, *, threads: int, connections: int, seconds: int, distinct: bool) -> dict[str, Any]:
    """wrk against ``base`` for ``seconds``; its figures in milliseconds."""
    lua = _LUA % {"paths": ", ".join(json.dumps(p) for p in paths(distinct=distinct)),
                  "floors": ", ".join(str(x) for x in floors()), "distinct": str(distinct).lower(), "mark": _MARK}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="whimbrel-load-") as script:
        script.write(lua)
        script.flush()
        done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                               "--timeout", "10s", "-s", script.name, base], capture_output=True, text=True,
                              timeout=seconds + 60, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith(_MARK))
    raw = json.loads(line.removeprefix(_MARK))
    errors = {k: raw[k] for k in ("connect", "read", "write", "status", "timeout")}
    return {"tool": f"wrk -t{threads} -c{connections} -d{seconds}s --latency" + (" (distinct)" if distinct else ""),
            "requests": raw["requests"],
            "seconds": raw["duration_us"] / 1e6, "requests_per_s": raw["requests"] / (raw["duration_us"] / 1e6),
            "p50_ms": raw["p50_us"] / 1000, "p90_ms": raw["p90_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000, "errors": sum(errors.values()), "error_kinds": errors,
            "wrk_output": done.stdout}


def run_python(base: str, *, connections: int, requests: int, distinct: bool) -> dict[str, Any]:
    """``requests`` GETs over ``connections`` concurrent connections (asyncio and httpx)."""
    import httpx

    urls = [distinct_path(k) for k in range(requests)] if distinct else paths()
    latencies: list[float] = []
    errors: dict[str, int] = {"status": 0, "transport": 0}
    issued = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < requests:
            url = urls[issued % len(urls)]
            issued += 1
            started = time.perf_counter()
            try:
                r = await http.get(url)
                await r.aread()
            except httpx.HTTPError:
                errors["transport"] += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if not 200 <= r.status_code < 300:
                errors["status"] += 1

    async def run() -> float:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
            started = time.perf_counter()
            await asyncio.gather(*(client(http) for _ in range(connections)))
            return time.perf_counter() - started

    seconds = asyncio.run(run())
    return {"tool": f"python (asyncio + httpx), {connections} connections, {requests} requests"
                    + (" (distinct)" if distinct else ""),
            "requests": len(latencies), "seconds": seconds, "requests_per_s": len(latencies) / seconds,
            "p50_ms": percentile(latencies, 0.50), "p90_ms": percentile(latencies, 0.90),
            "p99_ms": percentile(latencies, 0.99), "max_ms": max(latencies), "errors": sum(errors.values()),
            "error_kinds": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m whimbrel.api.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help=f"the store (default {DEFAULT_STORE}; "
                        "built when missing)")
    parser.add_argument("-n", "--articles", type=int, default=150, help="real articles, when building (150)")
    parser.add_argument("--events", type=int, default=100_000, help="events, when building (100,000)")
    parser.add_argument("-c", "--connections", type=int, default=50, help="concurrent clients (50)")
    parser.add_argument("-t", "--threads", type=int, default=4, help="wrk threads (4)")
    parser.add_argument("-d", "--seconds", type=int, default=20, help="wrk duration in seconds (20)")
    parser.add_argument("--requests", type=int, default=5000, help="requests of the Python client (5,000)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="wrk when installed (auto), or the Python client")
    parser.add_argument("--distinct", action="store_true",
                        help="every request a query of its own (no answer from the page cache)")
    args = parser.parse_args(argv)
    console = Console()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk") is not None)
    if args.client == "wrk" and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk); or run with --client python")
    if not use_wrk:
        console.print("[yellow]wrk is not installed: using the Python client (its latencies include its own "
                      "CPU time on this machine)[/yellow]")
    if args.store.exists():
        console.print(f"reusing {args.store}")
    else:
        args.store.parent.mkdir(parents=True, exist_ok=True)
        build_store(args.store, articles=args.articles, events=args.events, console=console)

    import httpx

    load_before = os.getloadavg()
    with serving(args.store) as (base, pid, startup):
        status = httpx.get(base + "/api/status", timeout=30).json()
        with httpx.Client(base_url=base, timeout=60) as warm:  # every query once, as a first visitor would
            for p in paths():
                warm.get(p).raise_for_status()
        cpu_before = cpu_seconds(pid)
        if use_wrk:
            result = run_wrk(base, threads=args.threads, connections=args.connections, seconds=args.seconds,
                             distinct=args.distinct)
        else:
            result = run_python(base, connections=args.connections, requests=args.requests, distinct=args.distinct)
        cpu_after = cpu_seconds(pid)
    load_after = os.getloadavg()
    cpu_ms = ((cpu_after - cpu_before) * 1000 / max(result["requests"], 1)
              if cpu_before is not None and cpu_after is not None else None)

    table = Table(title=f"whimbrel serve on {status['counts']['events']:,} events, {args.connections} concurrent "
                        "clients (loopback)")
    table.add_column("what")
    table.add_column("figure", justify="right")
    table.add_row("client", result["tool"])
    table.add_row("requests (filtered /api/events pages of 50)", f"{result['requests']:,} in {result['seconds']:.1f} s")
    table.add_row("requests per second", f"{result['requests_per_s']:.0f}")
    for q in ("p50", "p90", "p99", "max"):
        table.add_row(f"latency {q}", f"{result[q + '_ms']:.1f} ms")
    table.add_row("errors (connection, timeout, non-2xx)", f"{result['errors']} {result['error_kinds']}")
    if cpu_ms is not None:
        table.add_row("server CPU time per request", f"{cpu_ms:.1f} ms")
    table.add_row(f"load average before / after (1, 5, 15 min; {os.cpu_count()} CPUs, shared)",
                  f"{' '.join(f'{x:.2f}' for x in load_before)} / {' '.join(f'{x:.2f}' for x in load_after)}")
    console.print(table)
    summary = {k: v for k, v in result.items() if k != "wrk_output"}
    console.print(json.dumps({**summary, "events": status["counts"]["events"], "server_cpu_ms_per_request": cpu_ms,
                              "load_before": load_before, "load_after": load_after, "cpus": os.cpu_count()}))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
