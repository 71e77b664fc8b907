#!/usr/bin/env python
"""Score the casualty-claim extractor against the gold standard, and measure it on real text.

    python bench/eval_claims.py                      # gold scores + Wikipedia benchmark
    python bench/eval_claims.py --verbose            # ... and list every miss
    python bench/eval_claims.py --wiki '' --verbose  # gold only
    python bench/eval_claims.py --limit 1000 --misses 20

Part a) runs the extractor on the bundled corpus (``newslib.run.pipeline.extract``) and on the
hand-written hard cases (``newslib.extract.claims.claims_from_text``), and scores the claims against
``tests/gold``. A predicted claim matches a gold claim when it is in the same article (case),
has the same ``kind``, its sentence (``quote``) contains the gold ``sentence_contains`` (seed
corpus only) and the gold ``count_core`` occurs in its ``count_text`` (case-insensitive, as a
whole token, so "a" does not match inside "around 40"). Matching is one-to-one and greedy in
text order. Field accuracies are computed over matched pairs. A gold value written ``A|B``
accepts either A or B (used for genuinely ambiguous cases, see tests/gold/README.md).

Part b) runs ``claims_from_text`` + ``casualty_totals`` on every row of the Wikipedia incident
benchmark (kept outside the project; it is only measured, never copied) and compares the
``best`` totals with the coded counts, next to a naive baseline, and measures throughput.

The scoring functions (``score_seed``, ``score_hard``, ``score_all``) are importable; the
tests load this file with importlib.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
RAW_DIR = ROOT / "data" / "raw"
DEFAULT_WIKI = "../shared/bench/wikipedia_incidents.csv"

if str(ROOT / "src") not in sys.path:  # run from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

#: Fields compared over matched pairs: name -> how to compare.
FIELDS = ("count", "qualifier", "victim_side", "claimant", "claimant_type", "place", "perpetrator", "subset_of")
#: Fields the brief asks for in the summary line (the rest are printed too).
MAIN_FIELDS = ("count", "qualifier", "kind", "victim_side", "claimant", "place")


# ----------------------------------------------------------------------------- gold
def load_gold(gold_dir: str | Path = GOLD_DIR) -> dict[str, pd.DataFrame]:
    """The gold files as string tables (empty cells are "")."""
    g = Path(gold_dir)
    read = lambda name: pd.read_csv(g / name, dtype=str, keep_default_na=False)  # noqa: E731
    return {
        "seed_claims": read("seed_claims.csv"),
        "seed_non_claims": read("seed_non_claims.csv"),
        "hard_cases": read("hard_cases.csv"),
        "hard_claims": read("hard_claims.csv"),
    }


# ----------------------------------------------------------------------------- helpers
def _blank(v) -> bool:
    if v is None:
        return True
    try:
        if pd.isna(v):
            return True
    except (TypeError, ValueError):
        pass
    return str(v).strip() == ""


def _s(v) -> str | None:
    return None if _blank(v) else str(v).strip()


def _int(v) -> int | None:
    return None if _blank(v) else int(float(v))


def core_pattern(core: str) -> re.Pattern:
    """``count_core`` as a whole token inside ``count_text`` (case-insensitive)."""
    return re.compile(r"(?<![0-9A-Za-z])" + re.escape(core.strip()) + r"(?![0-9A-Za-z])", re.IGNORECASE)


def core_in(core: str, text) -> bool:
    return not _blank(text) and core_pattern(core).search(str(text)) is not None


def same_str(gold, pred) -> bool:
    """Gold value (``A|B`` = either) against a predicted value; blank equals blank.

    A predicted ``A; B`` (several actors) matches when every part is an accepted alternative.
    """
    g, p = _s(gold), _s(pred)
    if g is None:
        return p is None
    if p is None:
        return False
    alts = {a.strip().casefold() for a in g.split("|") if a.strip()}
    if p.casefold() in alts:
        return True
    parts = {x.strip().casefold() for x in re.split(r"[;|]", p) if x.strip()}
    return bool(parts) and parts <= alts


def same_int(gold, pred) -> bool:
    g, p = _int(gold), _int(pred)
    return g == p


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


# ----------------------------------------------------------------------------- running the extractor
def extractor_available() -> tuple[bool, str]:
    """Whether ``newslib.extract.claims.claims_from_text`` can be imported (and why not)."""
    try:
        from newslib.extract.claims import claims_from_text  # noqa: F401
    except Exception as exc:  # ImportError, or an error inside the module
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def run_seed_extractor(corpus: str | Path = RAW_DIR) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(articles, claims, how) for the seed corpus: ``pipeline.extract`` if present, else
    ``ingest`` + ``claims_from_text`` per article."""
    try:
        from newslib.run.pipeline import extract
    except ImportError as exc:
        extract, why = None, f"{type(exc).__name__}: {exc}"
    if extract is not None:
        tables = extract(corpus)
        return tables["articles"], tables["claims"], "newslib.run.pipeline.extract"
    import newslib
    from newslib.extract.claims import claims_from_text

    arts = newslib.ingest(corpus).articles
    parts = []
    for a in arts.itertuples(index=False):
        pub = None if pd.isna(a.published) else str(pd.Timestamp(a.published).date())
        outlet = None if pd.isna(a.outlet) else a.outlet
        parts.append(claims_from_text(a.text, published=pub, outlet=outlet, article_id=a.article_id))
    claims = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return arts, claims, f"claims_from_text per article (newslib.run.pipeline not importable: {why})"


