"""`newslib lexicon draft`: a proposed pack for a corpus, on our own sentences, the bundled
corpus, and (when present) the dev corpus."""
import csv
import os
from pathlib import Path

import pandas as pd
import pytest

from newslib import cli, config, lexicons
from newslib.extract import draft
from newslib.read import corpus

ROOT = Path(__file__).resolve().parents[2]
DEV = Path(os.environ.get("NEWSLIB_DEVCORPUS", ROOT / ".devcorpus"))


def _arts(*texts):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "title": [t.split("\n")[0] for t in texts],
                         "text": list(texts)})


def test_claimants_from_reporting_structure_with_types_and_status():
    d = draft.draft(_arts(
        "Clinic hit in the north\nShelling killed 9 people in Kutum, Doctors Without Borders (MSF) said on Monday.",
        "More deaths\nAt least 20 people were killed, according to the Ministry of Health.",
        "Toll rises to 30: MSF\nThe toll rose to 30, two health ministry officials told reporters. "
        "The United Nations said 12 children were among the dead."), min_count=1)
    c = d["claimants"].set_index("alias")
    assert c.loc["MSF", "claimant_type"] == "ngo" and c.loc["MSF", "case_sensitive"] == "true"
    assert c.loc["MSF", "count"] == 2 and c.loc["MSF", "articles"] == 2
    assert c.loc["Doctors Without Borders", "claimant_type"] == "ngo"
    assert c.loc["Ministry of Health", "claimant_type"] == "hospital_or_health_authority"
    assert c.loc["two health ministry officials", "claimant"] == "health ministry"
    # the base pack knows the UN and MSF (any war); a ministry's own name is new to it
    assert c.loc["United Nations", "status"] == "known" and c.loc["MSF", "status"] == "known"
    assert c.loc["Ministry of Health", "status"] == "new"
    assert set(c["side"]) == {"unknown"} and set(c["party"]) == {"unknown"}
    assert "Kutum" in c.loc["MSF", "example"] or "30" in c.loc["MSF", "example"]


def test_actors_places_and_framing():
    d = draft.draft(_arts(
        "Raid\nThe Jamhuri Liberation Front attacked, and Jamhuri Liberation Front fighters killed 12 civilians "
        "in Kutum and near Zorbatiya village.",
        "Raid again\nThe JLF militia killed 5 people in Kutum, the governor said.",
        "Raid three\nFighters of the JLF militia killed 4 people at Zorbatiya."), min_count=2)
    actors = set(d["actors"]["alias"])
    assert "Jamhuri Liberation Front" in actors and "JLF" in actors
    gaz = d["gazetteer"].set_index("alias")
    assert gaz.loc["Kutum", "place"] == "Kutum" and gaz.loc["Kutum", "country"] == "Sudan"
    assert float(gaz.loc["Kutum", "lat"]) == pytest.approx(14.2)
    assert d["gazetteer_todo"]["alias"].tolist() == ["Zorbatiya"]
    f = d["framing"]
    assert ((f["family"] == "JLF labels") & (f["term"] == "militia")).any()


def test_draft_cli_on_the_bundled_corpus(tmp_path, monkeypatch):
    out = tmp_path / "draft"
    assert cli.main(["--quiet", "lexicon", "draft", str(config.RAW_DIR), "--out", str(out), "--min-count", "1"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["README.md", "actors.csv", "claimants.csv", "framing.csv", "gazetteer.csv", "gazetteer_todo.csv"]
    claimants = pd.read_csv(out / "claimants.csv", dtype=str, keep_default_na=False)
    assert "Syrian Observatory for Human Rights" in set(claimants["claimant"])
    gaz = pd.read_csv(out / "gazetteer.csv", dtype=str, keep_default_na=False)
    assert {"Deir ez-Zor", "Syria"} <= set(gaz["place"])
    # the draft, its unreviewed rows removed, loads as a pack
    claimants[claimants["claimant_type"] != ""].to_csv(out / "claimants.csv", index=False)
    monkeypatch.setenv("NEWSLIB_LEXICONS", f"+{out}")
    lexicons.clear_cache()
    try:
        assert lexicons.alias_matcher("claimants").find("the Britain-based monitoring group said")
        assert [n for n, _ in lexicons.packs()] == ["base", "syria", "draft"]
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert cli.main(["--quiet", "lexicon", "draft", str(config.RAW_DIR), "--out", str(out), "--min-count", "0"]) == 4


@pytest.mark.skipif(not DEV.is_dir(), reason="dev corpus (.devcorpus) not present")
def test_draft_on_the_dev_corpus_proposes_the_main_claimants_and_places():
    def run(event):
        return draft.draft(corpus.ingest(DEV / event).articles)
    fasher = run("el_fasher")
    claimants = {c.lower() for c in fasher["claimants"]["claimant"]}
    # MSF under the base pack's canonical name once the pack knows it
    assert claimants & {"msf", "médecins sans frontières"} and "united nations" in claimants
    assert {"El Fasher", "Northern Darfur", "Sudan"} <= set(fasher["gazetteer"]["place"])
    assert "Darfur" in set(fasher["gazetteer_todo"]["alias"])  # a region the gazetteer has no entry for
    yemen = run("yemen_funeral")
    assert "health ministry" in {c.lower() for c in yemen["claimants"]["claimant"]}
    assert {"Sanaa", "Yemen"} <= set(yemen["gazetteer"]["place"])
    axum = run("axum")
    assert "Amnesty International" in set(axum["claimants"]["claimant"])
    assert {"Aksum", "Tigray", "Ethiopia"} <= set(axum["gazetteer"]["place"])
    assert any(a.startswith("Eritrean") for a in axum["actors"]["alias"])
