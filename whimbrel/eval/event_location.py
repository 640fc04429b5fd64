"""Event location (Halterman's event_location sentences): is each event placed where it happened?

Each record is one sentence with a VERB span (the event) and zero or more LOCATION spans (where that
event happened; none when the sentence does not say). Rules:

* Gold offsets come from the records' token lists (``token_start``..``token_end``): some records' own
  character offsets point at token numbers, the token offsets are right in all of them. Records with no
  VERB span are left out (n says how many are scored).
* The scored event is the first one whose trigger overlaps the VERB span; failing that, the first whose
  evidence contains it. With no such event the prediction is "no location".
* With a gold location, the prediction is right when the event's ``location`` span overlaps any gold
  LOCATION span. Without one, it is right when the event has no location (or there is no event).
* "event found" reports how often an event was found for the VERB at all, so a scorer that finds no
  events cannot look good on the no-location records unnoticed.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from whimbrel.eval.common import Figure, run_texts
from whimbrel.records import Event, Record

__all__ = ["event_for", "gold_spans", "score_event_location"]

SCORER = "eval.event_location (no score.py counterpart)"


def gold_spans(row: dict[str, Any]) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """(VERB span, LOCATION spans) as character offsets, from the token offsets."""
    tokens = row.get("tokens")
    if isinstance(tokens, str):  # a few records keep their token list as a Python repr
        try:
            tokens = ast.literal_eval(tokens)
        except (ValueError, SyntaxError):
            tokens = []
    tokens = tokens if isinstance(tokens, list) else []
    verb: tuple[int, int] | None = None
    locs: list[tuple[int, int]] = []
    for sp in row.get("spans") or []:
        try:
            start, end = tokens[sp["token_start"]]["start"], tokens[sp["token_end"]]["end"]
        except (KeyError, IndexError, TypeError):
            start, end = sp.get("start"), sp.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        if sp.get("label") == "VERB" and verb is None:
            verb = (start, end)
        elif sp.get("label") == "LOCATION":
            locs.append((start, end))
    return verb, locs


def event_for(record: Record | None, verb: tuple[int, int]) -> Event | None:
    events = record.events if record else []
    s, e = verb
    for ev in events:
        if ev.trigger is not None and ev.trigger.start < e and s < ev.trigger.end:
            return ev
    for ev in events:
        if ev.evidence.start <= s and e <= ev.evidence.end:
            return ev
    return None


def score_event_location(path: Path) -> list[Figure]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    scored = [(f"evloc-{i}", row, *gold_spans(row)) for i, row in enumerate(rows)]
    scored = [x for x in scored if x[2] is not None]
    records = run_texts((doc_id, row["text"]) for doc_id, row, *_ in scored)
    with_n = with_ok = without_n = without_ok = found = 0
    for doc_id, _row, verb, locs in scored:
        assert verb is not None
        ev = event_for(records.get(doc_id), verb)
        found += ev is not None
        place = ev.location if ev is not None else None
        if locs:
            with_n += 1
            if place is not None and place.start is not None and place.end is not None:
                with_ok += any(place.start < le and ls < place.end for ls, le in locs)
        else:
            without_n += 1
            without_ok += place is None
    name = path.name
    return [
        Figure(name, "event location span (gold has one)", with_ok / max(with_n, 1), with_n, SCORER, target=0.75),
        Figure(name, "no location given (gold has none)", without_ok / max(without_n, 1), without_n, SCORER,
               target=0.75),
        Figure(name, "event found for the VERB", found / max(len(scored), 1), len(scored), SCORER),
    ]
