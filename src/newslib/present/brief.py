"""The brief: the page that answers the question first (``outputs/html/index.html``).

For each incident, largest first: its label, dates and place; the spread of the independent
figures and, apart, the figures claimed by parties to the fighting; its grade; each claimant with
its current figure and its earlier figures; how many outlets carried it; and the source articles
(outlet, date, URL). Then a map of the incidents, the four reports with a line on what each holds,
and the details of the run (parameters, counts, lexicons; no absolute local path). The page is
its ``SECTIONS`` in order: a name (the anchor) -> a heading and a function of the ``Page``.

The same rows are the ``brief`` sheet of the workbook (``newslib.present.workbook``)::

    rows = brief.incident_briefs(tables)      # one row per incident, largest first
    brief.write_brief(html_dir, tables, reports, corpus, parameters, counts, run_date)

Columns the incident grouping adds (``independent_low`` ... ``grade``, the ``claimant_series``
table) are used when present; on tables without them the spread and the claimant series are
computed here from ``claim_incidents`` and ``claims``, and the grade is left empty.

Every value from an article (labels, claimants, outlets, URLs) is escaped; the page has no
script, a Content-Security-Policy that forbids any fetch, and its one image (the map) inline.

>>> import pandas as pd
>>> figure_words(59, None, "more_than"), figure_words(120, 120, "approximate"), figure_words(40, 199, "vague", "scores")
('more than 58', 'around 120', 'scores')
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config, io
from .formatting import CSP_META, display_path, format_count, format_date

log = logging.getLogger(__name__)

#: Incidents shown on the page (largest first); the rest are counted and left to the tables.
TOP_INCIDENTS = 25
#: Source articles listed per incident on the page (the workbook lists all).
TOP_SOURCES = 6

#: What each report holds, one line each (keyed by notebook name).
REPORT_LINES = {
    "01-claims-overview": "Every casualty claim found, by outlet and claimant, with the sentence it came from.",
    "02-casualty-comparison": "Incident by incident: who gave which figure, how far apart, and how figures travelled between outlets.",
    "03-timeline": "What happened when and where: dated events merged across outlets, and what could not be dated.",
    "04-source-bias": "How outlets differ: whose figures they carry, the names they use, attribution verbs, tone and reused text.",
}

#: The words a qualifier puts before a figure.
QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "more than ", "approximate": "around ",
                   "up_to": "up to ", "vague": ""}

#: Columns of ``incident_briefs`` (the brief sheet of the workbook), in order.
BRIEF_COLUMNS = ("rank", "incident_id", "label", "kind", "place", "date_start", "date_end", "independent_low",
                 "independent_high", "party_low", "party_high", "stated_low", "stated_high", "best", "rule", "grade",
                 "grade_reason", "n_claimants", "n_outlets", "n_articles", "claimants", "sources", "lat", "lon")


# ----------------------------------------------------------------------------- small helpers
def _blank(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _int(v) -> int | None:
    return None if _blank(v) else int(v)


def fmt_range(lo, hi) -> str:
    """``58–120``, ``120``, or empty; an open top is shown as ``58+``.

    >>> fmt_range(58, 120), fmt_range(120, 120), fmt_range(58, None), fmt_range(None, None)
    ('58–120', '120', '58+', '')
    """
    lo, hi = _int(lo), _int(hi)
    if lo is None and hi is None:
        return ""
    if hi is None:
        return f"{lo:,}+"
    if lo is None or lo == hi:
        return f"{hi:,}"
    return f"{lo:,}–{hi:,}"


def fmt_date(v, year: bool = True) -> str:
    """``29 Sep 2017`` (``formatting.format_date``), or ``29 Sep`` without the year; empty when missing."""
    if _blank(v):
        return ""
    if year:
        return format_date(pd.Timestamp(v).normalize())
    t = pd.Timestamp(v)
    return f"{t.day} {t:%b}"


def fmt_dates(start, end) -> str:
    """A date span, compact: ``28–29 Sep 2017``, ``30 Sep – 2 Oct 2017``, ``29 Sep 2017``.

    >>> fmt_dates("2017-09-28", "2017-09-29"), fmt_dates("2017-09-30", "2017-10-02"), fmt_dates("2017-09-29", None)
    ('28–29 Sep 2017', '30 Sep – 2 Oct 2017', '29 Sep 2017')
    """
    if _blank(start) and _blank(end):
        return ""
    if _blank(start) or _blank(end):
        return fmt_date(end if _blank(start) else start)
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    if a.normalize() == b.normalize():
        return fmt_date(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%b} {b.year}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b} {b.year}"
    return f"{fmt_date(a)} – {fmt_date(b)}"


def figure_words(low, high, qualifier, figure: str | None = None) -> str:
    """A figure as a reader says it: the qualifier's words and the number (``more than 58``);
    a vague figure keeps its word (``scores``); a range is ``40–50``."""
    q = "" if _blank(qualifier) else str(qualifier)
    if q == "vague" and figure and not _blank(figure):
        return str(figure)
    fig = str(figure) if figure is not None and not _blank(figure) else ""
    if fig and not any(ch.isdigit() for ch in fig):
        return fig
    lo, hi = _int(low), _int(high)
    if q == "more_than" and lo is not None:
        lo -= 1  # 'more than 58' is stored as at least 59
    if fig and "-" in fig.strip("-"):
        core = fig.replace("-", "–")
    elif lo is not None and hi is not None and lo != hi and q not in ("more_than", "at_least"):
        core = f"{lo:,}–{hi:,}"
    elif lo is not None:
        core = f"{lo:,}"
    elif hi is not None:
        core = f"{hi:,}"
    else:
        core = fig
    return (QUALIFIER_WORDS.get(q, "") + core).strip()


# ----------------------------------------------------------------------------- the rows
def _has(tables: Mapping[str, pd.DataFrame], name: str, cols=()) -> bool:
    return name in tables and tables[name] is not None and all(c in tables[name].columns for c in cols)


STEP_COLUMNS = ("incident_id", "claimant", "claimant_type", "is_party", "victim_group", "date", "words", "low", "high",
                "vague", "current", "outlet", "outlets", "url", "article_id", "title", "step")


def claimant_steps(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every figure of every claimant of every incident, in order: one row per member claim with
    ``STEP_COLUMNS``.

    From the ``claimant_series`` table when the run has it; else from ``claim_incidents`` and
    ``claims`` (an outlet's unattributed restatement of a claimant's figure is left out: the
    claimant's own row carries it). ``current`` marks the figure the claimant stands by now
    (its latest), ``low``/``high`` the numbers it allows (an open top: ``high`` empty)."""
    arts = tables.get("articles")
    art_cols = [c for c in ("article_id", "url", "title", "outlet", "published") if arts is not None and c in arts.columns]
    if _has(tables, "claimant_series", ("incident_id", "claimant", "figure")):
        s = tables["claimant_series"].copy()
        s["date"] = s["date"] if "date" in s.columns else pd.NaT
        for col, default in (("claimant_type", pd.NA), ("is_party", pd.NA), ("victim_group", ""), ("qualifier", pd.NA),
                             ("count_low", pd.NA), ("count_high", pd.NA), ("current", pd.NA), ("outlet", pd.NA),
                             ("url", pd.NA), ("article_id", pd.NA), ("step", pd.NA)):
            if col not in s.columns:
                s[col] = default
        # a step is one figure on one day: every outlet that carried it
        s["outlets"] = s["outlets"].astype("string").fillna(s["outlet"].astype("string")) if "outlets" in s.columns \
            else s["outlet"].astype("string")
    elif _has(tables, "claim_incidents", ("claim_id", "incident_id")) and _has(tables, "claims", ("claim_id",)):
        ci = tables["claim_incidents"]
        keep = [c for c in ("claim_id", "incident_id", "counted", "reason", "victim_group", "figure", "current")
                if c in ci.columns]
        cl = tables["claims"]
        ccols = [c for c in ("claim_id", "article_id", "outlet", "published", "start", "count_low", "count_high",
                             "qualifier", "claimant", "claimant_type", "claimant_is_party") if c in cl.columns]
        s = ci[keep].merge(cl[ccols], on="claim_id", how="inner")
        if "reason" in s.columns:
            s = s[~s["reason"].fillna("").str.startswith("unattributed restatement")]
        s = s.rename(columns={"claimant_is_party": "is_party", "published": "date"})
        if "current" not in s.columns:
            s["current"] = pd.NA
        s["step"] = pd.NA
        s["outlets"] = s["outlet"].astype("string")
        if "url" not in s.columns:
            s["url"] = pd.NA
    else:
        return pd.DataFrame(columns=list(STEP_COLUMNS))
    if arts is not None and "article_id" in art_cols:
        extra = [c for c in ("url", "title") if c in art_cols]
        s = s.drop(columns=[c for c in extra if c in s.columns and c != "url"]).merge(
            arts[["article_id", *extra]].rename(columns={"url": "_art_url"}), on="article_id", how="left")
        if "_art_url" in s.columns:
            s["url"] = s["url"].astype("string").fillna(s["_art_url"].astype("string"))
            s = s.drop(columns="_art_url")
    if "title" not in s.columns:
        s["title"] = pd.NA
    for col in ("claimant", "claimant_type", "victim_group", "outlet", "url", "title", "qualifier"):
        if col in s.columns:
            s[col] = s[col].astype("string")
    s["claimant"] = s["claimant"].fillna(s["outlet"]).fillna("(unknown)")
    s["victim_group"] = s["victim_group"].fillna("")
    s["date"] = pd.to_datetime(s["date"])
    s["is_party"] = s["is_party"].astype("boolean")
    s["words"] = [figure_words(lo, hi, q, f) for lo, hi, q, f in
                  zip(s["count_low"], s["count_high"], s["qualifier"], s["figure"], strict=True)]
    lo, hi = [], []
    for a, b, q, f in zip(s["count_low"], s["count_high"], s["qualifier"], s["figure"], strict=True):
        a, b = _int(a), _int(b)
        if not _blank(q) and q == "more_than" and a is not None:
            a -= 1  # show the number stated, not the number implied
        lo.append(a)
        hi.append(b)
    s["low"] = pd.array(lo, dtype="Int64")
    s["high"] = pd.array(hi, dtype="Int64")
    s["vague"] = (s["qualifier"] == "vague").fillna(False).astype(bool)
    sort = ["incident_id", "claimant", "victim_group", "date"] + [c for c in ("step", "article_id", "start") if c in s.columns]
    s = s.sort_values(sort, kind="stable", na_position="last").reset_index(drop=True)
    if s["current"].isna().all():  # no flag from the series: a claimant's latest date holds its current figure
        last = s.groupby(["incident_id", "claimant", "victim_group"], sort=False)["date"].transform("max")
        s["current"] = (s["date"] == last) | (last.isna() & s["date"].isna())
    s["current"] = s["current"].astype("boolean").fillna(False)
    s["step"] = s.groupby(["incident_id", "claimant", "victim_group"], sort=False).cumcount()
    return s[list(STEP_COLUMNS)]


