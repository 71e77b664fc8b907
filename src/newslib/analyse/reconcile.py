"""Reconciling an incident's figures: every claimant's series, the honest spread, named rules, a grade.

An incident (``newslib.analyse.incidents``) holds every claim about one happening: figures from
several claimants, carried by several outlets, revised as days pass. This module turns them
into the answer an analyst needs: *how many, according to whom, and how far apart*. Every
output row names the rule that produced its ``best`` figure; every claim says why it counts or
not.

Rules, in order (they are also the README's methodology):

1. **Not counted at all**: a subset ("including 50 children": never added to its parent); a
   claim without a number; a party's claim about its enemy's losses
   (``party_claim_about_enemy``) when ``include_party_claims`` is False (it still appears in
   the stated and party ranges).
2. **Unattributed restatement**: an outlet's own figure (claimant type ``outlet``, the outlet
   itself) is not counted when, in the same victim group, its own article attributes an
   overlapping figure to a claimant, or another article attributes the same number to one. The
   outlet is repeating its source without naming it (``restates`` names the claim).
3. **A claimant's figures are a series.** Per victim group, a claimant's figures are ordered by
   the day they were published (then article and position). Each distinct figure on a day is
   a **step** (``claimant_series``); a step whose figure differs from the claimant's previous
   step on an earlier day is a **revision**; two outlets carrying different figures of one
   claimant on the same day is a **mutation** (flagged on both). The **current** figure is the
   latest day's (numbers before vague words; on a day with a mutation, the figure most outlets
   carried, then the largest). The current figure is counted; the earlier steps are kept,
   shown and used for the stated range, never silently dropped.
4. Each counted figure has a low (``count_low``), a high (``count_high``; "more than 58" is a
   floor, 59, and leaves the high *open*) and a point (``totals.claim_point``); vague words give
   their lexicon range ("scores": 40-199). Beside numbers, vague words add to ``low``/``high``
   only the nearest end of their range, and nothing when the numbers fall inside it: "dozens"
   beside 58 is no claim of 99, "hundreds" beside 58 makes the high 200 (``_spread_bounds``).
5. **Victim groups** (side, else victim noun; see ``incidents.victim_key``) are reconciled
   apart and then combined: specific groups add up, a generic figure ("more than 150 people")
   bounds their sum, the larger stands.
6. **The spread**, per incident (groups combined as in rule 5):

   * ``independent_low`` / ``independent_high``: the range of the *current* figures of
     **independent** claimants: every claimant not known to be a party to the fighting
     (``claimant_is_party`` not true and not a party claim about an enemy's losses). An outlet
     speaking in its own voice counts as a claimant of its own, unless rule 2 found the
     claimant it repeats.
   * ``stated_low`` / ``stated_high``: every figure independent claimants stated, earlier
     steps of their series included: a revision cannot hide how far apart the figures were.
   * ``party_low`` / ``party_high``: the parties' figures (current), apart.
   * ``low`` / ``high``: the counted figures (party claims about enemy losses only with
     ``include_party_claims``), as in earlier versions.
   * ``best``: by the named rule (``RULES``): ``ucdp`` (the highest-priority non-party claimant
     by ``totals.CLAIMANT_PRIORITY``, numbers before vague words, median of ties), ``acled``
     (the lowest credible figure), ``latest_independent`` (the independent figure published
     last), ``median_independent`` (the median of independent claimants' current figures).
   * ``ratio`` = ``stated_high / stated_low``: the disagreement among independent figures,
     revisions included; ``ratio_current`` = ``independent_high / independent_low``.
7. **Grade** (as Airwars and Iraq Body Count grade by hand), with its reason:
   ``party claims only`` (no independent figure); ``single source`` (one independent claimant,
   however many outlets carried it); ``contested`` (two or more independent claimants whose
   current figures are more than ``CONTEST_FACTOR`` apart, or different perpetrators named);
   ``corroborated`` (two or more independent claimants within that factor); ``no figure``
   (only subsets or claims without a number).

>>> import pandas as pd
>>> c = pd.DataFrame({"claim_id": ["a", "b", "c"], "article_id": ["x", "y", "z"], "outlet": ["X", "Y", "Z"],
...     "published": pd.to_datetime(["2017-09-29", "2017-09-30", "2017-09-29"]), "start": 0, "kind": "killed",
...     "count_low": [58, 120, 100], "count_high": [58, 120, 100], "count_text": ["58", "around 120", "around 100"],
...     "qualifier": ["exact", "approximate", "approximate"], "count_kind": "number", "victims": "soldiers",
...     "victim_side": "pro-government", "claimant": ["Observatory", "Observatory", "IS"],
...     "claimant_type": ["monitor", "monitor", "armed_group"], "claimant_is_party": [False, False, True],
...     "party_claim_about_enemy": [False, False, True], "subset_of": None})
>>> r = reconcile(c)
>>> r["best"], r["stated_low"], r["stated_high"], r["party_low"], r["grade"]
(120, 58, 120, 100, 'single source')
"""
from __future__ import annotations

