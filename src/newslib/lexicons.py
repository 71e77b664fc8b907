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

import fractions
import functools
import itertools
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
    "place_words": ("word", "role"),
    "time_words": ("word", "role"),
    "quantity_words": ("word", "role"),
    "demonyms": ("demonym", "country"),
    "calendar": ("name", "kind", "number", "form"),
    "place_kinds": ("kind", "level"),
    "time_units": ("unit", "days", "precision"),
}


def _fraction(v: str) -> float:
    """A number or a fraction ('1/1440') as a float (the nearest to the exact fraction)."""
    try:
        return float(fractions.Fraction(v.strip()))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(v) from exc


#: Numeric columns of a lexicon: (kind, lowest, highest, may be empty). A bad value is a
#: LexiconError (exit 6) naming file, row and column, before any article is read.
_NUMBERS = {
    "gazetteer": {"lat": ("a latitude", float, -90, 90, True), "lon": ("a longitude", float, -180, 180, True)},
    "vague_quantities": {"low": ("a whole number", int, 0, None, True), "high": ("a whole number", int, 0, None, True)},
    "calendar": {"number": ("a whole number", int, 0, 12, False)},
    "place_kinds": {"level": ("a whole number", int, 0, 4, False)},
    "time_units": {"days": ("a number of days or a fraction (1/24)", _fraction, 0, None, False),
                   "months": ("a whole number", int, 1, None, True)},
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
    "place_words": ("word", "role"),
    "time_words": ("word", "role"),
    "quantity_words": ("word", "role"),
    "demonyms": ("demonym",),
    "calendar": ("name",),
    "place_kinds": ("kind",),
    "time_units": ("unit",),
}

#: The tables of closed word classes, columns ``word``, ``role``, ``note``: the roles the
#: rules of claims (``claim_words.csv``), of the place finder (``place_words.csv``), of the
#: time expressions (``time_words.csv``) and of the quantity finder (``quantity_words.csv``) read.
WORD_TABLES = ("claim_words", "place_words", "time_words", "quantity_words")


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
    required = [c for c in _REQUIRED.get(name, ()) if c not in ("high", "low")]
    if required:  # row by row, the columns in their order: the first empty cell is named
        for i, vals in enumerate(zip(*(df[c].tolist() for c in required))):
            for c, v in zip(required, vals):
                if str(v).strip() == "":
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
    df.attrs["rows"] = _RowLabels(rows)  # where each row comes from: "path, row N" (see row_label)
    return df


class _RowLabels(tuple):
    """The row labels of a lexicon table, kept in its ``attrs``. pandas deep-copies ``attrs``
    into every frame or column derived from the table (each ``df["word"]``): these labels
    never change, so the copy is the labels themselves, not a new list of thousands of
    strings at each access."""

    def __deepcopy__(self, memo):
        return self


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
def abbreviations() -> frozenset[str]:
    """Abbreviations whose period ends no sentence nor phrase (``abbreviations.txt``: 'Col',
    'Gen', 'Mr'), lower case, without the period."""
    return frozenset(w.lower().rstrip(".") for w in word_list("abbreviations.txt"))


@functools.cache
def person_nouns() -> frozenset[str]:
    """Nouns that denote people (``person_nouns.txt``), lower case: a number counting one can
    be a casualty figure, and a place name that is also a people's name ('Somali', 'Amhara')
    before a noun is an adjective.

    >>> "villagers" in person_nouns()
    True
    """
    return frozenset(w.lower() for w in word_list("person_nouns.txt"))


@functools.cache
def words(name: str, cased: bool = False) -> frozenset[str]:
    """The words of role ``name`` in the word tables (``claim_words.csv``, ``place_words.csv``:
    columns ``word``, ``role``, ``note``), lower-cased unless ``cased`` (for the roles whose
    rows are written as they stand in text, capitalised: ``sentence_opener``): the closed word
    classes the rules of the code read (``count_noun``: a number before one counts it, so
    "2017 people" is no year; ``aux``, ``np_stop``, ``place_preposition``...). Rows of every
    pack add up; an unknown role has no words.

    >>> "civilians" in words("count_noun"), "But" in words("sentence_opener", cased=True)
    (True, True)
    >>> "ez" in words("transliterated_article")
    True
    """
    return _words_by_role(cased).get(name, frozenset())


