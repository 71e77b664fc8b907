"""Tables and numbers for reading: labels, formats and safe HTML for the reports and the brief.

Every table a report shows goes through :func:`table_html`, which renders it with pandas'
Styler: column labels for people (``labels.csv`` beside this module: column, label, format),
counts with thousands separators and no decimals, shares as percentages, dates as dates,
missing values empty, yes/no for flags, ids and character offsets left to the downloadable
tables, the quote beside the figure it supports. Every cell and label is HTML-escaped: article
text is shown, never run or typeset. A wide table scrolls inside its own box with its first
column kept in view; a long one is folded in ``<details>`` and capped, naming the file that
holds every row.

The page furniture shared by every exported page lives here too: :data:`CSP` (the
Content-Security-Policy: nothing is loaded from anywhere, no script runs), :data:`STYLESHEET`
and :func:`display_path` (a path shown without the analyst's home or project folder).

>>> format_count(1234567), format_share(0.256), format_ratio(2.0), format_date(pd.Timestamp("2017-09-29"))
('1,234,567', '26%', '2×', '29 Sep 2017')
>>> column_label("claimant_type"), column_label("some_new_column")
('Claimant type', 'Some new column')
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import html
import math
import os
import re
from pathlib import Path

import pandas as pd

#: Content-Security-Policy of every exported page: no script, no font, no fetch, no frame;
#: images only from ``data:`` URLs, styles only inline.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
#: The ``<meta>`` element carrying :data:`CSP` (first thing in every ``<head>``).
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'

#: Formats a column can have in ``labels.csv``.
FORMATS = ("count", "share", "ratio", "decimal1", "decimal2", "date", "yesno", "url", "text", "quote", "technical")
#: Columns read first when placing the quote: the quote goes right after the first present.
FIGURE_COLUMNS = ("count_text", "figure", "matched", "term", "verb", "trigger")
LABELS_FILE = Path(__file__).with_name("labels.csv")
VALUE_LABELS_FILE = Path(__file__).with_name("value_labels.csv")

#: The stylesheet of every exported page (reports and brief).
STYLESHEET = """
:root{--nl-ink:#1b1b1b;--nl-muted:#5a5a5a;--nl-rule:#e2e2e2;--nl-bg:#fff;--nl-accent:#1f5f99}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--nl-bg);color:var(--nl-ink);
 font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:76rem;margin:0 auto;padding:1.25rem 1.5rem 4rem}
