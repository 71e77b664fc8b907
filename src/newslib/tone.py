"""Tone: how charged an outlet's language is, by VADER, with and without casualty words.

VADER comes from the ``vaderSentiment`` package, whose lexicon ships with it: nothing is
downloaded (NLTK 3.10 refuses to open resource files outside its data path). In war
reporting words like "killed" dominate VADER's scores, so every sentence is scored as written
(``compound``) and with the words of ``lexicons/casualty_mask.txt`` replaced by the neutral
token ``event``, which VADER does not score (``compound_masked``; a sentence without such
words is scored once, both scores being the same). Replacing rather than deleting keeps
VADER's negation and booster windows in place.

>>> score("Five people were killed.")
(-0.6705, 0.0)
"""
from __future__ import annotations

import functools
import logging
import re

import pandas as pd

from . import lexicons, schemas
from .naming import outlet_of

log = logging.getLogger(__name__)

MASK_FILE = "casualty_mask.txt"
NEUTRAL_TOKEN = "event"

SENTENCE_TONE_COLUMNS = ("article_id", "sentence_id", "compound", "compound_masked")


@functools.cache
def analyzer():
    """The VADER analyzer (built once; it reads its bundled lexicon from the package)."""
    from vaderSentiment import vaderSentiment as vs

    class Analyzer(vs.SentimentIntensityAnalyzer):
        """VADER's analyzer, with two shortcuts that leave every score unchanged: a text
        holding no emoji character skips VADER's character-by-character emoji replacement
        (which then rebuilds the same text), and a text none of whose words is in VADER's
        lexicon skips the word-by-word rules (each such word scores 0). The rest is
        ``polarity_scores`` as written in vaderSentiment 3.3.2; tests/test_speed.py compares
        the two."""

        def __init__(self):
            super().__init__()
            self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

        def polarity_scores(self, text):
            if not isinstance(text, str) or not self._emoji_chars.isdisjoint(text):
                return super().polarity_scores(text)
            text = text.strip()
            sentitext = vs.SentiText(text)
            words_and_emoticons = sentitext.words_and_emoticons
            lexicon = self.lexicon
            if not any(w.lower() in lexicon for w in words_and_emoticons):
                # no word VADER scores (a word outside its lexicon always gets 0): all zeros
                sentiments = self._but_check(words_and_emoticons, [0] * len(words_and_emoticons))
                return self.score_valence(sentiments, text)
            sentiments = []
            for i, item in enumerate(words_and_emoticons):
                valence = 0
                if item.lower() in vs.BOOSTER_DICT:
                    sentiments.append(valence)
                    continue
                if (i < len(words_and_emoticons) - 1 and item.lower() == "kind" and
                        words_and_emoticons[i + 1].lower() == "of"):
                    sentiments.append(valence)
                    continue
                sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
            sentiments = self._but_check(words_and_emoticons, sentiments)
            return self.score_valence(sentiments, text)

    return Analyzer()


@functools.cache
def mask_regex() -> re.Pattern | None:
    """Whole-word, case-insensitive regex of the casualty words (None if the list is empty)."""
    words = sorted(lexicons.word_list(MASK_FILE), key=lambda w: (-len(w), w))
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


lexicons.register_cache(mask_regex.cache_clear)


def mask(text: str) -> str:
    """``text`` with casualty words replaced by the neutral token.

    >>> mask("A bloody attack killed 5; Killing goes on.")
    'A event event event 5; event goes on.'
    """
    rx = mask_regex()
    if rx is None or not isinstance(text, str):
        return text
    return rx.sub(NEUTRAL_TOKEN, text)


def score(text: str) -> tuple[float, float]:
    """(compound, compound_masked) of one text, rounded to 6 decimals."""
    if not isinstance(text, str) or not text.strip():
        return 0.0, 0.0
    a = analyzer()
    c = a.polarity_scores(text)["compound"]
    masked = mask(text)
    # a sentence without casualty words is its own masked text: scored once
    cm = c if masked == text else a.polarity_scores(masked)["compound"]
    return round(float(c), 6), round(float(cm), 6)


def sentence_tone(sentences: pd.DataFrame) -> pd.DataFrame:
    """VADER compound of every sentence, as written and masked, for evidence tables.

    Columns: article_id, sentence_id, compound, compound_masked. Sorted by article and
    sentence. Join to ``sentences`` on (article_id, sentence_id) to show the text.

    >>> s = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "text": ["Five died."]})
    >>> sentence_tone(s).values.tolist()
    [['a', 0, -0.5574, 0.0]]
    """
    rows = []
    for art, sid, txt in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        txt = txt if isinstance(txt, str) else ""
        c, cm = score(txt)
        rows.append((str(art), int(sid), c, cm))
    df = pd.DataFrame(rows, columns=list(SENTENCE_TONE_COLUMNS))
    df = df.sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)
    return pd.DataFrame({
        "article_id": df["article_id"].astype("string"),
        "sentence_id": df["sentence_id"].astype("Int64"),
        "compound": df["compound"].astype("Float64"),
        "compound_masked": df["compound_masked"].astype("Float64"),
    }, index=pd.RangeIndex(len(df)))


def sentence_sides(sentences: pd.DataFrame) -> pd.Series:
    """For each sentence, the sorted tuple of actor sides it mentions (actor lexicon)."""
    m = lexicons.alias_matcher("actors")
    out = []
    for txt in sentences["text"]:
        if not isinstance(txt, str) or not txt:
            out.append(())
            continue
        out.append(tuple(sorted({str(h.value.get("side", "")).strip() for h in m.find(txt)} - {""})))
    return pd.Series(out, index=sentences.index, dtype=object)


