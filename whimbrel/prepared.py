"""What the first process needs of each record, made by the worker that made the record.

With ``--workers N`` (local processes or Ray actors) one process reads the input, keeps the near-duplicate
index in input order, writes the store and ``--out``: the one part of a run that does not grow with N.
Per record it used to serialise the record twice (``--out`` and the store's ``articles.record``), each
event once more (``events.record``), and sign the text for near-duplicate detection: about 1 ms of its
3 ms per article, which on two cores it took from the workers. All of that depends on the record alone,
so the worker does it once, beside the analysis, and the first process copies strings
(``docs/scale.md``, run F).

Only near-duplicate detection changes a record after its worker is done: it sets
``article.duplicate_of``. :meth:`Record.json_line <whimbrel.records.Record.json_line>` therefore uses
the prepared line only while ``duplicate_of`` is what it was when the line was made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whimbrel.records import Record

__all__ = ["Prepared", "dumps", "prepare"]


def dumps(data: Any) -> str:
    """JSON as ``process --out`` writes it (UTF-8 text, not ``\\u`` escapes): the one encoder of records,
    so a line made here and one made later in the first process are the same bytes."""
    return json.dumps(data, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record's JSON and near-duplicate signature, made once where the record was made."""

    line: str  # the whole record: the --out line (without its newline) and the stored articles.record
    events: tuple[str, ...]  # each event's JSON, in order: the stored events.record
    duplicate_of: str | None  # article.duplicate_of when ``line`` was made
    signature: bytes | None = None  # whimbrel.dedup.article_signature, little-endian uint32 (None: not signed)


def prepare(record: Record, *, sign: bool) -> Prepared:
    """``record``'s :class:`Prepared`; with ``sign``, its near-duplicate signature too."""
    data = record.to_json()
    signature = None
    if sign:
        from whimbrel.dedup import article_signature  # datasketch: only where signing is asked for

        signature = article_signature(record.article.text).astype("<u4").tobytes()
    return Prepared(line=dumps(data), events=tuple(dumps(e) for e in data["events"]),
                    duplicate_of=record.article.duplicate_of, signature=signature)
