"""SQL conditions shared by the store's writers and readers (kept apart so both can import them)."""

from datetime import date

__all__ = ["ANY_OF", "NOT_DUPLICATE", "SET_META", "day_range", "has_words"]

# A condition on a child table's article_id: the row is not from a near-duplicate article. A duplicate is
# stored in full (it is a record), but what it reports was already counted with the story's first copy.
NOT_DUPLICATE = "article_id NOT IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"

# "x IN ANY_OF", with a list of strings as its one parameter: a batch names a thousand ids or more, and DuckDB
# binds a thousand separate "?" parameters about three times slower than one list it unnests (both engines
# read it).
ANY_OF = "(SELECT unnest(?::VARCHAR[]))"

# Set one meta key (parameters: key, value). ON CONFLICT rather than DuckDB's INSERT OR REPLACE: both engines
# take it, so the PostgreSQL store runs the same statement (whimbrel/store/dialect.py).
SET_META = "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"


def has_words(column: str) -> str:
    """A condition (one parameter: the words) that ``column`` contains the words, case-insensitively, taken
    literally (no LIKE wildcards to escape). ``strpos`` rather than DuckDB's ``contains``: both engines have it."""
    return f"strpos(lower({column}), lower(?)) > 0"


def day_range(where: list[str], params: list[object], column: str, since: date | None, until: date | None) -> None:
    """Add "``column`` between ``since`` and ``until``" (either end open when None) to a filter being built."""
    if since is not None:
        where.append(f"{column} >= ?")
        params.append(since)
    if until is not None:
        where.append(f"{column} <= ?")
        params.append(until)
