"""What a run writes, probed as a careless or hostile user would (issue 19): formulas in cells,
relative paths, symbolic links and odd entries in a corpus folder, exit codes, quiet runs."""
from __future__ import annotations

import csv
import json
import os
import re
import socket
from pathlib import Path

import pandas as pd
import pytest

from newslib import cli, io, schemas

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_corpus(root: Path) -> tuple[Path, Path]:
    """A folder corpus whose ids, headlines, outlets, URLs, sentences and claimants start with
    formula characters, and a corrections file whose ids, analyst and note do too."""
    c = root / "fc"
    c.mkdir()
    (c / "articles.csv").write_text(
        "file,outlet,url,published\n"
        "=evil.txt,+Wire,@http://x.example/a,2017-09-29\n"
        "plain.txt,=HYPERLINK(1),-http://y.example/b,2017-09-30\n", encoding="utf-8")
    (c / "=evil.txt").write_text(
        "=SUM(A1) headline about Deir ez-Zor\n\n"
        "-12 soldiers were killed near Deir ez-Zor, the Syrian Observatory for Human Rights said.\n"
        "+Fighters from IS attacked the army.\n"
        "@Reuters: at least 5 civilians were wounded in Raqqa on Thursday.\n", encoding="utf-8")
    (c / "plain.txt").write_text(
        "Plain headline about Raqqa\n\nAt least 7 soldiers were killed in Raqqa, state media said.\n"
        "=CMD  The regime said 3 fighters were captured.\n", encoding="utf-8")
    with open(c / "t.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "outlet", "url", "published", "text"])
        w.writerow(["-row1", "@title", "=outlet", "+url", "2017-09-29",
                    "-Dash headline\n\n=Ten soldiers were killed in Homs, Hezbollah said."])
        w.writerow(["\trow2", "\rtitle", "\toutlet", "\turl", "2017-09-29",
                    "Tab headline\n\n\tAt least 4 people were killed in Aleppo, the monitor said."])
    fixes = root / "fix.csv"
    fixes.write_text("claim_id,action,field,value,analyst,note,date\n"
                     "=nope,reject,,,@analyst,=1+1 note,2024-01-01\n", encoding="utf-8")
    return c, fixes


def text_columns(table: str) -> list[str]:
    return [c.name for c in schemas.ALL[table].cols if c.dtype == "string"]


def starts_like_formula(df: pd.DataFrame, columns: list[str]) -> dict[str, int]:
    return {c: int(n) for c in columns if (n := df[c].str.startswith(FORMULA_STARTS).sum())}


@pytest.mark.parametrize("engine", [[], ["--partition-size", "1"], ["--engine", "dask", "--scheduler", "synchronous",
                                                                   "--partition-size", "1"]], ids=["plain", "streaming", "dask"])
def test_no_csv_cell_reads_as_a_formula(tmp_path, engine):
    c, fixes = formula_corpus(tmp_path)
    out = tmp_path / "out"
    assert cli.main(["--quiet", "extract", str(c), "--out", str(out), "--corrections", str(fixes), *engine]) == cli.EXIT_PARTIAL
    neutralised, tables = {}, sorted(out.glob("*.csv"))
    assert len(tables) >= 17
    for f in tables:  # every text column of every table
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        cols = text_columns(f.stem)
        assert cols and set(cols) <= set(df.columns), f.name
        assert starts_like_formula(df, cols) == {}, f.name
        for col in cols:
            if df[col].str.startswith("'").any():
                neutralised.setdefault(f.stem, []).append(col)
    # the probe's columns were all reached (so the scan above is not vacuous)
    for table, cols in {"claims": ["article_id", "outlet", "quote", "claimant"], "corrections": ["claim_id", "analyst", "note"],
                        "articles": ["article_id", "title", "outlet", "url", "text"], "sentences": ["text"],
                        "events": ["quote"], "naming": ["outlet"], "tone": ["outlet"], "sourcing": ["outlet"],
                        "attribution": ["outlet"], "figure_travel": ["outlet"], "article_totals": ["article_id"]}.items():
        assert set(cols) <= set(neutralised.get(table, [])), (table, neutralised.get(table))
    # Parquet keeps the original text
    arts = io.read_table(out, "articles").set_index("article_id")
    assert arts.loc["=evil", "outlet"] == "+Wire" and arts.loc["=evil", "url"] == "@http://x.example/a"
    assert arts.loc["-row1", "title"] == "@title" and arts.loc["plain", "outlet"] == "=HYPERLINK(1)"
    csv_arts = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False).set_index("article_id")
    assert csv_arts.loc["'=evil", "outlet"] == "'+Wire"


