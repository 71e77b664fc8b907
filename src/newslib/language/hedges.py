"""Reporting and hedging verbs in text: the lexicon ``attribution_terms.csv`` of the packs.

Columns ``verb``, ``pattern``, ``hedge``, ``note``; ``pattern`` is a case-insensitive regular
expression, and rows with ``hedge`` true are hedges, which :func:`hedges_in` reports. Where two
rows match overlapping text the leftmost, longest match wins (``newslib.language.terms``).
Claims record the hedges of their sentence; ``newslib.analyse.attribution`` counts the verbs
per outlet.

>>> hedges_in("IS purportedly killed 30, a claim that remains unverified.")
['purportedly', 'claimed', 'unverified']
"""
from __future__ import annotations

import functools
import re

import pandas as pd

from .. import lexicons
from ..errors import LexiconError
from .terms import Rule, compile_rules, find_matches

LEXICON = "attribution_terms"


@functools.cache
def _lexicon() -> pd.DataFrame:
    df = lexicons.table(LEXICON)
    missing = [c for c in ("verb", "pattern") if c not in df.columns]
    if missing:
        raise LexiconError(f"{lexicons.path(LEXICON + '.csv')}: missing columns {missing}; expected verb,pattern,hedge,note")
    return df


@functools.cache
def attribution_rules() -> tuple[Rule, ...]:
    """Compiled rules of ``attribution_terms.csv`` (cached)."""
    return compile_rules(_lexicon(), None, "verb", f"{LEXICON}.csv")


def _marked_verbs(column: str) -> frozenset[str]:
    """The canonical verbs of the rows whose ``column`` (``hedge``, ``denial``) is true."""
    df = _lexicon()
    if column not in df.columns:
        return frozenset()
    return frozenset(str(v).strip() for v, flag in zip(df["verb"], df[column]) if lexicons.truthy(flag))


def _rules_of(verbs: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(r for r in attribution_rules() if r.term in verbs)


@functools.cache
def hedge_verbs() -> frozenset[str]:
    """The canonical verbs of the rows marked ``hedge`` (cached)."""
    return _marked_verbs("hedge")


@functools.cache
def hedge_rules() -> tuple[Rule, ...]:
    """The rules of rows marked ``hedge`` (cached)."""
    return _rules_of(hedge_verbs())


@functools.cache
def _hedge_gate() -> re.Pattern:
    """Any hedge rule's pattern, case-insensitive: a superset test before the exact rules."""
    return re.compile("|".join(f"(?:{r.regex.pattern})" for r in hedge_rules()), re.IGNORECASE)


def verbs() -> list[str]:
    """Canonical verbs in lexicon order."""
    seen: dict[str, None] = {}
    for r in attribution_rules():
        seen.setdefault(r.term, None)
    return list(seen)


@functools.cache
def denial_rules() -> tuple[Rule, ...]:
    """The rules of rows marked ``denial`` (cached): verbs that reject what others said."""
    return _rules_of(_marked_verbs("denial"))


for _fn in (_lexicon, attribution_rules, hedge_verbs, hedge_rules, _hedge_gate, denial_rules):
    lexicons.register_cache(_fn.cache_clear)


def hedges_in(text: str) -> list[str]:
    """Hedge words in ``text``, as canonical verbs, in order of first appearance, unique.

    Hedges are the lexicon rows marked ``hedge`` (purportedly, allegedly, reportedly, claimed,
    apparently, unconfirmed, unverified). Inflections map to the canonical form
    ('alleged' -> 'allegedly', 'claims' -> 'claimed'); 'claimed the lives of' is not a hedge.

    >>> hedges_in("ISIS claimed the lives of 12, reportedly.")
    ['reportedly']
    """
    if not isinstance(text, str) or not text:
        return []
    if _hedge_gate().search(text) is None:  # one scan rules out most sentences
        return []
    out: dict[str, None] = {}
    for m in find_matches(text, hedge_rules()):
        out.setdefault(m.term, None)
    return list(out)


_MINIMISER = lexicons.WordSet("minimiser")
_DENIAL_BREAK = lexicons.WordSet("denial_break")
_WORD = re.compile(r"[^\W\d_]+")


def disputes(sentence: str, at: int) -> bool:
    """Whether the figure at offset ``at`` of ``sentence`` is given against other figures:
    made small by the word before it (role ``minimiser``: "only eight", "just eight"), or
    after a denial (rows marked ``denial``) in the same clause ("The group denied the
    massacre, blaming stray bullets for eight deaths"). A semicolon or a word of role
    ``denial_break`` between the denial and the figure puts the figure in another voice or
    clause: "X denied it, but officials said 50 died", "denied the strike, which killed 50",
    "denied killing 50" (the 50 disputes nothing).

    >>> disputes("The militia denied the killings and said only eight died.", 50)
    True
    >>> s = "The army denied it, but medics said 50 died."
    >>> disputes(s, s.index("50")), disputes("Medics said 50 died.", 12)
    (False, False)
    """
    if not isinstance(sentence, str) or at <= 0:
        return False
    before = sentence[:at]
    words = _WORD.findall(before[-40:].lower())
    if words and (words[-1] in _MINIMISER or " ".join(words[-2:]) in _MINIMISER):
        return True
    last = None
    for m in find_matches(before, denial_rules()):
        last = m
    if last is None:
        return False
    between = before[last.end:]
    return ";" not in between and not any(w in _DENIAL_BREAK for w in _WORD.findall(between.lower()))
