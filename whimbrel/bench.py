"""``make bench``: throughput of ``whimbrel process --workers 1`` against a bare spaCy parse.

The first 300 articles of ``../shared/data/news/indiapoliceevents-docs.jsonl`` (real, messy, lower-cased
news) go through the real CLI in a subprocess (start-up included, as a user would run it), and through
``nlp.pipe`` of the same spaCy model with nothing else; both are timed in this run, on this machine, with
the same environment. Two ratios come out: start-up included (the whole ``process`` command against the parse
alone, its model already loaded), and steady state (``process`` less a 1-article run of the same command,
against the same parse); ``--repeat N`` keeps the fastest of N alternating runs of each, for a busy machine.
``classify`` throughput is measured on the 744 short reports of our own ACLED evaluation set, twice over.

``--engine ray`` times ``process`` on the Ray engine instead (a local Ray cluster started by the command:
about 5 s more start-up, so it is not the default). ``--scaling`` compares the engines with 1 and 2 workers
on the whole corpus (``-n 1257``; about 10 minutes on 2 cores): articles/s with start-up included and in
steady state (minus a 1-article run of the same command), the peak resident memory of the driver, of
each worker and of Ray's own processes (VmHWM, sampled from /proc), the store's size per article, and
whether every run wrote byte-identical records (docs/scale.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from whimbrel.config import REPO_ROOT, settings

_BARE = (
    "import sys, json, time, spacy\n"
    "nlp = spacy.load(sys.argv[1])\n"
    "texts = [json.loads(l)['text'] for l in sys.stdin]\n"
    "t = time.perf_counter()\n"
    "for _ in nlp.pipe(texts, batch_size=32): pass\n"
    "print(time.perf_counter() - t)\n"
)


def _whimbrel() -> str:
    exe = Path(sys.executable).with_name("whimbrel")
    return str(exe) if exe.exists() else "whimbrel"


def _timed(cmd: list[str], stdin: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed


def _corpus(n: int) -> tuple[list[dict[str, str]], str] | None:
    """The first ``n`` real articles as JSON Lines input records, and that input; None when absent."""
    corpus = settings().shared_data / "news" / "indiapoliceevents-docs.jsonl"
    if not corpus.exists():
        return None
    docs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()[:n]]
    return docs, "".join(json.dumps({"id": str(d["doc_id"]), "text": d["doc_text"]}) + "\n" for d in docs)


@dataclass
class _Ratios:
    """Whimbrel's speed over the bare parse's: with start-up, and in steady state."""

    start_up_included: float
    steady_state: float


def _process_rates(table: Table, n: int, workers: int, engine: str = "local", repeat: int = 1) -> _Ratios | None:
    """Time ``whimbrel process`` and a bare spaCy parse on the same real articles; their speed ratios.

    Both run as subprocesses of this one, with the same environment (so the same BLAS thread settings:
    importing whimbrel sets ``OPENBLAS_NUM_THREADS=1`` unless it was set). ``process`` is timed whole, from
    start-up to exit; its steady state is that time less a 1-article run of the same command (interpreter,
    imports, models, a fresh store), which is what the bare parse leaves out by loading its model before
    the clock starts. With ``repeat`` > 1 each is timed that many times, alternating, and the fastest
    run counts (other load on the machine only ever slows a run down)."""
    corpus = _corpus(n)
    if corpus is None:
        return None
    docs, stdin = corpus
    first = stdin.split("\n", 1)[0] + "\n"
    words = sum(len(d["doc_text"].split()) for d in docs)
    tmp = tempfile.mkdtemp(prefix="whimbrel-bench-")

    def whimbrel_run(text: str, db: str) -> float:
        return _timed([_whimbrel(), "process", "-", "--format", "jsonl", "--workers", str(workers), "--db",
                       os.path.join(tmp, db), "--engine", engine, "--out", os.devnull, "--quiet"], text)

    def bare_run() -> float:
        proc = subprocess.run([sys.executable, "-c", _BARE, settings().spacy_model], input=stdin,
                              capture_output=True, text=True, check=True)
        return float(proc.stdout.strip().splitlines()[-1])

    runs: dict[str, list[float]] = {"whim": [], "one": [], "bare": []}
    for k in range(max(repeat, 1)):
        runs["whim"].append(whimbrel_run(stdin, f"bench-{k}.duckdb"))
        runs["one"].append(whimbrel_run(first, f"one-{k}.duckdb"))
        runs["bare"].append(bare_run())
    t_whim, t_one, t_bare = min(runs["whim"]), min(runs["one"]), min(runs["bare"])
    t_steady = max(t_whim - t_one, 1e-6)
    label = f"{len(docs)} real articles ({words:,} words)"
    table.add_row(f"whimbrel process --engine {engine} --workers {workers}, {label} (CLI, start-up included)",
                  f"{t_whim:.1f}",
                  f"{len(docs) / t_whim:.1f}", f"{words / t_whim:,.0f}")
    table.add_row(f"whimbrel process, same (steady state: minus a 1-article run, {t_one:.1f} s)", f"{t_steady:.1f}",
                  f"{(len(docs) - 1) / t_steady:.1f}", f"{words / t_steady:,.0f}")
    table.add_row(f"bare spaCy parse (nlp.pipe, model loaded), {label}", f"{t_bare:.1f}",
                  f"{len(docs) / t_bare:.1f}", f"{words / t_bare:,.0f}")
    return _Ratios(start_up_included=t_bare / t_whim,
                   steady_state=((len(docs) - 1) / t_steady) / (len(docs) / t_bare))


def _classify_rates() -> list[tuple[str, float, int]]:
    """``whimbrel classify`` over short event reports: our own ACLED evaluation set (always in the
    repository) twice over, 1,488 snippets. Reported with start-up included, and steady-state: the
    time of a one-snippet run (start-up and model loading) subtracted."""
    tsv = REPO_ROOT / "data" / "eval" / "acled" / "acled-eval.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:] if line.count("\t") >= 2]
    snippets = [{"id": f"{r[0]}-{k}", "text": r[1]} for k in range(2) for r in rows]
    cmd = [_whimbrel(), "classify", "-", "--format", "jsonl", "--scheme", "acled", "--out", os.devnull, "--quiet"]
    stdin = "".join(json.dumps(s) + "\n" for s in snippets)
    t_all = _timed(cmd, stdin)
    t_one = _timed(cmd, json.dumps(snippets[0]) + "\n")
    n = len(snippets)
    return [(f"whimbrel classify, {n:,} snippets (CLI, start-up included)", t_all, n),
            (f"whimbrel classify, {n:,} snippets (steady state: minus a 1-snippet run)", max(t_all - t_one, 1e-6),
             n - 1)]


# -- --scaling: engines × workers, memory, identical output ---------------------------------------------
@dataclass
class _PeakMemory:
    """Peak resident memory (VmHWM, KiB) of a process and everything it starts, sampled from /proc while it
    runs; each process filed by role: the driver, a pipeline worker, or Ray's own machinery."""

    root: int
    peaks: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid → (role, KiB)
    cpu: dict[int, tuple[str, float]] = field(default_factory=dict)  # pid → (role, CPU seconds as last seen)
    root_cmdline: str = ""
    stop: threading.Event = field(default_factory=threading.Event)

    def _descendants(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def _role(self, pid: int, cmdline: str) -> str:
        if pid == self.root:
            self.root_cmdline = cmdline
            return "driver"
        if "PipelineWorker" in cmdline:
            return "worker"  # a Ray actor (its process title)
        if cmdline == self.root_cmdline:
            return "worker"  # a forked worker of the local engine: the driver's command line
        if "ray" in cmdline:
            return "ray"  # gcs_server, raylet, agents, idle workers
        return "other"  # a short-lived helper

    def sample(self) -> None:
        while not self.stop.wait(0.25):
            for pid in self._descendants():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
                role = self._role(pid, cmdline)
                with contextlib.suppress(OSError):
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    self.cpu[pid] = (role, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
                self.peaks[pid] = (role, max(hwm, self.peaks.get(pid, (role, 0))[1]))

    def by_role(self, role: str) -> list[int]:
        return sorted((kib for r, kib in self.peaks.values() if r == role), reverse=True)

    def cpu_seconds(self, role: str) -> float:
        return sum(seconds for r, seconds in self.cpu.values() if r == role)


def _run_measured(cmd: list[str], stdin: str) -> tuple[float, _PeakMemory]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = _PeakMemory(proc.pid)
    sampler = threading.Thread(target=memory.sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate(stdin)
    elapsed = time.perf_counter() - started
    memory.stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:6])} failed ({proc.returncode}): {stderr[-2000:]}")
    return elapsed, memory


