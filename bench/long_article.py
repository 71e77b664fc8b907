"""Claim extraction on one long article: CPU seconds of ``claims.extract_claims`` as the number of
claim sentences grows (it must grow linearly: nothing scans the whole article per sentence).

    python bench/long_article.py [--sizes 4000,20000] [--shape monitor|mixed] [--profile]

The article is written here, not taken from any corpus. ``monitor``: one named monitor in the
lede, then the same claim sentence attributed to "the monitor" (a generic claimant resolved to
the article's monitor) N times. ``mixed``: N sentences cycling through attribution shapes that
each ask the article for something (a generic claimant, "the ministry" after a named ministry,
a surname named earlier, a quotation, "troops" with no side, a sub-heading, a statement date).
The article is cleaned and split once (``corpus.build``, not timed); the figure is the CPU time
(``time.process_time``) of ``claims.extract_claims`` on it, after a small article has loaded the
lexicons, and a digest of the claims table (so two versions of the code can be checked to give
the same rows).
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LEDE = ("Shelling kills dozens in northern town\n\n"
        "The Syrian Observatory for Human Rights said on Monday that 12 civilians were killed in Raqqa. "
        "The Interior Ministry of Freedonia said 3 police officers were wounded. "
        "Jane Doe, the UN coordinator, said 40 people were hurt.\n\n")

MONITOR = "The monitor said {n} people were killed in the town."

MIXED = (
    "The monitor said {n} people were killed in the town.",
    "The ministry said {n} officers were wounded in the attack.",
    "Doe said {n} children were among the injured.",
    "\u201cWe counted {n} bodies,\u201d a medic said.",
    "Government troops killed {n} fighters, according to the monitor.",
    "Local officials said on Tuesday that {n} civilians died in hospital.",
)


def article(n: int, shape: str) -> str:
    parts = [LEDE]
    for i in range(n):
        if shape == "monitor":
            parts.append(MONITOR.format(n=5 + i % 90) + " ")
        else:
            parts.append(MIXED[i % len(MIXED)].format(n=5 + i % 90) + " ")
            if i % 50 == 49:
                parts.append(f"\n\nDistrict {i // 50}\n\n")
        if i % 10 == 9 and shape == "monitor":
            parts.append("\n\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="4000,20000")
    ap.add_argument("--shape", choices=("monitor", "mixed"), default="monitor")
    ap.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from newslib.extract import claims
    from newslib.read import corpus

    claims.extract_claims(corpus.build([corpus.Document("warm", "warm", article(20, args.shape))]).articles)  # lexicons loaded
    prev = None
    for n in (int(s) for s in args.sizes.split(",")):
        res = corpus.build([corpus.Document("long", "long", article(n, args.shape), published="2024-06-03",
                                            outlet="The Daily")])
        arts = res.articles
        prof = cProfile.Profile(time.process_time) if args.profile else None
        t0 = time.process_time()
        if prof:
            prof.enable()
        df = claims.extract_claims(arts)
        if prof:
            prof.disable()
        cpu = time.process_time() - t0
        digest = hashlib.sha256(df.to_csv(index=False).encode("utf-8")).hexdigest()[:16]
        growth = f"  x{cpu / prev[1]:.1f} for x{n / prev[0]:.1f} sentences" if prev else ""
        print(f"{args.shape}: {n:>7,} claim sentences  {len(df):>7,} claims  {cpu:8.2f} CPU s"
              f"  {1000 * cpu / n:6.2f} ms/sentence  digest {digest}{growth}", flush=True)
        prev = (n, cpu)
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
