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

import functools
import re
from dataclasses import dataclass, replace

from text_to_num import text2num

from . import lexicons


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
_DIGITS_RE = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_SINGLE = rf"(?:{_DIGITS_RE}|{_WORDNUM_RE})"

# These patterns are matched case-insensitively and written in lower case, which lets
# ``lexicons.Caseless`` scan ASCII text with a faster case-sensitive copy.
_TIME_UNITS = (r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|decades?|"
               r"centuries|century|am|pm|a\.m\.|p\.m\.|o'clock|gmt|utc)")
_MEASURE_UNITS = (r"(?:percent|per\s*cent|%|km|kms|kilometres?|kilometers?|miles?|metres?|meters?|m|feet|ft|"
                  r"kg|kilograms?|tons?|tonnes?|litres?|liters?|mm|cm|inch(?:es)?|yards?|acres?|hectares?|"
                  r"dollars?|euros?|pounds?|rupees?|dinars?|lira|million|billion|trillion|bn|mn|"
                  r"storeys?|stories|floors?|degrees?|mph|kph|mb|gb)")
_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
           r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?")


@functools.cache
def _qualifier_rows() -> tuple[tuple[str, str, str], ...]:
    tab = lexicons.table("qualifiers")
    return tuple((r["words"].strip().lower(), r["qualifier"].strip(), r["position"].strip()) for _, r in tab.iterrows())


@functools.cache
def vague_table() -> dict[str, tuple[int | None, int | None]]:
    """Vague words -> (low, high) from ``lexicons/vague_quantities.csv``."""
    out = {}
    for _, r in lexicons.table("vague_quantities").iterrows():
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
        rf"(?P<between>between\s+)?(?P<n1>{_SINGLE})"
        rf"(?:\s*(?:-|–|—|to|and)\s*(?P<n2>{_SINGLE}))?"
    )
    core = (
        rf"(?P<adozen>an?\s+dozen|a\s+hundred|a\s+thousand)"
        rf"|(?P<vague>(?:{vague_re})(?:\s+of\s+(?P<vscale>thousands|hundreds))?)"
        rf"|{number}"
    )
    full = rf"(?<![\w$£€.,:/])(?:(?P<pre>{pre_re})\s+)?(?:{core})(?![\w%]|[.,]\d)"
    # Every match starts with a word character (digits, number words and, as the lexicons
    # have them, qualifier and vague words) after a non-word one: a word boundary. Testing
    # ``\b`` first changes no match and rejects positions inside words quickly.
    if all(re.match(r"\w", w) for w in pre + vague):
        full = rf"\b{full}"
    # What rules a found quantity out, by the text just after it (``after``) or just before
    # it (``before``). Numerals (digits, number words) have more such contexts than vague
    # words; ``find_quantities`` tests each group with one combined pattern.
    after_any = {
        "unit_after": rf"^(?:\s*|-)(?:{_TIME_UNITS}|{_MEASURE_UNITS})(?![\w])",   # '24 hours', '5 km'
        "hyphen_unit": r"^-(?:year|month|week|day|hour|minute|second|mile|km|kilometre|kilometer|metre|meter|storey|story|point|page|man|strong|member|third|thirds|half|quarter|fifth|fifths|tenth|tenths)\b",
        "year_old": r"^(?:-|\s)(?:years?)(?:-|\s)old",
        "of_units": _OF_UNITS,                                                      # 'hundreds of miles'
    }
    after_numeral = {
        "ordinal_after": r"^(?:st|nd|rd|th)\b",                                    # '104th'
        "clock": r"^[:.]\d{2}",                                                    # '10:30'
        "month_after": rf"^\s*(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTHS}",            # '5 May'
    }
    # The before-contexts are words without whitespace that end ``before`` up to trailing
    # whitespace (``X\s*$``). Such a match lies in the last whitespace-separated word of
    # ``before``, so the combined patterns look for ``X\Z`` in that word alone.
    before_any = {"age_before": r"aged|age|ages"}                                 # 'aged 5'
    before_numeral = {
        "month_before": _MONTHS,                                                   # 'May 5'
        "money_before": r"[$£€¥]|us\$|rs\.?|usd|eur",                               # '$5'
    }

    def one_of(*groups: dict[str, str], end: str = "") -> lexicons.Caseless:
        return lexicons.Caseless("|".join(f"(?:{p}){end}" for g in groups for p in g.values()))

    caseless = {
        "full_caseless": lexicons.Caseless(full),
        "skip_after": one_of(after_any),
        "skip_after_numeral": one_of(after_any, after_numeral),
        "skip_before": one_of(before_any, end=r"\Z"),
        "skip_before_numeral": one_of(before_any, before_numeral, end=r"\Z"),
    }
    return {
        "full": re.compile(full, re.IGNORECASE),
        "post": re.compile(rf"^\s*,?\s*(?P<post>{post_re})\b", re.IGNORECASE),
        **{k: re.compile(v, re.IGNORECASE) for g in (after_any, after_numeral) for k, v in g.items()},
        **{k: re.compile(rf"(?:{v})\s*$", re.IGNORECASE) for g in (before_any, before_numeral) for k, v in g.items()},
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
_PEOPLE_AFTER_RE = re.compile(r"\s+(?:people|persons|civilians|soldiers|troops|fighters|members|men|women|children)\b", re.IGNORECASE)
_OF_UNITS = r"\s+of\s+(?:the\s+)?(?:dollars|euros|pounds|kilometres|miles|hours|days|years|months|minutes)\b"
_OF_UNITS_RE = re.compile(_OF_UNITS, re.IGNORECASE)
_VSCALE_RE = re.compile(r"\s+of\s+(thousands|hundreds)$")
_VTAIL_RE = re.compile(r"\s+(dozen|hundred|thousand)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


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
        try:
            v = float(s.replace(",", ""))
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
    for m in full.finditer(scan):
        start = m.start()
        if start < last_end:
            continue
        end = m.end()
        pre = m.group("pre")
        adozen, vague = m.group("adozen"), m.group("vague")
        if adozen:
            core_start = m.start("adozen")
            word = adozen.casefold().split()[-1]
            n = {"dozen": 12, "hundred": 100, "thousand": 1000}[word]
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
            n1 = parse_number(m.group("n1"))
            if n1 is None:
                continue
            n2s = m.group("n2")
            if n2s and not m.group("between") and "and" in text[m.end("n1"):m.start("n2")].lower():
                # "40 troops and 130 civilians" is coordination, not a range: keep n1 alone
                end = m.end("n1")
                n2s = None
            n2 = parse_number(n2s) if n2s else None
            if n2s and (n2 is None or n2 <= n1):
                end = m.end("n1")
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
            if "." in core:
                continue
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
        out.append(Quantity(start, end, text[start:end], lo, hi, qual, kind, core_start, core_end))
        last_end = end
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
