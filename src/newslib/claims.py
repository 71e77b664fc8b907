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
  subset of the first claim of the sentence.

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
import itertools
import logging
import re
from dataclasses import dataclass, field

import pandas as pd

from . import dates, gazetteer, lexicons, quantities, schemas, text as textmod, windows
from . import published as published_mod
from .quantities import Quantity

log = logging.getLogger(__name__)

_TOKEN_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[-'’.][A-Za-z0-9\u00C0-\u024F]+)*|[^\sA-Za-z0-9\u00C0-\u024F]")
_TOKEN_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")  # the same, as the one group

AUX = frozenset(
    "were was have has had been being are is be reportedly also all later allegedly reported confirmed "
    "believed thought feared now who that which subsequently eventually both each apparently then to "
    "said say says known presumed found left lay later reportedly initially already either".split()
)
NP_STOP = frozenset(
    "were was have has had been being are is be who that which in on at by during when while after before "
    "as since near across south north east west around inside outside including among according said says "
    "amid despite following because but or if than into onto over under through toward towards against "
    "with without for".split()
) | frozenset(list(",.;:()[]—–\"“”‘’!?"))
R2_FILLERS = frozenset(
    "the of to a an total estimated lives rose risen climbed reached stood stands at is was has had now "
    "number all another some toll were are".split()
)
SUBSET_MARKERS = ("including", "among them", "among whom", "of whom", "of them", "incl", "among those")
MILITARY_NOUNS = frozenset(
    "troops troop soldiers soldier fighters fighter forces militiamen militia militias members member "
    "personnel servicemen officers gunmen militants combatants recruits".split()
)
#: A time expression spanning more than this does not date a claim (see ArticleContext).
MAX_CLAIM_RANGE_DAYS = 62
GENERIC_VICTIMS = frozenset("people persons person victims individuals".split())
ATTRIB_VERBS = tuple(
    "said says say saying claimed claims claim claiming acknowledged acknowledges acknowledging reported reports "
    "announced announces told tells stated states added adds confirmed confirms estimated estimates maintained "
    "tweeted insisted alleged alleges counted documented recorded".split()
) + ("put out a statement", "put out a statement claiming", "released a statement", "issued a statement", "in a statement")
# case-insensitive, scanned fast (lexicons.Caseless): matched groups may be lower-cased
_ATTRIB = lexicons.Caseless(rf"\b(?:{lexicons.phrase_pattern(ATTRIB_VERBS, sep=' ', split=' ')})\b")
_ACCORDING = lexicons.Caseless(r"\baccording\s+to\b|\bciting\b|\bcited by\b")
_PRONOUN_RE = re.compile(r"\b(?:he|she|it|they|the group|the organisation|the organization|the faction)\b", re.IGNORECASE)
_HEADLINE_SOURCE_RE = re.compile(r":\s*([A-Z][\w\s\-’']{1,40})\s*$")
# Two patterns below are written to start with literals: "i(?<=\bi)n" is "\bin" with the
# word-boundary test after the first letter, so that re skips straight to those letters.
_PLACE_TEXT_RE = re.compile(  # \b(?:in|near|outside|around|at)\s+ ...
    r"(?:i(?<=\bi)n|n(?<=\bn)ear|o(?<=\bo)utside|a(?<=\ba)(?:round|t))\s+"
    r"(?:the\s+(?:town|city|village|province|district|region|area|neighbou?rhood|camp)\s+of\s+)?"
    r"((?:al-|el-|Al-|El-)?[A-Z][\w'’\-]+(?:\s+(?:al-|el-|ez-|az-|de\s|)?[A-Z][\w'’\-]+){0,3})"
)
# small patterns of the attribute rules, compiled once
_CLAUSE_BREAK_RE = re.compile(  # [,;:]|\b(?:that|and|while|as|but|who|which)\b
    r",|;|:|t(?<=\bt)hat\b|a(?<=\ba)(?:nd|s)\b|w(?<=\bw)(?:hile|ho|hich)\b|b(?<=\bb)ut\b")
_WE_RE = re.compile(r"\b(?:it|we|they)\b", re.IGNORECASE)
_AGENT_RE = re.compile(r"\s*(?:\w+ly\s+)?(?:by|in|during|when|as|after)\s+(.{0,60})", re.IGNORECASE)
_CLAUSE_END_RE = re.compile(r"[.;]|\b(?:killed|killing|attacked|seized|captured)\b", re.IGNORECASE)
_BY_THE_RE = re.compile(r"\s*(?:by\s+)?(?:the\s+)?")
_ANOTHER_RE = re.compile(r"\b(?:another|other|a second)\s+(?:\w+\s+)?$", re.IGNORECASE)
_POSSESSIVE_END_RE = re.compile(r"['’]s?$")
_NOT_PLACES = frozenset(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday The A An This That These Those His Her Their Its Our Total".split()
)


class _Tokens:
    """A sentence's word tokens as parallel lists (cheaper than one object per token):
    ``start[i]``, ``end[i]``, ``low[i]`` (the token lower-cased; its text is
    ``s[start[i]:end[i]]``); ``n`` tokens."""

    __slots__ = ("start", "end", "low", "n")

    def __init__(self, s: str):
        # Lower-casing ASCII keeps every character in its token class: the same spans, and
        # the tokens come out lower-cased. Splitting on the token pattern (one group) gives
        # [gap, token, gap, ..., token, gap]; the running sum of the part lengths gives every
        # offset, without creating a match object per token.
        ascii_ = s.isascii()
        parts = _TOKEN_SPLIT_RE.split(s.lower() if ascii_ else s)
        ends = list(itertools.accumulate(map(len, parts)))
        tokens = parts[1::2]
        self.low = tokens if ascii_ else [t.lower() for t in tokens]
        self.start = ends[0:-1:2]  # a token starts where the gap before it ends
        self.end = ends[1::2]
        self.n = len(tokens)

    def __len__(self) -> int:
        return self.n


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


@dataclass
class _Attribution:
    claimant: dict
    alias_text: str
    verb: str
    pos: int  # sentence-local char offset of the attribution verb
    hit_start: int


class _lazy:
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    access, a cost per article here): computed on first access, then read from the instance."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


