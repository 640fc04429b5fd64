"""ACLED labels of short event reports (our own evaluation set, and CASE 2021-style TSV files).

As score.py ``acled``: ``id<TAB>text<TAB>CODE`` rows after a header line; labels from ``classify --scheme
acled`` mapped to codes; weighted F1 (and macro-F1) over the gold labels.
"""

from __future__ import annotations

from pathlib import Path

from whimbrel.classify import label_record
from whimbrel.eval.common import Figure, macro_weighted_f1, run_texts

__all__ = ["ACLED_TO_CODE", "score_acled"]

SCORER = "eval.acled = score.py acled"
ACLED_TO_CODE = {
    "armed clash": "ARMED_CLASH", "government regains territory": "GOV_REGAINS_TERIT",
    "non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER", "chemical weapon": "CHEM_WEAP",
    "air/drone strike": "AIR_STRIKE", "suicide bomb": "SUIC_BOMB",
    "shelling/artillery/missile attack": "ART_MISS_ATTACK", "remote explosive/landmine/ied": "REM_EXPLOS",
    "grenade": "GRENADE", "sexual violence": "SEX_VIOL", "attack": "ATTACK",
    "abduction/forced disappearance": "ABDUCT_DISSAP", "peaceful protest": "PEACE_PROTEST",
    "protest with intervention": "PROTEST_WITH_INTER", "excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "violent demonstration": "VIOL_DEMONSTR", "mob violence": "MOB_VIOL", "agreement": "AGREEMENT",
    "arrests": "ARREST", "change to group/activity": "CHANGE_TO_GROUP_ACT", "disrupted weapons use": "DISR_WEAP",
    "headquarters or base established": "HQ_ESTABLISHED", "looting/property destruction": "PROPERTY_DISTRUCT",
    "non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER", "other": "OTHER",
    "diplomatic event": "DIPLO", "organized crime": "ORG_CRIME", "natural disaster": "NATURAL_DISASTER",
    "man-made disaster": "MAN_MADE_DISASTER", "claim of responsibility": "ATTRIB",
}


def score_acled(path: Path) -> list[Figure]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.count("\t") >= 2]
    records = run_texts((r[0], r[1]) for r in rows)
    gold = [r[2].strip() for r in rows]
    pred = []
    for r in rows:
        rec = records.get(r[0])
        label = label_record(rec, "acled").label if rec is not None else "NONE"
        pred.append(ACLED_TO_CODE.get(label.strip().lower(), "NONE"))
    macro, weighted, per = macro_weighted_f1(gold, pred)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)
    name = path.name
    return [
        Figure(name, "ACLED label accuracy", acc, len(rows), SCORER),
        Figure(name, "ACLED label macro-F1", macro, len(rows), SCORER),
        Figure(name, "ACLED label weighted F1", weighted, len(rows), SCORER, target=0.80, details=per),
    ]