import statistics
from collections.abc import Callable

import pandas as pd

from .. import io, lexicons, schemas
from ..errors import ParameterError
from .totals import CLAIMANT_PRIORITY, claim_point, is_generic_head, is_na, priority, victim_head

__all__ = ["reconcile", "reconcile_records", "RULES", "RULE_NAMES", "rule_name", "check_rule", "CONTEST_FACTOR",
           "GRADES", "stated_figure", "unattributed", "victim_key", "victims_compatible", "MILITARY_HEADS",
           "FIGHTERS", "GENERIC", "series_rows"]

#: Independent figures further apart than this factor make an incident ``contested``.
CONTEST_FACTOR = 2.0
GRADES = schemas.GRADES

#: Victim nouns that name fighters: without a side they fit any armed side (``claim_words.csv``,
#: ``military_noun``, the role claims read too).
MILITARY_HEADS = lexicons.WordSet("military_noun")
FIGHTERS = "fighters (side unknown)"
GENERIC = "people (generic)"


# ----------------------------------------------------------------------------- small helpers
def _ts(v) -> pd.Timestamp | None:
    return None if is_na(v) or v is pd.NaT else pd.Timestamp(v)


def _bool(v) -> bool:
    return False if is_na(v) else bool(v)


def _int(v) -> int | None:
    return None if is_na(v) else int(v)


def _str(v) -> str:
    return "" if is_na(v) else str(v)


def _day(v) -> str:
    t = _ts(v)
    return "" if t is None else f"{t:%-d %b %Y}"


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


def _said(r: dict) -> str:
    """The figure with its hedge, for reading: 'more than 58', 'around 120', 'scores'; a figure
    given against others (``disputes``) says so: 'eight (disputing)'."""
    text = " ".join(_str(r.get("count_text")).split())
    said = text.lower() if r["_vague"] else (text or r["_figure"])
    return f"{said} (disputing)" if _bool(r.get("disputes")) else said


def victim_key(side, victims) -> str:
    """Victim key used for grouping: the side, else the victim noun classified.

    >>> victim_key("pro-government", "troops"), victim_key("unknown", "troops"), victim_key(None, "people")
    ('pro-government', 'fighters (side unknown)', 'people (generic)')
    """
    if isinstance(side, str) and side not in ("unknown", ""):
        return side
    head = victim_head(victims)
    if is_generic_head(head):
        return GENERIC
    if head in MILITARY_HEADS:
        return FIGHTERS
    return f"noun:{head}"


def is_side(k: str) -> bool:
    return k not in (GENERIC, FIGHTERS) and not k.startswith("noun:")


def victims_compatible(a: str, b: str) -> bool:
    """Whether two victim keys can be the same victims: equal keys; a generic key fits all;
    fighters of unknown side fit any side but civilians; another noun fits civilians.

    >>> victims_compatible("pro-government", "Russia"), victims_compatible("fighters (side unknown)", "IS")
    (False, True)
    """
    if a == b or GENERIC in (a, b):
        return True
    if FIGHTERS in (a, b):
        other = b if a == FIGHTERS else a
        return other != "civilians" and not other.startswith("noun:")
    if a.startswith("noun:") or b.startswith("noun:"):
        other = b if a.startswith("noun:") else a
        return other == "civilians" or other.startswith("noun:")
    return False


def group_name(k: str) -> str:
    return k[5:] if k.startswith("noun:") else k


# ----------------------------------------------------------------------------- named rules
def _rule_ucdp(pool: list[dict]) -> list[dict]:
    """The highest-priority claimant type's figure (numbers before vague words); ties: median."""
    numeric = [r for r in pool if not r["_vague"]] or pool
    top = min(priority(r["_ctype"]) for r in numeric)
    return [r for r in numeric if priority(r["_ctype"]) == top]


