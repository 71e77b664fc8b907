"""The map of incidents, drawn offline: matplotlib over Natural Earth's 1:110m country outlines.

The outlines are package data (``geodata/countries_110m.json``, public domain; source, licence
and how it was made in ``geodata/README.md``). No tiles, no network: the same rows give the same
picture.

Points sit at the gazetteer coordinates of each incident's place (``lat``, ``lon`` of
``brief.incident_briefs``), one per place, its area proportional to the largest best figure
there; the view is fitted to the points with a margin of context around them.

>>> import pandas as pd
>>> rows = pd.DataFrame({"place": ["Sukhna"], "lat": [34.889], "lon": [38.877], "best": [120], "kind": ["killed"]})
>>> fig = incident_map(rows)
>>> [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("Sukhna")]
['Sukhna: 120']
"""
from __future__ import annotations

import functools
import json
import math
from importlib import resources

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection  # noqa: F401  (re-exported for tests)
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

#: Where the outlines come from, printed on every map.
CREDIT = "Boundaries: Natural Earth 1:110m (public domain)"
LAND = "#ecebe6"
BORDER = "#b9b6ad"
SEA = "#f7fafc"
POINT = "#b2182b"
#: Marker area (points^2) of the largest figure on a map.
MAX_AREA = 900.0
MIN_AREA = 30.0


@functools.cache
def countries() -> tuple[dict, ...]:
    """The country outlines: ``name``, ``iso_a3``, ``continent`` and ``rings`` (flat
    ``[lon, lat, ...]`` lists), read once from the package data."""
    text = resources.files("newslib").joinpath("geodata/countries_110m.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["countries"])


def _ring_xy(flat: list[float]) -> np.ndarray:
    return np.asarray(flat, dtype=float).reshape(-1, 2)


def _country_path(rings: list[list[float]]) -> MplPath:
    verts, codes = [], []
    for flat in rings:
        xy = _ring_xy(flat)
        verts.extend(xy.tolist())
        codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 1))
        verts.append(xy[0].tolist())
        codes.append(MplPath.CLOSEPOLY)
    return MplPath(verts, codes)


