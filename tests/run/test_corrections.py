"""The corrections loop: reject, edit and add change the tables and the report (issue 8)."""
from __future__ import annotations

import pandas as pd
import pytest

from newslib import cli, schemas
from newslib.run import corrections, pipeline
from newslib.extract.claims import claims_from_text
from newslib.errors import CorrectionsError

TEXT = "Head\n\nAt least 12 soldiers were killed near Palmyra and 30 were wounded, the Observatory said."


def table(rows: list[list[str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(corrections.COLUMNS)).astype("string")


@pytest.fixture()
def claims():
    return claims_from_text(TEXT, article_id="a1")


@pytest.fixture()
def articles():
    from newslib.read import corpus

    return corpus.build([corpus.Document("a1", "a1", TEXT, outlet="Wire")]).articles


def test_reject_edit_add(claims, articles):
    killed, wounded = claims["claim_id"].tolist()
    fix = table([
        [wounded, "reject", "", "", "ana", "double count", "2026-11-21"],
        [killed, "edit", "victim_side", "pro-government", "ana", "Syrian army", "2026-11-21"],
        [killed, "edit", "count_low", "14", "ana", "later update", "2026-11-21"],
        ["added-1", "add", "article_id", "a1", "ana", "missed", "2026-11-21"],
        ["added-1", "add", "quote", "30 were wounded", "ana", "", "2026-11-21"],
        ["added-1", "add", "kind", "wounded", "ana", "", "2026-11-21"],
        ["added-1", "add", "count_low", "30", "ana", "", "2026-11-21"],
    ])
    fixed, log = corrections.apply(claims, fix, articles, "test.csv")
    schemas.CLAIMS.validate(fixed)
    assert wounded not in set(fixed["claim_id"])
    k = fixed.set_index("claim_id").loc[killed]
    assert k["victim_side"] == "pro-government" and k["count_low"] == 14 and k["origin"] == "corrected"
    assert "count_low '12' -> '14'" in k["correction_note"] and "ana 2026-11-21" in k["correction_note"]
    a = fixed.set_index("claim_id").loc["added-1"]
    assert a["origin"] == "added" and a["count_low"] == 30 and a["count_high"] == 30
    assert TEXT[a["start"]:a["end"]] == "30 were wounded" and a["outlet"] == "Wire"
    assert (log["status"] == "applied").all() and len(log) == len(fix)


def test_missing_claim_is_reported_not_dropped(claims, articles):
    fix = table([["c000000000000", "reject", "", "", "ana", "", "2026-11-21"]])
    fixed, log = corrections.apply(claims, fix, articles)
    assert len(fixed) == len(claims)
    assert log["status"].tolist() == ["claim not found"] and "find the claim again" in log["message"].iloc[0]


def test_added_quote_must_be_in_the_article(claims, articles):
    fix = table([["x", "add", f, v, "ana", "", ""] for f, v in
                 [("article_id", "a1"), ("quote", "not in the text"), ("kind", "killed"), ("count_low", "3")]])
    fixed, log = corrections.apply(claims, fix, articles)
    assert "x" not in set(fixed["claim_id"]) and (log["status"] == "invalid").all()


def test_deterministic(claims, articles):
    fix = table([[claims["claim_id"].iloc[0], "edit", "qualifier", "approximate", "ana", "", "2026-11-21"]])
    a = corrections.apply(claims, fix, articles)
    b = corrections.apply(claims, fix, articles)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])


@pytest.mark.parametrize("row, message", [
    (["c1", "delete", "", "", "", "", ""], "action 'delete'"),
    (["c1", "edit", "claim_id", "x", "", "", ""], "cannot be edited"),
    (["c1", "edit", "kind", "maimed", "", "", ""], "'maimed' is not one of"),
    (["c1", "edit", "count_low", "many", "", "", ""], "not a valid Int64"),
    (["c1", "reject", "", "", "", "", "yesterday"], "not YYYY-MM-DD"),
    (["", "reject", "", "", "", "", ""], "empty claim_id"),
    (["n1", "add", "article_id", "a1", "", "", ""], "lacks"),
])
def test_bad_rows_give_clear_errors(tmp_path, row, message):
    f = tmp_path / "c.csv"
    table([row]).to_csv(f, index=False)
    with pytest.raises(CorrectionsError, match=f"c.csv: row 2: .*{message}"):
        corrections.read(f)


