"""Fast paths against the plain ones: each shortcut taken for speed gives what the plain
computation gives (speed itself is measured in bench/dense.py, never asserted here)."""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from newslib import config, lexicons, schemas
from newslib.extract import claims, events
from newslib.language import dates, text
from newslib.read import corpus

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / ".devcorpus"


def _corpora():
    out = [config.RAW_DIR]
    if DEV.is_dir():
        out += sorted(p for p in DEV.iterdir() if p.is_dir())
    return out


@pytest.fixture(scope="module", params=_corpora(), ids=lambda p: p.name)
def arts(request):
    return corpus.ingest(request.param).articles


# ----------------------------------------------------------------------------- shared article contexts
def test_events_with_the_claims_contexts_equal_events_on_their_own(arts):
    sents = text.sentences_table(arts)
    contexts: dict = {}
    cl = claims.extract_claims(arts, sents, contexts)
    assert contexts, "claims made no context to share"
    pd.testing.assert_frame_equal(claims.extract_claims(arts, sents), cl)
    shared = events.events_table(arts, sents, cl, contexts)
    alone = events.events_table(arts, sents, cl)
    pd.testing.assert_frame_equal(shared, alone)
    assert len(contexts) == int(arts["text"].str.strip().str.len().gt(0).sum())  # events added the rest
    pd.testing.assert_frame_equal(dates.time_expressions_table(arts, sents, contexts),
                                  dates.time_expressions_table(arts, sents))


def test_events_of_one_article_without_a_context():
    arts = corpus.build([corpus.Document("a", "x", "Title\n\nTroops recaptured Palmyra on Friday, a monitor said.",
                                         published="2017-09-29")]).articles
    rows = events.article_events(arts.iloc[0].to_dict(), None, None)
    assert [(r["event_type"], r["date_text"]) for r in rows] == [("capture", "Friday")]


# ----------------------------------------------------------------------------- the timeline merge
def _plain_merge(evs, days, km):
    """The merge rule as first written: each event joins the first row all of whose members
    it is compatible with (every row, every member compared)."""
    clusters: list[list] = []
    for e in evs:
        home = next((c for c in clusters if all(events._compatible(e, m, days, km) for m in c)), None)
        if home is None:
            clusters.append([e])
        else:
            home.append(e)
    return clusters


PLACES = [None, "Sukhna", "Palmyra-Deir ez-Zor highway", "Homs Province", "Idlib", "Palmyra", "Deir ez-Zor"]
ACTORS = ["", "Islamic State", "Syrian government", "Islamic State; Syrian government", "Rebel factions"]


@st.composite
def _events(draw):
    n = draw(st.integers(1, 40))
    rows = []
    for i in range(n):
        day = draw(st.integers(1, 12))
        span = draw(st.sampled_from([0, 0, 0, 1, 3]))
        etype = draw(st.sampled_from(["attack", "attack", "statement", "capture"]))
        rows.append(events._Ev(
            f"e{i:03d}", f"a{i % 7}", f"Outlet {i % 3}", etype, draw(st.sampled_from(PLACES)), "sentence", None, None,
            frozenset(a for a in draw(st.sampled_from(ACTORS)).split("; ") if a),
            draw(st.sampled_from(["monitor", "ministry", None])),
            pd.Timestamp(2017, 9, day), pd.Timestamp(2017, 9, day + span), "day" if not span else "range", f"q{i}"))
    rows.sort(key=lambda e: (e.event_type, e.start, e.end, events._PRECISION_RANK.get(e.precision or "", 9), e.event_id))
    return rows


@settings(max_examples=300, deadline=None)
@given(_events(), st.sampled_from([0, 1, 2]), st.sampled_from([5.0, 25.0]))
def test_linear_merge_equals_the_plain_rule(evs, days, km):
    fast = [[m.event_id for m in c.members] for c in events._merge(evs, days, km)]
    plain = [[m.event_id for m in c] for c in _plain_merge(evs, days, km)]
    assert fast == plain


def test_timeline_of_many_reports_of_one_happening_is_one_row():
    n = 3000  # every member compared with every other would be 4.5 million comparisons
    base = {c: None for c in schemas.EVENTS.columns}
    df = pd.DataFrame([{**base, "event_id": f"e{i:05d}", "article_id": f"a{i}", "outlet": f"Outlet {i % 50}",
                        "sentence_id": 0, "start": 0, "end": 1, "quote": "q", "event_type": "attack", "place": "Sukhna",
                        "place_source": "sentence", "actors": "Islamic State", "precision": "day",
                        "claimant": "monitor", "claimant_type": "monitor",
                        "date_start": pd.Timestamp(2017, 9, 28), "date_end": pd.Timestamp(2017, 9, 28)}
                       for i in range(n)], columns=list(schemas.EVENTS.columns))
    tl = events.timeline_table(schemas.EVENTS.conform(df))
    assert len(tl) == 1 and tl.loc[0, "n_events"] == n and tl.loc[0, "n_outlets"] == 50


# ----------------------------------------------------------------------------- tone
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Five", "people", "were", "killed", "in", "a", "bloody", "attack", "not", "very",
                                 "good", "peace", "came", "but", "great", "joy", "!", "massacre", "wounded", "calm"]),
                min_size=1, max_size=14))
def test_tone_scored_once_when_nothing_is_masked_equals_scoring_twice(words):
    from newslib.analyse import tone

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    s = " ".join(words)
    a = _vader()
    plain = (round(float(a.polarity_scores(s)["compound"]), 6), round(float(a.polarity_scores(tone.mask(s))["compound"]), 6))
    assert tone.score(s) == plain


