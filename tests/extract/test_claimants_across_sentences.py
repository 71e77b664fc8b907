"""Who a figure belongs to when its own sentence names no source: the report the sentence before
continues, or a sentence after it that credits "this" to someone; and the grammar that names (or
does not name) a source inside a sentence. Every sentence here was written for these tests;
none is copied from an article."""
from __future__ import annotations

import pandas as pd
import pytest

from newslib.extract import claimants as claimantsmod
from newslib.extract.claims import claims_from_text


def table(text: str, outlet: str = "Daily Test") -> pd.DataFrame:
    return claims_from_text(text, outlet=outlet)


def by_count(text: str, outlet: str = "Daily Test") -> dict[str, tuple]:
    """count text -> (claimant, claimant type) of the claims of ``text`` as an article's body
    (under a headline, which names no source: a first line may read as one)."""
    df = table("News of the day\n\n" + text, outlet)
    return {r.count_text: (r.claimant, r.claimant_type) for r in df.itertuples()}


# ----------------------------------------------------------------------------- the report goes on
@pytest.mark.parametrize("text", [
    # a reported clause, then the figures in the next sentence of the same report
    "Ivan Petrenko, head of the regional administration, said that two rockets hit the depot. "
    "Eleven people were killed and 40 were wounded.",
    # the source after its clause, inverted
    "Among the dead were three children, said Ivan Petrenko, head of the regional administration. "
    "Another 40 people were wounded when the second rocket struck.",
])
def test_a_figure_with_no_source_continues_the_report_of_the_sentence_before(text):
    got = by_count(text)
    # the head of an administration named beside the title is the claimant by name (dev corpora)
    assert got["40"] == ("Ivan Petrenko", "government")


@pytest.mark.parametrize("text", [
    # a new paragraph: the outlet writes on in its own voice
    "Ivan Petrenko, head of the regional administration, said that two rockets hit the depot.\n\n"
    "Eleven people were killed in a similar strike on the town last year.",
    # two sentences on: too far
    "Ivan Petrenko, head of the regional administration, said that two rockets hit the depot. "
    "The depot had been used to store grain. Eleven people were killed there last year.",
    # a sentence with its own reporting verb is its own account (here the outlet's)
    "Ivan Petrenko, head of the regional administration, said that two rockets hit the depot. "
    "As the Daily Test reported earlier, eleven people were killed there last year.",
    # a frame of its own: earlier times, elsewhere
    "Ivan Petrenko, head of the regional administration, said that two rockets hit the depot. "
    "Last year, eleven people were killed in a strike on the same depot.",
    # a figure deep in a clause of the outlet's own, not opening the sentence
    "Ivan Petrenko, head of the regional administration, said that two rockets hit the depot. "
    "The rebels seem to have retaken the hills near the depot where eleven people were killed last week.",
    # a new subject, named: their own account, even with no reporting verb
    "Ivan Petrenko, head of the regional administration, said that two rockets hit the depot. "
    "Resident Jane Okafor, who lost her sons, wept in the street, where eleven people were killed.",
])
def test_no_continuation_across_a_paragraph_two_sentences_or_a_new_frame(text):
    got = by_count(text)
    assert got["eleven" if "eleven" in got else "Eleven"] == ("Daily Test", "outlet")


# ----------------------------------------------------------------------------- 'this was announced by X'
@pytest.mark.parametrize("text", [
    "A missile strike on the market killed 23 people.\n\nThis was announced on Telegram by the head of the "
    "regional military administration, Ivan Petrenko.",
    "A missile strike on the market killed 23 people. The figure was given by the regional military administration.",
    "A missile strike on the market killed 23 people. Of these, 4 were children.\n\n"
    "The head of the regional military administration, Ivan Petrenko, stated this on Telegram.",
    "A missile strike on the market killed 23 people. The regional military administration confirmed the toll.",
])
def test_a_sentence_after_the_figure_crediting_it_to_someone(text):
    got = by_count(text)
    who = "Ivan Petrenko" if "Petrenko" in text else "regional military administration"  # a named head: the person
    assert got["23"] == (who, "government")
    if "4" in got:
        assert got["4"] == (who, "government")


def test_a_credit_after_an_attributed_sentence_does_not_reach_over_it():
    got = by_count("The charity Safe Harbour said a missile strike on the market killed 23 people. "
                   "The regional military administration confirmed this.")
    assert got["23"] == ("Safe Harbour", "ngo")


def test_a_sentence_crediting_something_else_is_no_credit_of_the_figure():
    got = by_count("A missile strike on the market killed 23 people. "
                   "The regional military administration confirmed the strike had hit a school.")
    assert got["23"] == ("Daily Test", "outlet")


# ----------------------------------------------------------------------------- grammar in the sentence
def test_a_passive_reporting_verb_names_no_reporter():
    # 'X are believed to have killed': X is who killed, not who says so
    got = by_count("Soldiers backed by foreign fighters are believed to have killed at least 90 people, "
                   "the Rights Office said on Friday.")
    assert got["at least 90"][0] == "Rights Office"


