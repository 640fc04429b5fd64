"""``make eval``: every figure the issues ask for on the dev data, in one table (with n and scorer).

Corpora are read from ``../shared/data`` (or $WHIMBREL_SHARED_DATA); a missing corpus is reported and
skipped. ``--only plover,geo,quotes,seed,actors,duplicates,spikes,event_groups,html`` limits the run.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from whimbrel.config import REPO_ROOT, settings
from whimbrel.eval.acled import score_acled
from whimbrel.eval.actors import score_actors
from whimbrel.eval.common import Figure
from whimbrel.eval.duplicates import score_duplicates
from whimbrel.eval.event_groups import score_event_groups
from whimbrel.eval.event_location import score_event_location
from whimbrel.eval.geo import score_geo
from whimbrel.eval.geo_conventions import score_point_conventions
from whimbrel.eval.html_quality import score_html_quality
from whimbrel.eval.plover import score_plover
from whimbrel.eval.quote_cases import score_quote_cases
from whimbrel.eval.quotes import score_quotes
from whimbrel.eval.seed import score_seed
from whimbrel.eval.spikes import score_spikes


def _suites(data: Path) -> dict[str, list[tuple[Path, Callable[[Path], list[Figure]]]]]:
    seed = REPO_ROOT.parent / "shared" / "seed" / "000_fedec94c8fe0c9b1.txt"
    if not seed.exists():
        seed = REPO_ROOT / "samples" / "pages" / "000_fedec94c8fe0c9b1.txt"
    return {
        "seed": [(seed, score_seed)],
        "plover": [(data / "events" / "plover-gsr-dev.jsonl", score_plover)],
        "acled": [(REPO_ROOT / "data" / "eval" / "acled" / "acled-eval.tsv", score_acled)],
        "geo": [(data / "geo" / "TR-News.xml", score_geo), (data / "geo" / "GeoVirus.xml", score_geo),
                (data / "geo", score_point_conventions),
                (data / "events" / "event-location-gold.jsonl", score_event_location)],
        "quotes": [(data / "quotes" / "polnear-dev", score_quotes),
                   (REPO_ROOT / "data" / "eval" / "quotes" / "quotes-eval.jsonl", score_quote_cases)],
        "actors": [(REPO_ROOT / "data" / "eval" / "actors" / "actors-eval.jsonl", score_actors)],
        "duplicates": [(data / "news" / "indiapoliceevents-docs.jsonl", score_duplicates)],
        "event_groups": [(REPO_ROOT / "data" / "eval" / "event_groups" / "articles.jsonl", score_event_groups)],
        "spikes": [(REPO_ROOT / "whimbrel" / "monitor" / "simulate.py", score_spikes)],
        "html": [(REPO_ROOT / "data" / "eval" / "html", score_html_quality)],
    }


def _fmt(f: Figure) -> str:
    if math.isnan(f.value):
        return "n/a"
    return f"{f.value:.1f}" if f.metric.startswith("median") else f"{f.value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m whimbrel.eval", description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated suites: seed,plover,acled,geo,quotes,actors,duplicates,spikes,event_groups,html")
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    args = parser.parse_args(argv)
    data = args.data or settings().shared_data
    wanted = {s for s in args.only.split(",") if s}
    console = Console(width=max(Console().width, 150))
    figures: list[Figure] = []
    for name, runs in _suites(data).items():
        if wanted and name not in wanted:
            continue
        for path, scorer in runs:
            if not path.exists():
                console.print(f"[yellow]skipped[/yellow] {name}: {path} not found")
                continue
            started = time.perf_counter()
            figures += scorer(path)
            console.print(f"[dim]{name} {path.name}: {time.perf_counter() - started:.1f} s[/dim]")
    table = Table(title="Whimbrel on the development data")
    for col in ("dataset", "metric", "value", "target", "n", "scorer"):
        table.add_column(col, justify="right" if col in ("value", "target", "n") else "left")
    for f in figures:
        mark = "" if f.meets is None else (" [green]✓[/green]" if f.meets else " [red]✗[/red]")
        table.add_row(f.dataset, f.metric, _fmt(f) + mark,
                      "" if f.target is None else ("≤ " if f.at_most else "") + f"{f.target:.2f}", str(f.n),
                      f.scorer)
    console.print(table)
    for f in figures:
        if f.details and f.metric == "seed checks passed":
            console.print("seed checks missed: " + ", ".join(f.details))
        elif f.details:
            console.print(f"{f.dataset} · {f.metric}, by label: "
                          + ", ".join(f"{k} {v:.2f}" for k, v in sorted(f.details.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
