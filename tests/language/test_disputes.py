"""Figures given against others (the claims column ``disputes``): invented sentences."""
import pytest

from newslib.extract.claims import claims_from_text
from newslib.language.hedges import disputes


def _at(sentence: str, figure: str) -> bool:
    return disputes(sentence, sentence.index(figure))


@pytest.mark.parametrize("sentence, figure", [
    ("The militia denied the killings, blaming crossfire for the deaths of just seven villagers.", "seven"),
    ("The rebels rejected the accusation and said nine civilians died in crossfire.", "nine"),
    ("The army said only four soldiers were killed.", "four"),
    ("Officials put the toll at a mere 12.", "12"),
    ("The ministry said merely 3 people died.", "3"),
])
def test_a_figure_given_against_others(sentence, figure):
    assert _at(sentence, figure)


@pytest.mark.parametrize("sentence, figure", [
    ("Medics said 40 people were killed in the shelling.", "40"),
    # the denial is another voice's: the contrast word turns to the figure's own source
    ("The army denied shelling the market, but medics said 40 people died.", "40"),
    ("The militia denied it; hospital staff counted 40 bodies.", "40"),
    ("The army denied the strike while rescuers pulled 40 bodies from the rubble.", "40"),
    # the figure is in what is denied
    ("The coalition denied bombing the hall, which killed 150 mourners.", "150"),
    ("The coalition denied bombing a hall in the capital killing scores of mourners.", "scores"),
    ("The army denied killing 30 protesters.", "30"),
    ("The government denied strikes which rebels said killed 100 people.", "100"),
    # the denial comes after the figure
    ("At least 40 people were killed, a toll the army denied.", "40"),
    # not a minimiser before the figure
    ("Not only 40 civilians but also 12 soldiers died.", "12"),
])
def test_a_figure_that_disputes_nothing(sentence, figure):
    assert not _at(sentence, figure)


def test_the_claims_column():
    t = ("Massacre in a village\n\nThe United Nations said 120 civilians were killed in the village. "
         "The armed group denied the massacre, saying only nine civilians died in crossfire.")
    c = claims_from_text(t, outlet="Daily Test")
    got = dict(zip(c["count_text"], c["disputes"]))
    assert got == {"120": False, "nine": True}