@functools.cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab KILLED killed not very good :) !?.,'\"-\t\n") + ["\U0001F600", "\u2764", "é"]),
               max_size=60))
def test_vader_without_the_emoji_pass_equals_vader(s):
    from newslib.analyse import tone

    assert tone.analyzer().polarity_scores(s) == _vader().polarity_scores(s)


def test_vader_shortcut_on_corpus_sentences(arts):
    from newslib.analyse import tone

    for s in text.sentences_table(arts)["text"].tolist():
        assert tone.analyzer().polarity_scores(s) == _vader().polarity_scores(s), s


_VADER_WORDS = ["good", "GOOD", "bad", "killed", "Killed", "love", "hate", "no", "No", "not", "never", "so", "this",
                "without", "doubt", "least", "at", "very", "VERY", "kind", "of", "sort", "but", "BUT", "the", "shit",
                "bomb", "bad", "ass", "yeah", "right", "cut", "mustard", "isn't", "don't", "nor", "or", "extremely",
                "barely", "kinda", "just", "enough", "to", "die", "for", "kiss", "death", "beating", "heart", "bus",
                "stop", "peace", "war", "attack", "great", "joy", "!", "?", "!!", "??", "???", ":)", ":-(", "'good'",
                "good,", "(bad)", "...", "-", "a", "I", "OK", "\U0001F600", "é", "İ", "ſ", "event", "uh-uh", "n't"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_VADER_WORDS), max_size=16), st.sampled_from([" ", "  ", "\t", "\n"]))
def test_fast_vader_compound_equals_vader_on_word_salad(words, sep):
    from newslib.analyse import tone

    s = sep.join(words)
    assert tone.analyzer().compound(s) == _vader().polarity_scores(s)["compound"], s


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abgodnt KILLED killed not very good :) !?.,'\"-\t\n") + ["\U0001F600", "é"]),
               max_size=60))
def test_fast_vader_compound_equals_vader_on_any_text(s):
    from newslib.analyse import tone

    assert tone.analyzer().compound(s) == _vader().polarity_scores(s)["compound"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["killed", "KILLED", "Killing", "kill", "dead", "deaths", "attack", "attacked", "bloody",
                                 "killedx", "re-killed", "_killed", "İ", "ſ", "K", "\x1c", "é", "peace", "5", ";", ",",
                                 "-", "'"]), max_size=12), st.sampled_from([" ", "", "-", "\n"]))
def test_mask_in_lower_case_equals_the_case_insensitive_regex(words, sep):
    from newslib.analyse import tone

    s = sep.join(words)
    assert tone.mask(s) == tone.mask_regex().sub(tone.NEUTRAL_TOKEN, s)


def test_fast_vader_compound_on_corpus_sentences(arts):
    from newslib.analyse import tone

    for s in text.sentences_table(arts)["text"].tolist():
        for t in (s, tone.mask(s)):
            assert tone.analyzer().compound(t) == _vader().polarity_scores(t)["compound"], t


# ----------------------------------------------------------------------------- sourcing
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "Ç", ""]), st.sampled_from(["SOHR", "IS", "b", "É", ""]),
                          st.sampled_from(["monitor", "armed_group", "ngo", "Zeta", None])), min_size=1, max_size=30))
def test_claimant_type_in_one_pass_equals_the_mode_per_group(rows):
    from newslib.analyse import sourcing

    claims_df = pd.DataFrame(rows, columns=["outlet", "claimant", "claimant_type"]).assign(claimant_is_party=False)
    c = sourcing._prepare(claims_df)
    groups = c.groupby(["outlet", "claimant"], sort=True).size().reset_index()
    plain = c.groupby(["outlet", "claimant"], sort=True)["claimant_type"].agg(sourcing._mode).tolist()
    fast = list(sourcing._modes(c, ["outlet", "claimant"], "claimant_type", groups))
    assert [None if pd.isna(x) else x for x in fast] == [None if pd.isna(x) else x for x in plain]


# ----------------------------------------------------------------------------- Dask workers write their partitions
def _engine_rows() -> list[dict]:
    rows = []
    for i in range(12):
        place = ("Raqqa", "Deir ez-Zor", "Palmyra")[i % 3]
        rows.append({"id": f"w{i:02d}", "title": f"Attack near {place}",
                     "text": f"At least {i + 3} soldiers were killed in {place} on Monday, the Syrian Observatory said.\n\n"
                             f"=Islamic State claimed it killed {i + 10} fighters.",
                     "outlet": "Wire A" if i % 2 else "Paper B", "published": f"2017-09-{10 + i:02d}"})
    rows.append({"id": "w01", "title": "Copy", "text": "Copy\n\nFive soldiers were killed.", "outlet": "Wire A",
                 "published": "2017-09-30"})  # an id of the first partition again: dropped by the driver
    rows.append({"id": "w13", "title": "Empty", "text": "", "outlet": "Wire A", "published": ""})
    return rows


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in ("run.json",)}


def test_workers_write_the_files_the_driver_would(tmp_path):
    """Dask tasks that write their own partition (to the output folder) and the pandas engine,
    which writes each partition as it comes, leave the same bytes in every file; the
    duplicate id found by the driver is taken out of the worker's files."""
    from newslib.run import engine

    table = tmp_path / "t.csv"
    pd.DataFrame(_engine_rows()).to_csv(table, index=False)
    engine.extract_streaming(table, tmp_path / "pandas", chunk_size=4, corrections=False)
    got = engine.extract_dask(table, tmp_path / "dask", scheduler="synchronous", partition_size=4, corrections=False)
    assert got["_counts"]["articles"] == 12
    a, b = _files(tmp_path / "pandas"), _files(tmp_path / "dask")
    assert sorted(a) == sorted(b) and "claims/part-00003.parquet" in a
    assert [n for n in a if a[n] != b[n]] == []
    assert not (tmp_path / "dask" / engine.PIECES).exists()