@functools.cache
def _words_by_role(cased: bool) -> dict[str, frozenset[str]]:
    """:func:`words` of every role, read in one pass over the word tables (not one pass per role)."""
    out: dict[str, set[str]] = {}
    for t in WORD_TABLES:
        if not paths(f"{t}.csv"):
            continue
        df = table(t)
        for w, role in zip(df["word"], df["role"]):
            out.setdefault(str(role).strip(), set()).add(str(w).strip() if cased else str(w).strip().lower())
    return {role: frozenset(ws) for role, ws in out.items()}


class WordSet:
    """The words of one or more roles of the word tables (:func:`words`) as a set, read on
    first use and again after :func:`clear_cache` (so a pack loaded later is seen): ``w in
    AUX``. ``extra``: members that are not words (punctuation), kept by the code; ``cased``:
    as in :func:`words`.

    >>> nouns = WordSet("count_noun")
    >>> "soldiers" in nouns, "tables" in nouns
    (True, False)
    >>> "near" in WordSet("place_preposition", "place_cue"), "city" in WordSet("place_preposition", "place_cue")
    (True, True)
    """

    __slots__ = ("name", "names", "extra", "cased")

    def __init__(self, name: str, *more: str, extra: tuple = (), cased: bool = False):
        self.name = name
        self.names = (name, *more)
        self.extra = frozenset(extra)
        self.cased = cased

    def words(self) -> frozenset[str]:
        return _word_set(self.names, self.extra, self.cased)

    def __contains__(self, w) -> bool:
        return w in _word_set(self.names, self.extra, self.cased)

    def __iter__(self):
        return iter(self.words())

    def __len__(self) -> int:
        return len(self.words())

    def __or__(self, other) -> frozenset:
        return self.words() | frozenset(other)

    __ror__ = __or__

    def __repr__(self) -> str:
        return f"WordSet({', '.join(map(repr, self.names))})"

    def pattern(self, sep: str = r"\s+", not_after: str | None = None) -> str:
        """The words as one regex alternation ``(?:...)`` (:func:`phrase_pattern`: a character
        trie, the longer word first), spaces inside a phrase matching ``sep``; as written when
        ``cased``, else lower case (compile with ``re.IGNORECASE`` to match any case);
        ``not_after``: as in :func:`phrase_pattern` (no match right after such a character).

        >>> re.fullmatch(WordSet("finite_verb").pattern(), "would") is not None
        True
        """
        return _word_set_pattern(self.names, self.extra, self.cased, sep, not_after)


@functools.cache
def _word_set_pattern(names: tuple[str, ...], extra: frozenset, cased: bool, sep: str, not_after: str | None) -> str:
    """:meth:`WordSet.pattern`, built once per lexicon generation (rules ask it per mention)."""
    words = sorted(_word_set(names, extra, cased))
    body = phrase_pattern(words, sep=sep, lower=not cased, split=r"\s+", not_after=not_after)
    return f"(?:{body})"


@functools.cache
def _word_set(names: tuple[str, ...], extra: frozenset, cased: bool = False) -> frozenset[str]:
    return frozenset().union(*(words(n, cased) for n in names)) | extra


class RolePattern:
    r"""A regular expression whose ``{field}`` places are word roles (each field names a role,
    or a tuple of roles, of the word tables; it stands for :meth:`WordSet.pattern`), compiled
    on first use and again after :func:`clear_cache`: the grammar stays in code, the words in
    the lexicons. Braces of the regex itself are doubled (``{{0,60}}``), as in ``str.format``;
    ``sep``: what a space inside a phrase of a role matches; ``cased``: the words as written
    (:func:`words`), else lower case; ``not_after``: no word of a field right after such a
    character (:func:`phrase_pattern`: the test follows each word's first letter, so the
    pattern still starts with literals).

    >>> rx = RolePattern(r"\b{verb}\b", re.IGNORECASE, verb="finite_verb")
    >>> rx.search("The office HAS said").group()
    'HAS'
    """

    __slots__ = ("template", "flags", "sep", "cased", "roles", "not_after", "_built", "_generation")

    def __init__(self, template: str, flags: int = 0, *, sep: str = r"\s+", cased: bool = False,
                 not_after: str | None = None, **roles: str | tuple[str, ...]):
        self.template, self.flags, self.sep, self.cased, self.not_after = template, flags, sep, cased, not_after
        self.roles = tuple(sorted((k, v if isinstance(v, tuple) else (v,)) for k, v in roles.items()))
        self._built, self._generation = None, -1

    @property
    def compiled(self) -> re.Pattern:
        # kept on the instance until clear_cache (a new generation): no cache look-up per search
        if self._generation != _GENERATION[0]:
            self._built, self._generation = self._build(), _GENERATION[0]
        return self._built

    def _build(self) -> re.Pattern:
        return _role_pattern(self.template, self.flags, self.sep, self.roles, self.cased, self.not_after)

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    def search(self, *args):
        return self.compiled.search(*args)

    def match(self, *args):
        return self.compiled.match(*args)

    def finditer(self, *args):
        return self.compiled.finditer(*args)

    def sub(self, *args):
        return self.compiled.sub(*args)

    def fullmatch(self, *args):
        return self.compiled.fullmatch(*args)

    def split(self, *args):
        return self.compiled.split(*args)


