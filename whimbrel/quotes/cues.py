"""Speech and attribution cues shared by the quote and event stages."""

from __future__ import annotations

from whimbrel.nlp import Token

__all__ = ["CLAUSE_CUES", "INFINITIVE_CUES", "OBJECT_CUES", "PREP_CUES", "QUOTE_CUES", "SPEECH_VERBS", "cue_lemma",
           "is_speech_verb"]

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


# Verbs that introduce quoted words but are no speech acts for the event stage ('"Why now?" she asked').
QUOTE_CUES = frozenset(["ask", "wonder", "joke", "exclaim", "shout", "chant", "plead", "scoff"])


def is_speech_verb(lemma: str, particle: str | None = None) -> bool:
    lemma = lemma.lower()
    if particle and (lemma, particle.lower()) in _PARTICLE_CUES:
        return True
    return lemma in SPEECH_VERBS


# spaCy's lemmatiser turns "hoped"/"hoping" into "hop"; no news cue is about hopping.
_LEMMA_FIXES = {"hop": "hope"}


def cue_lemma(tok: Token) -> str:
    """The token's lemma, lower-cased, with the lemmatiser's known slips on cue verbs repaired."""
    lemma = tok.lemma.lower()
    fixed = _LEMMA_FIXES.get(lemma)
    return fixed if fixed is not None and tok.lower.startswith(fixed[:-1]) and "hopp" not in tok.lower else lemma


# The sets below widen what the quote stage reads as an attribution (PolNeAR annotates beliefs, findings,
# promises and stances as well as speech). They stay out of SPEECH_VERBS, which the event stage also reads.

# Verbs whose clausal complement is attributed content ("found that …", "polls show …").
CLAUSE_CUES = frozenset([
    "show", "find", "know", "expect", "hope", "fear", "feel", "worry", "doubt", "agree", "decide",
    "realize", "learn", "hear", "ask", "demand", "wonder", "question", "insist", "acknowledge",
    "recommend", "propose", "request", "order", "rule", "guess", "imagine", "suspect", "understand",
    "recognize", "recognise", "conclude", "forecast", "project", "calculate", "accuse", "demonstrate",
    "illustrate", "suggest", "imply", "convince", "persuade", "assure", "reassure", "remind",
])
# Verbs whose to-infinitive is attributed content ("vowed to fight", "urged them to leave").
INFINITIVE_CUES = frozenset([
    "promise", "vow", "pledge", "threaten", "refuse", "decline", "agree", "offer", "plan", "intend",
    "want", "urge", "ask", "call", "warn", "tell", "order", "encourage", "demand", "propose", "claim",
    "expect", "hope", "aim", "insist", "advise", "appeal", "press", "challenge",
])
# Verbs whose direct object is attributed content ("denied the charges", "cited a poll").
OBJECT_CUES = frozenset([
    "announce", "deny", "cite", "mention", "echo", "criticize", "criticise", "condemn", "praise",
    "endorse", "reject", "propose", "question", "acknowledge", "accuse", "predict", "reveal", "blast",
    "slam", "dismiss", "dispute", "reference", "discuss", "repeat", "reiterate", "recall", "suggest",
    "urge", "promise", "pledge", "vow", "offer", "express", "voice", "welcome", "applaud", "decry",
    "denounce", "lament", "tout",
    # Naming and describing ("called the charges fabricated", "likened him to a dictator").
    "call", "describe", "characterize", "characterise", "portray", "label", "brand", "dub", "liken",
    "compare", "note", "highlight", "stress", "emphasize", "emphasise", "detail", "declare",
    # Taking a side on something ("attacked the plan", "backed Clinton", "defended his tweets").
    "attack", "oppose", "support", "back", "defend", "favor", "favour", "champion", "mock", "ridicule",
    "blame", "promote", "view", "regard",
])
# Verb + preposition whose object is attributed content ("called for an inquiry", "warned of chaos").
PREP_CUES = frozenset([
    ("call", "for"), ("ask", "for"), ("argue", "for"), ("argue", "against"), ("warn", "of"),
    ("warn", "about"), ("warn", "against"), ("speak", "about"), ("speak", "of"), ("complain", "about"),
    ("comment", "on"), ("write", "about"), ("testify", "about"), ("boast", "about"), ("worry", "about"),
    ("push", "for"), ("advocate", "for"), ("campaign", "for"), ("campaign", "against"),
    ("rail", "against"), ("press", "for"), ("lobby", "for"), ("insist", "on"), ("respond", "to"),
    ("react", "to"), ("apologize", "for"), ("ask", "about"), ("accuse", "of"), ("brag", "about"),
    ("point", "to"), ("seize", "on"), ("seize", "upon"), ("question", "about"),
])
