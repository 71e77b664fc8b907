"""Incidents across outlets: which claims describe the same event, and what the figures add up to.

Articles from several outlets report the same attack with different figures, from different
claimants, with different hedges. This module groups the ``claims`` table into **incidents**,
reconciles each incident's figures into a low / best / high estimate by a named rule, and
traces how a claimant's figure travels (and mutates) from outlet to outlet. Every rule below is
also the methodology text of the README; each output row names the rule that produced it.

Grouping (``assign_incidents``)
-------------------------------
Two claims are **linked** when all four hold:

1. **Kind**: the same kind of harm (killed, wounded, captured). One event with dead and wounded
   gives one incident per kind.
2. **Victims**: compatible victim groups. A claim's victim key is its ``victim_side``; without
   one, its victim noun: a military noun (troops, soldiers, fighters, forces, militia...) makes
   *fighters of unknown side*, "people", "victims" or no noun makes *generic*, any other person
   noun (workers, students...) stays itself. Keys are compatible when equal, when either is
   generic, when one is *fighters of unknown side* and the other any side but civilians, or
   when one is a non-military noun and the other is civilians. Two different known sides never
   link (pro-government troops and Russian troops are different victims).
3. **Place**: the *place used* of each claim is its own place when the extractor found it in
   the claim's sentence or section; a place taken from the article as a whole (or none) is
   replaced by the article's main place for that kind (the largest cluster of its sentence
   and section places, as in ``totals``), else kept. Places are compatible when they are the
   same canonical place, when their gazetteer coordinates are within ``km`` kilometres, or
   (``admin1="area"``, the default) when they share a gazetteer ``admin1`` and one of them is an
   area (province, region, road, governorate): the area contains the other place.
   ``admin1="any"`` links any two places of one ``admin1``; ``admin1="none"`` never uses it.
   A claim with no usable place links only to claims of its own article.
4. **Dates**: overlapping date windows, with ``days`` of tolerance on each side. A claim's
   window is ``event_date..event_date_end``; an undated claim gets
   ``[published - lookback_days, published]`` (news reports what happened in the last days).
   A claim with neither links only to claims of its own article.

Incidents are the connected groups of linked claims (single linkage: A-B and B-C puts A, B, C
together, so "more than 150 people" can join "40 troops" and "130 civilians" of one attack; in
the same way "soldiers" of unknown side can join two armed sides reported at one place and
time).
A subset claim ("including 50 children", ``subset_of`` set) does not link anything: it joins
its parent's incident. ``incident_id`` is ``i`` + the first 12 hex digits of the SHA-1 of the
sorted member claim ids: the same claims always give the same id.

Reconciliation (``reconcile``)
------------------------------
Inside an incident, claims are split into victim groups (the victim keys above; *fighters of
unknown side* join the incident's only combatant side when there is exactly one). Then:

1. **Not counted**: a subset (never added); a claim without a number; a party's claim about its
   enemy's losses (``party_claim_about_enemy``) when ``include_party_claims`` is False.
2. **Unattributed restatement**: an outlet's own figure (claimant type ``outlet``) is not
   counted when, in the same victim group, its own article attributes an overlapping figure to
   a claimant ("scores" beside "around 120, according to the Observatory"), or another article
   attributes the same number to one (vague words are too common to trace across articles).
   The outlet is repeating its source without naming it: ``restates`` names the claim, and
   ``figure_travel`` lists it under that claimant as *claimant dropped*.
3. **One figure per claimant** (per victim group): its numbers before its vague words, then
   the figure from the latest publication, then the largest. A toll that rose counts with its
   latest figure; the same figure carried by several outlets counts once (``n_outlets`` says
   how many carried it); the claimant's other figures are listed with the reason.
4. Each counted figure has a **low** (``count_low``), a **high** (``count_high``; an open-ended
   "more than 58" contributes its low, 59, as a floor and marks the high *open*) and a
   **point** (``totals.claim_point``). Vague words contribute their lexicon range ("scores" is
   40-199) to low and high.
5. Per victim group: ``low`` = the lowest low; ``high`` = the highest high (``high_open`` when
   the figure setting it is open-ended); ``best`` = the point of the claimant ranked first by
   ``totals.CLAIMANT_PRIORITY`` (monitor, UN agency, NGO, journalist, activist, outlet, hospital
   or health authority, government, state media, militant media, armed group) among counted figures that are **not party claims** about enemy
   losses, numbers before vague words (a vague word is used only when no number exists);
   several claimants of the same rank give the median of their points (the lower middle one
   when even). Party claims never set ``best``; a group with only party figures has none.
   ``conservative`` (ACLED-style: the lowest credible figure) = the lowest low among counted
   figures that are not party claims (vague words included, as for ``low``): with party claims
   excluded it equals ``low``; with them included it shows the low without them.
6. Groups are combined as in ``totals``: specific groups are added; a generic figure ("more
   than 150 people") is a bound on their sum, so for low, best, high and conservative the
   larger of the generic figure and the sum stands.
7. ``rule="ucdp"``: low / best / high as above. ``rule="acled"``: ``best`` is the conservative
   figure. ``ratio`` = high / low, the disagreement between the reliable extremes (empty when
   low is 0 or empty). The ``rule`` column says which rule ran and whether party claims were
   included in low / high. An incident whose figures are all excluded has empty figures.

How figures travel (``figure_travel``)
--------------------------------------
For each incident, claimant and victim group, every appearance of its figures in order of
publication (publication date, article, position), compared with its first appearance:
``number_changed`` ("more than 58" -> "around 120"), ``qualifier_changed`` (same number, other
hedge: "more than 58" -> "at least 58"), and rows where an outlet carries the claimant's figure
without naming it (``claimant_dropped``: the unattributed restatements of rule 2).

>>> import pandas as pd
>>> c = pd.DataFrame({"claim_id": ["a", "b"], "article_id": ["x", "y"], "outlet": ["X", "Y"],
...     "published": pd.to_datetime(["2017-09-29", "2017-09-29"]), "start": [0, 0], "kind": "killed",
...     "count_low": [58, 100], "count_high": [58, 100], "count_text": ["58", "around 100"],
...     "qualifier": ["exact", "approximate"], "count_kind": "number", "victims": "soldiers",
...     "victim_side": "pro-government", "claimant": ["Observatory", "IS"],
...     "claimant_type": ["monitor", "armed_group"], "party_claim_about_enemy": [False, True],
...     "subset_of": None})
>>> r = reconcile(c, include_party_claims=True)
>>> r["low"], r["best"], r["high"], r["rule"]
(58, 58, 100, 'ucdp; party claims included')
"""
from __future__ import annotations

import functools
import hashlib
import statistics
from dataclasses import dataclass

import pandas as pd

from . import lexicons, schemas
from .errors import ParameterError
from .totals import CLAIMANT_PRIORITY, GENERIC_HEADS, DisjointSets, _cluster_labels, _km, _na, _priority, claim_point

