"""Running extraction over partitions of a corpus: streaming in one process, or on Dask.

A corpus is cut into partitions in its reading order (``plan``): batches of ``.txt`` files of
a folder (sharing its ``articles.csv`` sidecar), row ranges of a CSV or Parquet table (Parquet:
only the row groups that hold them are read) and line ranges of a JSON-lines file. Problems
that concern a whole folder or table (sidecar, unsupported files, missing ``text``/``id``
columns, an unreadable table) are found once, while planning, and form their own partition.

Each partition is read with the corpus module's own functions (``corpus._iter_text_files``,
``corpus._iter_table``, ``corpus.build``), so ids, cleaning and messages are those of
``pipeline.extract``, and gives the per-article tables (``pipeline.ARTICLE_TABLES``: articles,
sentences, claims with their corrections, events, time_expressions, article_totals) through
``pipeline.article_tables``. Everything that compares articles or outlets
(``pipeline.CORPUS_TABLES``: timeline, incidents, claim_incidents, figure_travel, naming,
sourcing, attribution, tone, reuse) is computed once, by ``pipeline.corpus_tables``, on the
concatenated per-article tables.

What is exact: every table equals ``pipeline.extract``'s, row for row and in the same order
(per-article tables are re-sorted by ``article_id``, stable, as the in-process path orders them):

* duplicate ids across partitions are checked after the fact, in reading order: a later
  document whose id an earlier partition already used is dropped with everything computed from
  it (its rows, its warnings, the corrections applied to it) and reported in ``errors`` with the
  message and at the position ``corpus.build`` gives it;
* corrections are sent to the partitions that hold their claim (``reject``/``edit``) or article
  (``add``); rows that match no partition are applied once, at the end, against no claims,
  which reports them as ``pipeline.extract`` does; the log is put back in the order
  ``corrections.apply`` writes it.

What differs: a table file that cannot be parsed is reported with the message of the planning
read (``pd.read_csv`` of the header and id column, or the JSON decode), and a parser error that
only a later row range meets is reported for that range alone. The streaming engine's memory
grows with the output tables only; the Dask driver holds the combined per-article tables, which
the corpus-wide tables need.

>>> tables = extract_streaming("data/raw", "outputs/tables", chunk_size=2)      # doctest: +SKIP
>>> tables = extract_dask("data/raw", "outputs/tables-dask", partition_size=2)  # doctest: +SKIP
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import corpus, corrections as correctionsmod, io, pipeline, schemas
from .errors import ParameterError

log = logging.getLogger(__name__)

#: Documents per partition when none is given.
DEFAULT_PARTITION_SIZE = 500
#: Schedulers run without ``distributed`` (mostly for tests); anything else is an address.
LOCAL_SCHEDULERS = ("synchronous", "threads", "processes")
PART_NAME = "part-{:05d}.parquet"


# ----------------------------------------------------------------------------- partitions
@dataclass(frozen=True)
class Partition:
    """One unit of work. ``kind``: ``problems`` (found while planning), ``text`` (files),
    ``csv``/``jsonl``/``parquet`` (``first`` and ``count`` data rows of ``path``)."""

    kind: str
    files: tuple[str, ...] = ()
    sidecar: tuple = ()  # ((file name, metadata dict), ...) for the files of this batch
    has_sidecar: bool = False  # the folder has a sidecar (files without a row in it get a note)
    path: str = ""
    first: int = 0
    count: int = 0
    problems: tuple = ()


def check_partition_size(n) -> int:
    """``n`` (an int or its text) as a positive int, else ParameterError (exit 4)."""
    try:
        v = int(str(n).strip()) if not isinstance(n, bool) else None
    except ValueError:
        v = None
    if v is None or v <= 0:
        raise ParameterError(f"partition size must be a positive whole number of documents (got {n!r}); try 500")
    return v


def plan(path: str | os.PathLike, partition_size: int = DEFAULT_PARTITION_SIZE) -> list[Partition]:
    """Partitions of a corpus in reading order (see the module docstring). Raises CorpusError
    as ``corpus.iter_documents`` does for a path that cannot be used at all."""
    size = check_partition_size(partition_size)
    p = Path(path)
    if not p.exists():
        list(corpus.iter_documents(p))  # raises the CorpusError with its usual message
    if p.is_file():
        suffix = p.suffix.lower()
        if suffix in corpus.TEXT_SUFFIXES:
            return [Partition("text", files=(str(p),))]
        if suffix not in corpus.TABLE_SUFFIXES:
            list(corpus.iter_documents(p))  # unsupported type: CorpusError
        return _table_partitions(p, size)
    problems, sidecar, texts, tables = corpus.folder_plan(p)
    parts = [Partition("problems", problems=tuple(problems))] if problems else []
    for i in range(0, len(texts), size):
        batch = texts[i:i + size]
        meta = tuple((f.name, sidecar[f.name]) for f in batch if f.name in sidecar)
        parts.append(Partition("text", files=tuple(str(f) for f in batch), sidecar=meta, has_sidecar=bool(sidecar)))
    for t in tables:
        parts += _table_partitions(t, size)
    return parts


def _table_partitions(path: Path, size: int) -> list[Partition]:
    """Row ranges of one table, after the file-level checks of ``corpus._iter_table``."""
    suffix = path.suffix.lower()
    fail = lambda exc: [Partition("problems", problems=(corpus.Problem(  # noqa: E731
        str(path), f"cannot read table ({type(exc).__name__}: {exc}); check the file format"),))]
    try:
        if suffix == ".csv":
            cols = list(pd.read_csv(path, dtype=str, keep_default_na=False, nrows=0).columns)
            n = len(pd.read_csv(path, dtype=str, keep_default_na=False, usecols=[0])) if cols else 0
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            meta = pq.ParquetFile(path)
            cols, n = list(meta.schema_arrow.names), meta.metadata.num_rows
        else:  # JSON lines: the decoding and line numbering of corpus._iter_table
            try:
                content, _ = corpus.decode_bytes(path.read_bytes())
            except ValueError as exc:
                return [Partition("problems", problems=(corpus.Problem(str(path), f"{exc}; expected JSON lines"),))]
            cols, n = None, len(content.splitlines())
    except Exception as exc:  # parser errors of several libraries, as in corpus._iter_table
        return fail(exc)
    problem = corpus.table_columns_problem(path, cols) if cols is not None else None
    if problem is not None:
        return [Partition("problems", problems=(problem,))]
    kind = {".csv": "csv", ".parquet": "parquet"}.get(suffix, "jsonl")
    return [Partition(kind, path=str(path), first=i, count=min(size, n - i)) for i in range(0, n, size)]


def partition_items(part: Partition) -> list:
    """The Documents and Problems of one partition, in reading order."""
    if part.kind == "problems":
        return list(part.problems)
    if part.kind == "text":
        sidecar = dict(part.sidecar)
        if part.has_sidecar and not sidecar:
            sidecar = {"": {}}  # non-empty, as the folder's is, but naming none of these files
        return list(corpus._iter_text_files([Path(f) for f in part.files], sidecar, []))
    return list(corpus._iter_table(Path(part.path), (part.first, part.count)))


# ----------------------------------------------------------------------------- per partition
def run_partition(part: Partition, fixes: pd.DataFrame, source: str = "") -> dict:
    """Per-article tables of one partition, plus what combining needs: ``_docs`` (every
    document's id, source and reading position), ``errors`` with the reading position of the
    input each row is about (``_item``), ``_corr_rows`` and ``_corr_articles`` (per row of this
    partition's corrections log: its row in ``fixes`` and the article it concerns)."""
    items = partition_items(part)
    res = corpus.build(items)
    position: dict[str, int] = {}
    for i, it in enumerate(items):
        position.setdefault(it.source if isinstance(it, corpus.Document) else it.input, i)
    errors = res.errors.copy()
    errors["_item"] = [position.get(x, len(items)) for x in errors["input"].tolist()]
    # corpus._iter_table reports a JSON-lines file's unparseable lines before any of its rows
    errors["_phase"] = [0 if part.kind == "jsonl" and r.startswith(_LINE_PROBLEMS) else 1
                        for r in errors["reason"].tolist()]
    docs = pd.DataFrame([(it.article_id, it.source, i) for i, it in enumerate(items) if isinstance(it, corpus.Document)],
                        columns=["article_id", "source", "_item"])
    chosen: dict = {"rows": [], "articles": []}

    def select(fx: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
        sub, chosen["rows"], chosen["articles"] = _corrections_for(fx, claims, articles)
        return sub

    if res.articles.empty:
        out = {name: _empty(name) for name in pipeline.ARTICLE_TABLES}
    else:
        out = pipeline.article_tables(res.articles, fixes, source, select=select)
    out["_corr_rows"], out["_corr_articles"] = chosen["rows"], chosen["articles"]
    out["errors"] = errors
    out["_docs"] = docs
    out["_inputs"] = list(res.inputs)
    out["_file"] = part.path if part.kind in ("csv", "jsonl", "parquet") else ""
    return out


_LINE_PROBLEMS = ("broken JSON", "JSON line is not an object")


def _empty(name: str) -> pd.DataFrame:
    return getattr(schemas, name.upper()).empty()


def _corrections_for(fixes: pd.DataFrame, claims: pd.DataFrame,
                     articles: pd.DataFrame) -> tuple[pd.DataFrame, list[int], list[str]]:
    """The correction rows that concern one partition: reject/edit rows whose claim is among
    its ``claims``, add groups whose ``article_id`` is one of its ``articles``. Returns those
    rows, and per row of the log ``corrections.apply`` will write: its row number in ``fixes``
    and the article it concerns."""
    if fixes.empty:
        return fixes, [], []
    ids = set(articles["article_id"].astype(str))
    claim_article = dict(zip(claims["claim_id"].astype(str), claims["article_id"].astype(str)))
    add_article: dict[str, str] = {}
    for r in fixes.itertuples(index=False):
        if (r.action or "").lower() == "add" and r.field == "article_id":
            add_article.setdefault(r.claim_id, r.value)
    keep, target = [], {}
    for i, r in enumerate(fixes.itertuples(index=False)):
        a = add_article.get(r.claim_id) if (r.action or "").lower() == "add" else claim_article.get(r.claim_id)
        if a is not None and a in ids:
            keep.append(i)
            target[i] = a
    order = log_order(fixes, keep)
    return fixes.iloc[keep].reset_index(drop=True), order, [target[i] for i in order]


def log_order(fixes: pd.DataFrame, rows: list[int]) -> list[int]:
    """Rows of ``fixes`` (a subset, by position) in the order ``corrections.apply`` logs
    them: reject/edit rows in file order, then add rows grouped by claim id (groups in order
    of first appearance)."""
    actions = [(fixes.iloc[i]["action"] or "").lower() for i in rows]
    plain = [i for i, a in zip(rows, actions) if a != "add"]
    groups: dict[str, list[int]] = {}
    for i, a in zip(rows, actions):
        if a == "add":
            groups.setdefault(fixes.iloc[i]["claim_id"], []).append(i)
    return plain + [i for g in groups.values() for i in g]


# ----------------------------------------------------------------------------- combining
def combine(results: list[dict], fixes: pd.DataFrame, source: str = "") -> dict[str, pd.DataFrame]:
    """Per-partition results (in plan order) -> every table, equal to ``pipeline.extract``'s.
    Drops later duplicates (see the module docstring); keeps per partition its own tables
    under ``_parts`` for writing."""
    seen: dict[str, str] = {}
    parts: list[dict] = []
    error_blocks, log_blocks, inputs = [], [], []
    first_of: dict[str, int] = {}
    for k, res in enumerate(results):
        dropped_ids, dropped_src, dup_rows = set(), set(), []
        first_here: dict[str, str] = {}
        for aid, src, item in res["_docs"].itertuples(index=False):
            if aid in seen:  # an earlier partition has this id: every document here with it is a duplicate
                dropped_ids.add(aid)
                dropped_src.add(src)
                dup_rows.append({"input": src, "severity": "error", "_item": item, "_phase": 1,
                                 "reason": f"duplicate id {aid!r} (first in {seen[aid]}); give each article a unique id"})
            else:
                first_here.setdefault(aid, src)
        seen.update(first_here)
        own = {}
        for name in pipeline.ARTICLE_TABLES:
            if name == "corrections":
                continue
            t = res[name]
            own[name] = t[~t["article_id"].astype(str).isin(dropped_ids)] if dropped_ids and len(t) else t
        rows = res["_corr_rows"]
        keep = [k for k, a in enumerate(res["_corr_articles"]) if a not in dropped_ids]
        log_blocks.append((res["corrections"].iloc[keep], [rows[k] for k in keep]))
        errs = res["errors"]
        errs = errs[~errs["input"].isin(dropped_src)]
        if dup_rows:
            errs = pd.concat([errs, pd.DataFrame(dup_rows)], ignore_index=True)
        # order: file (all partitions of one table together), JSON line problems first, partition, input
        group = first_of.setdefault(res["_file"], k) if res["_file"] else k
        error_blocks.append(errs.assign(_group=group, _part=k))
        inputs += res["_inputs"]
        parts.append(own)

    tables: dict[str, pd.DataFrame] = {}
    for name in pipeline.ARTICLE_TABLES:
        if name == "corrections":
            continue
        frames = [p[name] for p in parts if len(p[name])]
        schema = getattr(schemas, name.upper())
        if not frames:
            tables[name] = schema.empty()
            continue
        df = pd.concat(frames, ignore_index=True)
        if name == "claims":
            df = df.sort_values(["article_id", "start", "end", "claim_id"], kind="stable")
        else:
            df = df.sort_values("article_id", kind="stable")
        tables[name] = schema.conform(df.reset_index(drop=True))
    tables["corrections"] = _combined_log(log_blocks, fixes, tables["articles"], source)
    errs = [e for e in error_blocks if len(e)]
    if errs:
        errs = pd.concat(errs, ignore_index=True).sort_values(["_group", "_phase", "_part", "_item"], kind="stable")
        tables["errors"] = schemas.ERRORS.conform(errs[list(schemas.ERRORS.columns)].reset_index(drop=True))
    else:
        tables["errors"] = schemas.ERRORS.empty()
    tables.update(pipeline.corpus_tables(tables))
    tables["_inputs"] = pd.DataFrame({"input": inputs})
    tables["_parts"] = parts  # type: ignore[assignment]
    return tables


def _combined_log(blocks, fixes: pd.DataFrame, articles: pd.DataFrame, source: str) -> pd.DataFrame:

    if fixes is None or fixes.empty:
        return schemas.CORRECTIONS.empty()
    frames, order = [], []
    for log_df, rows in blocks:
        if rows:
            frames.append(log_df)
            order += rows
    done = set(order)
    left = [i for i in range(len(fixes)) if i not in done]
    if left:
        # rows no partition took: no such claim, or an added claim's article is not in the corpus
        ids = articles[["article_id"]] if len(articles) else None
        _, applied = correctionsmod.apply(schemas.CLAIMS.empty(), fixes.iloc[left].reset_index(drop=True), ids, source)
        frames.append(applied)
        order += log_order(fixes, left)
    df = pd.concat(frames, ignore_index=True) if frames else schemas.CORRECTIONS.empty()
    wanted = log_order(fixes, list(range(len(fixes))))
    rank = {r: k for k, r in enumerate(wanted)}
    df = df.assign(_k=[rank[r] for r in order]).sort_values("_k", kind="stable").drop(columns="_k")
    return schemas.CORRECTIONS.conform(df.reset_index(drop=True))


def _log_errors(errors: pd.DataFrame) -> None:
    for e in errors.itertuples(index=False):
        (log.error if e.severity == "error" else log.warning)("%s: %s", e.input, e.reason)


# ----------------------------------------------------------------------------- writing
def write_partitioned(tables: dict, out: str | os.PathLike) -> list[Path]:
    """Per-article tables as ``out/<table>/part-00000.parquet`` ... (one file per partition,
    in plan order, empty partitions included); the corpus-wide tables and ``errors.csv``
    as ``pipeline.write_tables`` writes them. Stale part files and single-file copies of the
    per-article tables in ``out`` are removed first, so ``io.read_table`` reads this run."""
    out = io.ensure_dir(out)
    paths: list[Path] = []
    parts = tables["_parts"]
    for name in pipeline.ARTICLE_TABLES:
        if name == "corrections":
            continue
        folder = io.ensure_dir(out / name)
        for old in folder.glob("part-*.parquet"):
            old.unlink()
        for suffix in (".csv", ".parquet"):
            (out / f"{name}{suffix}").unlink(missing_ok=True)
        schema = getattr(schemas, name.upper())
        for k, p in enumerate(parts):
            df = schema.conform(p[name].reset_index(drop=True)) if len(p[name]) else schema.empty()
            paths.append(io.write_parquet(df, folder / PART_NAME.format(k)))
    single = {k: v for k, v in tables.items() if k in pipeline.CORPUS_TABLES or k in ("errors", "corrections")}
    paths += pipeline.write_tables(single, out)
    return paths


# ----------------------------------------------------------------------------- engines
def extract_streaming(path: str | os.PathLike, out: str | os.PathLike | None = None, chunk_size: int = DEFAULT_PARTITION_SIZE,
                      corrections=None, progress: bool = False) -> dict[str, pd.DataFrame]:
    """The pandas engine, chunk by chunk: documents are read and turned into per-article
    tables ``chunk_size`` at a time, so memory grows with the output tables only; then the
    corpus-wide tables are computed once. Writes the same files as ``newslib extract`` to
    ``out`` (if given) and returns the tables. ``progress`` shows a tqdm bar."""
    from tqdm.auto import tqdm

    parts = plan(path, chunk_size)
    fixes, source = correctionsmod.load(corrections)
    t0 = time.perf_counter()
    results = [run_partition(p, fixes, source)
               for p in tqdm(parts, desc="newslib extract", unit="partition", disable=not progress)]
    t1 = time.perf_counter()
    tables = combine(results, fixes, source)
    t2 = time.perf_counter()
    _log_errors(tables["errors"])
    tables.pop("_parts")
    if out is not None:
        pipeline.write_tables(tables, out)
    tables["_stats"] = {"engine": "pandas-streaming", "partitions": len(parts), "partition_seconds": t1 - t0,
                        "combine_seconds": t2 - t1}
    return tables


def extract_dask(path: str | os.PathLike, out: str | os.PathLike | None = None, scheduler: str | None = None,
                 partition_size: int = DEFAULT_PARTITION_SIZE, corrections=None, progress: bool = False,
                 n_workers: int | None = None) -> dict[str, pd.DataFrame]:
    """The Dask engine: one ``dask.delayed`` task per partition (each returns several tables,
    which ``dask.dataframe.from_map`` cannot), then the corpus-wide tables once on the driver.

    ``scheduler``: None starts a ``distributed.LocalCluster`` (processes, ``n_workers`` or one
    per core, one thread each); ``"synchronous"``, ``"threads"`` or ``"processes"`` use Dask's
    local schedulers; anything else is the address of a running scheduler
    (``tcp://host:8786``), whose workers need newslib and the same package versions and must
    see ``path`` and ``out`` at the same paths. Writes per-article tables as partitioned
    Parquet and the rest as single files (``write_partitioned``) to ``out`` if given.
    Returns the tables; ``_stats`` holds timings and, for a cluster, each worker's peak RSS.
    """
    import dask

    parts = plan(path, partition_size)
    fixes, source = correctionsmod.load(corrections)
    fixes_d = dask.delayed(fixes, pure=True)
    tasks = [dask.delayed(run_partition, pure=True)(p, fixes_d, source, dask_key_name=f"newslib-partition-{k:05d}")
             for k, p in enumerate(parts)]
    stats: dict = {"engine": "dask", "partitions": len(parts), "scheduler": scheduler or "LocalCluster"}
    t0 = time.perf_counter()
    if scheduler in LOCAL_SCHEDULERS:
        from dask.diagnostics import ProgressBar

        if progress:
            with ProgressBar():
                results = list(dask.compute(*tasks, scheduler=scheduler))
        else:
            results = list(dask.compute(*tasks, scheduler=scheduler))
    else:
        results, stats["workers"] = _run_distributed(tasks, scheduler, n_workers, progress)
    t1 = time.perf_counter()
    tables = combine(results, fixes, source)
    t2 = time.perf_counter()
    _log_errors(tables["errors"])
    if out is not None:
        write_partitioned(tables, out)
    tables.pop("_parts")
    stats.update(partition_seconds=t1 - t0, combine_seconds=t2 - t1)
    tables["_stats"] = stats
    return tables


def _worker_peak_rss_mb() -> float:
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _run_distributed(tasks, scheduler: str | None, n_workers: int | None, progress: bool):
    from distributed import Client, LocalCluster
    from distributed import progress as dask_progress

    # distributed sets its loggers to INFO: follow the level the caller chose (--log-level)
    dlog = logging.getLogger("distributed")
    saved = dlog.level
    dlog.setLevel(max(logging.getLogger().getEffectiveLevel(), log.getEffectiveLevel()))
    try:
        return _run_on_cluster(tasks, scheduler, n_workers, progress, Client, LocalCluster, dask_progress)
    finally:
        dlog.setLevel(saved)


def _run_on_cluster(tasks, scheduler, n_workers, progress, Client, LocalCluster, dask_progress):
    cluster = None
    if scheduler is None:
        n = n_workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise ParameterError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                                 f"`dask scheduler` or leave out --scheduler for a local cluster") from exc
    try:
        futures = client.compute(tasks)
        if progress:
            dask_progress(futures)
        results = client.gather(futures)
        workers = client.run(_worker_peak_rss_mb) if cluster is not None else {}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return list(results), {str(w): round(v, 1) for w, v in sorted(workers.items())}
