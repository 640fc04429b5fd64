"""PolNeAR-style attribution: quote content-span F1 and speaker accuracy on matched quotes.

As score.py: a predicted quote matches a gold content span when it covers ≥ 50 % of it; the speaker is
right when it overlaps the gold Source span (or its text occurs inside it).
"""

from __future__ import annotations

from pathlib import Path

from whimbrel.eval.common import Figure, f1, run_texts

__all__ = ["load_polnear", "score_quotes"]

SCORER = "eval.quotes = score.py quotes"
Span = tuple[int, int]


def load_polnear(split_dir: Path) -> list[tuple[str, str, list[tuple[Span, Span | None]]]]:
    docs = []
    for txt in sorted((split_dir / "text").glob("*.txt")):
        anns = sorted((split_dir / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        spans: dict[str, tuple[str, int, int]] = {}
        atts = []
        for line in anns[0].read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2:
                kind, *offs = parts[1].replace(";", " ").split()
                nums = [int(x) for x in offs if x.isdigit()]
                spans[parts[0]] = (kind, min(nums), max(nums))
            elif line.startswith("E") and len(parts) >= 2:
                atts.append(dict(x.split(":", 1) for x in parts[1].split()[1:] if ":" in x))
        gold: list[tuple[Span, Span | None]] = []
        for a in atts:
            c = spans.get(a.get("Content", ""))
            src = spans.get(a.get("Source", ""))
            if c:
                gold.append(((c[1], c[2]), (src[1], src[2]) if src else None))
        docs.append((txt.stem, text, gold))
    return docs


def overlap(a: Span, b: Span) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / max(1, (b[1] - b[0]))


def score_quotes(path: Path) -> list[Figure]:
    docs = load_polnear(path)
    records = run_texts((d, t) for d, t, _ in docs)
    g_n = p_n = tp_g = tp_p = spk_ok = spk_n = 0
    for d, text, gold in docs:
        rec = records.get(d)
        preds = [q for q in (rec.quotes if rec else [])]
        g_n += len(gold)
        p_n += len(preds)
        tp_p += sum(1 for q in preds if any(overlap((q.start, q.end), g[0]) >= 0.5 for g in gold))
        for content, source in gold:
            hit = [q for q in preds if overlap((q.start, q.end), content) >= 0.5]
            if not hit:
                continue
            tp_g += 1
            if source:
                spk_n += 1
                sp = hit[0].speaker
                if sp is not None and sp.start is not None and sp.end is not None and overlap((sp.start, sp.end), source) > 0 or sp is not None and sp.text and sp.text.lower() in text[source[0]:source[1]].lower():
                    spk_ok += 1
    r, p = tp_g / max(g_n, 1), tp_p / max(p_n, 1)
    name = path.name
    return [
        Figure(name, "quote content precision", p, p_n, SCORER),
        Figure(name, "quote content recall", r, g_n, SCORER),
        Figure(name, "quote content F1", f1(p, r), g_n, SCORER, target=0.75),
        Figure(name, "speaker accuracy (matched)", spk_ok / max(spk_n, 1), spk_n, SCORER, target=0.85),
    ]
