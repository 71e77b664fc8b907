"""The extraction pipeline: corpus -> every table, and writing them out.

>>> tables = extract("data/raw")          # doctest: +SKIP
>>> sorted(tables)                        # doctest: +SKIP
['article_totals', 'articles', 'attribution', 'claims', ...]
"""
from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
from pathlib import Path

import pandas as pd

from . import corrections as correctionsmod, staging
from .. import io, schemas
from ..analyse import attribution, incidents, naming, reuse, sourcing, tone, totals
from ..extract import claims as claimsmod, events as eventsmod
from ..language import dates, gazetteer, text
from ..read import corpus

log = logging.getLogger(__name__)

#: Tables written by ``newslib extract``, in order.
TABLES = (
    "articles",
    "sentences",
    "claims",
    "corrections",
    "events",
    "timeline",
    "article_totals",
    "incidents",
    "claim_incidents",
    "claimant_series",
    "context_figures",
    "figure_travel",
    "time_expressions",
    "naming",
    "sourcing",
    "attribution",
    "tone",
    "reuse",
    "errors",
)


#: Tables with one or more rows per article, computed from that article alone (and its
#: corrections): the partitioned engines (``newslib.run.engine``) compute them per partition.
ARTICLE_TABLES = ("articles", "sentences", "claims", "corrections", "events", "time_expressions", "article_totals")
#: Tables that compare articles or outlets: always computed once, on every article's rows.
CORPUS_TABLES = ("timeline", "incidents", "claim_incidents", "claimant_series", "context_figures", "figure_travel", "naming", "sourcing", "attribution",
                 "tone", "reuse")


