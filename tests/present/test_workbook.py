"""The workbook for editors (outputs/tables/newslib.xlsx): sheets, formatting, formulas made inert."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from newslib import config
from newslib.present import workbook
from newslib.run import pipeline

FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    tables = pipeline.extract(config.RAW_DIR)
    path = workbook.write_workbook(tables, tmp_path_factory.mktemp("wb") / "newslib.xlsx")
    return tables, path


def hostile_corpus(root):
    """Articles whose outlet, headline and text start with what a spreadsheet runs as a formula."""
    c = root / "formulas"
    c.mkdir()
    rows = ["file,outlet,url,published,title"]
    starts = ['=HYPERLINK("http://example.invalid/x","open")', "+1+2", "-3+cmd|' /C calc'!A0", "@SUM(1+1)"]
    for i, s in enumerate(starts):
        body = (f"{s}\n\nAt least {12 + i} soldiers were killed near Deir ez-Zor on Thursday, "
                f"the Syrian Observatory for Human Rights said. {s}")
        (c / f"f{i}.txt").write_text(body, encoding="utf-8")
        outlet = s.replace('"', "'").replace(",", ";")
        rows.append(f'f{i}.txt,"{outlet}",https://example.org/{i},2017-09-29,"{outlet}"')
    (c / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return c, [s.replace('"', "'").replace(",", ";") for s in starts]


def test_sheets_and_formatting(bundled):
    tables, path = bundled
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(workbook.SHEETS)
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        header = ws[1]
        assert all(c.font.bold for c in header), ws.title
        assert all(ws.column_dimensions[c.column_letter].width for c in header), ws.title
    assert wb["incidents"].max_row == len(tables["incidents"]) + 1
    assert wb["claims"].max_row == len(tables["claims"]) + 1
    assert wb["sources"].max_row == len(tables["articles"]) + 1
    sources = [c.value for c in wb["sources"][1]]
    assert "url" in sources and "text" not in sources and "raw_text" not in sources
    claims_head = [c.value for c in wb["claims"][1]]
    assert claims_head.index("url") == claims_head.index("outlet") + 1


def test_brief_sheet_answers_the_sukhna_question(bundled):
    _, path = bundled
    ws = openpyxl.load_workbook(path)["brief"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["Rank", "Incident id", "Incident"]
    rows = [dict(zip(head, (c for c in r))) for r in ws.iter_rows(min_row=2)]
    sukhna = next(r for r in rows if r["Place"].value == "Sukhna")
    assert sukhna["Independent: highest"].value == 120
    assert sukhna["Independent, earlier figures included: lowest"].value == 58
    assert sukhna["Party claims: highest"].value == 100
    assert sukhna["Independent: highest"].number_format == "#,##0"
    assert isinstance(sukhna["From"].value, dt.datetime) and sukhna["From"].number_format == "yyyy-mm-dd"
    assert "around 120 (30 Sep, current)" in sukhna["Claimants and their figures (earlier -> current)"].value
    assert sukhna["Claimants and their figures (earlier -> current)"].alignment.wrap_text
    assert [r["Rank"].value for r in rows] == list(range(1, len(rows) + 1))


def test_every_text_cell_that_starts_a_formula_is_neutralised(tmp_path):
    corpus, outlets = hostile_corpus(tmp_path)
    tables = pipeline.extract(corpus)
    path = workbook.write_workbook(tables, tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (ws.title, cell.coordinate, cell.value)
                    seen += cell.value.startswith("'")
    assert seen >= 2 * len(outlets)  # outlets in claims and sources, at least
    shown = {c.value for c in wb["sources"]["B"][1:]}
    assert shown == {"'" + o for o in outlets}
    # links only for web addresses
    links = [c.hyperlink.target for c in wb["sources"]["D"][1:] if c.hyperlink]
    assert sorted(links) == [f"https://example.org/{i}" for i in range(len(outlets))]


def test_same_tables_same_bytes(bundled, tmp_path):
    tables, path = bundled
    again = workbook.write_workbook(tables, tmp_path / "again.xlsx")
    assert again.read_bytes() == path.read_bytes()
