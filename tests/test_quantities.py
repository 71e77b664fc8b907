import pytest

from newslib.quantities import find_quantities, parse_number


@pytest.mark.parametrize("text,expected", [
    ("1,200 people", [("1,200", 1200, 1200, "exact", "number")]),
    ("fifty-eight soldiers", [("fifty-eight", 58, 58, "exact", "number")]),
    ("a dozen soldiers", [("a dozen", 12, 12, "approximate", "number")]),
    ("between 40 and 50 people", [("between 40 and 50", 40, 50, "approximate", "range")]),
    ("40-50 people", [("40-50", 40, 50, "approximate", "range")]),
    ("at least 58", [("at least 58", 58, None, "at_least", "number")]),
    ("more than 58", [("more than 58", 59, None, "more_than", "number")]),
    ("over 100", [("over 100", 101, None, "more_than", "number")]),
    ("nearly 30", [("nearly 30", 30, 30, "approximate", "number")]),
    ("some 30", [("some 30", 30, 30, "approximate", "number")]),
    ("up to 30", [("up to 30", None, 30, "up_to", "number")]),
    ("dozens of people", [("dozens", 24, 99, "vague", "vague")]),
    ("scores of people", [("scores", 40, 199, "vague", "vague")]),
    ("tens of people", [("tens", 20, 99, "vague", "vague")]),
    ("several people", [("several", 3, 9, "vague", "vague")]),
    ("a few people", [("a few", 2, 5, "vague", "vague")]),
    ("hundreds of people", [("hundreds", 200, 999, "vague", "vague")]),
])
def test_counts(text, expected):
    assert [(q.text, q.low, q.high, q.qualifier, q.count_kind) for q in find_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "24 hours", "a three-year-long siege", "a 46-minute recording", "40 km away", "10% of", "$50 million",
    "a 25-year-old man", "aged 58", "the 104th Airborne Brigade", "on September 19", "in 2017", "at 10:30",
    "one-third of",
])
def test_not_counts(text):
    assert find_quantities(text) == []


def test_parse_number_checked_by_text2num():
    assert parse_number("one hundred and twelve") == 112
    assert parse_number("twenty one") == 21
    assert parse_number("fifty fifty-eight") is None
