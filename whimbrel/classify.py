"""Document-level labels: the dominant event of a document or snippet in the PLOVER or ACLED scheme.

The ACLED scheme adds five labels for what ACLED leaves out. Disasters and crime are not conflict
events: a flood that "killed 40" is a Natural disaster, a gang robbery is Organized crime, and neither
may be coded as an attack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from whimbrel.pipeline import Failure
from whimbrel.records import Event, Record

__all__ = ["SCHEMES", "Label", "classify_records", "label_record"]

SCHEMES = ("plover", "acled")
_FALLBACK_CONFIDENCE = 0.6
_MIN_WORDS = 4
_WORDS = re.compile(r"\w+")
_DIPLOMATIC_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
                     "THREATEN", "SANCTION"}
_NATURAL = re.compile(r"\b(earthquake|flood(?:s|ing|waters)?|cyclone|hurricane|typhoon|tsunami|landslides?|mudslides?|"
                      r"drought|wildfires?|bushfires?|volcan\w*|avalanche|heat ?wave|torrential rains?|storms?)\b", re.I)
_MAN_MADE = re.compile(r"\b(building collapse|collapsed|derail\w*|plane crash|crashed|capsiz\w*|stampede|gas leak|"
                       r"factory fire|industrial accident|accidental(?:ly)?|road accident|bus accident|mine accident|"
                       r"blaze)\b", re.I)
_CRIME = re.compile(r"\b(robber(?:y|ies|s)|robbed|smuggl\w*|drug(?:s)? (?:trafficking|cartel|lord|gang)|cartel|gang(?:s|sters?)?|"
                    r"kidnap(?:ped|ping)? for ransom|ransom|theft|thieves|burglar\w*|extortion|heist|carjack\w*|"
                    r"fraud|money laundering|poach\w*|cash-in-transit)\b", re.I)
_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)? (?:of )?responsibility\b|\bresponsibility for\b", re.I)
_CONFLICT_ACTOR_SECTORS = {"MIL", "REB", "GOV"}


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    label: str
    score: float

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "score": self.score}


def _acled_label(record: Record, event: Event | None) -> tuple[str, float]:
    text = record.article.text
    if _CLAIM.search(text):
        return "Claim of responsibility", 0.7
    armed = event is not None and any(a.sector in ("MIL", "REB") for a in event.source)
    if _NATURAL.search(text) and not armed:
        return "Natural disaster", 0.7
    if _CRIME.search(text) and not (event is not None and any(a.sector == "REB" for a in event.source + event.target)):
        return "Organized crime", 0.6
    if event is None:
        if _MAN_MADE.search(text):
            return "Man-made disaster", 0.5
        return "NONE", 0.0
    if event.acled:
        return event.acled["sub_event_type"], event.confidence
    if _MAN_MADE.search(text) and event.type == "ASSAULT" and not armed:
        return "Man-made disaster", 0.5
    if event.type in _DIPLOMATIC_TYPES:
        return "Diplomatic event", event.confidence
    return "Other", event.confidence * 0.8


def label_record(record: Record, scheme: str) -> Label:
    """The dominant event of one processed record, as a label of ``scheme``.

    PLOVER: the rules' dominant event; when the rules found none, the trained classifier's label if it is
    confident. ACLED: the trained classifier (which sees the rules' findings), else the rules' mapping.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose {' or '.join(SCHEMES)}")
    event = record.events[record.dominant] if record.dominant is not None else None
    if event is None and len(_WORDS.findall(record.article.text or "")) < _MIN_WORDS:
        return Label(record.id, "NONE", 0.0)  # "Hello": too little said for the classifier to guess from
    if scheme == "plover":
        if event is not None:
            return Label(record.id, event.type, event.confidence)
        label, p = record.labels.get("plover", ("NONE", 0.0))
        if label != "NONE" and p >= _FALLBACK_CONFIDENCE:
            return Label(record.id, label, round(p * 0.8, 2))
        return Label(record.id, "NONE", 0.0)
    if "acled" in record.labels:
        label, p = record.labels["acled"]
        return Label(record.id, label, round(p, 2))
    label, score = _acled_label(record, event)
    return Label(record.id, label, round(score, 2))


def classify_records(results: Iterable[Record | Failure], scheme: str) -> Iterator[Label | Failure]:
    for result in results:
        yield label_record(result, scheme) if isinstance(result, Record) else result