def _rule_acled(pool: list[dict]) -> list[dict]:
    """The lowest credible figure (ACLED's conservative practice)."""
    lo = min(r["_low"] for r in pool)
    return [r for r in pool if r["_low"] == lo]


def _rule_latest(pool: list[dict]) -> list[dict]:
    """The independent figure published last (numbers before vague words)."""
    pool = [r for r in pool if not r["_indep_excluded"]]
    if not pool:
        return []
    numeric = [r for r in pool if not r["_vague"]] or pool
    last = max(r["_when"] for r in numeric)
    return [r for r in numeric if r["_when"] == last]


def _rule_median(pool: list[dict]) -> list[dict]:
    """Every independent claimant's current figure: their median (the lower middle one)."""
    pool = [r for r in pool if not r["_indep_excluded"]]
    return [r for r in pool if not r["_vague"]] or pool


#: Reconciliation rules: name -> (function choosing the rows ``best`` comes from, description).
#: The chosen rows' points give ``best`` by their median (lower middle), so one row gives its point.
RULES: dict[str, tuple[Callable[[list[dict]], list[dict]], str]] = {
    "ucdp": (_rule_ucdp, "best: the highest-priority non-party claimant's current figure (UCDP-style)"),
    "acled": (_rule_acled, "best: the lowest credible current figure (ACLED-style)"),
    "latest_independent": (_rule_latest, "best: the independent claimant's figure published last"),
    "median_independent": (_rule_median, "best: the median of independent claimants' current figures"),
}


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
        described = "; ".join(f"{k}: {v[1]}" for k, v in RULES.items())
        raise ParameterError(f"rule={rule!r} is not a reconciliation rule; choose one of {list(RULES)} ({described})")
    return rule


# ----------------------------------------------------------------------------- reconciliation
RECON_FIELDS = ["claim_id", "article_id", "outlet", "published", "start", "kind", "count_low", "count_high",
                "count_text", "qualifier", "count_kind", "victims", "victim_side", "perpetrator", "claimant",
                "claimant_type", "claimant_is_party", "party_claim_about_enemy", "subset_of", "in_headline",
                "disputes"]


def _sort_key(r: dict):
    pub = r.get("_pub")
    return (pub is None, pub or pd.Timestamp(0), _str(r["article_id"]), _int(r.get("start")) or 0, r["claim_id"])


def _describe(r: dict) -> str:
    pub = _day(r.get("_pub"))
    return f"{r['claim_id']} ({r['_claimant']}: '{_str(r.get('count_text'))}', {_str(r.get('outlet')) or 'unknown outlet'}" + \
        (f", {pub})" if pub else ")")


def _overlap(a: dict, b: dict) -> bool:
    alo, ahi = a["_low"], (None if a["_open"] else a["_high"])
    blo, bhi = b["_low"], (None if b["_open"] else b["_high"])
    return (ahi is None or blo <= ahi) and (bhi is None or alo <= bhi)


class _Referents:
    """The attributed figures an outlet's own figure may restate (rule 2), indexed by victim
    group and article, and by victim group and figure (no scan over all of them)."""

    def __init__(self, referents: list[dict]):
        self.by_article: dict[tuple, list[dict]] = {}
        self.by_figure: dict[tuple, list[dict]] = {}
        for x in referents:
            self.by_article.setdefault((x["_victims"], x["article_id"]), []).append(x)
            self.by_figure.setdefault((x["_victims"], x["_figure"]), []).append(x)
        self._first: dict[tuple, tuple[dict, dict | None]] = {}

    def _best_elsewhere(self, key: tuple, article_id) -> dict | None:
        """The first referent of ``by_figure[key]`` by (claimant priority, ``_sort_key``) whose
        article is not ``article_id``: the best of the group, else the best from another
        article than the best's. Found once per group (one sort), so an incident whose figure
        thousands of articles repeat costs no scan of the group per claim."""
        found = self._first.get(key)
        if found is None:
            group = self.by_figure.get(key)
            if not group:
                return None
            # stable: among equal keys the first in the group, as min() over it gives
            ranked = sorted(group, key=lambda x: (priority(x["_ctype"]), _sort_key(x)))
            top = ranked[0]
            found = (top, next((x for x in ranked if x["article_id"] != top["article_id"]), None))
            self._first[key] = found
        top, other = found
        return top if top["article_id"] != article_id else other

    def restated(self, r: dict) -> dict | None:
        """The attributed claim an outlet's own figure restates, if any: in the same victim
        group, a figure in the same article whose range overlaps it, else the same number (not
        vague words, which are too common to trace) in another article."""
        here = [x for x in self.by_article.get((r["_victims"], r["article_id"]), ())
                if x["claim_id"] != r["claim_id"] and _overlap(x, r)]
        if here:
            return min(here, key=lambda x: (x["_figure"] != r["_figure"], priority(x["_ctype"]), _sort_key(x)))
        return None if r["_vague"] else self._best_elsewhere((r["_victims"], r["_figure"]), r["article_id"])

    def restated_plain(self, r: dict) -> dict | None:
        """``restated`` by a scan of every candidate (the reference the tests compare with)."""
        here = [x for x in self.by_article.get((r["_victims"], r["article_id"]), ())
                if x["claim_id"] != r["claim_id"] and _overlap(x, r)]
        elsewhere = [] if r["_vague"] else [x for x in self.by_figure.get((r["_victims"], r["_figure"]), ())
                                            if x["article_id"] != r["article_id"]]
        cands = here or elsewhere
        if not cands:
            return None
        return min(cands, key=lambda x: (x["_figure"] != r["_figure"], priority(x["_ctype"]), _sort_key(x)))


