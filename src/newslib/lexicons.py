"""Domain knowledge as editable data files in packs, and fast alias matchers built from them.

A **pack** is a folder of lexicon files (CSV or text). Two are bundled in
``newslib/lexicons/``: ``base`` (what is true of any war: harm words, reporting verbs,
qualifiers, vague quantities, event triggers, grammar words, page furniture, abbreviations,
the place stop list, civilians, international claimants such as the UN, generic framing
terms) and ``syria`` (the actors, claimants, places and framing terms of the bundled Syrian
corpus). The packs loaded are, in order:

* by default ``base,syria``;
* ``NEWSLIB_LEXICONS=A,B`` (or ``newslib --lexicons A,B``): ``base`` then ``A``, ``B``, which
  replace the default ``syria``;
* ``NEWSLIB_LEXICONS=+A,B``: the default packs, then ``A``, ``B`` added after them.

Each item is a bundled pack's name or a folder path; ``base`` is always loaded first (naming
it is allowed and changes nothing). A lexicon file is the union of that file in every loaded
pack that has it: CSV rows add up, and when two packs give the same key (``alias`` for actors,
claimants and the gazetteer; ``term`` for harm words and event triggers; ``words`` for
qualifiers and vague quantities; ``pattern`` for furniture; ``family`` and ``term`` for
framing; ``verb`` for attribution terms) the later pack's row wins. Text lists add up.
``newslib lexicon draft CORPUS --out DIR`` proposes a new pack for a corpus.

>>> m = alias_matcher("actors")
>>> [hit.value["side"] for hit in m.find("Daesh fighters attacked the regime")]
['IS', 'pro-government']
>>> [name for name, _ in packs()]
['base', 'syria']
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
    "claimant_types": ("head", "claimant_type"),
    "claim_words": ("word", "role"),
}

#: Numeric columns of a lexicon: (kind, lowest, highest, may be empty). A bad value is a
#: LexiconError (exit 6) naming file, row and column, before any article is read.
_NUMBERS = {
    "gazetteer": {"lat": ("a latitude", float, -90, 90, True), "lon": ("a longitude", float, -180, 180, True)},
    "vague_quantities": {"low": ("a whole number", int, 0, None, True), "high": ("a whole number", int, 0, None, True)},
}


def _check_numbers(name: str, p: Path, df: pd.DataFrame) -> None:
    for col, (what, kind, lo, hi, blank_ok) in _NUMBERS.get(name, {}).items():
        if col not in df.columns:
            continue
        for i, raw in enumerate(df[col].tolist()):
            v = str(raw).strip()
            if not v and blank_ok:
                continue
            try:
                x = kind(v)
            except ValueError:
                x = None
            if x is None or (lo is not None and x < lo) or (hi is not None and x > hi):
                bounds = f" from {lo}" + (f" to {hi}" if hi is not None else "") if lo is not None else ""
                raise LexiconError(f"{p}, row {i + 2}, column '{col}': {raw!r} is not {what}{bounds}; "
                                   f"fix the value or restore the default file")


#: the key of each CSV lexicon: a later pack's row with the same key replaces an earlier one
KEYS = {
    "actors": ("alias",),
    "claimants": ("alias",),
    "gazetteer": ("alias",),
    "furniture": ("pattern",),
    "harm_terms": ("term",),
    "qualifiers": ("words",),
    "vague_quantities": ("words",),
    "framing": ("family", "term"),
    "event_types": ("term",),
    "attribution_terms": ("verb",),
    "claimant_types": ("head",),
    "claim_words": ("word", "role"),
}


def _resolve_pack(item: str) -> tuple[str, Path]:
    bundled = config.DEFAULT_LEXICON_DIR / item
    if "/" not in item and "\\" not in item and bundled.is_dir():
        return item, bundled
    p = Path(item).expanduser()
    if p.is_dir():
        return p.name or str(p), p
    names = sorted(d.name for d in config.DEFAULT_LEXICON_DIR.iterdir() if d.is_dir() and not d.name.startswith(("_", ".")))
    raise LexiconError(f"lexicon pack {item!r} not found: name a bundled pack ({', '.join(names)}) or an existing "
                       f"folder (NEWSLIB_LEXICONS or --lexicons)")


@functools.cache
def _packs(spec: str) -> tuple[tuple[str, Path], ...]:
    items = [x.strip() for x in spec.split(",")] if spec else []
    add = bool(items) and items[0].startswith("+")
    if add:
        items[0] = items[0][1:].strip()
    items = [x for x in items if x]
    if not spec or add:
        items = [*config.DEFAULT_LEXICON_PACKS, *items]
    out: list[tuple[str, Path]] = []
    for item in ["base", *items]:
        name, folder = _resolve_pack(item)
        if all(folder.resolve() != f.resolve() for _, f in out):
            out.append((name, folder))
    return tuple(out)


def packs() -> tuple[tuple[str, Path], ...]:
    """The loaded packs, in load order, as (name, folder)."""
    return _packs(config.lexicon_packs_spec())


def paths(filename: str) -> list[Path]:
    """Every loaded pack's copy of a lexicon file, in load order (may be empty)."""
    return [folder / filename for _, folder in packs() if (folder / filename).is_file()]