class ArticleContext:
    """What claims need from the whole article, computed only when first asked for."""

    def __init__(self, article_id: str, outlet: str | None, published, text: str, sentences: list):
        self.article_id = article_id
        self.outlet = outlet
        self.published = published
        self.text = text
        self.sentences = sentences
        self._atts: dict[int, list] = {}
        #: sentence index -> harm-word spans, recorded by ``article_claims`` as it scans the
        #: sentences (so ``_attributions`` need not scan them again)
        self.harm_spans: dict[int, list[tuple[int, int]]] = {}

    @_lazy
    def claimant_hits(self) -> list:
        return [(h.start, h.value) for h in lexicons.alias_matcher("claimants").find(self.text)]

    @_lazy
    def countries(self) -> frozenset[str]:
        """Countries the article names: world places elsewhere count only when large."""
        return gazetteer.matcher().countries(self.text)

    @_lazy
    def main_place(self) -> dict | None:
        return _main_place(self.text, countries=self.countries)

    @_lazy
    def quotes(self) -> list:
        return textmod.quote_spans(self.text)

    @_lazy
    def all_time_expressions(self) -> list:
        """Every time expression of the article (``dates.find_time_expressions``), found once
        and shared by claims, events and the ``time_expressions`` table."""
        return dates.find_time_expressions(self.text, self.published)

    @_lazy
    def time_expressions(self) -> list:
        """Expressions that can date a happening: long ranges ('since 1991', 'in nearly a
        year') bound a period, they do not date the claim."""
        out = []
        for e in self.all_time_expressions:
            if e.kind == "range" and e.date_start and e.date_end and (e.date_end - e.date_start).days > MAX_CLAIM_RANGE_DAYS:
                continue
            out.append(e)
        return out

    @_lazy
    def place_hits(self) -> list:
        return [(h.start, h.value) for h in gazetteer.find(self.text, self.countries)]

    @_lazy
    def actor_hits(self) -> list:
        return lexicons.alias_matcher("actors").find(self.text)

    @_lazy
    def headings(self) -> list:
        return [se for se in self.sentences if se.is_heading]

    def raw_attributions(self, i: int) -> list:
        if i not in self._atts:
            se = self.sentences[i]
            self._atts[i] = _attributions(se.text, se.is_headline or se.is_heading, self.harm_spans.get(i))
        return self._atts[i]

    def attributions(self, i: int, depth: int = 0) -> list:
        """Sentence i's attributions, generics resolved, pronouns ('he said', 'the group said')
        resolved to the last attribution of the three sentences before."""
        se = self.sentences[i]
        out = []
        for a in self.raw_attributions(i):
            if a.claimant.get("claimant") == "__pronoun__":
                prev = self.previous_claimant(i) if depth < 3 else None
                if prev is not None:
                    out.append(_Attribution(prev, a.alias_text, a.verb, a.pos, a.hit_start))
                continue
            out.append(_Attribution(_resolve_generic(a.claimant, self, se.start + a.hit_start), a.alias_text, a.verb, a.pos, a.hit_start))
        return out

    def previous_claimant(self, i: int) -> dict | None:
        for j in range(i - 1, max(-1, i - 4), -1):
            atts = self.attributions(j, depth=3)
            if atts:
                return atts[-1].claimant
        return None


