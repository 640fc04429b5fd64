"""PLOVER gold-standard sentences: dominant type accuracy and macro-F1, event recall, actor countries.

As score.py: labels come from ``classify --scheme plover`` (the dominant event), recall asks whether any
event of the gold type was found, and source/target country is scored among sentences where it was.
"""

from __future__ import annotations

import json
from pathlib import Path

from whimbrel.classify import label_record
from whimbrel.eval.common import Figure, macro_weighted_f1, run_texts

__all__ = ["CAMEO_CODE_SECTORS", "CAMEO_SECTORS", "OLD_TO_NEW", "gold_country", "gold_sectors", "score_plover"]

OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
NOT_COUNTRY = {"IGO", "NGO", "MNC", "IMG", "UIS", "INT", "UNK", "REB", "OPP", "GOV", "MIL", "CVL", "BUS", "EUR",
               "AFR", "ASA", "MEA", "WST", "SAM", "NAM", "CAU", "SCN", "BLK", "EEU", "PAL", "PSE", "KUR"}
SCORER = "eval.plover = score.py plover"
SECTOR_SCORER = "eval.plover (own: score.py has no sector figure)"
# CAMEO sector codes in the gold records → Whimbrel's sectors; codes with no clear counterpart (ELI elites,
# LAB labour, EDU, AGR, CRM, religious codes) are not scored. Not MED: these records write journalists and
# newspapers JRN and use MED for medical actors (doctors, the Red Cross and Red Crescent), which Whimbrel's MED
# (media) is not; Whimbrel has no health sector.
CAMEO_SECTORS = {"GOV": "GOV", "MIL": "MIL", "REB": "REB", "UAF": "REB", "CVL": "CVL", "CIV": "CVL", "COP": "POL",
                 "OPP": "OPP", "JUD": "JUD", "JRN": "MED", "LEG": "LEG", "REF": "REF", "BUS": "BUS", "PTY": "PTY"}
# CAMEO puts international actors in the code, not the sector ("IGO" + "MIL" for UN peacekeepers); Whimbrel's
# sector list has IGO and NGO themselves, and REB for a militarised non-state group (CAMEO IMG, al-Qaeda). Such
# an actor is matched by either: its kind of body or its role in it.
CAMEO_CODE_SECTORS = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB"}


def gold_sectors(actors: object) -> set[str]:
    """Whimbrel sectors the gold gives for one side ("CVLalb" → CVL, code "IGO" → IGO), where they map."""
    out = set()
    for a in actors if isinstance(actors, list) else []:
        if not isinstance(a, dict):
            continue
        sector = str(a.get("sector") or "")[:3].upper()
        code = str(a.get("code") or "")[:3].upper()
        if sector in CAMEO_SECTORS:
            out.add(CAMEO_SECTORS[sector])
        if code in CAMEO_CODE_SECTORS:
            out.add(CAMEO_CODE_SECTORS[code])
    return out


def gold_country(actors: object) -> str | None:
    for a in actors if isinstance(actors, list) else []:
        c = (a.get("code") or "")[:3] if isinstance(a, dict) else ""
        if len(c) == 3 and c.isalpha() and c.upper() not in NOT_COUNTRY:
            return c.upper()
    return None


def score_plover(path: Path) -> list[Figure]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    records = run_texts((r["id"], r["text"]) for r in rows)
    gold = [OLD_TO_NEW.get(r["event"], r["event"]) for r in rows]
    pred = [label_record(records[r["id"]], "plover").label if r["id"] in records else "NONE" for r in rows]
    macro, weighted, per = macro_weighted_f1(gold, pred)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    found = src_ok = src_n = tgt_ok = tgt_n = sec_ok = sec_n = 0
    for r, g in zip(rows, gold, strict=True):
        rec = records.get(r["id"])
        evs = [e for e in (rec.events if rec else []) if e.type == g]
        if not evs:
            continue
        found += 1
        gs, gt = gold_country(r.get("source")), gold_country(r.get("target"))
        ps = {a.country for e in evs for a in e.source}
        pt = {a.country for e in evs for a in e.target}
        if gs:
            src_n += 1
            src_ok += gs in ps
        if gt:
            tgt_n += 1
            tgt_ok += gt in pt
        for side in ("source", "target"):
            wanted = gold_sectors(r.get(side))
            if wanted:
                sec_n += 1
                sec_ok += bool(wanted & {a.sector for e in evs for a in getattr(e, side)})
    name, n = path.name, len(rows)
    return [
        Figure(name, "dominant-type accuracy", acc, n, SCORER),
        Figure(name, "dominant-type macro-F1", macro, n, SCORER, target=0.80, details=per),
        Figure(name, "event recall (gold type found)", found / n, n, SCORER, target=0.90),
        Figure(name, "source country (events found)", src_ok / max(src_n, 1), src_n, SCORER, target=0.92),
        Figure(name, "target country (events found)", tgt_ok / max(tgt_n, 1), tgt_n, SCORER, target=0.90),
        Figure(name, "actor sector agreement (events found)", sec_ok / max(sec_n, 1), sec_n, SECTOR_SCORER,
               target=0.85),
    ]
