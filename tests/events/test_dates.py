from datetime import date

import pytest

from whimbrel.events import resolve_expression

FRIDAY = date(2018, 9, 14)


@pytest.mark.parametrize(("text", "tense", "expected"), [
    ("on Monday", "future", (date(2018, 9, 17), "day")),
    ("on Monday", "past", (date(2018, 9, 10), "day")),
    ("Friday", "past", (date(2018, 9, 14), "day")),
    ("next Friday", "future", (date(2018, 9, 21), "day")),
    ("last Friday", "past", (date(2018, 9, 7), "day")),
    ("yesterday", "past", (date(2018, 9, 13), "day")),
    ("tomorrow", "future", (date(2018, 9, 15), "day")),
    ("last week", "past", (date(2018, 9, 3), "week")),
    ("this week", "past", (date(2018, 9, 10), "week")),
    ("next month", "future", (date(2018, 10, 1), "month")),
    ("last year", "past", (date(2017, 1, 1), "year")),
    ("three days ago", "past", (date(2018, 9, 11), "day")),
    ("September 3", "past", (date(2018, 9, 3), "day")),
    ("3 September 2016", "past", (date(2016, 9, 3), "day")),
    ("Sept. 30", "future", (date(2018, 9, 30), "day")),
    ("in March", "past", (date(2018, 3, 1), "month")),
    ("in March", "future", (date(2019, 3, 1), "month")),
    ("in 2016", "past", (date(2016, 1, 1), "year")),
    ("2018-09-01", "past", (date(2018, 9, 1), "day")),
])
def test_expressions(text, tense, expected):
    assert resolve_expression(text, FRIDAY, tense) == expected


@pytest.mark.parametrize("text", ["in recent days", "10 days after", "may", "the past", "x" * 500])
def test_unplaceable_expressions_are_none(text):
    assert resolve_expression(text, FRIDAY, "past") is None
