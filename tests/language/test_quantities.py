import pytest

from newslib.language.quantities import find_quantities, parse_number


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


# ----------------------------------------------------------------------------- fast paths
from hypothesis import given, settings, strategies as st  # noqa: E402

from newslib.language import quantities  # noqa: E402

_WORDS = st.sampled_from([
    "5", "58", "1,200", "3.5", "2017", "104th", "10:30", "at least", "around", "dozens", "several", "hundred",
    "a dozen", "people", "hours", "-year-old", "years old", "of miles", "km", "%", "May", "Sept.", "aged", "$",
    "US$", "Rs.", "USD", "GMT", "o'clock", "a.m.", "st", "of", "June", "killed", "SOLDIERS", "Around", "At Least",
    "AGED", "MAY", "between", "and", "to", "-", "or so", "at least.", "fIVE", "Twenty-One", "ſ", "K", "é", ",", "\n",
    "\x1c", "\x1f",
])
_TEXTS = st.one_of(st.text(max_size=60), st.lists(_WORDS, max_size=12).map(" ".join), st.lists(_WORDS, max_size=12).map("".join))


def _window_rules(names, text, fn):
    rx = quantities._compiled()
    return any(fn(rx[k], text) for k in names)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_combined_skip_patterns_are_the_single_ones(window):
    """find_quantities tests its filters with combined patterns; they decide as the single
    patterns do (after: match at the start; before: search, ending the text up to spaces)."""
    rx = quantities._compiled()
    after_any = ("unit_after", "hyphen_unit", "year_old", "of_units")
    after_numeral = after_any + ("ordinal_after", "clock", "month_after")
    match = lambda p, t: p.match(t) is not None  # noqa: E731
    search = lambda p, t: p.search(t) is not None  # noqa: E731
    assert (rx["skip_after"].match(window) is not None) == _window_rules(after_any, window, match)
    assert (rx["skip_after_numeral"].match(window) is not None) == _window_rules(after_numeral, window, match)
    words = window.rsplit(None, 1)
    last = words[-1] if words else ""
    assert (rx["skip_before"].search(last) is not None) == _window_rules(("age_before",), window, search)
    assert (rx["skip_before_numeral"].search(last) is not None) == _window_rules(
        ("age_before", "month_before", "money_before"), window, search)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_ascii_fast_path_finds_the_same_quantities(text):
    """ASCII text is scanned lower-cased with case-sensitive patterns; the case-insensitive
    patterns (used for any other text) find the same, in any letter case."""
    rx = quantities._compiled()
    full = rx["full_caseless"]
    if full.folds(text):
        assert [m.span() for m in full.ci.finditer(text)] == [m.span() for m in full.cs.finditer(text.lower())]
    # a non-ASCII character after the text sends it down the case-insensitive path
    tail = " \u00e9"
    assert [q for q in quantities.find_quantities(text + tail) if q.end <= len(text)] == quantities.find_quantities(text)
