"""Every chart of the reports. Functions take tidy tables and return a matplotlib Figure.

Charts never draw article text as markup: labels are plain matplotlib text.

>>> import pandas as pd
>>> fig = claims_by_outlet(pd.DataFrame(columns=["outlet", "claimant_type"]))
>>> fig.axes[0].get_title()
'No claims to show'
"""
from __future__ import annotations

import zlib

import matplotlib
import matplotlib.dates  # noqa: F401  (date formatters for the timeline)
import matplotlib.ticker  # noqa: F401  (percent axes)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .. import schemas  # noqa: E402
from .formatting import value_label  # noqa: E402
from ..analyse.totals import claim_point  # noqa: E402

#: Font sizes for charts exported at 100 dpi and shown at their own width (about 900-1100 px):
#: no text below 9 pt (12.5 px).
RC = {"font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
      "legend.fontsize": 9, "legend.title_fontsize": 9, "figure.titlesize": 12}
matplotlib.rcParams.update(RC)
#: At most this many rows (outlets, claimants, places) in one chart; the rest are counted in its title.
MAX_ROWS = 25

#: Colour per claimant type, fixed so every chart agrees.
CLAIMANT_COLOURS = {
    "monitor": "#1b9e77",
    "journalist": "#7570b3",
    "activist": "#66a61e",
    "outlet": "#999999",
    "government": "#d95f02",
    "state_media": "#e6ab02",
    "militant_media": "#a6761d",
    "armed_group": "#e7298a",
    "ngo": "#1f78b4",
    "un_agency": "#a6cee3",
    "hospital_or_health_authority": "#b2df8a",
}
OUTLET_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "*", "h", "p")


def outlet_markers(outlets) -> dict[str, str]:
    """A stable marker per outlet (sorted by name)."""
    return {o: OUTLET_MARKERS[i % len(OUTLET_MARKERS)] for i, o in enumerate(sorted(set(map(str, outlets))))}


def describe(fig: plt.Figure, text: str) -> plt.Figure:
    """Attach the alt text of a chart (what it shows, in words) and return the figure."""
    fig._newslib_alt = " ".join(str(text).split())
    return fig


def _tick_labels(ax, axis: str) -> list[str]:
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks if t.get_text()]


def alt_text(fig: plt.Figure) -> str:
    """The alt text of a chart: the one its function attached (``describe``), else one made
    from its titles, axis labels and row labels.

    >>> fig, ax = plt.subplots(); _ = ax.set_title("Claims per outlet"); _ = ax.set_xlabel("claims")
    >>> alt_text(fig)
    'Chart: Claims per outlet. Horizontal axis: claims.'
    """
    given = getattr(fig, "_newslib_alt", None)
    if given:
        return given
    sup = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    titles = [t for t in dict.fromkeys(ax.get_title() for ax in fig.axes if ax.get_title()) if t]
    head = " / ".join([sup] + titles if sup else titles) or "Chart"
    parts = [f"Chart: {head}".replace("\n", " ").rstrip(".") + "."]
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    if axes:
        ax = axes[0]
        if ax.get_xlabel():
            parts.append(f"Horizontal axis: {ax.get_xlabel()}.")
        if ax.get_ylabel():
            parts.append(f"Vertical axis: {ax.get_ylabel()}.")
        rows = _tick_labels(ax, "y")
        if rows and not all(r.replace(".", "").replace("−", "").replace("-", "").isdigit() for r in rows):
            more = f" and {len(rows) - 12} more" if len(rows) > 12 else ""
            parts.append(f"Rows: {', '.join(rows[:12])}{more}.")
    return " ".join(parts)


def _empty(title: str) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(6, 1.5))
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def _text(s: object) -> str:
    """A value as chart text: missing is empty; ``$`` shown literally (no mathtext)."""
    s = "" if s is None or (isinstance(s, float) and np.isnan(s)) or s is pd.NA else str(s)
    return s.replace("$", r"\$")


