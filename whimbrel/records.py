"""The one typed record that flows through the pipeline.

Stages never pass dicts to each other: they read and assign fields of :class:`Record`. Its JSON form
(``Record.to_json``) is the output contract of ``../shared/CONTRACT.md`` (v1): field names and order
below follow it, and fields may only be added, never renamed or removed.

``Record.parse`` holds the linguistic analysis made by the ``nlp`` stage. It is Whimbrel's own plain
structure (:class:`whimbrel.nlp.Parse`), never a spaCy object, and it is not serialised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from whimbrel.prepared import Prepared, dumps

if TYPE_CHECKING:
    from whimbrel.nlp.parse import Parse

__all__ = [
    "FACTUALITIES",
    "PLOVER_TYPES",
    "SECTORS",
    "ActorRef",
    "Article",
    "Event",
    "Lull",
    "Magnitude",
    "PlaceRef",
    "Quote",
    "Record",
    "Span",
]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
FACTUALITIES = ("asserted", "negated", "hypothetical", "future", "failed")
SECTORS = (
    "GOV", "MIL", "REB", "OPP", "IGO", "NGO", "MED", "CVL", "BUS", "PTY", "JUD", "LEG", "POL", "REL", "REF", "UNK",
)


@dataclass(slots=True)
class Span:
    """A stretch of ``article.text``: ``start``/``end`` are character offsets, end exclusive."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class ActorRef:
    """A mention of an actor, resolved against the knowledge base where possible (``id`` null if not)."""

    text: str
    start: int | None
    end: int | None
    id: str | None = None
    name: str | None = None
    kind: str | None = None  # country | person | organization | group
    country: str | None = None  # ISO 3166-1 alpha-3, null for international actors
    sector: str = "UNK"
    role: str | None = None  # extension: the office that made us resolve it ("foreign_minister")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text, "start": self.start, "end": self.end, "id": self.id, "name": self.name,
            "kind": self.kind, "country": self.country, "sector": self.sector,
        }
        if self.role:
            out["role"] = self.role
        return out


@dataclass(slots=True)
class PlaceRef:
    """A toponym and the gazetteer entry it resolved to (coordinates null when unresolved)."""

    text: str
    start: int | None
    end: int | None
    geonameid: int | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO alpha-3
    admin1: str | None = None
    feature: str | None = None  # GeoNames class.code, e.g. "P.PPLA"

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end, "geonameid": self.geonameid,
            "name": self.name, "lat": self.lat, "lon": self.lon, "country": self.country,
            "admin1": self.admin1, "feature": self.feature,
        }


@dataclass(slots=True)
class Magnitude:
    """A reported count as a range: "several dozen" is low 24, best 36, high 48."""

    low: int
    best: int
    high: int

    def to_json(self) -> dict[str, int]:
        return {"low": self.low, "best": self.best, "high": self.high}


@dataclass(slots=True)
class Lull:
    """A statement that violence has paused ("calm has largely prevailed in northwest Syria"): not an event,
    but what a cease-fire watch needs (extension beyond contract v1, under the record's ``lulls``)."""

    id: str
    evidence: Span  # the sentence
    cue: Span  # "prevailed", "lull", "subsided", "holding"
    about: str | None  # what paused, where the text says ("airstrikes")
    location: PlaceRef | None
    date: str | None
    date_precision: str | None
    reported_by: list[ActorRef] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "evidence": self.evidence.to_json(), "cue": self.cue.to_json(), "about": self.about,
                "location": self.location.to_json() if self.location else None, "date": self.date,
                "date_precision": self.date_precision, "reported_by": [a.to_json() for a in self.reported_by]}


@dataclass(slots=True)
class Quote:
    kind: str  # direct | indirect
    start: int
    end: int
    text: str
    speaker: ActorRef | None = None
    cue: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "start": self.start, "end": self.end, "text": self.text,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "cue": self.cue.to_json() if self.cue else None,
        }