RULES = ("ucdp", "acled")
ADMIN1_MODES = ("area", "any", "none")
#: Gazetteer kinds that cover an area (or a long line): they contain the places of their admin1.
AREA_KINDS = frozenset(("province", "governorate", "region", "road", "country"))
#: Victim nouns that name fighters: without a side they fit any armed side.
MILITARY_HEADS = frozenset((
    "troops", "troop", "soldiers", "soldier", "fighters", "fighter", "militants", "militant", "militiamen", "militia",
    "militias", "forces", "force", "personnel", "officers", "officer", "guards", "guard", "servicemen", "recruits",
    "jihadists", "rebels", "insurgents", "gunmen", "regime", "army", "combatants",
))
STRONG_PLACE_SOURCES = ("sentence", "section")
_FIGHTERS = "fighters (side unknown)"
_GENERIC = "people (generic)"


def rule_name(rule: str, include_party_claims: bool) -> str:
    """The value of the ``rule`` column.

    >>> rule_name("acled", False)
    'acled; party claims excluded'
    """
    check_rule(rule)
    return f"{rule}; party claims {'included' if include_party_claims else 'excluded'}"


RULE_NAMES = schemas.RECONCILIATION_RULES  # every value ``rule_name`` can return


def check_rule(rule) -> str:
    """Raise ParameterError unless ``rule`` is one of ``RULES``."""
    if rule not in RULES:
        raise ParameterError(f"rule={rule!r} is not a reconciliation rule; choose one of {list(RULES)} "
                             "(ucdp: low/best/high by claimant priority; acled: best is the lowest credible figure)")
    return rule


# ----------------------------------------------------------------------------- small helpers
def _ts(v) -> pd.Timestamp | None:
    return None if _na(v) or v is pd.NaT else pd.Timestamp(v)


def _bool(v) -> bool:
    return False if _na(v) else bool(v)


def _int(v) -> int | None:
    return None if _na(v) else int(v)


def _str(v) -> str:
    return "" if _na(v) else str(v)


def unattributed(claimant, claimant_type, outlet) -> bool:
    """True when the outlet states the figure in its own voice: claimant type ``outlet`` and
    the claimant is the outlet itself (another outlet cited by name is an attribution).

    >>> unattributed("The New Arab", "outlet", "The New Arab"), unattributed("Reuters", "outlet", "The New Arab")
    (True, False)
    """
    if (_str(claimant_type) or "outlet") != "outlet":
        return False
    who = _str(claimant)
    return who in ("", "outlet", _str(outlet))


def stated_figure(count_low, count_high, qualifier, count_kind, count_text="") -> str:
    """The figure as stated, without its hedge: the number written ("more than 58" -> "58"),
    a range ("40-50"), or the vague word ("scores").

    >>> stated_figure(59, None, "more_than", "number"), stated_figure(None, 30, "up_to", "number")
    ('58', '30')
    >>> stated_figure(40, 199, "vague", "vague", "Scores")
    'scores'
    """
    lo, hi = _int(count_low), _int(count_high)
    if count_kind == "vague":
        return " ".join(_str(count_text).lower().split()) or f"{lo}-{hi}"
    if count_kind == "range" and lo is not None and hi is not None:
        return f"{lo}-{hi}"
    if qualifier == "more_than" and lo is not None:
        return str(lo - 1)
    if qualifier == "up_to" and hi is not None:
        return str(hi)
    v = lo if lo is not None else hi
    return "" if v is None else str(v)


def victim_key(side, victims) -> str:
    """Victim key used for grouping: the side, else the victim noun classified.

    >>> victim_key("pro-government", "troops"), victim_key("unknown", "troops"), victim_key(None, "people")
    ('pro-government', 'fighters (side unknown)', 'people (generic)')
    """
    if isinstance(side, str) and side not in ("unknown", ""):
        return side
    head = victims.lower().split()[-1] if isinstance(victims, str) and victims.strip() else ""
    if head in GENERIC_HEADS:
        return _GENERIC
    if head in MILITARY_HEADS:
        return _FIGHTERS
    return f"noun:{head}"


def _is_side(k: str) -> bool:
    return k not in (_GENERIC, _FIGHTERS) and not k.startswith("noun:")


def victims_compatible(a: str, b: str) -> bool:
    """Whether two victim keys can be the same victims (rules in the module docstring).

    >>> victims_compatible("pro-government", "Russia"), victims_compatible("fighters (side unknown)", "IS")
    (False, True)
    """
    if a == b or _GENERIC in (a, b):
        return True
    if _FIGHTERS in (a, b):
        other = b if a == _FIGHTERS else a
        return other != "civilians" and not other.startswith("noun:")
    if a.startswith("noun:") or b.startswith("noun:"):
        other = b if a.startswith("noun:") else a
        return other == "civilians"
    return False


def _group_name(k: str) -> str:
    return k[5:] if k.startswith("noun:") else k


@functools.cache
def _gazetteer() -> dict[str, tuple[str, str, str]]:
    """Canonical place -> (admin1, country, kind), first row of each place."""
    g = lexicons.table("gazetteer")
    out: dict[str, tuple[str, str, str]] = {}
    for r in g.to_dict("records"):
        out.setdefault(r["place"], (r.get("admin1", "") or "", r.get("country", "") or "", r.get("kind", "") or ""))
    return out


@dataclass(frozen=True)
class Place:
    name: str
    lat: float | None
    lon: float | None

    @property
    def coords(self):
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)


def places_compatible(a: Place | None, b: Place | None, km: float = 25.0, admin1: str = "area") -> bool:
    """Same canonical place, within ``km``, or sharing ``admin1`` (see module docstring).

    >>> places_compatible(Place("Sukhna", 34.889, 38.877), Place("Palmyra-Deir ez-Zor highway", 34.95, 38.95))
    True
    >>> places_compatible(Place("Deir ez-Zor", 35.336, 40.14), Place("Sukhna", 34.889, 38.877))
    False
    """
    if a is None or b is None:
        return False
    if a.name.casefold() == b.name.casefold():
        return True
    if a.coords and b.coords and _km(a.coords, b.coords) <= km:
        return True
    if admin1 == "none":
        return False
    gaz = _gazetteer()
    ga, gb = gaz.get(a.name), gaz.get(b.name)
    if not ga or not gb or not ga[0] or (ga[0], ga[1]) != (gb[0], gb[1]):
        return False
    return admin1 == "any" or ga[2] in AREA_KINDS or gb[2] in AREA_KINDS


def _place_of(r: dict) -> Place | None:
    p = r.get("place")
    if _na(p) or not str(p).strip():
        return None
    lat, lon = r.get("lat"), r.get("lon")
    return Place(str(p), None if _na(lat) else float(lat), None if _na(lon) else float(lon))


def _sort_key(r: dict):
    pub = _ts(r.get("published"))
    return (pub is None, pub or pd.Timestamp(0), _str(r["article_id"]), _int(r.get("start")) or 0, r["claim_id"])


def _fmt_date(v) -> str:
    t = _ts(v)
    return "" if t is None else t.date().isoformat()


