"""Counting windows: the period a casualty figure covers, when the text says so.

A figure is a count over some period, and reports mix periods freely: "at least 16 died on
Sunday", "the toll rose over the past three days to 44", "85 have died since the fighting
began on Friday, May 10", "13,900 killed in the conflict that started in April 2023". Figures
for different periods are not rival estimates of one number; this module records, for each
claim, the period its own sentence gives (``window_text``, ``window_start``, ``window_end``,
resolved against the publication date) and whether the figure is a **background total**
(``scope`` = ``cumulative``: a whole war, a whole year, an "overall toll") rather than a count
of one happening (``incident``).

Rules (cue words are data: ``lexicons/windows.csv``):

* **since X** ("since Friday", "since May 10", "since the fighting began on Friday, May 10",
  "in the conflict that started in April 2023"): from the start of X to publication.
* **A duration after "in", "within", "over (the past)", "during"...** ("in two weeks", "over the
  past three days", "in just over two weeks"): from publication minus the duration to
  publication. "in one day" covers one day whose date the sentence does not give.
* A duration followed by a date ("over two days in November", "a 24-hour period, on 28-29
  November") is the date's window, not a period to publication.
* **between X and Y** ("between last Friday and Wednesday", "between November 28 and
  November 29, 2020"): from X to Y (a weekday X after Y is moved back a week).
* **X alone / on X**: a dated figure covers its day or days ("on November 28-29 alone").
* **to date** ("so far", "to date", "in all", "overall"): a running total whose start the
  sentence does not give (dates empty).
* The expression nearest the claim's figure in its sentence applies (a figure inside the
  expression's own clause first).
* ``scope`` is ``cumulative`` when a cumulative cue applies ("since the war began", "of the
  war", "the overall death toll", "during the operation") or the window starts more than
  ``CONTEXT_DAYS`` days before its end (a dated day, however long ago, is never a background
  total); otherwise ``incident``. "Since" or "following" a war, coup or invasion (role
  ``since_event``: "since the 2021 coup", "following a coup that toppled ...") is such a cue
  anywhere in the figure's sentence, before the figure too, unless a semicolon parts them; after
  a superlative every cumulative cue compares ("the deadliest attack since the war began").

Without a publication date, relative windows stay unresolved (text kept, dates empty); nothing
is guessed.

>>> import datetime as dt
>>> w = counting_window("The toll rose over the past three days to 44.", 30, 32, dt.date(2024, 5, 13))
>>> w.text, str(w.start), str(w.end), w.scope
('over the past three days', '2024-05-10', '2024-05-13', 'incident')
>>> counting_window("At least 13,900 people have been killed since April 2023.", 9, 15, dt.date(2024, 5, 26)).scope
'cumulative'
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from . import dates
from .. import lexicons

__all__ = ["Window", "counting_window", "annotate", "CONTEXT_DAYS", "window_days"]

#: A window starting this many days or more before publication is a background total.
CONTEXT_DAYS = 90
#: Words between "since" and the verb of its clause ("since the fighting began on ...").
_SINCE_GAP = 60
#: How far a cue may be from the expression it qualifies (characters).
_PREFIX_GAP = 24
#: A cumulative cue applies when it starts within the figure's span or this many characters after it.
_CUE_AFTER = 60
#: "since the war began" (role ``since_event``) applies from this many characters before the figure
#: to the end of its sentence, unless a semicolon parts them or a superlative makes it a comparison.
_SINCE_BEFORE = 100


@dataclass(frozen=True)
class Window:
    """The counting window of one figure."""

    text: str | None
    start: dt.date | None
    end: dt.date | None
    scope: str  # "incident" | "cumulative"
    kind: str  # "period" (a span to publication or between two dates), "day" (dated days), "to date", "" (none)
    pos: tuple[int, int] | None = None  # span of the window words in the sentence

    @property
    def days(self) -> int | None:
        return window_days(self.start, self.end)


NONE = Window(None, None, None, "incident", "")


def window_days(start, end) -> int | None:
    """Length of a window in days (both ends included), or None.

    >>> window_days(dt.date(2024, 5, 10), dt.date(2024, 5, 13))
    4
    """
    if start is None or end is None:
        return None
    return (end - start).days + 1


@functools.cache
def _cues() -> dict[str, tuple[str, ...]]:
    tab = lexicons.table("windows")
    out: dict[str, list[str]] = {}
    for cue, role in zip(tab["cue"], tab["role"]):
        out.setdefault(role.strip(), []).append(" ".join(cue.lower().split()))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


@functools.cache
def _patterns() -> dict[str, re.Pattern]:
    c = _cues()

    def alt(role: str) -> str:
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in c.get(role, ()))

    # "since the war began", "since the 2021 coup", "following the full-scale invasion": the
    # whole war or regime, before the figure or after it
    since_event = rf"\b(?:{alt('since_event_prefix')})\s+(?:the|an?)\s+(?:[\w-]+\s+){{0,4}}?(?:{alt('since_event')})\b(?![-‐])"
    return {
        # a duration's prefix ends right before it ("in just over | two weeks")
        "prefix": re.compile(rf"\b(?:{alt('duration_prefix')})\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE),
        "since": re.compile(rf"\b(?:{alt('since')})\b", re.IGNORECASE),
        "since_verb": re.compile(rf"\b(?:{alt('since_verb')})\b[^.;]*$", re.IGNORECASE),
        # "the conflict that started in April 2023": the verb right before the date
        "verb_on": re.compile(rf"\b(?:{alt('since_verb')})\s+(?:on|in)\s+$", re.IGNORECASE),
        "dated_after": re.compile(rf"^\s*,?\s*(?:{alt('dated_after')})\s+$", re.IGNORECASE),
        "to_date": re.compile(rf"\b(?:{alt('to_date')})\b", re.IGNORECASE),
        "cumulative": re.compile(rf"\b(?:{alt('cumulative')})\b|\b(?:{alt('war_scope')})\s[^.;:,]{{0,40}}?"
                                 rf"\b(?:{alt('war_noun')})\b(?![-‐])|{since_event}", re.IGNORECASE),
        "since_event": re.compile(since_event, re.IGNORECASE),
        "alone": re.compile(rf"^\s*(?:{alt('alone')})\b", re.IGNORECASE),
        "between": re.compile(r"\bbetween\s+$", re.IGNORECASE),
        # "the highest-ranking fatality since 1991", "the deadliest attack since 2015": a comparison
        "superlative": re.compile(rf"\b(?:\w+est|{alt('superlative')})\b[^.;:]{{0,60}}$", re.IGNORECASE),
        "and": re.compile(r"^\s*(?:and|to|-|–)\s*$", re.IGNORECASE),
        "as_of": re.compile(rf"\b(?:{alt('as_of')})\s+(?:the\s+)?$", re.IGNORECASE),
        # "killed since then": since a date of an earlier sentence (``_since_antecedent``)
        "since_anaphor": re.compile(rf"\b(?:{alt('since_anaphor')})\b", re.IGNORECASE),
        # a duration written as an adjective: "a five-day operation", "a 10-year war" ...
        "length_adjective": re.compile(rf"\w-(?:{alt('length_unit')})$", re.IGNORECASE),
        # ... unless it is the recent past: "the past five-day period"
        "recent": re.compile(rf"\b(?:{alt('recent')})\b", re.IGNORECASE),
    }


def as_of_before(text: str, pos: int) -> bool:
    """Whether a cue of role ``as_of`` (``windows.csv``: 'as of', 'up to', 'by') ends just
    before ``pos``: the date after it ends a running count ('773 bodies as of January 30'),
    it does not date a happening.

    >>> as_of_before("773 bodies in morgues as of January 30", 28)
    True
    """
    return bool(_patterns()["as_of"].search(text, max(0, pos - 30), pos))


def _dist(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def _candidates(sentence: str, pub: dt.date | None, exprs: list[dates.TimeExpression]) -> list[Window]:
    """Every window the sentence states, with its span."""
    p = _patterns()
    out: list[Window] = []
    used: set[int] = set()
    exprs = sorted(exprs, key=lambda e: e.start)
    for i, e in enumerate(exprs):
        if i in used:
            continue
        before = sentence[max(0, e.start - _SINCE_GAP):e.start]
        # between X and Y
        if i + 1 < len(exprs) and p["between"].search(sentence[max(0, e.start - 12):e.start]) \
                and p["and"].match(sentence[e.end:exprs[i + 1].start]):
            f = exprs[i + 1]
            used.add(i + 1)
            s, t = e.date_start, f.date_end or f.date_start
            if s and t and s > t and e.precision == "day" and re.search(r"day\b", e.text, re.IGNORECASE):
                s = s - dt.timedelta(days=7)  # "between last Friday and Wednesday"
            if s and t and s > t and not re.search(r"\b(?:19|20)\d\d\b", e.text):
                try:  # "between November 28 and November 29, 2020": the year written once
                    s = s.replace(year=t.year)
                except ValueError:
                    pass
            text = sentence[max(0, e.start - 8):f.end]
            text = text[text.lower().rfind("between"):] if "between" in text.lower() else text
            out.append(_window(text, s if s and t and s <= t else None, t if s and t and s <= t else None, pub,
                               "period", (f.start - len(text) + (f.end - f.start), f.end), sentence))
            continue
        # since X (the expression itself starts with "since", or "since <clause> began on X")
        if e.text.lower().startswith("since") and p["superlative"].search(before):
            continue
        if e.text.lower().startswith("since"):
            out.append(_window(e.text, e.date_start, e.date_end or pub, pub, "period", (e.start, e.end), sentence))
            continue
        m_since = None
        for m in p["since"].finditer(before):
            m_since = m
        verb_on = p["verb_on"].search(before)
        if e.kind != "duration" and ((m_since is not None and p["since_verb"].search(before[m_since.end():]))
                                     or verb_on is not None):
            s0 = e.start - len(before) + (m_since.start() if m_since is not None else verb_on.start())
            if e.date_start is not None and pub is not None:
                out.append(_window(sentence[s0:e.end], e.date_start, pub, pub, "period", (s0, e.end), sentence))
            else:
                out.append(_window(sentence[s0:e.end], None, None, pub, "period", (s0, e.end), sentence))
            continue
        # a duration: "in two weeks", "over the past three days", "in more than a year"
        if e.kind == "duration" and i + 1 < len(exprs) and exprs[i + 1].kind != "duration" \
                and exprs[i + 1].start - e.end <= 16 and p["dated_after"].match(sentence[e.end:exprs[i + 1].start]):
            continue  # "over two days in November": the dated expression is the window
        if e.kind == "duration" or (e.kind == "range" and e.precision == "range"):
            pm = p["prefix"].search(sentence[max(0, e.start - _PREFIX_GAP):e.start])
            if e.date_start is not None or pm is not None or e.text.lower().startswith(("in ", "the past", "the last")):
                s0 = e.start - (len(pm.group(0)) if pm else 0)
                days = e.duration_days
                start = e.date_start
                end = e.date_end
                # "during a five-day operation", "in a 10-year war": the length of a happening,
                # which may lie anywhere before publication ("over the past five days" ends at it)
                length_only = p["length_adjective"].search(e.text) is not None and not p["recent"].search(
                    sentence[max(0, s0):e.end])
                if start is None and days is not None and pub is not None and not length_only:
                    start = pub - dt.timedelta(days=max(0, round(days) - 1)) if days <= 1 else pub - dt.timedelta(days=round(days))
                    end = pub
                kind = "day" if days is not None and days <= 1 else "period"
                if kind == "day":
                    start = end = None  # "in one day": one day, which the sentence does not date
                scope = "cumulative" if length_only and days is not None and days >= CONTEXT_DAYS else None
                out.append(_window(sentence[s0:e.end], start, end, pub, kind, (s0, e.end), sentence, scope))
            continue
        # a dated day or days, "X alone" marks it as the figure's whole window
        if e.date_start is not None and e.kind == "point" and e.precision in ("day", "weekend", "range"):
            a = p["alone"].match(sentence[e.end:e.end + 10])
            end_pos = e.end + (a.end() if a else 0)
            out.append(_window(sentence[e.start:end_pos], e.date_start, e.date_end or e.date_start, pub, "day",
                               (e.start, end_pos), sentence))
    for m in p["to_date"].finditer(sentence):
        out.append(_window(m.group(0), None, None, pub, "to date", (m.start(), m.end()), sentence))
    return out




def _window(text: str, start, end, pub, kind: str, pos: tuple[int, int], sentence: str,
            scope: str | None = None) -> Window:
    if scope is not None:
        return Window(" ".join(text.split()), start, end, scope, kind, pos)
    scope = "incident"
    if kind == "period" and start is not None and end is not None and (end - start).days >= CONTEXT_DAYS:
        scope = "cumulative"
    return Window(" ".join(text.split()), start, end, scope, kind, pos)


def counting_window(sentence: str, c0: int, c1: int, pub: dt.date | None,
                    exprs: list[dates.TimeExpression] | None = None) -> Window:
    """The counting window of the figure at ``[c0, c1)`` of ``sentence`` (rules in the module
    docstring). ``exprs``: the sentence's time expressions, if already found."""
    if exprs is None:
        exprs = dates.find_time_expressions(sentence, pub)
    cands = _candidates(sentence, pub, exprs)
    # a cumulative cue after the figure ("killed in the war") makes a background total whatever
    # else the sentence says; one before it describes something else ("a monitor of Syria's war")
    # lexicons.Caseless: the same span as _patterns()["cumulative"]; its text is taken from ``sentence``
    pattern, scan = _cue_scanners()[1].scan(sentence)
    cum = pattern.search(scan, c0, min(len(sentence), c1 + _CUE_AFTER))
    if cum is None:  # "since the war began", "following the 2021 coup": the whole war, anywhere in the clause
        cum = next((m for m in _patterns()["since_event"].finditer(sentence, max(0, c0 - _SINCE_BEFORE))
                    if ";" not in sentence[min(m.end(), c0):max(m.start(), c1)]), None)
    if cum is not None and _patterns()["superlative"].search(sentence, 0, cum.start()):
        cum = None  # "the deadliest attack since the war began" compares
    best = None
    if cands:
        best = min(cands, key=lambda w: (_dist(w.pos, (c0, c1)), w.pos[0]))
        # a window far from the figure (another clause) does not apply
        if _dist(best.pos, (c0, c1)) > max(80, (c1 - c0) + 60):
            best = None
    if best is None:
        if cum is not None:
            return Window(" ".join(sentence[cum.start():cum.end()].split()), None, None, "cumulative", "to date",
                          (cum.start(), cum.end()))
        return NONE
    if cum is not None and best.scope != "cumulative" and best.kind != "day":
        return Window(best.text, best.start, best.end, "cumulative", best.kind, best.pos)
    return best


