"""The partitioned engines (newslib.engine) give the tables of pipeline.extract."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from newslib import cli, io, schemas
from newslib.analyse import incidents
from newslib.run import corrections, engine, pipeline

PLACES = ("Raqqa", "Deir ez-Zor", "Palmyra", "Aleppo")


def _rows() -> list[dict]:
    rows = []
    for i in range(14):
        place = PLACES[i % len(PLACES)]
        text = (f"At least {i + 3} soldiers were killed in {place} on Monday, the Syrian Observatory said.\n\n"
                f"Islamic State claimed it killed {i + 10} fighters. The regime said \"{i + 1} civilians died\".")
        rows.append({"id": f"a{i:02d}", "title": f"Attack near {place}", "text": text,
                     "outlet": "Wire A" if i % 2 else "Paper B", "published": f"2017-09-{10 + i:02d}"})
    rows[5]["text"] = "Head\n\nThe army said:\n\"Two \nofficers were killed\" in the attack."  # quoted newlines
    rows[7]["text"] = ""  # a broken row: no text
    rows.append({"id": "a01", "title": "Copy", "text": "Copy\n\nFive soldiers were killed.", "outlet": "Wire A",
                 "published": "2017-09-30"})  # a duplicate of a row in the first partition
    rows.append({"id": "", "title": "x", "text": "No id here.", "outlet": "Wire A", "published": ""})
    return rows


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    d = tmp_path_factory.mktemp("synthetic")
    df = pd.DataFrame(_rows())
    df.to_csv(d / "table.csv", index=False)
    df.to_parquet(d / "table.parquet", row_group_size=4)
    with open(d / "table.jsonl", "w", encoding="utf-8") as fh:
        for r in df.to_dict("records"):
            fh.write(json.dumps(r) + "\n")
        fh.write("{broken json\n")
    return d


@pytest.fixture(scope="module")
def fixes(table):
    """Corrections touching several partitions, the duplicate's id, and nothing at all."""
    claims = pipeline.extract(table / "table.csv", corrections=False)["claims"]
    ids = claims.groupby("article_id")["claim_id"].first()
    rows = [
        [ids["a12"], "reject", "", "", "ana", "double count", "2026-11-21"],
        ["a-new", "add", "article_id", "a03", "ana", "missed", "2026-11-21"],
        ["a-new", "add", "quote", "soldiers were killed", "ana", "missed", "2026-11-21"],
        ["a-new", "add", "kind", "killed", "ana", "missed", "2026-11-21"],
        ["a-new", "add", "count_low", "4", "ana", "missed", "2026-11-21"],
        [ids["a00"], "edit", "count_low", "99", "ana", "typo", "2026-11-21"],
        [ids["a01"], "edit", "victim_side", "IS", "ana", "side", "2026-11-21"],
        ["no-such-claim", "reject", "", "", "ana", "gone", "2026-11-21"],
        ["b-new", "add", "article_id", "zz", "ana", "no article", "2026-11-21"],
        ["b-new", "add", "quote", "x", "ana", "no article", "2026-11-21"],
        ["b-new", "add", "kind", "killed", "ana", "no article", "2026-11-21"],
        ["b-new", "add", "count_low", "2", "ana", "no article", "2026-11-21"],
        [ids["a12"], "edit", "count_low", "1", "ana", "after reject", "2026-11-21"],
    ]
    df = pd.DataFrame(rows, columns=list(corrections.COLUMNS)).astype("string")
    assert not corrections.check(df)
    return df


def assert_same(ref: dict, got: dict, exact_order: bool = True) -> None:
    for name in pipeline.TABLES:
        a, b = ref[name], got[name]
        if not exact_order:
            keys = [c for c in ("article_id", "claim_id", "event_id", "sentence_id", "start", "input", "reason") if c in a]
            a = a.sort_values(keys, kind="stable").reset_index(drop=True)
            b = b.sort_values(keys, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, obj=name)


