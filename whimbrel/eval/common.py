"""Shared helpers for the dev-set scorers: run texts through the pipeline in-process, metric maths.

The scorers mirror ``../shared/tools/score.py`` (the outside measuring stick, which drives the CLI):
same inputs, same matching rules, same formulas, so ``make eval`` and score.py agree.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from whimbrel.pipeline import Failure
from whimbrel.records import Article, Record
from whimbrel.runner import run_pipeline

__all__ = ["Figure", "f1", "macro_weighted_f1", "run_texts"]


@dataclass
class Figure:
    """One number in the eval table."""

    dataset: str
    metric: str
    value: float
    n: int
    scorer: str
    target: float | None = None
    details: dict[str, float] = field(default_factory=dict)
    at_most: bool = False  # the target is a ceiling (false alarms), not a floor

    @property
    def meets(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.at_most else self.value >= self.target


def run_texts(docs: Iterable[tuple[str, str] | tuple[str, str, str | None]], *, workers: int = 1) -> dict[str, Record]:
    """id → processed record, for (id, text) or (id, text, published) tuples given as JSON Lines records
    would be; the publication date anchors relative dates and dated roles."""
    articles = []
    for doc in docs:
        doc_id, text, published = doc[0], doc[1], (doc[2] if len(doc) > 2 else None)
        meta = {"id": doc_id, "published": published} if published else {"id": doc_id}
        articles.append(Article(id=doc_id, raw=text, format="record", meta=meta))
    out: dict[str, Record] = {}
    for result in run_pipeline(articles, workers=workers):
        if isinstance(result, Failure):
            continue
        out[result.id] = result
    return out


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def macro_weighted_f1(gold: list[str], pred: list[str]) -> tuple[float, float, dict[str, float]]:
    labels = sorted(set(gold))
    per: dict[str, float] = {}
    weights = Counter(gold)
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        per[lab] = f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    macro = statistics.mean(per.values()) if per else 0.0
    weighted = sum(per[lab] * weights[lab] for lab in labels) / max(len(gold), 1)
    return macro, weighted, per
