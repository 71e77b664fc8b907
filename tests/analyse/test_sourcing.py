"""Whose figures each outlet carries (newslib.sourcing), on small hand-made claims tables."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslib import schemas
from newslib.errors import ParameterError
from newslib.analyse.sourcing import never_cited, sourcing_summary, sourcing_table


def claims(rows: list[tuple]) -> pd.DataFrame:
    """A CLAIMS table from (outlet, claimant, claimant_type, claimant_is_party) tuples."""
    base = {c: None for c in schemas.CLAIMS.columns}
    full = [
        {**base, "claim_id": f"c{i}", "article_id": f"art-{o}", "sentence_id": i, "start": 0, "end": 1,
         "kind": "killed", "outlet": o, "claimant": c, "claimant_type": t, "claimant_is_party": p}
        for i, (o, c, t, p) in enumerate(rows)
    ]
    return schemas.CLAIMS.conform(pd.DataFrame(full, columns=list(schemas.CLAIMS.columns)))


SOHR = ("Syrian Observatory for Human Rights", "monitor", False)
IS = ("Islamic State", "armed_group", True)
SANA = ("SANA", "state_media", True)

CLAIMS = claims([
    ("Al Jazeera", *SOHR), ("Al Jazeera", *SOHR), ("Al Jazeera", *IS), ("Al Jazeera", "Al Jazeera", "outlet", False),
    ("Outlook India", *SOHR), ("Outlook India", *SANA), ("Outlook India", *IS),
    ("The New Arab", *SOHR), ("The New Arab", "The New Arab", "outlet", False),
])


def test_sourcing_table():
    t = sourcing_table(CLAIMS)
    assert tuple(t.columns) == schemas.SOURCING.columns
    aj = t[t["outlet"] == "Al Jazeera"]
    assert aj[["claimant", "n_claims", "share", "party", "claimant_type"]].values.tolist() == [
        ["Syrian Observatory for Human Rights", 2, 0.5, False, "monitor"],
        ["Al Jazeera", 1, 0.25, False, "outlet"],
        ["Islamic State", 1, 0.25, True, "armed_group"],
    ]
    assert t.groupby("outlet")["share"].sum().sub(1).abs().lt(1e-5).all()
    assert t["outlet"].tolist() == ["Al Jazeera"] * 3 + ["Outlook India"] * 3 + ["The New Arab"] * 2


def test_sourcing_summary():
    s = sourcing_summary(CLAIMS)
    assert s.columns.tolist() == ["outlet", "n_claims", "unattributed_share", "share_party", "n_claimants"]
    assert s.values.tolist() == [
        ["Al Jazeera", 4, 0.25, 0.25, 2],
        ["Outlook India", 3, 0.0, round(2 / 3, 6), 3],
        ["The New Arab", 2, 0.5, 0.0, 1],
    ]


def test_never_cited():
    n = never_cited(CLAIMS)
    assert n.columns.tolist() == ["outlet", "claimant", "cited_by_n_outlets"]
    assert n.values.tolist() == [
        ["Al Jazeera", "SANA", 1],
        ["The New Arab", "Islamic State", 2],
        ["The New Arab", "SANA", 1],
    ]
    # an outlet without claims never cites anyone
    extra = never_cited(CLAIMS, outlets=["EA WorldView"])
    assert extra[extra["outlet"] == "EA WorldView"]["claimant"].tolist() == [
        "Syrian Observatory for Human Rights", "Islamic State", "SANA"]


def test_missing_values_and_empty_tables():
    c = claims([(None, None, "outlet", None), ("A", "X", "monitor", None)])
    t = sourcing_table(c)
    assert t[["outlet", "claimant"]].values.tolist() == [["(unknown outlet)", "(unknown claimant)"], ["A", "X"]]
    assert not t["party"].any()
    empty = schemas.CLAIMS.empty()
    assert sourcing_table(empty).empty and tuple(sourcing_table(empty).columns) == schemas.SOURCING.columns
    assert sourcing_summary(empty).empty and never_cited(empty).empty
    with pytest.raises(ParameterError):
        sourcing_table(pd.DataFrame({"outlet": ["A"]}))


def test_inputs_not_mutated():
    before = CLAIMS.copy()
    sourcing_table(CLAIMS), sourcing_summary(CLAIMS), never_cited(CLAIMS)
    pd.testing.assert_frame_equal(CLAIMS, before)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "", None]), st.text(max_size=12) | st.none(),
                          st.sampled_from(list(schemas.CLAIMANT_TYPES)), st.booleans() | st.none()),
                max_size=25))
def test_never_raises_on_arbitrary_claims(rows):
    c = claims(rows)
    t = sourcing_table(c)
    assert tuple(t.columns) == schemas.SOURCING.columns
    if len(t):
        assert t.groupby("outlet")["share"].sum().sub(1).abs().lt(1e-5).all()
        assert int(t["n_claims"].sum()) == len(rows)
    s = sourcing_summary(c)
    assert s["unattributed_share"].dropna().between(0, 1).all()
    never_cited(c)


def test_corpus_observatory_is_the_most_cited_claimant(seed_claims):
    """On the bundled corpus the Syrian Observatory is cited by more outlets and for more claims
    than any other named claimant (outlets themselves excluded)."""
    named = seed_claims[seed_claims["claimant_type"] != "outlet"]
    by_claims = named.groupby("claimant").size().sort_values(ascending=False, kind="stable")
    by_outlets = named.groupby("claimant")["outlet"].nunique().sort_values(ascending=False, kind="stable")
    assert by_claims.index[0] == "Syrian Observatory for Human Rights"
    assert by_outlets.index[0] == "Syrian Observatory for Human Rights" and by_outlets.iloc[0] >= 3
    table = sourcing_table(seed_claims)
    top = table[table["claimant_type"] != "outlet"].groupby("claimant")["n_claims"].sum().idxmax()
    assert top == "Syrian Observatory for Human Rights"
