import pytest

from whimbrel.events import parse_quantity
from whimbrel.records import Magnitude


@pytest.mark.parametrize(("phrase", "expected"), [
    ("several dozen", Magnitude(24, 36, 48)),
    ("a dozen", Magnitude(12, 12, 12)),
    ("at least 12", Magnitude(12, 12, 12)),
    ("more than 100", Magnitude(101, 101, 101)),
    ("between 10 and 15", Magnitude(10, 12, 15)),
    ("twenty-five", Magnitude(25, 25, 25)),
    ("1,200", Magnitude(1200, 1200, 1200)),
    ("about 50", Magnitude(45, 50, 55)),
    ("dozens", Magnitude(24, 36, 60)),
    ("hundreds", Magnitude(200, 300, 900)),
    ("three", Magnitude(3, 3, 3)),
])
def test_quantities(phrase, expected):
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize("phrase", ["many", "some of the", "x" * 100])
def test_no_number_no_magnitude(phrase):
    assert parse_quantity(phrase) is None
