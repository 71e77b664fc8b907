"""Time extraction and the full report run, and print the figures.

    python bench/bench_pipeline.py [--corpus data/raw] [--repeat 3] [--no-report]

Prints wall-clock seconds (best of --repeat) and throughput for:
  * ingestion + every table (``pipeline.extract``) on the corpus;
  * claims extraction alone;
  * the full ``newslib report`` (extract + 4 notebooks via papermill + HTML export), once;
and peak resident memory of this process.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newslib import config  # noqa: E402
from newslib.extract import claims  # noqa: E402
from newslib.language import text  # noqa: E402
from newslib.present import report  # noqa: E402
from newslib.read import corpus  # noqa: E402
from newslib.run import pipeline  # noqa: E402


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(config.RAW_DIR))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-report", action="store_true", help="skip the (slow) full report run")
    args = ap.parse_args()

    arts = corpus.ingest(args.corpus).articles
    mb = arts["text"].str.len().sum() / 1e6
    n = len(arts)
    sents = text.sentences_table(arts)
    # warm the lexicon caches once, as a long-running process would
    claims.extract_claims(arts.head(1))

    t_extract, tables = best_of(lambda: pipeline.extract(args.corpus), args.repeat)
    t_claims, cl = best_of(lambda: claims.extract_claims(arts, sents), args.repeat)
    t_punkt, _ = best_of(lambda: [list(text.tokenizer().span_tokenize(t)) for t in arts["text"]], args.repeat)

    print(f"corpus: {args.corpus}: {n} articles, {mb * 1e3:.1f} kB of cleaned text, {len(cl)} claims")
    print(f"extract (all tables):   {t_extract:8.3f} s   {n / t_extract:8.1f} articles/s   {mb / t_extract:7.3f} MB/s")
    print(f"claims only:            {t_claims:8.3f} s   {n / t_claims:8.1f} articles/s   {mb / t_claims:7.3f} MB/s")
    print(f"raw Punkt splitting:    {t_punkt:8.3f} s   {mb / t_punkt:7.3f} MB/s")
    if not args.no_report:
        out = Path(tempfile.mkdtemp(prefix="newslib-bench-"))
        t0 = time.perf_counter()
        report.run_reports(corpus=args.corpus, out=out)
        t_report = time.perf_counter() - t0
        print(f"full report run:        {t_report:8.3f} s   (extract + 4 notebooks with papermill + HTML export)")
        shutil.rmtree(out, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (this process): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
