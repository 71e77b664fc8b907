import pandas as pd
import pytest

from newslib import io


def test_atomic_write_keeps_previous_on_failure(tmp_path):
    target = tmp_path / "t.csv"
    io.write_text("old", target)
    with pytest.raises(RuntimeError):
        with io.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_tables_byte_identical(tmp_path):
    df = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": ["x", None], "d": pd.to_datetime(["2017-09-29", None])})
    io.write_table(df, tmp_path / "one", "t")
    io.write_table(df, tmp_path / "two", "t")
    for ext in ("csv", "parquet"):
        assert (tmp_path / "one" / f"t.{ext}").read_bytes() == (tmp_path / "two" / f"t.{ext}").read_bytes()
    assert "2017-09-29" in (tmp_path / "one" / "t.csv").read_text()


def test_unwritable_output_is_clear(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(io.OutputError, match="cannot create output folder"):
        io.ensure_dir(f / "sub")


def test_sliced_table_is_written_as_the_whole_table(tmp_path):
    """``io.sliced``: chunks of ``size`` rows (one empty chunk when there are none), written as
    the same CSV bytes as the whole table."""
    df = pd.DataFrame({"a": range(7), "b": list("abcdefg")})
    t = io.sliced(len(df), lambda lo, hi: df.iloc[lo:hi], 3)
    assert [len(c) for c in t.chunks()] == [3, 3, 1]
    io.write_table(t, tmp_path / "sliced", "t")
    io.write_table(df, tmp_path / "whole", "t")
    assert (tmp_path / "sliced" / "t.csv").read_bytes() == (tmp_path / "whole" / "t.csv").read_bytes()
    assert [len(c) for c in io.sliced(0, lambda lo, hi: df.iloc[:0], 3).chunks()] == [0]


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, mask, mode):
    """Issue 21 item 8: atomic writes (mkstemp makes 0600) end with the mode ``open`` would give."""
    import os

    import pandas as pd

    from newslib import io as nio

    old = os.umask(mask)
    try:
        assert nio.current_umask() == mask
        paths = [nio.write_text("x", tmp_path / "a.html"), nio.write_bytes(b"x", tmp_path / "b.png"),
                 *nio.write_table(pd.DataFrame({"a": [1]}), tmp_path, "t")]
    finally:
        os.umask(old)
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in paths} == {p.name: oct(mode) for p in paths}
