"""Text reuse between articles (newslib.reuse)."""
from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslib import config, schemas
from newslib.read import corpus
from newslib.errors import ParameterError
from newslib.analyse.reuse import flag_changed_claims, reuse_table, shared_passages, tokenize


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


# ----------------------------------------------------------------------------- exact copies
WIRE = ("The Syrian army and its allies completely secured the Deir al-Zour-Palmyra highway after "
        "foiling the intense attack by militants on Friday night")


def test_copies_are_paired_with_the_smallest_id_only():
    # same normalised words: case, curly quotes and dashes do not matter
    variant = WIRE.upper().replace("-", "—")
    a = pd.DataFrame({"article_id": ["w3", "w1", "w2", "w4"], "text": [WIRE, variant, WIRE, WIRE]})
    p = shared_passages(a)
    assert p[["article_a", "article_b"]].values.tolist() == [["w1", "w2"], ["w1", "w3"], ["w1", "w4"]]
    by_id = dict(zip(a["article_id"], a["text"]))
    for r in p.itertuples():  # one passage covering the whole text on both sides
        assert (r.a_start, r.a_end) == (0, len(WIRE)) and (r.b_start, r.b_end) == (0, len(WIRE))
        assert r.text == by_id["w1"] and r.text_b == by_id[r.article_b]
    t = reuse_table(a)
    assert t[["article_a", "article_b"]].values.tolist() == [["w1", "w2"], ["w1", "w3"], ["w1", "w4"]]
    assert (t["share_a"] == 1.0).all() and (t["share_b"] == 1.0).all()
    assert (t["shared_chars"] == len(WIRE)).all()


#: invented wording (no article's)
FERRY = ("A ferry carrying grain sacks ran aground near the estuary at dawn and the crew waded ashore "
         "while fishermen towed the cargo to the old pier")


def test_copies_are_paired_with_the_earliest_published_member():
    """The original of a copy group is the copy published first (ties: the smaller id), as
    for near-copies: the copy the others took it from, not the smallest id."""
    variant = FERRY.upper()
    a = pd.DataFrame({"article_id": ["f1", "f2", "f3", "f4", "g"],
                      "text": [FERRY, variant, FERRY, FERRY, f"Officials said that {FERRY[2:]} yesterday."],
                      "published": ["2024-06-05", "2024-06-02", "2024-06-02", None, "2024-06-03"]})
    p = shared_passages(a)
    # f2 (June 2, before f3 of the same day by id) is the original; article_a stays the smaller id
    assert p[["article_a", "article_b"]].values.tolist() == [["f1", "f2"], ["f2", "f3"], ["f2", "f4"], ["f2", "g"]]
    by_id = dict(zip(a["article_id"], a["text"]))
    for r in p.itertuples():  # each side's own wording and offsets
        assert r.text == by_id[r.article_a][r.a_start:r.a_end] and r.text_b == by_id[r.article_b][r.b_start:r.b_end]
    t = reuse_table(a)
    assert t[["article_a", "article_b"]].values.tolist() == [["f1", "f2"], ["f2", "f3"], ["f2", "f4"], ["f2", "g"]]
    # the example is cut from A, here a copy (f1) whose original has a larger id
    assert t["example"].iloc[0] == FERRY
    assert t["example"].iloc[1] == variant
    # without dates, the smallest id
    t = reuse_table(a.drop(columns="published"))
    assert t[["article_a", "article_b"]].values.tolist() == [["f1", "f2"], ["f1", "f3"], ["f1", "f4"], ["f1", "g"]]
    # the copies' passages in chunks equal the whole table's
    pd.testing.assert_frame_equal(pd.concat(list(reuse_table(a, chunk_rows=1).chunks()), ignore_index=True),
                                  reuse_table(a))


@pytest.mark.parametrize("rows", [1, 2, 5])
def test_reuse_table_in_chunks_has_the_same_rows(rows):
    """``chunk_rows``: the same table, a chunk at a time, with the example cut per chunk."""
    body = " ".join(f"word{i}" for i in range(60))
    a = pd.DataFrame({"article_id": ["w3", "w1", "w2", "w4", "x"], "text": [WIRE, WIRE, WIRE, WIRE, "Intro. " + body]})
    a = pd.concat([a, pd.DataFrame({"article_id": ["y"], "text": [body + " Outro."]})], ignore_index=True)
    whole = reuse_table(a)
    chunked = reuse_table(a, chunk_rows=rows)
    assert len(chunked) == len(whole) == 4
    parts = list(chunked.chunks())
    assert [len(p) for p in parts] == [min(rows, len(whole) - lo) for lo in range(0, len(whole), rows)]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)


