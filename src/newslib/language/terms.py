"""Lexicon terms in text: rows of a lexicon (``pattern``, optional ``case_sensitive``) compiled
into rules, and their matches, leftmost-longest within a group.

Shared by every module that counts lexicon terms: naming (framing families), attribution and
hedges (reporting verbs), tone. A rule whose matches start with known letters is tried only
where they occur in the text (``literal_prefixes``).

>>> import pandas as pd
>>> rules = compile_rules(pd.DataFrame({"fam": ["f", "f"], "term": ["regime", "so-called regime"],
...                                     "pattern": ["regime", "so-called regime"]}), "fam", "term", "x.csv")
>>> [(m.term, m.text) for m in find_matches("The so-called regime and the regime.", rules)]
[('so-called regime', 'so-called regime'), ('regime', 'regime')]
"""
from __future__ import annotations

import os
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
    #: the letters every match starts with (``literal_prefixes``): one string, or a tuple of
    #: alternatives, or "" (none known): the rule is tried only where they occur
    prefix: str | tuple[str, ...] = ""


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
        found = literal_prefixes(rx)
        rules.append(Rule(group, term, rx, i, found[0] if len(found) == 1 else found))
    return tuple(rules)


def literal_prefix(rx: re.Pattern) -> str:
    r"""The ASCII letters every match of ``rx`` starts with, when ``literal_prefixes`` finds
    one sequence; else "".

    >>> literal_prefix(re.compile(r"\bgovernments?\b", re.I)), literal_prefix(re.compile(r"\bcaptur(?:e|ed)\b"))
    ('government', 'capture')
    >>> literal_prefix(re.compile(r"\bregime\b|\bgovernment\b"))
    ''
    """
    found = literal_prefixes(rx)
    return found[0] if len(found) == 1 else ""


#: at most this many alternative prefixes per rule (more: the rule always runs)
MAX_PREFIXES = 8


def literal_prefixes(rx: re.Pattern) -> tuple[str, ...]:
    r"""Letters a match of ``rx`` must start with: every match starts with one of them
    (lower-cased when the pattern ignores case). Read from the top of the pattern: plain,
    unrepeated ASCII letters, through alternations whose branches all start so, skipping
    zero-width assertions (``\b``, look-arounds); alternatives sharing their first letters give
    those letters, and a prefix that is a longer form of another is dropped. Empty when some
    branch starts otherwise, there would be more than ``MAX_PREFIXES``, or the pattern is not
    read (another Python's internals).

    >>> literal_prefixes(re.compile(r"\b(?:said|says|told)\b", re.I)), literal_prefixes(re.compile(r"\bliberat(?:e|ing)"))
    (('said', 'says', 'told'), ('liberat',))
    >>> literal_prefixes(re.compile(r"\b(?:kill|\w+)ed\b"))
    ()
    """
    try:
        from re import _constants as c, _parser
        items = list(_parser.parse(rx.pattern, rx.flags & ~re.UNICODE))
    except Exception:  # another Python's internals: no prefix, the rule always runs
        return ()
    zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)

    def walk(seq) -> tuple[list[str], bool]:
        """(the prefixes of ``seq``, whether all of ``seq`` was read as letters)."""
        cur = [""]
        for op, av in seq:
            if op in zero_width:
                continue
            if op is c.LITERAL and chr(av).isascii() and chr(av).isalpha():
                cur = [p + chr(av) for p in cur]
                continue
            if op is c.BRANCH:
                if len(av[1]) > MAX_PREFIXES:
                    return cur, False
                alts = [walk(alt) for alt in av[1]]
            elif op is c.SUBPATTERN and not av[1] and not av[2]:  # a group without flags of its own
                alts = [walk(av[3])]
            else:
                return cur, False
            cur = [p + q for p in cur for found, _ in alts for q in found]
            if len(cur) > MAX_PREFIXES or not all(done for _, done in alts):
                return cur, False
        return cur, True

    found, _ = walk(items)
    if not found or "" in found or len(found) > MAX_PREFIXES:
        return ()
    if rx.flags & re.IGNORECASE:
        found = [p.lower() for p in found]
    common = os.path.commonprefix(found)
    if common:  # one string to look for ("liberat" for liberate, liberating)
        return (common,)
    found = sorted(set(found))
    return tuple(p for p in found if not any(q != p and p.startswith(q) for q in found))


def _scan_string(rule: Rule, text: str, lower: str | None) -> str | None:
    """Where ``rule``'s prefix is looked for: ``text`` for a case-sensitive rule, ``lower``
    (``_prefix_scan(text)``) for one that ignores case; None when the rule has no prefix or
    its matches cannot be found by it (a rule ignoring case, on text without ``lower``)."""
    if not rule.prefix:
        return None
    if rule.regex.flags & re.IGNORECASE:
        return lower
    return text


def _prefix_scan(text: str) -> str | None:
    """Where case-insensitive rules look for their prefixes: ``lower_same_offsets(text)``."""
    return lower_same_offsets(text)


def lower_same_offsets(text: str) -> str | None:
    """``text.lower()`` when every match of a case-insensitive rule starts where its
    (lower-case ASCII) prefix occurs in it, at the same offset: lower-casing kept every
    character one character, and the text has none of the two letters that IGNORECASE equates
    with an ASCII letter and ``lower`` leaves alone (dotless ı, long ſ; the other two, İ and
    the Kelvin sign, either change the length or become i and k). Else None (every rule ignoring
    case is then run over the whole text)."""
    lower = text.lower()
    if len(lower) != len(text) or (not text.isascii() and ("ı" in text or "ſ" in text)):
        return None
    return lower


def _at_prefix(rx: re.Pattern, text: str, scan: str, prefix: str | tuple[str, ...]):
    """``rx.finditer(text)`` for a pattern every match of which starts where ``prefix`` (or
    one of a tuple of them) occurs in ``scan`` (``text`` or ``_prefix_scan(text)``, same
    offsets): the pattern is tried (``match``, which sees the text before the position as
    ``finditer`` does) only at those places, left to right, each after the end of the last
    match. ``str.find`` skips the rest in C, where ``finditer`` runs the pattern at every
    position."""
    find, match = scan.find, rx.match
    if isinstance(prefix, str):
        p = find(prefix)
        while p >= 0:
            m = match(text, p)
            if m is not None:
                yield m
                p = find(prefix, m.end())  # a match holds its prefix: it is never empty
            else:
                p = find(prefix, p + 1)
        return
    starts = set()
    for pre in prefix:
        p = find(pre)
        while p >= 0:
            starts.add(p)
            p = find(pre, p + 1)
    end = 0
    for p in sorted(starts):
        if p >= end:
            m = match(text, p)
            if m is not None:
                yield m
                end = m.end()


def find_matches(text: str, rules: tuple[Rule, ...]) -> list[Match]:
    """All matches of ``rules`` in ``text``; within a group, leftmost-longest, no overlaps.

    Sorted by start offset, then group order. A rule with a ``prefix`` is tried only where
    its prefix occurs (``_at_prefix``; tests/test_speed.py compares with scanning every rule).
    """
    if not isinstance(text, str) or not text:
        return []
    by_group: dict[str, list[Match]] = {}
    lower = _prefix_scan(text)
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
