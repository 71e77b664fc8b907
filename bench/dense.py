"""Whole-pipeline speed on a dense month of article-length news, against NLTK Punkt.

    python bench/dense.py [--sizes 1500,6000,24000] [--repeat 1] [--engine-args "--partition-size 500"] [--distinct]
                          [--dask-size 40000] [--dask-partition-size 1000] [--profile 3000] [--before DIR]

The dense corpus: the development corpus (``.devcorpus/``: 42 real articles about three wars,
read at run time and never copied into the repository) when present, else the bundled articles
(``data/raw``), replicated to each size with new ids and new outlets, their publication dates
spread over one 30-day month (June 2024), as a month of coverage of one war is. It is written as
one CSV table (``id``, ``title``, ``text``, ``outlet``, ``url``, ``published``) to a temporary
folder and removed afterwards. With ``--distinct`` each copy's text is made distinct
(``distinct_text``: its numbers shifted by the copy's number, a few common words swapped, a
marker of the copy at each paragraph's end), so that the memos for repeated texts
(``lexicons.text_memo``) do not answer for almost every article as they do on exact copies.

For each size, ``newslib --quiet extract CORPUS --out DIR --no-corrections [--engine-args]`` runs in
a child process writing every table (without ``--partition-size`` it reads a corpus of up to
5,000 articles at once and streams a larger one in partitions of 2,000:
``newslib.run.engine.AUTO_STREAM_DOCUMENTS``), and NLTK Punkt splits the same texts into sentences in
another child process (the sentence splitter newslib uses, as ``text.tokenizer()`` loads it).
Measured with ``resource.getrusage(RUSAGE_CHILDREN)`` around each child: CPU seconds (user +
system) and peak resident memory, so other load on the machine does not distort the figures.
MB = UTF-8 bytes of the ``text`` column. The world gazetteer's cache (``NEWSLIB_CACHE``) is
built before the first measured run, as it is after a user's first run. Printed per size: MB/s per CPU second for both, the
ratio (target: extract at 25% of NLTK's Punkt or more; newslib's own Punkt, the same algorithm
with compiled patterns, is shown too), and across sizes the growth of CPU seconds and
peak memory for 4x the articles (targets: 4.4x and under 2x). With ``--repeat N`` the median of
N runs is reported.

``--before DIR`` runs each size with the code of another checkout too (``DIR/src`` first on
``PYTHONPATH``; e.g. ``git worktree add /tmp/before main``), the two one after the other for each
size and repeat, so that both see the same load; Punkt runs between them.

``--dask-size N[,M...]`` also runs the partitioned engines on N (then M) articles: the pandas engine
(``--partition-size``) and Dask with 1 and 2 local workers (``--engine dask``), wall seconds of
the whole command, start-up included (Dask's workers are not children whose CPU is counted),
and checks that the three wrote the same tables. ``--profile N`` profiles ``pipeline.extract``
plus writing on N articles with cProfile and prints the top functions by cumulative time;
``--stages N`` prints the CPU seconds of each stage instead (no profiler overhead).
"""
from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVCORPUS = ROOT / ".devcorpus"
MONTH = dt.date(2024, 6, 1)
#: Distinct outlets in the dense corpus (a month of one war's coverage by many outlets).
N_OUTLETS = 120


def source_articles(prefer_dev: bool = True) -> tuple[list[dict], str]:
    """The articles to replicate, as dicts with ``title`` and ``text``; and where they came from."""
    sys.path.insert(0, str(ROOT / "src"))
    from newslib.read import corpus

    folders = []
    if prefer_dev and DEVCORPUS.is_dir():
        folders = sorted(p for p in DEVCORPUS.iterdir() if p.is_dir() and any(p.glob("*.txt")))
    label = "dev corpus (.devcorpus)"
    if not folders:
        folders, label = [ROOT / "data" / "raw"], "bundled articles (data/raw)"
    out = []
    for folder in folders:
        res = corpus.ingest(folder)
        for r in res.articles.itertuples(index=False):
            title = r.title if isinstance(r.title, str) else ""
            out.append({"title": title, "text": r.text})
    return out, label


