"""Run ``newslib report`` on the first N rows of the dev bench and print what it costs.

    python bench/report_scale.py [--rows 3000] [--source ../shared/bench/wikipedia_incidents.csv]
                                 [--keep DIR] [-p name=value ...]

The source table (``id``, ``text``, ... of real incident descriptions; read, never copied into
the project) is cut to its first ``--rows`` rows in a temporary folder, and ``newslib report``
runs on it in a child process. Printed: wall seconds; peak memory, the largest sum of the
resident sizes of the report process and every process it started (papermill kernels
included) sampled every 0.2 s; the number of charts (``<img`` tags) and the megabytes of HTML
per page and in all; whether the run succeeded. Issue 21 asks for at most 60 charts, 15 MB of
HTML in all and 4 GB.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "bench" / "wikipedia_incidents.csv"
if not SOURCE.exists():  # a worktree under /work/wt/<name>
    SOURCE = ROOT.parents[1] / "shared" / "bench" / "wikipedia_incidents.csv"


def cut(source: Path, rows: int, target: Path) -> int:
    """The first ``rows`` rows of ``source`` as a CSV at ``target``; the number written."""
    import pandas as pd

    df = pd.read_csv(source, dtype=str, keep_default_na=False).head(rows)
    df.to_csv(target, index=False)
    return len(df)


def tree_rss(proc: psutil.Process) -> int:
    """Resident bytes of ``proc`` and all its descendants (0 for any that ended meanwhile)."""
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--keep", type=Path, default=None, help="write the outputs here and keep them")
    ap.add_argument("-p", "--param", action="append", default=[], help="report parameter name=value (repeatable)")
    args = ap.parse_args()
    if not args.source.exists():
        print(f"source {args.source} not found; pass --source", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="newslib-report-bench-"))
    try:
        corpus = work / "bench.csv"
        n = cut(args.source, args.rows, corpus)
        out = args.keep or (work / "out")
        cmd = [str(ROOT / ".venv" / "bin" / "newslib"), "--quiet", "report", "--corpus", str(corpus), "--out", str(out)]
        if not Path(cmd[0]).exists():
            cmd = [sys.executable, "-m", "newslib.cli", *cmd[1:]]
        for p in args.param:
            cmd += ["-p", p]
        peak = 0
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ps = psutil.Process(proc.pid)
        output: list[str] = []
        reader = threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True)
        reader.start()
        while proc.poll() is None:
            peak = max(peak, tree_rss(ps))
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        reader.join(timeout=5)

        pages = sorted((out / "html").glob("*.html")) if (out / "html").exists() else []
        print(f"corpus: first {n} rows of {args.source.name}")
        print(f"exit code:   {proc.returncode}")
        print(f"wall:        {wall:8.1f} s")
        print(f"peak memory: {peak / 2**20:8.0f} MB (report process + kernels, sampled)")
        charts = total = 0
        for page in pages:
            text = page.read_text(encoding="utf-8", errors="replace")
            k = len(re.findall(r"<img\b", text))
            size = page.stat().st_size
            charts += k
            total += size
            print(f"  {page.name:32s} {k:5d} charts {size / 1e6:8.2f} MB")
        print(f"charts:      {charts:8d}")
        print(f"HTML:        {total / 1e6:8.2f} MB in all")
        if proc.returncode:
            print("".join(output)[-3000:])
        return 0 if proc.returncode == 0 else 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