def run_hard_extractor(cases: pd.DataFrame) -> pd.DataFrame:
    """Claims for every hard case; unattributed claims get the outlet name ``outlet``."""
    from newslib.extract.claims import claims_from_text

    parts = []
    for c in cases.itertuples(index=False):
        pub = c.published if c.published else None
        parts.append(claims_from_text(c.text, published=pub, outlet="outlet", article_id=c.case_id))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["claim_id", "article_id", "start", "kind", "count_text", "quote"])


# ----------------------------------------------------------------------------- matching and scoring
def match(gold: list[dict], pred: pd.DataFrame, use_kind: bool = True) -> list[tuple[int, int]]:
    """One-to-one greedy matching in text order.

    ``gold`` rows carry ``unit`` (article or case id), ``order`` (position in the text),
    ``kind``, ``core`` and optionally ``sentence_contains``. Returns (gold index, pred index)
    pairs, pred index being the position in ``pred``.
    """
    pairs: list[tuple[int, int]] = []
    if pred is None or len(pred) == 0:
        return pairs
    p = pred.reset_index(drop=True)
    by_unit: dict[str, list[int]] = {}
    order = sorted(range(len(p)), key=lambda i: (str(p.at[i, "article_id"]), _int(p.at[i, "start"]) or 0, i))
    for i in order:
        by_unit.setdefault(str(p.at[i, "article_id"]), []).append(i)
    used: set[int] = set()
    for gi in sorted(range(len(gold)), key=lambda k: (gold[k]["unit"], gold[k]["order"], k)):
        g = gold[gi]
        for pi in by_unit.get(g["unit"], []):
            if pi in used:
                continue
            if use_kind and str(p.at[pi, "kind"]) != g["kind"]:
                continue
            sc = g.get("sentence_contains")
            if sc and (_blank(p.at[pi, "quote"]) or sc not in str(p.at[pi, "quote"])):
                continue
            if not core_in(g["core"], p.at[pi, "count_text"]):
                continue
            used.add(pi)
            pairs.append((gi, pi))
            break
    return pairs