def step_records(steps: pd.DataFrame) -> dict[str, list[dict]]:
    """The steps of ``claimant_steps`` as plain records per incident (in order): the brief's
    per-incident work is then a pass over a few dicts, linear in the number of claims."""
    out: dict[str, list[dict]] = {}
    if steps.empty:
        return out
    cols = {c: steps[c].tolist() for c in STEP_COLUMNS}
    for i in range(len(steps)):
        r = {c: (None if _blank(v) else v) for c, v in ((c, cols[c][i]) for c in STEP_COLUMNS)}
        r["low"], r["high"] = _int(r["low"]), _int(r["high"])
        r["current"], r["vague"] = bool(r["current"]), bool(r["vague"])
        r["is_party"] = None if r["is_party"] is None else bool(r["is_party"])
        r["victim_group"] = r["victim_group"] or ""
        r["outlets"] = {o for o in str(r["outlets"] or "").split("; ") if o}
        out.setdefault(str(r["incident_id"]), []).append(r)
    return out


def _numeric(recs: list[dict]) -> list[dict]:
    """Steps with a number: vague words ('scores', 'dozens') are left out when a number is there."""
    has = [r for r in recs if r["low"] is not None or r["high"] is not None]
    exact = [r for r in has if not r["vague"]]
    return exact or has


