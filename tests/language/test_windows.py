"""Counting windows: the period a figure covers, and background totals (newslib.windows).

Sentences are our own, written in the ways reports phrase periods."""
import datetime as dt

import pytest

from newslib.language import windows
from newslib.extract.claims import claims_from_text

PUB = dt.date(2024, 5, 26)  # a Sunday


def win(sentence: str, figure: str, pub=PUB):
    c0 = sentence.index(figure)
    return windows.counting_window(sentence, c0, c0 + len(figure), pub)


@pytest.mark.parametrize("sentence, figure, text, start, end", [
    ("The toll rose over the past three days to 44.", "44", "over the past three days", "2024-05-23", "2024-05-26"),
    ("More than 100 people were killed in two weeks of fighting.", "100", "in two weeks", "2024-05-12", "2024-05-26"),
    ("Medics said 85 people had died within two weeks.", "85", "within two weeks", "2024-05-12", "2024-05-26"),
    ("Some 700 wounded arrived since the fighting began on Friday, May 10.", "700",
     "since the fighting began on Friday, May 10", "2024-05-10", "2024-05-26"),
    ("At least 56 people died between last Friday and Wednesday.", "56", "between last Friday and Wednesday",
     "2024-05-17", "2024-05-22"),
    ("Some 290 wounded patients were admitted since Friday.", "290", "since Friday", "2024-05-24", "2024-05-26"),
    ("At least 16 people died on Sunday.", "16", "Sunday", "2024-05-26", "2024-05-26"),
    ("They killed 200 people on November 28-29 alone.", "200", "November 28-29 alone", "2023-11-28", "2023-11-29"),
])
def test_windows_resolve_against_publication(sentence, figure, text, start, end):
    w = win(sentence, figure)
    assert (w.text, str(w.start), str(w.end), w.scope) == (text, start, end, "incident")


def test_between_dates_with_one_year_written():
    w = win("Troops killed 100 people between November 28 and November 29, 2020.", "100", dt.date(2021, 3, 5))
    assert (str(w.start), str(w.end)) == ("2020-11-28", "2020-11-29")


def test_running_totals_without_a_start_and_one_day_without_a_date():
    assert win("Thousands have died in all, the deacon said.", "Thousands").kind == "to date"
    assert win("The toll so far is 300.", "300").text == "so far"
    one_day = win("The clashes killed at least 27 people in one day.", "27")
    assert one_day.kind == "day" and one_day.start is None


def test_a_duration_before_a_date_is_the_dates_window():
    assert win("Soldiers killed hundreds of people mostly over two days in November.", "hundreds").text is None


def test_background_totals_are_cumulative():
    assert win("At least 13,900 people have been killed since April 2023.", "13,900").scope == "cumulative"
    assert win("Some 14,000 people were killed in more than a year of war.", "14,000").scope == "cumulative"
    assert win("An estimated 9,000 people died in what many call the forgotten war, the UN said.", "9,000").scope == \
        "cumulative"
    assert win("Not a single civilian was killed during the operation, he said.", "single").scope == "cumulative"
    assert win("Aid groups say 9,000 people have died in the air campaign so far.", "9,000").scope == "cumulative"
    # a cue before the figure describes something else; "war-torn" is no war total
    assert win("A monitor tracking the country's conflict said 58 soldiers died since Thursday.", "58").scope == "incident"
    assert win("Five people were killed in the war-torn city on Sunday.", "Five").scope == "incident"


def test_superlatives_compare_and_statement_dates_date_the_statement():
    w = win("A general was killed, the highest-ranking fatality since 1991, last weekend.", "general")
    assert w.text == "last weekend"
    c = claims_from_text("Hundreds of civilians were killed in Axum, Amnesty said on Friday.", published="2021-02-26")
    assert c["window_text"].isna().all()


def test_without_a_publication_date_windows_keep_their_words_only():
    w = win("The toll rose over the past three days to 44.", "44", None)
    assert w.text == "over the past three days" and w.start is None