def _field_ok(field: str, g: dict, prow: pd.Series, pred: pd.DataFrame) -> bool:
    if field == "count":
        return same_int(g["count_low"], prow.get("count_low")) and same_int(g["count_high"], prow.get("count_high"))
    if field == "subset_of":
        parent_id = _s(prow.get("subset_of"))
        if not g["subset_of_core"]:
            return parent_id is None
        if parent_id is None:
            return False
        parent = pred[pred["claim_id"] == parent_id]
        return len(parent) > 0 and core_in(g["subset_of_core"], parent.iloc[0]["count_text"])
    if field == "place" and not same_str(g[field], prow.get(field)):
        return same_place(g[field], prow.get(field))
    return same_str(g[field], prow.get(field))


def same_place(gold, pred) -> bool:
    """Gold place (``A|B``) and predicted place name the same gazetteer place ("Marawi" and
    the gazetteer's "Marawi City"; "Arbinda" and "Aribinda")."""
    from newslib.language import gazetteer

    g, p = _s(gold), _s(pred)
    if g is None or p is None:
        return False
    target = gazetteer.lookup(p)
    return target is not None and any(gazetteer.lookup(a.strip()) == target for a in g.split("|") if a.strip())


def _describe_pred(r: pd.Series) -> str:
    return (f"{r.get('kind')} '{r.get('count_text')}' [{r.get('count_low')},{r.get('count_high')}] "
            f"{r.get('qualifier')} side={r.get('victim_side')} claimant={r.get('claimant')} place={r.get('place')}")


def score(gold: list[dict], pred: pd.DataFrame, label: str) -> dict:
    """Precision/recall/F1 of claims and field accuracies over matched pairs."""
    pred = pred.reset_index(drop=True) if pred is not None and len(pred) else pd.DataFrame(
        columns=["claim_id", "article_id", "start", "kind", "count_text", "quote"])
    pairs = match(gold, pred, use_kind=True)
    tp, n_gold, n_pred = len(pairs), len(gold), len(pred)
    res = {"label": label, "n_gold": n_gold, "n_pred": n_pred, "tp": tp, "fp": n_pred - tp, "fn": n_gold - tp}
    res.update(_prf(res["tp"], res["fp"], res["fn"]))
    acc: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}
    field_errors = []
    for gi, pi in pairs:
        g, prow = gold[gi], pred.iloc[pi]
        for f in FIELDS:
            ok = _field_ok(f, g, prow, pred)
            acc[f][0] += ok
            acc[f][1] += 1
            if not ok:
                gv = f"[{g['count_low']},{g['count_high']}]" if f == "count" else g.get("subset_of_core" if f == "subset_of" else f)
                pv = f"[{prow.get('count_low')},{prow.get('count_high')}]" if f == "count" else prow.get(f)
                field_errors.append({"id": g["id"], "field": f, "gold": gv, "pred": pv, "sentence": prow.get("quote")})
    # kind-agnostic matching: how many gold claims are found at all, and kind accuracy there
    pairs_ka = match(gold, pred, use_kind=False)
    kind_ok = sum(str(pred.iloc[pi]["kind"]) == gold[gi]["kind"] for gi, pi in pairs_ka)
    acc["kind"] = [kind_ok, len(pairs_ka)]
    res["kind_agnostic_matched"] = len(pairs_ka)
    res["kind_agnostic_rate"] = len(pairs_ka) / n_gold if n_gold else 1.0
    res["accuracy"] = {f: (c, n, c / n if n else float("nan")) for f, (c, n) in acc.items()}
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    res["false_negatives"] = [
        {"id": g["id"], "unit": g["unit"], "what": f"{g['kind']} '{g['core']}'", "sentence": g.get("sentence")}
        for gi, g in enumerate(gold) if gi not in matched_g
    ]
    res["false_positives"] = [
        {"id": str(pred.iloc[pi]["article_id"]), "unit": str(pred.iloc[pi]["article_id"]),
         "what": _describe_pred(pred.iloc[pi]), "sentence": pred.iloc[pi].get("quote")}
        for pi in range(n_pred) if pi not in matched_p
    ]
    res["field_errors"] = field_errors
    return res


