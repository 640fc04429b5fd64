"""``make train``: rebuild the shipped models from the packaged MiniLM and the team-written examples.

Steps: 1. distil static word vectors (needs torch; a few minutes on one core), 2. train the document
classifiers, 3. compare with the artefacts that were there before and report the difference (the build is
deterministic on one machine; across machines float rounding may move a vector by one int8 step).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from whimbrel.training.distill import VECTORS_PATH, distil
from whimbrel.training.fit import CLASSIFIER_PATH, fit


def _compare(old: Path, new: Path) -> str:
    if not old.exists():
        return "new"
    a, b = np.load(old), np.load(new)
    if set(a.files) != set(b.files):
        return "different fields"
    worst = 0.0
    for key in a.files:
        x, y = a[key], b[key]
        if x.shape != y.shape:
            return f"{key}: shape {x.shape} → {y.shape}"
        if x.dtype.kind in "fi":
            worst = max(worst, float(np.abs(x.astype(np.float64) - y.astype(np.float64)).max(initial=0.0)))
        elif not np.array_equal(x, y):
            return f"{key}: values differ"
    return "identical" if worst == 0 else f"max abs difference {worst:.3g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m whimbrel.training", description=__doc__)
    parser.add_argument("--skip-distil", action="store_true", help="keep the current word vectors")
    args = parser.parse_args(argv)
    backup = Path(tempfile.mkdtemp(prefix="whimbrel-train-"))
    for path in (VECTORS_PATH, CLASSIFIER_PATH):
        if path.exists():
            shutil.copy2(path, backup / path.name)
    if not args.skip_distil:
        distil()
        from whimbrel.events.vectors import load_vectors

        load_vectors.cache_clear()
    fit()
    for path in (VECTORS_PATH, CLASSIFIER_PATH):
        print(f"train: {path.name}: {_compare(backup / path.name, path)} compared with the previous build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
