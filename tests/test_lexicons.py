import pytest

from newslib import lexicons
from newslib.errors import LexiconError


@pytest.mark.parametrize("spelling", ["Deir ez-Zor", "Deir az-Zour", "Deir Az Zor", "Deir Ezzor", "Deir al-Zor"])
def test_gazetteer_transliterations(spelling):
    hits = lexicons.alias_matcher("gazetteer").find(f"fighting in {spelling} city")
    assert [h.value["place"] for h in hits] == ["Deir ez-Zor"]


@pytest.mark.parametrize("spelling,place", [("al-Sukhnah", "Sukhna"), ("Sukhneh", "Sukhna"), ("Sukna", "Sukhna"),
                                            ("Al-Shula", "al-Shoula"), ("Ein Tarma", "Ein Tarma")])
def test_more_places(spelling, place):
    assert lexicons.alias_matcher("gazetteer").find(spelling)[0].value["place"] == place


def test_case_sensitive_aliases():
    m = lexicons.alias_matcher("actors")
    assert [h.value["side"] for h in m.find("IS fighters")] == ["IS"]
    assert m.find("it is what it is") == []


def test_override_folder(tmp_path, monkeypatch):
    (tmp_path / "actors.csv").write_text("alias,actor,side\nTatmadaw,Myanmar military,junta\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", str(tmp_path))
    lexicons.clear_cache()
    try:
        assert lexicons.alias_matcher("actors").find("the Tatmadaw advanced")[0].value["side"] == "junta"
        # a folder replaces the default syria pack; base is still loaded
        assert not lexicons.alias_matcher("gazetteer").find("Palmyra")
        assert lexicons.alias_matcher("actors").find("civilians")
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()


def test_malformed_lexicon_names_file(tmp_path, monkeypatch):
    (tmp_path / "claimants.csv").write_text("alias,claimant\nX,Y\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", str(tmp_path))
    lexicons.clear_cache()
    try:
        with pytest.raises(LexiconError, match="claimants.csv"):
            lexicons.table("claimants")
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()


def _roles_read_by_the_code() -> set[str]:
    """Every role of claim_words.csv the package reads: WordSet("x"), words("x"), _words("x")."""
    import re
    from pathlib import Path

    import newslib

    pat = re.compile(r"""\b(?:WordSet|words|_words)\(\s*["']([a-z_0-9]+)["']""")
    return {m.group(1) for p in Path(newslib.__file__).parent.rglob("*.py") for m in pat.finditer(p.read_text(encoding="utf-8"))}


def test_every_word_role_the_code_reads_has_words_in_the_base_pack():
    """An unknown role has no words (lexicons.words): a misspelt role would silently match nothing."""
    roles = _roles_read_by_the_code()
    assert {"aux", "np_stop", "military_noun", "generic_victim", "modal", "year_prep", "month_prep",
            "attribution_break"} <= roles
    empty = sorted(r for r in roles if not lexicons.words(r))
    assert not empty, f"claim_words.csv has no rows for the roles {empty}"


def test_word_lists_are_data_not_code():
    """The word lists moved out of the code read their rows (a pack could add to them)."""
    from newslib.analyse import reconcile, totals
    from newslib.extract import events
    from newslib.language import dates

    assert "jihadists" in reconcile.MILITARY_HEADS and "people" in totals.GENERIC_HEADS and "" in totals.GENERIC_HEADS
    assert "would" in events._MODAL and "throughout" in dates._YEAR_PREV and "around" in dates._MONTH_PREV
    assert "around" not in dates._YEAR_PREV and "march" not in dates._MAY_MARCH_PREV
    from newslib.extract import draft

    assert "Forces" in draft._ARMED_WORDS and "forces" not in draft._ARMED_WORDS  # read as written (cased)
    assert "But" in draft._SENT_FIRST and "Sept" in draft._MONTHS_DAYS
    from newslib.extract import claimants, claims

    assert "got" in claims._PASSIVE_AUX and "unless" in claims._CLAUSE_ENDERS and ";" in claims._CLAUSE_ENDERS
    assert "overnight" in claims._AFTER_DEAD_OK and "includes" in claims._INCLUDE_VERBS
    assert "Total" in claims._NOT_PLACE_OPENERS and "bin" in claimants._NAME_PARTICLES
    assert {"of whom", "including"} <= lexicons.words("subset_marker")
    assert "saying" in claimants.PARTICIPLES and "near" in claims._GAP_PREPOSITIONS