@dataclass(slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    context: list[str]
    acled: dict[str, str] | None
    cameo_root: str | None
    intensity: float | None
    factuality: str
    source: list[ActorRef]
    target: list[ActorRef]
    date: str | None
    date_precision: str | None
    location: PlaceRef | None
    fatalities: Magnitude | None
    evidence: Span
    reported_by: list[ActorRef]
    confidence: float
    # Extensions beyond contract v1 (additive):
    trigger: Span | None = None
    injured: Magnitude | None = None
    arrested: Magnitude | None = None

    def to_json(self) -> dict[str, Any]:
        def mag(m: Magnitude | None) -> dict[str, int] | None:
            return m.to_json() if m else None

        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": list(self.context),
            "acled": dict(self.acled) if self.acled else None, "cameo_root": self.cameo_root,
            "intensity": self.intensity, "factuality": self.factuality,
            "source": [a.to_json() for a in self.source], "target": [a.to_json() for a in self.target],
            "date": self.date, "date_precision": self.date_precision,
            "location": self.location.to_json() if self.location else None,
            "fatalities": mag(self.fatalities), "evidence": self.evidence.to_json(),
            "reported_by": [a.to_json() for a in self.reported_by], "confidence": self.confidence,
            "trigger": self.trigger.to_json() if self.trigger else None,
            "injured": mag(self.injured), "arrested": mag(self.arrested),
        }


@dataclass(slots=True)
class Article:
    """What ingest reads and extract cleans. ``raw`` is the undecoded input and is never serialised."""

    id: str
    raw: bytes | str | None = None
    format: str = "text"  # text | page | html | jsonl record
    path: str | None = None
    position: int | None = None  # line number inside a JSON Lines file, 1-based
    url: str | None = None
    text: str = ""
    title: str | None = None
    published: str | None = None  # ISO 8601 with offset, or a date
    source: str | None = None
    language: str | None = None
    byline: str | None = None
    wires: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # reader-specific extras (JSON Lines fields, headers)

    @property
    def where(self) -> str:
        """Where this article came from, for messages: ``path:line`` or ``<stdin>:line``."""
        base = self.path or "<stdin>"
        return f"{base}:{self.position}" if self.position is not None else base

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "published": self.published, "source": self.source, "url": self.url,
            "language": self.language, "byline": self.byline, "wires": list(self.wires), "text": self.text,
            "path": self.path, "duplicate_of": self.duplicate_of,
        }


@dataclass(slots=True)
class Record:
    """One article and everything the stages found in it."""

    article: Article
    parse: Parse | None = None
    actors: list[ActorRef] = field(default_factory=list)  # every resolved actor mention
    places: list[PlaceRef] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    focus_country: str | None = None  # the country the article is mostly about (places stage)
    dominant: int | None = None  # index in ``events`` of the event the article is mainly about
    labels: dict[str, tuple[str, float]] = field(default_factory=dict)  # document classifier: head → (label, p)
    lulls: list[Lull] = field(default_factory=list)  # "calm prevailed": statements that violence paused
    # What a resource limit changed (whimbrel/limits.py), e.g. {"kind": "truncated", "analysed_chars": ...}:
    # serialised only when there is one, so ordinary records keep their exact shape.
    warnings: list[dict[str, Any]] = field(default_factory=list)
    # The JSON a worker process made of this record for the first process (whimbrel/prepared.py); never
    # serialised itself, and None wherever the record was made in the process that writes it out.
    prepared: Prepared | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.article.id

    def current_prepared(self) -> Prepared | None:
        """``prepared`` while it is still true of this record (see :mod:`whimbrel.prepared`), else None."""
        p = self.prepared
        return p if p is not None and p.duplicate_of == self.article.duplicate_of else None

    def json_line(self) -> str:
        """``to_json()`` as one line of JSON text (no newline), as ``process --out`` writes it and the store
        keeps it: the prepared line while it is still true."""
        p = self.current_prepared()
        return p.line if p is not None else dumps(self.to_json())

    def event_lines(self) -> list[str]:
        """Each event's ``to_json()`` as JSON text, in order (prepared by the worker where there was one)."""
        if self.prepared is not None:
            return list(self.prepared.events)
        return [dumps(e.to_json()) for e in self.events]

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.article.id,
            "article": self.article.to_json(),
            "events": [e.to_json() for e in self.events],
            "quotes": [q.to_json() for q in self.quotes],
            "places": [p.to_json() for p in self.places],
            "actors": [a.to_json() for a in self.actors],
            "lulls": [lull.to_json() for lull in self.lulls],
        }
        if self.warnings:
            out["warnings"] = [dict(w) for w in self.warnings]
        return out
