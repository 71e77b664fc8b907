"""Claimant type and party on news of wars no lexicon covers: a government claimant of the
article's own country is a party to the conflict (a foreign one commenting is not known to be),
and a bare surname carries the type of the title its full mention was written with. Every
sentence here was written for these tests; none is copied from an article."""
from __future__ import annotations

import pandas as pd
import pytest

from newslib.extract import claimants as claimantsmod
from newslib.extract.claims import claims_from_text


def one(text: str) -> pd.Series:
    df = claims_from_text(text, outlet="Daily Test")
    assert len(df) == 1, df[["count_text", "kind", "claimant", "place"]]
    return df.iloc[0]


@pytest.mark.parametrize("text", [
    "Missiles struck a bus depot in Zaporizhzhia on Monday. "
    "At least 14 people were killed, the regional governor of Zaporizhzhia said.",
    "An air strike hit a market in Maiduguri, Borno State. The Nigerian army said 12 people were killed.",
    "An air strike hit a market in Maiduguri, Borno State. Local officials said 12 people were killed.",
    "Shelling hit a school in Kharkiv. The Ukrainian interior ministry said nine people were killed.",
])
def test_a_government_claimant_of_the_articles_own_country_is_a_party(text):
    row = one(text)
    assert row["claimant_type"] == "government"
    assert row["claimant_is_party"] == True  # noqa: E712


@pytest.mark.parametrize("text", [
    "An air strike hit a market in Maiduguri, Borno State. The US State Department said 12 people were killed.",
    "Shelling hit a school in Kharkiv. Poland's foreign ministry said nine people were killed.",
    # adjectives of nationality that no rule derives from the country's name (lexicon demonyms.csv)
    "Shelling hit a school in Kharkiv. French officials said nine people were killed.",
    "An air strike hit a market in Maiduguri, Borno State. British officials said 12 people were killed.",
])
def test_a_foreign_government_commenting_is_no_known_party(text):
    row = one(text)
    assert row["claimant_type"] == "government"
    assert pd.isna(row["claimant_is_party"])


def test_a_bare_surname_carries_the_type_of_its_titled_full_mention():
    text = ("A drone hit a clinic in Sumy on Tuesday. The strike was reported on Telegram by the head of "
            "the Sumy Regional Military Administration Ivan Petrenko. According to Petrenko, 23 people were "
            "taken to hospital.")
    row = one(text)
    assert row["claimant"].endswith("Petrenko")
    assert row["claimant_type"] == "government"
    assert row["claimant_is_party"] == True  # noqa: E712


def test_an_appositive_title_after_the_full_name_types_the_surname():
    text = ("Olena Marchuk, the governor of the province, visited the station in Sumy. "
            "According to Marchuk, 23 people were taken to hospital.")
    assert one(text)["claimant_type"] == "government"


@pytest.mark.parametrize("phrase,ctype", [
    ("the head of the regional military administration", "government"),
    ("the governor of the province", "government"),
    ("the army shelled the house of", None),
])
def test_title_type(phrase, ctype):
    assert claimantsmod.title_type(phrase) == ctype


@pytest.mark.parametrize("text,claimant", [
    ("Missiles struck a bus depot in Zaporizhzhia. Forty people were killed, including six children, "
     "the regional governor of Zaporizhzhia, Ivan Petrenko, said.", "Ivan Petrenko"),
    ("Missiles struck a bus depot in Zaporizhzhia. Forty people were killed, the mayor of the city, "
     "Olena Marchuk, said on Monday.", "Olena Marchuk"),
])
def test_a_trailing_title_and_name_after_a_clause_is_the_claimant(text, claimant):
    df = claims_from_text(text, outlet="Daily Test")
    assert set(df["claimant"]) == {claimant}
    assert set(df["claimant_type"]) == {"government"}
