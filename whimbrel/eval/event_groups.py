"""Cross-article event grouping on the team's own set (``data/eval/event_groups``, see its README).

Each line of ``articles.jsonl`` is one article as an outlet ran it (``id``, ``source``, ``published``,
``title``, ``text``) with ``gold``: the real-world events it reports, one item per sentence and type,
``{"sentence": exact sentence of text, "type": PLOVER type, "event": label}``; articles that report one
real-world event share its label. ``events.jsonl`` gives, per label, the number of independent reports.

The articles go through the whole pipeline, near-duplicate detection and the store, as ``whimbrel process``
would take them (batches of 8 in file order), into a temporary store; the store's groups are scored.

Alignment (only extracted events that align are scored; the extractor's misses and extra events are not this
scorer's business): an extracted event *aligns* with a gold item when its trigger (its evidence, if it has no
trigger) starts inside the gold sentence and its type is the gold type. It then carries the item's label. No
sentence holds two gold items of one type, so an event aligns with at most one item.

Figures:

* pairwise precision, recall and F1 over pairs of aligned events from *different* articles: a pair is
  predicted together when the store put both events in one group, gold together when they carry one label;
* independent-source count: per gold event with an aligned extraction, whether the group holding most of its
  aligned extractions counts the gold number of independent reports;
* batch-order independence: the share of aligned pairs on which a second store, fed the same articles in
  reverse order, agrees (together or apart) with the first.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from whimbrel.dedup import Deduplicator
from whimbrel.eval.common import Figure, f1
from whimbrel.pipeline import Failure
from whimbrel.records import Article, Record
from whimbrel.runner import run_pipeline
from whimbrel.store import Store

__all__ = ["aligned_events", "load_set", "pair_scores", "score_event_groups", "store_groups"]

SCORER = "eval.event_groups (pairs of aligned events, different articles)"
BATCH = 8


def load_set(path: Path) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The articles of ``articles.jsonl`` and, from ``events.jsonl`` beside it, label → independent reports."""
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    events_file = path.with_name("events.jsonl")
    independent: dict[str, int] = {}
    if events_file.exists():
        for line in events_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                independent[row["event"]] = int(row["independent_sources"])
    return articles, independent


def _records(articles: list[dict[str, Any]]) -> list[Record]:
    inputs = [Article(id=a["id"], raw=a["text"], format="record",
                      meta={k: a[k] for k in ("id", "title", "published", "source") if a.get(k)}) for a in articles]
    return [r for r in run_pipeline(inputs) if not isinstance(r, Failure)]