def _prepare(rows: list[dict]) -> list[dict]:
    recs = sorted(({k: v for k, v in r.items()} for r in rows), key=lambda r: (_ts(r.get("_pub", r.get("published"))) is None,
                                                                               _ts(r.get("_pub", r.get("published"))) or pd.Timestamp(0),
                                                                               _str(r.get("article_id")), _int(r.get("start")) or 0,
                                                                               str(r["claim_id"])))
    for r in recs:
        r["claim_id"] = str(r["claim_id"])
        r["_pub"] = _ts(r.get("_pub", r.get("published")))
        r["_claimant"] = _str(r.get("claimant")) or _str(r.get("outlet")) or "(unknown claimant)"
        r["_ctype"] = _str(r.get("claimant_type")) or "outlet"
        r["_own"] = unattributed(r.get("claimant"), r.get("claimant_type"), r.get("outlet"))
        r["_enemy"] = _bool(r.get("party_claim_about_enemy"))
        r["_is_party"] = _bool(r.get("claimant_is_party")) or r["_enemy"]
        r["_vague"] = r.get("count_kind") == "vague"
        r["_point"] = claim_point(r.get("count_low"), r.get("count_high"), _str(r.get("qualifier")), _str(r.get("count_kind")))
        lo, hi = _int(r.get("count_low")), _int(r.get("count_high"))
        r["_low"] = lo if lo is not None else r["_point"]
        r["_open"] = hi is None
        r["_high"] = hi if hi is not None else r["_low"]
        r["_figure"] = stated_figure(r.get("count_low"), r.get("count_high"), r.get("qualifier"), r.get("count_kind"),
                                     r.get("count_text"))
        r["_victims"] = victim_key(r.get("victim_side"), r.get("victims"))
        r["_when"] = r["_pub"] or pd.Timestamp.min
        r["_role"] = ""
        r["_indep_excluded"] = r["_is_party"]
    # fighters of unknown side join the incident's only combatant side
    sides = sorted({r["_victims"] for r in recs if is_side(r["_victims"]) and r["_victims"] != "civilians"})
    for r in recs:
        if r["_victims"] == FIGHTERS and len(sides) == 1:
            r["_victims"] = sides[0]
    return recs