def test_two_identical_articles_give_one_whole_text_passage():
    a = pd.DataFrame({"article_id": ["b", "a"], "text": [f"“{WIRE}.”", f'"{WIRE}."']})
    p = shared_passages(a)
    assert p[["article_a", "article_b", "a_start", "a_end", "b_start", "b_end"]].values.tolist() == [
        ["a", "b", 1, 1 + len(WIRE), 1, 1 + len(WIRE)]]
    # like any passage, a copy's needs n words and min_chars characters
    assert shared_passages(a, min_chars=len(WIRE) + 1).empty
    short = pd.DataFrame({"article_id": ["a", "b"], "text": ["four words only here"] * 2})
    assert shared_passages(short, n=5, min_chars=0).empty
    assert len(shared_passages(short, n=4, min_chars=0)) == 1
    # empty texts are not copies of each other
    assert shared_passages(pd.DataFrame({"article_id": ["a", "b"], "text": ["", "..."]}), n=1, min_chars=0).empty


def test_an_article_sharing_text_with_copies_is_paired_with_the_original_only():
    other = f"Officials said that {WIRE[4:]} and then withdrew."
    a = pd.DataFrame({"article_id": ["c2", "c0", "c1", "x"], "text": [WIRE, WIRE, WIRE, other]})
    p = shared_passages(a)
    assert p[["article_a", "article_b"]].values.tolist() == [["c0", "c1"], ["c0", "c2"], ["c0", "x"]]
    quote = p[p["article_b"] == "x"].iloc[0]
    assert quote["text"] == WIRE[4:]
    # the original's pair with x is what two articles alone give
    alone = shared_passages(a[a["article_id"].isin(["c0", "x"])])
    pd.testing.assert_frame_equal(p[p["article_b"] == "x"].reset_index(drop=True), alone)
    t = reuse_table(a)
    assert t[["article_a", "article_b"]].values.tolist() == [["c0", "c1"], ["c0", "c2"], ["c0", "x"]]


def test_boilerplate_limit_counts_distinct_texts():
    # a shingle in 5 copies of one text and in one other article is in 2 distinct texts
    other = f"Officials said that {WIRE[4:]}"
    a = pd.DataFrame({"article_id": [f"c{i}" for i in range(5)] + ["x"], "text": [WIRE] * 5 + [other]})
    p = shared_passages(a, max_docs_per_shingle=2)
    assert p[["article_a", "article_b"]].values.tolist() == [["c0", f"c{i}"] for i in range(1, 5)] + [["c0", "x"]]
    # with a third distinct text carrying the passage, it is boilerplate for the limit of 2
    b = pd.concat([a, pd.DataFrame({"article_id": ["y"], "text": [f"Yesterday {WIRE[4:]}"]})], ignore_index=True)
    assert shared_passages(b, max_docs_per_shingle=2)["article_b"].tolist() == [f"c{i}" for i in range(1, 5)]