def _sentence_of(text: str, needle: str) -> str:
    """The line-local sentence-ish context around ``needle`` (for printing misses)."""
    i = text.find(needle)
    if i < 0:
        return needle
    s = max(text.rfind("\n", 0, i), text.rfind(". ", 0, i) + 1)
    e = text.find("\n", i)
    e = len(text) if e < 0 else e
    dot = text.find(". ", i + len(needle))
    if 0 <= dot < e:
        e = dot + 1
    return text[s:e].strip()


def seed_gold_rows(gold: pd.DataFrame, articles: pd.DataFrame) -> list[dict]:
    texts = dict(zip(articles["article_id"].astype(str), articles["text"].astype(str)))
    rows = []
    for k, r in enumerate(gold.to_dict("records")):
        text = texts.get(r["article_id"], "")
        pos = text.find(r["sentence_contains"])
        rows.append({**r, "id": r["gold_id"], "unit": r["article_id"], "order": (pos if pos >= 0 else 10**9, k),
                     "core": r["count_core"], "sentence": _sentence_of(text, r["sentence_contains"])})
    return rows


def hard_gold_rows(gold: pd.DataFrame, cases: pd.DataFrame) -> list[dict]:
    texts = dict(zip(cases["case_id"], cases["text"]))
    rows = []
    for k, r in enumerate(gold.to_dict("records")):
        rows.append({**r, "id": r["case_id"], "unit": r["case_id"], "order": (k,), "core": r["count_core"],
                     "sentence": texts.get(r["case_id"], ""), "sentence_contains": None})
    return rows


def score_seed(pred: pd.DataFrame | None = None, articles: pd.DataFrame | None = None,
               gold_dir: str | Path = GOLD_DIR, corpus: str | Path = RAW_DIR) -> dict:
    """Score the extractor on the seed corpus (runs it unless ``pred``/``articles`` are given)."""
    gold = load_gold(gold_dir)
    how = "given"
    if pred is None or articles is None:
        articles, pred, how = run_seed_extractor(corpus)
    res = score(seed_gold_rows(gold["seed_claims"], articles), pred, "seed")
    res["how"] = how
    if pred is not None and len(pred) and "origin" in pred.columns:
        other = pred["origin"].dropna().astype(str)
        res["non_extracted_rows"] = int((other != "extracted").sum())
    # label false positives that fall on a known non-claim
    non = gold["seed_non_claims"]
    for fp in res["false_positives"]:
        sent = str(fp["sentence"] or "")
        hits = non[(non["article_id"] == fp["unit"]) & non["sentence_contains"].map(lambda s: s in sent)]
        fp["known_non_claim"] = "; ".join(f"'{h.number_text}': {h.why}" for h in hits.itertuples()) or None
    return res


def score_hard(pred: pd.DataFrame | None = None, gold_dir: str | Path = GOLD_DIR) -> dict:
    """Score the extractor on the hard cases (runs it unless ``pred`` is given)."""
    gold = load_gold(gold_dir)
    if pred is None:
        pred = run_hard_extractor(gold["hard_cases"])
    res = score(hard_gold_rows(gold["hard_claims"], gold["hard_cases"]), pred, "hard")
    phen = dict(zip(gold["hard_cases"]["case_id"], gold["hard_cases"]["phenomenon"]))
    for row in res["false_negatives"] + res["false_positives"]:
        row["phenomenon"] = phen.get(row["unit"], "")
    return res


def combine(*results: dict) -> dict:
    """Micro-averaged totals over several ``score`` results."""
    tp = sum(r["tp"] for r in results)
    fp = sum(r["fp"] for r in results)
    fn = sum(r["fn"] for r in results)
    out = {"label": "combined", "n_gold": sum(r["n_gold"] for r in results), "n_pred": sum(r["n_pred"] for r in results),
           "tp": tp, "fp": fp, "fn": fn, **_prf(tp, fp, fn)}
    ka = sum(r["kind_agnostic_matched"] for r in results)
    out["kind_agnostic_matched"] = ka
    out["kind_agnostic_rate"] = ka / out["n_gold"] if out["n_gold"] else 1.0
    acc = {}
    for f in results[0]["accuracy"]:
        c = sum(r["accuracy"][f][0] for r in results)
        n = sum(r["accuracy"][f][1] for r in results)
        acc[f] = (c, n, c / n if n else float("nan"))
    out["accuracy"] = acc
    return out


