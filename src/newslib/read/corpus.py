"""Reading a corpus: a folder of .txt articles (with an optional ``articles.csv`` sidecar) or one
file of a format in ``newslib.read.formats`` (a table: .csv, .jsonl, .parquet, plain or gzip;
a .zip of .txt files). Every input is either an article or a row of ``errors``.

>>> arts = load_corpus(config.RAW_DIR)          # doctest: +SKIP
>>> arts[["article_id", "outlet", "published"]]  # doctest: +SKIP
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from .. import config, lexicons, schemas
from . import published as published_mod
from ..errors import CorpusError, log_problems

log = logging.getLogger(__name__)

SIDECAR_NAMES = ("articles.csv", "metadata.csv")
TEXT_COLUMNS = ("text",)
ID_COLUMNS = ("id",)


# ----------------------------------------------------------------------------- results
@dataclass
class Ingested:
    """What ingestion produced: the articles table and the errors table."""

    articles: pd.DataFrame
    errors: pd.DataFrame
    inputs: list[str] = field(default_factory=list)

    @property
    def n_inputs(self) -> int:
        return len(self.inputs)


@dataclass
class Document:
    """One article before cleaning."""

    article_id: str
    source: str
    raw_text: str
    encoding: str = "utf-8"
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


@dataclass
class Problem:
    input: str
    reason: str
    severity: str = "error"


# ----------------------------------------------------------------------------- decoding
def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes; return (text, encoding). Raise ValueError for binary data.

    Order: BOMs (UTF-8, UTF-16), UTF-8, then CP1252, then Latin-1 (which always succeeds,
    so binary data is detected first by its NUL and control bytes).

    >>> decode_bytes("café".encode("cp1252"))
    ('café', 'cp1252')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    sample = data[:65536]
    if sample:
        # UTF-16 without BOM: many NULs at alternating positions
        if sample.count(b"\x00") > len(sample) // 4:
            for enc in ("utf-16-le", "utf-16-be"):
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _looks_textual(text):
                    return text, enc
            raise ValueError("binary data (NUL bytes), not text")
        if b"\x00" in sample:
            raise ValueError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            enc = "cp1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            enc = "latin-1"
    if not _looks_textual(text):
        raise ValueError("binary data (control characters), not text")
    return text, enc


def _looks_textual(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or ch == "\ufffd")
    return bad / len(sample) < 0.05


# ----------------------------------------------------------------------------- furniture
@dataclass(frozen=True)
class FurnitureRule:
    regex: re.Pattern
    action: str  # drop_line | drop_rest | own_line
    note: str


#: What a furniture rule can do with a line it matches: drop the line, drop it and all after,
#: or (``own_line``) move the text it matches at the start of a line onto a line of its own
#: (a web store's ``date 2024-05-26`` marker opening the first paragraph would otherwise be
#: read as the date of the first sentence's killing).
FURNITURE_ACTIONS = ("drop_line", "drop_rest", "own_line")


def furniture_rules() -> tuple[FurnitureRule, ...]:
    """Compiled page-furniture patterns from ``lexicons/furniture.csv``."""
    return _furniture_rules()


import functools  # noqa: E402


@functools.cache
def _furniture_rules() -> tuple[FurnitureRule, ...]:
    rules = []
    tab = lexicons.table("furniture")
    for i, row in enumerate(tab.to_dict("records")):  # records: far cheaper than iterrows
        try:
            rx = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            from ..errors import LexiconError

            raise LexiconError(f"{lexicons.row_label(tab, i, 'furniture.csv')}: bad pattern {row['pattern']!r}: {exc}") from exc
        if row["action"] not in FURNITURE_ACTIONS:
            from ..errors import LexiconError

            raise LexiconError(f"{lexicons.row_label(tab, i, 'furniture.csv')}: action must be one of "
                               f"{', '.join(FURNITURE_ACTIONS)}")
        rules.append(FurnitureRule(rx, row["action"], row.get("note", "")))
    return tuple(rules)


_BACKREF_LIKE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


@functools.cache
def _furniture_gate() -> re.Pattern | None:
    """One pattern that fullmatches a line exactly when some furniture rule does (their
    alternation), so most lines take one test instead of one per rule. None when the rules
    cannot be joined without changing their meaning (back-references, inline flags, clashing
    group names)."""
    patterns = [rule.regex.pattern for rule in furniture_rules() if rule.action != "own_line"]
    if not patterns or any(_BACKREF_LIKE.search(p) for p in patterns):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except (re.error, Warning):
        return None


lexicons.register_cache(_furniture_rules.cache_clear)
lexicons.register_cache(_furniture_gate.cache_clear)

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")


@dataclass
class Cleaned:
    text: str
    segments: list[tuple[int, int, int]]  # (clean_start, raw_start, length)
    removed: list[str]

    def to_raw(self, pos: int) -> int:
        """Map an offset in the cleaned text to the decoded raw text."""
        for cs, rs, ln in reversed(self.segments):
            if pos >= cs:
                return rs + min(pos - cs, ln)
        return 0

    def to_clean(self, raw_pos: int) -> int:
        """Map an offset in the decoded raw text to the cleaned text (the inverse of
        ``to_raw``). An offset inside removed text (furniture, line ends, trailing spaces)
        maps to where the next kept text starts, or to the end of the cleaned text.

        >>> c = clean_text("Title\\n\\nAdvertisement\\nBody.")
        >>> c.to_clean(21), c.text[c.to_clean(21):]
        (7, 'Body.')
        """
        for cs, rs, ln in self.segments:
            if raw_pos < rs:
                return cs
            if raw_pos < rs + ln:
                return cs + (raw_pos - rs)
        return len(self.text)


def _raw_lines(raw: str, fast: bool = True) -> list[tuple[int, str]]:
    """(offset, content) of every line of ``raw``, any of "\\r\\n", "\\n", "\\r" ending a
    line; no line after a final line break. ``fast`` uses ``str.split`` when there is no
    "\\r" (the same lines; tests/read/test_corpus.py compares both ways)."""
    lines: list[tuple[int, str]] = []
    pos = 0
    if fast and "\r" not in raw:
        contents = raw.split("\n")
        if not contents[-1]:
            contents.pop()  # nothing after a final newline (or in an empty text)
        for content in contents:
            lines.append((pos, content))
            pos += len(content) + 1
        return lines
    for m in _LINE_RE.finditer(raw):
        chunk = m.group(0)
        if not chunk:
            break
        lines.append((pos, chunk.rstrip("\r\n")))
        pos += len(chunk)
    return lines


def clean_text(raw: str) -> Cleaned:
    """Strip page furniture line by line; normalise newlines and odd spaces.

    Offsets into the result map back to ``raw`` through ``Cleaned.to_raw``.

    >>> clean_text("Title\\n\\nAdvertisement\\nBody.").text
    'Title\\n\\nBody.'
    """
    rules = [r for r in furniture_rules() if r.action != "own_line"]
    own_line = [r for r in furniture_rules() if r.action == "own_line"]
    gate = _furniture_gate()
    lines = _raw_lines(raw)

    normal = [_normalise_spaces(content) for _, content in lines]
    keep: list[tuple[int, str]] = []
    removed: list[str] = []
    drop_idx: set[int] = set()
    stop_at = len(lines)
    for i, norm in enumerate(normal):
        s = norm.strip()
        if not s or (gate is not None and not gate.fullmatch(s)):
            continue
        for rule in rules:
            if rule.regex.fullmatch(s):
                if rule.action == "drop_rest":
                    stop_at = i
                    removed.append(f"{s[:60]} [{rule.note}, and all after]")
                else:
                    drop_idx.add(i)
                    removed.append(f"{s[:60]} [{rule.note}]")
                    # alt text repeating the caption just before it
                    j = i - 1
                    while j >= 0 and not lines[j][1].strip():
                        j -= 1
                    if j >= 0 and j not in drop_idx:
                        prev = normal[j].strip()
                        if len(prev) >= 30 and prev[:30] == s[:30]:
                            drop_idx.add(j)
                            removed.append(f"{prev[:60]} [alt text repeating a caption]")
                break
        if stop_at != len(lines):
            break

    blank_run = 0
    for i, (rs, _) in enumerate(lines[:stop_at]):
        if i in drop_idx:
            continue
        c = normal[i].rstrip()
        if not c.strip():
            blank_run += 1
            continue
        if keep and blank_run:
            keep.append((rs, ""))
        blank_run = 0
        for rule in own_line:
            m = rule.regex.match(c)
            rest = len(c) - len(c[m.end():].lstrip()) if m else 0
            if m and m.group(0).strip() and rest < len(c):
                lead = len(c) - len(c.lstrip())
                keep.append((rs + lead, c[lead:m.end()].rstrip()))
                removed.append(f"{m.group(0).strip()[:60]} [{rule.note}: put on a line of its own]")
                rs, c = rs + rest, c[rest:]
                break
        if rs < published_mod.TEXT_WINDOW_CHARS:
            # a dateline opening the body ("May 26, 2024 (EL FASHER) – The toll ..."): its own
            # line, so that its date and numbers are not read with the first sentence
            lead = len(c) - len(c.lstrip())
            n = published_mod.dateline_prefix(c[lead:])
            if n and c[lead + n:].strip():
                keep.append((rs + lead, c[lead:lead + n].rstrip()))
                removed.append(f"{c[lead:lead + n].strip()[:60]} [dateline: put on a line of its own]")
                rest = lead + n + len(c[lead + n:]) - len(c[lead + n:].lstrip())
                rs, c = rs + rest, c[rest:]
        keep.append((rs, c))

    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    cpos = 0
    for k, (rs, c) in enumerate(keep):
        if k:
            parts.append("\n")
            cpos += 1
        if c:
            segments.append((cpos, rs, len(c)))
        parts.append(c)
        cpos += len(c)
    return Cleaned("".join(parts), segments, removed)


#: Odd spaces, each read as a plain space.
_ODD_SPACES = ("\u00a0", "\u2009", "\u202f", "\t", "\u200b", "\ufeff")


def _normalise_spaces(s: str) -> str:
    if s.isascii():  # of the odd spaces, only the tab is ASCII
        return s.replace("\t", " ")
    for ch in _ODD_SPACES:  # str.replace is much faster than str.translate with a dict
        s = s.replace(ch, " ")
    return s


# ----------------------------------------------------------------------------- dates
def find_date_line(text: str, max_lines: int = 12) -> tuple[dt.date, str] | None:
    """A line near the top of an article that is only a date ('30 September, 2017').

    >>> find_date_line("Title\\n2 min read\\n30 September, 2017\\nBody")
    (datetime.date(2017, 9, 30), '30 September, 2017')
    """
    for line in text.splitlines()[:max_lines]:
        s = line.strip()
        d = published_mod.date_line(s)
        if d is not None:
            return d, s
    return None


def parse_published(value: object) -> tuple[dt.date | None, str | None]:
    """Parse a full metadata date; return (date, problem). Partial dates ("2024-05") are
    windows: see ``published.parse_metadata``; here they give their first day.

    >>> parse_published("2017-09-29")
    (datetime.date(2017, 9, 29), None)
    >>> parse_published("next Tuesday")[1]
    "unparseable date 'next Tuesday'"
    """
    pub, problem = published_mod.parse_metadata(value)
    return (pub.start if pub else None), problem


# ----------------------------------------------------------------------------- reading inputs
def _read_sidecar(path: Path, problems: list[Problem]) -> dict[str, dict]:
    try:
        meta = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:
        problems.append(Problem(str(path), f"metadata sidecar unreadable ({exc}); articles read without metadata", "warning"))
        return {}
    if "file" not in meta.columns:
        problems.append(Problem(str(path), "metadata sidecar has no 'file' column; articles read without metadata", "warning"))
        return {}
    out: dict[str, dict] = {}
    for i, row in meta.iterrows():
        name = row["file"].strip()
        if name in out:
            problems.append(Problem(f"{path}:row {i + 2}", f"duplicate metadata row for {name}; the first is used", "warning"))
            continue
        out[name] = {k: (v if v != "" else None) for k, v in row.items()}
    return out


def iter_documents(path: str | Path, follow_symlinks: bool = False) -> Iterator[Document | Problem]:
    """Yield a Document for every usable article and a Problem for everything else.

    Accepts a folder (``.txt`` files, an ``articles.csv`` sidecar, and table files) or a
    single table file. Raises CorpusError only when the path itself cannot be used.
    Symbolic links in a folder are read only when they stay inside it, unless
    ``follow_symlinks`` (see ``folder_plan``).
    """
    from .formats import format_of, suffixes

    p = Path(path)
    if not p.exists():
        raise CorpusError(f"corpus path {p} does not exist; pass a folder of .txt files or a .csv/.jsonl/.parquet table")
    if p.is_file():
        fmt = format_of(p)
        if fmt is None:
            raise CorpusError(f"{p}: unsupported corpus file type '{p.suffix}'; use a folder of .txt, or one of "
                              f"{suffixes()}")
        yield from fmt.read(p)
        return
    problems, sidecar, texts, tables = folder_plan(p, follow_symlinks)
    yield from problems
    yield from text_documents(texts, sidecar)
    for t in tables:
        yield from format_of(t).read(t)


def folder_plan(p: Path, follow_symlinks: bool = False) -> tuple[list[Problem], dict[str, dict], list[Path], list[Path]]:
    """What a corpus folder holds, in reading order: the folder-level problems (entries that
    cannot be read, sidecar, unsupported files, metadata rows without a file), the sidecar
    metadata by file name, the ``.txt`` files and the table files. ``iter_documents`` and the
    partitioned engines (``newslib.run.engine``) both read a folder through this.

    Only regular files at the top of the folder are read; names starting with a dot are
    skipped. A symbolic link is read when its target is inside the folder, or anywhere with
    ``follow_symlinks``; a link out of the folder, a dangling link, a folder named like an
    article or table (``x.txt``) and a pipe or device are errors in ``errors``; any other
    subfolder is a warning (not read)."""
    problems: list[Problem] = []
    files = []
    root = p.resolve()
    for f in sorted(p.iterdir()):
        if f.name.startswith("."):
            continue
        problem = _entry_problem(f, root, follow_symlinks)
        if problem is not None:
            problems.append(problem)
        else:
            files.append(f)
    sidecar: dict[str, dict] = {}
    for name in SIDECAR_NAMES:
        if p / name in files:
            sidecar = _read_sidecar(p / name, problems)
            break
    from .formats import format_of

    fmts = {f: format_of(f) for f in files}
    texts = [f for f in files if fmts[f] is not None and fmts[f].article_file]
    tables = [f for f in files if fmts[f] is not None and not fmts[f].article_file and f.name not in SIDECAR_NAMES]
    others = [f for f in files if f not in texts and f not in tables and f.name not in SIDECAR_NAMES
              and f.name.lower() not in ("readme.md", "readme.txt", "readme")]
    for f in others:
        problems.append(Problem(str(f), f"unsupported file type '{f.suffix or '(none)'}'; convert to .txt or a table, or move it out of the corpus folder"))
    names = {f.name for f in texts}
    for name in sorted(sidecar):
        if name not in names:
            problems.append(Problem(f"{p / 'articles.csv'}:{name}", f"metadata row for missing file {name}; add the file or delete the row"))
    return problems, sidecar, texts, tables


def _entry_problem(f: Path, root: Path, follow_symlinks: bool) -> Problem | None:
    """Why an entry of a corpus folder is not read (None: it is a file to read). ``root``:
    the folder, resolved."""
    if f.is_symlink():
        try:
            target = os.readlink(f)
        except OSError:
            target = "?"
        if not f.exists():  # dangling, or a loop of links
            return Problem(str(f), f"dangling symbolic link (to {target}); remove it or restore the file it points to")
        inside = f.resolve().is_relative_to(root)
        if not inside and not follow_symlinks:
            return Problem(str(f), f"symbolic link to {f.resolve()}, outside the corpus folder: not read. Copy the file "
                                   f"into the folder, or pass --follow-symlinks to read it")
    if f.is_dir():
        from .formats import format_of

        if format_of(f) is not None:
            return Problem(str(f), f"a folder named like a {f.suffix} file, not a file: not read. Rename it, or move "
                                   f"its files into the corpus folder")
        return Problem(str(f), "subfolder not read (newslib reads the files at the top of a corpus folder); move its "
                               "files up if they are articles", "warning")
    if not f.is_file():
        return Problem(str(f), "not a regular file (a pipe, socket or device): not read; remove it from the corpus folder")
    return None


def text_documents(files: list[Path], sidecar: dict[str, dict]) -> Iterator[Document | Problem]:
    """The Documents (or Problems) of ``.txt`` files, with their rows of a folder's sidecar
    (``{file name: metadata}``; empty when the folder has none)."""
    for f in files:
        try:
            data = f.read_bytes()
        except OSError as exc:
            yield Problem(str(f), f"cannot read file ({exc.strerror}); check permissions")
            continue
        yield from text_document(str(f), f.stem, data, sidecar.get(f.name), bool(sidecar))


def text_document(source: str, article_id: str, data: bytes, meta: dict | None,
                  has_sidecar: bool) -> Iterator[Document | Problem]:
    """The Document (or Problem) of one article's bytes: a ``.txt`` file or a member of a
    ``.zip``. ``meta``: its sidecar row, if any; ``has_sidecar``: whether its folder has one."""
    try:
        text, enc = decode_bytes(data)
    except ValueError as exc:
        yield Problem(source, f"{exc}; remove it from the corpus or convert it to text")
        return
    if not text.strip():
        yield Problem(source, "empty file (no text); remove it or add the article text")
        return
    notes = []
    if enc not in ("utf-8",):
        notes.append(f"decoded as {enc}")
    if has_sidecar and meta is None:
        notes.append("no metadata row in articles.csv")
    meta = meta or {}
    yield Document(
        article_id=article_id,
        source=source,
        raw_text=text,
        encoding=enc,
        title=None,
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=meta.get("published"),
        notes=notes,
        extra={k: v for k, v in meta.items() if k not in ("file", "outlet", "url", "published")},
    )


def table_columns_problem(path: Path, columns) -> Problem | None:
    """The problem of a table without a ``text`` or an ``id`` column, else None."""
    cols = set(columns)
    if "text" not in cols:
        return Problem(str(path), f"table has no 'text' column (columns: {sorted(map(str, cols))}); rename the article text column to 'text'")
    if "id" not in cols:
        return Problem(str(path), f"table has no 'id' column (columns: {sorted(map(str, cols))}); add a unique 'id' per article")
    return None


def _clean_value(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    s = str(v)
    return s if s.strip() else None


def row_document(where: str, r: dict, path: Path) -> Iterator[Document | Problem]:
    """The Document (or Problem) of one row of a table (``id``, ``text``, metadata columns);
    ``where`` names it in messages (``file:row 3``, ``file:line 7``)."""
    ident = _clean_value(r.get("id"))
    text = r.get("text")
    if ident is None:
        yield Problem(where, "row has no 'id'; give every article a unique id")
        return
    if text is None or not isinstance(text, str):
        yield Problem(where, f"row {ident!r} has no 'text'; add the article text")
        return
    if not text.strip():
        yield Problem(where, f"row {ident!r} has empty text; remove the row or add the text")
        return
    title = _clean_value(r.get("title"))
    raw = text
    if title and not text.lstrip().startswith(title.strip()):
        raw = title.strip() + "\n\n" + text
    yield Document(
        article_id=ident.strip(),
        source=where,
        raw_text=raw,
        encoding="table",
        title=title,
        outlet=_clean_value(r.get("outlet")),
        url=_clean_value(r.get("url")),
        published=_clean_value(r.get("published")),
        extra={k: v for k, v in r.items() if k not in ("id", "text", "title", "outlet", "url", "published")},
    )


# ----------------------------------------------------------------------------- building the table
_HEADLINE_MAX = 250


def is_headline_line(line: str) -> bool:
    """A first line is a headline when it is short and does not read as a body sentence.

    >>> is_headline_line("58 Syria Government Fighters Killed In IS Attacks: Monitor")
    True
    """
    line = line.strip()
    if not line or len(line) > _HEADLINE_MAX:
        return False
    ends_like_prose = line.endswith((".", "!", "?", '"', "\u201d")) and len(line.split()) > 20
    return not ends_like_prose


def document_to_row(doc: Document) -> tuple[dict, list[Problem]]:
    """Clean one document into an ``articles`` row, with warnings worth listing."""
    problems: list[Problem] = []
    cleaned = clean_text(doc.raw_text)
    notes = list(doc.notes)
    text = cleaned.text
    first = text.split("\n", 1)[0].strip() if text else ""
    title = doc.title
    if title is None:
        if is_headline_line(first) and "\n" in text:
            title = first
        else:
            notes.append("no headline (first line is body text)")
            problems.append(Problem(doc.source, "no headline found: the first line reads as body text; title left empty", "warning"))
    meta, problem = published_mod.parse_metadata(doc.published)
    if problem:
        notes.append(problem)
        problems.append(Problem(doc.source, f"{problem}; metadata date ignored", "warning"))
    pub = published_mod.pick(doc.published if meta is not None else None, doc.url, text)
    if pub is None:
        notes.append("no publication date: relative dates cannot be resolved")
        problems.append(Problem(doc.source, "no publication date in metadata, URL or text; relative dates stay empty. Add 'published' to the metadata", "warning"))
    else:
        if pub.basis != "metadata":
            notes.append(f"published from {pub.basis} {pub.evidence!r}" if pub.evidence else f"published from {pub.basis}")
        if not pub.day:
            notes.append(f"publication date known to the {'month' if (pub.end - pub.start).days < 31 else 'year'} only: "
                         "relative dates stay empty")
    row = {
        "article_id": doc.article_id,
        "source": doc.source,
        "outlet": doc.outlet,
        "title": title,
        "url": doc.url,
        "published": pd.Timestamp(pub.start) if pub else pd.NaT,
        "published_end": pd.Timestamp(pub.end) if pub else pd.NaT,
        "published_basis": pub.basis if pub else None,
        "encoding": doc.encoding,
        "text": text,
        "raw_text": doc.raw_text,
        "n_chars": len(text),
        "n_words": len(text.split()),
        "furniture_removed": "; ".join(cleaned.removed) if cleaned.removed else None,
        "notes": "; ".join(notes) if notes else None,
    }
    return row, problems


def build(items: Iterator[Document | Problem] | list) -> Ingested:
    """Turn documents and problems into the articles and errors tables."""
    rows: list[dict] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    inputs: list[str] = []
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
            if item.severity == "error":
                inputs.append(item.input)
            continue
        inputs.append(item.source)
        if item.article_id in seen:
            problems.append(Problem(item.source, f"duplicate id {item.article_id!r} (first in {seen[item.article_id]}); give each article a unique id"))
            continue
        seen[item.article_id] = item.source
        row, probs = document_to_row(item)
        if not row["text"].strip():
            problems.append(Problem(item.source, "no text left after removing page furniture; check furniture.csv in the lexicon packs (lexicons/base/furniture.csv)"))
            continue
        rows.append(row)
        problems.extend(probs)
    articles = schemas.ARTICLES.conform(pd.DataFrame(rows, columns=list(schemas.ARTICLES.columns))) if rows else schemas.ARTICLES.empty()
    articles = articles.sort_values("article_id", kind="stable").reset_index(drop=True)
    errors = schemas.ERRORS.conform(pd.DataFrame(  # by column: no dict per problem
        {"input": [p.input for p in problems], "reason": [p.reason for p in problems],
         "severity": [p.severity for p in problems]},
        columns=list(schemas.ERRORS.columns))) if problems else schemas.ERRORS.empty()
    return Ingested(articles, errors, inputs)


def ingest(path: str | Path, follow_symlinks: bool = False) -> Ingested:
    """Read a corpus into ``articles`` and ``errors`` tables.

    >>> res = ingest(config.RAW_DIR)   # doctest: +SKIP
    >>> len(res.articles), len(res.errors)   # doctest: +SKIP
    (5, 0)
    """
    res = build(iter_documents(path, follow_symlinks))
    log_problems(res.errors, log)  # a reason on many inputs once, with its count
    return res


def load_corpus(path: str | Path = config.RAW_DIR) -> pd.DataFrame:
    """Read a corpus and return the ``articles`` table (problems are logged; use ``ingest``
    to get them as a table).

    >>> articles = load_corpus("data/raw")   # doctest: +SKIP
    """
    res = ingest(path)
    if res.articles.empty:
        raise CorpusError(f"no usable article in {path}: " + "; ".join(res.errors["reason"].head(3).tolist()))
    return res.articles


def require_articles(path: str | Path, n_articles: int, errors: pd.DataFrame | None) -> None:
    """Raise CorpusError (exit 2) when no article could be read from ``path``, naming why:
    the folder holds nothing to read, or the most frequent reasons its inputs failed."""
    if n_articles:
        return
    if errors is None or not len(errors):
        raise CorpusError(f"no article could be read from {path}: it holds no .txt file and no table "
                          f"(.csv, .jsonl, .parquet); point INPUT at the articles")
    failed = errors[errors["severity"] == "error"] if "severity" in errors else errors
    failed = failed if len(failed) else errors
    reasons = failed["reason"].astype(str).value_counts(sort=True)
    first = failed["input"].astype(str).groupby(failed["reason"].astype(str).to_numpy()).first()
    why = "; ".join(f"{first[r]}: {r}" + (f" (and {n - 1} more)" if n > 1 else "") for r, n in reasons.head(3).items())
    more = f"; {len(reasons) - 3} other reasons" if len(reasons) > 3 else ""
    raise CorpusError(f"no article could be read from {path}: {why}{more}")


def checksum(path: str | Path) -> str:
    """SHA-256 of a file, for the run record."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
