#!/usr/bin/env python
"""Time incident linking and reconciliation as the claims grow, all in one 30-day window.

    python bench/linking.py                          # 1k, 10k, 100k claims; one article of 20k, 80k, 300k sentences
    python bench/linking.py --sizes 1000,10000 --article-sentences 0
    python bench/linking.py --sizes "" --article-sentences 10000,40000

A dense corpus is the hard case for linking: every claim of a month of coverage of one war
falls in overlapping date windows, so anything that compares pairs inside a window grows with
the square of the corpus. Claims are generated (no article text): a few dozen places of one
country (real coordinates from the gazetteer where it has them), three kinds, event days,
running windows and undated claims, claimants and figures drawn from a seeded generator. Each
size runs ``incidents.incident_tables_all`` in a fresh process; the script prints CPU seconds,
claims per CPU second, peak memory and the growth ratio of CPU time against the growth of the
claims (1.0 = linear).

``--article-sentences N,M,...`` also runs ``newslib extract`` (every table, written as CSV and
Parquet) on one generated article of N claim sentences (about 65 bytes each, one a line: "In
Homs 12 soldiers were killed on Thursday, the monitor said."), each size in a fresh process, and
prints its wall seconds, CPU seconds (user + system of the ``newslib`` process, start-up
included), peak memory (its maximum resident set) and the growth ratio of CPU time against the
growth of the sentences (1.0 = linear): one huge article is where per-article steps that compare
sentences with each other would show. Set ``NEWSLIB_CACHE`` to keep the world gazetteer's cache
between runs (the first run builds it).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PLACES = [("Deir ez-Zor", 35.336, 40.14), ("Mayadin", 35.02, 40.45), ("Sukhna", 34.889, 38.877),
           ("Palmyra", 34.56, 38.28), ("Homs", 34.73, 36.72), ("Damascus", 33.513, 36.292),
           ("Idlib", 35.93, 36.633), ("Raqqa", 35.95, 39.01), ("Aleppo", 36.2, 37.16), ("Hama", 35.13, 36.75)]
_CLAIMANTS = [("Syrian Observatory for Human Rights", "monitor", False), ("Islamic State", "armed_group", True),
              ("Reuters", "outlet", False), ("SANA", "state_media", True), ("Amaq", "militant_media", True),
              ("local activists", "activist", False)]
_SIDES = ["pro-government", "civilians", "IS", "unknown"]


def make_claims(n: int, seed: int = 7):
    import pandas as pd

    from newslib import schemas

    rnd = random.Random(seed)
    start = pd.Timestamp("2017-09-01")
    rows = []
    for i in range(n):
        place, lat, lon = rnd.choice(_PLACES)
        who, ctype, party = rnd.choice(_CLAIMANTS)
        day = start + pd.Timedelta(days=rnd.randrange(30))
        pub = day + pd.Timedelta(days=rnd.randrange(3))
        fig = rnd.choice([rnd.randrange(1, 200), rnd.randrange(1, 20)])
        mode = rnd.random()
        ev = day if mode < 0.5 else None
        ws = (day - pd.Timedelta(days=rnd.randrange(3, 20))) if 0.5 <= mode < 0.65 else None
        art = f"a{i // 4:07d}"
        rows.append({
            "claim_id": f"c{i:08d}", "article_id": art, "outlet": f"Outlet {i % 97}", "published": pub,
            "sentence_id": i % 4, "start": (i % 4) * 100, "end": (i % 4) * 100 + 30, "quote": "q",
            "kind": rnd.choice(["killed", "killed", "wounded", "captured"]), "count_low": fig, "count_high": fig,
            "count_text": str(fig), "qualifier": "exact", "count_kind": "number", "victims": "people",
            "victim_side": rnd.choice(_SIDES), "perpetrator": None, "claimant": who, "claimant_type": ctype,
            "claimant_side": None, "claimant_is_party": party, "party_claim_about_enemy": party and rnd.random() < 0.5,
            "attribution": "said", "place": place, "place_source": "sentence", "lat": lat, "lon": lon,
            "date_text": "on Thursday" if ev is not None else None, "event_date": ev, "event_date_end": ev,
            "date_precision": "day" if ev is not None else None,
            "window_text": "since Monday" if ws is not None else None, "window_start": ws,
            "window_end": pub if ws is not None else None, "scope": "incident", "subset_of": None,
            "in_headline": False, "in_quotes": False, "hedges": None, "origin": "extracted", "correction_note": None,
        })
    return schemas.CLAIMS.conform(pd.DataFrame(rows))


def _child_link(n: int) -> dict:
    from newslib.analyse import incidents

    claims = make_claims(n)
    t0 = time.process_time()
    tables = incidents.incident_tables_all(claims)
    cpu = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"claims": n, "cpu_s": cpu, "incidents": len(tables["incidents"]), "peak_mb": peak}


def _child_article(n: int) -> dict:
    rnd = random.Random(3)
    places = [p for p, _, _ in _PLACES]
    lines = ["A very long report", ""]
    for i in range(n):
        lines.append(f"In {rnd.choice(places)} {rnd.randrange(2, 90)} soldiers were killed on Thursday, the monitor said.")
    text = "\n".join(lines)
    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "corpus"
        corpus.mkdir()
        (corpus / "long.txt").write_text(text, encoding="utf-8")
        (corpus / "articles.csv").write_text("file,outlet,published\nlong.txt,Bench,2017-09-29\n", encoding="utf-8")
        t0 = time.time()
        r = subprocess.run([sys.executable, "-m", "newslib.cli", "--quiet", "extract", str(corpus), "--out",
                            str(Path(d) / "out"), "--no-corrections"], capture_output=True, text=True)
        wall = time.time() - t0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"sentences": n, "mb": len(text.encode()) / 1e6, "wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "exit": r.returncode, "stderr": r.stderr[-500:]}


def run_child(kind: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n)], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    if out.returncode != 0:
        raise SystemExit(f"child {kind} {n} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _growth(r: dict, prev: dict | None, n: int, size_key: str) -> str:
    """CPU ratio over size ratio against the previous size ('' for the first); 1.0 is linear."""
    if prev is None:
        return ""
    return f"{(r['cpu_s'] / prev['cpu_s']) / (n / prev[size_key]):.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="claims per run, comma-separated")
    ap.add_argument("--article-sentences", default="20000,80000,300000",
                    help="one article of N claim sentences, comma-separated sizes (0 or empty: skip)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, n = args.child[0], int(args.child[1])
        print(json.dumps(_child_link(n) if kind == "link" else _child_article(n)))
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if sizes:
        print("linking and reconciling claims in one 30-day window (fresh process per size)")
        print(f"{'claims':>9} {'cpu s':>8} {'claims/cpu s':>13} {'incidents':>10} {'peak MB':>8} {'growth':>8}")
        prev = None
        for n in sizes:
            r = run_child("link", n)
            growth = _growth(r, prev, n, "claims")
            print(f"{n:9d} {r['cpu_s']:8.2f} {n / max(r['cpu_s'], 1e-9):13.0f} {r['incidents']:10d} {r['peak_mb']:8.0f} "
                  f"{growth:>8}", flush=True)
            prev = r
        print("growth: (CPU ratio) / (claims ratio) against the previous size; 1.0 is linear")
    article_sizes = [int(x) for x in str(args.article_sentences).split(",") if x.strip() and int(x)]
    if article_sizes:
        print("newslib extract on one article of N claim sentences (fresh process per size)")
        print(f"{'sentences':>9} {'MB':>6} {'wall s':>8} {'cpu s':>8} {'ms/sentence':>12} {'peak MB':>8} {'growth':>8}")
        prev = None
        for n in article_sizes:
            r = run_child("article", n)
            if r["exit"] not in (0, 10):
                raise SystemExit(f"newslib extract failed on {n} sentences (exit {r['exit']}):\n{r['stderr']}")
            growth = _growth(r, prev, n, "sentences")
            print(f"{n:9d} {r['mb']:6.1f} {r['wall_s']:8.1f} {r['cpu_s']:8.1f} {1000 * r['cpu_s'] / n:12.2f} "
                  f"{r['peak_mb']:8.0f} {growth:>8}", flush=True)
            prev = r
        print("CPU: user + system seconds of the newslib process (start-up included); growth as above")
    return 0


if __name__ == "__main__":
    sys.exit(main())
