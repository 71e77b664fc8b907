"""Counts in text: digits, number words, ranges, vague quantities, and their qualifiers.

Number words are parsed by ``text2num`` (checked: invalid sequences are rejected, not guessed).
Vague words and qualifiers come from ``lexicons/vague_quantities.csv`` and
``lexicons/qualifiers.csv``. Rules mapping a qualifier onto ``count_low`` / ``count_high``:

=============  ===================  =====================================
qualifier      words                low / high
=============  ===================  =====================================
exact          (none)               n / n
at_least       at least, ...        n / open
more_than      more than, over      n + 1 / open
approximate    around, about, some  n / n (ranges: a / b)
up_to          up to, as many as    open / n  ("fewer than n": open / n-1)
vague          dozens, scores ...   from the vague table
=============  ===================  =====================================

>>> [(q.text, q.low, q.high, q.qualifier) for q in find_quantities("at least 58 troops and around 40 civilians")]
[('at least 58', 58, None, 'at_least'), ('around 40', 40, 40, 'approximate')]
"""
from __future__ import annotations

import decimal
import functools
import re
from dataclasses import dataclass, replace

from text_to_num import text2num

from .. import lexicons


@dataclass(frozen=True)
class Quantity:
    start: int          # span of the whole expression, qualifier included
    end: int
    text: str
    low: int | None
    high: int | None
    qualifier: str      # exact | at_least | more_than | approximate | up_to | vague
    count_kind: str     # number | range | vague
    core_start: int     # span of the number words alone
    core_end: int
    #: why the count could not be used (a number larger than any casualty count: ``low`` and
    #: ``high`` are then empty), else None
    problem: str | None = None

    @property
    def value(self) -> int | None:
        """A single figure: the stated number (low for open ranges, high for up_to)."""
        if self.low is not None and self.high is not None and self.low != self.high:
            return (self.low + self.high) // 2 if self.count_kind == "range" else self.low
        return self.low if self.low is not None else self.high


_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ["hundred", "thousand", "million"]
_NUMWORD = lexicons.phrase_pattern(_UNITS + _TENS + _SCALES)
_FIRSTWORD = lexicons.phrase_pattern(_UNITS + _TENS)
_WORDNUM_RE = rf"(?:{_FIRSTWORD})(?:(?:[\s\-]+|\s+and\s+)(?:{_NUMWORD}))*"
# digits: "1,200"; "1 200" with a space, no-break or narrow no-break space between groups of
# three; "1.200" (European grouping, read as thousands only where it counts people: see
# ``find_quantities``); plain digits and decimals
_GROUP_SPACES = "[ \u00a0\u202f]"
_DIGITS_RE = (rf"\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,3}}(?:{_GROUP_SPACES}\d{{3}})+(?![\d.,])"
              r"|\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:\.\d+)?")
_SINGLE = rf"(?:{_DIGITS_RE}|{_WORDNUM_RE})"

#: Scale words after digits: "1.5 million", "2 thousand"; the short forms ("1.5m", "2k")
#: only where the next word counts people (``_PEOPLE_AFTER_RE``): "5m" alone is a distance.
_SCALE_WORDS = {"million": 1_000_000, "thousand": 1_000, "billion": 1_000_000_000}
_SCALE_SHORT = {"m": 1_000_000, "mn": 1_000_000, "k": 1_000, "bn": 1_000_000_000}
_SCALE_RE = r"(?:\s*(?:million|thousand|billion)|(?:m|mn|k|bn))(?![\w])"
#: No casualty count can exceed this (more than everyone alive): a larger number is a problem
#: to list for its claim, not a count.
MAX_COUNT = 10_000_000_000


@functools.cache
def _qualifier_rows() -> tuple[tuple[str, str, str], ...]:
    tab = lexicons.table("qualifiers")
    return tuple((r["words"].strip().lower(), r["qualifier"].strip(), r["position"].strip()) for r in tab.to_dict("records"))


@functools.cache
def vague_table() -> dict[str, tuple[int | None, int | None]]:
    """Vague words -> (low, high) from ``lexicons/vague_quantities.csv``."""
    out = {}
    for r in lexicons.table("vague_quantities").to_dict("records"):
        lo = int(r["low"]) if str(r["low"]).strip() else None
        hi = int(r["high"]) if str(r["high"]).strip() else None
        out[r["words"].strip().lower()] = (lo, hi)
    return out