def test_bad_header(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("claim,action\nx,reject\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match="missing columns"):
        corrections.read(f)


def test_correct_helper_round_trips(tmp_path):
    f = tmp_path / "corrections.csv"
    corrections.correct("c1", note="headline restates body", analyst="ana", path=f, date="2026-11-21")
    corrections.correct("c2", field="victim_side", value="IS", note="jihadists", analyst="ana", path=f, date="2026-11-21")
    corrections.add_claim("n1", "a1", "30 were wounded", "wounded", count_low=30, analyst="ana", path=f, date="2026-11-21")
    back = corrections.read(f)
    assert back["action"].tolist() == ["reject", "edit"] + ["add"] * 4
    assert back.loc[1, "value"] == "IS"
    corrections.read(f).to_csv(tmp_path / "again.csv", index=False)
    assert (tmp_path / "again.csv").read_bytes() == f.read_bytes()
    with pytest.raises(CorrectionsError, match="not written"):
        corrections.correct("c3", field="kind", value="maimed", path=f)
    assert len(corrections.read(f)) == 6  # the bad row was not written


# ----------------------------------------------------------------------------- through the pipeline and CLI
def _first_claim(raw_dir):
    t = pipeline.extract(raw_dir, corrections=False)
    return t["claims"]


def test_pipeline_applies_and_tables_follow(raw_dir, tmp_path):
    base = _first_claim(raw_dir)
    target = base[base["count_text"] == "around 120"].iloc[0]
    f = tmp_path / "c.csv"
    corrections.correct(target["claim_id"], note="same figure twice in one sentence", analyst="ana", path=f, date="2026-11-21")
    t = pipeline.extract(raw_dir, corrections=f)
    assert target["claim_id"] not in set(t["claims"]["claim_id"])
    assert len(t["claims"]) == len(base) - 1
    assert t["corrections"]["status"].tolist() == ["applied"]
    # derived tables are computed from the corrected claims
    assert t["sourcing"]["n_claims"].sum() == len(t["claims"])


def test_cli_extract_flags_and_check(raw_dir, tmp_path, capsys):
    base = _first_claim(raw_dir)
    f = tmp_path / "c.csv"
    corrections.correct(base["claim_id"].iloc[0], field="victim_side", value="IS", analyst="ana", path=f, date="2026-11-21")
    corrections.correct("c000000000000", analyst="ana", path=f, date="2026-11-21")
    code = cli.main(["--quiet", "extract", str(raw_dir), "--out", str(tmp_path / "o"), "--corrections", str(f)])
    assert code == cli.EXIT_PARTIAL  # one correction names a claim that is not there
    log = pd.read_csv(tmp_path / "o" / "corrections.csv")
    assert sorted(log["status"]) == ["applied", "claim not found"]
    code = cli.main(["--quiet", "extract", str(raw_dir), "--out", str(tmp_path / "p"), "--no-corrections"])
    assert code == 0
    assert (pd.read_csv(tmp_path / "p" / "claims.csv")["origin"] == "extracted").all()
    capsys.readouterr()
    assert cli.main(["corrections", "check", str(f)]) == 0
    assert cli.main(["corrections", "check", str(f), "--corpus", str(raw_dir)]) == cli.EXIT_PARTIAL
    assert "c000000000000" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("claim_id,action,field,value,analyst,note,date\nx,explode,,,,,\n", encoding="utf-8")
    assert cli.main(["corrections", "check", str(bad)]) == 7


def test_bundled_corrections_file_is_valid():
    corrections.read(corrections.default_path())


def test_report_shows_the_corrections(raw_dir, tmp_path):
    from newslib.present import report

    base = _first_claim(raw_dir)
    target = base[base["count_text"] == "50"].iloc[0]
    f = tmp_path / "c.csv"
    corrections.correct(target["claim_id"], field="qualifier", value="approximate", note="<b>checked</b> the video",
                        analyst="ana", path=f, date="2026-11-21")
    corrections.correct("c000000000000", note="stale", analyst="ana", path=f, date="2026-11-21")
    res = report.run_reports(corpus=raw_dir, out=tmp_path / "out", corrections=f, notebooks=("01-claims-overview",))
    page = res["html"][0].read_text(encoding="utf-8")
    assert "corrections applied in this run" in page and "claim not found" in page
    assert "&lt;b&gt;checked&lt;/b&gt; the video" in page and "<b>checked</b>" not in page  # escaped
    assert "corrected" in page


# ----------------------------------------------------------------------------- JupyterLab (issue 21 item 9)
def test_correct_is_idempotent_and_a_second_call_updates(tmp_path):
    f = tmp_path / "corrections.csv"
    for _ in range(3):  # Run All, then a report, then Run All again
        corrections.correct("c1", field="place", value="Idlib", note="wrong town", analyst="ana", path=f, date="2026-11-21")
        corrections.correct("c2", note="double count", analyst="ana", path=f, date="2026-11-21")
        corrections.add_claim("n1", "a1", "30 were wounded", "wounded", count_low=30, analyst="ana", path=f,
                              date="2026-11-21")
    back = corrections.read(f)
    assert len(back) == 2 + 4
    before = f.read_bytes()
    corrections.correct("c1", field="place", value="Idlib", note="wrong town", analyst="ana", path=f, date="2026-12-01")
    assert f.read_bytes() == before  # the same decision on another day: the file is untouched
    corrections.correct("c1", field="place", value="Deir ez-Zor", note="second look", analyst="ana", path=f,
                        date="2026-11-22")
    back = corrections.read(f)
    rows = back[(back["claim_id"] == "c1") & (back["field"] == "place")]
    assert len(rows) == 1 and rows.iloc[0]["value"] == "Deir ez-Zor" and rows.index[0] == 0  # updated in place
    assert corrections.duplicates_and_conflicts(back) == []


def test_corrections_check_reports_duplicates_and_conflicts(tmp_path, capsys):
    from newslib import cli

    f = tmp_path / "corrections.csv"
    f.write_text("claim_id,action,field,value,analyst,note,date\n"
                 "c1,edit,place,Idlib,ana,,2026-11-21\n"
                 "c1,edit,place,Idlib,ana,,2026-11-21\n"
                 "c2,edit,kind,killed,ana,,2026-11-21\n"
                 "c2,edit,kind,wounded,bo,,2026-11-22\n"
                 "c3,reject,,,ana,,2026-11-21\n"
                 "c3,edit,victim_side,IS,bo,,2026-11-22\n", encoding="utf-8")
    code = cli.main(["corrections", "check", str(f)])
    err = capsys.readouterr().err
    assert code != 0
    assert "duplicate: rows 2, 3" in err and "c1 place" in err
    assert "conflict: rows 4, 5" in err and "'killed', 'wounded'" in err
    assert "claim c3 is rejected" in err


def test_place_edit_moves_coordinates_and_incident(raw_dir, tmp_path):
    base = pipeline.extract(raw_dir, corrections=False)
    links = base["claim_incidents"]
    claims = base["claims"]
    target = claims[(claims["place"] == "Sukhna") & claims["lat"].notna()].iloc[0]
    old_incident = links.loc[links["claim_id"] == target["claim_id"], "incident_id"].iloc[0]
    f = tmp_path / "c.csv"
    corrections.correct(target["claim_id"], field="place", value="Idlib", note="the town was Idlib", analyst="ana", path=f,
                        date="2026-11-21")
    t = pipeline.extract(raw_dir, corrections=f)
    moved = t["claims"].set_index("claim_id").loc[target["claim_id"]]
    name, lat, lon = corrections.place_coordinates("Idlib")
    assert moved["place"] == "Idlib" and (float(moved["lat"]), float(moved["lon"])) == (lat, lon)
    assert (float(moved["lat"]), float(moved["lon"])) != (float(target["lat"]), float(target["lon"]))
    new_links = t["claim_incidents"]
    new_incident = new_links.loc[new_links["claim_id"] == target["claim_id"], "incident_id"].iloc[0]
    assert new_incident != old_incident
    inc = t["incidents"].set_index("incident_id").loc[new_incident]
    assert "Idlib" in str(inc["place"]) or "Idlib" in str(inc["label"])
    others = set(links.loc[links["incident_id"] == old_incident, "claim_id"]) - {target["claim_id"]}
    assert not others & set(new_links.loc[new_links["incident_id"] == new_incident, "claim_id"])
