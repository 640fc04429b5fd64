"""The nlp stage: one batched spaCy pass per article, turned into a plain :class:`Parse`."""

from __future__ import annotations

from collections.abc import Sequence

from whimbrel.nlp.model import parse_texts
from whimbrel.nlp.parse import Parse
from whimbrel.pipeline import Failure, Stage
from whimbrel.records import Record

__all__ = ["NlpStage"]


class NlpStage(Stage):
    name = "nlp"
    requires = ("article.text", "article.language")
    assigns = ("parse",)

    def process(self, records: Sequence[Record]) -> list[Record | Failure]:
        # Only English is parsed: the later stages' lexicons and rules are English, and coding another
        # language as English produces confident nonsense. Others get an empty parse (no events).
        english = [r for r in records if r.article.language == "en" and r.article.text.strip()]
        # One spaCy batch per pipeline batch: the pipeline already sizes batches by characters.
        for record, parse in zip(english, parse_texts([r.article.text for r in english],
                                                     batch_size=max(len(english), 1)), strict=True):
            record.parse = parse
        for record in records:
            if record.parse is None:
                record.parse = Parse(text=record.article.text)
        return list(records)