def _scaling(console: Console, n: int, engines: list[str]) -> int:
    corpus = _corpus(n)
    if corpus is None:
        console.print("[yellow]skipped[/yellow] --scaling: ../shared/data/news/indiapoliceevents-docs.jsonl not found")
        return 0
    docs, stdin = corpus
    first = stdin.split("\n", 1)[0] + "\n"
    with open("/proc/loadavg") as fh:
        load_before = fh.read().split()[:3]
    table = Table(title=f"{len(docs)} real articles, {os.cpu_count()} CPUs (load before: {' '.join(load_before)})")
    for col in ("engine", "workers", "seconds", "articles/s", "steady articles/s", "articles/worker CPU-s",
                "driver CPU ms/article", "driver MiB", "worker MiB", "ray MiB", "store KiB/article", "identical"):
        table.add_column(col, justify="left" if col == "engine" else "right")
    tmp = Path(tempfile.mkdtemp(prefix="whimbrel-scaling-"))
    reference: bytes | None = None
    steady: dict[tuple[str, int], float] = {}
    for engine in engines:
        for workers in (1, 2):
            tag = f"{engine}-{workers}"
            cmd = [_whimbrel(), "process", "-", "--format", "jsonl", "--engine", engine, "--workers", str(workers),
                   "--quiet"]
            seconds, memory = _run_measured([*cmd, "--db", str(tmp / f"{tag}.duckdb"), "--out", str(tmp / f"{tag}.jsonl")],
                                            stdin)
            one, _ = _run_measured([*cmd, "--no-store", "--out", os.devnull], first)
            out = (tmp / f"{tag}.jsonl").read_bytes()
            reference = reference if reference is not None else out
            steady[engine, workers] = (len(docs) - 1) / max(seconds - one, 1e-6)
            # Articles per CPU-second of the processes that run the pipeline (the driver itself with the
            # local engine's single process): a rate per core that the machine's other load does not change.
            pipeline_cpu = memory.cpu_seconds("worker") or memory.cpu_seconds("driver")
            per_cpu = f"{len(docs) / pipeline_cpu:.1f}" if pipeline_cpu else "-"
            workers_mib = "/".join(f"{k / 1024:.0f}" for k in memory.by_role("worker")) or "-"
            table.add_row(engine, str(workers), f"{seconds:.1f}", f"{len(docs) / seconds:.1f}",
                          f"{steady[engine, workers]:.1f}", per_cpu,
                          f"{memory.cpu_seconds('driver') * 1000 / len(docs):.0f}",
                          f"{memory.by_role('driver')[0] / 1024:.0f}", workers_mib,
                          f"{sum(memory.by_role('ray')) / 1024:.0f}" if memory.by_role("ray") else "-",
                          f"{(tmp / f'{tag}.duckdb').stat().st_size / 1024 / len(docs):.1f}",
                          "yes" if out == reference else "NO")
    Console(width=max(console.width, 180)).print(table)  # eleven columns: never cut to a pipe's 80
    for engine in engines:
        console.print(f"{engine}: 2 workers / 1 worker (steady state) = {steady[engine, 2] / steady[engine, 1]:.2f}×")
    with open("/proc/loadavg") as fh:
        console.print(f"load after: {' '.join(fh.read().split()[:3])}; outputs in {tmp}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m whimbrel.bench", description=__doc__)
    parser.add_argument("-n", type=int, default=300, help="articles to time (default 300)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--engine", choices=("local", "ray"), default=None,
                        help="engine of the process timing (default local; ray: a local Ray cluster, about 5 s more "
                             "start-up); with --scaling, only this engine")
    parser.add_argument("--scaling", action="store_true",
                        help="instead: local and ray engines with 1 and 2 workers, memory and identical output")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time process and the bare parse this many times each, alternating, and keep the "
                             "fastest of each (default 1)")
    args = parser.parse_args(argv)
    console = Console()
    if args.scaling:
        return _scaling(console, args.n, [args.engine] if args.engine else ["local", "ray"])
    table = Table(title="throughput on this machine")
    for col in ("what", "seconds", "items/s", "words/s"):
        table.add_column(col, justify="left" if col == "what" else "right")
    ratio = _process_rates(table, args.n, args.workers, args.engine or "local", args.repeat)
    if ratio is None:
        console.print("[yellow]skipped[/yellow] process: ../shared/data/news/indiapoliceevents-docs.jsonl not found")
    for label, seconds, count in _classify_rates():
        table.add_row(label, f"{seconds:.1f}", f"{count / seconds:.1f}", "")
    console.print(table)
    if ratio is not None:
        console.print(f"ratio whimbrel/bare-parse = {ratio.start_up_included:.2f} (≥ 1.0 means Whimbrel is at least "
                      f"as fast; Whimbrel's start-up included, the bare parse's model load not)")
        console.print(f"ratio whimbrel/bare-parse, steady state = {ratio.steady_state:.2f} (both without start-up; "
                      f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')} for both)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
