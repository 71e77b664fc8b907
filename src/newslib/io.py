"""Writing tables and files atomically and deterministically.

Every output is written to a temporary file in the same folder and renamed into place, so an
interrupted run leaves the previous output intact. CSV and Parquet are byte-identical for the
same table: fixed column order, no index, no timestamps in the Parquet metadata.

Text cells that a spreadsheet would read as a formula are neutralised in every CSV table
(``neutralise_formula``); Parquet keeps the original text.

>>> import pandas as pd, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_table(pd.DataFrame({"a": [1]}), d, "t"))
['t.csv', 't.parquet']
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import NewslibError


class OutputError(NewslibError):
    """An output folder or file cannot be written."""

    exit_code = 8


def ensure_dir(path: str | os.PathLike) -> Path:
    """Create a folder (and parents) or raise a clear OutputError."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {p} ({exc.strerror}); choose another --out") from exc
    if not os.access(p, os.W_OK):
        raise OutputError(f"output folder {p} is not writable; choose another --out or fix its permissions")
    return p


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux
    ``/proc/self/status``); else set and restored at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets under the umask (0644 under 022), as ``open`` would give."""
    return 0o666 & ~current_umask()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success."""
    target = Path(target)
    ensure_dir(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, file_mode())  # mkstemp makes 0600; outputs follow the umask like any file
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


def write_text(text: str, target: str | os.PathLike) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_bytes(data: bytes, target: str | os.PathLike) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


