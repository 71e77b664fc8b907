import json

import pandas as pd
import pytest

from newslib.read import corpus
from newslib.errors import CorpusError


def test_bundled_corpus_read_with_metadata(ingested):
    a = ingested.articles
    assert len(a) == 5 and ingested.errors.empty
    assert set(a["outlet"]) == {"The New Arab", "Al Jazeera", "Outlook India", "EA WorldView", "The World Beast"}
    row = a[a.article_id.str.startswith("004")].iloc[0]
    assert row["published"] == pd.Timestamp("2016-01-17")
    assert row["title"] == "Syrian Army Assaults Reverse IS Gains in Deir Ezzor"


def test_raw_data_is_byte_identical_to_shared_seeds(raw_dir):
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
    if not seeds.exists():
        pytest.skip("shared seeds not beside the checkout")
    for f in seeds.glob("*.txt"):
        assert (raw_dir / f.name).read_bytes() == f.read_bytes()
    assert (raw_dir / "articles.csv").read_bytes() == (seeds / "articles.csv").read_bytes()


@pytest.mark.parametrize("prefix,gone,kept", [
    ("000", ["2 min read", "[click to enlarge]", "[AFP]"], ["30 September, 2017", "Around 120 regime fighters"]),
    ("001", ["READ MORE", "[File: Omar Sanadiki/Reuters]", "A man stands near military vehicles"], ["Deadly ISIL attacks"]),
    ("002", ["info_icon", "Advertisement"], ["58 Syria Government Fighters Killed"]),
    ("003", ["See Syria Daily, Sept 26", "See Syria Daily, Sept 28"], ["Report: Rebel Attack Near Damascus"]),
    ("004", ["Spread the love", "Article Author Details", "Dan Nicholson", "Follow Tweets"], ["changed hands several times"]),
])
def test_page_furniture_removed(articles, prefix, gone, kept):
    a = articles[articles.article_id.str.startswith(prefix)].iloc[0]
    for g in gone:
        assert g not in a["text"], g
        assert g in a["raw_text"] or g == "[AFP]" and "[AFP]" in a["raw_text"]
    for k in kept:
        assert k in a["text"], k


def test_cleaned_offsets_map_back_to_raw():
    raw = "Title\r\n\r\nAdvertisement\r\nBody one.\r\nBody two."
    c = corpus.clean_text(raw)
    assert c.text == "Title\n\nBody one.\nBody two."
    pos = c.text.index("Body two")
    assert raw[c.to_raw(pos):c.to_raw(pos) + 8] == "Body two"


def test_date_line_used_when_no_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Headline\n\n30 September, 2017\n\nText here.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline\n\nNo date here.", encoding="utf-8")
    res = corpus.ingest(tmp_path)
    a = res.articles.set_index("article_id")
    assert a.loc["a", "published"] == pd.Timestamp("2017-09-30")
    assert a.loc["a", "published_basis"].startswith("date line")
    assert pd.isna(a.loc["b", "published"])
    assert "no publication date" in " ".join(res.errors["reason"])


def test_table_inputs(tmp_path):
    rows = [{"id": "x1", "text": "Five soldiers were killed.", "title": "Attack", "outlet": "Wire", "published": "2020-01-02"},
            {"id": "x2", "text": "Nothing."}]
    pd.DataFrame(rows).to_csv(tmp_path / "c.csv", index=False)
    pd.DataFrame(rows).to_parquet(tmp_path / "c.parquet")
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    for name in ("c.csv", "c.parquet"):
        a = corpus.ingest(tmp_path / name).articles
        assert list(a["article_id"]) == ["x1", "x2"]
        assert a.iloc[0]["text"].startswith("Attack\n\nFive soldiers")
    res = corpus.ingest(tmp_path / "c.jsonl")
    assert len(res.articles) == 2 and "broken JSON" in res.errors.iloc[0]["reason"]


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        corpus.ingest(tmp_path / "nope")


