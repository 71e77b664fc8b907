"""Incidents across outlets: grouping, reconciliation, figure travel, and the bundled corpus.

Unit tests build small claim tables by hand (``make``); corpus tests find claims by what they
say (outlet, count words, claimant), not by claim id, so they survive extraction changes that
move spans.
"""
import re

import pandas as pd
import pytest

from newslib.analyse import incidents as inc
from newslib.language import quantities
from newslib import lexicons, schemas
from newslib.present import report
from newslib.run import pipeline
from newslib.errors import ParameterError

# ----------------------------------------------------------------------------- hand-made claims
_VAGUE = quantities.vague_table()  # the lexicon's ranges ("dozens": 24-99)
_PLACES = {"Sukhna": (34.889, 38.877), "Palmyra-Deir ez-Zor highway": (34.95, 38.95), "Deir ez-Zor": (35.336, 40.14),
           "Deir ez-Zor Province": (35.10, 40.30), "Mayadin": (35.02, 40.45), "Damascus": (33.513, 36.292),
           "Ein Tarma": (33.522, 36.354), "Idlib": (35.93, 36.633)}


def count(text: str) -> dict:
    """count_low/high, qualifier and count_kind for a few count phrasings."""
    t = text.lower().strip()
    if t in _VAGUE:
        lo, hi = _VAGUE[t]
        return dict(count_low=lo, count_high=hi, qualifier="vague", count_kind="vague")
    if m := re.fullmatch(r"(\d+) to (\d+)", t):
        return dict(count_low=int(m[1]), count_high=int(m[2]), qualifier="exact", count_kind="range")
    if m := re.fullmatch(r"more than (\d+)", t):
        return dict(count_low=int(m[1]) + 1, count_high=None, qualifier="more_than", count_kind="number")
    if m := re.fullmatch(r"at least (\d+)", t):
        return dict(count_low=int(m[1]), count_high=None, qualifier="at_least", count_kind="number")
    if m := re.fullmatch(r"(?:around|about) (\d+)", t):
        return dict(count_low=int(m[1]), count_high=int(m[1]), qualifier="approximate", count_kind="number")
    n = int(t)
    return dict(count_low=n, count_high=n, qualifier="exact", count_kind="number")


def claim(cid: str, text: str, **kw) -> dict:
    """A claims row: every column of the schema (empty unless given here or in ``kw``)."""
    row = dict.fromkeys(schemas.CLAIMS.columns)
    row.update(claim_id=cid, article_id="a1", outlet="Outlet A", published="2017-09-29", sentence_id=0, start=0, end=1,
               quote="q", kind="killed", count_text=text, victims="soldiers", victim_side="pro-government",
               perpetrator=None, claimant="Syrian Observatory for Human Rights", claimant_type="monitor",
               claimant_side="neutral", claimant_is_party=False, party_claim_about_enemy=False, attribution=None,
               place="Sukhna", place_source="sentence", date_text=None, event_date=None, event_date_end=None,
               date_precision=None, window_text=None, window_start=None, window_end=None, scope="incident",
               subset_of=None, in_headline=False, in_quotes=False, hedges=None, origin="extracted",
               correction_note=None)
    row.update(count(text))
    row.update(kw)
    if "lat" not in kw:
        row["lat"], row["lon"] = _PLACES.get(row["place"], (None, None))
    if row["event_date"] is not None and row["event_date_end"] is None:
        row["event_date_end"] = row["event_date"]
    return row


def make(*rows: dict) -> pd.DataFrame:
    return schemas.CLAIMS.conform(pd.DataFrame(list(rows)))


IS = dict(claimant="Islamic State", claimant_type="armed_group", claimant_side="IS", claimant_is_party=True,
          party_claim_about_enemy=True)


def links_of(result: dict) -> dict:
    return result["claims"]


# ----------------------------------------------------------------------------- reconciliation rules
def test_one_claimant_carried_by_three_outlets_counts_once():
    c = make(claim("c1", "58", article_id="a1", outlet="A"), claim("c2", "at least 58", article_id="a2", outlet="B"),
             claim("c3", "more than 58", article_id="a3", outlet="C"))
    r = inc.reconcile(c)
    assert r["n_counted"] == 1
    assert [v["n_outlets"] for v in links_of(r).values()] == [3, 3, 3]
    not_counted = [v["reason"] for v in links_of(r).values() if not v["counted"]]
    assert len(not_counted) == 2 and all("same claimant, same figure" in x for x in not_counted)
    # the claimant's figure on a tie of date: the largest ("more than 58" -> 59)
    assert (r["low"], r["best"], r["high"]) == (59, 59, 59) and r["high_open"]


def test_best_is_the_highest_priority_non_party_claimant():
    c = make(claim("c1", "45", claimant="Russian correspondent", claimant_type="journalist"),
             claim("c2", "58"),
             claim("c3", "70", claimant="Outlet A", claimant_type="outlet", article_id="a9"))
    r = inc.reconcile(c)
    assert (r["low"], r["best"], r["high"]) == (45, 58, 70)
    assert r["best_claimant"] == "Syrian Observatory for Human Rights"
    assert r["ratio"] == pytest.approx(70 / 45, abs=1e-3)


def test_ties_of_rank_give_the_median_lower_middle():
    two = make(claim("c1", "40", claimant="Monitor One"), claim("c2", "50", claimant="Monitor Two"))
    assert inc.reconcile(two)["best"] == 40
    three = make(claim("c1", "40", claimant="M1"), claim("c2", "50", claimant="M2"), claim("c3", "70", claimant="M3"))
    r = inc.reconcile(three)
    assert (r["low"], r["best"], r["high"]) == (40, 50, 70)
    assert r["best_claimant"] == "M2"


def test_open_ended_figure_is_a_floor_for_high():
    alone = inc.reconcile(make(claim("c1", "more than 58")))
    assert (alone["low"], alone["best"], alone["high"], alone["high_open"]) == (59, 59, 59, True)
    beside = inc.reconcile(make(claim("c1", "more than 58"), claim("c2", "around 120", claimant="Other monitor")))
    assert (beside["low"], beside["high"], beside["high_open"]) == (59, 120, False)
    above = inc.reconcile(make(claim("c1", "more than 150"), claim("c2", "around 120", claimant="Other monitor")))
    assert (above["low"], above["high"], above["high_open"]) == (120, 151, True)


def test_vague_counts_widen_low_and_high_only_as_far_as_they_disagree_and_never_best():
    # "dozens" (24-99) agrees with 58: no one claimed 24 or 99, the spread stays 58
    c = make(claim("c1", "58"), claim("c2", "dozens", claimant="activist", claimant_type="activist"))
    r = inc.reconcile(c)
    assert (r["low"], r["best"], r["high"]) == (58, 58, 58)
    assert "vague" in links_of(r)["c2"]["reason"] and links_of(r)["c2"]["counted"]
    # "hundreds" (200-999) disagrees: the high is the least it says, 200; "a dozen" below: its most
    hundreds = make(claim("c1", "58"), claim("c2", "hundreds", claimant="activist", claimant_type="activist"))
    r = inc.reconcile(hundreds)
    assert (r["low"], r["best"], r["high"]) == (58, 58, 200)
    assert "high" in links_of(r)["c2"]["role"]
    only_vague = inc.reconcile(make(claim("c1", "scores", claimant="activist", claimant_type="activist")))
    assert (only_vague["low"], only_vague["best"], only_vague["high"]) == (40, 40, 199)


def test_a_claimant_with_a_number_and_vague_words_counts_its_number():
    c = make(claim("c1", "around 100", **IS), claim("c2", "scores", article_id="a2", outlet="B", **IS))
    r = inc.reconcile(c, include_party_claims=True)
    assert links_of(r)["c1"]["counted"] and not links_of(r)["c2"]["counted"]
    assert "number is used" in links_of(r)["c2"]["reason"]
    assert (r["low"], r["high"]) == (100, 100)


def test_a_toll_that_rose_counts_with_its_latest_figure():
    c = make(claim("c1", "58", published="2017-09-29", article_id="a1"),
             claim("c2", "around 120", published="2017-09-30", article_id="a2", outlet="B"))
    r = inc.reconcile(c)
    assert (r["low"], r["best"], r["high"]) == (120, 120, 120)
    # the earlier figure is kept as a revision, not silently superseded
    assert links_of(r)["c1"]["reason"].startswith("revised: an earlier figure of Syrian Observatory")
    assert (r["stated_low"], r["stated_high"], r["ratio"]) == (58, 120, pytest.approx(120 / 58, abs=1e-3))
    steps = [(s["figure"], s["current"], s["revision"]) for s in r["series"]]
    assert steps == [("58", False, False), ("120", True, True)]


def test_subsets_are_never_added_and_join_their_parent():
    c = make(claim("p", "128", victims="people", victim_side="unknown"),
             claim("s", "50", victims="children", victim_side="civilians", subset_of="p", place="Idlib",
                   event_date="2016-01-01"))
    r = inc.reconcile(c)
    assert (r["low"], r["best"], r["high"]) == (128, 128, 128)
    assert not links_of(r)["s"]["counted"] and links_of(r)["s"]["reason"].startswith("subset of p")
    _, links = inc.incidents_tables(c)
    assert links["incident_id"].nunique() == 1  # joins the parent despite another place and date