def read_back(out) -> dict:
    """Every table as written to ``out`` (partitioned or single files), typed by its schema."""
    return {name: getattr(schemas, name.upper()).conform(io.read_table(out, name).reset_index(drop=True))
            for name in pipeline.TABLES}


def test_bundled_corpus_streaming_and_dask_equal_pandas(raw_dir, tmp_path):
    ref = pipeline.extract(raw_dir)
    assert_same(ref, engine.extract_streaming(raw_dir, chunk_size=2))
    got = engine.extract_dask(raw_dir, tmp_path / "dask", scheduler="synchronous", partition_size=2, keep=True)
    assert_same(ref, got)
    assert got["_stats"]["partitions"] == 3
    # written without keeping the per-article tables: the files hold the same rows (sorted by id)
    for eng, out in ((engine.extract_streaming, tmp_path / "stream"), (engine.extract_dask, tmp_path / "dask2")):
        kw = {"chunk_size": 2} if eng is engine.extract_streaming else {"partition_size": 2, "scheduler": "synchronous"}
        lean = eng(raw_dir, out, **kw)
        assert "claims" not in lean and lean["_counts"]["claims"] == len(ref["claims"])
        assert_same(ref, read_back(out), exact_order=False)


@pytest.mark.parametrize("name", ["table.csv", "table.parquet", "table.jsonl"])
def test_synthetic_table_in_partitions(table, fixes, name):
    ref = pipeline.extract(table / name, corrections=fixes)
    errs = ref["errors"]
    assert errs["reason"].str.contains("duplicate id 'a01'").sum() == 1
    assert errs["reason"].str.contains("empty text|no 'text'").any()
    assert set(ref["corrections"]["status"]) == {"applied", "claim not found", "invalid"}
    for size in (3, 4, 100):
        assert_same(ref, engine.extract_streaming(table / name, chunk_size=size, corrections=fixes))
    assert_same(ref, engine.extract_dask(table / name, scheduler="threads", partition_size=3, corrections=fixes))


def test_synthetic_table_written_by_dask_workers(table, fixes, tmp_path):
    """The workers write their partitions and make linking's records of their claims
    (``incidents.prepare_links``), the duplicate id's among them: the same tables."""
    ref = pipeline.extract(table / "table.csv", corrections=fixes)
    lean = engine.extract_dask(table / "table.csv", tmp_path, scheduler="synchronous", partition_size=3,
                               corrections=fixes)
    assert "claims" not in lean and lean["_counts"]["claims"] == len(ref["claims"])
    assert_same(ref, read_back(tmp_path), exact_order=False)


@pytest.mark.parametrize("name", ["table.csv", "table.jsonl"])
def test_lean_run_reads_claims_and_texts_back(table, fixes, name, tmp_path, monkeypatch):
    """With an output folder and nothing kept, claims and texts are read back from the part
    files for the corpus-wide tables, and incidents are written block by block through
    temporary files, in chunks: same files, order, duplicates and corrections as in memory."""
    ref = pipeline.extract(table / name, corrections=fixes)
    monkeypatch.setattr(incidents, "BLOCK_CLAIMS", 3)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 1)
    lean = engine.extract_streaming(table / name, tmp_path, chunk_size=3, corrections=fixes)
    assert "claims" not in lean and "_inputs" not in lean
    assert lean["_counts"]["inputs"] == len(ref["_inputs"])
    back = read_back(tmp_path)
    assert_same(ref, back, exact_order=False)
    _same_incident_files(ref, back, tmp_path)
    # errors: written in chunks, spilled while the corpus-wide tables are made, returned whole
    assert len(ref["errors"]) > 2
    pd.testing.assert_frame_equal(ref["errors"], lean["errors"])
    io.write_csv(ref["errors"], tmp_path / "whole-errors.csv")
    assert (tmp_path / "errors.csv").read_bytes() == (tmp_path / "whole-errors.csv").read_bytes()