def _short(s: object, n: int = 38) -> str:
    """One line of at most ``n`` characters (for titles); see :func:`unique_labels` for rows."""
    s = _text(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def wrap_label(s: object, width: int = 28, lines: int = 2) -> str:
    """A label wrapped on at most ``lines`` lines of ``width`` characters, the last cut with "…".

    >>> wrap_label("Syrian Observatory for Human Rights", 20)
    'Syrian Observatory\\nfor Human Rights'
    """
    import textwrap

    parts = textwrap.wrap(_text(s), width=width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [parts[lines - 1][: width - 1] + "…"]
    return "\n".join(parts)


def unique_labels(values, width: int = 28, lines: int = 2) -> list[str]:
    """Row labels, wrapped (:func:`wrap_label`); two different values never share a label:
    a clash is told apart by the end of each value, then by a number.

    >>> unique_labels(["Syrian Observatory for Human Rights (London)", "Syrian Observatory for Human Rights (Idlib)"], 20)
    ['Syrian Observatory\\nfor Hum…hts (London)', 'Syrian Observatory\\nfor Hum…ghts (Idlib)']
    """
    vals = [_text(v) for v in values]
    out = [wrap_label(v, width, lines) for v in vals]
    seen: dict[str, set] = {}
    for v, lab in zip(vals, out):
        seen.setdefault(lab, set()).add(v)
    for i, (v, lab) in enumerate(zip(vals, out)):
        if len(seen[lab]) > 1:
            head = lab.rstrip("…").rsplit("\n", 1)
            tail = v[-12:].strip()
            out[i] = "\n".join(head[:-1] + [head[-1][: max(width - len(tail) - 1, 4)] + "…" + tail]) if len(head) > 1 else \
                head[0][: max(width - len(tail) - 1, 4)] + "…" + tail
    counts: dict[str, int] = {}
    final = []
    for v, lab in zip(vals, out):
        key = lab
        if out.count(lab) > 1 and len({w for w, l2 in zip(vals, out) if l2 == lab}) > 1:
            counts[lab] = counts.get(lab, 0) + 1
            key = f"{lab} #{counts[lab]}"
        final.append(key)
    return final


def date_axis(ax, start, end) -> None:
    """Date ticks that never repeat a label: whole days for a short span (at most about 7
    ticks, never hours), "01 Aug" within most of a year, "Aug 2017" beyond."""
    import math

    span = max((pd.Timestamp(end) - pd.Timestamp(start)).days, 0)
    if span <= 16:
        loc = matplotlib.dates.DayLocator(interval=max(1, math.ceil((span + 1) / 6)))
        fmt = matplotlib.dates.DateFormatter("%d %b")
    elif span <= 300:
        loc = matplotlib.dates.AutoDateLocator(minticks=3, maxticks=7)
        fmt = matplotlib.dates.DateFormatter("%d %b")
    else:
        loc = matplotlib.dates.AutoDateLocator(minticks=3, maxticks=7)
        fmt = matplotlib.dates.DateFormatter("%b %Y")
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(fmt)


def _top(series: pd.Series, n: int) -> list:
    """The ``n`` values of ``series`` that occur most often (ties by value)."""
    counts = series.value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return list(counts.index[:n])


def claims_by_outlet(claims: pd.DataFrame, max_rows: int = MAX_ROWS) -> plt.Figure:
    """Stacked bars: claims per outlet, coloured by claimant type (who each outlet quotes).
    The ``max_rows - 1`` outlets with most claims have a bar each; the others share one."""
    if claims.empty:
        return _empty("No claims to show")
    outlet = claims["outlet"].astype("string").fillna("(unknown outlet)")
    keep = _top(outlet, max_rows - 1) if outlet.nunique() > max_rows else list(outlet.unique())
    others = outlet.nunique() - len(keep)
    grouped = outlet.where(outlet.isin(keep), f"({others} other outlets)")
    tab = pd.crosstab(grouped, claims["claimant_type"])
    tab = tab[[c for c in schemas.CLAIMANT_TYPES if c in tab.columns]
              + sorted(c for c in tab.columns if c not in schemas.CLAIMANT_TYPES)]
    tab = tab.loc[sorted(tab.index, key=lambda o: (o.startswith("(") and "other outlets" in o, -tab.loc[o].sum(), o))]
    fig, ax = plt.subplots(figsize=(8, 1.0 + 0.42 * len(tab)))
    left = np.zeros(len(tab))
    names = unique_labels(tab.index, 30)
    for ct in tab.columns:
        ax.barh(names, tab[ct].to_numpy(), left=left, color=CLAIMANT_COLOURS.get(ct, "#333"),
                label=value_label("claimant_type", ct))
        left += tab[ct].to_numpy()
    ax.set_xlabel("casualty claims")
    ax.invert_yaxis()
    ax.legend(title="who gave the figure", bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.set_title("Casualty claims per outlet, by type of claimant")
    fig.tight_layout()
    totals = tab.sum(axis=1)
    lead = ", ".join(f"{o}: {int(n)}" for o, n in totals.head(5).items())
    mix = ", ".join(f"{value_label('claimant_type', c)} {int(n)}" for c, n in tab.sum().sort_values(ascending=False).items())
    return describe(fig, f"Horizontal stacked bar chart of casualty claims per outlet for {len(tab)} "
                         f"{'outlet groups' if others else 'outlets'}, coloured by the type of claimant. "
                         f"Most claims: {lead}. All outlets together: {mix}.")


def _is_vague(count_kind: object, qualifier: object) -> bool:
    return (isinstance(count_kind, str) and count_kind == "vague") or (isinstance(qualifier, str) and qualifier == "vague")


def figure_ranges(claims: pd.DataFrame, kind: str = "killed", group_col: str = "claimant", band: tuple | None = None,
                  title: str | None = None, counted_col: str | None = None, max_rows: int = MAX_ROWS) -> plt.Figure:
    """Every figure as a range (low to high; an arrow for open-ended ones) and a dot at its
    point value, one row per claimant; colour = claimant type, marker = outlet. ``band``
    (low, best, high) draws a reconciled estimate over it. With ``counted_col`` (a boolean
    column, e.g. ``counted`` of ``claim_incidents``), figures not counted are drawn hollow.
    A vague word ("dozens", "scores") is a thin dotted line and a small dot, so its wide
    range does not dominate; the axis is set by the stated figures. At most ``max_rows``
    rows: the claimants with most figures (the title says how many are left out)."""
    c = claims[claims["kind"] == kind] if "kind" in claims else claims
    if c.empty:
        return _empty(f"No '{kind}' figures to show")
    c = c.assign(point=[claim_point(lo, hi, q, ck) for lo, hi, q, ck in zip(c["count_low"], c["count_high"], c["qualifier"], c["count_kind"])],
                 vague=[_is_vague(ck, q) for ck, q in zip(c["count_kind"], c["qualifier"])])
    c = c[c["point"].notna()]
    if c.empty:
        return _empty(f"No '{kind}' figures to show")
    c = c.assign(**{group_col: c[group_col].astype("string").fillna("(unknown)")})
    n_groups = c[group_col].nunique()
    if n_groups > max_rows:
        c = c[c[group_col].isin(_top(c[group_col], max_rows))]
    c = c.sort_values([group_col, "outlet", "start"], kind="stable")
    rows = list(dict.fromkeys(c[group_col].astype(str)))
    markers = outlet_markers(c["outlet"].fillna("(unknown)"))
    fig, ax = plt.subplots(figsize=(8.5, 1.2 + 0.5 * len(rows)))
    firm = c[~c["vague"]]
    basis = firm if len(firm) else c
    highs = basis["count_high"].dropna()
    xmax = float(max(basis["point"].max(), highs.max() if len(highs) else 0)) * 1.25 + 1
    seen_outlets: set[str] = set()
    any_vague = False
    for r in c.to_dict("records"):
        y = rows.index(str(r[group_col]))
        cid = r.get("claim_id", None)
        jitter = (zlib.crc32(cid.encode("utf-8")) % 7 - 3) * 0.05 if isinstance(cid, str) else 0  # stable across runs
        colour = CLAIMANT_COLOURS.get(r["claimant_type"], "#333")
        lo = float(r["count_low"]) if pd.notna(r["count_low"]) else 0.0
        hi = float(r["count_high"]) if pd.notna(r["count_high"]) else None
        vague = bool(r["vague"])
        any_vague |= vague
        if vague:
            end = min(hi if hi is not None else xmax, xmax)
            ax.plot([lo, end], [y + jitter] * 2, color=colour, lw=1.2, ls=(0, (1, 2)), alpha=0.9)
            if hi is not None and hi > xmax:
                ax.annotate(f"to {hi:,.0f}", (xmax, y + jitter), xytext=(-2, 3), textcoords="offset points", ha="right",
                            fontsize=9, color="#555")
        elif hi is None:
            ax.annotate("", xy=(xmax, y + jitter), xytext=(lo, y + jitter),
                        arrowprops=dict(arrowstyle="->", color=colour, lw=1.5, alpha=0.6))
        elif hi != lo:
            ax.plot([lo, hi], [y + jitter] * 2, color=colour, lw=4, alpha=0.35, solid_capstyle="butt")
        outlet = str(r["outlet"]) if pd.notna(r["outlet"]) else "(unknown)"
        hollow = counted_col is not None and not (pd.notna(r[counted_col]) and bool(r[counted_col]))
        ax.scatter([min(float(r["point"]), xmax)], [y + jitter], facecolor="white" if hollow else colour,
                   marker=markers[outlet], s=30 if vague else 60, zorder=3, edgecolor=colour if hollow else "black",
                   linewidth=1.5 if hollow else 0.5)
        seen_outlets.add(outlet)
    if band is not None and band[0] is not None:
        lo, best, hi = band
        ax.axvspan(float(lo), float(min(hi, xmax) if hi is not None else xmax), color="#377eb8", alpha=0.12,
                   label="reconciled low–high")
        if best is not None:
            ax.axvline(float(best), color="#377eb8", lw=2, label="reconciled best")
    ax.set_yticks(range(len(rows)), unique_labels(rows, 30))
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.invert_yaxis()
    ax.set_xlabel(f"people {kind}\n(dot = stated figure; bar = range the words allow; arrow = open-ended)")
    from matplotlib.lines import Line2D

    # outlets as neutral grey markers (the colour of a dot is its claimant type, not its outlet)
    shown_outlets = sorted(seen_outlets)
    handles = [Line2D([], [], marker=markers[o], ls="", color="#777", markeredgecolor="black", markeredgewidth=0.5)
               for o in shown_outlets[:12]]
    labels = [f"outlet: {lab}" for lab in unique_labels(shown_outlets[:12], 26, 1)]
    if len(shown_outlets) > 12:
        handles.append(Line2D([], [], ls=""))
        labels.append(f"({len(shown_outlets) - 12} more outlets)")
    more_h, more_l = ax.get_legend_handles_labels()
    handles, labels = handles + more_h, labels + more_l
    types = [t for t in schemas.CLAIMANT_TYPES if t in set(c["claimant_type"])]
    handles += [Line2D([], [], color=CLAIMANT_COLOURS.get(t, "#333"), lw=6, alpha=0.6) for t in types]
    labels += [f"given by: {value_label('claimant_type', t)}" for t in types]
    if any_vague:
        handles.append(Line2D([], [], color="#555", lw=1.2, ls=(0, (1, 2))))
        labels.append("dotted: a vague word (dozens, scores)")
    if counted_col is not None:
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#333"))
        labels.append("hollow: not counted")
    ax.legend(handles, labels, bbox_to_anchor=(1.01, 1), loc="upper left")
    left_out = f" (the {len(rows)} with most figures of {n_groups})" if n_groups > len(rows) else ""
    ax.set_title((title or f"Figures for people {kind}, by {group_col.replace('_', ' ')}") + left_out)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    pts = c.sort_values("point", ascending=False, kind="stable")
    top = "; ".join(f"{r[group_col]}: {r['count_text'] if 'count_text' in r and pd.notna(r['count_text']) else int(r['point'])}"
                    for r in pts.head(4).to_dict("records"))
    banded = ""
    if band is not None and band[0] is not None:
        banded = f" Reconciled low {band[0]}, best {band[1] if band[1] is not None else 'none'}, high {band[2] if band[2] is not None else 'open'}."
    return describe(fig, f"Dot and range chart of {len(c)} figures for people {kind} from {len(rows)} "
                         f"{group_col.replace('_', ' ')} rows{left_out}, {min(c['point']):,.0f} to {max(c['point']):,.0f}. "
                         f"Largest: {top}.{banded}")


def incident_figures(members: pd.DataFrame, incident: dict | pd.Series) -> plt.Figure:
    """One incident: every member figure by claimant (party claims about enemy losses marked
    in the row label, figures not counted hollow) with the reconciled low–high band and best.
    ``members`` are claims joined with ``claim_incidents``; ``incident`` a row of ``incidents``."""
    m = members.copy()
    party = m["party_claim_about_enemy"].fillna(False).astype(bool)
    m["who"] = m["claimant"].fillna("(unknown)").astype(str) + np.where(party, " [party claim]", "")
    if "victim_group" in m and m["victim_group"].nunique() > 1:  # figures of different victims on their own rows
        m["who"] = m["who"] + " · " + m["victim_group"].fillna("?").astype(str)
    low, best, high = (None if pd.isna(incident[k]) else int(incident[k]) for k in ("low", "best", "high"))
    band = (low, best, high) if low is not None and high is not None else None
    shown = ["–" if v is None else str(v) for v in (low, best, high)]
    if pd.notna(incident.get("high_open")) and bool(incident.get("high_open")):
        shown[2] += " (open-ended)"
    title = f"{_short(incident['label'], 90)}\nreconciled, {incident['rule']}: low {shown[0]}, best {shown[1]}, high {shown[2]}"
    fig = figure_ranges(m, kind=str(incident["kind"]), group_col="who", band=band, title=title, counted_col="counted")
    return describe(fig, f"Incident: {incident['label']}. " + alt_text(fig))


def date_segments(dates: pd.Series, gap_days: int = 90) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Split dates into segments separated by more than ``gap_days`` (for a broken axis).

    >>> d = pd.Series(pd.to_datetime(["2016-01-16", "2017-09-28", "2017-09-29"]))
    >>> [(a.date().isoformat(), b.date().isoformat()) for a, b in date_segments(d)]
    [('2016-01-16', '2016-01-16'), ('2017-09-28', '2017-09-29')]
    """
    d = pd.Series(pd.to_datetime(dates)).dropna().sort_values().reset_index(drop=True)
    if d.empty:
        return []
    segs = []
    start = prev = d.iloc[0]
    for x in d.iloc[1:]:
        if (x - prev).days > gap_days:
            segs.append((start, prev))
            start = x
        prev = x
    segs.append((start, prev))
    return segs


def timeline(items: pd.DataFrame, group_col: str = "place", label_col: str = "label", gap_days: int = 90,
             title: str = "Timeline") -> plt.Figure:
    """Events on a date axis: one row per ``group_col`` value, a marker per outlet, a bar for
    imprecise dates (``date_start`` to ``date_end``). Periods more than ``gap_days`` apart get
    their own panel, so two campaigns far apart are both readable."""
    it = items.dropna(subset=["date_start"]).copy()
    if it.empty:
        return _empty("No dated items to show")
    it["date_end"] = it["date_end"].fillna(it["date_start"])
    it[group_col] = it[group_col].fillna("(no place)").astype(str)
    segs = date_segments(pd.concat([it["date_start"], it["date_end"]]), gap_days)
    groups = sorted(set(it[group_col]))
    markers = outlet_markers(it["outlet"].fillna("(unknown)"))
    widths = [max((b - a).days, 1) + 4 for a, b in segs]
    fig, axes = plt.subplots(1, len(segs), figsize=(min(9.5, max(7.5, 3.0 + 2.0 * len(segs))), 1.2 + 0.45 * len(groups)), sharey=True,
                             gridspec_kw={"width_ratios": widths}, squeeze=False)
    axes = axes[0]
    seen: set[str] = set()
    for ax, (a, b) in zip(axes, segs):
        pad = pd.Timedelta(days=2)
        sub = it[(it["date_end"] >= a) & (it["date_start"] <= b)]
        for _, r in sub.iterrows():
            y = groups.index(r[group_col])
            outlet = str(r["outlet"]) if pd.notna(r["outlet"]) else "(unknown)"
            if r["date_end"] > r["date_start"]:
                ax.plot([r["date_start"], r["date_end"]], [y, y], lw=6, alpha=0.3, color="#377eb8", solid_capstyle="butt")
            mid = r["date_start"] + (r["date_end"] - r["date_start"]) / 2
            ax.scatter([mid], [y], marker=markers[outlet], s=55, color="#e41a1c", edgecolor="black", linewidth=0.5, zorder=3,
                       label=wrap_label(outlet, 30, 1) if outlet not in seen else None)
            seen.add(outlet)
        ax.set_xlim(a - pad, b + pad)
        ax.set_title(f"{a:%d %b %Y}" + (f" – {b:%d %b %Y}" if b != a else ""), fontsize=10)
        date_axis(ax, a - pad, b + pad)
        ax.tick_params(axis="x", labelrotation=45)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(range(len(groups)), unique_labels(groups, 30))
    axes[0].set_ylim(-0.7, len(groups) - 0.3)
    axes[0].invert_yaxis()
    handles, labels = [], []
    for ax in axes:
        h, l = ax.get_legend_handles_labels()
        handles += h
        labels += l
    axes[-1].legend(handles, labels, bbox_to_anchor=(1.02, 1), loc="upper left", title="outlet")
    fig.suptitle(title + ("  (axis broken between periods)" if len(segs) > 1 else ""))
    fig.tight_layout()
    return describe(fig, f"Timeline of {len(it)} dated items in {len(groups)} rows by {group_col}, "
                         f"{segs[0][0]:%d %b %Y} to {segs[-1][1]:%d %b %Y}" + (f", in {len(segs)} periods" if len(segs) > 1 else "") + ".")


def _biggest(table: pd.DataFrame, max_rows: int, max_cols: int | None = None) -> tuple[pd.DataFrame, int, int]:
    """The rows (and columns) of a numeric table with the largest totals, in their order;
    with how many rows and columns were left out."""
    t = table
    drop_r = drop_c = 0
    if len(t) > max_rows:
        keep = t.abs().sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_rows]
        drop_r = len(t) - max_rows
        t = t.loc[[i for i in t.index if i in set(keep)]]
    if max_cols is not None and t.shape[1] > max_cols:
        keep = t.abs().sum(axis=0).sort_values(ascending=False, kind="stable").index[:max_cols]
        drop_c = t.shape[1] - max_cols
        t = t[[c for c in t.columns if c in set(keep)]]
    return t, drop_r, drop_c


def _left_out(drop_r: int, drop_c: int, rows: str = "rows", cols: str = "columns") -> str:
    parts = [f"{n} {w}" for n, w in ((drop_r, rows), (drop_c, cols)) if n]
    return f" ({' and '.join(parts)} with the smallest totals left out)" if parts else ""


def heatmap(table: pd.DataFrame, title: str, value_fmt: str = "{:.0f}", cmap: str = "Blues", max_rows: int = MAX_ROWS,
            max_cols: int = 12, what: str = "values") -> plt.Figure:
    """A labelled heatmap of a small numeric table (rows × columns): at most ``max_rows`` rows
    and ``max_cols`` columns (those with the largest totals; the title says what is left out)."""
    if table.empty:
        return _empty(f"{title}: nothing to show")
    table, drop_r, drop_c = _biggest(table, max_rows, max_cols)
    fig, ax = plt.subplots(figsize=(2.0 + 0.65 * table.shape[1], 1.6 + 0.5 * table.shape[0]))
    vals = table.to_numpy(dtype=float)
    im = ax.imshow(vals, cmap=cmap, aspect="auto")
    ax.set_xticks(range(table.shape[1]), unique_labels(table.columns, 18), rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), unique_labels(table.index, 30))
    vmax = np.nanmax(vals) if np.isfinite(vals).any() else 0
    for i in range(vals.shape[0]):
        for j in range(vals.shape[1]):
            v = vals[i, j]
            if np.isfinite(v) and v != 0:
                ax.text(j, i, value_fmt.format(v), ha="center", va="center", fontsize=9,
                        color="white" if v > vmax * 0.6 else "black")
    fig.colorbar(im, ax=ax, fraction=0.03)
    ax.set_title(title + _left_out(drop_r, drop_c))
    fig.tight_layout()
    flat = table.stack()
    flat = flat[flat.astype(float) != 0].sort_values(ascending=False, kind="stable")
    top = "; ".join(f"{r} × {c}: {value_fmt.format(float(v))}" for (r, c), v in flat.head(5).items())
    return describe(fig, f"Heatmap: {title}, {table.shape[0]} rows by {table.shape[1]} columns of {what}"
                         f"{_left_out(drop_r, drop_c)}. Highest: {top or 'none'}.")


def stacked_shares(table: pd.DataFrame, title: str, colours: dict | None = None, max_rows: int = MAX_ROWS,
                   legend_column: str | None = None) -> plt.Figure:
    """Horizontal stacked bars of shares (rows sum to 1); at most ``max_rows`` rows (the
    first ones). ``legend_column`` names the column whose coded values the legend puts in
    words (``value_labels.csv``)."""
    if table.empty:
        return _empty(f"{title}: nothing to show")
    drop = max(len(table) - max_rows, 0)
    table = table.head(max_rows)
    fig, ax = plt.subplots(figsize=(8, 1.0 + 0.42 * len(table)))
    left = np.zeros(len(table))
    names = unique_labels(table.index, 30)
    for col in table.columns:
        v = table[col].to_numpy(dtype=float)
        word = value_label(legend_column, col) if legend_column else wrap_label(col, 30, 1)
        ax.barh(names, v, left=left, label=word, color=(colours or {}).get(col))
        left += v
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.invert_yaxis()
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.set_title(title + (f" (first {len(table)} of {len(table) + drop})" if drop else ""))
    fig.tight_layout()
    big = table.idxmax(axis=1)
    lead = "; ".join(f"{r}: mostly {value_label(legend_column, c) if legend_column else c} ({table.loc[r, c]:.0%})"
                     for r, c in list(big.items())[:6])
    return describe(fig, f"Stacked bar chart: {title}, {len(table)} rows, shares adding to 100%. {lead}.")


def dot_compare(table: pd.DataFrame, a: str, b: str, title: str, xlabel: str, max_rows: int = MAX_ROWS,
                labels: tuple[str, str] | None = None) -> plt.Figure:
    """Two values per row as linked dots (e.g. tone with and without casualty words); at most
    ``max_rows`` rows. ``labels`` are the legend's words for ``a`` and ``b``."""
    if table.empty:
        return _empty(f"{title}: nothing to show")
    drop = max(len(table) - max_rows, 0)
    table = table.head(max_rows)
    words = labels or (a.replace("_", " "), b.replace("_", " "))
    fig, ax = plt.subplots(figsize=(8, 1.0 + 0.42 * len(table)))
    y = np.arange(len(table))
    for i, (_, r) in enumerate(table.iterrows()):
        ax.plot([r[a], r[b]], [i, i], color="#bbbbbb", zorder=1)
    ax.scatter(table[a], y, label=words[0], color="#e41a1c", zorder=2)
    ax.scatter(table[b], y, label=words[1], color="#377eb8", zorder=2)
    ax.axvline(0, color="black", lw=0.5)
    ax.set_yticks(y, unique_labels(table.index, 30))
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.set_title(title + (f" (first {len(table)} of {len(table) + drop})" if drop else ""))
    fig.tight_layout()
    pairs = "; ".join(f"{r}: {float(v[a]):.2f} / {float(v[b]):.2f}" for r, v in list(table.iterrows())[:8])
    return describe(fig, f"Dot chart: {title}, {len(table)} rows; each row shows {words[0]} and {words[1]}. {pairs}.")


#: Colour per event type, fixed so every chart agrees.
EVENT_COLOURS = {
    "attack": "#e41a1c",
    "capture": "#984ea3",
    "casualty_report": "#f781bf",
    "airstrike": "#ff7f00",
    "siege_broken": "#4daf4a",
    "statement": "#377eb8",
    "agreement": "#a65628",
}
EVENT_GROUPS = ("place", "actors", "event_type")


def event_timeline(events: pd.DataFrame, group_by: str = "place", gap_days: int = 90,
                   title: str = "Events by date", max_rows: int = MAX_ROWS, max_panels: int = 4) -> plt.Figure:
    """Dated events (``events`` table rows) on a date axis, one row per ``group_by`` value:
    ``place``, ``actors`` (an event naming several actors is drawn on each actor's row) or
    ``event_type``. Colour = event type, marker = outlet; a bar spans an imprecise date (a
    weekend, a month, "since Thursday") with the marker at its middle. Periods more than
    ``gap_days`` apart get their own panel (a broken axis), each panel as wide as the square
    root of the days it covers, so a one-day campaign stays readable beside a two-month one.

    >>> d = pd.to_datetime(["2016-01-16", "2017-09-28"])
    >>> ev = pd.DataFrame({"date_start": d, "date_end": d, "place": ["Ayash", "Sukhna"], "outlet": ["A", "B"],
    ...                    "event_type": ["attack", "capture"], "actors": ["Islamic State", None]})
    >>> len(event_timeline(ev, group_by="actors").axes)
    2
    """
    if group_by not in EVENT_GROUPS:
        raise ValueError(f"group_by must be one of {list(EVENT_GROUPS)}, not {group_by!r}")
    it = events[events["date_start"].notna()]
    if it.empty:
        return _empty("No dated events to show")
    empty_label = {"place": "(no place named)", "actors": "(no actor named)", "event_type": "(no type)"}[group_by]
    it = pd.DataFrame({
        "date_start": pd.to_datetime(it["date_start"]),
        "date_end": pd.to_datetime(it["date_end"]).fillna(pd.to_datetime(it["date_start"])),
        "event_type": it["event_type"].astype(str),
        "outlet": it["outlet"].astype("string").fillna("(unknown)").astype(str),
        "group": [[g for g in str(v).split("; ") if g] if group_by == "actors" and pd.notna(v) else ([str(v)] if pd.notna(v) else [])
                  for v in it[group_by]],
    })
    it["group"] = [g if g else [empty_label] for g in it["group"]]
    it = it.explode("group").reset_index(drop=True)
    n_events, n_groups = len(events[events["date_start"].notna()]), it["group"].nunique()
    if n_groups > max_rows:  # the rows with most events
        it = it[it["group"].isin(_top(it["group"], max_rows))].reset_index(drop=True)
    all_segs = date_segments(pd.concat([it["date_start"], it["date_end"]]), gap_days)
    if len(all_segs) > max_panels:  # the periods with most events, in date order
        busy = sorted(all_segs, key=lambda ab: -int(((it["date_end"] >= ab[0]) & (it["date_start"] <= ab[1])).sum()))
        kept = sorted(busy[:max_panels])
        inside = pd.Series(False, index=it.index)
        for a, b in kept:
            inside |= (it["date_end"] >= a) & (it["date_start"] <= b)
        it = it[inside].reset_index(drop=True)
    left_out = []
    if n_groups > max_rows:
        left_out.append(f"the {max_rows} {group_by.replace('_', ' ')} rows with most events of {n_groups}")
    if len(all_segs) > max_panels:
        left_out.append(f"the {max_panels} busiest of {len(all_segs)} periods")
    order = schemas.EVENT_TYPES if group_by == "event_type" else ()
    groups = sorted(set(it["group"]), key=lambda g: (g == empty_label, order.index(g) if g in order else 0, g))
    types = [t for t in schemas.EVENT_TYPES if t in set(it["event_type"])]
    outlets = sorted(set(it["outlet"]))
    markers = outlet_markers(outlets)
    segs = date_segments(pd.concat([it["date_start"], it["date_end"]]), gap_days)
    widths = [float(np.sqrt((b - a).days + 4)) for a, b in segs]
    fig, axes = plt.subplots(1, len(segs), figsize=(min(9.5, max(7.5, 3.0 + 2.0 * len(segs))), 1.4 + 0.42 * len(groups)), sharey=True,
                             gridspec_kw={"width_ratios": widths}, squeeze=False)
    axes = axes[0]
    step = min(0.5 / max(len(types), 1), 0.14)
    for ax, (a, b) in zip(axes, segs):
        sub = it[(it["date_end"] >= a) & (it["date_start"] <= b)]
        for r in sub.itertuples(index=False):
            y = groups.index(r.group) + (types.index(r.event_type) - (len(types) - 1) / 2) * step \
                + (outlets.index(r.outlet) - (len(outlets) - 1) / 2) * 0.02
            colour = EVENT_COLOURS.get(r.event_type, "#333333")
            if r.date_end > r.date_start:
                ax.plot([r.date_start, r.date_end], [y, y], lw=5, alpha=0.35, color=colour, solid_capstyle="butt")
            mid = r.date_start + (r.date_end - r.date_start) / 2
            ax.scatter([mid], [y], marker=markers[r.outlet], s=48, color=colour, edgecolor="black", linewidth=0.5, zorder=3)
        pad = pd.Timedelta(days=max(1.0, (b - a).days * 0.05))
        ax.set_xlim(a - pad, b + pad)
        ax.set_title(f"{a:%d %b %Y}" + (f" – {b:%d %b %Y}" if b != a else ""), fontsize=10)
        date_axis(ax, a - pad, b + pad)
        ax.tick_params(axis="x", labelrotation=45)
        ax.grid(axis="x", alpha=0.3)
        for y in range(1, len(groups)):
            ax.axhline(y - 0.5, color="#dddddd", lw=0.5, zorder=0)
    axes[0].set_yticks(range(len(groups)), unique_labels(groups, 30))
    axes[0].set_ylim(-0.6, len(groups) - 0.4)
    axes[0].invert_yaxis()
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=EVENT_COLOURS.get(t, "#333333"), marker="o", lw=0, markersize=7) for t in types]
    labels = [value_label("event_type", t) for t in types]
    handles += [Line2D([], [], color="#bbbbbb", marker=markers[o], lw=0, markeredgecolor="black", markersize=7)
                for o in outlets[:12]]
    labels += unique_labels(outlets[:12], 28, 1)
    if len(outlets) > 12:
        handles.append(Line2D([], [], ls=""))
        labels.append(f"({len(outlets) - 12} more outlets)")
    axes[-1].legend(handles, labels, bbox_to_anchor=(1.02, 1), loc="upper left", title="colour: event type\nshape: outlet")
    note = f" ({'; '.join(left_out)})" if left_out else ""
    fig.suptitle(title + note + ("  (axis broken between periods)" if len(segs) > 1 else ""))
    fig.tight_layout()
    counts = it.drop_duplicates(subset=["date_start", "date_end", "event_type", "outlet", "group"])["event_type"].value_counts()
    mix = ", ".join(f"{value_label('event_type', t)} {n}" for t, n in counts.items())
    return describe(fig, f"Timeline of {n_events} dated events, one row per {group_by.replace('_', ' ')} "
                         f"({len(groups)} rows{note}), {segs[0][0]:%d %b %Y} to {segs[-1][1]:%d %b %Y}"
                         + (f" in {len(segs)} periods" if len(segs) > 1 else "") + f". Event types: {mix}.")