@functools.cache
def _compiled() -> dict:
    """The compiled patterns (``re.Pattern``, or ``lexicons.Caseless`` for those scanned fast)."""
    pre = sorted({w for w, _, p in _qualifier_rows() if p == "pre"}, key=len, reverse=True)
    post = sorted({w for w, _, p in _qualifier_rows() if p == "post"}, key=len, reverse=True)
    vague = sorted(vague_table(), key=len, reverse=True)
    pre_re = lexicons.phrase_pattern(pre, sep=r"\s+", split=r"\s+")
    post_re = lexicons.phrase_pattern(post, sep=r"\s+", split=r"\s+")
    vague_re = lexicons.phrase_pattern(vague, sep=r"\s+", split=r"\s+")
    number = (
        rf"(?P<between>between\s+)?(?P<n1>{_SINGLE})(?P<scale>{_SCALE_RE})?"
        rf"(?:\s*(?:-|–|—|to|and)\s*(?P<n2>{_SINGLE})(?P<scale2>{_SCALE_RE})?)?"
    )
    core = (
        rf"(?P<zero>not\s+(?:a\s+single|one|even\s+one))(?=\s)"
        rf"|(?P<ndozen>(?:{_FIRSTWORD}|\d{{1,3}}|half\s+a)\s+dozen)(?![\w-])"
        rf"|(?P<adozen>{lexicons.WordSet('a_numeral').pattern()})"
        rf"|(?P<vague>(?:{vague_re})(?:\s+of\s+(?P<vscale>thousands|hundreds))?)"
        rf"|{number}"
    )
    # not inside a word, a decimal, money, a clock time or a path, nor after "2024-" (an ISO
    # date or an id: "2024-05-26")
    full = rf"(?<![\w$£€.,:/])(?<!\d[-–])(?:(?P<pre>{pre_re})\s+\(?)?(?:{core})(?![\w%]|[.,]\d)"
    # Every match starts with a word character (digits, number words and, as the lexicons
    # have them, qualifier and vague words) after a non-word one: a word boundary. Testing
    # ``\b`` first changes no match and rejects positions inside words quickly.
    if all(re.match(r"\w", w) for w in pre + vague):
        full = rf"\b{full}"
    # What rules a found quantity out, by the text just after it (``after``) or just before
    # it (``before``). Numerals (digits, number words) have more such contexts than vague
    # words; ``find_quantities`` tests each group with one combined pattern. The units are
    # roles of ``quantity_words.csv``, written in lower case and matched case-insensitively
    # (``lexicons.Caseless`` scans ASCII text with a faster case-sensitive copy).
    time_units = lexicons.WordSet("time_unit").pattern()
    measure_units = lexicons.WordSet("measure_unit").pattern(r"\s*")  # 'per cent', 'percent'
    after_any = {
        "unit_after": rf"^(?:\s*|-)(?:{time_units}|{measure_units})(?![\w])",     # '24 hours', '5 km'
        "hyphen_unit": rf"^-{lexicons.WordSet('hyphen_unit').pattern()}\b",        # 'three-year', '500-strong'
        "year_old": r"^(?:-|\s)(?:years?)(?:-|\s)old",
        "of_units": _OF_UNITS.pattern,                                                    # 'hundreds of miles'
    }
    months = lexicons.calendar_pattern("month") + r"\.?"  # calendar.csv of the loaded packs, matched in any case
    after_numeral = {
        "ordinal_after": r"^(?:st|nd|rd|th)\b",                                    # '104th'
        "clock": r"^[:.]\d{2}",                                                    # '10:30'
        "month_after": rf"^\s*(?:st|nd|rd|th)?\s*(?:of\s+)?{months}(?![a-z])",  # '5 May' (not '100 martyrs')
    }
    # The before-contexts are words without whitespace that end ``before`` up to trailing
    # whitespace (``X\s*$``). Such a match lies in the last whitespace-separated word of
    # ``before``, so the combined patterns look for ``X\Z`` in that word alone.
    before_any = {"age_before": lexicons.WordSet("age_word").pattern()}            # 'aged 5' (quantity_words.csv)
    before_numeral = {
        "month_before": months,                                                    # 'May 5'
        "money_before": r"[$£€¥]|us\$|rs\.?|usd|eur",                               # '$5'
    }

    def one_of(*groups: dict[str, str], end: str = "", word: bool = False) -> lexicons.Caseless:
        # ``word``: the context is a whole word, or the end of one after a non-letter ('US$',
        # '(Rs'): 'reporters 10' is no money, 'village 5' no age
        start = r"(?<![^\W\d_])" if word else ""
        return lexicons.Caseless("|".join(f"{start}(?:{p}){end}" for g in groups for p in g.values()))

    caseless = {
        "full_caseless": lexicons.Caseless(full),
        "skip_after": one_of(after_any),
        "skip_after_numeral": one_of(after_any, after_numeral),
        "skip_before": one_of(before_any, end=r"\Z", word=True),
        "skip_before_numeral": one_of(before_any, before_numeral, end=r"\Z", word=True),
    }
    return {
        "full": re.compile(full, re.IGNORECASE),
        "post": re.compile(rf"^\s*,?\s*(?P<post>{post_re})\b", re.IGNORECASE),
        **{k: re.compile(v, re.IGNORECASE) for g in (after_any, after_numeral) for k, v in g.items()},
        **{k: re.compile(rf"(?<![^\W\d_])(?:{v})\s*$", re.IGNORECASE) for g in (before_any, before_numeral)
           for k, v in g.items()},
        # combined (``lexicons.Caseless``): ``match`` the after-patterns on ``after``;
        # ``search`` the before-patterns in the last word of ``before``
        **caseless,
        # whether all of them have a case-sensitive copy for ASCII text
        "foldable": all(c.cs is not None for c in caseless.values()),
    }


