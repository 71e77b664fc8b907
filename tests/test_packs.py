"""Lexicon packs: which load, how files combine, how to add or replace packs."""
import os
from pathlib import Path

import pytest

from newslib import cli, config, lexicons
from newslib.language import gazetteer
from newslib.errors import LexiconError


@pytest.fixture
def packs_env(monkeypatch):
    monkeypatch.setenv("NEWSLIB_LEXICONS", "")  # so that monkeypatch restores the original, even after
    monkeypatch.delenv("NEWSLIB_LEXICONS")      # cli.main sets the variable itself

    def use(spec):
        if spec is None:
            monkeypatch.delenv("NEWSLIB_LEXICONS", raising=False)
        else:
            monkeypatch.setenv("NEWSLIB_LEXICONS", spec)
        lexicons.clear_cache()
    yield use
    monkeypatch.undo()
    lexicons.clear_cache()


def _pack(folder: Path, **files) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name.replace("__", ".")).write_text(content, encoding="utf-8")
    return folder


def test_lexicon_root_holds_only_packs():
    stray = [p.name for p in config.DEFAULT_LEXICON_DIR.iterdir() if p.is_file()]
    assert stray == [], f"lexicon files at the root are not loaded: move {stray} into base/ or syria/"


def test_default_packs_and_what_each_holds(packs_env):
    packs_env(None)
    assert [n for n, _ in lexicons.packs()] == ["base", "syria"]
    base = config.DEFAULT_LEXICON_DIR / "base"
    # base: grammar and vocabulary of any war; syria: the bundled corpus's actors and places
    for f in ("harm_terms.csv", "qualifiers.csv", "vague_quantities.csv", "attribution_terms.csv",
              "furniture.csv", "abbreviations.txt", "place_stoplist.txt", "claimant_types.csv"):
        assert (base / f).is_file(), f
    assert not (base / "gazetteer.csv").read_text().count("Syria")
    syria = lexicons.table("actors")
    assert "Syrian government forces" in set(syria["actor"]) and "Civilians" in set(syria["actor"])


def test_a_folder_replaces_syria_and_keeps_base(packs_env, tmp_path):
    pack = _pack(tmp_path / "sudan", actors__csv="alias,actor,side\nRSF,Rapid Support Forces,RSF\n")
    packs_env(str(pack))
    assert [n for n, _ in lexicons.packs()] == ["base", "sudan"]
    actors = lexicons.alias_matcher("actors")
    assert actors.find("the RSF advanced")[0].value["actor"] == "Rapid Support Forces"
    assert not actors.find("the Assad regime")  # syria is not loaded
    assert actors.find("civilians")  # base is
    assert lexicons.alias_matcher("claimants").find("Amnesty International said")  # base claimants


def test_plus_adds_after_the_defaults_and_a_later_pack_wins(packs_env, tmp_path):
    pack = _pack(tmp_path / "mine", actors__csv="alias,actor,side\nregime,Government of Syria,government\n"
                                                 "Tatmadaw,Myanmar military,junta\n")
    packs_env(f"+{pack}")
    assert [n for n, _ in lexicons.packs()] == ["base", "syria", "mine"]
    actors = lexicons.alias_matcher("actors")
    assert actors.find("the regime")[0].value["actor"] == "Government of Syria"  # same key: the later pack wins
    assert actors.find("Daesh")[0].value["side"] == "IS"  # syria still there
    assert actors.find("the Tatmadaw")[0].value["side"] == "junta"
    assert sum(lexicons.table("actors")["alias"] == "regime") == 1


def test_named_packs_and_order(packs_env, tmp_path):
    pack = _pack(tmp_path / "x", abbreviations__txt="Xyz.\n")
    packs_env(f"syria, base ,{pack}")
    assert [n for n, _ in lexicons.packs()] == ["base", "syria", "x"]  # base always first, once
    words = lexicons.word_list("abbreviations.txt")
    assert words[-1] == "Xyz." and len(words) > 10  # text lists add up
    assert lexicons.files()[0].parent.name == "base"


