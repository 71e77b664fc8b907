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


# ----------------------------------------------------------------------------- number forms of any war (issue 17)
@pytest.mark.parametrize("text,expected", [
    ("two dozen villagers", [("two dozen", 24, 24, "approximate", "number")]),
    ("three dozen guards", [("three dozen", 36, 36, "approximate", "number")]),
    ("half a dozen fishermen", [("half a dozen", 6, 6, "approximate", "number")]),
    ("at least two dozen", [("at least two dozen", 24, None, "at_least", "number")]),
    ("1.5 million people", [("1.5 million", 1_500_000, 1_500_000, "exact", "number")]),
    ("2 thousand soldiers", [("2 thousand", 2000, 2000, "exact", "number")]),
    ("1.5m people", [("1.5m", 1_500_000, 1_500_000, "exact", "number")]),
    ("some 2k soldiers", [("some 2k", 2000, 2000, "approximate", "number")]),
    ("between 1 and 2 million people", [("between 1 and 2 million", 1_000_000, 2_000_000, "approximate", "range")]),
    ("1 500 people", [("1 500", 1500, 1500, "exact", "number")]),
    ("1\u00a0500 people", [("1\u00a0500", 1500, 1500, "exact", "number")]),
    ("12\u202f300 people", [("12\u202f300", 12300, 12300, "exact", "number")]),
    ("1.200 people", [("1.200", 1200, 1200, "exact", "number")]),
    ("1.200 were killed", [("1.200", 1200, 1200, "exact", "number")]),
    ("2.500.000 people", [("2.500.000", 2_500_000, 2_500_000, "exact", "number")]),
    ("not a single soldier", [("not a single", 0, 0, "exact", "number")]),
    ("passed a 100 yesterday", [("a 100", 100, 100, "exact", "number")]),
])
def test_number_forms(text, expected):
    assert [(q.text, q.low, q.high, q.qualifier, q.count_kind) for q in find_quantities(text)] == expected


@pytest.mark.parametrize("text", [
    "a 5m wall", "a 2k run", "1.200 km", "3.5 tonnes", "version 1.200", "date 2024-05-26 at noon",
])
def test_number_forms_that_are_not_counts(text):
    assert find_quantities(text) == []


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=999_999_999), st.sampled_from([" ", "\u00a0", "\u202f", ",", "."]))
def test_grouped_thousands_read_whole(n, sep):
    written = f"{n:,}".replace(",", sep)
    qs = find_quantities(f"Officials said {written} people were killed.")
    assert [(q.low, q.high) for q in qs] == [(n, n)]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=19))
def test_dozens_of_every_number_word(k):
    from newslib.language.quantities import _UNITS

    qs = find_quantities(f"{_UNITS[k]} dozen people")
    assert [(q.low, q.qualifier) for q in qs] == [(12 * k, "approximate")]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("million", 1_000_000), ("thousand", 1000), ("m", 1_000_000), ("k", 1000)]))
def test_decimals_with_a_scale(whole, tenth, scale):
    word, mult = scale
    sep = " " if len(word) > 1 else ""
    qs = find_quantities(f"{whole}.{tenth}{sep}{word} people")
    assert [q.low for q in qs] == [(whole * 10 + tenth) * mult // 10]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=quantities.MAX_COUNT + 1, max_value=10 ** 40))
def test_absurd_numbers_are_a_problem_not_a_count(n):
    qs = find_quantities(f"{n} soldiers were killed")
    assert len(qs) == 1 and qs[0].low is None and qs[0].high is None
    assert str(n) in qs[0].problem


@pytest.mark.parametrize("text,found", [
    ("The rebels told Reuters 10 people were killed.", ["10"]),
    ("told reporters 10 people were killed", ["10"]),
    ("in the village 12 people died", ["12"]),
    ("children aged 5 and 9", []),
    ("paid US$5 each", []),
    ("a fee of (Rs 500)", []),
    ("on May 5 the town fell", []),
])
def test_a_word_before_a_number_rules_it_out_only_as_a_whole_word(text, found):
    # 'reporters' ends in 'rs' (rupees) and 'village' in 'age': only whole words (or the end of
    # one after a non-letter, as in 'US$') say money, age or month
    assert [q.text for q in quantities.find_quantities(text)] == found
