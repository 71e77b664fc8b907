"""Publication dates: basis rules, partial metadata as windows, and the dev corpus check.
Texts are our own; the dev corpus (when present) is read at run time, never copied."""
import csv
import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from newslib.extract import claims
from newslib.read import corpus, published

D = dt.date
ROOT = Path(__file__).resolve().parents[2]
DEV = Path(os.environ.get("NEWSLIB_DEVCORPUS", ROOT / ".devcorpus"))


def test_dateline_beats_a_masthead_date_line():
    text = ("Battles go on in the city\n\nMonday, December 2, 2024\nThe Daily Paper\n"
            "Battles go on in the city\nMay 26, 2024 (KHARTOUM) – Shelling went on overnight, residents said.")
    p = published.pick(None, None, text)
    assert (p.start, p.basis) == (D(2024, 5, 26), "dateline")


@pytest.mark.parametrize("line,when", [
    ("Mosul, March 24/2021 – The commission released its findings.", D(2021, 3, 24)),
    ("KHARTOUM, 3 June 2023 (Wire) - Fighting resumed.", D(2023, 6, 3)),
    ("Oct. 8, 2016 — The hall was full.", D(2016, 10, 8)),
    ("Agency News Service – 26/2/21", D(2021, 2, 26)),
])
def test_dateline_forms(line, when):
    p = published.from_text(f"Headline\n\n{line}\nMore text.")
    assert (p.start, p.basis) == (when, "dateline")


def test_ambiguous_numeric_dateline_is_not_guessed():
    assert published.from_text("Headline\nAgency News Service – 6/2/21\nText.") is None


def test_labelled_publication_line_beats_last_updated():
    text = "Title\nLast Updated: Tuesday, 23 May 2023, 12:44 GMT\nTitle\nPublication Date 8 October 2016\nBody."
    p = published.from_text(text)
    assert (p.start, p.basis) == (D(2016, 10, 8), "publication line")
    assert published.from_text("Title\nUpdated 15 October 2016\nBody.").basis == "updated line"


def test_date_line_weekday_abbreviation_and_store_stamp():
    assert published.from_text("Title\n\nSun May 12 2024\nBody").start == D(2024, 5, 12)
    p = published.from_text("Title\n\n date 2021-02-26 Officials said on Friday that ...")
    assert (p.start, p.basis) == (D(2021, 2, 26), "date stamp")


def test_a_label_for_another_date_is_not_publication():
    assert published.from_text("Incident 7\n\nIncident Date\n19 November 2020\nCivilians killed\n") is None


def test_url_dates():
    assert published.from_url("https://x.org/news/2024/5/26/some-story").start == D(2024, 5, 26)
    assert published.from_url("http://x.org/articles/view/20161009/world/a.123").start == D(2016, 10, 9)
    m = published.from_url("https://x.org/2024/05/story")
    assert (m.start, m.end, m.basis) == (D(2024, 5, 1), D(2024, 5, 31), "url (month)")
    assert published.from_url("https://x.org/story?id=20161009") is None  # query strings are ids
    assert published.from_url("https://x.org/a/1362439275950665732.html") is None


def test_full_metadata_beats_everything():
    p = published.pick("2024-05-20", "https://x.org/2024/05/26/a", "T\nMay 26, 2024 (JUBA) – Body")
    assert (p.start, p.basis) == (D(2024, 5, 20), "metadata")


@pytest.mark.parametrize("value,start,end,basis", [
    ("2024-05", D(2024, 5, 1), D(2024, 5, 31), "metadata (month)"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "metadata (month)"),
    ("2017", D(2017, 1, 1), D(2017, 12, 31), "metadata (year)"),
])
def test_partial_metadata_is_a_window(value, start, end, basis):
    p = published.pick(value, None, "Title\nNo date in this text.")
    assert (p.start, p.end, p.basis) == (start, end, basis)
    assert not p.day


def test_a_text_date_inside_a_partial_window_refines_it_and_outside_does_not():
    p = published.pick("2024-05", None, "T\nMay 26, 2024 (JUBA) – Body")
    assert (p.start, p.end, p.basis) == (D(2024, 5, 26), D(2024, 5, 26), "dateline (within metadata month)")
    p = published.pick("2024-05", None, "T\nJune 2, 2024 (JUBA) – Body")
    assert (p.start, p.end, p.basis) == (D(2024, 5, 1), D(2024, 5, 31), "metadata (month)")


def test_bad_partial_dates_are_problems():
    assert published.parse_metadata("2024-13")[1] == "unparseable date '2024-13'"
    assert "future" in published.parse_metadata(str(dt.date.today().year + 2))[1]


def test_articles_table_records_window_and_basis(tmp_path):
    (tmp_path / "a.txt").write_text("Clashes in the north\n\nShelling killed 12 people on Thursday, medics said.\n")
    (tmp_path / "b.txt").write_text("Clashes in the south\n\nMay 26, 2024 (JUBA) – Shelling killed 12 people on "
                                    "Thursday, medics said.\n")
    (tmp_path / "articles.csv").write_text("file,outlet,published\na.txt,Wire,2024-05\nb.txt,Wire,\n")
    arts = corpus.ingest(tmp_path).articles.set_index("article_id")
    assert arts.loc["a", "published"] == pd.Timestamp("2024-05-01")
    assert arts.loc["a", "published_end"] == pd.Timestamp("2024-05-31")
    assert arts.loc["a", "published_basis"] == "metadata (month)"
    assert "month only" in arts.loc["a", "notes"]
    assert arts.loc["b", "published"] == arts.loc["b", "published_end"] == pd.Timestamp("2024-05-26")
    assert arts.loc["b", "published_basis"] == "dateline"
    # "on Thursday" resolves only against a day
    cl = claims.extract_claims(arts.reset_index()).set_index("article_id")
    assert pd.isna(cl.loc["a", "event_date"])
    assert cl.loc["b", "event_date"] == pd.Timestamp("2024-05-23")


@pytest.mark.skipif(not DEV.is_dir(), reason="dev corpus (.devcorpus) not present")
def test_dev_corpus_publication_dates():
    """Every dev article's date from its URL and text against the annotated date: none wrong,
    at most two missed (undated datelines)."""
    right = missed = 0
    wrong = []
    for ev in sorted(p for p in DEV.iterdir() if (p / "articles.csv").exists()):
        for r in csv.DictReader(open(ev / "articles.csv", encoding="utf-8")):
            text = corpus.clean_text((ev / r["file"]).read_text(encoding="utf-8")).text
            p = published.pick(None, r["url"], text)
            got = "" if p is None else p.start.isoformat() if p.day else p.start.isoformat()[:7]
            if got and got != r["published"]:
                wrong.append((ev.name, r["file"], r["published"], got, p.basis))
            elif r["published"] and got == r["published"]:
                right += 1
            elif r["published"]:
                missed += 1
    assert wrong == []
    assert right >= 27 and missed <= 2
