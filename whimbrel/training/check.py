"""How the rule-based coder does on the team-written examples (a large development set for the lexicon
and the role rules; the evaluation data in ../shared/data stays for measurement only).

    python -m whimbrel.training.check [TYPE]     # confusions, and the misses involving TYPE
"""

from __future__ import annotations

import sys
from collections import Counter

from whimbrel.classify import label_record
from whimbrel.eval.common import macro_weighted_f1, run_texts
from whimbrel.training.fit import load_examples


def main(argv: list[str]) -> int:
    rows = load_examples()
    records = run_texts((str(i), r["text"]) for i, r in enumerate(rows))
    gold = [r["plover"] for r in rows]
    pred = [label_record(records[str(i)], "plover").label for i in range(len(rows))]
    macro, _, per = macro_weighted_f1(gold, pred)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows)
    src_ok = src_n = tgt_ok = tgt_n = 0
    for i, r in enumerate(rows):
        events = [e for e in records[str(i)].events if e.type == r["plover"]]
        if not events:
            continue
        for side, gold_actor in (("source", r.get("source")), ("target", r.get("target"))):
            country = (gold_actor or {}).get("country")
            if not country:
                continue
            found = {a.country for e in events for a in getattr(e, side)}
            if side == "source":
                src_n += 1
                src_ok += country in found
            else:
                tgt_n += 1
                tgt_ok += country in found
    print(f"{len(rows)} examples: dominant-type accuracy {acc:.3f}, macro-F1 {macro:.3f}; "
          f"source country {src_ok / max(src_n, 1):.3f} (n={src_n}), target country {tgt_ok / max(tgt_n, 1):.3f} (n={tgt_n})")
    print("per type F1:", ", ".join(f"{k} {v:.2f}" for k, v in sorted(per.items())))
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    print("top confusions (gold → predicted):", ", ".join(f"{g}→{p} {n}" for (g, p), n in confusions.most_common(20)))
    wanted = argv[0] if argv else None
    if wanted:
        for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
            if g != p and wanted in (g, p):
                print(f"  {g:9s} → {p:9s} | {rows[i]['_where']} | {rows[i]['text'][:180]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