def test_cli_dask_two_workers_write_the_tables_of_the_pandas_engine(tmp_path):
    """A real LocalCluster of two worker processes, each writing its partitions: every file
    equals the pandas engine's with the same partitions."""
    from newslib import cli

    table = tmp_path / "t.csv"
    pd.DataFrame(_engine_rows()).to_csv(table, index=False)
    assert cli.main(["--quiet", "extract", str(table), "--out", str(tmp_path / "pandas"), "--partition-size", "3",
                     "--no-corrections"]) == 10  # the duplicate id and the empty text are reported
    assert cli.main(["--quiet", "extract", str(table), "--out", str(tmp_path / "dask"), "--partition-size", "3",
                     "--engine", "dask", "--workers", "2", "--no-corrections"]) == 10
    a, b = _files(tmp_path / "pandas"), _files(tmp_path / "dask")
    assert sorted(a) == sorted(b)
    assert [n for n in a if a[n] != b[n]] == []


# ----------------------------------------------------------------------------- lexicon rules skipped by their prefix
def _all_rules():
    import dataclasses

    from newslib.analyse import attribution, naming

    rules = naming.framing_rules() + attribution.attribution_rules() + attribution.hedge_rules()
    return rules, tuple(dataclasses.replace(r, prefix="") for r in rules)


def test_rules_have_prefixes():
    rules, _ = _all_rules()
    assert sum(bool(r.prefix) for r in rules) > len(rules) / 2


def test_prefix_skip_equals_scanning_every_rule_on_corpus_texts(arts):
    from newslib.analyse import naming

    fast, plain = _all_rules()
    for t in arts["text"].tolist():
        assert naming.find_matches(t, fast) == naming.find_matches(t, plain)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["The", "regime", "REGIME", "Governments", "ISIS", "Is", "is", "Islamic", "State",
                                 "claimed", "said", "according", "to", "allegedly", "recaptured", "Re-captured",
                                 "ſaid", "Kelvin", "\u212a", "fighters", "jets", "so-called", "é", "pro-Assad", ",",
                                 "told", "tells", "TOLD", "denied", "rejects", "reject", "liberated", "overran", "“", "”",
                                 "’", "–", "—", "ı", "İS", "Médecins", "\u00a0", "Dеnied"]),
                max_size=20))
def test_prefix_skip_equals_scanning_every_rule(words):
    from newslib.analyse import naming

    fast, plain = _all_rules()
    t = " ".join(words)
    assert naming.find_matches(t, fast) == naming.find_matches(t, plain)


# ----------------------------------------------------------------------------- caseless scans on news punctuation
_FOLD_PIECES = st.sampled_from([
    "killed", "KILLED", "Killing", "said", "SAID", "told", "according to", "Citing", "IS", "ISIS", "regime", "Aleppo",
    "5", "1,200", "€5", "£", "’", "‘", "“", "”", "–", "—", "…", "•", "«", "»", "\u200b", "\u00a0", "\u2009", "é",
    "ſ", "ı", "İ", "\u212a", "\x1c", "-", "'", ".", ",", " ", "\n", "die", "were", "wounded", "the", "Observatory",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_FOLD_PIECES, max_size=16).map("".join))
def test_foldable_text_scans_find_what_ignorecase_finds(t):
    """Text with curly quotes and dashes (most news) is scanned lower-cased with the ASCII
    copies of the case-insensitive patterns: the same spans as the Unicode patterns."""
    from newslib import claims as claimsmod, lexicons, quantities, tone

    pats = [claimsmod._harm_re()[0], tone._mask_caseless()]
    pats += [v for mod in (claimsmod, events, quantities) for v in vars(mod).values() if isinstance(v, lexicons.Caseless)]
    pats += [lexicons.alias_matcher(n)._re_ci for n in ("actors", "claimants")]
    pats += [v for v in quantities._compiled().values() if isinstance(v, lexicons.Caseless)]
    for rx in pats:
        if rx.folds(t):
            assert [m.span() for m in rx.cs.finditer(t.lower())] == [m.span() for m in rx.ci.finditer(t)]


def test_caseless_marks_are_caseless_non_word_characters():
    import re

    from newslib import lexicons

    marks = re.sub(r"\\(.)", r"\1", lexicons._caseless_marks())
    assert "’" in marks and "“" in marks and "–" in marks and "\u00a0" not in marks and "é" not in marks
    for ch in marks:
        assert not re.match(r"[\w\s\d]", ch) and ch.lower() == ch and ch.upper() == ch, repr(ch)
        assert not any(re.fullmatch(re.escape(ch), chr(a), re.IGNORECASE) for a in range(128)), repr(ch)


def _tables_equal(a: dict, b: dict) -> list[str]:
    return [n for n in a if isinstance(a[n], pd.DataFrame) and not a[n].equals(b[n])]


