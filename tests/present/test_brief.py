"""The brief (index page): the rows it shows and the page's layout, on the bundled corpus."""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from newslib import config
from newslib.present import brief
from newslib.run import pipeline

SUKHNA_URLS = {
    "https://www.aljazeera.com/news/2017/09/syrian-army-captures-key-supply-route-deir-az-zor-170929154041937.html",
    "https://www.outlookindia.com/website/story/58-syria-government-fighters-killed-in-is-attacks-monitor/302398",
    "https://newarab.com/news/syrian-regime-repel-bloody-counter-offensive-deir-az-zour",
}


@pytest.fixture(scope="module")
def tables():
    return pipeline.extract(config.RAW_DIR)


@pytest.fixture(scope="module")
def page(tables, tmp_path_factory):
    out = tmp_path_factory.mktemp("brief")
    reports = [out / f"{n}.html" for n in config.NOTEBOOKS]
    counts = {n: len(tables[n]) for n in ("articles", "sentences", "claims", "errors")}
    params = {"rule": "ucdp", "tables_dir": str(out / "private" / "tables"), "outlets": []}
    old = os.umask(0o022)
    try:
        path = brief.write_brief(out, tables, reports, config.RAW_DIR, params, counts, "2026-01-01")
    finally:
        os.umask(old)
    return path