def test_problem_inputs_are_listed(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin.txt").write_bytes("Café headline\n\nÉté text.".encode("latin-1"))
    (tmp_path / "ok.txt").write_text("Head\n\nBody.", encoding="utf-8")
    (tmp_path / "dup.csv").write_text("id,text\nok,Body again.\n", encoding="utf-8")
    (tmp_path / "notext.csv").write_text("id,body\n1,x\n", encoding="utf-8")
    res = corpus.ingest(tmp_path)
    reasons = dict(zip(res.errors["input"], res.errors["reason"]))
    assert any("empty" in r for k, r in reasons.items() if k.endswith("empty.txt"))
    assert any("empty" in r for k, r in reasons.items() if k.endswith("blank.txt"))
    assert any("binary" in r for k, r in reasons.items() if k.endswith("bin.txt"))
    assert any("duplicate id" in r for r in reasons.values())
    assert any("no 'text' column" in r for r in reasons.values())
    a = res.articles.set_index("article_id")
    assert a.loc["latin", "encoding"] == "cp1252" and "Été" in a.loc["latin", "text"]


@pytest.mark.parametrize("enc", ["utf-8-sig", "utf-16", "cp1252"])
def test_decoding(enc):
    text, used = corpus.decode_bytes("Deir ez-Zor – café".encode(enc) if enc != "cp1252" else "Deir ez-Zor – café".encode("cp1252"))
    assert text == "Deir ez-Zor – café"


# ----------------------------------------------------------------------------- clean_text's fast paths
from hypothesis import given, settings, strategies as st  # noqa: E402

_RAW = st.one_of(
    st.text(),
    st.lists(st.sampled_from(["Title", "Body text.", "\n", "\r\n", "\r", "\t", "\u00a0", "\u2009", "\u202f", "\u200b",
                              "\ufeff", "Advertisement", "Read more: x", "  ", "café", "Share this", "[AFP]"]),
             max_size=20).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(_RAW)
def test_raw_lines_fast_path_is_the_same(raw):
    assert corpus._raw_lines(raw) == corpus._raw_lines(raw, fast=False)


@settings(max_examples=300, deadline=None)
@given(_RAW)
def test_normalise_spaces_maps_each_odd_space(raw):
    expected = raw.translate({ord(c): " " for c in corpus._ODD_SPACES})
    assert corpus._normalise_spaces(raw) == expected


_FURNITURE_LINES = st.sampled_from([
    "Advertisement", "ADVERTISEMENT", "info_icon", "[click to enlarge]", "3 min read", "12 minutes read",
    "Read more: Syria", "Spread the love", "Share this article", "Share on", "Follow us on Twitter", "Like us on x",
    "See Syria Daily, Sept 26: IS attack", "Related: x", "Image credit: AP", "Photo: x", "A caption [AFP]",
    "A caption [Getty Images] ", "Article author details", "About the author", "Senior editor at X", "Editor at Y",
    "Body sentence.", "advertisement here", "Read more", "share thisarticle", "x [file:abc]",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(_FURNITURE_LINES, st.text(max_size=40)))
def test_furniture_gate_matches_exactly_when_a_rule_does(line):
    gate = corpus._furniture_gate()
    assert gate is not None  # the bundled rules can be joined
    assert bool(gate.fullmatch(line)) == any(r.regex.fullmatch(line) for r in corpus.furniture_rules())


def test_furniture_gate_steps_aside_for_rules_it_cannot_join(monkeypatch):
    import re

    rules = (corpus.FurnitureRule(re.compile(r"(ab)\1", re.I), "drop_line", "x"),)
    monkeypatch.setattr(corpus, "furniture_rules", lambda: rules)
    corpus._furniture_gate.cache_clear()
    try:
        assert corpus._furniture_gate() is None
        assert corpus.clean_text("Title\n\nabAB\nBody.").text == "Title\n\nBody."
    finally:
        monkeypatch.undo()
        corpus._furniture_gate.cache_clear()


def test_a_date_marker_opening_a_paragraph_goes_on_its_own_line():
    raw = "Title\n\n date 2021-03-05 Troops shot dead 12 people, the group said Friday.\n\nMore."
    c = corpus.clean_text(raw)
    assert c.text.split("\n")[2:4] == ["date 2021-03-05", "Troops shot dead 12 people, the group said Friday."]
    i = c.text.index("Troops")
    assert raw[c.to_raw(i):c.to_raw(i) + 6] == "Troops"
    assert any("date marker" in r for r in c.removed)
    # the marker alone on its line is still the publication date
    from newslib.read import published
    assert published.pick(None, None, c.text).start.isoformat() == "2021-03-05"


@pytest.mark.parametrize("line, body", [
    ("June 3, 2023 (GOMA) – The toll rose to 40, the governor said.", "The toll rose to 40, the governor said."),
    ("BAMAKO, Mali (Reuters) - Gunmen killed 12 villagers.", "Gunmen killed 12 villagers."),
    ("MOGADISHU, March 9 (AP) — At least 20 people died.", "At least 20 people died."),
])
def test_a_dateline_opening_the_body_goes_on_its_own_line(line, body):
    c = corpus.clean_text("A headline\n\n" + line + "\n\nMore text.")
    assert body in c.text.split("\n")
    assert not any(body != ln and ln.endswith(body) for ln in c.text.split("\n"))


def test_a_sentence_that_starts_with_a_date_is_not_a_dateline():
    c = corpus.clean_text("A headline\n\nOn June 3, 2023 gunmen killed 12 villagers.")
    assert "On June 3, 2023 gunmen killed 12 villagers." in c.text.split("\n")