# ----------------------------------------------------------------------------- lexicon-derived caches
@functools.cache
def _harm_re() -> tuple[lexicons.Caseless, dict[str, tuple[str, str]]]:
    """The harm-word pattern (case-insensitive) and the terms: lower-cased term -> (kind, form)."""
    tab = lexicons.table("harm_terms")
    terms = {}
    for _, r in tab.iterrows():
        terms[r["term"].strip().lower()] = (r["kind"].strip(), r["form"].strip())
    bad = sorted(set(k for k, _ in terms.values()) - set(schemas.KINDS))
    if bad:
        from .errors import LexiconError

        raise LexiconError(f"harm_terms.csv: unknown kinds {bad}; allowed {schemas.KINDS}")
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


def _sentence_harm_spans(text: str, text_spans: list[tuple[int, int]], sent) -> list[tuple[int, int]]:
    r"""``_harm_spans(sent.text)``, taken from ``text_spans`` (the spans in the whole ``text``)
    when that is the same: the sentence is ``text[sent.start:sent.end]``, no span runs across
    its ends, and the characters just outside them are not ``[\w-]`` (the pattern looks one
    character behind and ahead). Otherwise the sentence is scanned on its own."""
    start, end = sent.start, sent.end
    if (text[start:end] != sent.text or (start > 0 and _HARM_EDGE.match(text, start - 1))
            or (end < len(text) and _HARM_EDGE.match(text, end))):
        return _harm_spans(sent.text)
    out = []
    for a, b in text_spans:  # in text order
        if b <= start:
            continue
        if a >= end:
            break
        if a < start or b > end:
            return _harm_spans(sent.text)
        out.append((a - start, b - start))
    return out


@functools.cache
def _person_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicons.word_list("person_nouns.txt"))


lexicons.register_cache(_harm_re.cache_clear)
lexicons.register_cache(_person_nouns.cache_clear)


# ----------------------------------------------------------------------------- sentence analysis
def _tokens(s: str) -> _Tokens:
    return _Tokens(s)


_SINGULAR_WORDS = frozenset(("a", "an", "one", "another"))
#: the two-word subset markers before a count, as token pairs
_SUBSET_PAIRS = frozenset((("among", "them"), ("of", "whom"), ("of", "them"), ("among", "whom")))


def _singular_quantities(s: str, toks: _Tokens, taken: list[tuple[int, int]]) -> list[Quantity]:
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
            if w in NP_STOP:
                break
            if w in persons and not w.endswith("s") or w in ("police officer", "policeman", "man", "woman", "child"):
                out.append(Quantity(t_start, t_end, s[t_start:t_end], 1, 1, "exact", "number", t_start, t_end))
                break
    return out


def _is_person_np(toks: _Tokens, np0: int, np1: int, sentence: str) -> bool:
    persons = _person_nouns()
    chunk_end = np1
    for k in range(np0, np1):
        if toks.low[k] in ("of", "from") and k > np0:
            chunk_end = k
            break
    words = [toks.low[k] for k in range(np0, chunk_end)]
    if any(w in persons or w.rstrip("s") in persons for w in words):
        return True
    seg = sentence[toks.start[np0]:toks.end[chunk_end - 1]] if chunk_end > np0 else ""
    hits = lexicons.alias_matcher("actors").find(seg)
    # an actor name counted as people ("20 Hezbollah", "45 regime fatalities")
    return bool(hits) and len(words) <= 3


def _np_span(toks: _Tokens, q1: int, trig_starts: set[int], q_starts: set[int]) -> tuple[int, int]:
    """Token span of the noun phrase counted by the quantity ending at token q1."""
    j = q1
    if j < toks.n and toks.low[j] == "of":
        j += 1  # 'scores of fighters'
    np0 = j
    while j < toks.n and j - np0 < 9:
        w = toks.low[j]
        if j in trig_starts or j in q_starts:
            break
        if w in NP_STOP:
            break
        if w == "and":
            # coordination of people ('troops and militia'), not of clauses
            nxt = toks.low[j + 1] if j + 1 < toks.n else ""
            if j + 1 in trig_starts or j + 1 in q_starts or nxt in AUX or nxt in NP_STOP or nxt in ("a", "an"):
                break
        j += 1
    # strip trailing 'and', 'of', 'the'
    while j > np0 and toks.low[j - 1] in ("and", "of", "the", "from", "a", "an"):
        j -= 1
    return np0, j


