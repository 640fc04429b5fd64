"""Temporal expressions → calendar dates, resolved against the publication date and the tense.

In a Friday story, "will hold talks on Monday" is the coming Monday and "clashed on Monday" the one
before; "last week" is the week before publication; "in March" is the most recent March for a past
event and the next one for a planned one. Each result carries its precision (day, week, month, year).
Expressions that cannot be placed on the calendar ("in recent days") give None, never a guess.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["resolve_expression"]

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                             "august", "september", "october", "november", "december"])}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12})
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "couple of": 2, "few": 3}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EXPLICIT_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?(?:\s+(\d{{4}}))?\b", re.I)
_EXPLICIT_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?(?:\s+(?:of\s+)?(\d{{4}}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(?:in|of|during|since)?\s*((?:19|20)\d{2})\b")
_AGO = re.compile(r"\b(\d+|[a-z]+(?: of)?)\s+(day|week|month|year)s?\s+(ago|earlier|before|later|after|from now)\b", re.I)
_WEEKDAY = re.compile(r"\b(last|next|this|on|early|late|coming)?\s*(monday|tuesday|wednesday|thursday|friday|"
                      r"saturday|sunday)\b", re.I)
_RELATIVE_PERIOD = re.compile(r"\b(last|next|this|past|coming|previous|following)\s+(week|weekend|month|year)\b", re.I)


def _number(word: str) -> int | None:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _weekday(anchor: date, name: str, modifier: str, tense: str) -> date:
    target = _WEEKDAYS.index(name.lower())
    delta = (target - anchor.weekday()) % 7
    modifier = modifier.lower()
    if modifier in ("next", "coming") or (tense == "future" and modifier not in ("last",)):
        if modifier == "next" and delta == 0:
            delta = 7
        return anchor + timedelta(days=delta)
    back = (anchor.weekday() - target) % 7
    if modifier == "last" and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _year_for_month(anchor: date, month: int, tense: str) -> int:
    if tense == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve_expression(text: str, anchor: date, tense: str) -> tuple[date, str] | None:
    """(date, precision) for a temporal expression, or None when it names no placeable time.

    ``tense`` is "past", "present" or "future": it decides which way a bare weekday or month points.
    """
    s = " ".join(text.split())
    low = s.lower()
    if len(low) > 80:
        return None
    if m := _ISO.search(s):
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d, "day") if d else None
    for regex, order in ((_EXPLICIT_MDY, "md"), (_EXPLICIT_DMY, "dm")):
        if m := regex.search(s):
            month = _MONTHS[m.group(1 if order == "md" else 2).lower().rstrip(".")]
            day = int(m.group(2 if order == "md" else 1))
            year = int(m.group(3)) if m.group(3) else _year_for_month(anchor, month, tense)
            d = _safe_date(year, month, day)
            return (d, "day") if d else None
    if re.search(r"\byesterday\b", low):
        return anchor - timedelta(days=1), "day"
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening)|earlier today|overnight)\b", low):
        return anchor, "day"
    if re.search(r"\btomorrow\b", low):
        return anchor + timedelta(days=1), "day"
    if m := _AGO.search(low):
        n = _number(m.group(1))
        if n is not None and m.group(3) in ("ago", "earlier", "before"):
            unit = m.group(2)
            days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
            precision = "day" if unit in ("day", "week") else unit
            return anchor - timedelta(days=days), precision
        if n is not None and m.group(3) == "from now":
            return anchor + timedelta(days={"day": 1, "week": 7, "month": 30, "year": 365}[m.group(2)] * n), "day"
        return None  # "10 days after <something>" is relative to another event
    if m := _WEEKDAY.search(low):
        return _weekday(anchor, m.group(2), m.group(1) or "", tense), "day"
    if m := _RELATIVE_PERIOD.search(low):
        which, unit = m.group(1), m.group(2)
        step = -1 if which in ("last", "past", "previous") else (1 if which in ("next", "coming", "following") else 0)
        if unit in ("week", "weekend"):
            base = _monday(anchor) + timedelta(weeks=step)
            return (base + timedelta(days=5), "day") if unit == "weekend" else (base, "week")
        if unit == "month":
            month, year = anchor.month + step, anchor.year
            if month == 0:
                month, year = 12, year - 1
            elif month == 13:
                month, year = 1, year + 1
            return date(year, month, 1), "month"
        return date(anchor.year + step, 1, 1), "year"
    if m := _MONTH_YEAR.search(s):
        word = m.group(1).lower().rstrip(".")
        if word == "may" and not m.group(2) and not re.search(r"\b(in|of|since|during|early|late|mid)[- ]may\b", low):
            return None  # the modal verb, not the month
        month = _MONTHS[word]
        year = int(m.group(2)) if m.group(2) else _year_for_month(anchor, month, tense)
        return date(year, month, 1), "month"
    if m := _YEAR.search(low):
        return date(int(m.group(1)), 1, 1), "year"
    return None
