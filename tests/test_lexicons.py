import re

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
    """Every role of the word tables the package reads: WordSet("x"), words("x"), _words("x"), and the
    role fields of RolePattern(..., field="x") and RoleCaseless (a role or a tuple of roles)."""
    import ast
    from pathlib import Path

    import newslib

    pat = re.compile(r"""\b(?:WordSet|words|_words)\(\s*["']([a-z_0-9]+)["']""")
    out = set()
    for p in Path(newslib.__file__).parent.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        out |= {m.group(1) for m in pat.finditer(text)}
        for n in ast.walk(ast.parse(text)):
            name = getattr(n.func, "attr", getattr(n.func, "id", "")) if isinstance(n, ast.Call) else ""
            if name in ("WordSet", "_words", "_role_words"):  # every role named, not only the first
                out |= {a.value for a in n.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                        and re.fullmatch(r"[a-z_0-9]+", a.value)}
            if name in ("RolePattern", "RoleCaseless"):
                for kw in n.keywords:
                    if kw.arg in ("sep", "cased", "not_after") or kw.arg is None:
                        continue
                    vals = kw.value.elts if isinstance(kw.value, ast.Tuple) else [kw.value]
                    out |= {v.value for v in vals if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return out


def test_every_word_role_the_code_reads_has_words_in_the_base_pack():
    """An unknown role has no words (lexicons.words): a misspelt role would silently match nothing."""
    from newslib.language import dates

    # and the roles the date rules name by meaning (day_yesterday, mod_last, part_early, period_week)
    roles = _roles_read_by_the_code() | {*dates._DAY_ROLES, *dates._PERIOD_ROLES, *(f"mod_{m}" for m in dates._MODS),
                                         *(f"part_{p}" for p in dates._PARTS)}
    assert {"aux", "np_stop", "military_noun", "generic_victim", "modal", "year_prep", "month_prep",
            "attribution_break", "phrase_boundary", "be_form", "pair_label", "clause_break"} <= roles
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
    assert "But" in draft._SENT_FIRST and "Sept" in draft._months_days()
    from newslib.extract import claimants, claims

    assert "got" in claims._PASSIVE_AUX and "unless" in claims._CLAUSE_ENDERS and ";" in claims._CLAUSE_ENDERS
    assert "overnight" in claims._AFTER_DEAD_OK and "includes" in claims._INCLUDE_VERBS
    assert "Total" in claims._NOT_PLACE_OPENERS and "bin" in claimants._NAME_PARTICLES
    assert {"of whom", "including"} <= lexicons.words("subset_marker")
    assert "saying" in claimants.PARTICIPLES and "near" in claims._GAP_PREPOSITIONS


def _code_strings(path) -> list[str]:
    """The string literals of a module's code (docstrings and comments left out)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_one_calendar_table():
    """Month and weekday names live in one table (calendar.csv), read through lexicons.calendar_names /
    calendar_pattern: no module writes them as a regex alternation or a word list of its own."""
    import re
    from pathlib import Path

    import newslib
    from newslib.language import dates
    from newslib.read import published

    months = lexicons.calendar_names("month", ("full",))
    assert list(months.values()) == list(range(1, 13)) and months["may"] == 5
    assert sorted(set(lexicons.calendar_names("weekday").values())) == list(range(7))
    assert lexicons.calendar_names()["sept"] == 9 and "sept" not in lexicons.calendar_names("month", ("full",))
    assert re.fullmatch(lexicons.calendar_pattern(cased=True), "Sept") and not re.fullmatch(lexicons.calendar_pattern(), "Sept")
    # the readers agree with the table
    assert dates._MONTHS == lexicons.calendar_names() and published._month("Sept.") == 9
    listed = re.compile(r"jan\w*\W{1,4}feb|monday\W{1,4}tuesday|\bmon\W{1,4}tue", re.IGNORECASE)
    written = [f"{p.name}: {m.group()}" for p in Path(newslib.__file__).parent.rglob("*.py")
               for text in _code_strings(p) for m in listed.finditer(text)]
    assert not written, f"month or weekday names written in code: {written}"


def test_patterns_compiled_from_word_roles_follow_the_packs(tmp_path, monkeypatch):
    """The patterns built from word roles (claimants' lead time, subject tail and finite verbs; claims'
    place guess) read the loaded packs' rows, and again after clear_cache."""
    from newslib.extract import claimants, claims

    (tmp_path / "claim_words.csv").write_text(
        "word,role,note\nfortnight,lead_time_noun,\nlately,subject_tail,\nvoiced,finite_verb,\n", encoding="utf-8")
    (tmp_path / "place_words.csv").write_text("word,role,note\nbeside,place_guess_preposition,\n", encoding="utf-8")
    s = "Last fortnight the agency lately said"
    assert claimants._lead_time_re().match(s) is None and not claims._place_text_re().search("beside Qaryatayn")
    assert claimants.subject_tail_start(s, len(s) - 5) == len(s) - 5
    monkeypatch.setenv("NEWSLIB_LEXICONS", "+" + str(tmp_path))
    lexicons.clear_cache()
    try:
        assert claimants._lead_time_re().match(s).group() == "Last fortnight "
        assert claimants.subject_tail_start(s, len(s) - 5) == s.index(" lately")
        assert claims._place_text_re().search("killed beside Qaryatayn").group(1) == "Qaryatayn"
        assert "voiced" in claimants._finite_re().pattern
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert claimants._lead_time_re().match(s) is None


def test_no_word_tuples_in_the_rules_of_claims_and_claimants():
    """The rules of claims and claimants hold no list of three or more English words of their own:
    such a list is a role of claim_words.csv (read with lexicons.WordSet). Kept as grammar, by name:
    the indefinite articles and relative pronouns; labels, not words: the attributions made by their
    place (_FRAME_LABELS); the harm-word forms are values of harm_terms.csv."""
    import ast
    from pathlib import Path

    import newslib

    grammar = {"_SINGULAR_WORDS", "_ARTICLES", "_RELATIVES", "_FRAME_LABELS", "__slots__", "__all__"}
    forms = set(lexicons.base_table("harm_terms")["form"])
    found = []
    for name in ("claims.py", "claimants.py"):
        tree = ast.parse((Path(newslib.__file__).parent / "extract" / name).read_text(encoding="utf-8"))
        kept = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id in grammar for t in n.targets)}
        kept |= {id(a) for n in ast.walk(tree) if isinstance(n, ast.Call) and id(n) in kept for a in n.args}
        for n in ast.walk(tree):
            if isinstance(n, (ast.Tuple, ast.Set, ast.List)) and id(n) not in kept and len(n.elts) >= 3:
                vals = [e.value for e in n.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(vals) == len(n.elts) and all(v.replace(" ", "").isalpha() and v.islower() for v in vals) \
                        and not set(vals) <= forms:
                    found.append(f"{name}:{n.lineno} {vals}")
    assert not found, f"word lists in code (make them roles of claim_words.csv): {found}"


def test_a_pack_adds_months_and_weekdays(tmp_path, monkeypatch):
    """A pack's calendar.csv adds month and weekday names (another spelling, another language): the
    date rules, the publication dates, the quantity finder and the claims' place guard read them
    once it is loaded (lexicons.clear_cache), and forget them after."""
    import datetime as dt

    from newslib.language import dates, quantities
    from newslib.read import published

    pub = dt.date(2023, 9, 29)  # a Friday
    text = "Fighting resumed on 5 Septembre 2023 and again on Mardi."

    def found():
        return [(e.text, str(e.date_start)) for e in dates.find_time_expressions(text, pub)]

    assert found() == [] and published.date_line("5 Septembre 2023") is None
    assert "septembre" not in dates.CALENDAR_NAMES
    (tmp_path / "calendar.csv").write_text(
        "name,kind,number,form\nSeptembre,month,9,full\nMardi,weekday,1,full\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", "+" + str(tmp_path))
    lexicons.clear_cache()
    try:
        assert found() == [("5 Septembre 2023", "2023-09-05"), ("Mardi", "2023-09-26")]
        assert published.date_line("5 Septembre 2023") == dt.date(2023, 9, 5)
        assert "septembre" in dates.CALENDAR_NAMES and dates.may_hold_expression("on Mardi")
        assert [q.text for q in quantities.find_quantities("12 died on 5 Septembre")] == ["12"]
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert found() == [] and "septembre" not in dates.CALENDAR_NAMES


def test_a_pack_adds_time_words(tmp_path, monkeypatch):
    """The words of the date rules (time_words.csv) come from the loaded packs: a pack's span word
    joins two dates as one span once it is loaded."""
    import datetime as dt

    from newslib.language import dates

    text = "Shelling from 3 March thro 9 March 2022 killed dozens."

    def spans():
        return [(e.text, e.precision) for e in dates.find_time_expressions(text, dt.date(2022, 4, 1))]

    assert ("3 March thro 9 March 2022", "range") not in spans()
    (tmp_path / "time_words.csv").write_text("word,role,note\nthro,span_conj,\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", "+" + str(tmp_path))
    lexicons.clear_cache()
    try:
        assert spans() == [("from 3 March thro 9 March 2022", "range")]
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert ("from 3 March thro 9 March 2022", "range") not in spans()


def test_a_pack_adds_units_of_time_and_day_words(tmp_path, monkeypatch):
    """The units of time (time_units.csv: length in days, calendar months, precision) and the words
    of the date rules' meanings (time_words.csv: day_yesterday, mod_last, part_early, period_week,
    relative_noun) come from the loaded packs; a bad unit row names its file and row."""
    import datetime as dt

    from newslib.language import dates

    pub = dt.date(2022, 4, 15)
    text = "Two fortnights ago, and yestereve, in the closing days of the previous dusk."

    def found():
        return [(e.text, str(e.date_start), e.precision, e.duration_days) for e in dates.find_time_expressions(text, pub)]

    assert found() == []
    (tmp_path / "time_units.csv").write_text("unit,days,months,precision,note\nfortnight,14,,week,\n", encoding="utf-8")
    (tmp_path / "time_words.csv").write_text("word,role,note\nyestereve,day_yesterday,\ndusk,relative_noun,\n",
                                             encoding="utf-8")
    monkeypatch.setenv("NEWSLIB_LEXICONS", "+" + str(tmp_path))
    lexicons.clear_cache()
    try:
        assert found() == [("Two fortnights ago", "2022-03-18", "week", None), ("yestereve", "2022-04-14", "day", None),
                           ("the previous dusk", "None", None, None)]
        assert lexicons.time_units()["fortnight"] == lexicons.TimeUnit(14.0, None, "week")
        (tmp_path / "time_units.csv").write_text("unit,days,months,precision,note\nfortnight,1/0,,week,\n", encoding="utf-8")
        lexicons.clear_cache()
        with pytest.raises(LexiconError, match=r"time_units.csv, row 2, column 'days'"):
            lexicons.time_units()
        (tmp_path / "time_units.csv").write_text("unit,days,months,precision,note\nfortnight,14,,season,\n", encoding="utf-8")
        lexicons.clear_cache()
        with pytest.raises(LexiconError, match=r"time_units.csv, row 2: precision"):
            lexicons.time_units()
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert found() == []


def test_no_word_alternations_in_the_modules_whose_words_are_data():
    """The lexicon drafts, the statements of events and the quantity finder's units read their words
    from the word tables (claim_words.csv, quantity_words.csv): no string of their code holds a regex
    alternation of three or more words ('said|says|told'), and quantities names no unit of its own."""
    import re
    from pathlib import Path

    import newslib

    root = Path(newslib.__file__).parent
    alternation = re.compile(r"(?<![\w\\])[a-z]{2,}(?:\|[a-z]{2,}){2,}(?![\w])")
    found = [f"{name}: {m.group()}" for name in ("extract/draft.py", "extract/events.py")
             for text in _code_strings(root / name) for m in alternation.finditer(text)]
    assert not found, f"word alternations in code (make them roles of claim_words.csv): {found}"
    # the scale words (million, billion) are numerals too: the number grammar names them
    units = (lexicons.words("time_unit") | lexicons.words("measure_unit") | lexicons.words("of_unit")) - \
        {"million", "billion", "trillion", "bn", "mn"}
    listed = [m.group() for text in _code_strings(root / "language" / "quantities.py")
              for m in re.finditer(r"[a-z]+(?:\|[a-z]+)+", text) if len(set(m.group().split("|")) & units) >= 2]
    assert not listed, f"units listed in language/quantities.py (they are quantity_words.csv rows): {listed}"


def test_clear_cache_never_raises_the_next_use_names_a_bad_pack(monkeypatch):
    """What is rebuilt after clear_cache (the date rules) reads an unknown pack at its next use, which
    raises the LexiconError where the caller handles it (the CLI's exit code), not in clear_cache."""
    import datetime as dt

    from newslib.errors import LexiconError
    from newslib.language import dates
    from newslib.read import published

    monkeypatch.setenv("NEWSLIB_LEXICONS", "nosuchpack")
    lexicons.clear_cache()  # no error here
    try:
        with pytest.raises(LexiconError, match="nosuchpack"):
            dates.find_time_expressions("on 5 May 2023", dt.date(2023, 6, 1))
        with pytest.raises(LexiconError, match="nosuchpack"):
            published.date_line("5 May 2023")
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert [e.text for e in dates.find_time_expressions("on 5 May 2023", dt.date(2023, 6, 1))] == ["5 May 2023"]


#: one alternative of a regex alternation that is a plain word or phrase as code writes it: letters (an
#: apostrophe inside), maybe a case class for the first letter ('[Ii]s'), an optional last letter ('says?'),
#: words joined by a space, a hyphen or \s+ ('based\s+in'), maybe after a \b
_WORD_ALT = r"(?:\\b)?(?:\[[A-Za-z]{2}\])?[A-Za-z][A-Za-z'’]*\??(?:(?:\\s[+*?]?|\\s\{\d*,?\d*\}|\s|\\?-)[A-Za-z'’]+\??)*"
_WORD_ALTERNATION = re.compile(rf"(?<![\w\\]){_WORD_ALT}(?:\|{_WORD_ALT}){{3,}}(?![\w])")
#: modules whose word alternations are not yet lexicon rows: none (every module of the package is checked)
_ALTERNATIONS_NOT_YET_DATA: set[str] = set()


def _all_table_words() -> frozenset[str]:
    words = set()
    for t in (*lexicons.WORD_TABLES, "windows"):
        df = lexicons.base_table(t)
        words.update(str(w).strip().lower() for w in df["word" if "word" in df.columns else "cue"])
    return frozenset(words)


def word_alternations(text: str, known: frozenset[str]) -> list[str]:
    """The alternations of four or more plain words in the regex source ``text``: words of three
    letters or more, or words of the word tables ('in|on|at|by'); not suffixes ('st|nd|rd|th')."""
    out = []
    for m in _WORD_ALTERNATION.finditer(text):
        alts = [re.sub(r"\\b|\[[A-Za-z]{2}\]|\\s[+*?]?|\\s\{[\d,]*\}|\?", " ", a).strip().lower() for a in m.group().split("|")]
        alts = [a.split(" ")[-1] if a.startswith("[") else a for a in alts]
        if any(len(a) >= 3 for a in alts) or all(" ".join(a.split()) in known for a in alts):
            out.append(m.group())
    return out


def test_the_word_alternation_check_can_fail():
    known = _all_table_words()
    for code in (r"\b(?:before|after|while|when)\s*$", r"[,;]|\b(?:that|which|who|what|as)\b",
                 r"\b(?:[Ii]s|[Aa]re|[Ww]as|been)\s+", r"(?:in|on|at|by)\s", r"(?:says?|said|reports?|claims?)",
                 r"\s+(?:in|at|near|based\s+in)\s.*$", r"(?:war|cease-fire|truce|talks)\b"):
        assert word_alternations(code, known), code
    for code in (r"\d+(?:st|nd|rd|th)\b", r"\s+{word}\b", r"(?:and|but|or)\b", r"[\w-]+|\S", r"\b(?:\w+ly|{adverb})\s+"):
        assert not word_alternations(code, known), code


def test_no_word_alternations_in_the_regexes_of_the_package():
    """Words are data: no string of the package's code (docstrings and comments left out) writes a regex
    alternation of four or more plain words ('before|after|while|when'): such a list is a role of a word
    table (claim_words.csv, place_words.csv, time_words.csv, quantity_words.csv or windows.csv), compiled
    with lexicons.RolePattern or WordSet.pattern. Found by reading every module, not by name."""
    from pathlib import Path

    import newslib

    root = Path(newslib.__file__).parent
    known = _all_table_words()
    found = []
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root).as_posix()
        if rel in _ALTERNATIONS_NOT_YET_DATA:
            continue
        found += [f"{rel}: {a}" for text in _code_strings(p) for a in word_alternations(text, known)]
    assert not found, f"word alternations in code (make them rows of a word table): {found}"
    assert (root / "extract" / "claims.py").is_file() and all((root / m).is_file() for m in _ALTERNATIONS_NOT_YET_DATA)


