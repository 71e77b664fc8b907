"""Claimants found from the reporting structure of a sentence, with or without a lexicon.

The claimants lexicon (``lexicons/claimants.csv``) knows the usual sources of one war by name.
Any other war brings others: a governor, a medical charity, a national rights commission, a
paramilitary force. This module finds who a sentence says made a claim from how it reports it,
and keeps the name as written:

* ``according to X``, ``citing X``, ``X's figures``, ``a statement from X``;
* ``X said / says / told / reported / announced / estimated / put the toll at ...`` (the subject
  before the verb, with an appositive: "Nasser Ali, the health ministry's spokesman, said");
* ``..., said X`` (inverted after a quote or a comma);
* in a headline, ``...: X``, ``X: ...``, ``..., X says``, ``X says ...``.

A name is trimmed of determiners and titles ("a senior health official" -> "health official")
and of a trailing source noun ("UN figures" -> "UN"). A known alias inside it gives the lexicon's
canonical claimant ("Doctors Without Borders (MSF)"); an acronym the article defines ("Rapid
Support Forces (RSF)") names it in full. A person speaking for an institution is that
institution ("the Health Ministry's undersecretary" -> "Health Ministry"). Otherwise the type
comes from the name's head words (``claimant_types.csv``: ministry -> government,
charity -> ngo, ...); party to the conflict stays unknown (empty) here, never "no" by default
(``claims`` makes a government of the article's own country a party).

Vocabulary is in the lexicon packs: ``reporting_verbs.txt``, ``claim_words.csv`` (roles
``source_noun``, ``trim_word``, ``pronoun``, ``speaks_for``, ``office``) and
``claimant_types.csv`` (head words -> type, shared with ``newslib lexicon draft``); this module
holds the grammar.

>>> row = claimant_row("a senior health official in the capital")
>>> row["claimant"], row["claimant_type"], row["party"], row["generic"]
('health official', 'hospital_or_health_authority', '', 'true')
>>> claimant_row("Doctors Without Borders (MSF)")["claimant"]
'Médecins Sans Frontières'
"""
from __future__ import annotations

import functools
import re

from .. import lexicons
from ..language import dates

#: A claimant row (as in ``claimants.csv``) standing for "the claimant named before".
PRONOUN = {"claimant": "__pronoun__"}
#: The same for a source noun ('the report', 'the preliminary investigation'), which may refer
#: further back: to the body whose document the article discusses.
SOURCE_PRONOUN = {"claimant": "__pronoun__", "source": "true"}
_MAX_WORDS = 12


words = lexicons.words  # lower-cased words of one role of ``lexicons/claim_words.csv``


def reporting_verbs() -> tuple[str, ...]:
    """The reporting verbs and phrases (``lexicons/base/reporting_verbs.txt``), lower case."""
    return tuple(v.lower() for v in lexicons.word_list("reporting_verbs.txt"))


@functools.cache
def reporting_pattern() -> lexicons.Caseless:
    """The reporting verbs and phrases, as one case-insensitive pattern."""
    return lexicons.Caseless(rf"\b(?:{lexicons.phrase_pattern(sorted(set(reporting_verbs())), sep=' ', split=' ')})\b")


@functools.cache
def _heads() -> tuple[dict[tuple[str, ...], str], int, dict[tuple[str, ...], str]]:
    """Head words of ``claimant_types.csv``: (lower-cased heads -> type, longest head in words,
    case-sensitive heads -> type)."""
    tab = lexicons.table("claimant_types")
    ci, cs = {}, {}
    sens = tab["case_sensitive"] if "case_sensitive" in tab.columns else [""] * len(tab)
    for h, t, c in zip(tab["head"], tab["claimant_type"], sens):
        if lexicons.truthy(c):
            cs[tuple(_word_re().findall(str(h)))] = str(t).strip()
        else:
            ci[tuple(_word_re().findall(str(h).lower()))] = str(t).strip()
    return ci, max((len(k) for k in (*ci, *cs)), default=1), cs


@functools.cache
def _word_re() -> re.Pattern:
    return re.compile(r"[\w][\w.'’\-]*")


for _fn in (words, reporting_pattern, _heads):
    lexicons.register_cache(_fn.cache_clear)


def head_type(name: str) -> tuple[str | None, tuple[int, int] | None]:
    """The claimant type of ``name`` from its head words (``claimant_types.csv``: the longest
    head found; of equal length the last, a role such as 'officials' last of all), and that
    head's word span; (None, None) when no head word is found.

    >>> head_type("spokesman of the health ministry")[0], head_type("Rapid Support Forces")[0]
    ('hospital_or_health_authority', 'armed_group')
    """
    heads, longest, heads_cs = _heads()
    raw = [w.rstrip(".'’") or w for w in _word_re().findall(name)]
    toks = [w.lower() for w in raw]
    roles = words("speaks_for")
    for n in range(longest, 0, -1):
        found = []
        for i in range(len(toks) - n, -1, -1):
            t = heads_cs.get(tuple(raw[i:i + n])) or heads.get(tuple(toks[i:i + n]))
            if t is not None:
                found.append((t, (i, i + n)))
        if found:
            # 'Hospital officials': the institution's head, not the role's
            return next((f for f in found if " ".join(toks[f[1][0]:f[1][1]]) not in roles), found[0])
    return None, None


_PAREN_RE = re.compile(r"\s*\(([^()]{1,60})\)")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_CAP_RE = re.compile(r"^[A-Z]")


@functools.cache
def _lead_time_re() -> re.Pattern:
    """A time phrase opening a subject ('Last week the UN agency', 'On Friday the ministry'): the
    roles ``lead_time_*`` of ``claim_words.csv`` and the full month and weekday names."""
    day = (f"(?:{lexicons.calendar_pattern('weekday', ('full',))}|{lexicons.WordSet('lead_time_noun').pattern()}"
           f"|{lexicons.calendar_pattern('month', ('full',))})")
    modifier, determiner = lexicons.WordSet("lead_time_modifier").pattern(), lexicons.WordSet("lead_time_determiner").pattern()
    return re.compile(rf"^(?:(?:{modifier}\s+)?{determiner}\s+{day}\b(?:\s+\d{{1,2}})?"
                      rf"|{lexicons.WordSet('lead_time_adverb').pattern()})\s*,?\s+(?=\S)", re.IGNORECASE)


