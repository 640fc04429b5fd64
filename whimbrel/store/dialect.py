"""The store's SQL, as PostgreSQL reads it: the small seam between the one body of SQL the store modules
write (DuckDB's dialect, kept to what both engines accept) and the PostgreSQL store.

What differs, and where it is handled:

- Placeholders: the store's SQL writes ``?``; psycopg wants ``%s`` and reads every other ``%`` as the
  start of a placeholder. :func:`to_postgres` swaps them outside string literals, quoted names and comments,
  so ``COALESCE(s.country, '?')`` keeps its literal question mark, and doubles every ``%`` (psycopg scans
  literals too).
- ``rowid`` (DuckDB's insertion order, a tie-break after ``processed_at``) becomes ``ctid``, the row's
  physical place: the order of rows written by one ``COPY`` into fresh pages, which is what the tie-break is
  for (articles of one batch). Space freed by deletes may be reused, so after re-processing it is only close.
- Column types (:func:`postgres_schema`): ``DOUBLE`` is ``DOUBLE PRECISION`` and ``BLOB`` is ``BYTEA``;
  everything else in ``schema.sql`` (``VARCHAR[]``, ``JSON``, ``DATE``, ``TIMESTAMP``, ``IF NOT EXISTS``
  on tables, indexes and added columns) means the same in both, so ``schema.sql`` stays the one definition
  of table shapes and the PostgreSQL schema is derived from it, never written twice.

Everything else is written portably where it is used (``GROUP BY`` positions instead of ``GROUP BY ALL``,
``INSERT … ON CONFLICT`` instead of ``INSERT OR REPLACE``, ``strpos`` instead of ``contains``,
``array_position`` instead of ``list_contains``, ``array_agg`` instead of ``list``, named subqueries,
``INTERVAL '1' DAY``), so there is one copy of every query. (In DuckDB, ``array_position`` is as fast as
``list_contains``; ``strpos`` is some 20 % slower than ``contains`` on a bare scan of two million strings.)
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

__all__ = ["postgres_schema", "to_postgres", "translate_schema"]

# One token at a time: a string literal, a quoted name, a line comment, a block comment, a placeholder, a
# per cent sign, a bare word; anything else passes through unchanged.
_TOKENS = re.compile(r"""
      (?P<literal>'(?:[^']|'')*'?)
    | (?P<quoted>"(?:[^"]|"")*"?)
    | (?P<comment>--[^\n]*|/\*.*?\*/)
    | (?P<mark>\?)
    | (?P<percent>%)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
""", re.VERBOSE | re.DOTALL)

_WORDS = {"rowid": "ctid"}  # DuckDB-only names, as PostgreSQL calls them (lower case, matched regardless)


@lru_cache(maxsize=1024)  # the store runs the same few hundred statements over and over
def to_postgres(sql: str, params: bool = True) -> str:
    """``sql`` as psycopg runs it. With ``params`` (the statement gets parameters) ``?`` becomes ``%s`` and
    ``%`` becomes ``%%``; without, psycopg sends the text unchanged, so only the DuckDB-only names change."""
    out: list[str] = []
    pos = 0
    for m in _TOKENS.finditer(sql):
        out.append(sql[pos:m.start()])
        pos = m.end()
        kind, text = m.lastgroup, m.group()
        if kind in ("literal", "quoted", "comment") and params:
            text = text.replace("%", "%%")
        elif kind == "mark":
            text = "%s" if params else text
        elif kind == "percent":
            text = "%%" if params else text
        elif kind == "word":
            text = _WORDS.get(text.lower(), text)
        out.append(text)
    out.append(sql[pos:])
    return "".join(out)


_TYPES = [(re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.IGNORECASE), "DOUBLE PRECISION"),
          (re.compile(r"\bBLOB\b", re.IGNORECASE), "BYTEA")]


def translate_schema(ddl: str) -> str:
    """DuckDB DDL with PostgreSQL's names for the two types that differ; comments and literals untouched."""
    out: list[str] = []
    pos = 0
    for m in _TOKENS.finditer(ddl):
        if m.lastgroup in ("literal", "quoted", "comment"):
            out.append(_retype(ddl[pos:m.start()]))
            out.append(m.group())
            pos = m.end()
    out.append(_retype(ddl[pos:]))
    return "".join(out)


def _retype(code: str) -> str:
    for pattern, name in _TYPES:
        code = pattern.sub(name, code)
    return code


@cache
def postgres_schema() -> str:
    """``schema.sql`` in PostgreSQL's dialect (run without parameters, as one script)."""
    return translate_schema(resources.files("whimbrel.store").joinpath("schema.sql").read_text(encoding="utf-8"))
