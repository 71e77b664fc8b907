"""Attribution and hedging: whether an outlet writes that a source 'said' or 'claimed'.

Verbs come from the editable lexicon ``lexicons/attribution_terms.csv``, read by
``newslib.language.hedges`` (columns ``verb``, ``pattern``, ``hedge``, ``note``; rows with
``hedge`` true are hedges, which ``hedges_in`` reports). Where two rows match overlapping text
the leftmost, longest match wins.

By default only the outlet's own voice is counted: a 'said' inside a direct quotation is the
source's word, not the outlet's choice. Pass ``include_quotes=True`` to count everything.

>>> hedges_in("IS purportedly killed 30, a claim that remains unverified.")
['purportedly', 'claimed', 'unverified']
"""
from __future__ import annotations

import logging

import pandas as pd

from .. import lexicons, schemas
from ..language import text as textmod
from ..language.hedges import (  # noqa: F401  hedges_in, verbs, hedge_rules: public here too
    LEXICON, attribution_rules, hedge_rules, hedge_verbs, hedges_in, verbs)
from ..language.terms import find_matches
from .naming import outlet_of, sentence_at, sentence_lookup

log = logging.getLogger(__name__)

EVIDENCE_COLUMNS = schemas.ATTRIBUTION_EVIDENCE.columns


def _mentions(articles: pd.DataFrame, include_quotes: bool) -> pd.DataFrame:
    rows = []
    ids, outlets, texts = articles["article_id"].tolist(), outlet_of(articles).tolist(), articles["text"].tolist()
    for art_id, outlet, txt in zip(ids, outlets, texts):
        if not isinstance(txt, str) or not txt:
            continue
        rows.extend((outlet, str(art_id), *m) for m in _text_mentions(txt) if include_quotes or not m[3])
    return pd.DataFrame(rows, columns=["outlet", "article_id", "verb", "matched", "hedge", "in_quotes", "start", "end"])


@lexicons.text_memo(1024)
def _text_mentions(txt: str) -> tuple[tuple, ...]:
    """(verb, matched, hedge, in_quotes, start, end) of every attribution verb or hedge in
    ``txt``, quoted or not: found once per distinct text (wire copy repeats whole articles)."""
    hv = hedge_verbs()
    spans = textmod.SpanIndex(textmod.quote_spans(txt))
    return tuple((m.term, m.text, m.term in hv, textmod.in_spans(m.start, spans), m.start, m.end)
                 for m in find_matches(txt, attribution_rules()))


def attribution_table(articles: pd.DataFrame, include_quotes: bool = False) -> pd.DataFrame:
    """The ``attribution`` table: how often each outlet uses each verb or hedge.

    Every outlet in ``articles`` gets a row for every verb of the lexicon (0 when unused),
    so outlets can be compared directly. Sorted by outlet, then lexicon order.

    >>> from newslib.read import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", "T\\n\\nIS claimed 5 dead, SOHR said.",
    ...                                      outlet="P")]).articles
    >>> t = attribution_table(arts)
    >>> t[t["count"] > 0][["verb", "count"]].values.tolist()
    [['said', 1], ['claimed', 1]]
    """
    return attribution_from_partials(*attribution_partials(articles, include_quotes))


def attribution_partials(articles: pd.DataFrame, include_quotes: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What ``attribution_table`` adds up, per article: ``counts`` (article_id, outlet, verb,
    count) and ``outlets`` (article_id, outlet: every article, so outlets that use no verb
    still get their zero rows). Summed by ``attribution_from_partials``."""
    men = _mentions(articles, include_quotes)
    counts = men.groupby(["article_id", "outlet", "verb"], sort=False).size().rename("count").reset_index()
    outlets = pd.DataFrame({"article_id": articles["article_id"].astype(str).to_numpy(),
                            "outlet": outlet_of(articles).to_numpy()})
    return counts, outlets


def attribution_from_partials(counts: pd.DataFrame, outlets: pd.DataFrame) -> pd.DataFrame:
    """The ``attribution`` table from per-article (or already summed) ``attribution_partials``."""
    if outlets.empty:
        return schemas.ATTRIBUTION.empty()
    grid = pd.MultiIndex.from_product([sorted(set(outlets["outlet"])), verbs()], names=["outlet", "verb"])
    if counts.empty:
        total = pd.Series(0, index=grid, name="count")
    else:
        total = counts.groupby(["outlet", "verb"])["count"].sum().reindex(grid, fill_value=0).rename("count")
    return schemas.ATTRIBUTION.conform(total.reset_index())


def attribution_evidence(
    articles: pd.DataFrame, sentences: pd.DataFrame | None = None, include_quotes: bool = True
) -> pd.DataFrame:
    """Every attribution verb or hedge with its sentence, for showing what counts rest on.

    Columns: outlet, article_id, verb, matched (as written), hedge, in_quotes, start, end,
    sentence_id, sentence. Unlike the table, quoted uses are listed by default (flagged by
    ``in_quotes``). Sorted by outlet, article, offset.

    >>> from newslib.read import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", "T\\n\\nRussia denied it.")]).articles
    >>> attribution_evidence(arts)[["verb", "matched", "sentence"]].values.tolist()
    [['denied/rejected', 'denied', 'Russia denied it.']]
    """
    men = _mentions(articles, include_quotes) if not articles.empty else pd.DataFrame()
    if men.empty:
        return _typed(pd.DataFrame({c: [] for c in EVIDENCE_COLUMNS}))
    if sentences is None:
        sentences = textmod.sentences_table(articles)
    look = sentence_lookup(sentences)
    located = [sentence_at(look.get(a, []), int(s)) for a, s in zip(men["article_id"], men["start"])]
    men = men.assign(sentence_id=[x[0] for x in located], sentence=[x[1] for x in located])
    men = men.sort_values(["outlet", "article_id", "start"], kind="stable").reset_index(drop=True)
    return _typed(men)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    return schemas.ATTRIBUTION_EVIDENCE.conform(df.reset_index(drop=True))