@pytest.mark.parametrize("folder", _corpora()[:2], ids=lambda p: p.name)
def test_every_table_equals_with_the_foldable_fast_paths_off(folder, monkeypatch):
    """Every table of a corpus is the same when no text takes the lower-cased scans
    (``lexicons.foldable_text`` always False, prefix scans off)."""
    from newslib import lexicons, pipeline
    from newslib.language import terms

    arts = corpus.ingest(folder).articles
    fast = pipeline.tables_from_articles(arts, corrections=False)
    monkeypatch.setattr(lexicons, "_plain_ascii", lambda t: False)
    monkeypatch.setattr(terms, "_prefix_scan", lambda t: None)
    with lexicons.plain_path():  # no text's analysis remembered from the fast run (text_memo)
        slow = pipeline.tables_from_articles(arts, corrections=False)
    assert sorted(fast) == sorted(slow)
    assert _tables_equal(fast, slow) == []


# ----------------------------------------------------------------------------- patterns tried only at the words they can start at
_DATE_PIECES = st.sampled_from([
    "since", "Since", "last", "LAST", "this", "next", "Monday", "monday", "Friday", "the", "The", "day", "days", "before",
    "after", "later", "ago", "a", "an", "one", "two", "twenty", "24", "2024", "1999", "2024-06-03", "5", "5th", "May",
    "March", "Mar.", "June", "of", "early", "mid-", "late", "spring", "week", "weeks", "month", "year", "years-long",
    "hours", "in", "almost", "more than", "past", "for", "many", "yesterday", "tonight", "morning", "following",
    "ſince", "ıt", "İn", "é", "’", "–", "-", ",", ".", " ", "  ", "\n", "_", "x",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=18).map(" ".join) | st.lists(_DATE_PIECES, max_size=18).map("".join))
def test_time_expressions_at_word_starts_equal_scanning_every_position(t):
    import datetime as dt

    ws = dates._STARTS
    fast = dates.find_time_expressions(t, dt.date(2024, 6, 30))
    cands = ws.candidates(t)
    for k, rx in enumerate(ws.patterns):
        assert [m.span() for m in ws.finditer(k, t, cands)] == [m.span() for m in rx.finditer(t)]
    orig = ws.candidates
    try:
        ws.candidates = lambda text, lower=None: None
        assert dates.find_time_expressions(t, dt.date(2024, 6, 30)) == fast
    finally:
        ws.candidates = orig


def test_time_expressions_at_word_starts_on_corpus_texts(arts, monkeypatch):
    found = [dates.find_time_expressions(t, p) for t, p in zip(arts["text"], arts["published"])]
    monkeypatch.setattr(dates._STARTS, "candidates", lambda text, lower=None: None)
    with lexicons.plain_path():  # matched again, not remembered (text_memo)
        assert [dates.find_time_expressions(t, p) for t, p in zip(arts["text"], arts["published"])] == found


def test_match_starts_reads_what_every_match_begins_with():
    import re

    from newslib import lexicons

    assert lexicons.match_starts(re.compile(r"(?i:x)?ab|\bcd")) == {"ab": False, "cd": True, "xab": False}
    assert lexicons.match_starts(re.compile(r"(?a:\b)kill")) == {"kill": False}  # an ASCII \b is not Unicode's
    assert lexicons.match_starts(re.compile(r"a*b")) == {"a": False, "b": False}
    for rx in (r"x?", r"\s+killed", r"[^a]b", r"()\w", r"."):
        assert lexicons.match_starts(re.compile(rx)) is None, rx
    # every rule of the dates module qualifies but one
    assert sum(s is None for s in dates._STARTS.starts) <= 1


# ----------------------------------------------------------------------------- rows as dicts from column lists
def _same_records(a: list[dict], b: list[dict]) -> bool:
    import math

    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if list(x) != list(y):
            return False
        for k in x:
            u, v = x[k], y[k]
            if type(u) is not type(v):
                return False
            if isinstance(u, float) and math.isnan(u) and math.isnan(v):
                continue
            if not (u is v or u == v):
                return False
    return True


def test_records_equal_to_dict_on_every_table(arts):
    from newslib import io, pipeline

    tables = pipeline.tables_from_articles(arts, corrections=False)
    for name, df in tables.items():
        assert _same_records(io.records(df), df.to_dict("records")), name
        assert _same_records(io.records(df.head(0)), []), name


def test_records_keep_pandas_boxing_of_missing_values():
    import numpy as np

    from newslib import io

    df = pd.DataFrame({
        "s": pd.array(["a", None], dtype="string"), "t": pd.Series(["a", None], dtype="str"),
        "i": pd.array([1, None], dtype="Int64"), "f": pd.array([0.5, None], dtype="Float64"),
        "b": pd.array([True, None], dtype="boolean"), "n": [1.5, np.nan], "k": [1, 2], "o": [None, "x"],
        "d": pd.to_datetime(["2024-06-01", None]), "ai": pd.array([3, None], dtype="int64[pyarrow]"),
    })
    assert _same_records(io.records(df), df.to_dict("records"))