def test_an_impersonal_it_was_reported_refers_to_no_one_before():
    got = by_count("The charity Safe Harbour said the road was closed. "
                   "It was initially reported that 14 people were killed.")
    assert got["14"] == ("Daily Test", "outlet")


def test_the_outlet_naming_itself_is_its_own_voice():
    got = by_count("Daily Test reports that the strike left 12 people dead.", outlet="Daily Test (Freedonia)")
    assert got["12"] == ("Daily Test (Freedonia)", "outlet")


def test_a_comma_after_a_bracketed_acronym_keeps_the_subject():
    got = by_count("The Flood Relief Agency (FRA), says 31 people were killed in the bombing.")
    assert got["31"][0] == "Flood Relief Agency"


def test_officials_from_a_body_are_that_body():
    got = by_count("The toll has risen to 70, according to officials from Safe Harbour International who visited the town.")
    assert got["70"][0] == "Safe Harbour International"


def test_a_headline_clause_with_its_own_verb_is_no_source():
    df = table("Village Bombing: Toll Rises To 70, Survivors Allege Army Struck Twice\n\nThe town was quiet.")
    assert df["claimant_type"].tolist() == ["outlet"]


def test_a_lower_case_headline_source_before_a_colon():
    df = table("Rights group: army, militia kill 40\n\nThe rights group Safe Harbour said 40 men were killed in the raid.")
    head = df[df["in_headline"]].iloc[0]
    assert (head["claimant"], head["claimant_type"]) == ("Safe Harbour", "ngo")


def test_a_participle_hangs_on_the_clause_that_names_the_source():
    got = by_count("Safe Harbour International's country director, Jane Okafor, confirmed the toll, "
                   "stating that over 70 people had died.")
    assert got["over 70"][0] == "Safe Harbour International"


@pytest.mark.parametrize("verb", ["admitted to killing", "disclosed killing"])
def test_more_reporting_verbs(verb):
    got = by_count(f"The Freedonian army {verb} 40 fighters in the raid.")
    assert got["40"][0] == "Freedonian army"


@pytest.mark.parametrize("text", [
    "Safe Harbour has accused the army of killing 40 men in the raid.",
    "Safe Harbour accused soldiers of killing 40 men in the raid.",
])
def test_who_accuses_claims(text):
    assert by_count(text)["40"][0] == "Safe Harbour"


def test_who_is_accused_claims_nothing():
    got = by_count("The army was accused of killing 40 men in the raid, the charity Safe Harbour said.")
    assert got["40"][0] == "Safe Harbour"


def test_a_source_line_names_the_claimant_of_the_quotation_under_it():
    got = by_count("The depot was hit twice.\nSource: Mayor of Stanton Ivan Petrenko\n"
                   "“According to preliminary data, 12 people died. About 40 people were injured.”")
    for count in ("12", "About 40"):
        assert got[count][0].startswith("Mayor of Stanton") and got[count][1] == "government"


# ----------------------------------------------------------------------------- names
def test_a_named_body_with_its_description_keeps_its_name():
    # 'Name, the state railway company, said': the body is named; 'Name, the company's spokesman': the company
    got = by_count("Freedonian Rail, the state railway company, said 30 people were killed.")
    assert got["30"] == ("Freedonian Rail", "government")


def test_a_resident_keeps_their_name():
    # a resident speaks for no office: the person is the claimant
    row = claimantsmod.claimant_row("Stanton resident Ivan Petrenko")
    assert row["claimant"] == "Ivan Petrenko"
    assert row["claimant_type"] == "activist"
    # an office holder named beside the office is the person, of the office's type
    row = claimantsmod.claimant_row("regional governor Ivan Petrenko")
    assert (row["claimant"], row["claimant_type"]) == ("Ivan Petrenko", "government")
    # a spokesman is the body he speaks for; an international body's office stays the office
    assert claimantsmod.claimant_row("UN humanitarian coordinator Jane Doe")["claimant"] == "UN humanitarian coordinator"


@pytest.mark.parametrize("phrase,ctype", [
    ("the state railway company", "government"),
    ("a rescue worker", "activist"),  # as rescue workers: no organ of a belligerent (the dev corpora)
    ("a villager", "activist"),
    ("a religious leader", "activist"),
])
def test_more_claimant_heads(phrase, ctype):
    assert claimantsmod.claimant_row(phrase)["claimant_type"] == ctype


def test_an_agency_named_for_emergencies_is_no_news_agency():
    assert claimantsmod.claimant_row("The Flood Emergency Management Agency")["claimant_type"] != "journalist"


# ----------------------------------------------------------------------------- claim words
@pytest.mark.parametrize("text,count", [
    ("The army said it neutralised 50 terrorists near the border.", "50"),
    ("Twelve gunmen were neutralized, the police said.", "Twelve"),
])
def test_neutralised_people_are_killed(text, count):
    df = table(text)
    assert df["count_text"].tolist() == [count]
    assert df["kind"].tolist() == ["killed"]


