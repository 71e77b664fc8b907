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


def test_the_kinds_of_harm_are_those_of_the_base_harm_terms(tmp_path, monkeypatch):
    """schemas.KINDS is the kind column of the base pack's harm_terms.csv, in order (a new harm kind
    is rows there and a gold case); a pack cannot bring a kind of its own: the matcher names it."""
    from newslib import lexicons
    from newslib.errors import LexiconError
    from newslib.extract import claims

    kinds = lexicons.base_table("harm_terms")["kind"].tolist()
    assert list(schemas.KINDS) == list(dict.fromkeys(kinds)) and schemas.KINDS[0] == "killed"
    (tmp_path / "harm_terms.csv").write_text("term,kind,form\nvanished,teleported,verb\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", "+" + str(tmp_path))
    lexicons.clear_cache()
    try:
        with pytest.raises(LexiconError, match=r"unknown kinds \[.teleported.\].*base pack's harm_terms.csv"):
            claims._harm_re()
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert "teleported" not in schemas.KINDS
