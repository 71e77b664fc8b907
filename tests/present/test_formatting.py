"""Tables fit to read (issue 21 item 3): labels, formats, escaping, folding and capping."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from newslib import schemas
from newslib.present import formatting


def _cells(html: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<td(?:\s[^>]*)?>(.*?)</td>", html, flags=re.S)]


def _headers(html: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", html, flags=re.S)]


def test_every_schema_column_has_a_label_and_a_known_format():
    labels = formatting.label_map()
    for name in dir(schemas):
        schema = getattr(schemas, name)
        if isinstance(schema, schemas.Schema):
            missing = [c for c in schema.columns if c not in labels]
            assert not missing, (schema.name, missing)
    assert {fmt for _, fmt in labels.values()} <= set(formatting.FORMATS)


def test_values_are_formatted_for_reading():
    df = pd.DataFrame({
        "count_low": pd.array([1234567, None], dtype="Int64"),
        "share": pd.array([0.256, None], dtype="Float64"),
        "ratio": pd.array([2.5, None], dtype="Float64"),
        "published": pd.to_datetime(["2017-09-29", None]),
        "counted": pd.array([True, None], dtype="boolean"),
        "claimant": pd.array(["SOHR", None], dtype="string"),
        "qualifier": pd.array(["at_least", None], dtype="string"),
    })
    html = formatting.table_html(df)
    cells = _cells(html)
    assert cells[:7] == ["1,234,567", "26%", "2.5×", "29 Sep 2017", "yes", "SOHR", "at least"]
    assert cells[7:] == [""] * 7  # missing is empty: never <NA>, NaN, NaT or None
    assert _headers(html) == ["Low", "Share", "High ÷ low", "Published", "Counted?", "Claimant", "Hedge"]
    for bad in ("NA", "NaN", "nan", "None", "NaT", "True", "00:00:00"):
        assert bad not in cells


def test_ids_and_offsets_go_to_the_tables_and_the_quote_sits_by_the_figure():
    df = pd.DataFrame({"claim_id": ["c0123456789ab"], "article_id": ["001_41a19ee89e8c43ed"], "outlet": ["A"],
                       "quote": ["At least 58 were killed."], "place": ["Sukhna"], "count_text": ["at least 58"],
                       "start": [10], "end": [34]})
    html = formatting.table_html(df, source="claims")
    assert _headers(html) == ["Outlet", "Place", "Figure as written", "Quote"]
    assert "c0123456789ab" not in html and "41a19ee89e8c43ed" not in html
    assert "Ids and character offsets are in tables/claims.csv" in html
    assert _headers(formatting.table_html(df, technical=True))[:2] == ["Claim id", "Article id"]


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "$2 million and $5",
                                     "[x](javascript:alert(1))", "<!-- c -->"])
def test_cells_labels_and_captions_are_escaped(payload):
    df = pd.DataFrame({payload: [payload], "url": ["javascript:alert(1)"]})
    html = formatting.table_html(df, caption=payload)
    assert "<script" not in html and "<img" not in html and "<!--" not in html
    assert 'href="javascript' not in html
    assert "tex2jax_ignore" in html  # JupyterLab does not typeset $ in the table


def test_urls_become_links_only_for_http():
    df = pd.DataFrame({"url": ["https://example.org/news/2017/09/29/a-long-path?x=1&y=2", "ftp://x", None]})
    html = formatting.table_html(df)
    assert html.count("<a ") == 1 and 'href="https://example.org/news/2017/09/29/a-long-path?x=1&amp;y=2"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_long_tables_fold_and_cap_naming_the_file():
    df = pd.DataFrame({"outlet": [f"Outlet {i}" for i in range(130)], "count": range(130)})
    html = formatting.table_html(df, caption="every outlet", max_rows=50, fold_rows=15, source="naming")
    assert html.count("<details") == 1 and "<summary>every outlet (130 rows)</summary>" in html
    assert len(re.findall(r"<tr>", html)) == 51  # header + 50 rows
    assert "80 more rows in tables/naming.csv" in html
    short = formatting.table_html(df.head(5), caption="five")
    assert "<details" not in short and "more rows" not in short


def test_wide_tables_scroll_with_the_first_column_in_view():
    html = formatting.table_html(pd.DataFrame({f"col_{i}": [i] for i in range(30)}))
    assert '<div class="nl-scroll">' in html
    assert "position:sticky" in formatting.STYLESHEET.replace(" ", "")
    assert ".nl-scroll{overflow-x:auto" in formatting.STYLESHEET.replace(" ", "")


def test_same_table_same_bytes():
    df = pd.DataFrame({"outlet": ["A", "B"], "count": [1, 2]})
    assert formatting.table_html(df, caption="x") == formatting.table_html(df.copy(), caption="x")


def test_readable_gives_text_for_other_outputs():
    out = formatting.readable(pd.DataFrame({"published": pd.to_datetime(["2017-09-29"]), "claim_id": ["c1"],
                                            "n_outlets": pd.array([1200], dtype="Int64")}))
    assert out.to_dict("list") == {"Published": ["29 Sep 2017"], "Outlets": ["1,200"]}


def test_display_path_never_absolute(tmp_path):
    from newslib import config

    assert formatting.display_path(config.RAW_DIR) == "data/raw"
    assert formatting.display_path(tmp_path / "corpus") == "corpus"


def test_a_column_named_after_a_claimant_is_text_whatever_words_it_holds():
    # the coverage matrix has one column per claimant: "Administration" holds "ratio", and a
    # real report crashed formatting its empty cells as ratios
    df = pd.DataFrame({"outlet": ["A", "B"],
                       "Donetsk Military-Civil Administration: 98": pd.array(["98", ""], dtype="string"),
                       "Shareholders' Council: 5": pd.array(["", "five"], dtype="string")})
    assert [formatting.column_format(c, df[c]) for c in df.columns] == ["text", "text", "text"]
    assert "98" in formatting.table_html(df, caption="coverage")
    assert formatting.column_format("ratio_current", pd.Series([1.5])) == "ratio"
    # a number formatter given words keeps them
    assert (formatting.format_ratio("n/a"), formatting.format_share("-")) == ("n/a", "-")



def test_number_formatters_on_infinity_words_and_missing():
    from newslib.present import formatting

    inf = float("inf")
    assert [formatting.format_count(v) for v in (inf, -inf, "n/a", None, 1234.4)] == ["∞", "∞", "n/a", "", "1,234"]
    assert [formatting.format_ratio(v) for v in (inf, "n/a", None, 2.0, 2.44)] == ["∞", "n/a", "", "2×", "2.4×"]
    assert formatting.format_share(inf) == "inf%"  # a share is never infinite: shown as computed