@pytest.mark.parametrize("text", [
    "Air defences neutralised 14 missiles and 3 drones overnight.",
    "Troops neutralized two explosive devices on the road.",
    "Soldiers neutralised the threat within 20 minutes.",
])
def test_neutralised_things_are_no_claim(text):
    assert table(text).empty


def test_arrested_people_are_captured():
    df = table("The army said it killed 20 fighters and arrested 15 others.")
    assert dict(zip(df["count_text"], df["kind"])) == {"20": "killed", "15": "captured"}


# ----------------------------------------------------------------------------- more grammar
def test_a_negated_reporting_verb_names_no_source():
    got = by_count("The strike left scores of villagers dead, although the army has not officially confirmed the toll.")
    assert got["scores"] == ("Daily Test", "outlet")


def test_a_clause_opened_by_a_conjunction_is_no_appositive():
    got = by_count("Before the latest raid blamed on the army, the Evening Ledger had documented 15 strikes "
                   "that killed dozens of people.")
    assert got["dozens"][0] == "Evening Ledger"


@pytest.mark.parametrize("text,count,claimant", [
    ("At least 39 are dead, report local officials.", "At least 39", "local officials"),
    ("A religious leader put it at 50 dead.", "50", "religious leader"),
])
def test_reporting_verbs_report_and_put_it_at(text, count, claimant):
    assert by_count(text)[count][0] == claimant


def test_a_named_private_person_with_a_description_keeps_the_name():
    got = by_count("Ivan Petrenko, another resident, disclosed that 13 members of his family were killed.")
    assert got["13"] == ("Ivan Petrenko", "activist")


def test_a_headline_surname_is_the_person_the_body_names():
    df = table("Toll From Strike on Station Rises to 50: Petrenko\n\nThe toll from the strike has risen to 50.\n\n"
               "The head of the regional administration Ivan Petrenko stated this on Telegram.")
    assert df["claimant"].tolist() == ["Ivan Petrenko", "Ivan Petrenko"]


def test_a_record_field_line_is_credited_by_the_source_line_under_it():
    got = by_count("Thousands of people were at the station.\n\nVictims: 30 people killed, 100 injured\n\n"
                   "Source: the regional military administration")
    assert got["30"] == got["100"] == ("regional military administration", "government")


def test_a_state_commissioner_is_government():
    assert claimantsmod.claimant_row("the local state security commissioner")["claimant_type"] == "government"


def test_a_capitalised_reporting_verb_inside_a_name_is_no_verb():
    got = by_count("Weekly titles like the Refugee Agency Reports, Harbour Times and others ran pieces "
                   "on the massacre of more than 700 people.")
    assert got["more than 700"] == ("Daily Test", "outlet")


def test_a_headline_place_label_is_no_surname():
    # 'Freedonia:' labels the story; the body's 'President of Freedonia Ivan Petrenko' is no 'Freedonia'
    df = table("Freedonia: station hit, at least 39 killed\n\n"
               "President of Freedonia Ivan Petrenko said the strike was a crime. At least 39 people were killed.")
    head = df[df["in_headline"]].iloc[0]
    assert head["claimant_type"] == "outlet"


# ----------------------------------------------------------------------------- party
@pytest.mark.parametrize("text,ctype", [
    ("A resident, Jane Okafor, said 12 people were killed.", "activist"),
    ("The charity Safe Harbour said 12 people were killed.", "ngo"),
    ("Reporters saw 12 bodies near the depot, the news agency Wire One said.", "journalist"),
])
def test_a_claimant_of_a_type_that_speaks_for_no_belligerent_is_no_party(text, ctype):
    df = table("News of the day\n\n" + text)
    row = df.iloc[0]
    assert row["claimant_type"] == ctype
    assert row["claimant_is_party"] == False  # noqa: E712


def test_a_government_claimant_abroad_stays_unknown():
    df = table("News of the day\n\nThe governor said 5 soldiers were killed.")
    assert pd.isna(df["claimant_is_party"].iloc[0])


def test_witnesses_typed_by_their_head_words_saw_the_dead():
    got = by_count("Wire One journalists saw at least 20 bodies lying next to the depot.")
    assert got["at least 20"] == ("Wire One journalists", "journalist")
    got = by_count("Stanton saw heavy shelling in which 20 people were killed.")
    assert got["20"] == ("Daily Test", "outlet")


def test_a_source_in_a_relative_clause_after_the_figure_speaks_of_that_clause_only():
    got = by_count("Many villagers were killed in the raid, with 9 others injured, in what an army commander "
                   "told local officials was an error.")
    assert got["9"] == ("Daily Test", "outlet")
    # before the figure, it is the figure's source
    got = by_count("The raid, which an army commander said was an error, killed 9 villagers.")
    assert got["9"][1] == "government"
