"""Events: triggers, PLOVER typing, roles, factuality, dates, magnitudes, and ACLED/CAMEO mappings."""

from whimbrel.events.dates import resolve_expression
from whimbrel.events.lexicon import Lexicon, TriggerSense, load_lexicon
from whimbrel.events.magnitudes import parse_quantity
from whimbrel.events.mappings import (
    ACLED_SUBTYPES,
    ACLED_TYPE_OF,
    CLASSIFY_EXTRA_LABELS,
    acled_for,
    cameo_root,
    intensity,
)
from whimbrel.events.stage import EventStage, code_events, dominant_event

__all__ = [
    "ACLED_SUBTYPES",
    "ACLED_TYPE_OF",
    "CLASSIFY_EXTRA_LABELS",
    "EventStage",
    "Lexicon",
    "TriggerSense",
    "acled_for",
    "cameo_root",
    "code_events",
    "dominant_event",
    "intensity",
    "load_lexicon",
    "parse_quantity",
    "resolve_expression",
]