def score_all(gold_dir: str | Path = GOLD_DIR, corpus: str | Path = RAW_DIR) -> dict[str, dict]:
    seed = score_seed(gold_dir=gold_dir, corpus=corpus)
    hard = score_hard(gold_dir=gold_dir)
    return {"seed": seed, "hard": hard, "combined": combine(seed, hard)}


# ----------------------------------------------------------------------------- printing
def _pct(x: float) -> str:
    return "  n/a" if x != x else f"{100 * x:5.1f}%"


def format_scores(results: dict[str, dict]) -> str:
    lines = []
    head = f"{'set':9} {'gold':>5} {'pred':>5} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>6} {'R':>6} {'F1':>6}  {'found any kind':>14}"
    lines.append(head)
    for k in ("seed", "hard", "combined"):
        r = results[k]
        lines.append(f"{k:9} {r['n_gold']:5d} {r['n_pred']:5d} {r['tp']:4d} {r['fp']:4d} {r['fn']:4d}  "
                     f"{_pct(r['precision'])} {_pct(r['recall'])} {_pct(r['f1'])}  "
                     f"{r['kind_agnostic_matched']:4d} ({_pct(r['kind_agnostic_rate']).strip()})")
    lines.append("")
    fields = list(MAIN_FIELDS) + [f for f in FIELDS if f not in MAIN_FIELDS]
    lines.append("accuracy over matched pairs (kind: over kind-agnostic pairs)")
    lines.append(f"{'field':14}" + "".join(f"{k:>18}" for k in ("seed", "hard", "combined")))
    for f in fields:
        cells = []
        for k in ("seed", "hard", "combined"):
            c, n, a = results[k]["accuracy"][f]
            cells.append(f"{c:3d}/{n:<3d} {_pct(a)}".rjust(18))
        lines.append(f"{f:14}" + "".join(cells))
    return "\n".join(lines)


def format_misses(res: dict) -> str:
    out = [f"--- {res['label']}: false negatives ({len(res['false_negatives'])})"]
    for m in res["false_negatives"]:
        extra = f"  [{m['phenomenon']}]" if m.get("phenomenon") else ""
        out.append(f"  FN {m['id']} {m['what']}{extra}\n       {m['sentence']}")
    out.append(f"--- {res['label']}: false positives ({len(res['false_positives'])})")
    for m in res["false_positives"]:
        extra = f"  [{m['phenomenon']}]" if m.get("phenomenon") else ""
        known = f"\n       known non-claim: {m['known_non_claim']}" if m.get("known_non_claim") else ""
        out.append(f"  FP {m['id']} {m['what']}{extra}\n       {m['sentence']}{known}")
    out.append(f"--- {res['label']}: field errors among matched pairs ({len(res['field_errors'])})")
    for e in res["field_errors"]:
        out.append(f"  {e['id']} {e['field']}: gold={e['gold']!r} pred={e['pred']!r}\n       {e['sentence']}")
    return "\n".join(out)


# ----------------------------------------------------------------------------- part b: Wikipedia benchmark
_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_DEATH = re.compile(r"^(killed|dead|died|deaths|killing)$", re.IGNORECASE)
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z]+(?:-[A-Za-z]+)*")


def _baseline_value(tok: str) -> int | None:
    t = tok.lower()
    if t[0].isdigit():
        digits = t.replace(",", "")
        return int(digits) if digits.isdigit() else None
    if t in _WORDS and t != "zero":
        return _WORDS[t]
    if t == "hundred":
        return 100
    return None


