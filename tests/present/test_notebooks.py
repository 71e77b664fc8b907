"""Execute the four notebooks with papermill on the bundled corpus and check what they wrote."""
import json
import pathlib
import re

import nbformat
import pytest

from newslib import config
from newslib.present import report

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def run(tmp_path_factory, raw_dir):
    """``newslib --quiet report`` as a user runs it (a process of its own); its exit code and stderr."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("report")
    res = subprocess.run([sys.executable, "-m", "newslib.cli", "--quiet", "report", "--corpus", str(raw_dir), "--out",
                          str(out)], capture_output=True, text=True, timeout=1800)
    assert res.returncode == 0, res.stderr
    return out, res


def test_a_quiet_report_prints_only_its_final_line(run):
    """No warning of a notebook, a kernel or a library: errors only, and the last line."""
    out, res = run
    assert res.stdout == ""
    assert res.stderr.splitlines() == [f"newslib report: 4 reports, 0 inputs skipped -> {out / 'html' / 'index.html'}"]


def test_index_links_four_reports(run):
    out, res = run
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    for nb in config.NOTEBOOKS:
        assert f'href="{nb}.html"' in index
        assert (out / "html" / f"{nb}.html").exists()
    assert "run date" in index and "<code>data/raw</code>" in index  # the corpus relative to the project
    assert str(config.RAW_DIR) not in index  # never an absolute local path
    assert (out / "tables" / "newslib.xlsx").stat().st_size > 0  # the workbook beside the tables


def test_pages_hold_no_absolute_local_path(run):
    """Item 8: no report shows where the analyst keeps the project, the corpus or the outputs
    (the index page is the brief's, checked here too)."""
    out, _ = run
    local = {str(config.PROJECT_ROOT), str(config.RAW_DIR), str(out), str(out.resolve())}
    home = str(pathlib.Path.home())
    for page in [out / "html" / f"{nb}.html" for nb in ("index", *config.NOTEBOOKS)]:
        text = page.read_text(encoding="utf-8")
        for p in local:
            assert p not in text, (page.name, p)
        if home not in ("/", ""):
            assert home + "/" not in text, page.name


def test_outputs_follow_the_umask(run):
    """Item 8: every file written is readable by others under umask 022 (0644), as ``open`` gives."""
    import os

    out, _ = run
    mask = os.umask(0o022)
    os.umask(mask)
    want = 0o666 & ~mask
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 10
    wrong = {str(p.relative_to(out)): oct(p.stat().st_mode & 0o777) for p in files if p.stat().st_mode & 0o777 != want}
    assert not wrong, wrong


@pytest.mark.parametrize("page", ["index", *config.NOTEBOOKS])
def test_pages_are_self_contained_with_a_csp(run, page):
    """Item 5: no script at all (none from a CDN: no MathJax, no require.js), a CSP first in the head."""
    out, _ = run
    text = (out / "html" / f"{page}.html").read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert "cdnjs" not in text and "mathjax.js" not in text.lower() and "require.min.js" not in text
    head = text[: text.index("</head>")]
    csp = re.search(r"<meta[^>]*http-equiv=\"Content-Security-Policy\"[^>]*>", head)
    assert csp and "default-src 'none'" in csp.group(0)
    assert not re.search(r'src="(https?:)?//', text), "a resource outside the page"
    assert not re.search(r'<link[^>]+href="(https?:)?//', text), "a stylesheet outside the page"
    # article URLs are links to follow, never loaded: http(s) only, and no referrer leaks
    for a in re.findall(r"<a\b[^>]*>", text):
        href = re.search(r'href="([^"]*)"', a)
        if href and re.match(r"https?://", href.group(1)):
            assert 'rel="noopener noreferrer nofollow"' in a, a


@pytest.mark.parametrize("nb", config.NOTEBOOKS)
def test_every_chart_has_alt_text(run, nb):
    out, _ = run
    page = (out / "html" / f"{nb}.html").read_text(encoding="utf-8")
    imgs = re.findall(r"<img\b[^>]*>", page)
    assert imgs
    for tag in imgs:
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt and len(alt.group(1)) > 20, tag[:200]


@pytest.mark.parametrize("nb", config.NOTEBOOKS)
def test_tables_read_as_tables(run, nb):
    """Item 3: no <NA>/NaN/None in a cell, no hash-like claim ids, no raw True/False."""
    out, _ = run
    page = (out / "html" / f"{nb}.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S)
    assert cells
    for bad in ("&lt;NA&gt;", "<NA>", "NaN", "nan", "None", "NaT", "True", "False"):
        assert bad not in [c.strip() for c in cells], bad
    assert not any(re.fullmatch(r"\s*(c?[0-9a-f]{12,}|\d+_[0-9a-f]{12,}|i[0-9a-f]{12})\s*", c) for c in cells), "a hash shown in a table"
    assert not any(re.fullmatch(r"\s*-?\d+\.\d{3,}\s*", c) for c in cells), "a number with many decimals"


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
    """A notebook that fails in a cell (parameters are checked before any runs, so a notebook of
    its own stands in for 02): exit 5's message names notebook and cell, the executed copy is kept."""
    from newslib.errors import ReportError

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('corpus = "data/raw"\noutput_dir = "outputs"\ntables_dir = ""')
    params.metadata["tags"] = ["parameters"]
    book.cells = [params, nbformat.v4.new_code_cell("x = 1"),
                  nbformat.v4.new_code_cell("raise RuntimeError('a cell that fails')")]
    nbformat.write(book, str(nbdir / "02-casualty-comparison.ipynb"))
    monkeypatch.setattr(report, "notebook_path", lambda name: nbdir / f"{name}.ipynb")
    out = tmp_path / "out"
    with pytest.raises(ReportError) as exc:
        report.run_reports(corpus=raw_dir, out=out, notebooks=("02-casualty-comparison",))
    msg = str(exc.value)
    assert "02-casualty-comparison failed in cell" in msg and "RuntimeError: a cell that fails" in msg, msg
    assert exc.value.exit_code == 5
    assert (out / "notebooks" / "02-casualty-comparison.failed.ipynb").exists()
    assert str(out / "notebooks" / "02-casualty-comparison.failed.ipynb") in msg
