"""Tests for newslib.events: event types, dating rules, the timeline merge rule, the bundled corpus."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from newslib import lexicons, schemas
from newslib.extract import events
from newslib.present import plots, report, views
from newslib.run import pipeline
from newslib.errors import LexiconError, ParameterError
from newslib.extract.events import events_from_text, timeline_table

PUB = "2017-09-29"  # a Friday
T = pd.Timestamp


def by_type(text, published=PUB, outlet="Wire") -> dict[str, pd.Series]:
    ev = events_from_text(text, published=published, outlet=outlet)
    assert ev["event_type"].is_unique, ev
    return {r["event_type"]: r for _, r in ev.iterrows()}


# ----------------------------------------------------------------------------- lexicon and triggers
def test_lexicon_is_registered_and_valid():
    tab = lexicons.table("event_types")
    assert {"term", "event_type", "weak", "note"} <= set(tab.columns)
    assert set(tab["event_type"]) == set(schemas.EVENT_TYPES) - {"casualty_report"}  # those come from the claims


def test_lexicon_with_unknown_type_names_file(tmp_path, monkeypatch):
    (tmp_path / "event_types.csv").write_text("term,event_type\nraid,raid\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", str(tmp_path))
    lexicons.clear_cache()
    try:
        with pytest.raises(LexiconError, match="event_types.csv"):
            events.find_triggers("a raid")
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()


@pytest.mark.parametrize("text,etype,trigger", [
    ("IS fighters attacked the town of Sukhna.", "attack", "attacked"),
    ("IS launched a counter-offensive near Deir ez-Zor.", "attack", "counter-offensive"),
    ("Rebels ambushed a convoy near Hama.", "attack", "ambushed"),
    ("Rebels detonated car bombs in Jobar.", "attack", "car bombs"),  # a ground attack, not an air strike
    ("Government forces recaptured Palmyra.", "capture", "recaptured"),
    ("The town fell to IS.", "capture", "fell to"),
    ("The army took control of Mayadin.", "capture", "took control"),
    ("Russian airstrikes hit Idlib.", "airstrike", "airstrikes"),
    ("Regime shelling hit Jobar.", "airstrike", "shelling"),
    ("Five air raids hit hospitals in Idlib.", "airstrike", "air raids"),
    ("The army broke ISIS’s three-year siege of Deir ez-Zor.", "siege_broken", "broke ISIS’s three-year siege"),
    ("The advance lifted a three-year-long siege.", "siege_broken", "lifted a three-year-long siege"),
    ("IS released a video.", "statement", "released a video"),
    ("Failaq al-Rahman claimed responsibility.", "statement", "claimed responsibility"),
    ("IS released an audio recording of its leader.", "statement", "audio recording"),
    ("Russia and Turkey agreed a ceasefire in Idlib.", "agreement", "agreed"),
    ("The talks in Astana ended.", "agreement", "talks"),
])
def test_event_types_on_hand_written_sentences(text, etype, trigger):
    ev = by_type(text)
    assert etype in ev, list(ev)
    assert ev[etype]["trigger"] == trigger


def test_casualty_report_links_the_claims_of_its_sentence():
    ev = events_from_text("Five soldiers were killed and 12 wounded in Jobar on Tuesday.", published=PUB)
    cas = ev[ev["event_type"] == "casualty_report"].iloc[0]
    assert len(cas["claim_ids"].split("; ")) == 2
    assert cas["date_start"] == T("2017-09-26") and cas["place"] == "Jobar"


def test_several_types_in_one_sentence_one_event_per_type():
    ev = events_from_text("IS launched a surprise attack and seized two villages near Mayadin, killing 30 soldiers.", published=PUB)
    assert sorted(ev["event_type"]) == ["attack", "capture", "casualty_report"]
    assert ev.loc[ev["event_type"] == "attack", "trigger"].item() == "attack"  # one attack; "launched" is weak


@pytest.mark.parametrize("text", ["IS tried to capture the town of Sukhna.", "IS did not attack Palmyra.",
                                  "Rebels are threatening to retake Sukhna.", "The army would never seize Raqqa."])
def test_intents_negations_and_modals_are_not_happenings(text):
    assert events_from_text(text, published=PUB).empty


def test_people_captured_are_a_casualty_report_not_a_capture():
    ev = by_type("IS captured two Russian troops near Sukhna.")
    assert list(ev) == ["casualty_report"]


def test_actors_place_and_claimant():
    ev = by_type("Daesh fighters and regime troops clashed as civilians fled; IS attacked the town of Sukhna in "
                 "eastern Homs Province, the Observatory said.")["attack"]
    assert ev["actors"] == "Islamic State; Syrian government forces"  # civilians are victims, not actors
    assert (ev["place"], ev["place_source"]) == ("Sukhna", "sentence")  # the town, not its province
    assert (ev["claimant"], ev["claimant_type"]) == ("Syrian Observatory for Human Rights", "monitor")
    unattributed = by_type("IS attacked Palmyra.", outlet="Wire")["attack"]
    assert (unattributed["claimant"], unattributed["claimant_type"]) == ("Wire", "outlet")


def test_place_falls_back_to_the_article_but_not_for_statements():
    ev = events_from_text("Fighting in Deir ez-Zor\n\nIS attacked again. IS released a video.", published=PUB)
    ev = ev.set_index("event_type")
    assert (ev.loc["attack", "place"], ev.loc["attack", "place_source"]) == ("Deir ez-Zor", "article")
    assert pd.isna(ev.loc["statement", "place"])


# ----------------------------------------------------------------------------- dates
def test_statement_date_is_not_the_event_date():
    ev = by_type("IS said on Friday that it killed 58 soldiers in Sukhna.", published="2017-09-30")
    cas, st = ev["casualty_report"], ev["statement"]
    assert pd.isna(cas["date_start"]) and "statement" in cas["date_reason"] and cas["date_text"] == "Friday"
    assert (st["trigger"], st["date_start"], st["claimant"]) == ("said", T("2017-09-29"), "Islamic State")


def test_event_date_and_statement_date_in_one_sentence():
    ev = by_type("IS killed 58 soldiers in Sukhna on Thursday, the Observatory said on Friday.", published="2017-09-30")
    assert ev["casualty_report"]["date_start"] == T("2017-09-28")
    assert ev["statement"]["date_start"] == T("2017-09-29")


def test_fronted_date_of_an_accusation_dates_the_statement():
    ev = by_type("On Wednesday, Physicians for Human Rights accused Russia of attacks on hospitals in Idlib.")
    assert pd.isna(ev["attack"]["date_start"]) and "accused" in ev["attack"]["date_reason"]
    assert (ev["statement"]["date_start"], ev["statement"]["claimant"]) == (T("2017-09-27"), "Physicians for Human Rights")


def test_fronted_date_of_an_event_dates_the_event():
    ev = by_type("On Thursday, IS attacked Sukhna, a monitor said.")
    assert ev["attack"]["date_start"] == T("2017-09-28")


@pytest.mark.parametrize("text,published,reason", [
    ("IS attacked Palmyra.", PUB, "no time expression in sentence"),
    ("IS fighters attacked Sukhna on Thursday.", None, "no publication date"),
    ("IS attacked the town again the following day.", PUB, "no anchor"),
    ("IS attacked Sukhna this summer.", PUB, "a period, not a date"),
    ("Heavy shelling went on for 24 hours.", PUB, "only a duration"),
    ("The UN envoy hopes to convene talks in Geneva no later than early November.", PUB, "after publication"),
    ("Since renewing airstrikes on September 19, Russia has killed more than 150 people in Idlib.", PUB, "in another clause"),
])
def test_undated_events_keep_their_reason(text, published, reason):
    ev = events_from_text(text, published=published)
    und = events.undated(ev)
    assert len(und) >= 1 and und["date_end"].isna().all() and und["precision"].isna().all()
    assert und["date_reason"].str.contains(reason, regex=False).any(), und["date_reason"].tolist()


def test_dates_are_resolved_never_guessed():
    ev = by_type("Since renewing airstrikes on September 19, Russia has killed more than 150 people in Idlib.")
    assert ev["airstrike"]["date_start"] == T("2017-09-19")  # the date is the air strikes'
    rng = by_type("IS attacked checkpoints near Deir ez-Zor on Wednesday and Thursday.")["attack"]
    assert (rng["date_start"], rng["date_end"], rng["precision"]) == (T("2017-09-27"), T("2017-09-28"), "range")
    past = by_type("Rebels came under attack over the past 10 days.")["attack"]
    assert (past["date_start"], past["date_end"]) == (T("2017-09-19"), T("2017-09-29"))


def test_evidence_span_covers_trigger_and_date():
    text = "Sukhna\n\nIS fighters attacked Sukhna on Thursday."
    ev = events_from_text(text, published=PUB).iloc[0]
    assert text[ev["start"]:ev["end"]] == "attacked Sukhna on Thursday"


# ----------------------------------------------------------------------------- the merge rule
def ev_table(*rows) -> pd.DataFrame:
    base = {c: None for c in schemas.EVENTS.columns}
    full = []
    for i, r in enumerate(rows):
        d = {**base, "event_id": f"e{i}", "article_id": f"a{i}", "outlet": f"Outlet {i}", "sentence_id": 0, "start": 0, "end": 1,
             "quote": f"quote {i}", "event_type": "attack", "place": "Sukhna", "place_source": "sentence",
             "actors": "Islamic State", "claimant": f"Outlet {i}", "claimant_type": "outlet", "precision": "day", **r}
        d.setdefault("date_end", d.get("date_start"))
        if d["date_end"] is None:
            d["date_end"] = d["date_start"]
        full.append(d)
    return schemas.EVENTS.conform(pd.DataFrame(full, columns=list(schemas.EVENTS.columns)))


def test_same_happening_from_two_outlets_merges():
    tl = timeline_table(ev_table({"date_start": "2017-09-28"}, {"date_start": "2017-09-28"}))
    assert len(tl) == 1
    row = tl.iloc[0]
    assert (row["n_events"], row["n_outlets"], row["outlets"]) == (2, 2, "Outlet 0; Outlet 1")
    assert row["rule"] == events.merge_rule() and row["precision"] == "day"
    schemas.TIMELINE.validate(tl)


@pytest.mark.parametrize("second,merged", [
    ({"place": "Idlib"}, False),  # another place
    ({"place": "Palmyra-Deir ez-Zor highway"}, True),  # about 10 km away
    ({"place": "Homs Province"}, True),  # the province Sukhna is in
    ({"date_start": "2017-10-02"}, False),  # dates do not overlap
    ({"date_start": "2017-09-29"}, True),  # a day apart: within the tolerance
    ({"date_start": "2017-09-01", "date_end": "2017-09-30", "precision": "month"}, True),  # overlapping range
    ({"actors": "Rebel factions"}, False),  # no common actor
    ({"actors": None}, True),  # no actor named
    ({"event_type": "capture"}, False),
])
def test_merge_rule(second, merged):
    tl = timeline_table(ev_table({"date_start": "2017-09-28"}, {"date_start": "2017-09-28", **second}))
    assert (len(tl) == 1) is merged, tl[["event_type", "place", "date_start", "n_events"]]


def test_tolerance_and_distance_are_parameters():
    two = ev_table({"date_start": "2017-09-28"}, {"date_start": "2017-09-29", "place": "Palmyra-Deir ez-Zor highway"})
    assert len(timeline_table(two)) == 1
    assert len(timeline_table(two, days=0)) == 2
    assert len(timeline_table(two, km=5)) == 2
    with pytest.raises(ValueError):
        timeline_table(two, days=-1)


def test_statements_merge_only_for_the_same_speaker():
    a = {"event_type": "statement", "date_start": "2017-09-28", "claimant": "Islamic State"}
    assert len(timeline_table(ev_table(a, a))) == 1
    assert len(timeline_table(ev_table(a, {**a, "claimant": "Syrian Observatory for Human Rights"}))) == 2


def test_complete_linkage_does_not_chain_days():
    tl = timeline_table(ev_table({"date_start": "2017-09-26"}, {"date_start": "2017-09-27"}, {"date_start": "2017-09-28"}))
    assert sorted(tl["n_events"].tolist()) == [1, 2]


def test_undated_events_are_not_merged():
    tl = timeline_table(ev_table({"date_start": "2017-09-28"}, {"date_start": None, "precision": None}))
    assert len(tl) == 1 and tl.iloc[0]["event_ids"] == "e0"


def test_timeline_is_deterministic():
    evs = ev_table({"date_start": "2017-09-28"}, {"date_start": "2017-09-28", "precision": "day"},
                   {"date_start": "2017-09-27", "date_end": "2017-09-29", "precision": "range"},
                   {"date_start": "2016-01-16", "place": "Ayash"}, {"date_start": "2017-09-28", "event_type": "capture"})
    first = timeline_table(evs)
    shuffled = timeline_table(evs.sample(frac=1, random_state=7).reset_index(drop=True))
    pd.testing.assert_frame_equal(first, shuffled)
    merged = first[first["n_events"] == 3].iloc[0]
    assert merged["event_ids"] == "e0; e1; e2" and merged["lead_event_id"] == "e0"
    assert (merged["date_start"], merged["date_end"], merged["precision"]) == (T("2017-09-27"), T("2017-09-29"), "range")


def test_empty_timeline():
    assert timeline_table(schemas.EVENTS.empty()).shape == (0, len(schemas.TIMELINE.columns))


# ----------------------------------------------------------------------------- the bundled corpus
@pytest.fixture(scope="module")
def corpus_events(articles, sentences, seed_claims):
    return events.events_table(articles, sentences, seed_claims)


@pytest.fixture(scope="module")
def corpus_timeline(corpus_events):
    return timeline_table(corpus_events)


def test_corpus_events_follow_the_schema_and_are_stable(articles, sentences, seed_claims, corpus_events):
    schemas.EVENTS.validate(corpus_events)
    assert corpus_events["event_id"].is_unique
    pd.testing.assert_frame_equal(corpus_events, events.events_table(articles, sentences, seed_claims))
    assert set(corpus_events["event_type"]) == set(schemas.EVENT_TYPES)


def test_both_campaigns_have_dated_events(corpus_events):
    dated = corpus_events[corpus_events["date_start"].notna()]
    assert ((dated["date_start"] >= T("2016-01-01")) & (dated["date_end"] <= T("2016-01-31"))).any()
    assert ((dated["date_start"] >= T("2017-09-01")) & (dated["date_end"] <= T("2017-09-30"))).any()
    jan = dated[dated["date_start"].dt.year == 2016]
    assert set(jan["event_type"]) >= {"attack", "capture"} and set(jan["outlet"]) == {"The World Beast"}


def test_every_evidence_span_lies_in_its_sentence(articles, sentences, corpus_events):
    texts = dict(zip(articles["article_id"], articles["text"]))
    sents = sentences.set_index(["article_id", "sentence_id"])
    for r in corpus_events.itertuples():
        s = sents.loc[(r.article_id, r.sentence_id)]
        assert s["start"] <= r.start < r.end <= s["end"], r.event_id
        assert s["text"] == r.quote
        assert texts[r.article_id][r.start:r.end] in r.quote
        if pd.notna(r.date_start):
            assert r.date_text in texts[r.article_id][r.start:r.end]


def test_dated_and_undated_are_consistent(corpus_events):
    dated = corpus_events[corpus_events["date_start"].notna()]
    assert dated["date_reason"].isna().all() and dated["precision"].notna().all()
    assert (dated["date_end"] >= dated["date_start"]).all() and (dated["date_end"] <= dated["published"]).all()
    und = events.undated(corpus_events)
    assert und["date_reason"].notna().all() and und["date_end"].isna().all()


def test_every_claim_sentence_has_a_casualty_report(corpus_events, seed_claims):
    cas = corpus_events[corpus_events["event_type"] == "casualty_report"]
    linked = {c for v in cas["claim_ids"] for c in v.split("; ")}
    assert linked == set(seed_claims["claim_id"])
    assert set(zip(cas["article_id"], cas["sentence_id"])) == set(zip(seed_claims["article_id"], seed_claims["sentence_id"]))


def test_the_28_september_counter_attack_is_one_row_from_several_outlets(corpus_timeline, corpus_events):
    """The IS counter-attack of Thursday 28 Sept 2017 on the Deir ez-Zor - Sukhna front. The dated
    sentences that report it name Deir ez-Zor (city or province); the sentences naming Sukhna itself
    carry no date of their own (New Arab: '24 hours'; Al Jazeera: 'on Thursday' dates IS's statement),
    so the merged row is located at Deir ez-Zor."""
    front = {"Deir ez-Zor", "Deir ez-Zor Province", "Sukhna", "Palmyra-Deir ez-Zor highway", "al-Shoula"}
    rows = corpus_timeline[(corpus_timeline["event_type"] == "attack") & (corpus_timeline["date_start"] <= T("2017-09-28"))
                           & (corpus_timeline["date_end"] >= T("2017-09-28"))
                           & corpus_timeline["places"].fillna("").map(lambda p: bool(set(p.split("; ")) & front))]
    assert len(rows) == 1, rows
    row = rows.iloc[0]
    assert row["n_outlets"] >= 3 and {"Al Jazeera", "Outlook India", "EA WorldView"} <= set(row["outlets"].split("; "))
    assert row["date_start"] == T("2017-09-28") and row["place"] == "Deir ez-Zor"
    sukhna = corpus_events[(corpus_events["place"] == "Sukhna") & corpus_events["event_type"].isin(["attack", "casualty_report"])]
    assert len(sukhna) and sukhna["date_start"].isna().all()
    said = corpus_events[(corpus_events["event_type"] == "statement") & (corpus_events["place"] == "Sukhna")]
    assert said[["claimant", "date_start"]].values.tolist() == [["Islamic State", T("2017-09-28")]]


def test_the_siege_of_deir_ez_zor_broken_is_one_row_from_three_outlets(corpus_timeline):
    siege = corpus_timeline[corpus_timeline["event_type"] == "siege_broken"]
    assert len(siege) == 1
    assert siege.iloc[0]["outlets"] == "Al Jazeera; EA WorldView; Outlook India" and siege.iloc[0]["place"] == "Deir ez-Zor"


def test_statement_rule_on_the_corpus(corpus_events):
    out = corpus_events[corpus_events["article_id"].str.startswith("002") & (corpus_events["sentence_id"] == 1)].set_index("event_type")
    assert "dates the statement ('said')" in out.loc["casualty_report", "date_reason"]
    assert (out.loc["statement", "claimant"], out.loc["statement", "date_start"]) == ("Syrian Observatory for Human Rights", T(PUB))


def test_pipeline_writes_events_and_timeline():
    names = list(pipeline.TABLES)
    assert names.index("claims") < names.index("events") < names.index("timeline")
    assert schemas.ALL["events"] is schemas.EVENTS and schemas.ALL["timeline"] is schemas.TIMELINE


# ----------------------------------------------------------------------------- views, parameters and the chart
def test_filter_events_validates_parameters(corpus_events):
    with pytest.raises(ParameterError, match="unknown places"):
        views.filter_events(corpus_events, places=["Atlantis"])
    with pytest.raises(ParameterError, match="alias of 'Islamic State'"):
        views.filter_events(corpus_events, actors=["ISIS"])
    with pytest.raises(ParameterError, match="unknown event_types"):
        views.filter_events(corpus_events, event_types=["riot"])
    with pytest.raises(ParameterError, match="group_by"):
        views.check_group_by("outlet")
    assert views.filter_events(corpus_events, places=["Aleppo"]).empty  # known place, no events
    ids = views.filter_events(corpus_events, places=["Sukhna"], actors=["Islamic State"], event_types=["attack", "statement"])
    assert len(ids) and (ids["place"] == "Sukhna").all() and ids["actors"].str.contains("Islamic State").all()


def test_report_select_filters_events_by_outlet(articles, corpus_events):
    only = report.select({"articles": articles, "events": corpus_events}, outlets=["Al Jazeera"])
    assert set(only["events"]["outlet"]) == {"Al Jazeera"}


def test_views_split_dated_and_undated(corpus_events, corpus_timeline):
    assert views.events_view(corpus_events)["date_start"].notna().all()
    und = views.undated_view(corpus_events)
    assert und["date_start" if "date_start" in und else "date_reason"].notna().all()
    assert len(views.timeline_view(corpus_timeline)) == len(corpus_timeline)


@pytest.mark.parametrize("group_by", ["place", "actors", "event_type"])
def test_event_timeline_chart_breaks_axis_between_campaigns(corpus_events, group_by):
    fig = plots.event_timeline(corpus_events, group_by=group_by)
    assert len(fig.axes) == 2  # January 2016 and August-September 2017
    assert report.figure_png(fig)[:4] == b"\x89PNG"


def test_event_timeline_chart_edge_cases():
    assert "No dated events" in plots.event_timeline(schemas.EVENTS.empty()).axes[0].get_title()
    with pytest.raises(ValueError):
        plots.event_timeline(schemas.EVENTS.empty(), group_by="outlet")


@pytest.mark.notebooks
def test_timeline_report_rejects_an_unknown_place(tmp_path, raw_dir):
    """Before any notebook runs (a parameter error, exit 4), nothing written."""
    from newslib.errors import ParameterError

    with pytest.raises(ParameterError, match="unknown places"):
        report.run_reports(corpus=raw_dir, out=tmp_path / "o", parameters={"places": ["Atlantis"]}, notebooks=("03-timeline",))
    assert not (tmp_path / "o").exists()


def test_events_and_timeline_files_are_byte_identical(tmp_path, corpus_events, corpus_timeline, articles, sentences, seed_claims):
    from newslib import io

    again = events.events_table(articles, sentences, seed_claims)
    for name, first, second in (("events", corpus_events, again), ("timeline", corpus_timeline, timeline_table(again))):
        a = io.write_table(first, tmp_path / "a", name)
        b = io.write_table(second, tmp_path / "b", name)
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b], name


@pytest.mark.notebooks
def test_timeline_report_renders_grouped_by_actor(tmp_path, raw_dir):
    res = report.run_reports(corpus=raw_dir, out=tmp_path, parameters={"group_by": "actors", "event_types": "attack,siege_broken,statement"},
                             notebooks=("03-timeline",))
    page = res["html"][0].read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 1
    assert "Al Jazeera; EA WorldView; Outlook India" in page  # the siege broken, from three outlets
    assert "dates the statement" in page and "Outlets carrying it" in page  # the timeline table, labelled
    shown = page.split("Dated events with their quotes")[1].split("Every time expression")[0]
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", shown, flags=re.S)]
    assert "attack" in cells and "airstrike" not in cells  # event_types filter
