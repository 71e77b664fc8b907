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


# ----------------------------------------------------------------------------- a report going on
def claimants_of(text: str) -> list[tuple[str, str]]:
    df = claims_from_text(text, outlet="Daily Test")
    return list(zip(df["count_text"], df["claimant"]))


def test_a_person_described_by_a_participle_is_the_head_noun():
    text = ("Jets bombed the village of Tanko on Monday.\n\nA villager helping to bury the dead, who asked "
            "not to be named, said his team counted 71 bodies by Friday.")
    assert claimants_of(text) == [("71", "villager")]


def test_the_report_goes_on_over_the_unattributed_sentences_of_its_paragraph():
    text = ("Jets bombed the village of Tanko on Monday.\n\nA villager helping to bury the dead, who asked "
            "not to be named, said his team counted 71 bodies by Friday. In addition to 40 men, 20 women and "
            "11 children were killed. The strike also left 30 injured.")
    assert claimants_of(text) == [("71", "villager"), ("40", "villager"), ("20", "villager"),
                                  ("11", "villager"), ("30", "villager")]


@pytest.mark.parametrize("text", [
    # a subject that may speak for itself: the rebel group's own account, not the governor's
    "Gunmen attacked Tanko on Monday.\n\nThe governor said 71 people were killed. The rebel group denied "
    "the attack, blaming stray bullets for the deaths of just eight civilians.",
    # another paragraph
    "Gunmen attacked Tanko on Monday.\n\nThe governor said 71 people were killed.\n\nThe strike also left "
    "eight injured.",
    # a frame of its own
    "Gunmen attacked Tanko on Monday.\n\nThe governor said 71 people were killed. Last year, a raid on the "
    "town left eight dead.",
])
def test_the_report_does_not_go_on_past_a_subject_a_paragraph_or_a_frame_of_its_own(text):
    assert dict(claimants_of(text))["eight"] != "governor"


def test_a_figure_further_in_goes_on_after_a_subject_that_names_no_one():
    text = ("Gunmen attacked Tanko on Monday.\n\nThe governor said 71 people were killed. The attack also "
            "left 30 injured.")
    assert claimants_of(text) == [("71", "governor"), ("30", "governor")]


# ----------------------------------------------------------------------------- an office and its holder
@pytest.mark.parametrize("text", [
    "Missiles hit the station in Kramatorsk. Fifty people were killed, the regional governor of Donetsk, "
    "Ivan Petrenko, said.",
    "Missiles hit the station in Kramatorsk. Among those killed were five children, said Ivan Petrenko, "
    "governor of the Donetsk region.",
    "Missiles hit the station in Kramatorsk. In a post on Friday, Donetsk Governor Ivan Petrenko visited the "
    "station and said 87 were wounded.",
    "Missiles hit the station in Kramatorsk. Ivan Petrenko, head of the regional administration, said 87 were "
    "wounded.",
])
def test_an_office_holder_named_beside_the_office_is_the_person(text):
    row = claims_from_text(text, outlet="Daily Test").iloc[-1]
    assert (row["claimant"], row["claimant_type"], row["claimant_is_party"]) == ("Ivan Petrenko", "government", True)


@pytest.mark.parametrize("text, claimant", [
    # a spokesman speaks for the body: the body is the claimant
    ("Missiles hit the station in Kramatorsk. Ivan Petrenko, the ministry's spokesman, said 87 were wounded.",
     "ministry"),
    # an international body's office stays the office
    ("Jets bombed a hall in Sanaa. Jane Doe, the UN humanitarian coordinator in Yemen, said 87 were wounded.",
     "UN humanitarian coordinator"),
    # a day is no person's name
    ("Missiles hit the station in Kramatorsk. On Friday, the regional administration said 87 were wounded.",
     "regional administration"),
])
def test_no_person_for_a_spokesman_an_international_office_or_a_day(text, claimant):
    assert claims_from_text(text, outlet="Daily Test").iloc[-1]["claimant"] == claimant


def test_a_foreign_minister_named_is_no_known_party():
    row = one("Missiles hit the station in Kramatorsk. Polish Foreign Minister Jan Nowak said 87 were wounded.")
    assert row["claimant"] == "Jan Nowak"
    assert pd.isna(row["claimant_is_party"])


# ----------------------------------------------------------------------------- types from the article
def test_an_analyst_named_with_a_description_is_a_monitor():
    row = one("Gunmen attacked Tanko.\n\nJane Roe, a Sahel specialist and senior research fellow at a security "
              "think tank, said 40 people were killed.")
    assert (row["claimant"], row["claimant_type"], row["claimant_is_party"]) == ("Jane Roe", "monitor", False)


