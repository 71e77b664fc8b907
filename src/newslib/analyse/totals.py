"""Per-article casualty totals: one row per article and kind, by explicit rules.

Rules (also in the README):

1. Subsets ("including 50 non-Syrians") are never added.
2. Claims are grouped into **place clusters** (same gazetteer place, or places within
   ``km`` kilometres; claims whose place is not in their sentence or section join the
   article's largest cluster) and, inside a cluster,
   into **victim groups** (the victims' side, else the victim noun; "people", "victims" or no
   noun make the *generic* group).
3. Within a group, one claimant counts once: its largest figure stands (a toll that rose
   counts once). A headline figure that restates its body (a body figure of the same kind, for
   compatible victims, overlaps it, or the headline has only vague words beside body numbers)
   is not counted again, whatever place it names ("Sudan: 123 killed" over a body about El
   Fasher).
4. Competing claimants in a group give the spread: ``low`` is the lowest low, ``high`` the
   highest high (open if any figure is open-ended), and ``best`` is the figure of the claimant
   ranked first by ``CLAIMANT_PRIORITY`` (monitor, UN agency, NGO, journalist, activist, outlet,
   hospital or health authority, government, state media, militant media, armed group), numbers
   before vague words, then the median.
5. Different victim groups in a cluster are added; a generic group is a bound on them:
   the cluster total is the larger of the generic figure and the sum of the specific ones.
6. Place clusters are added. An article with no claim of a kind gets zeros. A total larger
   than every figure its article states is flagged in ``note`` with the reason.

A claim's single figure (``point``) is: exact and approximate n; at least n; more than n+1;
up to n; a range's midpoint; a vague quantity's lower bound.

>>> import pandas as pd
>>> from newslib.extract.claims import claims_from_text
>>> c = claims_from_text("Around 40 troops and 130 civilians were killed.", article_id="a")
>>> casualty_totals(c).query("kind == 'killed'")[["low", "best", "high"]].values.tolist()
[[170, 170, 170]]
"""
from __future__ import annotations

import math
import re
import statistics

import pandas as pd

from .. import io, lexicons, schemas

CLAIMANT_PRIORITY = ("monitor", "un_agency", "ngo", "hospital_or_health_authority", "journalist", "activist", "outlet",
                     "government", "state_media", "militant_media", "armed_group")
#: Victim nouns that say nothing of the side (``claim_words.csv``, ``generic_victim``), and no noun at all.
GENERIC_HEADS = lexicons.WordSet("generic_victim", extra=("",))
#: Nouns that count the dead ("bodies", "corpses": ``dead_noun``) name no victim group either.
_DEAD_NOUNS = lexicons.WordSet("dead_noun")


def victim_head(victims) -> str:
    """The head noun of a claim's victims, lower case: its last word that names people
    (``lexicons.person_nouns``, ``generic_victim``, ``dead_noun``), else its last word; "" for
    none. A victims phrase can run past its noun ("bodies grouped and lying") or start with a
    pronoun ("them children").

    >>> victim_head("bodies grouped and lying"), victim_head("them children"), victim_head("Houthi fighters")
    ('bodies', 'children', 'fighters')
    """
    if not isinstance(victims, str) or not victims.strip():
        return ""
    words = victims.lower().split()
    for w in reversed(words):
        if w in GENERIC_HEADS or w in _DEAD_NOUNS or w in lexicons.person_nouns():
            return w
    return words[-1]


def counts_bodies(victims) -> bool:
    """Whether a claim's victims are a count of the dead found ("three bodies", "corpses"):
    its date is the day they were found, not the day they died.

    >>> counts_bodies("bodies found this morning"), counts_bodies("villagers")
    (True, False)
    """
    return victim_head(victims) in _DEAD_NOUNS


def is_generic_head(head: str) -> bool:
    """Whether a victim head word (``victim_head``) says nothing of who the victims were."""
    return head in GENERIC_HEADS or head in _DEAD_NOUNS


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


def is_na(v) -> bool:
    """True for None, pd.NA, NaT and NaN.

    >>> is_na(None), is_na(float("nan")), is_na(0)
    (True, True, False)
    """
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


