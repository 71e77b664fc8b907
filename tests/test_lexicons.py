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