def _clip(xy: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """A ring clipped to ``(west, east, south, north)`` (Sutherland-Hodgman)."""
    west, east, south, north = box
    edges = ((0, west, True), (0, east, False), (1, south, True), (1, north, False))
    pts = [tuple(p) for p in xy]
    for axis, bound, keep_above in edges:
        if not pts:
            break
        inside = (lambda p: p[axis] >= bound) if keep_above else (lambda p: p[axis] <= bound)
        out, prev = [], pts[-1]
        for cur in pts:
            if inside(cur) != inside(prev):
                t = (bound - prev[axis]) / (cur[axis] - prev[axis])
                out.append(tuple(prev[k] + t * (cur[k] - prev[k]) for k in (0, 1)))
            if inside(cur):
                out.append(cur)
            prev = cur
        pts = out
    return np.asarray(pts, dtype=float).reshape(-1, 2)


def _label_point(rings: list[list[float]], box: tuple[float, float, float, float]) -> tuple[float, float, float]:
    """Centroid and area (square degrees) of the largest visible part of a country (its rings
    clipped to ``box``)."""
    best = (0.0, 0.0, 0.0)
    for flat in rings:
        xy = _clip(_ring_xy(flat), box)
        if len(xy) < 3:
            continue
        x, y = xy[:, 0], xy[:, 1]
        x1, y1 = np.roll(x, -1), np.roll(y, -1)
        cross = x * y1 - x1 * y
        a = cross.sum() / 2
        if abs(a) > abs(best[2]) and a != 0:
            best = (float(((x + x1) * cross).sum() / (6 * a)), float(((y + y1) * cross).sum() / (6 * a)), float(a))
    return best[0], best[1], abs(best[2])


def _size_of(rows: pd.DataFrame) -> pd.Series:
    """The figure a point is sized by: best, else the top independent figure, else any stated."""
    out = pd.Series(pd.NA, index=rows.index, dtype="Float64")
    for col in ("best", "independent_high", "stated_high", "party_high"):
        if col in rows.columns:
            out = out.fillna(pd.to_numeric(rows[col], errors="coerce").astype("Float64"))
    return out


def places(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per place with coordinates: ``place, lat, lon, n_incidents, top`` (the largest
    figure there, empty if none), largest first."""
    if rows.empty or not {"lat", "lon"} <= set(rows.columns):
        return pd.DataFrame(columns=["place", "lat", "lon", "n_incidents", "top"])
    r = rows.assign(_size=_size_of(rows))
    r = r[r["lat"].notna() & r["lon"].notna()]
    if r.empty:
        return pd.DataFrame(columns=["place", "lat", "lon", "n_incidents", "top"])
    r = r.assign(place=r["place"].astype("string").fillna("(unnamed place)") if "place" in r.columns else "(place)")
    g = r.groupby("place", sort=False).agg(lat=("lat", "first"), lon=("lon", "first"), n_incidents=("lat", "size"),
                                           top=("_size", "max")).reset_index()
    g["top"] = g["top"].astype("Float64")
    return g.sort_values(["top", "place"], ascending=[False, True], na_position="last").reset_index(drop=True)


def extent(lat: np.ndarray, lon: np.ndarray, min_span: float = 7.0, margin: float = 0.3,
           ratio: float = 1.6) -> tuple[float, float, float, float]:
    """``(west, east, south, north)`` around the points: their box, widened by ``margin`` of
    its size on each side and to at least ``min_span`` degrees of latitude, so the country and its
    neighbours show, then made at least ``ratio`` times wider than tall (as drawn).

    >>> extent([34.9], [38.9])
    (32.072, 45.728, 31.4, 38.4)
    """
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    s, n, w, e = lat.min(), lat.max(), lon.min(), lon.max()
    pad_y = max((n - s) * margin, (min_span - (n - s)) / 2, 0)
    pad_x = max((e - w) * margin, (min_span - (e - w)) / 2, 0)
    stretch = 1 / max(math.cos(math.radians((s + n) / 2)), 0.2)  # degrees of longitude per degree drawn
    want = ((n - s) + 2 * pad_y) * ratio * stretch
    pad_x = max(pad_x, (want - (e - w)) / 2)
    west, east = max(w - pad_x, -180.0), min(e + pad_x, 180.0)
    south, north = max(s - pad_y, -85.0), min(n + pad_y, 85.0)
    return float(round(west, 3)), float(round(east, 3)), float(round(south, 3)), float(round(north, 3))


def _reference_sizes(top: float) -> list[int]:
    """Two or three round figures for the size legend, the largest not above ``top``."""
    if not top or top <= 0:
        return []
    p = 10 ** int(math.floor(math.log10(top)))
    big = int(p * (5 if top >= 5 * p else 2 if top >= 2 * p else 1))
    refs = [big, big // 10 if big >= 10 else 0]
    return sorted({v for v in refs if v > 0})


def incident_map(rows: pd.DataFrame, title: str | None = None, max_labels: int = 12, width: float = 9.0) -> plt.Figure:
    """The incidents on a map: ``rows`` has ``place, lat, lon`` and a figure (``best``, else
    ``independent_high``/``stated_high``/``party_high``); rows without coordinates are counted
    in the caption. Labels: the ``max_labels`` largest places, ``place: figure`` (``place: n
    incidents, up to figure`` where several share a place)."""
    pts = places(rows)
    missing = int(len(rows) - pts["n_incidents"].sum()) if len(pts) else len(rows)
    if pts.empty:
        fig, ax = plt.subplots(figsize=(width, 1.2))
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No incident has coordinates to draw", ha="center", va="center", transform=ax.transAxes)
        return fig
    west, east, south, north = extent(pts["lat"], pts["lon"])
    mid = math.radians((south + north) / 2)
    aspect = 1 / max(math.cos(mid), 0.2)
    height = min(max(width * (north - south) * aspect / (east - west) + 0.6, 3.0), 8.0)
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_facecolor(SEA)
    for c in countries():
        xs = [v for r in c["rings"] for v in r[0::2]]
        ys = [v for r in c["rings"] for v in r[1::2]]
        if max(xs) < west - 1 or min(xs) > east + 1 or max(ys) < south - 1 or min(ys) > north + 1:
            continue
        ax.add_patch(PathPatch(_country_path(c["rings"]), facecolor=LAND, edgecolor=BORDER, linewidth=0.8, zorder=1))
        cx, cy, area = _label_point(c["rings"], (west, east, south, north))
        if area > (east - west) * (north - south) * 0.03:
            ax.text(cx, cy, c["name"].upper(), color="#8d8a80", fontsize=8, ha="center", va="center", zorder=2,
                    fontstyle="italic", parse_math=False)
    top = float(pts["top"].max()) if pts["top"].notna().any() else 0.0
    sizes = [MIN_AREA if pd.isna(v) or top <= 0 else max(MIN_AREA, MAX_AREA * float(v) / top) for v in pts["top"]]
    hollow = pts["top"].isna().to_numpy()
    ax.scatter(pts["lon"].astype(float)[~hollow], pts["lat"].astype(float)[~hollow], s=np.asarray(sizes)[~hollow],
               color=POINT, alpha=0.55, edgecolor="white", linewidth=0.8, zorder=3)
    if hollow.any():
        ax.scatter(pts["lon"].astype(float)[hollow], pts["lat"].astype(float)[hollow], s=MIN_AREA, facecolor="none",
                   edgecolor=POINT, linewidth=1.0, zorder=3)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect)
    _place_labels(fig, ax, pts, sizes, max_labels)
    for v in _reference_sizes(top):
        ax.scatter([], [], s=max(MIN_AREA, MAX_AREA * v / top), color=POINT, alpha=0.55, edgecolor="white",
                   label=f"{v:,}")
    if top > 0:
        ax.legend(title="best figure", loc="lower left", labelspacing=1.3, borderpad=0.9, fontsize=8, title_fontsize=8,
                  framealpha=0.9)
    ax.tick_params(labelsize=8, colors="#666666")
    ax.xaxis.set_major_formatter(lambda v, _: f"{abs(v):g}°{'E' if v >= 0 else 'W'}")
    ax.yaxis.set_major_formatter(lambda v, _: f"{abs(v):g}°{'N' if v >= 0 else 'S'}")
    note = CREDIT + (f"; {missing} incident{'s' if missing != 1 else ''} without coordinates not shown" if missing else "")
    ax.set_title(title or f"Incidents by place ({int(pts['n_incidents'].sum())} at {len(pts)} places), "
                          "sized by the best figure", fontsize=11, loc="left", parse_math=False)
    fig.text(0.99, 0.01, note, ha="right", va="bottom", fontsize=7, color="#777777", parse_math=False)
    fig.tight_layout()
    return fig


#: Where a label may go beside its point (x, y signs), tried in order.
_OFFSETS = ((1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1))


def _place_labels(fig, ax, pts: pd.DataFrame, sizes: list[float], max_labels: int) -> None:
    """Label the largest places, each on the first side of its point where it overlaps no
    label placed before and no other point."""
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    dots = []
    for (lon, lat), area in zip(zip(pts["lon"].astype(float), pts["lat"].astype(float)), sizes):
        x, y = to_px((lon, lat))
        r = math.sqrt(area) / 2 * fig.dpi / 72
        dots.append((x - r, y - r, x + r, y + r))
    placed: list[tuple[float, float, float, float]] = []

    def hits(b, others):
        return any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for o in others)

    for i, p in enumerate(pts.head(max_labels).itertuples()):
        fig_txt = "" if pd.isna(p.top) else f"{int(p.top):,}"
        if p.n_incidents == 1:
            text = f"{p.place}: {fig_txt}" if fig_txt else f"{p.place}: no figure"
        else:
            text = f"{p.place}: {p.n_incidents} incidents" + (f", up to {fig_txt}" if fig_txt else "")
        r = math.sqrt(sizes[i]) / 2 + 3
        others = [d for k, d in enumerate(dots) if k != i]
        ann = None
        for sx, sy in _OFFSETS:
            if ann is not None:
                ann.remove()
            ann = ax.annotate(text, (float(p.lon), float(p.lat)), xytext=(sx * r, sy * r), textcoords="offset points",
                              fontsize=9, zorder=4, ha={1: "left", -1: "right", 0: "center"}[sx],
                              va="bottom" if sy > 0 else "top", parse_math=False,
                              bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
            e = ann.get_window_extent(renderer)
            box = (e.x0, e.y0, e.x1, e.y1)
            if not hits(box, placed) and not hits(box, others):
                break
        placed.append(box)


def map_alt(rows: pd.DataFrame, n: int = 5) -> str:
    """Alt text for the map: how many incidents at how many places, and the largest.

    >>> map_alt(pd.DataFrame({"place": ["Sukhna"], "lat": [34.9], "lon": [38.9], "best": [120]}))
    'Map of 1 incident at 1 place, each sized by its best figure. Largest: Sukhna 120.'
    """
    pts = places(rows)
    if pts.empty:
        return "Map: no incident has coordinates."
    k = int(pts["n_incidents"].sum())
    tops = [f"{p.place} {int(p.top):,}" for p in pts.head(n).itertuples() if not pd.isna(p.top)]
    return (f"Map of {k} incident{'s' if k != 1 else ''} at {len(pts)} place{'s' if len(pts) != 1 else ''}, each sized "
            f"by its best figure." + (f" Largest: {', '.join(tops)}." if tops else ""))