def _analyse_sentence(s: str, harm_spans: list[tuple[int, int]] | None = None) -> list[_Claim]:
    """Claims of sentence ``s``; ``harm_spans`` are its harm-word spans when the caller has
    them already."""
    terms = _harm_re()[1]
    if harm_spans is None:
        harm_spans = _harm_spans(s)
    if not harm_spans:  # no harm word, no claim: skip tokenising
        return []
    toks = _tokens(s)
    if not toks:
        return []
    trigs: list[_Trigger] = []
    starts = toks.start  # token index at a position: bisect_left(starts, pos)
    for a, b in harm_spans:
        t0 = bisect.bisect_left(starts, a)
        t1 = bisect.bisect_left(starts, b)
        word = s[a:b]
        kind, form = terms[" ".join(word.lower().split())]
        trigs.append(_Trigger(t0, max(t1, t0 + 1), kind, form, word))
    if not trigs:
        return []
    qs = quantities.find_quantities(s)  # in text order
    taken = [(q.start, q.end) for q in qs]
    singles = _singular_quantities(s, toks, taken)
    if singles:
        qs = sorted(qs + singles, key=lambda q: q.start)
    if not qs:
        return []
    qspans = [(bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)) for q in qs]  # token spans
    trig_starts = {t.t0 for t in trigs}
    trig_by_start = {t.t0: t for t in trigs}
    trig_by_end = {t.t1: t for t in trigs}
    q_starts = {a for a, _ in qspans}
    q_by_start = {a: i for i, (a, _) in enumerate(qspans)}

    nps = [_np_span(toks, q1, trig_starts, q_starts) for (_, q1) in qspans]

    def followed_by_object(t: _Trigger) -> bool:
        j = t.t1
        steps = 0
        while j < toks.n and steps < 4:
            if j in q_starts:
                return True
            if toks.low[j] not in R2_FILLERS and toks.low[j] not in ("at", "least", "more", "than", "around", "about", "over", "nearly", "up"):
                return False
            j += 1
            steps += 1
        return False

    def r1(i: int) -> tuple[_Trigger | None, bool]:
        """Harm word after the counted phrase, skipping aux words and coordinated counts."""
        j = nps[i][1]
        skipped_aux = False
        steps = 0
        while j < toks.n and steps < 12:
            if j in trig_by_start:
                t = trig_by_start[j]
                passive = skipped_aux or t.form in ("noun", "intransitive") or not followed_by_object(t)
                return (t, passive) if passive or t.form != "verb" else (None, False)
            w = toks.low[j]
            if w == "among" and j + 2 < toks.n and toks.low[j + 1] == "the" and j + 2 in trig_by_start:
                # 'three policemen were among the dead'
                j += 2
                skipped_aux = True
                continue
            if w in ("and", ",", "as", "well") and steps < 10:
                # coordinated count: 'and 130 civilians', ', including 50 ...'
                k = j + 1
                while k < toks.n and toks.low[k] in ("and", "as", "well", "including", "another", "some"):
                    k += 1
                if k in q_by_start:
                    qi = q_by_start[k]
                    j = max(nps[qi][1], qspans[qi][1])
                    if j < toks.n and toks.low[j] == ",":
                        j += 1
                    steps += 1
                    continue
                if w == "and":
                    return None, False
            if w in AUX or w.endswith("ly"):
                skipped_aux = skipped_aux or w in ("were", "was", "been", "are", "is", "be", "being")
                j += 1
                steps += 1
                continue
            return None, False
        return None, False

    def r2(i: int) -> _Trigger | None:
        """Harm word before the count: 'killed at least 58', 'the killing of dozens'."""
        j = qspans[i][0]
        steps = 0
        limit = 3
        while j > 0 and steps <= 7:
            if j in trig_by_end:
                t = trig_by_end[j]
                return t
            w = toks.low[j - 1]
            if w in R2_FILLERS and steps < limit:
                j -= 1
                steps += 1
                continue
            # 'the death toll from the attack rose to 58'
            if any(tt.text.lower().startswith("death toll") and tt.t1 <= j - 1 and j - tt.t1 <= 7 for tt in trigs) and w not in (",", ".", ";") and j - 1 not in q_starts:
                j -= 1
                steps += 1
                limit = 8
                continue
            return None
        return None

    claims: list[_Claim] = []
    for i, q in enumerate(qs):
        q0, q1 = qspans[i]
        np0, np1 = nps[i]
        prev = toks.low[q0 - 1] if q0 > 0 else ""
        is_subset_marker = prev in ("including", "incl") or (q0 >= 2 and (toks.low[q0 - 2], prev) in _SUBSET_PAIRS)
        has_np = np1 > np0
        if has_np and not _is_person_np(toks, np0, np1, s):
            continue
        t, passive = r1(i)
        rule = "R1"
        if t is None or (not passive):
            t2 = r2(i)
            if t2 is not None:
                t, rule = t2, "R2"
        if t is None and is_subset_marker and claims:
            root = next((c for c in claims if c.subset_of is None), claims[0])
            claims.append(_Claim(q, q0, q1, np0, np1, root.trig, "R3", subset_of=claims.index(root)))
            continue
        if t is None:
            continue
        if not has_np and rule == "R1":
            # bare counts must touch the harm word (aux allowed): '58 were killed', '5 dead'
            gap = toks.low[q1:t.t0]
            if any(w not in AUX and not w.endswith("ly") and w not in (",", "and") for w in gap):
                continue
            if q.low == 1 and q.text.lower() in ("a", "an", "another"):
                continue
        c = _Claim(q, q0, q1, np0, np1, t, rule)
        if is_subset_marker and claims:
            root = next((cc for cc in claims if cc.subset_of is None), claims[0])
            c.subset_of = claims.index(root)
        claims.append(c)
    # a qualifier distributes over coordinated counts: 'around 40 troops and 130 civilians'
    for a, b in zip(claims, claims[1:]):
        gap = toks.low[max(a.np1, a.q1):b.q0]
        if gap and all(w in ("and", ",") for w in gap) and b.q.qualifier == "exact" and b.q.count_kind == "number" \
                and a.q.qualifier in ("approximate", "at_least", "more_than", "up_to") and b.q.low is not None:
            qual = a.q.qualifier
            n = b.q.low
            lo, hi = {"approximate": (n, n), "at_least": (n, None), "more_than": (n + 1, None), "up_to": (None, n)}[qual]
            b.q = dataclasses.replace(b.q, qualifier=qual, low=lo, high=hi)
    # attach victims phrase and post-posed qualifiers
    post_re = quantities.post_qualifier_pattern()
    for c in claims:
        if c.np1 > c.np0:
            a, b = toks.start[c.np0], toks.end[c.np1 - 1]
            c.victims = s[a:b]
            pm = post_re.match(s[b:b + 20])
            if pm and c.q.qualifier == "exact":
                c.q = quantities.apply_post_qualifier(c.q, pm.group("post"), b + pm.end(), s)
                c.post_end = b + pm.end()
        c._toks = toks  # type: ignore[attr-defined]
    return claims


