"""Running extraction over partitions of a corpus: streaming in one process, or on Dask.

A corpus is cut into partitions in its reading order (``plan``): batches of ``.txt`` files of
a folder (sharing its ``articles.csv`` sidecar), row ranges of a CSV or Parquet table (Parquet:
only the row groups that hold them are read) and line ranges of a JSON-lines file. Problems
that concern a whole folder or table (sidecar, unsupported files, missing ``text``/``id``
columns, an unreadable table) are found once, while planning, and form their own partition.

Each partition is read with the corpus module's own functions (``corpus.text_documents``,
the readers of the format registry ``newslib.read.formats``, ``corpus.build``), so ids, cleaning and messages are those of
``pipeline.extract``, and gives the per-article tables (``pipeline.ARTICLE_TABLES``: articles,
sentences, claims with their corrections, events, time_expressions, article_totals) through
``pipeline.article_tables``. Everything that compares articles or outlets
(``pipeline.CORPUS_TABLES``: timeline, incidents, claim_incidents, figure_travel, naming,
sourcing, attribution, tone, reuse) is computed once, by ``pipeline.corpus_tables``, on the
concatenated per-article tables. On a Dask cluster the workers write each partition's
per-article tables themselves, and while the driver links the incidents they make and write
the tables that need no other (``pipeline.INDEPENDENT_TABLES``: timeline, sourcing) and
reconcile the incident blocks.

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
only a later row range meets is reported for that range alone.

Memory: with an output folder, both engines write each partition's per-article tables as soon
as it is added (``Combiner``) and keep only the dated events, per-outlet sums for naming,
attribution and tone, and a compact index of the ids seen (``SeenIds``). When nothing is kept
in memory (the default with an output folder), each partition's problems wait in a temporary
file, the claims (``CORPUS_CLAIM_COLUMNS``) and the articles' texts are read back from the part
files when the corpus-wide tables need them, one after the other, incidents are made block by
block and put in order by an external sort through temporary files, and reuse comes in chunks
(``pipeline.iter_corpus_tables`` with ``spill``). The errors are sorted and written from a
compact Arrow table (``_errors_table``). Arrow allocates from the system allocator during a run
and freed memory is handed back to the operating system between steps (``release_memory``).

>>> tables = extract_streaming("data/raw", "outputs/tables", chunk_size=2)      # doctest: +SKIP
>>> tables = extract_dask("data/raw", "outputs/tables-dask", partition_size=2)  # doctest: +SKIP
"""
from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import corrections as correctionsmod, pipeline, staging
from .. import io, schemas
from ..analyse import incidents, sourcing
from ..read import corpus, formats
from ..errors import LOG_EACH, ParameterError, log_problems  # noqa: F401  LOG_EACH: kept importable here

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
    or the name of an input format of ``formats.FORMATS`` (``csv``, ``jsonl``, ``zip``...:
    ``first`` and ``count`` units (rows, lines, members) of ``path``)."""

    kind: str
    files: tuple[str, ...] = ()
    sidecar: tuple = ()  # ((file name, metadata dict), ...) for the files of this batch
    has_sidecar: bool = False  # the folder has a sidecar (files without a row in it get a note)
    path: str = ""
    first: int = 0
    count: int = 0
    problems: tuple = ()
    #: byte range of the rows in ``path`` (-1: none known; the rows are found by counting)
    offset: int = -1
    length: int = 0
    header: int = 0  # bytes of a CSV's header record, read with every range


#: ``newslib extract`` without ``--partition-size`` streams a corpus of more documents than
#: this, in partitions of ``AUTO_PARTITION_SIZE``: peak memory then stays about flat as the
#: corpus grows (the whole-corpus path holds every table). The CSV files are the same bytes
#: either way; the per-article tables' Parquet become folders of part files.
AUTO_STREAM_DOCUMENTS = 5_000
AUTO_PARTITION_SIZE = 2_000


def auto_partition_size(path: str | os.PathLike, follow_symlinks: bool = False) -> int | None:
    """The partition size ``newslib extract`` streams ``path`` in when none is given:
    ``AUTO_PARTITION_SIZE`` for a corpus of more than ``AUTO_STREAM_DOCUMENTS`` documents,
    else None (read at once). A corpus that cannot be planned gives None: reading it reports
    the problem as usual."""
    try:
        parts = plan(path, AUTO_STREAM_DOCUMENTS, follow_symlinks)
    except Exception:  # noqa: BLE001 -- the whole-corpus path raises the usual typed error
        return None
    docs = sum(p.count if p.kind != "text" else len(p.files) for p in parts if p.kind != "problems")
    return AUTO_PARTITION_SIZE if docs > AUTO_STREAM_DOCUMENTS else None


def check_partition_size(n) -> int:
    """``n`` (an int or its text) as a positive int, else ParameterError (exit 4)."""
    try:
        v = int(str(n).strip()) if not isinstance(n, bool) else None
    except ValueError:
        v = None
    if v is None or v <= 0:
        raise ParameterError(f"partition size must be a positive whole number of documents (got {n!r}); try 500")
    return v


def plan(path: str | os.PathLike, partition_size: int = DEFAULT_PARTITION_SIZE,
         follow_symlinks: bool = False) -> list[Partition]:
    """Partitions of a corpus in reading order (see the module docstring). Raises CorpusError
    as ``corpus.iter_documents`` does for a path that cannot be used at all; symbolic links
    as ``corpus.folder_plan`` reads them."""
    size = check_partition_size(partition_size)
    p = Path(path)
    if not p.exists():
        list(corpus.iter_documents(p))  # raises the CorpusError with its usual message
    if p.is_file():
        fmt = formats.format_of(p)
        if fmt is None:
            list(corpus.iter_documents(p))  # unsupported type: CorpusError
        if fmt.article_file:
            return [Partition("text", files=(str(p),))]
        return _table_partitions(p, size)
    problems, sidecar, texts, tables = corpus.folder_plan(p, follow_symlinks)
    parts = [Partition("problems", problems=tuple(problems))] if problems else []
    for i in range(0, len(texts), size):
        batch = texts[i:i + size]
        meta = tuple((f.name, sidecar[f.name]) for f in batch if f.name in sidecar)
        parts.append(Partition("text", files=tuple(str(f) for f in batch), sidecar=meta, has_sidecar=bool(sidecar)))
    for t in tables:
        parts += _table_partitions(t, size)
    return parts


def _table_partitions(path: Path, size: int) -> list[Partition]:
    """Ranges of the units (rows, lines, members) of one file, after the file-level checks of
    its reader: its format's ``units`` and ``offsets`` (``newslib.read.formats``)."""
    fmt = formats.format_of(path)
    try:
        found = fmt.units(path)
    except Exception as exc:  # parser errors of several libraries, as in the readers
        found = corpus.Problem(str(path), f"cannot read table ({type(exc).__name__}: {exc}); check the file format")
    if isinstance(found, corpus.Problem):
        return [Partition("problems", problems=(found,))]
    cols, n = found
    problem = corpus.table_columns_problem(path, cols) if cols is not None else None
    if problem is not None:
        return [Partition("problems", problems=(problem,))]
    if not fmt.split:  # a stream read from its start: one partition, so nothing is decompressed twice
        return [Partition(fmt.name, path=str(path), first=0, count=n)] if n else []
    starts = fmt.offsets(path, n) if fmt.offsets is not None else None
    if starts is None:  # Parquet reads row groups; other files are counted from the start
        return [Partition(fmt.name, path=str(path), first=i, count=min(size, n - i)) for i in range(0, n, size)]
    header, starts = starts[0], starts[1:]
    return [Partition(fmt.name, path=str(path), first=i, count=min(size, n - i), offset=starts[i],
                      length=starts[min(i + size, n)] - starts[i], header=header) for i in range(0, n, size)]


