import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from newslib import schemas
from newslib.extract.claims import claims_from_text


def one(text, **kw):
    c = claims_from_text(text, **kw)
    assert len(c) == 1, c[["count_text", "kind", "quote"]]
    return c.iloc[0]


def test_acceptance_figures_on_bundled_corpus(seed_claims):
    """Issue 2: the claims table lists the figures of the five articles."""
    got = set(zip(seed_claims["article_id"].str[:3], seed_claims["count_text"].str.lower()))
    for aid, text in [("000", "around 120"), ("002", "58"), ("002", "at least 58"), ("001", "more than 58"),
                      ("001", "around 100"), ("003", "45"), ("003", "50"), ("003", "more than 150"), ("004", "more than 150"),
                      ("004", "around 40"), ("004", "130"), ("003", "dozens"), ("004", "dozens"), ("000", "scores"), ("002", "scores")]:
        assert (aid, text) in got, (aid, text)
    assert seed_claims["outlet"].notna().all() and seed_claims["quote"].notna().all()
    schemas.CLAIMS.validate(seed_claims)


def test_claim_spans_point_into_text(articles, seed_claims):
    texts = dict(zip(articles.article_id, articles.text))
    for r in seed_claims.itertuples():
        assert r.count_text in texts[r.article_id][r.start:r.end]
        assert texts[r.article_id][r.start:r.end] in r.quote


def test_claim_ids_stable(articles, sentences, seed_claims):
    from newslib.extract.claims import extract_claims

    again = extract_claims(articles, sentences)
    pd.testing.assert_frame_equal(seed_claims, again)
    assert seed_claims["claim_id"].is_unique


def test_seed_attributes(seed_claims):
    c = seed_claims.assign(a=seed_claims.article_id.str[:3]).set_index(["a", "count_text"])
    r = c.loc[("004", "130")]
    assert (r["qualifier"], r["victim_side"], r["perpetrator"]) == ("approximate", "civilians", "Islamic State")
    assert c.loc[("001", "around 100"), "claimant"] == "Islamic State"
    assert bool(c.loc[("001", "around 100"), "party_claim_about_enemy"])
    assert c.loc[("001", "more than 58"), "claimant"] == "Syrian Observatory for Human Rights"
    assert c.loc[("002", "58"), "claimant"] == "Syrian Observatory for Human Rights"  # headline ': Monitor'
    assert c.loc[("003", "45"), "claimant"] == "Russian correspondent"
    assert c.loc[("003", "50"), "claimant"] == "Failaq al-Rahman"
    assert c.loc[("003", "more than 150"), "place"] == "Idlib"
    assert c.loc[("003", "two"), "kind"] == "captured"


def test_voices_and_kinds():
    assert one("IS killed 58 soldiers.")["count_low"] == 58
    assert one("58 soldiers were killed.")["count_low"] == 58
    c = claims_from_text("One person was killed and 23 were wounded in the attack.")
    assert list(zip(c["kind"], c["count_low"])) == [("killed", 1), ("wounded", 23)]
    c = claims_from_text("The bombing killed 12 people and injured 30 others.")
    assert list(zip(c["kind"], c["count_low"])) == [("killed", 12), ("wounded", 30)]
    assert one("Gunmen kidnapped three aid workers.")["kind"] == "captured"
    assert one("The seven crew members died.")["count_low"] == 7


def test_coordination_distributes_qualifier():
    c = claims_from_text("Around 40 troops and 130 civilians were murdered by IS.")
    assert list(zip(c["count_low"], c["qualifier"])) == [(40, "approximate"), (130, "approximate")]


def test_subsets():
    c = claims_from_text("The strikes killed 128 members of the militias at least, including 50 non-Syrians, including 20 Hezbollah fighters.")
    assert list(c["count_low"]) == [128, 50, 20]
    assert c.iloc[0]["qualifier"] == "at_least"
    assert c.iloc[1]["subset_of"] == c.iloc[0]["claim_id"] == c.iloc[2]["subset_of"]


@pytest.mark.parametrize("text", [
    "Russia built two pontoon bridges.", "There were five air raids on three hospitals.",
    "Rebels detonated two tunnel bombs.", "The 104th Airborne Brigade was deployed.",
    "Fighting lasted 24 hours.", "A 46-minute recording was released.", "It gave no details on the number of people killed.",
])
def test_not_claims(text):
    assert claims_from_text(text).empty


