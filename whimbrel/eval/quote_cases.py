"""Whimbrel's own quote-attribution test set (issue 6): per-case accuracy over the forms news uses.

The set is ``data/eval/quotes/quotes-eval.jsonl`` (see its README): one case per line,
``{"id", "form", "text", "published", "quotes": [{"content", "kind", "speaker"}]}``, where ``content`` is the
exact substring that was said (without the quotation marks), ``kind`` is ``direct`` or ``indirect`` and
``speaker`` the speaker as written at its full-name mention, or null for an unnamed source. Negative cases
(scare quotes, titles) have no quotes. Each text is run through the pipeline with its publication date.

Matching rules:

* a gold quote is *found* when a predicted quote's content span covers at least 50 % of the gold content span
  (the rule of the PolNeAR scorer, :mod:`whimbrel.eval.quotes`); the prediction covering most of it is its
  match;
* the *speaker* is right when the predicted speaker's ``name`` or ``text`` equals the gold speaker or one
  contains the other as whole words, ignoring case ("Cavusoglu" ~ "Mevlut Cavusoglu", "the Iranian foreign
  minister" ~ "Iranian foreign minister"; a pronoun counts through the name coreference gave it), except
  that a bare lower-case noun ("head", "the governor") is too vague to stand for a longer speaker. A null
  gold speaker (an anonymous source) requires no speaker or an *unnamed-source* speaker: one with no
  knowledge-base id whose words include a generic source noun (official, source, diplomat, witness, ...);
* a predicted quote is *accounted for* when it covers at least 50 % of a gold span or lies at least half
  inside the gold spans (an indirect clause reported inside a direct quote); any other prediction is
  spurious;
* a *case* is correct when every gold quote is found with the right speaker and kind and no prediction is
  spurious; a negative case is correct when nothing is predicted.

Figures: case accuracy (target 0.90, per-form accuracy in ``details``), content recall (gold quotes found),
content precision (predictions accounted for) and speaker accuracy on the gold quotes found.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from whimbrel.eval.common import Figure, run_texts
from whimbrel.records import ActorRef, Quote

__all__ = ["CaseResult", "GoldQuote", "QuoteCase", "case_results", "check_case", "figures", "load_cases",
           "score_quote_cases", "speaker_matches"]

SCORER = "eval.quote_cases"
Span = tuple[int, int]

# Head nouns of anonymous attributions ("a senior official", "diplomatic sources", "witnesses").
UNNAMED_SOURCE_WORDS = frozenset([
    "official", "officials", "source", "sources", "diplomat", "diplomats", "person", "persons", "people",
    "insider", "insiders", "aide", "aides", "officer", "officers", "witness", "witnesses", "resident",
    "residents", "worker", "workers", "analyst", "analysts", "member", "members", "someone", "observer",
    "observers", "activist", "activists", "employee", "employees",
])
_WORD = re.compile(r"\w+")
_DETERMINERS = frozenset(["the", "a", "an"])


@dataclass(slots=True)
class GoldQuote:
    start: int
    end: int
    kind: str
    speaker: str | None


@dataclass(slots=True)
class QuoteCase:
    id: str
    form: str
    text: str
    published: str | None
    quotes: list[GoldQuote]


@dataclass(slots=True)
class CaseResult:
    """How one case fared; ``problems`` says why it failed (empty when it passed)."""

    case: QuoteCase
    predicted: list[Quote]
    found: int = 0
    speaker_ok: int = 0
    accounted: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return not self.problems


def load_cases(path: Path) -> list[QuoteCase]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["text"]
        quotes = []
        for q in row["quotes"]:
            start = text.find(q["content"])
            if start < 0:
                raise ValueError(f"{path.name}:{n}: quote content not found in the text: {q['content']!r}")
            quotes.append(GoldQuote(start, start + len(q["content"]), q["kind"], q.get("speaker")))
        cases.append(QuoteCase(row["id"], row["form"], text, row.get("published"), quotes))
    return cases


def _words(s: str | None) -> list[str]:
    return _WORD.findall(s.lower()) if s else []


def _contains(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return n > 0 and any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def _is_unnamed_source(sp: ActorRef) -> bool:
    return sp.id is None and any(w in UNNAMED_SOURCE_WORDS for w in _words(sp.text) + _words(sp.name))


def speaker_matches(pred: ActorRef | None, gold: str | None) -> bool:
    """The speaker rule of the module docstring."""
    if gold is None:
        return pred is None or _is_unnamed_source(pred)
    if pred is None:
        return False
    g = _words(gold)
    for cand in (pred.name, pred.text):
        c = _words(cand)
        if c and (c == g or _contains(g, c) and not _vague(cand) or _contains(c, g) and not _vague(gold)):
            return True
    return False


def _vague(s: str | None) -> bool:
    """A bare lower-case noun ("head", "the governor") names no one: it may not stand for a longer speaker."""
    words = (s or "").split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return len(words) <= 1 and not (words and words[0][:1].isupper())


def _cover(pred: Span, gold: Span) -> float:
    """Share of ``gold`` that ``pred`` covers."""
    inter = max(0, min(pred[1], gold[1]) - max(pred[0], gold[0]))
    return inter / max(1, gold[1] - gold[0])


def _inside(pred: Span, golds: list[Span]) -> float:
    """Share of ``pred`` that lies inside the gold spans (which do not overlap each other)."""
    inter = sum(max(0, min(pred[1], g[1]) - max(pred[0], g[0])) for g in golds)
    return inter / max(1, pred[1] - pred[0])


def check_case(case: QuoteCase, predicted: list[Quote]) -> CaseResult:
    res = CaseResult(case, predicted)
    golds = [(g.start, g.end) for g in case.quotes]
    for g in case.quotes:
        label = repr(case.text[g.start:g.end][:40])
        scored = [(_cover((q.start, q.end), (g.start, g.end)), -i, q) for i, q in enumerate(predicted)]
        hits = [s for s in scored if s[0] >= 0.5]
        if not hits:
            res.problems.append(f"missed {g.kind} {label}")
            continue
        res.found += 1
        q = max(hits, key=lambda s: (s[0], s[1]))[2]
        if speaker_matches(q.speaker, g.speaker):
            res.speaker_ok += 1
        else:
            sp = q.speaker
            got = None if sp is None else f"{sp.text!r}/{sp.name!r}"
            res.problems.append(f"speaker {got} for {label}, gold {g.speaker!r}")
        if q.kind != g.kind:
            res.problems.append(f"kind {q.kind} for {label}, gold {g.kind}")
    for q in predicted:
        span = (q.start, q.end)
        if any(_cover(span, g) >= 0.5 for g in golds) or _inside(span, golds) >= 0.5:
            res.accounted += 1
        else:
            res.problems.append(f"spurious {q.kind} {q.text[:40]!r}")
    return res


def case_results(path: Path) -> list[CaseResult]:
    cases = load_cases(path)
    records = run_texts((c.id, c.text, c.published) for c in cases)
    return [check_case(c, records[c.id].quotes if c.id in records else []) for c in cases]


def score_quote_cases(path: Path) -> list[Figure]:
    return figures(case_results(path), path.name)


def figures(results: list[CaseResult], name: str) -> list[Figure]:
    n = len(results)
    per_form: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        per_form[r.case.form].append(r.correct)
    g_n = sum(len(r.case.quotes) for r in results)
    p_n = sum(len(r.predicted) for r in results)
    found = sum(r.found for r in results)
    return [
        Figure(name, "case accuracy", sum(r.correct for r in results) / max(n, 1), n, SCORER, target=0.90,
               details={form: sum(ok) / len(ok) for form, ok in sorted(per_form.items())}),
        Figure(name, "quote content recall", found / max(g_n, 1), g_n, SCORER),
        Figure(name, "quote content precision", sum(r.accounted for r in results) / max(p_n, 1), p_n, SCORER),
        Figure(name, "speaker accuracy (found)", sum(r.speaker_ok for r in results) / max(found, 1), found,
               SCORER),
    ]


if __name__ == "__main__":  # python -m whimbrel.eval.quote_cases [PATH]: figures and every failed case
    import sys

    from whimbrel.config import REPO_ROOT

    default = REPO_ROOT / "data" / "eval" / "quotes" / "quotes-eval.jsonl"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    outcome = case_results(target)
    for r in outcome:
        if not r.correct:
            print(f"{r.case.id} {r.case.form}: " + "; ".join(r.problems))
    for fig in figures(outcome, target.name):
        print(f"{fig.metric}: {fig.value:.3f} (n={fig.n})")
        for key, value in fig.details.items():
            print(f"  {key}: {value:.2f}")
