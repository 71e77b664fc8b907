"""The workbook for editors: ``outputs/tables/newslib.xlsx``.

One sheet per main table, each ready to read and to filter:

- ``brief``: the incidents as the brief shows them (``newslib.present.brief.incident_briefs``), largest first;
- ``incidents``: the ``incidents`` table;
- ``claims``: the ``claims`` table, with each article's URL beside its outlet;
- ``sources``: one row per article (outlet, headline, URL, date, words, claims found), without its text;
- ``corrections``: the analysts' corrections applied in the run.

Every sheet has a bold header row that stays in view, a filter on every column, widths fitted to
the content (long text wrapped), thousands separators on counts and dates as dates. Every text
cell goes through ``io.neutralise_formula``: a cell that starts with ``=``, ``+``, ``-`` or ``@``
is shown as text, never run as a formula; URLs are plain text, except article URLs in
``http(s)`` which are links. The same tables give the same bytes (fixed document dates).

>>> import pandas as pd, tempfile, pathlib
>>> t = {"incidents": pd.DataFrame({"incident_id": ["i1"], "label": ["=1+1"]})}
>>> p = write_workbook(t, pathlib.Path(tempfile.mkdtemp()) / "w.xlsx")
>>> p.suffix
'.xlsx'
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import io

log = logging.getLogger(__name__)

#: Sheets in order, each built from the run's tables by ``sheet_frames``.
SHEETS = ("brief", "incidents", "claims", "sources", "corrections")
#: Excel's limits: rows per sheet (the header takes one) and characters per cell.
MAX_ROWS = 1_048_575
MAX_CELL = 32_767
#: Document date written into the file, so the same tables give the same bytes.
DOC_DATE = dt.datetime(2000, 1, 1)
#: Columns shown wide and wrapped.
WIDE = {"quote": 80, "claimants": 80, "sources": 70, "label": 48, "title": 50, "notes": 50, "reason": 50,
        "grade_reason": 40, "message": 40, "note": 40, "url": 45, "example": 60, "victims": 30,
        "furniture_removed": 40, "correction_note": 40, "places": 30, "victim_groups": 30}
#: Number formats by column name (before the dtype's default).
FORMATS = {"lat": "0.000", "lon": "0.000", "ratio": "0.00", "ratio_current": "0.00", "share": "0.0%"}

#: Human headers of the brief sheet.
BRIEF_HEADERS = {
    "rank": "Rank", "incident_id": "Incident id", "label": "Incident", "kind": "Harm", "place": "Place",
    "date_start": "From", "date_end": "To", "independent_low": "Independent: lowest",
    "independent_high": "Independent: highest", "party_low": "Party claims: lowest", "party_high": "Party claims: highest",
    "stated_low": "Independent, earlier figures included: lowest",
    "stated_high": "Independent, earlier figures included: highest", "best": "Best figure",
    "rule": "Rule for the best figure", "grade": "Grade", "grade_reason": "Why this grade",
    "n_claimants": "Claimants", "n_outlets": "Outlets", "n_articles": "Articles",
    "claimants": "Claimants and their figures (earlier -> current)", "sources": "Source articles (outlet, date, URL)",
    "lat": "Latitude", "lon": "Longitude",
}

#: Article columns of the sources sheet (never the text).
SOURCE_COLUMNS = ("article_id", "outlet", "title", "url", "published", "published_basis", "n_words", "source", "notes")


def sheet_frames(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The table behind each sheet (``SHEETS``), from the run's tables; a sheet whose table the
    run does not have is left out."""
    from . import brief

    out: dict[str, pd.DataFrame] = {}
    if tables.get("incidents") is not None:
        out["brief"] = brief.incident_briefs(tables).rename(columns=BRIEF_HEADERS)
        out["incidents"] = tables["incidents"]
    arts = tables.get("articles")
    claims = tables.get("claims")
    if claims is not None:
        if arts is not None and "url" in arts.columns and "url" not in claims.columns:
            claims = claims.merge(arts[["article_id", "url"]], on="article_id", how="left")
            cols = list(claims.columns)
            cols.insert(cols.index("outlet") + 1 if "outlet" in cols else 2, cols.pop(cols.index("url")))
            claims = claims[cols]
        out["claims"] = claims
    if arts is not None:
        src = arts[[c for c in SOURCE_COLUMNS if c in arts.columns]]
        if claims is not None and "article_id" in claims.columns:
            n = claims.groupby("article_id").size().rename("n_claims")
            src = src.merge(n, left_on="article_id", right_index=True, how="left")
            src["n_claims"] = src["n_claims"].fillna(0).astype("Int64")
        out["sources"] = src.reset_index(drop=True)
    if tables.get("corrections") is not None:
        out["corrections"] = tables["corrections"]
    return {name: out[name] for name in SHEETS if name in out}