def partition_items(part: Partition) -> list:
    """The Documents and Problems of one partition, in reading order."""
    if part.kind == "problems":
        return list(part.problems)
    if part.kind == "text":
        sidecar = dict(part.sidecar)
        if part.has_sidecar and not sidecar:
            sidecar = {"": {}}  # non-empty, as the folder's is, but naming none of these files
        return list(corpus.text_documents([Path(f) for f in part.files], sidecar))
    byte_range = (part.offset, part.length, part.header) if part.offset >= 0 else None
    return list(formats.FORMATS[part.kind].read(Path(part.path), (part.first, part.count), byte_range))


# ----------------------------------------------------------------------------- per partition
def run_partition(part: Partition, fixes: pd.DataFrame, source: str = "", write_to: str | None = None,
                  k: int = -1) -> dict:
    """Per-article tables of one partition, plus what combining needs: ``_docs`` (every
    document's id, source and reading position), ``errors`` with the reading position of the
    input each row is about (``_item``), ``_corr_rows`` and ``_corr_articles`` (per row of this
    partition's corrections log: its row in ``fixes`` and the article it concerns).

    ``write_to`` (an output folder) and ``k`` (the partition's number): the per-article tables
    are written here, where the partition is computed (a Dask worker), by ``write_partition``,
    and only their row counts (``_written``), the dated events and the linking records of its
    claims (``_link``: ``incidents.prepare_links``) come back."""
    items = partition_items(part)
    res = corpus.build(items)
    position: dict[str, int] = {}
    for i, it in enumerate(items):
        position.setdefault(it.source if isinstance(it, corpus.Document) else it.input, i)
    errors = res.errors.copy()
    errors["_item"] = [position.get(x, len(items)) for x in errors["input"].tolist()]
    # a JSON-lines reader reports a file's unparseable lines before any of its rows
    lines_first = part.kind in formats.FORMATS and formats.FORMATS[part.kind].lines_first
    errors["_phase"] = [0 if lines_first and r.startswith(_LINE_PROBLEMS) else 1
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
    out["_partials"] = pipeline.article_partials(out["articles"], out["sentences"])
    out["_corr_rows"], out["_corr_articles"] = chosen["rows"], chosen["articles"]
    found = out.pop("errors", None)  # problems found while extracting: after every reading problem,
    if found is not None and len(found):  # in reading order (as ``pipeline.extract`` lists them)
        found = found.assign(_item=[position.get(x, len(items)) for x in found["input"].tolist()], _phase=1,
                             _after=1)
        errors = pd.concat([errors.assign(_after=0), found], ignore_index=True)
    else:
        errors = errors.assign(_after=0)
    out["errors"] = errors
    out["_docs"] = docs
    out["_inputs"] = list(res.inputs)
    out["_file"] = part.path if part.kind in formats.FORMATS else ""
    if write_to is not None:
        # linking's records of this partition's claims, made here (a Dask worker) while the
        # other partitions run, so the driver links without making them (``incidents.LinkPrep``)
        claims = out["claims"]
        claims = schemas.CLAIMS.conform(claims.reset_index(drop=True)) if len(claims) else schemas.CLAIMS.empty()
        arts = out["articles"]
        out["_link"] = incidents.prepare_links(claims, arts[[c for c in pipeline.ARTICLE_META if c in arts.columns]])
        del claims, arts
        out["_written"] = write_partition(out, Path(write_to), k)
        events = out["events"]
        out["events"] = events[events["date_start"].notna()]
        for name in PART_TABLES:
            if name != "events":
                out[name] = None
    return out


#: Where the workers put each partition's CSV rows (``write_partition``) until the driver
#: adds them, in plan order, to the single CSV file of each table.
PIECES = ".pieces"


def _piece(out: Path, name: str, k: int) -> Path:
    return out / PIECES / f"{name}-{k:05d}.csv"


def write_partition(tables: dict, out: Path, k: int) -> dict[str, int]:
    """Write partition ``k``'s per-article tables (``PART_TABLES``) into the output folder
    ``out``: ``out/<table>/part-NNNNN.parquet`` and its CSV rows, with the header, as
    ``out/.pieces/<table>-NNNNN.csv`` (the same bytes ``io.append_csv`` would add). Returns
    the rows written per table."""
    counts = {}
    io.ensure_dir(out / PIECES)
    for name in PART_TABLES:
        schema = getattr(schemas, name.upper())
        t = tables[name]
        df = schema.conform(t.reset_index(drop=True)) if len(t) else schema.empty()
        io.write_parquet(df, io.ensure_dir(out / name) / PART_NAME.format(k))
        io.write_csv(df, _piece(out, name, k))
        counts[name] = len(df)
    return counts


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
#: Per-article tables written per partition (the corrections log is written whole).
PART_TABLES = tuple(n for n in pipeline.ARTICLE_TABLES if n != "corrections")
#: The claim columns the corpus-wide tables read, as their builders declare them
#: (``CLAIM_COLUMNS`` of incidents and sourcing): only these are kept in memory between
#: partitions. The tests that compare the engines with ``pipeline.extract`` fail if one is missing.
CORPUS_BUILDERS = (incidents, sourcing)
CORPUS_CLAIM_COLUMNS = tuple(dict.fromkeys(c for b in CORPUS_BUILDERS for c in b.CLAIM_COLUMNS))


class Combiner:
    """Adds per-partition results (``run_partition``), in plan order, into every table, equal
    to ``pipeline.extract``'s.

    Each result is checked for ids an earlier partition already used (dropped, see the module
    docstring), then its per-article tables are written to ``out/<table>/part-NNNNN.parquet``
    (when ``out`` is given) and kept in memory only when ``keep``. Between partitions only what
    the corpus-wide tables need is held: the claims (``CORPUS_CLAIM_COLUMNS``), the dated events,
    ``article_id`` and ``text`` of the articles (for reuse), and the per-outlet sums of naming,
    attribution and tone (``pipeline.article_partials``, added up partition by partition).
    """

    def __init__(self, fixes: pd.DataFrame, source: str = "", out: str | os.PathLike | None = None, keep: bool = True):
        self.fixes, self.source, self.keep = fixes, source, keep
        self.out = None if out is None else io.ensure_dir(out)
        self.k = 0
        self.seen = SeenIds()
        self.first_of: dict[str, int] = {}
        self.error_blocks: list[pd.DataFrame | Path] = []  # a Path: spilled to disk
        self.log_blocks: list = []
        self.inputs: list[str] = []  # every input's name, when keep (else only counted)
        self.n_inputs = 0
        # with an output folder and nothing kept, the claims and texts of the partitions are read
        # back from their part files when the corpus-wide tables need them, not held meanwhile
        self.spill = self.out is not None and not keep
        if self.out is not None:  # temporary files of an interrupted run
            for old in (self.out / ".spill").glob("*.parquet"):
                old.unlink()
            for old in (self.out / PIECES).glob("*.csv"):
                old.unlink()
        self.kept: dict[str, list[pd.DataFrame]] = {n: [] for n in PART_TABLES}
        self.counts = dict.fromkeys(PART_TABLES, 0)
        self.claims: list[pd.DataFrame] = []
        self.events: list[pd.DataFrame] = []
        self.texts: list[pd.DataFrame] = []
        self.meta: list[pd.DataFrame] = []
        self.partials: dict[str, list[pd.DataFrame]] = {n: [] for n in pipeline.PARTIALS}
        # the partitions' linking records (``incidents.LinkPrep``), when every partition sent them
        self.link_preps: list | None = []
        self.paths: list[Path] = []
        self._csv: dict[str, Path] = {}
        if self.out is not None:
            for name in PART_TABLES:  # stale part files and single-file copies would be read with these
                folder = io.ensure_dir(self.out / name)
                for old in folder.glob("part-*.parquet"):
                    old.unlink()
                (self.out / f"{name}.parquet").unlink(missing_ok=True)
                # the CSV copy grows partition by partition in a temporary file, renamed by finish()
                self._csv[name] = self.out / f".{name}.csv.partial"
                self._csv[name].unlink(missing_ok=True)

    def add(self, res: dict) -> None:
        k = self.k
        self.k += 1
        if k == 0:  # the driver of Dask workers: the gazetteer the corpus-wide tables need, loaded
            pipeline.freeze_reference_data()  # while the workers still run (frozen: see there)
        dropped_ids, dropped_src, dup_rows = set(), set(), []
        docs = res["_docs"]
        ids, sources = docs["article_id"].tolist(), docs["source"].tolist()
        for aid, src, item, first in zip(ids, sources, docs["_item"].tolist(), self.seen.lookup(ids)):
            if first is not None:  # an earlier partition has this id: every document here with it is a duplicate
                dropped_ids.add(aid)
                dropped_src.add(src)
                dup_rows.append({"input": src, "severity": "error", "_item": item, "_phase": 1,
                                 "reason": f"duplicate id {aid!r} (first in {first}); give each article a unique id"})
        self.seen.add([(a, s) for a, s in zip(ids, sources) if a not in dropped_ids])

        def own(t: pd.DataFrame) -> pd.DataFrame:
            return t[~t["article_id"].astype(str).isin(dropped_ids)] if dropped_ids and len(t) else t

        written = res.get("_written")
        for name in PART_TABLES:
            if written is not None:  # written by the worker: adopted, rewritten without duplicates if any
                self.counts[name] += self._adopt(name, k, dropped_ids, written[name])
                continue
            t = own(res[name])
            self.counts[name] += len(t)
            if self.out is not None:
                schema = getattr(schemas, name.upper())
                df = schema.conform(t.reset_index(drop=True)) if len(t) else schema.empty()
                self.paths.append(io.write_parquet(df, self.out / name / PART_NAME.format(k)))
                first = not self._csv[name].exists()
                if first or len(df):
                    io.append_csv(df, self._csv[name], first)
            if self.keep:
                self.kept[name].append(t)
        # what is kept is copied: a view would keep the partition's frames alive, and with them
        # pandas' copy-on-write bookkeeping of every slice ever taken of them (megabytes each)
        if not self.spill:  # (a worker that wrote its tables sends no claims: runs that write there spill)
            claims = own(res["claims"])
            self.claims.append(claims[[c for c in CORPUS_CLAIM_COLUMNS if c in claims.columns]].copy())
            self.texts.append(own(res["articles"])[["article_id", "text"]].copy())
            arts = own(res["articles"])
            self.meta.append(arts[[c for c in pipeline.ARTICLE_META if c in arts.columns]].copy())
        events = own(res["events"])
        self.events.append(events[events["date_start"].notna()].copy())
        prep = res.get("_link")
        if prep is None or self.link_preps is None:
            self.link_preps = None
        else:
            self.link_preps.append(prep.without(dropped_ids) if dropped_ids else prep)
        for name, part in res["_partials"].items():
            self.partials[name].append(pipeline.sum_partials(name, own(part)).copy())
        rows = res["_corr_rows"]
        keep = [i for i, a in enumerate(res["_corr_articles"]) if a not in dropped_ids]
        self.log_blocks.append((res["corrections"].iloc[keep].copy(), [rows[i] for i in keep]))
        errs = res["errors"]
        errs = errs[~errs["input"].isin(dropped_src)]
        if dup_rows:
            errs = pd.concat([errs, pd.DataFrame(dup_rows)], ignore_index=True)
        # order: file (all partitions of one table together), JSON line problems first, partition, input
        group = self.first_of.setdefault(res["_file"], k) if res["_file"] else k
        # the same few reasons recur on thousands of rows: kept as categories until finish()
        block = errs.assign(_group=group, _part=k)
        if "_after" in block.columns:  # extraction problems: after all others, by partition and input
            block["_group"] = block["_group"].where(block["_after"].fillna(0) == 0, EXTRACTION_GROUP)
            block = block.drop(columns="_after")
        block = block.astype({"reason": "category", "severity": "category"})
        if self.spill and len(block):  # on disk until finish(): they grow with the corpus
            block = io.write_parquet(block.reset_index(drop=True), io.ensure_dir(self.out / ".spill") / f"errors-{k:05d}.parquet")
        self.error_blocks.append(block)
        self.n_inputs += len(res["_inputs"])
        if self.keep:
            self.inputs += res["_inputs"]
        release_memory(collect=False)
        staging.checkpoint("partition")

    def _adopt(self, name: str, k: int, dropped: set, n: int) -> int:
        """Take the files a worker wrote for table ``name`` of partition ``k`` (``write_partition``):
        without the rows of ``dropped`` ids (rewritten, when it has any), its CSV piece added
        to the table's CSV file as ``add`` would have written it. Returns the rows kept."""
        import shutil

        part, piece = self.out / name / PART_NAME.format(k), _piece(self.out, name, k)
        if dropped and n:
            import pyarrow.parquet as pq

            schema = getattr(schemas, name.upper())
            df = pq.read_table(part, use_threads=False).to_pandas()
            df = df[~df["article_id"].astype(str).isin(dropped)]
            df = schema.conform(df.reset_index(drop=True)) if len(df) else schema.empty()
            io.write_parquet(df, part)
            io.write_csv(df, piece)
            n = len(df)
        self.paths.append(part)
        first = not self._csv[name].exists()
        if first or n:
            with open(piece, "rb") as src, open(self._csv[name], "wb" if first else "ab") as dst:
                if not first:
                    src.readline()  # the header, written once
                shutil.copyfileobj(src, dst, 1 << 20)
        piece.unlink()
        return n

    def finish(self, mapper=None, remote=None) -> dict:
        """Every table (per-article ones only when ``keep``; ``_counts`` has their row counts),
        the corpus-wide ones written to ``out`` if given. ``mapper``: how the incident blocks
        are reconciled when the claims are read back (``pipeline.iter_corpus_tables``): the
        Dask engine sends them to its workers. ``remote``: ``submit(fn, *args)`` -> a future
        (``.result()``); when given and the claims are read back, the tables that need no
        other (``pipeline.INDEPENDENT_TABLES``) are made and written by ``independent_table``
        through it (on a Dask worker) while this process makes the rest."""
        tables: dict = {}
        if self.keep:
            for name in PART_TABLES:
                tables[name] = _sorted_concat(name, self.kept[name])
                self.kept[name] = []
        if self.spill:  # read back when needed (iter_corpus_tables calls these), one at a time
            claims, articles = functools.partial(self._claims_back), functools.partial(self._texts_back)
            meta = functools.partial(self._read_parts, "articles", list(pipeline.ARTICLE_META))
            article_ids = functools.partial(self._read_parts, "articles", ["article_id"])
        else:
            claims = _sorted_concat("claims", self.claims, conform=False)
            if claims.empty:
                claims = claims[[c for c in CORPUS_CLAIM_COLUMNS if c in claims.columns]]
            # in reading order: text reuse finds the id order itself
            articles = (pd.concat(self.texts, ignore_index=True) if self.texts
                        else schemas.ARTICLES.empty()[["article_id", "text"]])
            self.texts = []
            meta = (pd.concat(self.meta, ignore_index=True) if self.meta
                    else schemas.ARTICLES.empty()[list(pipeline.ARTICLE_META)])
            self.meta = []
            article_ids = articles
        corpus_input = {"articles": articles, "claims": claims, "events": _sorted_concat("events", self.events),
                        "article_meta": meta}
        partials = {name: pipeline.sum_partials(name, pd.concat(parts, ignore_index=True))
                    for name, parts in self.partials.items()}
        tables["corrections"] = _combined_log(self.log_blocks, self.fixes, article_ids, self.source)
        del article_ids
        # the errors: compact (Arrow, each distinct reason stored once), in order, written a chunk at a time
        errors = _errors_table(self.error_blocks)
        self.claims, self.events, self.texts, self.partials = [], [], [], {}
        del claims, articles  # corpus_input holds them now, until iter_corpus_tables is done with each
        counts = dict(self.counts)
        if self.out is not None:
            for name, partial in self._csv.items():
                if partial.exists():
                    self.paths.append(partial.replace(self.out / f"{name}.csv"))
                else:  # no partition at all
                    self.paths.append(io.write_csv(getattr(schemas, name.upper()).empty(), self.out / f"{name}.csv"))
            self.paths += pipeline.write_tables({"errors": _conformed_chunks(errors, schemas.ERRORS),
                                                 "corrections": tables["corrections"]}, self.out)
        spill = self.out / ".spill" if self.spill else None
        if spill is not None:  # not held while the corpus-wide tables are made: read again at the end
            del errors
        elsewhere: dict = {}
        if remote is not None and spill is not None:
            for name, (source, _) in pipeline.INDEPENDENT_TABLES.items():
                # the claims are read back there from the part files; the dated events are sent
                given = self.k if source == "claims" else corpus_input.pop(source)
                elsewhere[name] = remote(independent_table, name, str(self.out), given)
        release_memory()
        # corpus-wide tables one at a time: written, and kept only when asked to
        prepared = self.link_preps or None if spill is not None else None  # linking reads the claims back
        self.link_preps = []
        for name, table in pipeline.iter_corpus_tables(corpus_input, partials, spill=spill, mapper=mapper,
                                                       elsewhere=tuple(elsewhere), prepared=prepared):
            counts[name] = len(table)
            if self.out is not None:
                self.paths += pipeline.write_tables({name: table}, self.out)
            if self.keep or self.out is None:
                tables[name] = table
            del table
            release_memory()
        for name, made in elsewhere.items():
            counts[name] = made.result()
            self.paths += [self.out / f"{name}.csv", self.out / f"{name}.parquet"]
        if spill is not None:
            errors = _errors_table(self.error_blocks)
        tables["errors"] = _errors_frame(errors)
        del errors
        for block in self.error_blocks:
            if isinstance(block, Path):
                block.unlink()
        self.error_blocks = []
        if spill is not None and spill.is_dir() and not any(spill.iterdir()):
            spill.rmdir()
        pieces = self.out / PIECES if self.out is not None else None
        if pieces is not None and pieces.is_dir() and not any(pieces.iterdir()):
            pieces.rmdir()
        if self.keep:
            tables["_inputs"] = pd.DataFrame({"input": self.inputs})
        tables["_counts"] = {**counts, **{k: len(v) for k, v in tables.items() if not k.startswith("_")},
                             "inputs": self.n_inputs}
        return tables

    def _read_parts(self, name: str, columns: list[str], sort_by: list[str] | None = None) -> pd.DataFrame:
        return read_parts(self.out, name, self.k, columns, sort_by)

    def _claims_back(self) -> pd.DataFrame:
        """The claims (``CORPUS_CLAIM_COLUMNS``) in ``pipeline.extract``'s order."""
        return self._read_parts("claims", list(CORPUS_CLAIM_COLUMNS), sort_by=CLAIM_ORDER)

    def _texts_back(self) -> pd.DataFrame:
        """``article_id`` and ``text`` in reading order (text reuse finds the id order itself)."""
        return self._read_parts("articles", ["article_id", "text"])


#: The order of the claims table (``pipeline.extract``'s): by article, start, end and claim id.
CLAIM_ORDER = ["article_id", "start", "end", "claim_id"]


def read_parts(out: Path, name: str, k: int, columns: list[str], sort_by: list[str] | None = None) -> pd.DataFrame:
    """Some columns of a per-article table, from the part files of its first ``k`` partitions
    in the output folder ``out`` (file by file on this thread: a threaded dataset read holds
    tens of MB more at its peak), sorted by ``sort_by`` (stable) if given: the order is found
    on those columns, then each column is read and put in order on its own, so the table is
    never held twice."""
    import pyarrow.compute as pc

    files = [Path(out) / name / PART_NAME.format(i) for i in range(k)]
    if not files:
        return getattr(schemas, name.upper()).empty()[columns]
    if not sort_by:
        return io.read_files(files, columns).to_pandas(use_threads=False, self_destruct=True)
    order = pc.sort_indices(io.read_files(files, sort_by), sort_keys=[(c, "ascending") for c in sort_by])
    got = {c: io.read_files(files, [c]).take(order).to_pandas(use_threads=False, self_destruct=True)[c]
           for c in columns}
    return pd.DataFrame(got, copy=False)


def independent_table(name: str, out: str, given) -> int:
    """Make the corpus-wide table ``name`` (``pipeline.INDEPENDENT_TABLES``) and write it into
    the output folder ``out``, as the driver would; returns its rows. ``given``: its input, or,
    for the claims, the number of partitions whose part files in ``out`` hold them (read back
    in ``pipeline.extract``'s order, as the driver reads them). Needs nothing else, so a Dask
    worker runs it while the driver links the incidents."""
    source, make = pipeline.INDEPENDENT_TABLES[name]
    if source == "claims":
        given = read_parts(Path(out), "claims", given, list(CORPUS_CLAIM_COLUMNS), sort_by=CLAIM_ORDER)
    table = make(given)
    del given
    pipeline.write_tables({name: table}, out)
    return len(table)


def release_memory(collect: bool = True) -> None:
    """Hand memory that was freed back to the operating system: a garbage collection (if
    ``collect``), Arrow's pool ``release_unused`` and, with glibc, ``malloc_trim`` (as Dask's
    workers do). Without it the resident size stays near the largest size ever reached,
    even after large tables are gone. Where malloc_trim does not exist this does the rest."""
    import gc

    import pyarrow as pa

    if collect:
        gc.collect()
    pa.default_memory_pool().release_unused()
    if _malloc_trim is not None:
        _malloc_trim(0)


@contextlib.contextmanager
def system_memory_pool():
    """Arrow allocates from the C library's allocator while extracting (then the pool in
    use before is restored). Arrow's default, mimalloc, keeps pages for reuse per thread:
    reading the part files back grew the resident size by several MB per file, against
    almost nothing with the system allocator, whose freed memory ``release_memory`` returns."""
    import pyarrow as pa

    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


def _find_malloc_trim():
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        return None


_malloc_trim = _find_malloc_trim()


class SeenIds:
    """The article ids of earlier partitions and the input each came from, for duplicate checks.

    Held as 64-bit hashes in a sorted numpy array (with partition and position) plus one Arrow
    array of ids and one of sources per partition: about 60 bytes per id instead of two Python
    strings and a dict entry (about 200). A hash hit is confirmed on the id itself."""

    def __init__(self):
        import numpy as np

        self._np = np
        self.hashes = np.empty(0, dtype="uint64")
        self.where = np.empty(0, dtype="int64")  # partition << 32 | position
        self.parts: list[tuple] = []  # per partition: (ids, sources) as pyarrow arrays

    def _hash(self, ids: list[str]):
        return pd.util.hash_array(self._np.asarray(ids, dtype=object))

    def lookup(self, ids: list[str]) -> list[str | None]:
        """Per id: the input of the earlier document with that id, or None."""
        np = self._np
        out: list[str | None] = [None] * len(ids)
        if not ids or not len(self.hashes):
            return out
        h = self._hash(ids)
        pos = np.searchsorted(self.hashes, h)
        for i in np.flatnonzero((pos < len(self.hashes)) & (self.hashes[np.minimum(pos, len(self.hashes) - 1)] == h)):
            j = int(pos[i])
            while j < len(self.hashes) and self.hashes[j] == h[i]:
                k, at = divmod(int(self.where[j]), 1 << 32)
                part_ids, part_src = self.parts[k]
                if part_ids[at].as_py() == ids[i]:
                    out[i] = part_src[at].as_py()
                    break
                j += 1
        return out

    def add(self, docs: list[tuple[str, str]]) -> None:
        """The (id, source) of one partition's documents; the first of each id is kept."""
        import pyarrow as pa

        np = self._np
        first: dict[str, str] = {}
        for aid, src in docs:
            first.setdefault(aid, src)
        k = len(self.parts)
        self.parts.append((pa.array(list(first), type=pa.string()), pa.array(list(first.values()), type=pa.string())))
        if not first:
            return
        hashes = np.concatenate([self.hashes, self._hash(list(first))])
        where = np.concatenate([self.where, (k << 32) + np.arange(len(first), dtype="int64")])
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.where = hashes[order], where[order]


#: The order of the errors: by file (all partitions of one table together), JSON line
#: problems first, then partition and input.
ERROR_ORDER = ("_group", "_phase", "_part", "_item")
#: ``_group`` of the problems found while extracting (after every reading problem)
EXTRACTION_GROUP = 2 ** 62


def _error_block(block: pd.DataFrame | Path):
    """One partition's errors as an Arrow table whose ``reason`` and ``severity`` are
    dictionary-encoded with int32 indices (so the blocks can be joined)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(block, use_threads=False) if isinstance(block, Path) else pa.Table.from_pandas(block, preserve_index=False)
    table = table.select(list(schemas.ERRORS.columns) + list(ERROR_ORDER)).replace_schema_metadata(None)
    kinds = {"input": pa.string(), "reason": pa.dictionary(pa.int32(), pa.string()),
             "severity": pa.dictionary(pa.int32(), pa.string())}
    return table.cast(pa.schema([pa.field(f.name, kinds.get(f.name, pa.int64())) for f in table.schema]))


def _errors_table(blocks: list):
    """The errors of every partition (frames, or files spilled to disk) as one Arrow table
    with columns ``schemas.ERRORS.columns``, in order (``ERROR_ORDER``, stable): a few
    distinct reasons on many rows, so the reasons are kept dictionary-encoded."""
    import pyarrow as pa
    import pyarrow.compute as pc

    tables = [_error_block(b) for b in blocks if isinstance(b, Path) or len(b)]
    if not tables:
        return None
    table = pa.concat_tables(tables)
    del tables
    order = pc.sort_indices(table.select(list(ERROR_ORDER)), sort_keys=[(k, "ascending") for k in ERROR_ORDER])
    table = table.select(list(schemas.ERRORS.columns))
    columns = {}
    for name in schemas.ERRORS.columns:  # put in order a column at a time
        columns[name] = table.column(name).take(order)
        table = table.drop_columns([name])
    return pa.table(columns)


def _errors_frame(table) -> pd.DataFrame:
    """The ``errors`` table from ``_errors_table``, converted one column at a time."""
    import pyarrow as pa

    if table is None:
        return schemas.ERRORS.empty()
    cols = {}
    for name in schemas.ERRORS.columns:
        col = table.column(name)
        table = table.drop_columns([name])
        # decoded a slice at a time (in one piece its buffer is grown by copying, twice the
        # size at the peak), then wrapped, not converted: the Arrow strings are the column's memory
        size = pipeline.CHUNK_ROWS
        parts = [c for lo in range(0, len(col), size) for c in col.slice(lo, size).cast(pa.string()).chunks]
        del col
        cols[name] = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(parts, type=pa.string())), copy=False)
        del parts
    return schemas.ERRORS.conform(pd.DataFrame(cols, copy=False))


def _conformed_chunks(table, schema) -> io.Chunked:
    """An Arrow table (or None: no rows) to be written in ``schema``'s types a chunk at a time."""
    if table is None:
        return io.sliced(0, lambda lo, hi: schema.empty(), pipeline.CHUNK_ROWS)
    return io.sliced(table.num_rows, lambda lo, hi: schema.conform(table.slice(lo, hi - lo).to_pandas()),
                     pipeline.CHUNK_ROWS)


def _sorted_concat(name: str, frames: list[pd.DataFrame], conform: bool = True) -> pd.DataFrame:
    """Per-partition frames of one per-article table in ``pipeline.extract``'s order: by
    ``article_id`` (stable), claims by article, start, end and claim id. Empties ``frames``."""
    schema = getattr(schemas, name.upper())
    parts = [f for f in frames if len(f)]
    frames.clear()  # the caller's list: the partitions' frames go as soon as they are joined
    if not parts:
        return schema.empty()
    df = pd.concat(parts, ignore_index=True)
    del parts
    if name == "claims":
        df = df.sort_values(["article_id", "start", "end", "claim_id"], kind="stable")
    else:
        df = df.sort_values("article_id", kind="stable")
    df = df.reset_index(drop=True)
    if not conform:
        return df
    return schema.conform(df)


def _combined_log(blocks, fixes: pd.DataFrame, articles, source: str) -> pd.DataFrame:
    """The corrections log of all partitions; ``articles`` (a table with ``article_id``, or a
    function that reads one) is needed only for corrections no partition took."""

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
        articles = articles() if callable(articles) else articles
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
    """``errors.log_problems`` on this module's logger."""
    log_problems(errors, log)


# ----------------------------------------------------------------------------- engines
def _planned(path: str | os.PathLike, size: int, follow_symlinks: bool, corrections) -> tuple[list, pd.DataFrame, str]:
    """What both engines do first: the partitions of ``path`` (``plan``; CorpusError, exit 2,
    when there is nothing to read), the staging checkpoint, and the corrections to apply
    (``corrections.load``: the table and where it came from)."""
    parts = plan(path, size, follow_symlinks)
    if not parts:
        corpus.require_articles(path, 0, None)  # nothing to read: CorpusError (exit 2)
    staging.checkpoint("planned")
    fixes, source = correctionsmod.load(corrections)
    return parts, fixes, source


def extract_streaming(path: str | os.PathLike, out: str | os.PathLike | None = None, chunk_size: int = DEFAULT_PARTITION_SIZE,
                      corrections=None, progress: bool = False, keep: bool | None = None,
                      follow_symlinks: bool = False) -> dict:
    """The pandas engine, chunk by chunk: documents are read and turned into per-article
    tables ``chunk_size`` at a time; each chunk's tables are written to ``out`` (if given) as
    ``out/<table>/part-NNNNN.parquet`` and dropped, so memory holds one chunk plus what the
    corpus-wide tables need (see ``Combiner``); these are computed once at the end and written
    as single files (CSV and Parquet), as ``newslib extract`` writes them.

    Returns ``errors``, ``corrections``, ``_counts`` (rows per table, and ``inputs``) and
    ``_stats``; every other table and ``_inputs`` (every input's name) too when ``keep``
    (default: when ``out`` is None).
    ``progress`` shows a tqdm bar."""
    from tqdm.auto import tqdm

    keep = out is None if keep is None else keep
    parts, fixes, source = _planned(path, chunk_size, follow_symlinks, corrections)
    comb = Combiner(fixes, source, out, keep=keep)
    t0 = time.perf_counter()
    with system_memory_pool():
        for p in tqdm(parts, desc="newslib extract", unit="partition", disable=not progress):
            comb.add(run_partition(p, fixes, source))
        t1 = time.perf_counter()
        tables = comb.finish()
    t2 = time.perf_counter()
    _log_errors(tables["errors"])
    tables["_stats"] = {"engine": "pandas-streaming", "partitions": len(parts), "partition_seconds": t1 - t0,
                        "combine_seconds": t2 - t1}
    _log_stats(tables["_stats"])
    return tables


def _log_stats(stats: dict) -> None:
    """One INFO line: how long the partitions took and how long the corpus-wide tables (the
    serial part, on the driver) took, in wall seconds."""
    log.info("%s: %d partitions in %.1f s, corpus-wide tables in %.1f s (wall)", stats.get("engine"),
             stats.get("partitions", 0), stats.get("partition_seconds", 0.0), stats.get("combine_seconds", 0.0))


def extract_dask(path: str | os.PathLike, out: str | os.PathLike | None = None, scheduler: str | None = None,
                 partition_size: int = DEFAULT_PARTITION_SIZE, corrections=None, progress: bool = False,
                 n_workers: int | None = None, keep: bool | None = None, follow_symlinks: bool = False) -> dict:
    """The Dask engine: one ``dask.delayed`` task per partition (each returns several tables,
    which ``dask.dataframe.from_map`` cannot), then the corpus-wide tables once on the driver.

    ``scheduler``: None starts a ``distributed.LocalCluster`` (processes, ``n_workers`` or one
    per core, one thread each); ``"synchronous"``, ``"threads"`` or ``"processes"`` use Dask's
    local schedulers; anything else is the address of a running scheduler
    (``tcp://host:8786``), whose workers need newslib and the same package versions and must
    see ``path`` and ``out`` at the same paths. Writes per-article tables as partitioned
    Parquet and the rest as single files to ``out`` if given, as ``extract_streaming`` does
    (the driver adds each partition's result as it comes, in plan order, and lets it go).
    Returns what ``extract_streaming`` returns; ``_stats`` holds timings and, for a cluster,
    each worker's peak RSS.
    """
    import dask

    keep = out is None if keep is None else keep
    parts, fixes, source = _planned(path, partition_size, follow_symlinks, corrections)
    fixes_d = dask.delayed(fixes, pure=True)
    # the workers write the per-article tables into the output folder themselves (when nothing
    # is kept in memory): the driver only joins their CSV pieces and makes the corpus-wide tables
    write_to = str(Path(out).resolve()) if out is not None and not keep else None
    tasks = [dask.delayed(run_partition, pure=True)(p, fixes_d, source, write_to, k,
                                                    dask_key_name=f"newslib-partition-{k:05d}")
             for k, p in enumerate(parts)]
    stats: dict = {"engine": "dask", "partitions": len(parts), "scheduler": scheduler or "LocalCluster"}
    comb = Combiner(fixes, source, out, keep=keep)
    t0 = time.perf_counter()
    with system_memory_pool():  # the driver's
        if scheduler in LOCAL_SCHEDULERS:
            from dask.diagnostics import ProgressBar

            if progress:
                with ProgressBar():
                    results = list(dask.compute(*tasks, scheduler=scheduler))
            else:
                results = list(dask.compute(*tasks, scheduler=scheduler))
            for k in range(len(results)):
                comb.add(results[k])
                results[k] = None
            t1 = time.perf_counter()
            tables = comb.finish()
        else:
            marks: dict = {}

            def finish(mapper, remote=None):
                marks["t1"] = time.perf_counter()
                return comb.finish(mapper=mapper, remote=remote)

            stats["workers"], tables = _run_distributed(tasks, scheduler, n_workers, progress, comb.add, finish)
            t1 = marks["t1"]
    t2 = time.perf_counter()
    _log_errors(tables["errors"])
    stats.update(partition_seconds=t1 - t0, combine_seconds=t2 - t1)
    _log_stats(stats)
    tables["_stats"] = stats
    return tables


def _worker_peak_rss_mb() -> float:
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _run_distributed(tasks, scheduler: str | None, n_workers: int | None, progress: bool, add, finish) -> tuple:
    from distributed import Client, LocalCluster
    from distributed import progress as dask_progress

    # distributed sets its loggers to INFO: follow the level the caller chose (--log-level)
    dlog = logging.getLogger("distributed")
    saved = dlog.level
    dlog.setLevel(max(logging.getLogger().getEffectiveLevel(), log.getEffectiveLevel()))
    try:
        return _run_on_cluster(tasks, scheduler, n_workers, progress, add, finish, Client, LocalCluster, dask_progress)
    finally:
        dlog.setLevel(saved)


def _run_on_cluster(tasks, scheduler, n_workers, progress, add, finish, Client, LocalCluster, dask_progress) -> tuple:
    """Run the partition tasks on a cluster; hand each result to ``add`` in plan order as soon
    as it and every earlier one are done, and release it. Then ``finish(mapper, remote)`` makes
    the corpus-wide tables while the cluster is still up: ``mapper`` runs the incident blocks'
    reconciliation on the workers (``cluster_mapper``), ``remote`` the tables that need no
    other (``cluster_submit``). Returns each worker's peak RSS (MB)
    and what ``finish`` returned."""
    cluster = None
    if scheduler is None:
        n = n_workers or os.cpu_count() or 1
        # ":0": the dashboard on a free port (None still binds 8787, and warns on stderr when
        # another cluster holds it)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
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
        for k, fut in enumerate(futures):
            add(fut.result())
            futures[k] = None  # the cluster may forget it
            fut.release()
        del futures
        made = finish(cluster_mapper(client), functools.partial(cluster_submit, client))
        workers = client.run(_worker_peak_rss_mb) if cluster is not None else {}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return {str(w): round(v, 1) for w, v in sorted(workers.items())}, made


def cluster_submit(client, fn, *args):
    """``fn(*args)`` run on the cluster of ``client``: a future (its ``result()``)."""
    return client.submit(fn, *args, pure=False)


#: Incident blocks in flight on the cluster per worker (the driver takes them in order).
BLOCKS_IN_FLIGHT = 3


def cluster_mapper(client):
    """An ``itertools.starmap``-like function that runs ``fn(*args)`` for each ``args`` on the cluster of
    ``client`` and yields the results in order, with at most ``BLOCKS_IN_FLIGHT`` per worker
    submitted ahead (so the blocks' inputs are not all made, or held, at once)."""
    import collections

    def mapper(fn, items):
        ahead = BLOCKS_IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})))
        pending: collections.deque = collections.deque()
        for args in items:
            pending.append(client.submit(fn, *args, pure=False))
            if len(pending) >= ahead:
                fut = pending.popleft()
                yield fut.result()
                fut.release()
        while pending:
            fut = pending.popleft()
            yield fut.result()
            fut.release()
    return mapper
