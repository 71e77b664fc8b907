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

import numpy as np
import pandas as pd

from .. import lexicons, schemas
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
            # a text none of whose characters is a Basic Multilingual Plane emoji or lies above
            # that plane holds no emoji character: one character class run in C, the set test
            # (a hash per character) only for the rest
            bmp = "".join(re.escape(c) for c in sorted(self._emoji_chars) if ord(c) <= 0xFFFF)
            self._maybe_emoji = re.compile(f"[{bmp}\U00010000-\U0010FFFF]")
            _load_vader_words()

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

        def compound(self, text) -> float:
            """``polarity_scores(text)["compound"]``, the same float, computed faster: each word
            is lower-cased once (VADER lower-cases the whole sentence again for every rule it
            checks at every lexicon word), words outside the lexicon are not visited (they
            score 0 and only matter as neighbours), and neg/neu/pos are not computed. The rules
            and the order of every float operation are VADER 3.3.2's (``_valence``);
            tests/test_speed.py compares the two on random and corpus sentences."""
            if not isinstance(text, str) or (self._maybe_emoji.search(text) is not None
                                             and not self._emoji_chars.isdisjoint(text)):
                return super().polarity_scores(text)["compound"]
            text = text.strip()
            words = [t if len(s := t.strip(_PUNCT)) <= 2 else s for t in text.split()]
            lower = [w.lower() for w in words]
            lexicon = self.lexicon
            hits = [i for i, hit in enumerate(map(lexicon.__contains__, lower)) if hit]
            if not hits:
                return 0.0
            n = len(words)
            sentiments: list = [0] * n
            is_cap_diff = None
            for i in hits:
                lw = lower[i]
                if lw in _BOOSTERS or (lw == "kind" and i < n - 1 and lower[i + 1] == "of"):
                    continue
                if is_cap_diff is None:  # vaderSentiment.allcap_differential, its loop in C
                    is_cap_diff = 0 < n - sum(map(str.isupper, words)) < n
                sentiments[i] = _valence(lexicon, words, lower, i, is_cap_diff)
            if "but" in lower:
                sentiments = self._but_check(words, sentiments)
            sum_s = float(sum(sentiments))
            punct = self._punctuation_emphasis(text)
            if sum_s > 0:
                sum_s += punct
            elif sum_s < 0:
                sum_s -= punct
            return round(_vs().normalize(sum_s), 4)

    return Analyzer()


@functools.cache
def _vs():
    """The ``vaderSentiment.vaderSentiment`` module, imported on first use."""
    from vaderSentiment import vaderSentiment as vs

    return vs


_PUNCT = __import__("string").punctuation
_BOOSTERS: frozenset = frozenset()
_NEGATE: frozenset = frozenset()


def _load_vader_words() -> None:
    global _BOOSTERS, _NEGATE
    vs = _vs()
    _BOOSTERS, _NEGATE = frozenset(vs.BOOSTER_DICT), frozenset(vs.NEGATE)


def _negated(w: str) -> bool:
    """``vaderSentiment.negated([w])`` of one lower-cased word."""
    return w in _NEGATE or "n't" in w


def _valence(lexicon: dict, words: list[str], lower: list[str], i: int, is_cap_diff: bool) -> float:
    """``SentimentIntensityAnalyzer.sentiment_valence`` of the lexicon word ``words[i]``
    (``lower``: the words lower-cased), with ``_negation_check``, ``_special_idioms_check``
    and ``_least_check`` inlined: the same rules in the same order, each word lower-cased once."""
    vs = _vs()
    n = len(words)
    item = words[i]
    lw = lower[i]
    valence = lexicon[lw]
    if lw == "no" and i != n - 1 and lower[i + 1] in lexicon:
        valence = 0.0
    if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor")):
        valence = lexicon[lw] * vs.N_SCALAR
    if item.isupper() and is_cap_diff:
        if valence > 0:
            valence += vs.C_INCR
        else:
            valence -= vs.C_INCR
    for start_i in range(0, 3):
        if i > start_i and lower[i - (start_i + 1)] not in lexicon:
            # vaderSentiment.scalar_inc_dec: 0 unless the word is a booster
            s = vs.scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff) \
                if lower[i - (start_i + 1)] in _BOOSTERS else 0.0
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            # _negation_check
            if start_i == 0:
                if _negated(lower[i - 1]):
                    valence = valence * vs.N_SCALAR
            elif start_i == 1:
                if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                    valence = valence * 1.25
                elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                    pass
                elif _negated(lower[i - 2]):
                    valence = valence * vs.N_SCALAR
            else:
                if lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this") or \
                        (lower[i - 1] == "so" or lower[i - 1] == "this"):
                    valence = valence * 1.25
                elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                    pass
                elif _negated(lower[i - 3]):
                    valence = valence * vs.N_SCALAR
                valence = _special_idioms(valence, lower, i)
    # _least_check
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * vs.N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * vs.N_SCALAR
    return valence