@functools.cache
def _role_pattern(template: str, flags: int, sep: str, roles: tuple[tuple[str, tuple[str, ...]], ...],
                  cased: bool = False, not_after: str | None = None) -> re.Pattern:
    fields = {k: WordSet(*names, cased=cased).pattern(sep, not_after) for k, names in roles}
    return re.compile(template.format(**fields), flags)


class RoleCaseless(RolePattern):
    r"""A :class:`RolePattern` scanned as a :class:`Caseless` (case-insensitive, ASCII text
    lower-cased and scanned case-sensitively: groups may be lower-cased), built on first use
    and again after :func:`clear_cache`. ``flags`` are those given to :class:`Caseless`.

    >>> rx = RoleCaseless(r"\b{verb}\b", verb="finite_verb")
    >>> [m.span() for m in rx.finditer("It HAS said")]
    [(3, 6), (7, 11)]
    """

    __slots__ = ()

    def _build(self) -> Caseless:  # type: ignore[override]
        return _role_caseless(self.template, self.flags, self.sep, self.roles, self.cased, self.not_after)

    @property
    def pattern(self) -> str:
        return self.compiled.ci.pattern

    @property
    def ci(self) -> re.Pattern:
        return self.compiled.ci

    @property
    def cs(self) -> re.Pattern | None:
        return self.compiled.cs

    def scan(self, text: str) -> tuple[re.Pattern, str]:
        return self.compiled.scan(text)

    def folds(self, text: str) -> bool:
        return self.compiled.folds(text)


@functools.cache
def _role_caseless(template: str, flags: int, sep: str, roles: tuple[tuple[str, tuple[str, ...]], ...],
                   cased: bool = False, not_after: str | None = None) -> "Caseless":
    return Caseless(_role_pattern(template, flags, sep, roles, cased, not_after).pattern, flags)


@functools.cache
def base_table(name: str) -> pd.DataFrame:
    """Lexicon ``name`` (``name.csv``) of the base pack alone, whatever packs are loaded (the
    kinds of harm of ``schemas.KINDS`` list the base pack's first, in its order).

    >>> base_table("harm_terms").columns[:3].tolist()
    ['term', 'kind', 'form']
    """
    return _read_one(config.DEFAULT_LEXICON_DIR / "base" / f"{name}.csv", name)


# ----------------------------------------------------------------------------- the calendar
#: the kinds of name of ``calendar.csv``
CALENDAR_KINDS = ("month", "weekday", "season")


@functools.cache
def calendar() -> pd.DataFrame:
    """The month, weekday and season names (``calendar.csv`` of every loaded pack: ``name`` as
    written, ``kind`` month, weekday or season, ``number`` 1-12 for a month, 0-6 from Monday
    for a weekday and the first month for a season, ``form`` full or short), in load order and
    file order. A pack adds names (another spelling, another language's months); the date rules
    compile their patterns from this table again after :func:`clear_cache`.

    >>> calendar().query("form == 'short' and number == 9")["name"].tolist()
    ['Sept', 'Sep']
    """
    for p in paths("calendar.csv"):
        df = _read_one(p, "calendar")
        bad = df[~df["kind"].isin(CALENDAR_KINDS) | ~df["form"].isin(("full", "short"))]
        if len(bad):
            raise LexiconError(f"{p}, row {bad.index[0] + 2}: kind must be one of {', '.join(CALENDAR_KINDS)} "
                               f"and form full or short")
    df = table("calendar")
    return df.assign(number=df["number"].astype(int))