lexicons.register_cache(_qualifier_rows.cache_clear)
lexicons.register_cache(vague_table.cache_clear)
lexicons.register_cache(_compiled.cache_clear)


_YEAR_RE = re.compile(r"(1[5-9]|20)\d\d")
#: a count of people after a number ("2000 people", "1.5m civilians"): ``quantity_words.csv``, ``scale_noun``
_PEOPLE_AFTER_RE = lexicons.RolePattern(r"\s+{noun}\b", re.IGNORECASE, noun="scale_noun")
#: after a European-grouped number ("1.200"): people, or a verb or harm word (``counted_verb``)
_COUNTED_AFTER_RE = lexicons.RolePattern(r"\s+{noun}\b|\s+{verb}\b", re.IGNORECASE, noun="scale_noun", verb="counted_verb")
#: 'hundreds of miles' (``of_unit``)
_OF_UNITS = lexicons.RolePattern(r"\s+of\s+(?:the\s+)?{unit}\b", re.IGNORECASE, unit="of_unit")
_VSCALE_RE = re.compile(r"\s+of\s+(thousands|hundreds)$")
_VTAIL_RE = re.compile(r"\s+(dozen|hundred|thousand)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_GROUP_SEP_RE = re.compile(r"[,\s\u00a0\u202f]")
_EURO_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")


@functools.lru_cache(maxsize=4096)
def parse_number(words: str) -> int | None:
    """Digits or English number words to an int; None if not a number.

    >>> parse_number("1,200"), parse_number("fifty-eight"), parse_number("one hundred and twelve")
    (1200, 58, 112)
    """
    s = words.strip().lower()
    if not s:
        return None
    if s[0].isdigit():
        digits = _GROUP_SEP_RE.sub("", s)
        if digits.isdigit():
            return int(digits)  # exact, however long (a huge number is caught by the caller)
        try:
            v = float(digits)
        except ValueError:
            return None
        return int(v) if v == int(v) else None
    try:
        return int(text2num(_SPACES.sub(" ", s), "en"))
    except (ValueError, TypeError, IndexError, KeyError):
        return None


def _qualifier_of(words: str | None) -> str | None:
    if not words:
        return None
    w = _SPACES.sub(" ", words.lower().strip())
    for word, qual, pos in _qualifier_rows():
        if word == w and pos == "pre":
            return qual
    return None


def _bounds(n: int, qualifier: str, words: str | None) -> tuple[int | None, int | None]:
    if qualifier == "at_least":
        return n, None
    if qualifier == "more_than":
        return n + 1, None
    if qualifier == "up_to":
        w = (words or "").lower()
        if w.startswith(("fewer", "less", "under")):
            return None, max(n - 1, 0)
        return None, n
    return n, n


def _scale_of(word: str | None) -> int:
    w = (word or "").strip().lower()
    return _SCALE_WORDS.get(w) or _SCALE_SHORT.get(w) or 1


def _digits_value(words: str | None, scale: str | None, scan: str, end: int) -> int | None:
    """The value of one number of a count: digits or number words, times a scale word
    ("1.5 million"); the short scales ("1.5m", "2k") only before a word for people.
    European grouping ("1.200") is read as thousands only before a word for people or a harm
    word (a head count is never 1.2); otherwise it stays a decimal, which is no count."""
    if words is None:
        return None
    w = words.strip()
    if scale:
        short = scale.strip().lower() in _SCALE_SHORT
        if short and not _PEOPLE_AFTER_RE.match(scan, end):
            return None
        try:  # decimal arithmetic: 128.2 million is 128200000 exactly
            v = decimal.Decimal(_GROUP_SEP_RE.sub("", w)) * _scale_of(scale)
        except decimal.InvalidOperation:
            n = parse_number(w)
            return None if n is None else n * _scale_of(scale)
        return int(v) if v == v.to_integral_value() else None
    if "." in w and _EURO_RE.fullmatch(w):
        if w.count(".") > 1 or _COUNTED_AFTER_RE.match(scan, end):
            return int(w.replace(".", ""))
        return None
    return parse_number(w)


_CHANGE_VERBS = lexicons.WordSet("change_verb")  # lexicons/base/claim_words.csv: rose, climbed ...
_CHANGE_LINK_RE = re.compile(r"(\w+)\s+(?:from|by)\s+$")


def _changed_from(scan: str, start: int) -> bool:
    """Whether the count at ``start`` follows a change verb and 'from' or 'by' ('the toll rose
    from 30 to 41', 'has risen by 12 to 52'): its 'to' then joins two figures of a series, not
    the ends of a range."""
    m = _CHANGE_LINK_RE.search(scan, max(0, start - 30), start)
    return m is not None and m.group(1).lower() in _CHANGE_VERBS


def find_quantities(text: str) -> list[Quantity]:
    """Every count-like expression in ``text`` that is not obviously a date, time, duration,
    measure, money, age, ordinal or clock time. Whether it counts people is decided later.

    >>> [q.text for q in find_quantities("24 hours later, 104th Brigade lost 1,200 men")]
    ['1,200']
    """
    rx = _compiled()
    caseless = [rx[k] for k in ("full_caseless", "skip_after", "skip_after_numeral", "skip_before", "skip_before_numeral")]
    if rx["foldable"] and caseless[0].folds(text):
        # ASCII text: scan it lower-cased once with the case-sensitive patterns (see
        # lexicons.Caseless); the groups of ``m`` and the ``after``/``before`` windows are
        # then lower-cased, which is all they are read as
        scan = text.lower()
        full, skip_after, skip_after_numeral, skip_before, skip_before_numeral = (c.cs for c in caseless)
    else:
        scan = text
        full, skip_after, skip_after_numeral, skip_before, skip_before_numeral = (c.ci for c in caseless)
    skip_after, skip_after_numeral = skip_after.match, skip_after_numeral.match
    skip_before, skip_before_numeral = skip_before.search, skip_before_numeral.search
    post_match = rx["post"].match
    out: list[Quantity] = []
    last_end = -1
    pos = 0
    while (m := full.search(scan, pos)) is not None:
        pos = max(m.end(), m.start() + 1)
        resume = None  # where to read on when the match holds a second number read apart
        start = m.start()
        if start < last_end:
            continue
        end = m.end()
        pre = m.group("pre")
        adozen, vague = m.group("adozen"), m.group("vague")
        zero, ndozen = m.group("zero"), m.group("ndozen")
        problem = None
        if zero:  # "not a single civilian": a count of none
            core_start, core_end = m.start("zero"), m.end("zero")
            lo, hi, qual, kind = 0, 0, "exact", "number"
        elif ndozen:  # "two dozen", "half a dozen": as approximate as "a dozen"
            core_start, core_end = m.start("ndozen"), m.end("ndozen")
            head = _SPACES.sub(" ", ndozen.lower()).rsplit(" ", 1)[0]
            n = 1 / 2 if head == "half a" else parse_number(head)
            if n is None:
                continue
            n = int(n * 12)
            qual = _qualifier_of(pre) or "approximate"
            lo, hi = _bounds(n, qual, pre)
            kind = "number"
        elif adozen:
            core_start = m.start("adozen")
            word = adozen.casefold().split()[-1]
            n = 12 if word == "dozen" else parse_number(word)  # 'a dozen', 'a hundred' (a_numeral)
            if n is None:
                continue
            qual = _qualifier_of(pre) or ("approximate" if word == "dozen" else "exact")
            lo, hi = _bounds(n, qual, pre)
            kind, core_end = "number", m.end("adozen")
        elif vague:
            core_start = m.start("vague")
            vw = _SPACES.sub(" ", vague.casefold())  # casefold: "HUNDREDſ" matched the pattern as "hundreds"
            base = _VSCALE_RE.sub("", vw)
            lo, hi = vague_table()[base]
            scale = m.group("vscale")
            if scale:
                mult = 1000 if scale.lower() == "thousands" else 100
                lo = lo * mult if lo is not None else None
                hi = (hi + 1) * mult - 1 if hi is not None else None
            # "several hundred", "a few dozen": vague multiplier of a number word
            tail = _VTAIL_RE.match(text, end, end + 40)
            if tail and base in ("several", "a few", "few", "a number of"):
                mult = {"dozen": 12, "hundred": 100, "thousand": 1000}[tail.group(1).lower()]
                lo = lo * mult if lo is not None else None
                hi = hi * mult if hi is not None else None
                end = tail.end()
            qual, kind, core_end = "vague", "vague", end
        else:
            core_start = m.start("between") if m.group("between") else m.start("n1")
            n1s, n2s = m.group("n1"), m.group("n2")
            scale, scale2 = m.group("scale"), m.group("scale2")
            n1_end = m.end("scale") if scale else m.end("n1")
            n1 = _digits_value(n1s, scale, scan, n1_end)
            if n1 is None:
                continue
            if n2s and not m.group("between") and ("and" in text[n1_end:m.start("n2")].lower()
                                                   or _changed_from(scan, start)):
                # "killed 40 and 130 were wounded" is coordination, and "the toll rose from 30 to
                # 41" a change, not a range: keep n1 alone, and read n2 next (unless n1 is no
                # count at all: "children aged 5 and 9")
                end = resume = n1_end
                n2s = None
            n2 = _digits_value(n2s, scale2, scan, m.end()) if n2s else None
            if n2 is not None and scale2 and not scale and n1 < n2 // _scale_of(scale2):
                n1 *= _scale_of(scale2)  # "1 to 2 million": the scale is both ends'
            if n2s and (n2 is None or n2 <= n1):
                end = n1_end
                n2 = None
            qual = _qualifier_of(pre) or "exact"
            if n2 is not None:
                lo, hi = n1, n2
                qual = "approximate" if qual == "exact" else qual
                kind = "range"
            else:
                lo, hi = _bounds(n1, qual, pre)
                kind = "number"
            core_end = end
        after = scan[end:end + 40]
        before = scan[max(0, start - 20):start].rsplit(None, 1)  # its last word, if any
        last_word = before[-1] if before else ""
        if kind == "vague" or adozen:
            # a unit, 'years old' or 'of miles' after, or 'aged' before
            if skip_after(after) or skip_before(last_word):
                continue
        else:
            # numerals also: an ordinal suffix, a clock time or a month after; a month or
            # a currency before; a year; a decimal (decimals are measures, not head counts)
            if skip_after_numeral(after) or skip_before_numeral(last_word):
                continue
            core = text[core_start:end]
            if _YEAR_RE.fullmatch(core) and not _PEOPLE_AFTER_RE.match(after):
                continue  # a year
            if "." in core and not (m.group("scale") or m.group("scale2")) and not _EURO_RE.fullmatch(m.group("n1")):
                continue  # a decimal is a measure, not a head count
        # post-posed qualifier: "128 members at least" is found by the claims module (after the noun);
        # directly after the number it is handled here
        if qual == "exact" and lo is not None:
            pm = post_match(after)
            if pm:
                words = pm.group("post").lower()
                post_qual = next((ql for w, ql, p in _qualifier_rows() if p == "post" and w == _SPACES.sub(" ", words)), None)
                if post_qual:
                    lo, hi = _bounds(lo, post_qual, words)
                    qual = post_qual
                    end = end + pm.end()
        if (lo or 0) > MAX_COUNT or (hi or 0) > MAX_COUNT:
            problem = (f"the number '{text[core_start:core_end]}' is larger than any casualty count "
                       f"(more than {MAX_COUNT:,}): kept without a count")
            lo = hi = None
        out.append(Quantity(start, end, text[start:end], lo, hi, qual, kind, core_start, core_end, problem))
        last_end = end
        if resume is not None:
            pos = resume
    return out


def apply_post_qualifier(q: Quantity, words: str, new_end: int, text: str) -> Quantity:
    """Attach a post-posed qualifier found after the counted noun ('128 members at least').
    The quantity keeps its span; the caller widens the claim span to ``new_end``."""
    w = _SPACES.sub(" ", words.lower().strip())
    qual = next((ql for ww, ql, p in _qualifier_rows() if p == "post" and ww == w), None)
    if not qual or q.qualifier != "exact" or q.low is None:
        return q
    lo, hi = _bounds(q.low, qual, w)
    return replace(q, low=lo, high=hi, qualifier=qual)


def post_qualifier_pattern() -> re.Pattern:
    return _compiled()["post"]