def test_pack_gazetteer_overrides_reach_the_gazetteer(packs_env, tmp_path):
    pack = _pack(tmp_path / "darfur", gazetteer__csv=(
        "place,alias,kind,admin1,country,lat,lon\n"
        "Abu Shouk camp,Abu Shouk camp,camp,North Darfur,Sudan,13.66,25.36\n"
        "Abu Shouk camp,Abu Shok camp,camp,North Darfur,Sudan,13.66,25.36\n"))
    packs_env(f"+{pack}")
    p = gazetteer.lookup("Abu Shok camp")
    assert (p.name, p.admin1, p.country, p.level) == ("Abu Shouk camp", "Northern Darfur", "Sudan", 3)
    assert gazetteer.lookup("Sukhna") is not None  # syria's places too
    packs_env(str(pack))
    assert gazetteer.lookup("Abu Shouk camp") is not None
    assert gazetteer.lookup("Sukhnah") is None  # syria's village is gone (not a town of 15,000)


def test_unknown_pack_and_bad_file_name_the_problem(packs_env, tmp_path):
    packs_env("nosuchpack")
    with pytest.raises(LexiconError, match="nosuchpack.*base, syria"):
        lexicons.table("actors")
    bad = _pack(tmp_path / "bad", claimants__csv="alias,claimant\nX,Y\n")
    packs_env(f"+{bad}")
    with pytest.raises(LexiconError, match=str(bad / "claimants.csv")):
        lexicons.table("claimants")


def test_cli_lexicons_option_sets_the_packs(packs_env, tmp_path, capsys, monkeypatch):
    pack = _pack(tmp_path / "extra", actors__csv="alias,actor,side\nTatmadaw,Myanmar military,junta\n")
    packs_env(None)
    assert cli.main(["--lexicons", f"+{pack}", "lexicon", "list"]) == 0
    out = capsys.readouterr().out
    assert "base:" in out and "syria:" in out and "extra:" in out
    assert os.environ["NEWSLIB_LEXICONS"] == f"+{pack}"
    assert cli.main(["--lexicons", "nosuch", "lexicon", "list"]) == 6


def test_claim_words_are_data_a_pack_adds_to_them(packs_env, tmp_path):
    import datetime as dt

    from newslib.language import dates

    text = "In 2017 drones were seen over the city."
    packs_env(None)
    assert "soldiers" in lexicons.words("count_noun") and "drones" not in lexicons.words("count_noun")
    assert [e.text for e in dates.find_time_expressions(text, dt.date(2020, 1, 1))] == ["2017"]
    pack = _pack(tmp_path / "drones", claim_words__csv="word,role,note\ndrones,count_noun,\n")
    packs_env(f"+{pack}")
    assert {"drones", "soldiers"} <= lexicons.words("count_noun")  # rows of every pack add up
    assert dates.find_time_expressions(text, dt.date(2020, 1, 1)) == []  # "2017 drones" counts drones
    assert lexicons.words("no_such_role") == frozenset()


def test_place_words_are_data_a_pack_adds_to_them(packs_env, tmp_path):
    """The place finder's words (transliterated articles, links inside a name, prepositions)
    are rows of place_words.csv: a pack's article is written 'al' in the key as the bundled ones."""
    from newslib.language import gazetteer

    packs_env(None)
    assert gazetteer.key("Deir ez-Zor") == "deir al zor" and gazetteer.key("Deir ot-Zor") == "deir ot zor"
    assert {"near", "outside"} <= lexicons.words("place_preposition") and "al" in gazetteer.particles()
    pack = _pack(tmp_path / "ot", place_words__csv="word,role,note\not,transliterated_article,\n")
    packs_env(f"+{pack}")
    assert gazetteer.key("Deir ot-Zor") == "deir al zor" and "ez" in gazetteer.particles()
    packs_env(None)
    assert gazetteer.key("Deir ot-Zor") == "deir ot zor"