def path(filename: str) -> Path:
    """The last loaded pack's copy of a lexicon file (the one whose rows win), for messages."""
    found = paths(filename)
    if not found:
        raise LexiconError(f"lexicon file {filename} not found in the packs {[str(f) for _, f in packs()]}")
    return found[-1]


def files() -> list[Path]:
    """Every lexicon file of the loaded packs, in load order (what a run's tables depend on)."""
    out = []
    for _, folder in packs():
        out.extend(sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".csv", ".txt", ".yml")))
    return out


def _read_one(p: Path, name: str) -> pd.DataFrame:
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
    _check_numbers(name, p, df)
    return df


@functools.cache
def table(name: str) -> pd.DataFrame:
    """Lexicon ``name`` (``name.csv``) from every loaded pack, required columns checked per
    file; a later pack's row replaces an earlier one with the same key (``KEYS``).

    >>> table("gazetteer").columns[:2].tolist()
    ['place', 'alias']
    """
    found = paths(f"{name}.csv")
    if not found:
        path(f"{name}.csv")  # raises, naming the packs
    frames = [_read_one(p, name) for p in found]
    rows = [f"{p}, row {i + 2}" for p, f in zip(found, frames) for i in range(len(f))]
    if len(frames) == 1:
        df = frames[0]
    else:
        df = pd.concat(frames, ignore_index=True).fillna("")
        key = [c for c in KEYS.get(name, ()) if c in df.columns]
        if key:
            keep = ~df.duplicated(subset=key, keep="last")
            rows = [r for r, k in zip(rows, keep) if k]
            df = df[keep].reset_index(drop=True)
    df.attrs["rows"] = rows  # where each row comes from: "path, row N" (see row_label)
    return df


def row_label(df: pd.DataFrame, i: int, filename: str) -> str:
    """Where row ``i`` of a lexicon table comes from ("…/base/framing.csv, row 3"), for messages;
    ``filename, row i+2`` for a table that does not say."""
    rows = df.attrs.get("rows") if hasattr(df, "attrs") else None
    if rows and 0 <= i < len(rows):
        return rows[i]
    return f"{filename}, row {i + 2}"


@functools.cache
def word_list(filename: str) -> tuple[str, ...]:
    """Non-comment, non-empty lines of a text lexicon, from every loaded pack in load order,
    de-duplicated."""
    found = paths(filename)
    if not found:
        path(filename)  # raises, naming the packs
    seen: dict[str, None] = {}
    for p in found:
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                seen.setdefault(line, None)
    return tuple(seen)


@functools.cache
def words(name: str) -> frozenset[str]:
    """The words of role ``name`` in ``claim_words.csv`` (columns ``word``, ``role``, ``note``),
    lower-cased: the closed word classes the rules of the code read (``count_noun``: a number
    before one counts it, so "2017 people" is no year; ``aux``, ``np_stop``...). Rows of every
    pack add up; an unknown role has no words.

    >>> "civilians" in words("count_noun")
    True
    """
    df = table("claim_words")
    return frozenset(str(w).strip().lower() for w, role in zip(df["word"], df["role"]) if str(role).strip() == name)


