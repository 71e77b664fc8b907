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
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import schemas  # noqa: E402
from .totals import claim_point  # noqa: E402

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


def _short(s: object, n: int = 38) -> str:
    s = "" if s is None or (isinstance(s, float) and np.isnan(s)) or s is pd.NA else str(s)
    s = s.replace("$", r"\$")  # matplotlib mathtext: show dollars literally
    return s if len(s) <= n else s[: n - 1] + "…"


def claims_by_outlet(claims: pd.DataFrame) -> plt.Figure:
    """Stacked bars: claims per outlet, coloured by claimant type (who each outlet quotes)."""
    if claims.empty:
        return _empty("No claims to show")
    tab = pd.crosstab(claims["outlet"].fillna("(unknown outlet)"), claims["claimant_type"])
    tab = tab[[c for c in schemas.CLAIMANT_TYPES if c in tab.columns]]
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * len(tab)))
    left = np.zeros(len(tab))
    for ct in tab.columns:
        ax.barh([_short(i) for i in tab.index], tab[ct].to_numpy(), left=left, color=CLAIMANT_COLOURS.get(ct, "#333"), label=ct)
        left += tab[ct].to_numpy()
    ax.set_xlabel("casualty claims")
    ax.invert_yaxis()
    ax.legend(title="claimant type", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    ax.set_title("Casualty claims per outlet, by type of claimant")
    fig.tight_layout()
    return fig


def figure_ranges(claims: pd.DataFrame, kind: str = "killed", group_col: str = "claimant", band: tuple | None = None,
                  title: str | None = None, counted_col: str | None = None) -> plt.Figure:
    """Every figure as a range (low to high; an arrow for open-ended ones) and a dot at its
    point value, one row per claimant; colour = claimant type, marker = outlet. ``band``
    (low, best, high) draws a reconciled estimate over it. With ``counted_col`` (a boolean
    column, e.g. ``counted`` of ``claim_incidents``), figures not counted are drawn hollow."""
    c = claims[claims["kind"] == kind] if "kind" in claims else claims
    if c.empty:
        return _empty(f"No '{kind}' figures to show")
    c = c.assign(point=[claim_point(lo, hi, q, ck) for lo, hi, q, ck in zip(c["count_low"], c["count_high"], c["qualifier"], c["count_kind"])])
    c = c[c["point"].notna()].sort_values([group_col, "outlet", "start"], kind="stable")
    rows = list(dict.fromkeys(c[group_col].astype(str)))
    markers = outlet_markers(c["outlet"].fillna("(unknown)"))
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.5 * len(rows)))
    xmax = float(max(c["point"].max(), c["count_high"].dropna().max() if c["count_high"].notna().any() else 0)) * 1.25 + 1
    seen_outlets: set[str] = set()
    for _, r in c.iterrows():
        y = rows.index(str(r[group_col]))
        cid = r.get("claim_id", None)
        jitter = (zlib.crc32(cid.encode("utf-8")) % 7 - 3) * 0.05 if isinstance(cid, str) else 0  # stable across runs
        colour = CLAIMANT_COLOURS.get(r["claimant_type"], "#333")
        lo = r["count_low"] if pd.notna(r["count_low"]) else 0
        hi = r["count_high"] if pd.notna(r["count_high"]) else None
        if hi is None:
            ax.annotate("", xy=(xmax, y + jitter), xytext=(float(lo), y + jitter),
                        arrowprops=dict(arrowstyle="->", color=colour, lw=1.5, alpha=0.6))
        elif hi != lo:
            ax.plot([float(lo), float(hi)], [y + jitter] * 2, color=colour, lw=4, alpha=0.35, solid_capstyle="butt")
        outlet = str(r["outlet"]) if pd.notna(r["outlet"]) else "(unknown)"
        hollow = counted_col is not None and not (pd.notna(r[counted_col]) and bool(r[counted_col]))
        ax.scatter([float(r["point"])], [y + jitter], facecolor="white" if hollow else colour, marker=markers[outlet], s=60,
                   zorder=3, edgecolor=colour if hollow else "black", linewidth=1.5 if hollow else 0.5)
        seen_outlets.add(outlet)
    if band is not None and band[0] is not None:
        lo, best, hi = band
        ax.axvspan(float(lo), float(hi if hi is not None else xmax), color="#377eb8", alpha=0.12, label="reconciled low–high")
        if best is not None:
            ax.axvline(float(best), color="#377eb8", lw=2, label="reconciled best")
    ax.set_yticks(range(len(rows)), [_short(r) for r in rows])
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.invert_yaxis()
    ax.set_xlabel(f"people {kind} (dot = stated figure; bar = range the words allow; arrow = open-ended)")
    from matplotlib.lines import Line2D

    # outlets as neutral grey markers (the colour of a dot is its claimant type, not its outlet)
    handles = [Line2D([], [], marker=markers[o], ls="", color="#777", markeredgecolor="black", markeredgewidth=0.5)
               for o in sorted(seen_outlets)]
    labels = [_short(o, 30) for o in sorted(seen_outlets)]
    more_h, more_l = ax.get_legend_handles_labels()
    handles, labels = handles + more_h, labels + more_l
    types = [t for t in schemas.CLAIMANT_TYPES if t in set(c["claimant_type"])]

    handles += [Line2D([], [], color=CLAIMANT_COLOURS[t], lw=6, alpha=0.6) for t in types]
    labels += [f"type: {t}" for t in types]
    if counted_col is not None:
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#333"))
        labels.append("hollow: not counted")
    ax.legend(handles, labels, bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=7)
    ax.set_title(title or f"Figures for people {kind}, by {group_col}")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


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
    return figure_ranges(m, kind=str(incident["kind"]), group_col="who", band=band, title=title, counted_col="counted")


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
    fig, axes = plt.subplots(1, len(segs), figsize=(max(8, 3.5 * len(segs)), 1.2 + 0.45 * len(groups)), sharey=True,
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
                       label=_short(outlet, 30) if outlet not in seen else None)
            seen.add(outlet)
        ax.set_xlim(a - pad, b + pad)
        ax.set_title(f"{a:%d %b %Y}" + (f" – {b:%d %b %Y}" if b != a else ""), fontsize=9)
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d %b"))
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(range(len(groups)), [_short(g) for g in groups])
    axes[0].set_ylim(-0.7, len(groups) - 0.3)
    axes[0].invert_yaxis()
    handles, labels = [], []
    for ax in axes:
        h, l = ax.get_legend_handles_labels()
        handles += h
        labels += l
    axes[-1].legend(handles, labels, bbox_to_anchor=(1.02, 1), loc="upper left", fontsize=7, title="outlet")
    fig.suptitle(title + ("  (axis broken between periods)" if len(segs) > 1 else ""))
    fig.tight_layout()
    return fig