def annotate(rows: list[dict], text: str, sentence_starts: dict[int, tuple[int, str]], pub: dt.date | None,
             statement: re.Pattern | None = None) -> None:
    """Set ``window_text``, ``window_start``, ``window_end`` and ``scope`` on claim rows (dicts
    with ``sentence_id``, ``start``, ``end``, and ``_statement_at``: the offsets in its sentence of
    the expressions that date only the statement, "IS said on Thursday", "the UN on Thursday said",
    removed here; optional ``_count_at``, the count's article offset: ``in_own_clause``) of one article; ``sentence_starts`` maps a
    sentence id to ``(start offset, sentence text)``; ``statement``: a pattern matching the words
    just before an expression that dates a statement ("Amnesty said on Friday"), which never
    sets a window. Time expressions are found once per sentence."""
    import pandas as pd

    found: dict[int, list] = {}
    for r in rows:
        sid = r["sentence_id"]
        s0, s = sentence_starts[sid]
        if sid not in found:
            found[sid] = dates.find_time_expressions(s, pub) if dates.may_hold_expression(s) else []
        at = r.pop("_statement_at", None) or ()  # "Amnesty said Friday": a statement date, not the figure's window
        count_at = r.pop("_count_at", None)
        exprs = [e for e in found[sid] if e.start not in at
                 and not (statement is not None and statement.search(s[max(0, e.start - 40):e.start]))]
        if count_at is not None:
            exprs = in_own_clause(exprs, s, count_at - s0)
        w = counting_window(s, r["start"] - s0, r["end"] - s0, pub, exprs) if (exprs or _has_cue(s)) else NONE
        if w is NONE or w.start is None:
            w = _since_antecedent(s, r["start"] - s0, r["end"] - s0, sid, sentence_starts, found, pub) or w
        r["window_text"] = w.text
        r["window_start"] = pd.Timestamp(w.start) if w.start else None
        r["window_end"] = pd.Timestamp(w.end) if w.end else None
        r["scope"] = w.scope


