"""Reconciliation: claimant series, revisions and mutations, the honest spread, named rules and grades
(newslib.reconcile). Claims are built by hand (tests/analyse/test_incidents.py helpers)."""
import pandas as pd
import pytest

from newslib.analyse import reconcile as rec
from newslib import schemas
from tests.analyse.test_incidents import IS, claim, make


def test_a_revision_is_a_step_of_the_series_not_an_erased_figure():
    c = make(claim("a", "58", published="2017-09-29", article_id="a1", outlet="A"),
             claim("b", "more than 58", published="2017-09-29", article_id="a2", outlet="B"),
             claim("c", "around 120", published="2017-09-30", article_id="a3", outlet="C"))
    r = rec.reconcile(c)
    assert (r["independent_low"], r["independent_high"]) == (120, 120)
    assert (r["stated_low"], r["stated_high"]) == (58, 120)  # as written: "more than 58" states 58
    assert r["ratio"] == pytest.approx(120 / 58, abs=1e-3) and r["ratio_current"] == 1.0
    steps = r["series"]
    assert [(s["figure"], s["current"], s["revision"], len(s["outlets"])) for s in steps] == [
        ("58", False, False, 2), ("120", True, True, 1)]
    assert r["claims"]["a"]["reason"].startswith("revised: an earlier figure")
    assert r["claimants"] == ("Syrian Observatory for Human Rights: 58 / more than 58 (29 Sep) -> "
                              "around 120 (30 Sep, current)")


def test_two_outlets_with_different_figures_of_one_claimant_the_same_day_is_a_mutation():
    c = make(claim("a", "58", article_id="a1", outlet="A"), claim("b", "73", article_id="a2", outlet="B"),
             claim("c", "73", article_id="a3", outlet="C"))
    r = rec.reconcile(c)
    muts = {s["figure"]: s["mutation"] for s in r["series"]}
    assert muts == {"58": True, "73": True}
    # the current figure of a day with a mutation: the one most outlets carried
    assert r["best"] == 73 and r["claims"]["a"]["reason"].startswith("mutation")
    rows = rec.series_rows("i1", r)
    assert all(row["mutation"] for row in rows) and {row["n_outlets"] for row in rows} == {1, 2}


def test_party_claims_stand_apart():
    c = make(claim("o", "58"), claim("p", "around 100", article_id="a2", outlet="B", **IS))
    r = rec.reconcile(c)
    assert (r["party_low"], r["party_high"]) == (100, 100)
    assert (r["independent_low"], r["independent_high"], r["best"]) == (58, 58, 58)
    assert r["claimants"].endswith("Islamic State (party): around 100 (29 Sep)")


@pytest.mark.parametrize("rule, best", [("ucdp", 58), ("acled", 45), ("latest_independent", 70),
                                        ("median_independent", 58)])
def test_each_rule_is_named_and_sets_best(rule, best):
    c = make(claim("m", "58", published="2017-09-29"),
             claim("j", "45", claimant="A correspondent", claimant_type="journalist", published="2017-09-29"),
             claim("o", "70", claimant="Outlet C", claimant_type="outlet", outlet="Outlet C", article_id="a9",
                   published="2017-10-01"),
             claim("p", "150", article_id="a8", outlet="B", published="2017-10-02", **IS))
    r = rec.reconcile(c, rule=rule)
    assert r["best"] == best and r["rule"] == f"{rule}; party claims excluded"
    assert set(rec.RULES) == {"ucdp", "acled", "latest_independent", "median_independent"}
    assert {rec.rule_name(x, p) for x in rec.RULES for p in (False, True)} == set(schemas.RECONCILIATION_RULES)


def test_grades():
    single = rec.reconcile(make(claim("a", "58"), claim("b", "58", article_id="a2", outlet="B")))
    assert single["grade"] == "single source" and "carried by 2 outlets" in single["grade_reason"]
    corroborated = rec.reconcile(make(claim("a", "58"), claim("b", "60", claimant="UN", claimant_type="un_agency")))
    assert corroborated["grade"] == "corroborated" and corroborated["n_independent"] == 2
    contested = rec.reconcile(make(claim("a", "58"), claim("b", "150", claimant="UN", claimant_type="un_agency")))
    assert contested["grade"] == "contested" and "2.6x" in contested["grade_reason"]
    # troops and civilians are not rival counts
    groups = rec.reconcile(make(claim("a", "40"), claim("b", "130", claimant="UN", claimant_type="un_agency",
                                                         victims="civilians", victim_side="civilians")))
    assert groups["grade"] == "single source" and "per victim group" in groups["grade_reason"]
    blame = rec.reconcile(make(claim("a", "58", perpetrator="IS"),
                               claim("b", "60", claimant="UN", claimant_type="un_agency", perpetrator="the army")))
    assert blame["grade"] == "contested" and "responsibility disputed" in blame["grade_reason"]
    party = rec.reconcile(make(claim("p", "around 100", **IS)))
    assert party["grade"] == "party claims only" and party["best"] is None
    nothing = rec.reconcile(make(claim("s", "50", subset_of="zz")))
    assert nothing["grade"] == "no figure"


def test_an_unknown_party_flag_counts_as_independent():
    c = make(claim("a", "58", claimant="Some ministry", claimant_type="government", claimant_is_party=None))
    assert rec.reconcile(c)["independent_low"] == 58


def test_reconciled_tables_from_a_run_keep_the_links(seed_claims):
    from newslib.analyse import incidents

    t = incidents.incident_tables_all(seed_claims)
    again = incidents.reconciled(seed_claims, t["claim_incidents"])
    pd.testing.assert_frame_equal(again["incidents"], t["incidents"])
    pd.testing.assert_frame_equal(again["claimant_series"], t["claimant_series"])
    acled = incidents.reconciled(seed_claims, t["claim_incidents"], rule="acled")
    assert set(acled["incidents"]["incident_id"]) == set(t["incidents"]["incident_id"])
