"""Current means current (issue 19, issue 21 item 9): cached tables are reused only while the
corpus, the lexicons and the corrections have the content they were made from."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from newslib import cli, config, io, lexicons
from newslib.present import report
from newslib.run import provenance

ARTICLE = ("Soldiers killed near Homs\n\nAt least 58 soldiers were killed near Homs on Monday, Homs Watch said.\n"
           "Five civilians were wounded in Palmyra, the Syrian Observatory for Human Rights said.\n")


@pytest.fixture
def setup_(tmp_path, monkeypatch):
    """A corpus, a lexicon folder that overrides claimants.csv, a corrections file, and the
    tables extracted from them into ``tables``."""
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (c / "b.txt").write_text(ARTICLE.replace("58", "12").replace("Homs Watch", "state media"), encoding="utf-8")
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "claimants.csv").write_text(lexicons.path("claimants.csv").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", str(lex))
    lexicons.clear_cache()
    fixes = tmp_path / "fix.csv"
    fixes.write_text("claim_id,action,field,value,analyst,note,date\n", encoding="utf-8")
    tables = tmp_path / "tables"
    assert cli.main(["--quiet", "extract", str(c), "--out", str(tables), "--corrections", str(fixes)]) == 0
    yield c, lex, fixes, tables
    monkeypatch.delenv("NEWSLIB_LEXICONS")
    lexicons.clear_cache()


def claim(tables, article: str = "a", kind: str = "killed") -> dict:
    claims = tables["claims"] if isinstance(tables, (dict, report.LazyTables)) else io.read_table(tables, "claims")
    rows = claims[(claims["article_id"] == article) & (claims["kind"] == kind)]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def test_the_marker_records_content_hashes(setup_):
    c, lex, fixes, tables = setup_
    rec = provenance.recorded(tables)
    assert rec["corpus"] == str(c.resolve()) and len(rec["corpus_sha256"]) == 64
    assert rec["lexicons"]["packs"][-1] == ["lex", str(lex)] and rec["lexicons"]["override"] is True
    assert rec["lexicons"]["folder"].endswith(str(lex))
    assert rec["corrections"] == str(fixes.resolve()) and rec["corrections_sha256"] == provenance.file_sha256(fixes)
    assert provenance.differences(tables, c) == [] and provenance.tables_current(tables, c)


def test_an_edited_article_makes_the_tables_stale(setup_, caplog):
    """The probe: '58' edited to '99' in an article; a report given the tables shows 99."""
    c, _, _, tables = setup_
    assert claim(tables)["count_low"] == 58
    (c / "a.txt").write_text(ARTICLE.replace("58", "99"), encoding="utf-8")
    assert provenance.differences(tables, c) == ["corpus changed (its files' content hash differs)"]
    with caplog.at_level("WARNING", logger="newslib.report"):
        ctx = report.setup(corpus=str(c), tables_dir=str(tables))
    assert "not current (corpus changed" in caplog.text
    assert claim(ctx.tables)["count_low"] == 99 and claim(tables)["count_low"] == 99
    assert provenance.tables_current(tables, c)
    (c / "new.txt").write_text(ARTICLE, encoding="utf-8")  # a file added is a change too
    assert provenance.differences(tables, c)


def test_an_edited_lexicon_makes_the_tables_stale_and_is_read_again(setup_):
    c, lex, _, tables = setup_
    before = claim(tables)  # a claimant no lexicon names: found, of no known type
    assert before["claimant"] == "Homs Watch" and pd.isna(before["claimant_type"])
    with open(lex / "claimants.csv", "a", encoding="utf-8") as fh:
        fh.write("Homs Watch,Homs Watch,monitor,neutral,false,false,false,\n")
    assert provenance.differences(tables, c) == ["lexicons changed (a file of the packs base, lex differs)"]
    ctx = report.setup(corpus=str(c), tables_dir=str(tables))  # this process had the old file cached
    assert claim(ctx.tables)["claimant"] == "Homs Watch" and claim(tables)["claimant_type"] == "monitor"
    assert provenance.tables_current(tables, c)


def test_other_lexicons_folder_makes_the_tables_stale(setup_, monkeypatch, tmp_path):
    c, _, _, tables = setup_
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setenv("NEWSLIB_LEXICONS", str(tmp_path / "elsewhere"))
    assert provenance.differences(tables, c) == ["lexicons changed (packs base, lex then, base, elsewhere now)"]


def test_an_edited_corrections_file_makes_the_tables_stale(setup_):
    c, _, fixes, tables = setup_
    cid = claim(tables)["claim_id"]
    with open(fixes, "a", encoding="utf-8") as fh:
        fh.write(f"{cid},reject,,,analyst,not a claim,2024-01-01\n")
    assert provenance.differences(tables, c) == ["corrections changed"]
    ctx = report.setup(corpus=str(c), tables_dir=str(tables))
    assert cid not in set(ctx.tables["claims"]["claim_id"])
    assert provenance.tables_current(tables, c)


def test_another_newslib_version_makes_the_tables_stale(setup_, monkeypatch):
    c, _, _, tables = setup_
    monkeypatch.setattr(provenance, "__version__", "99.0")
    assert provenance.differences(tables, c) == [f"made by newslib {provenance.recorded(tables)['newslib']}, this is 99.0"]


def test_a_report_extracts_stale_tables_again_or_refuses_saying_why(setup_, capsys, monkeypatch):
    c, lex, fixes, tables = setup_
    seen = []
    monkeypatch.setattr(report, "run_notebook", lambda name, out_dir, params: seen.append(params) or
                        io.write_text("{}", out_dir / f"{name}.ipynb"))
    monkeypatch.setattr(report, "export_html", lambda ex, html_dir: io.write_text("<p>x</p>", html_dir / f"{ex.stem}.html"))
    (c / "a.txt").write_text(ARTICLE.replace("58", "99"), encoding="utf-8")
    args = ["--quiet", "report", "--corpus", str(c), "--out", str(c.parent / "r"), "--corrections", str(fixes),
            "-p", "tables_dir", str(tables)]
    assert cli.main([*args, "--stale-tables", "fail"]) == 4
    err = capsys.readouterr().err
    assert f"tables_dir {tables} is not current: corpus changed" in err and seen == []
    assert claim(tables)["count_low"] == 58  # untouched
    assert cli.main(args) == 0
    assert claim(tables)["count_low"] == 99 and len(seen) == len(config.NOTEBOOKS)
    assert all(p["tables_dir"] == str(tables) for p in seen)
    # the report's run record says which lexicons it used
    assert provenance.lexicons_recorded(c.parent / "r") == provenance.recorded(tables)["lexicons"]
    # and so does the brief (the index page): the packs by name and their content hash
    brief = (c.parent / "r" / "html" / "index.html").read_text(encoding="utf-8")
    assert provenance.recorded(tables)["lexicons"]["sha256"] in brief
    assert "base (bundled)" in brief and "claimants.csv" in brief and str(lex) not in brief
    # with --no-corrections the tables (made with the file) are not current either
    assert provenance.differences(tables, c, corrections=False) == [f"other corrections ({fixes.resolve()} then, none now)"]


def test_run_json_records_the_lexicons_and_hashes(setup_):
    c, lex, _, tables = setup_
    run = json.loads((tables / "run.json").read_text(encoding="utf-8"))
    now = provenance.lexicons_state()
    assert run["lexicons"] == {k: now[k] for k in ("packs", "folder", "override", "sha256")}
    assert run["lexicons"]["packs"][-1] == ["lex", str(lex)]
    assert run["state"] == provenance.recorded(tables)
    assert provenance.lexicons_recorded(tables) == run["lexicons"]
    assert {Path(i["path"]).name for i in run["inputs"]} == {"a.txt", "b.txt"}
    assert all(len(i["sha256"]) == 64 for i in run["inputs"])
    assert provenance.lexicons_recorded(tables.parent / "nothing") is None