def _spread(recs: list[dict]) -> tuple[int | None, int | None]:
    """Lowest and highest number of some steps; an open top ('more than 58') contributes its low."""
    lows = [r["low"] if r["low"] is not None else r["high"] for r in recs]
    highs = [r["high"] if r["high"] is not None else r["low"] for r in recs]
    lows, highs = [v for v in lows if v is not None], [v for v in highs if v is not None]
    return (min(lows) if lows else None), (max(highs) if highs else None)


def _day(v):
    return pd.Timestamp.max if v is None else pd.Timestamp(v)


def claimant_lines(recs: list[dict] | pd.DataFrame) -> list[dict]:
    """One entry per claimant (and victim group) of one incident's steps (``step_records``):
    ``claimant``, ``type``, ``party``, ``group``, ``current`` (words and date), ``earlier`` (the
    figures before it, each with its date; wordings of one figure on one day are joined),
    ``outlets`` (how many carried it). Independent claimants first, then parties; each by its
    current figure, largest first."""
    if isinstance(recs, pd.DataFrame):
        recs = [r for rs in step_records(recs).values() for r in rs]
    by: dict[tuple[str, str], list[dict]] = {}
    for r in recs:
        by.setdefault((str(r["claimant"]), r["victim_group"]), []).append(r)
    out = []
    for (claimant, group), g in by.items():
        cur = [r for r in g if r["current"]]
        cur = _numeric(cur) or cur or g[-1:]
        numeric = _numeric(g)
        rest = [r for r in g if not any(r is c for c in cur)]
        if numeric and not all(r["vague"] for r in numeric):
            rest = [r for r in rest if not r["vague"]]  # 'scores' beside a number is not a figure of its own
        # one figure on one day may be worded several ways ('more than 58', '58', 'at least 58')
        earlier: list[tuple[str, str]] = []
        seen = {r["words"] for r in cur}
        days: dict = {}
        for r in rest:
            days.setdefault(r["date"], []).append(r)
        for date in sorted(days, key=_day):
            words = [w for w in dict.fromkeys(r["words"] for r in days[date]) if w and w not in seen]
            if words:
                earlier.append((" / ".join(words), fmt_date(date, year=False)))
                seen.update(words)
        tops = [r["high"] if r["high"] is not None else r["low"] for r in _numeric(cur)]
        tops = [t for t in tops if t is not None]
        parties = [r["is_party"] for r in g if r["is_party"] is not None]
        types = [r["claimant_type"] for r in g if r["claimant_type"]]
        cur_dates = [r["date"] for r in cur if r["date"] is not None]
        out.append({
            "claimant": claimant,
            "type": str(types[0]) if types else "",
            "party": any(parties) if parties else None,
            "group": group,
            "current": " / ".join(dict.fromkeys(r["words"] for r in cur)),
            "current_date": fmt_date(max(cur_dates), year=False) if cur_dates else "",
            "earlier": earlier,
            "outlets": len(set().union(*(r["outlets"] for r in g))),
            "_top": max(tops) if tops else -1,
        })
    out.sort(key=lambda c: (bool(c["party"]), -c["_top"], c["claimant"], c["group"]))
    return out