def test_party_claims_are_flagged_excluded_from_best_and_by_parameter_from_low_high():
    c = make(claim("c1", "58"), claim("c2", "around 100", article_id="a2", outlet="B", **IS))
    excl = inc.reconcile(c)
    assert (excl["low"], excl["best"], excl["high"]) == (58, 58, 58)
    assert excl["rule"] == "ucdp; party claims excluded"
    assert not links_of(excl)["c2"]["counted"] and "party claim" in links_of(excl)["c2"]["reason"]
    incl = inc.reconcile(c, include_party_claims=True)
    assert (incl["low"], incl["best"], incl["high"]) == (58, 58, 100)
    assert incl["rule"] == "ucdp; party claims included"
    assert links_of(incl)["c2"]["counted"] and "never best" in links_of(incl)["c2"]["reason"]
    only_party = inc.reconcile(make(claim("c2", "around 100", **IS)), include_party_claims=True)
    assert (only_party["low"], only_party["best"], only_party["high"]) == (100, None, 100)
    assert inc.reconcile(make(claim("c2", "around 100", **IS)))["low"] is None


def test_acled_rule_takes_the_lowest_credible_figure():
    c = make(claim("c1", "58"), claim("c2", "45", claimant="Russian correspondent", claimant_type="journalist"),
             claim("c3", "30", article_id="a2", outlet="B", **IS))
    r = inc.reconcile(c, rule="acled", include_party_claims=True)
    assert r["rule"] == "acled; party claims included"
    assert (r["low"], r["best"], r["conservative"], r["high"]) == (30, 45, 45, 58)
    assert r["best_claimant"] == "Russian correspondent"
    with pytest.raises(ParameterError, match="rule"):
        inc.reconcile(c, rule="median")
    with pytest.raises(ParameterError, match="ucdp"):
        inc.incidents_tables(c, rule="UCDP")


def test_unattributed_restatements_are_not_counted_twice():
    # the outlet's "scores" beside the Observatory's "around 120" in the same article
    same_article = make(claim("c1", "scores", claimant="Outlet A", claimant_type="outlet"), claim("c2", "around 120"))
    r = inc.reconcile(same_article)
    assert not links_of(r)["c1"]["counted"] and links_of(r)["c1"]["restates"] == "c2"
    assert (r["low"], r["best"], r["high"]) == (120, 120, 120)
    # the same number, unattributed, in another outlet
    other = make(claim("c1", "58", claimant="Outlet B", claimant_type="outlet", article_id="b", outlet="Outlet B"),
                 claim("c2", "at least 58"))
    assert inc.reconcile(other)["claims"]["c1"]["restates"] == "c2"
    # vague words are not traced across articles: the outlet's "dozens" stays its own figure
    vague = make(claim("c1", "dozens", claimant="Outlet B", claimant_type="outlet", article_id="b", outlet="Outlet B"),
                 claim("c2", "dozens", claimant="activist", claimant_type="activist"))
    assert inc.reconcile(vague)["claims"]["c1"]["counted"]


def test_victim_groups_add_and_a_generic_figure_bounds_them():
    c = make(claim("c1", "more than 150", victims="people", victim_side="unknown", claimant="Outlet", claimant_type="outlet"),
             claim("c2", "around 40", victims="troops", claimant="Ahmed Helwani", claimant_type="activist"),
             claim("c3", "130", victims="civilians", victim_side="civilians", claimant="Ahmed Helwani",
                   claimant_type="activist"))
    r = inc.reconcile(c)
    # specific groups add up (40 + 130); "more than 150 people" is a bound on their sum: the larger stands
    assert (r["low"], r["best"], r["high"]) == (170, 170, 170)
    assert r["best_claimant"] == "Ahmed Helwani" and r["n_counted"] == 3
    # a vague "dozens of women and children" lowers the civilians' low to 24: 40 + 24 < 151, so the bound is the low
    c2 = pd.concat([c, make(claim("c4", "dozens", victims="women and children", victim_side="civilians",
                                  claimant="activist", claimant_type="activist"))])
    r2 = inc.reconcile(c2)
    assert (r2["low"], r2["best"], r2["high"]) == (151, 170, 170)


def test_fighters_of_unknown_side_join_the_only_armed_side():
    c = make(claim("c1", "58"), claim("c2", "60", victims="soldiers", victim_side="unknown", claimant="M2"))
    r = inc.reconcile(c)
    assert {v["victim_group"] for v in r["claims"].values()} == {"pro-government"}
    assert (r["low"], r["high"]) == (58, 60)


# ----------------------------------------------------------------------------- grouping rules
def incident_sets(claims: pd.DataFrame, **kw) -> set[frozenset]:
    """Incidents as sets of claim ids."""
    a = inc.assign_incidents(claims, **kw)
    return {frozenset(g["claim_id"]) for _, g in a.groupby("incident_id")}


def test_places_same_nearby_far_and_contained():
    c = make(claim("c1", "58", article_id="a1"), claim("c2", "60", article_id="a2", place="Palmyra-Deir ez-Zor highway"),
             claim("c3", "61", article_id="a3", place="Deir ez-Zor"))
    assert incident_sets(c) == {frozenset({"c1", "c2"}), frozenset({"c3"})}
    assert incident_sets(c, km=200) == {frozenset({"c1", "c2", "c3"})}
    # two towns of one province (45 km apart) are two places; a province contains its towns
    towns = make(claim("t1", "5", article_id="a1", place="Deir ez-Zor"), claim("t2", "10", article_id="a2", place="Mayadin"))
    assert incident_sets(towns) == {frozenset({"t1"}), frozenset({"t2"})}
    prov = make(claim("t1", "5", article_id="a1", place="Mayadin"), claim("t2", "10", article_id="a2", place="Deir ez-Zor Province"))
    assert len(incident_sets(prov)) == 1
    assert inc.places_compatible(inc.Place("Syria", None, None), inc.Place("Mayadin", 35.02, 40.45))
    assert not inc.places_compatible(inc.Place("Iraq", None, None), inc.Place("Mayadin", 35.02, 40.45))
    with pytest.raises(ParameterError):
        inc.assign_incidents(c, km=-1)


def test_a_country_joins_one_incident_inside_it_never_bridging_two():
    c = make(claim("d", "5", article_id="a1", place="Deir ez-Zor"), claim("m", "10", article_id="a2", place="Mayadin"),
             claim("m2", "12", article_id="a3", place="Mayadin", claimant="Other"),
             claim("s", "7", article_id="a4", place="Syria"))
    sets = incident_sets(c)
    assert frozenset({"m", "m2", "s"}) in sets and frozenset({"d"}) in sets


def test_event_dates_link_within_days():
    c = make(claim("c1", "58", event_date="2017-09-28"), claim("c2", "60", article_id="a2", event_date="2017-09-29"),
             claim("c3", "61", article_id="a3", event_date="2017-10-05"))
    assert incident_sets(c) == {frozenset({"c1", "c2"}), frozenset({"c3"})}
    assert incident_sets(c, days=0) == {frozenset({"c1"}), frozenset({"c2"}), frozenset({"c3"})}
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["c2", "window_start"] == pd.Timestamp("2017-09-29") and a.loc["c2", "window_basis"].startswith("event date")


