"""Analysts' corrections to the claims table: reject, edit, add; applied after every extraction.

The file (``data/corrections.csv`` by default) has one row per decision::

    claim_id,action,field,value,analyst,note,date
    c1a2b3c4d5e6f,reject,,,ana,headline restates the body,2026-11-21
    c0f9e8d7c6b5a,edit,victim_side,pro-government,ana,'troops' are the regime's here,2026-11-21
    a-sukhna-ih,add,article_id,001_41a19ee89e8c43ed,ana,missed figure,2026-11-21
    a-sukhna-ih,add,quote,IS said it had killed 30 soldiers,ana,,2026-11-21
    a-sukhna-ih,add,kind,killed,ana,,2026-11-21
    a-sukhna-ih,add,count_low,30,ana,,2026-11-21

Rules, applied in file order, deterministically:

* ``reject`` removes the claim from ``claims`` (and so from every total and incident); the
  decision stays in the ``corrections`` table.
* ``edit`` sets one column of one claim (``field`` must be one of ``EDITABLE``; values are
  checked against the schema's allowed values). The row gets ``origin = corrected`` and a
  ``correction_note`` naming analyst, date, old and new value.
* ``add`` rows sharing a ``claim_id`` (chosen by the analyst) make one new claim: it needs
  ``article_id``, ``kind``, a count (``count_low`` or ``count_text``) and a ``quote`` that
  appears verbatim in the article, which gives its character span: provenance is kept.
* A correction whose claim no longer exists (the text or the extractor changed) is listed in
  the ``corrections`` table with status ``claim not found`` and logged as a warning: never
  silently dropped.

``newslib corrections check`` validates a file; :func:`correct` appends a row from a notebook.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from pathlib import Path

import pandas as pd

from .. import config, io, schemas
from ..errors import CorrectionsError

log = logging.getLogger(__name__)

COLUMNS = ("claim_id", "action", "field", "value", "analyst", "note", "date")
ACTIONS = ("reject", "edit", "add")
#: Claim columns an analyst may edit (ids, offsets and provenance columns are not editable).
EDITABLE = (
    "kind", "count_low", "count_high", "count_text", "qualifier", "count_kind", "victims", "victim_side",
    "perpetrator", "claimant", "claimant_type", "claimant_side", "claimant_is_party", "party_claim_about_enemy",
    "attribution", "place", "place_source", "lat", "lon", "date_text", "event_date", "event_date_end",
    "date_precision", "subset_of", "hedges", "disputes",
)
#: Columns an ``add`` may set (the editable ones, plus where the figure is).
ADDABLE = EDITABLE + ("article_id", "quote")
STATUS = ("applied", "claim not found", "invalid")


def default_path() -> Path:
    """``data/corrections.csv``, or the file named by ``NEWSLIB_CORRECTIONS``."""
    env = os.environ.get("NEWSLIB_CORRECTIONS")
    return Path(env) if env else config.CORRECTIONS_FILE


def path_of(spec=None) -> Path | None:
    """The corrections file a run uses: ``spec`` False = none (None), a path = that file,
    None = the default file (see :func:`default_path`), whether or not it exists."""
    if spec is False:
        return None
    return Path(spec) if spec is not None else default_path()


def load(spec=None) -> tuple[pd.DataFrame, str]:
    """The corrections table of ``spec`` (as in :func:`path_of`, or a table) and its source
    label. A missing default file is no corrections; a missing named file is an error."""
    if isinstance(spec, pd.DataFrame):
        return spec, "(table)"
    path = path_of(spec)
    if path is None or (spec is None and not path.exists()):
        return empty(), ""
    return read(path), str(path)


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="string") for c in COLUMNS})


def read(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read and check a corrections file; a missing default file is an empty table.

    Raises CorrectionsError naming the file and row for a row that cannot be applied by
    any claims table (unknown action or field, bad value, incomplete add).
    """
    p = Path(path) if path is not None else default_path()
    if not p.exists():
        if path is not None:
            raise CorrectionsError(f"corrections file {p} does not exist; create it with the header {','.join(COLUMNS)} "
                                   "or run without --corrections")
        return empty()
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas raises several parser errors
        raise CorrectionsError(f"{p}: cannot read as CSV ({exc}); fix the file or pass --no-corrections") from exc
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise CorrectionsError(f"{p}: missing columns {missing}; the header must be {','.join(COLUMNS)}")
    df = df[list(COLUMNS)].astype("string")
    df = df.apply(lambda s: s.str.strip())
    problems = check(df)
    if problems:
        lines = "; ".join(f"row {i + 2}: {msg}" for i, msg in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise CorrectionsError(f"{p}: {lines}{more}. Fix these rows, or pass --no-corrections")
    return df.reset_index(drop=True)


def check(df: pd.DataFrame) -> list[tuple[int, str]]:
    """Problems of a corrections table that do not depend on the claims: (row index, message)."""
    cols = {c.name: c for c in schemas.CLAIMS.cols}
    out: list[tuple[int, str]] = []
    adds: dict[str, dict[str, str]] = {}
    first_add: dict[str, int] = {}
    for i, r in enumerate(df.itertuples(index=False)):
        cid, action, fld, value = (r.claim_id or ""), (r.action or "").lower(), (r.field or ""), (r.value or "")
        if not cid:
            out.append((i, "empty claim_id"))
            continue
        if action not in ACTIONS:
            out.append((i, f"action {action!r} is not one of {list(ACTIONS)}"))
            continue
        if r.date and not _is_date(r.date):
            out.append((i, f"date {r.date!r} is not YYYY-MM-DD"))
        if action == "reject":
            continue
        allowed = EDITABLE if action == "edit" else ADDABLE
        if fld not in allowed:
            out.append((i, f"field {fld!r} cannot be {'edited' if action == 'edit' else 'set'}; use one of {list(allowed)}"))
            continue
        if fld in cols:
            err = _value_error(cols[fld], value)
            if err:
                out.append((i, f"{fld}: {err}"))
        if action == "add":
            adds.setdefault(cid, {})[fld] = value
            first_add.setdefault(cid, i)
    for cid, fields in adds.items():
        need = [f for f in ("article_id", "kind", "quote") if not fields.get(f)]
        if not (fields.get("count_low") or fields.get("count_text")):
            need.append("count_low or count_text")
        if need:
            out.append((first_add[cid], f"added claim {cid!r} lacks {need}"))
    return sorted(out)


def _is_date(v: str) -> bool:
    try:
        dt.date.fromisoformat(v)
        return True
    except ValueError:
        return False


def _value_error(col: schemas.Column, value: str) -> str | None:
    if value == "":
        return None if col.nullable else "cannot be empty"
    if col.allowed and value not in col.allowed:
        return f"{value!r} is not one of {list(col.allowed)}"
    try:
        _coerce(col, value)
    except (ValueError, TypeError):
        return f"{value!r} is not a valid {col.dtype}"
    return None


def _coerce(col: schemas.Column, value: str):
    if value == "":
        return None
    if col.dtype == "Int64":
        return int(value)
    if col.dtype == "Float64":
        return float(value)
    if col.dtype == "boolean":
        low = value.lower()
        if low not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(value)
        return low in ("true", "1", "yes")
    if col.dtype == "datetime":
        return pd.Timestamp(dt.date.fromisoformat(value))
    return value


def _note(r, extra: str = "") -> str:
    who = r.analyst or "analyst"
    when = f" {r.date}" if r.date else ""
    text = f"{who}{when}: {extra}" if extra else f"{who}{when}"
    return f"{text} ({r.note})" if r.note else text


def apply(claims: pd.DataFrame, corrections: pd.DataFrame, articles: pd.DataFrame | None = None,
          source: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply ``corrections`` to ``claims``; return the corrected claims and the log.

    The log (``corrections`` table) has one row per correction row with its status. Added
    claims need ``articles`` to locate their quote; without it they are listed as invalid.

    >>> from newslib.extract.claims import claims_from_text
    >>> c = claims_from_text("Five soldiers were killed and 3 wounded.")
    >>> fix = pd.DataFrame([[c.claim_id[1], "reject", "", "", "ana", "double count", "2026-11-21"]], columns=COLUMNS)
    >>> fixed, applied = apply(c, fix)
    >>> len(fixed), applied["status"].tolist()
    (1, ['applied'])
    """
    cols = {c.name: c for c in schemas.CLAIMS.cols}
    claims = claims.copy()
    log_rows: list[dict] = []
    idx = {cid: i for i, cid in enumerate(claims["claim_id"].tolist())}
    rejected: set[str] = set()
    notes: dict[str, list[str]] = {}
    values: dict[tuple[str, str], object] = {}
    adds: dict[str, list] = {}
    for r in corrections.itertuples(index=False):
        action = (r.action or "").lower()
        base = _log_row(r, action, source)
        if action == "add":
            adds.setdefault(r.claim_id, []).append(r)
            continue
        if r.claim_id not in idx or r.claim_id in rejected:
            why = "claim not found" if r.claim_id not in idx else "invalid"
            log.warning("correction for claim %s (%s) not applied: %s", r.claim_id, action, why)
            log_rows.append({**base, "old_value": None, "status": why,
                             "message": "no claim with this id in this run: the text or the extractor changed; "
                                        "find the claim again and update the row" if why == "claim not found"
                                        else "the claim was rejected by an earlier row"})
            continue
        i = idx[r.claim_id]
        if action == "reject":
            rejected.add(r.claim_id)
            log_rows.append({**base, "old_value": claims.at[i, "count_text"], "status": "applied", "message": None})
            continue
        col = cols[r.field]
        old = values.get((r.claim_id, r.field), claims.at[i, r.field])
        old_s = None if old is None or (not isinstance(old, str) and pd.isna(old)) else str(old)
        values[(r.claim_id, r.field)] = _coerce(col, r.value or "")
        notes.setdefault(r.claim_id, []).append(_note(r, f"{r.field} {old_s!r} -> {r.value!r}"))
        log_rows.append({**base, "old_value": old_s, "status": "applied", "message": None})
    _move_edited_places(values)
    # edits: assign per column so dtypes stay those of the schema
    for (cid, fld), v in values.items():
        claims.loc[idx[cid], fld] = v
    for cid, ns in notes.items():
        claims.loc[idx[cid], "origin"] = "corrected"
        claims.loc[idx[cid], "correction_note"] = " | ".join(ns)
    if rejected:
        claims = claims[~claims["claim_id"].isin(rejected)]
    new_rows = []
    for cid, rows in adds.items():
        row, err = _added_claim(cid, rows, articles, cols)
        for r in rows:
            log_rows.append({**_log_row(r, "add", source), "old_value": None, "status": "invalid" if err else "applied",
                             "message": err})
        if err:
            log.warning("added claim %s not applied: %s", cid, err)
        else:
            new_rows.append(row)
    if new_rows:
        claims = pd.concat([claims, schemas.CLAIMS.conform(pd.DataFrame(new_rows, columns=list(schemas.CLAIMS.columns)))],
                           ignore_index=True)
    claims = claims.sort_values(["article_id", "start", "end", "claim_id"], kind="stable").reset_index(drop=True)
    applied = pd.DataFrame(log_rows, columns=list(schemas.CORRECTIONS.columns)) if log_rows else schemas.CORRECTIONS.empty()
    return schemas.CLAIMS.conform(claims), schemas.CORRECTIONS.conform(applied)


def place_coordinates(name: str) -> tuple[str, float | None, float | None] | None:
    """The canonical name and coordinates of a place the gazetteer knows (any spelling), else None.

    >>> place_coordinates("Deir az-Zour")[0]
    'Deir ez-Zor'
    """
    if not name:
        return None
    try:
        from ..language import gazetteer  # the world gazetteer, where installed
    except ImportError:
        gazetteer = None
    if gazetteer is not None and hasattr(gazetteer, "lookup"):
        info = gazetteer.lookup(name)
        return (info.name, info.lat, info.lon) if info is not None else None
    from .. import lexicons

    g = lexicons.table("gazetteer")
    key = str(name).casefold()
    hit = g[(g["place"].astype(str).str.casefold() == key) | (g["alias"].astype(str).str.casefold() == key)]
    if hit.empty:
        return None
    r = hit.iloc[0]
    lat = pd.to_numeric(r["lat"], errors="coerce")
    lon = pd.to_numeric(r["lon"], errors="coerce")
    return str(r["place"]), (None if pd.isna(lat) else float(lat)), (None if pd.isna(lon) else float(lon))


def _move_edited_places(values: dict) -> None:
    """An edit of ``place`` moves the claim's coordinates to the new place (unless the same
    corrections also set ``lat``/``lon``), so maps and incident linking follow the edit; a
    place the gazetteer does not know clears them (a stale point is worse than none)."""
    for (cid, fld), v in list(values.items()):
        if fld != "place":
            continue
        found = place_coordinates(v) if v else None
        if found is None and v:
            log.warning("claim %s: edited place %r is not in the gazetteer; its coordinates are cleared", cid, v)
        lat, lon = (found[1], found[2]) if found else (None, None)
        values.setdefault((cid, "lat"), lat)
        values.setdefault((cid, "lon"), lon)


def _log_row(r, action: str, source: str) -> dict:
    """The columns of a log row that repeat the correction as written."""
    return {"claim_id": r.claim_id, "action": action, "field": r.field or None, "value": r.value or None,
            "analyst": r.analyst or None, "note": r.note or None, "date": r.date or None, "source": source or None}


def _added_claim(cid: str, rows: list, articles: pd.DataFrame | None, cols: dict) -> tuple[dict | None, str | None]:
    fields = {r.field: r.value for r in rows}
    if articles is None or articles.empty:
        return None, "no articles to locate the quote in"
    art = articles[articles["article_id"] == fields.get("article_id")]
    if art.empty:
        return None, f"article {fields.get('article_id')!r} is not in this corpus"
    text = art["text"].iloc[0]
    quote = fields.get("quote", "")
    pos = text.find(quote) if quote else -1
    if pos < 0:
        return None, "the quote is not in the article's text (copy it exactly from the claims table or the article)"
    row = {c: None for c in schemas.CLAIMS.columns}
    for f, v in fields.items():
        if f != "quote":
            row[f] = _coerce(cols[f], v)
    count_text = fields.get("count_text") or fields.get("count_low")
    row.update({
        "claim_id": cid,
        "outlet": art["outlet"].iloc[0] if "outlet" in art else None,
        "published": art["published"].iloc[0] if "published" in art else None,
        "sentence_id": _sentence_of(text, pos),
        "start": pos,
        "end": pos + len(quote),
        "quote": quote,
        "count_text": count_text,
        "origin": "added",
        "correction_note": _note(rows[0], "added"),
    })
    if row["count_high"] is None and row["count_low"] is not None and not fields.get("qualifier"):
        row["count_high"] = row["count_low"]
    row.setdefault("qualifier", None)
    row["qualifier"] = row["qualifier"] or "exact"
    row["count_kind"] = row["count_kind"] or "number"
    row["victim_side"] = row["victim_side"] or "unknown"
    row["claimant"] = row["claimant"] or (row["outlet"] or "outlet")
    row["claimant_type"] = row["claimant_type"] or "outlet"
    for b in ("claimant_is_party", "party_claim_about_enemy", "in_headline", "in_quotes"):
        row[b] = bool(row[b]) if row[b] is not None else False
    return row, None


def _sentence_of(text: str, pos: int) -> int:
    from ..language import text as textmod

    for s in textmod.split_sentences(text):
        if s.start <= pos < s.end:
            return s.sentence_id
    return 0


def _key(r) -> tuple[str, str, str]:
    """What a row decides: (claim, action, field); two rows with one key decide the same thing."""
    action = (r.action or "").lower()
    return (r.claim_id or "", action, "" if action == "reject" else (r.field or ""))


def duplicates_and_conflicts(corrections: pd.DataFrame) -> list[str]:
    """Rows that decide the same thing twice: duplicates (same claim, action and field, same
    value), conflicts (same claim and field, different values; or a claim both rejected and
    edited). Messages name the rows (file lines, header = line 1); the last row wins when applied.

    >>> t = pd.DataFrame([["c1", "edit", "place", "Idlib", "a", "", ""], ["c1", "edit", "place", "Idlib", "a", "", ""],
    ...                   ["c1", "edit", "kind", "killed", "a", "", ""], ["c1", "edit", "kind", "wounded", "a", "", ""]],
    ...                  columns=COLUMNS)
    >>> duplicates_and_conflicts(t)
    ["duplicate: rows 2, 3 both edit claim c1 place to 'Idlib'", "conflict: rows 4, 5 edit claim c1 kind to different values ('killed', 'wounded'); the last row wins"]
    """
    seen: dict[tuple, list[tuple[int, str]]] = {}
    for i, r in enumerate(corrections.itertuples(index=False)):
        seen.setdefault(_key(r), []).append((i + 2, r.value or ""))
    out = []
    for (cid, action, fld), rows in seen.items():
        if len(rows) < 2:
            continue
        lines = ", ".join(str(n) for n, _ in rows)
        values = list(dict.fromkeys(v for _, v in rows))
        what = f"{action} claim {cid}" + (f" {fld}" if fld else "")
        if len(values) == 1:
            out.append(f"duplicate: rows {lines} both {what}" + (f" to {values[0]!r}" if fld else ""))
        else:
            out.append(f"conflict: rows {lines} {what} to different values ({', '.join(map(repr, values))}); the last row wins")
    rejected = {k[0]: rows for k, rows in seen.items() if k[1] == "reject"}
    for (cid, action, fld), rows in seen.items():
        if action == "edit" and cid in rejected:
            out.append(f"conflict: claim {cid} is rejected (row {rejected[cid][0][0]}) and edited ({fld}, row {rows[0][0]}); "
                       "the edit has no effect")
    return out


def check_against(claims: pd.DataFrame, corrections: pd.DataFrame) -> list[str]:
    """Claim ids of reject/edit rows that are not in ``claims`` (messages)."""
    known = set(claims["claim_id"])
    out = []
    for i, r in enumerate(corrections.itertuples(index=False)):
        if (r.action or "").lower() in ("reject", "edit") and r.claim_id not in known:
            out.append(f"row {i + 2}: claim {r.claim_id} is not in the claims of this corpus")
    return out


def correct(claim_id: str, field: str | None = None, value: object = None, note: str = "",
            analyst: str | None = None, path: str | os.PathLike | None = None, date: str | None = None) -> Path:
    """Record one correction in the corrections file (checked first) and return its path.

    ``correct(cid, note="...")`` with no field rejects the claim; ``correct(cid,
    field="victim_side", value="IS", note="...")`` edits one column. Idempotent: the file
    keeps one row per claim and field, so running the cell again (Run All, a report) changes
    nothing, and a second call with another value updates that row in place. See :func:`add_claim`.
    """
    action = "edit" if field else "reject"
    return _append([_row(claim_id, action, field, value, note, analyst, date)], path)


def add_claim(claim_id: str, article_id: str, quote: str, kind: str, note: str = "", analyst: str | None = None,
              path: str | os.PathLike | None = None, date: str | None = None, **fields) -> Path:
    """Append a claim the extractor missed: ``quote`` must appear verbatim in the article.

    >>> # add_claim("a-1", "001_41a19ee89e8c43ed", "killed 30 soldiers", "killed", count_low=30)
    """
    rows = [_row(claim_id, "add", f, v, note, analyst, date)
            for f, v in {"article_id": article_id, "quote": quote, "kind": kind, **fields}.items()]
    return _append(rows, path)


def _row(claim_id, action, field, value, note, analyst, date) -> dict:
    return {
        "claim_id": str(claim_id), "action": action, "field": field or "",
        "value": "" if value is None else (value.date().isoformat() if isinstance(value, pd.Timestamp)
                                           else value.isoformat() if isinstance(value, dt.date) else str(value)),
        "analyst": analyst or os.environ.get("NEWSLIB_ANALYST") or os.environ.get("USER") or "analyst",
        "note": note or "", "date": date or dt.date.today().isoformat(),
    }


def _append(rows: list[dict], path: str | os.PathLike | None) -> Path:
    """Write ``rows`` into the file: a row that decides what an existing row decides (same
    claim, action and field) replaces it where it stands; others are added at the end. An
    unchanged file is not rewritten."""
    p = Path(path) if path is not None else default_path()
    current = read(p) if p.exists() else empty()
    table = current.astype(object).where(current.notna(), "").to_dict("records")
    where = {}
    for i, r in enumerate(table):
        where.setdefault(_key(_Row(r)), i)
    for r in rows:
        k = _key(_Row(r))
        if k in where:
            old = table[where[k]]
            if all(str(old.get(c, "")) == str(r[c]) for c in ("value", "note", "analyst")):
                continue  # the same decision again: keep the row (and its date) as it was
            table[where[k]] = r
        else:
            where[k] = len(table)
            table.append(r)
    new = pd.DataFrame(table, columns=list(COLUMNS)).astype("string")
    if p.exists() and new.equals(current.astype("string")):
        return p
    problems = check(new)
    if problems:
        raise CorrectionsError(f"correction not written to {p}: " + "; ".join(f"row {i + 2}: {m}" for i, m in problems))
    io.write_csv(new, p, neutralise=False)  # an input, read back as written
    return p


class _Row:
    """A dict seen as a corrections row (attribute access, as ``itertuples`` gives)."""

    def __init__(self, d: dict):
        self.__dict__.update({c: ("" if d.get(c) is None else str(d.get(c))) for c in COLUMNS})


def fingerprint(corrections: pd.DataFrame) -> str:
    """A short hash of a corrections table, for the run record."""
    return hashlib.sha1(corrections.to_csv(index=False).encode("utf-8")).hexdigest()[:12]