def test_near_copies_are_paired_with_the_earliest_source():
    # one word differs in each: no exact copies; each shared shingle pairs its later texts with
    # the earliest text holding it (no dates: the smallest id), never the later texts together
    texts = [WIRE, WIRE.replace("Friday", "Saturday"), WIRE.replace("intense", "fierce"), WIRE + " too"]
    a = pd.DataFrame({"article_id": ["d", "c", "b", "a"], "text": texts})
    p = shared_passages(a)
    pairs = [["a", "b"], ["a", "c"], ["a", "d"]]
    assert p[["article_a", "article_b"]].drop_duplicates().values.tolist() == pairs
    assert reuse_table(a)[["article_a", "article_b"]].values.tolist() == pairs
    by_id = dict(zip(a["article_id"], texts))
    for r in p.itertuples():
        assert by_id[r.article_a][r.a_start:r.a_end] == r.text and by_id[r.article_b][r.b_start:r.b_end] == r.text_b
    # d and a differ only by the trailing word: one passage, the whole of d
    da = p[(p["article_a"] == "a") & (p["article_b"] == "d")]
    assert da[["a_start", "a_end", "b_start", "b_end"]].values.tolist() == [[0, len(WIRE), 0, len(WIRE)]]
    # with publication dates the earliest published is the source, whatever its id; an
    # article without a date comes after every dated one
    dated = a.assign(published=pd.to_datetime(["2024-06-01", "2024-06-03", None, "2024-06-02"]))
    assert shared_passages(dated)[["article_a", "article_b"]].values.tolist() == [["a", "d"], ["b", "d"], ["c", "d"]]
    # the dates may come apart from the texts (the pipeline passes the articles' metadata)
    t = reuse_table(a, dates=dated[["article_id", "published"]])
    assert t[["article_a", "article_b"]].values.tolist() == [["a", "d"], ["b", "d"], ["c", "d"]]
    # b (without "intense") is the earliest: the source of every shingle it has; a, the next,
    # is the source of those with "intense", which c and d share with it
    b_first = dated.assign(published=pd.to_datetime([None, "2024-06-03", "2024-06-01", "2024-06-02"]))
    assert shared_passages(b_first)[["article_a", "article_b"]].drop_duplicates().values.tolist() == [
        ["a", "b"], ["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"]]


@pytest.mark.parametrize("copies", [5, 40])
def test_reuse_rows_grow_linearly_with_near_copies_of_one_story(copies):
    """Each near-copy (its own casualty figure) is paired with the earliest copy only:
    ``copies - 1`` rows and passages, where pairing every copy with every other gave
    ``copies * (copies - 1) / 2``."""
    texts = [f"{WIRE}. At least {100 + i} people were killed in the attack on the highway, the monitor "
             f"said on Saturday." for i in range(copies)]
    ids = [f"copy{i:03d}" for i in range(copies)]
    a = pd.DataFrame({"article_id": ids, "text": texts,
                      "published": pd.to_datetime("2024-06-01") + pd.to_timedelta(range(copies), unit="h")})
    p = shared_passages(a)
    assert p[["article_a", "article_b"]].values.tolist() == [["copy000", b] for b in ids[1:]]
    t = reuse_table(a)
    assert t[["article_a", "article_b"]].values.tolist() == [["copy000", b] for b in ids[1:]]
    # published in reverse order: the last id is the earliest copy, and the source of all
    rev = a.assign(published=a["published"].iloc[::-1].to_numpy())
    q = shared_passages(rev)
    assert q[["article_a", "article_b"]].values.tolist() == [[x, ids[-1]] for x in ids[:-1]]
    # a word swapped in every third copy and every other third ("militants"): those pair with the
    # earliest copy of their own wording too, still one or two rows per copy
    swaps = ("militants", "fighters", "gunmen")
    b = a.assign(text=[t.replace("militants", swaps[i % 3]) for i, t in enumerate(texts)])
    pairs = shared_passages(b)[["article_a", "article_b"]].drop_duplicates().values.tolist()
    expected = sorted([["copy000", x] for x in ids[1:]] + [[ids[i % 3], ids[i]] for i in range(3, copies) if i % 3])
    assert pairs == expected and len(pairs) < 2 * copies


def test_a_passage_only_later_articles_share_pairs_them():
    # x (earliest) and y, z share the wire; y and z also share a quotation x does not have
    quote = "the commander told reporters that the road would stay closed for several more days"
    x = WIRE
    y = f"{WIRE}. Meanwhile, in other news entirely unrelated, {quote}."
    z = f"{WIRE}. By contrast a different sentence stands here before it: {quote}."
    a = pd.DataFrame({"article_id": ["x", "y", "z"], "text": [x, y, z]})
    p = shared_passages(a)
    assert p[["article_a", "article_b"]].values.tolist() == [["x", "y"], ["x", "z"], ["y", "z"]]
    assert p["text"].tolist() == [WIRE, WIRE, quote]


