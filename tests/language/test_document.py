"""The per-article Document (``language.document``): split once, computed once, shared by claims,
events and the time_expressions table."""
from __future__ import annotations

import pandas as pd

from newslib.extract import claims as claimsmod, events as eventsmod
from newslib.language import dates, document, text as textmod
from newslib.language.document import Document, Tokens

TEXT = ("Strikes on Homs\n\nFive people were killed in Homs on Monday, the monitor said. "
        "“We counted the bodies,” a medic said.\n\nAleppo\n\nTwo soldiers died in Aleppo on Tuesday.")


def article(**kw) -> dict:
    return {"article_id": "a1", "title": "Strikes on Homs", "text": TEXT, "outlet": "Wire",
            "published": pd.Timestamp("2017-03-07"), **kw}


def test_of_article_splits_once_and_reads_the_metadata():
    doc = Document.of_article(article())
    assert [s.text for s in doc.sentences][:2] == ["Strikes on Homs", "Five people were killed in Homs on Monday, the monitor said."]
    assert doc.sentences[0].is_headline
    assert (doc.article_id, doc.outlet, str(doc.published)) == ("a1", "Wire", "2017-03-07")
    assert Document.of_article(article(text="   ")) is None
    assert Document.of_article(article(outlet=float("nan"))).outlet is None
    given = textmod.split_sentences(TEXT)[:1]
    assert Document.of_article(article(), given).sentences is given


def test_what_the_article_says_is_computed_once():
    doc = Document.of_article(article())
    assert doc.main_place["place"] == "Homs"
    assert doc.main_place is doc.main_place and doc.place_hits is doc.place_hits
    assert [h[1]["place"] for h in doc.place_hits] == ["Homs", "Homs", "Aleppo", "Aleppo"]
    assert [e.text for e in doc.time_expressions] == ["Monday", "Tuesday"]
    assert str(doc.time_expressions[0].date_start) == "2017-03-06"
    assert doc.quotes and TEXT[slice(*doc.quotes[0])].startswith("“We counted")
    heading = next(s for s in doc.sentences if s.is_heading)
    assert heading.text == "Aleppo" and doc.headings == [heading]
    last = doc.sentences[-1]
    assert doc.section_place(last)["place"] == "Aleppo"  # under the subheading
    assert doc.section_place(doc.sentences[1]) is None


def test_long_ranges_date_nothing():
    doc = Document.of_article(article(text="Title\n\nFighting since January 2016 killed 5 people on Monday."))
    assert [e.text for e in doc.all_time_expressions] == ["since January 2016", "Monday"]
    assert [e.text for e in doc.time_expressions] == ["Monday"]  # a range of more than MAX_DATING_RANGE_DAYS
    assert document.MAX_DATING_RANGE_DAYS < (doc.all_time_expressions[0].date_end - doc.all_time_expressions[0].date_start).days


def test_tokens():
    doc = Document.of_article(article())
    t = doc.tokens(1)
    s = doc.sentences[1].text
    assert isinstance(t, Tokens) and t.n == len(t.low)
    assert [s[a:b].lower() for a, b in zip(t.start, t.end)] == t.low
    assert t.low[:4] == ["five", "people", "were", "killed"]
    assert Tokens("al-Kubra’s U.S. 1,200").low == ["al-kubra’s", "u.s", ".", "1", ",", "200"]


def test_claims_events_and_time_expressions_share_one_document(monkeypatch):
    """Each article is split into sentences once and its time expressions found once, for the
    claims, the events and the time_expressions table together."""
    calls = {"split": 0, "times": 0}
    split, find = textmod.split_sentences, dates.find_time_expressions

    def counting_split(*a, **kw):
        calls["split"] += 1
        return split(*a, **kw)

    def counting_find(text, *a, **kw):
        calls["times"] += text == TEXT  # the article's (claims also read expressions sentence by sentence)
        return find(text, *a, **kw)

    monkeypatch.setattr(textmod, "split_sentences", counting_split)
    monkeypatch.setattr(dates, "find_time_expressions", counting_find)
    arts = pd.DataFrame([article()])
    sentences = textmod.sentences_table(arts)  # as the pipeline does: the sentences table, split once
    contexts: dict = {}
    claims = claimsmod.extract_claims(arts, sentences, contexts)
    ctx = contexts["a1"]
    assert isinstance(ctx, Document) and isinstance(ctx, claimsmod.ArticleContext)
    events = eventsmod.events_table(arts, sentences, claims, contexts)
    times = dates.time_expressions_table(arts, sentences, contexts)
    assert len(claims) == 2 and len(events) and len(times) == 2
    assert calls == {"split": 1, "times": 1}
    assert contexts["a1"] is ctx


def test_main_place_a_country_named_as_an_actor_gives_way_to_the_city_of_the_story():
    text = ("Russia strikes station in Kramatorsk\n\nRussia denied the attack. Russia said the missile was not "
            "its own. Rescuers in Kramatorsk counted the dead.")
    assert document.main_place(text)["place"] == "Kramatorsk"
    # a country alone is still the main place
    assert document.main_place("Fighting in Mali\n\nMali said ten soldiers died.")["place"] == "Mali"