def calendar_names(kind: str = "month", forms: tuple[str, ...] = ("full", "short")) -> dict[str, int]:
    """The names of ``kind`` (month, weekday) of the given ``forms``, lower case, in file order
    (the full names first) -> their number: the one table of month and weekday names.

    >>> calendar_names()["sept"], list(calendar_names("weekday", ("full",)))[:2]
    (9, ['monday', 'tuesday'])
    """
    return dict(_calendar_names(kind, tuple(forms)))


@functools.cache
def _calendar_names(kind: str, forms: tuple[str, ...]) -> dict[str, int]:
    """:func:`calendar_names` once per lexicon generation (it is asked per candidate place
    name; callers get a copy, so nobody mutates the cached dict)."""
    df = calendar()
    rows = df[(df["kind"] == kind) & df["form"].isin(forms)]
    return {str(n).strip().lower(): int(v) for n, v in zip(rows["name"], rows["number"])}


def calendar_pattern(kind: str = "month", forms: tuple[str, ...] = ("full", "short"), cased: bool = False) -> str:
    """The names of :func:`calendar_names` as one regex alternation ``(?:...)`` in file order
    (so 'Sept' is tried before 'Sep'): lower case, or as written (capitalised) when ``cased``.

    >>> calendar_pattern("month", ("short",), cased=True)
    '(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)'
    """
    df = calendar()
    rows = df[(df["kind"] == kind) & df["form"].isin(forms)]
    names = [str(n).strip() if cased else str(n).strip().lower() for n in rows["name"]]
    return "(?:" + "|".join(map(re.escape, names)) + ")"


# ----------------------------------------------------------------------------- units of time
#: what a date counted back in a unit of time may be precise to (``time_units.csv``, ``precision``)
TIME_UNIT_PRECISIONS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class TimeUnit:
    """A unit of time of ``time_units.csv``: its length in ``days``, the calendar ``months`` it
    counts back (None: counted back in days) and the ``precision`` of a date counted back in it."""

    days: float
    months: int | None
    precision: str


@functools.cache
def time_units() -> dict[str, TimeUnit]:
    """The units of time the date rules count (``time_units.csv`` of every loaded pack), lower
    case, in load order and file order -> :class:`TimeUnit`.

    >>> u = time_units()
    >>> u["week"], u["hour"].days == 1 / 24, u["decade"].months
    (TimeUnit(days=7.0, months=None, precision='week'), True, 120)
    """
    for p in paths("time_units.csv"):
        df = _read_one(p, "time_units")
        bad = df[~df["precision"].str.strip().isin(TIME_UNIT_PRECISIONS)]
        if len(bad):
            raise LexiconError(f"{p}, row {bad.index[0] + 2}: precision must be one of {', '.join(TIME_UNIT_PRECISIONS)}")
    df = table("time_units")
    months = df["months"] if "months" in df.columns else [""] * len(df)
    return {str(u).strip().lower(): TimeUnit(_fraction(str(d)), int(m) if str(m).strip() else None, str(pr).strip())
            for u, d, m, pr in zip(df["unit"], df["days"], months, df["precision"])}


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


def longest_first(words, default: str = "") -> str:
    """Words as a plain regex alternation (escaped), the longer first so that a word is tried
    before its prefixes ('villages' before 'village'), then alphabetically; ``default`` (a regex)
    when there are none. At any position the words that can match are prefixes of one another,
    so this order finds what a character trie (:func:`phrase_pattern`) finds; it keeps each
    word as written (no space or apostrophe variants).

    >>> longest_first(["in", "inside", "at"]), longest_first([], "village")
    ('inside|at|in', 'village')
    """
    return "|".join(sorted(map(re.escape, words), key=lambda w: (-len(w), w))) or default


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


def _caseless_marks() -> str:
    r"""The non-ASCII characters ``foldable_text`` lets through, as a regex class body: the
    punctuation and symbols of Latin-1, General Punctuation and Currency Symbols (curly quotes,
    dashes, ellipsis, bullets, euro...) that are neither word characters, digits nor space in
    Unicode, have no case (``lower``, ``upper`` and ``casefold`` leave them alone) and that
    IGNORECASE equates with no ASCII character."""
    letter = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    out = []
    for lo, hi in ((0x80, 0xC0), (0xD7, 0xD8), (0xF7, 0xF8), (0x2000, 0x2070), (0x20A0, 0x20D0), (0x2212, 0x2213)):
        for code in range(lo, hi):
            ch = chr(code)
            if re.match(r"[\w\s\d]", ch) or ch.lower() != ch or ch.upper() != ch or ch.casefold() != ch:
                continue
            if letter.fullmatch(ch):  # IGNORECASE equates it with an ASCII character
                continue
            out.append(re.escape(ch))
    return "".join(out)