def _series(rows: list[dict]) -> list[dict]:
    """The steps of one claimant's series in one victim group (rule 3), in order; marks each
    record with ``_step`` (its step index) and returns the steps: dicts with ``day``,
    ``figure``, ``records``, ``outlets``, ``revision``, ``mutation``, ``current``."""
    steps: list[dict] = []
    by_key: dict[tuple, dict] = {}
    for r in sorted(rows, key=_sort_key):
        day = r["_pub"].normalize() if r["_pub"] is not None else None
        key = (day, r["_figure"])
        st = by_key.get(key)
        if st is None:
            st = by_key[key] = {"day": day, "figure": r["_figure"], "records": [], "outlets": set(), "revision": False,
                                "mutation": False, "current": False}
            steps.append(st)
        st["records"].append(r)
        st["outlets"].add(_str(r.get("outlet")))
    for st in steps:  # a step stands for its largest figure ("58", "at least 58", "more than 58": 59)
        st["records"].sort(key=lambda r: -(r["_point"] or 0))
    by_day: dict = {}
    for st in steps:
        by_day.setdefault(st["day"], []).append(st)
    last_before = None  # the last step of an earlier day (steps are in day order, undated last)
    prev_day = None
    for i, st in enumerate(steps):
        if st["day"] != prev_day:
            if prev_day is not None and i > 0:
                last_before = steps[i - 1]
            prev_day = st["day"]
        kinds = {s["records"][0]["_vague"] for s in by_day[st["day"]]} if st["day"] is not None else set()
        same_kind = [s for s in by_day.get(st["day"], ()) if s is not st and st["day"] is not None
                     and s["records"][0]["_vague"] == st["records"][0]["_vague"]]
        st["mutation"] = bool(same_kind)
        st["revision"] = (last_before is not None and st["day"] is not None and last_before["day"] is not None
                          and last_before["figure"] != st["figure"])
        for r in st["records"]:
            r["_step"] = i
        del kinds
    # the current figure: numbers before vague words, the latest day, most outlets, the largest
    numeric = [s for s in steps if not s["records"][0]["_vague"]] or steps
    dated = [s for s in numeric if s["day"] is not None]
    pool = dated or numeric
    last = max((s["day"] for s in pool if s["day"] is not None), default=None)
    latest = [s for s in pool if s["day"] == last]
    cur = max(latest, key=lambda s: (len(s["outlets"]), max(r["_point"] or 0 for r in s["records"]), -steps.index(s)))
    cur["current"] = True
    return steps


def _spread_bounds(r: dict, counted: list[dict]) -> tuple[int | None, int | None]:
    """What a counted figure adds to the spread (low, high). A number adds its own range. Vague
    words ("dozens": 24-99) say only that the toll is somewhere in their range: beside numbers
    they add the nearest end of it, and nothing when the numbers already fall inside it, so
    "dozens" beside 58 does not make 99 a claimed figure, while "hundreds" beside 58 makes the
    high at least 200. Vague words alone add their whole range."""
    if not r["_vague"]:
        return r["_low"], r["_high"]
    numbers = [x for x in counted if not x["_vague"]]
    if not numbers:
        return r["_low"], r["_high"]
    n_low = min(x["_low"] for x in numbers)
    n_high = max(x["_high"] for x in numbers)
    if r["_high"] < n_low:
        return r["_high"], None
    if r["_low"] > n_high:
        return None, r["_low"]
    return None, None


def _group_stats(counted: list[dict], rule: str) -> dict:
    """low / best / high / conservative of one victim group's counted figures (rules 4-6)."""
    span = {id(r): _spread_bounds(r, counted) for r in counted}
    low = min(lo for lo, _ in span.values() if lo is not None)
    high = max(hi for _, hi in span.values() if hi is not None)
    high_open = any(r["_open"] and span[id(r)][1] == high for r in counted)
    credible = [r for r in counted if not r["_enemy"]]
    best = conservative = None
    best_rows: list[dict] = []
    cons_rows: list[dict] = []
    if credible:
        best_rows = RULES[rule][0](credible)
        if best_rows:
            best = int(statistics.median_low(sorted(r["_point"] for r in best_rows)))
            best_rows = [r for r in best_rows if r["_point"] == best] or best_rows
        conservative = min(r["_low"] for r in credible)
        cons_rows = [r for r in credible if r["_low"] == conservative]
    best_ids = {id(r) for r in best_rows}
    cons_ids = {id(r) for r in cons_rows}
    for r in counted:
        roles = []
        if span[id(r)][0] == low:
            roles.append("low")
        if id(r) in best_ids:
            roles.append("best")
        if span[id(r)][1] == high:
            roles.append("high")
        if id(r) in cons_ids:
            roles.append("conservative")
        r["_role"] = "; ".join(roles)
    return {"low": low, "high": high, "high_open": high_open, "best": best, "conservative": conservative,
            "best_claimants": sorted({r["_claimant"] for r in best_rows}),
            "cons_claimants": sorted({r["_claimant"] for r in cons_rows})}


def _written(r: dict) -> tuple[int, int]:
    """The numbers a figure states, as written: "more than 58" is 58 (its floor, 59, is for
    reconciling), "up to 30" is 30, a range its ends, vague words their lexicon range."""
    if not r["_vague"] and r.get("qualifier") == "more_than" and r["_low"] is not None:
        return r["_low"] - 1, r["_low"] - 1 if r["_open"] else r["_high"]
    return r["_low"], r["_high"]