def tables_from_articles(articles: pd.DataFrame, errors: pd.DataFrame | None = None,
                         corrections=None, inputs: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every derived table for an ``articles`` table.

    ``corrections``: None applies the default file (``data/corrections.csv``) if it exists;
    False applies none; a path or a corrections DataFrame applies that. Corrections are applied
    to the claims right after extraction, so every table built from claims (events, totals,
    incidents, sourcing) follows the analyst's decisions.

    ``errors`` (from reading the corpus) come first in the ``errors`` table, then the problems
    found while extracting, in reading order when ``inputs`` (``Ingested.inputs``) is given.
    """
    fixes, source = correctionsmod.load(corrections)
    out = article_tables(articles, fixes, source)
    found = out.pop("errors")
    out.update(corpus_tables(out))
    if len(found) and inputs:  # in reading order, as the partitioned engines list them
        position = {x: i for i, x in reversed(list(enumerate(inputs)))}
        found = found.iloc[sorted(range(len(found)), key=lambda i: position.get(found["input"].iat[i], len(inputs)))]
    out["errors"] = found if errors is None else schemas.ERRORS.conform(pd.concat([errors, found], ignore_index=True))
    return out


_frozen_matcher: list = []


def freeze_reference_data() -> None:
    """Load the place matcher (the world gazetteer and the lexicons), then move every object
    alive into the garbage collector's permanent generation (``gc.freeze``), once per matcher
    and process. The gazetteer is some 180,000 long-lived objects (lists, frozensets,
    places) that every full collection would otherwise walk again: 8-15% of the CPU of
    ``newslib extract``. Frozen objects are still freed by reference counting when released;
    only the cycle collector skips them. A collection runs first, so no garbage is frozen."""
    matcher = gazetteer.matcher()
    if _frozen_matcher and _frozen_matcher[0] is matcher:
        return
    gc.collect()
    gc.freeze()
    _frozen_matcher[:] = [matcher]


def article_tables(articles: pd.DataFrame, fixes: pd.DataFrame, source: str = "", select=None) -> dict[str, pd.DataFrame]:
    """The per-article tables (``ARTICLE_TABLES``) of ``articles``, and ``errors``: the problems
    found while extracting them (a count too large to be one), with the corrections table
    ``fixes`` applied to the claims (``source`` names it in the log). ``select(fixes, claims,
    articles)``, if given, picks the rows of ``fixes`` to apply (used by ``newslib.run.engine``)."""
    freeze_reference_data()
    sentences = text.sentences_table(articles)
    contexts: dict = {}  # article id -> claims.ArticleContext (a language.document.Document), shared by claims, events and time expressions
    problems: list[dict] = []
    claims = claimsmod.extract_claims(articles, sentences, contexts, problems)
    if select is not None:
        fixes = select(fixes, claims, articles)
    claims, applied = correctionsmod.apply(claims, fixes, articles, source)
    return {
        "articles": articles,
        "sentences": sentences,
        "claims": claims,
        "corrections": applied,
        "events": eventsmod.events_table(articles, sentences, claims, contexts),
        "time_expressions": dates.time_expressions_table(articles, sentences, contexts),
        "article_totals": totals.casualty_totals(claims, articles),
        # problems found while extracting (rows of ``errors``), beside the ingestion's
        "errors": schemas.ERRORS.conform(pd.DataFrame(problems, columns=list(schemas.ERRORS.columns))),
    }


#: Per-article sums behind the per-outlet tables (naming, attribution, tone): the partitioned
#: engines compute them with the per-article tables and add them up once.
PARTIALS = ("naming_counts", "naming_words", "attribution_counts", "attribution_outlets", "tone")


def article_partials(articles: pd.DataFrame, sentences: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The ``PARTIALS`` of some articles, one or more rows per article (column ``article_id``)."""
    out = {}
    out["naming_counts"], out["naming_words"] = naming.naming_partials(articles)
    out["attribution_counts"], out["attribution_outlets"] = attribution.attribution_partials(articles)
    out["tone"] = tone.tone_partials(articles, sentences)
    return out


#: Value columns of each partial, summed when partials are added up (the other columns,
#: ``article_id`` aside, are the keys; a partial without values keeps its distinct keys).
_PARTIAL_VALUES = {"naming_counts": ["count"], "naming_words": ["words"], "attribution_counts": ["count"],
                   "attribution_outlets": [], "tone": ["sum_compound", "sum_masked", "n_sentences"]}


def sum_partials(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """One partial (``PARTIALS``) added up over its articles: ``article_id`` dropped, values
    summed per key, keys in order of first appearance. Sums of sums equal the sum, so
    partitions can be added up in any grouping."""
    values = _PARTIAL_VALUES[name]
    keys = [c for c in df.columns if c != "article_id" and c not in values]
    if df.empty:
        return df[keys + values].reset_index(drop=True)
    if not values:
        return df[keys].drop_duplicates().reset_index(drop=True)
    return df.groupby(keys, sort=False)[values].sum().reset_index()


def corpus_tables(tables: dict[str, pd.DataFrame], partials: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The tables that compare articles and outlets (``CORPUS_TABLES``), from the per-article
    tables of the whole corpus: ``articles`` (``article_id`` and ``text`` are enough),
    ``claims`` and ``events`` (the dated ones are enough), and ``sentences`` unless
    ``partials`` (``article_partials`` of every article, concatenated) are given."""
    return dict(iter_corpus_tables(dict(tables), partials))


def iter_corpus_tables(inputs: dict, partials: dict[str, pd.DataFrame] | None = None,
                       spill: str | os.PathLike | None = None, mapper=None, elsewhere=(), prepared=None):
    """``corpus_tables`` one table at a time, as ``(name, table)``. Each input is removed from
    ``inputs`` (the caller's dict) once the last table needing it is made, so a caller that
    writes each table and lets it go holds little more than one table at a time. An input may
    also be a function that returns the table: it is called when the table is first needed
    (``newslib.run.engine`` reads the claims and texts back from disk so).

    ``spill``: a folder for temporary files. Then ``incidents`` and ``claim_incidents`` come
    as ``io.Chunked`` tables (``io.write_table`` writes them), made block by block through
    files in that folder, so neither is held whole, nor both with the claims. ``mapper``
    (with ``spill``): how the incident blocks are reconciled (``incidents.iter_incident_blocks``;
    the Dask engine runs them on its workers). ``elsewhere``: names of tables the caller makes
    itself (``INDEPENDENT_TABLES``: the Dask engine's workers make and write them meanwhile);
    they are not made here, and their inputs are left in ``inputs``. ``prepared`` (with
    ``spill``): every partition's linking records (``incidents.prepare_links``, made on the
    Dask workers), so linking does not make them again."""
    def take(name: str) -> pd.DataFrame:
        value = inputs.pop(name)
        return value() if callable(value) else value

    if partials is None:
        inputs["articles"] = take("articles")
        partials = article_partials(inputs["articles"], take("sentences"))
    inputs.pop("sentences", None)
    yield "naming", naming.naming_from_partials(partials["naming_counts"], partials["naming_words"])
    yield "attribution", attribution.attribution_from_partials(partials["attribution_counts"],
                                                               partials["attribution_outlets"])
    yield "tone", tone.tone_from_partials(partials["tone"])
    staging.checkpoint("corpus-tables")
    if "timeline" not in elsewhere:
        yield "timeline", eventsmod.timeline_table(take("events"))
    meta = inputs.pop("article_meta", None)
    meta = meta() if callable(meta) else meta
    arts = take("articles")
    if meta is None:
        meta = arts[[c for c in ARTICLE_META if c in arts.columns]]
    passages: list = []
    yield "reuse", reuse.reuse_table(arts, chunk_rows=None if spill is None else CHUNK_ROWS, passages_out=passages,
                                     dates=meta)
    del arts
    passages = passages[0] if passages else None
    claims = take("claims")
    if "sourcing" not in elsewhere:
        yield "sourcing", sourcing.sourcing_table(claims)
    if spill is not None:
        box = {"claims": claims}
        del claims
        yield from _spilled_incident_tables(box, Path(spill), passages, meta, mapper, prepared)
        return
    made = incidents.incident_tables_all(claims, passages=passages, articles=meta)
    yield "incidents", made.pop("incidents")
    links = made.pop("claim_incidents")
    yield "claim_incidents", links
    yield "claimant_series", made.pop("claimant_series")
    yield "context_figures", made.pop("context_figures")
    yield "figure_travel", incidents.figure_travel(claims, links)


#: Corpus-wide tables that need one input each and no other table, so they can be made beside
#: the others (the Dask engine's workers make and write them while the driver links incidents):
#: table -> the input it reads (``INDEPENDENT_TABLES[name][1](input)`` makes it).
INDEPENDENT_TABLES = {"timeline": ("events", eventsmod.timeline_table),
                      "sourcing": ("claims", sourcing.sourcing_table)}


#: Article columns the corpus-wide tables read besides the texts (incidents: dates and URLs).
ARTICLE_META = ("article_id", "published", "published_end", "url")


#: Rows per chunk of a table written by ``io.write_chunked``.
CHUNK_ROWS = 16_384


def _spilled_incident_tables(box: dict, spill: Path, passages=None, meta=None, mapper=None, prepared=None):
    """incidents, claim_incidents and figure_travel of ``box["claims"]`` (taken out of the
    dict), each block's rows written to ``spill`` as made; the tables come back in order, as
    ``io.Chunked``, from those files. Figure travel is made per block (an incident never
    spans two blocks) and put in the incidents' order."""
    claims = box.pop("claims")
    if claims.empty:
        yield "incidents", schemas.INCIDENTS.empty()
        yield "claim_incidents", schemas.CLAIM_INCIDENTS.empty()
        yield "claimant_series", schemas.CLAIMANT_SERIES.empty()
        yield "context_figures", schemas.CONTEXT_FIGURES.empty()
        yield "figure_travel", schemas.FIGURE_TRAVEL.empty()
        return
    io.ensure_dir(spill)
    files: dict[str, list[Path]] = {"incidents": [], "claim_incidents": []}
    inc_keys, link_keys, travel, series = [], [], [], []
    ctx: list = []
    for b, (inc, links, ser, idx, trav) in enumerate(incidents.iter_incident_blocks(
            claims, passages=passages, articles=meta, context_out=ctx, mapper=mapper, with_travel=True,
            prepared=prepared)):
        series.append(ser)
        for name, df in (("incidents", inc), ("claim_incidents", links)):
            files[name].append(io.write_parquet(df, spill / f"{name}-{b:05d}.parquet"))
        inc_keys.append(inc[incidents.INCIDENT_ORDER].copy())
        link_keys.append(links[["incident_id", "claim_id"]].copy())
        travel.append(trav)
        del inc, links, trav
    del claims
    keys = pd.concat(inc_keys, ignore_index=True)
    del inc_keys
    order = incidents.incident_order(keys)
    ids = keys["incident_id"].take(order).reset_index(drop=True)
    del keys
    link_ord = incidents.link_order(pd.concat(link_keys, ignore_index=True), ids)
    del link_keys
    yield "incidents", io.Chunked(len(order), functools.partial(_chunks_in_order, files["incidents"], order,
                                                                  schemas.INCIDENTS))
    yield "claim_incidents", io.Chunked(len(link_ord), functools.partial(_chunks_in_order, files["claim_incidents"],
                                                                         link_ord, schemas.CLAIM_INCIDENTS))
    series = pd.concat(series, ignore_index=True)
    rank = pd.Index(ids).get_indexer(series["incident_id"])
    series = series.assign(_o=rank).sort_values(["_o", "claimant", "victim_group", "step"], kind="stable",
                                                ignore_index=True).drop(columns="_o")
    yield "claimant_series", schemas.CLAIMANT_SERIES.conform(series)
    yield "context_figures", ctx[0] if ctx else schemas.CONTEXT_FIGURES.empty()
    travel = pd.concat(travel, ignore_index=True)
    rank = pd.Index(ids).get_indexer(travel["incident_id"])
    travel = travel.assign(_o=rank).sort_values("_o", kind="stable", ignore_index=True).drop(columns="_o")
    yield "figure_travel", schemas.FIGURE_TRAVEL.conform(travel)
    for f in files["incidents"] + files["claim_incidents"]:
        f.unlink(missing_ok=True)


def _chunks_in_order(files: list[Path], order, schema):
    """The rows of ``files`` (one table, concatenated) in ``order``, ``CHUNK_ROWS`` at a time.

    An external sort, so the table is never held whole: each file's rows are sent to the
    chunk they end up in (one temporary file per chunk, beside ``files``, a row group per
    input file), then each chunk's file is read, put in order and removed."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    n = len(order)
    if n == 0 or not files:
        yield schema.empty()
        return
    rank = np.empty(n, dtype=np.int64)  # each row's place in the output
    rank[np.asarray(order)] = np.arange(n, dtype=np.int64)
    buckets = [files[0].with_name(f"{files[0].stem}-chunk-{j:05d}.parquet") for j in range(-(-n // CHUNK_ROWS))]
    with contextlib.ExitStack() as stack:
        writers: dict[int, pq.ParquetWriter] = {}
        start = 0
        for f in files:
            table = pq.read_table(f, use_threads=False)
            r = rank[start:start + table.num_rows]
            start += table.num_rows
            table = table.append_column("_rank", pa.array(r))
            dest = r // CHUNK_ROWS
            for j in np.unique(dest).tolist():
                part = table.take(np.flatnonzero(dest == j))
                if j not in writers:
                    writers[j] = stack.enter_context(pq.ParquetWriter(buckets[j], part.schema))
                writers[j].write_table(part)
            del table
    for bucket in buckets:
        table = pq.read_table(bucket, use_threads=False)
        bucket.unlink()
        table = table.take(pc.sort_indices(table["_rank"])).drop_columns(["_rank"])
        yield schema.conform(table.to_pandas())


def extract(corpus_path: str | os.PathLike, corrections=None, follow_symlinks: bool = False) -> dict[str, pd.DataFrame]:
    """Read a corpus and compute every table (see ``TABLES``); ``corrections`` as in
    ``tables_from_articles``; ``follow_symlinks`` as in ``corpus.folder_plan``.

    Raises CorpusError when the corpus path cannot be used at all; problems with single
    inputs go to the ``errors`` table.
    """
    res = corpus.ingest(corpus_path, follow_symlinks=follow_symlinks)
    log.info("read %d articles, %d problems from %s", len(res.articles), len(res.errors), corpus_path)
    staging.checkpoint("planned")
    tables = tables_from_articles(res.articles, res.errors, corrections, res.inputs)
    tables["_inputs"] = pd.DataFrame({"input": res.inputs})
    return tables


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | os.PathLike) -> list[Path]:
    """Write each table as CSV and Parquet (``errors`` as CSV only) into ``out_dir``."""
    out = Path(out_dir)
    io.ensure_dir(out)
    paths: list[Path] = []
    for name in TABLES:
        if name not in tables:
            continue
        # a partitioned copy from an earlier run of the Dask engine would shadow this one
        folder = out / name
        if folder.is_dir():
            for old in folder.glob("part-*.parquet"):
                old.unlink()
            if not any(folder.iterdir()):
                folder.rmdir()
        fmts = ("csv",) if name == "errors" else ("csv", "parquet")
        paths += io.write_table(tables[name], out, name, formats=fmts)
        staging.checkpoint("write")
    return paths


def extract_into(folder: str | os.PathLike, corpus_path: str | os.PathLike, corrections=None, *, engine: str = "pandas",
                 partition_size: int | None = None, scheduler: str | None = None, progress: bool = False,
                 follow_symlinks: bool = False, state: dict | None = None, n_workers: int | None = None) -> dict:
    """Extract a corpus and write every table into ``folder`` (a staging folder: see
    ``extract_to``), with the marker that says what they were made from (``state``, from
    ``provenance.current_state``, taken before reading). ``engine``: ``pandas`` (in memory, or
    streaming when ``partition_size`` is given) or ``dask``. Raises CorpusError (exit 2) when no
    article could be read. ``n_workers``: processes of a local Dask cluster. Returns the tables
    as the engine returns them."""
    from . import provenance

    folder = Path(folder)
    if state is None:
        provenance.fresh_lexicons()
        state = provenance.current_state(corpus_path, corrections, follow_symlinks)
    if engine == "dask":
        from . import engine as enginemod

        tables = enginemod.extract_dask(corpus_path, folder, scheduler=scheduler, corrections=corrections, progress=progress,
                                        partition_size=partition_size or enginemod.DEFAULT_PARTITION_SIZE,
                                        follow_symlinks=follow_symlinks, n_workers=n_workers)
    elif partition_size is not None:  # the pandas engine, streaming in chunks of partition_size documents
        from . import engine as enginemod

        tables = enginemod.extract_streaming(corpus_path, folder, chunk_size=partition_size, corrections=corrections,
                                             progress=progress, follow_symlinks=follow_symlinks)
    else:
        tables = extract(corpus_path, corrections=corrections, follow_symlinks=follow_symlinks)
        corpus.require_articles(corpus_path, len(tables["articles"]), tables["errors"])
        write_tables(tables, folder)
    corpus.require_articles(corpus_path, provenance.table_counts(tables).get("articles", 0), tables["errors"])
    provenance.write_marker(folder, state)
    return tables


def extract_to(out: str | os.PathLike, corpus_path: str | os.PathLike, corrections=None, *, wait: bool = False,
               parameters: dict | None = None, command: str = "extract", **options) -> dict:
    """``newslib extract`` as one run: ``out`` is locked (a second run fails with exit 9, or waits
    with ``wait``), every table, the marker and ``run.json`` are written to a staging folder
    beside it, which becomes ``out`` in one step at the end (``newslib.run.staging``). Interrupted,
    it leaves ``out`` as it was. ``options`` as in ``extract_into``."""
    from . import provenance

    follow = options.get("follow_symlinks", False)
    provenance.fresh_lexicons()  # an edited lexicon is read again, not taken from this process's cache
    files = provenance.corpus_files(corpus_path, follow)
    state = provenance.current_state(corpus_path, corrections, follow, files=files)
    with staging.output_run(out, command, wait=wait) as run:
        tables = extract_into(run.path, corpus_path, corrections, state=state, **options)
        provenance.run_record(run.path, corpus_path, tables, parameters or {}, command, state=state, files=files)
    return tables