class Rows(HTMLParser):
    """The incident rows of the page: per ``<tr class="incident">`` its text and its links."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.tags: list[str] = []
        self.cur: dict | None = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "tr" and "incident" in (a.get("class") or ""):
            self.cur = {"id": a.get("id"), "text": "", "links": [], "cells": 0}
            self.rows.append(self.cur)
        if self.cur is not None:
            if tag == "a":
                self.cur["links"].append(a.get("href"))
            if tag == "td":
                self.cur["cells"] += 1

    def handle_endtag(self, tag):
        if tag == "tr":
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur["text"] += data


def _sukhna(rows: pd.DataFrame) -> pd.Series:
    hit = rows[rows["place"] == "Sukhna"]
    assert len(hit) == 1, rows[["label", "place"]]
    return hit.iloc[0]


def test_rows_answer_the_sukhna_question(tables):
    rows = brief.incident_briefs(tables)
    assert len(rows) == len(tables["incidents"])
    assert list(rows["rank"]) == list(range(1, len(rows) + 1))
    size = rows["best"].fillna(rows["independent_high"]).fillna(rows["stated_high"]).fillna(rows["party_high"]).fillna(-1)
    assert list(size) == sorted(size, reverse=True)  # largest first
    s = _sukhna(rows)
    # the Observatory's current figure; its earlier 58 and the party's 100 apart
    assert (s["independent_low"], s["independent_high"]) == (120, 120)
    assert (s["stated_low"], s["stated_high"]) == (58, 120)
    assert (s["party_low"], s["party_high"]) == (100, 100)
    lines = s["claimants"].split("\n")
    sohr = next(x for x in lines if x.startswith("Syrian Observatory for Human Rights"))
    assert "more than 58" in sohr and "around 120 (30 Sep, current)" in sohr and "3 outlets" in sohr
    assert sohr.index("58") < sohr.index("120")  # earlier figure first
    assert any(x.startswith("Islamic State (party): around 100") for x in lines)
    assert {line.rsplit(", ", 1)[-1] for line in s["sources"].split("\n")} == SUKHNA_URLS
    assert s["n_outlets"] == 3 and s["n_articles"] == 3
    assert pd.notna(s["lat"]) and pd.notna(s["lon"])


def test_page_lists_every_incident_with_spread_claimants_and_sources(tables, page):
    text = page.read_text(encoding="utf-8")
    parser = Rows()
    parser.feed(text)
    rows = brief.incident_briefs(tables)
    assert [r["id"] for r in parser.rows] == list(rows["incident_id"])
    for row, inc in zip(parser.rows, rows.itertuples()):
        assert row["cells"] == 8
        assert inc.label in row["text"]
        assert brief.fmt_dates(inc.date_start, inc.date_end) in row["text"]
        spread = brief.fmt_range(inc.independent_low, inc.independent_high)
        assert (spread or "none") in row["text"]
        assert "graded" in row["text"] or (isinstance(inc.grade, str) and inc.grade in row["text"])
        for claimant_line in inc.claimants.split("\n"):
            assert claimant_line.split(":")[0].split(" [")[0].replace(" (party)", "") in row["text"]
        urls = {line.rsplit(", ", 1)[-1] for line in inc.sources.split("\n") if line}
        assert urls <= set(row["links"]), (urls, row["links"])
    sukhna = next(r for r in parser.rows if "Sukhna" in r["text"])
    assert set(sukhna["links"]) == SUKHNA_URLS
    assert "58" in sukhna["text"] and "around 120" in sukhna["text"] and "Islamic State" in sukhna["text"]


def test_page_is_self_contained_readable_and_private(page):
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower()
    assert re.search(r'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'', text)
    readable = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", text)  # base64 may spell anything
    for bad in ("<NA>", "&lt;NA&gt;", "NaN", "None", "NaT"):
        assert bad not in readable, bad
    assert not re.search(r'\ssrc="(?!data:)', text)  # the only image is inline
    assert str(config.PROJECT_ROOT) not in text and str(page.parent) not in text
    assert "data/raw" in text  # the corpus, relative to the project
    for part in ('id="incidents"', 'id="map"', 'id="reports"', 'id="run"'):
        assert part in text
    # the order: incidents, then the map, then the reports, then the run details
    assert text.index('id="incidents"') < text.index('id="map"') < text.index('id="reports"') < text.index('id="run"')
    for nb, line in brief.REPORT_LINES.items():
        assert f'href="{nb}.html"' in text and line in text
    assert '<img src="data:image/png;base64,' in text and 'alt="Map of ' in text
    assert "Lexicons" in text and "bundled" in text


def _hostile_tables() -> dict[str, pd.DataFrame]:
    """Tables as the pipeline writes them, with markup in every text a reader sees."""
    x = "<script>alert(1)</script>"
    inc = pd.DataFrame({
        "incident_id": ["i1", "i2"], "label": [f"Town {x}", "Other <b>bold</b>"], "kind": ["killed", "killed"],
        "place": [f"Town {x}", None], "date_start": pd.to_datetime(["2020-01-02", None]),
        "date_end": pd.to_datetime(["2020-01-03", None]), "n_outlets": pd.array([1, 1], dtype="Int64"),
        "low": pd.array([5, None], dtype="Int64"), "best": pd.array([5, None], dtype="Int64"),
        "high": pd.array([5, None], dtype="Int64"), "rule": ["ucdp; party claims excluded"] * 2,
    })
    claims = pd.DataFrame({
        "claim_id": ["c1", "c2"], "article_id": ["a1", "a2"], "outlet": [f"Outlet {x}", "O2"],
        "published": pd.to_datetime(["2020-01-03", "2020-01-04"]), "start": pd.array([0, 0], dtype="Int64"),
        "count_low": pd.array([5, 7], dtype="Int64"), "count_high": pd.array([5, 7], dtype="Int64"),
        "qualifier": ["exact", "exact"], "claimant": [f"<img src=x onerror=alert(2)>", "Army"],
        "claimant_type": ["monitor", "armed_group"], "claimant_is_party": pd.array([False, True], dtype="boolean"),
        "place": [f"Town {x}", None], "lat": pd.array([10.0, None], dtype="Float64"),
        "lon": pd.array([20.0, None], dtype="Float64"),
    })
    ci = pd.DataFrame({"claim_id": ["c1", "c2"], "incident_id": ["i1", "i2"], "counted": [True, False],
                       "reason": ["counted", "party claim"], "victim_group": ["civilians", "civilians"],
                       "figure": ["5", "7"]})
    arts = pd.DataFrame({"article_id": ["a1", "a2"], "outlet": [f"Outlet {x}", "O2"],
                         "url": ["javascript:alert(3)", 'https://example.org/a?"><script>alert(4)</script>'],
                         "title": ["t", "t2"], "published": pd.to_datetime(["2020-01-03", "2020-01-04"])})
    return {"incidents": inc, "claims": claims, "claim_incidents": ci, "articles": arts}


def test_article_text_is_escaped_and_only_web_links_are_links(tmp_path):
    t = _hostile_tables()
    text = brief.brief_html(t, [], tmp_path / "c", {}, {"articles": 2, "claims": 2}, "2026-01-01")
    assert "<script" not in text.lower() and "<img src=x" not in text and "<b>bold" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert 'href="javascript:' not in text
    assert "https://example.org/a?&quot;&gt;&lt;script&gt;" in text  # quoted inside the attribute
    parser = Rows()
    parser.feed(text)
    assert [r["id"] for r in parser.rows] == ["i2", "i1"]  # largest first: 7 (a party's), then 5
    assert "Army" in parser.rows[0]["text"] and "party" in parser.rows[0]["text"]


def test_top_caps_the_table_and_says_where_the_rest_is(tables):
    text = brief.brief_html(tables, [], config.RAW_DIR, {}, {"articles": 5, "claims": 20}, "2026-01-01", top=2)
    parser = Rows()
    parser.feed(text)
    assert len(parser.rows) == 2
    assert f"{len(tables['incidents']) - 2:,} smaller incidents are not shown here" in text


def test_columns_of_the_incident_grouping_are_shown_when_present(tables):
    """The grouping's own spread, grade and claimant series win over what the brief computes."""
    t = dict(tables)
    inc = t["incidents"].copy()
    sukhna = inc["place"] == "Sukhna"
    for col, v in (("independent_low", 58), ("independent_high", 120), ("party_low", 90), ("party_high", 110),
                   ("stated_low", 58), ("stated_high", 120)):
        inc[col] = pd.array([v if s else None for s in sukhna], dtype="Int64")
    inc["grade"] = pd.array(["contested" if s else "single source" for s in sukhna], dtype="string")
    inc["grade_reason"] = pd.array(["two monitors 58 and 120 apart" if s else "one claimant" for s in sukhna],
                                   dtype="string")
    t["incidents"] = inc
    iid = inc.loc[sukhna, "incident_id"].iloc[0]
    t["claimant_series"] = pd.DataFrame({
        "incident_id": [iid] * 3, "claimant": ["Monitor A", "Monitor A", "Monitor B"],
        "claimant_type": ["monitor"] * 3, "is_party": pd.array([False] * 3, dtype="boolean"),
        "victim_group": ["soldiers"] * 3, "step": pd.array([0, 1, 0], dtype="Int64"),
        "date": pd.to_datetime(["2017-09-29", "2017-09-30", "2017-09-29"]), "figure": ["58", "120", "60"],
        "count_low": pd.array([58, 120, 60], dtype="Int64"), "count_high": pd.array([58, 120, 60], dtype="Int64"),
        "qualifier": ["exact", "approximate", "exact"], "current": pd.array([False, True, True], dtype="boolean"),
        "revision": pd.array([False, True, False], dtype="boolean"), "outlet": ["Al Jazeera", "The New Arab", "X"],
        "url": ["https://a.example/1", "https://b.example/2", "https://c.example/3"],
        "article_id": ["a1", "a2", "a3"], "claim_id": ["k1", "k2", "k3"],
    })
    rows = brief.incident_briefs(t)
    s = _sukhna(rows)
    assert (s["independent_low"], s["party_high"], s["grade"]) == (58, 110, "contested")
    assert s["claimants"].split("\n")[0] == "Monitor A: 58 (29 Sep) -> around 120 (30 Sep, current); 2 outlets"
    text = brief.brief_html(t, [], config.RAW_DIR, {}, {}, "2026-01-01")
    assert '<span class="grade g-warn">contested</span>' in text
    assert "two monitors 58 and 120 apart" in text
    assert all(f'href="{u}"' in text for u in SUKHNA_URLS)  # every member article, not only a step's first
    assert "not graded" not in text


