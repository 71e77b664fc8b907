"""Casualty claims: who says how many were killed, wounded or captured, where and when.

A claim is a count of people (``quantities``) linked to a harm word (``lexicons/harm_terms.csv``)
inside one sentence, by one of three rules:

* **R1, count before harm** (passive, intransitive, nominal): "58 soldiers were killed",
  "45 regime fatalities", "seven crew members died", "40 troops and 130 civilians had been
  murdered" (coordinated counts share the harm word and the qualifier stays with each count).
* **R2, harm before count** (active voice, nominal): "IS killed at least 58 soldiers",
  "the killing of dozens of regime troops", "claimed the lives of more than 150 people",
  "the death toll rose to 58".
* **R3, subset**: "..., including 50 non-Syrians" is a claim of the same kind, marked as a
  subset of the first claim of the sentence; anaphoric counts ("of whom 56 died", "nine of
  them", "Twenty of these wounded people") are subsets of the claim before, maybe one or two
  sentences back.
* **toll phrases**: "the death toll from ... has climbed to 123", "the number of deaths ... to 44".
* **R4, subject**: a count opening its clause and the intransitive or passive harm word of its
  predicate further on ("Over a hundred civilians, including ..., were killed").
* a **noun naming the victims** ("100 martyrs", "20 hostages", "454 casualties") when nothing
  else pairs with the count. Combined figures ("killed and injured 45", "casualties") have kind
  ``killed_and_wounded``, unless the casualties were admitted to a hospital (``wounded``).

The rules are small functions run in order (``COUNT_RULES``, then ``PAIR_CHECKS`` and
``SENTENCE_STEPS``), each testable alone; the finders they share are methods of ``_Parse``;
grammar words are in ``lexicons/claim_words.csv``.
Claimants come from the reporting structure (``newslib.extract.claimants``).

A count whose noun is not a person ("two pontoon bridges", "five air raids") is never a claim;
a bare count ("killed 58", "58 were killed") is one only when it touches the harm word.
Victims, perpetrator, claimant and place come from the editable lexicons; see the README for
the full rules.

>>> df = claims_from_text("Syria attack\\n\\nIS killed at least 58 Syrian troops, a monitor said.", outlet="Wire")
>>> df[["kind", "count_low", "qualifier", "victim_side", "perpetrator", "claimant"]].values.tolist()
[['killed', 58, 'at_least', 'pro-government', 'Islamic State', 'monitor']]
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from . import claimants as claimantsmod
from .. import lexicons, schemas
from ..language import dates, gazetteer, quantities, text as textmod, windows
from ..language.document import Document, Tokens, lazy
from ..language.quantities import Quantity

log = logging.getLogger(__name__)

AUX = lexicons.WordSet("aux")  # lexicons/base/claim_words.csv
NP_STOP = lexicons.WordSet("np_stop", extra=tuple(',.;:()[]—–"“”‘’!?'))  # lexicons/base/claim_words.csv
R2_FILLERS = lexicons.WordSet("toll_filler")  # lexicons/base/claim_words.csv
MILITARY_NOUNS = lexicons.WordSet("military_noun")  # lexicons/base/claim_words.csv
GENERIC_VICTIMS = lexicons.WordSet("generic_victim")  # lexicons/base/claim_words.csv
# reporting verbs: lexicons/base/reporting_verbs.txt, one case-insensitive pattern
# scanned fast (lexicons.Caseless): matched groups may be lower-cased
_attrib_re = claimantsmod.reporting_pattern
_ACCORDING = claimantsmod.ACCORDING
#: what makes a reporting verb that is also a noun (``claim_words.csv``, ``verb_noun``) a noun
_NOUN_OF_RE = lexicons.RolePattern(r"\s+{prep}\b", re.IGNORECASE, prep="noun_of_preposition")
#: 'he said', 'the group said': a claimant named before (``claim_words.csv``, ``claimant_pronoun``)
_PRONOUN_RE = lexicons.RolePattern(r"\b{pronoun}\b", re.IGNORECASE, sep=" ", pronoun="claimant_pronoun")
_HEADLINE_SOURCE_RE = re.compile(r":\s*([A-Z][\w\s\-’']{1,40})\s*$")


@functools.cache
def _place_text_re() -> re.Pattern:
    """A place-like name after a preposition, when no known place is found ('in Qaryatayn', 'near
    the town of al-Bab'): the roles ``place_guess_*`` of ``place_words.csv``. The pattern starts
    with literals: "i(?<!\\wi)n" is "\\bin" with the word-boundary test after the first letter,
    so that re skips straight to those letters."""
    prep = lexicons.phrase_pattern(sorted(lexicons.words("place_guess_preposition")), not_after=r"[\w'’]")
    noun = lexicons.WordSet("place_guess_noun").pattern()
    # a particle glued to the next word by its hyphen ('al-', 'ez-') or, without one, by a space ('de ')
    opener = "|".join(sorted(re.escape(w) for a in lexicons.words("place_guess_opener") for w in (a, a.capitalize())))
    link = "|".join(sorted(re.escape(w) if w.endswith("-") else re.escape(w) + r"\s" for w in lexicons.words("place_guess_link")))
    return re.compile(rf"(?:{prep})\s+(?:the\s+{noun}\s+of\s+)?"
                      rf"((?:{opener})?[A-Z][\w'’\-]+(?:\s+(?:{link}|)?[A-Z][\w'’\-]+){{0,3}})")


lexicons.register_cache(_place_text_re.cache_clear)
# small patterns of the attribute rules, compiled once; this one is written to start with literals,
# "t(?<=\bt)hat" is "\bthat" with the word-boundary test after the first letter (see _place_text_re)
_CLAUSE_BREAK_RE = lexicons.RolePattern(r",|;|:|{word}\b", word="clause_break", not_after=r"\w")  # [,;:]|\b(?:...)\b
_WE_RE = lexicons.RolePattern(r"\b{pronoun}\b", re.IGNORECASE, pronoun="speaker_pronoun")
_AGENT_RE = lexicons.RolePattern(r"\s*(?:\w+ly\s+)?{prep}\s+(.{{0,60}})", re.IGNORECASE, prep="agent_preposition")
_BY_THE_RE = re.compile(r"\s*(?:by\s+)?(?:the\s+)?")
_ANOTHER_RE = lexicons.RolePattern(r"\b{another}\s+(?:\w+\s+)?$", re.IGNORECASE, sep=" ", another="another_word")
_POSSESSIVE_END_RE = re.compile(r"['’]s?$")
#: what cannot open a place name after 'in', 'near': a month or weekday name, or a capitalised word of
#: ``claim_words.csv``, ``not_place_opener`` ('The', 'This', 'Total')
_NOT_PLACE_OPENERS = lexicons.WordSet("not_place_opener", cased=True)


@dataclass
class _Trigger:
    t0: int  # token index range [t0, t1)
    t1: int
    kind: str
    form: str
    text: str


@dataclass
class _Claim:
    q: Quantity
    q0: int
    q1: int
    np0: int
    np1: int
    trig: _Trigger | None
    rule: str
    subset_of: int | None = None
    post_end: int | None = None
    victims: str = ""
    victim_side: str = "unknown"
    #: the kind when it is not the harm word's ('casualties' admitted to a hospital: wounded)
    kind: str | None = None
    #: 'nine of them', 'Twenty-five of these': a subset of a claim before it, maybe in an earlier sentence
    anaphoric: bool = False


@dataclass
class _Attribution:
    claimant: dict
    alias_text: str
    verb: str
    pos: int  # sentence-local char offset of the attribution verb
    hit_start: int


class _Nearest:
    """Claimants at their offsets in an article (in offset order), for a generic mention ('the
    monitor said'): the one claimant they all are, else the nearest before an offset, by
    bisection (made once per article and kind of mention, so resolving every mention of a long
    article costs a logarithm each, not a scan of the article's claimants)."""

    __slots__ = ("pos", "rows", "unique")

    def __init__(self, items: list[tuple[int, dict]]) -> None:
        self.pos = [p for p, _ in items]
        self.rows = [r for _, r in items]
        #: the first row when all rows name one claimant, else None
        self.unique = self.rows[0] if len(dict.fromkeys(r.get("claimant") for r in self.rows)) == 1 else None

    def before(self, pos: int) -> dict | None:
        """The last row at an offset before ``pos``, else None."""
        k = bisect.bisect_left(self.pos, pos)
        return self.rows[k - 1] if k else None

    def first(self) -> dict | None:
        return self.rows[0] if self.rows else None


_PAREN_NOTE_RE = re.compile(r"\s*\([^()]*\)")
#: how many words may come before a figure that opens its sentence ('At least 39 people', 'Another
#: 109', 'The death toll rose to 50', 'Among the dead were')
_OPENING_WORDS = 3
#: two to five capitalised words opening a sentence: a name as its subject
_LEADING_NAME_RE = re.compile(r"\W*([A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,4})\b(?!\s+[A-Z])")


def _name_key(name: str) -> str:
    """A name lower-cased, as its words, without 'the' ('The Daily Post' -> 'daily post')."""
    return " ".join(w for w in re.findall(r"\w+", name.lower()) if w != "the")


#: a word just before 'is/was/are a/an/the ...' (an article describing a body it names)
_DESCRIBED_RE = lexicons.RolePattern(r"\b(\w+)(?=\s+{verb}\s+{det}\s+[^.;:])", verb="describing_verb",
                                     det="generic_determiner")
#: the description after a name (``_described_type``) and where it ends (``description_end``)
_DESCRIPTION_RE = lexicons.RolePattern(r"\s+{verb}\s+{det}\s+([^.;:]{{1,80}})", verb="describing_verb",
                                       det="generic_determiner")
_DESCRIPTION_END_RE = lexicons.RolePattern(r"\s{word}\s|,", word="description_end")
_LAST_WORD_RE = re.compile(r"\w+$")


class ArticleContext(Document):
    """An article's ``Document`` (``language.document``: sentences, places, time expressions,
    quotations, computed once) with what claims and events need on top: its reporting structure
    (who says what, sentence by sentence), computed only when first asked for."""

    def __init__(self, article_id: str, outlet: str | None, published, text: str, sentences: list):
        super().__init__(article_id, outlet, published, text, sentences)
        self._atts: dict[int, list] = {}
        #: (sentence index, depth >= 3) -> resolved attributions (claims and events ask for the same)
        self._resolved: dict[tuple[int, bool], list] = {}
        self._inherited: dict[int, dict | None] = {}
        #: claimants at their offsets, by what a generic mention can resolve to (``_Nearest``)
        self._nearest: dict[tuple, _Nearest] = {}
        self._described: dict[str, str | None] = {}
        #: sentence index -> harm-word spans, recorded by ``article_claims`` as it scans the
        #: sentences (so ``_attributions`` need not scan them again)
        self.harm_spans: dict[int, list[tuple[int, int]]] = {}

    @lazy
    def claimant_hits(self) -> list:
        return [(h.start, h.value) for h in lexicons.alias_matcher("claimants").find(self.text)]

    def nearest(self, key: tuple, items) -> _Nearest:
        """The ``_Nearest`` index of the (offset, claimant) pairs ``items()`` yields (in offset
        order), made once per article and ``key`` (what the pairs were chosen by)."""
        found = self._nearest.get(key)
        if found is None:
            found = self._nearest[key] = _Nearest(items())
        return found

    @lazy
    def acronyms(self) -> dict[str, str]:
        """Acronyms the article defines ('Rapid Support Forces (RSF)')."""
        return claimantsmod.acronyms(self.text)

    @lazy
    def outlet_voice(self) -> dict | None:
        """The claimant the outlet itself is (an organisation's own release), else None."""
        return claimantsmod.outlet_voice(self.outlet)

    @lazy
    def named_claimants(self) -> list[tuple[int, dict]]:
        """(offset, row) of every specific claimant the article names: lexicon aliases, the
        outlet's own voice, and claimants found from the reporting structure of any sentence."""
        out, spans = [], []
        if self.outlet_voice is not None:
            out.append((-1, self.outlet_voice))
        for i, se in enumerate(self.sentences):
            for a in self.raw_attributions(i):
                r = a.claimant
                if r.get("claimant") != "__pronoun__" and not lexicons.truthy(r.get("generic", "false")) \
                        and r.get("surname") != "true":
                    out.append((se.start + a.hit_start, r))
                    spans.append((se.start + a.hit_start, se.start + a.hit_start + len(a.alias_text)))
        # lexicon aliases mentioned anywhere, unless inside a name found above ('the Interior
        # Ministry of Freedonia' is not the lexicon's interior ministry)
        inside = textmod.SpanIndex(spans)
        out += [(p, r) for p, r in self.claimant_hits if not lexicons.truthy(r.get("generic", "false"))
                and p not in inside]
        return sorted(out, key=lambda x: x[0])

    @lazy
    def named_by_word(self) -> dict[str, list[tuple[int, dict]]]:
        """Lower-cased word -> (offset, row) of the named claimants (``named_claimants``, in
        offset order) whose name has more than one word, that word among them (not a generic
        word's row): what a generic mention's head word ('the ministry') can refer to."""
        out: dict[str, list[tuple[int, dict]]] = {}
        for p, r in self.named_claimants:
            ws = str(r.get("claimant", "")).lower().split()
            if len(str(r.get("claimant", "")).split()) > 1 and not lexicons.truthy(r.get("generic_word", "false")):
                for w in dict.fromkeys(ws):
                    out.setdefault(w, []).append((p, r))
        return out

    def raw_attributions(self, i: int) -> list:
        if i not in self._atts:
            se = self.sentences[i]
            harm = self.harm_spans.get(i)
            self._atts[i] = _sentence_attributions(se.text, bool(se.is_headline or se.is_heading),
                                                   None if harm is None else tuple(harm), self.acronym_pairs,
                                                   self.countries)
        return self._atts[i]

    @lazy
    def acronym_pairs(self) -> tuple[tuple[str, str], ...]:
        """``acronyms`` as sorted pairs: with the sentence, what its attributions read of the article."""
        return tuple(sorted(self.acronyms.items()))

    def attributions(self, i: int, depth: int = 0) -> list:
        """Sentence i's attributions, generics resolved, pronouns ('he said', 'the group said',
        'the report') resolved to the last attribution of the five sentences before (worked
        out once per sentence and depth; the list is shared: do not change it)."""
        key = (i, depth >= 3)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._attributions_of(i, depth)
        return found

    def _attributions_of(self, i: int, depth: int) -> list:
        se = self.sentences[i]
        raws = self.raw_attributions(i)
        resolved: dict[int, dict] = {}
        for k, a in enumerate(raws):
            if a.claimant.get("claimant") == "__pronoun__":
                continue
            row = a.claimant
            if row.get("surname") == "true":
                surname = row["claimant"]
                row = self.person_named(surname, se.start + a.hit_start) or (
                    self.person_named_later(surname) if a.verb == "headline source" else _one_word_claimant(row, self.text))
                if row is None:
                    continue
                if row.get("claimant_type") is None and (
                        ctype := self.mentioned_type(surname, se.start + a.hit_start)) is not None:
                    row = {**row, "claimant_type": ctype}  # 'according to Petrenko' after his title
            row = _resolve_generic(row, self, se.start + a.hit_start)
            if self.is_own_name(str(row.get("claimant", ""))):
                row = outlet_claimant(self)  # 'Daily Post reports that ...': the outlet in its own voice
            if row.get("claimant_type") is None and "surname" not in row:
                described = self.described_type(str(row.get("claimant", ""))) or self.titled_type(str(row.get("claimant", "")))
                if described is not None:
                    row = {**row, "claimant_type": described}
            resolved[k] = row
        # who speaks a quotation of this sentence ('“We counted 8 bodies,” a medic said'): its
        # 'we' or 'he told us' inside the quotation is that speaker's account
        speaker = next((resolved[k] for k in reversed(resolved) if se.start + raws[k].pos not in self.quote_index), None)
        out = []
        for k, a in enumerate(raws):
            if a.claimant.get("claimant") == "__pronoun__":
                if speaker is not None and se.start + a.pos in self.quote_index:
                    out.append(_Attribution(speaker, a.alias_text, a.verb, a.pos, a.hit_start))
                    continue
                back = 8 if a.claimant.get("source") == "true" else 5  # 'the report' may refer further back
                prev = self.previous_claimant(i, back=back) if depth < 3 else None
                if prev is not None:
                    out.append(_Attribution(prev, a.alias_text, a.verb, a.pos, a.hit_start))
            elif k in resolved:
                out.append(_Attribution(resolved[k], a.alias_text, a.verb, a.pos, a.hit_start))
        return out

    @lazy
    def _own_name(self) -> str:
        """The outlet's name, its bracketed note off, as ``_name_key`` writes it."""
        return _name_key(_PAREN_NOTE_RE.sub("", self.outlet or ""))

    def is_own_name(self, name: str) -> bool:
        """Whether ``name`` is the outlet's own ('DAILY POST' in an article of 'Daily Post
        (Nigeria)'): the article reporting in its own voice."""
        return bool(self._own_name) and _name_key(name) == self._own_name

    def described_type(self, name: str) -> str | None:
        """The type of a body the article describes: '(its acronym or name) is a Brussels-based
        non-profit' -> ngo (from the description's head words)."""
        if not name:
            return None
        if name not in self._described:
            self._described[name] = self._described_type(name)
        return self._described[name]

    @lazy
    def _descriptions(self) -> dict[str, list[int]]:
        """Word -> offsets where it ends just before 'is/was/are a/an/the ...' in the article."""
        out: dict[str, list[int]] = {}
        for m in _DESCRIBED_RE.finditer(self.text):
            out.setdefault(m.group(1), []).append(m.end(1))
        return out

    def _described_type(self, name: str) -> str | None:
        names = [name] + [k for k, v in self.acronyms.items() if v == name]
        rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + ")" + _DESCRIPTION_RE.pattern)
        m = None
        for n in names:  # the first description of any of the names: only where its last word stands
            last = _LAST_WORD_RE.search(n)
            if last is None:  # a name ending in a sign: search the text
                m = rx.search(self.text)
                break
            for end in self._descriptions.get(last.group(0), ()):
                at = end - len(n)
                if m is not None and at >= m.start():
                    break
                if at >= 0 and self.text.startswith(n, at):
                    found = rx.match(self.text, at)
                    if found is not None:
                        m = found
                        break
        if m is None:
            return None
        desc = _DESCRIPTION_END_RE.split(m.group(1))[0]
        return claimantsmod.head_type(desc)[0]

    def titled_type(self, name: str) -> str | None:
        """The type of a claimant named with no head word, from how the article writes it
        elsewhere: a person's full name with a title before or after it anywhere in the article
        ('UN rights chief Jane Doe' before 'Jane Doe said'; ``mentioned_type``), or a body that
        claims an attack (role ``armed_claim`` of ``claim_words.csv``: 'X has claimed
        responsibility for the attack') is an armed group."""
        if claimantsmod.person_name(name):
            for m in re.finditer(re.escape(name), self.text):  # each mention, with the title written there
                ctype = self.mentioned_type(name.split()[-1], m.end())
                if ctype is not None:
                    return ctype
        if name:
            rx = rf"\b{re.escape(name)}\b(?:\s*\([^()]{{1,60}}\))?([^.;]{{0,40}}?)\b{_ARMED_CLAIM.pattern()}\b"
            for m in re.finditer(rx, self.text, re.IGNORECASE):
                if not claimantsmod.reporting_pattern().search(m.group(1)):  # not 'X said the rebels claimed ...'
                    return "armed_group"
        return None

    def person_named(self, surname: str, pos: int) -> dict | None:
        """The claimant an earlier attribution named with this surname ('Jane Doe, the UN
        coordinator, said ... Doe said'), else None."""
        starts, rows = self._named_words.get(surname, ((), ()))
        k = bisect.bisect_left(starts, pos)  # the last one named in a sentence before pos
        return rows[k - 1] if k else None

    def person_named_later(self, surname: str) -> dict | None:
        """The claimant the article's first attribution naming this surname is ('...: Petrenko'
        in a headline, 'Ivan Petrenko, the regional governor, said' in the body), else None."""
        starts, rows = self._named_words.get(surname, ((), ()))
        full = re.compile(rf"[A-Z][\w’'\-]+\s+{re.escape(surname)}\b(?!\s+[A-Z])")
        # the surname ends a person's name there ('... Ivan Petrenko'), not a place in a title
        # ('President of Freedonia Ivan Petrenko' is no 'Freedonia')
        return next((r for r in rows if full.search(str(r.get("alias") or r.get("claimant") or ""))), None)

    def mentioned_type(self, surname: str, pos: int) -> str | None:
        """The type of a person the article named in full before ``pos`` with a title, where that
        mention is no attribution of its own ('... announced by the head of the regional
        administration Ivan Petrenko' or 'Ivan Petrenko, the governor of the province, visited'
        before 'according to Petrenko'): the title's head words (``claimants.title_type``)."""
        last = None
        for m in re.finditer(rf"\b[A-Z][\w’'\-]+\s+{re.escape(surname)}\b", self.text[:pos]):
            last = m
        if last is None:
            return None
        before = re.split(r"[.;:,()“”\"\n]", self.text[max(0, last.start() - 120):last.start()])[-1]
        after = re.match(r",\s+([^,.;:()“”\"\n]{3,80}),", self.text[last.end():last.end() + 90])
        for phrase in (before, after.group(1) if after else ""):
            ctype = claimantsmod.title_type(phrase) if phrase.strip() else None
            if ctype is not None:
                return ctype
        rank = _RANK_BEFORE_RE.search(self.text, max(0, last.start() - 16), last.start())
        if rank is not None and rank.group(1) in _MILITARY_RANK:  # 'Maj. Jane Roe': an army's officer
            return "government"
        return None

    @lazy
    def _named_words(self) -> dict[str, tuple[list[int], list[dict]]]:
        """Word -> (sentence starts, claimants) of the attributions naming someone with that word
        (not by a surname or pronoun alone), in text order."""
        out: dict[str, tuple[list[int], list[dict]]] = {}
        for i, se in enumerate(self.sentences):
            for a in self.raw_attributions(i):
                if a.claimant.get("surname") != "true" and a.claimant.get("claimant") != "__pronoun__":
                    for w in dict.fromkeys(re.findall(r"[\w'’\-]+", a.alias_text)):
                        starts, rows = out.setdefault(w, ([], []))
                        starts.append(se.start)
                        rows.append(a.claimant)
        return out

    def previous_claimant(self, i: int, back: int = 3) -> dict | None:
        for j in range(i - 1, max(-1, i - 1 - back), -1):
            if self.sentences[j].is_headline:
                break  # the body's claimant is never the headline's
            atts = self.attributions(j, depth=3)
            if atts:
                return atts[-1].claimant
        return None

    def continued_claimant(self, i: int, claim_start: int) -> dict | None:
        """The claimant of a figure opening an unattributed sentence (``claim_start``: where the
        claim starts in it, within its first few words) that goes on with the report of the
        sentence just before it, in the same paragraph ('Name, head of the administration, said
        two rockets hit the station. Thirty people were killed.'): that sentence's last
        attribution. None when this sentence has a reporting verb or 'according to' of its own
        (a source the claimant reading could not name, such as the outlet: 'As the Daily
        reported, ...'), opens a frame of its own ('Last year, ...', 'Meanwhile', a year) or
        with a name of its own, is a headline or heading, or follows one; and for a figure
        further in (a clause of the outlet's own: '... retook the land where a general was
        killed last week')."""
        se = self.sentences[i]
        if len(se.text[:claim_start].split()) > _OPENING_WORDS:
            # further in, only after a subject that names no one ('The strike also left 30
            # injured', 'In addition to 40 men, ...'), never after one that may speak
            subject = claimantsmod.opening_subject(se.text, claim_start)
            phrase = se.text[subject[0]:subject[1]] if subject is not None else ""
            if phrase and claimantsmod.claimant_row(phrase, lambda: self.acronyms) is not None:
                return None  # someone of its own speaks here
            if any(w in _EVIDENCE_NOUNS for w in re.findall(r"[a-z]+", " ".join((phrase or se.text).lower().split()[:4]))):
                return None  # something seen speaks here ('Video footage, which ..., shows 110 bodies')
        # over sentences of the paragraph that go on with the same report with figures of their
        # own ('In addition to 40 men, ...'), up to two
        for j in range(i, max(0, i - 3), -1):
            if not self._goes_on(j) or j < i and not self.harm_spans.get(j):
                return None
            atts = self.attributions(j - 1, depth=3)
            if atts:
                return atts[-1].claimant
        return None

    def _goes_on(self, i: int) -> bool:
        """Whether sentence i may go on with the report of the sentence before it: both in one
        paragraph, neither a headline nor a heading, and sentence i with no reporting verb nor
        'according to' of its own, no frame of its own ('Meanwhile', a year) and no name of its
        own as subject."""
        if i == 0:
            return False
        se, prev = self.sentences[i], self.sentences[i - 1]
        if se.is_headline or se.is_heading or prev.is_headline or prev.is_heading or prev.paragraph != se.paragraph:
            return False
        return not (_attrib_re().search(se.text) or _ACCORDING.search(se.text) or _opens_new_frame(se.text)
                    or self._names_new_subject(se.text))

    def _names_new_subject(self, s: str) -> bool:
        """Whether sentence ``s`` opens with a name of its own as its subject ('Resident Jane
        Okafor, who lost her sons, spoke of ...'): someone else speaking, not the report before
        going on."""
        m = _LEADING_NAME_RE.match(s)
        if m is None:
            return False
        row = claimantsmod.claimant_row(m.group(1), lambda: self.acronyms)
        return row is not None and row.get("claimant") != "__pronoun__" and row.get("surname") != "true" \
            and (bool(row.get("claimant_type")) or claimantsmod.is_name(str(row.get("claimant", ""))))

    def credited_claimant(self, i: int) -> dict | None:
        """The claimant a sentence after unattributed sentence i credits with what was said
        before it: 'This was announced on Telegram by X', 'The figure was given by X', 'X stated
        this', 'X confirmed the toll', 'Source: X'. That sentence is the next one, or the one
        after a sentence of the same paragraph with no source of its own ('The toll rose to 50.
        Of these, 5 are children. X stated this.'). None otherwise."""
        se = self.sentences[i]
        if se.is_headline:
            return None
        for k in (i + 1, i + 2):
            if k >= len(self.sentences):
                return None
            nxt = self.sentences[k]
            if nxt.is_headline:
                return None
            atts = self.attributions(k, depth=3)
            credit = _credit_of_before(nxt.text, atts)
            if credit is not None:
                return credit.claimant
            if atts or nxt.paragraph != se.paragraph or _attrib_re().search(nxt.text) or _ACCORDING.search(nxt.text):
                return None
        return None

    def inherited_claimant(self, i: int) -> dict | None:
        """The claimant of an unattributed sentence that is someone's words: inside a direct
        quotation (the last attribution of the five sentences before), or a line of a list
        introduced by an attributed sentence ending with ':' ('the source reported ... as
        follows:')."""
        se = self.sentences[i]
        if se.is_headline:
            return None
        if i in self._inherited:
            return self._inherited[i]
        found = None
        # the sentence introducing this one: over the list lines before it (short lines), or
        # the last sentence of the paragraph before this one's
        j = i - 1
        while j >= 0 and self.sentences[j].is_heading and i - j <= 15:
            j -= 1
        if j == i - 1 and j >= 0 and self.sentences[j].paragraph == se.paragraph:
            j = self.paragraph_first[i] - 1
        if j >= 0 and not self.sentences[j].is_headline and self.sentences[j].text.rstrip().endswith((":", ",")):
            atts = self.attributions(j, depth=3)
            found = atts[-1].claimant if atts else None
        self._inherited[i] = found
        return found


# ----------------------------------------------------------------------------- lexicon-derived caches
@functools.cache
def _harm_re() -> tuple[lexicons.Caseless, dict[str, tuple[str, str]]]:
    """The harm-word pattern (case-insensitive) and the terms: lower-cased term -> (kind, form)."""
    tab = lexicons.table("harm_terms")
    terms = {}
    for r in tab.to_dict("records"):  # records: far cheaper than iterrows
        terms[r["term"].strip().lower()] = (r["kind"].strip(), r["form"].strip())
    alt = lexicons.phrase_pattern(terms, sep=r"\s+", split=r"\s+")
    return lexicons.Caseless(rf"(?<![\w-])(?:{alt})(?![\w-])"), terms


def _harm_spans(s: str) -> list[tuple[int, int]]:
    """Spans of the harm words in ``s``."""
    return list(map(re.Match.span, _harm_re()[0].finditer(s)))


def harm_spans(s: str) -> list[tuple[int, int]]:
    """Spans of the harm words (``harm_terms.csv``) in ``s``.

    >>> harm_spans("Shelling killed 12 and wounded 30.")
    [(9, 15), (23, 30)]
    """
    return _harm_spans(s)


_HARM_EDGE = re.compile(r"[\w-]")  # what the harm pattern must not see just before or after a term


def _sentence_harm_spans(text: str, text_spans: list[tuple[int, int]], sent,
                         ends: list[int] | None = None) -> list[tuple[int, int]]:
    r"""``_harm_spans(sent.text)``, taken from ``text_spans`` (the spans in the whole ``text``)
    when that is the same: the sentence is ``text[sent.start:sent.end]``, no span runs across
    its ends, and the characters just outside them are not ``[\w-]`` (the pattern looks one
    character behind and ahead). Otherwise the sentence is scanned on its own. ``ends``: the
    ends of ``text_spans`` (in order, as the spans do not overlap), to start at the sentence's
    first span by bisection rather than from the article's first."""
    start, end = sent.start, sent.end
    if (text[start:end] != sent.text or (start > 0 and _HARM_EDGE.match(text, start - 1))
            or (end < len(text) and _HARM_EDGE.match(text, end))):
        return _harm_spans(sent.text)
    out = []
    first = bisect.bisect_right(ends, start) if ends is not None else 0
    for k in range(first, len(text_spans)):  # in text order
        a, b = text_spans[k]
        if b <= start:
            continue
        if a >= end:
            break
        if a < start or b > end:
            return _harm_spans(sent.text)
        out.append((a - start, b - start))
    return out


@functools.cache
def _attribution_break() -> re.Pattern:
    """What ends a claimant's clause before a reporting verb far on: '.', ';' or a word of a
    happening (``claim_words.csv``, ``attribution_break``: killed, attacked ...)."""
    words = "|".join(sorted(map(re.escape, _words("attribution_break"))))
    return re.compile(rf"[.;]|\b(?:{words})\b", re.IGNORECASE)


_person_nouns = lexicons.person_nouns


lexicons.register_cache(_harm_re.cache_clear)
lexicons.register_cache(_attribution_break.cache_clear)


# ----------------------------------------------------------------------------- sentence analysis
# Grammar, not vocabulary (kept here): the indefinite articles, which the rules read as a count
# of one ('an officer'), relative pronouns, and the punctuation that opens or ends a clause.
_SINGULAR_WORDS = frozenset(("a", "an", "one", "another"))
_ARTICLES = frozenset(("a", "an", "another"))


def _singular_quantities(s: str, toks: Tokens, taken: list[tuple[int, int]]) -> list[Quantity]:
    """'a Russian general', 'an officer', 'one policeman': implicit count of one person."""
    persons = _person_nouns()
    out = []
    for i in [i for i, low in enumerate(toks.low) if low in _SINGULAR_WORDS]:
        t_start, t_end = toks.start[i], toks.end[i]
        if any(a <= t_start < b for a, b in taken):
            continue
        # up to two modifiers then a singular person noun
        for j in range(i + 1, min(i + 4, toks.n)):
            w = toks.low[j]
            if w in NP_STOP or any(a <= toks.start[j] < b for a, b in taken):
                break  # 'another 650 people': the number counts them, not the article
            if w in persons and not w.endswith("s") or w in _words("singular_person"):
                out.append(Quantity(t_start, t_end, s[t_start:t_end], 1, 1, "exact", "number", t_start, t_end))
                break
    return out


def _words(role: str) -> frozenset[str]:
    """Words of one role of ``lexicons/claim_words.csv`` (``lexicons.words``)."""
    return lexicons.words(role)


def _is_person_np(toks: Tokens, np0: int, np1: int, sentence: str, person_trigs: frozenset[int] = frozenset()) -> bool:
    persons = _person_nouns()
    chunk_end = np1
    for k in range(np0, np1):
        if toks.low[k] in ("of", "from") and k > np0:
            chunk_end = k
            break
    if any(k in person_trigs for k in range(np0, np1)):
        return True  # 'more than 100 martyrs', 'the names of 240 of the victims'
    words = [toks.low[k] for k in range(np0, chunk_end)]
    if any(w in persons or w.rstrip("s") in persons for w in words):
        return True
    if np1 - np0 == 1 and toks.low[np0] in _words("anaphor"):
        return True  # 'nine of them'
    seg = sentence[toks.start[np0]:toks.end[chunk_end - 1]] if chunk_end > np0 else ""
    hits = lexicons.alias_matcher("actors").find(seg)
    # an actor name counted as people ("20 Hezbollah", "45 regime fatalities")
    return bool(hits) and len(words) <= 3


def _np_span(toks: Tokens, q1: int, trig_starts: set[int], q_starts: set[int],
             person_trigs: frozenset[int] = frozenset()) -> tuple[int, int, bool, list[int]]:
    """Token span of the noun phrase counted by the quantity ending at token q1, whether it is
    anaphoric ('nine of them', 'Twenty-five of these wounded people'), and the counts it takes
    in ('women from one family': the 'one' counts families, not victims)."""
    j = q1
    anaphoric = False
    if j + 1 < toks.n and toks.low[j] in _QUOTE_MARKS and toks.low[j + 1] == "of":
        j += 1  # 'killed "dozens" of people': a count in quotation marks
    if j < toks.n and toks.low[j] == "of":
        j += 1  # 'scores of fighters'
        # 'nine of them', 'four of these', 'two of the injured'
        anaphoric = j < toks.n and (toks.low[j] in _words("anaphor")
                                    or (toks.low[j] == "the" and j + 1 in trig_starts and j + 1 not in person_trigs))
    if j < toks.n and toks.low[j] in _words("more_word") and not anaphoric:
        j += 1  # 'three more (people) died'
    np0 = j
    inner: list[int] = []
    persons = _person_nouns()
    while j < toks.n and j - np0 < 9:
        w = toks.low[j]
        if j in trig_starts and j not in person_trigs:
            # 'of these wounded people', 'of the injured': the harm word names the group referred to
            if not (anaphoric and (any(toks.low[k] in persons for k in range(j + 1, min(j + 3, toks.n)))
                                   or toks.low[j - 1] in _words("anaphoric_determiner"))):
                break
        if j in q_starts:
            if j > np0 and toks.low[j - 1] in ("from", "of"):
                inner.append(j)  # 'women from one family'
                j += 1
                continue
            break
        if w in NP_STOP:
            break
        if w == "-" and not (j + 1 < toks.n and (toks.low[j + 1] in persons or toks.low[j + 1].rstrip("s") in persons)):
            break  # 'rises to 50 - Red Cross': a spaced hyphen before a source, not '46 - women'
        if w == "and":
            # coordination of people ('troops and militia'), not of clauses
            nxt = toks.low[j + 1] if j + 1 < toks.n else ""
            if j + 1 in trig_starts or j + 1 in q_starts or nxt in AUX or nxt in NP_STOP or nxt in ("a", "an") \
                    or (nxt.endswith("ing") and nxt not in persons) \
                    or (j + 2 in q_starts and nxt in _words("r2_filler")):  # 'a mother and her two daughters'
                break
        j += 1
    # strip trailing 'and', 'of', 'the', 'later'
    while j > np0 and (toks.low[j - 1] in _words("np_tail") or toks.low[j - 1] in AUX):
        j -= 1
    inner = [k for k in inner if k < j]
    return np0, j, anaphoric, inner


#: what may stand just before a count that opens a clause (the subject rule, R4)
_CLAUSE_OPENERS = frozenset(("", ",", "“", '"', "‘", "that", "and", "but", ":", "—", "–", "-", "(", ";"))
#: what ends the subject rule's search for a predicate: another clause begins (a conjunction of
#: ``claim_words.csv``, ``clause_ender``, or ; : .)
_CLAUSE_ENDERS = lexicons.WordSet("clause_ender", extra=(";", ":", "."))
_RELATIVES = frozenset(("who", "which", "that", "whose", "whom"))
_QUOTE_MARKS = frozenset(("“", "”", '"', "‘", "’"))
#: the labels of the attributions made by their place, not by a reporting verb
_FRAME_LABELS = frozenset(("according to", "headline source", "source line"))
# lexicons/base/claim_words.csv: words that may follow 'N dead' without being what the count
# counts; the auxiliaries of the passive; the verb 'include'
_AFTER_DEAD_OK = lexicons.WordSet("after_dead")
_PASSIVE_AUX = lexicons.WordSet("passive_aux")
_INCLUDE_VERBS = lexicons.WordSet("include_verb")


#: A sentence opening with a subset of the claim before it and maybe no harm word of its own:
#: 'Of these, 12 were children', 'Among them were ...', 'They included ...', 'Six of them were children'.
_ANAPHORIC_OPEN_RE = lexicons.RolePattern(r"^[\s“\"‘]*(?:{partitive}\s+{anaphor}\b|{pronoun}\s+{include}\b"
                                          r"|(?:[\w-]+\s+){{1,3}}of\s+{anaphor}\b)", re.IGNORECASE,
                                          partitive="partitive_preposition", anaphor="anaphor", pronoun="group_pronoun",
                                          include="include_verb")


class _Parse:
    """One sentence's tokens, harm words and counts, the claims found so far, and the finders
    the rules use to pair a count with a harm word (each a method: ``r1`` after the count, ``r2``
    before it, ``toll``, ``subject``, ``person_trigger``). The rules themselves are
    ``COUNT_RULES``."""

    def __init__(self, s: str, toks: Tokens, trigs: list[_Trigger], qs: list[Quantity]):
        self.s, self.toks, self.trigs, self.qs = s, toks, trigs, qs
        starts = toks.start
        qspans = []
        for q in qs:
            q0, q1 = bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)
            if s[q.end:q.end + 1] == ")" and "(" in s[max(0, q.start - 1):q.end] and q1 < toks.n:
                q1 += 1  # '(85) people', 'more than (43)': the house style of some outlets
                if q.start > 0 and s[q.start - 1] == "(" and q0 > 0:
                    q0 -= 1
            qspans.append((q0, q1))
        self.qspans = qspans
        self.trig_starts = {t.t0 for t in trigs}
        self.trig_by_start = {t.t0: t for t in trigs}
        self.trig_by_end = {t.t1: t for t in trigs}
        self.person_trigs = frozenset(t.t0 for t in trigs if t.form == "person")
        self.q_starts = {a for a, _ in qspans}
        self.q_by_start = {a: i for i, (a, _) in enumerate(qspans)}
        self.nps = [_np_span(toks, q1, self.trig_starts, self.q_starts, self.person_trigs) for (_, q1) in qspans]
        #: counts inside another's victims' phrase ('women from one family'): no claims of their own
        self.consumed = {self.q_by_start[k] for (_, _, _, inner) in self.nps for k in inner}
        #: the sentence's claims so far (the rules of COUNT_RULES append to it, in count order)
        self.claims: list[_Claim] = []
        #: count index -> the harm word the subject rule found for it ('..., as well as one caregiver')
        self.coordinated: dict[int, _Trigger] = {}

    # -- helpers
    def followed_by_object(self, t: _Trigger) -> bool:
        toks, j, steps = self.toks, t.t1, 0
        while j < toks.n and steps < 4:
            if j in self.q_starts:
                return True
            if toks.low[j] not in R2_FILLERS and toks.low[j] not in _words("count_lead"):
                return False
            j += 1
            steps += 1
        return False

    def lives_ok(self, t: _Trigger, i: int) -> bool:
        """'lives' is a harm word only with a verb of lives: 'claimed 155 lives', 'cost at
        least 20 lives', '12 lives were lost'."""
        if t.form != "lives":
            return True
        toks, verbs = self.toks, _words("lives_verb")
        q0 = self.qspans[i][0]
        if any(toks.low[k] in verbs for k in range(max(0, q0 - 3), q0)):
            return True
        k = t.t1
        while k < toks.n and k < t.t1 + 3 and toks.low[k] in AUX:
            k += 1
        return k < toks.n and toks.low[k] in verbs

    def is_toll(self, t: _Trigger) -> bool:
        """A toll phrase: 'the death toll', 'the toll', 'the number of deaths', 'the total
        number of the wounded', 'the number of people killed'."""
        low = self.toks.low
        if t.form == "toll" or t.text.lower().endswith("toll"):
            return True
        if t.form == "noun" and low[t.t0].endswith("s"):
            # 'Deaths from the shelling had risen to 87': a plural noun with a verb of tolls
            verbs = _words("toll_verb")
            if any(low[k] in verbs for k in range(t.t1, min(t.t1 + 15, self.toks.n))):
                return True
        nouns = _words("toll_noun")
        k = t.t0 - 1
        if k >= 0 and low[k] == "the":
            k -= 1
        if k >= 1 and low[k] != "of" and low[k - 1] == "of":
            k -= 1  # one word between: 'the number of people killed'
        return k >= 1 and low[k] == "of" and low[k - 1] in nouns

    def frame(self, q0: int) -> tuple[bool, _Trigger | None]:
        """Whether the words before the count at token ``q0`` open the sentence with a subset of
        a claim named before ('Of these, 12 were children', 'Among them were 12 children',
        'They included 12 children', 'Among the dead were', 'The dead included'), and the harm
        word the frame names ('the dead'), if any."""
        low, k = self.toks.low, 0
        while k < q0 and low[k] in _QUOTE_MARKS:
            k += 1
        end = q0
        include = end > k and low[end - 1] in _INCLUDE_VERBS
        while end > k and (low[end - 1] == "," or low[end - 1] in _PASSIVE_AUX or low[end - 1] in _INCLUDE_VERBS):
            end -= 1
        words = low[k:end]
        if not words or end == q0:
            return False, None
        anaphors = _words("anaphor")
        if words[0] in _words("partitive_preposition"):
            if len(words) == 2 and words[1] in anaphors:
                return True, None  # 'Of these,', 'Among them were'
            t = self.trig_by_start.get(k + 2)
            if len(words) >= 3 and words[1] in _words("group_determiner") and t is not None \
                    and (all(w in _person_nouns() for w in low[t.t1:end]) or _place_or_time_phrase(low[t.t1:end])):
                # 'Of the dead,', 'Among the injured civilians were', 'Among those killed in the raid were'
                return True, t
            return False, None
        if include and len(words) == 1 and words[0] in _words("group_pronoun"):
            return True, None  # 'They included'
        t = self.trig_by_start.get(k + 1)
        if include and words[0] in _words("group_determiner") and t is not None and t.t1 == end:
            # 'The dead included', 'Those killed include'; 'the victims' and 'the casualties'
            # are of the claim before, whatever its kind
            return True, (None if t.form == "person" or t.kind == "killed_and_wounded" else t)
        return False, None

    def counts_people(self, i: int) -> bool:
        """Whether count i counts people (or names no noun at all)."""
        np0, np1, anaphoric, _ = self.nps[i]
        return anaphoric or np1 == np0 or _is_person_np(self.toks, np0, np1, self.s, self.person_trigs)

    # -- the rules
    def r1(self, i: int, coordinate: bool = True) -> tuple[_Trigger | None, bool]:
        """Harm word after the counted phrase, skipping aux words and (if ``coordinate``)
        coordinated counts."""
        toks, nps, qspans = self.toks, self.nps, self.qspans
        j = nps[i][1]
        skipped_aux = False
        steps = 0
        while j < toks.n and steps < 12:
            if j in self.trig_by_start:
                t = self.trig_by_start[j]
                passive = skipped_aux or t.form in ("noun", "intransitive", "person", "lives", "toll") or not self.followed_by_object(t)
                return (t, passive) if passive or t.form != "verb" else (None, False)
            w = toks.low[j]
            if w == "among" and j + 2 < toks.n and toks.low[j + 1] in _words("group_determiner") and j + 2 in self.trig_by_start:
                # 'three policemen were among the dead', 'seven children were among those killed'
                j += 2
                skipped_aux = True
                continue
            if w == "," and j + 1 < toks.n and toks.low[j + 1] == "who" and steps == 0:
                # a relative clause of the counted people: '50 civilians, who were murdered'
                j += 2
                steps += 1
                continue
            if (w == "," or w in _words("coordination_opener")) and steps < 10 and coordinate:
                # coordinated count: 'and 130 civilians', ', including 50 ...'
                k = j + 1
                while k < toks.n and toks.low[k] in _words("coordination_filler"):
                    k += 1
                if k in self.q_by_start:
                    qi = self.q_by_start[k]
                    j = max(nps[qi][1], qspans[qi][1])
                    if j < toks.n and toks.low[j] == ",":
                        j += 1
                    steps += 1
                    continue
                if w == "and":
                    return None, False
            if w in AUX or w.endswith("ly") or w in _QUOTE_MARKS:
                skipped_aux = skipped_aux or w in _PASSIVE_AUX
                j += 1
                steps += 1
                continue
            return None, False
        return None, False

    def r2(self, i: int) -> _Trigger | None:
        """Harm word before the count: 'killed at least 58', 'the killing of dozens'."""
        toks, trigs = self.toks, self.trigs
        fillers = R2_FILLERS | _words("r2_filler")
        j = self.qspans[i][0]
        steps = 0
        limit = 3
        while j > 0 and steps <= 7:
            if j in self.trig_by_end:
                return self.trig_by_end[j]
            w = toks.low[j - 1]
            if w in _QUOTE_MARKS and j == self.qspans[i][0]:
                j -= 1  # 'killed "dozens" of people'
                continue
            if w in fillers and steps < limit:
                j -= 1
                steps += 1
                continue
            if w in ("and", ",") and (prev := next((c for c in reversed(self.claims) if c.rule == "R2"
                                                    and max(c.np1, c.q1) == j - 1), None)) is not None:
                return prev.trig  # 'IS killed 58 soldiers and 12 civilians': the harm word of both
            # 'the death toll from the attack rose to 58'
            if any(tt.text.lower().startswith("death toll") and tt.t1 <= j - 1 and j - tt.t1 <= 7 for tt in trigs) and w not in (",", ".", ";") and j - 1 not in self.q_starts:
                j -= 1
                steps += 1
                limit = 8
                continue
            return None
        return None

    def toll(self, i: int) -> _Trigger | None:
        """A toll phrase earlier in the clause, linked to the count by 'to', 'at', 'reached'...:
        'The death toll from the clashes in the city, its capital, has climbed to 123', 'the
        total number of deaths the charity has recorded over three days to 44'. Nothing but
        words lies between (no other count, no other harm word, no ';')."""
        toks = self.toks
        q0 = self.qspans[i][0]
        links = _words("toll_link")
        # the link may be the count's own qualifier word: 'has exceeded 42,600' (more than)
        if q0 == 0 or (toks.low[q0 - 1] not in links and toks.low[q0] not in links):
            return None
        if q0 >= 3 and toks.low[q0 - 2] == "it" and toks.low[q0 - 3] in _words("toll_revision_verb"):
            # 'initial reports put the toll at 50, but later tallies raised it to 100': 'it' is
            # the sentence's last toll phrase before the count, whatever stands between
            return next((t for t in sorted(self.trigs, key=lambda t: -t.t0) if t.t1 <= q0 - 3 and self.is_toll(t)),
                        None)
        cause = None
        for t in sorted((t for t in self.trigs if t.t1 <= q0), key=lambda t: -t.t0):
            if q0 - t.t1 > 25:
                return None
            if any(toks.low[k] in (";", ".") for k in range(t.t1, q0)) or any(
                    t.t1 <= a < q0 and self.counts_people(self.q_by_start[a]) and not _earlier_step(toks, a)
                    and toks.low[a] not in _ARTICLES for a in self.q_starts):
                # 'in the two districts' may stand between; '12 people' may not; 'a civilian
                # gathering' may (an article counts one at most, never the toll's figure)
                return None
            if self.is_toll(t):
                if cause is not None and toks.low[t.t1] not in _words("toll_complement"):
                    return None
                return t
            if cause is None:
                # the nearest harm word is not a toll: it is the count's, unless a toll phrase
                # before it opens with 'from', 'of' ... ('the death toll from the massacre in the
                # village has risen to 40': the massacre is what the toll counts)
                cause = t
                continue
            return None
        return None

    def subject(self, i: int) -> tuple[_Trigger | None, list[int]]:
        """R4, a count that opens its clause and the harm word of its predicate further on:
        'Over a hundred civilians, including people who came for the feast, were killed',
        'Twenty-five of these wounded people were in a terminal condition on arrival and
        passed away', 'Two children who were in the ward, as well as one caregiver, have been
        killed' (the coordinated count is returned too). The predicate is intransitive ('died',
        'passed away') or passive ('were killed'); no other count or harm word lies between,
        and no other clause opens ('when', 'while', ', and' ...)."""
        toks = self.toks
        q0, q1 = self.qspans[i]
        prev = toks.low[q0 - 1] if q0 > 0 else ""
        if prev not in _CLAUSE_OPENERS or self.qs[i].text.lower() in _ARTICLES:
            return None, []  # 'A member of the team ... was killed': an indefinite article counts no one here
        j = max(q1, self.nps[i][1])
        # the subject goes on ('civilians that included residents, ..., and visitors ...'):
        # a ', and' inside it is a list, not another clause
        extended = j < toks.n and (toks.low[j] == "," or toks.low[j] in _RELATIVES)
        coord: list[int] = []
        in_rel = seen_aux = False
        steps = 0
        while j < toks.n and steps < 45:
            if j in self.trig_by_start:
                t = self.trig_by_start[j]
                if in_rel:
                    return None, []
                if t.form == "intransitive":
                    return t, coord
                k = j - 1
                while k > q1 and toks.low[k].endswith("ly") and toks.low[k] not in AUX:
                    k -= 1  # 'were seriously injured': an adverb between the auxiliary and the verb
                if t.form == "verb" and toks.low[k] in _PASSIVE_AUX and not self.followed_by_object(t):
                    return t, coord
                return None, []
            if j in self.q_by_start:
                k = self.q_by_start[j]
                if toks.low[j - 1] in ("and", "as") and not in_rel and not seen_aux:  # 'as well as one caregiver'
                    coord.append(k)
                    j = max(self.nps[k][1], self.qspans[k][1])
                    steps += 1
                    continue
                if not seen_aux and _after_subset_marker(toks, j):
                    # 'Nine soldiers, among them an officer, were killed': a part of the subject
                    # (its own claim, a subset), not another clause
                    j = max(self.nps[k][1], self.qspans[k][1])
                    steps += 1
                    in_rel = False
                    continue
                return None, []
            w = toks.low[j]
            if w == "since" and toks.low[j - 1] in AUX:
                pass  # 'have since died': an adverb, not a clause
            elif w in _CLAUSE_ENDERS or (w in ("and", "but") and toks.low[j - 1] == "," and (seen_aux or not extended)):
                return None, []
            if w in _RELATIVES:
                in_rel = True
            elif w == ",":
                in_rel = False
            elif w in AUX and not in_rel:
                seen_aux = True  # the predicate has begun: a count after it opens another clause
            j += 1
            steps += 1
        return None, []

    def person_trigger(self, i: int) -> _Trigger | None:
        """The noun naming the victims, when no other harm word pairs with the count:
        'more than 100 martyrs', '20 hostages', '454 casualties arrived'."""
        np0, np1, anaphoric, _ = self.nps[i]
        for k in range(np0, np1):
            if self.toks.low[k] in ("of", "from") and k > np0:
                break  # '45 families of victims' counts families
            if k in self.person_trigs or (anaphoric and k in self.trig_by_start):
                return self.trig_by_start[k]  # ... and 'two of the dead' the dead
        q1 = self.qspans[i][1]
        if np1 == np0 and q1 in self.person_trigs:
            return self.trig_by_start[q1]
        return None


def _counts_a_thing_after(toks: Tokens, t: _Trigger) -> bool:
    """'300 dead body bags': a harm noun used as an adjective of a word that is no person."""
    k = t.t1
    if k >= toks.n:
        return False
    w = toks.low[k]
    if not w.isalpha() or w in AUX or w in NP_STOP or w in _AFTER_DEAD_OK or w.endswith("ly") or w in ("and", "or"):
        return False
    return w not in _person_nouns() and w.rstrip("s") not in _person_nouns()


# ----------------------------------------------------------------------------- the sentence rules
# A sentence is parsed once (``_parse_sentence``: tokens, harm words, counts, the noun phrase of
# each count); then each count goes through ``COUNT_RULES`` in order, and the first rule that
# decides wins: it returns a claim, or ``SKIP`` (the count is no claim); ``None`` passes the
# count on to the next rule. A count no rule decides is no claim. Then ``SENTENCE_STEPS`` finish
# the sentence's claims. Each rule is a function of the parse and one count, testable alone.

@dataclass
class _Count:
    """One count of a sentence as the rules see it: its index ``i`` in the sentence's counts,
    its token span ``[q0, q1)``, the noun phrase it counts ``[np0, np1)``, whether it points
    back ('nine of them') and whether it is a subset ('including 50 ...', 'of whom 56')."""

    i: int
    q: Quantity
    q0: int
    q1: int
    np0: int
    np1: int
    anaphoric: bool
    subset: bool

    @property
    def has_np(self) -> bool:
        return self.np1 > self.np0


class _Skip:
    """A rule's answer that the count is no claim."""

    def __repr__(self) -> str:
        return "SKIP"


SKIP = _Skip()


_NO_BEFORE_RE = re.compile(r"\bno[\s-]+$", re.IGNORECASE)


def _parse_sentence(s: str, harm_spans: list[tuple[int, int]] | None = None, toks: Tokens | None = None) -> _Parse | None:
    """The parse of sentence ``s`` (``harm_spans``: its harm-word spans, ``toks``: its tokens,
    when the caller has them already), or None when it can hold no claim: no harm word (and no subset opening such as
    'Of these, 12 were children'), or no count."""
    terms = _harm_re()[1]
    if harm_spans is None:
        harm_spans = _harm_spans(s)
    opening = bool(_ANAPHORIC_OPEN_RE.match(s))  # 'Of these, 12 were children': the harm word is the claim's before
    if not harm_spans and not opening:  # no harm word, no claim: skip tokenising
        return None
    if toks is None:
        toks = Tokens(s)
    if not toks:
        return None
    trigs: list[_Trigger] = []
    starts = toks.start  # token index at a position: bisect_left(starts, pos)
    for a, b in harm_spans:
        t0 = bisect.bisect_left(starts, a)
        t1 = bisect.bisect_left(starts, b)
        word = s[a:b]
        kind, form = terms[" ".join(word.lower().split())]
        trigs.append(_Trigger(t0, max(t1, t0 + 1), kind, form, word))
    if not trigs and not opening:
        return None
    qs = quantities.find_quantities(s)  # in text order
    # 'no one was killed' counts none, not one (a count of none is not extracted yet)
    qs = [q for q in qs if not (q.text.lower() == "one" and _NO_BEFORE_RE.search(s, max(0, q.start - 4), q.start))]
    taken = [(q.start, q.end) for q in qs]
    singles = _singular_quantities(s, toks, taken)
    if singles:
        qs = sorted(qs + singles, key=lambda q: q.start)
    if not qs:
        return None
    return _Parse(s, toks, trigs, qs)


def _count(p: _Parse, i: int) -> _Count:
    """Count ``i`` of the parse, seen after the claims found before it in the sentence."""
    toks, claims = p.toks, p.claims
    q0, q1 = p.qspans[i]
    np0, np1, anaphoric, _ = p.nps[i]
    prev = toks.low[q0 - 1] if q0 > 0 else ""
    subset = _after_subset_marker(toks, q0) or anaphoric  # 'including', 'of whom' ...
    # 'including 31 women and 19 children': the second count is a subset too
    if not subset and prev == "and" and claims and claims[-1].subset_of is not None \
            and claims[-1].rule == "R3" and max(claims[-1].np1, claims[-1].q1) == q0 - 1:
        subset = True
    return _Count(i, p.qs[i], q0, q1, np0, np1, anaphoric, subset)


def _after_subset_marker(toks: Tokens, j: int) -> bool:
    """Whether the count at token ``j`` follows a subset marker ('including', 'among them', 'of
    whom': role ``subset_marker``)."""
    markers = _words("subset_marker")
    prev = toks.low[j - 1] if j > 0 else ""
    return prev in markers or (j >= 2 and f"{toks.low[j - 2]} {prev}" in markers)


def _root(claims: list[_Claim]) -> int:
    """Index of the claim a subset points to: the last claim that is no subset itself."""
    root = next((c for c in reversed(claims) if c.subset_of is None), claims[0])
    return claims.index(root)


# -- checks on a count paired with a harm word (``_paired``)
def _bare_count_touches(p: _Parse, c: _Count, t: _Trigger, rule: str) -> bool:
    """A bare count (no noun) paired by R1 must touch its harm word, aux words allowed: '58 were
    killed', '5 dead'; not 'a ... killed', nor '300 dead body bags'."""
    if c.has_np or rule != "R1" or t.form == "person":
        return True
    toks = p.toks
    gap = toks.low[c.q1:t.t0]
    if c.q.count_kind == "vague" and gap[:1] == ["of"] and gap[1:] in ([], ["the"]):
        return True  # 'hundreds of wounded', 'dozens of the dead': the harm word is the counted noun
    if any(w not in AUX and not w.endswith("ly") and w not in (",", "and", "more", "further", "additional")
           and w not in _QUOTE_MARKS for w in gap):
        return False
    if c.q.low == 1 and c.q.text.lower() in _ARTICLES:
        return False
    return not (t.form == "noun" and _counts_a_thing_after(toks, t))


def _article_with_verb(p: _Parse, c: _Count, t: _Trigger, rule: str) -> bool:
    """An indefinite article counts one only with a harm verb: 'a soldier was killed', not 'the
    death of an aid worker'."""
    return c.q.text.lower() not in _ARTICLES or t.form in ("verb", "intransitive")


#: what a count paired with a harm word must pass to be a claim, in order
PAIR_CHECKS = (_bare_count_touches, _article_with_verb)


def _paired(p: _Parse, c: _Count, t: _Trigger, rule: str) -> _Claim | _Skip:
    """The claim of count ``c`` paired with harm word ``t`` by ``rule``, or SKIP when a check of
    ``PAIR_CHECKS`` fails. A subset points to the claim before it in the sentence."""
    if not all(check(p, c, t, rule) for check in PAIR_CHECKS):
        return SKIP
    claims = p.claims
    out = _Claim(c.q, c.q0, c.q1, c.np0, c.np1, t, rule)
    out.anaphoric = c.anaphoric and not any(cc.subset_of is None for cc in claims)
    if c.subset and claims:
        out.subset_of = _root(claims)
    return out


# -- the count rules, in the order of COUNT_RULES
def rule_not_people(p: _Parse, c: _Count) -> _Skip | None:
    """A count whose noun is no person is no claim: 'two pontoon bridges', 'five air raids'."""
    if c.has_np and not c.anaphoric and not _is_person_np(p.toks, c.np0, c.np1, p.s, p.person_trigs):
        return SKIP
    return None


def rule_difference(p: _Parse, c: _Count) -> _Skip | None:
    """A count of how much a figure changed is no claim: 'an increase of more than 1,000 over the
    previous year', 'the toll rose by 40' (``claim_words.csv``, roles ``change_noun``: an
    increase of; ``change_verb``: rose by)."""
    low, q0 = p.toks.low, c.q0
    if q0 >= 2 and low[q0 - 1] == "of" and low[q0 - 2] in _words("change_noun"):
        return SKIP
    if q0 >= 2 and low[q0 - 1] == "by" and low[q0 - 2] in _words("change_verb"):
        return SKIP
    return None


def _earlier_step(toks: Tokens, a: int) -> bool:
    """Whether the count at token ``a`` is the earlier figure or the change of a toll's series
    ('the toll rose from 30 to 41', 'has risen by 12 to 52'): it does not stand between the toll
    and its current figure."""
    return a >= 2 and toks.low[a - 1] in ("from", "by") and toks.low[a - 2] in _words("change_verb")


def _place_or_time_phrase(words: list[str]) -> bool:
    """Whether ``words`` are one phrase of a preposition ('in the raid', 'on Sunday') and no
    clause: what may follow 'those killed' before the verb of a subset frame."""
    return len(words) >= 2 and words[0] in _GAP_PREPOSITIONS and not any(
        w in _CLAUSE_ENDERS or w in (",", ";", ":") for w in words[1:])


def _opens_sentence(toks: Tokens, k: int) -> bool:
    """Whether token ``k`` opens its sentence (quotation marks aside)."""
    return all(w in _QUOTE_MARKS for w in toks.low[:k])


def rule_subset_opening(p: _Parse, c: _Count) -> _Claim | _Skip | None:
    """R3, a sentence opening with a subset of the claim before ('Of these, 12 were children',
    'Among the dead were 12 children', 'They included 12 children'): its harm word is the
    frame's, one after the count, or the parent claim's (set by the caller). Only the first
    claim of a sentence; an article counts one only with a harm verb ('Among the dead was a
    police chief' is none); a count of things is none ('Of these, 12 were destroyed'). A count
    coordinated just after such a claim is one too ('Among the dead were 12 children and 9
    women')."""
    if p.claims:
        last = p.claims[-1]
        if last.rule == "R3" and last.anaphoric and c.q0 >= 1 and p.toks.low[c.q0 - 1] in ("and", ",") \
                and max(last.np1, last.q1) == c.q0 - 1 and c.has_np:
            out = _Claim(c.q, c.q0, c.q1, c.np0, c.np1, last.trig, "R3")
            out.anaphoric = True
            return out
        return None
    framed, ft = p.frame(c.q0)
    if not framed and c.anaphoric and not p.trigs and _opens_sentence(p.toks, c.q0):
        framed, ft = True, None  # 'Six of them were children': a subset of the claim before
    if not framed:
        return None
    if c.q.text.lower() in _ARTICLES and (ft is None or ft.form not in ("verb", "intransitive")):
        return SKIP
    toks = p.toks
    t = ft or p.r1(c.i, coordinate=False)[0]
    np0, np1 = c.np0, c.np1
    if not c.has_np or (c.anaphoric and ft is None and t is None):
        after = _victims_after_verb(p, c)
        if after is not None:
            np0, np1 = after  # 'Of these, 12 were children': the victims follow the verb
        elif t is None:
            return SKIP
    out = _Claim(c.q, c.q0, c.q1, np0, np1, t, "R3")
    out.anaphoric = True
    return out


def _victims_after_verb(p: _Parse, c: _Count) -> tuple[int, int] | None:
    """The people a count names after a copula ('12 were children', '16 are children'): their
    token span, else None."""
    toks = p.toks
    j = max(c.q1, c.np1)
    while j < toks.n and toks.low[j] in _PASSIVE_AUX:
        j += 1
    k = j
    while k < toks.n and k - j < 4 and toks.low[k] not in NP_STOP and toks.low[k] not in (",", ".", "and", ";"):
        k += 1
    if k > j and k not in p.trig_starts and j not in p.trig_starts and _is_person_np(toks, j, k, p.s, p.person_trigs):
        return j, k
    return None


def rule_breakdown(p: _Parse, c: _Count) -> _Claim | None:
    """R3, the counts breaking down a claim the sentence opens with ('Of the 98 injured, 16 are
    children, 46 women and 36 men'): with no harm word of their own, people after the opening
    comma are subsets of that claim, of its kind."""
    if not p.claims or c.subset:
        return None
    first, low = p.claims[0], p.toks.low
    k = first.q0 - 2
    if k < 0 or low[k:first.q0] != ["of", "the"] or not _opens_sentence(p.toks, k) or first.subset_of is not None:
        return None
    comma = next((j for j in range(max(first.q1, first.np1), c.q0) if low[j] == ","), None)
    if comma is None or any(w in (";", ":", ".") or w in _CLAUSE_ENDERS and w != "and" for w in low[comma:c.q0]):
        return None
    np0, np1 = (c.np0, c.np1) if c.has_np else (_victims_after_verb(p, c) or (c.np0, c.np1))
    if np1 == np0 or not _is_person_np(p.toks, np0, np1, p.s, p.person_trigs):
        return None
    return _Claim(c.q, c.q0, c.q1, np0, np1, first.trig, "R3", subset_of=0)


def rule_coordinated(p: _Parse, c: _Count) -> _Claim | _Skip | None:
    """R4 for a count coordinated with a subject count before it ('Two children ..., as well as
    one caregiver, have been killed'): the harm word ``rule_subject`` found for both."""
    t = p.coordinated.get(c.i)
    return None if t is None else _paired(p, c, t, "R4")


_GAP_PREPOSITIONS = lexicons.WordSet("gap_preposition")  # lexicons/base/claim_words.csv


def rule_gapped(p: _Parse, c: _Count) -> _Claim | None:
    """A count whose harm word is left out after a claim placed by the same kind of phrase: '38
    people were killed in Mukondi and eight in Mausa', 'killing 12 in the north and 5 in the
    east': the claim before's harm word."""
    if not p.claims or c.has_np or c.subset:
        return None
    toks, low = p.toks, p.toks.low
    if c.q1 + 1 >= toks.n or low[c.q1] not in _GAP_PREPOSITIONS or c.q0 < 3 or low[c.q0 - 1] not in ("and", ","):
        return None
    last = p.claims[-1]
    if last.trig is None or last.subset_of is not None:
        return None
    # between the claim before and this count: its harm word, a place phrase, then 'and'
    k = max(last.q1, last.np1, last.trig.t1)
    if k >= c.q0 - 1 or low[k] not in _GAP_PREPOSITIONS:
        return None
    if any(j in p.q_starts or j in p.trig_starts or low[j] in (";", ".", ":") for j in range(k, c.q0 - 1)):
        return None
    return _Claim(c.q, c.q0, c.q1, c.np0, c.np1, last.trig, last.rule)


def rule_dead_noun(p: _Parse, c: _Count) -> _Claim | _Skip | None:
    """R1 with a noun that names the dead (``claim_words.csv`` role ``dead_noun``: 'bodies',
    'corpses'), whatever harm word follows: 'Authorities confirmed 512 bodies and 1,900 injured
    people' counts 512 dead, not 512 injured."""
    t = p.person_trigger(c.i)
    if t is None or t.text.lower() not in _words("dead_noun"):
        return None
    return _paired(p, c, t, "R1")


def rule_harm_beside(p: _Parse, c: _Count) -> _Claim | _Skip | None:
    """R1, a harm word after the counted phrase ('58 soldiers were killed', '40 troops and 130
    civilians had been murdered'); unless it is passive, R2, a harm word before the count wins
    ('IS killed at least 58 soldiers', 'the killing of dozens'). 'lives' only with a verb of
    lives. A subset takes no harm word across a coordinated count ('including 600 children')."""
    t, passive = p.r1(c.i, coordinate=not c.subset)
    rule = "R1"
    if t is not None and not p.lives_ok(t, c.i):
        t = None
    # across a coordinated count, a passive harm word may be that count's own clause ('killed
    # 40 people and 130 were wounded'): a harm verb just before the count then wins
    crossed = t is not None and any(max(c.q1, c.np1) <= a < t.t0 for a in p.q_starts)
    if t is None or not passive or crossed:
        t2 = p.r2(c.i)
        if t2 is not None and p.lives_ok(t2, c.i) and (not crossed or t2.form == "verb"):
            t, rule = t2, "R2"
    return None if t is None else _paired(p, c, t, rule)


def rule_toll(p: _Parse, c: _Count) -> _Claim | _Skip | None:
    """A toll phrase earlier in the clause ('The death toll ... has climbed to 123'), as R2;
    never for a subset."""
    if c.subset:
        return None
    t = p.toll(c.i)
    return None if t is None else _paired(p, c, t, "R2")


def rule_subject(p: _Parse, c: _Count) -> _Claim | _Skip | None:
    """R4, a count opening its clause and the harm word of its predicate further on ('Over a
    hundred civilians, including ..., were killed'); counts coordinated with it get the same
    harm word (``rule_coordinated``). Not for a subset, unless it points back ('Twenty-five
    of these wounded people ... passed away')."""
    if c.subset and not c.anaphoric:
        return None
    t, coord = p.subject(c.i)
    for k in coord:
        p.coordinated[k] = t
    return None if t is None else _paired(p, c, t, "R4")


def rule_victim_noun(p: _Parse, c: _Count) -> _Claim | _Skip | None:
    """R1 with the noun naming the victims as the harm word, when nothing else pairs with the
    count: 'more than 100 martyrs', '20 hostages', 'two of the dead'. Not for a subset with a
    claim before it in the sentence (``rule_subset_of_previous``)."""
    if c.subset and p.claims:
        return None
    t = p.person_trigger(c.i)
    return None if t is None else _paired(p, c, t, "R1")


def rule_subset_of_previous(p: _Parse, c: _Count) -> _Claim | None:
    """R3, a subset with no harm word of its own ('..., including 50 non-Syrians', 'including 31
    women and 19 children'): the kind of the claim before it in the sentence, which it points to."""
    if not (c.subset and p.claims):
        return None
    i = _root(p.claims)
    return _Claim(c.q, c.q0, c.q1, c.np0, c.np1, p.claims[i].trig, "R3", subset_of=i)


#: the rules deciding what each count of a sentence is, in order: the first that decides wins
COUNT_RULES = (rule_not_people, rule_difference, rule_subset_opening, rule_coordinated, rule_dead_noun, rule_harm_beside, rule_toll,
               rule_subject, rule_gapped, rule_victim_noun, rule_breakdown, rule_subset_of_previous)


def _decide(p: _Parse, c: _Count) -> tuple[object, _Claim | _Skip | None]:
    """The first rule of ``COUNT_RULES`` that decides count ``c``, and its answer (a claim or
    SKIP); (None, None) when no rule decides (the count is no claim)."""
    for rule in COUNT_RULES:
        out = rule(p, c)
        if out is not None:
            return rule, out
    return None, None


# -- the steps that finish a sentence's claims, in the order of SENTENCE_STEPS
def step_distribute_qualifier(p: _Parse) -> None:
    """A qualifier distributes over coordinated counts: 'around 40 troops and 130 civilians'."""
    claims, low = p.claims, p.toks.low
    for a, b in zip(claims, claims[1:]):
        gap = low[max(a.np1, a.q1):b.q0]
        if gap and all(w in ("and", ",") for w in gap) and b.q.qualifier == "exact" and b.q.count_kind == "number" \
                and a.q.qualifier in ("approximate", "at_least", "more_than", "up_to") and b.q.low is not None:
            qual = a.q.qualifier
            n = b.q.low
            lo, hi = {"approximate": (n, n), "at_least": (n, None), "more_than": (n + 1, None), "up_to": (None, n)}[qual]
            b.q = dataclasses.replace(b.q, qualifier=qual, low=lo, high=hi)


def step_admitted_are_wounded(p: _Parse) -> None:
    """'Casualties' admitted to a hospital ('454 casualties arrived at the hospital') are the
    wounded: a combined figure named by a person noun, in a sentence with a word of admission."""
    claims = p.claims

    def combined(c: _Claim) -> bool:
        return c.trig is not None and c.trig.kind == "killed_and_wounded" and c.trig.form == "person"

    if any(combined(c) for c in claims) and not _words("admission").isdisjoint(p.toks.low):
        for c in claims:
            if combined(c):
                c.kind = "wounded"


def step_victims(p: _Parse) -> None:
    """The victims' phrase of each claim ('58 Syrian troops': 'Syrian troops'; '100 martyrs':
    'martyrs') and a qualifier after it ('20 people or more')."""
    s, toks = p.s, p.toks
    post_re = quantities.post_qualifier_pattern()
    for c in p.claims:
        if c.np1 > c.np0:
            a, b = toks.start[c.np0], toks.end[c.np1 - 1]
            c.victims = s[a:b]
            pm = post_re.match(s[b:b + 20])
            if pm and c.q.qualifier == "exact":
                c.q = quantities.apply_post_qualifier(c.q, pm.group("post"), b + pm.end(), s)
                c.post_end = b + pm.end()
        elif c.trig is not None and c.trig.form == "person" and c.trig.t0 == c.q1:
            c.victims = c.trig.text  # '100 martyrs'
        c._toks = toks  # type: ignore[attr-defined]


#: what finishes a sentence's claims once every count went through COUNT_RULES, in order
SENTENCE_STEPS = (step_distribute_qualifier, step_admitted_are_wounded, step_victims)


def _analyse_sentence(s: str, harm_spans: list[tuple[int, int]] | None = None, toks: Tokens | None = None) -> list[_Claim]:
    """Claims of sentence ``s``; ``harm_spans`` are its harm-word spans when the caller has
    them already, ``toks`` its tokens (``Document.tokens``). Each count goes through ``COUNT_RULES`` (the first that decides wins), then
    ``SENTENCE_STEPS`` finish the claims."""
    p = _parse_sentence(s, harm_spans, toks)
    if p is None:
        return []
    for i in range(len(p.qs)):
        if i in p.consumed:
            continue  # 'women from one family': the 'one' is the victims' phrase's
        out = _decide(p, _count(p, i))[1]
        if out is not None and out is not SKIP:
            p.claims.append(out)
    for step in SENTENCE_STEPS:
        step(p)
    return p.claims


@lexicons.text_memo(8192)
def _sentence_claims(s: str, harm_spans: tuple[tuple[int, int], ...]) -> list[_Claim]:
    """``_analyse_sentence`` of sentence ``s`` with its harm-word spans, once per distinct
    sentence (wire copy repeats sentences across articles): what it reads is the sentence
    alone. The list and its claims are shared between articles: read them, do not change them."""
    return _analyse_sentence(s, list(harm_spans), Tokens(s))


# ----------------------------------------------------------------------------- attributes
def _side_of(phrase: str) -> str | None:
    if not phrase:
        return None
    hits = lexicons.alias_matcher("actors").find(phrase)
    return hits[0].value["side"] if hits else None


#: the staff of a body ('one MSF team member', 'two of its staff'): role ``staff_noun`` of ``claim_words.csv``
_STAFF_NOUNS = lexicons.WordSet("staff_noun")


def _humanitarian_staff(victims: str | None, claimant: dict) -> bool:
    """Whether ``victims`` are the staff of an aid body or a UN agency, civilians whoever they work
    for: its name before the staff noun ('one MSF team member', 'two UNRWA staff'), or 'its' /
    'their' in that body's own account ('one of its team members', as MSF tells it)."""
    ws = (victims or "").split()
    if not ws or ws[-1].lower() not in _STAFF_NOUNS:
        return False
    if claimantsmod.head_type(victims)[0] in _AID_TYPES:
        return True
    return ws[0].lower() in _WORDS_OF_ITS and claimant.get("claimant_type") in _AID_TYPES


_AID_TYPES = frozenset(("ngo", "un_agency"))
_WORDS_OF_ITS = lexicons.WordSet("own_possessive")  # claim_words.csv


def _perpetrator(s: str, c: _Claim, victim_side: str | None, ctx_claimant: dict | None) -> str | None:
    toks = c._toks  # type: ignore[attr-defined]
    actors = lexicons.alias_matcher("actors")
    t = c.trig
    if t is None:
        return None
    if c.rule in ("R2",) or (c.rule == "R1" and t.form == "verb" and t.t0 > c.q0 and False):
        # active: subject before the harm word, within its clause
        end = toks.start[t.t0]
        clause_start = 0
        for m in _CLAUSE_BREAK_RE.finditer(s[:end]):
            clause_start = m.end()
        seg = s[clause_start:end]
        if _WE_RE.search(seg) and ctx_claimant and lexicons.truthy(ctx_claimant.get("party")):
            return ctx_claimant["claimant"]
        hits = [h for h in actors.find(seg) if h.value["side"] != victim_side and h.value["side"] != "civilians"]
        best: dict[str, object] = {}
        for h in hits:
            cur = best.get(h.value["side"])
            if cur is None or len(h.text) > len(cur.text):
                best[h.value["side"]] = h
        if best:
            return "; ".join(dict.fromkeys(h.value["actor"] for h in sorted(best.values(), key=lambda h: h.start)))
        return None
    # passive / nominal: 'by IS', 'in IS attacks', 'when IS launched'
    m = _AGENT_RE.match(s, toks.end[t.t1 - 1]) if t.t1 - 1 < toks.n else None  # the text after the harm word
    if m:
        hits = [h for h in actors.find(m.group(1)) if h.value["side"] != victim_side and h.value["side"] != "civilians"]
        if hits:
            return hits[0].value["actor"]
    return None


class _ArticleFacts(NamedTuple):
    """What ``_attributions`` reads of an article: its acronyms and the countries it names."""
    acronyms: dict
    countries: frozenset


@lexicons.text_memo(8192)
def _sentence_attributions(s: str, is_headline: bool, harm_spans: tuple[tuple[int, int], ...] | None,
                           acronyms: tuple[tuple[str, str], ...], countries: frozenset) -> list[_Attribution]:
    """``_attributions`` of sentence ``s`` in an article with these ``acronyms`` (pairs) and
    ``countries``: once per distinct sentence and article facts (wire copy repeats both). The
    list and its rows are shared: read them, do not change them."""
    return _attributions(s, is_headline, None if harm_spans is None else list(harm_spans), None,
                         _ArticleFacts(dict(acronyms), countries))


#: a record's field naming its source: 'Source: the regional administration'
_SOURCE_LINE_RE = re.compile(r"^\s*Sources?\s*:\s*(\S[^:]{2,120}?)\s*\.?\s*$")
#: a form of 'be' (and an adverb) just before a verb: its passive ('are believed to have killed',
#: 'was accused of', 'it was initially reported that')
#: (case-sensitive: 'IS said' is the Islamic State speaking)
#: (roles ``be_form``, as written, and ``be_adverb`` of claim_words.csv)
_BE_BEFORE_RE = lexicons.RolePattern(r"\b{be}\s+(?:(?:\w+ly|{adverb})\s+)?$", cased=True, be="be_form", adverb="be_adverb")


@functools.cache
def _back_reference_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(a subject referring back, then a passive: 'This was announced', 'The figures were
    given'; an object referring back after a verb: 'stated this', 'confirmed the toll'; a
    sentence opening a frame of its own: 'Meanwhile', 'Last year', 'In 2019')."""
    nouns = lexicons.phrase_pattern(sorted(_words("reference_noun")), sep=r"\s+", split=" ")
    role = {r: lexicons.WordSet(r).pattern() for r in ("back_reference", "back_reference_determiner", "back_reference_passive",
                                                        "back_reference_after", "year_frame_preposition")}
    ref = rf"(?:{role['back_reference']}|{role['back_reference_determiner']}\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns}))"
    subject = re.compile(rf"^\W*{ref}\s+{role['back_reference_passive']}\s+(?:\w+ly\s+)?\w+\b", re.IGNORECASE)
    obj = re.compile(rf"\s+{ref}\s*(?:[.,;!]|$|\s+{role['back_reference_after']}\b)", re.IGNORECASE)
    frames = lexicons.phrase_pattern(sorted(_words("new_frame")), sep=r"\s+", split=" ")
    frame = re.compile(rf"^\W*(?:(?:{frames})\b|{role['year_frame_preposition']}\s+(?:\w+\s+)?(?:1[89]|20)\d\d\b)", re.IGNORECASE)
    return subject, obj, frame


lexicons.register_cache(_back_reference_res.cache_clear)


def _credit_of_before(s: str, atts: list) -> "_Attribution | None":
    """The attribution of sentence ``s`` (its ``atts``) that credits what was said before it:
    a passive with a subject referring back and its source after 'by' ('This was announced on
    Telegram by X'), a reporting verb whose object refers back ('X stated this', 'X confirmed
    the toll'), or a 'Source:' line."""
    if not atts:
        return None
    subject, obj, _ = _back_reference_res()
    for a in atts:
        if a.verb == "source line":
            return a
    if subject.match(s):
        by = [a for a in atts if a.verb == "according to" and a.hit_start > 0]
        if by:
            return by[0]
    for a in atts:
        if a.verb in _FRAME_LABELS:
            continue
        if obj.match(s, a.pos + len(a.verb)):
            return a
    return None


def _opens_new_frame(s: str) -> bool:
    """Whether sentence ``s`` opens on another time or matter ('Meanwhile, ...', 'Last year,
    ...', 'In 2019 ...', 'But ...'): no continuation of the report before it."""
    return _back_reference_res()[2].match(s) is not None


_CLAUSE_OPEN_RE = re.compile(r"[,:;]|\s[-–—]\s")
_COMPLEMENT_RE = re.compile(r"\s+[\w'’-]+\s+[\w'’-]+")


def _headline_clause_after(s: str, a: "_Attribution", harm_spans: list[tuple[int, int]]) -> bool:
    """Whether headline attribution ``a`` is a clause of its own after the figures: its subject
    follows a comma (or colon, dash) after a harm word, and its verb has a complement of its
    own ('Toll Hits 120, Survivors Allege Army Bombed Twice'); the source of the figures ends a
    headline instead ('..., UN Says')."""
    if a.verb in _FRAME_LABELS or not harm_spans:
        return False
    if a.pos < a.hit_start and not s[a.hit_start + len(a.alias_text):].strip(" .!?'\"’”"):
        return False  # an inverted '..., says X' ending the headline names its source: X is no complement
    cut = None
    for m in _CLAUSE_OPEN_RE.finditer(s, 0, a.hit_start + 1):
        cut = m
    if cut is None or not any(b <= cut.start() for _, b in harm_spans):
        return False
    return _COMPLEMENT_RE.match(s, a.pos + len(a.verb)) is not None


#: a negation (and aux words, adverbs) just before a verb: 'has not officially disclosed', 'did not say'
_NOT_BEFORE_RE = lexicons.RolePattern(r"\b{negation}\s+(?:(?:\w+ly|{filler})\s+){{0,2}}$", re.IGNORECASE,
                                      negation="negation", filler="negation_filler")


def _negated_verb(s: str, v: re.Match) -> bool:
    """Whether the reporting verb ``v`` of ``s`` is negated ('the army has not officially
    disclosed the toll'): its subject reports nothing."""
    return _NOT_BEFORE_RE.search(s, max(0, v.start() - 40), v.start()) is not None


def _passive_verb(s: str, v: re.Match) -> bool:
    """Whether the reporting verb ``v`` of ``s`` is a passive participle: its subject is what is
    said or believed ('Soldiers are believed to have killed 90', 'The army was accused of ...',
    'It was reported that ...'), not who says it; a source follows 'by' ('according to' rules)."""
    w = v.group(0).lower()
    if " " in w or w.endswith("ing"):
        return False
    return _BE_BEFORE_RE.search(s, max(0, v.start() - 40), v.start()) is not None


def _attributions(s: str, is_headline: bool, harm_spans: list[tuple[int, int]] | None = None,
                  ctx: "ArticleContext | None" = None, facts: _ArticleFacts | None = None) -> list[_Attribution]:
    """Claimant mentions tied to an attribution verb in sentence ``s`` (``harm_spans``: the
    harm-word spans of ``s``, when known): lexicon claimants first, then claimants named by
    the reporting structure alone (``newslib.extract.claimants``). What it reads of the article
    (its acronyms and countries) comes from ``ctx``, or ``facts``."""
    if facts is None and ctx is not None:
        facts = _ArticleFacts(ctx.acronyms, ctx.countries)
    # verbs and accs match the lower-cased sentence when ASCII: only their spans and their
    # lower-cased text are used
    line = _SOURCE_LINE_RE.match(s)
    if line is not None:
        # 'Source: Mayor of Stanton Ivan Petrenko': a record's field naming who gave it
        acr = facts.acronyms if facts is not None else None
        row = claimantsmod.claimant_row(line.group(1), acr)
        if row is not None and row.get("claimant") != "__pronoun__" and row.get("claimant_type"):
            return [_Attribution(row, line.group(1), "source line", line.start(1), line.start(1))]
    found_verbs = list(_attrib_re().finditer(s))
    accordings = list(_ACCORDING.finditer(s))
    if not found_verbs and not accordings and not is_headline:
        return []  # every rule below needs a reporting verb, 'according to' or a headline
    matcher = lexicons.alias_matcher("claimants")
    hits = matcher.find(s)
    out: list[_Attribution] = []
    if harm_spans is None:
        harm_spans = _harm_spans(s)
    verbs = [v for v in found_verbs
             if ("toll" in v.group(0).lower() or not any(a < v.end() and v.start() < b for a, b in harm_spans))
             and not (v.start() and s[v.start() - 1] == "-")  # 'a Syrian-registered minibus' reports nothing
             # 'reports from locals and media stated': a noun, not the verb
             and not (v.group(0).lower() in _words("verb_noun") and _NOUN_OF_RE.match(s, v.end()))
             and not _passive_verb(s, v) and not _negated_verb(s, v)
             # 'the Weekly Report, Daily Herald ...': a word of a name, not the verb
             and not (not is_headline and v.start() > 0 and s[v.start()].isupper())]
    accs = accordings if hits else []  # only read next to a claimant
    for h in hits:
        # 'according to X'
        acc = next((a for a in accs if 0 <= h.start - a.end() <= 6), None)
        if acc:
            out.append(_Attribution(h.value, h.text, "according to", acc.start(), h.start))
            continue
        # 'X said', 'X, a UK-based monitor ..., said', 'X put out a statement'
        after = next((v for v in verbs if v.start() >= h.end and v.start() - h.end <= 90 and
                      not any(h2.start > h.end and h2.end <= v.start() for h2 in hits if h2 is not h and h2.value["claimant"] != h.value["claimant"])), None)
        if after is not None:
            between = s[h.end:after.start()]
            if len(between) > 40 and _attribution_break().search(between):
                after = None
        if after is not None:
            out.append(_Attribution(h.value, h.text, after.group(0).lower(), after.start(), h.start))
            continue
        # 'said the Observatory'
        before = next((v for v in reversed(verbs) if v.end() <= h.start and _BY_THE_RE.fullmatch(s[v.end():h.start])), None)
        if before is not None:
            out.append(_Attribution(h.value, h.text, before.group(0).lower(), before.start(), h.start))
    if is_headline:
        m = _HEADLINE_SOURCE_RE.search(s)
        if m:
            hh = matcher.find(m.group(1))
            if hh:
                out.append(_Attribution(hh[0].value, hh[0].text, "headline source", m.start(), m.start(1)))
    # claimants named by the reporting structure; a generic lexicon word ('officials') yields to
    # the phrase it heads ('health ministry officials' -> health ministry)
    # claimants named by the reporting structure; a lexicon alias inside the phrase the structure
    # names yields to it ('Jane Doe, the UN humanitarian coordinator, said': the coordinator;
    # 'health ministry officials' rather than the generic 'officials')
    structure = _structure_attributions(s, is_headline, verbs, harm_spans, [],
                                        facts.acronyms if facts is not None else None, accordings)

    def inside(a: _Attribution, b: _Attribution) -> bool:
        return b.pos == a.pos and b.hit_start <= a.hit_start and a.hit_start + len(a.alias_text) <= b.hit_start + len(b.alias_text)

    kept = [a for a in out if not any(inside(a, b) for b in structure)]
    taken = [(a.hit_start, a.hit_start + len(a.alias_text)) for a in kept]
    structure = [b for b in structure if not any(x < b.hit_start + len(b.alias_text) and b.hit_start < y for x, y in taken)]
    out = structure + kept  # at one verb, the subject it names first ('Amaq said IS fighters ...': Amaq)
    # pronoun / 'the group' + verb: resolved later against the previous attribution
    for v in verbs:
        pm = None
        for m in _PRONOUN_RE.finditer(s[max(0, v.start() - 30):v.start()]):
            pm = m
        if pm is not None and not any(a.pos == v.start() for a in out):
            gap = s[max(0, v.start() - 30) + pm.end():v.start()]
            if len(gap.split()) <= 3:
                out.append(_Attribution({"claimant": "__pronoun__"}, pm.group(0), v.group(0).lower(), v.start(), max(0, v.start() - 30) + pm.start()))
    if is_headline and out:
        out = [a for a in out if not _headline_clause_after(s, a, harm_spans)]
    if facts is not None and facts.countries:
        for k, a in enumerate(out):
            if a.claimant.get("claimant") != "__pronoun__" and (
                    other := _of_another_country(a.claimant, a.alias_text, facts.countries)) is not None:
                out[k] = _Attribution(other, a.alias_text, a.verb, a.pos, a.hit_start)
    return out



#: a relative pronoun just before a subject: its clause is a relative one ('in what X told ...')
_RELATIVE_END_RE = lexicons.RolePattern(r"\b{word}\s+$", re.IGNORECASE, word="relative_object")
#: claimant types that are never an organ of a belligerent authority (the dev corpora's
#: convention: UN bodies, NGOs, monitors and outlets are no party; private persons, such as
#: witnesses, residents and local sources, typed ``activist``, and journalists speak for none)
NON_PARTY_TYPES = frozenset(("un_agency", "ngo", "monitor", "outlet", "journalist", "activist"))


_EVIDENCE_NOUNS = lexicons.WordSet("evidence_noun")  # lexicons/base/claim_words.csv
_ARMED_CLAIM = lexicons.WordSet("armed_claim")  # lexicons/base/claim_words.csv
_STATE_ORGAN = lexicons.WordSet("state_organ")  # lexicons/base/claim_words.csv


def _state_health_organ(claimant: dict) -> bool:
    """A health authority that is an organ of the state ('the health ministry', 'local health
    authorities'; role ``state_organ`` of ``claim_words.csv``), not a hospital or its doctors."""
    return claimant.get("claimant_type") == "hospital_or_health_authority" and any(
        w in _STATE_ORGAN for w in re.findall(r"[a-z]+", str(claimant.get("claimant", "")).lower()))


def _home_government(claimant: dict, home: str | None) -> bool:
    """A government claimant of the article's own country (``home``: the country of its main
    place) is a party to the conflict: 'the regional governor of Donetsk' in an article on a
    strike in Ukraine, 'the Nigerian military' on one in Nigeria, 'local officials'. One whose
    name names another country ('US officials', 'the French foreign ministry') is not known to
    be (a foreign government commenting is no party; a foreign belligerent needs the lexicon).
    A state's health authority is one too ('the health ministry' in an article on Yemen)."""
    if not home or not (claimant.get("claimant_type") == "government" or _state_health_organ(claimant)):
        return False
    for w in re.findall(r"[A-Z][\w.'’-]*", f"{claimant.get('claimant', '')} {claimant.get('alias') or ''}"):
        w = re.sub(r"['’]s$", "", w).rstrip(".'’")  # "Russia's defence ministry"
        p = gazetteer.lookup(w) if len(w) >= 2 else None
        country = p.name if p is not None and p.level == 0 and gazetteer.key(p.name) == gazetteer.key(w) \
            or p is not None and p.level == 0 and w.isupper() else None
        country = country or gazetteer.country_of_adjective(w)
        if country is not None and country != home:
            return False
    return True


def _of_another_country(row: dict, alias: str, countries: frozenset[str]) -> dict | None:
    """A lexicon claimant named for one country ('Syrian state media') found through an alias
    that does not say it ('state media'), in an article that names other countries and not that
    one: the phrase as written, of the row's type, side unknown (Myanmar's or Russia's state
    media are not Syria's); None when the row applies."""
    name = str(row.get("claimant", ""))
    first = name.split(" ", 1)[0]
    if not countries or not first[:1].isupper() or first.lower() in alias.lower():
        return None
    country = gazetteer.country_of_adjective(first)
    if country is None or country in countries:
        return None
    return {"claimant": " ".join(alias.split()), "claimant_type": row.get("claimant_type"), "side": "unknown",
            "party": "", "generic": "false"}


#: what ends a clause between a reporting verb and a participle that would hang on it
_CLAUSE_END_RE = lexicons.RolePattern(r"[.;:“”\"]|\b{word}\b", re.IGNORECASE, word="clause_end_word")


def _body_named(typed: dict, description: str, name_row: dict, alias: str) -> dict:
    """A name and an appositive describing it: the body by its name, of the description's type,
    when the description names a body ('Freedonian Rail, the state railway company'), and the
    person by name when it describes a private person ('Jane Doe, another resident'); else the
    description's row (a person's office or role: 'Jane Doe, the ministry's spokeswoman' is the
    ministry)."""
    name = str(name_row.get("claimant", ""))
    if name_row.get("claimant") == "__pronoun__" or not claimantsmod.is_name(name):
        return typed
    if not claimantsmod.describes_body(description) and not (
            typed.get("claimant_type") == "activist" and len(name.split()) > 1):
        return _holder(typed, description, name, alias)  # a spokesman is the body; a governor, the person
    if typed.get("claimant_type") == "activist":
        return {**typed, "claimant": name, "generic": "false", "alias": alias, "side": "unknown", "party": ""}
    return {**typed, "claimant": name, "generic": "false", "alias": alias}


def _holder(typed: dict, title: str, name: str, alias: str) -> dict:
    """A person named beside a title: the person by name, of the title's type, when the title is
    an office they hold ('Ivan Petrenko, the regional governor'; ``claimants.holds_office``);
    else the title's row (a spokesman's body, an international body's office)."""
    if not claimantsmod.person_name(name) or not claimantsmod.holds_office(title):
        return typed
    return {"claimant": name, "claimant_type": typed.get("claimant_type"), "side": "unknown", "party": "",
            "generic": "false", "alias": alias}


#: a title then a person's name, as an appositive before a reporting verb ('the governor of
#: the province, Ivan Petrenko')
_TITLE_THEN_NAME_RE = re.compile(r"(.*\S),\s+[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){1,3}\s*$")


def _structure_attributions(s: str, is_headline: bool, verbs: list, harm_spans: list[tuple[int, int]],
                            found: list[_Attribution], acronyms, accordings: list | None = None) -> list[_Attribution]:
    """Claimants named only by the reporting structure of sentence ``s``: the subject of a
    reporting verb, 'said X' after a quote or a comma, 'according to X', a headline's source.
    Verbs and places already tied to a lexicon claimant (``found``) are left alone.
    ``accordings``: the matches of ``_ACCORDING`` in ``s``, when already found."""
    taken_pos = {a.pos for a in found}
    taken_spans = [(a.hit_start, a.hit_start + len(a.alias_text)) for a in found]
    out: list[_Attribution] = []

    def clean(span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None:
            return None
        a, b = span
        if b <= a or any(x < b and a < y for x, y in harm_spans) or any(x < b and a < y for x, y in taken_spans):
            return None
        return span

    def add(span, verb: str, pos: int, compiled: bool = False) -> bool:
        span = clean(span)
        if span is None:
            return False
        row = claimantsmod.claimant_row(s[span[0]:span[1]], acronyms)
        if row is None and compiled and claimantsmod.head_type(s[span[0]:span[1]])[0] == "outlet":
            row = claimantsmod.wire_tally_row(s[span[0]:span[1]], s[span[0]:span[1]])  # 'a toll compiled by AFP'
        if row is None:
            return False
        if row.get("claimant_type") is None and row.get("claimant") != "__pronoun__" and s[span[1]:span[1] + 2] == ", ":
            # 'said Jean Mbeki, administrator of the territory': a name and its typed appositive, one mention
            end = _APPOSITIVE_END_RE.search(s, span[1] + 2)
            app = clean((span[1] + 2, end.start() if end else len(s)))
            typed = claimantsmod.claimant_row(s[app[0]:app[1]], acronyms) if app is not None else None
            if typed is not None and typed.get("claimant_type") and typed.get("claimant") != "__pronoun__":
                span, row = (span[0], app[1]), _holder(typed, s[app[0]:app[1]], s[span[0]:span[1]].strip(), s[span[0]:app[1]])
        elif row.get("claimant_type") and s[span[1]:span[1] + 2] == ", ":
            # 'by the head of the regional administration, Ivan Petrenko': the office's holder
            end = _APPOSITIVE_END_RE.search(s, span[1] + 2)
            name = s[span[1] + 2:end.start() if end else len(s)].strip()
            held = _holder(row, s[span[0]:span[1]], name, s[span[0]:span[1] + 2 + len(name)])
            if held is not row:
                span, row = (span[0], span[1] + 2 + len(name)), held
        out.append(_Attribution(row, s[span[0]:span[1]], verb, pos, span[0]))
        taken_spans.append(span)
        return True

    for v in verbs:
        if v.start() in taken_pos:
            continue
        verb = v.group(0).lower()
        if verb in claimantsmod.PARTICIPLES and s[:v.start()].rstrip().endswith(",") and out \
                and not _CLAUSE_END_RE.search(s, out[-1].pos, v.start()):
            # 'Jane Doe, the charity's director, confirmed the toll, stating that ...': the
            # participle's subject is the reporting verb's before it
            prev = out[-1]
            out.append(_Attribution(prev.claimant, prev.alias_text, verb, v.start(), prev.hit_start))
            continue
        cands = [claimantsmod.participle_cut_span(s, c) for c in claimantsmod.subject_before(s, v.start())]
        rows = [(c, claimantsmod.claimant_row(s[c[0]:c[1]], acronyms)) for c in cands if clean(c) is not None]
        rows = [(c, r) for c, r in rows if r is not None]
        # the subject just before the verb; when it is a bare name, its appositive if that
        # names a typed claimant ('Name, the Ministry's spokesman, said'; 'the ministry's
        # spokesman, Name, told')
        pick = rows[0] if rows and rows[0][0] == cands[0] and rows[0][1] is not None else None
        if pick is not None and pick[1].get("claimant_type") is None:
            # typed, or a body the appositive says the person speaks for ("al-Shabab's spokesman")
            typed = next(((c, r) for c, r in rows[1:] if r is not None and (
                r.get("claimant_type") or (r.get("claimant") != "__pronoun__"
                                           and claimantsmod.speaks_for(s[c[0]:c[1]]) is not None))), None)
            if typed is not None:  # the name and its appositive, as one mention ('Lopez' later refers to it)
                c = (min(pick[0][0], typed[0][0]), max(pick[0][1], typed[0][1]))
                pick = (c, _body_named(typed[1], s[typed[0][0]:typed[0][1]], pick[1], s[c[0]:c[1]]))
            if pick[1].get("claimant_type") is None and pick[1].get("claimant") != "__pronoun__" \
                    and _WITNESS_CLAUSE_RE.match(s, pick[0][1]):
                # 'Name, who lives near the market, said': a witness, as 'a witness, Name, said' is
                pick = (pick[0], {**pick[1], "claimant_type": "activist", "side": "neutral", "party": "false"})
        elif pick is not None and len(rows) > 1 and rows[1][0] == cands[1] and rows[1][1].get("claimant_type") is None:
            # "the country's state railway company, Freedonian Rail, said": the body, by its name
            named = _body_named(pick[1], s[pick[0][0]:pick[0][1]], rows[1][1], s[pick[0][0]:rows[1][0][1]])
            if named is not pick[1]:
                pick = ((pick[0][0], rows[1][0][1]), named)
        if pick is None and len(cands) > 1 and (not rows or rows[0][0] != cands[0]):
            # '..., the regional governor of the province, Ivan Petrenko, said': the clause before
            # names no one; the title before the person's name is the claimant, the name in its
            # mention ('Petrenko' later refers to it)
            for c in cands[1:]:
                m = _TITLE_THEN_NAME_RE.match(s, c[0], c[1])
                row = claimantsmod.claimant_row(m.group(1), acronyms) if m else None
                if row is not None and row.get("claimant_type") and row.get("claimant") != "__pronoun__":
                    pick = (c, _holder(row, m.group(1), s[m.end(1) + 1:c[1]].strip(), s[c[0]:c[1]]))
                    break
        if verb in _words("perception_verb") and (pick is None or claimantsmod.head_type(s[pick[0][0]:pick[0][1]])[0] is None):
            continue  # 'the city saw heavy fighting': only a witness typed by its head words saw
        if pick is not None:
            c, r = pick
            out.append(_Attribution(r, s[c[0]:c[1]], verb, v.start(), c[0]))
            taken_spans.append(c)
            continue
        if verb in claimantsmod.PARTICIPLES:
            # '..., saying 99 were killed': the subject of the clause the participle hangs on
            if s[:v.start()].rstrip().endswith(","):
                add(claimantsmod.clause_subject(s, v.start()), verb, v.start())
            continue
        # '..., said X' / '” said X'
        if s[:v.start()].rstrip().endswith((",", "”", '"', "’")):
            add(claimantsmod.phrase_after(s, v.end()), verb, v.start())
    for m in (_ACCORDING.finditer(s) if accordings is None else accordings):
        if any(a.verb == "according to" and a.pos == m.start() for a in found):
            continue
        if not add(claimantsmod.phrase_after(s, m.end()), "according to", m.start(), "compiled" in m.group(0).lower()) \
                and m.group(0).lower() == "citing" and s[:m.start()].rstrip().endswith(",") \
                and any(m.end() <= x < m.end() + 80 for x, _ in harm_spans):
            # '..., citing only eight civilians killed': no source cited, a participle of the clause's subject
            add(claimantsmod.clause_subject(s, m.start()), "citing", m.start())
    if is_headline and not any(a.verb == "headline source" for a in found):
        for span in claimantsmod.headline_sources(s):
            span = clean(span)
            row = claimantsmod.claimant_row(s[span[0]:span[1]], acronyms) if span and not _headline_label(s[span[0]:span[1]]) else None
            # a source, not a pronoun ('Report: ...') nor an untyped label ('News Alert: ...')
            if row is not None and row.get("claimant") != "__pronoun__" and (
                    row.get("claimant_type") or "alias" not in row or row.get("surname") == "true"):
                words_ = s[span[0]:span[1]].split()
                if row.get("claimant_type") and len(words_) > 1 and all(w[:1].islower() for w in words_[1:]):
                    row = {**row, "generic": "true"}  # 'Rights group: ...': a common noun, as 'the rights group'
                out.append(_Attribution(row, s[span[0]:span[1]], "headline source", span[0], span[0]))
                break
    return out


#: a relative clause after a name that makes the person a witness ('Name, who lives near the market,
#: said'; 'who saw the attack'): role ``witness_clause_verb`` of ``claim_words.csv``
_WITNESS_CLAUSE_RE = lexicons.RolePattern(r",\s+who\s+(?:had\s+|was\s+)?{word}\b", re.IGNORECASE, word="witness_clause_verb")

#: where an appositive after a name ends ('said Jean Mbeki, administrator of the territory, on Monday')
_APPOSITIVE_END_RE = lexicons.RolePattern(r"[,;:.()\[\]“”\"]|\s[-–—]\s|\b{word}\b", word="appositive_end")


def _headline_label(name: str) -> bool:
    """'Breaking News', 'Live Updates': a headline label (words of role ``headline_label`` in
    ``claim_words.csv``, and 'news'), not a source."""
    toks = [w.lower() for w in re.findall(r"[\w']+", name)]
    labels = _words("headline_label") | {"news"}
    return bool(toks) and all(t in labels for t in toks) and any(t != "news" for t in toks)


def _resolve_generic(row: dict, ctx: ArticleContext, abs_pos: int) -> dict:
    """'a monitor', 'the group': the article's unique specific claimant of that type, else the
    nearest specific one mentioned before."""
    if not lexicons.truthy(row.get("generic", "false")):
        return row
    if _ANOTHER_RE.search(ctx.text[max(0, abs_pos - 25):abs_pos]):
        return row
    if row.get("party", "false") == "" and "alias" in row and row.get("side") == "unknown":
        return _resolve_unnamed(row, ctx, abs_pos)
    named = _named_with_head(row, ctx, abs_pos)
    if named is not None:  # 'the ministry said' after 'the Interior Ministry of Freedonia'
        return named

    ctype = row["claimant_type"]
    side = None if row.get("side") in ("neutral", "unknown", None, "") else row.get("side")  # None: any side

    def compatible() -> list[tuple[int, dict]]:
        return [(p, r) for p, r in ctx.claimant_hits if r["claimant_type"] == ctype
                and not lexicons.truthy(r.get("generic", "false")) and (side is None or r.get("side") == side)]

    same_type = ctx.nearest(("lexicon", ctype, side), compatible)
    if same_type.unique is not None:
        return same_type.unique
    before = same_type.before(abs_pos)
    if before is None and ctype == "government" and _ONE_PERSON_RE.search(ctx.text[max(0, abs_pos - 25):abs_pos + 20]):
        # 'a top official announced' where the article names one official by name ('Ivan
        # Petrenko, the regional governor, confirmed the toll'), or names one just after: that person
        people = ctx.nearest(("person", ctype), lambda: [
            (p, r) for p, r in ctx.named_claimants if r.get("claimant_type") == ctype and claimantsmod.person_name(str(r.get("claimant", "")))])
        if people.unique is not None:
            return people.unique
        k = bisect.bisect_right(people.pos, abs_pos)  # else the one named just after ('..., a top official
        if k < len(people.pos) and people.pos[k] - abs_pos < 400:  # said. Ivan Petrenko, ..., confirmed the toll')
            return people.rows[k]
    return before if before is not None else row


#: one person, not a body: 'a top official', 'a senior official' (singular, indefinite)
_ONE_PERSON_RE = re.compile(r"\b(?:an?|one)\s+(?:[\w-]+\s+){0,2}?official\b(?!s)", re.IGNORECASE)


#: claimant types whose generic mentions ('an aid group', 'the charity') resolve to the article's
#: one claimant of that type; other generic heads ('the governor') only to a name holding them
_TYPE_RESOLVED = frozenset(("ngo", "un_agency", "monitor", "hospital_or_health_authority", "state_media", "armed_group"))


def _named_with_head(row: dict, ctx: ArticleContext, abs_pos: int) -> dict | None:
    """The claimant named in the article whose name holds the head word of a generic mention
    ('the ministry' -> 'Interior Ministry of Freedonia'), nearest before it, else the first."""
    head = str(row.get("claimant", "")).split()[-1:]
    if not head:
        return None
    head_low = head[0].lower()
    name = row.get("claimant")

    def with_head() -> list[tuple[int, dict]]:
        return [(p, r) for p, r in ctx.named_by_word.get(head_low, ()) if r.get("claimant") != name]

    # (a row named as this one is excluded above, so the mention itself never resolves to itself)
    found = ctx.nearest(("head", head_low, name), with_head)
    before = found.before(abs_pos)
    return before if before is not None else found.first()


def _resolve_unnamed(row: dict, ctx: ArticleContext, abs_pos: int) -> dict:
    """A generic claimant found from the reporting structure ('the ministry said', 'according
    to the medical charity', 'a senior health official said'): the claimant named in the
    article whose name holds its head word, nearest before ('the ministry' -> 'Health
    Ministry'); else, for an organisation or a person speaking for one, the article's one
    claimant of its type (or the nearest before); else itself."""
    found = _named_with_head(row, ctx, abs_pos)
    if found is not None:
        return found
    name = row.get("claimant")
    head = row["claimant"].split()[-1].lower()
    ctype = row.get("claimant_type")
    if ctype in _TYPE_RESOLVED or head in claimantsmod.words("speaks_for"):
        same = ctx.nearest(("named", ctype, name), lambda: [
            (p, r) for p, r in ctx.named_claimants if r.get("claimant") != name and r.get("claimant_type") == ctype])
        if same.unique is not None:
            return same.unique
        before = same.before(abs_pos)
        if before is not None:
            return before
    if ctype == "armed_group":  # 'the rebel group' after 'blamed on the K12 rebel group': the group named before
        armed = ctx.nearest(("armed", name), lambda: claimantsmod.armed_groups_named(ctx.text))
        before = armed.before(abs_pos)
        if before is not None:
            return before
    return row


def _one_word_claimant(row: dict, text: str = "") -> dict | None:
    """A one-word name no one was named by before, speaking in its own right: a country is
    its government ('Russia said'); a word written as a name is the body it names ('Hamas
    said', 'The Taliban said', 'Al-Shabab said'); another word is no claimant (a capitalised
    word before a reporting verb is too often no name: 'Gunmen believed to be').

    Written as a name: capitalised after a determiner ('The Taliban'), capitalised inside the
    word ('Al-Shabab', 'al-Qaeda'), or capitalised after a lower-case word somewhere in the
    article ('... fighters of Hamas ...'), so not capitalised only for starting a sentence."""
    name = str(row.get("claimant", ""))
    alias = str(row.get("alias", name))
    place = gazetteer.lookup(name)
    if place is not None and place.level == 0 and place.name.lower() == name.lower():
        return {"claimant": place.name, "claimant_type": "government", "side": "unknown", "party": "", "generic": "false",
                "alias": alias}
    if place is not None and place.level == 3 and place.country and gazetteer.is_capital(place.name) \
            and gazetteer.key(place.name) == gazetteer.key(name):
        # a capital for its government ('Moscow said', 'Islamabad said')
        return {"claimant": place.country, "claimant_type": "government", "side": "unknown", "party": "",
                "generic": "false", "alias": alias}
    if _INNER_CAPITAL_RE.search(name) or name[:1].isupper() and (
            _DETERMINED_NAME_RE.match(alias) or re.search(rf"[a-z,][ \t]+{re.escape(name)}\b", text)):
        return {"claimant": name, "claimant_type": None, "side": "unknown", "party": "", "generic": "false",
                "alias": alias}
    return None


#: ranks written before a name ('Maj.', 'Colonel'): role ``military_rank`` of ``claim_words.csv``
_MILITARY_RANK = lexicons.WordSet("military_rank", cased=True)
_RANK_BEFORE_RE = re.compile(r"\b([A-Z][a-z]+)\.?\s+$")
_DETERMINED_NAME_RE = re.compile(r"^(?:the|The)\s+[A-Z]")
_INNER_CAPITAL_RE = lexicons.RolePattern(r"^{article}-[A-Z]|\w[-’'][A-Z]", cased=True, article="inner_article")


def outlet_claimant(ctx: ArticleContext) -> dict:
    """Who speaks when no one is named: the organisation whose own release the article is
    (its outlet name begins with a claimant's alias), else the outlet."""
    if ctx.outlet_voice is not None:
        return ctx.outlet_voice
    name = ctx.outlet if ctx.outlet else "outlet"
    return {"claimant": name, "claimant_type": "outlet", "side": "neutral", "party": "false"}


def choose_attribution(atts: list[_Attribution], c_start: int, c_end: int) -> _Attribution | None:
    """The attribution of a span ``c_start``..``c_end`` among its sentence's ``atts`` (used by events too)."""
    if not atts:
        return None
    before = [a for a in atts if a.pos <= c_start]
    after = [a for a in atts if a.pos >= c_end]
    if before:
        return max(before, key=lambda a: a.pos)
    if after:
        return min(after, key=lambda a: a.pos)
    return min(atts, key=lambda a: abs(a.pos - c_start))


_PLACE_PREPOSITIONS = lexicons.WordSet("place_preposition")  # lexicons/base/place_words.csv




def not_event_spans(s: str, atts: list) -> list[tuple[int, int]]:
    """Spans of sentence ``s`` whose places say who speaks, not where the harm was: its
    claimants' own words ("the governor of Donetsk", "a Kaduna State official"; ``atts``: its
    attributions). (A dateline's place is left out earlier, ``_sentence_places``.)"""
    return [(a.hit_start, a.hit_start + len(a.alias_text)) for a in atts if a.hit_start >= 0 and a.alias_text]


def event_places(s: str, places: tuple, skip: list[tuple[int, int]]) -> tuple[tuple, list]:
    """``places`` (``_sentence_places`` of sentence ``s``) without the hits inside ``skip`` (``not_event_spans``),
    and the hits left out when nothing else is named (a weak place, used when the article
    gives none: "the governor of Kaduna State said ten were killed")."""
    hits, text_place = places
    if not hits or not skip:
        return places, []
    # a place after a preposition inside the claimant's words says where the speaker is ("medics
    # in Khan Yunis said"), often where the harm was; a place in a title does not ("Donetsk
    # Governor", "the governor of Kaduna State")
    kept = [h for h in hits if not any(a <= h.start and h.end <= b for a, b in skip)
            or _word_before(s, h.start) in _PLACE_PREPOSITIONS]
    if len(kept) == len(hits):
        return places, []
    return (kept, text_place if kept else None), ([] if kept else hits)


def _place_in(s: str, c_start: int, c_end: int, places: tuple | None = None,
              main: dict | None = None, countries: frozenset[str] | None = None) -> tuple[dict | None, str | None]:
    """The most specific place named for a claim in sentence ``s``, else a place named in the
    text ('in Hama'), else nothing. ``places`` is ``_sentence_places(s)`` when already known.

    Among the sentence's places in the article's ``countries`` (all of them when none is),
    a place that contains another named place gives way ("Sudan's El-Fasher" is El Fasher);
    the nearest of the rest to the claim span wins. A country or admin1 that contains the
    article's ``main`` place gives way to it ("in Darfur" in an article about El Fasher).
    A sentence naming only places abroad (a dateline, "Jerusalem Hospital") gives the main
    place. A place taken from the article carries ``"_source": "article"``."""
    hits, text_place = places if places is not None else _sentence_places(s)
    # 'the region bordering Venezuela', 'near the border with Pakistan' (the country across it),
    # 'the wounded were evacuated to hospitals in the nearby city of X' (where they were
    # treated, not harmed): no place of the claim; (pattern, characters looked back, whether
    # the claim is then left with no place when the article has none)
    for rx, back, to_none in ((_BORDER_BEFORE_RE, 40, False), (_TREATED_BEFORE_RE, 160, True)):
        away = [h for h in hits if rx.search(s, max(0, h.start - back), h.start)] if hits else []
        if away:
            rest = [h for h in hits if h not in away]
            if rest:
                hits = rest
            elif main is not None:
                return {**main, "_source": "article"}, None
            elif to_none:
                return None, None
    if hits:
        if countries:
            home = [h for h in hits if h.value["country"] in countries]
            if not home and main is not None:
                return {**main, "_source": "article"}, None
            hits = home or hits
        # a country named beside a smaller place is its container, the attacker or a foreign
        # reference ("Russia hits a station in Ukraine's Kramatorsk"): the smaller place wins
        hits = [h for h in hits if h.value.get("level", 3) > 0] or hits
        names = gazetteer.most_specific(list(dict.fromkeys(h.value["place"] for h in hits)),
                                        {h.value["place"]: h.value for h in hits})
        specific = [h for h in hits if h.value["place"] in names] or hits
        if len(specific) > 1:
            # a country named as an actor ('Russia struck the town of X', "Israel's offensive")
            # gives way to the places named as locations
            located = [h for h in specific if (h.value.get("level") != 0 and not gazetteer.is_capital(h.value["place"]))
                       or _as_location(s, h.start) and not gazetteer.seat_of_government(s, h.start)]
            specific = located or specific
        # nearest by distance either side
        h = min(specific, key=lambda h: min(abs(h.start - c_end), abs(c_start - h.end)))
        if contains_main(h.value, main):
            # the article narrows what the sentence named; a background total keeps it (``_background``)
            return {**main, "_source": "article", "_container": h.value}, None
        return h.value, None
    return None, text_place


def contains_main(row: dict, main: dict | None) -> bool:
    """Whether place ``row`` is a country or province that contains the article's ``main``
    place, which then says more ("in Darfur" in an article about El Fasher; "in Kaduna State"
    in one about a village of it, ``gazetteer.local_places``), or the district named with that
    village as its area ("in Kanbalu Township" in an article about Pazigyi village)."""
    if main is None or main["place"] == row["place"]:
        return False
    if main.get("kind") == "locality" and row["place"] == main.get("area"):
        return True  # "in Kanbalu Township" in an article about a village of it
    if row.get("level", 3) > 1:
        return False
    return gazetteer.contains(row["place"], main["place"]) or \
        (main.get("kind") == "locality" and row["place"] in (main.get("admin1"), main.get("country")))


#: 'bordering', 'the border with the rival': a country after one is no claim place (``claim_words.csv``)
_BORDER_BEFORE_RE = lexicons.RolePattern(r"\b{border}(?:\s+{modifier})?\s+$", re.IGNORECASE,
                                         border="border_word", modifier="border_modifier")


#: 'were evacuated to hospitals in', 'being treated in': a place after one is where victims
#: were treated (``claim_words.csv`` role ``treatment_verb``), within the clause
_TREATED_BEFORE_RE = lexicons.RolePattern(r"\b{treated}\s+(?:to|in|at)\b[^.;]{{0,120}}$", re.IGNORECASE,
                                          treated="treatment_verb")


_word_before = gazetteer.word_before  # 'on the Gaza Strip' gives 'on' with past_the


def _as_location(s: str, pos: int) -> bool:
    """``gazetteer.named_as_location``: 'in Ukraine', not 'Russia struck' or "Israel's offensive"."""
    return gazetteer.named_as_location(s, pos)


_NEXT_LOWER_RE = re.compile(r"\s+([a-z][a-z\-]+)")


@functools.cache
def _adjective_heads() -> frozenset[str]:
    """Nouns a capitalised name before them modifies, so that it names no place ('Taliban attack',
    'Somali capital'): the event terms (``event_types.csv``) and ``claim_words.csv`` role
    ``adjective_head``."""
    events = {str(t).lower() for t in lexicons.table("event_types")["term"] if "*" not in str(t)}
    return frozenset(events | set(_words("adjective_head")))


lexicons.register_cache(_adjective_heads.cache_clear)


def _sentence_places(s: str, countries: frozenset[str] | None = None, local: list | None = None,
                     areas: frozenset[str] = frozenset()) -> tuple[list, str | None]:
    """Gazetteer hits of a sentence (world places outside ``countries``, the article's, only
    when large; with ``local``, the article's local places named in it,
    ``Document.local_places_in``; a city named like its province read as the province where
    the text means the area, ``gazetteer.read_as_areas`` with ``areas``, the provinces of the
    article's villages) and, when there are none, a place-like name after 'in'/'near'."""
    hits = gazetteer.read_as_areas(s, gazetteer.find(s, countries), areas)
    if hits and hits[0].start < 60 and (cut := gazetteer.dateline_end(s)):
        hits = [h for h in hits if h.start >= cut]  # 'KYIV (Reuters) - ...': where the reporter files from
    if local:
        hits = sorted(hits + local, key=lambda h: h.start)
    if hits:
        return hits, None
    if gazetteer.title_line(s, 0):
        return [], None  # in a title-case headline every word is capitalised: 'Killed 500 in Central Country'
    m = None
    for mm in _place_text_re().finditer(s):
        cand = mm.group(1).strip()
        if _POSSESSIVE_END_RE.search(cand) or s[mm.end(1):mm.end(1) + 2] in ("'s", "’s"):
            continue
        first = cand.split()[0]
        if (first == first.capitalize() and first.lower() in dates.CALENDAR_NAMES) or first in _NOT_PLACE_OPENERS or lexicons.alias_matcher("actors").find(cand) or lexicons.alias_matcher("claimants").find(cand):
            continue
        nxt = _NEXT_LOWER_RE.match(s, mm.end(1))
        if nxt is not None and (nxt.group(1) in _adjective_heads() or nxt.group(1) in _person_nouns()):
            continue  # 'in Taliban attack', 'in Somali capital': a name before a noun, no place
        m = mm
        break
    return [], (m.group(1).strip() if m else None)


@functools.cache
def _actor_sides() -> dict[str, frozenset[str]]:
    sides: dict[str, set[str]] = {}
    for r in lexicons.table("actors").itertuples(index=False):
        sides.setdefault(r.actor, set()).add(r.side)
    return {k: frozenset(v) for k, v in sides.items()}


lexicons.register_cache(_actor_sides.cache_clear)


def _enemy_side(perpetrator: str, side_counts: dict[str, int]) -> str | None:
    """For 'troops' with no side: the side other than the perpetrator's that the article names
    most (``side_counts``: ``ArticleContext.actor_side_counts``)."""
    table = _actor_sides()
    perp_sides = set().union(*(table.get(a, frozenset()) for a in perpetrator.split("; ")))
    counts = {sd: n for sd, n in side_counts.items() if sd not in perp_sides}
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k])


@functools.cache
def _statement_date_re() -> re.Pattern:
    """A reporting verb just before a time expression: 'said on Friday' dates the statement."""
    verbs = sorted(set(claimantsmod.reporting_verbs()))
    lead = lexicons.WordSet("statement_time_lead").pattern()
    return re.compile(rf"\b(?:{lexicons.phrase_pattern(verbs, sep=' ', split=' ')})\s+(?:{lead}\s+)?$", re.IGNORECASE)


lexicons.register_cache(_statement_date_re.cache_clear)


@functools.cache
def _addressee_date_re() -> re.Pattern:
    """A verb of telling and its addressee just before a time expression: 'told parliament on
    November 30', 'told the BBC on Friday', 'briefed diplomats late Monday' date the statement
    (role ``addressee_verb`` of ``claim_words.csv``; the addressee is one to four words with no
    digit, checked by ``_addressed_on``)."""
    lead = lexicons.WordSet("statement_time_lead").pattern()
    verbs = lexicons.WordSet("addressee_verb").pattern()
    return re.compile(rf"\b(?:{verbs})\s+((?:[^\s\d]+\s+){{1,4}}?)(?:{lead}\s+)?$", re.IGNORECASE)


lexicons.register_cache(_addressee_date_re.cache_clear)


def _addressed_on(text: str, sent_start: int, e_start: int) -> bool:
    """Whether the expression at ``e_start`` follows a verb of telling and its addressee
    (``_addressee_date_re``) with no harm word among them: 'told parliament on November 30 that
    ...' dates what was said; 'told of 12 killed on Friday' does not."""
    m = _addressee_date_re().search(text, max(sent_start, e_start - 60), e_start)
    return m is not None and not _harm_spans(m.group(1))


def _dates_the_report(text: str, sent_start: int, e_end: int, a_start: int) -> bool:
    """An expression in the reporting clause that precedes the claim dates the report.

    'On Friday, the monitor said 12 were killed' and 'Outlets ... today have published reports
    on the massacre of 700' date what was said, not the killing: a reporting verb lies between
    the expression and the claim, and no harm word precedes that verb in the sentence (in 'Ten
    were killed on Friday, the monitor said, adding that 5 ...' the day belongs to the first
    clause's killing and still dates it).
    """
    if e_end > a_start:
        return False
    m = _attrib_re().search(text[e_end:a_start])  # any reporting verb between them
    return m is not None and not _harm_spans(text[sent_start:e_end + m.start()])


def _claim_date(ctx: ArticleContext, a_start: int, a_end: int, sent, datable: bool = True) -> tuple:
    """The time expression dating a claim, and whether it only dates the statement.

    The nearest expression in the claim's sentence dates the claim. One that directly follows
    an attribution verb ('a monitor said on Friday', 'IS said Thursday') dates the statement,
    not the killing: the claim gets no start date and ``event_date_end`` = that day (the event
    happened on or before it), unless the sentence holds another expression. So does one in
    the reporting clause before the claim ('On Friday, the monitor said 12 were killed') and one
    after an ``as_of`` cue of ``windows.csv`` ('773 bodies as of January 30': a running count
    ends there). Nothing outside
    the sentence dates a claim: no guessing from the lede or the publication day.

    ``datable`` False (``dates.may_hold_expression`` of the sentence is false) means no
    expression lies inside the sentence: the article's expressions are then not even needed.
    """
    te, statement, _ = _claim_dates(ctx, a_start, a_end, sent, datable)
    return te, statement


#: An embedded post's signature before its date ("... pic.twitter.com/x — Reuters (@Reuters) August
#: 31, 2024"): the day it was posted, a statement date.
_POST_SIGNATURE = re.compile(r"\(@\w{1,30}\)\s*$")


def _claim_dates(ctx: ArticleContext, a_start: int, a_end: int, sent, datable: bool = True,
                 count_at: int | None = None) -> tuple:
    """``_claim_date``, and the sentence offsets of every expression in the sentence that dates
    only the statement: none of them is the figure's counting window either ('The government
    on Monday said 272 were killed last week': Monday is when it was said).

    ``count_at``: where the claim's count is. An expression in the count's own clause (between
    semicolons) is preferred to one in another clause that the claim's span reaches: 'the toll
    stood at 30 on Monday; officials raised it to 45 on Tuesday' dates the 45 Tuesday."""
    if not datable:
        return None, False, frozenset()
    window = (sent.start, sent.end)
    exprs = dates.within(ctx.time_expressions, *window)
    statement_like = [e for e in exprs if _statement_date_re().search(ctx.text[max(sent.start, e.start - 40):e.start])
                      or _addressed_on(ctx.text, sent.start, e.start)
                      or _dates_the_report(ctx.text, sent.start, e.end, a_start)
                      or windows.as_of_before(ctx.text, e.start)  # '773 bodies as of January 30'
                    or _POST_SIGNATURE.search(ctx.text, max(sent.start, e.start - 40), e.start)]
    said_at = frozenset(e.start - sent.start for e in statement_like)
    event_like = [e for e in exprs if e not in statement_like]
    if count_at is not None:
        event_like = windows.in_own_clause(event_like, sent.text, count_at - sent.start, offset=sent.start)
    te = dates.nearest_expression(event_like, a_start, a_end)
    if te is not None:
        return te, False, said_at
    te = dates.nearest_expression(statement_like, a_start, a_end)
    return te, te is not None, said_at


def _claim_id(article_id: str, start: int, end: int, kind: str, count_text: str) -> str:
    h = hashlib.sha1(f"{article_id}|{start}|{end}|{kind}|{count_text}".encode("utf-8")).hexdigest()
    return "c" + h[:12]


# ----------------------------------------------------------------------------- article level
@functools.cache
def _hedges():
    """The module ``newslib.language.hedges``, imported on first use (an import statement per
    article costs more than the lookup)."""
    from ..language import hedges

    return hedges


def article_claims(article: dict, sentences: list[textmod.Sentence] | None = None,
                   contexts: dict | None = None, problems: list[dict] | None = None) -> list[dict]:
    """Claims of one article (a row of the ``articles`` table as a dict). ``contexts``: a
    dict that receives the article's ``ArticleContext`` (by article id) when one was made, so
    events can reuse what claims computed.

    A claim whose count cannot be used (a number larger than any casualty count) is kept
    without a count, and the problem is appended to ``problems`` (rows of the ``errors``
    table: ``input``, ``reason``, ``severity``), or logged when ``problems`` is None."""
    hedges_in, disputes = _hedges().hedges_in, _hedges().disputes
    text = article["text"]
    if not isinstance(text, str) or not text.strip():
        return []
    text_harm = _harm_spans(text)
    if not text_harm:  # no harm word anywhere: no claim (and no need to split)
        return []
    harm_ends = [b for _, b in text_harm]
    ctx = ArticleContext.of_article(article, sentences)
    sentences, published, pub = ctx.sentences, article.get("published"), ctx.published
    if contexts is not None:
        contexts[article["article_id"]] = ctx
    home = (ctx.main_place or {}).get("country") or None  # the article's own country
    rows: list[dict] = []
    for idx, sent in enumerate(sentences):
        s = sent.text
        harm = ctx.harm_spans[idx] = _sentence_harm_spans(text, text_harm, sent, harm_ends)
        if not harm and not (rows and _ANAPHORIC_OPEN_RE.match(s)):  # 'Of these, 12 were children' needs a claim before
            continue
        found = _sentence_claims(s, tuple(harm))
        if not found:
            continue
        datable = dates.may_hold_expression(text[sent.start:sent.end])
        resolved = ctx.attributions(idx)
        found = _outside_sources(found, resolved)
        if not found:
            continue
        places = _sentence_places(s, ctx.countries, ctx.local_places_in(sent), ctx.village_areas)
        if places[0] and any(h.value["place"] not in ctx.place_names for h in places[0]):
            places = ([h for h in places[0] if h.value["place"] in ctx.place_names], None)
        places, weak_places = event_places(s, places, not_event_spans(s, resolved))
        hedges = "; ".join(hedges_in(s)) or None
        sent_rows: list[dict] = []
        first_start = min(_claim_span(c)[0] for c in found)  # a continued report opens the sentence
        for c in found:
            q = c.q
            toks = c._toks  # type: ignore[attr-defined]
            t = c.trig
            ls, le = _claim_span(c)
            # a source after the figure inside a relative clause speaks of that clause only ('...,
            # with 9 injured, in what an army chief told officials was an error')
            att = choose_attribution([a for a in resolved if not (a.pos >= le and _RELATIVE_END_RE.search(s, 0, a.hit_start))],
                                     ls, le)
            if att is not None:
                claimant = att.claimant
            else:  # someone's words (a quotation, a list they introduce), else the outlet's
                inherited = None
                if textmod.in_spans(sent.start + q.start, ctx.quote_index) and not (sent.is_headline or sent.is_heading):
                    inherited = ctx.previous_claimant(idx, back=5)
                elif c.anaphoric and (parent := _anaphora_parent_row(rows, sent.sentence_id)) is not None:
                    inherited = _row_claimant(parent)  # 'Of these, 12 were children': the parent's account
                claimant = (inherited or ctx.inherited_claimant(idx) or ctx.credited_claimant(idx)
                            or ctx.continued_claimant(idx, first_start) or outlet_claimant(ctx))
            side = _side_of(c.victims)
            if side is None and _humanitarian_staff(c.victims, claimant):
                side = "civilians"
            if side is None:
                head = c.victims.lower().split()[-1] if c.victims else ""
                if head in MILITARY_NOUNS or not c.victims:
                    others = [r["victim_side"] for r in sent_rows if r["victim_side"] not in ("unknown", "civilians")]
                    side = others[-1] if others else None
            perp = _perpetrator(s, c, side, claimant)
            if side is None and c.victims and c.victims.lower().split()[-1] in MILITARY_NOUNS and perp:
                side = _enemy_side(perp, ctx.actor_side_counts)
            side = side or "unknown"
            place_row, place_text = _place_in(s, ls, le, places, ctx.main_place, ctx.countries)
            if place_row is not None:
                place, place_src, lat, lon = (place_row["place"], place_row.get("_source", "sentence"),
                                              place_row["lat"], place_row["lon"])
            elif place_text:
                place, place_src, lat, lon = place_text, "sentence", None, None
            elif ctx.headings and (sec := ctx.section_place(sent)) is not None and not contains_main(sec, ctx.main_place):
                place, place_src, lat, lon = sec["place"], "section", sec["lat"], sec["lon"]
            elif ctx.main_place is not None:
                place, place_src = ctx.main_place["place"], "article"
                lat, lon = ctx.main_place["lat"], ctx.main_place["lon"]
            elif weak_places:  # only the claimant's or the dateline's place: better than none
                weak = _place_in(s, ls, le, (weak_places, None), None, ctx.countries)[0]
                place, place_src, lat, lon = weak["place"], "sentence", weak["lat"], weak["lon"]
            else:
                place, place_src, lat, lon = None, None, None, None
            # where a background total is, should its window make it one ('4,000 have died since
            # 2015'): the wider place its sentence named, else the country of the article's place
            background = None
            if place_src == "article":
                background = (place_row or {}).get("_container") or _country_of(ctx.main_place)
            a_start, a_end = sent.start + ls, sent.start + le
            kind = c.kind or (t.kind if t else "killed")
            if t is None and c.anaphoric:  # 'Of these, 12 were children': the parent claim's kind
                parent = _anaphora_parent_row(rows, sent.sentence_id)
                if parent is None:
                    continue
                kind = parent["kind"]
            te, statement, said_at = _claim_dates(ctx, a_start, a_end, sent, datable, count_at=sent.start + c.q.start)
            claimant_side = claimant.get("side", "neutral") or "neutral"
            # party to the fighting: as the lexicon says; a government of the article's own country is
            # one; unknown (empty) for another claimant the lexicon does not know
            party = str(claimant.get("party", "false")).strip()
            is_party = lexicons.truthy(party) if party and party != "unknown" else None
            if is_party is None and _home_government(claimant, home):
                is_party = True
            elif is_party is None and claimant.get("claimant_type") in NON_PARTY_TYPES:
                is_party = False  # a UN body, an NGO, a monitor, a witness, a reporter: no organ of a belligerent
            elif is_party is None and claimant.get("claimant_type") == "armed_group":
                is_party = True  # an armed group fights (the dev corpora's RSF, Joint Force, M23, JNIM)
            about_enemy = bool(is_party and side not in ("unknown", "civilians", claimant_side))
            count_text = q.text
            if q.problem:
                _count_problem(article, ctx.article_id, sent.start + q.start, q.problem, problems)
            row = {
                "claim_id": _claim_id(ctx.article_id, a_start, a_end, kind, count_text),
                "article_id": ctx.article_id,
                "outlet": ctx.outlet,
                "published": published,
                "sentence_id": sent.sentence_id,
                "start": a_start,
                "end": a_end,
                "quote": s,
                "kind": kind,
                "count_low": q.low,
                "count_high": q.high,
                "count_text": count_text,
                "qualifier": q.qualifier,
                "count_kind": q.count_kind,
                "victims": c.victims or None,
                "victim_side": side,
                "perpetrator": perp,
                "claimant": claimant["claimant"],
                "claimant_type": claimant["claimant_type"],
                "claimant_side": claimant_side,
                "claimant_is_party": is_party,
                "party_claim_about_enemy": about_enemy,
                "attribution": att.verb if att else None,
                "place": place,
                "place_source": place_src,
                "lat": float(lat) if lat not in (None, "") else None,
                "lon": float(lon) if lon not in (None, "") else None,
                # an unresolved statement date ('MSF said on Sunday' in an undated article) dates nothing
                "date_text": te.text if te and not (statement and te.date_end is None) else None,
                # a statement date ('IS said on Thursday it had killed ...') only bounds the event: on or before it
                "event_date": pd.Timestamp(te.date_start) if te and te.date_start and not statement else None,
                "event_date_end": pd.Timestamp(te.date_end) if te and te.date_end else None,
                "date_precision": te.precision if te and te.date_start and not statement else None,
                "subset_of": None,
                "_subset_idx": c.subset_of,
                "_anaphoric": c.anaphoric,
                "_statement_at": said_at,
                "_count_at": sent.start + c.q.start,
                "in_headline": bool(sent.is_headline or sent.is_heading),
                "in_quotes": textmod.in_spans(sent.start + q.start, ctx.quote_index),
                "hedges": hedges,
                "disputes": disputes(s, q.start),
                "origin": "extracted",
                "correction_note": None,
                "_background": background,
            }
            sent_rows.append(row)
        for r in sent_rows:
            idx = r.pop("_subset_idx")
            if idx is not None and 0 <= idx < len(sent_rows):
                r["subset_of"] = sent_rows[idx]["claim_id"]
            if r.pop("_anaphoric") and r["subset_of"] is None:
                r["subset_of"] = _anaphora_parent(rows, sent.sentence_id)
        rows.extend(sent_rows)
    if rows:
        windows.annotate(rows, text, {se.sentence_id: (se.start, se.text) for se in sentences}, pub, _statement_date_re())
        for r in rows:
            _place_background(r)
    return rows


def _country_of(main: dict | None) -> dict | None:
    """The gazetteer row of the country of place ``main`` (None for a country, or when unknown)."""
    if main is None or main.get("level", 3) == 0 or not main.get("country"):
        return None
    info = gazetteer.lookup(main["country"])
    return gazetteer.matcher().value(info.name) if info is not None and info.level == 0 else None


def _place_background(row: dict) -> None:
    """A background total (``scope`` cumulative: "4,000 people have died since 2015") placed by
    its article's main place is placed at the wider place its sentence named ("in Yemen" of an
    article on Sanaa), else at that main place's country: a war's toll is not the village's."""
    bg = row.pop("_background", None)
    if bg is None or row.get("scope") != "cumulative":
        return
    row["place"] = bg["place"]
    row["lat"] = float(bg["lat"]) if bg.get("lat") not in (None, "") else None
    row["lon"] = float(bg["lon"]) if bg.get("lon") not in (None, "") else None


def _claim_span(c: _Claim) -> tuple[int, int]:
    """The span of claim ``c`` in its sentence: its count, victims, trigger (as its row's
    ``start``/``end``, sentence-local)."""
    q, toks, t = c.q, c._toks, c.trig  # type: ignore[attr-defined]
    spans = [q.start, q.end]
    if c.np1 > c.np0:
        spans += [toks.start[c.np0], toks.end[c.np1 - 1]]
    if c.post_end:
        spans.append(c.post_end)
    if t is not None and c.rule != "R3":
        spans += [toks.start[t.t0], toks.end[t.t1 - 1]]
    return min(spans), max(spans)


def _outside_sources(found: list[_Claim], atts: list[_Attribution]) -> list[_Claim]:
    """The claims of a sentence less those whose count is a word of the phrase naming a
    source while their harm word is outside it ('... killing two and wounding five, *a* police
    official said': no one wounded is the official). Subset links follow the claims kept."""
    if not atts or not found:
        return found
    spans = [(a.hit_start, a.hit_start + len(a.alias_text)) for a in atts if a.alias_text]
    keep: list[int] = []
    for k, c in enumerate(found):
        # inside the phrase, or its article just before it ('..., *a* military officer who asked not
        # to be named said': the lexicon's claimant is the word 'military')
        inside = next(((a, b) for a, b in spans if a <= c.q.start and c.q.end <= b
                       or a - c.q.end == 1 and c.q.text.lower() in _ARTICLES), None)
        t = c.trig
        if inside is not None and t is not None:
            toks = c._toks  # type: ignore[attr-defined]
            if not (inside[0] <= toks.start[t.t0] and toks.end[t.t1 - 1] <= inside[1]):
                continue
        keep.append(k)
    if len(keep) == len(found):
        return found
    new_at = {old: new for new, old in enumerate(keep)}
    out = []
    for k in keep:
        c = found[k]
        if c.subset_of is not None:
            c = dataclasses.replace(c, subset_of=new_at.get(c.subset_of))
            c._toks = found[k]._toks  # type: ignore[attr-defined]
        out.append(c)
    return out


def _anaphora_parent(rows: list[dict], sentence_id: int) -> str | None:
    """The claim an anaphoric count opening its sentence refers to ('Twenty-five of these'):
    the last claim that is no subset, in the two sentences before."""
    r = _anaphora_parent_row(rows, sentence_id)
    return r["claim_id"] if r is not None else None


def _row_claimant(row: dict) -> dict:
    """The claimant of a claim row, as an attribution gives it."""
    party = row.get("claimant_is_party")
    return {"claimant": row["claimant"], "claimant_type": row["claimant_type"], "side": row.get("claimant_side") or "neutral",
            "party": "" if party is None else ("true" if party else "false")}


def _anaphora_parent_row(rows: list[dict], sentence_id: int) -> dict | None:
    """The row of ``_anaphora_parent``."""
    for r in reversed(rows):
        if r["sentence_id"] < sentence_id - 2:
            return None
        if r["subset_of"] is None:
            return r
    return None


def _count_problem(article: dict, article_id: str, offset: int, problem: str, problems: list[dict] | None) -> None:
    """Record a claim whose count cannot be used: a row for the ``errors`` table (or a log
    warning) naming the article and the offset of the count in its cleaned text."""
    source = article.get("source")
    where = source if isinstance(source, str) and source else article_id
    reason = (f"article {article_id}, offset {offset}: {problem}; check the text, or set the count with a "
              f"correction (data/corrections.csv)")
    if problems is None:
        log.warning("%s: %s", where, reason)
    else:
        problems.append({"input": where, "reason": reason, "severity": "warning"})


def extract_claims(articles: pd.DataFrame, sentences: pd.DataFrame | None = None,
                   contexts: dict | None = None, problems: list[dict] | None = None) -> pd.DataFrame:
    """The ``claims`` table for an ``articles`` table (and its ``sentences``, if computed).
    ``contexts``: as in ``article_claims``. Problems with single claims are appended to
    ``problems`` (``errors`` rows), or logged.

    >>> from newslib.read import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", "Title\\n\\nFive soldiers were killed.")]).articles
    >>> extract_claims(arts)["count_low"].tolist()
    [5]
    """
    by_article: dict[str, list[textmod.Sentence]] = {}
    if sentences is not None and len(sentences):
        scols = ("article_id", "sentence_id", "start", "end", "paragraph", "is_headline", "is_heading", "text")
        # column lists: iterating rows of Arrow-backed columns asks Arrow for each value on its own
        for aid, sid, start, end, para, head, heading, txt in zip(*(sentences[c].tolist() for c in scols)):
            by_article.setdefault(aid, []).append(
                textmod.Sentence(int(sid), int(start), int(end), int(para) if pd.notna(para) else 0,
                                 bool(head), bool(heading), txt))
    rows: list[dict] = []
    cols = [c for c in ("article_id", "outlet", "published", "published_end", "title", "text", "source") if c in articles.columns]
    values = [articles[c].tolist() for c in cols]  # column lists: far cheaper than to_dict on Arrow strings
    for vals in zip(*values):
        art = dict(zip(cols, vals))
        rows.extend(article_claims(art, by_article.get(art["article_id"]), contexts, problems))
    return schemas.CLAIMS.from_rows(rows, sort=("article_id", "start", "end", "claim_id"))


def claims_from_text(text: str, published: str | None = None, outlet: str | None = None, article_id: str = "doc") -> pd.DataFrame:
    """Claims of one piece of text (cleaned like an article; its first line is a headline only
    if the text has several lines and the first reads as one).

    >>> claims_from_text("One person was killed and 23 were wounded.")["kind"].tolist()
    ['killed', 'wounded']
    """
    from ..read import corpus

    doc = corpus.Document(article_id, article_id, text, published=published, outlet=outlet)
    res = corpus.build([doc])
    if res.articles.empty:
        return schemas.CLAIMS.empty()
    return extract_claims(res.articles)