#: How every CSV is written (the same table gives the same bytes).
CSV_OPTIONS = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
#: equals, plus, minus, at, tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text cell that a spreadsheet would run as a formula, made inert: a value starting with
    one of ``FORMULA_STARTS`` gets a single quote in front (OWASP's guidance for CSV injection);
    anything else, and every non-text value, is returned unchanged. Used for every CSV table
    and the xlsx workbook; Parquet keeps the original text.

    >>> print(neutralise_formula('=HYPERLINK("http://x","click")'))
    '=HYPERLINK("http://x","click")
    >>> neutralise_formula("-58"), neutralise_formula("58 killed"), neutralise_formula(58)
    ("'-58", '58 killed', 58)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``neutralise_formula`` applied to every text cell (string, object and
    categorical columns); the input is not changed, and columns without such a cell are not
    copied."""
    out = None
    for name in df.columns:
        col = df[name]
        dtype = col.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            cats = dtype.categories
            if cats.dtype.kind in "OU" or pd.api.types.is_string_dtype(cats.dtype):
                fixed = [neutralise_formula(c) for c in cats]
                if any(a is not b for a, b in zip(fixed, cats)):
                    out = df.copy(deep=False) if out is None else out
                    out[name] = col.cat.rename_categories(fixed)
            continue
        if not (pd.api.types.is_string_dtype(dtype) or dtype == object):
            continue
        if dtype == object:  # mixed values: only the strings are looked at
            hit = col.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS)).astype(bool)
        else:
            hit = col.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
        if not hit.any():
            continue
        fixed = col.copy()
        fixed[hit] = "'" + col[hit].astype(str)
        out = df.copy(deep=False) if out is None else out
        out[name] = fixed
    return df if out is None else out


def write_csv(df: pd.DataFrame, target: str | os.PathLike, neutralise: bool = True) -> Path:
    """Write a table as CSV, atomically; text cells neutralised (``neutralise_frame``) unless
    ``neutralise`` is False (a file newslib reads back as input, such as the corrections file)."""
    with atomic_path(target) as tmp:
        (neutralise_frame(df) if neutralise else df).to_csv(tmp, **CSV_OPTIONS)
    return Path(target)


def append_csv(df: pd.DataFrame, target: str | os.PathLike, first: bool) -> None:
    """Write ``df`` to a CSV file (``first``: a new file with the header) or add its rows to it,
    text cells neutralised as ``write_csv`` does."""
    neutralise_frame(df).to_csv(target, mode="w" if first else "a", header=first, **CSV_OPTIONS)


PARQUET_OPTIONS = {"compression": "zstd", "write_statistics": True, "store_schema": True}


def write_parquet(df: pd.DataFrame, target: str | os.PathLike) -> Path:
    table = pa.Table.from_pandas(df, preserve_index=False)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, **PARQUET_OPTIONS)
    return Path(target)


@dataclass
class Chunked:
    """A table written chunk by chunk, never held whole: ``chunks()`` gives its rows as
    DataFrames (the same columns and types each time, in order). ``write_table`` writes it as
    it writes a DataFrame: the same CSV bytes, and Parquet with one row group per chunk."""

    n_rows: int
    chunks: Callable[[], Iterator[pd.DataFrame]]

    def __len__(self) -> int:
        return self.n_rows


def sliced(n_rows: int, rows: Callable[[int, int], pd.DataFrame], size: int) -> Chunked:
    """A ``Chunked`` table of ``n_rows`` rows made ``size`` at a time by ``rows(start, stop)``
    (one chunk, empty, when there are no rows)."""
    return Chunked(n_rows, lambda: (rows(lo, lo + size) for lo in range(0, max(n_rows, 1), size)))


def write_chunked(table: Chunked, folder: str | os.PathLike, name: str, formats: tuple[str, ...]) -> list[Path]:
    folder = ensure_dir(folder)
    targets = [folder / f"{name}.{fmt}" for fmt in ("csv", "parquet") if fmt in formats]
    with contextlib.ExitStack() as stack:
        tmps = {t.suffix: stack.enter_context(atomic_path(t)) for t in targets}
        writer, n = None, 0
        for k, chunk in enumerate(table.chunks()):
            n += 1
            if ".csv" in tmps:
                append_csv(chunk, tmps[".csv"], first=k == 0)
            if ".parquet" in tmps:
                arrow = pa.Table.from_pandas(chunk, preserve_index=False)
                if writer is None:
                    writer = stack.enter_context(pq.ParquetWriter(tmps[".parquet"], arrow.schema, **PARQUET_OPTIONS))
                writer.write_table(arrow)
        if n == 0:
            raise OutputError(f"table {name}: no chunk to write (a Chunked table gives at least one, maybe empty)")
    return targets


def write_table(df: pd.DataFrame | Chunked, folder: str | os.PathLike, name: str,
                formats: tuple[str, ...] = ("csv", "parquet")) -> list[Path]:
    """Write ``df`` as ``folder/name.csv`` and ``folder/name.parquet``, atomically."""
    if isinstance(df, Chunked):
        return write_chunked(df, folder, name, formats)
    folder = ensure_dir(folder)
    out = []
    if "csv" in formats:
        out.append(write_csv(df, folder / f"{name}.csv"))
    if "parquet" in formats:
        out.append(write_parquet(df, folder / f"{name}.parquet"))
    return out


def read_files(files: list, columns: list[str] | None = None) -> pa.Table:
    """Parquet files as one Arrow table, read file by file on this thread (a threaded dataset
    read holds tens of MB more at its peak)."""
    return pa.concat_tables([pq.read_table(f, columns=columns, use_threads=False) for f in files])


def read_table(folder: str | os.PathLike, name: str, columns: list[str] | None = None, filters=None) -> pd.DataFrame:
    """Read ``folder/name.parquet`` (or a partitioned ``name/`` folder), with optional
    column selection and pushdown ``filters`` (pyarrow syntax)."""
    folder = Path(folder)
    for cand in (folder / f"{name}.parquet", folder / name):
        if cand.exists():
            return pd.read_parquet(cand, columns=columns, filters=filters)
    csv = folder / f"{name}.csv"
    if csv.exists():
        return pd.read_csv(csv, usecols=columns)
    raise OutputError(f"table {name} not found in {folder}; run `newslib extract` (or `make report`) first")


# ----------------------------------------------------------------------------- rows as dicts, fast
def _column_values(s: pd.Series) -> list:
    """The values ``DataFrame.to_dict("records")`` gives for column ``s``, as a list."""
    from pandas.api.extensions import ExtensionDtype

    dtype, arr = s.dtype, s.array
    if not isinstance(dtype, ExtensionDtype):
        if dtype.kind in "iufb":
            return s.to_numpy().tolist()  # what iterating the Series gives: Python numbers
        if dtype.kind == "M":
            return list(s)  # Timestamps and NaT (numpy datetimes are not boxed again)
    elif isinstance(dtype, pd.ArrowDtype) or type(arr).__name__ in ("ArrowStringArray", "ArrowExtensionArray"):
        chunked = arr.__arrow_array__()
        t = chunked.type
        if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t) \
                or pa.types.is_floating(t) or pa.types.is_boolean(t):
            na = dtype.na_value
            # to_dict boxes pd.NA as None and a NaN as a float
            na = None if na is pd.NA or na is None else float(na)
            return [na if v is None else v for v in chunked.to_pylist()]
    elif isinstance(dtype, (pd.Int64Dtype, pd.Int32Dtype, pd.Int16Dtype, pd.Int8Dtype, pd.Float64Dtype,
                            pd.Float32Dtype, pd.BooleanDtype)):
        out = arr.to_numpy(dtype=object, na_value=None)
        if dtype.kind == "f":
            return [None if v is None else float(v) for v in out.tolist()]
        if dtype.kind == "b":
            return [None if v is None else bool(v) for v in out.tolist()]
        return [None if v is None else int(v) for v in out.tolist()]
    return [r["v"] for r in s.to_frame("v").to_dict("records")]  # any other type: pandas itself


def records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``: the same dicts with the same values (pandas' boxing: Python
    numbers, None for a masked or Arrow NA, Timestamps), built from one list per column. For
    Arrow-backed columns this is many times faster than pandas, which asks Arrow for each
    value on its own (tests/test_speed.py compares the two on every table).

    >>> records(pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": ["x", "y"]}))
    [{'a': 1, 'b': 'x'}, {'a': None, 'b': 'y'}]
    """
    cols = df.columns.tolist()
    if len(set(cols)) != len(cols):
        return df.to_dict("records")  # duplicate names: pandas' own rules
    values = [_column_values(df.iloc[:, k]) for k in range(len(cols))]
    return [dict(zip(cols, row)) for row in zip(*values)]
