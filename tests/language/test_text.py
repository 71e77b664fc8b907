from hypothesis import given, settings, strategies as st

from newslib.language import text


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


# ----------------------------------------------------------------------------- split_sentences' Punkt shortcuts
_PIECES = st.sampled_from([
    "Five died.", "Gen. Smith said", "U.S.", "killed", "58", "Sept. 26", "(AFP)", "[1]", '"We won."', "he said.",
    "Mr.", "No.", "Dr. Who", "a.m.", "...", "!", "?", "It's over!", "'quoted.'", "(Sent1.)", "--", ";", ":", "“Yes.”",
    "The", "army", "e.g.", "3.5", "No. 5", "St. Petersburg", "etc.", "\t", "  ", "Al-Bab.", "Jan.", "ISIS.", "'",
])
_LINES = st.one_of(st.text(alphabet=st.characters(blacklist_characters="\n")),
                   st.lists(_PIECES, max_size=14).map(" ".join), st.lists(_PIECES, max_size=14).map("".join))


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_line_tokenizer_gives_punkts_spans(line):
    """The shortcuts of the tokenizer split_sentences uses (no-candidate lines, remembered
    decisions) change no span: same as the plain Punkt tokenizer, twice in a row."""
    plain, fast = text.tokenizer(), text._line_tokenizer()
    for realign in (True, False):
        expected = list(plain.span_tokenize(line, realign_boundaries=realign))
        assert list(fast.span_tokenize(line, realign_boundaries=realign)) == expected
        assert list(fast.span_tokenize(line, realign_boundaries=realign)) == expected


def test_line_tokenizer_on_corpus(articles):
    plain, fast = text.tokenizer(), text._line_tokenizer()
    for t in articles["text"]:
        for line in t.split("\n"):
            assert list(fast.span_tokenize(line)) == list(plain.span_tokenize(line))


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_end_chars_match_end_punct_pattern(line):
    if line.strip():
        assert (line.rstrip()[-1] in text._END_CHARS) == bool(text._END_PUNCT.search(line))


def _quote_spans_plain(t: str) -> list[tuple[int, int]]:
    """quote_spans as first written: the closer searched to the end of the text."""
    spans, i, n = [], 0, len(t)
    closers = {"“": "”", '"': '"', "«": "»"}
    while True:
        opens = [k for k in range(i, n) if t[k] in closers]
        if not opens:
            return spans
        i = opens[0]
        j = t.find(closers[t[i]], i + 1)
        para_end = t.find("\n", i + 1)
        para_end = n if para_end == -1 else para_end
        if j == -1 or j > para_end:
            spans.append((i, para_end))
            i = para_end
        else:
            spans.append((i, j + 1))
            i = j + 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['"', "“", "”", "«", "»", "\n", "a", " ", "b."]), max_size=60).map("".join))
def test_quote_spans_same_as_plain_scan(t):
    # the closer is looked for within the paragraph only (an unclosed quote of a long one-paragraph
    # article is not followed to its end); the spans are those of a search to the end of the text
    assert text.quote_spans(t) == _quote_spans_plain(t)


def test_unclosed_quote_runs_to_paragraph_end_in_long_text():
    t = "“Unclosed here\n" + "plain sentence. " * 2000 + "a ” closer far away"
    assert text.quote_spans(t)[0] == (0, t.index("\n"))