# ----------------------------------------------------------------------------- attributes
def _side_of(phrase: str) -> str | None:
    if not phrase:
        return None
    hits = lexicons.alias_matcher("actors").find(phrase)
    return hits[0].value["side"] if hits else None


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


def _attributions(s: str, is_headline: bool, harm_spans: list[tuple[int, int]] | None = None) -> list[_Attribution]:
    """Claimant mentions tied to an attribution verb in sentence ``s`` (``harm_spans``: the
    harm-word spans of ``s``, when known)."""
    matcher = lexicons.alias_matcher("claimants")
    hits = matcher.find(s)
    out: list[_Attribution] = []
    if harm_spans is None:
        harm_spans = _harm_spans(s)
    # verbs and accs match the lower-cased sentence when ASCII: only their spans and their
    # lower-cased text are used
    verbs = [v for v in _ATTRIB.finditer(s) if not any(a < v.end() and v.start() < b for a, b in harm_spans)]
    accs = list(_ACCORDING.finditer(s)) if hits else []  # only read next to a claimant
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
            if len(between) > 40 and _CLAUSE_END_RE.search(between):
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
    # pronoun / 'the group' + verb: resolved later against the previous attribution
    for v in verbs:
        pm = None
        for m in _PRONOUN_RE.finditer(s[max(0, v.start() - 30):v.start()]):
            pm = m
        if pm is not None and not any(a.pos == v.start() for a in out):
            gap = s[max(0, v.start() - 30) + pm.end():v.start()]
            if len(gap.split()) <= 3:
                out.append(_Attribution({"claimant": "__pronoun__"}, pm.group(0), v.group(0).lower(), v.start(), max(0, v.start() - 30) + pm.start()))
    return out


def _resolve_generic(row: dict, ctx: ArticleContext, abs_pos: int) -> dict:
    """'a monitor', 'the group': the article's unique specific claimant of that type, else the
    nearest specific one mentioned before."""
    if not lexicons.truthy(row.get("generic", "false")):
        return row
    if _ANOTHER_RE.search(ctx.text[max(0, abs_pos - 25):abs_pos]):
        return row

    def compatible(r: dict) -> bool:
        if r["claimant_type"] != row["claimant_type"] or lexicons.truthy(r.get("generic", "false")):
            return False
        return row.get("side") in ("neutral", "unknown", None, "") or r.get("side") == row.get("side")

    same_type = [r for (p, r) in ctx.claimant_hits if compatible(r)]
    names = list(dict.fromkeys(r["claimant"] for r in same_type))
    if len(names) == 1:
        return next(r for r in same_type if r["claimant"] == names[0])
    before = [r for (p, r) in ctx.claimant_hits if p < abs_pos and compatible(r)]
    return before[-1] if before else row


