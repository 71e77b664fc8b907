"""Text reuse between articles (newslib.reuse)."""
from __future__ import annotations

import random
import time

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslib import config, corpus, schemas
from newslib.errors import ParameterError
from newslib.reuse import flag_changed_claims, reuse_table, shared_passages, tokenize


def arts(**texts: str) -> pd.DataFrame:
    docs = [corpus.Document(k, f"{k}.txt", f"Headline {k}\n\n" + t, outlet=f"Outlet {k}") for k, t in texts.items()]
    return corpus.build(docs).articles


def claims_table(rows: list[dict]) -> pd.DataFrame:
    base = {c: None for c in schemas.CLAIMS.columns}
    full = [{**base, "sentence_id": 0, "kind": "killed", **r} for r in rows]
    return schemas.CLAIMS.conform(pd.DataFrame(full, columns=list(schemas.CLAIMS.columns)))


QUOTE = "completely secured the Deir al-Zour-Palmyra highway after foiling the intense attack"


def test_tokenize_normalises_and_keeps_offsets():
    s = "Lebanon’s “Deir az-Zor”—Palmyra; ERDOĞAN's"
    tk = tokenize(s)
    assert tk.words == ("lebanon's", "deir", "az", "zor", "palmyra", "erdogan's")
    assert [s[a:b] for a, b in zip(tk.starts, tk.ends)] == ["Lebanon’s", "Deir", "az", "Zor", "Palmyra", "ERDOĞAN's"]
    assert tokenize("").words == ()


def test_curly_and_straight_quotes_match():
    a = arts(a='"The Syrian army and its allies completely secured the road," it said.',
             b="“The Syrian army and its allies completely secured the road,” the unit said.")
    p = shared_passages(a)
    assert len(p) == 1
    assert p["text"].iloc[0] == "The Syrian army and its allies completely secured the road"
    row = p.iloc[0]
    text_b = a.set_index("article_id").loc["b", "text"]
    assert text_b[row["b_start"]:row["b_end"]] == row["text_b"]


def test_shingle_size_is_a_parameter():
    a = arts(a="Alpha said the quick brown fox jumps over dogs today, nothing else.",
             b="Beta: the quick brown fox jumps over dogs today!")
    # 'the quick brown fox jumps over dogs today' is 8 words
    assert shared_passages(a, n=8, min_chars=10)["text"].tolist() == ["the quick brown fox jumps over dogs today"]
    assert shared_passages(a, n=9, min_chars=10).empty
    with pytest.raises(ParameterError):
        shared_passages(a, n=0)


def test_min_chars_drops_short_passages():
    a = arts(a="one two three four five six seven eight and more", b="one two three four five six seven eight")
    assert len(shared_passages(a, min_chars=10)) == 1
    assert shared_passages(a, min_chars=100).empty


def test_passage_bridges_a_respelled_name():
    a = arts(a=f"Hezbollah said the army {QUOTE}, it said.",
             b="Hezbollah said the army completely secured the Deir az Zor-Palmyra highway after foiling the intense attack on Friday.")
    p = shared_passages(a)
    assert p["text"].tolist() == [f"Hezbollah said the army {QUOTE}"]
    assert p["text_b"].iloc[0].endswith("Deir az Zor-Palmyra highway after foiling the intense attack")
    # without bridging, the passage stops at the name
    assert shared_passages(a, max_gap=0)["text"].tolist() == ["Hezbollah said the army completely secured the Deir"]


def test_reuse_table_shares_and_example():
    body = " ".join(f"word{i}" for i in range(120))
    a = arts(a=body, b="Intro text here. " + body, c="Something else entirely, with no words in common at all.")
    t = reuse_table(a)
    assert tuple(t.columns) == schemas.REUSE.columns
    assert t[["article_a", "article_b"]].values.tolist() == [["a", "b"]]
    text_a = a.set_index("article_id").loc["a", "text"]
    text_b = a.set_index("article_id").loc["b", "text"]
    assert t["shared_chars"].iloc[0] == len(body)
    assert t["share_a"].iloc[0] == round(len(body) / len(text_a), 6)
    assert t["share_b"].iloc[0] == round(len(body) / len(text_b), 6)
    assert len(t["example"].iloc[0]) == 300 and t["example"].iloc[0].endswith("…")