def test_unattributed_claimant_is_outlet():
    r = one("Five soldiers were killed.", outlet="Wire")
    assert (r["claimant"], r["claimant_type"]) == ("Wire", "outlet")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_extraction_never_raises_and_spans_hold(s):
    c = claims_from_text(s)
    from newslib.read import corpus

    cleaned = corpus.clean_text(s).text
    for r in c.itertuples():
        assert r.count_text in cleaned[r.start:r.end]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5000), st.sampled_from(["killed", "wounded", "injured"]), st.sampled_from(["soldiers", "civilians", "people"]))
def test_any_number_is_read(n, verb, noun):
    r = one(f"The attack {verb} {n:,} {noun}.")
    assert r["count_low"] == n


def test_statement_date_only_bounds_the_claim():
    """'IS said on Thursday it had killed 100': Thursday dates the statement; the killing is on or before it."""
    c = claims_from_text("Title\n\nIS said on Thursday it had killed around 100 soldiers.", published="2017-09-29")
    row = c.iloc[0]
    assert pd.isna(row["event_date"]) and str(row["event_date_end"].date()) == "2017-09-28"
    c = claims_from_text("Title\n\nOn Wednesday 12 soldiers were killed, the army said on Friday.", published="2017-09-29")
    assert str(c.iloc[0]["event_date"].date()) == "2017-09-27"


def test_a_date_in_the_reporting_clause_dates_the_report():
    """A day before the reporting verb dates what was said ('Outlets today published reports on
    the massacre of 700'), unless a figure's clause precedes the verb and owns the day."""
    c = claims_from_text("Title\n\nOn Friday, the monitor said 12 soldiers were killed in the town.",
                         published="2017-09-30")
    assert pd.isna(c.iloc[0]["event_date"]) and str(c.iloc[0]["event_date_end"].date()) == "2017-09-29"
    c = claims_from_text("Title\n\nSeveral newspapers today published reports on the killing of more than 70 "
                         "villagers in the valley.", published="2017-09-30")
    assert pd.isna(c.iloc[0]["event_date"]) and str(c.iloc[0]["event_date_end"].date()) == "2017-09-30"
    c = claims_from_text("Title\n\nTen soldiers were killed on Friday, the monitor said, adding that five "
                         "civilians were wounded.", published="2017-09-30")
    assert [str(d.date()) for d in c["event_date"]] == ["2017-09-29", "2017-09-29"]


def test_a_date_after_as_of_ends_a_running_count():
    c = claims_from_text("Title\n\nThe ministry said there were 773 bodies in the morgues as of January 30.",
                         published="2025-02-01")
    assert pd.isna(c.iloc[0]["event_date"]) and str(c.iloc[0]["event_date_end"].date()) == "2025-01-30"
    c = claims_from_text("Title\n\nTwelve people were killed by Tuesday's airstrike.", published="2025-02-01")
    assert str(c.iloc[0]["event_date"].date()) == "2025-01-28"


def test_among_the_dead():
    assert claims_from_text("Three policemen were among the dead.")["count_low"].tolist() == [3]
    assert claims_from_text("Among the dead were five schoolgirls.")["victim_side"].tolist() == ["civilians"]


# ----------------------------------------------------------------------------- fast paths keep the results
import re  # noqa: E402

from newslib import lexicons  # noqa: E402
from newslib.extract import claims as claimsmod  # noqa: E402
from newslib.language import document, text as textmod  # noqa: E402

_PIECES = st.sampled_from([
    "IS", "Isis", "ISIS", "killed", "KILLED", "Killed", "death", "toll", "death toll", "death\ntoll", "shot", "dead",
    "wounded", "lost their lives", "the Observatory", "SOHR", "said", "SAID", "according to", "Citing", "he said",
    "They claimed", "in Raqqa", "near Deir ez-Zor", "Aleppo", "regime", "troops", "58", "-", "_", ".", ",", ";", ":",
    "\n", "  ", "'", "’", "é", "ſ", "K", "Damascus-based", "anti-regime", "re-killed", "and", "that", "but", "as",
    "outside", "around", "at", "Al-Bab", "the group", "monitor", "Hezbollah", "civilians", "in the town of Palmyra",
    "\x1c", "\x1f", "\t",
])
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=16).map(" ".join),
                   st.lists(_PIECES, max_size=16).map("".join))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_sentence_harm_spans_equal_a_scan_of_the_sentence(t):
    """Harm spans taken from the whole text are those a scan of each sentence finds."""
    spans = claimsmod._harm_spans(t)
    for sent in textmod.split_sentences(t, has_headline=False):
        assert claimsmod._sentence_harm_spans(t, spans, sent) == claimsmod._harm_spans(sent.text)


