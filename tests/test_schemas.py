import pandas as pd
import pytest

from newslib import schemas
from newslib.errors import SchemaError


def test_conform_orders_and_casts():
    df = pd.DataFrame({"severity": ["error"], "reason": ["bad"], "input": ["f.txt"]})
    out = schemas.ERRORS.conform(df)
    assert list(out.columns) == ["input", "reason", "severity"]


def test_conform_rejects_missing_and_bad_values():
    with pytest.raises(SchemaError, match="lacks columns"):
        schemas.ERRORS.conform(pd.DataFrame({"input": ["x"]}))
    with pytest.raises(SchemaError, match="severity"):
        schemas.ERRORS.conform(pd.DataFrame({"input": ["x"], "reason": ["r"], "severity": ["fatal"]}))


def test_every_schema_has_an_empty_table_and_docs():
    for s in schemas.ALL.values():
        assert s.empty().shape == (0, len(s.columns))
        assert all(c.doc for c in s.cols)


def test_the_data_dictionary_names_the_kinds_and_the_cli_lists_them(capsys):
    """A new harm kind changes schemas.KINDS, not the README: its data dictionary names the list."""
    from newslib import cli

    md = schemas.data_dictionary(["claims"])
    assert "One of `schemas.KINDS` (listed by `newslib schema`)" in md and "`wounded`" not in md
    assert "One of: `exact`, `at_least`" in md  # other allowed values are listed
    assert cli.main(["schema"]) == 0
    assert f"KINDS: {', '.join(schemas.KINDS)}" in capsys.readouterr().out


def test_the_kinds_of_harm_are_those_of_the_harm_terms_and_a_pack_adds_one(tmp_path, monkeypatch):
    """schemas.KINDS is the kind column of harm_terms.csv: the base pack's kinds in order, then those
    a loaded pack brings (a new harm kind is rows of a harm_terms.csv and a gold case). A pack loaded
    later is seen: its kind is found in text, passes the claims schema and the kinds parameter."""
    import newslib
    from newslib import lexicons

    kinds = lexicons.base_table("harm_terms")["kind"].tolist()
    assert list(schemas.KINDS) == list(dict.fromkeys(kinds)) and schemas.KINDS[0] == "killed"
    assert "displaced" not in schemas.KINDS
    text = "The fighting uprooted 400 families near the market on Monday, officials said."
    assert newslib.claims_from_text(text).empty
    (tmp_path / "harm_terms.csv").write_text("term,kind,form\nuprooted,displaced,verb\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", "+" + str(tmp_path))
    lexicons.clear_cache()
    try:
        assert list(schemas.KINDS) == list(dict.fromkeys(kinds)) + ["displaced"]
        claims = newslib.claims_from_text(text)
        assert claims[["kind", "count_low"]].values.tolist() == [["displaced", 400]]
        schemas.CLAIMS.validate(claims)
        assert schemas.check_kinds(["displaced"]) == ["displaced"]
        assert f"KINDS: {', '.join(dict.fromkeys(kinds))}, displaced" in schemas.value_lists()
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert "displaced" not in schemas.KINDS
    with pytest.raises(SchemaError, match="displaced"):
        schemas.CLAIMS.validate(claims)
