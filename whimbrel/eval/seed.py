"""The seed page: what Whimbrel must get right on the canonical input (see the brief and score.py seed).

Used by ``make eval`` and by the golden test, so the two can never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from whimbrel.eval.common import Figure
from whimbrel.ingest import read_inputs
from whimbrel.pipeline import Failure, default_pipeline
from whimbrel.records import Record

__all__ = ["KEY_EVENTS", "event_matches", "run_seed", "score_seed", "seed_checks"]

SCORER = "eval.seed = score.py seed + key events"

# Key events, in score.py's event_matches vocabulary: types, source (country), target (any of),
# parties (all of, either side), date, factuality (any of).
KEY_EVENTS: list[dict[str, Any]] = [
    {"name": "Turkey consults all sides, 2018-09-14", "types": {"CONSULT"}, "source": "TUR", "date": "2018-09-14"},
    {"name": "Erdogan meets Putin 2018-09-17 (future)", "types": {"CONSULT"}, "parties": {"TUR", "RUS"},
     "date": "2018-09-17", "factuality": {"future"}},
    {"name": "Ankara's failed request to Russia and Iran", "types": {"REQUEST"}, "source": "TUR",
     "target": {"RUS", "IRN"}, "factuality": {"failed"}},
    {"name": "Turkey reinforces posts in Idlib (MOBILIZE)", "types": {"MOBILIZE"}, "source": "TUR"},
    {"name": "Lavrov: Moscow would keep bombing (THREATEN)", "types": {"THREATEN"}, "source": "RUS"},
    {"name": "Lavrov promises humanitarian corridors", "types": {"AGREE", "RETREAT"}, "source": "RUS"},
]


def event_matches(e: dict[str, Any], g: dict[str, Any]) -> bool:
    def countries(side: str) -> set[str | None]:
        return {a.get("country") for a in e.get(side) or []}

    if e.get("type") not in g["types"]:
        return False
    if g.get("source") and g["source"] not in countries("source"):
        return False
    if g.get("target") and not set(g["target"]) & countries("target"):
        return False
    if g.get("parties") and not set(g["parties"]) <= countries("source") | countries("target"):
        return False
    if g.get("date") and e.get("date") != g["date"]:
        return False
    return not (g.get("factuality") and e.get("factuality") not in g["factuality"])


def _has_quote(q: list[dict[str, Any]], kind: str, cue_word: str, speaker_word: str) -> bool:
    for x in q:
        sp = x.get("speaker") or {}
        who = f"{sp.get('name') or ''} {sp.get('text') or ''}".lower()
        if x.get("kind") == kind and cue_word in ((x.get("cue") or {}).get("text") or "").lower() + " " + who \
                and speaker_word in who:
            return True
    return False


def seed_checks(rec: dict[str, Any]) -> list[tuple[str, bool]]:
    art = rec.get("article", {})
    text = art.get("text", "")
    evs = rec.get("events", [])
    q = rec.get("quotes", [])
    checks = [
        ("id 231374", str(rec.get("id")) == "231374"),
        ("published 2018-09-14T03:33Z", str(art.get("published", "")).startswith("2018-09-14T03:33")),
        ("title once, no boilerplate", "Captcha" not in text and "Page Generated" not in text
         and text.count("talking to all sides") <= 1 and "Security Key" not in text),
        ("Reuters as wire", "Reuters" in (art.get("wires") or [])),
    ]
    for g in KEY_EVENTS:
        checks.append((g["name"], any(event_matches(e, g) for e in evs)))
    fatal = [e for e in evs if e.get("type") == "ASSAULT" and (e.get("fatalities") or {}).get("low") == 24
             and (e.get("fatalities") or {}).get("high") == 48]
    checks.append(("airstrikes killed several dozen (24-48)", bool(fatal)))
    ground = [e for e in evs if e.get("type") == "ASSAULT" and "may not be imminent" in e["evidence"]["text"]
              and (e.get("trigger") or {}).get("text") == "attack"]
    checks.append(("'ground attack may not be imminent' not asserted", all(e["factuality"] == "hypothetical" for e in ground)))
    checks.append(("Cavusoglu speaks both direct quotes", sum(
        1 for x in q if x.get("kind") == "direct" and "avusoglu" in str((x.get("speaker") or {}).get("name")
                                                                        or (x.get("speaker") or {}).get("text"))) >= 2))
    checks.append(("'Turkish and Russian officials said' indirect", _has_quote(q, "indirect", "said", "officials")))
    checks.append(("'Lavrov said' indirect", _has_quote(q, "indirect", "said", "lavrov")))
    checks.append(("SOHR said (indirect)", _has_quote(q, "indirect", "said", "observatory")))
    checks.append(("Idlib geocoded in Syria", any(p.get("country") == "SYR" and "Idlib" in str(p.get("text")) and p.get("lat")
                                                 for p in rec.get("places", []))))
    return checks


def run_seed(path: Path, run: Callable[[list[str]], list[Record | Failure]] | None = None) -> dict[str, Any]:
    results = list(default_pipeline().run(read_inputs([str(path)]))) if run is None else run([str(path)])
    record = results[0]
    if isinstance(record, Failure):
        raise RuntimeError(str(record))
    return record.to_json()


def score_seed(path: Path) -> list[Figure]:
    checks = seed_checks(run_seed(path))
    ok = sum(good for _, good in checks)
    missed = {name: 0.0 for name, good in checks if not good}
    return [Figure(path.name, "seed checks passed", ok / len(checks), len(checks), SCORER, target=1.0, details=missed)]