def test_a_body_claiming_the_attack_is_an_armed_group_and_a_party():
    row = one("Gunmen attacked Tanko.\n\nKMB (Katiba Mora Brigade) has claimed responsibility for an attack "
              "that left at least 300 people dead.")
    assert (row["claimant"], row["claimant_type"], row["claimant_is_party"]) == ("KMB", "armed_group", True)


def test_someone_saying_a_group_claimed_the_attack_is_no_armed_group():
    df = claims_from_text("Gunmen attacked Tanko.\n\nJohn Smith said the KMB claimed responsibility for the "
                          "attack. John Smith said 30 people were killed.", outlet="Daily Test")
    assert str(df.iloc[-1]["claimant_type"]) != "armed_group"


def test_a_full_name_takes_the_type_of_its_titled_mention():
    row = one("Jets bombed Tanko.\n\nThe UN rights chief Jane Doe condemned the strike. Jane Doe said 40 people "
              "were killed.")
    assert (row["claimant"], row["claimant_type"], row["claimant_is_party"]) == ("Jane Doe", "un_agency", False)


def test_a_un_mission_is_a_un_body():
    row = one("Jets bombed Tanko.\n\nA preliminary investigation by MONUSCO confirmed that 40 people were killed.")
    assert (row["claimant_type"], row["claimant_is_party"]) == ("un_agency", False)


def test_the_report_does_not_go_on_into_what_footage_shows():
    text = ("Gunmen attacked Tanko on Monday.\n\nLocal sources said several hundred civilians were killed. Video "
            "footage, which shows one side of the trench only, shows over 110 bodies.")
    assert dict(claimants_of(text))["over 110"] == "Daily Test"


# ----------------------------------------------------------------------------- a rebel group's own account
def test_the_rebel_group_is_the_armed_group_named_before():
    text = ("About 300 people died in an attack on Tanko last week blamed on the K12 rebel group, Industry "
            "Minister Jean Ilunga said.\n\nThe rebel group has rejected the accusations, and says eight civilians "
            "were killed in the village.")
    row = claims_from_text(text, outlet="Daily Test").iloc[-1]
    assert (row["claimant"], row["claimant_type"], row["claimant_is_party"]) == ("K12 rebel group", "armed_group", True)


def test_citing_a_figure_is_the_clauses_subject_speaking():
    assert claimants_of("The K12 denied the massacre in Tanko, citing only eight civilians who were killed by "
                        "stray bullets.") == [("eight", "K12")]


def test_citing_reasons_after_a_figure_names_no_one():
    assert claimants_of("The army shelled Tanko, killing 12, citing security reasons.") == [("12", "Daily Test")]


# ----------------------------------------------------------------------------- headlines and tolls raised
@pytest.mark.parametrize("text, claimant", [
    ("50 killed in Tanko market attack, says Red Cross\n\nGunmen attacked the market on Monday.",
     "International Committee of the Red Cross"),
    ("Freedonia Govt Raises Toll From Attack in East to More Than 270\n\nGunmen attacked the market on Monday.",
     "Freedonia Govt"),
    ("Gunmen attacked Tanko.\n\nThe government raised the death toll to 272 on Monday.", "government"),
    # a source after a spaced hyphen, as after a dash: the hyphen ends the count's noun phrase
    ("Toll in Tanko market attack rises to 50 - Red Cross\n\nGunmen attacked the market on Monday.",
     "International Committee of the Red Cross"),
])
def test_a_headlines_inverted_source_and_a_toll_raised(text, claimant):
    assert claims_from_text(text, outlet="Daily Test").iloc[0]["claimant"] == claimant


def test_a_top_official_is_the_official_the_article_names_next():
    text = ("Missiles hit the station in Kramatorsk. The toll has risen to 52, a top official announced on "
            "Saturday. In a post, Ivan Petrenko, the regional governor, confirmed the toll.")
    assert claimants_of(text) == [("52", "Ivan Petrenko")]


def test_officials_stay_officials_beside_a_named_governor():
    text = ("Missiles hit the station in Kramatorsk. Officials said 52 were killed. Ivan Petrenko, the "
            "regional governor, said 10 were wounded.")
    assert claimants_of(text) == [("52", "officials"), ("10", "Ivan Petrenko")]


def test_a_headline_clause_after_the_figures_with_an_inverted_verb_is_no_source():
    df = claims_from_text("Toll Hits 120, Survivors Allege Military Bombed Twice\n\nA drone struck Tanko.",
                          outlet="Daily Test")
    assert df["claimant"].tolist() == ["Daily Test"]


def test_a_long_description_with_a_place_still_types_the_person():
    row = one("Gunmen attacked Tanko.\n\nJane Roe, a Sahel specialist and senior research fellow at the Northern "
              "Policy Centre security think tank, told reporters that at least 100 bodies were counted.")
    assert (row["claimant"], row["claimant_type"]) == ("Jane Roe", "monitor")