def incident_sources(tables: Mapping[str, pd.DataFrame], incident_ids=None) -> dict[str, list[dict]]:
    """The source articles of each incident (every article with a member claim), once each, by
    date then outlet: ``{incident_id: [{article_id, outlet, date, url, title}, ...]}``.
    ``incident_ids``: only these."""
    ci, cl, arts = tables.get("claim_incidents"), tables.get("claims"), tables.get("articles")
    if ci is None or cl is None or not {"claim_id", "incident_id"} <= set(ci.columns) or "article_id" not in cl.columns:
        return {}
    m = ci[["claim_id", "incident_id"]]
    if incident_ids is not None:
        m = m[m["incident_id"].astype(str).isin(set(map(str, incident_ids)))]
    m = m.merge(cl[["claim_id", "article_id"]], on="claim_id").drop_duplicates(["incident_id", "article_id"])
    if arts is not None and "article_id" in arts.columns:
        acols = [c for c in ("article_id", "outlet", "published", "url", "title") if c in arts.columns]
        m = m.merge(arts[acols], on="article_id", how="left")
    for c in ("outlet", "published", "url", "title"):
        if c not in m.columns:
            m[c] = pd.NA
    m = m.sort_values(["incident_id", "published", "outlet", "article_id"], na_position="last", kind="stable")
    out: dict[str, list[dict]] = {}
    for iid, aid, outlet, pub, url, title in zip(m["incident_id"], m["article_id"], m["outlet"], m["published"],
                                                 m["url"], m["title"], strict=True):
        out.setdefault(str(iid), []).append({"article_id": aid, "outlet": None if _blank(outlet) else str(outlet),
                                             "date": None if _blank(pub) else pub, "url": None if _blank(url) else str(url),
                                             "title": None if _blank(title) else str(title)})
    return out


def claimant_text(line: dict, groups: int = 1) -> str:
    """One claimant as a line of text (the workbook's ``claimants`` cell), e.g.
    ``Syrian Observatory for Human Rights: more than 58 / 58 (29 Sep) -> around 120 (30 Sep, current); 3 outlets``."""
    who = line["claimant"] + (" (party)" if line["party"] else "")
    if groups > 1 and line["group"]:
        who += f" [{line['group']}]"
    steps = [f"{w} ({d})" if d else w for w, d in line["earlier"]]
    cur = line["current"] + (f" ({line['current_date']}, current)" if line["earlier"] else
                             (f" ({line['current_date']})" if line["current_date"] else ""))
    n = line["outlets"]
    return f"{who}: {' -> '.join([*steps, cur])}; {n} outlet{'s' if n != 1 else ''}"


def _coords(tables: Mapping[str, pd.DataFrame], inc: pd.DataFrame) -> tuple[list, list]:
    """Latitude and longitude of each incident's place: the gazetteer's, else the coordinates its
    member claims carry for that place (they come from the gazetteer too)."""
    lookup = None
    try:
        from ..language import gazetteer  # the world gazetteer, when the run has it

        lookup = gazetteer.lookup
    except ImportError:
        pass
    claim_ll: dict[str, tuple[float, float]] = {}
    cl = tables.get("claims")
    if cl is not None and {"place", "lat", "lon"} <= set(cl.columns):
        known = cl.dropna(subset=["place", "lat", "lon"])
        if len(known):
            med = known.groupby("place")[["lat", "lon"]].median()
            claim_ll = {str(p): (float(r.lat), float(r.lon)) for p, r in med.iterrows()}
    lats, lons = [], []
    for place in inc["place"] if "place" in inc.columns else [None] * len(inc):
        ll = None
        if not _blank(place):
            if lookup is not None:
                info = lookup(str(place))
                if info is not None and not _blank(getattr(info, "lat", None)):
                    ll = (float(info.lat), float(info.lon))
            if ll is None:
                ll = claim_ll.get(str(place))
        lats.append(ll[0] if ll else None)
        lons.append(ll[1] if ll else None)
    return lats, lons