def _outlet_claimant(ctx: ArticleContext) -> dict:
    name = ctx.outlet if ctx.outlet else "outlet"
    return {"claimant": name, "claimant_type": "outlet", "side": "neutral", "party": "false"}


def _choose_attribution(atts: list[_Attribution], c_start: int, c_end: int) -> _Attribution | None:
    if not atts:
        return None
    before = [a for a in atts if a.pos <= c_start]
    after = [a for a in atts if a.pos >= c_end]
    if before:
        return max(before, key=lambda a: a.pos)
    if after:
        return min(after, key=lambda a: a.pos)
    return min(atts, key=lambda a: abs(a.pos - c_start))


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
    if hits:
        if countries:
            home = [h for h in hits if h.value["country"] in countries]
            if not home and main is not None:
                return {**main, "_source": "article"}, None
            hits = home or hits
        names = gazetteer.most_specific(list(dict.fromkeys(h.value["place"] for h in hits)))
        specific = [h for h in hits if h.value["place"] in names] or hits
        # nearest by distance either side
        h = min(specific, key=lambda h: min(abs(h.start - c_end), abs(c_start - h.end)))
        if (main is not None and h.value.get("level", 3) <= 1 and main["place"] != h.value["place"]
                and gazetteer.contains(h.value["place"], main["place"])):
            return {**main, "_source": "article"}, None  # the article narrows what the sentence named
        return h.value, None
    return None, text_place


def _sentence_places(s: str, countries: frozenset[str] | None = None) -> tuple[list, str | None]:
    """Gazetteer hits of a sentence (world places outside ``countries``, the article's, only
    when large) and, when there are none, a place-like name after 'in'/'near'."""
    hits = gazetteer.find(s, countries)
    if hits:
        return hits, None
    m = None
    for mm in _PLACE_TEXT_RE.finditer(s):
        cand = mm.group(1).strip()
        if _POSSESSIVE_END_RE.search(cand) or s[mm.end(1):mm.end(1) + 2] in ("'s", "’s"):
            continue
        first = cand.split()[0]
        if first in _NOT_PLACES or lexicons.alias_matcher("actors").find(cand) or lexicons.alias_matcher("claimants").find(cand):
            continue
        m = mm
        break
    return [], (m.group(1).strip() if m else None)


def _main_place(text: str, sentences: list[textmod.Sentence] | None = None,
                countries: frozenset[str] | None = None) -> dict | None:
    """The article's main place: the most often named (a headline mention counts three) of
    the most specific places it names (a country gives way to its cities named in the
    article)."""
    hits = gazetteer.find(text, countries)
    if not hits:
        return None
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    rows: dict[str, dict] = {}
    head_end = text.find("\n") if "\n" in text else len(text)
    for h in hits:
        p = h.value["place"]
        counts[p] = counts.get(p, 0) + (3 if h.start < head_end else 1)
        first.setdefault(p, h.start)
        rows.setdefault(p, h.value)
    specific = gazetteer.most_specific(list(counts))
    best = max(specific, key=lambda p: (counts[p], -first[p]))
    return rows[best]


def _section_place(place_hits: list, headings: list, sent) -> dict | None:
    """Under a subheading at most three sentences back, the last place named since that
    heading (the subheading opens a separate story, as in a daily round-up)."""
    head = max((h for h in headings if h.start <= sent.start), key=lambda h: h.start, default=None)
    if head is None or sent.sentence_id - head.sentence_id > 3:
        return None
    before = [row for (p, row) in place_hits if head.start <= p < sent.start]
    return before[-1] if before else None


@functools.cache
def _actor_sides() -> dict[str, frozenset[str]]:
    sides: dict[str, set[str]] = {}
    for r in lexicons.table("actors").itertuples(index=False):
        sides.setdefault(r.actor, set()).add(r.side)
    return {k: frozenset(v) for k, v in sides.items()}


lexicons.register_cache(_actor_sides.cache_clear)


def _enemy_side(perpetrator: str, actor_hits: list) -> str | None:
    """For 'troops' with no side: the side other than the perpetrator's that the article names most."""
    table = _actor_sides()
    perp_sides = set().union(*(table.get(a, frozenset()) for a in perpetrator.split("; ")))
    counts: dict[str, int] = {}
    for h in actor_hits:
        sd = h.value["side"]
        if sd in perp_sides or sd in ("civilians", "unknown"):
            continue
        counts[sd] = counts.get(sd, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k])


