"""Claimant conventions of the dev corpora, on news of wars no lexicon covers: the base
lexicon's generic government claimants ('officials', 'the health ministry') are parties only
when they are the article's own country's. Every sentence here was written for these tests;
none is copied from an article."""
from __future__ import annotations

import pandas as pd
import pytest

from newslib.extract.claims import claims_from_text


def one(text: str) -> pd.Series:
    df = claims_from_text(text, outlet="Daily Test")
    assert len(df) == 1, df[["count_text", "kind", "claimant", "place"]]
    return df.iloc[0]


@pytest.mark.parametrize("text, ctype", [
    ("A drone struck a market in Maiduguri, Borno State. Officials said 12 people were killed.", "government"),
    ("A drone struck a market in Maiduguri, Borno State. Authorities said 12 people were killed.", "government"),
    ("Jets bombed a wedding hall in Hodeidah, Yemen. The health ministry said 31 people were killed.",
     "hospital_or_health_authority"),
    ("Shelling hit a school in Kharkiv. Police said nine people were killed.", "government"),
])
def test_the_base_lexicons_government_claimants_are_the_home_countrys_party(text, ctype):
    row = one(text)
    assert row["claimant_type"] == ctype
    assert row["claimant_is_party"] == True  # noqa: E712


@pytest.mark.parametrize("text", [
    # a health authority that is no organ of the state: a hospital and its doctors
    "Jets bombed a wedding hall in Hodeidah, Yemen. Doctors at the city hospital said 31 people were killed.",
    # another country's ministry commenting
    "Shelling hit a school in Kharkiv. The Polish health ministry said nine people were killed.",
])
def test_no_party_for_a_hospital_nor_for_another_countrys_ministry(text):
    assert one(text)["claimant_is_party"] is not True


def test_a_generic_official_with_no_country_in_the_article_stays_unknown():
    row = one("Officials said 12 people were killed in the attack.")
    assert row["claimant_type"] == "government"
    assert pd.isna(row["claimant_is_party"])
