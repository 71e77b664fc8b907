"""The extraction pipeline: corpus -> every table, and writing them out.

>>> tables = extract("data/raw")          # doctest: +SKIP
>>> sorted(tables)                        # doctest: +SKIP
['article_totals', 'articles', 'attribution', 'claims', ...]
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd

from . import (
    attribution,
    claims as claimsmod,
    corpus,
    dates,
    io,
    naming,
    reuse,
    schemas,
    sourcing,
    text,
    tone,
    totals,
)

log = logging.getLogger(__name__)

#: Tables written by ``newslib extract``, in order.
TABLES = (
    "articles",
    "sentences",
    "claims",
    "article_totals",
    "time_expressions",
    "naming",
    "sourcing",
    "attribution",
    "tone",
    "reuse",
    "errors",
)


def tables_from_articles(articles: pd.DataFrame, errors: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Every derived table for an ``articles`` table."""
    sentences = text.sentences_table(articles)
    claims = claimsmod.extract_claims(articles, sentences)
    out = {
        "articles": articles,
        "sentences": sentences,
        "claims": claims,
        "article_totals": totals.casualty_totals(claims, articles),
        "time_expressions": dates.time_expressions_table(articles, sentences),
        "naming": naming.naming_table(articles),
        "sourcing": sourcing.sourcing_table(claims),
        "attribution": attribution.attribution_table(articles),
        "tone": tone.tone_table(articles, sentences),
        "reuse": reuse.reuse_table(articles),
        "errors": errors if errors is not None else schemas.ERRORS.empty(),
    }
    return out


def extract(corpus_path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read a corpus and compute every table (see ``TABLES``).

    Raises CorpusError when the corpus path cannot be used at all; problems with single
    inputs go to the ``errors`` table.
    """
    res = corpus.ingest(corpus_path)
    log.info("read %d articles, %d problems from %s", len(res.articles), len(res.errors), corpus_path)
    tables = tables_from_articles(res.articles, res.errors)
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
        fmts = ("csv",) if name == "errors" else ("csv", "parquet")
        paths += io.write_table(tables[name], out, name, formats=fmts)
    return paths