class WordSet:
    """A list of ``words.csv`` as a set, read on first use and again after
    :func:`clear_cache` (so a pack loaded later is seen): ``w in AUX``. ``extra``: members
    that are not words (punctuation), kept by the code.

    >>> nouns = WordSet("count_noun")
    >>> "soldiers" in nouns, "tables" in nouns
    (True, False)
    """

    __slots__ = ("name", "extra")

    def __init__(self, name: str, extra: tuple = ()):
        self.name = name
        self.extra = frozenset(extra)

    def words(self) -> frozenset[str]:
        return _word_set(self.name, self.extra)

    def __contains__(self, w) -> bool:
        return w in _word_set(self.name, self.extra)

    def __iter__(self):
        return iter(self.words())

    def __len__(self) -> int:
        return len(self.words())

    def __or__(self, other) -> frozenset:
        return self.words() | frozenset(other)

    __ror__ = __or__

    def __repr__(self) -> str:
        return f"WordSet({self.name!r})"


@functools.cache
def _word_set(name: str, extra: frozenset) -> frozenset[str]:
    return words(name) | extra


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


def phrase_pattern(phrases, sep: str = r"[\s\-]+", lower: bool = True, split: str = r"[\s\-]+",
                   not_after: str | None = None) -> str:
    """One regex alternation for many phrases, factored into a character trie.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; a trie
    tries one branch per character, which makes lexicon matching several times faster.
    Runs of ``split`` (spaces and hyphens by default) inside a phrase match ``sep``; straight and curly apostrophes match
    each other. Longer phrases win over their prefixes (greedy optional groups), as with a
    longest-first alternation.

    ``not_after`` (a character class) makes the pattern match only where the phrase does not
    follow such a character, like a leading ``(?<!not_after)``; the test is placed after each
    phrase's first character instead (``a(?<!Xa)``), so the pattern starts with literals and
    ``re`` skips straight to the phrases' first characters -- much faster when they are few.

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

    def emit(node: dict, top: bool = False) -> str:
        keys = sorted(k for k in node if k != "")
        if not keys:
            return ""
        if top and not_after is not None:
            alts = [f"{atom(k)}(?<!{not_after}{atom(k)}){emit(node[k])}" for k in keys]
        else:
            alts = [atom(k) + emit(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return body

    return emit(trie, top=True) or "(?!)"


# ----------------------------------------------------------------------------- case-insensitive scans
#: The non-ASCII characters ``re.IGNORECASE`` equates with ASCII letters (İ ı ſ K).
_ASCII_TWINS = frozenset("\u0130\u0131\u017f\u212a")
_FOLD_UNSAFE = tuple(range(ord("A"), ord("Z") + 1)) + tuple(ord(c) for c in _ASCII_TWINS)


def ascii_foldable(pattern: str, flags: int = 0) -> bool:
    r"""Whether, on ASCII text, ``re.compile(pattern, flags | re.IGNORECASE)`` finds exactly
    what ``re.compile(pattern, flags)`` finds in the lower-cased text (the same spans).

    True when no literal, class or range of the pattern holds an upper-case ASCII letter or a
    character that IGNORECASE equates with an ASCII letter (İ ı ſ K), and no group sets its
    own flags: then every test the engine makes on an ASCII character gives the same answer
    on its lower-case form. Constructs not listed here (back-references, conditionals) and an
    unreadable pattern count as not foldable.

    >>> ascii_foldable(r"(?<![\w-])kill(?:ed|ing)\b"), ascii_foldable(r"GMT"), ascii_foldable(r"(?-i:x)")
    (True, False, False)
    """
    try:
        from re import _constants as c, _parser
        tree = _parser.parse(pattern, flags | re.IGNORECASE)
    except Exception:  # another Python's internals, or a bad pattern: take the safe road
        return False
    if tree.state.flags & (re.LOCALE | re.VERBOSE) != flags & (re.LOCALE | re.VERBOSE):
        return False  # inline global flags

    def bad(code: int) -> bool:
        return code in _FOLD_UNSAFE

    def ok(items) -> bool:
        for op, av in items:
            if op in (c.LITERAL, c.NOT_LITERAL):
                if bad(av):
                    return False
            elif op is c.IN:
                for op2, av2 in av:
                    if op2 is c.LITERAL:
                        if bad(av2):
                            return False
                    elif op2 is c.RANGE:
                        if any(av2[0] <= x <= av2[1] for x in _FOLD_UNSAFE):
                            return False
                    elif op2 not in (c.NEGATE, c.CATEGORY):
                        return False
            elif op in (c.ANY, c.AT, c.CATEGORY):
                continue
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                if not ok(av[2]):
                    return False
            elif op is c.SUBPATTERN:
                if av[1] or av[2] or not ok(av[3]):  # add_flags, del_flags, body
                    return False
            elif op is c.BRANCH:
                if not all(ok(alt) for alt in av[1]):
                    return False
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if not ok(av[1]):
                    return False
            elif op is c.ATOMIC_GROUP:
                if not ok(av):
                    return False
            else:
                return False
        return True

    return ok(tree)


def plain_ascii(text: str) -> bool:
    r"""ASCII text on which ``re.ASCII`` changes no ``\w``, ``\d``, ``\s`` or ``\b`` test: no
    information separator ``\x1c``-``\x1f`` (ASCII, yet space to Unicode ``\s`` only). Four
    ``in`` tests are far cheaper than a regex search."""
    return (text.isascii() and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text
            and "\x1f" not in text)


_plain_ascii = plain_ascii  # the name used inside this module


class Substrings:
    """Which of some fixed strings occur in a text, found in one pass with a compiled
    Aho-Corasick automaton (pyahocorasick): the same answer as ``{w for w in words if w in
    text}``, without one scan of the text per string.

    >>> sorted(Substrings(["attack", "ack", "siege"]).present("counter-attacked"))
    ['ack', 'attack']
    """

    __slots__ = ("_automaton",)

    def __init__(self, words):
        import ahocorasick

        words = sorted({w for w in words if w})
        self._automaton = None
        if words:
            a = ahocorasick.Automaton()
            for w in words:
                a.add_word(w, w)
            a.make_automaton()
            self._automaton = a

    def present(self, text: str) -> set[str]:
        if self._automaton is None or not text:
            return set()
        return {w for _, w in self._automaton.iter(text)}


class Caseless:
    r"""A case-insensitive pattern that scans ASCII text fast.

    ``re`` skips quickly over alternatives only when they start with a case-sensitive
    literal, so a big case-insensitive alternation is slow. ``scan(text)`` returns the
    ``(pattern, string)`` to run ``finditer``/``search``/``match`` on: for ASCII text (when
    ``ascii_foldable`` allows it) a case-sensitive copy of the pattern and ``text.lower()``,
    which give the same spans several times faster; else the case-insensitive pattern and
    ``text``. Matched groups are then in lower case: take original words from ``text`` by span.
    The copy is compiled with ``re.ASCII`` (cheaper ``\w``/``\b`` tests): the same on ASCII
    text, except for the separators ``\x1c``-``\x1f``, which Unicode ``\s`` counts as space
    (text holding them takes the case-insensitive pattern).

    >>> rx = Caseless(r"\bkilled\b")
    >>> pattern, string = rx.scan("Five were KILLED.")
    >>> [(m.span(), "Five were KILLED."[m.start():m.end()]) for m in pattern.finditer(string)]
    [((10, 16), 'KILLED')]
    """

    __slots__ = ("ci", "cs")

    def __init__(self, pattern: str, flags: int = 0):
        self.ci = re.compile(pattern, flags | re.IGNORECASE)
        self.cs = None
        if ascii_foldable(pattern, flags):
            try:
                self.cs = re.compile(pattern, (flags & ~re.UNICODE) | re.ASCII)
            except (re.error, ValueError):  # an inline (?u) refuses re.ASCII: no fast copy
                pass

    def folds(self, text: str) -> bool:
        """Whether ``scan(text)`` scans ``text.lower()`` with the case-sensitive copy."""
        return self.cs is not None and _plain_ascii(text)

    def scan(self, text: str) -> tuple[re.Pattern, str]:
        if self.folds(text):
            return self.cs, text.lower()
        return self.ci, text

    # the usual methods, on the scanned string (same spans; groups maybe lower-cased)
    def search(self, text: str) -> re.Match | None:
        pattern, scan = self.scan(text)
        return pattern.search(scan)

    def match(self, text: str) -> re.Match | None:
        pattern, scan = self.scan(text)
        return pattern.match(scan)

    def finditer(self, text: str):
        pattern, scan = self.scan(text)
        return pattern.finditer(scan)


class AliasMatcher:
    """Find lexicon aliases in text: whole words, longest alias first, case-insensitive unless
    the row says ``case_sensitive``. Hyphens and spaces in aliases match either.

    ``find`` remembers its last few hundred answers: the same texts are looked up again and
    again (an article's only sentence for its places, then the article; a victims phrase for
    its side).
    """

    _MEMO_MAX = 256  # small: each answer kept is objects the garbage collector walks

    def __init__(self, rows: list[dict], alias_col: str = "alias"):
        self.rows = rows
        self._memo: dict[str, list[Hit]] = {}
        by_alias: dict[tuple[str, bool], dict] = {}
        for r in rows:
            cs = _truthy(r.get("case_sensitive", "false"))
            by_alias.setdefault((r[alias_col], cs), r)
        self._lookup_ci = {a.lower(): r for (a, cs), r in by_alias.items() if not cs}
        self._lookup_cs = {a: r for (a, cs), r in by_alias.items() if cs}
        ci = sorted({a for (a, cs) in by_alias if not cs}, key=lambda a: (-len(a), a))
        cs = sorted({a for (a, cs) in by_alias if cs}, key=lambda a: (-len(a), a))
        self._re_ci = Caseless(self._pattern(ci, lower=True)) if ci else None
        self._re_cs = re.compile(self._pattern(cs, lower=False)) if cs else None
        self._norm_ci = {self._norm(k): v for k, v in self._lookup_ci.items()}
        self._norm_cs = {self._norm(k): v for k, v in self._lookup_cs.items()}

    def _pattern(self, aliases: list[str], lower: bool) -> str:
        if lower:  # case-insensitive: a leading look-behind rejects most positions cheaply
            return rf"(?<![\w\-])(?:{phrase_pattern(aliases, lower=True)})(?![\w])"
        # case-sensitive aliases (acronyms) start with a few capitals: the same test after the
        # first character lets re skip straight to those (see phrase_pattern)
        alt = phrase_pattern(aliases, lower=False, not_after=r"[\w\-]")
        return rf"(?:{alt})(?![\w])"

    def _norm(self, s: str) -> str:
        if s.isalnum():  # nothing to normalise (the common case)
            return s
        return _SEP_RUN.sub(" ", s.replace("’", "'")).strip()

    def find(self, text: str) -> list[Hit]:
        """The hits in ``text``, in text order (a new list; the hits are immutable)."""
        hits = self._memo.get(text)
        if hits is None:
            if len(self._memo) >= self._MEMO_MAX:
                self._memo.clear()
            hits = self._memo[text] = self._find(text)
        return list(hits)

    def _find(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        norm_ci, norm_cs = self._norm_ci, self._norm_cs
        if self._re_ci is not None:
            for m in self._re_ci.finditer(text):  # Caseless: the group may be lower-cased
                row = norm_ci.get(self._norm(m.group(0)).lower())
                if row is not None:
                    start, end = m.span()
                    hits.append(Hit(start, end, text[start:end], row))
        n_ci = len(hits)
        if self._re_cs is not None:
            for m in self._re_cs.finditer(text):
                row = norm_cs.get(self._norm(m.group(0)))
                if row is not None:
                    hits.append(Hit(m.start(), m.end(), m.group(0), row))
        if n_ci == 0 or n_ci == len(hits):
            return hits  # hits of one pattern only: already in order and not overlapping
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
    _packs.cache_clear()
    table.cache_clear()
    word_list.cache_clear()
    words.cache_clear()
    _word_set.cache_clear()
    alias_matcher.cache_clear()
    for fn in _CLEARERS:
        fn()


_CLEARERS: list = []


def register_cache(fn) -> None:
    """Modules with lexicon-derived caches register their cache_clear here."""
    _CLEARERS.append(fn)


def truthy(v: object) -> bool:
    return _truthy(v)
