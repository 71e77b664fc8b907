"""Domain knowledge as editable data files, and fast alias matchers built from them.

Every lexicon is a small CSV or text file in ``newslib/lexicons/`` (or in the folder named by
the ``NEWSLIB_LEXICONS`` environment variable, which overrides files of the same name). To
cover another conflict, copy the folder, edit ``actors.csv``, ``claimants.csv`` and
``gazetteer.csv``, and point ``NEWSLIB_LEXICONS`` at the copy.

>>> m = alias_matcher("actors")
>>> [hit.value["side"] for hit in m.find("Daesh fighters attacked the regime")]
['IS', 'pro-government']
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import config
from .errors import LexiconError

_REQUIRED = {
    "actors": ("alias", "actor", "side"),
    "claimants": ("alias", "claimant", "claimant_type", "side", "party"),
    "gazetteer": ("place", "alias", "lat", "lon"),
    "furniture": ("pattern", "action"),
    "harm_terms": ("term", "kind", "form"),
    "qualifiers": ("words", "qualifier", "position"),
    "vague_quantities": ("words", "low", "high"),
    "framing": ("family", "term", "pattern"),
    "event_types": ("term", "event_type"),
}


def path(filename: str) -> Path:
    """Path of a lexicon file: the override folder if it has it, else the bundled default."""
    override = config.lexicon_dir() / filename
    if override.exists():
        return override
    default = config.DEFAULT_LEXICON_DIR / filename
    if not default.exists():
        raise LexiconError(f"lexicon file {filename} not found in {config.lexicon_dir()} or {config.DEFAULT_LEXICON_DIR}")
    return default


@functools.cache
def table(name: str) -> pd.DataFrame:
    """Read lexicon ``name`` (``name.csv``) and check its required columns.

    >>> table("gazetteer").columns[:2].tolist()
    ['place', 'alias']
    """
    p = path(f"{name}.csv")
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False, comment=None)
    except Exception as exc:  # pandas raises several parser errors
        raise LexiconError(f"{p}: cannot read as CSV ({exc}); fix the file or restore the default") from exc
    missing = [c for c in _REQUIRED.get(name, ()) if c not in df.columns]
    if missing:
        raise LexiconError(f"{p}: missing columns {missing}; expected at least {list(_REQUIRED[name])}")
    for i, row in df.iterrows():
        for c in _REQUIRED.get(name, ()):
            if c in ("high", "low"):
                continue
            if str(row[c]).strip() == "":
                raise LexiconError(f"{p}, row {i + 2}: empty '{c}'")
    return df


@functools.cache
def word_list(filename: str) -> tuple[str, ...]:
    """Non-comment, non-empty lines of a text lexicon, in file order, de-duplicated."""
    p = path(filename)
    seen: dict[str, None] = {}
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            seen.setdefault(line, None)
    return tuple(seen)


def _truthy(v: object) -> bool:
    return str(v).strip().lower() in ("true", "1", "yes", "y")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    value: dict


_SEP = "\x00"  # separator token inside the trie
_SEP_RUN = re.compile(r"[\s\-]+")


def phrase_pattern(phrases, sep: str = r"[\s\-]+", lower: bool = True, split: str = r"[\s\-]+") -> str:
    """One regex alternation for many phrases, factored into a character trie.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; a trie
    tries one branch per character, which makes lexicon matching several times faster.
    Runs of ``split`` (spaces and hyphens by default) inside a phrase match ``sep``; straight and curly apostrophes match
    each other. Longer phrases win over their prefixes (greedy optional groups), as with a
    longest-first alternation.

    >>> rx = re.compile(phrase_pattern(["al-Sukhna", "al Sukhnah", "Sukhna"]), re.IGNORECASE)
    >>> [m.group(0) for m in rx.finditer("near al Sukhnah and SUKHNA")]
    ['al Sukhnah', 'SUKHNA']
    """
    trie: dict = {}
    for ph in phrases:
        parts = [p for p in re.split(split, ph.strip()) if p]
        if not parts:
            continue
        norm = _SEP.join(parts).replace("’", "'")
        if lower:
            norm = norm.lower()
        node = trie
        for ch in norm:
            node = node.setdefault(ch, {})
        node[""] = {}

    def atom(ch: str) -> str:
        if ch == _SEP:
            return f"(?:{sep})"
        if ch == "'":
            return "['’]"
        return re.escape(ch)

    def emit(node: dict) -> str:
        keys = sorted(k for k in node if k != "")
        if not keys:
            return ""
        alts = [atom(k) + emit(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return body

    return emit(trie) or "(?!)"


class AliasMatcher:
    """Find lexicon aliases in text: whole words, longest alias first, case-insensitive unless
    the row says ``case_sensitive``. Hyphens and spaces in aliases match either."""

    def __init__(self, rows: list[dict], alias_col: str = "alias"):
        self.rows = rows
        by_alias: dict[tuple[str, bool], dict] = {}
        for r in rows:
            cs = _truthy(r.get("case_sensitive", "false"))
            by_alias.setdefault((r[alias_col], cs), r)
        self._lookup_ci = {a.lower(): r for (a, cs), r in by_alias.items() if not cs}
        self._lookup_cs = {a: r for (a, cs), r in by_alias.items() if cs}
        ci = sorted({a for (a, cs) in by_alias if not cs}, key=lambda a: (-len(a), a))
        cs = sorted({a for (a, cs) in by_alias if cs}, key=lambda a: (-len(a), a))
        self._re_ci = self._compile(ci, re.IGNORECASE) if ci else None
        self._re_cs = self._compile(cs, 0) if cs else None
        self._norm_ci = {self._norm(k): v for k, v in self._lookup_ci.items()}
        self._norm_cs = {self._norm(k): v for k, v in self._lookup_cs.items()}

    def _compile(self, aliases: list[str], flags: int) -> re.Pattern:
        alt = phrase_pattern(aliases, lower=bool(flags & re.IGNORECASE))
        return re.compile(rf"(?<![\w\-])(?:{alt})(?![\w])", flags)

    def _norm(self, s: str) -> str:
        return _SEP_RUN.sub(" ", s.replace("’", "'")).strip()

    def find(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        norm_ci, norm_cs = self._norm_ci, self._norm_cs
        if self._re_ci is not None:
            for m in self._re_ci.finditer(text):
                row = norm_ci.get(self._norm(m.group(0)).lower())
                if row is not None:
                    hits.append(Hit(m.start(), m.end(), m.group(0), row))
        if self._re_cs is not None:
            for m in self._re_cs.finditer(text):
                row = norm_cs.get(self._norm(m.group(0)))
                if row is not None:
                    hits.append(Hit(m.start(), m.end(), m.group(0), row))
        # keep longest non-overlapping hits
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[Hit] = []
        last_end = -1
        for h in hits:
            if h.start >= last_end:
                out.append(h)
                last_end = h.end
        return out


@functools.cache
def alias_matcher(name: str) -> AliasMatcher:
    """Cached matcher over lexicon ``name`` (actors, claimants, gazetteer)."""
    return AliasMatcher(table(name).to_dict("records"))


def clear_cache() -> None:
    """Forget loaded lexicons (after editing a file, or changing NEWSLIB_LEXICONS)."""
    table.cache_clear()
    word_list.cache_clear()
    alias_matcher.cache_clear()
    for fn in _CLEARERS:
        fn()


_CLEARERS: list = []


def register_cache(fn) -> None:
    """Modules with lexicon-derived caches register their cache_clear here."""
    _CLEARERS.append(fn)


def truthy(v: object) -> bool:
    return _truthy(v)
