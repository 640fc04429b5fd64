"""The quotes stage: direct and indirect quotes with cues and speakers."""

from __future__ import annotations

from whimbrel.pipeline import Stage
from whimbrel.quotes.attribution import find_quotes
from whimbrel.records import Record

__all__ = ["QuoteStage"]


class QuoteStage(Stage):
    name = "quotes"
    requires = ("parse", "actors")
    assigns = ("quotes",)

    def process_one(self, record: Record) -> None:
        assert record.parse is not None
        record.quotes = find_quotes(record.parse, record.actors)