def write_workbook(tables: Mapping[str, pd.DataFrame], target: str | os.PathLike) -> Path:
    """Write the workbook (see the module docstring) atomically to ``target``; returns its path."""
    import xlsxwriter

    frames = sheet_frames(tables)
    target = Path(target)
    with io.atomic_path(target) as tmp:
        # strings stay strings: nothing is turned into a formula, a number or a link by the writer
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                            "strings_to_urls": False, "constant_memory": False})
        wb.set_properties({"title": "newslib tables", "author": "newslib", "created": DOC_DATE})
        styles = _styles(wb)
        for name, df in frames.items():
            _write_sheet(wb, name, df, styles)
        wb.close()
    log.info("workbook %s: sheets %s", target, ", ".join(f"{k} ({len(v)} rows)" for k, v in frames.items()))
    return target


def _styles(wb) -> dict:
    return {
        "header": wb.add_format({"bold": True, "font_color": "#ffffff", "bg_color": "#2f4f6f", "text_wrap": True,
                                 "valign": "top", "border": 1, "border_color": "#c0c0c0"}),
        "text": wb.add_format({"valign": "top"}),
        "wrap": wb.add_format({"valign": "top", "text_wrap": True}),
        "int": wb.add_format({"valign": "top", "num_format": "#,##0"}),
        "float": wb.add_format({"valign": "top", "num_format": "#,##0.00"}),
        "date": wb.add_format({"valign": "top", "num_format": "yyyy-mm-dd"}),
        "link": wb.add_format({"valign": "top", "font_color": "#1f5fa8", "underline": 1}),
        "fmt": {f: wb.add_format({"valign": "top", "num_format": f}) for f in set(FORMATS.values())},
    }


def _kind(s: pd.Series) -> str:
    dt_ = s.dtype
    if pd.api.types.is_bool_dtype(dt_):
        return "bool"
    if pd.api.types.is_integer_dtype(dt_):
        return "int"
    if pd.api.types.is_float_dtype(dt_):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dt_):
        return "date"
    return "text"


def _text(v) -> str:
    s = str(v)
    if len(s) > MAX_CELL:
        s = s[: MAX_CELL - 40] + " … (cut: the full text is in the CSV)"
    return io.neutralise_formula(s)


def _write_sheet(wb, name: str, df: pd.DataFrame, st: dict) -> None:
    ws = wb.add_worksheet(name)
    if len(df) > MAX_ROWS:
        log.warning("sheet %s: %d rows, Excel holds %d; the rest are in the CSV table", name, len(df), MAX_ROWS)
        df = df.head(MAX_ROWS)
    cols = list(df.columns)
    ws.set_row(0, 30 if any(len(str(c)) > 14 for c in cols) else None, st["header"])
    for j, c in enumerate(cols):
        ws.write_string(0, j, _text(c), st["header"])
    for j, c in enumerate(cols):
        s = df[c]
        kind = _kind(s)
        raw = str(c)
        key = next((k for k, v in BRIEF_HEADERS.items() if v == raw), raw)  # the brief sheet's own names
        fmt = (st["fmt"][FORMATS[key]] if key in FORMATS else
               {"int": st["int"], "float": st["float"], "date": st["date"]}.get(kind, st["text"]))
        wide = WIDE.get(key)
        if kind == "text" and wide:
            fmt = st["wrap"]
        values = s.tolist()
        link = key == "url"
        for i, v in enumerate(values, start=1):
            if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
                continue
            if kind == "bool":
                ws.write_boolean(i, j, bool(v), st["text"])
            elif kind in ("int", "float"):
                ws.write_number(i, j, float(v) if kind == "float" else int(v), fmt)
            elif kind == "date":
                ws.write_datetime(i, j, pd.Timestamp(v).to_pydatetime(), fmt)
            elif link and isinstance(v, str) and v.startswith(("http://", "https://")) and len(v) < 2000 \
                    and not any(ch in v for ch in ' "<>'):
                ws.write_url(i, j, v, st["link"], string=_text(v))
            else:
                ws.write_string(i, j, _text(v), fmt)
        ws.set_column(j, j, _width(raw, values, kind, wide))
    ws.freeze_panes(1, 1 if name in ("brief", "claims", "incidents") and len(cols) > 1 else 0)
    if cols:
        ws.autofilter(0, 0, max(len(df), 1), len(cols) - 1)


def _width(header: str, values: list, kind: str, wide: int | None) -> float:
    """A column width fitted to its header and its first values (wide text: a fixed width, wrapped)."""
    if wide:
        return wide
    if kind == "date":
        return max(11, min(len(header), 20) + 2)
    sample = [v for v in values[:500] if v is not None and v is not pd.NA and not (isinstance(v, float) and v != v)]
    if kind == "int":
        longest = max((len(f"{int(v):,}") for v in sample), default=1)
    elif kind == "float":
        longest = max((len(f"{float(v):,.2f}") for v in sample), default=1)
    else:
        longest = max((len(str(v)) for v in sample), default=1)
    return float(min(max(longest, min(len(header), 24), 6) + 2, 50))