def test_an_undated_claim_joins_the_incident_before_its_publication():
    # two dated attacks at one place a week apart; an undated report published after the second
    c = make(claim("e1", "58", article_id="a1", event_date="2017-09-20", published="2017-09-21"),
             claim("e2", "12", article_id="a2", event_date="2017-09-27", published="2017-09-28", claimant="Other"),
             claim("u", "around 15", article_id="a3", published="2017-09-29", claimant="Third"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["u", "incident_id"] == a.loc["e2", "incident_id"] != a.loc["e1", "incident_id"]
    assert a.loc["u", "link_basis"].startswith("attached: place and time")
    assert a.loc["u", "window_basis"] == "on or before publication (publication date)"
    # published before the second attack: it can only be the first
    early = c.assign(published=c["published"].where(c["claim_id"] != "u", pd.Timestamp("2017-09-22")))
    b = inc.assign_incidents(early).set_index("claim_id")
    assert b.loc["u", "incident_id"] == b.loc["e1", "incident_id"]


def test_the_same_claimant_and_figure_links_across_the_corpus_span():
    # an undated repeat of a monitor's figure months later still joins its incident
    c = make(claim("e1", "58", article_id="a1", event_date="2017-09-28", published="2017-09-29"),
             claim("x", "61", article_id="a9", event_date="2017-09-28", published="2017-09-29", place="Idlib",
                   claimant="Other"),
             claim("u", "58", article_id="a3", published="2018-03-01", place="Syria"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["u", "incident_id"] == a.loc["e1", "incident_id"]
    assert a.loc["u", "link_basis"].startswith("attached: same claimant and figure")


def test_a_days_toll_and_a_running_toll_are_different_happenings():
    day = dict(event_date="2024-05-10", window_text="on Friday", window_start="2024-05-10", window_end="2024-05-10")
    run = dict(window_text="since Friday", window_start="2024-05-10", window_end="2024-05-13", event_date="2024-05-10",
               event_date_end="2024-05-13")
    c = make(claim("d1", "27", article_id="a1", published="2024-05-12", place="Mayadin", **day),
             claim("r1", "44", article_id="a2", published="2024-05-13", place="Mayadin", **run),
             claim("r2", "more than 100", article_id="a3", published="2024-05-24", place="Mayadin",
                   window_text="in two weeks", window_start="2024-05-10", window_end="2024-05-24", claimant="UN"),
             claim("d2", "16", article_id="a4", published="2024-05-13", place="Mayadin", event_date="2024-05-12",
                   claimant="MSF"))
    assert incident_sets(c) == {frozenset({"d1"}), frozenset({"r1", "r2"}), frozenset({"d2"})}
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["r2", "window_basis"] == "counting window 'in two weeks'"


def test_two_dates_as_one_span_are_the_days_of_a_happening_not_a_running_toll():
    # "between 27 and 31 March" at a town: the happening's own days (an anchor); "from March 23
    # to April 3" is coarser: it bounds the happening (joins the one inside it) and never
    # anchors; "since March 23" stays a running total, apart from both
    span = dict(window_text="between 27 and 31 March", window_start="2022-03-27", window_end="2022-03-31")
    op = dict(window_text="from March 23 to April 3", window_start="2022-03-23", window_end="2022-04-03")
    run = dict(window_text="since March 23", window_start="2022-03-23", window_end="2022-04-05")
    c = make(claim("s", "300", article_id="a1", published="2022-04-05", place="Mayadin", **span),
             claim("d", "250", article_id="a2", published="2022-04-02", place="Mayadin", event_date="2022-03-29",
                   claimant="Other"),
             claim("o", "203", article_id="a3", published="2022-04-05", place="Syria", claimant="Army", **op),
             claim("r", "320", article_id="a4", published="2022-04-05", place="Mayadin", claimant="Third", **run))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["s", "incident_id"] == a.loc["d", "incident_id"] == a.loc["o", "incident_id"]
    assert a.loc["r", "incident_id"] != a.loc["s", "incident_id"]
    assert a.loc["s", "window_basis"] == "event date 'between 27 and 31 March'"
    assert a.loc["o", "window_basis"] == "event dates 'from March 23 to April 3'"
    assert a.loc["r", "window_basis"] == "counting window 'since March 23'"


def test_spellings_of_one_place_are_one_place():
    # a village the gazetteer does not know, spelt three ways by three outlets
    c = make(claim("a", "50", article_id="a1", place="Kel Tamo", lat=None, lon=None, event_date="2017-09-28"),
             claim("b", "60", article_id="a2", place="Keltamo", lat=None, lon=None, event_date="2017-09-28",
                   claimant="Other"),
             claim("c", "58", article_id="a3", place="Kel-Tamo", lat=None, lon=None, event_date="2017-09-28",
                   claimant="Third"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a["incident_id"].nunique() == 1
    assert set(a["place_used"]) == {"Kel Tamo"}  # the first of the tied spellings
    assert inc.spelling_key("Kel-Tamo") == inc.spelling_key("keltamo") != inc.spelling_key("Kel Tama")


def test_background_totals_are_context_not_incidents():
    c = make(claim("k", "58", article_id="a1"),
             claim("w", "more than 330000", article_id="a1", victims="people", victim_side="unknown", place="Syria",
                   window_text="since 2011", window_start="2011-01-01", window_end="2017-09-29", scope="cumulative"),
             claim("y", "14000", article_id="a2", victims="people", victim_side="unknown", place="Syria",
                   window_text="in more than a year", window_start="2016-09-29", window_end="2017-09-29"))
    tables = inc.incident_tables_all(c)
    assert set(tables["claim_incidents"]["claim_id"]) == {"k"}
    ctx = tables["context_figures"].set_index("claim_id")
    assert set(ctx.index) == {"w", "y"} and ctx.loc["w", "label"].startswith("Syria, since Jan 2011: killed")
    assert ctx.loc["w", "context_id"] != ctx.loc["y", "context_id"]


def test_wire_copy_links_the_same_figure_in_a_shared_passage_and_dates_the_twin():
    c = make(claim("a", "134", article_id="afp1", published="2024-05-26", place="Mayadin", start=100, end=120,
                   event_date="2024-05-26", date_text="Sunday"),
             claim("b", "134", article_id="afp2", published=None, place=None, start=40, end=60, date_text="Sunday"),
             claim("z", "134", article_id="afp3", published=None, place=None, start=40, end=60, claimant="Outlet Z",
                   claimant_type="outlet", outlet="Outlet Z"))
    passages = pd.DataFrame({"article_a": ["afp1"], "article_b": ["afp2"], "a_start": [90], "a_end": [200],
                             "b_start": [30], "b_end": [140]})
    arts = pd.DataFrame({"article_id": ["afp1", "afp2", "afp3"], "published": pd.to_datetime(["2024-05-26", None, None]),
                         "url": ["u1", "u2", "u3"]})
    a = inc.assign_incidents(c, passages=passages, articles=arts).set_index("claim_id")
    assert a.loc["b", "incident_id"] == a.loc["a", "incident_id"] != a.loc["z", "incident_id"]
    assert a.loc["b", "link_basis"] == "wire copy: same figure as a (afp1)"
    assert a.loc["b", "window_basis"] == "event date 'Sunday' (resolved against wire copy of afp1)"
    assert a.loc["b", "window_start"] == pd.Timestamp("2024-05-26")
    assert inc.inferred_publication(arts, passages)["afp2"] == (pd.Timestamp("2024-05-26").toordinal(), "wire copy of afp1")


def test_victims_must_be_compatible():
    c = make(claim("g", "40", victims="Russian officers", victim_side="Russia", article_id="a2"),
             claim("s", "58"),
             claim("u", "60", victims="soldiers", victim_side="unknown", article_id="a3"),
             claim("v", "30", victims="civilians", victim_side="civilians", article_id="a4"))
    # Russian and pro-government victims do not link; civilians and fighters do not link
    assert incident_sets(c.iloc[[0, 1, 3]]) == {frozenset({"g"}), frozenset({"s"}), frozenset({"v"})}
    assert not inc.victims_compatible("fighters (side unknown)", "civilians")
    # single linkage: "soldiers" of unknown side fit both sides, and join them
    assert incident_sets(c) == {frozenset({"g", "s", "u"}), frozenset({"v"})}
    # a generic figure bridges the groups of one attack
    c2 = pd.concat([c, make(claim("p", "more than 150", victims="people", victim_side="unknown", article_id="a5"))])
    assert frozenset({"s", "u", "v", "g", "p"}) in incident_sets(c2)


def test_figures_far_apart_the_same_day_are_two_happenings():
    # "2 children" and "16 people" killed the same day in one town, from two reports: the
    # figures are more than FIGURE_FACTOR apart, so place and day alone do not join them
    c = make(claim("a", "2", victims="children", victim_side="civilians", event_date="2017-09-28"),
             claim("b", "16", victims="people", victim_side="unknown", article_id="a2", event_date="2017-09-28"),
             claim("c", "15", victims="people", victim_side="unknown", article_id="a3", event_date="2017-09-28"))
    assert incident_sets(c) == {frozenset({"a"}), frozenset({"b", "c"})}
    # vague words keep no group apart: "scores" joins either
    d = pd.concat([c, make(claim("d", "scores", victims="people", victim_side="unknown", article_id="a4",
                                 event_date="2017-09-28"))])
    assert len(incident_sets(d)) <= 2


def test_a_figure_given_against_others_keeps_no_groups_apart():
    # a village massacre: the UN says 131, the accused group "only eight", the same day and
    # place; without the denial the figures are more than FIGURE_FACTOR apart
    rows = [claim("un", "131", victims="civilians", victim_side="civilians", published="2022-11-30",
                  event_date="2022-11-29"),
            claim("m", "8", claimant="Local activists", claimant_type="activist", victims="civilians",
                  victim_side="civilians", published="2022-11-30", article_id="a2", event_date="2022-11-29")]
    assert len(incident_sets(make(*rows))) == 2
    rows[1]["disputes"] = True
    assert incident_sets(make(*rows)) == {frozenset({"un", "m"})}
    # the denial's figure counts in the spread: it is the disagreement to show
    r = inc.reconcile(make(*rows))
    assert r["low"] == 8 and "Local activists: 8 (disputing)" in r["claimants"]


def test_an_articles_own_figures_bring_its_group_back_to_the_others():
    # one article gives 8 (dated) and 1,000 for the village; another article's 131 anchors the
    # same day there. The 8 anchors apart (more than FIGURE_FACTOR from 131) and the 1,000 joins
    # it (same article; it is too far from 131 to go there by place and time): the group of 8
    # and 1,000 is then tried again and joins the 131, which lies between its figures
    c = make(claim("x", "131", victims="civilians", victim_side="civilians", published="2022-11-30",
                   event_date="2022-11-29"),
             claim("y", "8", victims="civilians", victim_side="civilians", published="2022-11-30", article_id="a2",
                   event_date="2022-11-29", start=10),
             claim("z", "1000", victims="civilians", victim_side="civilians", published="2022-11-30", article_id="a2",
                   start=50))
    assert incident_sets(c) == {frozenset({"x", "y", "z"})}


def test_the_wounded_go_where_the_killed_beside_them_went():
    # two reports of one strike, each "killed N and wounded M" in one sentence; the second
    # places its wounded at the hospital town far away and gives them no date
    c = make(claim("k1", "10", event_date="2017-09-28", sentence_id=0),
             claim("w1", "20", kind="wounded", event_date="2017-09-28", sentence_id=0, start=30),
             claim("k2", "12", article_id="a2", event_date="2017-09-28", sentence_id=0),
             claim("w2", "25", kind="wounded", article_id="a2", place="Damascus", sentence_id=0, start=30),
             # another happening the same day: killed and wounded at Mayadin
             claim("k3", "40", article_id="a3", place="Mayadin", event_date="2017-09-28", sentence_id=2),
             claim("w3", "30", kind="wounded", article_id="a3", place="Mayadin", event_date="2017-09-28",
                   sentence_id=2, start=30))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["w1", "incident_id"] == a.loc["w2", "incident_id"] != a.loc["w3", "incident_id"]
    assert "beside the same incident of another kind" in a.loc["w2", "link_basis"]
    # in separate sentences, nothing ties them
    c2 = c.copy()
    c2.loc[c2["claim_id"] == "w2", "sentence_id"] = 5
    a2 = inc.assign_incidents(c2).set_index("claim_id")
    assert a2.loc["w1", "incident_id"] != a2.loc["w2", "incident_id"]



def test_the_wounded_follow_their_articles_killed_and_a_subsets_parent():
    # article a2 gives "12 killed, including 3 children, and 25 wounded": the wounded stand
    # nearest the subset, whose parent is the 12
    c = make(claim("k1", "10", event_date="2017-09-28", sentence_id=0),
             claim("w1", "20", kind="wounded", event_date="2017-09-28", sentence_id=0, start=30),
             claim("k2", "12", article_id="a2", event_date="2017-09-28", sentence_id=0, start=0),
             claim("k2c", "3", article_id="a2", victims="children", victim_side="civilians", subset_of="k2",
                   sentence_id=0, start=20),
             claim("w2", "25", kind="wounded", article_id="a2", place="Damascus", sentence_id=0, start=30),
             # article a3 (no date at all) gives its killed in one sentence and its wounded,
             # with no place of their own, in another: they go where its killed went
             claim("k3", "11", article_id="a3", published=None, sentence_id=0),
             claim("w3", "22", kind="wounded", article_id="a3", published=None, place=None, place_source=None,
                   sentence_id=4, start=300))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["w1", "incident_id"] == a.loc["w2", "incident_id"] == a.loc["w3", "incident_id"]
    assert a.loc["k1", "incident_id"] == a.loc["k2", "incident_id"] == a.loc["k3", "incident_id"]


def test_a_subset_of_another_kind_links_on_its_own_with_its_parents_date():
    # "160 wounded on Friday, of whom 25 later died": the 25 killed are not in the wounded
    # incident (an incident holds one kind) but keep the parent's day
    c = make(claim("w", "160", kind="wounded", event_date="2017-09-22"),
             claim("k", "25", subset_of="w"),
             claim("k2", "24", article_id="a2", event_date="2017-09-22"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["k", "incident_id"] != a.loc["w", "incident_id"]
    assert a.loc["k", "incident_id"] == a.loc["k2", "incident_id"]
    assert "parent claim w" in a.loc["k", "window_basis"]


def test_a_place_the_gazetteer_cannot_locate_gives_way_to_the_articles_main_place():
    c = make(claim("h", "12", place="Al-Nour Hospital", event_date="2017-09-28"),
             claim("s", "58", event_date="2017-09-28"),
             claim("o", "14", article_id="a2", event_date="2017-09-28"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["h", "place_used"] == "Sukhna" and "not in the gazetteer" in a.loc["h", "place_basis"]
    assert a.loc["h", "incident_id"] == a.loc["o", "incident_id"]


def test_kinds_are_never_merged():
    c = make(claim("k", "2"), claim("w", "2", kind="wounded"), claim("c", "2", kind="captured"))
    assert len(incident_sets(c)) == 3


def test_article_wide_place_takes_the_articles_main_place():
    c = make(claim("c1", "more than 58", article_id="aj", place="Deir ez-Zor", place_source="article"),
             claim("c2", "around 100", article_id="aj", **IS),
             claim("c3", "58", article_id="out"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["c1", "place_used"] == "Sukhna" and a.loc["c1", "place_basis"] == "article main place"
    assert a["incident_id"].nunique() == 1


def test_deterministic_and_order_free():
    c = make(claim("c1", "58", article_id="a1"), claim("c2", "around 100", article_id="a2", **IS),
             claim("c3", "scores", article_id="a1", claimant="Outlet A", claimant_type="outlet"),
             claim("c4", "45", place="Damascus", article_id="a3"))
    i1, l1 = inc.incidents_tables(c)
    i2, l2 = inc.incidents_tables(c.sample(frac=1, random_state=3).reset_index(drop=True))
    pd.testing.assert_frame_equal(i1, i2)
    pd.testing.assert_frame_equal(l1, l2)
    assert set(i1["incident_id"]) == {inc.incident_hash(["c1", "c2", "c3"]), inc.incident_hash(["c4"])}
    assert tuple(i1.columns) == schemas.INCIDENTS.columns and tuple(l1.columns) == schemas.CLAIM_INCIDENTS.columns


def test_empty_claims_give_empty_tables():
    i, links = inc.incidents_tables(schemas.CLAIMS.empty())
    assert i.empty and links.empty and tuple(i.columns) == schemas.INCIDENTS.columns
    assert inc.figure_travel(schemas.CLAIMS.empty(), links).empty


# ----------------------------------------------------------------------------- figure travel
def test_figure_travel_flags_mutations():
    c = make(claim("c1", "more than 58", article_id="a1", outlet="Al Jazeera"),
             claim("c2", "at least 58", article_id="a2", outlet="Outlook"),
             claim("c3", "around 120", article_id="a3", outlet="New Arab", published="2017-09-30"),
             claim("c4", "58", article_id="a4", outlet="Blog", claimant="Blog", claimant_type="outlet", published="2017-09-30"))
    _, links = inc.incidents_tables(c)
    t = inc.figure_travel(c, links)
    assert tuple(t.columns) == schemas.FIGURE_TRAVEL.columns
    t = t.set_index("claim_id")
    assert t.loc["c1", "change"] == "first appearance"
    assert t.loc["c2", "qualifier_changed"] and not t.loc["c2", "number_changed"]
    assert t.loc["c3", "number_changed"]
    assert t.loc["c4", "claimant_dropped"] and not t.loc["c4", "attributed"]
    assert set(t["claimant"]) == {"Syrian Observatory for Human Rights"}


def test_select_incidents_by_id_or_label():
    c = make(claim("c1", "58"), claim("c4", "45", place="Damascus", article_id="a3"))
    table, _ = inc.incidents_tables(c)
    assert len(inc.select_incidents(table, [])) == 2
    assert inc.select_incidents(table, ["damascus"])["place"].tolist() == ["Damascus"]
    iid = table["incident_id"].iloc[0]
    assert inc.select_incidents(table, [iid])["incident_id"].tolist() == [iid]
    with pytest.raises(ParameterError, match="no incident matches"):
        inc.select_incidents(table, ["Aleppo"])


def test_rule_names_are_the_schema_values():
    names = {inc.rule_name(r, p) for r in inc.RULES for p in (False, True)}
    assert names == set(schemas.RECONCILIATION_RULES)


def test_report_checks_the_rule_parameter():
    with pytest.raises(ParameterError, match="rule"):
        report.validate_parameters({"rule": "median"})
    per_nb = report.validate_parameters({"rule": "acled", "incidents": "Sukhna, Jobar"})
    assert per_nb["02-casualty-comparison"] == {"rule": "acled", "incidents": ["Sukhna", "Jobar"]}


# ----------------------------------------------------------------------------- the bundled corpus
@pytest.fixture(scope="module")
def corpus_tables(seed_claims):
    table, links = inc.incidents_tables(seed_claims)
    return seed_claims.merge(links, on="claim_id", suffixes=("_claim", "")), table


def pick(members: pd.DataFrame, outlet: str, text: str, claimant: str | None = None) -> pd.DataFrame:
    hit = members[(members["outlet"] == outlet) & (members["count_text"].str.casefold() == text.casefold())]
    if claimant:
        hit = hit[hit["claimant"].str.contains(claimant, case=False, regex=False)]
    assert len(hit) >= 1, (outlet, text, claimant)
    return hit


def incident_of(members, outlet, text, claimant=None) -> str:
    ids = set(pick(members, outlet, text, claimant)["incident_id"])
    assert len(ids) == 1, (outlet, text, ids)
    return ids.pop()


def test_corpus_sukhna_attack_is_one_incident(corpus_tables):
    m, table = corpus_tables
    sukhna = incident_of(m, "Al Jazeera", "more than 58", "Observatory")
    members = [("Outlook India", "58", "Observatory"), ("Outlook India", "at least 58", "Observatory"),
               ("The New Arab", "around 120", "Observatory"), ("Al Jazeera", "around 100", "Islamic State"),
               ("Outlook India", "scores", "Islamic State"), ("The New Arab", "scores", "The New Arab")]
    for outlet, text, who in members:
        assert incident_of(m, outlet, text, who) == sukhna, (outlet, text)
    mine = m[m["incident_id"] == sukhna]
    is_claims = mine[mine["claimant"] == "Islamic State"]
    assert len(is_claims) == 2 and is_claims["party_claim_about_enemy"].all() and not is_claims["counted"].any()
    row = table.set_index("incident_id").loc[sukhna]
    assert "Sukhna" in row["label"] and row["n_outlets"] == 3 and row["n_party_claims"] == 2
    # Thursday 28 September (the attack) to Friday 29 (tolls given); undated claims may be dated by publication (30th)
    assert row["date_start"] == pd.Timestamp("2017-09-28") and row["date_end"] <= pd.Timestamp("2017-09-30")
    assert row["best_claimant"] == "Syrian Observatory for Human Rights"
    assert row["best"] == 120 and row["rule"] == "ucdp; party claims excluded"
    # the Observatory's 58 was carried by two outlets
    assert pick(mine, "Outlook India", "58", "Observatory")["n_outlets"].iloc[0] == 2


def test_corpus_other_incidents_are_separate(corpus_tables):
    m, table = corpus_tables
    sukhna = incident_of(m, "Al Jazeera", "more than 58", "Observatory")
    jobar = incident_of(m, "EA WorldView", "45", "Russian correspondent")
    assert incident_of(m, "EA WorldView", "50", "Failaq") == jobar
    assert incident_of(m, "EA WorldView", "dozens", "Failaq") == jobar
    idlib = incident_of(m, "EA WorldView", "more than 150")
    deir_2016 = {incident_of(m, "The World Beast", t) for t in ("more than 150", "around 40", "130", "dozens")}
    assert len(deir_2016) == 1
    deir_2016 = deir_2016.pop()
    general = m[m["victims"].str.contains("general", case=False, na=False)]["incident_id"]
    captured = m[(m["kind"] == "captured") & m["victims"].str.contains("Russian", na=False)]["incident_id"]
    assert len(general) == 1 and len(captured) == 1
    ids = [sukhna, jobar, idlib, deir_2016, general.iloc[0], captured.iloc[0]]
    assert len(set(ids)) == 6
    sizes = m.groupby("incident_id").size()
    assert sizes[general.iloc[0]] == 1 and sizes[captured.iloc[0]] == 1 and sizes[idlib] == 1
    labels = table.set_index("incident_id")["label"]
    assert "Ein Tarma" in labels[jobar] and "Idlib" in labels[idlib] and "2016" in labels[deir_2016]


def test_corpus_reconciled_figures(corpus_tables):
    m, table = corpus_tables
    t = table.set_index("incident_id")
    jobar = t.loc[incident_of(m, "EA WorldView", "45", "Russian correspondent")]
    assert (jobar["low"], jobar["best"], jobar["high"]) == (45, 45, 45) and jobar["n_party_claims"] == 3
    deir = t.loc[incident_of(m, "The World Beast", "around 40")]
    assert (deir["low"], deir["best"], deir["high"]) == (151, 170, 170)
    idlib = t.loc[incident_of(m, "EA WorldView", "more than 150")]
    assert idlib["high_open"] and idlib["best"] == 151


def test_corpus_figure_travel(seed_claims, corpus_tables):
    m, _ = corpus_tables
    travel = inc.figure_travel(seed_claims, m[list(schemas.CLAIM_INCIDENTS.columns)])
    sohr = travel[travel["claimant"] == "Syrian Observatory for Human Rights"]
    assert sohr["qualifier_changed"].any() and sohr["number_changed"].any()
    failaq = travel[travel["claimant"] == "Failaq al-Rahman"]
    dropped = failaq[failaq["claimant_dropped"]]
    assert len(dropped) == 1 and dropped["in_headline"].all()  # "Rebel Attack ... Kills Dozens of Regime Troops"


def test_pipeline_writes_incident_tables(articles):
    assert {"incidents", "claim_incidents", "figure_travel"} <= set(pipeline.TABLES)
    tables = pipeline.tables_from_articles(articles)
    for name in ("incidents", "claim_incidents", "figure_travel"):
        assert tuple(tables[name].columns) == schemas.ALL[name].columns
    assert set(tables["claim_incidents"]["claim_id"]) == set(tables["claims"]["claim_id"])
    assert len(tables["incidents"]) == tables["claim_incidents"]["incident_id"].nunique()


def test_incident_chart_and_coverage(seed_claims, corpus_tables, articles):
    from newslib.present import plots

    m, table = corpus_tables
    row = table.set_index("incident_id").loc[incident_of(m, "Al Jazeera", "more than 58", "Observatory")]
    incident = dict(row, incident_id=row.name)
    members = inc.incident_claims(seed_claims, m[list(schemas.CLAIM_INCIDENTS.columns)], row.name)
    fig = plots.incident_figures(members, incident)
    assert "reconciled" in fig.axes[0].get_title() and report.figure_png(fig)[:4] == b"\x89PNG"
    cov = inc.coverage_matrix(members, inc.incident_outlets(articles, incident))
    # EA WorldView published in the window but gave no figure for this attack: a row of blanks
    assert "EA WorldView" in cov.index and (cov.loc["EA WorldView"] == "").all()
    assert cov.loc["Outlook India", "Syrian Observatory for Human Rights: 58"] == "58; at least 58"


def test_large_tables_are_reconciled_in_blocks_with_the_same_result(raw_dir, monkeypatch):
    """Above BLOCK_CLAIMS claims, reconciliation runs a block of whole incidents at a time
    (bounded memory); the tables are those of one pass over everything."""
    claims = pipeline.extract(raw_dir, corrections=False)["claims"]
    # a second corpus, a year later, with the same claims
    later = claims.assign(claim_id="y" + claims["claim_id"], article_id="y" + claims["article_id"],
                          subset_of=("y" + claims["subset_of"]).where(claims["subset_of"].notna()),
                          published=claims["published"] + pd.Timedelta(days=365),
                          event_date=claims["event_date"] + pd.Timedelta(days=365),
                          event_date_end=claims["event_date_end"] + pd.Timedelta(days=365),
                          window_start=claims["window_start"] + pd.Timedelta(days=365),
                          window_end=claims["window_end"] + pd.Timedelta(days=365))
    both = pd.concat([claims, later], ignore_index=True)
    whole = inc.incident_tables_all(both)
    monkeypatch.setattr(inc, "BLOCK_CLAIMS", 3)
    blocks = list(inc.iter_incident_blocks(both))
    assert len(blocks) >= 2
    for name, table in inc.incident_tables_all(both).items():
        pd.testing.assert_frame_equal(whole[name], table)
    # joined from typed blocks: already in the schema's types
    pd.testing.assert_frame_equal(whole["incidents"], schemas.INCIDENTS.conform(whole["incidents"]))
    pd.testing.assert_frame_equal(whole["claim_incidents"], schemas.CLAIM_INCIDENTS.conform(whole["claim_incidents"]))
    # the later copies never join the earlier incidents
    m = whole["claim_incidents"].merge(both[["claim_id", "article_id"]], on="claim_id")
    mixed = m.groupby("incident_id")["article_id"].agg(lambda s: len({a.startswith("y") for a in s}))
    assert (mixed == 1).all()


def test_corpus_sukhna_row_shows_the_spread_and_the_revision(corpus_tables):
    m, table = corpus_tables
    row = table.set_index("incident_id").loc[incident_of(m, "Al Jazeera", "more than 58", "Observatory")]
    assert (row["stated_low"], row["stated_high"]) == (58, 120)
    assert (row["independent_low"], row["independent_high"], row["best"]) == (120, 120, 120)
    assert (row["party_low"], row["party_high"]) == (100, 100)
    assert row["ratio"] == pytest.approx(120 / 58, abs=1e-3)
    assert row["grade"] == "single source" and "Islamic State" in row["grade_reason"]
    who = row["claimants"]
    assert "Syrian Observatory for Human Rights: more than 58" in who and "(30 Sep, current)" in who
    assert "Islamic State (party): around 100" in who
    # with either rule and party claims in or out, the spread stays in the row
    for rule in ("ucdp", "acled"):
        for party in (False, True):
            t, _ = inc.incidents_tables(m[list(schemas.CLAIMS.columns)], rule=rule, include_party_claims=party)
            r = t.set_index("incident_id").loc[row.name]
            assert (r["stated_low"], r["stated_high"]) == (58, 120)


def test_corpus_every_claim_is_in_an_incident_or_a_context_figure(seed_claims):
    t = inc.incident_tables_all(seed_claims)
    placed = set(t["claim_incidents"]["claim_id"]) | set(t["context_figures"]["claim_id"])
    assert placed == set(seed_claims["claim_id"])
    assert not set(t["claim_incidents"]["claim_id"]) & set(t["context_figures"]["claim_id"])
    assert t["claim_incidents"]["link_basis"].notna().all()


def test_daily_reports_at_one_place_do_not_chain_into_one_incident():
    # a dense month: a toll at Sukhna every day for ten days, from different outlets; each
    # day is within `days` of the next, but the first and the last are nine days apart
    days = pd.date_range("2017-09-01", periods=10)
    c = make(*[claim(f"d{k}", str(5 + k), article_id=f"a{k}", outlet=f"Outlet {k}", event_date=str(d.date()),
                     published=str(d.date()), date_precision="day") for k, d in enumerate(days)])
    a = inc.assign_incidents(c).merge(c[["claim_id", "event_date"]], on="claim_id")
    spans = a.groupby("incident_id")["event_date"].agg(lambda s: (s.max() - s.min()).days)
    assert spans.max() <= 1  # no incident holds two days further apart than `days`
    assert a["incident_id"].nunique() >= 5
    # the same holds for undated reports of one place published over a month
    u = make(*[claim(f"u{k}", str(5 + k), article_id=f"b{k}", outlet=f"Outlet {k}",
                     published=str((pd.Timestamp("2017-09-01") + pd.Timedelta(days=3 * k)).date()))
               for k in range(10)])
    b = inc.assign_incidents(u).merge(u[["claim_id", "published"]], on="claim_id")
    spans = b.groupby("incident_id")["published"].agg(lambda s: (s.max() - s.min()).days)
    assert spans.max() <= inc.UNDATED_DAYS


def test_figure_identity_needs_a_compatible_place():
    # the Observatory's "12 killed" at Idlib is not its "12 killed" at Sukhna
    c = make(claim("s", "12", event_date="2017-09-28", date_precision="day"),
             claim("i", "12", article_id="a2", place="Idlib", published="2017-09-30"))
    assert inc.assign_incidents(c).set_index("claim_id")["incident_id"].nunique() == 2


def test_a_subset_that_wire_copy_links_elsewhere_stays_there():
    # afp1: "134 killed in two weeks ... among them one aid worker" (a subset); afp2 carries
    # the aid worker's death as its own news on Saturday, in a passage shared with afp1: the
    # subset follows that evidence instead of pulling the Saturday incident into the toll
    c = make(claim("t", "134", article_id="afp1", published="2024-05-26", place="Mayadin", start=10, end=20,
                   window_text="in two weeks", window_start="2024-05-12", window_end="2024-05-26"),
             claim("s", "1", article_id="afp1", published="2024-05-26", place="Mayadin", start=100, end=110,
                   victims="aid worker", victim_side="civilians", subset_of="t"),
             claim("w", "1", article_id="afp2", published="2024-05-26", place="Mayadin", start=40, end=50,
                   victims="aid worker", victim_side="civilians",
                   event_date="2024-05-25", date_text="Saturday"))
    passages = pd.DataFrame({"article_a": ["afp1"], "article_b": ["afp2"], "a_start": [90], "a_end": [200],
                             "b_start": [30], "b_end": [140]})
    arts = pd.DataFrame({"article_id": ["afp1", "afp2"], "published": pd.to_datetime(["2024-05-26", "2024-05-26"]),
                         "url": ["u1", "u2"]})
    a = inc.assign_incidents(c, passages=passages, articles=arts).set_index("claim_id")
    assert a.loc["s", "incident_id"] == a.loc["w", "incident_id"] != a.loc["t", "incident_id"]
    # twins that are both subsets (the same wire sentence in two articles) still join their parents
    c2 = make(claim("t", "134", article_id="afp1", published="2024-05-26", start=10, end=20),
              claim("s", "20", article_id="afp1", published="2024-05-26", start=100, end=110,
                    victims="officers", subset_of="t"),
              claim("t2", "134", article_id="afp2", published="2024-05-26", start=10, end=20),
              claim("s2", "20", article_id="afp2", published="2024-05-26", start=40, end=50,
                    victims="officers", subset_of="t2"))
    b = inc.assign_incidents(c2, passages=passages, articles=arts).set_index("claim_id")
    assert b["incident_id"].nunique() == 1


def test_a_shared_background_paragraph_does_not_make_twins():
    # two statements of one agency a week apart share their boilerplate, not their news
    c = make(claim("a", "85", article_id="msf1", published="2024-05-20", start=100, end=120),
             claim("b", "56", article_id="msf2", published=None, start=40, end=60))
    passages = pd.DataFrame({"article_a": ["msf1"], "article_b": ["msf2"], "a_start": [300], "a_end": [500],
                             "b_start": [200], "b_end": [400]})
    arts = pd.DataFrame({"article_id": ["msf1", "msf2"], "published": pd.to_datetime(["2024-05-20", None])})
    assert "msf2" in inc.inferred_publication(arts, passages)  # without claims: any shared passage
    assert "msf2" not in inc.inferred_publication(arts, passages, c)
    # the same figure inside the shared passage on both sides: the same news
    same = pd.DataFrame({"article_a": ["msf1"], "article_b": ["msf2"], "a_start": [90], "a_end": [200],
                         "b_start": [30], "b_end": [140]})
    c2 = make(claim("a", "85", article_id="msf1", published="2024-05-20", start=100, end=120),
              claim("b", "85", article_id="msf2", published=None, start=40, end=60))
    assert inc.inferred_publication(arts, same, c2)["msf2"][1] == "wire copy of msf1"


def test_the_rest_of_an_article_follows_its_claims_that_place_and_time_brought_in():
    # a local report: "more than 120 wounded", then counts by hospital (30, 6)
    c = make(claim("t", "520", kind="wounded", event_date="2016-10-08"),
             claim("t2", "534", kind="wounded", article_id="a2", event_date="2016-10-08"),
             claim("l", "more than 120", kind="wounded", article_id="loc", published="2016-10-09"),
             claim("h1", "30", kind="wounded", article_id="loc", published="2016-10-09", start=50, end=60),
             claim("h2", "6", kind="wounded", article_id="loc", published="2016-10-09", start=80, end=90))
    assert inc.assign_incidents(c)["incident_id"].nunique() == 1


def test_an_article_main_place_is_the_most_specific_place_its_mentions_support():
    # "in Mayadin, Deir ez-Zor" once and "in Deir ez-Zor Province" twice: the province mentions
    # support Mayadin, so the hospital the gazetteer cannot place is put in Mayadin
    c = make(claim("m", "12", place="Mayadin", article_id="a1"),
             claim("p1", "14", place="Deir ez-Zor Province", article_id="a1", start=20, end=21),
             claim("p2", "15", place="Deir ez-Zor Province", article_id="a1", start=40, end=41),
             claim("h", "3", place="Al-Nour Hospital", article_id="a1", start=60, end=61))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["h", "place_used"] == "Mayadin"


def test_an_undated_claim_prefers_a_like_figure_at_its_place_and_time_over_its_articles_toll():
    # article "t" gives a two-week toll (123) and, undated, one aid worker killed; article "s"
    # says one aid worker was killed on Saturday at the same town: the one death goes with
    # Saturday's incident, not into the toll 123 times its size
    c = make(claim("toll", "123", victims="people", victim_side="unknown", article_id="t", published="2017-09-26",
                   window_text="in the past two weeks",
                   window_start="2017-09-12", window_end="2017-09-26", event_date=None),
             claim("t1", "1", victims="aid worker", victim_side="unknown", article_id="t", published="2017-09-26",
                   start=50, end=51),
             claim("s1", "1", victims="staff member", victim_side="unknown", article_id="s", published="2017-09-26",
                   event_date="2017-09-23"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["t1", "incident_id"] == a.loc["s1", "incident_id"] != a.loc["toll", "incident_id"]
    # with no like figure elsewhere, the claim still joins its article's incident
    b = inc.assign_incidents(c[c.claim_id != "s1"]).set_index("claim_id")
    assert b.loc["t1", "incident_id"] == b.loc["toll", "incident_id"]


def test_an_attached_claim_that_becomes_its_groups_root_keeps_the_group_open_to_its_article():
    # "a1" (a province, dated) attaches to the town's incident and, its id sorting first, becomes
    # the group's root; its article's undated claim "a2" must still find that incident
    c = make(claim("z1", "40", place="Mayadin", article_id="x", event_date="2017-09-28"),
             claim("a1", "41", place="Deir ez-Zor Province", article_id="p", event_date="2017-09-28"),
             claim("a2", "more than 40", place="Deir ez-Zor Province", article_id="p", start=30, end=31,
                   claimant="Outlet P", claimant_type="outlet"),
             claim("y1", "39", place="Deir ez-Zor", article_id="y", event_date="2017-09-28"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["a2", "incident_id"] == a.loc["a1", "incident_id"] == a.loc["z1", "incident_id"]


def test_an_undated_country_claim_does_not_join_a_happening_that_ended_weeks_before():
    # "ten killed in Syria" published in June is not March's strike in Idlib by place alone
    c = make(claim("m", "12", place="Idlib", article_id="mar", published="2017-03-10", event_date="2017-03-09"),
             claim("j", "10", place="Syria", article_id="jun", published="2017-06-28", claimant="Outlet J",
                   claimant_type="outlet"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["j", "incident_id"] != a.loc["m", "incident_id"]


def test_an_undated_country_claim_joins_the_province_group_inside_it():
    # undated claims of one week: two at a province, one at the country that contains it
    c = make(claim("p1", "10", place="Deir ez-Zor Province", article_id="a1", published="2017-06-27"),
             claim("p2", "11", place="Deir ez-Zor Province", article_id="a2", published="2017-06-28"),
             claim("s", "10", place="Syria", article_id="a3", published="2017-06-28", claimant="Outlet C",
                   claimant_type="outlet"))
    assert inc.assign_incidents(c)["incident_id"].nunique() == 1


def test_an_undated_city_claim_joins_a_recent_happening_but_not_one_of_years_before():
    # "12 were killed in Mayadin", undated: the strike there of the month before, by place and
    # time; the same words published two years after it say nothing of which happening
    strike = claim("m", "12", place="Mayadin", article_id="mar", published="2017-03-10", event_date="2017-03-09")
    recent = claim("r", "12", place="Mayadin", article_id="apr", published="2017-04-05", claimant="Outlet R",
                   claimant_type="outlet")
    late = claim("l", "12", place="Mayadin", article_id="late", published="2019-04-05", claimant="Outlet L",
                 claimant_type="outlet")
    a = inc.assign_incidents(make(strike, recent, late)).set_index("claim_id")
    assert a.loc["r", "incident_id"] == a.loc["m", "incident_id"]
    assert a.loc["l", "incident_id"] != a.loc["m", "incident_id"]


def test_time_range_holds_every_incident_a_claim_can_fit():
    # the place index is bucketed by time: each claim's range must hold every incident that
    # ``_fits`` would accept (a necessary condition), for every kind of period
    rows = [claim("e", "10", place="Mayadin", article_id="a", published="2017-03-12", event_date="2017-03-10"),
            claim("p", "40", place="Mayadin", article_id="b", published="2017-03-30", window_text="since March 1",
                  window_start="2017-03-01", window_end="2017-03-30"),
            claim("u", "10", place="Mayadin", article_id="c", published="2017-05-20"),
            claim("b", "10", place="Mayadin", article_id="d", published="2017-04-20", event_date_end="2017-04-02",
                  date_text="before April 2")]
    recs, _ = inc.link(make(*rows))
    L = inc._Linker(recs, 25.0, 1)
    for r in recs:
        span = L._time_range(r)
        if span is None:
            continue
        lo, hi = span
        for ws in range(lo - 400, hi + 400, 3):
            for length in (0, 2, 20, 80):
                p = {"kind": r.kind, "victims": {r.victims}, "places": {}, "ptypes": {"event", "period"},
                     "ws": ws, "we": ws + length}
                if L._fits(r, p, "place and time"):
                    assert ws <= hi and ws + length >= lo, (r.cid, ws, length, span)


def test_a_count_of_bodies_or_of_them_is_no_victim_group_added_to_the_toll():
    # "AFP saw 20 bodies lying there", "twelve of them died in hospital": the same dead as the
    # toll of 50, not groups to add to it
    c = make(claim("t", "50", victims="people", victim_side="unknown", article_id="a1"),
             claim("b", "at least 20", victims="bodies grouped and lying", victim_side="unknown", article_id="a2",
                   claimant="Wire", claimant_type="outlet"),
             claim("h", "12", victims="them", victim_side="unknown", article_id="a3", claimant="Governor",
                   claimant_type="government"))
    incidents, _ = inc.incidents_tables(c)
    assert len(incidents) == 1
    assert incidents.iloc[0]["best"] == 50


def test_a_village_known_by_its_area_is_inside_that_area_and_apart_from_other_places():
    # a village the gazetteer lacks carries its state's coordinates (``gazetteer.local_places``)
    village = inc.Place("Rafin Gabasawa", 10.5, 7.896)
    assert inc.facts_of(village).ancestors[:2] == ("Kaduna State", "Nigeria")
    assert inc.places_compatible(village, inc.Place("Kaduna State", 10.5, 7.896))
    assert inc.places_compatible(village, inc.Place("Nigeria", None, None))
    assert not inc.places_compatible(village, inc.Place("Dogon Rafi", 10.5, 7.896))  # another village of the state
    assert not inc.places_compatible(village, inc.Place("Kano", 12.0, 8.52))
    # "in Kaduna" may mean the city or Kaduna State: a village of the state is compatible with it
    assert inc.places_compatible(village, inc.Place("Kaduna", 10.52, 7.44))
    assert not inc.places_compatible(inc.Place("Zaria", 11.11, 7.72), inc.Place("Kaduna", 10.52, 7.44))


def test_reports_of_a_village_and_of_its_namesake_city_are_one_happening():
    # one outlet writes "a village in Kaduna", another names the village
    c = make(claim("a", "85", place="Kaduna", lat=10.52, lon=7.44, article_id="a1", published="2023-12-05",
                   event_date="2023-12-03"),
             claim("b", "85", place="Rafin Gabasawa", lat=10.5, lon=7.896, article_id="a2", published="2023-12-05",
                   claimant="Outlet B", claimant_type="outlet", event_date="2023-12-03"),
             claim("z", "85", place="Zaria", lat=11.11, lon=7.72, article_id="a3", published="2023-12-05",
                   claimant="Outlet Z", claimant_type="outlet", event_date="2023-12-03"))
    assert incident_sets(c) == {frozenset({"a", "b"}), frozenset({"z"})}


def test_two_spellings_of_one_village_of_one_area_are_one_place():
    # one outlet misspells the village (a letter more): same state, names alike, one place
    assert inc.places_compatible(inc.Place("Rafin Gabbasawa", 10.5, 7.896), inc.Place("Rafin Gabasawa", 10.5, 7.896))
    # another village of the state, or the same name in another state, is not
    assert not inc.places_compatible(inc.Place("Rafin Gabasawa", 10.5, 7.896), inc.Place("Rafin Kaura", 10.5, 7.896))
    assert not inc.places_compatible(inc.Place("Rafin Gabbasawa", 12.0, 8.52), inc.Place("Rafin Gabasawa", 10.5, 7.896))


# ----------------------------------------------------------------------------- one long article
def _long_article_claims(n: int = 240) -> pd.DataFrame:
    """One article: dated claims at towns (anchors), at a province and a country (attached), some
    without a date or a place, figures and days varying."""
    import random

    rnd = random.Random(11)
    towns = ["Sukhna", "Deir ez-Zor", "Mayadin", "Damascus", "Ein Tarma", "Idlib"]
    rows = []
    for k in range(n):
        shape = k % 6
        day = f"2017-09-{1 + rnd.randrange(20):02d}"
        place = (rnd.choice(towns) if shape < 3 else "Deir ez-Zor Province" if shape == 3 else
                 "Syria" if shape == 4 else None)
        kw = dict(article_id="long", start=100 * k, end=100 * k + 30, sentence_id=k,
                  place=place, place_source="sentence" if place else None)
        if place is None or place == "Syria":
            kw.update(lat=None, lon=None)
        if shape != 5 or k % 12 == 5:
            kw.update(event_date=day, date_text="on that day", date_precision="day")
        rows.append(claim(f"c{k:04d}", str(rnd.choice([3, 5, 12, 40, 58, 120])), **kw))
    return make(*rows)


def test_attachment_by_place_index_matches_trying_every_incident_of_the_article(monkeypatch):
    # a claim of a long article is tried only against its article's incidents at a compatible
    # place: the groups are those of trying every incident of the article
    c = _long_article_claims()
    fast = inc.assign_incidents(c)
    monkeypatch.setattr(inc, "ARTICLE_PLACE_INDEX", False)
    plain = inc.assign_incidents(c)
    pd.testing.assert_frame_equal(fast, plain)
    assert fast["link_basis"].str.startswith("attached").sum() >= 10  # the attachment path is exercised
    assert fast["incident_id"].nunique() > 10


def test_place_caches_are_forgotten_with_the_lexicons():
    inc.place_facts("Sukhna")
    inc.namesake_area("Kaduna")
    assert inc.place_facts.cache_info().currsize and inc.namesake_area.cache_info().currsize
    lexicons.clear_cache()
    assert inc.place_facts.cache_info().currsize == 0 and inc.namesake_area.cache_info().currsize == 0


def test_a_tie_between_an_articles_places_goes_to_the_place_its_other_claims_carry():
    # one claim in Sukhna, one in Mayadin (another happening the article mentions); the two
    # claims with no place of their own were given Sukhna by the extractor (the article's lead):
    # the main place is Sukhna, not the first name of the alphabet
    c = make(claim("s", "50", place="Sukhna", start=10, end=11),
             claim("m", "9", place="Mayadin", start=900, end=901, event_date="2017-09-28"),
             claim("u1", "about 100", place="Sukhna", place_source="article", start=300, end=301),
             claim("u2", "at least 50", place="Sukhna", place_source="article", start=400, end=401))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["u1", "place_used"] == a.loc["u2", "place_used"] == "Sukhna"
    assert a.loc["u1", "incident_id"] == a.loc["s", "incident_id"] != a.loc["m", "incident_id"]


def test_a_place_named_only_for_a_happening_long_before_is_no_main_place():
    # the article's news has no place of its own sentence; the only sentence place is that of
    # a strike seven months before publication: background, not where the news is
    c = make(claim("n", "60", place="Sukhna", place_source="article", event_date="2017-09-28"),
             claim("old", "12", place="Mayadin", start=500, end=501, event_date="2017-02-10"))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["n", "place_used"] == "Sukhna"
    assert a.loc["n", "incident_id"] != a.loc["old", "incident_id"]


def test_a_publication_month_is_no_publication_day():
    # article "m" is dated only "2017-09" (metadata month: published is the 1st, published_end
    # the 30th); its undated "around 50" at Sukhna is news of the strike of the 28th, not a
    # claim published before it happened
    c = make(claim("d", "48", event_date="2017-09-28", published="2017-09-29"),
             claim("m1", "about 50", article_id="m", published="2017-09-01"))
    arts = pd.DataFrame({"article_id": ["a1", "m"], "published": pd.to_datetime(["2017-09-29", "2017-09-01"]),
                         "published_end": pd.to_datetime(["2017-09-29", "2017-09-30"]), "url": ["u1", "u2"]})
    assert inc.partial_publication(arts) == {"m"}
    a = inc.assign_incidents(c, articles=arts).set_index("claim_id")
    assert a.loc["m1", "incident_id"] == a.loc["d", "incident_id"]
    # read as a day (no published_end), the 1st is before the strike: they stay apart
    b = inc.assign_incidents(c, articles=arts.drop(columns="published_end")).set_index("claim_id")
    assert b.loc["m1", "incident_id"] != b.loc["d", "incident_id"]


def test_a_wire_copy_of_a_background_total_is_one_too():
    # the twin kept "since then (February 2021)"; the copy lost the sentence with the date and
    # reads as an undated figure: both are background totals, neither joins the strike
    c = make(claim("s", "48", article_id="ap1", event_date="2017-09-28", published="2017-09-29"),
             claim("bg", "more than 3000", article_id="ap1", published="2017-09-29", start=100, end=120,
                   window_text="since then (February 2015)", window_start="2015-02-01", window_end="2017-09-29",
                   scope="cumulative"),
             claim("cp", "more than 3000", article_id="ap2", published="2017-09-29", start=40, end=60))
    passages = pd.DataFrame({"article_a": ["ap1"], "article_b": ["ap2"], "a_start": [90], "a_end": [200],
                             "b_start": [30], "b_end": [140]})
    arts = pd.DataFrame({"article_id": ["ap1", "ap2"], "published": pd.to_datetime(["2017-09-29", "2017-09-29"]),
                         "url": ["u1", "u2"]})
    a = inc.assign_incidents(c, passages=passages, articles=arts)
    assert set(a["claim_id"]) == {"s"}  # both totals are background, in context_figures
    tables = inc.incident_tables_all(c, passages=passages, articles=arts)
    assert {"bg", "cp"} <= set(tables["context_figures"]["claim_id"])


def test_bodies_found_on_a_day_died_on_or_before_it():
    # the strike on the 25th; "three bodies were found" on the 28th at the same place, in an
    # article whose other figure is of the strike
    c = make(claim("k", "40", event_date="2017-09-25", published="2017-09-26"),
             claim("t", "45", article_id="a2", published="2017-09-28"),
             claim("b", "3", article_id="a2", victims="bodies", victim_side="unknown", event_date="2017-09-28",
                   published="2017-09-28", start=300, end=301))
    a = inc.assign_incidents(c).set_index("claim_id")
    assert a.loc["b", "incident_id"] == a.loc["k", "incident_id"] == a.loc["t", "incident_id"]
    assert a.loc["b", "window_basis"].endswith("(bodies found)")


def test_whole_war_totals_without_a_start_join_the_one_dated_total_of_their_country():
    # invented figures: a war total 'since March 2015', another with no start ('in the war'), one counting the
    # country's people by their name ('Freedonians' style: 'Yemenis'), and its part ('including ... women and
    # children'); civilians since March 2015 are another group
    war = dict(place="Yemen", scope="cumulative", window_end="2016-10-10", victim_side="unknown")
    c = make(claim("d", "6700", article_id="a1", victims="people", window_text="since March 2015",
                   window_start="2015-03-01", **war),
             claim("u", "10000", article_id="a2", victims="people", window_text="in the war", **war),
             claim("y", "more than 10000", article_id="a3", victims="Yemenis", window_text="in the war", **war),
             claim("p", "4000", article_id="a3", victims="women and children", window_text="in the war",
                   subset_of="y", **{**war, "victim_side": "civilians"}),
             claim("c", "3800", article_id="a4", victims="civilians", window_text="since March 2015",
                   window_start="2015-03-01", **{**war, "victim_side": "civilians"}))
    ctx = inc.incident_tables_all(c)["context_figures"].set_index("claim_id")
    assert ctx.loc[["u", "y", "p"], "context_id"].tolist() == [ctx.loc["d", "context_id"]] * 3
    assert ctx.loc["c", "context_id"] != ctx.loc["d", "context_id"]
    assert set(ctx.loc[["d", "u", "y", "p"], "label"]) == {"Yemen, since Mar 2015: killed (people)"}


# ----------------------------------------------------------------------------- linking records made per partition
def _prepared_equal(c: pd.DataFrame, parts: list[list[str]], articles: pd.DataFrame | None = None) -> list:
    """``assign_incidents`` with each partition's ``prepare_links`` (articles ``parts``) equals
    it without; returns the partitions' preparations."""
    import pickle

    preps = []
    for ids in parts:
        sub = c[c["article_id"].isin(ids)].reset_index(drop=True)
        arts = None if articles is None else articles[articles["article_id"].isin(ids)]
        preps.append(pickle.loads(pickle.dumps(inc.prepare_links(sub, arts))))  # as a Dask worker sends it
    ctx_a, ctx_b = [], []
    plain = inc.assign_incidents(c, articles=articles, context_out=ctx_a)
    made = inc.assign_incidents(c, articles=articles, context_out=ctx_b, prepared=preps)
    pd.testing.assert_frame_equal(plain, made)
    assert sorted(ctx_a[0]) == sorted(ctx_b[0])
    return preps


def test_linking_records_made_per_partition_equal_the_corpus_ones():
    """Per-partition linking records (``prepare_links``, made on the Dask workers) link as the
    corpus's do: a place spelt two ways in two partitions takes the corpus's spelling (the
    articles it respells are made again), an article without a publication date of its own is
    made again, subsets keep their parents, and a dropped duplicate's records go."""
    c = make(claim("a", "50", article_id="a1", place="Kel Tamo", lat=None, lon=None, event_date="2017-09-28"),
             claim("b", "60", article_id="a2", place="Keltamo", lat=None, lon=None, event_date="2017-09-28",
                   claimant="Other"),
             claim("b2", "61", article_id="a2b", place="Keltamo", lat=None, lon=None, event_date="2017-09-28",
                   claimant="Other"),
             claim("c", "58", article_id="a3", place="Kel-Tamo", lat=None, lon=None, event_date="2017-09-28",
                   claimant="Third"),
             claim("w", "160", kind="wounded", article_id="a4", event_date="2017-09-22"),
             claim("k", "25", article_id="a4", subset_of="w"),
             claim("k2", "24", article_id="a5", event_date="2017-09-22"),
             claim("u", "11", article_id="a6", published=None, sentence_id=0),
             claim("m", "12", article_id="a7", published="2017-09-01", sentence_id=0))
    preps = _prepared_equal(c, [["a1", "a4"], ["a2", "a2b", "a5"], ["a3", "a6", "a7"]])
    assert preps[2].redo == {"a6"}  # no publication date of its own
    # the corpus's spelling, "Keltamo" (two claims, in another partition), for the three
    a = inc.assign_incidents(c, prepared=preps).set_index("claim_id")
    assert set(a.loc[["a", "b", "b2", "c"], "place_used"]) == {"Keltamo"}
    # one partition, or one per article: the same
    _prepared_equal(c, [sorted(set(c["article_id"]))])
    _prepared_equal(c, [[a] for a in sorted(set(c["article_id"]))])
    # a month known only to the month (partial metadata): made again with the corpus's dates
    arts = pd.DataFrame({"article_id": sorted(set(c["article_id"])), "published": "2017-09-01",
                         "published_end": None})
    arts.loc[arts["article_id"] == "a7", "published_end"] = "2017-09-30"
    preps = _prepared_equal(c, [["a1", "a4"], ["a2", "a2b", "a5"], ["a3", "a6", "a7"]], arts)
    assert preps[2].redo == {"a6", "a7"}
    # what the engine does with an id an earlier partition has: that article's records go
    assert {r.article for r in preps[1].without({"a2b"}).recs} == {"a2", "a5"}
    with pytest.raises(ParameterError, match="km"):
        inc.assign_incidents(c, km=10.0, prepared=preps)