a.anchor-link{display:none}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:2.2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--nl-rule)}
h3{font-size:1.1rem;margin:1.8rem 0 .5rem}
p,li{max-width:52rem}
a{color:var(--nl-accent)}
code{font-size:.9em;background:#f4f4f4;padding:0 .2em;border-radius:3px}
.jp-Cell{margin:0}
.jp-OutputArea-output{margin:.3rem 0}
.jp-RenderedText pre,pre{white-space:pre-wrap;font-size:.85rem;color:var(--nl-muted)}
.jp-InputPrompt,.jp-OutputPrompt,.jp-Collapser{display:none}
img{max-width:100%;height:auto}
figure.nl-figure{margin:.8rem 0 1.4rem}
figure.nl-figure figcaption{font-size:.85rem;color:var(--nl-muted);max-width:52rem}
.nl-block{margin:.6rem 0 1.4rem}
.nl-caption{font-size:.9rem;color:var(--nl-muted);margin:.2rem 0 .3rem}
details.nl-fold>summary{cursor:pointer;font-size:.9rem;color:var(--nl-accent);margin:.2rem 0 .3rem}
.nl-scroll{overflow-x:auto;max-width:100%;border:1px solid var(--nl-rule);border-radius:3px}
table.nl-table{border-collapse:separate;border-spacing:0;font-size:.85rem;line-height:1.35;min-width:100%}
table.nl-table th,table.nl-table td{padding:.3rem .6rem;border-bottom:1px solid var(--nl-rule);
 vertical-align:top;text-align:left;background:var(--nl-bg)}
table.nl-table thead th{background:#f6f6f6;font-weight:600;white-space:nowrap;border-bottom:2px solid #cfcfcf}
table.nl-table th:first-child,table.nl-table td:first-child{position:sticky;left:0;z-index:1;
 box-shadow:inset -1px 0 0 var(--nl-rule)}
table.nl-table thead th:first-child{background:#f6f6f6;z-index:2}
table.nl-table td:first-child{min-width:9rem}
.nl-more{font-size:.85rem;color:var(--nl-muted);margin:.3rem 0 0}
"""
#: Per-format cell styles (added to a table's own ``<style>`` for its columns).
_CELL_STYLE = {
    "count": "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums",
    "share": "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums",
    "ratio": "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums",
    "decimal1": "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums",
    "decimal2": "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums",
    "date": "white-space:nowrap",
    "quote": "min-width:22rem;max-width:40rem;white-space:normal",
    "url": "max-width:18rem;overflow-wrap:anywhere",
    "text": "max-width:24rem",
}


# ----------------------------------------------------------------------------- labels
@functools.lru_cache(maxsize=1)
def label_map() -> dict[str, tuple[str, str]]:
    """``column -> (label, format)`` from ``labels.csv`` (a format not in :data:`FORMATS` is an error)."""
    out = {}
    with LABELS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["format"] not in FORMATS:
                raise ValueError(f"{LABELS_FILE}: column {row['column']!r} has format {row['format']!r}; "
                                 f"use one of {list(FORMATS)}")
            out[row["column"]] = (row["label"], row["format"])
    return out


@functools.lru_cache(maxsize=1)
def value_label_map() -> dict[str, dict[str, str]]:
    """``column -> {code: words}`` from ``value_labels.csv``: the words a reader sees for a
    coded value (``armed_group`` -> ``armed group``), in tables and chart legends alike."""
    out: dict[str, dict[str, str]] = {}
    with VALUE_LABELS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["column"], {})[row["value"]] = row["label"]
    return out


def value_label(column: str, value: object) -> str:
    """The words for a coded value of ``column``; an unknown code has its underscores made spaces.

    >>> value_label("claimant_type", "armed_group"), value_label("qualifier", "at_least"), value_label("x", None)
    ('armed group', 'at least', '')
    """
    if _missing(value):
        return ""
    v = str(value)
    known = value_label_map().get(column, {})
    return known.get(v, v.replace("_", " ") if column in value_label_map() else v)


def column_label(column: object) -> str:
    """The reader's label of a column: from ``labels.csv``, else the identifier made readable
    (``victim_group`` -> ``Victim group``); a name that is not an identifier (an outlet, a
    claimant in a pivot) stays as it is."""
    name = str(column)
    known = label_map().get(name)
    if known:
        return known[0]
    if name.isidentifier() and name == name.lower():
        words = name.replace("_", " ").strip()
        return words[:1].upper() + words[1:]
    return name


def column_format(column: object, values: pd.Series | None = None) -> str:
    """The format of a column: from ``labels.csv``, else from its name and dtype."""
    name = str(column)
    known = label_map().get(name)
    if known:
        return known[1]
    low = name.lower()
    if low.endswith("_id") or low.endswith("_ids") or low in ("id", "start", "end", "offset"):
        return "technical"
    if values is None:
        return "text"
    # whole words of the name only: a claimant column "Military-Civil Administration" holds
    # no ratio, "Shareholders" no share
    words = set(re.split(r"[^a-z0-9]+", low))
    if "share" in words or "percent" in words:
        return "share"
    if "ratio" in words:
        return "ratio"
    if pd.api.types.is_bool_dtype(values.dtype):
        return "yesno"
    if pd.api.types.is_integer_dtype(values.dtype):
        return "count"
    if pd.api.types.is_float_dtype(values.dtype):
        return "decimal2"
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "date"
    return "text"


# ----------------------------------------------------------------------------- values
def _missing(v: object) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):  # arrays, lists
        return False


def _as_number(v: object) -> float | str:
    """``v`` as a float, or as text ("" when missing) when it is no number: the formatters
    below show words as written ("n/a") rather than fail on them."""
    if _missing(v):
        return ""
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def _finite(v: object) -> float | str:
    """:func:`_as_number`, an infinite number as "∞" (the count and ratio formatters)."""
    f = _as_number(v)
    return "∞" if not isinstance(f, str) and math.isinf(f) else f


def format_count(v: object) -> str:
    """A count with thousands separators and no decimals; empty when missing.

    >>> format_count(58.0), format_count(None), format_count("12")
    ('58', '', '12')
    """
    f = _finite(v)
    return f if isinstance(f, str) else f"{round(f):,}"


def format_share(v: object) -> str:
    """A share (0–1) as a percentage: whole percents, one decimal below 10%, "<0.1%" for a
    tiny share that is not zero; empty when missing.

    >>> format_share(0.5), format_share(0.034), format_share(0.0001), format_share(0)
    ('50%', '3.4%', '<0.1%', '0%')
    """
    f = _as_number(v)
    if isinstance(f, str):
        return f
    f *= 100
    if f == 0:
        return "0%"
    if abs(f) < 0.1:
        return "<0.1%"
    if abs(f) < 10:
        return f"{f:.1f}%"
    return f"{f:.0f}%"


def format_ratio(v: object) -> str:
    """A ratio as "2.4×" (one decimal; whole numbers without); empty when missing.

    >>> format_ratio(2.4), format_ratio(3), format_ratio(None)
    ('2.4×', '3×', '')
    """
    f = _finite(v)
    if isinstance(f, str):
        return f
    return f"{f:.0f}×" if abs(f - round(f)) < 0.05 else f"{f:.1f}×"


def format_decimal(v: object, places: int = 2) -> str:
    """A number with ``places`` decimals and thousands separators; empty when missing."""
    if _missing(v):
        return ""
    try:
        return f"{float(v):,.{places}f}"
    except (TypeError, ValueError):
        return str(v)


def format_date(v: object) -> str:
    """A date as "29 Sep 2017" (with the time when it is not midnight); empty when missing;
    text that is not a date is kept as written.

    >>> format_date("2017-09-29"), format_date(pd.Timestamp("2017-09-29 14:05")), format_date(pd.NaT)
    ('29 Sep 2017', '29 Sep 2017 14:05', '')
    """
    if _missing(v):
        return ""
    if isinstance(v, str):
        try:
            v = pd.Timestamp(dt.date.fromisoformat(v.strip()[:10])) if len(v.strip()) >= 10 else v
        except ValueError:
            return v
        if isinstance(v, str):
            return v
    if isinstance(v, dt.datetime | pd.Timestamp):
        ts = pd.Timestamp(v)
        day = f"{ts.day} {ts:%b %Y}"
        return day if (ts.hour, ts.minute, ts.second) == (0, 0, 0) else f"{day} {ts:%H:%M}"
    if isinstance(v, dt.date):
        return f"{v.day} {v:%b %Y}"
    return str(v)


def format_yesno(v: object) -> str:
    """True -> "yes", False -> "no", missing -> ""."""
    if _missing(v):
        return ""
    if isinstance(v, str):
        return {"true": "yes", "false": "no"}.get(v.lower(), v)
    return "yes" if bool(v) else "no"


def format_text(v: object) -> str:
    """Any value as plain text; empty when missing (never "<NA>", "nan" or "None")."""
    if _missing(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return f"{int(v):,}"
    return str(v)


FORMATTERS = {
    "count": format_count, "share": format_share, "ratio": format_ratio,
    "decimal1": functools.partial(format_decimal, places=1), "decimal2": format_decimal, "date": format_date,
    "yesno": format_yesno, "url": format_text, "text": format_text, "quote": format_text, "technical": format_text,
}


def format_value(v: object, fmt: str) -> str:
    """One value in one of the :data:`FORMATS`."""
    return FORMATTERS[fmt](v)


# ----------------------------------------------------------------------------- tables
def reading_columns(df: pd.DataFrame, technical: bool = False) -> list[str]:
    """The columns a reader sees, in reading order: technical ones (ids, offsets, hashes)
    dropped unless ``technical``, and each quote-like column moved right after the figure.

    >>> reading_columns(pd.DataFrame(columns=["claim_id", "outlet", "quote", "count_text", "place"]))
    ['outlet', 'count_text', 'quote', 'place']
    """
    cols = [c for c in df.columns if technical or column_format(c, df[c]) != "technical"]
    quotes = [c for c in cols if column_format(c, df[c]) == "quote"]
    anchor = next((c for c in FIGURE_COLUMNS if c in cols and c not in quotes), None)
    if anchor is None or not quotes:
        return cols
    rest = [c for c in cols if c not in quotes]
    at = rest.index(anchor) + 1
    return rest[:at] + quotes + rest[at:]


def readable(df: pd.DataFrame, technical: bool = False) -> pd.DataFrame:
    """The table as a reader sees it: reading columns, human labels, every value formatted
    as text (missing = empty). For the workbook or any output that is not HTML.

    >>> readable(pd.DataFrame({"count_low": pd.array([1200, None], dtype="Int64"), "share": [0.5, 0.25]})).to_dict("list")
    {'Low': ['1,200', ''], 'Share': ['50%', '25%']}
    """
    cols = reading_columns(df, technical)
    out = {column_label(c): [_coded(str(c), column_format(c, df[c]))(v) for v in df[c]] for c in cols}
    return pd.DataFrame(out, index=df.index, dtype="string").fillna("")


def _table_uuid(df: pd.DataFrame, caption: str | None) -> str:
    """A stable id for a table's own ``<style>``: the same table gives the same page bytes."""
    h = hashlib.sha1()
    h.update(repr(list(map(str, df.columns))).encode("utf-8"))
    h.update(str(len(df)).encode())
    h.update((caption or "").encode("utf-8"))
    if len(df):
        h.update(pd.util.hash_pandas_object(df.astype("string"), index=False).to_numpy().tobytes())
    return h.hexdigest()[:10]


def _coded(column: str, fmt: str):
    """The formatter of a text column whose values are codes (``value_labels.csv``)."""
    if column in value_label_map() and fmt == "text":
        return functools.partial(value_label, column)
    return FORMATTERS[fmt]


def _url_link(escaped: object) -> str:
    """An (already escaped) URL as a link when it is http(s); anything else stays text."""
    if _missing(escaped):
        return ""
    s = str(escaped)
    if not re.match(r"https?://", s, flags=re.I):
        return s
    shown = re.sub(r"^https?://(www\.)?", "", s, flags=re.I)
    shown = shown if len(shown) <= 48 else shown[:47] + "…"
    return f'<a href="{s}" rel="noopener noreferrer nofollow">{shown}</a>'


def styled(df: pd.DataFrame, technical: bool = False, uuid: str | None = None):
    """A pandas Styler for ``df``: reading columns, labels, formats, escaping, column styles.
    Every value is escaped before it is formatted; http(s) URLs become links."""
    cols = reading_columns(df, technical)
    view = df[cols].reset_index(drop=True)
    fmts = {c: column_format(c, view[c]) for c in cols}
    formatter = {c: _url_link if fmts[c] == "url" else _coded(str(c), fmts[c]) for c in cols}
    st = view.style.format(formatter=formatter, na_rep="", escape="html")
    st = st.hide(axis="index")
    st = st.relabel_index([html.escape(column_label(c)) for c in cols], axis="columns")
    styles = {c: [{"selector": "td", "props": _CELL_STYLE[fmts[c]]}] for c in cols if fmts[c] in _CELL_STYLE}
    if styles:
        st = st.set_table_styles(styles, overwrite=False)
    st = st.set_table_attributes('class="nl-table"')
    st.set_uuid(uuid or _table_uuid(view, None))
    return st


def table_html(df: pd.DataFrame, caption: str | None = None, max_rows: int = 50, fold_rows: int = 15,
               source: str | None = None, technical: bool = False) -> str:
    """A table as safe, readable HTML: formatted by :func:`styled`, in a scrolling box with
    its first column kept in view, folded in ``<details>`` when longer than ``fold_rows``,
    capped at ``max_rows`` with "N more rows in tables/<source>.csv". ``source`` names the
    downloadable table that holds every row and column (a table name such as ``claims`` or a
    file name); ``technical`` keeps ids and offsets. Captions are escaped.

    >>> out = table_html(pd.DataFrame({"quote": ["<b>x</b>"], "count_low": [1200]}), source="claims")
    >>> "&lt;b&gt;" in out and "1,200" in out and "<b>" not in out
    True
    """
    n = len(df)
    shown = df.head(max_rows) if max_rows is not None and max_rows >= 0 else df
    dropped = [c for c in df.columns if c not in reading_columns(df, technical)]
    if not len(shown.columns) or not len(reading_columns(shown, technical)):
        body = '<p class="nl-more">(no columns to show)</p>'
    else:
        body = styled(shown, technical, _table_uuid(shown, caption)).to_html(cell_ids=False)
        body = f'<div class="nl-scroll">{body}</div>'
    src = source_file(source)
    notes = []
    if n > len(shown):
        notes.append(f"{n - len(shown):,} more rows in {html.escape(src)}." if src else f"{n - len(shown):,} more rows not shown.")
    if dropped and src and (n > len(shown) or any(column_format(c) == "technical" for c in dropped)):
        notes.append(f"Ids and character offsets are in {html.escape(src)}.")
    more = f'<p class="nl-more">{" ".join(notes)}</p>' if notes else ""
    cap = html.escape(caption) if caption else ""
    if n == 0:
        empty = f"{cap + ': ' if cap else ''}no rows."
        return f'<div class="nl-block tex2jax_ignore mathjax_ignore"><p class="nl-caption">{empty}</p></div>'
    if fold_rows is not None and n > fold_rows:
        summary = f"{cap} ({n:,} rows)" if cap else f"{n:,} rows"
        return (f'<div class="nl-block tex2jax_ignore mathjax_ignore"><details class="nl-fold"><summary>{summary}</summary>'
                f"{body}{more}</details></div>")
    head = f'<p class="nl-caption">{cap}</p>' if cap else ""
    return f'<div class="nl-block tex2jax_ignore mathjax_ignore">{head}{body}{more}</div>'


def source_file(source: str | None) -> str | None:
    """``claims`` -> ``tables/claims.csv``; a name with a suffix or folder is kept."""
    if not source:
        return None
    s = str(source)
    return s if ("/" in s or s.endswith(".csv") and s.startswith("tables")) else f"tables/{s if s.endswith('.csv') else s + '.csv'}"


# ----------------------------------------------------------------------------- paths
def display_path(path: str | os.PathLike, root: str | os.PathLike | None = None) -> str:
    """A path as a page may show it: relative to the project root when inside it, else the
    folder or file name only (never the analyst's home or an absolute path).

    >>> display_path("/home/ana/newslib/data/raw", root="/home/ana/newslib")
    'data/raw'
    >>> display_path("/srv/corpora/syria-2017/", root="/home/ana/newslib")
    'syria-2017'
    """
    from .. import config

    p = Path(os.path.abspath(os.fspath(path)))
    base = Path(os.path.abspath(os.fspath(root if root is not None else config.PROJECT_ROOT)))
    try:
        rel = p.relative_to(base)
        return rel.as_posix() if str(rel) != "." else base.name
    except ValueError:
        return p.name


__all__ = [
    "CSP", "CSP_META", "STYLESHEET", "FORMATS", "label_map", "column_label", "value_label", "value_label_map", "column_format", "format_count",
    "format_share", "format_ratio", "format_decimal", "format_date", "format_yesno", "format_text", "format_value",
    "reading_columns", "readable", "styled", "table_html", "source_file", "display_path",
]