# ----------------------------------------------------------------------------- grouping
_GROUP_FIELDS = ["claim_id", "article_id", "outlet", "published", "start", "kind", "victims", "victim_side", "place",
                 "place_source", "lat", "lon", "event_date", "event_date_end", "subset_of"]


def _used_places(recs: list[dict], km: float) -> None:
    """Set ``place_used`` / ``place_basis`` on each record (per article and kind)."""
    by: dict[tuple[str, str], list[dict]] = {}
    for r in recs:
        by.setdefault((r["article_id"], r["kind"]), []).append(r)
    for key in sorted(by):
        rows = by[key]
        strong = [r for r in rows if _str(r.get("place_source")) in STRONG_PLACE_SOURCES and _place_of(r)]
        main = None
        if strong:
            labels = _cluster_labels(strong, km)
            sizes: dict[str, int] = {}
            for lab in labels:
                sizes[lab] = sizes.get(lab, 0) + 1
            main_lab = max(sorted(sizes), key=lambda x: sizes[x])
            members = [r for lab, r in zip(labels, strong) if lab == main_lab]
            counts: dict[str, int] = {}
            for r in members:
                counts[str(r["place"])] = counts.get(str(r["place"]), 0) + 1
            name = max(sorted(counts), key=lambda x: counts[x])
            main = _place_of(next(r for r in members if str(r["place"]) == name))
        for r in rows:
            own = _place_of(r)
            if own is not None and _str(r.get("place_source")) in STRONG_PLACE_SOURCES:
                r["_place"], r["place_basis"] = own, _str(r.get("place_source"))
            elif main is not None:
                r["_place"] = main
                r["place_basis"] = "article main place" if own is None or own.name != main.name else "article"
            elif own is not None:
                r["_place"], r["place_basis"] = own, "article" if _str(r.get("place_source")) else "claim"
            else:
                r["_place"], r["place_basis"] = None, "none"
            r["place_used"] = r["_place"].name if r["_place"] is not None else None


def _windows(recs: list[dict], lookback_days: int) -> None:
    for r in recs:
        s, e = _ts(r.get("event_date")), _ts(r.get("event_date_end"))
        pub = _ts(r.get("published"))
        if s is not None:
            r["window_start"], r["window_end"], r["window_basis"] = s, max(e or s, s), "event date"
        elif e is not None:
            r["window_start"], r["window_end"], r["window_basis"] = e, e, "event date"
        elif pub is not None:
            r["window_start"], r["window_end"] = pub - pd.Timedelta(days=lookback_days), pub
            r["window_basis"] = f"published - {lookback_days} days"
        else:
            r["window_start"] = r["window_end"] = None
            r["window_basis"] = "none"
        # whole days since the epoch, for fast comparison
        r["_ws"] = None if r["window_start"] is None else r["window_start"].toordinal()
        r["_we"] = None if r["window_end"] is None else r["window_end"].toordinal()


def _linked(a: dict, b: dict, km: float, days: int, admin1: str) -> bool:
    if a["kind"] != b["kind"] or not victims_compatible(a["_victims"], b["_victims"]):
        return False
    same_article = a["article_id"] == b["article_id"]
    if a["_ws"] is None or b["_ws"] is None:
        if not same_article:
            return False
    elif a["_ws"] > b["_we"] + days or b["_ws"] > a["_we"] + days:
        return False
    if a["_place"] is None or b["_place"] is None:
        return same_article
    return _places_compatible_cached(a["_place"], b["_place"], km, admin1)


@functools.lru_cache(maxsize=65536)
def _places_compatible_cached(a: Place, b: Place, km: float, admin1: str) -> bool:
    return places_compatible(a, b, km, admin1)


def incident_hash(claim_ids) -> str:
    """Stable incident id from member claim ids (order does not matter).

    >>> incident_hash(["b", "a"]) == incident_hash(["a", "b"])
    True
    """
    h = hashlib.sha1("\n".join(sorted(map(str, claim_ids))).encode("utf-8")).hexdigest()
    return "i" + h[:12]


def assign_incidents(claims: pd.DataFrame, km: float = 25.0, days: int = 2, lookback_days: int = 3,
                     admin1: str = "area") -> pd.DataFrame:
    """One row per claim: ``claim_id, incident_id, place_used, place_basis, window_start,
    window_end, window_basis`` (rules in the module docstring). Deterministic: the result does
    not depend on the order of ``claims``."""
    cols = ["claim_id", "incident_id", "place_used", "place_basis", "window_start", "window_end", "window_basis"]
    _check_grouping(claims, km, days, lookback_days, admin1)
    if claims.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    claims = claims[[c for c in _GROUP_FIELDS if c in claims.columns]]
    if len(claims) <= BLOCK_CLAIMS:
        return _assign_block(claims, km, days, lookback_days, admin1, cols)
    # a large table: independent blocks one at a time (records for one block in memory)
    parts = [_assign_block(claims.iloc[idx], km, days, lookback_days, admin1, cols)
             for idx in independent_blocks(claims, days, lookback_days)]
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values("claim_id", kind="stable", key=lambda s: s.astype(str)).reset_index(drop=True)


def _check_grouping(claims: pd.DataFrame, km: float, days: int, lookback_days: int, admin1: str) -> None:
    if admin1 not in ADMIN1_MODES:
        raise ParameterError(f"admin1={admin1!r}; choose one of {list(ADMIN1_MODES)}")
    if km < 0 or days < 0 or lookback_days < 0:
        raise ParameterError("km, days and lookback_days must be zero or more")
    if len(claims) and claims["claim_id"].astype(str).duplicated().any():
        raise ParameterError("claims have duplicate claim_id values; incidents need unique claim ids")