lexicons.register_cache(_lead_time_re.cache_clear)


@functools.cache
def _tail_time_re() -> re.Pattern:
    """A time phrase between a subject and its reporting verb ('Hamas on Tuesday said', 'the
    agency late on Friday night said', 'the group yesterday said'): no part of the subject's
    name. The words of ``_lead_time_re``, ending the text."""
    day = (f"(?:{lexicons.calendar_pattern('weekday', ('full',))}|{lexicons.WordSet('lead_time_noun').pattern()}"
           f"|{lexicons.calendar_pattern('month', ('full',))})")
    modifier, determiner = lexicons.WordSet("lead_time_modifier").pattern(), lexicons.WordSet("lead_time_determiner").pattern()
    noun = lexicons.WordSet("lead_time_noun").pattern()
    return re.compile(rf"\s+(?:(?:{modifier}\s+)?{determiner}\s+{day}(?:\s+\d{{1,2}})?(?:\s+{noun})?"
                      rf"|{lexicons.WordSet('lead_time_adverb').pattern()})\s*$", re.IGNORECASE)


lexicons.register_cache(_tail_time_re.cache_clear)


def _trim(name: str) -> str:
    """Leading determiners, numbers and titles off; brackets, a trailing source noun ('UN
    figures') and a possessive off."""
    s = _PAREN_RE.sub("", name).strip(" ,.;:\"“”‘’'-–—")
    s = _lead_time_re().sub("", s, count=1) or s  # 'Last week the UN agency said'
    ws = s.split()
    trim = words("trim_word")
    while ws and (ws[0].lower() in trim or ws[0].isdigit()):
        ws = ws[1:]
        if len(ws) > 1 and ws[0].lower() == "of":  # 'one of the sources', 'two of its officials'
            ws = ws[1:]
    src = words("source_noun")
    while len(ws) > 1 and ws[-1].lower().strip(".,") in src:
        ws = ws[:-1]
    s = " ".join(ws)
    s = _POSSESSIVE_RE.sub("", s) if s.endswith(("'s", "’s", "s'", "s’")) else s
    return s.strip(" ,.;:")


def _generic_lexicon_row(name: str) -> dict | None:
    """The lexicon's generic row whose alias is the whole ``name`` ('local activist')."""
    hits = lexicons.alias_matcher("claimants").find(name)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(name) and lexicons.truthy(hits[0].value.get("generic", "false")):
        return hits[0].value
    return None


def _lexicon_row(text: str, acronyms=None) -> tuple[dict | None, bool]:
    """The claimants lexicon's row for the alias in ``text`` (a bracketed acronym first: '...
    (OCHA)'; else the longest alias), and whether the alias is what the phrase names: nothing
    else in it but titles, roles, head words and a place ('Rights Group HRW', 'MSF teams at the
    hospital', 'a senior Health Ministry official'); not 'the Interior Ministry of Freedonia'
    or 'the Northern Observatory', which name another body."""
    matcher = lexicons.alias_matcher("claimants")
    for m in _PAREN_RE.finditer(text):
        hits = matcher.find(m.group(1))
        if hits and hits[0].start == 0 and hits[0].end == len(m.group(1).strip()):
            return hits[0].value, True
    hits = [h for h in matcher.find(text) if not lexicons.truthy(h.value.get("generic", "false"))]
    if not hits:
        return None, False
    hit = max(hits, key=lambda h: h.end - h.start)
    rest, last = [], 0  # the text less every alias of that claimant ('the state news agency SANA')
    for h in hits:
        if h.value.get("claimant") == hit.value.get("claimant"):
            rest.append(text[last:h.start])
            last = h.end
    rest = _PAREN_RE.sub(" ", " ".join(rest) + " " + text[last:])
    rest = _PP_TAIL_RE.sub("", " " + rest.strip())
    skip = words("trim_word") | words("speaks_for") | words("office") | words("source_noun") | _NAME_PARTICLES
    other = [w for w in _without_heads(_word_re().findall(rest)) if w.lower().rstrip("'’s") not in skip and w.lower() not in skip]
    return hit.value, not any(_CAP_RE.match(w) for w in other)


def _without_heads(toks: list[str]) -> list[str]:
    """``toks`` less every head phrase of ``claimant_types.csv`` in them ('Rights Group')."""
    heads, longest, _ = _heads()
    low = [w.lower().rstrip(".'’") or w.lower() for w in toks]
    keep = [True] * len(toks)
    for n in range(longest, 0, -1):
        for i in range(len(toks) - n + 1):
            if all(keep[i:i + n]) and tuple(low[i:i + n]) in heads:
                keep[i:i + n] = [False] * n
    return [w for w, k in zip(toks, keep) if k]


_NAME_PARTICLES = lexicons.WordSet("name_particle")  # lexicons/base/claim_words.csv


def is_name(text: str) -> bool:
    """Capitalised words (lower-case particles between them allowed): a person's or a body's
    name ('Europe External Programme with Africa', 'Nasser al-Argaly')."""
    ws = text.split()
    if len(ws) > 1 and ws[0] in ("al", "el") and _CAP_RE.match(ws[1]):
        ws = ws[1:]  # 'al Shabaab'
    if not ws or not (_CAP_RE.match(ws[0]) or ws[0][:3].lower() in ("al-", "el-")) \
            or not (_CAP_RE.match(ws[-1]) or ws[-1][:3].lower() in ("al-", "el-")):
        return False
    return all(_CAP_RE.match(w) or w.lower() in _NAME_PARTICLES or w[:3].lower() in ("al-", "el-") for w in ws)


class _Acronyms:
    """The article's acronyms as ``claimant_row`` reads them: remembers whether they were read
    (a row that depends on them is not remembered across articles)."""

    __slots__ = ("known", "read")

    def __init__(self, known) -> None:
        self.known = known
        self.read = False

    def __call__(self) -> dict:
        self.read = True
        known = self.known() if callable(self.known) else self.known
        return known if known is not None else {}