def incident_briefs(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per incident, largest first (best figure, else the top of the independent
    figures, else the top of every stated figure, else the top party claim): the columns of
    ``BRIEF_COLUMNS``.

    ``independent_*`` is the range of the independent claimants' current figures, ``party_*``
    of the current figures of parties to the fighting, ``stated_*`` of every figure an independent
    claimant stated (its earlier figures included). ``claimants`` has one line per claimant (``claimant_text``), ``sources`` one
    line per article: ``outlet, date, URL``."""
    inc = tables.get("incidents")
    if inc is None or inc.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in BRIEF_COLUMNS})
    by_inc = step_records(claimant_steps(tables))
    sources_of = incident_sources(tables)
    rows = []
    for get in inc.to_dict("records"):
        g = by_inc.get(str(get["incident_id"]), [])
        lines = claimant_lines(g)
        numeric = _numeric(g)
        indep = _numeric([r for r in g if r["current"] and not r["is_party"]])  # no flag: not a party
        party_cur = _numeric([r for r in g if r["current"] and r["is_party"]])
        # without the grouping's own columns: the incident's reliable range (its victim groups
        # combined), and the stated figures around it
        one_group = len({r["victim_group"] for r in numeric}) <= 1
        ind_lo, ind_hi = _spread(indep) if one_group or "low" not in get else (_int(get["low"]), _int(get["high"]))
        par_lo, par_hi = _spread(party_cur)
        # every figure an independent claimant stated, earlier ones included
        # (with several victim groups the incident's figures add the groups up: one group's figure
        # is not a figure for the whole incident, so the combined range stands alone)
        st_lo, st_hi = (_spread(_numeric([r for r in g if not r["is_party"]]) + [{"low": ind_lo, "high": ind_hi}])
                        if one_group else (ind_lo, ind_hi))

        def pick(name, computed):
            return get[name] if name in get else computed

        arts = sources_of.get(str(get["incident_id"]), [])
        sources = "\n".join(", ".join(x for x in (a["outlet"] or "", fmt_date(a["date"]), a["url"] or "") if x)
                            for a in arts)
        groups = len({ln["group"] for ln in lines})
        rows.append({
            "incident_id": get["incident_id"],
            "label": get.get("label"),
            "kind": get.get("kind"),
            "place": get.get("place"),
            "date_start": get.get("date_start"),
            "date_end": get.get("date_end"),
            "independent_low": pick("independent_low", ind_lo),
            "independent_high": pick("independent_high", ind_hi),
            "party_low": pick("party_low", par_lo),
            "party_high": pick("party_high", par_hi),
            "stated_low": pick("stated_low", st_lo),
            "stated_high": pick("stated_high", st_hi),
            "best": get.get("best"),
            "rule": get.get("rule"),
            "grade": get.get("grade"),
            "grade_reason": get.get("grade_reason"),
            "n_claimants": len({ln["claimant"] for ln in lines}) or get.get("n_claimants"),
            "n_outlets": get.get("n_outlets"),
            "n_articles": len(arts),
            # one line per claimant, drawn from its series (the incidents' own one-line
            # `claimants` summary is for tables and spreadsheets)
            "claimants": "\n".join(claimant_text(ln, groups) for ln in lines),
            "sources": sources,
        })
    out = pd.DataFrame(rows)
    out["lat"], out["lon"] = _coords(tables, out)
    for c in ("independent_low", "independent_high", "party_low", "party_high", "stated_low", "stated_high", "best",
              "n_claimants", "n_outlets", "n_articles"):
        out[c] = pd.array([_int(v) for v in out[c]], dtype="Int64")
    for c in ("lat", "lon"):
        out[c] = pd.array(out[c], dtype="Float64")
    for c in ("date_start", "date_end"):
        out[c] = pd.to_datetime(out[c])
    size = out["best"].fillna(out["independent_high"]).fillna(out["stated_high"]).fillna(out["party_high"])
    out["_size"] = size.fillna(-1)
    out = out.sort_values(["_size", "date_start", "incident_id"], ascending=[False, True, True], kind="stable",
                          na_position="last").drop(columns="_size").reset_index(drop=True)
    out.insert(0, "rank", pd.array(range(1, len(out) + 1), dtype="Int64"))
    for c in ("incident_id", "label", "kind", "place", "rule", "grade", "grade_reason", "claimants", "sources"):
        out[c] = out[c].astype("string")
    return out[list(BRIEF_COLUMNS)]


# ----------------------------------------------------------------------------- the page
#: Colours of the grades (any other grade is grey).
GRADE_CLASS = {"corroborated": "g-ok", "contested": "g-warn", "single source": "g-one", "party claims only": "g-party"}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0 auto;
 padding:10px 18px 40px;max-width:1360px;color:#1d232a;font-size:14px;line-height:1.35}
h1{font-size:21px;margin:4px 0 2px}h2{font-size:17px;margin:26px 0 8px;border-bottom:1px solid #dde;padding-bottom:3px}
.meta{color:#555;margin:0 0 6px}.meta a{color:#1f5fa8}
.key{color:#444;font-size:12.5px;margin:0 0 8px;max-width:1300px}
table.brief{border-collapse:collapse;width:100%}
table.brief th{font-size:12px;text-align:left;color:#333;background:#eef1f5;padding:5px 6px;border-bottom:2px solid #c9d0da;
 vertical-align:bottom}
table.brief td{padding:6px 6px;border-bottom:1px solid #e3e6ea;vertical-align:top}
td.n{color:#888;text-align:right;width:1.6em}
.label{font-weight:600}.sub{color:#555;font-size:12.5px}
.fig{font-size:19px;font-weight:700;white-space:nowrap}.fig.party{color:#8a2b2b;font-size:16px}
.none{color:#999}
td.figs{white-space:nowrap}
ul.cl{margin:0;padding:0;list-style:none}ul.cl li{margin:0 0 3px}
.who{font-weight:600}.typ{color:#666;font-size:12px}.was{color:#666}.cur{font-weight:700}.d{color:#777;font-size:12px}
.pty{display:inline-block;font-size:11px;color:#8a2b2b;border:1px solid #d8b0b0;border-radius:3px;padding:0 3px;margin-left:3px}
.grade{display:inline-block;border-radius:3px;padding:1px 6px;font-size:12px;font-weight:600;white-space:nowrap;
 background:#eee;color:#333}
.g-ok{background:#dcefdc;color:#1f5e1f}.g-warn{background:#fbe3c4;color:#7a4300}.g-one{background:#e6e9ef;color:#333}
.g-party{background:#f6d5d5;color:#7a1f1f}
.why{color:#666;font-size:12px;margin-top:3px;max-width:14em}
ol.src{margin:0;padding-left:1.2em;font-size:12.5px}ol.src li{margin:0 0 2px}
a{color:#1f5fa8}.host{color:#777}
.more{color:#666;font-size:12.5px}
figure{margin:0}figure img{max-width:100%;height:auto;border:1px solid #e3e6ea}
figcaption{color:#555;font-size:12.5px}
dl.reports dt{font-weight:600;margin-top:6px}dl.reports dd{margin:0 0 0 1.2em;color:#333}
table.kv td{padding:2px 14px 2px 0;vertical-align:top;font-size:13px}table.kv td:first-child{color:#555}
code{font-size:12.5px}
"""


def _e(v) -> str:
    return "" if _blank(v) else html.escape(str(v), quote=True)


def _link(url, text: str) -> str:
    """A link to an article: only ``http(s)`` URLs become links (anything else is shown as text)."""
    u = "" if _blank(url) else str(url).strip()
    if u.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(u, quote=True)}" rel="noopener noreferrer nofollow">{text}</a>'
    return text + (f' <span class="host">{_e(u)}</span>' if u else "")