def store_groups(records: list[Record], db: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Dedup and store ``records`` in that order, batch by batch; event id → group id, group id → independent
    sources."""
    dedup = Deduplicator()
    with Store(db) as store:
        for start in range(0, len(records), BATCH):
            batch = records[start:start + BATCH]
            signatures = []
            for record in batch:
                sig = dedup.observe(record.id, record.article.text)
                record.article.duplicate_of = sig.duplicate_of
                signatures.append(sig.row())
            store.write(batch, [], signatures)
        members = {r["event_id"]: r["group_id"] for r in store.query("SELECT event_id, group_id FROM event_group_members")}
        sources = {r["id"]: r["independent_sources"] for r in store.query("SELECT id, independent_sources FROM event_groups")}
    return members, sources


def aligned_events(articles: list[dict[str, Any]], records: list[Record]) -> dict[str, tuple[str, str, int]]:
    """Extracted event id → (article id, gold label, index of the gold item in the article), for the events
    that align with a gold item."""
    by_id = {r.id: r for r in records}
    out: dict[str, tuple[str, str, int]] = {}
    for article in articles:
        record = by_id.get(article["id"])
        if record is None:
            continue
        spans = []
        for item in article["gold"]:
            start = record.article.text.find(item["sentence"])
            if start < 0:
                raise ValueError(f"{article['id']}: gold sentence not in the text: {item['sentence'][:60]!r}")
            spans.append((start, start + len(item["sentence"]), item["type"], item["event"]))
        for event in record.events:
            at = event.trigger.start if event.trigger else event.evidence.start
            for k, (start, end, type_, label) in enumerate(spans):
                if start <= at < end and event.type == type_:
                    out[event.id] = (article["id"], label, k)
                    break
    return out


def pair_scores(aligned: dict[str, tuple[str, str, int]], groups: dict[str, str]) -> tuple[float, float, int, int, int]:
    """Precision, recall, predicted pairs, gold pairs, all pairs over pairs of aligned events of different
    articles."""
    tp = predicted = gold = total = 0
    for (e1, (a1, l1, _)), (e2, (a2, l2, _)) in itertools.combinations(sorted(aligned.items()), 2):
        if a1 == a2:
            continue
        total += 1
        same_pred, same_gold = e1 in groups and groups[e1] == groups.get(e2), l1 == l2
        predicted += same_pred
        gold += same_gold
        tp += same_pred and same_gold
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    return precision, recall, predicted, gold, total


def _agreement(aligned: dict[str, tuple[str, str, int]], a: dict[str, str], b: dict[str, str]) -> tuple[float, int]:
    agree = total = 0
    for (e1, (a1, *_)), (e2, (a2, *_)) in itertools.combinations(sorted(aligned.items()), 2):
        if a1 != a2:
            total += 1
            agree += (a.get(e1) == a.get(e2)) == (b.get(e1) == b.get(e2))
    return (agree / total if total else 1.0), total


def _independent_exact(aligned: dict[str, tuple[str, str, int]], groups: dict[str, str], counts: dict[str, int],
                       gold: dict[str, int]) -> tuple[float, int, list[str]]:
    right, misses = 0, []
    labels = sorted({label for _, label, _ in aligned.values() if label in gold})
    for label in labels:
        held = Counter(groups[e] for e, (_, lab, _) in aligned.items() if lab == label and e in groups)
        group = min(held, key=lambda g: (-held[g], g))
        if counts.get(group) == gold[label]:
            right += 1
        else:
            misses.append(f"{label}: {counts.get(group)} for {gold[label]}")
    return (right / len(labels) if labels else float("nan")), len(labels), misses


def score_event_groups(path: Path) -> list[Figure]:
    articles, independent = load_set(path)
    records = _records(articles)
    aligned = aligned_events(articles, records)
    with tempfile.TemporaryDirectory(prefix="whimbrel-eval-groups-") as tmp:
        groups, counts = store_groups(records, Path(tmp) / "forward.duckdb")
        reverse_batches = [records[i:i + BATCH] for i in range(0, len(records), BATCH)][::-1]
        reversed_groups, _ = store_groups([r for b in reverse_batches for r in b[::-1]], Path(tmp) / "reverse.duckdb")
    precision, recall, n_pred, n_gold, n_pairs = pair_scores(aligned, groups)
    exact, n_events, misses = _independent_exact(aligned, groups, counts, independent)
    agreement, n_agree = _agreement(aligned, groups, reversed_groups)
    name = "event_groups/" + path.name
    gold_items = sum(len(a["gold"]) for a in articles)
    return [
        Figure(name, "gold items with an aligned event", len({(a, k) for a, _, k in aligned.values()}) / gold_items,
               gold_items, SCORER),
        Figure(name, "event-pair precision", precision, n_pred, SCORER),
        Figure(name, "event-pair recall", recall, n_gold, SCORER),
        Figure(name, "event-pair F1", f1(precision, recall), n_pairs, SCORER),
        Figure(name, "independent-source count exact", exact, n_events, SCORER),
        Figure(name, "same groups in reverse batch order", agreement, n_agree, SCORER),
    ]


def main() -> None:
    """``python -m whimbrel.eval.event_groups [PATH]``: the figures, and every pair the grouping gets wrong."""
    import sys

    from whimbrel.config import REPO_ROOT

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "data" / "eval" / "event_groups" / "articles.jsonl"
    articles, _ = load_set(path)
    records = _records(articles)
    aligned = aligned_events(articles, records)
    with tempfile.TemporaryDirectory() as tmp:
        groups, _ = store_groups(records, Path(tmp) / "s.duckdb")
    for (e1, (a1, l1, _)), (e2, (a2, l2, _)) in itertools.combinations(sorted(aligned.items()), 2):
        together = groups.get(e1) == groups.get(e2)
        if a1 != a2 and together != (l1 == l2):
            print(f"{'merged' if together else 'split'}: {a1} {l1} / {a2} {l2}")
    for f in score_event_groups(path):
        print(f"{f.metric}: {f.value:.3f} (n={f.n})")


if __name__ == "__main__":
    main()