_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*(?![\d,]*\.?\d)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_AFTER = re.compile(rf"\s+(?:{_MONTHS})")
_MONTH_BEFORE = re.compile(rf"(?:{_MONTHS})\s+$")
_WORD = re.compile(r"\b(said|killed|people|the)\b")
#: Per copy, the words ``--distinct`` swaps (same meaning, so the claims stay claims).
_SWAPS = ({"said": "said", "killed": "killed", "people": "people", "the": "the"},
          {"said": "stated", "killed": "killed", "people": "persons", "the": "the"},
          {"said": "said", "killed": "left dead", "people": "people", "the": "this"})


def distinct_text(text: str, copy: int) -> str:
    """``text`` made distinct for its ``copy`` (0: unchanged): every whole number of one to
    three digits (not a year, not a day of a month, not part of a decimal or a longer number) is raised by
    ``copy``, and a few common words are swapped by ``copy % 3`` and a marker of the copy
    follows every full stop at a paragraph's end, so that no sentence holding a number, and
    few others, is seen twice. Deterministic."""
    if copy == 0:
        return text
    swaps = _SWAPS[copy % 3]
    def shifted(m: re.Match) -> str:
        if _MONTH_AFTER.match(text, m.end()) or _MONTH_BEFORE.search(text, 0, m.start()):
            return m.group()  # a day of a date: kept, so the dates stay dates
        return f"{int(m.group().replace(',', '')) + copy:,}"

    text = _NUMBER.sub(shifted, text)
    text = _WORD.sub(lambda m: swaps[m.group(1)], text)
    return "\n".join(line + f" (copy {copy})" if line.strip() else line for line in text.split("\n"))


def build_corpus(src: list[dict], n: int, target: Path, distinct: bool = False) -> tuple[int, float]:
    """Write ``n`` articles cycling through ``src`` with new ids, outlets and dates in one
    month to the CSV ``target``; returns (rows, MB of text). ``distinct``: each copy's text is
    made distinct (``distinct_text``), so the memos for repeated texts do not flatter the figures."""
    import pandas as pd

    rows = []
    for k in range(n):
        a = src[k % len(src)]
        copy = k // len(src)
        rows.append({
            "id": f"dense-{k:06d}",
            "title": a["title"],
            "text": distinct_text(a["text"], copy) if distinct else a["text"],
            "outlet": f"Outlet {(k * 7 + copy) % N_OUTLETS:03d}",
            "url": f"https://example.org/{k:06d}",
            "published": (MONTH + dt.timedelta(days=(k * 11 + copy) % 30)).isoformat(),
        })
    df = pd.DataFrame(rows)
    df.to_csv(target, index=False)
    return n, sum(len(t.encode("utf-8")) for t in df["text"]) / 1e6


def _child_usage() -> tuple[float, float]:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def run_child(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd`` and return its CPU seconds, wall seconds and peak RSS (MB).

    ``ru_maxrss`` of RUSAGE_CHILDREN is the largest of any child so far, so each measured
    command runs under its own short-lived Python parent that reports its children's figures."""
    wrapper = ("import json,resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,text=True);"
               "w=time.perf_counter()-t;u=resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(json.dumps({'rc':r.returncode,'wall':w,'cpu':u.ru_utime+u.ru_stime,'rss':u.ru_maxrss/1024,"
               "'err':r.stderr[-2000:]}))")
    res = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True,
                         env={**os.environ, **(env or {}), "PYTHONWARNINGS": "ignore"})
    out = json.loads(res.stdout.strip().splitlines()[-1])
    if out["rc"] not in (0, 10):  # 10: finished, some inputs or warnings reported
        raise SystemExit(f"failed ({out['rc']}): {' '.join(cmd)}\n{out['err']}")
    return out


PUNKT = """
import sys, time, pandas as pd
sys.path.insert(0, {src!r})
from nltk.tokenize.punkt import PunktSentenceTokenizer
from newslib.language import text
texts = pd.read_csv({corpus!r}, dtype=str, keep_default_na=False)["text"].tolist()
for tok in (PunktSentenceTokenizer(), text.tokenizer()):
    list(tok.span_tokenize("Warm up. Once."))
    c0 = time.process_time()
    for t in texts:
        list(tok.span_tokenize(t))
    print(time.process_time() - c0)
"""