def _host(url) -> str:
    u = "" if _blank(url) else str(url)
    if "://" not in u:
        return ""
    host = u.split("://", 1)[1].split("/", 1)[0]
    return host[4:] if host.startswith("www.") else host


def _figure_cell(lo, hi, party: bool = False) -> str:
    txt = fmt_range(lo, hi)
    if not txt:
        return '<span class="none">none</span>'
    return f'<span class="fig{" party" if party else ""}">{txt}</span>'


def _claimant_items(lines: list[dict], groups: int, cap: int) -> str:
    items = []
    for ln in lines[:cap]:
        who = f'<span class="who">{_e(ln["claimant"])}</span>'
        typ = ln["type"].replace("_", " ")
        if typ and typ.lower() not in ln["claimant"].lower():
            who += f' <span class="typ">{_e(typ)}</span>'
        if ln["party"]:
            who += '<span class="pty">party</span>'
        if groups > 1 and ln["group"]:
            who += f' <span class="typ">[{_e(ln["group"])}]</span>'
        steps = [f'<span class="was">{_e(w)}</span> <span class="d">{_e(d)}</span>' for w, d in ln["earlier"]]
        cur = f'<span class="cur">{_e(ln["current"])}</span>'
        if ln["current_date"]:
            cur += f' <span class="d">{_e(ln["current_date"])}</span>'
        n = ln["outlets"]
        items.append(f"<li>{who}: {' → '.join([*steps, cur])} <span class=\"d\">· {n} outlet{'s' if n != 1 else ''}</span></li>")
    if len(lines) > cap:
        items.append(f'<li class="more">… {len(lines) - cap} more claimants in the workbook</li>')
    return f'<ul class="cl">{"".join(items)}</ul>'


def _source_items(arts: list[dict], cap: int) -> str:
    items = []
    for a in arts[:cap]:
        outlet = _e(a["outlet"]) or "(unknown outlet)"
        host = _host(a["url"])
        text = f"{outlet}, {_e(fmt_date(a['date']))}" + (f' <span class="host">{_e(host)}</span>' if host else "")
        items.append(f"<li>{_link(a['url'], text)}</li>")
    if len(arts) > cap:
        items.append(f'<li class="more">… {len(arts) - cap} more</li>')
    return f'<ol class="src">{"".join(items)}</ol>' if items else '<span class="none">none</span>'


def incident_rows_html(tables: Mapping[str, pd.DataFrame], rows: pd.DataFrame, top: int = TOP_INCIDENTS,
                       claimants_cap: int = 6, sources_cap: int = TOP_SOURCES) -> str:
    """The brief's table: one ``<tr>`` per incident (the ``top`` largest), every value escaped."""
    shown = rows.head(top)
    wanted = set(shown["incident_id"].astype(str))
    steps = claimant_steps(tables)
    by_inc = step_records(steps[steps["incident_id"].astype(str).isin(wanted)]) if len(steps) else {}
    sources_of = incident_sources(tables, wanted)
    out = []
    for r in shown.itertuples(index=False):
        g = by_inc.get(str(r.incident_id), [])
        lines = claimant_lines(g)
        groups = len({ln["group"] for ln in lines})
        arts = sources_of.get(str(r.incident_id), [])
        when = fmt_dates(r.date_start, r.date_end)
        sub = " · ".join(x for x in (_e(r.kind), _e(when), _e(r.place)) if x)
        stated = fmt_range(r.stated_low, r.stated_high)
        best = "" if _blank(r.best) else f"best {format_count(r.best)}"
        rule = "" if _blank(r.rule) else str(r.rule).split(";")[0]
        lo_s, hi_s = _int(r.stated_low), _int(r.stated_high)
        apart = f" (×{hi_s / lo_s:.1f})" if lo_s and hi_s and hi_s > lo_s else ""
        extra = [x for x in (best + (f" ({_e(rule)})" if best and rule else ""),
                             f"stated, earlier included: {stated}{apart}" if stated else "") if x]
        grade = "" if _blank(r.grade) else str(r.grade)
        grade_html = (f'<span class="grade {GRADE_CLASS.get(grade, "")}">{_e(grade)}</span>' if grade else
                      '<span class="none" title="this run has no grades">not graded</span>')
        if not _blank(r.grade_reason):
            grade_html += f'<div class="why">{_e(r.grade_reason)}</div>'
        party = _figure_cell(r.party_low, r.party_high, party=True)
        who = [ln["claimant"] for ln in lines if ln["party"]]
        if who and fmt_range(r.party_low, r.party_high):
            party += f'<div class="sub">{_e(", ".join(dict.fromkeys(who)))}</div>'
        n_out = format_count(r.n_outlets)
        out.append(
            f'<tr id="{_e(r.incident_id)}" class="incident">'
            f'<td class="n">{_e(r.rank)}</td>'
            f'<td><div class="label">{_e(r.label)}</div><div class="sub">{sub}</div></td>'
            f'<td class="figs independent">{_figure_cell(r.independent_low, r.independent_high)}'
            f'<div class="sub">{"<br>".join(extra)}</div></td>'
            f'<td class="figs party">{party}</td>'
            f'<td>{grade_html}</td>'
            f'<td class="claimants">{_claimant_items(lines, groups, claimants_cap)}</td>'
            f'<td class="n">{n_out}</td>'
            f'<td class="sources">{_source_items(arts, sources_cap)}</td></tr>')
    return "\n".join(out)