def test_lean_run_writes_incidents_of_many_blocks_in_order(tmp_path, monkeypatch):
    """Claims weeks apart fall in independent blocks: each is grouped, written and read back
    on its own, and the tables come out in the order of the one-pass tables."""
    rows = [{"id": f"w{i:02d}", "title": f"Attack {i}", "outlet": ("Wire A", "Paper B", "Daily C")[i % 3],
             "published": str((pd.Timestamp("2017-01-02") + pd.Timedelta(days=9 * (i // 2))).date()),
             "text": f"Attack {i}\n\nAt least {i + 3} soldiers were killed in {PLACES[i % 4]} on Monday, the "
                     f"Syrian Observatory said. The army said {i + 1} militants were killed."} for i in range(16)]
    pd.DataFrame(rows).to_csv(tmp_path / "spread.csv", index=False)
    ref = pipeline.extract(tmp_path / "spread.csv", corrections=False)
    monkeypatch.setattr(incidents, "BLOCK_CLAIMS", 3)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 4)
    assert len(list(incidents.iter_incident_blocks(ref["claims"]))) > 3 and len(ref["claim_incidents"]) > 8
    engine.extract_streaming(tmp_path / "spread.csv", tmp_path / "out", chunk_size=5, corrections=False)
    back = read_back(tmp_path / "out")
    assert_same(ref, back, exact_order=False)
    _same_incident_files(ref, back, tmp_path / "out")


def _same_incident_files(ref: dict, back: dict, out) -> None:
    for t in ("incidents", "claim_incidents", "claimant_series", "figure_travel", "reuse"):
        assert len(ref[t]) > 1, t
        pd.testing.assert_frame_equal(ref[t], back[t], obj=t)  # in order
        whole = out / f"whole-{t}.csv"
        io.write_csv(ref[t], whole)
        assert (out / f"{t}.csv").read_bytes() == whole.read_bytes(), t
    assert not (out / ".spill").exists()


def test_seen_ids_confirm_hash_hits(monkeypatch):
    """Duplicate ids are found by hash and confirmed on the id: colliding hashes are not duplicates."""
    seen = engine.SeenIds()
    monkeypatch.setattr(seen, "_hash", lambda ids: pd.util.hash_array(pd.Series(["same"] * len(ids), dtype=object).to_numpy()))
    seen.add([("a", "f:row 2"), ("b", "f:row 3"), ("a", "f:row 4")])
    seen.add([("c", "g:row 2")])
    assert seen.lookup(["b", "x", "a", "c", "d"]) == ["f:row 3", None, "f:row 2", "g:row 2", None]
    real = engine.SeenIds()
    real.add([(f"id{i}", f"s{i}") for i in range(50)])
    assert real.lookup(["id7", "id50", "id49"]) == ["s7", None, "s49"]


def test_folder_with_sidecar_tables_and_problems(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    body = "At least {n} soldiers were killed in Raqqa, the Syrian Observatory said. IS claimed it."
    for i, name in enumerate(("a", "b", "c", "d", "e")):
        (d / f"{name}.txt").write_text(f"Head {name}\n\n" + body.format(n=i + 2), encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "image.bin").write_bytes(b"\x00\x01")
    pd.DataFrame({"file": ["a.txt", "c.txt", "gone.txt"], "outlet": ["P", "Q", "R"],
                  "published": ["2017-09-01", "2017-09-02", "2017-09-03"]}).to_csv(d / "articles.csv", index=False)
    pd.DataFrame({"id": ["t1", "b", "t2"], "text": ["T\n\nTwo died.", "dup of b.txt", "T\n\nNine were hurt."]}
                 ).to_csv(d / "more.csv", index=False)
    ref = pipeline.extract(d, corrections=False)
    assert ref["errors"]["reason"].str.contains("duplicate id 'b'").any()
    for size in (1, 2, 4):
        assert_same(ref, engine.extract_streaming(d, chunk_size=size, corrections=False))


def test_partitioned_parquet_reads_back(table, fixes, tmp_path):
    got = engine.extract_dask(table / "table.csv", tmp_path, scheduler="synchronous", partition_size=5,
                              corrections=fixes, keep=True)
    n_parts = got["_stats"]["partitions"]
    assert n_parts == 4
    for name in ("articles", "sentences", "claims", "events", "time_expressions", "article_totals"):
        parts = sorted(p.name for p in (tmp_path / name).iterdir())
        assert parts == [f"part-{k:05d}.parquet" for k in range(n_parts)]
        back = pd.read_parquet(tmp_path / name)
        assert len(back) == len(got[name])
        assert sorted(back["article_id"].astype(str)) == sorted(got[name]["article_id"].astype(str))
        assert not (tmp_path / f"{name}.parquet").exists()
    claims = io.read_table(tmp_path, "claims", filters=[("article_id", "==", "a03")])
    assert (claims["article_id"] == "a03").all() and len(claims)
    for name in ("incidents", "reuse", "naming", "tone", "corrections"):
        assert (tmp_path / f"{name}.parquet").exists() and (tmp_path / f"{name}.csv").exists()
    assert (tmp_path / "errors.csv").exists()


def test_plan_keeps_reading_order_and_checks_size(table, raw_dir):
    parts = engine.plan(table / "table.csv", 6)
    assert [(p.first, p.count) for p in parts] == [(0, 6), (6, 6), (12, 4)]
    # CSV and JSON lines are read by byte range: each range starts where the previous ended
    for name in ("table.csv", "table.jsonl"):
        parts = engine.plan(table / name, 6)
        assert all(p.offset >= 0 for p in parts)
        assert [p.offset + p.length for p in parts[:-1]] == [p.offset for p in parts[1:]]
        assert parts[-1].offset + parts[-1].length == (table / name).stat().st_size
    cp = table.parent / "cp1252.jsonl"  # not UTF-8: read whole and counted, as before
    cp.write_bytes('{"id": "x", "text": "caf\u00e9 five soldiers were killed"}\n'.replace("\\u00e9", "\u00e9").encode("cp1252"))
    assert [p.offset for p in engine.plan(cp, 6)] == [-1]
    assert [p.kind for p in engine.plan(raw_dir, 2)] == ["text", "text", "text"]
    for bad in (0, -1, "x", "1.5"):
        with pytest.raises(engine.ParameterError, match="partition size"):
            engine.plan(raw_dir, bad)


def test_cli_engine_dask_local_cluster(raw_dir, tmp_path):
    """One real distributed run: a LocalCluster of worker processes."""
    out = tmp_path / "dask"
    code = cli.main(["--quiet", "extract", str(raw_dir), "--out", str(out), "--engine", "dask", "--partition-size", "2"])
    assert code == 0
    ref = pipeline.extract(raw_dir)
    for name in ("articles", "claims", "events", "sentences"):
        back = pd.read_parquet(out / name)
        assert len(back) == len(ref[name])
        assert sorted(back.iloc[:, 0].astype(str)) == sorted(ref[name].iloc[:, 0].astype(str))
    for name in ("incidents", "timeline", "reuse"):
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), pd.read_parquet(
            _write(ref, tmp_path / "ref") / f"{name}.parquet"), obj=name)
    record = json.loads((out / "run.json").read_text())
    assert record["parameters"]["engine"] == "dask" and record["parameters"]["partition_size"] == 2


def _write(tables, out):
    pipeline.write_tables(tables, out)
    return out


def test_cli_pandas_streaming_is_byte_identical(raw_dir, tmp_path):
    """Corpus-wide tables are byte-identical; per-article tables are partitioned Parquet plus
    one CSV in partition order, with the same rows."""
    assert cli.main(["--quiet", "extract", str(raw_dir), "--out", str(tmp_path / "a")]) == 0
    assert cli.main(["--quiet", "extract", str(raw_dir), "--out", str(tmp_path / "b"), "--partition-size", "2"]) == 0
    for name in pipeline.TABLES:
        for ext in ("csv", "parquet"):
            a = tmp_path / "a" / f"{name}.{ext}"
            if a.exists() and name not in engine.PART_TABLES:
                assert a.read_bytes() == (tmp_path / "b" / f"{name}.{ext}").read_bytes(), name
    for name in engine.PART_TABLES:
        assert not (tmp_path / "b" / f"{name}.parquet").exists()
        assert len(list((tmp_path / "b" / name).glob("part-*.parquet"))) == 3
        a_csv = (tmp_path / "a" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        b_csv = (tmp_path / "b" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        assert a_csv[0] == b_csv[0] and sorted(a_csv[1:]) == sorted(b_csv[1:]), name
    assert_same(read_back(tmp_path / "a"), read_back(tmp_path / "b"), exact_order=False)
    record = json.loads((tmp_path / "b" / "run.json").read_text())
    assert record["counts"]["claims"] == len(io.read_table(tmp_path / "a", "claims"))


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_cli_bad_partition_size(raw_dir, tmp_path, capsys, value):
    code = cli.main(["--quiet", "extract", str(raw_dir), "--out", str(tmp_path), "--engine", "dask",
                     f"--partition-size={value}"])
    assert code == 4
    assert "partition size" in capsys.readouterr().err


def test_cli_scheduler_needs_dask_engine(raw_dir, tmp_path, capsys):
    code = cli.main(["--quiet", "extract", str(raw_dir), "--out", str(tmp_path), "--scheduler", "tcp://x:1"])
    assert code == 4 and "--engine dask" in capsys.readouterr().err


def test_a_reason_on_many_inputs_is_logged_once(caplog):
    """A warning shared by many inputs is logged once with its count; rare ones one by one."""
    rows = [("t.csv:row %d" % i, "no publication date", "warning") for i in range(2, 9)]
    rows += [("t.csv:row 9", "duplicate id 'a'", "error"), ("t.csv:row 10", "empty text", "warning")]
    errors = pd.DataFrame(rows, columns=list(schemas.ERRORS.columns))
    with caplog.at_level("WARNING", logger="newslib.run.engine"):
        engine._log_errors(errors)
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert lines == [("WARNING", "t.csv:row 2: no publication date (and 6 more inputs with this reason; every one is in errors.csv)"),
                     ("ERROR", "t.csv:row 9: duplicate id 'a'"), ("WARNING", "t.csv:row 10: empty text")]


def test_reuse_sources_are_the_same_streamed_and_whole(tmp_path):
    """Near-copies of one story published in the reverse order of their ids: streamed in
    partitions of 3 (publication dates read back from the part files) the reuse table is the
    whole-corpus run's, byte for byte, and each later copy is paired with the earliest
    published copy only."""
    body = ("The Syrian army and its allies completely secured the Deir al-Zour-Palmyra highway after "
            "foiling the intense attack by militants on the road late on Friday night, officials said.")
    rows = [{"id": f"n{i:02d}", "title": "Highway", "outlet": f"Outlet {i}", "published": f"2017-09-{20 - i:02d}",
             "text": f"{body}\n\nAt least {100 + i} people were killed in the attack, the monitor said on Saturday."}
            for i in range(8)]
    pd.DataFrame(rows).to_csv(tmp_path / "near.csv", index=False)
    assert cli.main(["--quiet", "extract", str(tmp_path / "near.csv"), "--out", str(tmp_path / "a")]) == 0
    assert cli.main(["--quiet", "extract", str(tmp_path / "near.csv"), "--out", str(tmp_path / "b"),
                     "--partition-size", "3"]) == 0
    for ext in ("csv", "parquet"):
        assert (tmp_path / "a" / f"reuse.{ext}").read_bytes() == (tmp_path / "b" / f"reuse.{ext}").read_bytes()
    got = pd.read_parquet(tmp_path / "b" / "reuse.parquet")
    # n07 was published first: the source of the seven others (7 rows, not 8 x 7 / 2)
    assert got[["article_a", "article_b"]].values.tolist() == [[f"n{i:02d}", "n07"] for i in range(7)]