def independent_blocks(claims: pd.DataFrame, days: int = 2, lookback_days: int = 3) -> list:
    """Positions of ``claims`` in blocks that no grouping rule links across: claims of one kind
    whose date windows (as ``assign_incidents`` sets them) are more than ``days`` apart never
    link, and every claim stays with the other claims of its article (undated claims and
    subsets link within their article) and of the article of the claim it is a subset of.
    Each block is grouped on its own with the same result as the whole table; blocks are
    packed together into batches of up to ``BLOCK_CLAIMS`` claims (one block may be larger)."""
    import numpy as np

    n = len(claims)
    col = lambda name: claims[name] if name in claims.columns else pd.Series(pd.NaT, index=claims.index)  # noqa: E731
    day = lambda v: pd.to_datetime(v).dt.normalize()  # noqa: E731
    s, e, pub = day(col("event_date")), day(col("event_date_end")), day(col("published"))
    ws = s.where(s.notna(), e.where(e.notna(), pub - pd.Timedelta(days=lookback_days)))
    we = s.where(s.notna() & (e.isna() | (e < s)), e.where(e.notna(), pub))
    epoch = pd.Timestamp(0)
    ws_d = ((ws - epoch).dt.days).to_numpy(dtype="float64", na_value=np.nan)
    we_d = ((we - epoch).dt.days).to_numpy(dtype="float64", na_value=np.nan)
    # small integer codes, not one Python string per claim: this runs on the whole corpus
    kind = pd.factorize(claims["kind"].astype(str))[0]
    article, article_ids = pd.factorize(claims["article_id"].astype(str))
    # sweep each kind by window start: a new block when a window starts after every earlier one ended (+ days)
    block = np.full(n, -1, dtype="int64")
    timed = np.flatnonzero(~np.isnan(ws_d))
    order = timed[np.lexsort((ws_d[timed], kind[timed]))]
    current, reach, prev_kind = -1, -np.inf, None
    for i, k, w_s, w_e in zip(order.tolist(), kind[order].tolist(), ws_d[order].tolist(), we_d[order].tolist()):
        if k != prev_kind or w_s > reach + days:
            current += 1
            reach = -np.inf
            prev_kind = k
        block[i] = current
        reach = max(reach, w_e)
    # union-find over nodes 0..current (blocks) and then one per article
    n_blocks = current + 1
    parent = list(range(n_blocks + len(article_ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    node = article + n_blocks
    for b, a in zip(block[timed].tolist(), node[timed].tolist()):
        union(b, a)
    if "subset_of" in claims.columns:
        sub = claims["subset_of"]
        has = sub.notna().to_numpy()
        if has.any():
            ids = pd.Index(claims["claim_id"].astype(str))
            at = ids.get_indexer(sub[has].astype(str))
            for a, p in zip(node[has].tolist(), at.tolist()):
                if p >= 0:
                    union(a, int(node[p]))
    label = np.fromiter((find(a) for a in node.tolist()), dtype="int64", count=n)
    # groups in order of their first claim, each in claim order
    _, first, inv = np.unique(label, return_index=True, return_inverse=True)
    by_group = np.argsort(inv, kind="stable")
    ends = np.cumsum(np.bincount(inv))
    starts = ends - np.bincount(inv)
    # independent blocks are packed together up to BLOCK_CLAIMS claims (a union of independent
    # blocks is grouped exactly as each alone; many tiny tables would cost more than they save)
    out, batch, size = [], [], 0
    for g in np.argsort(first, kind="stable").tolist():
        m = by_group[starts[g]:ends[g]]
        if batch and size + len(m) > BLOCK_CLAIMS:
            out.append(np.sort(np.concatenate(batch)))
            batch, size = [], 0
        batch.append(m)
        size += len(m)
    if batch:
        out.append(np.sort(np.concatenate(batch)))
    return out


def _assign_block(claims: pd.DataFrame, km: float, days: int, lookback_days: int, admin1: str, cols: list[str]) -> pd.DataFrame:
    recs = claims.to_dict("records")
    recs.sort(key=lambda r: str(r["claim_id"]))
    ids = [str(r["claim_id"]) for r in recs]
    for r in recs:
        r["claim_id"] = str(r["claim_id"])
        r["_victims"] = victim_key(r.get("victim_side"), r.get("victims"))
    _used_places(recs, km)
    _windows(recs, lookback_days)
    by_id = {r["claim_id"]: r for r in recs}
    groups = DisjointSets(ids)
    find, union = groups.find, groups.union

    def root_parent(r: dict) -> str | None:
        """The non-subset ancestor of a subset claim, if it is in the table."""
        seen = set()
        p = r.get("subset_of")
        while not _na(p) and str(p) in by_id and str(p) not in seen:
            seen.add(str(p))
            nxt = by_id[str(p)].get("subset_of")
            if _na(nxt) or str(nxt) not in by_id:
                return str(p)
            p = nxt
        return None

    linkable = [r for r in recs if root_parent(r) is None]
    # dated (or published) claims: a sweep over window starts compares only overlapping windows
    timed = sorted((r for r in linkable if r["_ws"] is not None), key=lambda r: (r["kind"], r["_ws"], r["claim_id"]))
    active: list[dict] = []
    for r in timed:
        if active and active[-1]["kind"] != r["kind"]:
            active = []
        active = [a for a in active if a["_we"] + days >= r["_ws"]]
        for a in active:
            if find(a["claim_id"]) != find(r["claim_id"]) and _linked(a, r, km, days, admin1):
                union(a["claim_id"], r["claim_id"])
        active.append(r)
    # claims without any date: only within their own article
    by_article: dict[str, list[dict]] = {}
    for r in linkable:
        by_article.setdefault(str(r["article_id"]), []).append(r)
    for aid in sorted(by_article):
        rows = by_article[aid]
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if (a["_ws"] is None or b["_ws"] is None or a["_place"] is None or b["_place"] is None) \
                        and find(a["claim_id"]) != find(b["claim_id"]) and _linked(a, b, km, days, admin1):
                    union(a["claim_id"], b["claim_id"])
    for r in recs:
        p = root_parent(r)
        if p is not None:
            union(p, r["claim_id"])
    members: dict[str, list[str]] = {}
    for i in ids:
        members.setdefault(find(i), []).append(i)
    inc_of = {}
    for m in members.values():
        h = incident_hash(m)
        inc_of.update(dict.fromkeys(m, h))
    rows = [{"claim_id": r["claim_id"], "incident_id": inc_of[r["claim_id"]], "place_used": r["place_used"],
             "place_basis": r["place_basis"], "window_start": r["window_start"], "window_end": r["window_end"],
             "window_basis": r["window_basis"]} for r in recs]
    out = pd.DataFrame(rows, columns=cols)
    # datetime columns, not Timestamp objects: a tenth of the memory on large tables
    return out.assign(window_start=pd.to_datetime(out["window_start"]), window_end=pd.to_datetime(out["window_end"]))


# ----------------------------------------------------------------------------- reconciliation
_RECON_FIELDS = ["claim_id", "article_id", "outlet", "published", "start", "kind", "count_low", "count_high",
                 "count_text", "qualifier", "count_kind", "victims", "victim_side", "claimant", "claimant_type",
                 "party_claim_about_enemy", "subset_of"]


def _overlap(a: dict, b: dict) -> bool:
    alo, ahi = a["_low"], (None if a["_open"] else a["_high"])
    blo, bhi = b["_low"], (None if b["_open"] else b["_high"])
    return (ahi is None or blo <= ahi) and (bhi is None or alo <= bhi)


def _restated(r: dict, referents: list[dict]) -> dict | None:
    """The attributed claim an outlet's own figure restates (rule 2), if any: in the same
    victim group, a figure in the same article whose range overlaps it, else the same number
    (not vague words, which are too common to trace) in another article."""
    same_group = [x for x in referents if x["_victims"] == r["_victims"] and x["claim_id"] != r["claim_id"]]
    here = [x for x in same_group if x["article_id"] == r["article_id"] and _overlap(x, r)]
    elsewhere = [x for x in same_group if x["article_id"] != r["article_id"] and not r["_vague"]
                 and x["_figure"] == r["_figure"]]
    cands = here or elsewhere
    if not cands:
        return None
    return min(cands, key=lambda x: (x["_figure"] != r["_figure"], _priority(x["_ctype"]), _sort_key(x)))


def _describe(r: dict) -> str:
    pub = _fmt_date(r.get("published"))
    return f"{r['claim_id']} ({r['_claimant']}: '{_str(r.get('count_text'))}', {_str(r.get('outlet')) or 'unknown outlet'}" + \
        (f", {pub})" if pub else ")")


def _group_stats(counted: list[dict]) -> dict:
    """low / best / high / conservative of one victim group's counted figures (rules 4-5)."""
    low = min(r["_low"] for r in counted)
    high = max(r["_high"] for r in counted)
    high_open = any(r["_open"] and r["_high"] == high for r in counted)
    credible = [r for r in counted if not r["_party"]]
    best = None
    best_rows: list[dict] = []
    conservative = None
    cons_rows: list[dict] = []
    if credible:
        numeric = [r for r in credible if not r["_vague"]]
        pool = numeric or credible
        top = min(_priority(r["_ctype"]) for r in pool)
        tied = [r for r in pool if _priority(r["_ctype"]) == top]
        best = int(statistics.median_low(sorted(r["_point"] for r in tied)))
        best_rows = [r for r in tied if r["_point"] == best]
        conservative = min(r["_low"] for r in credible)
        cons_rows = [r for r in credible if r["_low"] == conservative]
    best_ids = {id(r) for r in best_rows}
    cons_ids = {id(r) for r in cons_rows}
    for r in counted:
        roles = []
        if r["_low"] == low:
            roles.append("low")
        if id(r) in best_ids:
            roles.append("best")
        if r["_high"] == high:
            roles.append("high")
        if id(r) in cons_ids:
            roles.append("conservative")
        r["_role"] = "; ".join(roles)
    return {"low": low, "high": high, "high_open": high_open, "best": best, "conservative": conservative,
            "best_claimants": sorted({r["_claimant"] for r in best_rows}),
            "cons_claimants": sorted({r["_claimant"] for r in cons_rows})}


def reconcile(claims: pd.DataFrame, rule: str = "ucdp", include_party_claims: bool = False) -> dict:
    """Reconcile the claims of one incident (rules in the module docstring).

    Returns ``low, best, high, high_open, conservative, ratio, best_claimant, rule, n_counted,
    victim_groups`` and ``claims``: per claim id a dict of ``counted, reason, role,
    victim_group, figure, n_outlets``.
    """
    check_rule(rule)
    recs = claims[[c for c in _RECON_FIELDS if c in claims.columns]].to_dict("records")
    return _reconcile_records(recs, rule, include_party_claims)


def _reconcile_records(rows: list[dict], rule: str, include_party_claims: bool) -> dict:
    """``reconcile`` on one incident's claims as records (dicts with the ``_RECON_FIELDS``);
    the records are copied, not changed. ``incidents_tables`` calls this once per incident:
    a DataFrame per incident costs milliseconds, thousands of incidents cost minutes."""
    name = rule_name(rule, include_party_claims)
    recs = sorted(({k: r.get(k) for k in _RECON_FIELDS if k in r} for r in rows), key=_sort_key)
    for r in recs:
        r["claim_id"] = str(r["claim_id"])
        r["_claimant"] = _str(r.get("claimant")) or _str(r.get("outlet")) or "(unknown claimant)"
        r["_ctype"] = _str(r.get("claimant_type")) or "outlet"
        r["_own"] = unattributed(r.get("claimant"), r.get("claimant_type"), r.get("outlet"))
        r["_party"] = _bool(r.get("party_claim_about_enemy"))
        r["_vague"] = r.get("count_kind") == "vague"
        r["_point"] = claim_point(r.get("count_low"), r.get("count_high"), _str(r.get("qualifier")), _str(r.get("count_kind")))
        lo, hi = _int(r.get("count_low")), _int(r.get("count_high"))
        r["_low"] = lo if lo is not None else r["_point"]
        r["_open"] = hi is None
        r["_high"] = hi if hi is not None else r["_low"]
        r["_figure"] = stated_figure(r.get("count_low"), r.get("count_high"), r.get("qualifier"), r.get("count_kind"),
                                     r.get("count_text"))
        r["_victims"] = victim_key(r.get("victim_side"), r.get("victims"))
        r["_role"] = ""
    # fighters of unknown side join the incident's only combatant side
    sides = sorted({r["_victims"] for r in recs if _is_side(r["_victims"]) and r["_victims"] != "civilians"})
    for r in recs:
        if r["_victims"] == _FIGHTERS and len(sides) == 1:
            r["_victims"] = sides[0]
    out: dict[str, dict] = {}

    def mark(r, counted, reason):
        prev = out.get(r["claim_id"], {}).get("restates")
        out[r["claim_id"]] = {"counted": counted, "reason": reason, "role": r["_role"], "restates": prev,
                              "victim_group": _group_name(r["_victims"]), "figure": r["_figure"], "n_outlets": 0}

    # rule 1
    pool = []
    for r in recs:
        if not _na(r.get("subset_of")):
            mark(r, False, f"subset of {r['subset_of']}: never added to the total")
        elif r["_point"] is None:
            mark(r, False, "no number in the claim")
        elif r["_party"] and not include_party_claims:
            mark(r, False, "party claim about enemy losses: excluded (include_party_claims is False)")
        else:
            pool.append(r)
    # rule 2: an outlet's own figure restating an attributed one
    referents = [r for r in recs if _na(r.get("subset_of")) and r["_point"] is not None and not r["_own"]]
    kept = []
    for r in pool:
        ref = None
        if r["_own"]:
            ref = _restated(r, referents)
        if ref is not None:
            how = "same figure" if ref["_figure"] == r["_figure"] else "overlapping figure"
            where = "same article" if ref["article_id"] == r["article_id"] else "another article"
            mark(r, False, f"unattributed restatement ({how}, {where}) of {_describe(ref)}")
            out[r["claim_id"]]["restates"] = ref["claim_id"]
        else:
            kept.append(r)
    # rule 3: one figure per claimant and victim group
    by_claimant: dict[tuple[str, str], list[dict]] = {}
    for r in kept:
        by_claimant.setdefault((r["_victims"], r["_claimant"]), []).append(r)
    chosen: dict[str, list[dict]] = {}
    for key in sorted(by_claimant):
        rows = sorted(by_claimant[key], key=lambda r: (r["_vague"], -(_ts(r.get("published")) or pd.Timestamp(0)).value,
                                                        -r["_point"], _sort_key(r)))
        first = rows[0]
        chosen.setdefault(key[0], []).append(first)
        carried = {_str(x.get("outlet")) for x in rows if x["_figure"] == first["_figure"]}
        first["_n_outlets"] = len(carried)
        for r in rows[1:]:
            if r["_figure"] == first["_figure"]:
                why = "same claimant, same figure: counted once as"
            elif r["_vague"] and not first["_vague"]:
                why = "same claimant: its number is used, not vague words:"
            elif _ts(r.get("published")) != _ts(first.get("published")):
                why = "same claimant: superseded by its later figure"
            else:
                why = "same claimant: superseded by its larger figure"
            r["_superseded"] = f"{why} {_describe(first)}"
    # rules 4-6
    groups = {g: _group_stats(rows) for g, rows in sorted(chosen.items())}
    for rows in chosen.values():
        for r in rows:
            reason = "counted: the claimant's figure"
            if r["_party"]:
                reason = "counted in low/high only: party claim about enemy losses (never best)"
            elif r["_vague"] and "best" not in r["_role"]:
                reason = "counted in low/high: vague words (best uses numbers)"
            mark(r, True, reason)
            out[r["claim_id"]]["n_outlets"] = r["_n_outlets"]
    for r in kept:
        if "_superseded" in r:
            mark(r, False, r["_superseded"])
    # n_outlets on every row: outlets carrying this claimant's same figure in the incident
    carriers: dict[tuple, set] = {}
    for r in recs:
        carriers.setdefault((r["_victims"], r["_claimant"], r["_figure"]), set()).add(_str(r.get("outlet")))
    for r in recs:
        out[r["claim_id"]]["n_outlets"] = len(carriers[(r["_victims"], r["_claimant"], r["_figure"])])
    combined = _combine(groups)
    best, best_claimants = combined["best"], combined["best_claimants"]
    if rule == "acled":
        best, best_claimants = combined["conservative"], combined["cons_claimants"]
    low, high = combined["low"], combined["high"]
    ratio = round(high / low, 3) if low and high is not None else None
    return {
        "low": low, "best": best, "high": high, "high_open": combined["high_open"],
        "conservative": combined["conservative"], "ratio": ratio,
        "best_claimant": "; ".join(best_claimants) or None, "rule": name,
        "n_counted": sum(1 for v in out.values() if v["counted"]),
        "victim_groups": "; ".join(sorted({_group_name(r["_victims"]) for r in recs})),
        "claims": out,
    }


def _combine(groups: dict[str, dict]) -> dict:
    """Rule 6: specific groups add up; a generic figure bounds their sum (the larger stands)."""
    if not groups:
        return {"low": None, "best": None, "high": None, "high_open": False, "conservative": None,
                "best_claimants": [], "cons_claimants": []}
    generic = groups.get(_GENERIC)
    spec = [g for k, g in groups.items() if k != _GENERIC]

    def opt_sum(key):
        vals = [g[key] for g in spec if g[key] is not None]
        return sum(vals) if vals else None

    s = None
    if spec:
        s = {"low": sum(g["low"] for g in spec), "high": sum(g["high"] for g in spec),
             "high_open": any(g["high_open"] for g in spec), "best": opt_sum("best"),
             "conservative": opt_sum("conservative"),
             "best_claimants": sorted({c for g in spec if g["best"] is not None for c in g["best_claimants"]}),
             "cons_claimants": sorted({c for g in spec if g["conservative"] is not None for c in g["cons_claimants"]})}
    if generic is None:
        return s
    if s is None:
        return generic

    def larger(key, who=None):
        a, b = generic[key], s[key]
        if a is None or b is None:
            v = a if b is None else b
            src = generic if b is None else s
        else:
            v = max(a, b)
            src = generic if a >= b else s
        return v, (src[who] if who else None)

    best, best_c = larger("best", "best_claimants")
    cons, cons_c = larger("conservative", "cons_claimants")
    high = max(generic["high"], s["high"])
    high_open = (generic["high_open"] and generic["high"] == high) or (s["high_open"] and s["high"] == high)
    return {"low": max(generic["low"], s["low"]), "best": best, "high": high, "high_open": high_open,
            "conservative": cons, "best_claimants": best_c or [], "cons_claimants": cons_c or []}


# ----------------------------------------------------------------------------- tables
def _date_label(start, end, basis: str) -> str:
    s, e = _ts(start), _ts(end)
    if s is None:
        return "undated"
    if basis != "event dates":
        return f"reported {e:%-d %b %Y}" if e is not None else "undated"
    if e is None or e.date() == s.date():
        return f"{s:%-d %b %Y}"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s:%-d}–{e:%-d %b %Y}"
    if s.year == e.year:
        return f"{s:%-d %b} – {e:%-d %b %Y}"
    return f"{s:%-d %b %Y} – {e:%-d %b %Y}"


def _ranked(values: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], v))


