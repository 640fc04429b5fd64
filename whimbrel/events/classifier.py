"""Document classifiers over static word vectors and the rule-based events: the ACLED label of a report
(25 sub-event types, five labels of our own, or NONE) and a PLOVER fallback.

Features describe a document the way an analyst reads its lede: the mean word vector of its first
sentences, the vector of its main event's trigger and object, and what the rules found (dominant type,
mode, factuality, actor sectors, casualty counts, disaster/crime/claim cues). Weights are trained by
``make train`` (:mod:`whimbrel.training.fit`) on examples the team wrote; inference is a NumPy dot product.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from whimbrel.errors import ModelError
from whimbrel.events.vectors import StaticVectors, load_vectors
from whimbrel.nlp import Parse, Token
from whimbrel.records import FACTUALITIES, PLOVER_TYPES, SECTORS, Event, Record

__all__ = ["CUES", "MODES", "DocumentClassifier", "document_features", "load_classifier"]

_PATH = Path(__file__).with_name("model") / "classifier.npz"
_LEDE_SENTENCES = 3
_HASH_BUCKETS = 2048  # hashed lemma features: the specific words ("grenade", "tear gas") vectors blur
_CONTENT_POS = {"VERB", "NOUN", "ADJ"}
MODES = (
    "visit", "third-party", "multilateral", "phone", "withdraw", "release", "disarm", "ceasefire", "access",
    "resign", "assist", "change", "yield", "meet", "disapprove", "investigate", "allege", "restrict", "arrest",
    "relations", "expel", "territory", "violence", "demo", "riot", "strike", "hunger", "boycott", "obstruct",
    "vandalize", "convict", "discontinue", "troops", "weapons", "police", "militia", "seize", "censor", "curfew",
    "martial-law", "deport", "withhold", "misinformation", "cyber", "abduct", "beat", "torture", "sexual",
    "targeted", "destroy", "primitive", "firearms", "explosives", "suicide-attack", "aerial", "drone",
    "heavy-weapons", "crowd-control", "unconventional",
)
CUES = {
    "natural": re.compile(r"\b(earthquakes?|floods?|flooding|floodwaters|cyclones?|hurricanes?|typhoons?|tsunamis?|"
                          r"landslides?|mudslides?|droughts?|wildfires?|bushfires?|volcan\w*|avalanches?|heat ?waves?|"
                          r"torrential|storms?|monsoon|lightning)\b", re.I),
    "man_made": re.compile(r"\b(collaps\w*|derail\w*|crash(?:ed|es)?|capsiz\w*|stampede|gas leak|accident\w*|"
                           r"blaze|caught fire|short circuit|boiler|tanker)\b", re.I),
    "crime": re.compile(r"\b(robber\w*|robbed|smuggl\w*|traffick\w*|cartel|gangs?|gangsters?|ransom|theft|thie\w*|"
                        r"burglar\w*|extortion|heist|carjack\w*|fraud|launder\w*|poach\w*|narco\w*|drugs?)\b", re.I),
    "claim": re.compile(r"\bclaim\w* (?:of )?responsibility\b|\bresponsibility for\b|\bclaimed the attack\b", re.I),
    "protest": re.compile(r"\b(protest\w*|demonstrat\w*|rall(?:y|ies)|march\w*|sit-in|strikers?)\b", re.I),
    "police_force": re.compile(r"\b(tear ?gas|water cannon|rubber bullets|live (?:fire|rounds|ammunition)|baton|"
                               r"dispers\w*|lathi)\b", re.I),
    "territory": re.compile(r"\b(took|take|taken|seiz\w*|captur\w*|overr\w*|retak\w*|recaptur\w*|regain\w*|"
                            r"control of|withdr\w*|handed over|pulled out)\b", re.I),
    "weapons_cache": re.compile(r"\b(cache|defus\w*|seized (?:weapons|arms|explosives)|recovered (?:weapons|arms)|"
                                r"bomb disposal|foiled|thwarted)\b", re.I),
}


def _lede(parse: Parse) -> list[Token]:
    if not parse.sentences:
        return []
    last = parse.sentences[min(len(parse.sentences), _LEDE_SENTENCES) - 1].last
    return parse.tokens[:last]


def _dominant(record: Record) -> Event | None:
    return record.events[record.dominant] if record.dominant is not None else None


def document_features(record: Record, vectors: StaticVectors) -> np.ndarray:
    """The feature vector of one processed record (rules must have run: events and ``dominant``)."""
    parse = record.parse
    dims = vectors.dims
    lede = _lede(parse) if parse is not None else []
    lede_vec = vectors.mean([t.lemma for t in lede if t.pos in _CONTENT_POS])
    main = _dominant(record)
    trig_vec = np.zeros(dims, dtype=np.float32)
    obj_vec = np.zeros(dims, dtype=np.float32)
    if main is not None and main.trigger is not None and parse is not None:
        tok = parse.token_at(main.trigger.start)
        if tok is not None:
            trig_vec = vectors.word(tok.lemma)
            obj = next(parse.children(tok, "dobj", "nsubjpass", "pobj", "compound"), None)
            if obj is not None:
                obj_vec = vectors.word(obj.lemma)
    types = [*PLOVER_TYPES, "NONE"]
    dom_type = np.zeros(len(types), dtype=np.float32)
    dom_type[types.index(main.type if main else "NONE")] = 1
    present = np.zeros(len(PLOVER_TYPES), dtype=np.float32)
    for e in record.events:
        present[PLOVER_TYPES.index(e.type)] = 1
    mode = np.zeros(len(MODES), dtype=np.float32)
    if main is not None and main.mode in MODES:
        mode[MODES.index(main.mode)] = 1
    fact = np.zeros(len(FACTUALITIES), dtype=np.float32)
    if main is not None:
        fact[FACTUALITIES.index(main.factuality)] = 1
    src = np.zeros(len(SECTORS), dtype=np.float32)
    tgt = np.zeros(len(SECTORS), dtype=np.float32)
    if main is not None:
        for a in main.source:
            src[SECTORS.index(a.sector)] = 1
        for a in main.target:
            tgt[SECTORS.index(a.sector)] = 1
    lede_text = record.article.text[: (lede[-1].end if lede else 600)]
    counts = np.array([
        float(any(e.fatalities for e in record.events)), float(any(e.injured for e in record.events)),
        float(any(e.arrested for e in record.events)), float(bool(record.events)),
        *[float(bool(rx.search(lede_text))) for rx in CUES.values()],
    ], dtype=np.float32)
    bag = np.zeros(_HASH_BUCKETS, dtype=np.float32)
    for t in lede:
        if t.pos in _CONTENT_POS or t.pos == "NUM":
            bag[zlib.crc32(t.lemma.lower().encode()) % _HASH_BUCKETS] = 1
    return np.concatenate([lede_vec, trig_vec, obj_vec, dom_type, present, mode, fact, src, tgt, counts, bag])


@dataclass(frozen=True)
class _Head:
    labels: tuple[str, ...]
    weights: np.ndarray  # features × labels
    bias: np.ndarray
    mean: np.ndarray
    std: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.std) @ self.weights + self.bias
        z -= z.max()
        p = np.exp(z)
        return p / p.sum()


class DocumentClassifier:
    def __init__(self, heads: dict[str, _Head], vectors: StaticVectors) -> None:
        self.heads = heads
        self.vectors = vectors

    def predict(self, record: Record) -> dict[str, tuple[str, float]]:
        """Every head's label and probability (the features are computed once)."""
        x = document_features(record, self.vectors)
        out = {}
        for name, h in self.heads.items():
            p = h.probabilities(x)
            k = int(p.argmax())
            out[name] = (h.labels[k], float(p[k]))
        return out


@lru_cache(maxsize=1)
def load_classifier(path: Path = _PATH) -> DocumentClassifier:
    try:
        data = np.load(path)
        heads = {}
        for name in [str(n) for n in data["heads"]]:
            heads[name] = _Head(labels=tuple(str(x) for x in data[f"{name}_labels"]), weights=data[f"{name}_W"],
                                bias=data[f"{name}_b"], mean=data[f"{name}_mean"], std=data[f"{name}_std"])
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"document classifier missing or broken at {path} ({exc}); run `make train`") from None
    return DocumentClassifier(heads, load_vectors())