#: a character ``foldable_text`` refuses: non-ASCII outside ``_caseless_marks``, or \x1c-\x1f
_NOT_FOLDABLE_RE = re.compile("[^\\x00-\\x1b\\x20-\\x7f" + _caseless_marks() + "]")


def foldable_text(text: str) -> bool:
    r"""Text on which an ASCII-foldable pattern (``ascii_foldable``) compiled with ``re.ASCII``
    and run case-sensitively on ``text.lower()`` finds what the case-insensitive Unicode
    pattern finds in ``text``, at the same offsets: ``plain_ascii`` text, or text whose only
    other characters are caseless punctuation and symbols (curly quotes, dashes, ellipsis...:
    ``_caseless_marks``). Those are neither ``\w``, ``\d`` nor ``\s`` in either mode, lower
    casing leaves them (and the length) alone, and no ASCII letter matches them ignoring case.
    News text has them in most articles; a letter outside ASCII (é, ſ, K) or a space outside
    ASCII (no-break space) sends the text to the Unicode pattern.

    >>> foldable_text("Five “were” killed – he said"), foldable_text("Médecins"), foldable_text("a\u00a0b")
    (True, False, False)
    """
    if text.isascii():
        return plain_ascii(text)
    return _NOT_FOLDABLE_RE.search(text) is None


_plain_ascii = foldable_text  # what the fast paths of this module test


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

    def any_in(self, text: str) -> bool:
        """Whether one of the strings occurs in ``text`` (``any(w in text for w in words)``),
        stopping at the first found.

        >>> Substrings(["siege", "ack"]).any_in("counter-attacked"), Substrings(["siege"]).any_in("attack")
        (True, False)
        """
        if self._automaton is None or not text:
            return False
        for _ in self._automaton.iter(text):
            return True
        return False


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


# ----------------------------------------------------------------------------- scanning only where a match can start
#: a path through a pattern reads at most this many characters for ``match_starts``
_START_CHARS = 4
#: more start strings than this and ``match_starts`` gives up (the pattern runs everywhere)
_MAX_STARTS = 256


