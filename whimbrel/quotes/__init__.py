"""Quotes: direct and indirect speech, cues and speakers."""

from whimbrel.quotes.attribution import find_quotes, speaker_ref
from whimbrel.quotes.cues import SPEECH_VERBS, is_speech_verb
from whimbrel.quotes.direct import QuoteSpan, find_direct_quotes
from whimbrel.quotes.stage import QuoteStage

__all__ = ["SPEECH_VERBS", "QuoteSpan", "QuoteStage", "find_direct_quotes", "find_quotes",
           "is_speech_verb", "speaker_ref"]
