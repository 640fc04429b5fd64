"""Train the document classifiers on the team-written examples in ``data/training/events``.

The rules run first (the same pipeline users run, minus the classifier itself), then each example's
features (:func:`whimbrel.events.classifier.document_features`) feed a multinomial logistic regression per
head. Deterministic: sorted inputs, a fixed solver, no randomness. Prints 5-fold cross-validated figures on
the training data itself (the independent evaluation is ``make eval`` on ``data/eval``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from whimbrel.config import REPO_ROOT
from whimbrel.events.classifier import document_features
from whimbrel.events.vectors import load_vectors
from whimbrel.pipeline import Failure, Pipeline
from whimbrel.records import Article, Record

__all__ = ["CLASSIFIER_PATH", "HEADS", "fit", "load_examples"]

CLASSIFIER_PATH = REPO_ROOT / "whimbrel" / "events" / "model" / "classifier.npz"
TRAINING_DIR = REPO_ROOT / "data" / "training" / "events"
HEADS = {"acled": "acled", "plover": "plover"}  # head name → example field
_C = {"acled": 0.5, "plover": 0.5}


def load_examples(folder: Path = TRAINING_DIR) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{path.name}:{n}"
                rows.append(row)
    return rows


def _rules_pipeline() -> Pipeline:
    from whimbrel.actors.stage import ActorStage
    from whimbrel.events.stage import EventStage
    from whimbrel.extract.stage import ExtractStage
    from whimbrel.nlp.stage import NlpStage
    from whimbrel.places.stage import PlaceStage
    from whimbrel.quotes.stage import QuoteStage

    return Pipeline([ExtractStage(), NlpStage(), ActorStage(), PlaceStage(), QuoteStage(),
                     EventStage(classify=False)])


def featurize(texts: list[str]) -> np.ndarray:
    pipeline = _rules_pipeline()
    vectors = load_vectors()
    feats = []
    for start in range(0, len(texts), 64):
        batch = [Article(id=str(start + k), raw=t, format="record") for k, t in enumerate(texts[start:start + 64])]
        for result in pipeline.run_batch(batch):
            if isinstance(result, Failure):
                raise RuntimeError(str(result))
            assert isinstance(result, Record)
            feats.append(document_features(result, vectors))
    return np.vstack(feats)


def _train(x: np.ndarray, y: list[str], c: float) -> dict[str, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0
    labels = sorted(set(y))
    model = LogisticRegression(C=c, max_iter=4000, solver="lbfgs")
    model.fit((x - mean) / std, [labels.index(v) for v in y])
    return {"labels": np.array(labels), "W": model.coef_.T.astype(np.float32),
            "b": model.intercept_.astype(np.float32), "mean": mean.astype(np.float32), "std": std.astype(np.float32)}


def _cross_validate(x: np.ndarray, y: list[str], c: float, folds: int = 5) -> float:
    idx = np.arange(len(y))
    correct = 0
    for k in range(folds):
        test = idx % folds == k
        head = _train(x[~test], [v for v, t in zip(y, test, strict=True) if not t], c)
        z = ((x[test] - head["mean"]) / head["std"]) @ head["W"] + head["b"]
        pred = head["labels"][z.argmax(axis=1)]
        correct += int(sum(p == g for p, g in zip(pred, [v for v, t in zip(y, test, strict=True) if t], strict=True)))
    return correct / len(y)


def fit(out: Path = CLASSIFIER_PATH) -> Path:
    rows = load_examples()
    print(f"fit: {len(rows):,} training examples from {TRAINING_DIR}", flush=True)
    x = featurize([r["text"] for r in rows])
    arrays: dict[str, np.ndarray] = {"heads": np.array(list(HEADS))}
    for head, field in HEADS.items():
        y = [str(r.get(field) or "NONE") for r in rows]
        cv = _cross_validate(x, y, _C[head])
        trained = _train(x, y, _C[head])
        for key, value in trained.items():
            arrays[f"{head}_{key}"] = value
        print(f"fit: head {head}: {len(set(y))} labels, 5-fold accuracy on the training data {cv:.3f}", flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)  # type: ignore[arg-type]
    print(f"fit: wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return out