def _kv(items) -> str:
    return "".join(f"<tr><td>{_e(k)}</td><td>{v}</td></tr>" for k, v in items)


def _param_value(v) -> str:
    if isinstance(v, str | os.PathLike) and (os.path.isabs(str(v)) or str(v).startswith("~")):
        v = display_path(v)  # never an absolute local path on the page
    return f"<code>{_e(json.dumps(v, ensure_ascii=False, default=str))}</code>"


def lexicons_summary(folder: str | os.PathLike | None = None) -> dict:
    """Which lexicons the run used: the record of ``provenance.lexicons_state`` (folder, override,
    content hash) when this version has it, with any folder shown relative to the project; else
    the loaded lexicon packs (``base (bundled)``, ``syria (bundled)`` or the run's own folders,
    relative to the project) and their files as ``pack/file``."""
    if folder is None:
        try:
            from ..run import provenance

            state = dict(provenance.lexicons_state())
        except (ImportError, AttributeError):
            state = None
        if state:
            packs = state.pop("packs", None)
            if packs:  # each pack by name, its folder relative to the project (never an absolute path)
                bundled = config.DEFAULT_LEXICON_DIR.resolve()
                state["folder"] = ", ".join(f"{n} (bundled)" if Path(f).resolve().parent == bundled else display_path(f)
                                            for n, f in packs)
            if isinstance(state.get("files"), dict):
                state["files"] = sorted(state["files"])
            return {k: (display_path(v) if isinstance(v, str) and os.path.isabs(v) else v) for k, v in state.items()}
    from .. import lexicons as lexmod

    packs = [(Path(folder).name, Path(folder))] if folder else list(lexmod.packs())
    bundled = config.DEFAULT_LEXICON_DIR.resolve()
    labels, files = [], []
    for name, path in packs:
        labels.append(f"{name} (bundled)" if path.resolve().parent == bundled else display_path(path))
        if path.is_dir():
            files += sorted(f"{name}/{p.name}" for p in path.glob("*") if p.is_file() and p.suffix in (".csv", ".txt", ".yml"))
    return {"folder": ", ".join(labels), "files": files}


@dataclass
class Page:
    """What the brief's sections read: the tables, the incident rows (``incident_briefs``),
    the report files, the corpus label, the run's parameters, counts, date and lexicons, the
    number of incidents shown (``top``) and the map image (PNG bytes, or None: nothing to map)."""

    tables: Mapping[str, pd.DataFrame]
    rows: pd.DataFrame
    reports: list[Path]
    label: str
    parameters: dict
    counts: dict
    run_date: str
    lexicons: dict
    top: int
    map_png: bytes | None


@dataclass(frozen=True)
class Section:
    """One section of the brief: its heading (None: no heading, no link in the page's header)
    and the function that writes its HTML from a ``Page``."""

    title: str | None
    html: Callable[[Page], str]


def incidents_section(page: Page) -> str:
    """The incidents, largest first (``incident_rows_html``), and how many more the tables hold."""
    rows, top = page.rows, page.top
    if rows.empty:
        return '<p class="none">No incident was found in this corpus: no casualty figure was extracted.</p>'
    more = (f'<p class="more">{len(rows) - top:,} smaller incidents are not shown here: they are in the brief sheet '
            f'of <code>tables/newslib.xlsx</code> and in <code>tables/incidents.csv</code>.</p>'
            if len(rows) > top else "")
    return ('<table class="brief"><thead><tr><th>#</th><th>Incident</th><th>Independent figures<br>(current)</th>'
            '<th>Party claims</th><th>Grade</th><th>Who said what: earlier → current figure</th><th>Outlets</th>'
            '<th>Source articles</th></tr></thead><tbody>\n'
            + incident_rows_html(page.tables, rows, top) + "\n</tbody></table>" + more)


def map_section(page: Page) -> str:
    """The map of the incidents (drawn offline), with its description as alt text and caption."""
    if not page.map_png:
        return '<p class="none">Nothing to map.</p>'
    from . import maps

    e = html.escape
    alt = maps.map_alt(page.rows.head(max(page.top, 50)))
    return (f'<figure><img src="data:image/png;base64,{base64.b64encode(page.map_png).decode("ascii")}" '
            f'alt="{e(alt)}"><figcaption>{e(alt)} Places at their gazetteer coordinates; boundaries from '
            f'Natural Earth 1:110m (public domain), drawn offline.</figcaption></figure>')


