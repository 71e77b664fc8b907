"""Time expressions: find them in text and resolve them against the publication date.

Offline, deterministic and regex-driven (no dateparser call per token). Each rule is a compiled
pattern with a resolver; candidates of all rules are collected and the longest non-overlapping
ones kept ("since Thursday" beats "Thursday", "the past 48 hours" beats "48 hours").
Offsets refer to the text given, and ``expr.text == text[expr.start:expr.end]``.

>>> [(e.text, str(e.date_start), e.precision) for e in find_time_expressions(
...     "The assault began on Thursday.", dt.date(2017, 9, 29))]
[('Thursday', '2017-09-28', 'day')]

Rules (``pub`` is the publication date; every relative expression needs it, else the dates are
empty with reason ``no publication date`` -- nothing is guessed):

* Matching. Month and weekday names must be capitalised; other words match in any ASCII case
  ("Yesterday", "LAST WEEK"); digits are ASCII; no expression runs across a line break, and
  no-break spaces count as spaces.
* Expression text. Prepositions such as "on", "in", "at", "during", "over" are not part of an
  expression; "since" is (it makes a range), and so are "the" in "the past 48 hours" and "in"
  in "in almost a year" (that construction is a range).
* Weekdays ("Thursday", "on Friday", "this Friday"): the most recent such day on or before
  ``pub``; the publication weekday itself is ``pub``. "last Thursday": the most recent Thursday
  strictly before ``pub``. "next Thursday": the first one strictly after ``pub``. Precision
  ``day``. (dateparser with ``PREFER_DATES_FROM='past'`` moves the publication weekday a week
  back; we do not.) Weekday names must be capitalised; plurals ("Fridays") are not dates.
* "today", "tonight", "this morning/afternoon/evening": ``pub``. "yesterday", "last night":
  ``pub - 1``. "the day before yesterday": ``pub - 2``. "tomorrow": ``pub + 1``. Precision ``day``.
* "this week": Monday of the publication week .. ``pub``; "earlier this week": Monday .. pub-1;
  "last week": the previous Monday .. Sunday; "next week": the next Monday .. Sunday (``week``).
* "last weekend": the most recent Saturday-Sunday whose Sunday is strictly before ``pub`` (so
  on a Saturday or Sunday it is the weekend before); "this weekend": the Saturday-Sunday of the
  publication week, cut at ``pub`` when ``pub`` falls on it (``weekend``). "last week of
  August" is not "last week" (the month is found instead).
* "this month": 1st .. ``pub``; "earlier this month": 1st .. pub-1; "later this month": pub+1 ..
  month end; "last month": the previous calendar month; "next month" (``month``). Same for
  "this/earlier this/last/next year" (``year``). When a period is empty ("earlier this month"
  on the 1st, "earlier this week" on a Monday) the dates are empty with reason ``empty range``.
* Seasons are meteorological (northern): spring Mar-May, summer Jun-Aug, autumn/fall Sep-Nov,
  winter Dec-Feb; winter of year Y is Dec Y .. Feb Y+1. "this summer": the most recent summer
  that began on or before ``pub``, cut at ``pub``; "last summer": the most recent complete
  summer that ended before ``pub``; "summer 2016" / "summer of 2016" as written (``season``).
* "N days/weeks/months/years ago" (digits, number words one..ninety, "a"/"an"): the day
  ``pub - N units`` (both ends), precision ``day``/``week``/``month``/``year`` by unit
  (minutes and hours ago: ``pub``, ``day``).
* "in almost/nearly/over/more than/about a year" (also "in almost year"), "in nearly two
  months": kind ``range``, ``pub - N units .. pub``, precision ``range``. A plain "in 24 hours"
  is a duration ("24 hours").
* "early/mid/late August": days 1-10 / 11-20 / 21-end (precision ``month``). Without a year a
  month or month part takes the latest year whose start is on or before ``pub`` and its end is
  cut at ``pub``; after a future cue ("by", "until", "till", "no later than", "ahead of", "next")
  it takes the earliest year whose end is on or after ``pub`` instead. "early/mid/late 2016":
  Jan-Apr / May-Aug / Sep-Dec (``year``).
* Explicit dates: "September 19", "Sept 26", "Sept. 26", "19 September", "30 September, 2017",
  "September 29th, 2017", "the 5th of May", "Friday 29 September 2017", "2017-09-29" (``day``);
  "September 19-20" (``range``); "January 2016" (whole month, ``month``); "in 2016" (``year``).
  Two dates joined as one span are one ``range``: "from March 23 to April 3", "between 23 and 31
  March", "March 28 through April 2, 2022", "from 28 December to 3 January" (the span crosses the
  year). "and" joins them only after "between" ("on March 23 and 31" is two days).
  A date without a year takes the year that puts it on or before ``pub`` ("December 30" in an
  article of 2017-01-05 is 2016-12-30), or on or after ``pub`` after a future cue. Dates with
  an explicit year are kept as written (never cut at ``pub``).
* Month names must be capitalised. A month without a day or year ("in September") needs a
  preceding preposition or modifier (in, since, during, by, until, from, of, before, after,
  through, early, mid, late, last, this, next...; "and"/"to"/"or" only after another month, as in
  "between June and August"). "May" and "March" alone need "in", "since",
  "until", "early", "mid", "late", "last", "this" or "next" so the verbs are never months.
* Bare years 1900-2099 are dates only after in/since/during/by/until/from/before/after/through/
  between, after "and"/"to"/"or" following another year, after "end/start/summer... of", or with
  early/mid/late; never before a count noun ("in 2000 people") or "%".
* "since X" (X any weekday, date, month, year or relative period): kind ``range``,
  ``X start .. pub``, precision ``range`` ("since 1991" is 1991-01-01 .. pub).
* Durations are not points in time: "24 hours", "three-year-long", "three-year" (siege),
  "46-minute", "for months" -> kind ``duration``, dates empty, reason ``duration``,
  ``duration_days`` set (month = 30.4375 days, year = 365.25; a bare plural such as "for months"
  gives the lower bound, two units). "the past 48 hours", "over the past 10 days", "the last
  week" are durations that also bound an event, so they ALSO carry the range
  ``pub - N units .. pub`` (precision ``range``). Ages ("10-year-old") are not durations.
* Relative to another event ("the following day", "a day after", "two days later", "days
  later", "the day before"): kind ``point``, dates empty, reason ``no anchor``.
* ``reason`` when the dates are empty: ``no publication date``, ``no anchor``, ``duration``,
  ``empty range`` (also: date arithmetic out of range), ``after publication`` ("since 2019" in
  a 2017 article).
* Not handled (never found): times of day ("at 10 am", "10:30"), ordinals and counts
  ("104th Airborne Brigade", "58 fighters", "1 MB"), "recently", "now", holidays, numeric
  dates other than ISO (9/29/2017 is ambiguous), and "a day"/"a week" without a number
  ("after a day of fierce clashes").
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .. import lexicons, schemas
from ..errors import LexiconError

log = logging.getLogger(__name__)

__all__ = [
    "TimeExpression",
    "find_time_expressions",
    "time_expressions_table",
    "nearest_expression",
    "may_hold_expression",
]

NO_PUB = "no publication date"
NO_ANCHOR = "no anchor"
DURATION = "duration"
EMPTY = "empty range"
AFTER_PUB = "after publication"


@dataclass(frozen=True)
class TimeExpression:
    """One time expression: its span in the text and what it resolves to."""

    start: int
    end: int
    text: str
    kind: str  # "point" | "range" | "duration"
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str | None
    duration_days: float | None
    reason: str | None


# ----------------------------------------------------------------------------- vocabulary
# What is read from the lexicons -- the month, weekday and season names of calendar.csv and the
# roles of time_words.csv, in the loaded packs -- is set by _read_lexicons (below the rules),
# when the module is imported and again after lexicons.clear_cache, so a pack loaded later adds
# months or words. These names are (re)bound there:
_MONTHS: dict[str, int]  # month names and abbreviations, lower case -> number (calendar_names)
_WEEKDAYS: dict[str, int]  # full weekday names, lower case -> 0 (Monday) .. 6
_SEASONS: dict[str, int]  # season names, lower case -> first month
#: the full names of the months and weekdays, lower case ('sept' and the other abbreviations not)
CALENDAR_NAMES: frozenset[str]
_MONTH_NAMES: frozenset[str]  # capitalised month names that name a month alone ('Sept' too, not 'Jan')
_MONTH_FULL: str  # (?:January|February|...)
_MONTH_ANY: str  # a full or short month name ('Sept.')
_WEEKDAY: str  # (?:Monday|...)
_FUTURE_CUE: re.Pattern  # 'by', 'ahead of' ... before a date (time_words.csv, future_cue)
_UNITS: dict[str, lexicons.TimeUnit]  # the units of time, lower case (time_units.csv)
_UNIT: str  # (?ai:minute|hour|...): a unit of time, singular
#: a word of time_words.csv -> its meaning, the role's name without its prefix: the days near
#: publication ('last night' -> 'yesterday'), the modifiers ('earlier this'), the parts of a month
#: or year ('mid'), the calendar periods ('weekend')
_MEANING: dict[str, str]
#: the day near publication of each day_ role, in days from it
_DAY_OFFSETS = {"today": 0, "yesterday": -1, "before_yesterday": -2, "tomorrow": 1}
_DAY_ROLES = tuple(f"day_{d}" for d in _DAY_OFFSETS)
_MODS = ("this", "last", "next", "earlier_this", "later_this")
#: the calendar periods after a modifier ('this week'), the roles period_weekend ... of time_words.csv
_PERIOD_ROLES = ("period_weekend", "period_week", "period_month", "period_year")
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {w: i + 1 for i, w in enumerate(_ONES)}
_NUMBER_WORDS.update({w: i + 10 for i, w in enumerate(_TEENS)})
_NUMBER_WORDS.update({w: (i + 2) * 10 for i, w in enumerate(_TENS)})
_NUMBER_WORDS.update({"a": 1, "an": 1})
# the words that make a bare year or month a time expression (lexicons/base/claim_words.csv)
_YEAR_PREV = lexicons.WordSet("year_prep")
_OF_PREV = lexicons.WordSet("of_year_head")
_MONTH_PREV = lexicons.WordSet("month_prep")
_MAY_MARCH_PREV = lexicons.WordSet("may_march_prep")

# ----------------------------------------------------------------------------- regex pieces
_SP = r"[^\S\n]+"  # whitespace that does not cross a line
# The number words one..ninety-nine as a character trie (lexicons.phrase_pattern): the same
# words, and the same preference (the longest first: "seventeen" before "seven"), tried a
# branch per letter instead of one alternative per word.
_NUM_WORD = lexicons.phrase_pattern(
    [f"{t}-{o}" for t in _TENS for o in _ONES] + _TENS + _TEENS + _ONES, split=r"(?!)"
)
_NUM = rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})*(?:\.[0-9]+)?|(?ai:{_NUM_WORD}))"
_SINCE = rf"(?P<since>\b(?ai:since){_SP})?"
_YEAR = r"(?:19|20)[0-9][0-9]"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR_AFTER = rf"(?:,?{_SP}(?P<year>{_YEAR})\b)?"  # ', 2017' after a date
_NO_DECIMALS = r"\b(?!:[0-9]|\.[0-9]|,[0-9])"  # a day is not '23:30', '2.5' or '3,000'

_PREV_WORD = re.compile(r"([A-Za-z]+)[^\S\n]*-?[^\S\n]*$")
_PREV_TWO = re.compile(r"([A-Za-z0-9]+)[^\S\n]+([A-Za-z]+)[^\S\n]*$")


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 20), start)
    return m.group(1).lower() if m else ""


def _future_cue(text: str, start: int) -> bool:
    return _FUTURE_CUE.search(text, max(0, start - 30), start) is not None


def _number(s: str) -> float | None:
    s = s.lower().replace(",", "")
    if s in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[s])
    if "-" in s:
        tens, _, ones = s.partition("-")
        if tens in _NUMBER_WORDS and ones in _NUMBER_WORDS:
            return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[ones])
        return None
    try:
        return float(s)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- date arithmetic
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _minus_units(pub: dt.date, n: float, unit: str) -> dt.date | None:
    """``pub`` less ``n`` units: the whole days gone by for a unit shorter than a day, whole
    calendar months for a unit that counts months (and a whole ``n``), else rounded days."""
    u = _UNITS[unit]
    try:
        if u.days < 1:
            return pub - dt.timedelta(days=int(n * u.days))
        if u.months is None or n != int(n):
            return pub - dt.timedelta(days=round(n * u.days))
        return _add_months(pub, -int(n) * u.months)
    except (OverflowError, ValueError):
        return None


def _season_range(season: str, year: int) -> tuple[dt.date, dt.date]:
    first = _SEASONS[season]
    start = dt.date(year, first, 1)
    end = _month_end(*_divmod_month(year, first + 2))
    return start, end


def _divmod_month(year: int, month: int) -> tuple[int, int]:
    """(year, month) for a month number that may run past December."""
    y, m = divmod(month - 1, 12)
    return year + y, m + 1


def _valid_day(month: int, day: int) -> bool:
    return 1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])


def _day_in_year(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- constructors
def _unresolved(m: re.Match, reason: str, kind: str = "point", duration: float | None = None) -> TimeExpression:
    return TimeExpression(m.start(), m.end(), m.group(0), kind, None, None, None, duration, reason)


def _point(m: re.Match, pub: dt.date | None, start: dt.date | None, end: dt.date | None,
           precision: str) -> TimeExpression:
    """A point (or its ``since`` range). ``start``/``end`` None with no pub -> reason no pub."""
    since = m.groupdict().get("since")
    if start is None or end is None:
        return _unresolved(m, NO_PUB if pub is None else EMPTY, "range" if since else "point")
    if since:
        if pub is None:
            return TimeExpression(m.start(), m.end(), m.group(0), "range", None, None, None, None, NO_PUB)
        if start > pub:
            return _unresolved(m, AFTER_PUB, "range")
        return TimeExpression(m.start(), m.end(), m.group(0), "range", start, pub, "range", None, None)
    if start > end:
        return _unresolved(m, EMPTY)
    return TimeExpression(m.start(), m.end(), m.group(0), "point", start, end, precision, None, None)


def _yearless(m: re.Match, text: str, pub: dt.date | None,
              make: Callable[[int], tuple[dt.date, dt.date] | None], precision: str) -> TimeExpression:
    """Resolve a month/day range without a year: past (cut at pub) or, after a future cue, future."""
    if pub is None:
        return _point(m, None, None, None, precision)
    future = not m.groupdict().get("since") and _future_cue(text, m.start())
    if future:
        for year in range(pub.year, pub.year + 9):
            rng = make(year)
            if rng and rng[1] >= pub:
                return _point(m, pub, rng[0], rng[1], precision)
    else:
        for year in range(pub.year, pub.year - 9, -1):
            rng = make(year)
            if rng and rng[0] <= pub:
                return _point(m, pub, rng[0], min(rng[1], pub), precision)
    return _point(m, pub, None, None, precision)


# ----------------------------------------------------------------------------- resolvers
def _r_weekday(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression:
    if pub is None:
        return _point(m, None, None, None, "day")
    wd = _WEEKDAYS[m.group("wd").lower()]
    mod = _meaning((m.group("mod") or "").strip().lower())
    if mod == "last":
        d = pub - dt.timedelta(days=(pub.weekday() - wd - 1) % 7 + 1)
    elif mod == "next":
        d = pub + dt.timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
    else:
        d = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
    return _point(m, pub, d, d, "day")


def _r_day_keyword(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    offset = _DAY_OFFSETS[_MEANING[re.sub(r"\s+", " ", m.group("kw").lower())]]
    if pub is None:
        return _point(m, None, None, None, "day")
    d = pub + dt.timedelta(days=offset)
    return _point(m, pub, d, d, "day")


def _r_period(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression:
    mod = _MEANING[re.sub(r"\s+", " ", m.group("mod").lower())].replace("_", " ")
    unit = _MEANING[m.group("unit").lower()]
    precision = unit
    if pub is None:
        return _point(m, None, None, None, precision)
    one = dt.timedelta(days=1)
    if unit == "weekend":
        if mod == "last":
            sun = pub - dt.timedelta(days=(pub.weekday() - 6 - 1) % 7 + 1)
            return _point(m, pub, sun - one, sun, "weekend")
        sat = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=5)
        if mod == "next":
            return _point(m, pub, sat + dt.timedelta(days=7), sat + dt.timedelta(days=8), "weekend")
        # this weekend: the weekend of the publication week, cut at pub
        if pub < sat:
            return _point(m, pub, sat, sat + one, "weekend")  # still to come this week
        return _point(m, pub, sat, min(sat + one, pub), "weekend")
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday())
        start, end = {
            "this": (monday, pub),
            "earlier this": (monday, pub - one),
            "later this": (pub + one, monday + dt.timedelta(days=6)),
            "last": (monday - dt.timedelta(days=7), monday - one),
            "next": (monday + dt.timedelta(days=7), monday + dt.timedelta(days=13)),
        }[mod]
    elif unit == "month":
        first = pub.replace(day=1)
        prev = _add_months(first, -1)
        nxt = _add_months(first, 1)
        start, end = {
            "this": (first, pub),
            "earlier this": (first, pub - one),
            "later this": (pub + one, _month_end(pub.year, pub.month)),
            "last": (prev, _month_end(prev.year, prev.month)),
            "next": (nxt, _month_end(nxt.year, nxt.month)),
        }[mod]
    else:  # year
        first = dt.date(pub.year, 1, 1)
        start, end = {
            "this": (first, pub),
            "earlier this": (first, pub - one),
            "later this": (pub + one, dt.date(pub.year, 12, 31)),
            "last": (dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)),
            "next": (dt.date(pub.year + 1, 1, 1), dt.date(pub.year + 1, 12, 31)),
        }[mod]
    return _point(m, pub, start, end, precision)


def _r_season(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression:
    season = m.group("season").lower()
    year = m.groupdict().get("year")
    if year:
        s, e = _season_range(season, int(year))
        return _point(m, pub, s, e, "season")
    if pub is None:
        return _point(m, None, None, None, "season")
    mod = _MEANING[m.group("mod").lower()]
    for y in range(pub.year + 1, pub.year - 3, -1):
        s, e = _season_range(season, y)
        if mod == "this" and s <= pub:
            return _point(m, pub, s, min(e, pub), "season")
        if mod == "last" and e < pub:
            return _point(m, pub, s, e, "season")
    if mod == "next":
        for y in range(pub.year - 1, pub.year + 3):
            s, e = _season_range(season, y)
            if s > pub:
                return _point(m, pub, s, e, "season")
    return _point(m, pub, None, None, "season")


def _r_ago(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    n = _number(m.group("n"))
    if n is None:
        return None
    unit = m.group("unit").lower()
    precision = _UNITS[unit].precision
    if pub is None:
        return _point(m, None, None, None, precision)
    d = _minus_units(pub, n, unit)
    return _point(m, pub, d, d, precision)


def _r_hedged_in(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    n = _number(m.group("n")) if m.group("n") else 1.0
    if n is None:
        return None
    unit = m.group("unit").lower()
    if pub is None:
        return _unresolved(m, NO_PUB, "range")
    d = _minus_units(pub, n, unit)
    if d is None:
        return _unresolved(m, EMPTY, "range")
    return TimeExpression(m.start(), m.end(), m.group(0), "range", d, pub, "range", None, None)


def _r_past(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    n = _number(m.group("n")) if m.groupdict().get("n") else 1.0
    if n is None:
        return None
    unit = m.group("unit").lower()
    days = n * _UNITS[unit].days
    if pub is None:
        return _unresolved(m, NO_PUB, "duration", days)
    d = _minus_units(pub, n, unit)
    if d is None:
        return _unresolved(m, DURATION, "duration", days)
    return TimeExpression(m.start(), m.end(), m.group(0), "duration", d, pub, "range", days, None)


def _r_duration(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    n = _number(m.group("n"))
    if n is None or n == 0:
        return None
    unit = (m.group("unit") or m.group("unit2")).lower()
    return _unresolved(m, DURATION, "duration", n * _UNITS[unit].days)


def _r_vague_duration(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression:
    unit = m.group("unit").lower()
    return _unresolved(m, DURATION, "duration", 2 * _UNITS[unit].days)


def _r_no_anchor(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression:
    return _unresolved(m, NO_ANCHOR)


def _r_month_day(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    month = _MONTHS[m.group("mon").rstrip(".").lower()]
    day = int(m.group("day"))
    day2 = int(m.group("day2")) if m.group("day2") else None
    if not _valid_day(month, day) or (day2 is not None and (not _valid_day(month, day2) or day2 <= day)):
        return None
    precision = "day" if day2 is None else "range"
    last = day2 or day
    if m.group("year"):
        year = int(m.group("year"))
        s, e = _day_in_year(year, month, day), _day_in_year(year, month, last)
        if s is None or e is None:
            return None
        return _point(m, pub, s, e, precision)

    def make(year: int) -> tuple[dt.date, dt.date] | None:
        s, e = _day_in_year(year, month, day), _day_in_year(year, month, last)
        return (s, e) if s and e else None

    return _yearless(m, text, pub, make, precision)


def _r_day_span(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    """Two dates as one span: the first takes the second's month when it has none ("between 23
    and 31 March"), and the year before the second's when its month is later ("from 28 December
    to 3 January")."""
    if m.group("conj").strip().lower() == "and" and not m.group("lead"):
        return None  # "on March 23 and 31": two days, not a span
    mon2 = _MONTHS[(m.group("mon2") or m.group("mon1")).rstrip(".").lower()]
    mon1 = _MONTHS[m.group("mon1").rstrip(".").lower()] if m.group("mon1") else mon2
    day1, day2 = int(m.group("day1")), int(m.group("day2"))
    if not (_valid_day(mon1, day1) and _valid_day(mon2, day2)) or (mon1 == mon2 and day1 >= day2):
        return None

    def make(year: int) -> tuple[dt.date, dt.date] | None:
        s = _day_in_year(year - 1 if (mon1, day1) > (mon2, day2) else year, mon1, day1)
        e = _day_in_year(year, mon2, day2)
        return (s, e) if s and e and s < e else None

    if m.group("year"):
        span = make(int(m.group("year")))
        return _point(m, pub, *span, "range") if span else None
    # the span is past (cut at pub) or, after a future cue, to come; years are tried on its end
    return _yearless(m, text, pub, make, "range")


