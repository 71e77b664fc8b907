"""Naming choices: which name each outlet gives each side, counted per outlet.

Terms come from the editable lexicon ``lexicons/framing.csv`` (columns ``family``, ``term``,
``pattern``, optional ``case_sensitive``, ``note``). ``pattern`` is a regular expression,
matched case-insensitively unless ``case_sensitive`` is true (``IS`` must be).

Overlaps are settled *within a family*: the longest match wins, so "so-called Islamic
State" is not also "Islamic State" and "re-captured" is not also "captured". Families are
measured separately, so "the jihadists" counts once under ``Islamic State`` and once under
``fighter labels`` ("jihadists"). Mentions inside direct quotes (``text.quote_spans``) are
counted apart from the outlet's own voice (``in_quotes``).

>>> from newslib.read import corpus
>>> arts = corpus.build([corpus.Document("a", "x", "Title\\n\\nThe regime hit IS. Daesh is weak.",
...                                      outlet="Paper")]).articles
>>> naming_table(arts)[["family", "term", "count"]].values.tolist()
[['government side', 'regime', 1], ['Islamic State', 'IS', 1], ['Islamic State', 'Daesh', 1]]
"""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

import pandas as pd

from .. import lexicons, schemas
from ..language import text as textmod
from ..errors import LexiconError
from ..language.terms import Match, Rule, compile_rules, find_matches, literal_prefix  # noqa: F401  (were here)

log = logging.getLogger(__name__)

UNKNOWN_OUTLET = "(unknown outlet)"

EVIDENCE_COLUMNS = schemas.NAMING_EVIDENCE.columns


# ----------------------------------------------------------------------------- shared helpers
def outlet_of(articles: pd.DataFrame) -> pd.Series:
    """The ``outlet`` column with empty values replaced by ``(unknown outlet)``."""
    if "outlet" not in articles.columns:
        return pd.Series([UNKNOWN_OUTLET] * len(articles), index=articles.index, dtype="string")
    s = articles["outlet"].astype("string").str.strip()
    return s.mask(s.isna() | (s == ""), UNKNOWN_OUTLET)


def words_of(articles: pd.DataFrame) -> pd.Series:
    """Words per article: ``n_words`` when present, else whitespace-split words of ``text``."""
    counted = articles["text"].fillna("").astype(str).str.split().str.len()
    if "n_words" in articles.columns:
        return pd.to_numeric(articles["n_words"], errors="coerce").fillna(counted).astype("int64")
    return counted.astype("int64")


def sentence_lookup(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, int, str]]]:
    """article_id -> sorted list of (start, end, sentence_id, text), for locating offsets."""
    out: dict[str, list[tuple[int, int, int, str]]] = {}
    if sentences is None or sentences.empty:
        return out
    for s in sentences[["article_id", "start", "end", "sentence_id", "text"]].itertuples(index=False):
        out.setdefault(str(s.article_id), []).append((int(s.start), int(s.end), int(s.sentence_id), str(s.text)))
    for v in out.values():
        v.sort()
    return out


def sentence_at(spans: list[tuple[int, int, int, str]], pos: int) -> tuple[int | None, str | None]:
    """Sentence id and text containing offset ``pos`` (None when between sentences)."""
    for s, e, sid, txt in spans:
        if s <= pos < e:
            return sid, txt
        if s > pos:
            break
    return None, None


# ----------------------------------------------------------------------------- lexicon
@functools.cache
def framing_rules() -> tuple[Rule, ...]:
    """Compiled rules of ``lexicons/framing.csv`` (cached; cleared by ``lexicons.clear_cache``)."""
    return compile_rules(lexicons.table("framing"), "family", "term", "framing.csv")


lexicons.register_cache(framing_rules.cache_clear)


def load_framing(path: str | os.PathLike) -> tuple[Rule, ...]:
    """Rules from a framing lexicon file elsewhere (columns family, term, pattern[, case_sensitive]),
    for comparing outlets under another vocabulary without touching the bundled lexicons.

    Raises LexiconError naming the file when it cannot be read or lacks a column.
    """
    p = Path(path)
    try:
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas raises several parser errors
        raise LexiconError(f"{p}: cannot read as a framing lexicon ({exc}); expected a CSV with family, term, pattern") from exc
    missing = [c for c in ("family", "term", "pattern") if c not in df.columns]
    if missing:
        raise LexiconError(f"{p}: missing columns {missing}; a framing lexicon needs family, term, pattern")
    return compile_rules(df, "family", "term", p.name)


def _orders(rules: tuple[Rule, ...] | None = None) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    fam: dict[str, int] = {}
    term: dict[tuple[str, str], int] = {}
    for r in rules or framing_rules():
        fam.setdefault(r.group, len(fam))
        term.setdefault((r.group, r.term), r.order)
    return fam, term


# ----------------------------------------------------------------------------- tables
def _mentions(articles: pd.DataFrame, rules: tuple[Rule, ...] | None = None) -> pd.DataFrame:
    outlets = outlet_of(articles)
    rows = []
    for art_id, outlet, txt in zip(articles["article_id"].tolist(), outlets.tolist(), articles["text"].tolist()):
        if not isinstance(txt, str) or not txt:
            continue
        found = _text_mentions(txt) if rules is None else _text_mentions.plain(txt, rules)
        rows.extend((outlet, str(art_id), *m) for m in found)
    return pd.DataFrame(rows, columns=["outlet", "article_id", "family", "term", "matched", "in_quotes", "start", "end"])


