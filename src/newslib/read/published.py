"""Publication dates: from the metadata, the URL and the article's own text, with their basis.

An article's publication date is a window: ``start`` and ``end`` are the first and last day it
can be (equal for a full date; a month or a year for partial metadata such as "2024-05" or
"2024"). The sources, strongest first:

1. ``metadata``: a full date in the metadata (``published`` column or sidecar);
2. ``url``: a date in the article's URL path (``/2024/05/26/``, ``/20161009/``);
3. the text, near the top (page furniture such as a masthead's viewing date loses to the
   article's own dating):

   * ``publication line``: a labelled line ("Publication Date 8 October 2016", "Published: ...");
   * ``dateline``: a date opening a paragraph and tied to the story ("May 26, 2024 (EL FASHER) -",
     "Addis Abeba, March 24/2021 -", "May 21, 2024 - For the past ...");
   * ``date line``: a line that is only a date ("15 May 2024", "Sun May 12 2024");
   * ``date stamp``: a web store's ``date YYYY-MM-DD`` marker opening a line;
   * ``updated line``: "Updated 15 October 2016" (an update can be later than publication);

4. partial metadata (``metadata (month)``, ``metadata (year)``) or a partial URL date
   (``url (month)``): the window, unless a full date from the text falls inside it, which
   then wins (its basis says both, e.g. ``dateline (within metadata month)``).

Relative expressions ("on Thursday") are resolved only against a publication date of day
precision (``start == end``): see ``day_precision``.

>>> pick(None, None, "Headline\\nFriday, November 22, 2024\\nMay 26, 2024 (EL FASHER) - Fighting went on.")
PublicationDate(start=datetime.date(2024, 5, 26), end=datetime.date(2024, 5, 26), basis='dateline', evidence='May 26, 2024 (EL FASHER) -')
>>> pick("2024-05", None, "No date here.").basis, pick("2024-05", None, "No date here.").end
('metadata (month)', datetime.date(2024, 5, 31))
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from .. import lexicons

#: how far into the text (characters, lines) the article's own dating is looked for
TEXT_WINDOW_CHARS = 4000
DATE_LINE_MAX_LINES = 12

_TIME = r"(?:\s*[,|\-–]?\s*\d{1,2}:\d{2}.*)?"
_DASH = r"\s*(?:[—–-]{1,2}|:)(?:\s|$)"


class _Patterns(NamedTuple):
    month_num: dict[str, int]  # full month name, lower case -> number
    date_line: re.Pattern  # a line that is only a date
    label: re.Pattern  # "Published on: 26 May 2024"
    updated: re.Pattern  # "Last updated: ..."
    datelines: tuple[re.Pattern, ...]  # a date opening the text before a dash


@functools.cache
def _patterns() -> _Patterns:
    """The patterns of dates written out, from the month and weekday names (full and short) of the
    loaded packs' calendar.csv, matched in any case; compiled again after lexicons.clear_cache."""
    months = lexicons.calendar_pattern("month")
    weekday = lexicons.calendar_pattern("weekday") + r"\.?,?\s+"
    # one date written out: "26 May 2024", "May 26, 2024", "Oct. 8, 2016", "March 24/2021", "2024-05-26"
    date = (rf"(?i:(?:{weekday})?"
            rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{months})\.?,?\s+(?P<y1>\d{{4}})"
            rf"|(?P<m2>{months})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+|\s*/\s*)(?P<y2>\d{{4}})"
            rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})))")
    date_line = re.compile(rf"^{date}{_TIME}$", re.IGNORECASE)
    # the labels before a date ('Published on:', 'Last updated'): roles of time_words.csv
    published, updated = (lexicons.WordSet(r).pattern(" ") for r in ("publication_label", "update_label"))
    label = re.compile(rf"^{published}\s*:?\s*{date}", re.IGNORECASE)
    updated_re = re.compile(rf"^(?:last\s+)?{updated}\s*:?\s*{date}", re.IGNORECASE)
    datelines = (
        # "May 26, 2024 (EL FASHER) – ..." / "May 21, 2024 — For the past ..."
        re.compile(rf"^{date}\s*(?:\([^)\n]{{2,40}}\))?{_DASH}", re.IGNORECASE),
        # "Addis Abeba, March 24/2021 – ..." / "SANAA, Oct 8, 2016 (AP) - ..."
        re.compile(rf"^[A-Z][\w .'’\-]{{1,40}},\s*{date}\s*(?:\([^)\n]{{2,40}}\))?{_DASH}"),
        # "News Service – 26/2/21": numbers, day first, only when the day is over 12 (unambiguous)
        re.compile(r"^[A-Z][\w .'’\-]{1,40}\s[—–-]\s(?P<nd>1[3-9]|2\d|3[01])/(?P<nm>0?[1-9]|1[0-2])/(?P<ny>\d{4}|\d{2})$"),
    )
    return _Patterns(lexicons.calendar_names("month", ("full",)), date_line, label, updated_re, datelines)


