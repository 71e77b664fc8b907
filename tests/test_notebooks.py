"""Execute the four notebooks with papermill on the bundled corpus and check what they wrote."""
import json
import re

import nbformat
import pytest

from newslib import config, report

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def run(tmp_path_factory, raw_dir):
    out = tmp_path_factory.mktemp("report")
    res = report.run_reports(corpus=raw_dir, out=out)
    return out, res


def test_index_links_four_reports(run):
    out, res = run
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    for nb in config.NOTEBOOKS:
        assert f'href="{nb}.html"' in index
        assert (out / "html" / f"{nb}.html").exists()
    assert "run date" in index and "<code>data/raw</code>" in index  # the corpus relative to the project
    assert str(config.RAW_DIR) not in index  # never an absolute local path
    assert (out / "tables" / "newslib.xlsx").stat().st_size > 0  # the workbook beside the tables


@pytest.mark.parametrize("nb", config.NOTEBOOKS)
def test_each_report_has_embedded_chart_and_no_code(run, nb):
    out, _ = run
    page = (out / "html" / f"{nb}.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img[^>]+src="data:image/png;base64,', page)) >= 1
    assert "report.setup(" not in page  # code cells excluded
    assert "<table" in page


@pytest.mark.parametrize("nb", config.NOTEBOOKS)
def test_executed_notebooks_record_parameters(run, nb):
    out, _ = run
    ex = nbformat.read(str(out / "notebooks" / f"{nb}.ipynb"), as_version=4)
    params = ex.metadata["papermill"]["parameters"]
    assert params["corpus"] == str(config.RAW_DIR)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in ex.cells)


def test_tables_written(run):
    out, _ = run
    import pandas as pd

    claims = pd.read_parquet(out / "tables" / "claims.parquet")
    assert len(claims) >= 15
    assert set(claims["outlet"]) >= {"Al Jazeera", "The New Arab", "Outlook India", "EA WorldView", "The World Beast"}


def test_each_notebook_has_one_parameters_cell_of_literals():
    for nb in config.NOTEBOOKS:
        book = nbformat.read(str(config.NOTEBOOKS_DIR / f"{nb}.ipynb"), as_version=4)
        cells = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, nb
        assert book.cells[0].cell_type == "markdown" and "Reads" in book.cells[0].source
        params = report.notebook_parameters(nb)
        assert {"corpus", "output_dir", "outlets", "date_from", "date_to"} <= set(params)
        for line in cells[0].source.splitlines():
            assert re.match(r"^\w+: \w+ = .+  # .+$", line), line


def test_notebooks_committed_without_outputs():
    for nb in config.NOTEBOOKS:
        book = json.loads((config.NOTEBOOKS_DIR / f"{nb}.ipynb").read_text(encoding="utf-8"))
        for c in book["cells"]:
            assert not c.get("outputs") and not c.get("execution_count"), nb


def test_failing_notebook_names_cell(tmp_path, raw_dir, monkeypatch):
    from newslib.errors import ReportError

    with pytest.raises(Exception) as exc:
        # an incident filter that matches nothing can only be checked inside the notebook
        report.run_reports(corpus=raw_dir, out=tmp_path, parameters={"incidents": ["no-such-incident"]},
                           notebooks=("02-casualty-comparison",))
    assert isinstance(exc.value, ReportError)
    assert "02-casualty-comparison" in str(exc.value) and "cell" in str(exc.value) and "no incident matches" in str(exc.value)
    assert (tmp_path / "notebooks" / "02-casualty-comparison.failed.ipynb").exists()
