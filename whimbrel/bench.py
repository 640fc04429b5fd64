"""``make bench``: throughput of ``whimbrel process --workers 1`` against a bare spaCy parse.

The first 300 articles of ``../shared/data/news/indiapoliceevents-docs.jsonl`` (real, messy, lower-cased
news) go through the real CLI in a subprocess (start-up included, as a user would run it), and through
``nlp.pipe`` of the same spaCy model with nothing else; both are timed in this run, on this machine.
``classify`` throughput is measured on the 744 short reports of our own ACLED evaluation set, twice over.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
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


def _process_rates(table: Table, n: int, workers: int) -> float | None:
    """Time ``whimbrel process`` and a bare spaCy parse on the same real articles; their speed ratio."""
    corpus = settings().shared_data / "news" / "indiapoliceevents-docs.jsonl"
    if not corpus.exists():
        return None
    docs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()[:n]]
    stdin = "".join(json.dumps({"id": str(d["doc_id"]), "text": d["doc_text"]}) + "\n" for d in docs)
    words = sum(len(d["doc_text"].split()) for d in docs)
    db = os.path.join(tempfile.mkdtemp(prefix="whimbrel-bench-"), "bench.duckdb")
    t_whim = _timed([_whimbrel(), "process", "-", "--format", "jsonl", "--workers", str(workers), "--db", db,
                     "--out", os.devnull, "--quiet"], stdin)
    proc = subprocess.run([sys.executable, "-c", _BARE, settings().spacy_model], input=stdin, capture_output=True,
                          text=True, check=True)
    t_bare = float(proc.stdout.strip().splitlines()[-1])
    label = f"{len(docs)} real articles ({words:,} words)"
    table.add_row(f"whimbrel process --workers {workers}, {label} (CLI, start-up included)", f"{t_whim:.1f}",
                  f"{len(docs) / t_whim:.1f}", f"{words / t_whim:,.0f}")
    table.add_row(f"bare spaCy parse (nlp.pipe, model loaded), {label}", f"{t_bare:.1f}",
                  f"{len(docs) / t_bare:.1f}", f"{words / t_bare:,.0f}")
    return t_bare / t_whim


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m whimbrel.bench", description=__doc__)
    parser.add_argument("-n", type=int, default=300, help="articles to time (default 300)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    console = Console()
    table = Table(title="throughput on this machine")
    for col in ("what", "seconds", "items/s", "words/s"):
        table.add_column(col, justify="left" if col == "what" else "right")
    ratio = _process_rates(table, args.n, args.workers)
    if ratio is None:
        console.print("[yellow]skipped[/yellow] process: ../shared/data/news/indiapoliceevents-docs.jsonl not found")
    for label, seconds, count in _classify_rates():
        table.add_row(label, f"{seconds:.1f}", f"{count / seconds:.1f}", "")
    console.print(table)
    if ratio is not None:
        console.print(f"ratio whimbrel/bare-parse = {ratio:.2f} (≥ 1.0 means Whimbrel is at least as fast)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