def _range(rows: list[dict]) -> dict | None:
    """low/high of the figures of one group as written (numbers before vague words)."""
    if not rows:
        return None
    pool = [r for r in rows if not r["_vague"]] or rows
    lows, highs = zip(*(_written(r) for r in pool))
    high = max(highs)
    return {"low": min(lows), "high": high,
            "high_open": any(r["_open"] and _written(r)[1] == high for r in pool),
            "best": None, "conservative": None, "best_claimants": [], "cons_claimants": []}


def _combine(groups: dict[str, dict]) -> dict:
    """Rule 5: specific groups add up; a generic figure bounds their sum (the larger stands)."""
    groups = {k: g for k, g in groups.items() if g is not None}
    if not groups:
        return {"low": None, "best": None, "high": None, "high_open": False, "conservative": None,
                "best_claimants": [], "cons_claimants": []}
    generic = groups.get(GENERIC)
    spec = [g for k, g in groups.items() if k != GENERIC]

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


def reconcile(claims: pd.DataFrame, rule: str = "ucdp", include_party_claims: bool = False) -> dict:
    """Reconcile the claims of one incident (rules in the module docstring).

    Returns the incident's figures (``low, best, high, high_open, conservative, ratio,
    ratio_current, independent_low/high, stated_low/high, party_low/high, grade,
    grade_reason, n_independent, claimants, best_claimant, rule, n_counted, victim_groups``),
    ``claims`` (per claim id: ``counted, reason, role, restates, victim_group, figure,
    n_outlets, current``) and ``series`` (the steps of every claimant's series).
    """
    check_rule(rule)
    recs = io.records(claims[[c for c in RECON_FIELDS if c in claims.columns]])
    return reconcile_records(recs, rule, include_party_claims)