def punkt_cpu(corpus: Path) -> tuple[float, float]:
    """CPU seconds NLTK's Punkt as shipped (``PunktSentenceTokenizer()``) and newslib's Punkt
    (``text.tokenizer()``: the same algorithm with its patterns compiled by ``re`` and the
    project's abbreviations) take to split the texts, loading and reading excluded."""
    res = subprocess.run([sys.executable, "-c", PUNKT.format(src=str(ROOT / "src"), corpus=str(corpus))],
                         capture_output=True, text=True, check=True)
    stock, ours = (float(x) for x in res.stdout.split()[:2])
    return stock, ours


def newslib_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("newslib")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "newslib.cli"]


def extract(corpus: Path, out: Path, extra: list[str], log_level: str | None = None, src: Path | None = None) -> dict:
    """Run ``newslib extract`` on ``corpus`` in a child process; ``src``: another source tree's
    ``src`` folder to run instead of the installed newslib (``--before``)."""
    shutil.rmtree(out, ignore_errors=True)
    level = ["--log-level", log_level] if log_level else []
    env = _code_env(src) if src else None
    return run_child([*newslib_cmd(), "--quiet", *level, "extract", str(corpus), "--out", str(out), "--no-corrections",
                      *extra], env)


def _code_env(src: Path) -> dict:
    """The environment that runs another checkout's ``src``: first on ``PYTHONPATH``, with its
    own gazetteer cache (the cache is named by a hash of ``gazetteer.py`` and a build removes
    the other names' files: two codes sharing one folder would rebuild it at every run)."""
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])),
            "NEWSLIB_CACHE": str(Path(tempfile.gettempdir()) / f"newslib-dense-{hashlib.sha1(str(src).encode()).hexdigest()[:10]}")}


_STATS_RE = re.compile(r"(\d+) partitions in ([\d.]+) s, corpus-wide tables in ([\d.]+) s")


def engine_split(err: str) -> tuple[float, float] | None:
    """(partition seconds, corpus-wide seconds) from the engine's INFO line, else None."""
    m = _STATS_RE.search(err)
    return (float(m.group(2)), float(m.group(3))) if m else None


def same_tables(a: Path, b: Path) -> list[str]:
    """Names of the CSV tables that differ between two output folders."""
    names = sorted({p.name for p in a.glob("*.csv")} | {p.name for p in b.glob("*.csv")})
    return [n for n in names if not ((a / n).exists() and (b / n).exists() and filecmp.cmp(a / n, b / n, shallow=False))]


def profile(corpus: Path, top: int = 60) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT / "src"))
    from newslib.run import pipeline

    out = Path(tempfile.mkdtemp(prefix="newslib-dense-prof-"))
    prof = cProfile.Profile(time.process_time)  # CPU seconds: other load on the machine does not count
    prof.enable()
    tables = pipeline.extract(corpus, corrections=False)
    pipeline.write_tables(tables, out)
    prof.disable()
    shutil.rmtree(out, ignore_errors=True)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


#: The stages timed by ``--stages``: (module, function) as ``pipeline`` calls them.
STAGES = (("corpus", "ingest"), ("text", "sentences_table"), ("claims", "extract_claims"), ("corrections", "apply"),
          ("events", "events_table"), ("dates", "time_expressions_table"), ("totals", "casualty_totals"),
          ("naming", "naming_partials"), ("attribution", "attribution_partials"), ("tone", "tone_partials"),
          ("naming", "naming_from_partials"), ("attribution", "attribution_from_partials"),
          ("tone", "tone_from_partials"), ("events", "timeline_table"), ("reuse", "reuse_table"),
          ("sourcing", "sourcing_table"), ("incidents", "incident_tables_all"), ("incidents", "figure_travel"),
          ("pipeline", "write_tables"))