def _special_idioms(valence: float, lower: list[str], i: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` on the lower-cased words."""
    vs = _vs()
    special, boosters = vs.SPECIAL_CASES, vs.BOOSTER_DICT
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special:
            valence = special[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


@functools.cache
def mask_regex() -> re.Pattern | None:
    """Whole-word, case-insensitive regex of the casualty words (None if the list is empty)."""
    alt = lexicons.longest_first(lexicons.word_list(MASK_FILE))
    if not alt:
        return None
    return re.compile(rf"\b(?:{alt})\b", re.IGNORECASE)


@functools.cache
def _mask_caseless() -> lexicons.Caseless | None:
    """``mask_regex`` as a ``lexicons.Caseless`` (ASCII text scanned lower-cased, case-sensitively)."""
    rx = mask_regex()
    return None if rx is None else lexicons.Caseless(rx.pattern, rx.flags & ~re.IGNORECASE)


lexicons.register_cache(mask_regex.cache_clear)
lexicons.register_cache(_mask_caseless.cache_clear)


def mask(text: str) -> str:
    """``text`` with casualty words replaced by the neutral token (``mask_regex().sub``).

    >>> mask("A bloody attack killed 5; Killing goes on.")
    'A event event event 5; event goes on.'
    """
    rx = _mask_caseless()
    if rx is None or not isinstance(text, str):
        return text
    pattern, scan = rx.scan(text)
    if scan is text:
        return pattern.sub(NEUTRAL_TOKEN, text)
    parts, last = [], 0  # the spans found in the lower-cased copy, replaced in ``text``
    for m in pattern.finditer(scan):
        parts += (text[last:m.start()], NEUTRAL_TOKEN)
        last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def score(text: str) -> tuple[float, float]:
    """(compound, compound_masked) of one text, rounded to 6 decimals."""
    if not isinstance(text, str) or not text.strip():
        return 0.0, 0.0
    a = analyzer()
    c = a.compound(text)
    masked = mask(text)
    # a sentence without casualty words is its own masked text: scored once
    cm = c if masked == text else a.compound(masked)
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
    # column lists: iterating an Arrow-backed column asks Arrow for each value on its own
    cols = (sentences[c].tolist() for c in ("article_id", "sentence_id", "text"))
    for art, sid, txt in zip(*cols):
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
    for txt in sentences["text"].tolist():
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
        "outlet": [outlet_by_id[str(a)] for a in sents["article_id"].tolist()],
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

    >>> from newslib.read import corpus
    >>> from newslib.language import text
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
    average them once (``tone_from_partials``).

    Each sentence is scored once (``score``: as written, and masked only when it holds a
    casualty word) and its actor sides found once; the sums are kept in plain dicts, one
    entry per article and scope, in the order the sentences first give them: the rows and
    their order of ``tone_partials_frames`` (the same sums through pandas, kept as the
    reference in tests/test_speed.py)."""
    if sentences is None or sentences.empty or articles.empty:
        return _empty_partials()
    outlet_by_id = dict(zip(articles["article_id"].astype(str).tolist(), outlet_of(articles).tolist()))
    every: dict[tuple[str, str], list[int]] = {}  # (article, outlet) -> [sum compound, sum masked, n]
    sided: dict[tuple[str, str, str], list[int]] = {}  # (article, outlet, side) -> the same
    for art, txt in zip(sentences["article_id"].astype(str).tolist(), sentences["text"].tolist()):
        outlet = outlet_by_id.get(art, _NO_OUTLET)
        if outlet is _NO_OUTLET:
            continue
        c, cm, sides = _sentence_scores(txt if isinstance(txt, str) else "")
        acc = every.get((art, outlet))
        if acc is None:
            acc = every[(art, outlet)] = [0, 0, 0]
        acc[0] += c
        acc[1] += cm
        acc[2] += 1
        if sides:
            for side in sides:
                acc = sided.get((art, outlet, side))
                if acc is None:
                    acc = sided[(art, outlet, side)] = [0, 0, 0]
                acc[0] += c
                acc[1] += cm
                acc[2] += 1
    keys = [(a, o, "all") for a, o in every] + [(a, o, "actor:" + sd) for a, o, sd in sided]
    sums = list(every.values()) + list(sided.values())
    if not keys:
        return _empty_partials()
    return pd.DataFrame({
        "article_id": [k[0] for k in keys],
        "outlet": [k[1] for k in keys],
        "scope": [k[2] for k in keys],
        "sum_compound": np.array([x[0] for x in sums], dtype="int64"),
        "sum_masked": np.array([x[1] for x in sums], dtype="int64"),
        "n_sentences": np.array([x[2] for x in sums], dtype="int64"),
    })[PARTIAL_COLUMNS]


_NO_OUTLET = object()


@lexicons.text_memo(16384)
def _sentence_scores(txt: str) -> tuple[int, int, tuple[str, ...]]:
    """(compound, compound_masked) of a sentence in millionths, and the sides of the actors it
    names, sorted: what ``tone_partials`` adds up; once per distinct sentence (wire copy)."""
    c, cm = score(txt)
    sides = tuple(sorted({str(h.value.get("side", "")).strip() for h in lexicons.alias_matcher("actors").find(txt)}
                         - {""})) if txt else ()
    return round(c * _SCALE), round(cm * _SCALE), sides  # numpy's round: half to even, as round()


def _empty_partials() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith(("sum", "n_")) else object)
                         for c in PARTIAL_COLUMNS})


def tone_partials_frames(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``tone_partials`` through pandas frames (``sentence_tone``, ``sentence_sides``, explode,
    groupby): the plain path that tests/test_speed.py compares the fast one with."""
    base = _scored(articles, sentences, sides=True)
    if base is None:
        return _empty_partials()
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

    >>> from newslib.read import corpus
    >>> from newslib.language import text
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
