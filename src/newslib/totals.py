"""Per-article casualty totals: one row per article and kind, by explicit rules.

Rules (also in the README):

1. Subsets ("including 50 non-Syrians") are never added.
2. Claims are grouped into **place clusters** (same gazetteer place, or places within
   ``km`` kilometres; claims whose place is not in their sentence or section join the
   article's largest cluster) and, inside a cluster,
   into **victim groups** (the victims' side, else the victim noun; "people", "victims" or no
   noun make the *generic* group).
3. Within a group, one claimant counts once: its largest figure stands (a headline restating
   the body, or a toll that rose, counts once).
4. Competing claimants in a group give the spread: ``low`` is the lowest low, ``high`` the
   highest high (open if any figure is open-ended), and ``best`` is the figure of the claimant
   ranked first by ``CLAIMANT_PRIORITY`` (monitor, journalist, activist, outlet, government,
   state media, militant media, armed group), numbers before vague words, then the median.
5. Different victim groups in a cluster are added; a generic group is a bound on them:
   the cluster total is the larger of the generic figure and the sum of the specific ones.
6. Place clusters are added. An article with no claim of a kind gets zeros.

A claim's single figure (``point``) is: exact and approximate n; at least n; more than n+1;
up to n; a range's midpoint; a vague quantity's lower bound.

>>> import pandas as pd
>>> from newslib.claims import claims_from_text
>>> c = claims_from_text("Around 40 troops and 130 civilians were killed.", article_id="a")
>>> casualty_totals(c).query("kind == 'killed'")[["low", "best", "high"]].values.tolist()
[[170, 170, 170]]
"""
from __future__ import annotations

import math
import statistics

import pandas as pd

from . import lexicons, schemas

CLAIMANT_PRIORITY = ("monitor", "journalist", "activist", "outlet", "government", "state_media", "militant_media", "armed_group")
GENERIC_HEADS = frozenset(("people", "persons", "person", "victims", "individuals", ""))


def claim_point(low, high, qualifier: str, count_kind: str) -> int | None:
    """The single figure a claim stands for (rules in the module docstring).

    >>> claim_point(59, None, "more_than", "number"), claim_point(40, 199, "vague", "vague")
    (59, 40)
    """
    lo = None if low is None or pd.isna(low) else int(low)
    hi = None if high is None or pd.isna(high) else int(high)
    if count_kind == "range" and lo is not None and hi is not None:
        return (lo + hi) // 2
    if qualifier == "up_to":
        return hi
    return lo if lo is not None else hi


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def place_clusters(df: pd.DataFrame, km: float = 25.0) -> pd.Series:
    """A cluster label per claim: places within ``km`` of each other share one."""
    places: dict[str, tuple[float, float] | None] = {}
    for p, la, lo in zip(df["place"], df["lat"], df["lon"]):
        if isinstance(p, str) and p not in places:
            places[p] = (float(la), float(lo)) if pd.notna(la) and pd.notna(lo) else None
    parent = {p: p for p in places}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    names = sorted(places)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            ca, cb = places[a], places[b]
            if ca and cb and _km(ca, cb) <= km:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return df["place"].map(lambda p: find(p) if isinstance(p, str) else "").astype("string")


def victim_group(side, victims) -> str:
    """The victim group key of a claim: its side, else its victim noun, else ``generic``."""
    if isinstance(side, str) and side not in ("unknown", ""):
        return side
    head = victims.lower().split()[-1] if isinstance(victims, str) and victims.strip() else ""
    return "generic" if head in GENERIC_HEADS else head


def _priority(ctype: str) -> int:
    return CLAIMANT_PRIORITY.index(ctype) if ctype in CLAIMANT_PRIORITY else len(CLAIMANT_PRIORITY)


