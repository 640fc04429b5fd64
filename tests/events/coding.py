"""Helpers shared by the event tests: the event of a given type in a text run through the real pipeline,
and where an event was placed."""

from __future__ import annotations

PUBLISHED = "2019-06-07T10:00:00+00:00"


def event_of(run_text, text, type_, trigger=None):
    """The first event of ``type_`` (with ``trigger`` in its trigger text, if given) coded from ``text``."""
    events = run_text(text, published=PUBLISHED).events
    found = [e for e in events if e.type == type_ and (trigger is None or (e.trigger and e.trigger.text == trigger))]
    assert found, f"no {type_} ({trigger}) in {[(e.type, e.trigger.text if e.trigger else None) for e in events]}"
    return found[0]


def location_of(rec, word):
    """The text of the place given for the event whose trigger holds ``word`` (None: not placed)."""
    ev = next(e for e in rec.events if e.trigger is not None and word in e.trigger.text)
    return ev.location.text if ev.location else None
