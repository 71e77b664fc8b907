"""Input formats: one registry, suffix -> reader, partitioner, byte-offset finder.

Every kind of corpus input newslib reads is one :class:`InputFormat` in :data:`FORMATS`:

* ``read(path, span=None, byte_range=None)``: the Documents and Problems of a file, in
  reading order; ``span`` = ``(first, count)`` reads only those units (rows, lines, members),
  numbered as in the whole file; ``byte_range`` = ``(offset, length, header bytes)`` says where
  they lie in the file, when the format has an offset finder;
* ``units(path)``: the partitioner's view of a file: its columns (None: not checked here) and
  its number of units, or the Problem that stops it;
* ``offsets(path, n)``: byte offsets of the units (``[header, start 0, ..., end]``), so that a
  partition reads only its own bytes; None when the file must be read by counting;
* ``split``: False when a file cannot be read from its middle (a gzip stream): the engine then
  gives the whole file to one partition, so that no partition decompresses what another reads.

``corpus.iter_documents`` and the partitioned engine (``newslib.run.engine``) both go through
this table, so a new format is one reader here, one line in :data:`FORMATS` and its test.

>>> format_of("articles.csv.gz").name, format_of("x.JSONL").name, format_of("a.txt").name
('csv.gz', 'jsonl', 'txt')
>>> format_of("notes.docx") is None
True
"""
from __future__ import annotations

import gzip
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

import pandas as pd

from . import corpus
from .corpus import Document, Problem

Items = Iterator["Document | Problem"]


@dataclass(frozen=True)
class InputFormat:
    """One input format (see the module docstring)."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[..., Items]
    units: Callable[[Path], "tuple[list | None, int] | Problem"]
    offsets: Callable[[Path, int], "list[int] | None"] | None = None
    split: bool = True
    #: True for JSON lines: a file's unparseable lines are reported before its rows
    lines_first: bool = False
    #: True for one article per file (the ``.txt`` of a folder, batched with its sidecar)
    article_file: bool = False


# ----------------------------------------------------------------------------- helpers
def byte_slice(path: Path, offset: int, length: int) -> bytes:
    """``length`` bytes of ``path`` from ``offset``."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        return fh.read(length)


def _cannot_read(path: Path, exc: Exception) -> Problem:
    return Problem(str(path), f"cannot read table ({type(exc).__name__}: {exc}); check the file format")


def _documents(rows: list[tuple[str, dict]], path: Path) -> Items:
    for where, r in rows:
        yield from corpus.row_document(where, r, path)


# ----------------------------------------------------------------------------- .txt
def read_txt(path: Path, span=None, byte_range=None) -> Items:
    """One article: the file (no sidecar: a folder's ``.txt`` files are read with theirs by
    ``corpus.text_documents``)."""
    yield from corpus.text_documents([path], {})


def _txt_units(path: Path):
    return None, 1


# ----------------------------------------------------------------------------- CSV (plain or gzip)
def _table_rows(path: Path, span, load: Callable[[], pd.DataFrame], row_number: int) -> Items:
    """The documents of the rows ``load()`` reads (numbered from ``span``'s first row, plus
    ``row_number``: 2 for a CSV's line after its header, 0 for Parquet); the file-level column
    check when the whole file is read."""
    first = span[0] if span is not None else 0
    try:
        df = load()
        rows = [(f"{path}:row {i + row_number}", r) for i, r in enumerate(df.to_dict("records"), first)]
    except Exception as exc:  # parser errors of several libraries
        yield _cannot_read(path, exc)
        return
    if span is None:
        problem = corpus.table_columns_problem(path, df.columns)
        if problem is not None:
            yield problem
            return
    yield from _documents(rows, path)


def read_csv(path: Path, span=None, byte_range=None) -> Items:
    """Rows of a CSV table (``id``, ``text`` and optional metadata columns). A ``.csv.gz`` is
    read the same way (pandas decompresses it by its suffix)."""

    def load() -> pd.DataFrame:
        if span is None:
            return pd.read_csv(path, dtype=str, keep_default_na=False)
        if byte_range is not None:  # the header record, then the range's records
            offset, length, header = byte_range
            data = byte_slice(path, 0, header) + byte_slice(path, offset, length)
            return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        first, count = span  # skiprows as a range skips records (quoted newlines included), not lines
        return pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=range(1, first + 1), nrows=count)

    yield from _table_rows(path, span, load, 2)


