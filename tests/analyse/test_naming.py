"""Naming choices (newslib.naming): synthetic texts, then counts verified by hand in the corpus."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslib import config, lexicons, schemas
from newslib.read import corpus
from newslib.errors import LexiconError
from newslib.analyse.naming import load_framing, naming_evidence, naming_table


def arts(*texts: str, outlet: str | None = "Paper") -> pd.DataFrame:
    docs = [corpus.Document(f"a{i}", f"a{i}.txt", "Headline\n\n" + t, outlet=outlet) for i, t in enumerate(texts)]
    return corpus.build(docs).articles


def rows(table: pd.DataFrame, term: str) -> pd.DataFrame:
    return table[table["term"] == term]


def count(table: pd.DataFrame, term: str, in_quotes: bool | None = None) -> int:
    r = rows(table, term)
    if in_quotes is not None:
        r = r[r["in_quotes"] == in_quotes]
    return int(r["count"].sum())


# ----------------------------------------------------------------------------- synthetic
def test_schema_and_order():
    t = naming_table(arts("The regime and the government met IS and Daesh."))
    assert tuple(t.columns) == schemas.NAMING.columns
    assert t["family"].tolist() == ["government side", "government side", "Islamic State", "Islamic State"]
    assert t["term"].tolist() == ["regime", "government", "IS", "Daesh"]


def test_IS_is_case_sensitive_whole_word():
    t = naming_table(arts("This is it. Is it? IS attacked. ISIS and ISIL too. THIS IS."))
    assert count(t, "IS") == 2  # 'IS attacked' and the final 'IS'
    assert count(t, "ISIS") == 1 and count(t, "ISIL") == 1


def test_longest_match_wins_within_family():
    t = naming_table(arts(
        "The so-called Islamic State fled. The Syrian Arab Army and the Syrian army advanced. "
        "Troops re-captured the town and captured a hill."
    ))
    assert count(t, "so-called Islamic State") == 1
    assert count(t, "Islamic State") == 0
    assert count(t, "Syrian Arab Army") == 1 and count(t, "Syrian army") == 1
    assert count(t, "recaptured") == 1 and count(t, "captured") == 1


def test_pro_regime_counts_as_regime():
    t = naming_table(arts("Pro-regime media and the Assad regime's army agreed."))
    assert count(t, "regime") == 2


def test_families_are_counted_separately():
    t = naming_table(arts("The jihadists attacked."))
    assert count(t, "the jihadists") == 1  # Islamic State family
    assert count(t, "jihadists") == 1  # fighter labels family
    assert set(t["family"]) == {"Islamic State", "fighter labels"}


def test_fighter_jets_are_not_fighters():
    t = naming_table(arts("Fighter jets hit fighters and a fighter."))
    assert count(t, "fighters") == 2


def test_quotes_counted_apart_with_shares():
    t = naming_table(arts('The regime said "the regime and the government won" and the government agreed.'))
    own = t[~t["in_quotes"]]
    quoted = t[t["in_quotes"]]
    assert count(t, "regime", False) == 1 and count(t, "regime", True) == 1
    assert count(t, "government", False) == 1 and count(t, "government", True) == 1
    # shares within the outlet, family and quote scope
    assert own["share_in_family"].tolist() == [0.5, 0.5]
    assert quoted["share_in_family"].tolist() == [0.5, 0.5]
    assert t["in_quotes"].tolist() == [False, True, False, True]


def test_per_1000_words_uses_all_the_outlets_words():
    a = arts("The regime fell.", "Nothing here at all, just words words words.")
    total_words = int(a["n_words"].sum())
    t = naming_table(a)
    assert t["per_1000_words"].tolist() == [round(1000 / total_words, 6)]


def test_unknown_outlet_and_empty_input():
    t = naming_table(arts("IS fled.", outlet=None))
    assert t["outlet"].tolist() == ["(unknown outlet)"]
    assert naming_table(arts("Nothing to see.")).empty
    assert tuple(naming_table(schemas.ARTICLES.empty()).columns) == schemas.NAMING.columns


def test_inputs_not_mutated():
    a = arts("The regime fell.")
    before = a.copy()
    naming_table(a)
    naming_evidence(a)
    pd.testing.assert_frame_equal(a, before)


def test_evidence_points_at_the_text():
    a = arts('Daesh fled. "IS won," they said.')
    ev = naming_evidence(a)
    assert ev.columns.tolist() == ["outlet", "article_id", "family", "term", "matched", "in_quotes",
                                   "start", "end", "sentence_id", "sentence"]
    text = a["text"].iloc[0]
    for r in ev.itertuples():
        assert text[r.start:r.end] == r.matched
        assert r.matched in r.sentence
    assert ev["in_quotes"].tolist() == [False, True]
    assert ev["sentence"].tolist() == ["Daesh fled.", '"IS won," they said.']


def test_lexicon_override_and_bad_pattern(tmp_path, monkeypatch):
    (tmp_path / "framing.csv").write_text(
        "family,term,pattern,case_sensitive,note\nmine,Thing,\\bTHING\\b,true,\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", str(tmp_path))
    lexicons.clear_cache()
    try:
        t = naming_table(arts("THING and thing."))
        assert t[["family", "term", "count"]].values.tolist() == [["mine", "Thing", 1]]
        (tmp_path / "framing.csv").write_text("family,term,pattern\nmine,Bad,(unclosed\n", encoding="utf-8")
        lexicons.clear_cache()
        with pytest.raises(LexiconError, match="row 2"):
            naming_table(arts("x"))
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()


# ----------------------------------------------------------------------------- bundled corpus
@pytest.fixture(scope="module")
def corpus_articles() -> pd.DataFrame:
    return corpus.ingest(config.RAW_DIR).articles


@pytest.fixture(scope="module")
def naming(corpus_articles) -> pd.DataFrame:
    return naming_table(corpus_articles)


def outlet_rows(naming: pd.DataFrame, outlet: str, term: str) -> list[tuple[bool, int]]:
    r = naming[(naming["outlet"] == outlet) & (naming["term"] == term)]
    return sorted((bool(q), int(c)) for q, c in zip(r["in_quotes"], r["count"]))


def test_corpus_al_jazeera_isil(naming, corpus_articles):
    # 001: 12 'ISIL' by hand: subheading, 'ISIL fighters', 'The ISIL assault', 'imposed by ISIL',
    # 'Deadly ISIL attacks', 'the ISIL attacks', '(ISIL, also known as ISIS)', 'against ISIL',
    # 'ISIL leader', 'ISIL-linked', 'the ISIL leader' in its own voice, and '[ISIL]' in the
    # Baghdadi quotation.
    assert outlet_rows(naming, "Al Jazeera", "ISIL") == [(False, 11), (True, 1)]
    text = corpus_articles.loc[corpus_articles["outlet"] == "Al Jazeera", "text"].iloc[0]
    assert text.count("ISIL") == 12
    row = naming[(naming["outlet"] == "Al Jazeera") & (naming["term"] == "ISIL") & ~naming["in_quotes"]]
    n_words = int(corpus_articles.loc[corpus_articles["outlet"] == "Al Jazeera", "n_words"].iloc[0])
    assert row["per_1000_words"].iloc[0] == round(11 * 1000 / n_words, 6)


def test_corpus_regime_counts(naming):
    # 000 The New Arab, all in its own voice: headline, 2x 'Syrian regime forces', '120 regime
    # fighters', 'pro-regime fighters', 'the regime had repelled', 'pro-regime and US-backed',
    # 'Pro-regime media', 'Recent regime advances'.
    assert outlet_rows(naming, "The New Arab", "regime") == [(False, 9)]
    # 003 EA WorldView: headline, 2x "Assad regime's military", 'Regime Troops' (subheading),
    # 'dozens of regime troops', '45 regime fatalities', 'regime warplanes',
    # 'the Assad regime have killed', 'Russian-regime attacks'.
    assert outlet_rows(naming, "EA WorldView", "regime") == [(False, 9)]


def test_corpus_outlook_india_daesh_only_in_quotes(naming):
    # 002: 'the terrorist Daesh group' and 'remaining Daesh terrorists', both in state-media quotes.
    assert outlet_rows(naming, "Outlook India", "Daesh") == [(True, 2)]


def test_corpus_so_called_islamic_state(naming):
    # 003: the al-Masdar quotation says 'so-called Islamic State'; EA WorldView itself writes
    # 'Islamic State' 4 times (headline, 'both the Islamic State', 'The Islamic State, which',
    # 'The Islamic State attacks').
    assert outlet_rows(naming, "EA WorldView", "so-called Islamic State") == [(True, 1)]
    assert outlet_rows(naming, "EA WorldView", "Islamic State") == [(False, 4)]


def test_corpus_all_outlets_and_shares(naming, corpus_articles):
    assert sorted(naming["outlet"].unique()) == sorted(corpus_articles["outlet"].unique())
    sums = naming.groupby(["outlet", "family", "in_quotes"])["share_in_family"].sum()
    assert ((sums - 1).abs() < 1e-5).all()


def test_corpus_evidence_matches_table(naming, corpus_articles):
    ev = naming_evidence(corpus_articles)
    assert len(ev) == int(naming["count"].sum())
    assert ev["sentence"].notna().all()


# ----------------------------------------------------------------------------- robustness
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=300), min_size=1, max_size=3))
def test_never_raises_on_arbitrary_text(texts):
    a = pd.DataFrame({
        "article_id": [f"x{i}" for i in range(len(texts))],
        "outlet": ["O"] * len(texts),
        "title": [None] * len(texts),
        "text": texts,
        "n_words": [len(t.split()) for t in texts],
    })
    t = naming_table(a)
    assert tuple(t.columns) == schemas.NAMING.columns
    ev = naming_evidence(a)
    assert len(ev) == int(t["count"].sum())


def test_load_framing_from_another_file(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("family,term,pattern\ngovernment,junta,\\bjunta\\b\n", encoding="utf-8")
    arts = corpus.build([corpus.Document("a", "x", "T\n\nThe junta fell. The regime won.", outlet="P")]).articles
    rules = load_framing(f)
    assert naming_table(arts, rules)["term"].tolist() == ["junta"]
    assert naming_evidence(arts, rules=rules)["sentence"].tolist() == ["The junta fell."]
    bad = tmp_path / "bad.csv"
    bad.write_text("family,term\nx,y\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.csv.*pattern"):
        load_framing(bad)
