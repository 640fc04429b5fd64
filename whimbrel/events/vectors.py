"""Static word vectors distilled from all-MiniLM-L6-v2 (see :mod:`whimbrel.training.distill`).

Read with NumPy alone: no torch, no tokenizer, no download. A text's vector is the mean of its known
words' vectors; unknown words (mostly names) are skipped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from whimbrel.errors import ModelError

__all__ = ["StaticVectors", "load_vectors"]

_PATH = Path(__file__).with_name("model") / "vectors.npz"


class StaticVectors:
    def __init__(self, words: np.ndarray, vectors: np.ndarray, scale: np.ndarray) -> None:
        self.index = {str(w): i for i, w in enumerate(words)}
        self.matrix = vectors.astype(np.float32) * scale[:, None].astype(np.float32)
        self.dims = self.matrix.shape[1]

    def word(self, word: str | None) -> np.ndarray:
        k = self.index.get((word or "").lower())
        return self.matrix[k] if k is not None else np.zeros(self.dims, dtype=np.float32)

    def mean(self, words: list[str]) -> np.ndarray:
        rows = [self.index[w] for w in (x.lower() for x in words) if w in self.index]
        if not rows:
            return np.zeros(self.dims, dtype=np.float32)
        v = self.matrix[rows].mean(axis=0)
        n = float(np.linalg.norm(v))
        return v / n if n else v


@lru_cache(maxsize=1)
def load_vectors(path: Path = _PATH) -> StaticVectors:
    try:
        data = np.load(path)
        return StaticVectors(data["words"], data["vectors"], data["scale"])
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"static word vectors missing or broken at {path} ({exc}); run `make train`") from None
