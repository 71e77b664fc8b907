"""Measure how extraction scales with corpus size and Dask workers, and print the figures.

    python bench/scale.py [--sizes 10000,50000] [--engines pandas,dask1,dask2]
                          [--partition-size 1000] [--source ../shared/bench/wikipedia_incidents.csv]

The source table (``id``, ``text``, ... of real incident descriptions; it is read, never
copied into the project) is replicated to each size with new unique ids (``<id>~<copy>``) in a
temporary folder. For each size and engine one child process runs the extraction, writing every
table to a temporary folder, and reports:

* ``pandas``: ``engine.extract_streaming`` (chunks of --partition-size documents);
* ``daskN``: ``engine.extract_dask`` on a ``LocalCluster`` of N single-threaded worker processes.

Printed per run: documents/s and MB/s (MB = UTF-8 bytes of the ``text`` column), wall seconds of
the extraction inside the child (for Dask including cluster start-up), the seconds spent on the
partitions (parallel part) and on combining (the corpus-wide tables, serial), peak RSS of the
child process (for Dask: the driver, which holds the combined tables) and, for Dask, the largest
peak RSS of one worker (``ru_maxrss`` read on each worker before the cluster stops). Each run is
a fresh process, so sizes and engines do not pollute each other's peak. Finally, the speed-up of
2 workers over 1 per size, and for the pandas engine the growth of peak memory and the change of
throughput from the smallest size to the largest. ``docs/CPU s`` (pandas only) divides by the CPU
seconds of the process, so it does not depend on other load on the machine. 200,000 rows take
about half an hour per engine on 2 cores; the default sizes are 10,000 and 50,000.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "bench" / "wikipedia_incidents.csv"


def replicate(source: Path, n: int, target: Path) -> tuple[int, float]:
    """Write ``n`` rows cycling through ``source`` with new unique ids; (rows, MB of text)."""
    import pandas as pd

    src = pd.read_csv(source, dtype=str, keep_default_na=False)
    reps = -(-n // len(src))
    df = pd.concat([src.assign(id=src["id"] + f"~{k}") for k in range(reps)], ignore_index=True).head(n)
    df.to_csv(target, index=False)
    return len(df), sum(len(t.encode("utf-8")) for t in df["text"]) / 1e6


def child(engine: str, corpus: str, out: str, size: int) -> int:
    """Run one extraction in this (child) process and print its figures as JSON."""
    sys.path.insert(0, str(ROOT / "src"))
    from newslib.run import engine as eng

    t0 = time.perf_counter()
    c0 = time.process_time()
    if engine == "pandas":
        tables = eng.extract_streaming(corpus, out, chunk_size=size, corrections=False)
    else:
        tables = eng.extract_dask(corpus, out, partition_size=size, corrections=False, n_workers=int(engine[4:]))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    stats = tables["_stats"]
    workers = stats.get("workers") or {}
    counts = tables["_counts"]
    print(json.dumps({
        "wall": wall, "cpu": cpu, "articles": counts["articles"], "claims": counts["claims"],
        "partition_s": stats["partition_seconds"], "combine_s": stats["combine_seconds"],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mb": max(workers.values()) if workers else None,
    }))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,50000", help="rows per corpus, comma-separated (full run: 10000,50000,200000)")
    ap.add_argument("--engines", default="pandas,dask1,dask2", help="pandas, daskN (N workers), comma-separated")
    ap.add_argument("--partition-size", type=int, default=1000)
    ap.add_argument("--source", default=str(SOURCE))
    ap.add_argument("--child", nargs=4, metavar=("ENGINE", "CORPUS", "OUT", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        e, c, o, s = args.child
        return child(e, c, o, int(s))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in engines:
        if e != "pandas" and not (e.startswith("dask") and e[4:].isdigit() and int(e[4:]) > 0):
            ap.error(f"unknown engine {e!r}: use pandas or daskN (N workers)")
    src = Path(args.source)
    if not src.exists():
        ap.error(f"source table {src} not found; pass --source")
    tmp = Path(tempfile.mkdtemp(prefix="newslib-scale-"))
    print(f"source: {src.name}; partition size {args.partition_size}; {os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(f"{'rows':>7} {'engine':<7} {'docs/s':>8} {'MB/s':>7} {'docs/CPU s':>10} {'wall s':>8} {'parts s':>8} "
          f"{'combine s':>9} {'peak RSS MB':>11} {'worker peak MB':>14} {'claims':>8}")
    pandas_runs: dict[int, dict] = {}
    try:
        for n in sizes:
            corpus = tmp / f"corpus-{n}.csv"
            rows, mb = replicate(src, n, corpus)
            walls = {}
            for e in engines:
                out = tmp / f"out-{n}-{e}"
                cmd = [sys.executable, __file__, "--child", e, str(corpus), str(out), str(args.partition_size)]
                res = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
                if res.returncode != 0:
                    print(f"{rows:>7} {e:<7} failed: {res.stderr.strip().splitlines()[-1:]}")
                    continue
                r = json.loads(res.stdout.strip().splitlines()[-1])
                walls[e] = r
                wk = f"{r['worker_rss_mb']:.0f}" if r["worker_rss_mb"] else "-"
                # CPU seconds of the driver process: all the work for pandas, not the workers' for Dask
                per_cpu = f"{rows / r['cpu']:.1f}" if e == "pandas" else "-"
                print(f"{rows:>7} {e:<7} {rows / r['wall']:>8.1f} {mb / r['wall']:>7.3f} {per_cpu:>10} {r['wall']:>8.1f} "
                      f"{r['partition_s']:>8.1f} {r['combine_s']:>9.1f} {r['rss_mb']:>11.0f} {wk:>14} {r['claims']:>8}",
                      flush=True)
                if e == "pandas":
                    pandas_runs[rows] = r
                shutil.rmtree(out, ignore_errors=True)
            if "dask1" in walls and "dask2" in walls:
                a, b = walls["dask1"], walls["dask2"]
                print(f"{rows:>7} speed-up of 2 workers over 1: {a['wall'] / b['wall']:.2f}x overall, "
                      f"{a['partition_s'] / b['partition_s']:.2f}x on the partitions (combine is serial: "
                      f"{b['combine_s']:.1f} s of {b['wall']:.1f} s)", flush=True)
            corpus.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if len(pandas_runs) > 1:
        lo, hi = min(pandas_runs), max(pandas_runs)
        a, b = pandas_runs[lo], pandas_runs[hi]
        print(f"pandas engine, {lo} -> {hi} rows: peak RSS x{b['rss_mb'] / a['rss_mb']:.2f}; "
              f"throughput {hi / b['wall']:.1f} vs {lo / a['wall']:.1f} docs/s wall ({(hi / b['wall']) / (lo / a['wall']) - 1:+.0%}), "
              f"{hi / b['cpu']:.1f} vs {lo / a['cpu']:.1f} docs per CPU second ({(hi / b['cpu']) / (lo / a['cpu']) - 1:+.0%})")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest peak RSS of any child process: {peak:.0f} MB (input files: {mb:.1f} MB of text at the last size)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