def _scored(articles: pd.DataFrame, sentences: pd.DataFrame | None, sides: bool = False) -> pd.DataFrame | None:
    """One row per sentence of ``articles``: outlet, article_id, sentence_id, its text, its
    compound and masked compound (and the actor ``sides`` it names); None when there is none."""
    if sentences is None or sentences.empty or articles.empty:
        return None
    outlet_by_id = dict(zip(articles["article_id"].astype(str), outlet_of(articles)))
    sents = sentences[sentences["article_id"].astype(str).isin(outlet_by_id)]
    if sents.empty:
        return None
    cols = {
        "outlet": [outlet_by_id[str(a)] for a in sents["article_id"]],
        "article_id": sents["article_id"].astype(str).to_numpy(),
        "sentence_id": sents["sentence_id"].astype("int64").to_numpy(),
        "sentence": sents["text"].astype(object).to_numpy(),
    }
    if sides:
        cols["sides"] = sentence_sides(sents).to_numpy()
    tone = sentence_tone(sents).astype({"article_id": object, "sentence_id": "int64", "compound": "float64",
                                        "compound_masked": "float64"})
    return pd.DataFrame(cols).merge(tone, on=["article_id", "sentence_id"], how="left", validate="one_to_one")


def tone_table(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``tone`` table: mean VADER compound per outlet, for all sentences (scope ``all``)
    and for sentences mentioning an actor of each side (scope ``actor:<side>``; a sentence
    naming two sides counts in both). Means are rounded to 6 decimals. Rows are sorted by
    outlet, ``all`` first, then sides alphabetically.

    >>> from newslib import corpus, text
    >>> arts = corpus.build([corpus.Document("a", "x", "T\\n\\nIS fighters were killed.",
    ...                                      outlet="P")]).articles
    >>> tone_table(arts, text.sentences_table(arts))[["scope", "n_sentences"]].values.tolist()
    [['all', 2], ['actor:IS', 1]]
    """
    return tone_from_partials(tone_partials(articles, sentences))


#: Scores are summed as whole millionths (they are rounded to 6 decimals), so sums are exact
#: and the mean does not depend on how the corpus was cut into partitions.
_SCALE = 1_000_000
PARTIAL_COLUMNS = ["article_id", "outlet", "scope", "sum_compound", "sum_masked", "n_sentences"]


def tone_partials(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """What ``tone_table`` averages, per article and scope: ``PARTIAL_COLUMNS`` with the sums
    of the scores in millionths. The partitioned engines compute these per partition and
    average them once (``tone_from_partials``)."""
    base = _scored(articles, sentences, sides=True)
    if base is None:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith(("sum", "n_")) else object)
                             for c in PARTIAL_COLUMNS})
    base = base.assign(sum_compound=(base["compound"] * _SCALE).round().astype("int64"),
                       sum_masked=(base["compound_masked"] * _SCALE).round().astype("int64"))
    scoped = [base.assign(scope="all")]
    ex = base.explode("sides").dropna(subset=["sides"])
    if not ex.empty:
        scoped.append(ex.assign(scope="actor:" + ex["sides"].astype(str)))
    long = pd.concat(scoped, ignore_index=True)
    out = long.groupby(["article_id", "outlet", "scope"], sort=False).agg(
        sum_compound=("sum_compound", "sum"), sum_masked=("sum_masked", "sum"), n_sentences=("compound", "size"))
    return out.reset_index()[PARTIAL_COLUMNS]


def tone_from_partials(partials: pd.DataFrame) -> pd.DataFrame:
    """The ``tone`` table from per-article (or already summed) ``tone_partials``."""
    if partials.empty:
        return schemas.TONE.empty()
    out = partials.groupby(["outlet", "scope"], sort=False)[["sum_compound", "sum_masked", "n_sentences"]].sum().reset_index()
    n = out["n_sentences"].astype("float64") * _SCALE
    out["compound_mean"] = (out["sum_compound"].astype("float64") / n).round(6)
    out["compound_masked_mean"] = (out["sum_masked"].astype("float64") / n).round(6)
    out = out.drop(columns=["sum_compound", "sum_masked"])
    out["_all"] = out["scope"] != "all"
    out = out.sort_values(["outlet", "_all", "scope"], kind="stable").reset_index(drop=True)
    return schemas.TONE.conform(out)


def tone_evidence(articles: pd.DataFrame, sentences: pd.DataFrame, per_outlet: int = 3) -> pd.DataFrame:
    """The sentences behind the tone chart: for each outlet its ``per_outlet`` most negative
    and most positive sentences (by compound as written), with the masked score beside.

    Columns: outlet, article_id, sentence_id, end ('most negative' / 'most positive'),
    compound, compound_masked, sentence. Ties break on article and sentence id.

    >>> from newslib import corpus, text
    >>> arts = corpus.build([corpus.Document("a", "x", "T\\n\\nFive died. Peace came, a great joy.",
    ...                                      outlet="P")]).articles
    >>> tone_evidence(arts, text.sentences_table(arts), per_outlet=1)[["end", "sentence"]].values.tolist()
    [['most negative', 'Five died.'], ['most positive', 'Peace came, a great joy.']]
    """
    cols = ["outlet", "article_id", "sentence_id", "end", "compound", "compound_masked", "sentence"]
    base = _scored(articles, sentences)
    if base is None:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in cols})
    parts = []
    for outlet, g in base.groupby("outlet", sort=True):
        neg = g.sort_values(["compound", "article_id", "sentence_id"], kind="stable").head(per_outlet)
        pos = g[g["compound"] > 0].sort_values(["compound", "article_id", "sentence_id"], ascending=[False, True, True],
                                                kind="stable").head(per_outlet)
        parts += [neg.assign(end="most negative"), pos.assign(end="most positive")]
    out = pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
    return out.reset_index(drop=True)