_STATEMENT_DATE_RE = re.compile(
    rf"\b(?:{lexicons.phrase_pattern(ATTRIB_VERBS, sep=' ', split=' ')})\s+(?:(?:on|late|early|last)\s+)?$", re.IGNORECASE)


def _claim_date(ctx: ArticleContext, a_start: int, a_end: int, sent, datable: bool = True) -> tuple:
    """The time expression dating a claim, and whether it only dates the statement.

    The nearest expression in the claim's sentence dates the claim. One that directly follows
    an attribution verb ('a monitor said on Friday', 'IS said Thursday') dates the statement,
    not the killing: the claim gets no start date and ``event_date_end`` = that day (the event
    happened on or before it), unless the sentence holds another expression. Nothing outside
    the sentence dates a claim: no guessing from the lede or the publication day.

    ``datable`` False (``dates.may_hold_expression`` of the sentence is false) means no
    expression lies inside the sentence: the article's expressions are then not even needed.
    """
    if not datable:
        return None, False
    window = (sent.start, sent.end)
    exprs = dates.within(ctx.time_expressions, *window)
    statement_like = [e for e in exprs if _STATEMENT_DATE_RE.search(ctx.text[max(sent.start, e.start - 40):e.start])]
    event_like = [e for e in exprs if e not in statement_like]
    te = dates.nearest_expression(event_like, a_start, a_end)
    if te is not None:
        return te, False
    te = dates.nearest_expression(statement_like, a_start, a_end)
    return te, te is not None


def _claim_id(article_id: str, start: int, end: int, kind: str, count_text: str) -> str:
    h = hashlib.sha1(f"{article_id}|{start}|{end}|{kind}|{count_text}".encode("utf-8")).hexdigest()
    return "c" + h[:12]


# ----------------------------------------------------------------------------- article level
@functools.cache
def _hedges_in():
    """``attribution.hedges_in``, imported on first use (an import statement per article
    costs more than the lookup)."""
    from .attribution import hedges_in

    return hedges_in


def article_claims(article: dict, sentences: list[textmod.Sentence] | None = None,
                   contexts: dict | None = None) -> list[dict]:
    """Claims of one article (a row of the ``articles`` table as a dict). ``contexts``: a
    dict that receives the article's ``ArticleContext`` (by article id) when one was made, so
    events can reuse what claims computed."""
    hedges_in = _hedges_in()
    text = article["text"]
    if not isinstance(text, str) or not text.strip():
        return []
    text_harm = _harm_spans(text)
    if not text_harm:  # no harm word anywhere: no claim (and no need to split)
        return []
    has_headline = isinstance(article.get("title"), str) and bool(article.get("title"))
    if sentences is None:
        sentences = textmod.split_sentences(text, has_headline=has_headline)
    published = article.get("published")
    # relative dates ("on Thursday") resolve only against a publication date of one day
    pub = published_mod.day_precision(published, article.get("published_end"))
    ctx = ArticleContext(article["article_id"], article.get("outlet") if isinstance(article.get("outlet"), str) else None,
                         pub, text, sentences)
    if contexts is not None:
        contexts[article["article_id"]] = ctx
    rows: list[dict] = []
    for idx, sent in enumerate(sentences):
        s = sent.text
        harm = ctx.harm_spans[idx] = _sentence_harm_spans(text, text_harm, sent)
        if not harm:
            continue
        found = _analyse_sentence(s, harm)
        if not found:
            continue
        datable = dates.may_hold_expression(text[sent.start:sent.end])
        resolved = ctx.attributions(idx)
        places = _sentence_places(s, ctx.countries)
        hedges = "; ".join(hedges_in(s)) or None
        sent_rows: list[dict] = []
        for c in found:
            q = c.q
            toks = c._toks  # type: ignore[attr-defined]
            t = c.trig
            spans = [q.start, q.end]
            if c.np1 > c.np0:
                spans += [toks.start[c.np0], toks.end[c.np1 - 1]]
            if c.post_end:
                spans.append(c.post_end)
            if t is not None and c.rule != "R3":
                spans += [toks.start[t.t0], toks.end[t.t1 - 1]]
            ls, le = min(spans), max(spans)
            att = _choose_attribution(resolved, ls, le)
            claimant = att.claimant if att else _outlet_claimant(ctx)
            side = _side_of(c.victims)
            if side is None:
                head = c.victims.lower().split()[-1] if c.victims else ""
                if head in MILITARY_NOUNS or not c.victims:
                    others = [r["victim_side"] for r in sent_rows if r["victim_side"] not in ("unknown", "civilians")]
                    side = others[-1] if others else None
            perp = _perpetrator(s, c, side, claimant)
            if side is None and c.victims and c.victims.lower().split()[-1] in MILITARY_NOUNS and perp:
                side = _enemy_side(perp, ctx.actor_hits)
            side = side or "unknown"
            place_row, place_text = _place_in(s, ls, le, places, ctx.main_place, ctx.countries)
            if place_row is not None:
                place, place_src, lat, lon = (place_row["place"], place_row.get("_source", "sentence"),
                                              place_row["lat"], place_row["lon"])
            elif place_text:
                place, place_src, lat, lon = place_text, "sentence", None, None
            elif ctx.headings and (sec := _section_place(ctx.place_hits, ctx.headings, sent)) is not None:
                place, place_src, lat, lon = sec["place"], "section", sec["lat"], sec["lon"]
            elif ctx.main_place is not None:
                place, place_src = ctx.main_place["place"], "article"
                lat, lon = ctx.main_place["lat"], ctx.main_place["lon"]
            else:
                place, place_src, lat, lon = None, None, None, None
            a_start, a_end = sent.start + ls, sent.start + le
            te, statement = _claim_date(ctx, a_start, a_end, sent, datable)
            claimant_side = claimant.get("side", "neutral") or "neutral"
            is_party = lexicons.truthy(claimant.get("party", "false"))
            about_enemy = bool(is_party and side not in ("unknown", "civilians", claimant_side))
            count_text = q.text
            row = {
                "claim_id": _claim_id(ctx.article_id, a_start, a_end, t.kind if t else "killed", count_text),
                "article_id": ctx.article_id,
                "outlet": ctx.outlet,
                "published": published,
                "sentence_id": sent.sentence_id,
                "start": a_start,
                "end": a_end,
                "quote": s,
                "kind": t.kind if t else "killed",
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
                "_statement_at": te.start - sent.start if te is not None and statement else None,
                "in_headline": bool(sent.is_headline or sent.is_heading),
                "in_quotes": textmod.in_spans(sent.start + q.start, ctx.quotes),
                "hedges": hedges,
                "origin": "extracted",
                "correction_note": None,
            }
            sent_rows.append(row)
        for r in sent_rows:
            idx = r.pop("_subset_idx")
            if idx is not None and 0 <= idx < len(sent_rows):
                r["subset_of"] = sent_rows[idx]["claim_id"]
        rows.extend(sent_rows)
    if rows:
        windows.annotate(rows, text, {se.sentence_id: (se.start, se.text) for se in sentences}, pub, _STATEMENT_DATE_RE)
    return rows