def test_neutralise_formula_follows_owasp():
    for s in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert io.neutralise_formula(s) == "'" + s
    for v in ("1+1", " =1", "'=1", "", None, 58, 1.5, pd.NA):
        assert io.neutralise_formula(v) is v
    df = pd.DataFrame({"s": pd.array(["=a", None, "b"], dtype="string"), "n": [1, 2, 3],
                       "o": pd.Series(["@x", 3, None], dtype=object), "k": pd.Categorical(["-1", "x", "x"])})
    out = io.neutralise_frame(df)
    assert out["s"].tolist()[0] == "'=a" and pd.isna(out["s"].iloc[1]) and out["o"].tolist()[:2] == ["'@x", 3]
    assert list(out["k"].astype(str)) == ["'-1", "x", "x"] and out["n"].tolist() == [1, 2, 3]
    assert df["s"].iloc[0] == "=a"  # the input is not changed


# ----------------------------------------------------------------------------- paths
ARTICLE = "Five soldiers killed near Homs\n\nAt least 5 soldiers were killed near Homs on Monday, the Observatory said.\n"


def small_corpus(folder: Path, n: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(ARTICLE.replace("5 soldiers", f"{i + 5} soldiers"), encoding="utf-8")
    return folder


@pytest.fixture
def fake_notebooks(monkeypatch):
    """Notebooks that record their parameters instead of running (the runner around them is real)."""
    from newslib.present import report

    seen = []

    def run_notebook(name, out_dir, parameters):
        seen.append({**parameters, "_lexicons_env": os.environ.get("NEWSLIB_LEXICONS")})  # what a kernel inherits
        out_dir.mkdir(parents=True, exist_ok=True)
        dest = out_dir / f"{name}.ipynb"
        dest.write_text(json.dumps(parameters), encoding="utf-8")
        return dest

    def export_html(executed, html_dir):
        return io.write_text("<p>report</p>", html_dir / (executed.stem + ".html"))

    monkeypatch.setattr(report, "run_notebook", run_notebook)
    monkeypatch.setattr(report, "export_html", export_html)
    return seen


def test_every_command_resolves_relative_paths_against_the_working_directory(tmp_path, monkeypatch, fake_notebooks):
    from newslib import config

    small_corpus(tmp_path / "mycorpus")
    (tmp_path / "frame.csv").write_text("family,term,pattern\nf,t,\\bsoldiers\\b\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--quiet", "extract", "mycorpus", "--out", "t1"]) == 0
    assert (tmp_path / "t1" / "claims.csv").exists()
    assert cli.main(["--quiet", "report", "--corpus", "mycorpus", "--out", "r2", "-p", "tables_dir", "t1",
                     "-p", "framing_lexicon", "frame.csv"]) == 0
    assert (tmp_path / "r2" / "html" / "index.html").exists() and (tmp_path / "r2" / "run.json").exists()
    assert not (config.PROJECT_ROOT / "r2").exists()
    for params in fake_notebooks:  # the notebooks get absolute paths (their own rule is the project root)
        assert params["corpus"] == str(tmp_path / "mycorpus") and params["output_dir"].startswith(str(tmp_path))
        assert params.get("tables_dir", str(tmp_path / "t1")) == str(tmp_path / "t1")
    assert fake_notebooks[-1]["framing_lexicon"] == str(tmp_path / "frame.csv")
    (tmp_path / "fix.csv").write_text("claim_id,action,field,value,analyst,note,date\n", encoding="utf-8")
    assert cli.main(["corrections", "check", "fix.csv", "--corpus", "mycorpus"]) == 0
    assert cli.main(["--quiet", "lexicon", "draft", "mycorpus", "--out", "drafted", "--min-count", "1"]) == 0
    assert (tmp_path / "drafted" / "claimants.csv").exists() and not (config.PROJECT_ROOT / "drafted").exists()