_na = is_na


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points.

    >>> round(km_between((35.336, 40.14), (34.889, 38.877)))
    125
    """
    return _km(a, b)


class DisjointSets:
    """Union-find: groups of keys joined pairwise; every group is named by its smallest key, so
    the labels do not depend on the order of the unions.

    >>> g = DisjointSets(["c", "b", "a"]); g.union("c", "b"); (g.find("c"), g.find("a"))
    ('b', 'a')
    """

    def __init__(self, keys):
        self.parent = {k: k for k in keys}

    def find(self, x):
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _cluster_labels(recs: list[dict], km: float) -> list[str]:
    """A cluster label per claim: gazetteer places within ``km`` of each other share one."""
    places: dict[str, tuple[float, float] | None] = {}
    for r in recs:
        p = r["place"]
        if isinstance(p, str) and p not in places:
            places[p] = (float(r["lat"]), float(r["lon"])) if not _na(r["lat"]) and not _na(r["lon"]) else None
    groups = DisjointSets(places)
    for a, b in close_pairs(places, km):
        groups.union(a, b)
    return [groups.find(r["place"]) if isinstance(r["place"], str) else "" for r in recs]


def close_pairs(points: dict[str, tuple[float, float] | None], km: float) -> list[tuple[str, str]]:
    """The pairs ``(a, b)``, ``a < b``, of named points (lat, lon; None: not located) within
    ``km`` of each other (``km_between``), in sorted order.

    Not all pairs are compared: each point goes into a cube of a grid over its position in
    space (side a little over ``km``); a great-circle distance is never shorter than the
    straight line, so two points within ``km`` lie in the same or touching cubes, and only
    those are measured. An article naming thousands of places costs about their number.

    >>> close_pairs({"Sukhna": (34.889, 38.877), "Highway": (34.95, 38.95), "Homs": (34.73, 36.72)}, 25)
    [('Highway', 'Sukhna')]
    """
    located = {n: c for n, c in points.items() if c}
    if km <= 0 or not math.isfinite(km):
        names = sorted(located)
        return [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if _km(located[a], located[b]) <= km]
    side = km * 1.001 + 1e-6  # a margin for rounding at the cubes' faces
    cubes: dict[tuple[int, int, int], list[str]] = {}
    cube_of: dict[str, tuple[int, int, int]] = {}
    for n, (lat, lon) in located.items():
        la, lo = math.radians(lat), math.radians(lon)
        x, y, z = (6371.0 * math.cos(la) * math.cos(lo), 6371.0 * math.cos(la) * math.sin(lo), 6371.0 * math.sin(la))
        c = cube_of[n] = (math.floor(x / side), math.floor(y / side), math.floor(z / side))
        cubes.setdefault(c, []).append(n)
    out = []
    for a, (i, j, k) in cube_of.items():
        ca = located[a]
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for dk in (-1, 0, 1):
                    for b in cubes.get((i + di, j + dj, k + dk), ()):
                        if a < b and _km(ca, located[b]) <= km:
                            out.append((a, b))
    return sorted(out)


cluster_labels = _cluster_labels


def place_clusters(df: pd.DataFrame, km: float = 25.0) -> pd.Series:
    """A cluster label per claim row (see ``_cluster_labels``)."""
    recs = df[["place", "lat", "lon"]].to_dict("records")
    return pd.Series(_cluster_labels(recs, km), index=df.index, dtype="string")


def victim_group(side, victims) -> str:
    """The victim group key of a claim: its side, else its victim noun, else ``generic``."""
    if isinstance(side, str) and side not in ("unknown", ""):
        return side
    head = victim_head(victims)
    return "generic" if is_generic_head(head) else head


def priority(ctype: str) -> int:
    """Rank of a claimant type in ``CLAIMANT_PRIORITY`` (0 first; unknown types last)."""
    return CLAIMANT_PRIORITY.index(ctype) if ctype in CLAIMANT_PRIORITY else len(CLAIMANT_PRIORITY)


_priority = priority


def _bool(v) -> bool:
    return False if _na(v) else bool(v)


#: what stands between two items of a list: a separator, and other items of it ('three women, two
#: men and a child': 'two men' of another victim group between 'three women' and 'a child')
_LIST_GAP_RE = re.compile(r"(?:, |,? and )(?:[\w-]+ [\w-]+(?: [\w-]+)?(?:, |,? and ))*")


def _one_list(rs: list[dict]) -> bool:
    """Whether claims ``rs`` (in text order) are the items of one list in their sentence: each
    count and its victims follow the item before after ', ' and the last after 'and' ('three
    women, two men and a child'; not '18 rebels of the front, a member of the army', an
    appositive)."""
    quote = rs[0].get("quote")
    items = [f"{r['count_text']} {r['victims']}" if isinstance(r.get("victims"), str) else "" for r in rs]
    if not isinstance(quote, str) or not all(items):
        return False
    at = quote.find(items[0])
    while at >= 0:  # each place the first item is written ('the car of a doctor ..., killing a doctor and a nurse')
        pos, gaps = at + len(items[0]), []
        for item in items[1:]:
            nxt = quote.find(item, pos)
            if nxt < 0:
                return False
            gaps.append(quote[pos:nxt].lower())
            pos = nxt + len(item)
        if all(_LIST_GAP_RE.fullmatch(g) for g in gaps) and "and" in gaps[-1].split():
            return True
        at = quote.find(items[0], at + 1)
    return False


def _list_parts(rows: list[dict]) -> list[dict]:
    """The figures of one claimant in one victim group, a sentence's list of distinct victims as
    one figure: 'Two women and a child were killed' is three people (women and a child are both
    civilians, so one group), not the larger part. Parts are summed only where every count of
    the sentence names other victims (no generic 'people', no repeated noun)."""
    by_sentence: dict[object, list[dict]] = {}
    for r in rows:
        by_sentence.setdefault(r.get("sentence_id"), []).append(r)
    out: list[dict] = []
    for sid, rs in by_sentence.items():
        rs = sorted(rs, key=lambda r: r["start"])
        heads = [victim_head(r["victims"]) for r in rs]
        if sid is None or len(rs) < 2 or len(set(heads)) < len(rs) or any(is_generic_head(h) for h in heads) \
                or not _one_list(rs):
            out.extend(rs)
            continue
        first = rs[0]
        lows = [r["point"] if _na(r["count_low"]) else int(r["count_low"]) for r in rs]
        highs = [r["count_high"] for r in rs]
        out.append({**first, "point": sum(int(r["point"]) for r in rs), "count_low": sum(lows),
                    "count_high": None if any(_na(h) for h in highs) else sum(int(h) for h in highs),
                    "count_kind": "vague" if all(r["count_kind"] == "vague" for r in rs) else first["count_kind"]})
    return out


def _combine_group(rows: list[dict]) -> dict:
    """One victim group in one cluster: one figure per claimant (its largest; a sentence's list
    of distinct victims counts as one figure, ``_list_parts``), then the spread."""
    per_claimant: dict[str, dict] = {}
    by_claimant: dict[str, list[dict]] = {}
    for r in rows:
        by_claimant.setdefault(r["claimant"], []).append(r)
    figures = [f for rs in by_claimant.values() for f in _list_parts(rs)]
    for r in sorted(figures, key=lambda r: (-r["point"], r["start"])):
        per_claimant.setdefault(r["claimant"], r)
    chosen = [per_claimant[k] for k in sorted(per_claimant)]
    lows = [r["point"] if _na(r["count_low"]) else int(r["count_low"]) for r in chosen]
    highs = [r["count_high"] for r in chosen]
    ranked = sorted(chosen, key=lambda r: (_priority(r["claimant_type"]), r["count_kind"] == "vague"))
    first = ranked[0]
    tied = [r for r in ranked if _priority(r["claimant_type"]) == _priority(first["claimant_type"])
            and (r["count_kind"] == "vague") == (first["count_kind"] == "vague")]
    return {
        "low": min(lows),
        "best": int(statistics.median_low(sorted(int(r["point"]) for r in tied))),
        "high": None if any(_na(h) for h in highs) else int(max(int(h) for h in highs)),
        "claimants": sorted({r["claimant"] for r in tied}),
    }


def _article_kind_total(k: list[dict], km: float) -> tuple[int, int, int | None, list[str]]:
    labels = _cluster_labels(k, km)
    # a place taken from the article, not the sentence, does not make a cluster of its own
    labels = [lab if r["place_source"] in ("sentence", "section") else "" for lab, r in zip(labels, k)]
    if "" in labels and any(labels):
        counts: dict[str, int] = {}
        for lab in labels:
            if lab:
                counts[lab] = counts.get(lab, 0) + 1
        main = max(sorted(counts), key=lambda x: counts[x])
        labels = [lab or main for lab in labels]
    clusters: dict[str, dict[str, list[dict]]] = {}
    for lab, r in zip(labels, k):
        clusters.setdefault(lab, {}).setdefault(victim_group(r["victim_side"], r["victims"]), []).append(r)
    low = best = 0
    high: int | None = 0
    who: list[str] = []
    for lab in sorted(clusters):
        groups = {g: _combine_group(rows) for g, rows in sorted(clusters[lab].items())}
        generic = groups.pop("generic", None)
        s_low = sum(g["low"] for g in groups.values())
        s_best = sum(g["best"] for g in groups.values())
        s_high = None if any(g["high"] is None for g in groups.values()) else sum(g["high"] for g in groups.values())
        specific_who = [n for g in groups.values() for n in g["claimants"]]
        if generic is not None:
            c_low, c_best = max(generic["low"], s_low), max(generic["best"], s_best)
            c_high = None if generic["high"] is None or s_high is None else max(generic["high"], s_high)
            who += generic["claimants"] if generic["best"] >= s_best else specific_who
        else:
            c_low, c_best, c_high = s_low, s_best, s_high
            who += specific_who
        low += c_low
        best += c_best
        high = None if high is None or c_high is None else high + c_high
    return low, best, high, who


_TOTAL_FIELDS = ["article_id", "sentence_id", "kind", "count_low", "count_high", "qualifier", "count_kind", "subset_of", "place", "lat",
                 "lon", "place_source", "victim_side", "victims", "claimant", "claimant_type", "start", "quote", "count_text", "in_headline"]


def _restates_body(h: dict, body: list[dict]) -> bool:
    """A headline figure restates its body when a body figure of the same kind, for
    compatible victims, overlaps it (or the headline gives only vague words beside body numbers),
    whatever place either names."""
    hg = victim_group(h["victim_side"], h["victims"])
    hlo = h["point"] if _na(h["count_low"]) else int(h["count_low"])
    hhi = None if _na(h["count_high"]) else int(h["count_high"])
    for b in body:
        bg = victim_group(b["victim_side"], b["victims"])
        if hg != bg and "generic" not in (hg, bg):
            continue
        if h["count_kind"] == "vague" and b["count_kind"] != "vague":
            return True
        blo = b["point"] if _na(b["count_low"]) else int(b["count_low"])
        bhi = None if _na(b["count_high"]) else int(b["count_high"])
        if (hhi is None or blo <= hhi) and (bhi is None or hlo <= bhi):
            return True
    return False


def _note(k: list[dict], dropped: int, best: int) -> str | None:
    largest = max(int(r["point"]) for r in k)
    parts = []
    if dropped:
        parts.append(f"{dropped} headline figure{'s' if dropped > 1 else ''} restating the body counted once")
    if best > largest:
        parts.append(f"total {best} is larger than every figure the article states (largest {largest}): "
                     "figures for different victim groups or places were added")
    return "; ".join(parts) or None


def casualty_totals(claims: pd.DataFrame, articles: pd.DataFrame | None = None, km: float = 25.0) -> pd.DataFrame:
    """Per-article totals (``article_totals`` schema). Pass ``articles`` to get zero rows for
    articles without claims.

    >>> from newslib.extract.claims import claims_from_text
    >>> casualty_totals(claims_from_text("No figures here.", article_id="x"), pd.DataFrame({"article_id": ["x"]}))["best"].tolist()
    [0, 0, 0]
    """
    by_article: dict[str, dict[str, list[dict]]] = {}
    n_claims: dict[tuple[str, str], int] = {}
    recs = io.records(claims[[c for c in _TOTAL_FIELDS if c in claims.columns]]) if len(claims) else []
    for r in recs:
        key = (r["article_id"], r["kind"])
        n_claims[key] = n_claims.get(key, 0) + 1
        r["point"] = claim_point(r["count_low"], r["count_high"], r["qualifier"], r["count_kind"])
        if r["point"] is None or not _na(r["subset_of"]):
            continue
        by_article.setdefault(r["article_id"], {}).setdefault(r["kind"], []).append(r)
    ids = sorted({r["article_id"] for r in recs} | (set(articles["article_id"]) if articles is not None else set()))
    rows = []
    for aid in ids:
        kinds = by_article.get(aid, {})
        for kind in schemas.TOTAL_KINDS:
            k = kinds.get(kind)
            n = n_claims.get((aid, kind), 0)
            if not k:
                rows.append((aid, kind, 0, 0, 0, n, None, None))
                continue
            body = [r for r in k if not _bool(r.get("in_headline"))]
            heads = [r for r in k if _bool(r.get("in_headline"))]
            restating = [r for r in heads if body and _restates_body(r, body)]
            k = [r for r in k if not any(r is x for x in restating)]
            low, best, high, who = _article_kind_total(k, km)
            rows.append((aid, kind, low, best, high, n, "; ".join(dict.fromkeys(who)), _note(k, len(restating), best)))
    if not rows:
        return schemas.ARTICLE_TOTALS.empty()
    out = pd.DataFrame(rows, columns=list(schemas.ARTICLE_TOTALS.columns))
    return schemas.ARTICLE_TOTALS.conform(out)


__all__ = ["casualty_totals", "claim_point", "place_clusters", "victim_group", "CLAIMANT_PRIORITY", "lexicons"]