def test_page_mode_follows_the_umask(page):
    assert page.stat().st_mode & 0o777 == 0o644


def test_no_incidents_gives_a_page_that_says_so(tmp_path):
    text = brief.brief_html({}, [], tmp_path, {}, {}, "2026-01-01")
    assert "No incident was found" in text and "<NA>" not in text


def test_the_page_is_its_sections_in_registry_order(tables):
    text = brief.brief_html(tables, [], config.RAW_DIR, {}, {}, "2026-01-01", map_png=b"png")
    ids = re.findall(r'<section id="([^"]+)">', text)
    assert ids == list(brief.SECTIONS) == ["incidents", "map", "reports", "run"]
    links = re.findall(r'<a href="#([^"]+)">', text)
    assert links == [n for n, s in brief.SECTIONS.items() if s.title]  # the header links the headed sections
    assert '<section id="map"><h2>Map</h2>\n<figure><img src="data:image/png;base64,cG5n"' in text


def test_a_new_section_is_one_function_and_one_registry_line(tables, monkeypatch):
    def sources(page: brief.Page) -> str:
        return f"<p>{len(page.rows)} incidents, top {page.top}</p>"

    monkeypatch.setitem(brief.SECTIONS, "sources", brief.Section("Sources & notes", sources))
    text = brief.brief_html(tables, [], config.RAW_DIR, {}, {}, "2026-01-01", top=3, map_png=b"png")
    rows = brief.incident_briefs(tables)
    assert f'<section id="sources"><h2>Sources &amp; notes</h2>\n<p>{len(rows)} incidents, top 3</p>\n</section>' in text
    assert '<a href="#sources">sources &amp; notes</a> ·\nworkbook' in text
    assert text.index('id="run"') < text.index('id="sources"')
    monkeypatch.delitem(brief.SECTIONS, "map")
    assert 'id="map"' not in brief.brief_html(tables, [], config.RAW_DIR, {}, {}, "2026-01-01", map_png=b"png")