def test_no_reuse_gives_empty_tables():
    a = arts(a="Nothing in common here at all.", b="Completely different words are used in this one.")
    assert shared_passages(a).empty
    assert reuse_table(a).empty and tuple(reuse_table(a).columns) == schemas.REUSE.columns
    assert reuse_table(schemas.ARTICLES.empty()).empty


def test_repeated_text_in_one_article():
    block = "the same block of text is repeated here twice over in the article body"
    a = arts(a=f"{block}. And then: {block}.", b=f"Only once: {block}.")
    p = shared_passages(a)
    assert len(p) == 2  # both copies in A match B's one copy
    t = reuse_table(a)
    assert t["shared_chars"].iloc[0] == 2 * len(block)
    assert t["share_b"].iloc[0] == round(len(block) / len(a.set_index("article_id").loc["b", "text"]), 6)


# ----------------------------------------------------------------------------- changed claims
SENT_A = "The Syrian monitor said the attacks had killed at least 58 fighters from the army and allied forces since Thursday in the desert."
SENT_B = "On Friday the Syrian monitor said the attacks had killed more than 60 fighters from the army and allied forces since Thursday in the desert."


def _claim(articles, art, phrase, cid, count_text, qualifier, low, claimant="SOHR"):
    txt = articles.set_index("article_id").loc[art, "text"]
    start = txt.index(phrase)
    return {"claim_id": cid, "article_id": art, "start": start, "end": start + len(phrase),
            "count_text": count_text, "qualifier": qualifier, "count_low": low, "claimant": claimant}


def test_flag_changed_claims():
    a = arts(a=SENT_A, b=SENT_B)
    p = shared_passages(a)
    assert len(p) == 1 and "at least 58" in p["text"].iloc[0] and "more than 60" in p["text_b"].iloc[0]
    claims = claims_table([
        _claim(a, "a", "killed at least 58 fighters", "ca", "at least 58", "at_least", 58),
        _claim(a, "b", "killed more than 60 fighters", "cb", "more than 60", "more_than", 61),
    ])
    f = flag_changed_claims(p, claims)
    assert f.columns.tolist() == ["claim_id", "article_id", "other_article", "other_claim_id", "change"]
    assert f[["claim_id", "article_id", "other_article", "other_claim_id"]].values.tolist() == [
        ["ca", "a", "b", "cb"], ["cb", "b", "a", "ca"]]
    assert f["change"].iloc[0] == "count at least 58 -> more than 60; qualifier at_least -> more_than"


def test_same_claim_is_not_flagged_and_missing_claim_is():
    a = arts(a=SENT_A, b=SENT_A.replace("The Syrian", "Today the Syrian"))
    p = shared_passages(a)
    same = claims_table([
        _claim(a, "a", "at least 58", "ca", "at least 58", "at_least", 58),
        _claim(a, "b", "at least 58", "cb", "at least 58", "at_least", 58),
    ])
    assert flag_changed_claims(p, same).empty
    other_source = claims_table([
        _claim(a, "a", "at least 58", "ca", "at least 58", "at_least", 58),
        _claim(a, "b", "at least 58", "cb", "at least 58", "at_least", 58, claimant="Hezbollah"),
    ])
    assert flag_changed_claims(p, other_source)["change"].tolist() == [
        "claimant SOHR -> Hezbollah", "claimant Hezbollah -> SOHR"]
    only_a = same[same["article_id"] == "a"]
    f = flag_changed_claims(p, only_a)
    assert f[["claim_id", "article_id", "other_article", "change"]].values.tolist() == [
        ["ca", "a", "b", "no claim in the other copy"]]
    assert f["other_claim_id"].isna().all()
    with pytest.raises(ParameterError):
        flag_changed_claims(p, pd.DataFrame({"claim_id": []}))


