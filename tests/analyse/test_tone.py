"""VADER tone with and without casualty words (newslib.tone)."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslib import config, lexicons, schemas
from newslib.language import text
from newslib.read import corpus
from newslib.analyse.tone import analyzer, mask, score, sentence_tone, tone_evidence, tone_table


def arts(*texts: str, outlet: str = "Paper") -> pd.DataFrame:
    docs = [corpus.Document(f"a{i}", f"a{i}.txt", "Headline\n\n" + t, outlet=outlet) for i, t in enumerate(texts)]
    return corpus.build(docs).articles


def test_analyzer_is_cached_and_offline():
    assert analyzer() is analyzer()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    assert isinstance(analyzer(), SentimentIntensityAnalyzer)  # the package's, with its bundled lexicon


def test_mask_list_is_a_lexicon():
    words = lexicons.word_list("casualty_mask.txt")
    for w in ("killed", "dead", "died", "deaths", "killing", "wounded", "injured", "attack", "attacks",
              "bloody", "beheaded", "murdered", "massacre", "casualties", "losses", "fatalities",
              "terror", "terrorist", "terrorists"):
        assert w in words


def test_mask_whole_words_case_insensitive():
    assert mask("Killed, DEAD and wounded; attacks.") == "event, event and event; event."
    assert mask("A skilled deadline attacker.") == "A skilled deadline attacker."
    assert mask("") == ""


def test_masking_removes_the_casualty_tone():
    c, cm = score("Five people were killed.")
    assert c < -0.5 and cm == 0.0
    c, cm = score("The brave rescuers saved them.")
    assert c == cm > 0


def test_sentence_tone_columns_and_order():
    s = pd.DataFrame({"article_id": ["b", "a", "a"], "sentence_id": [0, 1, 0],
                      "text": ["Good news.", "Ten died.", "Hello"]})
    t = sentence_tone(s)
    assert t.columns.tolist() == ["article_id", "sentence_id", "compound", "compound_masked"]
    assert t[["article_id", "sentence_id"]].values.tolist() == [["a", 0], ["a", 1], ["b", 0]]
    assert t["compound"].iloc[1] < 0 and t["compound_masked"].iloc[1] == 0


def test_tone_table_scopes():
    a = arts("IS members were killed. The regime won a great victory. The weather is fine.")
    s = text.sentences_table(a)
    t = tone_table(a, s)
    assert tuple(t.columns) == schemas.TONE.columns
    assert t["scope"].tolist() == ["all", "actor:IS", "actor:pro-government"]
    assert t["n_sentences"].tolist() == [4, 1, 1]
    per = sentence_tone(s)
    assert t["compound_mean"].iloc[0] == round(per["compound"].mean(), 6)
    assert t["compound_masked_mean"].iloc[1] == 0.0  # "IS members were event"
    assert t["compound_mean"].iloc[1] < 0


def test_empty_inputs():
    a = arts("Words.")
    assert tone_table(a, text.sentences_table(a).iloc[0:0]).empty
    assert tuple(tone_table(schemas.ARTICLES.empty(), schemas.SENTENCES.empty()).columns) == schemas.TONE.columns


def test_inputs_not_mutated():
    a = arts("Ten died in the attack.")
    s = text.sentences_table(a)
    a0, s0 = a.copy(), s.copy()
    tone_table(a, s)
    pd.testing.assert_frame_equal(a, a0)
    pd.testing.assert_frame_equal(s, s0)


# ----------------------------------------------------------------------------- bundled corpus
@pytest.fixture(scope="module")
def bundled():
    a = corpus.ingest(config.RAW_DIR).articles
    s = text.sentences_table(a)
    return a, s, tone_table(a, s)


def test_corpus_every_outlet_scored(bundled):
    a, s, t = bundled
    alls = t[t["scope"] == "all"].set_index("outlet")
    assert sorted(alls.index) == sorted(a["outlet"])
    per_outlet = s.merge(a[["article_id", "outlet"]], on="article_id").groupby("outlet").size()
    assert (alls["n_sentences"].astype(int) == per_outlet.reindex(alls.index)).all()


def test_corpus_casualty_words_make_coverage_darker(bundled):
    # Every outlet reads less negative once casualty words are masked.
    _, _, t = bundled
    alls = t[t["scope"] == "all"]
    assert (alls["compound_masked_mean"] > alls["compound_mean"]).all()
    assert set(t["scope"]) >= {"all", "actor:IS", "actor:pro-government"}


# ----------------------------------------------------------------------------- robustness
@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=3))
def test_never_raises_on_arbitrary_text(texts):
    a = pd.DataFrame({"article_id": [f"x{i}" for i in range(len(texts))], "outlet": ["O"] * len(texts),
                      "title": [None] * len(texts), "text": texts})
    s = text.sentences_table(a)
    t = tone_table(a, s)
    assert tuple(t.columns) == schemas.TONE.columns
    assert t["compound_mean"].dropna().between(-1, 1).all()
    assert len(sentence_tone(s)) == len(s)


def test_tone_evidence_shows_the_extremes_per_outlet(bundled):
    a, s, _ = bundled
    ev = tone_evidence(a, s, per_outlet=2)
    assert set(ev["outlet"]) == set(a["outlet"])
    for outlet, g in ev.groupby("outlet"):
        neg = g[g["end"] == "most negative"]["compound"]
        assert len(neg) == 2 and neg.is_monotonic_increasing
        # the most negative sentence really is the outlet's minimum
        ids = a.loc[a["outlet"] == outlet, "article_id"]
        scores = sentence_tone(s[s["article_id"].isin(ids)])["compound"]
        assert neg.iloc[0] == scores.min()
    assert (ev[ev["end"] == "most positive"]["compound"] > 0).all()