def test_a_lexicon_pack_folder_is_relative_to_the_working_directory(tmp_path, monkeypatch, fake_notebooks):
    """``--lexicons mypack`` (or NEWSLIB_LEXICONS) names a folder of the working directory, also
    for the notebooks, whose kernels start in the project folder, and in the run records."""
    from newslib import config, lexicons
    from newslib.run import provenance

    small_corpus(tmp_path / "mycorpus")
    (tmp_path / "mypack").mkdir()
    (tmp_path / "mypack" / "claimants.csv").write_text(lexicons.path("claimants.csv").read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", "")  # so that monkeypatch puts it back as it was (cli.main sets it)
    monkeypatch.delenv("NEWSLIB_LEXICONS")
    monkeypatch.chdir(tmp_path)
    try:
        assert cli.main(["--quiet", "--lexicons", "+mypack", "extract", "mycorpus", "--out", "t1"]) == 0
        assert os.environ["NEWSLIB_LEXICONS"] == "+" + str(tmp_path / "mypack")
        assert provenance.lexicons_recorded(tmp_path / "t1")["packs"][-1] == ["mypack", str(tmp_path / "mypack")]
        monkeypatch.setenv("NEWSLIB_LEXICONS", "base,mypack")  # the variable, as a user would set it
        lexicons.clear_cache()
        assert cli.main(["--quiet", "report", "--corpus", "mycorpus", "--out", "r2", "-p", "tables_dir", "t1"]) == 0
        assert fake_notebooks and all(p["_lexicons_env"] == "base," + str(tmp_path / "mypack") for p in fake_notebooks)
        run = json.loads((tmp_path / "r2" / "run.json").read_text(encoding="utf-8"))
        assert run["lexicons"]["packs"] == [["base", str(config.DEFAULT_LEXICON_DIR / "base")],
                                            ["mypack", str(tmp_path / "mypack")]]
    finally:
        lexicons.clear_cache()


# ----------------------------------------------------------------------------- corpus folder entries
@pytest.mark.parametrize("engine", [[], ["--partition-size", "2"]], ids=["plain", "streaming"])
def test_symlinks_out_of_the_corpus_and_odd_entries_are_listed(tmp_path, engine):
    c = small_corpus(tmp_path / "c", 3)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (c / "passwd.txt").symlink_to(secret)
    (c / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (c / "inside.txt").symlink_to(c / "a0.txt")  # stays inside the folder: read
    (c / "x.txt").mkdir()
    (c / "notes").mkdir()
    os.mkfifo(c / "pipe.txt")
    out = tmp_path / "out"
    assert cli.main(["--quiet", "extract", str(c), "--out", str(out), *engine]) == cli.EXIT_PARTIAL
    errors = pd.read_csv(out / "errors.csv", dtype=str).set_index("input")
    arts = io.read_table(out, "articles")
    assert sorted(arts["article_id"]) == ["a0", "a1", "a2", "inside"]
    assert "outside the corpus folder" in errors.loc[str(c / "passwd.txt"), "reason"]
    assert "dangling symbolic link" in errors.loc[str(c / "dangling.txt"), "reason"]
    assert "a folder named like a .txt file" in errors.loc[str(c / "x.txt"), "reason"]
    assert "not a regular file" in errors.loc[str(c / "pipe.txt"), "reason"]
    assert errors.loc[str(c / "notes"), "severity"] == "warning"
    assert (errors["severity"] == "error").sum() == 4
    assert not arts["text"].str.contains("root:x:0:0").any()
    followed = tmp_path / "followed"
    assert cli.main(["--quiet", "extract", str(c), "--out", str(followed), "--follow-symlinks", *engine]) == cli.EXIT_PARTIAL
    assert "passwd" in set(io.read_table(followed, "articles")["article_id"])


# ----------------------------------------------------------------------------- exit codes
def unusable_corpora(root: Path) -> dict[str, Path]:
    root.mkdir()
    (root / "empty").mkdir()
    pd.DataFrame({"id": ["a", "b"], "text": [None, None]}).to_parquet(root / "null.parquet")
    pd.DataFrame({"id": ["a", "b"], "text": [1, 2]}).to_parquet(root / "int.parquet")
    (root / "garbage.parquet").write_bytes(b"PAR1 this is not parquet")
    (root / "notext.csv").write_text("id,body\n1,x\n", encoding="utf-8")
    return {"empty folder": root / "empty", "null text": root / "null.parquet", "integer text": root / "int.parquet",
            "garbage parquet": root / "garbage.parquet", "csv without text": root / "notext.csv"}


@pytest.mark.parametrize("engine", [[], ["--partition-size", "1"], ["--engine", "dask", "--scheduler", "synchronous"]],
                         ids=["plain", "streaming", "dask"])
def test_an_unusable_corpus_exits_2_naming_why(tmp_path, capsys, engine):
    for what, path in unusable_corpora(tmp_path / "corpora").items():
        if "dask" in engine and what not in ("empty folder", "garbage parquet"):
            continue  # the same code as streaming after planning
        out = tmp_path / "out"
        code = cli.main(["--quiet", "extract", str(path), "--out", str(out), *engine])
        err = capsys.readouterr().err
        assert code == 2, (what, err)
        assert "no article could be read" in err and str(path) in err, what
        assert {"empty folder": "no .txt file", "null text": "has no 'text'", "integer text": "has no 'text'",
                "garbage parquet": "cannot read table", "csv without text": "no 'text' column"}[what] in err
        assert not (out / "claims.csv").exists() and not out.exists()
    # the other commands that read a corpus
    empty = tmp_path / "corpora" / "empty"
    (tmp_path / "fix.csv").write_text("claim_id,action,field,value,analyst,note,date\n", encoding="utf-8")
    for args in (["report", "--corpus", str(empty), "--out", str(tmp_path / "r")],
                 ["lexicon", "draft", str(empty), "--out", str(tmp_path / "d")],
                 ["corrections", "check", str(tmp_path / "fix.csv"), "--corpus", str(empty)]):
        if engine:
            break  # once
        assert cli.main(["--quiet", *args]) == 2, args
        assert f"no article could be read from {empty}" in capsys.readouterr().err
    assert not (tmp_path / "r").exists() and not (tmp_path / "d").exists()


@pytest.mark.parametrize("param, value, message", [
    ("group_by", "bogus", "group_by='bogus' is not allowed"),
    ("kinds", '["exploded"]', "unknown kinds ['exploded']"),
    ("framing_lexicon", "no/such/framing.csv", "no such file"),
    ("tables_dir", "/nonexistent/tables", "no such folder"),
    ("top_incidents", "-1", "top_incidents=-1: give 0 or more"),
    # values the tables decide, checked as the notebooks will use them
    ("incidents", '["Atlantis"]', "no incident matches ['Atlantis']"),
    ("places", '["Atlantis"]', "unknown places ['Atlantis']"),
    ("actors", '["Nobody Brigade"]', "unknown actors ['Nobody Brigade']"),
    ("event_types", '["picnic"]', "unknown event_types ['picnic']"),
])
def test_every_parameter_is_checked_before_any_notebook(tmp_path, capsys, fake_notebooks, param, value, message):
    out = tmp_path / "o"
    assert cli.main(["--quiet", "report", "--out", str(out), "-p", param, value]) == 4
    assert message in capsys.readouterr().err
    assert fake_notebooks == [] and not (out / "tables").exists()
    assert not Path("/nonexistent").exists()


def test_incidents_are_checked_in_the_selection_the_notebook_will_see(tmp_path, capsys, fake_notebooks):
    """The bundled corpus has the Sukhna incident, but not in The World Beast's article (2016)."""
    args = ["--quiet", "report", "--out", str(tmp_path / "o"), "-p", "incidents", '["Sukhna"]']
    assert cli.main([*args, "-p", "outlets", "The World Beast"]) == 4
    assert "no incident matches ['Sukhna']" in capsys.readouterr().err and fake_notebooks == []
    assert cli.main(args) == 0 and fake_notebooks


def test_a_malformed_framing_lexicon_parameter_exits_6(tmp_path, capsys, fake_notebooks):
    (tmp_path / "frame.csv").write_text("family,word\nx,y\n", encoding="utf-8")
    assert cli.main(["--quiet", "report", "--out", str(tmp_path / "o"), "-p", "framing_lexicon", str(tmp_path / "frame.csv")]) == 6
    assert "frame.csv" in capsys.readouterr().err and fake_notebooks == []


@pytest.mark.parametrize("name, row, column, value", [("gazetteer", 2, "lat", "north"), ("gazetteer", 3, "lon", "999"),
                                                      ("vague_quantities", 2, "low", "abc")])
def test_a_bad_lexicon_value_exits_6_naming_file_row_and_column(tmp_path, monkeypatch, capsys, name, row, column, value):
    from newslib import config, lexicons

    lex = tmp_path / "lex"
    lex.mkdir()
    rows = list(csv.reader(lexicons.path(f"{name}.csv").open(encoding="utf-8")))  # the pack that has it
    rows[row - 1][rows[0].index(column)] = value
    with open(lex / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    monkeypatch.setenv("NEWSLIB_LEXICONS", str(lex))
    lexicons.clear_cache()
    try:
        code = cli.main(["--quiet", "extract", str(small_corpus(tmp_path / "c")), "--out", str(tmp_path / "o")])
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    err = capsys.readouterr().err
    assert code == 6, err
    assert f"{name}.csv, row {row}, column '{column}': '{value}'" in err


# ----------------------------------------------------------------------------- quiet
def run_cli(*args, cwd=None, env=None) -> "subprocess.CompletedProcess":
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "newslib.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=600)


def bare_csv(path: Path, n: int) -> Path:
    """A CSV of ``n`` rows without dates or headlines: two warnings per row."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerows([f"r{i}", f"At least {i + 1} soldiers were killed in Homs, the monitor said."] for i in range(n))
    return path


ENGINES = {"plain": [], "streaming": ["--partition-size", "7"],
           "dask": ["--engine", "dask", "--scheduler", "synchronous", "--partition-size", "7"]}


@pytest.mark.parametrize("engine", ENGINES.values(), ids=ENGINES.keys())
def test_repeated_warnings_are_logged_once_with_their_count_on_every_engine(tmp_path, caplog, engine):
    with caplog.at_level("WARNING", logger="newslib"):
        assert cli.main(["extract", str(bare_csv(tmp_path / "bare.csv", 30)), "--out", str(tmp_path / "o"), *engine]) == 0
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and all("(and 29 more inputs with this reason; every one is in errors.csv)" in l for l in lines)
    assert len(pd.read_csv(tmp_path / "o" / "errors.csv")) == 60


@pytest.mark.parametrize("engine", [*ENGINES.values(), ["--engine", "dask", "--workers", "1", "--partition-size", "7"]],
                         ids=[*ENGINES.keys(), "dask-cluster"])
def test_quiet_prints_only_errors_and_the_final_line(tmp_path, engine):
    """Also with a Dask cluster, whose worker processes log on their own."""
    c = tmp_path / "c"
    c.mkdir()
    bare_csv(c / "bare.csv", 30)
    (c / "empty.txt").write_text("", encoding="utf-8")
    # another cluster's dashboard on the default port must not make the cluster speak
    with socket.socket() as held:
        try:
            held.bind(("127.0.0.1", 8787))
            held.listen(1)
        except OSError:
            pass  # already held by someone else: the same situation
        res = run_cli("--quiet", "extract", str(c), "--out", str(tmp_path / "o"), *engine)
    assert res.returncode == cli.EXIT_PARTIAL
    lines = [re.sub(r"^ERROR newslib\.(?:read\.corpus|run\.engine): ", "ERROR newslib: ", line) for line in res.stderr.splitlines()]
    assert lines == [f"ERROR newslib: {c / 'empty.txt'}: empty file (no text); remove it or add the article text",
                     f"newslib extract: 30 articles, 30 claims, 1 inputs skipped -> {tmp_path / 'o'}"]