def test_role_patterns_and_area_kinds_follow_the_packs(tmp_path, monkeypatch):
    """The regexes whose words moved to the word tables (claimants' phrase boundary, scanned as a
    RoleCaseless, and subordinators; the gazetteer's division words; the windows' recent past) and the
    area kinds of place_kinds.csv read the loaded packs' rows, and forget them after clear_cache."""
    from newslib.extract import claimants
    from newslib.language import gazetteer, windows

    (tmp_path / "claim_words.csv").write_text("word,role,note\nwhilst,phrase_boundary,\nlest,subordinator,\n",
                                              encoding="utf-8")
    (tmp_path / "place_words.csv").write_text("word,role,note\nworeda,division_noun,\n", encoding="utf-8")
    (tmp_path / "windows.csv").write_text("cue,role,note\nbygone,recent,\n", encoding="utf-8")
    (tmp_path / "place_kinds.csv").write_text("kind,level,area,note\nworeda,2,true,\n", encoding="utf-8")
    s = "Fighting went on whilst the Daily Post said"

    def seen():
        return (claimants._last_segment(s), claimants._SUBORDINATOR_END_RE.search("lest ") is not None,
                gazetteer._DIVISION_AFTER_RE.match(" Woreda") is not None,
                windows._patterns()["recent"].search("the bygone week") is not None, "woreda" in gazetteer.area_kinds())

    before = seen()
    assert before == ((0, len(s)), False, False, False, False)
    monkeypatch.setenv("NEWSLIB_LEXICONS", "+" + str(tmp_path))
    lexicons.clear_cache()
    try:
        assert seen() == ((s.index("the Daily"), len(s)), True, True, True, True)
        assert "area" in gazetteer.area_kinds() and "city" not in gazetteer.area_kinds()
    finally:
        monkeypatch.delenv("NEWSLIB_LEXICONS")
        lexicons.clear_cache()
    assert seen() == before
