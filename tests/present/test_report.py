import pandas as pd
import pytest

from newslib.present import report
from newslib.errors import ParameterError

PAYLOADS = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[x](javascript:alert(1))",
            "![i](http://e/x.png)", "<!-- c -->"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_values_are_inert(payload):
    out = report.safe_markdown("value: {v}", v=payload)
    for ch in "<>[]()!":
        assert ch not in out[len("value: "):]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_tables_are_escaped(payload):
    html = report.escape_frame(pd.DataFrame({"quote": [payload]}))
    assert "<script" not in html and "<img" not in html and "<!--" not in html


def test_select_validates_parameters(articles, sentences, seed_claims):
    tables = {"articles": articles, "claims": seed_claims}
    with pytest.raises(ParameterError, match="unknown outlets"):
        report.select(tables, outlets=["Nobody"])
    with pytest.raises(ParameterError, match="date window is empty"):
        report.select(tables, date_from="2018-01-01", date_to="2017-01-01")
    with pytest.raises(ParameterError, match="not an ISO date"):
        report.select(tables, date_from="yesterday")
    only = report.select(tables, outlets=["Al Jazeera"])
    assert set(only["claims"]["outlet"]) == {"Al Jazeera"}
    window = report.select(tables, date_from="2017-01-01")
    assert not window["claims"]["article_id"].str.startswith("004").any()


def test_index_escapes_parameters(tmp_path):
    page = report.write_index(tmp_path, [], tmp_path / "<b>corpus", {"outlets": ["<script>x</script>"]}, {}, "2026-01-01")
    text = page.read_text()
    assert "<script>x" not in text and "&lt;b&gt;corpus" in text
    assert str(tmp_path) not in text  # the corpus by its name, not its absolute path


def test_parameter_coercion():
    assert report._coerce("outlets", "Al Jazeera,The New Arab", "list") == ["Al Jazeera", "The New Arab"]
    assert report._coerce("include_party_claims", "false", "bool") is False
    with pytest.raises(ParameterError):
        report._coerce("min_count", "many", "int")


def test_reuse_view_is_outlet_by_outlet_and_top_pairs_never_article_by_article():
    """Issue 21 item 6: 3,000 articles give a 3 × 3 outlet matrix and 20 pairs, not 3,000 × 3,000."""
    n = 3000
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(n)],
                         "outlet": pd.array([["X", "Y", None][i % 3] for i in range(n)], dtype="string"),
                         "title": [f"t{i}" for i in range(n)], "published": pd.Timestamp("2017-09-29")})
    reuse = pd.DataFrame({"article_a": [f"a{i}" for i in range(0, n - 1, 2)], "article_b": [f"a{i + 1}" for i in range(0, n - 1, 2)],
                          "shared_chars": list(range(n // 2)), "share_a": 0.5, "share_b": 0.25, "example": "x"})
    m = report.outlet_reuse(reuse, arts)
    assert m.shape == (3, 3) and list(m.index) == ["(unknown outlet)", "X", "Y"]
    assert ((m >= 0) & (m <= 1)).all().all()
    assert m.loc["X", "Y"] > 0 and m.loc["X", "X"] == 0
    pairs = report.reuse_pairs(reuse, arts, top=20)
    assert len(pairs) == 20 and pairs["shared_chars"].tolist() == sorted(pairs["shared_chars"], reverse=True)
    assert {"outlet_a", "outlet_b", "title_a", "published_b"} <= set(pairs.columns)
    assert not hasattr(report, "reuse_matrix")


def test_notebooks_read_an_extract_folder_lazily_with_pushdown_filters(raw_dir, tmp_path):
    """`newslib extract --out DIR` marks DIR; a notebook given it as tables_dir reads only the
    tables it uses, restricted at read time to the chosen outlet, not re-extracting."""
    from newslib import cli, io

    out = tmp_path / "tables"
    assert cli.main(["--quiet", "extract", str(raw_dir), "--out", str(out), "--partition-size", "2"]) == 0
    assert report.tables_current(out, raw_dir)
    ctx = report.setup(corpus=str(raw_dir), tables_dir=str(out), outlets=["Al Jazeera"])
    assert isinstance(ctx.tables, report.LazyTables) and ctx.tables.loaded() == []
    claims = ctx.tables["claims"]
    assert ctx.tables.loaded() == ["claims"]
    assert len(claims) and set(claims["outlet"]) == {"Al Jazeera"}
    whole = io.read_table(out, "claims")
    assert len(claims) == int((whole["outlet"] == "Al Jazeera").sum())
    assert set(ctx.tables["naming"]["outlet"]) == {"Al Jazeera"}
    eager = report.select({n: io.read_table(out, n) for n in ctx.tables}, outlets=["Al Jazeera"])
    for name in ("articles", "claims", "incidents", "tone", "reuse"):
        pd.testing.assert_frame_equal(ctx.tables[name], eager[name], obj=name)
    empty = report.open_tables(out, date_from="2030-01-01")
    assert empty["claims"].empty and list(empty["claims"].columns) == list(claims.columns)
    with pytest.raises(report.ParameterError, match="unknown outlets"):
        report.open_tables(out, outlets=["Nobody"])