def _source_pairs(texts: list[str], order: list[int], n: int) -> set[tuple[int, int]]:
    """Reference: for every shingle, the pairs (earliest text holding it, each later text)."""
    grams = [{tuple(w[i:i + n]) for i in range(len(w) - n + 1)} for w in (tokenize(t).words for t in texts)]
    pairs = set()
    for g in set().union(*grams):
        holders = sorted((order[i], i) for i in range(len(texts)) if g in grams[i])
        pairs |= {tuple(sorted((holders[0][1], j))) for _, j in holders[1:]}
    return pairs


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=0, max_size=14), min_size=2, max_size=6),
       st.randoms(use_true_random=False), st.integers(min_value=1, max_value=3), st.integers(min_value=0, max_value=2))
def test_pairs_are_each_shingles_earliest_text_and_the_later_ones(words, rnd, n, max_gap):
    """The pairs listed are exactly, over every shingle, its earliest text (publication date,
    then id) with each later text holding it: a reference that looks at every shingle."""
    texts = [" ".join(w) for w in words]
    keys = [tokenize(t).words for t in texts]
    if len(set(keys)) < len(keys):
        return  # exact copies follow their own rule (paired with the smallest id)
    days = [rnd.randrange(4) for _ in texts]
    ids = [f"t{i}" for i in range(len(texts))]
    a = pd.DataFrame({"article_id": ids, "text": texts,
                      "published": pd.to_datetime("2024-06-01") + pd.to_timedelta(days, unit="D")})
    p = shared_passages(a, n=n, min_chars=0, max_gap=max_gap, max_docs_per_shingle=None)
    got = {(int(x[1:]), int(y[1:])) for x, y in zip(p["article_a"], p["article_b"])}
    order = sorted(range(len(texts)), key=lambda i: (days[i], ids[i]))
    assert got == _source_pairs(texts, [order.index(i) for i in range(len(texts))], n)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab c-’'.")), max_size=60), min_size=1, max_size=4),
       st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=8),
       st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=3))
def test_copies_inherit_their_originals_pairs(texts, picks, n, max_gap):
    """Adding exact copies of articles adds one row per copy and changes nothing else."""
    base = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "text": texts})
    # drop articles that are already copies of an earlier one
    keys = [tokenize(t).words for t in texts]
    base = base[[not k or k not in keys[:i] for i, k in enumerate(keys)]]
    copies = [(f"b{j}", i) for j, i in enumerate(picks) if f"a{i}" in set(base["article_id"])]
    by_id = dict(zip(base["article_id"], base["text"]))
    full = pd.concat([base, pd.DataFrame({"article_id": [c for c, _ in copies],
                                          "text": [by_id[f"a{i}"] for _, i in copies]})], ignore_index=True)
    kw = dict(n=n, min_chars=0, max_gap=max_gap, max_docs_per_shingle=None)
    p_base, p_full = shared_passages(base, **kw), shared_passages(full, **kw)
    is_copy = p_full["article_b"].str.startswith("b")
    pd.testing.assert_frame_equal(p_full[~is_copy].reset_index(drop=True), p_base)
    expected = sorted((f"a{i}", c) for c, i in copies if len(keys[i]) >= n)
    assert sorted(zip(p_full.loc[is_copy, "article_a"], p_full.loc[is_copy, "article_b"])) == expected
    for r in p_full[is_copy].itertuples():
        tk = tokenize(by_id[r.article_a])
        assert (r.a_start, r.a_end) == (tk.starts[0], tk.ends[-1]) == (r.b_start, r.b_end)


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
def test_thousands_of_documents_pair_with_the_earliest_carrier():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    wires = [" ".join(rng.choice(vocab) for _ in range(60)) for _ in range(40)]
    # each article's own words end with a word of its own, so two later carriers never share a
    # shingle their earliest carrier lacks (a shared last word would pair them too)
    texts = {f"d{i:04d}": " ".join(rng.choice(vocab) for _ in range(120)) + f" own{i}. " + wires[i % 40]
             for i in range(2000)}
    a = pd.DataFrame({"article_id": list(texts), "text": list(texts.values())})
    t = reuse_table(a)
    # every article shares its wire story with the earliest of the 50 that carry it (no dates:
    # the smallest id), not with the 49 others: 40 x 49 rows, not 40 x 50 x 49 / 2
    assert len(t) == 40 * 49
    assert sorted(zip(t["article_a"], t["article_b"])) == sorted((f"d{i % 40:04d}", f"d{i:04d}") for i in range(40, 2000))
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