@pytest.mark.parametrize("t", ["The death\ntoll rose. Five killed.", "Re-killed 5. -killed 3", "x_killed. killed_x",
                               "Five were killed\ndead on arrival.", "“Five killed.”-- 3 dead."])
def test_sentence_harm_spans_edge_cases(t):
    test_sentence_harm_spans_equal_a_scan_of_the_sentence.hypothesis.inner_test(t)


def _caseless_patterns():
    out = [claimsmod._harm_re()[0], claimsmod._attrib_re(), claimsmod._ACCORDING]
    out += [lexicons.alias_matcher(n)._re_ci for n in ("actors", "claimants", "gazetteer")]
    return out


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_caseless_patterns_find_what_ignorecase_finds(t):
    """lexicons.Caseless scans ASCII text lower-cased with a case-sensitive copy: same spans."""
    for rx in _caseless_patterns():
        assert rx.cs is not None  # the bundled patterns all allow it
        expected = [m.span() for m in rx.ci.finditer(t)]
        assert [m.span() for m in rx.finditer(t)] == expected
        if rx.folds(t):  # ASCII (and none of \x1c-\x1f, which re.ASCII would not read as space)
            assert [m.span() for m in rx.cs.finditer(t.lower())] == expected


def test_ascii_foldable_refuses_what_would_change():
    assert lexicons.ascii_foldable(r"(?<![\w-])kill(?:ed|ing)\b")
    for p in (r"GMT", r"[A-Z]x", r"\u017f", r"(?-i:x)", r"(a)\1", r"[\u00c0-\u024f]", r"(?x) a"):
        assert not lexicons.ascii_foldable(p), p


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["IS", "ISIS", "SDF", "UN", "x", "-", "_", " ", "é", "’IS", "'UN"]), max_size=10).map("".join))
def test_not_after_equals_a_leading_lookbehind(t):
    phrases = ["IS", "ISIS", "ISIL", "SDF", "UN", "'UN"]
    lead = re.compile(rf"(?<![\w\-])(?:{lexicons.phrase_pattern(phrases, lower=False)})(?![\w])")
    alt = lexicons.phrase_pattern(phrases, lower=False, not_after=r"[\w\-]")
    moved = re.compile(rf"(?:{alt})(?![\w])")
    assert [m.span() for m in moved.finditer(t)] == [m.span() for m in lead.finditer(t)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_rewritten_patterns_equal_their_plain_forms(t):
    fast_place = claimsmod._place_text_re()  # its prepositions from place_words.csv, place_guess_preposition
    preps = "|".join(sorted(lexicons.words("place_guess_preposition"), key=lambda w: (-len(w), w)))
    # a preposition is a word of its own, not the end of one after an apostrophe ("Jama'at")
    place = re.compile(rf"(?<![\w'’])(?:{preps})\s+" + fast_place.pattern.split(r")\s+", 1)[1])
    clause = re.compile(r"[,;:]|\b(?:that|and|while|as|but|who|which)\b")
    for fast, plain in ((fast_place, place), (claimsmod._CLAUSE_BREAK_RE, clause)):
        assert [(m.span(), m.groups()) for m in fast.finditer(t)] == [(m.span(), m.groups()) for m in plain.finditer(t)]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_tokens_are_those_of_the_token_pattern(t):
    toks = document.Tokens(t)  # the tokens claims read (language.document)
    ms = list(document.TOKEN_RE.finditer(t))
    assert toks.start == [m.start() for m in ms] and toks.end == [m.end() for m in ms]
    assert toks.low == [m.group().lower() for m in ms] and len(toks) == toks.n == len(ms)


def test_alias_matcher_memo_returns_fresh_equal_lists():
    m = lexicons.alias_matcher("actors")
    a = m.find("IS fighters attacked regime troops")
    b = m.find("IS fighters attacked regime troops")
    assert a == b and a is not b and a == m._find("IS fighters attacked regime troops")


def test_caseless_sends_information_separators_to_the_unicode_pattern():
    rx = lexicons.Caseless(r"killed\s+\w+")
    t = "Five KILLED\x1cthere"
    assert not rx.folds(t) and rx.folds("Five killed there")
    assert [m.span() for m in rx.finditer(t)] == [m.span() for m in rx.ci.finditer(t)] == [(5, 17)]