def extract_claims(articles: pd.DataFrame, sentences: pd.DataFrame | None = None,
                   contexts: dict | None = None) -> pd.DataFrame:
    """The ``claims`` table for an ``articles`` table (and its ``sentences``, if computed).
    ``contexts``: as in ``article_claims``.

    >>> from newslib import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", "Title\\n\\nFive soldiers were killed.")]).articles
    >>> extract_claims(arts)["count_low"].tolist()
    [5]
    """
    by_article: dict[str, list[textmod.Sentence]] = {}
    if sentences is not None and len(sentences):
        for r in sentences.itertuples(index=False):
            by_article.setdefault(r.article_id, []).append(
                textmod.Sentence(int(r.sentence_id), int(r.start), int(r.end), int(r.paragraph) if pd.notna(r.paragraph) else 0,
                                 bool(r.is_headline), bool(r.is_heading), r.text))
    rows: list[dict] = []
    cols = [c for c in ("article_id", "outlet", "published", "published_end", "title", "text") if c in articles.columns]
    values = [articles[c].tolist() for c in cols]  # column lists: far cheaper than to_dict on Arrow strings
    for vals in zip(*values):
        art = dict(zip(cols, vals))
        rows.extend(article_claims(art, by_article.get(art["article_id"]), contexts))
    if not rows:
        return schemas.CLAIMS.empty()
    df = pd.DataFrame(rows, columns=list(schemas.CLAIMS.columns))
    df = df.sort_values(["article_id", "start", "end", "claim_id"], kind="stable").reset_index(drop=True)
    return schemas.CLAIMS.conform(df)


def claims_from_text(text: str, published: str | None = None, outlet: str | None = None, article_id: str = "doc") -> pd.DataFrame:
    """Claims of one piece of text (cleaned like an article; its first line is a headline only
    if the text has several lines and the first reads as one).

    >>> claims_from_text("One person was killed and 23 were wounded.")["kind"].tolist()
    ['killed', 'wounded']
    """
    from . import corpus

    doc = corpus.Document(article_id, article_id, text, published=published, outlet=outlet)
    res = corpus.build([doc])
    if res.articles.empty:
        return schemas.CLAIMS.empty()
    return extract_claims(res.articles)