def reconcile_records(rows: list[dict], rule: str = "ucdp", include_party_claims: bool = False) -> dict:
    """``reconcile`` on one incident's claims as records (dicts with the ``RECON_FIELDS``, and
    optionally ``_pub``: the publication date to use, e.g. one inferred from wire copy); the
    records are copied, not changed."""
    name = rule_name(rule, include_party_claims)
    recs = _prepare(rows)
    out: dict[str, dict] = {}

    def mark(r, counted, reason):
        prev = out.get(r["claim_id"], {}).get("restates")
        out[r["claim_id"]] = {"counted": counted, "reason": reason, "role": r["_role"], "restates": prev,
                              "victim_group": group_name(r["_victims"]), "figure": r["_figure"], "n_outlets": 0,
                              "current": False}

    # rule 1
    pool = []
    for r in recs:
        if not is_na(r.get("subset_of")):
            mark(r, False, f"subset of {r['subset_of']}: never added to the total")
        elif r["_point"] is None:
            mark(r, False, "no number in the claim")
        else:
            pool.append(r)
    # rule 2
    referents = _Referents([r for r in recs if is_na(r.get("subset_of")) and r["_point"] is not None and not r["_own"]])
    kept = []
    for r in pool:
        ref = referents.restated(r) if r["_own"] else None
        if ref is not None:
            how = "same figure" if ref["_figure"] == r["_figure"] else "overlapping figure"
            where = "same article" if ref["article_id"] == r["article_id"] else "another article"
            mark(r, False, f"unattributed restatement ({how}, {where}) of {_describe(ref)}")
            out[r["claim_id"]]["restates"] = ref["claim_id"]
        else:
            kept.append(r)
    # rule 3: series
    by_claimant: dict[tuple[str, str], list[dict]] = {}
    for r in kept:
        by_claimant.setdefault((r["_victims"], r["_claimant"]), []).append(r)
    series: list[dict] = []
    current: dict[str, list[dict]] = {}
    stated: dict[str, list[dict]] = {}
    party_cur: dict[str, list[dict]] = {}
    for key in sorted(by_claimant):
        steps = _series(by_claimant[key])
        cur = next(s for s in steps if s["current"])
        rep = cur["records"][0]
        rep["_n_outlets"] = len(cur["outlets"])
        for i, st in enumerate(steps):
            series.append({"victims": key[0], "claimant": key[1], "step": i, "steps": steps, **st})
        if rep["_is_party"]:
            party_cur.setdefault(key[0], []).append(rep)
        else:
            stated.setdefault(key[0], []).extend(r for s in steps for r in s["records"][:1])
        if rep["_enemy"] and not include_party_claims:
            reason = "party claim about enemy losses: excluded (include_party_claims is False)"
            for st in steps:
                for r in st["records"]:
                    mark(r, False, reason)
            out[rep["claim_id"]]["current"] = True
            continue
        current.setdefault(key[0], []).append(rep)
        for st in steps:
            for r in st["records"]:
                if r is rep:
                    continue
                if st is cur:
                    r["_why"] = f"same claimant, same figure: counted once as {_describe(rep)}"
                elif st["day"] is not None and cur["day"] is not None and st["day"] < cur["day"]:
                    r["_why"] = (f"revised: an earlier figure of {rep['_claimant']} (step {steps.index(st) + 1} of "
                                 f"{len(steps)}); its current figure is '{_said(rep)}' ({_day(cur['day'])})")
                elif r["_vague"] and not rep["_vague"]:
                    r["_why"] = f"same claimant: its number is used, not vague words: {_describe(rep)}"
                elif st["mutation"]:
                    r["_why"] = f"mutation: another outlet gives {rep['_claimant']}'s figure of the same day as '{_said(rep)}'"
                else:
                    r["_why"] = f"same claimant: {_describe(rep)} is its current figure"
    # rules 4-6
    groups = {g: _group_stats(rows, rule) for g, rows in sorted(current.items())}
    for rows in current.values():
        for r in rows:
            reason = "counted: the claimant's current figure"
            if r["_enemy"]:
                reason = "counted in low/high only: party claim about enemy losses (never best)"
            elif r["_vague"] and "best" not in r["_role"]:
                reason = "counted in low/high: vague words (best uses numbers)"
            mark(r, True, reason)
            out[r["claim_id"]]["current"] = True
    for r in kept:
        if "_why" in r and r["claim_id"] in out and out[r["claim_id"]]["counted"]:
            continue
        if "_why" in r:
            mark(r, False, r["_why"])
    carriers: dict[tuple, set] = {}
    for r in recs:
        carriers.setdefault((r["_victims"], r["_claimant"], r["_figure"]), set()).add(_str(r.get("outlet")))
    for r in recs:
        out[r["claim_id"]]["n_outlets"] = len(carriers[(r["_victims"], r["_claimant"], r["_figure"])])
    combined = _combine(groups)
    best, best_claimants = combined["best"], combined["best_claimants"]
    low, high = combined["low"], combined["high"]
    indep = _combine({g: _range([r for r in rows if not r["_is_party"]]) for g, rows in current.items()})
    stat = _combine({g: _range(rows) for g, rows in stated.items()})
    party = _combine({g: _range(rows) for g, rows in party_cur.items()})
    ratio = round(stat["high"] / stat["low"], 3) if stat["low"] and stat["high"] is not None else None
    ratio_cur = round(indep["high"] / indep["low"], 3) if indep["low"] and indep["high"] is not None else None
    grade, why, n_indep = _grade(current, party_cur, recs)
    return {
        "low": low, "best": best, "high": high, "high_open": combined["high_open"],
        "conservative": combined["conservative"], "ratio": ratio, "ratio_current": ratio_cur,
        "independent_low": indep["low"], "independent_high": indep["high"],
        "stated_low": stat["low"], "stated_high": stat["high"],
        "party_low": party["low"], "party_high": party["high"],
        "grade": grade, "grade_reason": why, "n_independent": n_indep,
        "claimants": _claimants_line(series, current, party_cur),
        "best_claimant": "; ".join(best_claimants) or None, "rule": name,
        "n_counted": sum(1 for v in out.values() if v["counted"]),
        "victim_groups": "; ".join(sorted({group_name(r["_victims"]) for r in recs})),
        "claims": out, "series": series,
    }


