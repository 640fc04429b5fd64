"""``make bench``: throughput of ``whimbrel process --workers 1`` against a bare spaCy parse.

The first 300 articles of ``../shared/data/news/indiapoliceevents-docs.jsonl`` (real, messy, lower-cased
news) go through the real CLI in a subprocess (start-up included, as a user would run it), and through
``nlp.pipe`` of the same spaCy model with nothing else; both are timed in this run, on this machine.
``classify`` throughput is measured on short snippets (the PLOVER dev sentences when present).
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

from whimbrel.config import settings

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m whimbrel.bench", description=__doc__)
    parser.add_argument("-n", type=int, default=300, help="articles to time (default 300)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    data = settings().shared_data
    corpus = data / "news" / "indiapoliceevents-docs.jsonl"
    console = Console()
    if not corpus.exists():
        console.print(f"[yellow]skipped[/yellow]: {corpus} not found")
        return 0
    docs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()[:args.n]]
    stdin = "".join(json.dumps({"id": str(d["doc_id"]), "text": d["doc_text"]}) + "\n" for d in docs)
    words = sum(len(d["doc_text"].split()) for d in docs)
    env_db = tempfile.mkdtemp(prefix="whimbrel-bench-")
    db = os.path.join(env_db, "bench.duckdb")
    t_whim = _timed([_whimbrel(), "process", "-", "--format", "jsonl", "--workers", str(args.workers), "--db", db,
                     "--out", os.devnull, "--quiet"], stdin)
    proc = subprocess.run([sys.executable, "-c", _BARE, settings().spacy_model], input=stdin, capture_output=True,
                          text=True, check=True)
    t_bare = float(proc.stdout.strip().splitlines()[-1])
    table = Table(title=f"throughput on {len(docs)} real articles ({words:,} words), this machine")
    for col in ("what", "seconds", "articles/s", "words/s"):
        table.add_column(col, justify="left" if col == "what" else "right")
    table.add_row(f"whimbrel process --workers {args.workers} (CLI, start-up included)", f"{t_whim:.1f}",
                  f"{len(docs) / t_whim:.1f}", f"{words / t_whim:,.0f}")
    table.add_row("bare spaCy parse (nlp.pipe, model loaded)", f"{t_bare:.1f}", f"{len(docs) / t_bare:.1f}",
                  f"{words / t_bare:,.0f}")
    snippets = data / "events" / "plover-gsr-dev.jsonl"
    if snippets.exists():
        rows = [json.loads(line) for line in snippets.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
        snip_in = "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows)
        t_cls = _timed([_whimbrel(), "classify", "-", "--format", "jsonl", "--scheme", "plover", "--out", os.devnull,
                        "--quiet"], snip_in)
        table.add_row(f"whimbrel classify, {len(rows)} snippets (CLI, start-up included)", f"{t_cls:.1f}",
                      f"{len(rows) / t_cls:.1f}", "")
    console.print(table)
    console.print(f"ratio whimbrel/bare-parse = {t_bare / t_whim:.2f} (≥ 1.0 means Whimbrel is at least as fast)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
