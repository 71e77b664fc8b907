#!/usr/bin/env python
"""Score the grouping of claims into happenings on the development corpus (``.devcorpus``).

    python bench/eval_happenings.py             # per event: B-cubed P/R/F1, incidents vs happenings
    python bench/eval_happenings.py --verbose   # ... and every gold happening with the incidents it fell into

Each event folder is read and run through the whole pipeline, as ``newslib extract`` would
(``pipeline.tables_from_articles``, no corrections): claims, text reuse, incidents and context
figures. Gold rows are matched to claims exactly as ``bench/eval_dev.py`` does
(``match_gold``: same article, kind, overlapping span, agreeing count). Each matched claim's
predicted cluster is its ``incident_id``, or its ``context_id`` when newslib kept it as a
background total; the gold cluster is its ``happening``. **B-cubed** precision of a claim is
the share of its predicted cluster (among matched claims) that shares its gold happening;
recall the share of its gold happening inside its predicted cluster; both averaged over
matched claims. Unmatched gold rows are left out (the extractor's recall is ``eval_dev``'s
business). Without the corpus this script says so and exits 0.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_dev  # noqa: E402


def predicted_clusters(tables: dict) -> pd.DataFrame:
    """``claim_id`` -> ``cluster`` (incident or context group) of a run's tables."""
    inc = tables["claim_incidents"][["claim_id", "incident_id"]].rename(columns={"incident_id": "cluster"})
    ctx = tables["context_figures"][["claim_id", "context_id"]].rename(columns={"context_id": "cluster"})
    return pd.concat([inc, ctx], ignore_index=True)


def bcubed(pairs: pd.DataFrame) -> dict:
    """B-cubed precision, recall and F1 of ``pairs`` (columns ``claim_id``, ``gold``, ``cluster``)."""
    if pairs.empty:
        return {"precision": float("nan"), "recall": float("nan"), "f1": float("nan"), "n": 0, "incidents": 0,
                "happenings": 0}
    gold = {k: set(v) for k, v in pairs.groupby("gold")["claim_id"]}
    pred = {k: set(v) for k, v in pairs.groupby("cluster")["claim_id"]}
    p = r = 0.0
    for cid, g, c in zip(pairs["claim_id"], pairs["gold"], pairs["cluster"]):
        inter = len(pred[c] & gold[g])
        p += inter / len(pred[c])
        r += inter / len(gold[g])
    n = len(pairs)
    p, r = p / n, r / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": n,
            "incidents": len(pred), "happenings": len(gold)}


def score_event(folder: Path) -> dict:
    from newslib.run import pipeline

    ev = eval_dev.load_event(folder)
    tables = pipeline.tables_from_articles(ev["articles"], ev["errors"], corrections=False)
    m = eval_dev.match_gold(tables["claims"], ev["articles"], ev["gold"])
    m = m[m["claim_id"].notna()]
    pairs = m[["claim_id", "happening"]].rename(columns={"happening": "gold"}).merge(
        predicted_clusters(tables), on="claim_id", how="left")
    pairs["cluster"] = pairs["cluster"].fillna("(none)")
    res = bcubed(pairs)
    res.update(label=folder.name, n_gold=len(ev["gold"]), pairs=pairs.merge(m[["claim_id", "file", "anchor"]], on="claim_id"))
    return res


def format_scores(results: list[dict]) -> str:
    lines = [f"{'event':14} {'matched':>8} {'B3 P':>7} {'B3 R':>7} {'B3 F1':>7} {'incidents':>10} {'happenings':>11}"]
    for r in results:
        lines.append(f"{r['label']:14} {r['n']:4d}/{r['n_gold']:<3d} {eval_dev._pct(r['precision'])} "
                     f"{eval_dev._pct(r['recall'])} {eval_dev._pct(r['f1'])} {r['incidents']:10d} {r['happenings']:11d}")
    return "\n".join(lines)


def format_detail(res: dict) -> str:
    out = [f"--- {res['label']}: gold happenings and the incidents they fell into"]
    p = res["pairs"]
    for g, rows in p.groupby("gold", sort=True):
        cl = rows["cluster"].value_counts()
        out.append(f"  {g}: " + ", ".join(f"{c} x{n}" for c, n in cl.items()))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", default=None, help="dev corpus folder (default: $NEWSLIB_DEVCORPUS or .devcorpus)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list each happening's incidents")
    args = ap.parse_args(argv)
    d = eval_dev.dev_dir(args.dev)
    folders = eval_dev.events(d)
    if not folders:
        print(f"[happenings] no dev corpus at {d} (see ../shared/corpus/dev/README.md to rebuild it): skipped")
        return 0
    results = [score_event(f) for f in folders]
    print(f"== happenings: claims grouped into incidents against the gold `happening` ({d})")
    print(format_scores(results))
    if args.verbose:
        for r in results:
            print(format_detail(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