def _csv_units(path: Path):
    cols = list(pd.read_csv(path, dtype=str, keep_default_na=False, nrows=0).columns)
    n = len(pd.read_csv(path, dtype=str, keep_default_na=False, usecols=[0])) if cols else 0
    return cols, n


def csv_record_offsets(path: Path, n: int) -> list[int] | None:
    """Byte offsets for reading a CSV file in ranges: ``[header bytes, start of record 0, ...,
    start of record n-1, end of data]``, found with the ``csv`` module (quoted newlines stay
    inside their record; blank lines are skipped, as pandas skips them). None (read by
    counting rows instead) when the file is not UTF-8 or the count differs from ``n``, the
    records pandas found."""
    import csv
    import logging

    ends: list[int] = []  # byte offset after each non-blank record
    pos = 0

    def lines():
        nonlocal pos
        with open(path, "rb") as fh:
            for raw in fh:
                pos += len(raw)
                yield raw.decode("utf-8")

    try:
        reader = csv.reader(lines())
        header = None
        for rec in reader:
            if not rec:
                continue
            if header is None:
                header = pos
                continue
            ends.append(pos)
    except (UnicodeDecodeError, csv.Error) as exc:
        logging.getLogger(__name__).debug("%s: reading by row count (%s)", path, exc)
        return None
    if header is None or len(ends) != n:
        logging.getLogger(__name__).debug("%s: reading by row count (csv found %d records, pandas %d)",
                                          path, len(ends), n)
        return None
    # a record starts where the previous one ended (blank lines before it are skipped by pandas)
    return [header, header] + ends


# ----------------------------------------------------------------------------- JSON lines (plain or gzip)
def _jsonl_items(path: Path, raw: bytes | None, span, byte_range) -> Items:
    first, count = span if span is not None else (0, None)
    if byte_range is not None:  # exactly the range's lines, as UTF-8
        lines = byte_slice(path, byte_range[0], byte_range[1]).decode("utf-8").splitlines()
        first, count = 0, None
        numbered_from = span[0] + 1
    else:
        try:
            content, _ = corpus.decode_bytes(raw)
        except ValueError as exc:
            yield Problem(str(path), f"{exc}; expected JSON lines")
            return
        lines = content.splitlines()
        numbered_from = first + 1
    rows: list[tuple[str, dict]] = []
    stop = len(lines) if count is None else first + count
    for i, line in enumerate(lines[first:stop], numbered_from):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(f"{path}:line {i}", f"broken JSON ({exc.msg} at column {exc.colno}); fix or delete the line")
            continue
        if not isinstance(obj, dict):
            yield Problem(f"{path}:line {i}", "JSON line is not an object with 'id' and 'text'")
            continue
        rows.append((f"{path}:line {i}", obj))
    yield from _documents(rows, path)


def read_jsonl(path: Path, span=None, byte_range=None) -> Items:
    """Objects of a JSON-lines file, one article a line (``id``, ``text``, metadata)."""
    try:
        raw = None if byte_range is not None else path.read_bytes()
    except Exception as exc:
        yield _cannot_read(path, exc)
        return
    yield from _jsonl_items(path, raw, span, byte_range)


def read_jsonl_gz(path: Path, span=None, byte_range=None) -> Items:
    """A gzip-compressed JSON-lines file, read as :func:`read_jsonl` reads the plain one."""
    try:
        raw = gzip.decompress(path.read_bytes())
    except Exception as exc:  # not gzip, truncated
        yield _cannot_read(path, exc)
        return
    yield from _jsonl_items(path, raw, span, None)


def _jsonl_lines(path: Path, raw: bytes):
    try:
        content, _ = corpus.decode_bytes(raw)
    except ValueError as exc:
        return Problem(str(path), f"{exc}; expected JSON lines")
    return None, len(content.splitlines())


def _jsonl_units(path: Path):
    return _jsonl_lines(path, path.read_bytes())


def _jsonl_gz_units(path: Path):
    return _jsonl_lines(path, gzip.decompress(path.read_bytes()))


