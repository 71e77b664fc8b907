import pandas as pd
import pytest

from newslib import cli, schemas


@pytest.fixture(scope="module")
def extracted(tmp_path_factory, raw_dir):
    out = tmp_path_factory.mktemp("extract")
    code = cli.main(["--quiet", "extract", str(raw_dir), "--out", str(out)])
    return code, out


def test_extract_writes_tables_with_schema(extracted):
    code, out = extracted
    assert code == 0
    for name in ("articles", "sentences", "claims", "article_totals"):
        df = pd.read_parquet(out / f"{name}.parquet")
        assert tuple(df.columns) == schemas.ALL[name].columns
        csv = pd.read_csv(out / f"{name}.csv")
        assert list(csv.columns) == list(schemas.ALL[name].columns) and len(csv) == len(df) > 0
    assert (out / "errors.csv").exists() and (out / "run.json").exists()


def test_extract_is_byte_identical_on_rerun(extracted, raw_dir, tmp_path):
    _, out = extracted
    assert cli.main(["--quiet", "extract", str(raw_dir), "--out", str(tmp_path)]) == 0
    for name in ("claims", "articles", "sentences", "article_totals"):
        for ext in ("csv", "parquet"):
            assert (out / f"{name}.{ext}").read_bytes() == (tmp_path / f"{name}.{ext}").read_bytes(), name


def test_missing_corpus_clear_message(tmp_path, capsys):
    code = cli.main(["--quiet", "extract", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_partial_input_exit_status(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "ok.txt").write_text("Head\n\nFive soldiers were killed.", encoding="utf-8")
    (tmp_path / "c" / "empty.txt").write_text("", encoding="utf-8")
    code = cli.main(["--quiet", "extract", str(tmp_path / "c"), "--out", str(tmp_path / "o")])
    assert code == cli.EXIT_PARTIAL
    errors = pd.read_csv(tmp_path / "o" / "errors.csv")
    assert errors["input"].str.endswith("empty.txt").any()


def test_help_explains_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "extract" in out and "report" in out


def test_unknown_report_parameter(capsys):
    code = cli.main(["--quiet", "report", "-p", "no_such_param", "1"])
    assert code == 4
    assert "unknown parameter" in capsys.readouterr().err


@pytest.mark.parametrize("param, value, message", [
    ("outlets", "Nope", "unknown outlets"),
    ("date_from", "2017-13-45", "not an ISO date"),
])
def test_bad_report_parameters_fail_before_notebooks(tmp_path, capsys, param, value, message):
    code = cli.main(["--quiet", "report", "--out", str(tmp_path / "o"), "-p", param, value])
    assert code == 4
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o" / "notebooks" / "01-claims-overview.ipynb").exists()


def test_impossible_date_window(tmp_path, capsys):
    code = cli.main(["--quiet", "report", "--out", str(tmp_path / "o"), "-p", "date_from", "2018-01-01", "-p", "date_to", "2017-01-01"])
    assert code == 4 and "date window is empty" in capsys.readouterr().err


def test_output_folder_that_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code = cli.main(["--quiet", "extract", str(tmp_path / "nope"), "--out", str(blocker / "out")])
    assert code != 0
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Head\n\nFive soldiers were killed.", encoding="utf-8")
    code = cli.main(["--quiet", "extract", str(tmp_path / "c"), "--out", str(blocker / "out")])
    assert code == 8 and "cannot" in capsys.readouterr().err