def stages(corpus: Path) -> None:
    """CPU seconds of each stage of ``pipeline.extract`` and the writing (no profiler overhead)."""
    import importlib

    sys.path.insert(0, str(ROOT / "src"))
    from newslib.run import pipeline

    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **k):
            c0 = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - c0
        return wrapper

    for mod, fn in STAGES:
        m = importlib.import_module(f"newslib.{mod}")
        setattr(m, fn, timed(f"{mod}.{fn}", getattr(m, fn)))
    out = Path(tempfile.mkdtemp(prefix="newslib-dense-stages-"))
    c0 = time.process_time()
    pipeline.write_tables(pipeline.extract(corpus, corrections=False), out)
    total = time.process_time() - c0
    shutil.rmtree(out, ignore_errors=True)
    for name, sec in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{name:<36} {sec:8.2f} CPU s {sec / total:6.1%}")
    print(f"{'total (extract + write)':<36} {total:8.2f} CPU s")


def dask_comparison(src: list[dict], n: int, partition_size: int, tmp: Path, distinct: bool = False) -> dict:
    """The pandas engine and Dask with 1 and 2 local workers on ``n`` articles: wall seconds of
    the whole command (start-up included), the split between the partitions and the serial
    corpus-wide tables, and whether the three wrote the same tables."""
    corpus = tmp / f"dense-{n}.csv"
    _, mb = build_corpus(src, n, corpus, distinct)
    ps = ["--partition-size", str(partition_size)]
    print(f"\n{n} articles ({mb:.1f} MB), partitions of {partition_size}; wall seconds of the "
          f"whole command, start-up included; load average {os.getloadavg()[0]:.1f}")
    outs, walls = {}, {}
    for name, eargs in (("pandas", ps), ("dask1", ["--engine", "dask", *ps, "--workers", "1"]),
                        ("dask2", ["--engine", "dask", *ps, "--workers", "2"])):
        outs[name] = tmp / f"out-{name}"
        r = extract(corpus, outs[name], eargs, log_level="INFO")
        walls[name] = r["wall"]
        split = engine_split(r["err"])
        where = (f"  partitions {split[0]:6.1f} s + corpus-wide tables {split[1]:6.1f} s" if split else "")
        print(f"{name:<7} wall {r['wall']:7.1f} s  {n / r['wall']:7.1f} articles/s  {mb / r['wall']:6.3f} MB/s  "
              f"driver CPU {r['cpu']:6.1f} s  driver peak RSS {r['rss']:5.0f} MB{where}  "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
    print(f"Dask 2 workers vs pandas: {walls['pandas'] / walls['dask2']:.2f}x; "
          f"2 workers vs 1: {walls['dask1'] / walls['dask2']:.2f}x")
    for name in ("dask1", "dask2"):
        diff = same_tables(outs["pandas"], outs[name])
        print(f"tables of {name} vs pandas: {'identical' if not diff else 'DIFFER: ' + ', '.join(diff)}")
    for d in outs.values():
        shutil.rmtree(d, ignore_errors=True)
    corpus.unlink()
    return walls


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1500,6000,24000", help="articles per corpus, comma-separated")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size (the median is reported)")
    ap.add_argument("--engine-args", default="", help="extra arguments to `newslib extract`, e.g. '--partition-size 500'")
    ap.add_argument("--dask-size", default="0",
                    help="also compare pandas and Dask (1 and 2 workers) on this many articles (comma-separated sizes)")
    ap.add_argument("--dask-partition-size", type=int, default=1000)
    ap.add_argument("--profile", type=int, default=0, help="profile pipeline.extract on this many articles instead")
    ap.add_argument("--stages", type=int, default=0, help="CPU seconds of each stage on this many articles instead")
    ap.add_argument("--distinct", action="store_true",
                    help="make each copy's text distinct (numbers shifted, a few words swapped: distinct_text), "
                         "so the memos for repeated texts do not flatter the figures")
    ap.add_argument("--bundled", action="store_true", help="use data/raw even when .devcorpus exists")
    ap.add_argument("--before", default="",
                    help="another source tree (e.g. `git worktree add /tmp/before main`): each size is run with "
                         "its code and with this one, one after the other, and both rows printed")
    args = ap.parse_args()
    before = Path(args.before).resolve() / "src" if args.before else None
    if before is not None and not (before / "newslib").is_dir():
        raise SystemExit(f"--before {args.before}: no src/newslib there; give the root of a newslib checkout")

    src, label = source_articles(prefer_dev=not args.bundled)
    tmp = Path(tempfile.mkdtemp(prefix="newslib-dense-"))
    try:
        if args.profile or args.stages:
            corpus = tmp / "dense.csv"
            build_corpus(src, args.profile or args.stages, corpus, args.distinct)
            (profile if args.profile else stages)(corpus)
            return 0
        # the world gazetteer is built once per installation and cached (NEWSLIB_CACHE): built
        # here first, so every measured run reads the cache as a user's runs after the first do
        subprocess.run([sys.executable, "-c", "from newslib.language import gazetteer; gazetteer.matcher()"], check=True,
                       env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                                                   os.environ.get("PYTHONPATH")]))})
        if before is not None:
            subprocess.run([sys.executable, "-c", "from newslib.language import gazetteer; gazetteer.matcher()"],
                           check=True, env={**os.environ, **_code_env(before)})
        avg = statistics.mean(len(a["text"].encode("utf-8")) for a in src)
        if args.distinct:
            label += "; --distinct: each copy's text made distinct (distinct_text)"
        print(f"source: {label}: {len(src)} articles, {avg / 1e3:.2f} kB on average; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}; python {sys.version.split()[0]}")
        extra = args.engine_args.split()
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        print(f"`newslib extract` {' '.join(extra)} (every table) vs NLTK Punkt on the same texts; "
              f"median of {args.repeat} run(s); CPU = user + system seconds of the child process")
        codes = [("before", before), ("after", None)] if before is not None else [("", None)]
        if before is not None:
            print(f"before = {before.parent}, after = {ROOT}; the two run one after the other for each size and "
                  f"repeat, and Punkt between them")
        print(f"{'code':>6} {'articles':>8} {'MB':>6} {'CPU s':>7} {'wall s':>7} {'MB/CPU s':>9} {'Punkt MB/CPU s':>14} "
              f"{'ratio':>6} {'newslib Punkt':>13} {'ratio':>6} {'peak RSS MB':>11} {'load':>5}")
        runs: dict[tuple[str, int], dict] = {}
        for n in sizes:
            corpus = tmp / f"dense-{n}.csv"
            _, mb = build_corpus(src, n, corpus, args.distinct)
            got: dict[str, list] = {name: [] for name, _ in codes}
            pk = []
            for _ in range(args.repeat):
                for name, code in codes:
                    got[name].append(extract(corpus, tmp / "out", extra, src=code))
                    if name == codes[0][0]:
                        pk.append(punkt_cpu(corpus))
            for name, _ in codes:
                r = {k: statistics.median(g[k] for g in got[name]) for k in ("cpu", "wall", "rss")}
                r["punkt"] = statistics.median(p[0] for p in pk)
                r["ours"] = statistics.median(p[1] for p in pk)
                r["mb"] = mb
                runs[(name, n)] = r
                rate, prate, orate = mb / r["cpu"], mb / r["punkt"], mb / r["ours"]
                print(f"{name:>6} {n:>8} {mb:>6.2f} {r['cpu']:>7.1f} {r['wall']:>7.1f} {rate:>9.3f} {prate:>14.2f} "
                      f"{rate / prate:>6.1%} {orate:>13.2f} {rate / orate:>6.1%} {r['rss']:>11.0f} "
                      f"{os.getloadavg()[0]:>5.1f}", flush=True)
            corpus.unlink()
        for name, _ in codes:
            for a, b in zip(sizes, sizes[1:]):
                ra, rb = runs[(name, a)], runs[(name, b)]
                print(f"{name + ': ' if name else ''}{a} -> {b} articles ({b / a:.0f}x): CPU x{rb['cpu'] / ra['cpu']:.2f}, "
                      f"peak RSS x{rb['rss'] / ra['rss']:.2f}")
        for n in [int(x) for x in str(args.dask_size).split(",") if x.strip() and int(x)]:
            dask_comparison(src, n, args.dask_partition_size, tmp, args.distinct)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
