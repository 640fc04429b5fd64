"""Speech and attribution cues shared by the quote and event stages."""

from __future__ import annotations

__all__ = ["SPEECH_VERBS", "is_speech_verb"]

# Lemmas of verbs that introduce what someone said, wrote or announced.
SPEECH_VERBS = frozenset([
    "say", "tell", "add", "state", "declare", "announce", "warn", "insist", "deny", "claim", "explain",
    "note", "stress", "argue", "write", "tweet", "post", "reply", "respond", "continue", "urge",
    "acknowledge", "admit", "allege", "assert", "confirm", "comment", "emphasise", "emphasize",
    "maintain", "predict", "promise", "recall", "report", "reveal", "suggest", "vow", "complain",
    "concede", "conclude", "contend", "indicate", "caution", "affirm", "reiterate", "repeat",
    "disclose", "inform", "notify", "signal", "hint", "testify", "quip", "remark", "observe", "mention",
    "describe", "estimate", "pledge", "boast", "lament", "charge", "counter", "retort", "believe",
    "think",
])
# Phrasal cues: verb + particle ("point out").
_PARTICLE_CUES = {("point", "out"), ("go", "on")}


def is_speech_verb(lemma: str, particle: str | None = None) -> bool:
    lemma = lemma.lower()
    if particle and (lemma, particle.lower()) in _PARTICLE_CUES:
        return True
    return lemma in SPEECH_VERBS