@lexicons.text_memo(1024)
def _text_mentions(txt: str, rules: tuple[Rule, ...] | None = None) -> tuple[tuple, ...]:
    """(family, term, matched, in_quotes, start, end) of every framing term in ``txt``: found
    once per distinct text with the lexicon's rules (wire copy repeats whole articles)."""
    spans = textmod.SpanIndex(textmod.quote_spans(txt))
    return tuple((m.group, m.term, m.text, textmod.in_spans(m.start, spans), m.start, m.end)
                 for m in find_matches(txt, rules or framing_rules()))


def naming_evidence(articles: pd.DataFrame, sentences: pd.DataFrame | None = None,
                    rules: tuple[Rule, ...] | None = None) -> pd.DataFrame:
    """Every term mention with its sentence, so a report can show what each count rests on.

    Columns: outlet, article_id, family, term, matched (as written), in_quotes, start, end
    (offsets in the cleaned text), sentence_id, sentence. ``sentences`` defaults to
    ``sentences_table(articles)``. Sorted by outlet, article, offset.

    >>> from newslib.read import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", "T\\n\\nThe so-called Islamic State lost.")]).articles
    >>> naming_evidence(arts)[["term", "matched", "sentence"]].values.tolist()
    [['so-called Islamic State', 'so-called Islamic State', 'The so-called Islamic State lost.']]
    """
    men = _mentions(articles, rules)
    if men.empty:
        return _empty_evidence()
    if sentences is None:
        sentences = textmod.sentences_table(articles)
    look = sentence_lookup(sentences)
    sids, stexts = [], []
    for a, s in zip(men["article_id"], men["start"]):
        sid, st = sentence_at(look.get(a, []), int(s))
        sids.append(sid)
        stexts.append(st)
    men = men.assign(sentence_id=pd.array(sids, dtype="Int64"), sentence=pd.array(stexts, dtype="string"))
    fam, term = _orders(rules)
    men = men.assign(_f=men["family"].map(fam), _t=[term[(f, t)] for f, t in zip(men["family"], men["term"])])
    men = men.sort_values(["outlet", "article_id", "start", "_f", "_t"], kind="stable").drop(columns=["_f", "_t"])
    return _typed_evidence(men.reset_index(drop=True))


def naming_table(articles: pd.DataFrame, rules: tuple[Rule, ...] | None = None) -> pd.DataFrame:
    """The ``naming`` table: mentions of each term per outlet, own voice and quotes apart.

    ``per_1000_words`` divides by all words the outlet published in ``articles``;
    ``share_in_family`` divides by the outlet's mentions of the family in the same
    ``in_quotes`` scope. Terms an outlet never uses are omitted. Rows are sorted by outlet,
    family and term (lexicon order), own voice before quotes.

    >>> from newslib.read import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", 'T\\n\\nThe regime said "the regime won".',
    ...                                      outlet="P")]).articles
    >>> naming_table(arts)[["term", "count", "in_quotes", "share_in_family"]].values.tolist()
    [['regime', 1, False, 1.0], ['regime', 1, True, 1.0]]
    """
    return naming_from_partials(*naming_partials(articles, rules), rules=rules)


#: Keys of the per-article counts ``naming_partials`` returns.
PARTIAL_KEYS = ["article_id", "outlet", "family", "term", "in_quotes"]


def naming_partials(articles: pd.DataFrame, rules: tuple[Rule, ...] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What ``naming_table`` adds up, per article: ``counts`` (article_id, outlet, family,
    term, in_quotes, count) and ``words`` (article_id, outlet, words). The partitioned engines
    compute these per partition and add them up (``naming_from_partials``), so no process
    holds every article's text for this table."""
    men = _mentions(articles, rules)
    counts = men.groupby(PARTIAL_KEYS, sort=False).size().rename("count").reset_index()
    words = pd.DataFrame({"article_id": articles["article_id"].astype(str).to_numpy(),
                          "outlet": outlet_of(articles).to_numpy(), "words": words_of(articles).to_numpy()})
    return counts, words


def naming_from_partials(counts: pd.DataFrame, words: pd.DataFrame, rules: tuple[Rule, ...] | None = None) -> pd.DataFrame:
    """The ``naming`` table from per-article (or already summed) ``naming_partials``."""
    if counts.empty:
        return schemas.NAMING.empty()
    words = words.groupby("outlet")["words"].sum()
    counts = counts.groupby(PARTIAL_KEYS[1:], sort=False)["count"].sum().reset_index()
    scope_total = counts.groupby(["outlet", "family", "in_quotes"])["count"].transform("sum")
    counts["share_in_family"] = (counts["count"] / scope_total).round(6)
    w = counts["outlet"].map(words).astype("float64")
    counts["per_1000_words"] = (counts["count"] * 1000.0 / w.where(w > 0)).round(6)
    fam, term = _orders(rules)
    counts["_f"] = counts["family"].map(fam)
    counts["_t"] = [term[(f, t)] for f, t in zip(counts["family"], counts["term"])]
    counts = counts.sort_values(["outlet", "_f", "_t", "in_quotes"], kind="stable").reset_index(drop=True)
    return schemas.NAMING.conform(counts)


def _empty_evidence() -> pd.DataFrame:
    return _typed_evidence(pd.DataFrame({c: [] for c in EVIDENCE_COLUMNS}))


def _typed_evidence(df: pd.DataFrame) -> pd.DataFrame:
    return schemas.NAMING_EVIDENCE.conform(df.reset_index(drop=True))
