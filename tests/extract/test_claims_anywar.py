"""Claims of any war (issue 17): phrasings met beyond Syria, in sentences written for these
tests (never copied from an article). Each family has examples and a property test over
counts and wordings."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from newslib.extract import claims as claimsmod
from newslib.extract.claims import claims_from_text


def rows(text: str) -> list[tuple]:
    df = claims_from_text("Headline of the day\n\n" + text)
    return [(r.kind, None if pd.isna(r.count_low) else int(r.count_low), None if pd.isna(r.count_high) else int(r.count_high),
             r.qualifier) for r in df.itertuples()]


def subsets(text: str) -> list[bool]:
    df = claims_from_text("Headline of the day\n\n" + text)
    ids = df["claim_id"].tolist()
    return [(pd.notna(s) and s in ids) for s in df["subset_of"]]


@pytest.mark.parametrize("text,expected", [
    # lives
    ("The shelling of the market claimed 37 lives, officials said.", [("killed", 37, 37, "exact")]),
    ("Twelve lives were lost when the convoy was hit.", [("killed", 12, 12, "exact")]),
    ("The siege has cost at least 300 lives.", [("killed", 300, None, "at_least")]),
    # martyrs, victims, hostages: the noun names the victims; a harm verb beside it wins
    ("Mourners buried more than 60 martyrs on Tuesday.", [("killed", 61, None, "more_than")]),
    ("The list holds the names of 212 victims.", [("killed", 212, 212, "exact")]),
    ("Nine victims were hospitalised after the blast.", [("wounded", 9, 9, "exact")]),
    ("Gunmen killed three hostages at the farm.", [("killed", 3, 3, "exact")]),
    ("Residents said dozens of bodies lay in the streets.", [("killed", 24, 99, "vague")]),
    ("The group is holding 25 hostages in the hills.", [("captured", 25, 25, "exact")]),
    # feared dead, died in hospital, succumbed, passed away
    ("Eleven people are feared dead after the bridge attack.", [("killed", 11, 11, "exact")]),
    ("Nine soldiers succumbed to their wounds.", [("killed", 9, 9, "exact")]),
    ("Three more passed away overnight.", [("killed", 3, 3, "exact")]),
    ("Two guards died in hospital on Friday.", [("killed", 2, 2, "exact")]),
    # hospitalised, taken to hospital, critical condition
    ("Thirty people were taken to hospitals in the city.", [("wounded", 30, 30, "exact")]),
    ("Six people remain in critical condition.", [("wounded", 6, 6, "exact")]),
    ("Some 40 pupils were hospitalised.", [("wounded", 40, 40, "approximate")]),
    # death of, injury of
    ("Officials confirmed the death of two nurses.", [("killed", 2, 2, "exact")]),
    ("The report counted the injury of about 70 others.", [("wounded", 70, 70, "approximate")]),
    # toll phrases, however far from their count
    ("The death toll from Sunday's bombing rose to 43, the ministry said.", [("killed", 43, 43, "exact")]),
    ("The toll from the clashes in the northern town now stands at 19.", [("killed", 19, 19, "exact")]),
    ("The number of wounded in the two districts has reached 200.", [("wounded", 200, 200, "exact")]),
    ("The total number of deaths the clinic has recorded this week rose to 31.", [("killed", 31, 31, "exact")]),
    ("The number of the injured surpassed 150.", [("wounded", 151, None, "more_than")]),
    ("Deaths from the shelling had risen to 87 by Monday.", [("killed", 87, 87, "exact")]),
    ("The injury toll climbed to 300 overnight.", [("wounded", 300, 300, "exact")]),
    ("Two of those wounded have since died.", [("killed", 2, 2, "exact")]),
    # combined figures: never killed, never wounded ...
    ("The blast caused 30 casualties.", [("killed_and_wounded", 30, 30, "exact")]),
    ("The strikes killed and injured 45 people.", [("killed_and_wounded", 45, 45, "exact")]),
    ("Shells rained on the town, killing and wounding dozens.", [("killed_and_wounded", 24, 99, "vague")]),
    # ... unless the casualties arrive at a hospital: admissions of the wounded
    ("Since Friday 500 casualties have arrived at the clinic.", [("wounded", 500, 500, "exact")]),
    ("The field hospital treated 75 casualties.", [("wounded", 75, 75, "exact")]),
    # counts in brackets, dozens, zero
    ("(14) civilians were killed in the raid.", [("killed", 14, 14, "exact")]),
    ("The capture of more than (20) fighters was announced.", [("captured", 21, None, "more_than")]),
    ("Over two dozen villagers were killed.", [("killed", 25, None, "more_than")]),
    ("Not a single soldier was killed, the army said.", [("killed", 0, 0, "exact")]),
    # the subject rule: a count opening its clause, its predicate further on
    ("Over a hundred civilians, including pilgrims who had come for the feast, were killed by soldiers.",
     [("killed", 101, None, "more_than")]),
    ("Two patients who were on the ward, as well as one nurse, have been killed.",
     [("killed", 2, 2, "exact"), ("killed", 1, 1, "exact")]),
    ("Fourteen of the men were in a grave state on arrival and later passed away.", [("killed", 14, 14, "exact")]),
    ("On Tuesday, five fishermen from one village were killed.", [("killed", 5, 5, "exact")]),
])
def test_phrasings_of_any_war(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text", [
    "Rescuers saved 40 lives on Sunday.",
    "Investigators spoke to 45 families of victims.",
    "Aid workers delivered 300 dead body bags.",
    "The attack left 1.2 million people without water.",
    "A nurse said the death of an aid worker shocked the staff.",
    "Fifty soldiers arrived, and the village was quiet.",
    "Ten trucks were hit when the convoy was shelled.",
])
def test_not_claims(text):
    assert rows(text) == []


def test_anaphoric_subsets_are_tied_to_their_parent():
    # in the same sentence
    text = "Medics received 80 casualties; 12 of them died."
    assert rows(text) == [("wounded", 80, 80, "exact"), ("killed", 12, 12, "exact")]
    assert subsets(text) == [False, True]
    # 'of whom', a quote mark between the count and its verb
    text = "At least 56 people died, of whom 20 \u201cwere children\u201d."
    assert subsets(text)[-1]
    # in the sentence before
    text = "Around 150 people were wounded on Monday. Twenty of these wounded people later died."
    df = claims_from_text("Headline\n\n" + text)
    assert df["kind"].tolist() == ["wounded", "killed"]
    assert df["subset_of"].iloc[1] == df["claim_id"].iloc[0]
    # 'including 31 women and 19 children': both are subsets
    text = "A total of 160 wounded people, including 31 women and 19 children, arrived at the clinic."
    assert subsets(text) == [False, True, True]


_KILLED = ["were killed", "died", "have died", "were shot dead", "are feared dead", "succumbed to their wounds",
           "passed away", "lost their lives", "were massacred"]
_WOUNDED = ["were wounded", "were injured", "were hospitalised", "were taken to hospital", "remain in critical condition"]
_NOUNS = ["people", "civilians", "soldiers", "villagers", "children", "fishermen", "aid workers", "Sudanese"]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=99_999), st.sampled_from(_NOUNS),
       st.sampled_from([(p, "killed") for p in _KILLED] + [(p, "wounded") for p in _WOUNDED]),
       st.sampled_from(["", "On Friday, ", "Officials said ", "In the north, "]))
def test_count_noun_predicate(n, noun, pred, lead):
    phrase, kind = pred
    assert rows(f"{lead}{n:,} {noun} {phrase}.") == [(kind, n, n, "exact")]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=99_999),
       st.sampled_from(["The death toll rose to {n}.", "The toll now stands at {n}.",
                        "The death toll from the strikes on the port city, its largest, has climbed to {n}.",
                        "The attack claimed {n} lives.", "The fighting has cost {n} lives.",
                        "Mourners buried {n} martyrs.", "The massacre of {n} people shocked the region.",
                        "Officials reported the death of {n} guards."]))
def test_killed_phrasings_any_count(n, template):
    assert rows(template.format(n=f"{n:,}")) == [("killed", n, n, "exact")]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=3, max_value=5000), st.integers(min_value=1, max_value=2))
def test_subset_of_these_points_back(n, k):
    part = max(1, n // (k + 1))
    # (a four-digit number without a comma may be a year: written as 1,500)
    df = claims_from_text(f"Headline\n\nDoctors treated {n:,} wounded people. {part:,} of them later died.")
    assert df["count_low"].tolist() == [n, part]
    assert df["subset_of"].iloc[1] == df["claim_id"].iloc[0]


def test_combined_kind_is_a_schema_kind_and_never_killed_or_wounded():
    from newslib import schemas
    from newslib.analyse import totals

    assert "killed_and_wounded" in schemas.KINDS
    df = claims_from_text("Headline\n\nThe shelling killed and injured 45 people. Later 3 soldiers were killed.")
    t = totals.casualty_totals(df)
    killed = t[t["kind"] == "killed"]["best"].iloc[0]
    assert killed == 3


@pytest.mark.parametrize("opening,kind", [
    ("Of these, {k} were children.", "wounded"),
    ("Of them, {k} are women.", "wounded"),
    ("Among them were {k} children.", "wounded"),
    ("Among them, {k} were children.", "wounded"),
    ("They included {k} children.", "wounded"),
    ("Of the dead, {k} were children.", "killed"),
    ("The dead included {k} children.", "killed"),
    ("Among the injured were {k} children.", "wounded"),
])
def test_a_sentence_opening_with_a_subset_points_back(opening, kind):
    verb = "wounded" if kind == "wounded" else "killed"
    text = f"At least 90 people were {verb}, the health bureau said. Shops were closed. " + opening.format(k=12)
    df = claims_from_text("Headline\n\n" + text)
    assert df["count_low"].tolist() == [90, 12]
    assert df["kind"].tolist() == [kind, kind]  # the frame's harm word, else the claim pointed back to
    assert df["subset_of"].iloc[1] == df["claim_id"].iloc[0]
    assert df["claimant"].tolist() == ["health bureau"] * 2  # the parent's account, unless the sentence names another
    assert df["victims"].iloc[1] in ("children", "women")


@pytest.mark.parametrize("text", [
    "Ninety houses were destroyed. Of these, 12 were schools.",
    "Of these, 12 were children.",
    "They included 12 children.",
])
def test_subset_openings_need_a_claim_before(text):
    assert rows(text) == []


def test_subset_opening_not_of_people():
    assert rows("Ninety people were wounded. Of these, 12 were discharged.") == [("wounded", 90, 90, "exact")]


# ----------------------------------------------------------------------------- where the harm was
def places(text: str) -> list[str]:
    return [None if pd.isna(p) else p for p in claims_from_text("Headline of the day\n\n" + text)["place"]]


def test_a_dateline_is_where_the_report_was_filed_not_where_people_died():
    assert places("KYIV, May 3 (Wire) - A missile hit the market in Kramatorsk on Friday, killing 16 people.") == ["Kramatorsk"]
    assert places("Kiev: The number of people killed in the strike on Kramatorsk has risen to 52.") == ["Kramatorsk"]
    # a country beside a smaller place is its container or the attacker, not the place
    assert places("At least 39 died as Russia hit the station in Ukraine's Kramatorsk on Friday.") == ["Kramatorsk"]
    # a dateline alone still places the claim when the article names nothing else
    assert places("KYIV, May 3 (Wire) - Sixteen people were killed on Friday.") == ["Kyiv"]


def test_the_claimants_own_place_is_not_the_place_of_the_harm():
    text = ("Rockets hit the bus station in Kramatorsk on Friday. "
            "Donetsk Governor Ivan Petrenko said 30 people were killed.")
    assert places(text) == ["Kramatorsk"]
    # with no other place in the article, the claimant's area is better than none
    assert places("The governor of Kaduna State said ten people were killed.") == ["Kaduna State"]


def test_a_village_the_gazetteer_lacks_is_the_place_once_the_text_names_it_so():
    from newslib.language import gazetteer

    assert gazetteer.lookup("Rafin Gabasawa") is None and gazetteer.lookup("Kolondougou") is None
    text = ("A drone strike hit Rafin Gabasawa village in Kaduna State, Nigeria, on Sunday. "
            "Residents said 40 people were killed in Rafin Gabasawa.")
    assert places(text) == ["Rafin Gabasawa"]
    assert places("Soldiers killed about 300 men in Kolondougou, central Mali, the rights group said.") == ["Kolondougou"]
    # the settlement noun after a demonym is no village name; a capitalised "Village" in a
    # title-case headline names none either
    assert gazetteer.local_places("The Malian town of Kolondougou was quiet.")[0].text == "Kolondougou"
    assert not gazetteer.local_places("Army Mistakenly Strikes Village, Kills 85")


def test_in_a_title_case_headline_a_capitalised_word_after_in_is_no_place():
    df = claims_from_text("Soldiers Killed 500 People in Central Country, Report Says\n\n"
                          "Soldiers killed 500 people in Kolondougou, central Mali, a report said.")
    assert df["place"].tolist() == ["Kolondougou", "Kolondougou"]


def test_the_village_wins_over_its_province_and_the_city_named_like_it():
    text = ("Kaduna Village Bombing: Toll Rises to 120\n\n"
            "The toll of the drone strike on Dogon Daji in the Igabi Local Government Area of Kaduna State has risen "
            "to 120, according to officials. Officials in Kaduna said 66 people were wounded.")
    assert claims_from_text(text)["place"].tolist() == ["Dogon Daji"] * 3


@pytest.mark.parametrize("text, place", [
    ("Gunmen killed 20 people in Kaduna on Sunday. Scores of the wounded were evacuated to hospitals in "
     "the nearby city of Zaria.", "Kaduna"),
    ("Militants killed 14 villagers in Kaduna on Friday. The 30 wounded are being treated in Zaria.", "Kaduna"),
])
def test_where_the_wounded_were_treated_is_not_where_they_were_harmed(text, place):
    df = claims_from_text("Headline of the day\n\n" + text)
    assert set(df["place"]) == {place}, df[["count_text", "place"]]


@pytest.mark.parametrize("text,expected", [
    # a vague count of the harm word itself: 'hundreds of wounded', 'dozens of the dead'
    ("Medics treated hundreds of wounded after the raid.", [("wounded", 200, 999, "vague")]),
    ("Dozens of the dead were buried on Friday.", [("killed", 24, 99, "vague")]),
    ("Deaths and dozens of injuries were reported in the camp.", [("wounded", 24, 99, "vague")]),
    # an adverb between the auxiliary and the verb of a subject's predicate
    ("Over 30 people were killed and 25, including children, were seriously injured.",
     [("killed", 31, None, "more_than"), ("wounded", 25, 25, "exact")]),
    # 'it' is the sentence's toll: 'later counts raised it to about 70'
    ("Early reports put the death toll at around 30, but later counts raised it to about 70.",
     [("killed", 30, 30, "approximate"), ("killed", 70, 70, "approximate")]),
    ("The army put the number of dead at 12 and later revised it to 19.",
     [("killed", 12, 12, "exact"), ("killed", 19, 19, "exact")]),
    # a spaced hyphen before people is a list's 'are' ('25 - women'), before a source it ends the phrase
    ("Of the 70 wounded taken to hospital, 11 are children, 25 - women and 34 men.",
     [("wounded", 70, 70, "exact"), ("wounded", 11, 11, "exact"), ("wounded", 25, 25, "exact"),
      ("wounded", 34, 34, "exact")]),
    # 'no one' counts none, never one
    ("No one was killed in the blast, police said.", []),
    ("One guard was killed and no one else was hurt.", [("killed", 1, 1, "exact")]),
    # ... and nothing else is a toll: a share, a length
    ("The rebels raised it to 40 percent.", []),
    ("Engineers raised it to 40 metres.", []),
    # a toll through what it counts: 'the death toll from the massacre ... has risen to 40'
    ("The death toll from the massacre in the hill village has risen to 40.", [("killed", 40, 40, "exact")]),
])
def test_counts_of_the_harm_word_revised_tolls_and_adverbs(text, expected):
    assert rows(text) == expected
