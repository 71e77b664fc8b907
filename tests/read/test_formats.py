"""The input format registry (newslib.read.formats): every format read whole and by partitions."""
from __future__ import annotations

import gzip
import json
import zipfile

import pandas as pd
import pytest

from newslib.read import corpus, formats
from newslib.run import engine

ROWS = [
    {"id": "a1", "text": "Title one\n\nFive people were killed in the town, officials said.", "outlet": "Daily",
     "published": "2024-05-02"},
    {"id": "a2", "text": "Title two\n\nThree soldiers died on Tuesday.", "outlet": "Post", "published": "2024-05-03"},
    {"id": "a3", "text": "Title three\n\nTwelve were wounded.", "outlet": "Daily", "published": "2024-05-04"},
]


def _articles(path, **kw) -> pd.DataFrame:
    res = corpus.ingest(path, **kw)
    return res.articles[["article_id", "outlet", "title", "text"]]


def _by_partitions(path, size) -> pd.DataFrame:
    items = [it for part in engine.plan(path, size) for it in engine.partition_items(part)]
    return corpus.build(items).articles[["article_id", "outlet", "title", "text"]]


@pytest.fixture
def tables(tmp_path):
    """The same three articles as CSV, JSON lines, Parquet, their gzip forms and a zip of .txt."""
    df = pd.DataFrame(ROWS)
    out = {}
    out["csv"] = tmp_path / "a.csv"
    df.to_csv(out["csv"], index=False)
    out["jsonl"] = tmp_path / "a.jsonl"
    out["jsonl"].write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    out["parquet"] = tmp_path / "a.parquet"
    df.to_parquet(out["parquet"])
    out["csv.gz"] = tmp_path / "a.CSV.GZ"
    out["csv.gz"].write_bytes(gzip.compress(out["csv"].read_bytes()))
    out["jsonl.gz"] = tmp_path / "a.jsonl.gz"
    out["jsonl.gz"].write_bytes(gzip.compress(out["jsonl"].read_bytes()))
    return out


def test_every_suffix_names_one_format_longest_first():
    seen = {}
    for f in formats.FORMATS.values():
        for s in f.suffixes:
            assert s not in seen, f"{s} in {seen.get(s)} and {f.name}"
            seen[s] = f.name
            assert formats.format_of(f"x{s}").name == f.name
            assert formats.format_of(f"x{s.upper()}").name == f.name
    assert formats.format_of("x.gz") is None and formats.format_of("x.tar") is None
    for name in ("csv.gz", "jsonl.gz", "zip"):
        assert name in formats.FORMATS


@pytest.mark.parametrize("name", ["csv", "jsonl", "parquet", "csv.gz", "jsonl.gz"])
def test_tables_of_every_format_give_the_same_articles(tables, name):
    want = _articles(tables["csv"])
    assert list(want["article_id"]) == ["a1", "a2", "a3"]
    got = _articles(tables[name])
    pd.testing.assert_frame_equal(got, want)
    # partitioned (one or two rows a partition) as the engines read it: the same rows
    for size in (1, 2):
        pd.testing.assert_frame_equal(_by_partitions(tables[name], size), want)


def test_compressed_files_are_one_partition_each(tables):
    for name in ("csv.gz", "jsonl.gz"):
        parts = engine.plan(tables[name], 1)
        assert [(p.kind, p.first, p.count) for p in parts] == [(name, 0, 3)]
    assert len(engine.plan(tables["csv"], 1)) == 3  # a plain CSV splits by byte ranges


def test_a_folder_reads_compressed_tables_beside_text_files(tmp_path, tables):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "t1.txt").write_text("A headline\n\nFour were killed.", encoding="utf-8")
    (folder / "more.csv.gz").write_bytes(tables["csv.gz"].read_bytes())
    res = corpus.ingest(folder)
    assert sorted(res.articles["article_id"]) == ["a1", "a2", "a3", "t1"]
    assert not (res.errors["severity"] == "error").any(), res.errors


def test_zip_of_txt_files(tmp_path):
    z = tmp_path / "articles.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("b_second.txt", "Second headline\n\nTwo died.")
        zf.writestr("nested/a_first.txt", "First headline\n\nSix were injured.".encode("cp1252"))
        zf.writestr("notes.docx", b"PK binary")
        zf.writestr("__MACOSX/._a_first.txt", b"\x00\x01")
        zf.writestr(".hidden.txt", "not read")
        zf.writestr("empty.txt", "")
    res = corpus.ingest(z)
    arts = res.articles.set_index("article_id")
    assert list(arts.index) == ["a_first", "b_second"]
    assert arts.loc["a_first", "source"] == f"{z}:nested/a_first.txt"
    assert arts.loc["a_first", "title"] == "First headline"
    errs = dict(zip(res.errors["input"], res.errors["reason"]))
    assert "unsupported member type '.docx'" in errs[f"{z}:notes.docx"]
    assert "empty file" in errs[f"{z}:empty.txt"]
    assert not any("MACOSX" in k or "hidden" in k for k in errs)
    # by partitions of one member: the same articles and problems
    parts = engine.plan(z, 1)
    assert {p.kind for p in parts} == {"zip"} and len(parts) == 4
    items = [it for p in parts for it in engine.partition_items(p)]
    again = corpus.build(items)
    pd.testing.assert_frame_equal(again.articles, res.articles)
    pd.testing.assert_frame_equal(again.errors, res.errors)


def test_broken_compressed_and_zip_files_are_errors_not_crashes(tmp_path):
    bad_gz = tmp_path / "x.jsonl.gz"
    bad_gz.write_bytes(b"not gzip at all")
    bad_zip = tmp_path / "y.zip"
    bad_zip.write_bytes(b"not a zip")
    for p in (bad_gz, bad_zip):
        res = corpus.ingest(p)
        assert res.articles.empty and len(res.errors) == 1, res.errors
        assert res.errors["reason"].iloc[0].startswith(("cannot read table", "cannot read zip")), res.errors
        parts = engine.plan(p, 10)
        assert [p_.kind for p_ in parts] == ["problems"]


def test_a_jsonl_gz_with_a_broken_line_names_the_line(tmp_path):
    p = tmp_path / "z.jsonl.gz"
    p.write_bytes(gzip.compress(b'{"id": "k1", "text": "Head\\n\\nOne died."}\n{broken\n'))
    res = corpus.ingest(p)
    assert list(res.articles["article_id"]) == ["k1"]
    errs = res.errors[res.errors["severity"] == "error"]
    assert errs["input"].tolist() == [f"{p}:line 2"] and "broken JSON" in errs["reason"].iloc[0]


def test_unsupported_single_file_names_the_formats(tmp_path):
    p = tmp_path / "x.gz"
    p.write_bytes(gzip.compress(b"hello"))
    with pytest.raises(corpus.CorpusError, match=r"\.csv\.gz"):
        corpus.ingest(p)