# ----------------------------------------------------------------------------- bundled corpus
def test_corpus_hezbollah_quote_shared_by_al_jazeera_and_the_new_arab():
    a = corpus.ingest(config.RAW_DIR).articles
    p = shared_passages(a)
    pair = p[(p["article_a"] == "000_ad9f22b0dfccdb5c") & (p["article_b"] == "001_41a19ee89e8c43ed")]
    quote = pair[pair["text"].str.contains("completely secured the Deir")]
    assert len(quote) == 1
    q = quote.iloc[0]
    # The New Arab: straight quotes, 'Deir al-Zour'; Al Jazeera: curly quotes, 'Deir az Zor'
    assert q["text"] == ("The Syrian army and its allies completely secured the Deir al-Zour-Palmyra "
                         "highway after foiling the intense attack")
    assert q["text_b"] == ("The Syrian army and its allies completely secured the Deir az Zor-Palmyra "
                           "highway after foiling the intense attack")
    texts = a.set_index("article_id")["text"]
    assert texts["000_ad9f22b0dfccdb5c"][q["a_start"] - 1] == '"'
    assert texts["001_41a19ee89e8c43ed"][q["b_start"] - 1] == "“"
    assert pair["text"].str.contains("The highway has become passable for traffic").any()
    t = reuse_table(a)
    row = t[(t["article_a"] == "000_ad9f22b0dfccdb5c") & (t["article_b"] == "001_41a19ee89e8c43ed")]
    assert len(row) == 1 and row["example"].iloc[0] == q["text"]
    assert row["shared_chars"].iloc[0] == sum(pair["a_end"] - pair["a_start"])


# ----------------------------------------------------------------------------- scale and robustness
def test_thousands_of_documents_are_fast():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    wires = [" ".join(rng.choice(vocab) for _ in range(60)) for _ in range(40)]
    texts = {f"d{i:04d}": " ".join(rng.choice(vocab) for _ in range(120)) + ". " + wires[i % 40]
             for i in range(2000)}
    a = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    t0 = time.perf_counter()
    t = reuse_table(a)
    elapsed = time.perf_counter() - t0
    assert elapsed < 30, elapsed
    # every article shares its wire story with the 49 others that carry it
    assert len(t) == 40 * 50 * 49 // 2
    assert (t["example"].str.len() > 0).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab c-’'“”\"\n.é")), max_size=200), min_size=2, max_size=4),
       st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=3))
def test_never_raises_and_passages_are_exact_without_gaps(texts, n, max_gap):
    a = pd.DataFrame({"article_id": [f"x{i}" for i in range(len(texts))], "text": texts})
    p = shared_passages(a, n=n, min_chars=0, max_gap=max_gap)
    t = reuse_table(a, n=n, min_chars=0, max_gap=max_gap)
    assert tuple(t.columns) == schemas.REUSE.columns
    assert t["share_a"].dropna().between(0, 1).all() and t["share_b"].dropna().between(0, 1).all()
    by_id = dict(zip(a["article_id"], texts))
    for r in p.itertuples():
        assert by_id[r.article_a][r.a_start:r.a_end] == r.text
        if max_gap == 0:
            assert tokenize(r.text).words == tokenize(r.text_b).words
            assert len(tokenize(r.text).words) >= n


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=40),
       st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=40),
       st.integers(min_value=1, max_value=5))
def test_coverage_equals_brute_force(words_a, words_b, n):
    """Without gap bridging, the words of A inside passages are exactly the words of A's
    n-grams that also occur in B."""
    ta, tb = " ".join(words_a), " ".join(words_b)
    grams_b = {tuple(words_b[i:i + n]) for i in range(len(words_b) - n + 1)}
    expected = set()
    for i in range(len(words_a) - n + 1):
        if tuple(words_a[i:i + n]) in grams_b:
            expected.update(range(i, i + n))
    p = shared_passages(pd.DataFrame({"article_id": ["a", "b"], "text": [ta, tb]}), n=n, min_chars=0, max_gap=0)
    tok = tokenize(ta)
    covered = {i for i, s in enumerate(tok.starts) for r in p.itertuples() if r.a_start <= s < r.a_end}
    assert covered == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=3))
def test_never_raises_on_arbitrary_text(texts):
    a = pd.DataFrame({"article_id": [f"x{i}" for i in range(len(texts))], "text": texts})
    t = reuse_table(a, n=2, min_chars=0)
    assert tuple(t.columns) == schemas.REUSE.columns