def reports_section(page: Page) -> str:
    """The reports, a line each on what they hold (``REPORT_LINES``), and where the tables are."""
    e = html.escape
    rep = "".join(f'<dt><a href="{e(p.name)}">{e(p.stem)}</a></dt><dd>{e(REPORT_LINES.get(p.stem, ""))}</dd>'
                  for p in page.reports)
    return f"""<dl class="reports">{rep}</dl>
<p>Tables (CSV and Parquet) are in <code>../tables/</code>, with the workbook <code>newslib.xlsx</code>; the executed
notebooks in <code>../notebooks/</code>.</p>"""


def run_section(page: Page) -> str:
    """The run: corpus, date, parameters, counts and lexicons (no absolute local path)."""
    lex_items = [(k, _param_value(v) if not isinstance(v, str) else f"<code>{_e(v)}</code>") for k, v in page.lexicons.items()]
    params = _kv((k, _param_value(v)) for k, v in sorted(page.parameters.items())) or "<tr><td>(defaults)</td><td></td></tr>"
    cnt = _kv((k, format_count(v)) for k, v in page.counts.items())
    return f"""<table class="kv">{_kv([("corpus", f"<code>{_e(page.label)}</code>"), ("run date", _e(page.run_date))])}</table>
<h3>Parameters</h3><table class="kv">{params}</table>
<h3>Counts</h3><table class="kv">{cnt}</table>
<h3>Lexicons</h3><table class="kv">{_kv(lex_items)}</table>"""


#: The brief's sections in page order: id (the HTML anchor) -> ``Section``. A new section is one
#: function of a ``Page`` and one line here; the header links every section with a heading.
SECTIONS: dict[str, Section] = {
    "incidents": Section(None, incidents_section),
    "map": Section("Map", map_section),
    "reports": Section("Reports", reports_section),
    "run": Section("Run details", run_section),
}


def section_html(name: str, page: Page) -> str:
    """Section ``name`` of ``SECTIONS``, in its ``<section>`` element."""
    sec = SECTIONS[name]
    head = f"<h2>{html.escape(sec.title)}</h2>" if sec.title else ""
    return f'<section id="{name}">{head}\n{sec.html(page)}\n</section>'


def brief_html(tables: Mapping[str, pd.DataFrame], reports: list[Path], corpus: str | os.PathLike, parameters: dict,
               counts: dict, run_date: str, lexicons: dict | None = None, top: int = TOP_INCIDENTS,
               map_png: bytes | None = None) -> str:
    """The page (see the module docstring) as a string: a header, then the ``SECTIONS`` in
    order. ``map_png``: the map already drawn (drawn here from the rows when None)."""
    rows = incident_briefs(tables)
    arts = tables.get("articles")
    n_arts = int(counts.get("articles", len(arts) if arts is not None else 0))
    n_outlets = int(arts["outlet"].nunique()) if arts is not None and "outlet" in arts.columns else 0
    n_claims = counts.get("claims", len(tables["claims"]) if "claims" in tables else 0)
    label = display_path(corpus)
    e = html.escape
    head = (f"{len(rows):,} incident{'s' if len(rows) != 1 else ''} from {n_claims:,} casualty claims in {n_arts:,} "
            f"article{'s' if n_arts != 1 else ''} of {n_outlets:,} outlet{'s' if n_outlets != 1 else ''}")
    if map_png is None and not rows.empty:
        from . import maps, report

        fig = maps.incident_map(rows.head(max(top, 50)))
        map_png = report.figure_png(fig)
        import matplotlib.pyplot as plt

        plt.close(fig)
    page = Page(tables, rows, reports, label, parameters, counts, run_date,
                lexicons if lexicons is not None else lexicons_summary(), top, map_png)
    links = " · ".join(f'<a href="#{name}">{e(sec.title.lower())}</a>' for name, sec in SECTIONS.items() if sec.title)
    key = ("<strong>Independent</strong>: the current figures of claimants who are not a party to the fighting "
           "(monitors, agencies, journalists, outlets), lowest to highest; below, every figure they stated, earlier "
           "ones included, and how many times the highest is the lowest. <strong>Party claims</strong>: figures "
           "from a party to the fighting, kept apart. <strong>Who said what</strong>: each claimant's figures in "
           "the order they were published, the current one in bold. Dates are publication dates.")
    sections = "\n".join(section_html(name, page) for name in SECTIONS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{CSP_META}
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newslib brief: {e(head)}</title>
<style>{STYLE}</style>
</head><body>
<header><h1>Casualty figures: who said what, how far apart</h1>
<p class="meta">{e(head)} · corpus <code>{e(label)}</code> · run {e(run_date)} ·
{links} ·
workbook <a href="../tables/newslib.xlsx">tables/newslib.xlsx</a></p></header>
<p class="key">{key}</p>
{sections}
</body></html>
"""


def write_brief(html_dir: str | os.PathLike, tables: Mapping[str, pd.DataFrame], reports: list[Path],
                corpus: str | os.PathLike, parameters: dict, counts: dict, run_date: str | None = None,
                lexicons: dict | None = None, top: int = TOP_INCIDENTS) -> Path:
    """Write ``index.html`` (the brief) into ``html_dir``; returns its path."""
    page = brief_html(tables, reports, corpus, parameters, counts, run_date or dt.date.today().isoformat(),
                      lexicons=lexicons, top=top)
    return io.write_text(page, Path(html_dir) / "index.html")
