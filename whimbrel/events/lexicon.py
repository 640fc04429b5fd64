"""The trigger lexicon (``lexicon.yaml``) in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from whimbrel.errors import ConfigError
from whimbrel.records import PLOVER_TYPES

__all__ = ["Lexicon", "TriggerSense", "load_lexicon"]

_PATH = Path(__file__).with_name("lexicon.yaml")


@dataclass(frozen=True, slots=True)
class TriggerSense:
    type: str  # a PLOVER type, or "light" for light verbs
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    acled: str | None = None  # ACLED sub-event type hint
    needs_object: bool = False
    needs_person: bool = False  # object must be people ("released prisoners", not "released gas")

    @property
    def is_light(self) -> bool:
        return self.type == "light"


def _parse_value(key: str, value: str) -> TriggerSense:
    text = str(value).strip()
    acled = None
    if "@" in text:
        text, acled = text.split("@", 1)
        acled = acled.strip()
        for flag in ("!obj", "!who"):
            if acled.endswith(flag):
                acled = acled[: -len(flag)].strip()
                text += f" {flag}"
    parts = text.split()
    if not parts:
        raise ConfigError(f"lexicon entry {key!r} is empty")
    head = parts[0]
    type_, _, mode = head.partition("/")
    if type_ != "light" and type_ not in PLOVER_TYPES:
        raise ConfigError(f"lexicon entry {key!r}: unknown PLOVER type {type_!r}")
    contexts = tuple(p[1:] for p in parts[1:] if p.startswith("#"))
    return TriggerSense(type=type_, mode=mode or None, contexts=contexts, acled=acled,
                        needs_object="!obj" in parts, needs_person="!who" in parts)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, TriggerSense]
    phrases: dict[str, TriggerSense]
    nouns: dict[str, TriggerSense]
    combos: dict[str, TriggerSense]
    shift_classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # verb → its shift classes
    shift_objects: dict[str, str] = field(default_factory=dict)  # non-event noun → the type it stands for
    shifts: dict[str, TriggerSense] = field(default_factory=dict)  # "class TYPE" → new sense

    def shift(self, verb: str, object_type: str) -> TriggerSense | None:
        """What ``verb`` done to an object of ``object_type`` amounts to ("suspend" + AID → SANCTION)."""
        for cls in self.shift_classes.get(verb, ()):
            found = self.shifts.get(f"{cls} {object_type}")
            if found:
                return found
        return None

    def verb(self, lemma: str, particle: str | None = None) -> TriggerSense | None:
        if particle:
            found = self.phrases.get(f"{lemma} {particle}")
            if found:
                return found
        return self.verbs.get(lemma)

    def combo(self, verb_lemma: str, noun_lemma: str, noun_text: str) -> TriggerSense | None:
        """A light verb with its object noun: "win agreement" is a request, not an agreement."""
        return self.combos.get(f"{verb_lemma} {noun_text}") or self.combos.get(f"{verb_lemma} {noun_lemma}")

    def noun(self, lemma: str, text: str, modifier: str | None = None) -> TriggerSense | None:
        for key in ([f"{modifier} {text}", f"{modifier} {lemma}"] if modifier else []) + [text, lemma]:
            found = self.nouns.get(key)
            if found:
                return found
        return None


@lru_cache(maxsize=1)
def load_lexicon(path: Path = _PATH) -> Lexicon:
    # libyaml's safe loader when PyYAML has it: the same data as yaml.safe_load, read some 10x faster (the
    # lexicon is read at every start-up)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    tables = {}
    for section in ("verbs", "phrases", "nouns", "combos"):
        entries = data.get(section) or {}
        tables[section] = {str(k).lower(): _parse_value(str(k), v) for k, v in entries.items()}
    classes: dict[str, tuple[str, ...]] = {}
    for cls, verbs in (data.get("shift_verbs") or {}).items():
        for verb in verbs:
            classes[str(verb).lower()] = (*classes.get(str(verb).lower(), ()), str(cls))
    objects = {str(k).lower(): str(v) for k, v in (data.get("shift_objects") or {}).items()}
    for noun, type_ in objects.items():
        if type_ not in PLOVER_TYPES:
            raise ConfigError(f"lexicon shift_objects {noun!r}: unknown PLOVER type {type_!r}")
    shifts = {}
    for key, value in (data.get("shifts") or {}).items():
        cls, _, type_ = str(key).partition(" ")
        if type_ not in PLOVER_TYPES or cls not in (data.get("shift_verbs") or {}):
            raise ConfigError(f"lexicon shifts {key!r}: expected '<shift class> <PLOVER type>'")
        shifts[str(key)] = _parse_value(str(key), value)
    return Lexicon(**tables, shift_classes=classes, shift_objects=objects, shifts=shifts)
