"""What a run writes, probed as a careless or hostile user would (issue 19): formulas in cells,
relative paths, symbolic links and odd entries in a corpus folder, exit codes, quiet runs."""
from __future__ import annotations

import csv
import json
import os
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


@pytest.mark.parametrize("engine", [[], ["--partition-size", "1"]], ids=["plain", "streaming"])
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