# ----------------------------------------------------------------------------- a large corpus streams without being asked
def test_extract_streams_a_large_corpus_with_the_same_csv_bytes(tmp_path, monkeypatch):
    """``newslib extract`` without --partition-size reads a small corpus at once and streams
    one of more than ``engine.AUTO_STREAM_DOCUMENTS`` documents: the same CSV bytes, the
    per-article Parquet tables as part files, the partition size recorded in run.json."""
    import json

    from newslib import cli, engine

    table = tmp_path / "t.csv"
    pd.DataFrame(_engine_rows()).to_csv(table, index=False)
    assert engine.auto_partition_size(table) is None
    assert cli.main(["--quiet", "extract", str(table), "--out", str(tmp_path / "whole"), "--no-corrections"]) == 10
    monkeypatch.setattr(engine, "AUTO_STREAM_DOCUMENTS", 5)
    monkeypatch.setattr(engine, "AUTO_PARTITION_SIZE", 4)
    assert engine.auto_partition_size(table) == 4 and engine.auto_partition_size(tmp_path / "missing") is None
    assert cli.main(["--quiet", "extract", str(table), "--out", str(tmp_path / "auto"), "--no-corrections"]) == 10
    a, b = _files(tmp_path / "whole"), _files(tmp_path / "auto")
    csvs = sorted(n for n in a if n.endswith(".csv"))
    assert csvs == sorted(n for n in b if n.endswith(".csv")) and "claims.csv" in csvs
    assert [n for n in csvs if a[n] != b[n]] == []
    assert "claims.parquet" in a and "claims/part-00002.parquet" in b
    assert json.loads((tmp_path / "auto" / "run.json").read_text())["parameters"]["partition_size"] == 4


# ----------------------------------------------------------------------------- reuse tokens
_REUSE_PIECES = st.sampled_from(["Deir", "al-Zour", "Lebanon’s", "it`s", "´", "“war”", "–", "—", "−", "‐", "Erdoğan", "é",
                                 "İstanbul", "ſ", "K", "_x_", "5", "5,000", "O'Brien", "«", "»", " ", "\n", "ا", "A'", "'B"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_REUSE_PIECES, max_size=16).map("".join) | st.lists(_REUSE_PIECES, max_size=16).map(" ".join))
def test_reuse_tokens_fast_path_equals_match_by_match(t):
    import numpy as np

    from newslib import reuse

    assert reuse.straighten(t) == t.translate(reuse._TRANS)
    got = reuse.tokenize(t)
    straight = t.translate(reuse._TRANS)
    ms = list(reuse._TOKEN.finditer(straight))
    words = tuple(m.group().lower() if m.group().isascii() else reuse.normalise(m.group()) for m in ms)
    assert got.words == words
    assert np.array_equal(got.starts, [m.start() for m in ms]) and np.array_equal(got.ends, [m.end() for m in ms])
    assert got.starts.dtype == np.int64 and got.ends.dtype == np.int64


# ----------------------------------------------------------------------------- claimants remembered per phrase and per sentence
def test_claims_and_events_equal_without_the_claimant_memos(arts, monkeypatch):
    """Claims and events are the same when no claimant row is remembered across phrases and
    no sentence's resolved attributions are reused (the plain path)."""
    from newslib import lexicons
    from newslib.extract import claimants

    sents = text.sentences_table(arts)
    lexicons.clear_cache()  # no sentence's attributions remembered by an earlier test (text_memo)
    claimants._ROW_MEMO.clear()
    contexts: dict = {}
    fast = claims.extract_claims(arts, sents, contexts)
    fast_events = events.events_table(arts, sents, fast, contexts)
    assert claimants._ROW_MEMO or fast.empty
    monkeypatch.setattr(claimants, "claimant_row",
                        lambda phrase, acronyms=None: claimants._claimant_row(phrase, claimants._Acronyms(acronyms)))
    monkeypatch.setattr(claims.ArticleContext, "attributions",
                        lambda self, i, depth=0: self._attributions_of(i, depth))
    with lexicons.plain_path():  # every sentence analysed again, through the plain claimant rows
        plain = claims.extract_claims(arts, sents)
    pd.testing.assert_frame_equal(fast, plain)
    with lexicons.plain_path():
        plain_events = events.events_table(arts, sents, plain)
    pd.testing.assert_frame_equal(fast_events, plain_events)


def test_a_row_read_from_the_article_acronyms_is_not_remembered_for_another_article():
    from newslib.extract import claimants

    claimants._ROW_MEMO.clear()
    known = {"QRF": "Quick Reaction Front"}
    assert claimants.claimant_row("QRF", known)["claimant"] == "Quick Reaction Front"
    assert "QRF" not in claimants._ROW_MEMO
    assert claimants.claimant_row("QRF", {})["claimant"] == "QRF"
    assert claimants.claimant_row("QRF", lambda: known)["claimant"] == "Quick Reaction Front"
    row = claimants.claimant_row("the health ministry")
    assert claimants._ROW_MEMO["the health ministry"] is row
    assert claimants.claimant_row("the health ministry", known) is row  # not an acronym: shared


def test_reference_data_is_frozen_once_per_matcher(monkeypatch):
    """The world gazetteer's objects go to the collector's permanent generation once (full
    collections stop walking them); a new matcher (lexicons reloaded) is frozen again."""
    import gc

    from newslib import lexicons
    from newslib.language import gazetteer
    from newslib.run import pipeline

    pipeline.freeze_reference_data()
    assert gc.get_freeze_count() > 0 and pipeline._frozen_matcher[0] is gazetteer.matcher()
    calls = []
    monkeypatch.setattr(pipeline.gc, "freeze", lambda: calls.append(1))
    pipeline.freeze_reference_data()
    assert calls == []  # the same matcher: not again
    lexicons.clear_cache()
    pipeline.freeze_reference_data()
    assert calls == [1] and pipeline._frozen_matcher[0] is gazetteer.matcher()


# ----------------------------------------------------------------------------- session 4 fast paths
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["has", "HAS", "Had", "had", "earlier", "also", "ſo", "the", "ministry", "hasty",
                                 "reportedly", "ﬁrst", "first", "themselves", "said", ",", "x"]), max_size=8),
       st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", ""]), min_size=8, max_size=8), st.integers(0, 80))