def _combine_group(rows: pd.DataFrame) -> dict:
    """One victim group in one cluster: one figure per claimant, then the spread."""
    per_claimant = []
    for claimant, g in rows.groupby("claimant", sort=True):
        g = g.sort_values(["point", "start"], ascending=[False, True], kind="stable")
        top = g.iloc[0]
        per_claimant.append(top)
    lows = [r["count_low"] if pd.notna(r["count_low"]) else r["point"] for r in per_claimant]
    highs = [r["count_high"] for r in per_claimant]
    ranked = sorted(per_claimant, key=lambda r: (_priority(r["claimant_type"]), r["count_kind"] == "vague"))
    first = ranked[0]
    tied = [r for r in ranked if _priority(r["claimant_type"]) == _priority(first["claimant_type"])
            and (r["count_kind"] == "vague") == (first["count_kind"] == "vague")]
    best = int(statistics.median_low(sorted(int(r["point"]) for r in tied)))
    return {
        "low": int(min(int(v) for v in lows)),
        "best": best,
        "high": None if any(pd.isna(h) for h in highs) else int(max(int(h) for h in highs)),
        "claimants": sorted({r["claimant"] for r in tied}),
    }


def casualty_totals(claims: pd.DataFrame, articles: pd.DataFrame | None = None, km: float = 25.0) -> pd.DataFrame:
    """Per-article totals (``article_totals`` schema). Pass ``articles`` to get zero rows for
    articles without claims.

    >>> from newslib.claims import claims_from_text
    >>> casualty_totals(claims_from_text("No figures here.", article_id="x"), pd.DataFrame({"article_id": ["x"]}))["best"].tolist()
    [0, 0, 0]
    """
    rows = []
    df = claims.copy()
    if len(df):
        df["point"] = [claim_point(lo, hi, q, ck) for lo, hi, q, ck in
                       zip(df["count_low"], df["count_high"], df["qualifier"], df["count_kind"])]
        df = df[df["point"].notna()]
    ids = sorted(set(df["article_id"]) | (set(articles["article_id"]) if articles is not None else set()))
    by_article = {aid: g for aid, g in df.groupby("article_id", sort=False)} if len(df) else {}
    empty = df.iloc[0:0]
    for aid in ids:
        art = by_article.get(aid, empty)
        for kind in schemas.KINDS:
            k = art[art["kind"] == kind]
            n_claims = len(k)
            k = k[k["subset_of"].isna()]
            if k.empty:
                rows.append({"article_id": aid, "kind": kind, "low": 0, "best": 0, "high": 0, "n_claims": n_claims, "best_claimant": None})
                continue
            k = k.assign(cluster=place_clusters(k, km), group=[victim_group(s, v) for s, v in zip(k["victim_side"], k["victims"])])
            # a place taken from the article, not the sentence, does not make a cluster of its own
            k.loc[~k["place_source"].isin(["sentence", "section"]), "cluster"] = ""
            # claims without a place join the article's largest cluster
            if (k["cluster"] == "").any() and (k["cluster"] != "").any():
                main = k.loc[k["cluster"] != "", "cluster"].value_counts().sort_index().idxmax()
                k.loc[k["cluster"] == "", "cluster"] = main
            low = best = 0
            high: int | None = 0
            who: list[str] = []
            for _, c in k.groupby("cluster", sort=True):
                groups = {g: _combine_group(gg) for g, gg in c.groupby("group", sort=True)}
                generic = groups.pop("generic", None)
                s_low = sum(g["low"] for g in groups.values())
                s_best = sum(g["best"] for g in groups.values())
                s_high = None if any(g["high"] is None for g in groups.values()) else sum(g["high"] for g in groups.values())
                if generic is not None:
                    c_low, c_best = max(generic["low"], s_low), max(generic["best"], s_best)
                    c_high = None if generic["high"] is None or s_high is None else max(generic["high"], s_high)
                    who += generic["claimants"] if generic["best"] >= s_best else [n for g in groups.values() for n in g["claimants"]]
                else:
                    c_low, c_best, c_high = s_low, s_best, s_high
                    who += [n for g in groups.values() for n in g["claimants"]]
                low += c_low
                best += c_best
                high = None if high is None or c_high is None else high + c_high
            rows.append({"article_id": aid, "kind": kind, "low": low, "best": best, "high": high,
                         "n_claims": n_claims, "best_claimant": "; ".join(dict.fromkeys(who))})
    if not rows:
        return schemas.ARTICLE_TOTALS.empty()
    out = pd.DataFrame(rows, columns=list(schemas.ARTICLE_TOTALS.columns))
    return schemas.ARTICLE_TOTALS.conform(out)


__all__ = ["casualty_totals", "claim_point", "place_clusters", "victim_group", "CLAIMANT_PRIORITY", "lexicons"]