def naive_baseline(text: str) -> int:
    """The first number (digits, or one..twenty, hundred) within six words before a death word
    (killed|dead|died|deaths|killing); 0 if there is none."""
    toks = _TOKEN.findall(text)
    for i, t in enumerate(toks):
        v = _baseline_value(t)
        if v is None:
            continue
        if any(_DEATH.match(w) for w in toks[i + 1:i + 7]):
            return v
    return 0


def _number_words(n: int) -> set[str]:
    if n <= 20:
        return {list(_WORDS)[n]}
    if n < 100:
        tens = {v: k for k, v in _TENS.items()}[n - n % 10]
        return {tens} if n % 10 == 0 else {f"{tens}-{list(_WORDS)[n % 10]}", f"{tens} {list(_WORDS)[n % 10]}"}
    return set()


def number_in_text(n: int, text: str) -> bool:
    """Whether the coded count ``n`` (> 0) is written in ``text`` (digits, 1,000 grouping or words)."""
    if n is None or n <= 0:
        return False
    forms = {str(n), f"{n:,}"} | _number_words(n)
    for f in forms:
        if re.search(r"(?<![0-9A-Za-z,])" + re.escape(f) + r"(?![0-9A-Za-z]|,\d)", text, re.IGNORECASE):
            return True
    return False


def _casualty_totals():
    try:
        from newslib import casualty_totals
    except ImportError:
        from newslib.analyse.totals import casualty_totals
    return casualty_totals