def test_subject_tail_read_backwards_equals_the_pattern(words, gaps, cut):
    from newslib.extract import claimants

    s = "".join(w + g for w, g in zip(words, gaps))
    end = min(cut, len(s))
    assert claimants.subject_tail_start(s, end) == claimants._subject_tail_re().search(s, 0, end).start()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aydnight 2019-0") + ["DAY", "İ", "ſ", "ay", "May", "Jun", "dec", "Fall"]),
                max_size=12))
def test_may_hold_expression_through_the_automaton_equals_substring_tests(parts):
    t = "".join(parts)
    assert dates.may_hold_expression(t) == dates.may_hold_expression_plain(t)


def test_may_hold_expression_on_corpus_sentences(arts):
    for s in text.sentences_table(arts)["text"].tolist():
        assert dates.may_hold_expression(s) == dates.may_hold_expression_plain(s), s


def test_tone_partials_in_dicts_equal_the_pandas_frames(arts):
    from newslib.analyse import tone

    sents = text.sentences_table(arts)
    pd.testing.assert_frame_equal(tone.tone_partials(arts, sents), tone.tone_partials_frames(arts, sents))
    # a sentence of an article not in the table is left out by both
    other = arts.iloc[1:] if len(arts) > 1 else arts
    pd.testing.assert_frame_equal(tone.tone_partials(other, sents), tone.tone_partials_frames(other, sents))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "é", "B"]), st.sampled_from([0, 1, 2, None, float("nan"), pd.NA]),
                          st.sampled_from(["x", "y", None])), max_size=12))
def test_table_from_rows_equals_a_frame_sorted_by_pandas(rows):
    dicts = [{"article_id": a, "sentence_id": i, "start": 0, "end": 1, "paragraph": p, "text": t}
             for i, (a, p, t) in enumerate(rows)]
    key = ("article_id", "paragraph")  # a missing paragraph: pandas sorts
    got = schemas.SENTENCES.from_rows(dicts, sort=key)
    if not dicts:
        want = schemas.SENTENCES.empty()
    else:
        want = schemas.SENTENCES.conform(pd.DataFrame(dicts, columns=list(schemas.SENTENCES.columns))
                                         .sort_values(list(key), kind="stable").reset_index(drop=True))
    pd.testing.assert_frame_equal(got, want)


def test_cues_scanned_lower_cased_on_corpus_sentences(arts):
    from newslib.language import windows

    for s in text.sentences_table(arts)["text"].tolist():
        assert windows._has_cue(s) == windows._has_cue_plain(s), s


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["In", "the", "WAR", "war", "since", "so far", "To Date", "during", "conflict", "ſo",
                                 "İn", "é", ",", ".", "killed", "5", "Throughout", "civil", "fighting", "-"]),
                max_size=14).map(" ".join))
def test_cues_scanned_lower_cased_equal_the_case_insensitive_patterns(s):
    from newslib.language import windows

    assert windows._has_cue(s) == windows._has_cue_plain(s)
    cum = windows._patterns()["cumulative"].search(s)
    pattern, scan = windows._cue_scanners()[1].scan(s)
    fast = pattern.search(scan)
    assert (cum is None and fast is None) or (cum.span() == fast.span())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Said", "the", "ministry", ",", "that", "THAT", "who", "and the", "as", "(", ")",
                                 " -- ", "–", "ſo", "İ", "é", "officials", "because", "if"]), max_size=12).map(" ".join))
def test_last_segment_scanned_lower_cased_equals_the_pattern(s):
    from newslib.extract import claimants

    end = len(s.rstrip())
    start = 0
    for m in claimants._BOUNDARY_RE.finditer(s, 0, end):
        start = m.end()
    seg = s[start:end]
    want = None if not seg.strip() else (start + len(seg) - len(seg.lstrip()), end)
    assert claimants._last_segment(s) == want


# ----------------------------------------------------------------------------- once per distinct text (wire copy)
def _wire_copies(arts: pd.DataFrame) -> pd.DataFrame:
    """The articles three times over, as a month of wire copy: the same texts under new ids,
    in other outlets, one copy on the same day and one two days later."""
    copies = []
    for k, (outlet, shift) in enumerate([(None, 0), ("Wire Copy One", 0), ("Wire Copy Two", 2)]):
        c = arts.copy()
        if k:
            c["article_id"] = c["article_id"] + f"-copy{k}"
            c["outlet"] = outlet
            c["published"] = c["published"] + pd.Timedelta(days=shift)
            c["published_end"] = c["published_end"] + pd.Timedelta(days=shift)
        copies.append(c)
    return pd.concat(copies, ignore_index=True)


@pytest.mark.parametrize("folder", _corpora()[:2], ids=lambda p: p.name)
def test_every_table_equals_without_the_text_memos(folder):
    """Every table of a corpus whose texts repeat (wire copy) is the same when each text is
    analysed again (``lexicons.plain_path``: no ``text_memo`` remembers anything) as when the
    memos answer for the repeated texts; and the memos did answer."""
    from newslib import lexicons, pipeline
    from newslib.analyse import attribution, naming, tone
    from newslib.language import document

    arts = _wire_copies(corpus.ingest(folder).articles)
    lexicons.clear_cache()
    fast = pipeline.tables_from_articles(arts, corrections=False)
    for fn in (claims._sentence_claims, claims._sentence_attributions, events.find_triggers, dates._rule_matches,
               document.places_of, naming._text_mentions, attribution._text_mentions, text._split_sentences,
               tone._sentence_scores):
        assert fn.cache_info().hits > 0, fn.__name__
    lexicons.clear_cache()
    with lexicons.plain_path():
        slow = pipeline.tables_from_articles(arts, corrections=False)
    assert claims._sentence_claims.cache_info().currsize == 0  # the plain path filled no memo
    assert sorted(fast) == sorted(slow)
    assert _tables_equal(fast, slow) == []
    assert fast["claims"]["article_id"].str.endswith("-copy2").any()