def match_starts(rx: re.Pattern) -> dict[str, bool] | None:
    r"""Lower-case strings one of which begins every match of ``rx`` (at most ``_START_CHARS``
    characters each, read from the top of the pattern through groups, alternations, optional
    and repeated parts and small character classes; zero-width assertions such as ``\b`` and
    look-arounds are stepped over), each with whether every way to it passed a Unicode ``\b``
    before its first character, a word character (then a match starts there only after a
    character that is not ``\w``). None when some match could start otherwise (a category such
    as ``\w`` or ``\s`` first, a negated class, an empty match), the pattern cannot be read, or
    there would be more than ``_MAX_STARTS``. In the lower-cased text a match of ``rx`` then
    always starts where one of them occurs (``WordStarts``).

    >>> match_starts(re.compile(r"\b(?:since\s+)?(?:Monday|Tuesday)\b"))
    {'mond': True, 'sinc': True, 'tues': True}
    >>> match_starts(re.compile(r"-?[0-9]{2}")), match_starts(re.compile(r"\w+ days"))
    ({'-0': False, '-1': False, '-2': False, '-3': False, '-4': False, '-5': False, '-6': False, '-7': False, '-8': False, '-9': False, '0': False, '1': False, '2': False, '3': False, '4': False, '5': False, '6': False, '7': False, '8': False, '9': False}, None)
    """
    try:
        from re import _constants as c, _parser
        tree = list(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # another Python's internals: no start strings, the pattern runs everywhere
        return None
    if rx.flags & re.LOCALE:
        return None
    zero_width = (c.ASSERT, c.ASSERT_NOT)
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
    stop = ("stop", None)  # end of a repeated part: what follows may be another round of it
    out: dict[str, bool] = {}

    def finish(acc: str, bound: bool) -> bool:
        if not acc:
            return False
        bound = bound and (acc[0].isalnum() or acc[0] == "_")
        out[acc] = out.get(acc, True) and bound
        return len(out) <= _MAX_STARTS

    def class_chars(items) -> list[str] | None:
        chars: list[str] = []
        for op, av in items:
            if op is c.LITERAL:
                chars.append(chr(av))
            elif op is c.RANGE and av[1] - av[0] < 16:
                chars += [chr(x) for x in range(av[0], av[1] + 1)]
            else:  # a negation, a category (\s, \w), a wide range
                return None
        return chars

    def go(items: list, acc: str, bound: bool, ascii_: bool) -> bool:
        """Walk ``items`` having read ``acc``; ``bound``: a Unicode \b was passed before any
        character; ``ascii_``: re.ASCII is in force. False when a match could start otherwise."""
        while True:
            if len(acc) >= _START_CHARS or not items:
                return finish(acc, bound)
            (op, av), items = items[0], items[1:]
            if op == "stop":
                return finish(acc, bound)
            if op == "flags":
                ascii_ = av
                continue
            if op in zero_width:
                continue
            if op is c.AT:
                if av is c.AT_BOUNDARY and not acc and not ascii_:
                    bound = True
                continue
            if op is c.LITERAL:
                ch = chr(av)
                if not ch.isascii():
                    return finish(acc, bound)
                acc += ch.lower()
                continue
            if op is c.IN:
                chars = class_chars(av)
                if chars is None or not all(ch.isascii() for ch in chars):
                    return finish(acc, bound)
                return all(go(items, acc + ch, bound, ascii_) for ch in sorted({ch.lower() for ch in chars}))
            if op is c.SUBPATTERN:
                _, add, remove, body = av
                inner = bool((ascii_ or add & re.ASCII) and not remove & re.ASCII)
                items = [("flags", inner)] + list(body) + [("flags", ascii_)] + items
                continue
            if op is c.BRANCH:
                return all(go(list(alt) + items, acc, bound, ascii_) for alt in av[1])
            if op in repeats:
                lo, hi, body = av
                rest = items if hi == 1 else [stop]  # after a round of a repeat, maybe another
                if not go(list(body) + rest, acc, bound, ascii_):
                    return False
                return go(items, acc, bound, ascii_) if lo == 0 else True
            return finish(acc, bound)  # anything else (a category, a back-reference): what was read so far

    if not go(tree, "", False, bool(rx.flags & re.ASCII)) or "" in out or len(out) > _MAX_STARTS:
        return None
    # a string that begins with a shorter one is found where the shorter one is
    # (its shorter beginnings looked up, rather than every string tried against every other)
    keep = {s: b for s, b in out.items() if not any((t := s[:k]) in out and (b or not out[t]) for k in range(1, len(s)))}
    return dict(sorted(keep.items()))


class WordStarts:
    r"""Several patterns, each tried only at the words where a match of it can start.

    A pattern qualifies when every match begins at a word (``match_starts``: each start
    string is a word character after a Unicode ``\b``); the others run ``finditer`` on the
    whole text. ``candidates(text)`` finds the words of the text once (``\w+``) and gives, for
    each pattern, the words whose first letters (lower-cased) begin with one of its start
    strings; ``finditer(k, text, candidates)`` then tries pattern ``k`` there only, left to
    right, each after the end of the last match: the same matches as ``finditer`` on the whole
    text, as no match is empty and every match starts at one of those words. Text that
    lower-casing does not keep one character per character, or that holds ſ or ı (which
    IGNORECASE equates with s and i while lower-casing leaves them), takes ``finditer``.

    >>> ws = WordStarts([re.compile(r"\b(?:last\s+)?(?:Monday|Friday)\b"), re.compile(r"\w+day")])
    >>> t = "On Monday and last Friday."
    >>> c = ws.candidates(t)
    >>> [m.group() for m in ws.finditer(0, t, c)], [m.group() for m in ws.finditer(1, t, c)]
    (['Monday', 'last Friday'], ['Monday', 'Friday'])
    """

    _WORD_SPLIT = re.compile(r"(\w+)")
    _CACHE_MAX = 50_000

    def __init__(self, patterns):
        self.patterns = list(patterns)
        self.starts: list[tuple[str, ...] | None] = []
        for rx in self.patterns:
            found = match_starts(rx)
            ok = found is not None and all(found.values())
            self.starts.append(tuple(found) if ok else None)
        self._rules: dict[str, tuple[int, ...]] = {}  # a word's first letters -> the patterns it can start

    def _rules_of(self, key: str) -> tuple[int, ...]:
        got = self._rules.get(key)
        if got is None:
            got = tuple(k for k, st in enumerate(self.starts) if st is not None and key.startswith(st))
            if len(self._rules) < self._CACHE_MAX:
                self._rules[key] = got
        return got

    def candidates(self, text: str, lower: str | None = None) -> list[list[int] | None] | None:
        """For each pattern, the offsets of the words where a match of it can start (None for
        a pattern that runs on the whole text); None when the text cannot be scanned so."""
        lower = text.lower() if lower is None else lower
        if len(lower) != len(text) or (not text.isascii() and ("ſ" in text or "ı" in text)):
            return None
        out: list[list[int] | None] = [None if st is None else [] for st in self.starts]
        # [gap, word, gap, word, ..., gap]: the running sum of the lengths gives each word's
        # offset without a match object per word
        parts = self._WORD_SPLIT.split(text)
        offsets = itertools.accumulate(map(len, parts))
        rules, width = self._rules, _START_CHARS
        for p in itertools.islice(offsets, 0, len(parts) - 1, 2):  # where each word starts
            key = lower[p:p + width]
            ks = rules.get(key)
            if ks is None:
                ks = self._rules_of(key)
            for k in ks:
                out[k].append(p)
        return out

    def finditer(self, k: int, text: str, candidates: list[list[int] | None] | None):
        """The matches of pattern ``k`` in ``text`` (``candidates``: ``candidates(text)``)."""
        rx = self.patterns[k]
        where = None if candidates is None else candidates[k]
        if where is None:
            yield from rx.finditer(text)
            return
        match, end = rx.match, 0
        for p in where:
            if p >= end:
                m = match(text, p)
                if m is not None:
                    yield m
                    end = m.end()

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
    _GENERATION[0] += 1
    _packs.cache_clear()
    table.cache_clear()
    word_list.cache_clear()
    abbreviations.cache_clear()
    words.cache_clear()
    _words_by_role.cache_clear()
    calendar.cache_clear()
    _calendar_names.cache_clear()
    time_units.cache_clear()
    _role_pattern.cache_clear()
    _role_caseless.cache_clear()
    person_nouns.cache_clear()
    _word_set.cache_clear()
    _word_set_pattern.cache_clear()
    alias_matcher.cache_clear()
    for fn in _CLEARERS:
        fn()


_CLEARERS: list = []
#: bumped by clear_cache: a RolePattern built in an older generation is built again
_GENERATION = [0]


def register_cache(fn) -> None:
    """Modules with lexicon-derived caches register their cache_clear here."""
    _CLEARERS.append(fn)


#: Whether ``text_memo`` functions remember their results (``plain_path()`` turns it off).
_MEMO_ON = [True]


def text_memo(maxsize: int = 4096):
    """Decorator: remember the results of a pure function of text (and other hashable
    arguments) whose answer depends only on them and on the lexicons, for the last ``maxsize``
    distinct arguments. A month of news repeats wire copy (the same paragraph in many
    outlets, the same sentence in many articles): each distinct text is analysed once. The
    results are shared between callers, so the function must return values nobody mutates
    (tuples, frozen dataclasses). Cleared with the lexicons (``clear_cache``); bounded, so
    memory does not grow with the corpus. ``fn.plain`` is the function without the memo;
    inside ``with plain_path():`` every memoised function runs plain (tests compare the two).

    >>> @text_memo(8)
    ... def n_words(s):
    ...     return len(s.split())
    >>> n_words("two words"), n_words("two words"), n_words.cache_info().hits
    (2, 2, 1)
    """
    def deco(fn):
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        register_cache(cached.cache_clear)

        @functools.wraps(fn)
        def wrapper(*args):
            return cached(*args) if _MEMO_ON[0] else fn(*args)

        wrapper.plain = fn  # type: ignore[attr-defined]
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return wrapper
    return deco


def memo_on() -> bool:
    """Whether analyses may reuse what they found for an identical text (False inside
    ``plain_path()``): ``text_memo`` and the other shortcuts for repeated texts follow it."""
    return _MEMO_ON[0]


class plain_path:
    """Context manager: ``text_memo`` functions neither read nor fill their memo inside it
    (the plain path that tests compare the memoised one with).

    >>> with plain_path():
    ...     _MEMO_ON[0]
    False
    """

    def __enter__(self):
        self._was = _MEMO_ON[0]
        _MEMO_ON[0] = False
        return self

    def __exit__(self, *exc):
        _MEMO_ON[0] = self._was
        return False


def truthy(v: object) -> bool:
    return _truthy(v)