def clause_bounds(s: str, pos: int) -> tuple[int, int]:
    """The clause of ``s`` (between semicolons) that holds offset ``pos``.

    >>> s = "30 died on Monday; 45 on Tuesday"
    >>> s[slice(*clause_bounds(s, 19))]
    ' 45 on Tuesday'
    """
    c1 = s.find(";", pos)
    return s.rfind(";", 0, pos) + 1, len(s) if c1 < 0 else c1


def in_own_clause(exprs: list, s: str, pos: int, offset: int = 0) -> list:
    """``exprs`` (time expressions of ``s``) in the clause of the count at ``pos``, when any is and
    ``s`` has more than one clause; else all of them: a day of another clause does not date a
    claim whose span reaches into it ('the toll stood at 30 on Monday; officials raised it to 45
    on Tuesday'). ``offset``: where ``s`` starts in the text the expressions' offsets count in
    (an article's, for ``extract.claims``)."""
    if len(exprs) < 2 or ";" not in s:
        return exprs
    c0, c1 = clause_bounds(s, pos)
    return [e for e in exprs if c0 + offset <= e.start and e.end <= c1 + offset] or exprs


def _since_antecedent(s: str, c0: int, c1: int, sid: int, sentence_starts: dict[int, tuple[int, str]],
                      found: dict[int, list], pub: dt.date | None) -> Window | None:
    """The window of a figure counted "since then" (``since_anaphor`` cues of the windows
    lexicon, in the figure's clause): from the last date of the sentence before (or the one
    before that) to publication. "The army seized power in February 2021. More than 3,000
    civilians have been killed since then": since February 2021. None without such a cue or date."""
    m = next((m for m in _patterns()["since_anaphor"].finditer(s)
              if ";" not in s[min(m.end(), c0):max(m.start(), c1)] and abs(m.start() - c0) <= 160), None)
    if m is None or pub is None:
        return None
    for prev in (sid - 1, sid - 2):
        if prev not in sentence_starts:
            return None
        ps = sentence_starts[prev][1]
        if prev not in found:
            found[prev] = dates.find_time_expressions(ps, pub) if dates.may_hold_expression(ps) else []
        dated = [e for e in found[prev] if e.date_start is not None and e.kind != "duration" and e.date_start <= pub]
        if dated:
            e = max(dated, key=lambda e: e.start)
            return _window(f"{m.group(0)} ({' '.join(e.text.split())})", e.date_start, pub, pub, "period",
                           (m.start(), m.end()), s)
    return None


def _has_cue(s: str) -> bool:
    """Whether ``s`` holds a to-date or cumulative cue (``_patterns``), scanned lower-cased
    where ``lexicons.Caseless`` allows it (the same answer)."""
    to_date, cumulative = _cue_scanners()
    return to_date.search(s) is not None or cumulative.search(s) is not None


@functools.cache
def _cue_scanners() -> tuple[lexicons.Caseless, lexicons.Caseless]:
    p = _patterns()
    return tuple(lexicons.Caseless(p[k].pattern, p[k].flags & ~re.IGNORECASE) for k in ("to_date", "cumulative"))


# a pack loaded later (lexicons.clear_cache) adds cues: the patterns are built again
for _fn in (_cues, _patterns, _cue_scanners):
    lexicons.register_cache(_fn.cache_clear)


def _has_cue_plain(s: str) -> bool:
    """``_has_cue`` with the case-insensitive patterns (tests/test_speed.py compares them)."""
    p = _patterns()
    return bool(p["to_date"].search(s) or p["cumulative"].search(s))


__doc__ += """
* "since X" after a superlative ("the highest-ranking fatality since 1991", "the deadliest
  attack since 2015") compares, it is not a window.
"""