def test_text_memo_is_cleared_with_the_lexicons():
    from newslib import lexicons

    calls = []

    @lexicons.text_memo(4)
    def upper(s):
        calls.append(s)
        return s.upper()

    assert [upper("a"), upper("a"), upper("b")] == ["A", "A", "B"] and calls == ["a", "b"]
    lexicons.clear_cache()
    assert upper("a") == "A" and calls == ["a", "b", "a"]
    with lexicons.plain_path():
        assert upper("a") == "A" and calls == ["a", "b", "a", "a"]
    assert upper.plain("c") == "C"


def test_dask_workers_reconcile_incident_blocks_as_the_driver_does(tmp_path, monkeypatch):
    """A real LocalCluster of two workers reconciles the incident blocks (several, with a
    small ``BLOCK_CLAIMS``) and their figure travel, and makes and writes the timeline and
    sourcing tables (``engine.independent_table``): every file equals the pandas engine's."""
    from newslib.analyse import incidents
    from newslib.run import engine

    monkeypatch.setattr(incidents, "BLOCK_CLAIMS", 2)
    sent = []
    made = engine.cluster_mapper

    def counting(client):
        mapper = made(client)

        def run(fn, items):
            for res in mapper(fn, items):
                sent.append(fn.__name__)
                yield res
        return run

    monkeypatch.setattr(engine, "cluster_mapper", counting)
    submit = engine.cluster_submit

    def submitting(client, fn, *args):
        sent.append(f"{fn.__name__} {args[0]}")
        return submit(client, fn, *args)

    monkeypatch.setattr(engine, "cluster_submit", submitting)
    table = tmp_path / "t.csv"
    pd.DataFrame(_engine_rows()).to_csv(table, index=False)
    engine.extract_streaming(table, tmp_path / "pandas", chunk_size=3, corrections=False)
    engine.extract_dask(table, tmp_path / "dask", partition_size=3, corrections=False, n_workers=2)
    # the workers also made and wrote the tables that need no other, while the driver linked
    assert len(sent) > 4 and set(sent) == {"reconciled_block", "independent_table timeline",
                                           "independent_table sourcing"}
    a, b = _files(tmp_path / "pandas"), _files(tmp_path / "dask")
    assert sorted(a) == sorted(b) and "incidents.csv" in a and "figure_travel.csv" in a
    assert [n for n in a if a[n] != b[n]] == []


# ----------------------------------------------------------------------------- restatements found from a ranking
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["v1", "v2"]), st.sampled_from(["10", "12", "dozens"]),
                          st.sampled_from(["ngo", "official", "party", "outlet", "unknown kind"]),
                          st.sampled_from([None, "2024-06-01", "2024-06-02"]), st.integers(0, 3), st.booleans(),
                          st.booleans()),
                min_size=1, max_size=30))
def test_restated_from_ranking_equals_scanning_every_candidate(rows):
    """``_Referents.restated`` (each figure group ranked once) picks the claim the scan of every
    candidate picks, ties and claims of the restating article included."""
    from newslib.analyse import reconcile

    recs = []
    for i, (art, victims, figure, ctype, pub, start, vague, own) in enumerate(rows):
        recs.append({"claim_id": f"c{i:03d}", "article_id": f"a{art}", "_victims": victims, "_figure": figure,
                     "_ctype": ctype, "_pub": None if pub is None else pd.Timestamp(pub), "start": start,
                     "_low": 10 + start, "_high": 12 + start, "_open": False, "_vague": vague, "_own": own})
    refs = reconcile._Referents([r for r in recs if not r["_own"]])
    for r in recs:
        got, want = refs.restated(r), refs.restated_plain(r)
        assert (got or {}).get("claim_id") == (want or {}).get("claim_id")


# ----------------------------------------------------------------------------- companion links without redundant reps
def _plain_companion_links(L) -> None:
    """``incidents._companion_links`` as it was: every rep of a key scanned, every record that
    joined no other group listed (quadratic in a group's size on wire copies)."""
    from newslib.analyse import incidents
    from newslib.analyse.reconcile import victims_compatible

    recs = L.recs
    comp = incidents._companions(recs, L)
    seen: dict = {}
    for i in sorted(comp):
        r = recs[i]
        if r.parent is not None:
            continue
        reps = seen.setdefault((r.kind, L.find(comp[i])), [])
        for rep in reps:
            if L.find(rep) != L.find(i) and victims_compatible(recs[rep].victims, r.victims) and L.agree(rep, i):
                L.union(rep, i)
                if not r.basis or r.basis.startswith(("alone", "anchor: first")):
                    r.basis = f"beside the same incident of another kind as {recs[rep].cid}"
                break
        else:
            reps.append(i)


_VICTIMS = ["civilians", "people (generic)", "fighters (side unknown)", "pro-government", "noun:children"]