def test_main_place_counts_villages_the_gazetteer_lacks():
    doc = Document.of_article(article(title="Strike on a village",
                                      text="Strike on a village\n\nA drone hit Rafin Gabasawa village in Kaduna State. "
                                           "Residents of Rafin Gabasawa buried 40 people. Kaduna State mourned."))
    assert doc.main_place["place"] == "Rafin Gabasawa"
    assert [h.text for h in doc.local_places_in(doc.sentences[2])] == ["Rafin Gabasawa"]


def _main(text: str) -> str:
    doc = Document.of_article(article(title=text.split("\n")[0], text=text))
    return doc.main_place["place"]


def test_a_city_named_like_the_province_of_the_village_is_the_province():
    # "Kaduna villagers", "a village in Kaduna": next to a village of Kaduna State, the name is
    # the state's, and the village is the finer place
    text = ("Air strike kills Kaduna villagers\n\nAn army drone struck Rafin Gabasawa village in Kaduna State on "
            "Sunday night, residents said. Mourners gathered in Kaduna on Monday.")
    assert _main(text) == "Rafin Gabasawa"
    # the village named without its area is in the one province the text names
    text = ("Kaduna mourns\n\nA drone hit Rafin Gabasawa village on Sunday, killing 40. The governor of Kaduna State "
            "ordered an inquiry.")
    assert _main(text) == "Rafin Gabasawa"
    # with no village, the city is the city
    assert _main("Blast in Kaduna\n\nA bomb went off in a market in Kaduna on Monday.") == "Kaduna"


def test_a_dateline_at_home_is_where_the_report_was_filed():
    text = ("Strike on a station\n\nKYIV, Ukraine (Wire) - A missile struck the railway station in Kramatorsk on "
            "Friday.\n\nThe president spoke in Kyiv later.")
    assert _main(text) == "Kramatorsk"
    # a home dateline no longer wins a tie with the place of the story
    text = ("Insurgents kill twelve\n\nMAPUTO, June 3 (Wire) - Insurgents killed twelve people in Cabo Delgado "
            "province, police said.")
    assert _main(text) == "Cabo Delgado Province"
    # with no other place, the dateline still places the story
    assert _main("Strike overnight\n\nKYIV, Ukraine (Wire) - Sixteen people were killed overnight.") == "Kyiv"


def test_the_lede_says_where_it_happened():
    text = ("War update\n\ndate 2024-03-01\nA rocket attack on a train station in Kramatorsk killed dozens on Friday.\n\n"
            "Foreign ministers were in Kyiv to show support. Troops once failed to take Kyiv.")
    assert _main(text) == "Kramatorsk"
    t = "Head\n\nBy A. Writer\nFive people died in Homs on Monday. More."
    a, b = document._lede(t, 4)
    assert t[a:b] == "Five people died in Homs on Monday."  # a byline is no lede


def test_a_village_named_in_a_known_district_is_the_finer_place():
    text = ("Massacre near Beni\n\nRebels killed 30 people in Mukondi, in the territory of Beni, on Monday. "
            "The army in Beni territory said it was pursuing them. Beni residents fled.")
    doc = Document.of_article(article(title="Massacre near Beni", text=text))
    assert doc.main_place["place"] == "Mukondi"
    assert doc.main_place["area"] == "Beni" and doc.main_place["country"] == "Democratic Republic of the Congo"


def test_a_village_wins_over_the_capital_named_as_the_government():
    text = ("Massacre in Ituri\n\nKINSHASA, June 2 (Wire) - Rebels killed 40 people in the village of Mukondi, "
            "officials said. Kinshasa said troops were sent. Kinshasa blamed the rebels. Kinshasa vowed to act.")
    assert _main(text) == "Mukondi"
    # a capital named as a location still counts in full
    assert _main("Blasts in the capital\n\nTwo bombs exploded in Kinshasa on Monday. Police in Kinshasa "
                 "said the market in Kinshasa was closed. Troops were sent to Ituri.") == "Kinshasa"


def test_a_country_named_only_as_an_actor_is_no_country_of_the_article():
    text = ("Strike on a station\n\nA missile hit the station in Kramatorsk, in eastern Ukraine. Russia said it "
            "fired no missile. Russia's ministry blamed Kyiv.")
    doc = Document.of_article(article(title="Strike on a station", text=text))
    assert doc.countries == frozenset({"Ukraine"})
    # a country named as a location stays
    doc = Document.of_article(article(title="Strikes", text="Strikes\n\nShelling in Russia and in Ukraine killed ten."))
    assert doc.countries == frozenset({"Russia", "Ukraine"})
    # with no country named as a location, all of them stay
    doc = Document.of_article(article(title="Talks", text="Talks\n\nRussia said Ukraine refused."))
    assert doc.countries == frozenset({"Russia", "Ukraine"})
