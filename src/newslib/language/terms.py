"""Lexicon terms in text: rows of a lexicon (``pattern``, optional ``case_sensitive``) compiled
into rules, and their matches, leftmost-longest within a group.

Shared by every module that counts lexicon terms: naming (framing families), attribution and
hedges (reporting verbs), tone. A rule whose pattern starts with literal letters is tried only
on a text that holds them (``literal_prefix``).

>>> import pandas as pd
>>> rules = compile_rules(pd.DataFrame({"fam": ["f", "f"], "term": ["regime", "so-called regime"],
...                                     "pattern": ["regime", "so-called regime"]}), "fam", "term", "x.csv")
>>> [(m.term, m.text) for m in find_matches("The so-called regime and the regime.", rules)]
[('so-called regime', 'so-called regime'), ('regime', 'regime')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .. import lexicons
from ..errors import LexiconError


@dataclass(frozen=True)
class Rule:
    """One compiled lexicon row: ``group`` (family), canonical ``term``, and its regex."""

    group: str
    term: str
    regex: re.Pattern
    order: int
    #: the letters every match starts with (``literal_prefix``), or "": a text without them is
    #: not scanned
    prefix: str = ""


@dataclass(frozen=True)
class Match:
    group: str
    term: str
    start: int
    end: int
    text: str
    order: int


def compile_rules(df: pd.DataFrame, group_col: str | None, term_col: str, filename: str) -> tuple[Rule, ...]:
    """Compile lexicon rows (``pattern``, optional ``case_sensitive``) into rules.

    Raises LexiconError naming the file and row when a pattern is not a valid regex.
    """
    rules = []
    for i, row in enumerate(df.to_dict("records")):
        pattern = str(row.get("pattern", "")).strip()
        term = str(row.get(term_col, "")).strip()
        if not pattern or not term:
            raise LexiconError(f"{lexicons.row_label(df, i, filename)}: empty '{term_col}' or 'pattern'")
        flags = 0 if lexicons.truthy(row.get("case_sensitive", "false")) else re.IGNORECASE
        try:
            rx = re.compile(pattern, flags)
        except re.error as exc:
            raise LexiconError(f"{lexicons.row_label(df, i, filename)}: bad pattern {pattern!r}: {exc}") from exc
        group = str(row.get(group_col, "")).strip() if group_col else ""
        rules.append(Rule(group, term, rx, i, literal_prefix(rx)))
    return tuple(rules)


def literal_prefix(rx: re.Pattern) -> str:
    r"""The ASCII letters every match of ``rx`` starts with, after a leading ``\b``: the
    literal characters at the top of the pattern, up to the first that is not a plain,
    unrepeated letter (lower-cased when the pattern ignores case); "" when there are none or
    the pattern is not read (a top-level alternation, a group first).

    >>> literal_prefix(re.compile(r"\bgovernments?\b", re.I)), literal_prefix(re.compile(r"\bcaptur(?:e|ed)\b"))
    ('government', 'capture')
    >>> literal_prefix(re.compile(r"\bregime\b|\bgovernment\b"))
    ''
    """
    try:
        from re import _constants as c, _parser
        items = list(_parser.parse(rx.pattern, rx.flags & ~re.UNICODE))
    except Exception:  # another Python's internals: no prefix, the rule always runs
        return ""
    if items and items[0] == (c.AT, c.AT_BOUNDARY):
        items = items[1:]
    out = []
    for op, av in items:
        if op is not c.LITERAL or not (chr(av).isascii() and chr(av).isalpha()):
            break
        out.append(chr(av))
    prefix = "".join(out)
    return prefix.lower() if rx.flags & re.IGNORECASE else prefix


def _scan_string(rule: Rule, text: str, lower: str | None) -> str | None:
    """Where ``rule``'s prefix is looked for: ``text`` for a case-sensitive rule, ``lower``
    (the lower-cased text, given only for plain ASCII text, where lower case is exactly what
    ``re.IGNORECASE`` equates) for one that ignores case; None when the rule has no prefix
    or its matches cannot be found by it (a rule ignoring case, on other text)."""
    if not rule.prefix:
        return None
    if rule.regex.flags & re.IGNORECASE:
        return lower
    return text


def _at_prefix(rx: re.Pattern, text: str, scan: str, prefix: str):
    """``rx.finditer(text)`` for a pattern every match of which starts where ``prefix``
    occurs in ``scan`` (``text`` or its lower-cased copy, same offsets): the pattern is tried
    (``match``, which sees the text before the position as ``finditer`` does) only at those
    places, left to right, each after the end of the last match. ``str.find`` skips the rest
    in C, where ``finditer`` runs the pattern at every position."""
    find, match = scan.find, rx.match
    p = find(prefix)
    while p >= 0:
        m = match(text, p)
        if m is not None:
            yield m
            p = find(prefix, m.end())  # a match holds its prefix: it is never empty
        else:
            p = find(prefix, p + 1)


def find_matches(text: str, rules: tuple[Rule, ...]) -> list[Match]:
    """All matches of ``rules`` in ``text``; within a group, leftmost-longest, no overlaps.

    Sorted by start offset, then group order. A rule with a ``prefix`` is tried only where
    its prefix occurs (``_at_prefix``; tests/test_speed.py compares with scanning every rule).
    """
    if not isinstance(text, str) or not text:
        return []
    by_group: dict[str, list[Match]] = {}
    lower = text.lower() if lexicons.plain_ascii(text) else None
    for r in rules:
        scan = _scan_string(r, text, lower)
        found = r.regex.finditer(text) if scan is None else _at_prefix(r.regex, text, scan, r.prefix)
        for m in found:
            if m.end() > m.start():
                by_group.setdefault(r.group, []).append(Match(r.group, r.term, m.start(), m.end(), m.group(0), r.order))
    out: list[Match] = []
    for hits in by_group.values():
        # leftmost-longest: at each position the longest match, then skip what it covers
        hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.order))
        last_end = -1
        for h in hits:
            if h.start >= last_end:
                out.append(h)
                last_end = h.end
    out.sort(key=lambda h: (h.start, h.order))
    return out