def wiki_eval(path: str | Path, limit: int | None = None, misses: int = 0, rng_seed: int = 0,
              progress: bool = True) -> dict | None:
    """Exact-match of per-article ``best`` totals against the coded counts, a naive baseline,
    and throughput. Returns None (with a message) if the file is absent."""
    p = Path(path)
    if not p.is_absolute():
        # relative to the repository root, else to a folder above it (a git worktree sits
        # one level deeper than the main checkout)
        tries = [(base / p).resolve() for base in (ROOT, *ROOT.parents)]
        p = next((t for t in tries if t.exists()), tries[0])
    if not p.exists():
        print(f"[wiki] {p} not found: skipping the generalisation benchmark")
        return None
    from newslib.extract.claims import claims_from_text
    from newslib.language.text import tokenizer

    casualty_totals = _casualty_totals()
    df = pd.read_csv(p, dtype={"id": str, "text": str})
    if limit:
        df = df.head(limit)
    df = df.reset_index(drop=True)
    texts = df["text"].fillna("").astype(str).tolist()
    ids = df["id"].astype(str).tolist()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    from newslib.read import corpus
    from newslib.extract.claims import extract_claims

    failures = []
    # warm the lexicon caches (a long-running process compiles them once)
    extract_claims(corpus.build([corpus.Document(i, i, t) for i, t in zip(ids[:5], texts[:5])]).articles)
    # one batch, as `newslib extract` runs: read the rows as articles, extract every claim.
    # Timed in CPU seconds of this single-threaded process: MB per second per core, and not
    # inflated by other work on the machine.
    t0 = time.process_time()
    built = corpus.build([corpus.Document(i, i, t) for i, t in zip(ids, texts)])
    arts = built.articles
    for r in built.errors.itertuples():
        if r.severity == "error":
            failures.append((r.input, r.reason))
    try:
        claims = extract_claims(arts)
    except Exception as exc:  # fall back to per-row so one bad row does not hide the rest
        failures.append(("(batch)", f"{type(exc).__name__}: {exc}"))
        parts = []
        for i, t in zip(ids, texts):
            try:
                parts.append(claims_from_text(t, article_id=i))
            except Exception as exc2:
                failures.append((i, f"{type(exc2).__name__}: {exc2}"))
        parts = [x for x in parts if len(x)]
        claims = pd.concat(parts, ignore_index=True) if parts else None
    t_extract = time.process_time() - t0
    tok = tokenizer()
    t0 = time.process_time()
    n_sent = 0
    for t in texts:
        for _ in tok.span_tokenize(t):
            n_sent += 1
    t_punkt = time.process_time() - t0

    t0 = time.perf_counter()
    totals = casualty_totals(claims, arts) if claims is not None else pd.DataFrame(columns=["article_id", "kind", "best"])
    t_totals = time.perf_counter() - t0

    def best_of(kind: str) -> pd.Series:
        t = totals[totals["kind"] == kind].drop_duplicates("article_id").set_index("article_id")["best"]
        # no row (no claims) -> 0; an empty best (no point figure) also counts as 0
        return t.reindex(ids).astype("Float64").fillna(0).astype(int)

    k_pred, w_pred = best_of("killed"), best_of("wounded")
    killed = df["killed"].astype(int).to_numpy()
    base = [naive_baseline(t) for t in texts]
    appears = [number_in_text(int(k), t) for k, t in zip(killed, texts)]

    res = {"rows": len(df), "mb": mb, "t_extract": t_extract, "t_punkt": t_punkt, "t_totals": t_totals, "n_sentences": n_sent,
           "failures": failures, "n_claims": 0 if claims is None else len(claims)}

    def rate(mask, pred, gold):
        idx = [i for i, m in enumerate(mask) if m]
        if not idx:
            return (0, 0, float("nan"))
        ok = sum(int(pred[i]) == int(gold[i]) for i in idx)
        return (ok, len(idx), ok / len(idx))

    subsets = {
        "all rows": [True] * len(df),
        "killed > 0": [k > 0 for k in killed],
        "number in text": appears,
    }
    kp = k_pred.to_numpy()
    res["killed"] = {name: {"extractor": rate(m, kp, killed), "baseline": rate(m, base, killed)} for name, m in subsets.items()}
    has_w = df["wounded"].notna().to_numpy()
    wounded = df["wounded"].fillna(-1).astype(int).to_numpy()
    w_appears = [bool(h) and number_in_text(int(w), t) for h, w, t in zip(has_w, wounded, texts)]
    wp = w_pred.to_numpy()
    res["wounded"] = {
        "rows with wounded": rate(list(has_w), wp, wounded),
        "wounded > 0": rate([bool(h) and w > 0 for h, w in zip(has_w, wounded)], wp, wounded),
        "number in text": rate(w_appears, wp, wounded),
    }
    miss_idx = [i for i in range(len(df)) if int(kp[i]) != int(killed[i])]
    res["killed_misses"] = len(miss_idx)
    if misses:
        rnd = random.Random(rng_seed)
        pick = sorted(rnd.sample(miss_idx, min(misses, len(miss_idx))))
        res["miss_examples"] = [
            {"id": ids[i], "coded": int(killed[i]), "extractor": int(kp[i]), "baseline": int(base[i]), "text": texts[i]}
            for i in pick
        ]
    return res


def format_wiki(res: dict) -> str:
    lines = [f"rows {res['rows']}, {res['mb']:.2f} MB of text, {res['n_claims']} claims extracted, "
             f"{len(res['failures'])} rows failed"]
    lines.append(f"{'killed: exact match of best':32} {'extractor':>22} {'naive baseline':>22}")
    for name, d in res["killed"].items():
        e, b = d["extractor"], d["baseline"]
        lines.append(f"  {name:30} {e[0]:6d}/{e[1]:<6d} {_pct(e[2])}  {b[0]:6d}/{b[1]:<6d} {_pct(b[2])}")
    lines.append("wounded: exact match of best")
    for name, e in res["wounded"].items():
        lines.append(f"  {name:30} {e[0]:6d}/{e[1]:<6d} {_pct(e[2])}")
    lines.append(f"throughput: extraction {res['mb'] / res['t_extract']:.3f} MB/s ({res['t_extract']:.1f} CPU s, one core, ingestion included); "
                 f"Punkt span_tokenize alone {res['mb'] / res['t_punkt']:.2f} MB/s ({res['t_punkt']:.2f} CPU s, {res['n_sentences']} sentences); "
                 f"casualty_totals {res['t_totals']:.1f} s")
    for i, msg in res["failures"][:10]:
        lines.append(f"  FAILED {i}: {msg}")
    return "\n".join(lines)