def test_companion_links_skipping_redundant_reps_equal_the_plain_loop():
    """The companion step with reps of one group and victims listed once gives the groups and
    link bases of the plain loop, on 2,000 random sets of records in two articles of two
    sentences each, with groups made before it (seeded: the same sets every run)."""
    import copy
    import random

    from newslib.analyse import incidents

    rng = random.Random(18)
    linked = 0
    for _ in range(2000):
        recs = []
        for i in range(rng.randint(2, 30)):
            r = incidents._Rec(i, f"c{i:03d}", f"a{rng.randint(0, 1)}", rng.choice(["killed", "injured"]),
                               rng.choice(_VICTIMS), "x", False, "3", 3, rng.randint(0, 60))
            r.sentence = rng.randint(0, 1)
            day = rng.choice([None, 0, 1, 5])
            if day is not None:
                r.ptype, r.ws, r.we = "event", 738000 + day, 738000 + day
            recs.append(r)
        fast = incidents._Linker(recs, 25.0, 1)
        for _ in range(rng.randint(0, 30)):
            a, b = rng.randrange(len(recs)), rng.randrange(len(recs))
            if fast.agree(a, b):
                fast.union(a, b)
        plain = copy.deepcopy(fast)
        before = [plain.find(i) for i in range(len(recs))]
        incidents._companion_links(fast)
        _plain_companion_links(plain)
        groups = [plain.find(i) for i in range(len(recs))]
        assert [fast.find(i) for i in range(len(recs))] == groups
        assert [r.basis for r in fast.recs] == [r.basis for r in plain.recs]
        linked += groups != before
    assert linked > 500  # the step joined groups in many of them


def test_incidents_of_wire_copies_equal_with_the_plain_companion_step(monkeypatch):
    """On a dev-corpus event whose claims the companion step links, repeated as wire copy (six
    times), the incident tables are the same with the plain companion loop."""
    from newslib import pipeline
    from newslib.analyse import incidents

    folder = DEV / "yemen_funeral"
    if not folder.is_dir():
        pytest.skip("needs the dev corpus (.devcorpus/yemen_funeral)")
    arts = _wire_copies(corpus.ingest(folder).articles)
    more = arts.assign(article_id=arts["article_id"] + "-again", outlet=arts["outlet"] + " again")
    tables = pipeline.tables_from_articles(pd.concat([arts, more], ignore_index=True), corrections=False)
    c, a = tables["claims"], tables["articles"]
    fast = incidents.incident_tables_all(c, articles=a)
    monkeypatch.setattr(incidents, "_companion_links", _plain_companion_links)
    plain = incidents.incident_tables_all(c, articles=a)
    for name in fast:
        pd.testing.assert_frame_equal(fast[name], plain[name], obj=name)
    assert fast["claim_incidents"]["link_basis"].astype(str).str.startswith("beside the same incident").any()


# ----------------------------------------------------------------------------- local places: keyword stretches
_PLACE_PIECES = st.sampled_from([
    "Moura", "Tudun Biri", "al-Qasr", "El Fasher", "Kishishe", "village", "Village", "villages", "town", "of", "in",
    "the", "near", "residents", "Residents", "attack on", "air strike", "council area", "Igabi", "Local Government Area",
    "sub-district", "Township", "a", "central", "Mali", ",", ", ", ".", ". ", ";", "(", ")", "“", "”", "’", "'", "-",
    " ", "  ", "\n", "12", "é", "İ", "ſ", "ı", "\u212a", "\u00a0",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PLACE_PIECES, max_size=24).map(" ".join), st.lists(_PLACE_PIECES, max_size=24).map("".join))
def test_local_place_patterns_in_keyword_stretches_equal_the_whole_text_scan(spaced, glued):
    """The patterns of local places that need a keyword run only over the stretches holding
    one (``gazetteer._keyword_finditer``): the same matches as scanning the whole text."""
    from newslib.language import gazetteer, terms

    pats = gazetteer._local_patterns()
    for t in (spaced, glued):
        for k, (words, breaker) in gazetteer._local_keywords().items():
            fast = [(m.span(), m.groups()) for m in gazetteer._keyword_finditer(pats[k], t, terms.lower_same_offsets(t),
                                                                                 words, breaker)]
            assert fast == [(m.span(), m.groups()) for m in pats[k].finditer(t)], (k, t)


def test_local_places_in_keyword_stretches_on_corpus_texts(arts, monkeypatch):
    from newslib.language import gazetteer

    texts = arts["text"].tolist()
    fast = [gazetteer.local_places(t) for t in texts]
    monkeypatch.setattr(gazetteer, "KEYWORD_WINDOWS", [False])
    assert [gazetteer.local_places(t) for t in texts] == fast


def test_calendar_names_are_a_copy_of_the_remembered_table():
    names = lexicons.calendar_names("month")
    names["notamonth"] = 13
    assert "notamonth" not in lexicons.calendar_names("month")
    assert lexicons.calendar_names("month") == lexicons.calendar_names("month", ("full", "short"))


def test_words_of_every_role_read_in_one_pass_equal_a_scan_per_role():
    roles = set()
    plain: dict[tuple[str, bool], set] = {}
    for t in lexicons.WORD_TABLES:
        if not lexicons.paths(f"{t}.csv"):
            continue
        df = lexicons.table(t)
        for w, role in zip(df["word"], df["role"]):
            roles.add(str(role).strip())
            for cased in (False, True):
                plain.setdefault((str(role).strip(), cased), set()).add(str(w).strip() if cased else str(w).strip().lower())
    assert len(roles) > 20
    for role in roles | {"no such role"}:
        for cased in (False, True):
            assert lexicons.words(role, cased) == frozenset(plain.get((role, cased), ())), (role, cased)