def test_claims_carry_their_window_and_scope():
    c = claims_from_text("Title\n\nAt least 134 people have been killed since May 10, MSF said. "
                         "The war has killed 14,000 people since April 2023.", published="2024-05-26")
    by = c.set_index("count_text")
    assert by.loc["At least 134", "window_text"] == "since May 10"
    assert str(by.loc["At least 134", "window_start"].date()) == "2024-05-10"
    assert by.loc["At least 134", "scope"] == "incident"
    assert by.loc["14,000", "scope"] == "cumulative"


def test_the_length_of_a_happening_is_no_window_before_publication():
    # "a five-day operation" says how long it lasted, not that it ended on the publication day
    w = win("Troops killed more than 500 people during a five-day operation in the village.", "500")
    assert (w.text, w.start, w.end, w.kind) == ("during a five-day", None, None, "period")
    # a war's length is still a background total; the recent past still ends at publication
    assert win("Thousands were killed in a 10-year conflict.", "Thousands").scope == "cumulative"
    w = win("Forty were killed over the past five-day period.", "Forty")
    assert (w.start, w.end) == (dt.date(2024, 5, 21), PUB)


@pytest.mark.parametrize("sentence, figure", [
    # the whole war or regime, before the figure or after it, with "the" or "a"
    ("Since the war began, 500,000 people have died.", "500,000"),
    ("Since the 2021 coup, more than 3,000 civilians have been killed by soldiers.", "3,000"),
    ("Following a coup that ousted the elected government, the crackdown has left 2,900 people dead, "
     "a monitoring group said.", "2,900"),
    ("In the northern region, 1,400 people died in air strikes, shelling and raids following the military coup.",
     "1,400"),
    ("More than 10,000 soldiers have died since the full-scale invasion.", "10,000"),
])
def test_since_the_war_or_coup_is_a_background_total_wherever_it_stands(sentence, figure):
    assert win(sentence, figure).scope == "cumulative"


@pytest.mark.parametrize("sentence, figure", [
    # a comparison, not a window
    ("Fifty people were killed in the town, the deadliest attack since the war began.", "Fifty"),
    ("Fifty people were killed in the town on Monday, the worst toll since the 2021 coup.", "Fifty"),
    # another clause
    ("Fifty people were killed in the town on Monday; fighting has raged there since the coup.", "Fifty"),
    # the fighting of one happening, not a war
    ("Since the fighting began on Friday, 30 people have died.", "30"),
    ("Following the strike on Monday, rescuers said 20 were killed.", "20"),
])
def test_since_a_happening_or_a_comparison_is_no_background_total(sentence, figure):
    assert win(sentence, figure).scope == "incident"


@pytest.mark.parametrize("text, figure, window, start, scope", [
    ("Rebels took the district in March 2021. More than 2,000 people have died there since then.",
     "More than 2,000", "since then (March 2021)", "2021-03-01", "cumulative"),
    ("The rebels took the town on May 3. Since then 40 people have been killed there.",
     "40", "Since then (May 3)", "2024-05-03", "incident"),
    ("Fighting broke out on Monday. Twelve people have died ever since.",
     "Twelve", "ever since (Monday)", "2024-05-20", "incident"),
])
def test_since_then_counts_from_the_last_date_of_the_sentence_before(text, figure, window, start, scope):
    c = claims_from_text("Title\n\n" + text, published="2024-05-26").set_index("count_text")
    assert c.loc[figure, "window_text"] == window
    assert str(c.loc[figure, "window_start"].date()) == start and c.loc[figure, "scope"] == scope
    assert str(c.loc[figure, "window_end"].date()) == "2024-05-26"


def test_since_then_without_an_earlier_date_sets_no_window():
    c = claims_from_text("Title\n\nRebels took the district. More than 2,000 people have died there since then.",
                         published="2024-05-26")
    assert c["window_start"].isna().all()