#: phrase -> its claimant row, for rows that do not depend on the article's acronyms (the
#: same phrases recur: 'the ministry', 'a local activist'); cleared with the lexicons
_ROW_MEMO: dict[str, dict | None] = {}
_ROW_MEMO_MAX = 1 << 16
lexicons.register_cache(_ROW_MEMO.clear)


#: a claimant named after one of these ('the medical charity', 'a senior health official') may be
#: a generic mention: role ``generic_determiner`` of ``claim_words.csv``
_GENERIC_DETERMINERS = lexicons.WordSet("generic_determiner")


def claimant_row(phrase: str, acronyms=None) -> dict | None:
    """A claimant row (the columns of ``claimants.csv``) for a phrase the text names as the
    source of a claim, or None when it names none (too long, or neither a name nor a head word).
    A pronoun ('he', 'the group', 'the report') gives ``PRONOUN``. ``acronyms``: the article's
    (a dict, or a function returning it, called only for an acronym). Rows are shared: treat
    them as read-only (copy to change one, as ``{**row, ...}``)."""
    try:
        return _ROW_MEMO[phrase]
    except KeyError:
        pass
    asked = _Acronyms(acronyms)
    row = _claimant_row(phrase, asked)
    if not asked.read:
        if len(_ROW_MEMO) >= _ROW_MEMO_MAX:
            _ROW_MEMO.clear()
        _ROW_MEMO[phrase] = row
    return row


#: words that open a predicate, never a subject naming a claimant
_VERB_OPENERS = lexicons.WordSet("predicate_opener")  # claim_words.csv


def _claimant_row(phrase: str, acronyms: _Acronyms) -> dict | None:
    raw = " ".join(phrase.split())
    if not raw:
        return None
    low = raw.lower().strip(" ,.;:\"“”")
    if low in words("pronoun"):
        return SOURCE_PRONOUN if low.split()[-1] in words("source_noun") else PRONOUN
    row, covered = _lexicon_row(raw, acronyms)
    if row is not None:
        office = _with_office(raw, row)
        if office is not row or covered:
            return office
    lexicon_type = row.get("claimant_type") if row is not None else None  # 'Interior Ministry of Freedonia'
    m = _report_from_re().search(raw)
    if m:  # 'a Jan. 9 report from the Institute', 'a statement by the charity'
        row = _claimant_row(m.group(1), acronyms)
        if row is None and _TALLY_WORDS.words() & set(raw[:m.start(1)].lower().split()) \
                and head_type(m.group(1))[0] == "outlet":
            return wire_tally_row(m.group(1), raw)  # 'a tally by the Associated Press': the wire's own count
        return row
    body = speaks_for(raw)
    if body is not None and (row := _claimant_row(body, acronyms)) is not None:
        return row  # 'a spokesperson for the Chin National Front', "the group's military spokesman"
    name = _trim(raw)
    if name and len(name.split()) > _MAX_WORDS and head_type(short := _PP_TAIL_RE.sub("", name))[0] is not None:
        name = short  # 'a Sahel specialist and research fellow at the ... think tank': its head before the place
    if not name or len(name.split()) > _MAX_WORDS:
        return None
    first = raw.split()[0].lower()
    if first in _VERB_OPENERS:
        return None  # '... that was preparing to recover the body of a farmer': a predicate, no one named
    generic_row = _generic_lexicon_row(name)
    if generic_row is not None:
        # 'a local activist', 'rebels': the lexicon's generic claimant, resolved as it says;
        # 'another activist' is not the one named before
        return {**generic_row, "generic": "false", "generic_word": "true"} if first in ("another", "other") else generic_row
    if _only_source_nouns(raw):
        return SOURCE_PRONOUN  # 'the preliminary investigation', 'its report': the claimant named before
    if name.isupper():  # 'RSF' after 'Rapid Support Forces (RSF)'
        name = acronyms().get(name, name)
    if name.lower() in words("pronoun") or ("the " + name.lower()) in words("pronoun") and raw.lower().startswith("the "):
        return PRONOUN
    ctype, span = head_type(name)
    if ctype is None and lexicon_type is not None:
        ctype = lexicon_type
    if ctype == "outlet":
        if _tally_end_re().search(raw):
            return wire_tally_row(name, raw)  # 'according to an AFP tally': the wire's own count
        return None  # a news wire relaying ('AFP reported'): the figure stays with the outlet
    ws = _word_re().findall(name)
    if ctype is not None and span is not None and _named_after_head(ws, span):
        # 'rights group Fortify Rights', 'the charity Save the Children': the name the head describes
        name = " ".join(ws[span[1]:])
        ws = ws[span[1]:]
    elif ctype is not None and span is not None:
        name = _institution(ws, span) or name
        name = _PP_TAIL_RE.sub("", name) or name  # 'health official in the capital' -> 'health official'
        name = _participle_cut(name)  # 'a villager helping to bury the dead' -> 'villager'
    elif not is_name(name):
        short = _PP_TAIL_RE.sub("", name)  # 'the Anglican Church in the country' -> 'Anglican Church'
        if short == name or not is_name(short) or len(short.split()) < 2:
            return None
        name, ws = short, _word_re().findall(short)
    elif len(ws) == 1 and not (ws[0].isupper() and len(ws[0]) >= 2):
        # one capitalised word: a surname referring back ('McGoldrick said'), resolved by the
        # caller against the names before; never a claimant of its own ('Accordingly')
        return {"claimant": name, "claimant_type": None, "side": "unknown", "party": "", "generic": "false",
                "alias": raw, "surname": "true"}
    if ctype == "activist":
        name = _person_after_description(name)  # 'Stanton resident Ivan Petrenko': the person
    person = _person_after_title(name) if ctype is not None else None
    if person is not None:  # 'regional governor Ivan Petrenko', 'Donetsk Governor Ivan Petrenko': the person
        return {"claimant": person, "claimant_type": ctype, "side": "unknown", "party": "", "generic": "false",
                "alias": raw}
    name = _drop_person_after_office(name)
    ws = name.split()
    # generic: one common noun ('Charity', 'the Commission') or lower-case words after a
    # determiner ('the medical charity', 'a senior health official'), singular
    head, space, _ = raw.lower().partition(" ")
    definite = bool(space) and head in _GENERIC_DETERMINERS
    generic = ctype is not None and not ws[-1].lower().endswith("s") and (
        len(ws) == 1 or (definite and not any(_CAP_RE.match(w) for w in ws)))
    return {"claimant": name, "claimant_type": ctype, "side": "unknown", "party": "", "generic": "true" if generic else "false",
            "alias": raw}