def incidents_tables(claims: pd.DataFrame, km: float = 25.0, days: int = 2, lookback_days: int = 3, rule: str = "ucdp",
                     include_party_claims: bool = False, admin1: str = "area") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``incidents`` and ``claim_incidents`` tables (schemas ``INCIDENTS``, ``CLAIM_INCIDENTS``).

    Grouping tolerances: ``km`` between places, ``days`` between date windows, ``lookback_days``
    before publication for undated claims, ``admin1`` (see module docstring). Reconciliation:
    ``rule`` ("ucdp" or "acled") and ``include_party_claims`` (party claims about enemy losses
    in low/high; never in best).
    """
    check_rule(rule)
    if claims.empty:
        return schemas.INCIDENTS.empty(), schemas.CLAIM_INCIDENTS.empty()
    inc_frames, link_frames = [], []
    for inc, links, _ in iter_incident_blocks(claims, km, days, lookback_days, rule, include_party_claims, admin1):
        inc_frames.append(inc)
        link_frames.append(links)
    keys = pd.concat([f[INCIDENT_ORDER] for f in inc_frames], ignore_index=True)
    inc = _joined_in_order(inc_frames, incident_order(keys))
    keys = pd.concat([f[["incident_id", "claim_id"]] for f in link_frames], ignore_index=True)
    links = _joined_in_order(link_frames, link_order(keys, inc["incident_id"]))
    return schemas.INCIDENTS.validate(inc), schemas.CLAIM_INCIDENTS.validate(links)


#: Sort keys of the ``incidents`` table (empty dates last).
INCIDENT_ORDER = ["date_start", "kind", "label", "incident_id"]


def iter_incident_blocks(claims: pd.DataFrame, km: float = 25.0, days: int = 2, lookback_days: int = 3,
                         rule: str = "ucdp", include_party_claims: bool = False, admin1: str = "area"):
    """``incidents_tables`` block by block, as ``(incidents, claim_incidents, positions)``:
    the rows (typed) of the incidents of one independent block of claims, and the positions
    of those claims in ``claims``. Rows are in no particular order; ``incident_order`` and
    ``link_order`` give the tables' order. Records (dicts) and assignments exist for one block
    (about ``BLOCK_CLAIMS`` claims) at a time."""
    check_rule(rule)
    _check_grouping(claims, km, days, lookback_days, admin1)
    if claims.empty:
        return
    cols = ["claim_id", "incident_id", "place_used", "place_basis", "window_start", "window_end", "window_basis"]
    group = claims[[c for c in _GROUP_FIELDS if c in claims.columns]]
    recon = claims[[f for f in _RECON_FIELDS if f in claims.columns]]
    blocks = [slice(None)] if len(claims) <= BLOCK_CLAIMS else independent_blocks(claims, days, lookback_days)
    for idx in blocks:
        assigned = _assign_block(group.iloc[idx], km, days, lookback_days, admin1, cols)
        c = recon.iloc[idx]
        c = c.assign(claim_id=c["claim_id"].astype(str)).merge(assigned, on="claim_id", how="left")
        c = c.sort_values(["incident_id", "claim_id"], kind="stable")
        inc_rows, link_rows = _incident_rows(c.to_dict("records"), rule, include_party_claims, lookback_days)
        del assigned, c
        # typed per block: Arrow strings and datetimes take a fraction of the memory of Python objects
        yield (schemas.INCIDENTS.conform(pd.DataFrame(inc_rows)), schemas.CLAIM_INCIDENTS.conform(pd.DataFrame(link_rows)),
               idx)
        del inc_rows, link_rows


def incident_order(keys: pd.DataFrame):
    """Positions that sort incidents (``INCIDENT_ORDER`` columns) as the table is sorted."""
    return keys.sort_values(INCIDENT_ORDER, kind="stable", na_position="last").index.to_numpy()


def link_order(keys: pd.DataFrame, incident_ids: pd.Series):
    """Positions that sort ``claim_incidents`` rows (columns ``incident_id``, ``claim_id``) as
    the table is sorted: in the order of their incidents (``incident_ids``, sorted), then by claim."""
    keys = keys.assign(incident_id=pd.Index(incident_ids).get_indexer(keys["incident_id"]))
    return keys.sort_values(["incident_id", "claim_id"], kind="stable").index.to_numpy()


def _joined_in_order(frames: list[pd.DataFrame], order) -> pd.DataFrame:
    """``pd.concat(frames).take(order)``, built one column at a time (the frames' columns are
    dropped as they are used), so a large table is never held twice. Empties ``frames``."""
    columns = list(frames[0].columns)
    out = {}
    for col in columns:
        out[col] = pd.concat([f.pop(col) for f in frames], ignore_index=True).take(order).reset_index(drop=True)
    frames.clear()
    return pd.DataFrame(out, columns=columns)


#: Claims turned into records at a time by ``incidents_tables`` (bounds its memory).
BLOCK_CLAIMS = 2_000


def _incident_rows(records: list[dict], rule: str, include_party_claims: bool, lookback_days: int) -> tuple[list, list]:
    """Rows of ``incidents`` and ``claim_incidents`` for the claims of whole incidents (records
    sorted by incident, then claim)."""
    by_incident: dict[str, list[dict]] = {}
    for r in records:
        by_incident.setdefault(r["incident_id"], []).append(r)
    inc_rows, link_rows = [], []
    for iid in by_incident:
        m = by_incident[iid]
        res = _reconcile_records(m, rule, include_party_claims)
        dated = [r for r in m if r["window_basis"] == "event date"]
        starts = [r["window_start"] for r in (dated or m) if _ts(r["window_start"]) is not None]
        ends = [r["window_end"] for r in (dated or m) if _ts(r["window_end"]) is not None]
        if dated:
            start, end, basis = min(starts, default=None), max(ends, default=None), "event dates"
        elif starts:
            start, end = min(starts), max(ends, default=None)
            basis = f"publication window ({lookback_days} days before publication)"
        else:
            start = end = None
            basis = "none"
        places = _ranked([_str(r["place_used"]) for r in m])
        kind = str(m[0]["kind"])
        groups = res["victim_groups"].replace(_GENERIC, "people") if res["victim_groups"] else ""
        place_lbl = " / ".join(places[:2]) + (f" +{len(places) - 2}" if len(places) > 2 else "") if places else "no place"
        label = f"{place_lbl}, {_date_label(start, end, basis)}: {kind} ({groups or 'victims unknown'})"
        inc_rows.append({
            "incident_id": iid, "label": label, "kind": kind, "place": places[0] if places else None,
            "date_start": start, "date_end": end, "n_claims": len(m),
            "n_outlets": len({r["outlet"] for r in m if not _na(r.get("outlet"))}),
            "n_claimants": len({r["claimant"] for r in m if not _na(r.get("claimant"))}),
            "low": res["low"], "best": res["best"], "high": res["high"],
            "rule": res["rule"], "high_open": res["high_open"], "best_claimant": res["best_claimant"],
            "conservative": res["conservative"], "ratio": res["ratio"], "n_counted": res["n_counted"],
            "n_party_claims": sum(_bool(r.get("party_claim_about_enemy")) for r in m),
            "places": "; ".join(places) or None, "victim_groups": res["victim_groups"] or None, "date_basis": basis,
        })
        for r in m:
            v = res["claims"][r["claim_id"]]
            link_rows.append({
                "claim_id": r["claim_id"], "incident_id": iid, "counted": v["counted"], "reason": v["reason"],
                "role": v["role"] or None, "restates": v["restates"], "victim_group": v["victim_group"],
                "figure": v["figure"] or None,
                "n_outlets": v["n_outlets"], "place_used": r["place_used"], "place_basis": r["place_basis"],
                "window_start": r["window_start"], "window_end": r["window_end"], "window_basis": r["window_basis"],
            })
    return inc_rows, link_rows


# ----------------------------------------------------------------------------- travel and views
def figure_travel(claims: pd.DataFrame, claim_incidents: pd.DataFrame) -> pd.DataFrame:
    """The ``figure_travel`` table: per incident, claimant and victim group, every appearance of
    the claimant's figures in publication order (date, article, position), compared with the
    first appearance; plus the outlets' own figures that restate one of them without naming
    the claimant (``restates`` in ``claim_incidents``), flagged ``claimant_dropped``."""
    if claims.empty or claim_incidents.empty:
        return schemas.FIGURE_TRAVEL.empty()
    links = claim_incidents[["claim_id", "incident_id", "victim_group", "figure", "restates"]]
    # only claims that can be in a chain: attributed ones (not subsets), restatements and what they restate
    restating = set(links.loc[links["restates"].notna(), "claim_id"]) | set(links["restates"].dropna())
    cols = ["claim_id", "article_id", "outlet", "published", "start", "in_headline", "count_text", "qualifier",
            "claimant", "claimant_type", "subset_of"]
    cl = claims[[x for x in cols if x in claims.columns]]
    cl = cl.assign(claim_id=cl["claim_id"].astype(str))
    empty = pd.Series(None, index=cl.index, dtype=object)
    keep = [(not unattributed(a, b, o) and _na(sub)) or cid in restating for cid, a, b, o, sub in
            zip(cl["claim_id"], cl.get("claimant", empty), cl.get("claimant_type", empty), cl.get("outlet", empty),
                cl.get("subset_of", empty))]
    c = cl[keep].merge(links, on="claim_id", how="inner")
    rows = []
    order = {iid: i for i, iid in enumerate(dict.fromkeys(claim_incidents["incident_id"]))}
    by_incident: dict = {}  # records per incident in table order, converted once (not one mask per incident)
    for r in c.to_dict("records"):
        by_incident.setdefault(r["incident_id"], []).append(r)
    for iid in sorted(set(c["incident_id"]), key=lambda x: order.get(x, 0)):
        recs = sorted(by_incident[iid], key=_sort_key)
        by_id = {r["claim_id"]: r for r in recs}
        chains: dict[tuple[str, str], list[dict]] = {}
        for r in recs:
            if not unattributed(r.get("claimant"), r.get("claimant_type"), r.get("outlet")) and _na(r.get("subset_of")):
                chains.setdefault((_str(r.get("claimant")), _str(r.get("victim_group"))), []).append(r)
        dropped: set[str] = set()
        for r in recs:
            ref = by_id.get(_str(r.get("restates")))
            if ref is not None:
                chains.setdefault((_str(ref.get("claimant")), _str(ref.get("victim_group"))), []).append(r)
                dropped.add(r["claim_id"])
        for (claimant, _group), chain in sorted(chains.items()):
            chain = sorted(chain, key=_sort_key)
            ref = next(r for r in chain if r["claim_id"] not in dropped)
            for step, r in enumerate(chain):
                is_dropped = r["claim_id"] in dropped
                first = r is ref
                num = _str(r.get("figure")) != _str(ref.get("figure"))
                qual = (not num and _str(r.get("qualifier")) != _str(ref.get("qualifier"))
                        and "vague" not in (_str(r.get("qualifier")), _str(ref.get("qualifier"))))
                changes = []
                if not first and num:
                    changes.append(f"number {_str(ref.get('figure'))} -> {_str(r.get('figure'))}")
                if not first and qual:
                    changes.append(f"qualifier {_str(ref.get('qualifier'))} -> {_str(r.get('qualifier'))}")
                if is_dropped:
                    changes.append("claimant dropped")
                rows.append({
                    "incident_id": iid, "claimant": claimant, "step": step, "claim_id": r["claim_id"],
                    "article_id": r["article_id"], "outlet": r.get("outlet"), "published": r.get("published"),
                    "in_headline": r.get("in_headline"), "count_text": r.get("count_text"), "figure": r.get("figure"),
                    "qualifier": r.get("qualifier"), "attributed": not is_dropped, "ref_claim_id": ref["claim_id"],
                    "number_changed": not first and num, "qualifier_changed": not first and qual,
                    "claimant_dropped": is_dropped,
                    "change": "; ".join(changes) or ("first appearance" if first else "same figure, same hedge"),
                })
    if not rows:
        return schemas.FIGURE_TRAVEL.empty()
    return schemas.FIGURE_TRAVEL.conform(pd.DataFrame(rows))


def select_incidents(incidents: pd.DataFrame, wanted: list | tuple | None = None) -> pd.DataFrame:
    """Keep incidents whose id equals, or whose label contains (case-insensitive), an entry of
    ``wanted``; all of them when ``wanted`` is empty. An entry matching nothing is an error."""
    wanted = [str(w) for w in (wanted or []) if str(w).strip()]
    if not wanted:
        return incidents.reset_index(drop=True)
    keep = pd.Series(False, index=incidents.index)
    missing = []
    for w in wanted:
        hit = (incidents["incident_id"] == w) | incidents["label"].str.casefold().str.contains(w.casefold(), regex=False)
        hit = hit.fillna(False).astype(bool)
        if not hit.any():
            missing.append(w)
        keep |= hit
    if missing:
        known = "; ".join(f"{i} = {lab}" for i, lab in zip(incidents["incident_id"], incidents["label"]))
        raise ParameterError(f"no incident matches {missing}; the incidents are: {known or 'none'}")
    return incidents[keep].reset_index(drop=True)


def incident_claims(claims: pd.DataFrame, claim_incidents: pd.DataFrame, incident_id: str) -> pd.DataFrame:
    """The claims of one incident with their link columns, in reading order."""
    links = claim_incidents[claim_incidents["incident_id"] == incident_id]
    out = claims.merge(links, on="claim_id", how="inner")
    return out.sort_values(["published", "article_id", "start"], kind="stable").reset_index(drop=True)


def incident_outlets(articles: pd.DataFrame, incident, lookback_days: int = 3) -> list[str]:
    """Outlets with an article published from the incident's first day to ``lookback_days``
    after its last: the outlets that could have reported it (for ``coverage_matrix``)."""
    start, end = _ts(incident["date_start"]), _ts(incident["date_end"])
    if start is None or articles.empty:
        return []
    pub = pd.to_datetime(articles["published"])
    hit = pub.between(start, (end or start) + pd.Timedelta(days=lookback_days)).fillna(False).astype(bool)
    return sorted(set(articles.loc[hit, "outlet"].dropna().astype(str)))


def coverage_matrix(members: pd.DataFrame, outlets: list | None = None) -> pd.DataFrame:
    """Outlet × figure for one incident: a cell holds the words the outlet used for that
    claimant's figure, empty when it left the figure out. Columns are ``claimant: figure``
    (hedge aside: "58", "at least 58" and "more than 58" are one figure; the victim group is
    added when the incident has several), claimants by
    priority; an outlet's own unattributed figures are under ``(unattributed): ...``. Pass
    ``outlets`` to add rows for outlets that published nothing on the incident."""
    if members.empty:
        return pd.DataFrame()
    m = members.copy()
    unattr = pd.Series([unattributed(a, b, c) for a, b, c in zip(m["claimant"], m["claimant_type"], m["outlet"])],
                       index=m.index, dtype=bool)
    m["who"] = m["claimant"].fillna("(unknown)").where(~unattr, "(unattributed)")
    m["column"] = m["who"] + ": " + m["figure"].fillna("?")
    if "victim_group" in m and m["victim_group"].nunique() > 1:
        m["column"] = m["column"] + " (" + m["victim_group"].fillna("?") + ")"
    m["outlet"] = m["outlet"].fillna("(unknown outlet)")
    prio = {t: i for i, t in enumerate(CLAIMANT_PRIORITY)}
    col_order = (m.assign(_p=m["claimant_type"].map(prio).fillna(len(prio)).where(~unattr, len(prio) + 1),
                          _n=pd.to_numeric(m["figure"].str.extract(r"^(\d+)", expand=False), errors="coerce"))
                 .sort_values(["_p", "who", "_n", "column"], kind="stable")["column"].drop_duplicates().tolist())
    cell = m.groupby(["outlet", "column"], sort=True)["count_text"].agg(lambda s: "; ".join(dict.fromkeys(s.dropna().astype(str))))
    tab = cell.unstack("column").reindex(columns=col_order)
    rows = sorted(set(tab.index) | set(map(str, outlets or [])))
    tab = tab.reindex(rows).fillna("")
    tab.index.name = "outlet"
    tab.columns.name = None
    return tab.astype("string")


__all__ = [
    "incidents_tables", "assign_incidents", "reconcile", "figure_travel", "select_incidents", "incident_claims",
    "incident_outlets", "coverage_matrix", "stated_figure", "unattributed", "victim_key", "victims_compatible",
    "places_compatible", "incident_hash", "check_rule", "rule_name", "RULES", "RULE_NAMES",
]