def results_block(gold_res: dict[str, dict] | None, wiki: dict | None, how: str = "") -> str:
    """A compact block the README can quote."""
    out = [f"### Claim extraction benchmark ({dt.date.today().isoformat()}, `python bench/eval_claims.py`)", "", "```"]
    if gold_res:
        for k in ("seed", "hard", "combined"):
            r = gold_res[k]
            out.append(f"gold {k:8} claims {r['n_gold']:3d}  P {_pct(r['precision'])}  R {_pct(r['recall'])}  F1 {_pct(r['f1'])}")
        acc = gold_res["combined"]["accuracy"]
        out.append("matched pairs (combined): " + ", ".join(f"{f} {_pct(acc[f][2]).strip()}" for f in MAIN_FIELDS))
    if wiki:
        k = wiki["killed"]
        out.append(f"wikipedia incidents, {wiki['rows']} rows: killed exact match "
                   f"{_pct(k['all rows']['extractor'][2]).strip()} (baseline {_pct(k['all rows']['baseline'][2]).strip()}); "
                   f"killed>0 {_pct(k['killed > 0']['extractor'][2]).strip()} (baseline {_pct(k['killed > 0']['baseline'][2]).strip()}); "
                   f"number in text {_pct(k['number in text']['extractor'][2]).strip()} (baseline {_pct(k['number in text']['baseline'][2]).strip()})")
        w = wiki["wounded"]["rows with wounded"]
        out.append(f"wounded exact match {_pct(w[2]).strip()} ({w[1]} rows)")
        out.append(f"throughput {wiki['mb'] / wiki['t_extract']:.3f} MB/s extraction; Punkt {wiki['mb'] / wiki['t_punkt']:.2f} MB/s")
    out.append("```")
    return "\n".join(out)


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wiki", default=DEFAULT_WIKI,
                    help="Wikipedia incident CSV, relative to the repository root or a folder above it "
                         "(default: %(default)s); '' skips it")
    ap.add_argument("--limit", type=int, default=None, help="only the first N rows of the Wikipedia benchmark")
    ap.add_argument("--misses", type=int, default=0, help="print N random (seeded) killed misses of the Wikipedia benchmark")
    ap.add_argument("--seed", type=int, default=0, help="random seed for --misses (default 0)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false negatives, false positives and field errors")
    ap.add_argument("--gold", default=str(GOLD_DIR), help="gold folder (default: tests/gold)")
    ap.add_argument("--corpus", default=str(RAW_DIR), help="seed corpus (default: data/raw)")
    args = ap.parse_args(argv)

    ok, why = extractor_available()
    if not ok:
        print(f"newslib.extract.claims cannot be imported ({why}); nothing to score.")
        return 2
    seed = score_seed(gold_dir=args.gold, corpus=args.corpus)
    hard = score_hard(gold_dir=args.gold)
    gold_res = {"seed": seed, "hard": hard, "combined": combine(seed, hard)}
    print(f"== gold standard (seed corpus via {seed['how']}; hard cases via claims_from_text)")
    if seed.get("non_extracted_rows"):
        print(f"   note: {seed['non_extracted_rows']} seed claims have origin other than 'extracted' (analyst corrections)")
    print(format_scores(gold_res))
    if args.verbose:
        print()
        print(format_misses(seed))
        print()
        print(format_misses(hard))
    wiki = None
    if args.wiki:
        print()
        print("== generalisation: Wikipedia incident descriptions")
        wiki = wiki_eval(args.wiki, limit=args.limit, misses=args.misses, rng_seed=args.seed)
        if wiki:
            print(format_wiki(wiki))
            for m in wiki.get("miss_examples", []):
                print(f"  MISS {m['id']}: coded {m['coded']}, extractor {m['extractor']}, baseline {m['baseline']}\n       {m['text']}")
    print()
    print(results_block(gold_res, wiki, seed["how"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