def jsonl_line_offsets(path: Path, n: int) -> list[int] | None:
    """Byte offsets of the lines of a UTF-8 JSON-lines file as :func:`read_jsonl` numbers them
    (``str.splitlines``): ``[bytes before line 1 (a BOM), start of line 1, ..., end]``. None
    for other encodings (read whole)."""
    data = path.read_bytes()
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        content = data[bom:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    out = [bom, bom]
    for line in content.splitlines(keepends=True):
        out.append(out[-1] + len(line.encode("utf-8")))
    return out if len(out) - 2 == n else None


# ----------------------------------------------------------------------------- Parquet
def read_parquet(path: Path, span=None, byte_range=None) -> Items:
    """Rows of a Parquet table; a span reads only the row groups that hold it."""
    yield from _table_rows(path, span, lambda: pd.read_parquet(path) if span is None else parquet_rows(path, *span), 0)


def parquet_rows(path: Path, first: int, count: int) -> pd.DataFrame:
    """Rows ``first .. first + count - 1`` of a Parquet file, reading only the row groups
    that hold them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    groups, offset, pos = [], None, 0
    for g in range(pf.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        if pos + n > first and pos < first + count:
            groups.append(g)
            offset = pos if offset is None else offset
        pos += n
    if not groups:
        return pf.schema_arrow.empty_table().to_pandas()
    table: pa.Table = pf.read_row_groups(groups)
    return table.slice(first - offset, count).to_pandas()


def _parquet_units(path: Path):
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path)
    return list(meta.schema_arrow.names), meta.metadata.num_rows


# ----------------------------------------------------------------------------- .zip of .txt
def zip_members(zf: zipfile.ZipFile) -> list[str]:
    """The members a ``.zip`` corpus is read from, in name order: files, not folders, not
    hidden (``.name``) and not macOS resource forks (``__MACOSX/``)."""
    out = []
    for info in zf.infolist():
        p = PurePosixPath(info.filename)
        if info.is_dir() or p.parts[0] == "__MACOSX" or any(part.startswith(".") for part in p.parts):
            continue
        out.append(info.filename)
    return sorted(out)


def read_zip(path: Path, span=None, byte_range=None) -> Items:
    """Articles of a ``.zip`` of ``.txt`` files, one article a member (its id: the member's
    file name without ``.txt``; its source: ``archive.zip:member``). Other members are errors."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zip_members(zf)
            first, count = span if span is not None else (0, len(members))
            for name in members[first:first + count]:
                where = f"{path}:{name}"
                if PurePosixPath(name).suffix.lower() != ".txt":
                    yield Problem(where, f"unsupported member type '{PurePosixPath(name).suffix or '(none)'}' in a zip "
                                         f"corpus; the archive holds .txt articles")
                    continue
                data = zf.read(name)
                yield from corpus.text_document(where, PurePosixPath(name).stem, data, {}, False)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield Problem(str(path), f"cannot read zip archive ({type(exc).__name__}: {exc}); check the file")


def _zip_units(path: Path):
    try:
        with zipfile.ZipFile(path) as zf:
            return None, len(zip_members(zf))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return Problem(str(path), f"cannot read zip archive ({type(exc).__name__}: {exc}); check the file")


# ----------------------------------------------------------------------------- the registry
#: Every input format, by name. Suffixes are matched case-insensitively, longest first.
FORMATS: dict[str, InputFormat] = {f.name: f for f in (
    InputFormat("txt", (".txt",), read_txt, _txt_units, article_file=True),
    InputFormat("csv", (".csv",), read_csv, _csv_units, csv_record_offsets),
    InputFormat("jsonl", (".jsonl", ".json"), read_jsonl, _jsonl_units, jsonl_line_offsets, lines_first=True),
    InputFormat("parquet", (".parquet",), read_parquet, _parquet_units),
    InputFormat("csv.gz", (".csv.gz",), read_csv, _csv_units, split=False),
    InputFormat("jsonl.gz", (".jsonl.gz", ".json.gz"), read_jsonl_gz, _jsonl_gz_units, split=False, lines_first=True),
    InputFormat("zip", (".zip",), read_zip, _zip_units),
)}

_BY_SUFFIX = sorted(((s, f) for f in FORMATS.values() for s in f.suffixes), key=lambda sf: -len(sf[0]))


def format_of(path: str | Path) -> InputFormat | None:
    """The format of a file by its name's suffix (``.csv.gz`` before ``.gz``), else None."""
    name = Path(path).name.lower()
    for suffix, fmt in _BY_SUFFIX:
        if name.endswith(suffix) and len(name) > len(suffix):
            return fmt
    return None


def suffixes() -> str:
    """The suffixes read, for messages: ``.txt, .csv, ...``."""
    return ", ".join(s for f in FORMATS.values() for s in f.suffixes)
