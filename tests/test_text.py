from hypothesis import given, settings, strategies as st

from newslib import text


def test_abbreviations_do_not_split():
    s = text.split_sentences("Head\n\nLt. Gen. Smith of the U.S. Army met on Sept. 26 with officials. They agreed.")
    assert [x.text for x in s] == ["Head", "Lt. Gen. Smith of the U.S. Army met on Sept. 26 with officials.", "They agreed."]


def test_headline_and_subheading_are_own_sentences():
    s = text.split_sentences("A headline without stop\n\nBody sentence one. Body two.\n\nDeadly attacks\n\nMore body.")
    assert s[0].is_headline and s[0].text == "A headline without stop"
    assert [x.text for x in s if x.is_heading] == ["Deadly attacks"]


def test_offsets_match_text(articles, sentences):
    texts = dict(zip(articles.article_id, articles.text))
    for r in sentences.itertuples():
        assert texts[r.article_id][r.start:r.end] == r.text


def test_quote_spans():
    t = 'He said "we won" and “they lost”.'
    assert [t[a:b] for a, b in text.quote_spans(t)] == ['"we won"', "“they lost”"]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_sentences_never_raise_and_offsets_valid(s):
    for x in text.split_sentences(s):
        assert s[x.start:x.end] == x.text and x.text.strip() == x.text
