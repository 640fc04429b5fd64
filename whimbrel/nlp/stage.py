"""The nlp stage: one batched spaCy pass per article, turned into a plain :class:`Parse`."""

from __future__ import annotations

from collections.abc import Sequence

from whimbrel.config import settings
from whimbrel.limits import analysed_length
from whimbrel.nlp.model import load_model, parse_texts
from whimbrel.nlp.parse import Parse
from whimbrel.pipeline import Failure, Stage
from whimbrel.records import Record

__all__ = ["NlpStage"]


class NlpStage(Stage):
    name = "nlp"
    requires = ("article.text", "article.language")
    assigns = ("parse",)

    def __init__(self) -> None:
        load_model()  # now, with the other stages' models, rather than at the first batch

    def process(self, records: Sequence[Record]) -> list[Record | Failure]:
        # Only English is parsed: the later stages' lexicons and rules are English, and coding another
        # language as English produces confident nonsense. Others get an empty parse (no events).
        english = [r for r in records if r.article.language == "en" and r.article.text.strip()]
        # Past WHIMBREL_MAX_ARTICLE_CHARS only a prefix is parsed (whimbrel/limits.py): every later stage
        # reads the parse, so none analyses more, and offsets into the prefix are offsets into the text.
        cap = settings().max_article_chars
        texts = []
        for record in english:
            text = record.article.text
            n = analysed_length(text, cap)
            # idempotent: a batch that timed out is run again one article at a time
            record.warnings = [w for w in record.warnings if w.get("kind") != "truncated"]
            if n < len(text):
                record.warnings.append({"kind": "truncated", "analysed_chars": n, "text_chars": len(text),
                                        "message": f"only the first {n:,} of {len(text):,} characters were "
                                                   f"analysed (WHIMBREL_MAX_ARTICLE_CHARS={cap:,})"})
                text = text[:n]
            texts.append(text)
        # One spaCy batch per pipeline batch: the pipeline already sizes batches by characters.
        for record, parse in zip(english, parse_texts(texts, batch_size=max(len(english), 1)), strict=True):
            record.parse = parse
        for record in records:
            if record.parse is None:
                record.parse = Parse(text=record.article.text)
        return list(records)