def _participle_cut(name: str) -> str:
    """``name`` up to its head words when a participle follows them ('villager assisting in the
    cremation', 'residents living near the camp'): the participle describes the person, it is
    no part of the name."""
    span = head_type(name)[1]
    ws = _word_re().findall(name)
    if span is not None and span[1] < len(ws) and len(ws[span[1]]) > 4 and ws[span[1]].endswith("ing") and ws[span[1]].islower():
        toks = name.split()
        if len(toks) == len(ws):
            return " ".join(toks[:span[1]])
    return name


def participle_cut_span(s: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` of ``s`` less a participle phrase after its head words ('A villager helping to
    bury the dead', whose harm word would otherwise make it no source): ``_participle_cut``."""
    phrase = s[span[0]:span[1]]
    n = len(_participle_cut(phrase).split())
    toks = list(re.finditer(r"\S+", phrase))
    return (span[0], span[0] + toks[n - 1].end()) if 0 < n < len(toks) else span


def title_type(phrase: str) -> str | None:
    """The claimant type a title gives the person it is written beside ('the head of the
    regional military administration', 'the governor of the province', 'provincial police
    chief'): its head words' type when nothing but 'of ...' or capitalised words follow the
    head ('the army shelled the house of' is no title); else None."""
    ctype, span = head_type(phrase)
    if ctype is None or span is None:
        return None
    tail = _word_re().findall(phrase)[span[1]:]
    roles = words("speaks_for") | words("office")
    # 'the UN rights chief': a role ends the title
    return ctype if not tail or tail[0].lower() == "of" or all(w[:1].isupper() for w in tail) \
        or len(tail) <= 3 and tail[-1].lower() in roles else None


@functools.cache
def _tally_end_re() -> re.Pattern:
    """A count a news wire made itself ('an AFP tally', "Reuters' own count"): role
    ``wire_tally`` of ``claim_words.csv`` ending the phrase."""
    return re.compile(rf"\b{lexicons.WordSet('wire_tally').pattern()}\s*$", re.IGNORECASE)


@functools.cache
def _report_from_re() -> re.Pattern:
    """'a report from X', 'a statement by X', 'figures of X': role ``report_from`` of
    ``claim_words.csv`` before from/by/of and the source."""
    return re.compile(rf"\b{lexicons.WordSet('report_from').pattern()}\s+{lexicons.WordSet('noun_of_preposition').pattern()}"
                      rf"\s+(.+)$", re.IGNORECASE)


for _fn in (_tally_end_re, _report_from_re):
    lexicons.register_cache(_fn.cache_clear)


_TALLY_WORDS = lexicons.WordSet("wire_tally")


def wire_tally_row(name: str, alias: str) -> dict:
    """A news wire as the claimant of a count it compiled itself ('a toll compiled by AFP',
    'an AFP tally'), where relaying ('AFP reported') would leave the figure with the outlet."""
    return {"claimant": _trim(name), "claimant_type": "journalist", "side": "neutral", "party": "false",
            "generic": "false", "alias": alias}


@functools.cache
def _speaker_res() -> tuple[re.Pattern, re.Pattern]:
    roles = lexicons.phrase_pattern(sorted(words("speaks_for")), sep=" ", split=" ")
    owner = re.compile(rf"(?:^|,\s+)(?P<body>[^,]+?)['’]s?\s+(?:[\w-]+\s+){{0,3}}?(?:{roles})\s*$", re.IGNORECASE)
    lead, prep = lexicons.WordSet("speaker_determiner").pattern(), lexicons.WordSet("speaks_for_preposition").pattern()
    of = re.compile(rf"^(?:[^,]*,\s+)?(?:{lead}\s+)?(?:[\w-]+\s+){{0,2}}?(?:{roles})"
                    rf"\s+{prep}\s+(?P<body>(?:the\s+)?[^,]+)$", re.IGNORECASE)
    return owner, of


lexicons.register_cache(_speaker_res.cache_clear)


def speaks_for(phrase: str) -> str | None:
    """The body a person speaks for, when the phrase names it by its role ('speaks_for' words
    of ``claim_words.csv``): "al-Shabab's military operations spokesperson" -> 'al-Shabab';
    "Sheikh Ali, the group's spokesman" -> 'the group'; 'a spokesperson for the Chin National
    Front' -> 'the Chin National Front'; None otherwise.

    >>> speaks_for("a senior official of the Interior Ministry"), speaks_for("the rebels' spokesman")
    ('the Interior Ministry', 'the rebels')
    """
    owner, of = _speaker_res()
    m = owner.search(phrase) or of.match(phrase)
    return m.group("body").strip() if m else None


#: a trailing place or affiliation phrase, dropped from a name typed by its head word
_PP_TAIL_RE = lexicons.RolePattern(r"\s+{prep}\s.*$", prep="pp_tail_preposition")  # claim_words.csv


def _only_source_nouns(raw: str) -> bool:
    """'the report', 'the preliminary investigation', 'its latest figures': a source noun
    and its modifiers, with no name and no head word."""
    ws = [w.strip(",.") for w in raw.split()]
    if not ws or ws[-1].lower() not in words("source_noun"):
        return False
    rest = [w for w in ws[:-1] if w.lower() not in words("trim_word")]
    return all(w[:1].islower() for w in rest) and head_type(" ".join(rest))[0] is None




def _named_after_head(ws: list[str], span: tuple[int, int]) -> bool:
    """Whether lower-case head words naming a body (``claim_words.csv`` role ``body_head``:
    'rights group') are followed by the body's name and nothing else ('the rights group Delta
    Watch'); a person's title is not ('regional governor Ivan Petrenko' is the office)."""
    i, j = span
    tail = ws[j:]
    return bool(tail) and all(w[:1].islower() for w in ws[i:j]) and ws[j - 1].lower() in words("body_head") \
        and is_name(" ".join(tail)) \
        and tail[0].lower() not in dates.CALENDAR_NAMES and tail[0].lower() not in _NAME_PARTICLES \
        and not any(w in words("speaks_for") for w in (t.lower() for t in tail))


def _person_after_description(name: str) -> str:
    """'Stanton resident Ivan Petrenko' -> 'Ivan Petrenko': a person described by what they are
    (a resident, a witness: head words of type activist), not by an office, is the person named;
    the description alone stays ('a resident')."""
    ctype, span = head_type(name)
    ws = name.split()
    if ctype != "activist" or span is None or len(_word_re().findall(name)) != len(ws):
        return name
    tail = ws[span[1]:]
    if 2 <= len(tail) <= 4 and is_name(" ".join(tail)) and ws[span[1] - 1].lower() not in words("body_head"):
        return " ".join(tail)
    return name


def describes_body(phrase: str) -> bool:
    """Whether ``phrase`` describes a body, not a person: its head word names one (role
    ``body_head`` of ``claim_words.csv``: 'the state railway company', 'a Brussels-based
    research organisation') and no one speaks for it ('a member of the rights group')."""
    ctype, span = head_type(phrase)
    if ctype is None or span is None:
        return False
    ws = [w.lower() for w in _word_re().findall(phrase)]
    roles = words("speaks_for") | words("office")
    return ws[span[1] - 1] in words("body_head") and not any(w in roles for w in ws) and speaks_for(phrase) is None


def holds_office(title: str) -> bool:
    """Whether ``title`` is an office whose holder is named as the claimant when the text names
    them ('the regional governor of Donetsk', 'Industry Minister', 'head of the regional
    administration'): its head words type it, it names no body of the claimants lexicon (an
    international body's office stays the office: 'the UN humanitarian coordinator'), it
    describes no body, and it holds no role that only speaks for a body (a spokesman, an
    official: the body is the claimant), save a leader's (role ``leader`` of ``claim_words.csv``)."""
    if head_type(title)[0] is None or describes_body(title):
        return False
    if any(not lexicons.truthy(h.value.get("generic", "false")) for h in lexicons.alias_matcher("claimants").find(title)):
        return False
    roles = words("speaks_for")
    leaders = words("leader")
    return not any(w in roles and w not in leaders for w in (t.lower().rstrip("'’s") for t in _word_re().findall(title)))


def person_name(text: str) -> bool:
    """A person's full name: two to four capitalised words ('Ivan Petrenko', 'Naw Bu'), no day
    or month ('On Friday')."""
    ws = text.split()
    return 2 <= len(ws) <= 4 and is_name(text) and not text.isupper() and _lead_time_re().match(text + " x") is None \
        and not any(w.lower().strip(",.") in dates.CALENDAR_NAMES for w in ws)


def _person_after_title(name: str) -> str | None:
    """The person a title names when a full name follows it ('regional governor Ivan Petrenko',
    'Donetsk Governor Ivan Petrenko'): the name, when the title ``holds_office``; else None."""
    ctype, span = head_type(name)
    toks = name.split()
    if span is None or len(_word_re().findall(name)) != len(toks):
        return None
    tail = " ".join(toks[span[1]:])
    if not person_name(tail) or head_type(tail)[0] is not None or not holds_office(" ".join(toks[:span[1]])):
        return None
    return tail


def _drop_person_after_office(name: str) -> str:
    """'UN humanitarian coordinator Jane Doe' -> 'UN humanitarian coordinator': the office is
    the claimant, the person holding it is not needed to group the claim."""
    ws = name.split()
    offices = words("office") | words("speaks_for")
    for k in range(len(ws) - 1, 0, -1):
        titled = ws[k - 1].lower() in offices or (ws[k - 1][:1].islower() and head_type(ws[k - 1])[0] is not None)
        if titled and ws[k - 1][:1].islower() and all(_CAP_RE.match(w) for w in ws[k:]) and len(ws) - k <= 3:
            return " ".join(ws[:k])  # 'regional governor Jane Doe' -> 'regional governor'
    return name


def _with_office(raw: str, row: dict) -> dict:
    """A lexicon claimant named with an office of it ('UN humanitarian coordinator') is that
    office, as written, of the lexicon claimant's type."""
    offices = words("office")
    name = _drop_person_after_office(_trim(raw))
    if not any(w.lower().strip(",.") in offices for w in name.split()):
        return row
    name = _PP_TAIL_RE.sub("", name) or name  # 'the UN coordinator in the country' -> 'UN coordinator'
    return {**row, "claimant": name, "alias": raw, "generic": "false"}


def _institution(ws: list[str], span: tuple[int, int]) -> str | None:
    """'the Health Ministry's undersecretary' -> 'Health Ministry'; 'spokesman of the health
    ministry in the capital' -> 'health ministry': a person speaking for the institution named
    by the head words is that institution. None when the name is the institution itself."""
    roles = words("speaks_for")
    low = [w.lower().strip(",.") for w in ws]
    i, j = span
    if not any(w.rstrip("'’s") in roles or w in roles for k, w in enumerate(low) if k < i or k >= j):
        return None
    if any(w in roles for w in low[i:j]):
        return None  # the head is the role itself ('officials')
    # the institution's own words: its head and the modifiers just before it
    k = i
    while k > 0 and not low[k - 1].endswith(("'s", "’s")) and low[k - 1] not in roles and low[k - 1] not in ("of", "the", "a", "an", ",") \
            and bool(_CAP_RE.match(ws[k - 1])) == bool(_CAP_RE.match(ws[i])):
        k -= 1
    inst = " ".join(ws[k:j])
    return _POSSESSIVE_RE.sub("", inst) if inst.endswith(("'s", "’s")) else inst


# ----------------------------------------------------------------------------- where the claimant is named
#: aux words and adverbs between a subject and its reporting verb ('has also', 'had earlier'):
#: role ``subject_tail`` of ``claim_words.csv``
_SUBJECT_TAIL = lexicons.WordSet("subject_tail")


@functools.cache
def _subject_tail_re() -> re.Pattern:
    """A run of ``subject_tail`` words ending the text (:func:`subject_tail_start` reads it faster)."""
    return re.compile(rf"(?:\s+{_SUBJECT_TAIL.pattern()})*\s*$", re.IGNORECASE)


@functools.cache
def _subject_tail_word_re() -> re.Pattern:
    """One word of ``_subject_tail_re``'s tail, as a whole whitespace-delimited token."""
    return re.compile(_SUBJECT_TAIL.pattern(), re.IGNORECASE)


for _fn in (_subject_tail_re, _subject_tail_word_re):
    lexicons.register_cache(_fn.cache_clear)


def subject_tail_start(s: str, end: int) -> int:
    """Where ``_subject_tail_re().search(s, 0, end)`` starts (aux words and adverbs before a
    reporting verb: 'has also', 'had earlier'), read from ``end`` backwards, token by token,
    instead of trying the pattern at every offset of the sentence. Each word of the tail is a
    whole token with space before it (the pattern's ``\\s+`` before each word, and after it
    ``\\s`` or the end), so the leftmost match starts at the space before the first of the
    run of tail words that ends the text (or at its trailing space).

    >>> s = "The ministry has also said"
    >>> subject_tail_start(s, 22), _subject_tail_re().search(s, 0, 22).start()
    (12, 12)
    """
    i = end
    while i > 0 and s[i - 1].isspace():
        i -= 1
    start = i
    while i > 0:
        j = i
        while j > 0 and not s[j - 1].isspace():
            j -= 1
        if j == 0 or _subject_tail_word_re().fullmatch(s, j, i) is None:
            break
        while j > 0 and s[j - 1].isspace():
            j -= 1
        start = i = j
    return start


#: where the phrase naming a subject starts (roles ``phrase_boundary`` and ``determiner`` of claim_words.csv)
_BOUNDARY = r"[,;:“”\"()\[\]–—]|\s-{{1,2}}\s|\b{word}\b|\band\s+(?={det}\b)"
_BOUNDARY_RE = lexicons.RolePattern(_BOUNDARY, re.IGNORECASE, word="phrase_boundary", det="determiner")
#: ``_BOUNDARY_RE`` scanning ASCII text lower-cased, case-sensitively (``lexicons.Caseless``: the same spans)
_BOUNDARY_CASELESS = lexicons.RoleCaseless(_BOUNDARY, word="phrase_boundary", det="determiner")
#: after the comma opening an appositive, the words that make it name the subject (', a
#: spokesman for the ministry,'): role ``appositive_head`` of ``claim_words.csv``
_APPOSITIVE_HEADS = lexicons.WordSet("appositive_head")


@functools.cache
def _apposition_open_re() -> re.Pattern:
    """The last comma opening a clause or an appositive after a subject: ', who', ', which', ', the'...
    (roles ``apposition_opener`` and, not followed by another opener, ``apposition_reflexive``)."""
    opener = lexicons.WordSet("apposition_opener").pattern()
    any_opener = lexicons.WordSet("apposition_opener", "apposition_reflexive").pattern()
    return re.compile(rf",\s+({any_opener})\b(?!.*,\s+{opener}\b)", re.IGNORECASE)


lexicons.register_cache(_apposition_open_re.cache_clear)
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]{1,40}\)\s*$")
#: a verb coordinated with an earlier predicate: '... but estimated', '... and added'
_COORD_TAIL_RE = lexicons.RolePattern(r"\s{word}$", re.IGNORECASE, word="coordinator")


#: a subordinating conjunction just before a phrase: the phrase opens a clause, not an appositive
_SUBORDINATOR_END_RE = lexicons.RolePattern(r"\b{word}\s*$", re.IGNORECASE, word="subordinator")


#: a person's age written as an appositive ('Name, 45, a shopkeeper, said')
_AGE_RE = re.compile(r"\d{1,3}")


def _last_segment(before: str) -> tuple[int, int] | None:
    """The span of the phrase that ends ``before`` (up to a boundary), or None."""
    end = len(before.rstrip())
    start = 0
    pattern, scan = _BOUNDARY_CASELESS.scan(before)
    for m in pattern.finditer(scan, 0, end):
        start = m.end()
    seg = before[start:end]
    if not seg.strip():
        return None
    lead = len(seg) - len(seg.lstrip())
    return start + lead, end


def subject_before(s: str, verb_start: int) -> list[tuple[int, int]]:
    """Candidate phrases naming the subject of the reporting verb at ``verb_start``: the phrase
    just before it (aux words and adverbs skipped), then, after an appositive ('Name, the
    Ministry's spokesman, said'; 'the spokesman of the ministry, Name, told'), the phrase
    before that."""
    end = subject_tail_start(s, verb_start)  # _subject_tail_re().search(s, 0, verb_start).start()
    timed = _tail_time_re().search(s, 0, end) if end > 0 else None
    if timed is not None and timed.start() > 0:  # 'Hamas on Tuesday said': the time is no part of the name
        end = subject_tail_start(s, timed.start())
    head = s[:end].rstrip()
    if head.endswith("),"):
        end = len(head) - 1  # 'The Agency (FRA), says': a stray comma after the bracket
    paren = _PAREN_TAIL_RE.search(s, 0, end)
    if paren is not None and paren.start() > 0:
        # 'The Commission (EHRC) has released': the bracket belongs to the name
        full_end = len(s[:end].rstrip())
        seg = _last_segment(s[:paren.start()])
        return [(seg[0], full_end)] if seg is not None else []
    before = s[:end].rstrip()
    if before.endswith(","):
        # 'The deacon, who spoke on condition of anonymity, said', 'Name, the Ministry's
        # spokesman, said': the subject before the clause, and the appositive
        window = before[:-1][-200:]
        op = _apposition_open_re().search(window)
        if op is not None:
            cut = len(before) - 1 - len(window) + op.start()
            out = []
            seg = _last_segment(s[:cut])
            if seg is not None and _AGE_RE.fullmatch(s, *seg) and s[:seg[0]].rstrip().endswith(","):
                seg = _last_segment(s[:seg[0]].rstrip()[:-1])  # 'Name, 45, a shopkeeper, said': the name before the age
            if seg is not None:
                out.append(seg)
            if op.group(1).lower() in _APPOSITIVE_HEADS:
                a = cut + 1 + (len(s[cut + 1:]) - len(s[cut + 1:].lstrip()))
                out.append((a, len(before) - 1))
            return out
        # 'Name, Nobel Peace Prize laureate, told': the name before the appositive, then it
        app = _last_segment(before[:-1])
        if app is not None and s[:app[0]].rstrip().endswith(","):
            subj = _last_segment(s[:app[0]].rstrip()[:-1])
            return [x for x in (subj, app) if x is not None]
    coord = _COORD_TAIL_RE.search(before)
    if coord is not None:
        # 'the watchdog gave no toll but estimated ...', '... has rejected the accusations, and
        # says ...': the typed phrase opening the clause
        seg = _last_segment(before[:coord.start()].rstrip().rstrip(","))
        if seg is None:
            return []
        a, b = seg
        ws = list(re.finditer(r"\S+", s[a:b]))
        for k in range(min(6, len(ws)), 0, -1):
            ctype, span = head_type(s[a:a + ws[k - 1].end()])
            if ctype is not None and span[1] == len(_word_re().findall(s[a:a + ws[k - 1].end()])):
                # the phrase ends with its head word, or with the name of the person the title
                # names ('Donetsk Governor Ivan Petrenko revised ... and said')
                for j in range(min(4, len(ws) - k), 1, -1):
                    if person_name(s[a + ws[k].start():a + ws[k + j - 1].end()]):
                        return [(a, a + ws[k + j - 1].end())]
                return [(a, a + ws[k - 1].end())]
        return []
    seg = _last_segment(s[:end])
    if seg is None:
        return []
    out = [seg]
    pre = s[:seg[0]].rstrip()
    if pre.endswith(","):
        prev = _last_segment(pre[:-1])
        # 'Before the strike blamed on the army, the Daily had documented': a clause, no appositive
        if prev is not None and not _SUBORDINATOR_END_RE.search(s, 0, prev[0]):
            out.append(prev)
    return out


#: where a name after a reporting verb ends (role ``phrase_stop`` of claim_words.csv)
_AFTER_STOP_RE = lexicons.RolePattern(r"[,;:.“”\"()\[\]–—]|\s-\s|\b{word}\b", re.IGNORECASE, word="phrase_stop")


_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")


def _word_before(s: str, pos: int) -> str:
    m = _WORD_BEFORE_RE.search(s, max(0, pos - 12), pos)
    return m.group(1) if m else ""


#: participles whose subject opens the clause they hang on ('The office voiced alarm, saying ...')
PARTICIPLES = lexicons.WordSet("participle")  # lexicons/base/claim_words.csv


@functools.cache
def _finite_re() -> re.Pattern:
    """A finite verb or an auxiliary (role ``finite_verb`` of ``claim_words.csv``, lower case as
    written, or any lower-case word in -ed): where the subject opening a clause ends."""
    return re.compile(rf"\b(?:{lexicons.WordSet('finite_verb').pattern()}|[a-z]+ed)\b")


lexicons.register_cache(_finite_re.cache_clear)


def clause_subject(s: str, verb_start: int) -> tuple[int, int] | None:
    """The span of the subject opening the clause that a participle after a comma hangs on
    ('The rights office has voiced alarm at the fighting, saying ...': 'The rights office'),
    or None."""
    head = s[:verb_start]
    start = max(head.rfind(c) for c in ";:“”\"") + 1
    m = _finite_re().search(head, start)
    if m is None:
        return None
    seg = head[start:m.start()]
    a = start + len(seg) - len(seg.lstrip())
    b = start + len(seg.rstrip())
    if b <= a or "," in s[a:b] or len(s[a:b].split()) > 10:
        return None
    return a, b


def opening_subject(s: str, end: int) -> tuple[int, int] | None:
    """The span of the subject opening sentence ``s``: its words before the first finite verb
    or auxiliary before ``end`` ('The group had denied ...': 'The group'), or None."""
    m = _finite_re().search(s, 0, end)
    if m is None:
        return None
    a, b = len(s[:m.start()]) - len(s[:m.start()].lstrip()), len(s[:m.start()].rstrip())
    return (a, b) if b > a else None


def phrase_after(s: str, pos: int) -> tuple[int, int] | None:
    """The phrase from ``pos`` up to a boundary ('according to X, ...', 'said X on Friday');
    'a report from X' runs on to X's end, and an abbreviation's period ('Jan. 9') is no end."""
    while pos < len(s) and s[pos] == " ":
        pos += 1
    at = pos
    while True:
        m = _AFTER_STOP_RE.search(s, at)
        if m is None:
            break
        stop = m.group(0).lower()
        if stop == "." and (re.match(r"\.\s*(?:\d|[a-z])", s[m.start():m.start() + 3])
                            or _word_before(s, m.start()).lower() in lexicons.abbreviations()):
            at = m.end()  # 'Jan. 9', 'U.N. officials', 'Col. Naw Bu'
            continue
        last = s[pos:m.start()].split()[-1:]
        if stop in ("from", "by") and last and last[0].lower().strip(",.") in words("source_noun") \
                or stop == "from" and last and last[0].lower().strip(",.") in words("speaks_for"):
            at = m.end()  # 'a report from the Institute', 'officials from the charity'
            continue
        if stop.isalpha() and _CAP_RE.match(s[m.end():].lstrip()) and s[pos:m.start()].split()[-1:] \
                and _CAP_RE.match(s[pos:m.start()].split()[-1]):
            at = m.end()  # inside a name: 'Programme with Africa', 'Office for the Coordination'
            continue
        break
    end = m.start() if m else len(s)
    # keep a bracketed acronym: 'the Joint Force (JF)'
    if m and s[m.start()] == "(":
        close = s.find(")", m.start())
        if 0 < close - m.start() < 12:
            m2 = _AFTER_STOP_RE.search(s, close + 1)
            end = m2.start() if m2 else len(s)
    if end <= pos:
        return None
    return pos, end


#: the phrases that name a source after them, as 'according to' does
#: (roles ``passive_source_verb``, ``medium_preposition``, ``determiner`` and ``person_possessive`` of claim_words.csv)
ACCORDING = lexicons.RoleCaseless(r"\baccording\s+to\b|\bciting\b|\bcited\s+by\b|\ba\s+statement\s+(?:from|by)\b|"
                                  r"\ba\s+report\s+(?:from|by)\b|\bfigures\s+from\b|\bestimates\s+(?:from|by)\b|"
                                  r"\b(?:as\s+)?{verb}(?:\s+{prep}\s+(?:{det}\s+)?[\w.]+)?\s+by\b",
                                  verb="passive_source_verb", prep="medium_preposition",
                                  det=("determiner", "person_possessive"))
_HEAD_START_RE = re.compile(r"^([A-Z][\w.'’\-]*(?:\s+[\w.'’\-]+){0,4})\s*:\s+\S")
#: a headline's source and its verb (roles ``headline_verb`` with ``headline_verb_past`` at the end or
#: ``headline_opening_verb`` at the opening, ``say_form`` of claim_words.csv)
_HEAD_END_RE = lexicons.RolePattern(r"(?::|,|\s-|\s–)\s*([A-Z][\w.'’\-]*(?:\s+[\w.'’\-]+){{0,5}}?)"
                                    r"(?:\s+{verb})?\s*$", re.IGNORECASE, verb=("headline_verb", "headline_verb_past"))
_HEAD_SAYS_RE = lexicons.RolePattern(r"^([A-Z][\w.'’\-]*(?:\s+[\w.'’\-]+){{0,5}}?)\s+{verb}\s+\S",
                                     verb=("headline_verb", "headline_opening_verb"))
_SAYS_X_RE = lexicons.RolePattern(r"(?:,|:)\s*{verb}\s+(.{{2,60}})$", re.IGNORECASE, verb="say_form")


def headline_sources(s: str) -> list[tuple[int, int]]:
    """Spans of a source a headline names: '...: MSF', 'OCHA: 85 killed', '..., UN Reports',
    'Amnesty says ...', '..., says Amnesty'."""
    out = []
    for rx in (_HEAD_START_RE, _HEAD_END_RE, _HEAD_SAYS_RE, _SAYS_X_RE):
        m = rx.search(s)
        if m and not reporting_pattern().search(m.group(1)):
            out.append(m.span(1))  # a clause with its own verb names no source ('..., Survivors Allege Army ...')
    return out


#: a long form and its acronym; its lower-case words: role ``acronym_link`` of claim_words.csv
_ACRONYM_RE = lexicons.RolePattern(r"((?:[A-Z][\w'’\-]*|{link})(?:\s+(?:[A-Z][\w'’\-]*|{link})){{1,9}})"
                                   r"\s*\(([A-Z][A-Za-z]{{1,7}})(?:/[^)]{{0,30}})?\)", link="acronym_link")


def acronyms(text: str) -> dict[str, str]:
    """Acronyms an article defines: 'Rapid Support Forces (RSF)' -> {'RSF': 'Rapid Support
    Forces'} (the long form's words start with the acronym's letters). Read once per distinct
    text (``lexicons.text_memo``); a new dict each call."""
    return dict(_acronyms(text)) if "(" in text else {}


@lexicons.text_memo(2048)
def _acronyms(text: str) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for m in _ACRONYM_RE.finditer(text):
        long, short = m.group(1).split(), m.group(2)
        caps = [w for w in long if w[:1].isupper()]
        for k in range(len(caps), 0, -1):  # the shortest tail of capitalised words that spells it
            initials = "".join(w[0] for w in caps[-k:])
            if initials.upper() == short.upper().replace("S", "") or initials.upper() == short.upper() \
                    or short.upper().startswith(initials.upper()) and len(initials) >= 2:
                first = long.index(caps[-k])
                out.setdefault(short, " ".join(long[first:]))
                break
    return tuple(out.items())


@functools.cache
def _armed_name_re() -> re.Pattern:
    """A name before a head word of type armed_group ('the K12 rebel group', 'K12 rebels')."""
    heads = sorted(" ".join(h) for h, t in _heads()[0].items() if t == "armed_group")
    return re.compile(rf"\b((?:[A-Z][\w'’\-]*\s+){{1,3}}(?:{lexicons.phrase_pattern(heads, sep=' ', split=' ')}))\b")


lexicons.register_cache(_armed_name_re.cache_clear)


def armed_groups_named(text: str) -> list[tuple[int, dict]]:
    """(offset, row) of the armed groups an article names by a name and an armed head word ('the
    K12 rebel group', 'K12 rebels'), claimant or not: what 'the rebel group' may refer to."""
    out = []
    for m in _armed_name_re().finditer(text):
        row = claimant_row(m.group(1))
        if row is not None and row.get("claimant_type") == "armed_group" and not lexicons.truthy(row.get("generic", "false")) \
                and any(_CAP_RE.match(w) and w.lower() not in words("trim_word") for w in row["claimant"].split()):
            out.append((m.start(1), row))
    return out


def outlet_voice(outlet: str | None) -> dict | None:
    """The claimant an outlet is, when it publishes in its own voice: an organisation's own
    release ('Human Rights Watch (via an archive)', 'Doctors Without Borders USA'); None for a
    news outlet, also one relaying a statement ('The Daily (RSF statement)')."""
    if not outlet:
        return None
    name = re.sub(r"^the\s+", "", outlet.strip(), flags=re.IGNORECASE)
    hits = lexicons.alias_matcher("claimants").find(name)
    if hits and hits[0].start == 0 and not lexicons.truthy(hits[0].value.get("generic", "false")):
        return hits[0].value
    return None
