"""Publication timestamps as pages print them → ISO 8601.

Handles ISO strings, wire-style military times ("0333 GMT September 14, 2018"), and whatever else
dateparser understands. A timestamp with a stated zone keeps its offset; one without stays naive rather
than pretending to be UTC; a bare date stays a date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

__all__ = ["parse_published"]

_ZONES = {"GMT": 0, "UTC": 0, "Z": 0, "UT": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
          "IST": 5.5, "PKT": 5, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "PST": -8, "PDT": -7,
          "JST": 9, "KST": 9, "AST": 3, "GST": 4, "WAT": 1, "EAT": 3, "SAST": 2, "AEST": 10, "HKT": 8}
_MILITARY = re.compile(r"^\s*(\d{2})(\d{2})\s*(?:hrs?\s*)?([A-Z]{1,4})?\s*[,-]?\s*(.+)$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)


def _iso(value: datetime | date) -> str:
    return value.isoformat()


@lru_cache(maxsize=1)
def _dateparser():  # imported lazily: dateparser costs ~0.5 s to import and is rarely needed
    import dateparser

    return dateparser


def parse_published(value: str | None) -> str | None:
    """Normalise a publication timestamp; ``None`` when it cannot be read (never a guess)."""
    if not value or not value.strip():
        return None
    s = " ".join(value.split())
    try:
        if len(s) == 10:
            return _iso(date.fromisoformat(s))
        parsed = datetime.fromisoformat(s.replace("Z", "+00:00"))
        return _iso(parsed)
    except ValueError:
        pass
    tz = None
    m = _MILITARY.match(s)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60 and (m.group(3) or "") in _ZONES | {"": 0}:
        rest = _parse_with_dateparser(m.group(4))
        if rest is not None:
            zone = m.group(3)
            if zone:
                tz = timezone(timedelta(hours=_ZONES[zone]))
            result = datetime(rest.year, rest.month, rest.day, int(m.group(1)), int(m.group(2)), tzinfo=tz)
            return _iso(result)
    parsed_dt = _parse_with_dateparser(s)
    if parsed_dt is None:
        return None
    if not _HAS_TIME.search(s) and parsed_dt.hour == 0 and parsed_dt.minute == 0:
        return _iso(parsed_dt.date())
    zone_word = re.search(r"\b([A-Z]{1,4})\b\s*$", s)
    if parsed_dt.tzinfo is None and zone_word and zone_word.group(1) in _ZONES:
        parsed_dt = parsed_dt.replace(tzinfo=timezone(timedelta(hours=_ZONES[zone_word.group(1)])))
    if parsed_dt.tzinfo is not None and parsed_dt.utcoffset() == timedelta(0):
        parsed_dt = parsed_dt.astimezone(UTC)
    return _iso(parsed_dt)


def _parse_with_dateparser(s: str) -> datetime | None:
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"],
                "STRICT_PARSING": False}
    try:
        return _dateparser().parse(s, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; unknown is None
        return None
