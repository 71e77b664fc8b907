"""Figures an article gives as a breakdown, a series or a subset without a harm word of its own,
and harm words of other wars' reporting. Every sentence here was written for these tests."""
from __future__ import annotations

import pandas as pd
import pytest

from newslib.extract.claims import claims_from_text
from newslib.language.quantities import find_quantities


def rows(text: str) -> list[tuple]:
    df = claims_from_text(text, outlet="Daily Test")
    return [(r.count_text, r.kind, None if pd.isna(r.victims) else str(r.victims), not pd.isna(r.subset_of))
            for r in df.itertuples()]


def test_a_toll_that_rose_from_one_figure_to_another_is_two_figures_not_a_range():
    assert [(q.low, q.high) for q in find_quantities("the toll rose from 30 to 41")] == [(30, 30), (41, 41)]
    assert [(q.low, q.high) for q in find_quantities("between 30 and 40 people")] == [(30, 40)]
    assert [(q.low, q.high) for q in find_quantities("from 30 to 40 people were killed")] == [(30, 40)]
    assert [r[:2] for r in rows("The death toll climbed from 22 to 35.")] == [("22", "killed"), ("35", "killed")]
    assert [r[:2] for r in rows("The toll grew from 30 on Monday to 41 on Tuesday, officials said.")] == \
        [("30", "killed"), ("41", "killed")]
    # the change itself is no figure
    assert [r[:2] for r in rows("The death toll has risen by 12 to 52.")] == [("52", "killed")]


def test_coordinated_numbers_are_both_read_and_each_takes_its_own_harm_word():
    assert [(q.text) for q in find_quantities("killed 40 and 130 were wounded")] == ["40", "130"]
    assert [r[:2] for r in rows("The attack killed 40 people and 130 were wounded.")] == \
        [("40", "killed"), ("130", "wounded")]
    assert [r[:2] for r in rows("The attack killed 40, and 130 were wounded.")] == [("40", "killed"), ("130", "wounded")]
    # both subjects of one passive verb still share it
    assert [r[:2] for r in rows("40 troops and 130 civilians had been murdered.")] == [("40", "killed"), ("130", "killed")]


@pytest.mark.parametrize("text,expected", [
    ("A shell hit the bus station, killing 40 people. Six of them were children.",
     [("40", "killed", "people", False), ("Six", "killed", "children", True)]),
    ("The ministry said 12 soldiers were wounded. Four of them were officers.",
     [("12", "wounded", "soldiers", False), ("Four", "wounded", "officers", True)]),
    ("A strike hit the camp, killing 30 people. Among those killed in the raid were four women.",
     [("30", "killed", "people", False), ("four", "killed", "women", True)]),
    ("Seven children were among those killed in the strike on the school.", [("Seven", "killed", "children", False)]),
    ("Of the 98 injured, 16 are children, 46 women and 36 men.",
     [("98", "wounded", None, False), ("16", "wounded", "children", True), ("46", "wounded", "women", True),
      ("36", "wounded", "men", True)]),
])
def test_subsets_and_breakdowns_without_a_harm_word_of_their_own(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text", [
    "The ministry said 12 shops were destroyed. Four of them were bakeries.",
    "A shell hit the bus station, killing 40 people. Six of them were destroyed.",
])
def test_a_subset_of_things_is_no_claim(text):
    assert all(not r[3] for r in rows(text))


def test_a_breakdown_does_not_swallow_a_figure_with_its_own_harm_word():
    assert [r[:2] + (r[3],) for r in rows("Of the 98 injured, 12 later died.")] == [("98", "wounded", False),
                                                                                    ("12", "killed", False)]


@pytest.mark.parametrize("text,count,kind", [
    ("Witnesses described the summary execution of about 200 villagers.", "about 200", "killed"),
    ("Rights groups denounced the slaughter of 300 men.", "300", "killed"),
    ("More than 110 people perished in the fire.", "More than 110", "killed"),
    ("Police arrested 25 protesters outside the court.", "25", "captured"),
    ("Soldiers rounded up several hundred men in the market.", "several hundred", "captured"),
    ("The army denied the deaths of just eight civilians.", "eight", "killed"),
    ("Between 100 and 200 folks had been killed.", "Between 100 and 200", "killed"),
    ("The strike killed 39 people, with the number of injuries standing at 87.", "87", "wounded"),
    ("The death toll of the massacre tops 110.", "110", "killed"),
    ("The army said 50 civilians, who were brutally murdered, were buried.", "50", "killed"),
])
def test_harm_words_and_phrasings_of_other_wars(text, count, kind):
    assert (count, kind) in [r[:2] for r in rows(text)]


def test_a_relative_clause_without_harm_is_no_harm_word():
    assert [r[:2] for r in rows("Rebels killed 12 soldiers, who were guarding the bridge.")] == [("12", "killed")]


def test_a_day_before_a_condemnation_dates_the_statement_not_the_killing():
    # the meeting was on Friday; the massacre it condemned happened on or before it
    df = claims_from_text("At a cabinet meeting on Friday, the president condemned the massacre of more than 100 "
                          "civilians in the village.", outlet="Daily Test", published="2022-12-03")
    row = df.iloc[0]
    assert row["claimant"] == "president"
    assert pd.isna(row["event_date"]) and row["event_date_end"] == pd.Timestamp("2022-12-02")


def test_a_statement_day_before_its_verb_is_no_counting_window():
    # 'on Monday said': Monday is when it was said; the killing was last week
    df = claims_from_text("The government on Monday said 272 civilians were killed in the town last week.",
                          outlet="Daily Test", published="2022-12-05")
    row = df.iloc[0]
    assert row["date_text"] == "last week" and pd.isna(row["window_text"])
