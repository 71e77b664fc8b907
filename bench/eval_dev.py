#!/usr/bin/env python
"""Score the claim extractor on the development corpus of other wars (``.devcorpus``).

    python bench/eval_dev.py                 # per event and overall
    python bench/eval_dev.py --verbose       # ... and every miss, false positive and field error
    python bench/eval_dev.py --dev PATH      # another copy of the corpus (or NEWSLIB_DEVCORPUS)

The corpus (see ``../shared/corpus/dev/README.md``) holds one folder per event, each with its
article texts, ``articles.csv`` (outlet, url, published), ``gold.csv`` (every casualty claim,
with a verbatim ``anchor`` unique in its file) and ``traps.csv`` (numbers that are not claims).
The texts are third-party material: they are read at run time and never copied anywhere.
Without the corpus this script says so and exits 0.

Each event folder is read through newslib's own corpus reader (``corpus.ingest``: the
``articles.csv`` sidecar gives outlet, url and publication date) and its claims are extracted
with ``claims.extract_claims``, exactly as ``newslib extract`` would.

**Matching** (``match_gold``). A gold row's anchor is found in its file's text (the decoded
raw text), and mapped to the cleaned text newslib works on (``corpus.clean_text(raw).to_clean``).
It matches an extracted claim of the same article and the same kind whose span
``[start, end)`` overlaps the anchor's and whose count agrees. Matching is one-to-one (a maximum
bipartite matching per article; among candidates a larger overlap, then a nearer start, wins).

**Counts agree** when the stated numbers are equal after putting newslib's bounds into the
corpus's convention (gold ``more_than n`` has low n, newslib low n + 1; gold vague words keep
their low only; a range is stated by its low), or when both are vague words ("dozens" against
"scores": a vague count is scored on its value, in count accuracy, not in matching).

**Precision and recall.** A gold row with a matching claim is a true positive, one without a
false negative. An extracted claim that matches no gold row is a false positive, also when it
sits on a trap (those are counted apart as ``on traps``: numbers the annotators marked as not
claims). Combined killed-and-wounded figures are no claim type of the gold: the corpus lists
them as traps. A claim of kind ``killed_and_wounded`` that sits on such a trap ("combined" in
its reason) is the right reading: it is neither a true nor a false positive, and is counted as
``combined held apart``. Anywhere else it is a false positive.

**Field accuracy** is over matched pairs:

* ``count``: low and high both equal (in the corpus's convention, see above).
* ``qualifier``: newslib's qualifier, ``range`` for a range count.
* ``kind``: over kind-agnostic pairs (the same matching without the kind test), the share with
  the gold kind.
* ``claimant``: gold ``unattributed`` needs an unattributed claim (``claimant_type`` outlet);
  otherwise the names agree when, with the claimants lexicon's aliases written as their
  canonical names ("UN" -> "United Nations"), lower-cased, without accents, determiners, "'s",
  punctuation and hyphens inside words, they are equal or the words of one contain the
  other's ("health ministry" agrees with "Houthi-run health ministry"). ``claimant_exact``
  needs the normalised names equal.
* ``claimant_type``: equal. ``party``: ``claimant_is_party`` against the gold yes/no (unknown
  counts as wrong).
* ``place``: equal (case-insensitive), or equal to the gold place without its bracketed
  facility ("El Fasher" for "El Fasher (South Hospital)"), or two names the gazetteer resolves
  to one place ("Aksum" for "Axum").
* ``victim_side``: equal, gold ``unspecified`` = newslib ``unknown``.

``match_gold(claims, articles, gold)`` is importable (tests and other scorers load this file
with importlib): one row per gold row with the matched ``claim_id`` (empty when none).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # run from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DEV = ROOT / ".devcorpus"
#: the kind of a combined killed-and-injured figure (not counted as killed or wounded)
COMBINED_KIND = "killed_and_wounded"
FIELDS = ("count", "qualifier", "kind", "claimant", "claimant_exact", "claimant_type", "party", "place", "victim_side")


def dev_dir(path: str | Path | None = None) -> Path:
    """The dev corpus folder: ``path``, else ``$NEWSLIB_DEVCORPUS``, else ``.devcorpus``."""
    if path:
        return Path(path)
    env = os.environ.get("NEWSLIB_DEVCORPUS")
    return Path(env) if env else DEFAULT_DEV


def events(path: str | Path | None = None) -> list[Path]:
    """Event folders of the dev corpus (those with a ``gold.csv``), sorted; [] when absent."""
    d = dev_dir(path)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_dir() and (p / "gold.csv").exists())


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_event(folder: str | Path) -> dict:
    """``articles`` (newslib's articles table, read by ``corpus.ingest``), ``errors``,
    ``gold`` and ``traps`` (string tables) of one event folder."""
    from newslib.read import corpus

    folder = Path(folder)
    res = corpus.ingest(folder)
    gold = _read(folder / "gold.csv")
    traps = _read(folder / "traps.csv") if (folder / "traps.csv").exists() else pd.DataFrame(
        columns=["file", "anchor", "why_not_a_casualty_claim"])
    return {"articles": res.articles, "errors": res.errors, "gold": gold, "traps": traps}


def extract(articles: pd.DataFrame) -> pd.DataFrame:
    """The claims newslib extracts from ``articles``."""
    from newslib.extract.claims import extract_claims

    return extract_claims(articles)


# ----------------------------------------------------------------------------- anchors
def anchor_spans(articles: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (with ``file`` and ``anchor``) plus ``article_id``, ``anchor_start`` and
    ``anchor_end`` (offsets in the cleaned text, ``<NA>`` when the anchor is not found) and
    ``anchor_problem`` (empty, or why the anchor could not be placed)."""
    from newslib.read import corpus

    by_id = {str(a): i for i, a in enumerate(articles["article_id"].tolist())}
    raws = articles["raw_text"].tolist() if "raw_text" in articles.columns else [None] * len(articles)
    cleaned: dict[int, corpus.Cleaned] = {}
    ids, starts, ends, problems = [], [], [], []
    for file, anchor in zip(rows["file"].tolist(), rows["anchor"].tolist()):
        art = Path(str(file)).stem
        ids.append(art)
        i = by_id.get(art)
        start = end = None
        problem = ""
        if i is None or not isinstance(raws[i], str):
            problem = "article not read"
        else:
            raw = raws[i]
            pos = raw.find(anchor)
            if pos < 0:
                problem = "anchor not in the text"
            elif raw.find(anchor, pos + 1) >= 0:
                problem = "anchor not unique"
            else:
                if i not in cleaned:
                    cleaned[i] = corpus.clean_text(raw)
                c = cleaned[i]
                start = c.to_clean(pos)
                end = max(start, c.to_clean(pos + len(anchor) - 1) + 1)
                if start >= len(c.text):
                    start = end = None
                    problem = "anchor removed as page furniture"
        starts.append(start)
        ends.append(end)
        problems.append(problem)
    out = rows.copy()
    out["article_id"] = ids
    out["anchor_start"] = pd.array(starts, dtype="Int64")
    out["anchor_end"] = pd.array(ends, dtype="Int64")
    out["anchor_problem"] = problems
    return out


# ----------------------------------------------------------------------------- counts
def _int(v) -> int | None:
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    s = str(v).strip()
    return int(float(s)) if s else None


_FEWER = re.compile(r"^\s*(?:fewer|less|under)\b", re.IGNORECASE)


def claim_bounds(claim) -> tuple[int | None, int | None, str]:
    """A claim's (low, high, qualifier) in the dev corpus's convention: ``more_than n`` has
    low n (newslib: n + 1); ``up_to`` has high n ('fewer than n': newslib n - 1); vague
    words keep their low only; a range count's qualifier is ``range``."""
    lo, hi = _int(claim.get("count_low")), _int(claim.get("count_high"))
    qual = str(claim.get("qualifier") or "")
    if str(claim.get("count_kind") or "") == "range":
        return lo, hi, "range"
    if qual == "more_than":
        return (lo - 1 if lo is not None else None), None, qual
    if qual == "up_to":
        if hi is not None and _FEWER.match(str(claim.get("count_text") or "")):
            hi += 1
        return None, hi, qual
    if qual == "vague":
        return lo, None, qual
    return lo, hi, qual


def _stated(lo: int | None, hi: int | None) -> int | None:
    return lo if lo is not None else hi


def counts_agree(gold_row, claim) -> bool:
    """The stated numbers are equal, or both counts are vague words."""
    lo, hi, qual = claim_bounds(claim)
    gqual = str(gold_row.get("qualifier") or "")
    if qual == "vague" and gqual == "vague":
        return True
    g = _stated(_int(gold_row.get("count_low")), _int(gold_row.get("count_high")))
    return g is not None and g == _stated(lo, hi)


# ----------------------------------------------------------------------------- matching
def _max_matching(prefs: list[list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths), left i -> right ``prefs[i]`` tried in
    order; returns right -> left. Left vertices are taken in order, so earlier ones keep
    their first choice when that loses nothing."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in prefs[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(prefs)):
        augment(i, set())
    return owner


def match_gold(claims: pd.DataFrame, articles: pd.DataFrame, gold: pd.DataFrame, use_kind: bool = True) -> pd.DataFrame:
    """One row per gold row (in ``gold``'s order, every gold column kept) with ``article_id``,
    ``anchor_start``/``anchor_end`` (cleaned-text offsets), ``anchor_problem`` and
    ``claim_id``: the extracted claim it matches, ``<NA>`` when none.

    A gold row matches a claim of the same article and kind (unless ``use_kind`` is False)
    whose span overlaps the anchor and whose count agrees (``counts_agree``); one-to-one.
    ``articles`` needs ``article_id`` and ``raw_text``; ``gold`` needs ``file``, ``anchor``,
    ``claim_type``, ``count_low``, ``count_high`` and ``qualifier``.
    """
    g = anchor_spans(articles, gold.reset_index(drop=True))
    matched: list = [pd.NA] * len(g)
    if claims is not None and len(claims):
        cl = claims.reset_index(drop=True)
        by_article: dict[str, list[int]] = {}
        for k, a in enumerate(cl["article_id"].astype(str).tolist()):
            by_article.setdefault(a, []).append(k)
        crow = cl.to_dict("records")
        gold_by_article: dict[str, list[int]] = {}
        for k in range(len(g)):
            if pd.notna(g.at[k, "anchor_start"]):
                gold_by_article.setdefault(g.at[k, "article_id"], []).append(k)
        for art, gks in gold_by_article.items():
            gks = sorted(gks, key=lambda k: (int(g.at[k, "anchor_start"]), k))
            prefs = []
            for k in gks:
                a0, a1 = int(g.at[k, "anchor_start"]), int(g.at[k, "anchor_end"])
                gr = g.iloc[k]
                cands = []
                for ci in by_article.get(art, []):
                    c = crow[ci]
                    s, e = int(c["start"]), int(c["end"])
                    overlap = min(a1, e) - max(a0, s)
                    if overlap <= 0:
                        continue
                    if use_kind and str(c["kind"]) != str(gr["claim_type"]):
                        continue
                    if not counts_agree(gr, c):
                        continue
                    cands.append((-overlap, abs(s - a0), ci))
                prefs.append([ci for *_, ci in sorted(cands)])
            owner = _max_matching(prefs)
            for ci, li in owner.items():
                matched[gks[li]] = crow[ci]["claim_id"]
    g["claim_id"] = pd.array(matched, dtype="string")
    return g


# ----------------------------------------------------------------------------- field comparison
_DETERMINERS = frozenset("the a an its their his her".split())


def _canonical_aliases(name: str) -> str:
    """Known aliases of the claimants lexicon written as their canonical name ('UN' ->
    'United Nations'), so that two ways of naming one body compare equal."""
    from newslib import lexicons

    out, last = [], 0
    for h in lexicons.alias_matcher("claimants").find(name):
        if lexicons.truthy(h.value.get("generic", "false")):
            continue
        out += [name[last:h.start], str(h.value["claimant"])]
        last = h.end
    return "".join(out) + name[last:]


def norm_name(name) -> str:
    """Known aliases canonical, lower-cased, accents and punctuation removed, hyphenated words
    joined ('co-ordinator'), determiners and "'s" dropped."""
    s = _canonical_aliases(str(name or "")).replace("\u2019", "'")  # a curly apostrophe is one too
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"(?<=[a-z])-(?=[a-z])", "", s)
    words = [w for w in re.split(r"[^a-z0-9]+", s) if w and w not in _DETERMINERS]
    return " ".join(words)


def claimant_agrees(gold_row, claim, exact: bool = False) -> bool:
    gname = str(gold_row.get("claimant") or "").strip()
    ptype = str(claim.get("claimant_type") or "")
    if gname.lower() == "unattributed":
        return ptype == "outlet"
    if ptype == "outlet":
        return False
    g, p = norm_name(gname), norm_name(claim.get("claimant"))
    if not g or not p:
        return False
    if g == p:
        return True
    if exact:
        return False
    gw, pw = set(g.split()), set(p.split())
    return gw <= pw or pw <= gw


def _party(v) -> str:
    if v is None:
        return "unknown"
    try:
        if pd.isna(v):
            return "unknown"
    except (TypeError, ValueError):
        pass
    if isinstance(v, str):
        return {"yes": "yes", "true": "yes", "no": "no", "false": "no"}.get(v.strip().lower(), "unknown")
    return "yes" if bool(v) else "no"


def place_agrees(gold_place, pred_place) -> bool:
    """The same place: equal names (the gold's bracketed facility aside), or two spellings
    the gazetteer resolves to one place ('Axum' and 'Aksum')."""
    g = str(gold_place or "").strip().casefold()
    p = "" if pred_place is None or (not isinstance(pred_place, str) and pd.isna(pred_place)) else str(pred_place).strip().casefold()
    if not g:
        return not p
    bare = re.sub(r"\s*\(.*\)\s*$", "", g)
    if p == g or p == bare:
        return True
    if not p:
        return False
    from newslib.language import gazetteer

    a, b = gazetteer.lookup(bare), gazetteer.lookup(p)
    return a is not None and a == b


def field_ok(field: str, gold_row, claim) -> bool:
    if field == "count":
        lo, hi, _ = claim_bounds(claim)
        return (lo, hi) == (_int(gold_row.get("count_low")), _int(gold_row.get("count_high")))
    if field == "qualifier":
        return claim_bounds(claim)[2] == str(gold_row.get("qualifier") or "")
    if field == "kind":
        return str(claim.get("kind")) == str(gold_row.get("claim_type"))
    if field == "claimant":
        return claimant_agrees(gold_row, claim)
    if field == "claimant_exact":
        return claimant_agrees(gold_row, claim, exact=True)
    if field == "claimant_type":
        return str(claim.get("claimant_type") or "") == str(gold_row.get("claimant_type") or "")
    if field == "party":
        return _party(claim.get("claimant_is_party")) == _party(gold_row.get("party_to_conflict"))
    if field == "place":
        return place_agrees(gold_row.get("place"), claim.get("place"))
    if field == "victim_side":
        g = str(gold_row.get("victim_side") or "").strip().casefold()
        p = str(claim.get("victim_side") or "").strip().casefold()
        return p == g or (g == "unspecified" and p in ("unknown", ""))
    raise KeyError(field)


def _pred_value(field: str, claim) -> str:
    if field == "count":
        lo, hi, _ = claim_bounds(claim)
        return f"[{lo},{hi}]"
    if field == "qualifier":
        return claim_bounds(claim)[2]
    if field in ("claimant", "claimant_exact"):
        return f"{claim.get('claimant')} ({claim.get('claimant_type')})"
    if field == "party":
        return _party(claim.get("claimant_is_party"))
    return str(claim.get(field))


def _gold_value(field: str, g) -> str:
    if field == "count":
        return f"[{_int(g.get('count_low'))},{_int(g.get('count_high'))}]"
    if field == "kind":
        return str(g.get("claim_type"))
    if field in ("claimant", "claimant_exact"):
        return f"{g.get('claimant')} ({g.get('claimant_type')})"
    if field == "party":
        return _party(g.get("party_to_conflict"))
    return str(g.get(field))


# ----------------------------------------------------------------------------- scoring
def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def score_event(name: str, articles: pd.DataFrame, claims: pd.DataFrame, gold: pd.DataFrame,
                traps: pd.DataFrame) -> dict:
    """Counts, precision/recall/F1, field accuracies and the lists of misses of one event."""
    claims = claims.reset_index(drop=True) if claims is not None else pd.DataFrame(
        columns=["claim_id", "article_id", "start", "end", "kind"])
    m = match_gold(claims, articles, gold)
    mk = match_gold(claims, articles, gold, use_kind=False)
    t = anchor_spans(articles, traps.reset_index(drop=True)) if len(traps) else traps.assign(
        article_id=[], anchor_start=[], anchor_end=[], anchor_problem=[])
    by_id = {c["claim_id"]: c for c in claims.to_dict("records")}
    matched_ids = set(m["claim_id"].dropna().tolist())

    def on_trap(c) -> str | None:
        for r in t.itertuples(index=False):
            if r.article_id != str(c["article_id"]) or pd.isna(r.anchor_start):
                continue
            if min(int(r.anchor_end), int(c["end"])) - max(int(r.anchor_start), int(c["start"])) > 0:
                return str(r.why_not_a_casualty_claim)
        return None

    fps, combined_ok = [], []
    for c in claims.to_dict("records"):
        if c["claim_id"] in matched_ids:
            continue
        why = on_trap(c)
        if str(c["kind"]) == COMBINED_KIND and why and "combined" in why.lower():
            combined_ok.append(c)
            continue
        fps.append({**c, "trap": why})
    tp = len(matched_ids)
    res = {"label": name, "n_gold": len(gold), "n_pred": len(claims) - len(combined_ok), "tp": tp, "fp": len(fps),
           "fn": len(gold) - tp, "fp_on_traps": sum(1 for f in fps if f["trap"]), "combined_held_apart": len(combined_ok),
           "anchor_problems": int((m["anchor_problem"] != "").sum())}
    res.update(_prf(tp, len(fps), len(gold) - tp))
    acc = {f: [0, 0] for f in FIELDS}
    errors = []
    for pairs, fields in ((m, [f for f in FIELDS if f != "kind"]), (mk, ["kind"])):
        for g in pairs.to_dict("records"):
            cid = g["claim_id"]
            if pd.isna(cid):
                continue
            c = by_id[cid]
            for f in fields:
                ok = field_ok(f, g, c)
                acc[f][0] += ok
                acc[f][1] += 1
                if not ok and f != "claimant_exact":
                    errors.append({"file": g["file"], "anchor": g["anchor"], "field": f,
                                   "gold": _gold_value(f, g), "pred": _pred_value(f, c)})
    res["accuracy"] = {f: (c, n, c / n if n else float("nan")) for f, (c, n) in acc.items()}
    res["false_negatives"] = [
        {"file": g["file"], "anchor": g["anchor"], "what": f"{g['claim_type']} [{g['count_low']},{g['count_high']}] {g['qualifier']}",
         "problem": g["anchor_problem"]}
        for g in m.to_dict("records") if pd.isna(g["claim_id"])]
    res["false_positives"] = [
        {"article_id": f["article_id"], "what": f"{f['kind']} '{f['count_text']}' [{f['count_low']},{f['count_high']}]",
         "quote": f.get("quote"), "trap": f["trap"]} for f in fps]
    res["field_errors"] = errors
    res["matches"] = m
    return res


def combine(results: list[dict], label: str = "overall") -> dict:
    tp = sum(r["tp"] for r in results)
    fp = sum(r["fp"] for r in results)
    fn = sum(r["fn"] for r in results)
    out = {"label": label, "n_gold": sum(r["n_gold"] for r in results), "n_pred": sum(r["n_pred"] for r in results),
           "tp": tp, "fp": fp, "fn": fn, **_prf(tp, fp, fn)}
    for k in ("fp_on_traps", "combined_held_apart", "anchor_problems"):
        out[k] = sum(r[k] for r in results)
    acc = {}
    for f in FIELDS:
        c = sum(r["accuracy"][f][0] for r in results)
        n = sum(r["accuracy"][f][1] for r in results)
        acc[f] = (c, n, c / n if n else float("nan"))
    out["accuracy"] = acc
    return out


def score_dev(path: str | Path | None = None) -> list[dict]:
    """``score_event`` of every event of the dev corpus, then the overall totals (last);
    [] when the corpus is absent."""
    out = []
    for folder in events(path):
        ev = load_event(folder)
        claims = extract(ev["articles"])
        out.append(score_event(folder.name, ev["articles"], claims, ev["gold"], ev["traps"]))
    if out:
        out.append(combine(out))
    return out


# ----------------------------------------------------------------------------- printing
def _pct(x: float) -> str:
    return "  n/a" if x != x else f"{100 * x:5.1f}%"


def format_scores(results: list[dict]) -> str:
    lines = [f"{'event':14} {'gold':>5} {'pred':>5} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>6} {'R':>6} {'F1':>6}  "
             f"{'fp on traps':>11} {'combined apart':>14}"]
    for r in results:
        lines.append(f"{r['label']:14} {r['n_gold']:5d} {r['n_pred']:5d} {r['tp']:4d} {r['fp']:4d} {r['fn']:4d}  "
                     f"{_pct(r['precision'])} {_pct(r['recall'])} {_pct(r['f1'])}  {r['fp_on_traps']:11d} "
                     f"{r['combined_held_apart']:14d}")
    probs = sum(r["anchor_problems"] for r in results[:-1]) if len(results) > 1 else results[0]["anchor_problems"]
    if probs:
        lines.append(f"  note: {probs} gold anchors could not be placed (see --verbose)")
    lines.append("")
    lines.append("accuracy over matched claims (kind: over kind-agnostic matches)")
    lines.append(f"{'field':15}" + "".join(f"{r['label']:>18}" for r in results))
    for f in FIELDS:
        cells = []
        for r in results:
            c, n, a = r["accuracy"][f]
            cells.append(f"{c:3d}/{n:<3d} {_pct(a)}".rjust(18))
        lines.append(f"{f:15}" + "".join(cells))
    return "\n".join(lines)


def format_misses(res: dict) -> str:
    out = [f"--- {res['label']}: false negatives ({len(res['false_negatives'])})"]
    for m in res["false_negatives"]:
        extra = f"  [{m['problem']}]" if m["problem"] else ""
        out.append(f"  FN {m['file']}: {m['what']}  {m['anchor']!r}{extra}")
    out.append(f"--- {res['label']}: false positives ({len(res['false_positives'])})")
    for m in res["false_positives"]:
        trap = f"  [trap: {m['trap']}]" if m["trap"] else ""
        out.append(f"  FP {m['article_id']}: {m['what']}{trap}\n       {m['quote']}")
    out.append(f"--- {res['label']}: field errors among matched claims ({len(res['field_errors'])})")
    for e in res["field_errors"]:
        out.append(f"  {e['file']} {e['field']}: gold={e['gold']!r} pred={e['pred']!r}  {e['anchor']!r}")
    return "\n".join(out)


def results_block(results: list[dict]) -> str:
    """Figures only (no article text), for the README."""
    out = []
    for r in results:
        acc = r["accuracy"]
        out.append(f"{r['label']:14} P {_pct(r['precision'])} R {_pct(r['recall'])} F1 {_pct(r['f1'])}  "
                   + ", ".join(f"{f} {_pct(acc[f][2]).strip()}" for f in FIELDS))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", default=None, help="dev corpus folder (default: $NEWSLIB_DEVCORPUS or .devcorpus)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false negatives, false positives and field errors")
    args = ap.parse_args(argv)
    d = dev_dir(args.dev)
    results = score_dev(d)
    if not results:
        print(f"[dev] no dev corpus at {d} (see ../shared/corpus/dev/README.md to rebuild it): skipped")
        return 0
    print(f"== dev corpus: other wars ({d})")
    print(format_scores(results))
    if args.verbose:
        for r in results[:-1]:
            print()
            print(format_misses(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