def _r_iso(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    d = _day_in_year(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if d is None:
        return None
    return _point(m, pub, d, d, "day")


_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def _month_range(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date]:
    if part is None or part == "late":
        lo = 1 if part is None else _PARTS["late"][0]
        return dt.date(year, month, lo), _month_end(year, month)
    lo, hi = _PARTS[part]
    return dt.date(year, month, lo), dt.date(year, month, hi)


def _meaning(word: str) -> str:
    """What a modifier or part word means ('last', 'mid': the role's name without its prefix);
    the word itself when it has no such role (a modifier with another space inside)."""
    return _MEANING.get(word, word)


def _part(mod: str | None) -> str | None:
    if not mod:
        return None
    word = _meaning(mod.strip(" -\t").lower())
    return word if word in _PARTS else None


def _r_month_year(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression:
    month = _MONTHS[m.group("mon").rstrip(".").lower()]
    s, e = _month_range(int(m.group("year")), month, _part(m.group("mod")))
    return _point(m, pub, s, e, "month")


def _r_month(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    name = m.group("mon")
    month = _MONTHS[name.lower()]
    mod_raw = m.group("mod")
    mod = _meaning(mod_raw.strip(" -\t").lower()) if mod_raw else ""
    if not mod and not m.group("since"):
        prev = _prev_word(text, m.start())
        if prev in ("and", "to", "or"):  # "between June and August": only after another month
            two = _PREV_TWO.search(text, max(0, m.start() - 30), m.start())
            if not (two and two.group(1) in _MONTH_NAMES):
                return None
        elif prev not in (_MAY_MARCH_PREV if name in ("May", "March") else _MONTH_PREV):
            return None
    part = mod if mod in _PARTS else None
    if mod in ("last", "next", "this"):
        if pub is None:
            return _point(m, None, None, None, "month")
        if mod == "this":
            year = pub.year
        elif mod == "last":
            year = pub.year if month < pub.month else pub.year - 1
        else:
            year = pub.year if month > pub.month else pub.year + 1
        s, e = _month_range(year, month, None)
        if mod == "this" and s <= pub:
            e = min(e, pub)
        return _point(m, pub, s, e, "month")
    return _yearless(m, text, pub, lambda y: _month_range(y, month, part), "month")


def _r_year(m: re.Match, text: str, pub: dt.date | None) -> TimeExpression | None:
    year = int(m.group("year"))
    mod = _meaning((m.group("mod") or "").strip(" -\t").lower())
    if not mod and not m.group("since"):
        prev = _prev_word(text, m.start())
        if prev in ("and", "to", "or"):
            two = _PREV_TWO.search(text, max(0, m.start() - 30), m.start())
            if not (two and re.fullmatch(_YEAR, two.group(1))):
                return None
        elif prev == "of":
            two = _PREV_TWO.search(text, max(0, m.start() - 30), m.start())
            if not (two and two.group(1).lower() in _OF_PREV):
                return None
        elif prev not in _YEAR_PREV:
            return None
    if m.group("noun") and m.group("noun").lower() in lexicons.words("count_noun"):
        return None
    if mod in _YEAR_PARTS:
        lo, hi = _YEAR_PARTS[mod]
        s, e = dt.date(year, lo, 1), _month_end(year, hi)
    else:
        s, e = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return _point(m, pub, s, e, "year")


# ----------------------------------------------------------------------------- rules
_Resolver = Callable[[re.Match, str, "dt.date | None"], "TimeExpression | None"]

# A rule runs only when one of its gate words is in the text (or in the lower-cased text):
# plain substring tests are much cheaper than scanning the pattern over every sentence.
_Gate = tuple[tuple[str, ...], bool]
_G_YEAR: _Gate = (("19", "20"), False)
# words a single rule cannot match without (its (?ai:...) words, so in the lower-cased text)
_G_AGO: _Gate = (("ago",), True)
_G_PAST: _Gate = (("past",), True)
_G_LAST: _Gate = (("last",), True)
_G_FOR: _Gate = (("for",), True)
_G_LONG: _Gate = (("long",), True)
# the gates of the lexicons' words, set by _read_lexicons: the last word of a day near publication
# ("night" of "last night"), a calendar period, a unit of time, a weekday ("day", or the names when a
# pack's weekday has no "day"), a season, a month's first three letters (_MONTH_STEMS), the first
# word of a duration hedge ("in almost a year"), a word of a time relative to another event
_G_DAYKW: _Gate
_G_PERIOD: _Gate
_G_UNIT: _Gate
_G_WEEKDAY: _Gate
_G_SEASON: _Gate
_G_MONTH: _Gate
_G_HEDGE: _Gate
_G_RELATIVE: _Gate


def _gate_open(gate: _Gate, text: str, lower: str) -> bool:
    """A rule runs only if one of its gate words occurs in the text (or in the lower-cased
    text): substring tests, far cheaper than scanning a rule's pattern."""
    return any(map((lower if gate[1] else text).__contains__, gate[0]))


def _rx(first: str, pattern: str) -> re.Pattern:
    """Compile ``pattern`` behind a look-ahead for its possible first characters (a fast reject)."""
    return re.compile(rf"(?=[{first}]){pattern}")


def _words(*roles: str, sep: str = _SP) -> str:
    """The words of roles of ``time_words.csv`` as one alternation, in any ASCII case."""
    return f"(?ai:{lexicons.WordSet(*roles).pattern(sep)})"


def _role_words(*roles: str) -> frozenset[str]:
    return frozenset().union(*(lexicons.words(r) for r in roles))


def _initials(names, both: bool = False) -> str:
    """The first letters of ``names`` as written (``both``: in either case): where a rule may start."""
    firsts = {n[0] for n in names if n}
    return "".join(sorted(firsts | {c.swapcase() for c in firsts} if both else firsts))


def _day(name: str) -> str:
    """A day of the month ('3', '23rd') in group ``name``."""
    return rf"(?P<{name}>{_DAY}){_ORD}"


#: (gates, pattern, resolver): the rule runs when all its gates are open. Filled by _read_lexicons.
_RULES: list[tuple[tuple[_Gate, ...], re.Pattern, _Resolver]] = []


def _rules() -> list[tuple[tuple[_Gate, ...], re.Pattern, _Resolver]]:
    """The rules, compiled from the names and words of the loaded packs (_read_lexicons)."""
    wd = _initials([n.capitalize() for n in _WEEKDAYS])
    mon = _initials([n.capitalize() for n in _MONTHS])
    season = _initials(_SEASONS, both=True)
    lead = _initials(lexicons.words("span_lead"), both=True)
    units = _initials(_UNITS, both=True)
    days = _words(*_DAY_ROLES)  # today, last night ...
    mods3, mods5 = ("mod_last", "mod_this", "mod_next"), tuple(f"mod_{m}" for m in _MODS)
    mod3, mod5 = _words(*mods3), _words(*mods5)
    mod3_first, mod5_first = _initials(_role_words(*mods3), both=True), _initials(_role_words(*mods5), both=True)
    parts = tuple(f"part_{p}" for p in _PARTS)
    part, part_first = _words(*parts), _initials(_role_words(*parts), both=True)
    part_mod, part_mod_first = _words(*parts, *mods3), _initials(_role_words(*parts, *mods3), both=True)
    # 'the last week': a unit of a week or more (not 'the last day')
    long_unit = "(?ai:" + lexicons.phrase_pattern([u for u, x in _UNITS.items() if x.days >= 7], split=r"(?!)") + ")"
    seasons = "(?ai:" + "|".join(map(re.escape, _SEASONS)) + ")"
    span_lead = rf"(?P<lead>\b{_words('span_lead')}{_SP})?"  # 'from', 'between'
    span_conj = rf"(?P<conj>{_SP}{_words('span_conj')}{_SP}|{_SP}?[-–]{_SP}?)"  # 'to', 'through', '-'
    day_to = rf"(?:[-–]{_day('day2')})?"  # 'September 19-20'
    return [
        # weekdays, optionally with since / last / this / next
        ((_G_WEEKDAY,), _rx("Ss" + mod3_first + wd, rf"{_SINCE}(?P<mod>\b{mod3}{_SP})?\b(?P<wd>{_WEEKDAY})\b"), _r_weekday),
        # today, yesterday ...
        ((_G_DAYKW,), _rx("Ss" + _initials(_role_words(*_DAY_ROLES), both=True), rf"{_SINCE}\b(?P<kw>{days})\b"), _r_day_keyword),
        # this week, last month, earlier this year, last weekend ...
        ((_G_PERIOD,), _rx("Ss" + mod5_first,
            rf"{_SINCE}\b(?P<mod>{mod5}){_SP}"
            rf"(?P<unit>{_words(*_PERIOD_ROLES)})\b(?!{_SP}(?ai:of)\b)"), _r_period),
        # seasons
        ((_G_SEASON,), _rx("Ss" + mod3_first, rf"{_SINCE}\b(?P<mod>{mod3}){_SP}(?P<season>{seasons})\b"), _r_season),
        ((_G_SEASON,), _rx("Ss" + season, rf"{_SINCE}\b(?P<season>{seasons})(?:{_SP}(?ai:of))?{_SP}(?P<year>{_YEAR})\b"),
         _r_season),
        # N units ago
        ((_G_UNIT, _G_AGO), _rx("0-9OoTtFfSsEeNnAa", rf"{_SINCE}\b(?P<n>{_NUM}|(?ai:an?)){_SP}(?P<unit>{_UNIT})s?{_SP}(?ai:ago)\b"), _r_ago),
        # in almost a year
        ((_G_UNIT, _G_HEDGE), _rx("Ii", rf"\b(?ai:in){_SP}{_words('duration_hedge')}{_SP}(?:(?ai:an?){_SP}|(?P<n>{_NUM}){_SP})?"
                                  rf"(?P<unit>{_UNIT})s?\b"), _r_hedged_in),
        # the past 48 hours, over the past 10 days, the past week, the last two weeks, the last month
        ((_G_UNIT, _G_PAST), _rx("TtPp", rf"(?:\b(?ai:the){_SP})?\b(?ai:past){_SP}(?:(?P<n>{_NUM}){_SP})?(?P<unit>{_UNIT})s?\b"), _r_past),
        ((_G_UNIT, _G_LAST), _rx("TtLl", rf"(?:\b(?ai:the){_SP})?\b(?ai:last){_SP}(?P<n>{_NUM}){_SP}(?P<unit>{_UNIT})s?\b"), _r_past),
        ((_G_UNIT, _G_LAST), _rx("Tt", rf"\b(?ai:the){_SP}(?ai:last){_SP}(?P<unit>{long_unit})\b(?!{_SP}(?ai:of)\b)"),
         _r_past),
        # relative to another event
        ((_G_UNIT, _G_RELATIVE), _rx("0-9OoTtFfSsEeNnAa" + units,
            rf"\b(?:(?:{_NUM}|(?ai:an?)){_SP}{_UNIT}s?|{_UNIT}s){_SP}{_words('relative_after')}\b"
            rf"|\b(?ai:the){_SP}{_words('relative_the')}{_SP}{_words('relative_noun')}\b"
            rf"|\b(?ai:the){_SP}(?ai:next){_SP}(?ai:day|morning)\b"
            rf"|\b(?ai:the){_SP}(?ai:day){_SP}{_words('relative_day_side')}\b"), _r_no_anchor),
        # durations
        ((_G_UNIT,), _rx("0-9OoTtFfSsEeNn", rf"\b(?P<n>{_NUM})(?:-(?P<unit>{_UNIT})(?:-(?ai:long))?|{_SP}(?P<unit2>{_UNIT})s?)\b"
                                           rf"(?!-(?ai:old)\b|{_SP}(?ai:old)\b)"), _r_duration),
        ((_G_UNIT, _G_FOR), _rx("Ff", rf"\b(?ai:for){_SP}(?:{_words('vague_many')}{_SP})?(?P<unit>{_UNIT})s\b"), _r_vague_duration),
        ((_G_UNIT, _G_LONG), _rx(units, rf"\b(?P<unit>{_UNIT})s-(?ai:long)\b"), _r_vague_duration),
        # two dates as one span, the month first or the day first: "from March 23 to April 3",
        # "between 23 and 31 March" (one resolver reads both)
        ((_G_MONTH,), _rx(lead + mon, rf"{span_lead}\b(?P<mon1>{_MONTH_ANY}){_SP}{_day('day1')}{span_conj}"
                                      rf"(?:(?P<mon2>{_MONTH_ANY}){_SP})?{_day('day2')}{_NO_DECIMALS}{_YEAR_AFTER}"), _r_day_span),
        ((_G_MONTH,), _rx(lead + "0-9", rf"{span_lead}\b{_day('day1')}(?:{_SP}(?P<mon1>{_MONTH_ANY}))?{span_conj}"
                                        rf"{_day('day2')}{_SP}(?P<mon2>{_MONTH_ANY})(?![A-Za-z]){_YEAR_AFTER}"), _r_day_span),
        # explicit dates, the month first or the day first: "Friday, September 29th, 2017", "the 5th of May"
        ((_G_MONTH,), _rx("Ss" + wd + mon, rf"{_SINCE}\b(?:{_WEEKDAY},?{_SP}(?:(?ai:the){_SP})?)?(?P<mon>{_MONTH_ANY}){_SP}"
                                           rf"{_day('day')}{day_to}{_NO_DECIMALS}{_YEAR_AFTER}"), _r_month_day),
        ((_G_MONTH,), _rx("Ss" + wd + "t0-9", rf"{_SINCE}\b(?:{_WEEKDAY},?{_SP})?(?:(?ai:the){_SP})?{_day('day')}{day_to}"
                                              rf"(?:{_SP}(?ai:of))?{_SP}(?P<mon>{_MONTH_ANY})(?![A-Za-z]){_YEAR_AFTER}"), _r_month_day),
        ((_G_YEAR,), _rx("Ss12", rf"{_SINCE}\b(?P<y>{_YEAR})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])\b(?!-[0-9])"), _r_iso),
        ((_G_MONTH,), _rx("Ss" + part_first + mon, rf"{_SINCE}(?P<mod>\b{part}(?:-|{_SP}))?\b(?P<mon>{_MONTH_ANY}),?{_SP}"
                                            rf"(?:(?ai:of){_SP})?(?P<year>{_YEAR})\b(?![-–/.,]?[0-9])"), _r_month_year),
        ((_G_MONTH,), _rx("Ss" + part_mod_first + mon, rf"{_SINCE}(?P<mod>\b{part_mod}(?:-|{_SP}))?"
                                                rf"\b(?P<mon>{_MONTH_FULL})\b"), _r_month),
        ((_G_YEAR,), _rx("Ss" + part_first + "12", rf"{_SINCE}(?P<mod>\b{part}(?:-|{_SP}))?\b(?P<year>{_YEAR})\b"
                                       rf"(?![-–/.,:]?[0-9]|%|{_SP}?(?ai:percent|per{_SP}cent)\b)(?=(?:{_SP}(?P<noun>[A-Za-z]+))?)"), _r_year),
    ]


#: the rules' patterns, each tried only at the words where a match of it can start
_STARTS: lexicons.WordStarts
#: the distinct gates, and each rule's gates as indices into them
_GATES: list[_Gate] = []
_RULE_GATES: list[tuple[int, ...]] = []

#: Every match of every rule above contains one of these (checked in tests/language/test_dates.py): in
#: lower case, a weekday ("day"), a time unit, a season or a day keyword (the rules' words are
#: ASCII, so ``str.lower`` maps any case they accept onto these); as written, a month name or
#: abbreviation (capitalised, as the rules want it); or a 4-digit 19xx/20xx (ISO dates, years).
_HOLD_WORDS: tuple[str, ...]
_HOLD_MONTHS: tuple[str, ...]
_HOLD_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}")


def _read_lexicons() -> None:
    """(Re)read what the rules take from the lexicons -- the calendar's month, weekday and season
    names and the roles of ``time_words.csv`` -- and compile the rules: at import, and again after
    ``lexicons.clear_cache`` (a pack loaded later adds months or words). The rule list and the gate
    lists are refilled in place, so a reference taken before stays current."""
    global _MONTHS, _WEEKDAYS, _SEASONS, CALENDAR_NAMES, _MONTH_NAMES, _MONTH_FULL, _MONTH_ANY, _WEEKDAY
    global _FUTURE_CUE, _UNITS, _UNIT, _MEANING, _G_DAYKW, _G_PERIOD, _G_UNIT
    global _G_WEEKDAY, _G_SEASON, _G_MONTH, _G_HEDGE, _G_RELATIVE, _MONTH_STEMS, _STARTS
    global _HOLD_WORDS, _HOLD_MONTHS
    _MONTHS = lexicons.calendar_names("month")
    _WEEKDAYS = lexicons.calendar_names("weekday", ("full",))
    _SEASONS = lexicons.calendar_names("season", ("full",))
    full_months = lexicons.calendar_names("month", ("full",))
    CALENDAR_NAMES = frozenset(full_months) | frozenset(_WEEKDAYS)
    _MONTH_NAMES = frozenset(k.capitalize() for k in _MONTHS if len(k) > 3 or k == "may")
    _MONTH_FULL = lexicons.calendar_pattern("month", ("full",), cased=True)
    _MONTH_ANY = rf"(?:{_MONTH_FULL}|{lexicons.calendar_pattern('month', ('short',), cased=True)}\.?)"
    _WEEKDAY = lexicons.calendar_pattern("weekday", ("full",), cased=True)
    _FUTURE_CUE = re.compile(rf"(?ai)\b{_words('future_cue', sep=' ')}[^\S\n]+(?:the[^\S\n]+)?$")
    _UNITS = lexicons.time_units()
    _UNIT = "(?ai:" + lexicons.phrase_pattern(_UNITS, split=r"(?!)") + ")"
    _MEANING = {w: role.split("_", 1)[1] for role in (*_DAY_ROLES, *(f"mod_{m}" for m in _MODS),
                                                      *(f"part_{p}" for p in _PARTS), *_PERIOD_ROLES)
                for w in sorted(lexicons.words(role))}
    _G_DAYKW = (tuple(sorted({w.split()[-1] for w in _role_words(*_DAY_ROLES)})), True)
    _G_PERIOD = (tuple(sorted(_role_words(*_PERIOD_ROLES))), True)
    _G_UNIT = (tuple(_UNITS), True)
    weekdays = tuple(n.capitalize() for n in _WEEKDAYS)
    _G_WEEKDAY = (("day",), False) if all("day" in n for n in weekdays) else (weekdays, False)
    _G_SEASON = (tuple(_SEASONS), True)
    #: a month's first three letters, capitalised: every month name and abbreviation holds one
    _MONTH_STEMS = tuple(dict.fromkeys(m[:3].capitalize() for m in full_months))
    _G_MONTH = (_MONTH_STEMS, False)
    _G_HEDGE = (tuple(sorted({w.split()[0] for w in lexicons.words("duration_hedge")})), True)
    _G_RELATIVE = (tuple(sorted(lexicons.words("relative_after") | lexicons.words("relative_the") | {"next"})), True)
    _RULES[:] = _rules()
    _STARTS = lexicons.WordStarts(pattern for _, pattern, _ in _RULES)
    _GATES[:] = dict.fromkeys(g for gates, _, _ in _RULES for g in gates)
    _RULE_GATES[:] = [tuple(_GATES.index(g) for g in gates) for gates, _, _ in _RULES]
    # 'day' and 'morning': the rule of 'the next day', 'the day before'
    _HOLD_WORDS = tuple(dict.fromkeys(("day", "morning", *_G_DAYKW[0], *_G_PERIOD[0], *_UNITS,
                                       *sorted(lexicons.words("relative_noun")), *_G_WEEKDAY[0],
                                       *map(str.lower, _SEASONS))))
    _HOLD_MONTHS = _MONTH_STEMS
    _hold_substrings.cache_clear()
    _STALE[0] = False


#: True when the lexicons could not be read again after clear_cache (an unknown pack, a bad
#: file): the next use reads them, and raises the LexiconError where its caller handles it
_STALE = [False]


def _reread() -> None:
    """After ``lexicons.clear_cache``: read the lexicons again now, or at the next use if they
    cannot be read (clear_cache itself never raises)."""
    try:
        _read_lexicons()
    except LexiconError:
        _STALE[0] = True


def may_hold_expression(text: str) -> bool:
    """False when no time expression can lie wholly inside ``text``: then
    ``find_time_expressions`` of any text containing ``text`` finds none inside it (True
    promises nothing). A cheap test (substring checks) before dating a claim sentence.

    >>> may_hold_expression("IS may have killed 58."), may_hold_expression("Five died on 5 May.")
    (False, True)
    """
    if _STALE[0]:
        _read_lexicons()
    # one pass of an Aho-Corasick automaton per list (lexicons.Substrings), not one per word
    words, months = _hold_substrings()
    return words.any_in(text.lower()) or months.any_in(text) or _HOLD_YEAR_RE.search(text) is not None


@functools.cache
def _hold_substrings() -> tuple[lexicons.Substrings, lexicons.Substrings]:
    return lexicons.Substrings(_HOLD_WORDS), lexicons.Substrings(_HOLD_MONTHS)


def may_hold_expression_plain(text: str) -> bool:
    """``may_hold_expression`` with one substring test per word (tests/test_speed.py compares them)."""
    if _STALE[0]:
        _read_lexicons()
    return (any(map(text.lower().__contains__, _HOLD_WORDS)) or any(map(text.__contains__, _HOLD_MONTHS))
            or _HOLD_YEAR_RE.search(text) is not None)


_read_lexicons()
lexicons.register_cache(_reread)


# ----------------------------------------------------------------------------- public API
def as_date(value) -> dt.date | None:
    """A publication date as ``datetime.date`` (None for None/NaT/NaN)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def find_time_expressions(text: str, published: dt.date | None) -> list[TimeExpression]:
    """Time expressions in ``text``, resolved against ``published``; sorted, non-overlapping.

    >>> e = find_time_expressions("Fighting since Thursday; 24 hours of clashes.", dt.date(2017, 9, 29))
    >>> [(x.text, x.kind, str(x.date_start), str(x.date_end), x.duration_days) for x in e]
    [('since Thursday', 'range', '2017-09-28', '2017-09-29', None), ('24 hours', 'duration', 'None', 'None', 1.0)]
    """
    if not text:
        return []
    if _STALE[0]:
        _read_lexicons()
    pub = as_date(published)
    cands: list[TimeExpression] = []
    for k, m in _rule_matches(text):
        try:
            e = _RULES[k][2](m, text, pub)
        except (ValueError, OverflowError) as exc:  # arithmetic out of range: no date
            log.debug("time expression %r not resolved: %s", m.group(0), exc)
            e = _unresolved(m, EMPTY)
        if e is not None and e.end > e.start:
            cands.append(e)
    # longest first, then leftmost; keep those that do not overlap a kept one
    cands.sort(key=lambda e: (-(e.end - e.start), e.start))
    # the kept ones never overlap, so sorted by start they are sorted by end too: an overlap
    # test needs only the two neighbours of the insertion point (a long article has thousands)
    taken: list[TimeExpression] = []
    for e in cands:
        i = bisect.bisect_left(taken, e.start, key=_start)
        if (i > 0 and taken[i - 1].end > e.start) or (i < len(taken) and taken[i].start < e.end):
            continue
        taken.insert(i, e)
    return taken


@lexicons.text_memo(8192)
def _rule_matches(text: str) -> tuple[tuple[int, re.Match], ...]:
    """(rule index, match) of every non-empty match of the rules (``_RULES``) in ``text``, rule
    by rule, each left to right: what ``find_time_expressions`` then resolves against a
    publication date. It reads the text alone: found once per distinct text (an article, or a
    sentence, copied by several outlets)."""
    lower = text.lower()
    out: list[tuple[int, re.Match]] = []
    gates: list[bool | None] = [None] * len(_GATES)  # each gate tested once, when first needed
    starts = _STARTS.candidates(text, lower)
    for k, gate_ids in enumerate(_RULE_GATES):
        if starts is not None and starts[k] is not None and not starts[k]:
            continue  # no word where a match of this rule could start
        shut = False
        for g in gate_ids:
            open_ = gates[g]
            if open_ is None:
                open_ = gates[g] = _gate_open(_GATES[g], text, lower)
            if not open_:
                shut = True
                break
        if shut:
            continue
        out.extend((k, m) for m in _STARTS.finditer(k, text, starts) if m.end() != m.start())
    return tuple(out)


def _start(e: TimeExpression) -> int:
    return e.start


def within(exprs: list[TimeExpression], start: int, end: int) -> list[TimeExpression]:
    """The expressions of ``exprs`` that lie inside ``[start, end)``, by bisection.

    ``exprs`` is sorted by start and its members do not overlap, as ``find_time_expressions``
    returns them (and any subset of that list).

    >>> es = find_time_expressions("On Monday, then on Friday.", dt.date(2017, 9, 29))
    >>> [e.text for e in within(es, 9, 26)]
    ['Friday']
    """
    out = []
    for k in range(bisect.bisect_left(exprs, start, key=_start), len(exprs)):
        e = exprs[k]
        if e.end > end:
            break
        out.append(e)
    return out


def nearest_expression(exprs: list[TimeExpression], start: int, end: int,
                       window: tuple[int, int] | None = None) -> TimeExpression | None:
    """The non-duration expression nearest to ``[start, end)`` inside ``window``.

    Resolved expressions are preferred over unresolved ones; among equals the nearest wins,
    then the earlier one.

    >>> ex = find_time_expressions("On Thursday 5 died, the following day 3.", dt.date(2017, 9, 29))
    >>> nearest_expression(ex, 26, 38).text
    'Thursday'
    """
    best, best_key = None, None
    for e in exprs:
        if e.kind == "duration":
            continue
        if window is not None and (e.start < window[0] or e.end > window[1]):
            continue
        if e.end <= start:
            dist = start - e.end
        elif e.start >= end:
            dist = e.start - end
        else:
            dist = 0
        key = (e.date_start is None, dist, e.start)
        if best_key is None or key < best_key:
            best, best_key = e, key
    return best


def time_expressions_table(articles: pd.DataFrame, sentences: pd.DataFrame,
                           found: dict | None = None) -> pd.DataFrame:
    """One row per time expression in each article (``schemas.TIME_EXPRESSIONS``).

    ``articles`` needs ``article_id``, ``text``, ``published``; ``sentences`` needs
    ``article_id``, ``sentence_id``, ``start``, ``end``. Inputs are not modified. ``found``:
    article id -> an object whose ``all_time_expressions`` are the article's
    ``find_time_expressions`` (a ``language.document.Document``), used instead of finding them again.

    >>> import newslib                                  # doctest: +SKIP
    >>> arts = newslib.ingest("data/raw").articles       # doctest: +SKIP
    >>> time_expressions_table(arts, newslib.sentences_table(arts))  # doctest: +SKIP
    """
    bounds: dict[str, tuple[list[int], list[int], list[int]]] = {}
    if len(sentences):
        # column lists, one pass (a groupby made a frame per article)
        cols = zip(sentences["article_id"].astype(str).tolist(), sentences["start"].tolist(),
                   sentences["end"].tolist(), sentences["sentence_id"].tolist())
        for aid, a, b, sid in sorted(cols, key=lambda r: (r[0], int(r[1]))):
            starts, ends, ids = bounds.setdefault(aid, ([], [], []))
            starts.append(int(a))
            ends.append(int(b))
            ids.append(int(sid))
    rows = []
    for aid, text, published in zip(articles["article_id"], articles["text"], articles["published"]):
        if not isinstance(text, str):
            continue
        starts, ends, ids = bounds.get(str(aid), ([], [], []))
        known = found.get(aid) if found else None
        for e in (known.all_time_expressions if known is not None else find_time_expressions(text, as_date(published))):
            i = bisect.bisect_right(starts, e.start) - 1
            sid = ids[i] if i >= 0 and e.start < ends[i] else None
            rows.append({
                "article_id": str(aid), "sentence_id": sid, "start": e.start, "end": e.end,
                "date_text": e.text, "kind": e.kind,
                "date_start": pd.Timestamp(e.date_start) if e.date_start else pd.NaT,
                "date_end": pd.Timestamp(e.date_end) if e.date_end else pd.NaT,
                "precision": e.precision, "duration_days": e.duration_days, "reason": e.reason,
            })
    if not rows:
        return schemas.TIME_EXPRESSIONS.empty()
    log.debug("time_expressions_table: %d expressions in %d articles", len(rows), len(articles))
    return schemas.TIME_EXPRESSIONS.conform(pd.DataFrame(rows))