lexicons.register_cache(_patterns.cache_clear)

#: a wire dateline without a year: "KHARTOUM, May 26 (AFP) - ", "SANAA, Yemen (AP) — " (a place in
#: capitals, an agency in parentheses, a dash); it dates nothing, but it is not the first sentence
_WIRE_DATELINE_RE = re.compile(rf"^[A-Z][A-Z .'’\-]{{1,40}}(?:,\s*[^()\n,]{{2,30}}){{0,2}}\s*\([^)\n]{{2,40}}\)\s*[—–-]{{1,2}}\s")
#: a label line that dates something other than the publication ("Incident Date")
_OTHER_DATE_LABEL_RE = re.compile(r"^(?!.*(?:publi|posted|updated))[\w ]{0,30}\bdate\s*:?$", re.IGNORECASE)
_STAMP_RE = re.compile(r"^\s?date (\d{4})-(\d{2})-(\d{2})(?:\s|$)")
_URL_DAY_RE = re.compile(r"(?<![\d])((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?![\d])")
_URL_COMPACT_RE = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|$)")
_URL_MONTH_RE = re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/")
_PARTIAL_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


@dataclass(frozen=True)
class PublicationDate:
    """The window of days an article was published in, and how that is known."""

    start: dt.date
    end: dt.date
    basis: str
    evidence: str = ""

    @property
    def day(self) -> bool:
        return self.start == self.end


def _month(s: str) -> int:
    s = s.lower().rstrip(".")
    for name, num in _patterns().month_num.items():
        if name.startswith(s[:3]):
            return num
    raise ValueError(s)


def date_line(line: str) -> dt.date | None:
    """The date of a line that is only a date ("30 September, 2017", "Oct 8, 2016 10:30"), else None.

    >>> date_line("30 September, 2017")
    datetime.date(2017, 9, 30)
    """
    m = _patterns().date_line.match(line)
    return _date_of(m) if m else None


def _date_of(m: re.Match) -> dt.date | None:
    g = m.groupdict()
    try:
        if g.get("nd"):
            y = int(g["ny"])
            return dt.date(y + 2000 if y < 100 else y, int(g["nm"]), int(g["nd"]))
        if g.get("d1"):
            return dt.date(int(g["y1"]), _month(g["m1"]), int(g["d1"]))
        if g.get("d2"):
            return dt.date(int(g["y2"]), _month(g["m2"]), int(g["d2"]))
        if g.get("y3"):
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except ValueError:
        return None
    return None


def _plausible(d: dt.date | None, today: dt.date) -> bool:
    return d is not None and dt.date(1900, 1, 1) <= d <= today


def month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_metadata(value: object, today: dt.date | None = None) -> tuple[PublicationDate | None, str | None]:
    """A metadata date, full ("2024-05-26", "26 May 2024") or partial ("2024-05", "2024"):
    (window, problem).

    >>> parse_metadata("2017-09")[0].end, parse_metadata("2017")[0].basis
    (datetime.date(2017, 9, 30), 'metadata (year)')
    >>> parse_metadata("next Tuesday")[1]
    "unparseable date 'next Tuesday'"
    """
    today = today or dt.date.today()
    if value is None or (isinstance(value, float) and value != value):
        return None, None
    s = str(value).strip()
    if not s or s.lower() in ("nan", "none", "null", "nat", "<na>"):
        return None, None
    m = _PARTIAL_RE.match(s)
    if m:
        y = int(m.group(1))
        if m.group(2):
            mo = int(m.group(2))
            if not 1 <= mo <= 12:
                return None, f"unparseable date {s!r}"
            start, end = month_window(y, mo)
            basis = "metadata (month)"
        else:
            start, end, basis = dt.date(y, 1, 1), dt.date(y, 12, 31), "metadata (year)"
        if start > today:
            return None, f"publication date {s} is in the future"
        if y < 1900:
            return None, f"publication date {s} is implausibly early"
        return PublicationDate(start, min(end, today) if end > today else end, basis, s), None
    d = None
    try:
        d = dt.date.fromisoformat(s[:10])
    except ValueError:
        m = _patterns().date_line.match(s)
        d = _date_of(m) if m else None
    if d is None:
        return None, f"unparseable date {s!r}"
    if d > today:
        return None, f"publication date {d.isoformat()} is in the future"
    if d.year < 1900:
        return None, f"publication date {d.isoformat()} is implausibly early"
    return PublicationDate(d, d, "metadata", s), None


