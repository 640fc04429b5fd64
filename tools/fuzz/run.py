"""`make fuzz`: run each atheris harness for a fixed number of inputs and report what they found.

Each target starts from its seed corpus (``tools/fuzz/seeds/<target>``, small realistic inputs written by
the team) and a fresh working corpus in ``build/fuzz/corpus/<target>``; libFuzzer's own output goes to
``build/fuzz/<target>.log``, and an input that crashes, hangs past ``--timeout`` seconds or runs out of
memory is written to ``build/fuzz/crashes/``. The summary (a Markdown table, also in
``build/fuzz/summary.json``) gives the inputs tried per target, which is what ``tests/fuzz/FUZZ_LOG.md``
records. Exit status 1 when any target found something.

    .venv/bin/python tools/fuzz/run.py --runs ingest=70000 --runs extract=35000 --timeout 20
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TARGETS = {"ingest": HERE / "fuzz_ingest.py", "extract": HERE / "fuzz_extract.py"}
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")
_EXECUTED = re.compile(r"stat::number_of_executed_units: *(\d+)")  # also when a finding stopped the run
_FINDING = ("crash-", "timeout-", "oom-", "leak-", "slow-unit-")


def run_target(name: str, runs: int, *, timeout: int, seed: int, out: Path, keep_corpus: bool) -> dict[str, object]:
    corpus = out / "corpus" / name
    if corpus.exists() and not keep_corpus:
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True, exist_ok=True)
    crashes = out / "crashes" / name
    crashes.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in crashes.iterdir()}
    log = out / f"{name}.log"
    cmd = [sys.executable, str(TARGETS[name]), f"-runs={runs}", f"-timeout={timeout}", f"-seed={seed}",
           "-max_len=65536", "-rss_limit_mb=3072", "-print_final_stats=1", f"-artifact_prefix={crashes}/",
           str(corpus), str(HERE / "seeds" / name)]
    started = time.monotonic()
    with log.open("w") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=REPO)
    seconds = time.monotonic() - started
    text = log.read_text(errors="replace")
    done = _DONE.findall(text) or [(n, "") for n in _EXECUTED.findall(text)]
    found = sorted(p.name for p in crashes.iterdir() if p.name not in before and p.name.startswith(_FINDING))
    return {"target": name, "runs_requested": runs, "runs": int(done[-1][0]) if done else None,
            "seconds": round(seconds), "findings": found, "exit_code": proc.returncode,
            "command": " ".join([".venv/bin/python", *[c.replace(f"{REPO}/", "") for c in cmd[1:]]])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", action="append", default=[], metavar="TARGET=N",
                        help="inputs to try for a target (default: ingest=70000, extract=35000)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take (a hang is a finding)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "fuzz")
    parser.add_argument("--keep-corpus", action="store_true", help="continue from the last run's corpus")
    args = parser.parse_args(argv)
    runs = {"ingest": 70_000, "extract": 35_000}
    for item in args.runs:
        name, _, number = item.partition("=")
        if name not in TARGETS or not number.isdigit():
            parser.error(f"--runs wants TARGET=N with TARGET one of {', '.join(TARGETS)}, got {item!r}")
        runs[name] = int(number)
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for name, n in runs.items():
        if n <= 0:
            continue
        print(f"fuzzing {name}: {n:,} inputs ...", flush=True)
        results.append(run_target(name, n, timeout=args.timeout, seed=args.seed, out=args.out,
                                  keep_corpus=args.keep_corpus))
    (args.out / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
    print("\n| target | inputs tried | seconds | crashes, hangs, OOMs | exit |\n|---|---:|---:|---|---:|")
    for r in results:
        findings = ", ".join(r["findings"]) or "0"  # type: ignore[arg-type]
        print(f"| {r['target']} | {r['runs'] or 0:,} | {r['seconds']} | {findings} | {r['exit_code']} |")
    total = sum(int(r["runs"] or 0) for r in results)  # type: ignore[call-overload]
    bad = [r for r in results if r["findings"] or r["exit_code"] != 0 or r["runs"] != r["runs_requested"]]
    print(f"\n{total:,} inputs in all; {'FINDINGS in ' + ', '.join(str(r['target']) for r in bad) if bad else 'no crash, hang or OOM'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