def _grade(current: dict[str, list[dict]], party_cur: dict[str, list[dict]], recs: list[dict]) -> tuple[str, str, int]:
    """Rule 7: the grade, its reason, and the number of independent claimants. Figures are
    compared within a victim group (troops and civilians are not rival counts)."""
    indep = [r for rows in current.values() for r in rows if not r["_is_party"]]
    parties = sorted({r["_claimant"] for rows in party_cur.values() for r in rows})
    names = sorted({r["_claimant"] for r in indep})
    party_note = f"; party claims: {', '.join(parties)}" if parties else ""
    if not indep:
        if parties:
            return "party claims only", f"only parties to the fighting gave figures: {', '.join(parties)}", 0
        return "no figure", "no counted figure (only subsets, or claims without a number)", 0
    perps = sorted({_str(r.get("perpetrator")) for r in recs if _str(r.get("perpetrator")) and not r["_is_party"]})
    contested, corroborated = [], []
    for group, rows in sorted(current.items()):
        mine = [r for r in rows if not r["_is_party"]]
        who = sorted({r["_claimant"] for r in mine})
        if len(who) < 2:
            continue
        listing = ", ".join(f"{r['_claimant']} '{_said(r)}'" for r in sorted(mine, key=lambda r: r["_claimant"]))
        where = f" ({group_name(group).replace(GENERIC, 'people')})" if len(current) > 1 else ""
        numeric = [r for r in mine if not r["_vague"]]
        lo = min((_written(r)[0] for r in numeric), default=None)
        hi = max((_written(r)[1] for r in numeric), default=None)
        if len({r["_claimant"] for r in numeric}) >= 2 and lo and hi and hi / lo > CONTEST_FACTOR:
            contested.append(f"{len(who)} independent claimants{where} apart by {hi / lo:.1f}x (more than "
                             f"{CONTEST_FACTOR:g}x): {listing}")
        else:
            spread = f"within {hi / lo:.1f}x" if lo and hi and len(numeric) >= 2 else "no numbers to compare"
            corroborated.append(f"{len(who)} independent claimants{where}, {spread}: {listing}")
    if contested:
        return "contested", "; ".join(contested) + party_note, len(names)
    if len(perps) > 1:
        return "contested", f"responsibility disputed ({' vs '.join(perps)}){party_note}", len(names)
    if corroborated:
        return "corroborated", "; ".join(corroborated) + party_note, len(names)
    outlets = {_str(r.get("outlet")) for r in recs if r["_claimant"] in names}
    carried = f"carried by {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
    if len(names) == 1:
        return "single source", f"one independent claimant ({names[0]}: '{_said(indep[0])}'), {carried}{party_note}", 1
    per = "; ".join(f"{group_name(g).replace(GENERIC, 'people')}: {rows[0]['_claimant']}" for g, rows in sorted(current.items())
                    if not rows[0]["_is_party"])
    return "single source", f"one independent claimant per victim group ({per}), {carried}{party_note}", len(names)


def _claimants_line(series: list[dict], current: dict, party_cur: dict) -> str | None:
    """One line per claimant: its steps with days, the current one marked; parties marked."""
    by: dict[tuple[str, str], list[dict]] = {}
    for s in series:
        by.setdefault((s["claimant"], s["victims"]), []).append(s)
    multi_group = len({k[1] for k in by}) > 1
    lines = []
    for (who, victims), steps in sorted(by.items(), key=lambda kv: (kv[1][0]["records"][0]["_is_party"],
                                                                      priority(kv[1][0]["records"][0]["_ctype"]), kv[0])):
        rep = steps[0]["records"][0]
        parts = []
        for st in steps:
            said = " / ".join(dict.fromkeys(_said(r) for r in sorted(st["records"], key=_sort_key)))
            day = f" ({st['day']:%-d %b})" if st["day"] is not None else ""
            mark = ", current" if st["current"] and len(steps) > 1 else ""
            parts.append(f"{said}{day[:-1] + mark + ')' if day else (' (current)' if mark else '')}")
        tag = " (party)" if rep["_is_party"] else ""
        grp = f" [{group_name(victims)}]" if multi_group else ""
        lines.append(f"{who}{tag}{grp}: {' -> '.join(parts)}")
    return "; ".join(lines) or None


def series_rows(incident_id: str, result: dict, by_id: dict[str, dict] | None = None) -> list[dict]:
    """Rows of the ``claimant_series`` table for one reconciled incident."""
    rows = []
    for s in result["series"]:
        r = s["records"][0]
        rows.append({
            "incident_id": incident_id, "claimant": s["claimant"], "claimant_type": r["_ctype"],
            "is_party": r["_is_party"], "victim_group": group_name(s["victims"]), "step": s["step"],
            "date": s["day"], "figure": s["figure"], "count_text": " ".join(_str(r.get("count_text")).split()) or None,
            "count_low": _int(r.get("count_low")), "count_high": _int(r.get("count_high")),
            "qualifier": r.get("qualifier"), "current": s["current"], "revision": s["revision"], "mutation": s["mutation"],
            "n_outlets": len({o for o in s["outlets"] if o}), "outlets": "; ".join(sorted(o for o in s["outlets"] if o)) or None,
            "claim_id": r["claim_id"], "article_id": r.get("article_id"), "outlet": r.get("outlet"),
            "url": (by_id or {}).get(r["claim_id"], {}).get("url"),
        })
    return rows