def from_url(url: str | None, today: dt.date | None = None) -> PublicationDate | None:
    """A date in a URL's path: ``/2016/10/08/``, ``/2024/5/26/``, ``/20161009/``, else a month
    (``/2024/05/``).

    >>> from_url("https://example.org/news/2016/10/08/story.html").start
    datetime.date(2016, 10, 8)
    """
    if not isinstance(url, str) or not url:
        return None
    today = today or dt.date.today()
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.IGNORECASE).split("?", 1)[0]
    for rx in (_URL_DAY_RE, _URL_COMPACT_RE):
        for m in rx.finditer(path):
            try:
                d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if _plausible(d, today):
                return PublicationDate(d, d, "url", m.group(0).strip("/"))
    m = _URL_MONTH_RE.search(path)
    if m:
        start, end = month_window(int(m.group(1)), int(m.group(2)))
        if start <= today and start.year >= 1900:
            return PublicationDate(start, end, "url (month)", m.group(0).strip("/"))
    return None


#: text bases, strongest first
TEXT_BASES = ("publication line", "dateline", "date line", "date stamp", "updated line")


def from_text(text: str, today: dt.date | None = None) -> PublicationDate | None:
    """The article's own dating near its top (see the module docstring), strongest basis first,
    then earliest in the text.

    >>> from_text("Title\\n2 min read\\n30 September, 2017\\nBody").basis
    'date line'
    """
    if not isinstance(text, str) or not text:
        return None
    today = today or dt.date.today()
    head = text[:TEXT_WINDOW_CHARS]
    found: dict[str, PublicationDate] = {}
    prev = ""
    for n, line in enumerate(head.splitlines()):
        s = line.strip()
        if not s:
            continue
        label, prev = prev, s
        if _OTHER_DATE_LABEL_RE.match(label):
            continue  # "Incident Date" above it: the date of something else
        if "date stamp" not in found:
            m = _STAMP_RE.match(line)
            if m:
                try:
                    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    d = None
                if _plausible(d, today):
                    found["date stamp"] = PublicationDate(d, d, "date stamp", m.group(0).strip())
        for basis, rx in (("publication line", _patterns().label), ("updated line", _patterns().updated)):
            if basis not in found:
                m = rx.match(s)
                if m and _plausible(d := _date_of(m), today):
                    found[basis] = PublicationDate(d, d, basis, s[:80])
        if "dateline" not in found:
            for rx in _patterns().datelines:
                m = rx.match(s)
                if m and _plausible(d := _date_of(m), today):
                    found["dateline"] = PublicationDate(d, d, "dateline", m.group(0).strip())
                    break
        if "date line" not in found and n < DATE_LINE_MAX_LINES:
            m = _patterns().date_line.match(s)
            if m and _plausible(d := _date_of(m), today):
                found["date line"] = PublicationDate(d, d, "date line", s)
    for basis in TEXT_BASES:
        if basis in found:
            return found[basis]
    return None


def dateline_prefix(line: str) -> int:
    """Length of a dateline that opens ``line`` ("May 26, 2024 (EL FASHER) – ", "SANAA, Oct 8,
    2016 (AP) - "), 0 when none does. The cleaner puts it on a line of its own: inside the
    first sentence its date would date that sentence's killing.

    >>> line = "SANAA, Oct 8, 2016 (AP) - At least 82 people were killed."
    >>> line[dateline_prefix(line):]
    'At least 82 people were killed.'
    >>> dateline_prefix("At least 82 people were killed on Oct 8, 2016.")
    0
    >>> line = "KHARTOUM, May 26 (AFP) - At least 134 people were killed."
    >>> line[dateline_prefix(line):]
    'At least 134 people were killed.'
    """
    for rx in _patterns().datelines[:2]:
        m = rx.match(line)
        if m and _date_of(m) is not None:
            return m.end()
    m = _WIRE_DATELINE_RE.match(line)
    return m.end() if m else 0


def pick(metadata: object, url: str | None, text: str, today: dt.date | None = None
         ) -> PublicationDate | None:
    """The publication date of an article from its metadata value, URL and text (see the
    module docstring for the order). Raises nothing: an unreadable metadata value is
    ignored here (``parse_metadata`` reports it)."""
    today = today or dt.date.today()
    meta, _ = parse_metadata(metadata, today)
    if meta is not None and meta.day:
        return meta
    u = from_url(url, today)
    if u is not None and u.day:
        return u
    t = from_text(text, today)
    window = meta or u
    if window is None:
        return t
    if t is not None and window.start <= t.start <= window.end:
        what = window.basis.replace(" (", " ").rstrip(")")  # "metadata month"
        return PublicationDate(t.start, t.end, f"{t.basis} (within {what})", t.evidence)
    return window


def day_precision(start, end) -> dt.date | None:
    """``start`` as a date when the publication window is one day (or has no end), else None:
    relative expressions ("on Thursday") resolve only against a known day.

    >>> day_precision(dt.date(2024, 5, 1), dt.date(2024, 5, 31)) is None
    True
    """
    import pandas as pd
    if start is None or (not isinstance(start, dt.date) and pd.isna(start)):
        return None
    s = pd.Timestamp(start).date()
    if end is None or (not isinstance(end, dt.date) and pd.isna(end)):
        return s
    return s if pd.Timestamp(end).date() == s else None
