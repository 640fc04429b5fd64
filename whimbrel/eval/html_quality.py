"""Article-body quality on web pages (issue 7): word 4-gram shingle F1 against hand-written gold bodies.

The set is ``data/eval/html/{dev,heldout}/NAME.html`` with its gold body ``NAME.txt`` (how the pages and the
gold were made, and the rules for what counts as the story, are in that folder's README). ``dev`` may be looked
at while improving the extractor; ``heldout`` was written before the extractor was changed and is never tuned on.

The measure, precisely:

1. **Normalise** a text: Unicode NFKC, lowercase, every character that is not a letter or a digit (Unicode
   categories ``L*`` and ``N*``) becomes a space, then split on whitespace. So punctuation and quote styles
   vanish ("U.N." is ``u n``, "Ukraine’s" and "Ukraine's" are both ``ukraine s``), and line or paragraph
   breaks do not matter: the whole text is one token stream.
2. **Shingle** it: the multiset of its consecutive 4-token tuples (a text of 1-3 tokens is one shorter tuple,
   an empty text has none).
3. **Score** a page: ``overlap = sum(min(extracted[s], gold[s]))`` over shingles ``s``;
   ``precision = overlap / |extracted|``, ``recall = overlap / |gold|``, F1 their harmonic mean. An empty
   extraction scores 0 on all three (it found nothing); an empty gold never occurs in the set.
4. **Report** the mean over pages of each (every page weighs the same, as a reader judges pages, so a
   two-paragraph brief matters as much as a long read), per split and per system.

A *multiset*, not a set, because repetition is an error a reader sees: a pull quote that repeats a sentence
of the story, a standfirst that restates the first paragraph, or a block extracted twice must cost precision,
and with sets it would be free.

Systems: Whimbrel's :func:`whimbrel.extract.extract_html`; ``trafilatura.extract`` with its defaults; and
``trafilatura.extract(favor_precision=True)`` as a second baseline. All get the same decoded page text (bytes
decoded as ``whimbrel`` ingest does: the page's declared charset, else UTF-8).

``python -m whimbrel.eval.html_quality [--split dev] [--pages]`` prints the figures, and per-page scores with
``--pages``; ``make eval`` shows the same figures in its table (suite ``html``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whimbrel.eval.common import Figure
from whimbrel.extract.html import extract_html
from whimbrel.ingest.decode import declared_html_charset, decode_text

__all__ = [
    "SPLITS", "SYSTEMS", "GoldPage", "PageScore", "load_pages", "page_score", "score_html_quality", "score_split",
    "shingles", "tokens",
]

SCORER = "eval.html_quality (word 4-gram shingles, multiset)"
SHINGLE = 4
SPLITS = ("dev", "heldout")
TARGET_F1 = 0.97


def tokens(text: str) -> list[str]:
    """Lowercased letter/digit runs of ``text`` after NFKC: punctuation, quote style and layout ignored."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in text).split()


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of consecutive ``n``-token tuples of ``text`` (one shorter tuple for a very short text)."""
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    page: str
    precision: float
    recall: float
    f1: float


def page_score(page: str, extracted: str, gold: str) -> PageScore:
    pred, ref = shingles(extracted), shingles(gold)
    overlap = sum((pred & ref).values())
    if not pred or not ref or not overlap:
        return PageScore(page, 0.0, 0.0, 0.0)
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return PageScore(page, p, r, 2 * p * r / (p + r))


@dataclass(frozen=True, slots=True)
class GoldPage:
    name: str
    html: str
    gold: str


def load_pages(folder: Path) -> list[GoldPage]:
    """Every ``NAME.html`` in ``folder`` with its ``NAME.txt``, decoded as ingest decodes HTML."""
    pages = []
    for path in sorted(folder.glob("*.html")):
        data = path.read_bytes()
        html = decode_text(data, where=str(path), encoding=declared_html_charset(data))
        pages.append(GoldPage(path.stem, html, path.with_suffix(".txt").read_text(encoding="utf-8")))
    return pages


def _whimbrel(html: str) -> str:
    return extract_html(html).text


def _trafilatura(*, favor_precision: bool = False) -> Callable[[str], str]:
    def run(html: str) -> str:
        import trafilatura

        return trafilatura.extract(html, favor_precision=favor_precision) or ""

    return run


SYSTEMS: dict[str, Callable[[str], str]] = {
    "whimbrel": _whimbrel,
    "trafilatura (defaults)": _trafilatura(),
    "trafilatura (favor_precision)": _trafilatura(favor_precision=True),
}


def score_split(pages: Iterable[GoldPage], system: Callable[[str], str]) -> list[PageScore]:
    return [page_score(p.name, system(p.html), p.gold) for p in pages]


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.fmean(values) if values else float("nan")


def score_html_quality(root: Path) -> list[Figure]:
    """The eval-table figures: mean F1, precision and recall per split and system."""
    figures = []
    for split in SPLITS:
        pages = load_pages(root / split)
        for name, system in SYSTEMS.items():
            scores = score_split(pages, system)
            target = TARGET_F1 if name == "whimbrel" else None
            dataset = f"html {split}"
            figures += [
                Figure(dataset, f"body F1 · {name}", _mean(s.f1 for s in scores), len(scores), SCORER, target=target),
                Figure(dataset, f"body precision · {name}", _mean(s.precision for s in scores), len(scores), SCORER),
                Figure(dataset, f"body recall · {name}", _mean(s.recall for s in scores), len(scores), SCORER),
            ]
    return figures


def main(argv: list[str] | None = None) -> int:
    from whimbrel.config import REPO_ROOT

    parser = argparse.ArgumentParser(prog="python -m whimbrel.eval.html_quality", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=SPLITS, action="append", help="only this split (repeatable)")
    parser.add_argument("--pages", action="store_true", help="also print the score of every page")
    parser.add_argument("--root", type=Path, default=REPO_ROOT / "data" / "eval" / "html")
    args = parser.parse_args(argv)
    for split in args.split or SPLITS:
        pages = load_pages(args.root / split)
        results = {name: score_split(pages, system) for name, system in SYSTEMS.items()}
        print(f"{split} (n={len(pages)})")
        for name, scores in results.items():
            print(f"  {name:32s} F1 {_mean(s.f1 for s in scores):.3f}  P {_mean(s.precision for s in scores):.3f}"
                  f"  R {_mean(s.recall for s in scores):.3f}")
        if args.pages:
            print("  " + " " * 40 + "  ".join(f"{n[:12]:>12s}" for n in results))
            for i, page in enumerate(pages):
                row = "  ".join(f"{results[n][i].f1:.2f} {results[n][i].precision:.2f}/{results[n][i].recall:.2f}"
                                for n in results)
                print(f"  {page.name[:40]:40s}{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