def heatmap(table: pd.DataFrame, title: str, value_fmt: str = "{:.0f}", cmap: str = "Blues") -> plt.Figure:
    """A labelled heatmap of a small numeric table (rows × columns)."""
    if table.empty:
        return _empty(f"{title}: nothing to show")
    fig, ax = plt.subplots(figsize=(1.2 + 0.75 * table.shape[1], 1.0 + 0.45 * table.shape[0]))
    vals = table.to_numpy(dtype=float)
    im = ax.imshow(vals, cmap=cmap, aspect="auto")
    ax.set_xticks(range(table.shape[1]), [_short(c, 22) for c in table.columns], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), [_short(i, 30) for i in table.index], fontsize=8)
    vmax = np.nanmax(vals) if np.isfinite(vals).any() else 0
    for i in range(vals.shape[0]):
        for j in range(vals.shape[1]):
            v = vals[i, j]
            if np.isfinite(v) and v != 0:
                ax.text(j, i, value_fmt.format(v), ha="center", va="center", fontsize=7,
                        color="white" if v > vmax * 0.6 else "black")
    fig.colorbar(im, ax=ax, fraction=0.03)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def stacked_shares(table: pd.DataFrame, title: str, colours: dict | None = None) -> plt.Figure:
    """Horizontal stacked bars of shares (rows sum to 1)."""
    if table.empty:
        return _empty(f"{title}: nothing to show")
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.45 * len(table)))
    left = np.zeros(len(table))
    for col in table.columns:
        v = table[col].to_numpy(dtype=float)
        ax.barh([_short(i) for i in table.index], v, left=left, label=_short(col, 30),
                color=(colours or {}).get(col))
        left += v
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.legend(bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=7)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def dot_compare(table: pd.DataFrame, a: str, b: str, title: str, xlabel: str) -> plt.Figure:
    """Two values per row as linked dots (e.g. tone with and without casualty words)."""
    if table.empty:
        return _empty(f"{title}: nothing to show")
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.45 * len(table)))
    y = np.arange(len(table))
    for i, (_, r) in enumerate(table.iterrows()):
        ax.plot([r[a], r[b]], [i, i], color="#bbbbbb", zorder=1)
    ax.scatter(table[a], y, label=a, color="#e41a1c", zorder=2)
    ax.scatter(table[b], y, label=b, color="#377eb8", zorder=2)
    ax.axvline(0, color="black", lw=0.5)
    ax.set_yticks(y, [_short(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.legend(fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


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
                   title: str = "Events by date") -> plt.Figure:
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
    order = schemas.EVENT_TYPES if group_by == "event_type" else ()
    groups = sorted(set(it["group"]), key=lambda g: (g == empty_label, order.index(g) if g in order else 0, g))
    types = [t for t in schemas.EVENT_TYPES if t in set(it["event_type"])]
    outlets = sorted(set(it["outlet"]))
    markers = outlet_markers(outlets)
    segs = date_segments(pd.concat([it["date_start"], it["date_end"]]), gap_days)
    widths = [float(np.sqrt((b - a).days + 4)) for a, b in segs]
    fig, axes = plt.subplots(1, len(segs), figsize=(max(9.0, 3.0 + 3.2 * len(segs)), 1.4 + 0.42 * len(groups)), sharey=True,
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
        ax.set_title(f"{a:%d %b %Y}" + (f" – {b:%d %b %Y}" if b != a else ""), fontsize=9)
        ax.xaxis.set_major_locator(matplotlib.dates.AutoDateLocator(minticks=3, maxticks=9))
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d %b"))
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        ax.grid(axis="x", alpha=0.3)
        for y in range(1, len(groups)):
            ax.axhline(y - 0.5, color="#dddddd", lw=0.5, zorder=0)
    axes[0].set_yticks(range(len(groups)), [_short(g) for g in groups])
    axes[0].set_ylim(-0.6, len(groups) - 0.4)
    axes[0].invert_yaxis()
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=EVENT_COLOURS.get(t, "#333333"), marker="o", lw=0, markersize=7) for t in types]
    labels = [t.replace("_", " ") for t in types]
    handles += [Line2D([], [], color="#bbbbbb", marker=markers[o], lw=0, markeredgecolor="black", markersize=7) for o in outlets]
    labels += [_short(o, 30) for o in outlets]
    axes[-1].legend(handles, labels, bbox_to_anchor=(1.02, 1), loc="upper left", fontsize=7,
                    title="colour: event type\nshape: outlet", title_fontsize=7)
    fig.suptitle(title + ("  (axis broken between periods)" if len(segs) > 1 else ""))
    fig.tight_layout()
    return fig
