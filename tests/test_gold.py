"""The gold standard in tests/gold is well-formed, and the extractor scores well against it.

The gold files are hand-annotated (see tests/gold/README.md); these tests keep them consistent
with the schemas and lexicons so that a lexicon rename cannot silently break the benchmark.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from newslib import ingest, lexicons, schemas, sentences_table

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
RAW = ROOT / "data" / "raw"

SEED_COLS = ["gold_id", "article_id", "sentence_contains", "count_core", "kind", "count_low", "count_high", "qualifier",
             "victim_side", "claimant", "claimant_type", "place", "perpetrator", "subset_of_core", "note"]
NON_COLS = ["article_id", "sentence_contains", "number_text", "why"]
CASE_COLS = ["case_id", "phenomenon", "published", "text"]
HARD_COLS = ["case_id", "count_core", "kind", "count_low", "count_high", "qualifier", "victim_side", "claimant",
             "claimant_type", "place", "perpetrator", "subset_of_core", "note"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLD / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return _read("seed_claims.csv")


@pytest.fixture(scope="module")
def non_claims() -> pd.DataFrame:
    return _read("seed_non_claims.csv")


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    return _read("hard_cases.csv")


@pytest.fixture(scope="module")
def hard() -> pd.DataFrame:
    return _read("hard_claims.csv")


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return ingest(RAW).articles


@pytest.fixture(scope="module")
def sentences(articles) -> pd.DataFrame:
    return sentences_table(articles)


def _alts(v: str) -> list[str]:
    return [a.strip() for a in v.split("|")]


SIDES = set(lexicons.table("actors")["side"]) | {"unknown"}
ACTORS = set(lexicons.table("actors")["actor"])
PLACES = set(lexicons.table("gazetteer")["place"])
_CLAIMANTS = lexicons.table("claimants")
CLAIMANT_TYPE = dict(zip(_CLAIMANTS["claimant"], _CLAIMANTS["claimant_type"]))
VAGUE = {r.words: (r.low, r.high) for r in lexicons.table("vague_quantities").itertuples()}


def _check_counts(row: dict, where: str) -> None:
    """count_low/count_high agree with the qualifier rules of the README."""
    q, lo, hi = row["qualifier"], row["count_low"], row["count_high"]
    for v in (lo, hi):
        assert v == "" or re.fullmatch(r"\d+", v), f"{where}: count must be a whole number or empty, got {v!r}"
    lo_i = int(lo) if lo else None
    hi_i = int(hi) if hi else None
    if q == "exact":
        assert lo_i is not None and lo_i == hi_i, f"{where}: exact needs low == high"
    elif q in ("at_least", "more_than"):
        assert lo_i is not None and hi_i is None, f"{where}: {q} needs low and an open high"
    elif q == "up_to":
        assert lo_i is None and hi_i is not None, f"{where}: up_to needs an open low and a high"
    elif q == "approximate":
        assert lo_i is not None and hi_i is not None and lo_i <= hi_i, f"{where}: approximate needs low <= high"
    elif q == "vague":
        word = row["count_core"].lower()
        assert word in VAGUE, f"{where}: vague count '{word}' is not in vague_quantities.csv"
        vlo, vhi = VAGUE[word]
        assert (lo, hi) == (vlo, vhi), f"{where}: vague '{word}' must be {vlo},{vhi}"
    if q == "more_than":
        digits = re.sub(r"\D", "", row["count_core"])
        if digits:
            assert lo_i == int(digits) + 1, f"{where}: more_than n needs low n+1"


def _check_common(df: pd.DataFrame, label: str, extra_claimants: set[str]) -> None:
    for i, r in enumerate(df.to_dict("records")):
        where = f"{label} row {i + 2}"
        assert r["count_core"].strip(), f"{where}: empty count_core"
        assert r["kind"] in schemas.KINDS, f"{where}: kind {r['kind']!r}"
        assert r["qualifier"] in schemas.QUALIFIERS, f"{where}: qualifier {r['qualifier']!r}"
        assert r["victim_side"] in SIDES, f"{where}: victim_side {r['victim_side']!r}"
        assert r["claimant_type"] in schemas.CLAIMANT_TYPES, f"{where}: claimant_type {r['claimant_type']!r}"
        for c in _alts(r["claimant"]):
            if c in extra_claimants:
                assert r["claimant_type"] == "outlet", f"{where}: outlet claimant {c!r} needs type outlet"
            elif c in CLAIMANT_TYPE:
                assert CLAIMANT_TYPE[c] == r["claimant_type"], f"{where}: {c!r} has type {CLAIMANT_TYPE[c]!r}"
            else:  # named by the reporting structure only: typed by its head words
                from newslib.extract.claimants import head_type

                assert head_type(c)[0] == r["claimant_type"], \
                    f"{where}: claimant {c!r} is neither a canonical claimant of claimants.csv nor typed {r['claimant_type']!r} by claimant_types.csv"
        if r["perpetrator"]:
            for a in _alts(r["perpetrator"]):
                assert a in ACTORS, f"{where}: perpetrator {a!r} is not an actor of actors.csv"
        _check_counts(r, where)


# ----------------------------------------------------------------------------- seed corpus
def test_seed_columns(seed, non_claims):
    assert list(seed.columns) == SEED_COLS
    assert list(non_claims.columns) == NON_COLS
    assert seed["gold_id"].is_unique


def test_seed_values_allowed(seed, articles):
    outlets = set(articles["outlet"].dropna())
    _check_common(seed, "seed_claims.csv", outlets)
    for r in seed.to_dict("records"):
        for c in _alts(r["claimant"]):
            if r["claimant_type"] == "outlet":
                art_outlet = articles.loc[articles["article_id"] == r["article_id"], "outlet"].iloc[0]
                assert c == art_outlet, f"{r['gold_id']}: unattributed claimant must be the article's outlet"
        if r["place"]:
            for p in _alts(r["place"]):
                assert p in PLACES, f"{r['gold_id']}: place {p!r} is not a canonical gazetteer place"


def _sentence_with(sentences: pd.DataFrame, text: str, article_id: str, needle: str) -> str:
    pos = text.find(needle)
    s = sentences[(sentences["article_id"] == article_id) & (sentences["start"] <= pos) & (sentences["end"] >= pos + len(needle))]
    assert len(s) == 1, f"{article_id}: {needle!r} does not lie inside one sentence"
    return s.iloc[0]["text"]


@pytest.mark.parametrize("name", ["seed_claims.csv", "seed_non_claims.csv"])
def test_seed_sentence_contains_unique_and_in_sentence(name, articles, sentences):
    df = _read(name)
    texts = dict(zip(articles["article_id"], articles["text"]))
    number_col = "count_core" if name == "seed_claims.csv" else "number_text"
    for r in df.to_dict("records"):
        assert r["article_id"] in texts, f"unknown article {r['article_id']}"
        text = texts[r["article_id"]]
        n = text.count(r["sentence_contains"])
        assert n == 1, f"{name}: {r['sentence_contains']!r} occurs {n} times in {r['article_id']}"
        sent = _sentence_with(sentences, text, r["article_id"], r["sentence_contains"])
        assert r[number_col].lower() in sent.lower(), f"{name}: {r[number_col]!r} not in sentence {sent!r}"


def test_seed_subsets_and_expected_figures(seed):
    for r in seed.to_dict("records"):
        if r["subset_of_core"]:
            same = seed[(seed["article_id"] == r["article_id"]) & (seed["count_core"] == r["subset_of_core"])]
            assert len(same), f"{r['gold_id']}: parent {r['subset_of_core']!r} not annotated"
    got = {(r["article_id"][:3], r["count_core"].lower(), r["qualifier"]) for r in seed.to_dict("records")}
    for exp in [("000", "120", "approximate"), ("002", "58", "exact"), ("002", "58", "at_least"), ("001", "58", "more_than"),
                ("001", "100", "approximate"), ("003", "45", "exact"), ("003", "50", "exact"), ("003", "150", "more_than"),
                ("004", "150", "more_than"), ("004", "40", "approximate"), ("004", "130", "approximate"),
                ("003", "dozens", "vague"), ("004", "dozens", "vague"), ("000", "scores", "vague"), ("002", "scores", "vague"),
                ("003", "two", "exact"), ("003", "a", "exact")]:
        assert exp in got, f"expected seed claim {exp} missing"
    assert len(seed[(seed["article_id"].str[:3] == "000") & (seed["count_core"] == "120")]) == 2
    assert len(seed[(seed["article_id"].str[:3] == "003") & (seed["count_core"].str.lower() == "dozens")]) == 3


def test_furniture_is_not_annotated(seed, articles):
    # the 'See Syria Daily, Sept 28: More than 150 Killed...' line is removed page furniture
    text = articles.loc[articles["article_id"].str.startswith("003"), "text"].iloc[0]
    assert "See Syria Daily" not in text
    assert not seed["sentence_contains"].str.contains("See Syria Daily").any()


# ----------------------------------------------------------------------------- hard cases
def test_hard_columns(cases, hard):
    assert list(cases.columns) == CASE_COLS
    assert list(hard.columns) == HARD_COLS
    assert cases["case_id"].is_unique
    assert cases["text"].str.strip().astype(bool).all()


def test_hard_counts_of_cases(cases, hard):
    assert len(cases) >= 70
    with_claims = set(hard["case_id"])
    not_claim = cases[(~cases["case_id"].isin(with_claims)) | cases["phenomenon"].str.contains("not_claim")]
    assert len(not_claim) >= 20
    assert (~cases["case_id"].isin(with_claims)).sum() >= 15, "need pure not-claim cases (no rows)"


def test_hard_case_ids_exist(cases, hard):
    missing = set(hard["case_id"]) - set(cases["case_id"])
    assert not missing, f"hard_claims case_ids not in hard_cases: {sorted(missing)}"


def test_hard_values_allowed(cases, hard):
    _check_common(hard, "hard_claims.csv", {"outlet"})
    texts = dict(zip(cases["case_id"], cases["text"]))
    for i, r in enumerate(hard.to_dict("records")):
        text = texts[r["case_id"]]
        assert r["count_core"].lower() in text.lower(), f"{r['case_id']}: {r['count_core']!r} not in the text"
        if r["place"]:
            for p in _alts(r["place"]):
                assert p in PLACES or p in text, f"{r['case_id']}: place {p!r} neither canonical nor written in the text"
        if r["subset_of_core"]:
            same = hard[(hard["case_id"] == r["case_id"]) & (hard["count_core"] == r["subset_of_core"])]
            assert len(same), f"{r['case_id']}: parent {r['subset_of_core']!r} not annotated"


def test_hard_published_dates(cases):
    for v in cases["published"]:
        if v:
            pd.Timestamp(v)


def test_hard_phenomena_covered(cases, hard):
    tags = {t for p in cases["phenomenon"] for t in p.split(";")}
    for need in ["digits_separator", "range_between", "range_hyphen", "range_to", "vague_several", "vague_a_few",
                 "vague_tens", "vague_dozens", "vague_scores", "vague_hundreds", "qualifier_at_least",
                 "qualifier_more_than", "qualifier_over", "qualifier_nearly", "qualifier_around", "qualifier_about",
                 "qualifier_some", "qualifier_up_to", "qualifier_post_posed", "voice_active", "voice_passive",
                 "killing_and_wounding", "coordination_distributed", "subset_including_chain", "headline_monitor",
                 "anaphora_monitor", "unattributed", "perpetrator", "place_variant", "other_conflict",
                 "not_claim_date", "not_claim_time", "not_claim_duration", "not_claim_distance", "not_claim_percent",
                 "not_claim_age", "not_claim_money", "not_claim_unit", "not_claim_things"]:
        assert need in tags, f"no hard case tagged {need}"
    kinds_words = ["died", "dead", "death toll", "fatalities", "lost their lives", "executed", "beheaded", "massacred",
                   "murdered", "injured", "hurt", "kidnapped", "abducted", "taken prisoner", "wounded", "claimed the lives of"]
    all_text = " ".join(cases["text"]).lower()
    for w in kinds_words:
        assert w in all_text, f"no hard case uses {w!r}"
    assert set(hard["kind"]) == set(schemas.KINDS)
    assert set(hard["qualifier"]) == set(schemas.QUALIFIERS)


# ----------------------------------------------------------------------------- the extractor against the gold
def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_claims", ROOT / "bench" / "eval_claims.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_eval_matching_logic():
    ev = _load_eval()
    assert ev.core_in("a", "a") and not ev.core_in("a", "around 40")
    assert ev.core_in("58", "at least 58") and not ev.core_in("58", "1,058")
    assert ev.same_str("A|B", "b") and ev.same_str("", None) and not ev.same_str("A", None)
    assert ev.same_str("Russian forces|Syrian government forces", "Russian forces; Syrian government forces")
    assert ev.same_int("", pd.NA) and ev.same_int("59", 59) and not ev.same_int("", 3)
    assert ev.naive_baseline("A bomb left 12 people dead.") == 12
    assert ev.naive_baseline("A bomb killed 12 people.") == 0  # the baseline only looks before the death word
    assert ev.naive_baseline("Three people died.") == 3
    assert ev.naive_baseline("No one was hurt.") == 0


def test_extractor_f1_on_gold():
    try:
        import newslib.extract.claims  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"newslib.claims cannot be imported ({exc}); the extractor is not there to score")
    ev = _load_eval()
    seed = ev.score_seed()
    hard = ev.score_hard()
    combined = ev.combine(seed, hard)
    detail = "\n" + ev.format_misses(seed) + "\n" + ev.format_misses(hard)
    assert combined["f1"] >= 0.95, f"claim F1 on seed+hard gold {combined['f1']:.3f} < 0.95" + detail
