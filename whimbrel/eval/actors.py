"""Actor resolution on the team-written test set ``data/eval/actors/actors-eval.jsonl`` (issue 4).

Each case is a short news text, its publication date (which dates role look-ups: "the Turkish foreign
minister" is Cavusoglu in 2018 and Fidan in 2024), one mention in it, and the actor that mention should
resolve to: knowledge-base ``id`` (or null), ISO alpha-3 ``country`` (or null) and ``sector``.

Matching a case to ``record.actors``:

1. the actors whose character span is exactly that of the mention (its ``occurrence``-th appearance in the
   text); when one phrase yields several actors ("Turkish and Russian officials"), the one equal to the
   expected actor is taken if there is one, else the first;
2. otherwise the actors overlapping the mention ("the Kremlin" for "Kremlin", "Rwandan and Mozambican
   troops" for "Mozambican troops"): the span sharing the most characters with it, then the shortest, then
   the earliest; among actors with that same span, again the expected one if present, else the first;
3. otherwise the actor is missing.

A case is correct when id, country and sector all equal the expected ones; a missing actor is correct only
when the expected id and country are both null (an unknown person left unresolved). The per-field figures
follow the same rule for a missing actor: id (country) counts as right when the expected id (country) is
null, sector only when the whole case is right.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whimbrel.eval.common import Figure, run_texts
from whimbrel.records import ActorRef

__all__ = ["ActorCase", "CaseResult", "find_actor", "load_cases", "mention_span", "run_cases", "score_actors"]

SCORER = "eval.actors"
CATEGORIES = ("country", "metonym", "agent", "organization", "person", "role", "pronoun", "unresolved")


@dataclass(frozen=True, slots=True)
class ActorCase:
    """One line of the test set."""

    id: str
    text: str
    published: str
    mention: str
    occurrence: int
    expected_id: str | None
    expected_country: str | None
    expected_sector: str
    category: str

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> ActorCase:
        exp = row["expected"]
        return cls(id=row["id"], text=row["text"], published=row["published"], mention=row["mention"],
                   occurrence=int(row.get("occurrence", 1)), expected_id=exp.get("id"),
                   expected_country=exp.get("country"), expected_sector=exp.get("sector", "UNK"),
                   category=row.get("category", "other"))

    @property
    def expected(self) -> tuple[str | None, str | None, str]:
        return self.expected_id, self.expected_country, self.expected_sector


@dataclass(frozen=True, slots=True)
class CaseResult:
    """What the pipeline made of one case: the matched actor (None if missing) and how it was matched."""

    case: ActorCase
    actor: ActorRef | None
    match: str  # exact | overlap | missing | failed (the pipeline raised on this text)

    @property
    def got(self) -> tuple[str | None, str | None, str | None]:
        a = self.actor
        return (a.id, a.country, a.sector) if a is not None else (None, None, None)

    @property
    def id_ok(self) -> bool:
        return self.got[0] == self.case.expected_id

    @property
    def country_ok(self) -> bool:
        return self.got[1] == self.case.expected_country

    @property
    def correct(self) -> bool:
        if self.actor is None:
            return self.case.expected_id is None and self.case.expected_country is None
        return self.got == self.case.expected

    @property
    def sector_ok(self) -> bool:
        return self.correct if self.actor is None else self.got[2] == self.case.expected_sector


def load_cases(path: Path) -> list[ActorCase]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ActorCase.from_json(json.loads(line)) for line in lines if line.strip()]


def mention_span(text: str, mention: str, occurrence: int = 1) -> tuple[int, int]:
    """(start, end) of the ``occurrence``-th appearance of ``mention`` in ``text`` (1-based)."""
    start = -1
    for _ in range(max(occurrence, 1)):
        start = text.find(mention, start + 1)
        if start < 0:
            raise ValueError(f"{mention!r} does not occur {occurrence} time(s) in {text!r}")
    return start, start + len(mention)


def find_actor(actors: Iterable[ActorRef], start: int, end: int,
               expected: tuple[str | None, str | None, str] | None = None) -> tuple[ActorRef | None, str]:
    """The actor for the span [start, end): exact span first, then the best overlap (see module doc)."""
    spanned = [a for a in actors if a.start is not None and a.end is not None]
    exact = [a for a in spanned if a.start == start and a.end == end]
    if exact:
        same = [a for a in exact if (a.id, a.country, a.sector) == expected]
        return (same or exact)[0], "exact"

    def overlap(a: ActorRef) -> int:
        assert a.start is not None and a.end is not None
        return min(end, a.end) - max(start, a.start)

    touching = sorted((a for a in spanned if overlap(a) > 0),
                      key=lambda a: (-overlap(a), (a.end or 0) - (a.start or 0), a.start or 0))
    if touching:
        span = (touching[0].start, touching[0].end)
        tied = [a for a in touching if (a.start, a.end) == span]
        same = [a for a in tied if (a.id, a.country, a.sector) == expected]
        return (same or tied)[0], "overlap"
    return None, "missing"


def run_cases(cases: list[ActorCase], *, workers: int = 1) -> Iterator[CaseResult]:
    """Every case through the pipeline, matched to its actor."""
    records = run_texts(((c.id, c.text, c.published) for c in cases), workers=workers)
    for case in cases:
        record = records.get(case.id)
        if record is None:
            yield CaseResult(case, None, "failed")
            continue
        start, end = mention_span(case.text, case.mention, case.occurrence)
        actor, how = find_actor(record.actors, start, end, case.expected)
        yield CaseResult(case, actor, how)


def _rate(results: list[CaseResult], attr: str) -> float:
    return sum(bool(getattr(r, attr)) for r in results) / max(len(results), 1)


def score_actors(path: Path) -> list[Figure]:
    results = list(run_cases(load_cases(path)))
    name, n = path.name, len(results)
    by_category: dict[str, list[CaseResult]] = {}
    for r in results:
        by_category.setdefault(r.case.category, []).append(r)
    def per_category(attr: str) -> dict[str, float]:
        return {cat: _rate(rs, attr) for cat, rs in sorted(by_category.items())}

    matches = Counter(r.match for r in results)
    found = {k: v / max(n, 1) for k, v in sorted(matches.items())}
    matched = (matches["exact"] + matches["overlap"]) / max(n, 1)
    return [
        Figure(name, "actor accuracy (id+country+sector)", _rate(results, "correct"), n, SCORER, target=0.90,
               details=per_category("correct")),
        Figure(name, "actor id accuracy", _rate(results, "id_ok"), n, SCORER, details=per_category("id_ok")),
        Figure(name, "actor country accuracy", _rate(results, "country_ok"), n, SCORER,
               details=per_category("country_ok")),
        Figure(name, "actor sector accuracy", _rate(results, "sector_ok"), n, SCORER,
               details=per_category("sector_ok")),
        Figure(name, "mention matched to an actor", matched, n, SCORER, details=found),
    ]
