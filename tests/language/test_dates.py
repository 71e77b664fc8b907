"""Tests for newslib.dates: gold annotations of the bundled corpus, resolution rules, robustness."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newslib
from newslib import schemas
from newslib.language.dates import (
    _RULES,
    TimeExpression,
    find_time_expressions,
    may_hold_expression,
    nearest_expression,
    time_expressions_table,
)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "time_expressions.csv"
D = dt.date
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return newslib.ingest(str(ROOT / "data" / "raw")).articles


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return pd.read_csv(GOLD, dtype=str, keep_default_na=False)


def one(text: str, pub: dt.date | None) -> TimeExpression:
    found = find_time_expressions(text, pub)
    assert len(found) == 1, found
    return found[0]


def dates(text: str, pub: dt.date | None) -> tuple:
    e = one(text, pub)
    return e.date_start, e.date_end, e.precision


def _nth(text: str, needle: str, n: int) -> int:
    """Start of the n-th (1-based, case-sensitive, non-overlapping) occurrence of needle, or -1."""
    pos = -len(needle)
    for _ in range(n):
        pos = text.find(needle, pos + len(needle))
        if pos < 0:
            return -1
    return pos


def _expected(text: str, rows: pd.DataFrame) -> dict:
    """Gold rows as {(start, end): (kind, date_start, date_end, precision)}."""
    out = {}
    for r in rows.itertuples():
        pos = _nth(text, r.date_text, int(r.occurrence))
        assert pos >= 0, f"gold {r.date_text!r} occurrence {r.occurrence} not in the cleaned text"
        out[(pos, pos + len(r.date_text))] = (r.kind, r.date_start or None, r.date_end or None, r.precision or None)
    return out


# ----------------------------------------------------------------------------- gold
ARTICLE_IDS = [
    "000_ad9f22b0dfccdb5c",
    "001_41a19ee89e8c43ed",
    "002_6e5a1f3359e505b1",
    "003_eaaaeda038b29fde",
    "004_4972d01d07c60b32",
]


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_gold_exact(articles, gold, article_id):
    """Every gold expression is found with its kind, dates and precision, and nothing else."""
    art = articles.set_index("article_id").loc[article_id]
    rows = gold[gold.article_id == article_id]
    assert len(rows), "gold has no rows for this article"
    expected = _expected(art.text, rows)
    found = {
        (e.start, e.end): (e.kind, e.date_start and e.date_start.isoformat(),
                           e.date_end and e.date_end.isoformat(), e.precision)
        for e in find_time_expressions(art.text, art.published)
    }
    missing = {art.text[s:e]: v for (s, e), v in expected.items() if (s, e) not in found}
    extra = {art.text[s:e]: v for (s, e), v in found.items() if (s, e) not in expected}
    wrong = {art.text[s:e]: (found[(s, e)], v) for (s, e), v in expected.items()
             if (s, e) in found and found[(s, e)] != v}
    assert not missing, f"not found: {missing}"
    assert not extra, f"not in gold: {extra}"
    assert not wrong, f"(found, gold) differ: {wrong}"


def test_gold_has_required_cases(gold):
    keyed = {(r.article_id[:3], r.date_text, r.occurrence): r for r in gold.itertuples()}
    assert keyed[("001", "Thursday", "1")].date_start == "2017-09-28"  # "began on Thursday"
    r = keyed[("001", "since Thursday", "1")]
    assert (r.kind, r.date_start, r.date_end, r.precision) == ("range", "2017-09-28", "2017-09-29", "range")
    r = keyed[("001", "earlier this month", "1")]
    assert (r.date_start, r.date_end) == ("2017-09-01", "2017-09-28")
    assert keyed[("003", "yesterday", "1")].date_start == "2017-09-28"
    assert ("003", "last weekend", "1") in keyed and ("003", "early August", "1") in keyed
    assert ("001", "September 19", "1") in keyed and ("003", "September 19", "1") in keyed
    assert keyed[("004", "Saturday", "1")].date_start == "2016-01-16"
    assert keyed[("000", "30 September, 2017", "1")].date_start == "2017-09-30"
    assert set(gold.precision) - {""} <= set(schemas.PRECISIONS)
    assert set(gold.kind) <= {"point", "range", "duration"}


def test_cross_promotion_dates_are_cleaned_away(articles):
    text = articles.set_index("article_id").loc["003_eaaaeda038b29fde"].text
    assert "Sept 26" not in text and "Sept 28" not in text


# ----------------------------------------------------------------------------- weekdays
WEEK = [D(2017, 9, 25) + dt.timedelta(days=i) for i in range(7)]  # Monday .. Sunday


@pytest.mark.parametrize("pub", WEEK, ids=lambda d: d.strftime("pub-%a"))
@pytest.mark.parametrize("wd", range(7), ids=lambda i: WEEKDAYS[i])
def test_weekday_on_or_before_publication(pub, wd):
    e = one(f"The attack came on {WEEKDAYS[wd]}.", pub)
    d = e.date_start
    assert e.kind == "point" and e.precision == "day" and e.date_end == d
    assert d.weekday() == wd and 0 <= (pub - d).days <= 6
    if wd == pub.weekday():
        assert d == pub  # the publication weekday is the publication day


@pytest.mark.parametrize("pub", WEEK, ids=lambda d: d.strftime("pub-%a"))
@pytest.mark.parametrize("wd", range(7), ids=lambda i: WEEKDAYS[i])
def test_last_weekday_strictly_before_publication(pub, wd):
    e = one(f"It happened last {WEEKDAYS[wd]}.", pub)
    assert e.text == f"last {WEEKDAYS[wd]}"
    assert e.date_start.weekday() == wd and 1 <= (pub - e.date_start).days <= 7


def test_next_weekday_and_since_weekday():
    pub = D(2017, 9, 29)  # Friday
    assert dates("until next Friday", pub)[0] == D(2017, 10, 6)
    e = one("killed 58 since Thursday", pub)
    assert (e.kind, e.date_start, e.date_end, e.precision) == ("range", D(2017, 9, 28), pub, "range")


def test_dateparser_prefer_past_differs_on_publication_weekday():
    """dateparser (PREFER_DATES_FROM='past') sends the publication weekday a week back; we do not."""
    dateparser = pytest.importorskip("dateparser")
    pub = D(2017, 9, 29)  # Friday
    base = dt.datetime.combine(pub, dt.time())
    opts = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base}
    dp_friday = dateparser.parse("Friday", settings=opts)
    assert dp_friday is not None and dp_friday.date() == D(2017, 9, 22)
    assert one("a monitor said on Friday", pub).date_start == pub  # differs: same day
    # where the rules agree: an earlier weekday of the same week
    assert dateparser.parse("Thursday", settings=opts).date() == one("on Thursday", pub).date_start
    # and for a Sunday publication (004), "Saturday" is the day before in both
    base = dt.datetime(2016, 1, 17)
    opts["RELATIVE_BASE"] = base
    assert dateparser.parse("Saturday", settings=opts).date() == D(2016, 1, 16)
    assert dateparser.parse("Sunday", settings=opts).date() == D(2016, 1, 10)
    assert one("on Sunday", D(2016, 1, 17)).date_start == D(2016, 1, 17)


# ----------------------------------------------------------------------------- relative days/periods
@pytest.mark.parametrize(
    "text, pub, expected",
    [
        ("yesterday", D(2017, 1, 1), (D(2016, 12, 31), D(2016, 12, 31), "day")),
        ("Yesterday's attacks", D(2017, 9, 29), (D(2017, 9, 28), D(2017, 9, 28), "day")),
        ("today", D(2017, 9, 29), (D(2017, 9, 29), D(2017, 9, 29), "day")),
        ("last night", D(2016, 3, 1), (D(2016, 2, 29), D(2016, 2, 29), "day")),
        ("tonight", D(2017, 9, 29), (D(2017, 9, 29), D(2017, 9, 29), "day")),
        ("this morning", D(2017, 9, 29), (D(2017, 9, 29), D(2017, 9, 29), "day")),
        ("the day before yesterday", D(2017, 9, 29), (D(2017, 9, 27), D(2017, 9, 27), "day")),
        ("last month", D(2017, 1, 15), (D(2016, 12, 1), D(2016, 12, 31), "month")),
        ("last month", D(2016, 3, 31), (D(2016, 2, 1), D(2016, 2, 29), "month")),
        ("this month", D(2017, 9, 29), (D(2017, 9, 1), D(2017, 9, 29), "month")),
        ("earlier this month", D(2017, 9, 29), (D(2017, 9, 1), D(2017, 9, 28), "month")),
        ("this week", D(2017, 9, 29), (D(2017, 9, 25), D(2017, 9, 29), "week")),
        ("this week", D(2017, 9, 25), (D(2017, 9, 25), D(2017, 9, 25), "week")),
        ("last week", D(2017, 1, 4), (D(2016, 12, 26), D(2017, 1, 1), "week")),
        ("last year", D(2017, 1, 4), (D(2016, 1, 1), D(2016, 12, 31), "year")),
        ("earlier this year", D(2017, 9, 29), (D(2017, 1, 1), D(2017, 9, 28), "year")),
        ("last weekend", D(2017, 9, 29), (D(2017, 9, 23), D(2017, 9, 24), "weekend")),
        ("last weekend", D(2017, 9, 30), (D(2017, 9, 23), D(2017, 9, 24), "weekend")),  # Saturday
        ("last weekend", D(2016, 1, 17), (D(2016, 1, 9), D(2016, 1, 10), "weekend")),  # Sunday
        ("last weekend", D(2016, 1, 18), (D(2016, 1, 16), D(2016, 1, 17), "weekend")),  # Monday
        ("this summer", D(2017, 9, 29), (D(2017, 6, 1), D(2017, 8, 31), "season")),
        ("this summer", D(2017, 7, 10), (D(2017, 6, 1), D(2017, 7, 10), "season")),
        ("last summer", D(2017, 7, 10), (D(2016, 6, 1), D(2016, 8, 31), "season")),
        ("last winter", D(2016, 1, 17), (D(2014, 12, 1), D(2015, 2, 28), "season")),
        ("this winter", D(2016, 1, 17), (D(2015, 12, 1), D(2016, 1, 17), "season")),
        ("the summer of 2016", D(2017, 9, 29), (D(2016, 6, 1), D(2016, 8, 31), "season")),
        ("three days ago", D(2017, 1, 2), (D(2016, 12, 30), D(2016, 12, 30), "day")),
        ("2 weeks ago", D(2017, 9, 29), (D(2017, 9, 15), D(2017, 9, 15), "week")),
        ("three months ago", D(2017, 5, 31), (D(2017, 2, 28), D(2017, 2, 28), "month")),
        ("twelve years ago", D(2017, 9, 29), (D(2005, 9, 29), D(2005, 9, 29), "year")),
        ("a year ago", D(2016, 2, 29), (D(2015, 2, 28), D(2015, 2, 28), "year")),
        ("early August", D(2017, 9, 29), (D(2017, 8, 1), D(2017, 8, 10), "month")),
        ("mid-August", D(2017, 9, 29), (D(2017, 8, 11), D(2017, 8, 20), "month")),
        ("late August", D(2017, 9, 29), (D(2017, 8, 21), D(2017, 8, 31), "month")),
        ("late February", D(2016, 3, 5), (D(2016, 2, 21), D(2016, 2, 29), "month")),
        ("early October", D(2017, 9, 29), (D(2016, 10, 1), D(2016, 10, 10), "month")),
        ("early September", D(2017, 9, 5), (D(2017, 9, 1), D(2017, 9, 5), "month")),  # cut at pub
        ("no later than early November", D(2017, 9, 29), (D(2017, 11, 1), D(2017, 11, 10), "month")),
        ("fighting in August", D(2017, 9, 29), (D(2017, 8, 1), D(2017, 8, 31), "month")),
        ("fighting in December", D(2017, 1, 5), (D(2016, 12, 1), D(2016, 12, 31), "month")),
    ],
)
def test_relative_rules(text, pub, expected):
    assert dates(text, pub) == expected


@pytest.mark.parametrize(
    "text, pub",
    [("earlier this month", D(2017, 9, 1)), ("earlier this week", D(2017, 9, 25)), ("earlier this year", D(2017, 1, 1))],
)
def test_empty_periods_have_no_date(text, pub):
    e = one(text, pub)
    assert e.date_start is None and e.date_end is None and e.reason == "empty range"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in almost a year", (D(2016, 9, 29), D(2017, 9, 29))),
        ("in nearly a year", (D(2016, 9, 29), D(2017, 9, 29))),
        ("in almost year", (D(2016, 9, 29), D(2017, 9, 29))),
        ("in more than two years", (D(2015, 9, 29), D(2017, 9, 29))),
        ("since September 19", (D(2017, 9, 19), D(2017, 9, 29))),
        ("since 1991", (D(1991, 1, 1), D(2017, 9, 29))),
        ("since April", (D(2017, 4, 1), D(2017, 9, 29))),
        ("since May", (D(2017, 5, 1), D(2017, 9, 29))),
        ("since yesterday", (D(2017, 9, 28), D(2017, 9, 29))),
        ("since last week", (D(2017, 9, 18), D(2017, 9, 29))),
    ],
)
def test_ranges(text, expected):
    e = one(text, D(2017, 9, 29))
    assert (e.kind, e.precision) == ("range", "range")
    assert (e.date_start, e.date_end) == expected
    assert e.text == text


# ----------------------------------------------------------------------------- explicit dates
@pytest.mark.parametrize(
    "text, pub, expected",
    [
        ("September 19", D(2017, 9, 29), (D(2017, 9, 19), D(2017, 9, 19), "day")),
        ("Sept 26", D(2017, 9, 29), (D(2017, 9, 26), D(2017, 9, 26), "day")),
        ("Sept. 26", D(2017, 9, 29), (D(2017, 9, 26), D(2017, 9, 26), "day")),
        ("Sept 30", D(2017, 9, 29), (D(2016, 9, 30), D(2016, 9, 30), "day")),  # year rollover
        ("December 30", D(2017, 1, 5), (D(2016, 12, 30), D(2016, 12, 30), "day")),
        ("February 29", D(2017, 3, 1), (D(2016, 2, 29), D(2016, 2, 29), "day")),
        ("30 September, 2017", D(2017, 9, 30), (D(2017, 9, 30), D(2017, 9, 30), "day")),
        ("September 29th, 2017", None, (D(2017, 9, 29), D(2017, 9, 29), "day")),
        ("29 September 2017", None, (D(2017, 9, 29), D(2017, 9, 29), "day")),
        ("Friday 29 September 2017", None, (D(2017, 9, 29), D(2017, 9, 29), "day")),
        ("the 5th of May", D(2017, 9, 29), (D(2017, 5, 5), D(2017, 5, 5), "day")),
        ("2017-09-29", None, (D(2017, 9, 29), D(2017, 9, 29), "day")),
        ("September 19-20", D(2017, 9, 29), (D(2017, 9, 19), D(2017, 9, 20), "range")),
        # two dates as one span; the first takes the second's month, a span crossing the new
        # year starts in the year before its end
        ("from March 23 to April 3", D(2022, 4, 8), (D(2022, 3, 23), D(2022, 4, 3), "range")),
        ("between 23 and 31 March 2022", None, (D(2022, 3, 23), D(2022, 3, 31), "range")),
        ("between March 23 and 31", D(2022, 4, 8), (D(2022, 3, 23), D(2022, 3, 31), "range")),
        ("March 28 through April 2, 2022", None, (D(2022, 3, 28), D(2022, 4, 2), "range")),
        ("from 28 December to 3 January", D(2022, 1, 10), (D(2021, 12, 28), D(2022, 1, 3), "range")),
        ("12 - 15 May", D(2022, 6, 1), (D(2022, 5, 12), D(2022, 5, 15), "range")),
        ("January 2016", None, (D(2016, 1, 1), D(2016, 1, 31), "month")),
        ("early January 2016", None, (D(2016, 1, 1), D(2016, 1, 10), "month")),
        ("March 2017", None, (D(2017, 3, 1), D(2017, 3, 31), "month")),
        ("May 2017", None, (D(2017, 5, 1), D(2017, 5, 31), "month")),
        ("May 5", D(2017, 9, 29), (D(2017, 5, 5), D(2017, 5, 5), "day")),
        ("in May", D(2017, 9, 29), (D(2017, 5, 1), D(2017, 5, 31), "month")),
        ("in March", D(2017, 9, 29), (D(2017, 3, 1), D(2017, 3, 31), "month")),
        ("in 2016", None, (D(2016, 1, 1), D(2016, 12, 31), "year")),
        ("in 2016", D(2016, 1, 17), (D(2016, 1, 1), D(2016, 12, 31), "year")),  # explicit: not cut
        ("late 2015", None, (D(2015, 9, 1), D(2015, 12, 31), "year")),
    ],
)
def test_explicit_dates(text, pub, expected):
    e = one(text, pub)
    assert (e.date_start, e.date_end, e.precision) == expected
    assert e.kind == "point" and e.reason is None


def test_month_pairs_and_month_parts():
    pub = D(2017, 9, 29)
    assert [e.text for e in find_time_expressions("between June and August", pub)] == ["June", "August"]
    assert [e.text for e in find_time_expressions("Smith and August Jones", pub)] == []
    found = find_time_expressions("in the last week of August", pub)
    assert [(e.text, e.date_start) for e in found] == [("August", D(2017, 8, 1))]
    assert one("30\xa0September\xa02017", None).date_start == D(2017, 9, 30)  # no-break spaces
    found = find_time_expressions("in September\n19 died", pub)  # never across a line break
    assert [e.text for e in found] == ["September"]


def test_and_joins_two_dates_into_a_span_only_after_between():
    pub = D(2022, 4, 8)
    assert [e.text for e in find_time_expressions("attacks on March 23 and 31", pub)] == ["March 23"]
    assert find_time_expressions("between March 23 and 31", pub)[0].precision == "range"
    assert [e.text for e in find_time_expressions("killed on March 3 and 40 wounded on March 4", pub)] == \
        ["March 3", "March 4"]
    # a later day before an earlier one of the same month is no span
    assert [e.precision for e in find_time_expressions("between 31 and 23 March", pub)] != ["range"]


def test_unicode_case_folding_does_not_break_lookups():
    for text in ["thi\u017f month", "la\u017ft week", "\u017fummer", "this wee\u212a", "\u0663 days ago"]:
        _check_invariants(text, find_time_expressions(text, D(2017, 9, 29)))


def test_year_pairs_and_text_without_preposition():
    found = find_time_expressions("between 2014 and 2016", None)
    assert [e.text for e in found] == ["2014", "2016"]
    found = find_time_expressions("from 2011 to 2013", None)
    assert [e.text for e in found] == ["2011", "2013"]
    assert one("Since renewing airstrikes on September 19, Russia", D(2017, 9, 29)).text == "September 19"


# ----------------------------------------------------------------------------- no publication date
@pytest.mark.parametrize(
    "text",
    ["on Thursday", "yesterday", "last weekend", "earlier this month", "this summer", "three days ago",
     "in almost a year", "since Thursday", "September 19", "early August", "since April", "in August"],
)
def test_no_publication_date(text):
    for pub in (None, pd.NaT, float("nan")):
        e = one(text, pub)
        assert e.date_start is None and e.date_end is None and e.precision is None
        assert e.reason == "no publication date"


def test_no_publication_date_explicit_year_still_resolved():
    e = one("29 September 2017", None)
    assert e.date_start == D(2017, 9, 29) and e.reason is None


def test_published_as_timestamp_or_datetime():
    for pub in (pd.Timestamp("2017-09-29"), dt.datetime(2017, 9, 29, 15, 30), D(2017, 9, 29)):
        assert one("on Thursday", pub).date_start == D(2017, 9, 28)


# ----------------------------------------------------------------------------- durations
@pytest.mark.parametrize(
    "sentence, text, days",
    [
        ("killing 120 in 24 hours of fierce fighting", "24 hours", 1.0),
        ("lifted a three-year-long siege", "three-year-long", 1095.75),
        ("broke a three-year siege", "three-year", 1095.75),
        ("the 46-minute recording", "46-minute", 46 / 1440),
        ("failed for months to break", "for months", 2 * 30.4375),
        ("a 10-day truce", "10-day", 10.0),
        ("fighting lasted two weeks", "two weeks", 14.0),
    ],
)
def test_durations_are_not_dated(sentence, text, days):
    e = one(sentence, D(2017, 9, 29))
    assert (e.text, e.kind, e.date_start, e.date_end, e.precision, e.reason) == (
        text, "duration", None, None, None, "duration")
    assert e.duration_days == pytest.approx(days)


@pytest.mark.parametrize(
    "sentence, text, days, start",
    [
        ("During the past 48 hours, it has changed hands", "the past 48 hours", 2.0, D(2017, 9, 27)),
        ("attacks over the past 10 days", "the past 10 days", 10.0, D(2017, 9, 19)),
        ("in the last two weeks", "the last two weeks", 14.0, D(2017, 9, 15)),
        ("over the past week", "the past week", 7.0, D(2017, 9, 22)),
    ],
)
def test_past_n_durations_also_bound_a_range(sentence, text, days, start):
    e = one(sentence, D(2017, 9, 29))
    assert (e.text, e.kind, e.precision) == (text, "duration", "range")
    assert (e.duration_days, e.date_start, e.date_end) == (days, start, D(2017, 9, 29))


def test_past_n_without_publication():
    e = one("the past 48 hours", None)
    assert e.kind == "duration" and e.duration_days == 2.0 and e.date_start is None
    assert e.reason == "no publication date"


@pytest.mark.parametrize("text", ["the following day", "a day after", "two days later", "days later", "the day before"])
def test_relative_to_other_events_have_no_anchor(text):
    e = one(f"They attacked {text} the raid.", D(2017, 9, 29))
    assert (e.text, e.kind, e.date_start, e.reason) == (text, "point", None, "no anchor")


# ----------------------------------------------------------------------------- false positives
@pytest.mark.parametrize(
    "text",
    [
        "The army's 104th Airborne Brigade and the 137th Artillery Brigade",
        "58 fighters were killed",
        "a 1 MB file",
        "at 10 am",
        "at 10:30 the convoy left",
        "Officials may have been killed and others may flee.",
        "The troops will march on the city. March forward!",
        "May God have mercy, said the commander.",
        "a 10-year-old boy and a man 40 years old",
        "the attack resulted in 2000 deaths",
        "2015 people were displaced, 15% in 2000s",
        "a Mayor and Marines in Augustow",
        "Fridays are quiet",
        "after a day of fierce clashes",
        "",
    ],
)
def test_not_dates(text):
    assert find_time_expressions(text, D(2017, 9, 29)) == []


# ----------------------------------------------------------------------------- invariants
def _check_invariants(text: str, found: list[TimeExpression]) -> None:
    prev_end = 0
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.start >= prev_end  # sorted, non-overlapping
        prev_end = e.end
        assert e.kind in ("point", "range", "duration")
        assert e.precision is None or e.precision in schemas.PRECISIONS
        if e.date_start is None:
            assert e.date_end is None and e.reason
        else:
            assert e.date_end is not None and e.date_start <= e.date_end


_TOKENS = st.sampled_from([
    "on", "since", "last", "this", "early", "mid-", "in", "almost", "the", "past", "Thursday", "Friday",
    "Sept.", "September", "May", "March", "19", "30", "2017", "1991", "yesterday", "weekend", "month", "year",
    "48", "hours", "three-year-long", "ago", "days", "later", "following", "day", ",", ".", "\n", "-", "31st",
    "February", "29", "winter", "summer", "next", "no later than", "2017-09-29", "0", "99",
    "thi\u017f", "\u212a", "\xa0", "\u0663", "Sunday,", "the", "of", "and", "twenty-four", "an",
])


_GATE_TOKENS = st.sampled_from([
    "ago", "AGO", "later", "After", "afterwards", "earlier", "before", "the following", "previous", "preceding", "next",
    "in almost", "in nearly", "over", "more than", "about", "around", "close to", "less than", "under", "the past",
    "the last", "last", "for", "many", "several", "days-long", "hours-long", "morning", "night", "evening", "week",
    "a", "an", "two", "Twenty-One", "hours", "minutes", "months", "decades", "2016", "Monday", "yesterday",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(),
        st.lists(st.one_of(_TOKENS, st.text(max_size=3)), max_size=20).map(" ".join),
    ),
    pub=st.one_of(st.none(), st.dates()),
)
def test_property_never_raises_offsets_valid_deterministic(text, pub):
    found = find_time_expressions(text, pub)
    _check_invariants(text, found)
    assert find_time_expressions(text, pub) == found


def test_corpus_invariants(articles):
    for art in articles.itertuples():
        _check_invariants(art.text, find_time_expressions(art.text, art.published))


# ----------------------------------------------------------------------------- may_hold_expression
def _rule_matches(text: str) -> list[str]:
    """The text of every match of every rule (before choosing among overlapping ones)."""
    return [m.group(0) for _, pattern, _ in _RULES for m in pattern.finditer(text)]


def _assert_may_hold(text: str) -> None:
    for t in _rule_matches(text):
        assert may_hold_expression(t), t
    for e in find_time_expressions(text, D(2017, 9, 29)):
        assert may_hold_expression(e.text), e


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), st.lists(st.one_of(_TOKENS, st.text(max_size=3)), max_size=20).map(" ".join)))
def test_may_hold_expression_holds_for_every_rule_match(text):
    """The claims module skips dating a sentence when ``may_hold_expression`` is false: it
    must be true for every possible match of every rule."""
    _assert_may_hold(text)


@pytest.mark.parametrize("text", [
    "THE DAY BEFORE YESTERDAY", "LAST NIGHT", "This Evening", "TOMORROW", "the following morning", "THE NEXT DAY",
    "in almost a YEAR", "three DECADEs AGO", "46-MINUTE", "FOR HOURs", "SINCE SPRING OF 2016", "last FALL",
    "2017-09-29", "since 1991", "Sept. 26", "5 Jan", "early-Dec 2016", "mid-May", "Friday 29 September 2017",
])
def test_may_hold_expression_examples(text):
    assert _rule_matches(text)
    _assert_may_hold(text)


def test_may_hold_expression_on_corpus(articles):
    for art in articles.itertuples():
        _assert_may_hold(art.text)
    assert not may_hold_expression("IS killed 58 soldiers and wounded 20 in Raqqa, a monitor said.")


# ----------------------------------------------------------------------------- nearest_expression
def test_nearest_expression():
    text = "On Thursday 5 died; the following day 3 more. Over 24 hours, 9."
    ex = find_time_expressions(text, D(2017, 9, 29))
    pos = text.index("3 more")
    assert nearest_expression(ex, pos, pos + 6).text == "Thursday"  # resolved preferred
    assert nearest_expression(ex, pos, pos + 6, window=(19, 45)).text == "the following day"
    pos = text.index("9.")
    assert nearest_expression(ex, pos, pos + 1, window=(46, len(text))) is None  # durations skipped
    assert nearest_expression([], 0, 1) is None
    ex = find_time_expressions("on Wednesday, 5 died, and on Friday 3", D(2017, 9, 29))
    assert nearest_expression(ex, 26, 34).text == "Friday"


# ----------------------------------------------------------------------------- table
def test_time_expressions_table_on_corpus(articles, gold):
    arts_before = articles.copy()
    sents = newslib.sentences_table(articles)
    sents_before = sents.copy()
    table = time_expressions_table(articles, sents)
    schemas.TIME_EXPRESSIONS.validate(table)
    assert tuple(table.columns) == schemas.TIME_EXPRESSIONS.columns
    assert len(table) == len(gold)
    assert table.sentence_id.notna().all()
    texts = articles.set_index("article_id").text
    sent_idx = sents.set_index(["article_id", "sentence_id"])
    for r in table.itertuples():
        assert texts[r.article_id][r.start:r.end] == r.date_text
        s = sent_idx.loc[(r.article_id, r.sentence_id)]
        assert s.start <= r.start and r.end <= s.end
    thursday = table[(table.article_id == "001_41a19ee89e8c43ed") & (table.date_text == "since Thursday")]
    assert thursday.date_start.iloc[0] == pd.Timestamp("2017-09-28")
    assert thursday.date_end.iloc[0] == pd.Timestamp("2017-09-29")
    pd.testing.assert_frame_equal(articles, arts_before)  # inputs not mutated
    pd.testing.assert_frame_equal(sents, sents_before)


def test_time_expressions_table_missing_date_and_empty():
    arts = pd.DataFrame({
        "article_id": ["a", "b"],
        "text": ["Clashes on Thursday.", "Nothing here"],
        "published": pd.to_datetime([None, "2017-09-29"]),
    })
    sents = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 0], "start": [0, 0], "end": [20, 12]})
    table = time_expressions_table(arts, sents)
    assert len(table) == 1 and table.reason.iloc[0] == "no publication date"
    assert pd.isna(table.date_start.iloc[0]) and table.sentence_id.iloc[0] == 0
    empty = time_expressions_table(arts.iloc[1:], sents)
    assert empty.shape == (0, len(schemas.TIME_EXPRESSIONS.columns))
    schemas.TIME_EXPRESSIONS.validate(empty)


# ----------------------------------------------------------------------------- rule gates
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(), st.lists(st.one_of(_TOKENS, _GATE_TOKENS, st.text(max_size=3)), max_size=20).map(" ".join)),
    pub=st.one_of(st.none(), st.dates()),
)
def test_gates_only_skip_rules_that_cannot_match(text, pub):
    """The words a single rule needs ('ago', 'past', 'later' ...) gate it: the same
    expressions as without those gates. (The shared gates are part of the rules: 'the
    following morning' is found only in a text with a time unit, as before.)"""
    from unittest import mock

    import newslib.language.dates as dates_mod

    own = {dates_mod._G_AGO, dates_mod._G_HEDGE, dates_mod._G_PAST, dates_mod._G_LAST, dates_mod._G_RELATIVE,
           dates_mod._G_FOR, dates_mod._G_LONG}
    gate_open = dates_mod._gate_open
    with mock.patch.object(dates_mod, "_gate_open", lambda g, t, low: g in own or gate_open(g, t, low)):
        without = find_time_expressions(text, pub)
    assert find_time_expressions(text, pub) == without
