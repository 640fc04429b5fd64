"""The places stage: toponyms → gazetteer entries, and the article's focus country."""

from __future__ import annotations

from whimbrel.kb import load_kb
from whimbrel.pipeline import Stage
from whimbrel.places.gazetteer import load_gazetteer
from whimbrel.places.resolve import resolve_toponyms
from whimbrel.records import Record

__all__ = ["PlaceStage"]


class PlaceStage(Stage):
    name = "places"
    requires = ("parse", "actors")
    assigns = ("places", "focus_country")

    def __init__(self) -> None:
        self.gazetteer = load_gazetteer()
        self.kb = load_kb()

    def process_one(self, record: Record) -> None:
        assert record.parse is not None
        record.places, record.focus_country = resolve_toponyms(record.parse, self.gazetteer, self.kb, record.actors)
