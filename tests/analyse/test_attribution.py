"""Attribution and hedging verbs (newslib.attribution)."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslib import config, schemas
from newslib.read import corpus
from newslib.analyse.attribution import attribution_evidence, attribution_table, hedges_in, verbs

HEDGES = {"purportedly", "allegedly", "reportedly", "claimed", "apparently", "unconfirmed", "unverified"}


def arts(*texts: str, outlet: str = "Paper") -> pd.DataFrame:
    docs = [corpus.Document(f"a{i}", f"a{i}.txt", "Headline\n\n" + t, outlet=outlet) for i, t in enumerate(texts)]
    return corpus.build(docs).articles


def counts(table: pd.DataFrame, outlet: str | None = None) -> dict[str, int]:
    t = table if outlet is None else table[table["outlet"] == outlet]
    return {v: int(c) for v, c in zip(t["verb"], t["count"]) if c}


def test_verbs_of_the_lexicon():
    assert verbs()[:10] == ["said", "claimed", "acknowledged", "reported", "according to", "purportedly",
                            "allegedly", "reportedly", "denied/rejected", "maintained"]


def test_counts_with_full_grid():
    t = attribution_table(arts(
        "SOHR said 5 died. IS claims 9, it says. Russia denied it and rejected the claim. "
        "He told AFP the army maintained that it had reportedly won, according to SANA."
    ))
    assert tuple(t.columns) == schemas.ATTRIBUTION.columns
    assert len(t) == len(verbs())  # zero rows kept so outlets compare
    assert counts(t) == {"said": 3, "claimed": 2, "denied/rejected": 2, "maintained": 1,
                         "reportedly": 1, "according to": 1}


def test_harm_phrase_and_bare_maintain_are_not_attribution():
    t = attribution_table(arts("The attack claimed the lives of 12. Troops maintain their foothold."))
    assert counts(t) == {}


def test_quoted_verbs_belong_to_the_source():
    a = arts('The monitor said "they claimed it, we said no".')
    assert counts(attribution_table(a)) == {"said": 1}
    assert counts(attribution_table(a, include_quotes=True)) == {"said": 2, "claimed": 1}
    ev = attribution_evidence(a)
    assert ev["in_quotes"].tolist() == [False, True, True]
    text = a["text"].iloc[0]
    assert all(text[r.start:r.end] == r.matched for r in ev.itertuples())


def test_outlets_compare_on_the_same_grid():
    a = pd.concat([arts("X said so.", outlet="A"), arts("Y claimed so.", outlet="B").assign(article_id="b0")])
    t = attribution_table(a)
    assert t["outlet"].tolist() == ["A"] * len(verbs()) + ["B"] * len(verbs())
    assert counts(t, "A") == {"said": 1} and counts(t, "B") == {"claimed": 1}


@pytest.mark.parametrize("text, expected", [
    ("IS purportedly killed 30, a claim that remains unverified.", ["purportedly", "claimed", "unverified"]),
    ("Allegedly 5 died, apparently; the alleged toll is unconfirmed.", ["allegedly", "apparently", "unconfirmed"]),
    ("The group claimed it killed 20, reportedly.", ["claimed", "reportedly"]),
    ("ISIS claimed the lives of 12.", []),
    ("The monitor said 58 were killed.", []),
    ("", []),
])
def test_hedges_in(text, expected):
    assert hedges_in(text) == expected


def test_hedges_in_tolerates_non_strings():
    assert hedges_in(None) == []  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- bundled corpus
@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return attribution_table(corpus.ingest(config.RAW_DIR).articles)


def test_corpus_ea_worldview(table):
    # 003, counted by hand: headline 'rebels claims', 'ISIS claimed that', 'rejected the claim',
    # 'Failaq al-Rahman claimed'; al-Masdar and the Russian correspondent 'acknowledged';
    # the regime's military 'maintained'; the Defense Ministry 'rejected'.
    c = counts(table, "EA WorldView")
    assert c["claimed"] == 4
    assert c["acknowledged"] == 2
    assert c["maintained"] == 1
    assert c["denied/rejected"] == 1


def test_corpus_outlook_india_said(table):
    # 002: 'a monitor said', 'Observatory for Human Rights said', 'what it said was',
    # 'the Observatory said', 'monitoring group said', 'but said its troops', 'SANA said';
    # IS's statement is 'claiming'.
    assert counts(table, "Outlook India") == {"said": 7, "claimed": 1}


def test_corpus_hedges(table):
    # 001 'purportedly pressed', 000 'purported to be of IS leader'.
    assert counts(table, "Al Jazeera")["purportedly"] == 1
    assert counts(table, "The New Arab")["purportedly"] == 1
    assert counts(table, "Al Jazeera")["apparently"] == 1  # 'first apparent communication'


# ----------------------------------------------------------------------------- robustness
@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=3))
def test_never_raises_on_arbitrary_text(texts):
    a = pd.DataFrame({"article_id": [f"x{i}" for i in range(len(texts))], "outlet": ["O"] * len(texts),
                      "title": [None] * len(texts), "text": texts})
    t = attribution_table(a)
    assert tuple(t.columns) == schemas.ATTRIBUTION.columns
    assert len(attribution_evidence(a, include_quotes=True)) >= int(t["count"].sum())
    for s in texts:
        assert set(hedges_in(s)) <= HEDGES
