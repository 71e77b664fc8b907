"""Events: dated statements that something happened, and the timeline that merges them across outlets.

An **event** is one sentence's statement that something of one type happened: an ``attack``, a
``capture`` of a place, a ``casualty_report`` (the sentence holds a casualty claim of the
``claims`` table), an ``airstrike`` (also shelling and bombardment), a ``siege_broken``, a
``statement`` (a statement, an audio recording, a video; also a dated "said on Friday") or an
``agreement`` (agreement, talks, ceasefire, deal). Trigger words are the editable lexicon
``lexicons/event_types.csv`` (``term,event_type,weak,note``; a ``*`` in a term stands for up to
four words: "broke * siege"; a ``weak`` term such as "launched" counts only when no other term of
its type is in the sentence). Casualty reports come from the ``claims`` table, not the lexicon. A
sentence yields at most one event per type: "IS launched a surprise attack ..., killing 120" is
one ``attack`` and one ``casualty_report``.

>>> ev = events_from_text("Sukhna\\n\\nIS fighters attacked Sukhna on Thursday, a monitor said.",
...                       published="2017-09-29", outlet="Wire")
>>> ev[["event_type", "trigger", "place", "date_text", "claimant"]].values.tolist()
[['attack', 'attacked', 'Sukhna', 'Thursday', 'monitor']]
>>> str(ev.loc[0, "date_start"].date())
'2017-09-28'

Rules for one event (everything is read from its own sentence; nothing is guessed):

* **Triggers.** Lexicon terms, whole words, any case, hyphen or space alike; the longest match
  wins ("counter-attack" over "attack", "car bombs" is an attack, not an air strike). A trigger
  right after "to" in its base form ("to capture", "threatening to retake") is an intent, and one
  after not/no/never/will/would/could/may/might/can is not a happening: both are skipped. A
  capture trigger inside a casualty claim of kind ``captured`` ("captured two Russian troops") is
  a claim about people, not the capture of a place. Several triggers of one type in a sentence
  make one event; it takes the most precise date any of them has.
* **Actors.** Canonical ``actor`` names of the actor lexicon found in the sentence, sorted, ``; ``
  joined; actors of side ``civilians`` are victims and are left out.
* **Place.** The gazetteer place nearest the trigger in the sentence (``sentence``); else the
  last place named since a subheading at most three sentences back (``section``, as in
  ``claims``); else the article's main place (``article``). ``statement`` and ``agreement`` events
  take a place only from their own sentence (where a statement is reported says nothing of where
  it was made).
* **Claimant.** The attribution of the sentence nearest the trigger (``claims.ArticleContext``,
  pronouns and generic names resolved), else the outlet (type ``outlet``). A casualty report
  takes the claimant of its claim in the ``claims`` table.
* **Date.** The time expression of the sentence nearest the trigger (``dates.nearest_expression``;
  "the past 10 days" counts as the range it bounds; "Wednesday and Thursday" is one range; an
  expression relative to another event, "days later", wins only when it is strictly nearer).
  The event stays **undated**, with ``date_reason``, when

  - the sentence has no time expression, or only durations ("24 hours");
  - the nearest expression spans more than ``document.MAX_DATING_RANGE_DAYS`` (62) days ("this
    summer", "since April", "in almost a year"): a period, not a date;
  - it does not resolve ("the following day": no anchor; no publication date);
  - it is after publication ("talks ... no later than early November": a plan);
  - **it dates a statement**: the expression touches an attribution verb ("a monitor *said on
    Friday*", "IS *said on Thursday* it had killed 100"; or it fronts the sentence and the first
    verb after it is an attribution verb: "On Wednesday, PHR accused ... of attacks"). Then the
    verb makes a ``statement`` event with that date, and every other event of the sentence is
    left undated: the statement was on Friday, the killing was not necessarily;
  - **it belongs to another clause**: the expression and the trigger are in different clauses
    (split at , ; : dashes, quotation marks, "while", "whereas", "but", "where"; a date fronting
    the sentence belongs to the clause after its comma) and a trigger outside the event's clause
    is nearer the expression ("Since renewing airstrikes on September 19, Russia has killed 150":
    the date is the airstrikes', not the killings').

**Timeline: the merge rule.** ``timeline_table`` merges dated events that report the same
happening, across articles and outlets. Two events report the same happening when (1) they have
the same ``event_type`` (for statements, also the same claimant); (2) their places are the same
canonical place, or their gazetteer coordinates are within ``km`` (25 km), or one is a province
(gazetteer kind ``province``) containing the other (same ``admin1``), or neither has a place;
(3) their actor sets overlap, or one of them names no actor; (4) their date ranges overlap or are
at most ``days`` (1 day) apart. Rows are built by complete linkage: events sorted by
type, date, precision and id join the first row in which they satisfy the rule with *every*
member, so a chain of reports a day apart never snowballs into a campaign. Undated events are
never merged (they stay in ``events``, see ``undated``). A row shows the union of its members'
dates, and the place and quote of its lead event (the most precisely dated member); its id is a
hash of its member ids, so the same events give the same rows.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import logging
import math
import re
from dataclasses import dataclass

import pandas as pd

from . import claims as claimsmod
from .. import io, lexicons, schemas
from ..language import dates, text as textmod
from ..language.document import MAX_DATING_RANGE_DAYS
from ..errors import LexiconError

log = logging.getLogger(__name__)

__all__ = [
    "Trigger",
    "find_triggers",
    "events_table",
    "events_from_text",
    "timeline_table",
    "undated",
    "merge_rule",
]

LEXICON = "event_types"
#: Most words a ``*`` in a lexicon term stands for.
MAX_GAP_WORDS = 4
#: Event types whose place comes from their own sentence only.
SENTENCE_PLACE_ONLY = frozenset({"statement", "agreement"})
_PRECISION_RANK = {p: i for i, p in enumerate(("day", "weekend", "week", "range", "month", "season", "year"))}
_PLACE_SOURCE_RANK = {"sentence": 0, "section": 1, "article": 2}

# reasons an event is undated
NO_EXPRESSION = "no time expression in sentence"
NO_PUBLICATION = "no publication date"


@dataclass(frozen=True)
class Trigger:
    """Words naming a happening: sentence-local span, text as written, type and lexicon term."""

    start: int
    end: int
    text: str
    event_type: str
    term: str
    weak: bool = False


# ----------------------------------------------------------------------------- lexicon
_WORD = r"[\w’']+"


def _term_regex(term: str) -> str:
    """Regex of a lexicon term: words joined by hyphens or spaces, ``*`` = up to four words.

    >>> bool(re.fullmatch(_term_regex("broke * siege"), "broke ISIS’s three-year siege", re.I))
    True
    >>> bool(re.search(_term_regex("counter-attack"), "a counter attack", re.I))
    True
    """
    words = term.split()
    if not words or words[0] == "*" or words[-1] == "*":
        raise LexiconError(f"{LEXICON}.csv: term {term!r} must start and end with a word")
    out, gap = "", False
    for w in words:
        if w == "*":
            gap = True
            continue
        lit = r"[\s\-]+".join(re.escape(p).replace("’", "['’]").replace("'", "['’]") for p in w.split("-") if p)
        if out:
            out += rf"(?:[\s\-]+{_WORD}){{0,{MAX_GAP_WORDS}}}?[\s\-]+" if gap else r"[\s\-]+"
        out += lit
        gap = False
    return rf"(?<![\w\-]){out}(?![\w])"


@functools.cache
def _terms() -> tuple[tuple[str, str, str, bool, re.Pattern], ...]:
    """(gate word, term, event type, weak, pattern) per lexicon row, longest terms first."""
    tab = lexicons.table(LEXICON)
    allowed = [t for t in schemas.EVENT_TYPES if t != "casualty_report"]  # those come from the claims table
    bad = sorted(set(tab["event_type"].str.strip()) - set(allowed))
    if bad:
        raise LexiconError(f"{lexicons.path(LEXICON + '.csv')}: unknown event types {bad}; allowed {allowed} "
                           "(casualty reports come from the claims table, see harm_terms.csv)")
    weak = tab["weak"] if "weak" in tab.columns else [""] * len(tab)
    rows = {}
    for term, etype, w in zip(tab["term"], tab["event_type"], weak):
        term = " ".join(str(term).split())
        rows.setdefault(term.lower(), (term, etype.strip(), lexicons.truthy(w)))
    out = []
    for low, (term, etype, w) in sorted(rows.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        gate = re.split(r"[\s\-]+", low)[0]
        out.append((gate, term, etype, w, re.compile(_term_regex(term), re.IGNORECASE)))
    return tuple(out)


@functools.cache
def _gazetteer_info() -> dict[str, tuple[str, str, float | None, float | None]]:
    """Canonical place -> (kind, admin1, lat, lon), from the first gazetteer row of each place."""
    tab = lexicons.table("gazetteer")
    info: dict[str, tuple[str, str, float | None, float | None]] = {}
    for r in tab.to_dict("records"):
        info.setdefault(r["place"], (str(r.get("kind", "")).strip().lower(), str(r.get("admin1", "")).strip(),
                                     _float(r.get("lat")), _float(r.get("lon"))))
    return info


@functools.cache
def _gates() -> lexicons.Substrings:
    """The gate words of the terms, found in a sentence in one pass."""
    return lexicons.Substrings(g for g, *_ in _terms())


@functools.cache
def _terms_by_gate() -> dict[str, tuple]:
    """Gate word -> its rows of ``_terms()`` (in that order): a sentence visits only the
    terms whose gate word it holds."""
    out: dict[str, list] = {}
    for row in _terms():
        out.setdefault(row[0], []).append(row)
    return {g: tuple(rows) for g, rows in out.items()}


lexicons.register_cache(_terms.cache_clear)
lexicons.register_cache(_gates.cache_clear)
lexicons.register_cache(_terms_by_gate.cache_clear)
lexicons.register_cache(_gazetteer_info.cache_clear)

_PREV_WORD = re.compile(r"([A-Za-z’']+)\s*$")
_MODAL = lexicons.WordSet("modal")  # lexicons/base/claim_words.csv
_INFLECTED = re.compile(r"(?:s|ed|ing)$", re.IGNORECASE)


def _not_a_happening(s: str, start: int, words: str) -> bool:
    """True for an intent ('to capture'), a negation ('not attack') or a modal ('would seize')."""
    m = _PREV_WORD.search(s, max(0, start - 30), start)
    if not m:
        return False
    prev = m.group(1).lower().replace("’", "'")
    if prev in _MODAL or prev.endswith("n't"):
        return True
    last = re.split(r"[\s\-]+", words.split()[0])[-1]
    return prev == "to" and not _INFLECTED.search(last)


@lexicons.text_memo(8192)
def find_triggers(s: str) -> list[Trigger]:
    """Event triggers in sentence ``s`` (lexicon terms, longest first, intents skipped); once
    per distinct sentence (the list is shared: do not change it).

    >>> [(t.text, t.event_type) for t in find_triggers("IS launched a counter-attack to capture the town.")]
    [('counter-attack', 'attack')]
    >>> [(t.text, t.event_type) for t in find_triggers("IS launched rockets at Jobar.")]
    [('launched', 'attack')]
    """
    present = _gates().present(s.lower())
    if not present:
        return []
    by_gate = _terms_by_gate()
    cands = []
    weak = {}
    for gate in present:  # the order does not matter: candidates are sorted on a full key
        for _, term, etype, w, pat in by_gate[gate]:
            weak[term] = w
            for m in pat.finditer(s):
                cands.append((m.start(), m.end(), term, etype))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int, str, str]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    out = []
    for a, b, term, etype in sorted(taken):
        if _not_a_happening(s, a, s[a:b]):
            log.debug("trigger %r at %d skipped: intent, negation or modal", s[a:b], a)
            continue
        out.append(Trigger(a, b, s[a:b], etype, term, weak[term]))
    # a weak term ('launched') names an event only when no other term of its type is there
    strong = {t.event_type for t in out if not t.weak}
    return [t for t in out if not (t.weak and t.event_type in strong)]


# ----------------------------------------------------------------------------- clauses and statements
# the words are roles of claim_words.csv: clause_boundary_word, speech_verb, statement_filler, front_filler
_BOUNDARY = lexicons.RolePattern(r"[;:“”\"—]|,(?=\s)|\s[–-]{{1,2}}\s|\b{word}\b", re.IGNORECASE,
                                 word="clause_boundary_word")
#: the words between a statement's verb and its date ('said on Monday', 'in a video late on Friday')
_VERB_THEN_DATE = lexicons.RolePattern(r"(?:\s+|\s*,\s*|\b{filler}\b)*", re.IGNORECASE, filler="statement_filler")
_DATE_THEN_VERB = lexicons.RolePattern(r"(?:\s+|\b{filler}\b)*", re.IGNORECASE, filler="statement_filler")
_FRONT = lexicons.RolePattern(r"[\W_]*(?:{filler}\s+)*", re.IGNORECASE, filler="front_filler")
_FRONT_COMMA = re.compile(r"\s*,")
#: what joins two dates of one range ('on 3 and 4 March', 'Monday to Wednesday'): ``date_join``
_DATE_JOIN = lexicons.RolePattern(r"\s*(?:{join}|-|–)\s*", re.IGNORECASE, join="date_join")


@functools.cache
def _speech() -> lexicons.Caseless:
    """A verb of a statement ('said', 'announced', ``speech_verb``)."""
    return lexicons.Caseless(rf"\b{lexicons.WordSet('speech_verb').pattern()}\b")


@functools.cache
def _boundary_caseless() -> lexicons.Caseless:
    rx = _BOUNDARY.compiled
    return lexicons.Caseless(rx.pattern, rx.flags & ~re.IGNORECASE)


lexicons.register_cache(_speech.cache_clear)
lexicons.register_cache(_boundary_caseless.cache_clear)


def _boundaries(s: str) -> list[int]:
    pattern, scan = _boundary_caseless().scan(s)  # the same spans as _BOUNDARY.finditer(s)
    return [m.start() for m in pattern.finditer(scan)]


def _clause(bounds: list[int], pos: int) -> int:
    """Index of the clause holding sentence-local offset ``pos``."""
    return bisect.bisect_right(bounds, pos)


def _fronted(s: str, e: dates.TimeExpression) -> bool:
    """True when ``e`` opens the sentence and a comma follows it ('Earlier on Friday, ...')."""
    return _FRONT.fullmatch(s, 0, e.start) is not None and _FRONT_COMMA.match(s, e.end) is not None


def _speech_verbs(s: str, triggers: list[Trigger]) -> list[re.Match]:
    out = []
    for m in _speech().finditer(s):  # Caseless: m.group(0) may be lower-cased (callers take s[m.start():m.end()])
        if re.match(r"\s+the\s+lives?\b", s[m.end():m.end() + 12], re.IGNORECASE):
            continue  # 'claimed the lives of' is harm, not speech
        if any(t.start < m.end() and m.start() < t.end for t in triggers):
            continue
        out.append(m)
    return out


def _statement_dates(s: str, exprs: list[dates.TimeExpression], triggers: list[Trigger]) -> dict[int, re.Match]:
    """Expressions (by index) that date an attribution verb rather than an event."""
    verbs = _speech_verbs(s, triggers)
    bound: dict[int, re.Match] = {}
    for i, e in enumerate(exprs):
        for v in verbs:
            if v.end() <= e.start and _VERB_THEN_DATE.fullmatch(s, v.end(), e.start):
                bound[i] = v  # 'said on Friday'
            elif e.end <= v.start() and _DATE_THEN_VERB.fullmatch(s, e.end, v.start()):
                bound[i] = v  # 'on Friday said'
            if i in bound:
                break
        if i not in bound and _fronted(s, e):
            # 'On Wednesday, PHR accused ... of attacks': the fronted date dates the first verb
            after = [v for v in verbs if v.start() > e.end]
            events_after = [t for t in triggers if t.start > e.end and t.event_type != "statement"]
            if after and (not events_after or after[0].start() < events_after[0].start):
                bound[i] = after[0]
    return bound


# ----------------------------------------------------------------------------- dates
@dataclass(frozen=True)
class _DateChoice:
    expr: dates.TimeExpression | None  # the expression that dates the event, if any
    considered: dates.TimeExpression | None  # the expression looked at (also when rejected)
    reason: str | None
    dist: int = 0


def _span_days(e: dates.TimeExpression) -> int:
    return (e.date_end - e.date_start).days if e.date_start and e.date_end else 0


def _is_long(e: dates.TimeExpression) -> bool:
    return e.date_start is not None and e.date_end is not None and _span_days(e) > MAX_DATING_RANGE_DAYS


def _dist(e: dates.TimeExpression, a: int, b: int) -> int:
    if e.end <= a:
        return a - e.end
    if e.start >= b:
        return e.start - b
    return 0


def _unresolved_reason(e: dates.TimeExpression) -> str:
    why = {
        dates.NO_ANCHOR: "relative to another event (no anchor)",
        dates.NO_PUB: NO_PUBLICATION,
        dates.EMPTY: "an empty period",
        dates.AFTER_PUB: "after publication",
    }.get(e.reason or "", e.reason or "unresolved")
    return f"'{e.text}': {why}"


def sentence_expressions(text: str, published, start: int, end: int,
                         exprs: list[dates.TimeExpression] | None = None) -> list[dates.TimeExpression]:
    """Time expressions of ``text[start:end]`` with sentence-local offsets, ready to date events:
    durations that bound a range ("the past 10 days") become ranges, and coordinated expressions
    ("Wednesday and Thursday") become one range.

    >>> [(e.text, e.precision) for e in sentence_expressions(
    ...     "Attacks on Wednesday and Thursday.", dt.date(2017, 9, 29), 0, 34)]
    [('Wednesday and Thursday', 'range')]
    """
    if exprs is None:
        exprs = dates.find_time_expressions(text, dates.as_date(published))
    sent = text[start:end]
    local = []
    for e in dates.within(exprs, start, end):
        # sentence-local offsets; a duration that bounds a range becomes that range (the
        # constructor directly: dataclasses.replace introspects the fields on every call)
        kind = "range" if e.kind == "duration" and e.date_start is not None else e.kind
        local.append(dates.TimeExpression(e.start - start, e.end - start, e.text, kind, e.date_start, e.date_end,
                                          e.precision, e.duration_days, e.reason))
    out: list[dates.TimeExpression] = []
    for e in local:
        prev = out[-1] if out else None
        if (prev is not None and prev.date_start and e.date_start and prev.kind != "duration" and e.kind != "duration"
                and _DATE_JOIN.fullmatch(sent[prev.end:e.start])):
            lo, hi = min(prev.date_start, e.date_start), max(prev.date_end, e.date_end)
            out[-1] = dates.TimeExpression(prev.start, e.end, sent[prev.start:e.end], "range", lo, hi,
                                           "range" if lo != hi else prev.precision, None, None)
            continue
        out.append(e)
    return out


def _choose_date(trig: Trigger, sent: str, exprs: list[dates.TimeExpression], bound: dict[int, re.Match],
                 bounds: list[int], triggers: list[Trigger], pub: dt.date | None) -> _DateChoice:
    """The date of one trigger, or None with the reason (rules in the module docstring)."""
    a, b = trig.start, trig.end
    if trig.term == "<attribution verb>":
        i = next(i for i, v in bound.items() if v.start() == a)
        e = exprs[i]
        return _check(e, pub, _dist(e, a, b))
    if not exprs:
        return _DateChoice(None, None, NO_EXPRESSION)
    points = [e for e in exprs if e.kind != "duration"]
    if not points:
        return _DateChoice(None, exprs[0], f"no date, only a duration ('{exprs[0].text}')")
    usable = [e for e in points if not _is_long(e)]
    if not usable:
        e = dates.nearest_expression(points, a, b)
        return _DateChoice(None, e, f"'{e.text}' spans {_span_days(e) + 1} days (more than "
                                    f"{MAX_DATING_RANGE_DAYS}): a period, not a date")
    resolved = dates.nearest_expression([e for e in usable if e.date_start is not None], a, b)
    unresolved = dates.nearest_expression([e for e in usable if e.date_start is None], a, b)
    if unresolved is not None and (resolved is None or _dist(unresolved, a, b) < _dist(resolved, a, b)):
        return _DateChoice(None, unresolved, _unresolved_reason(unresolved), _dist(unresolved, a, b))
    e = resolved
    idx = exprs.index(e)
    if idx in bound:
        verb = sent[bound[idx].start():bound[idx].end()]
        return _DateChoice(None, e, f"'{e.text}' dates the statement ('{verb}'), not the {trig.event_type.replace('_', ' ')}")
    # a fronted date ('On Friday, ...') belongs to the clause after its comma
    e_clause = _clause(bounds, _FRONT_COMMA.match(sent, e.end).end() if _fronted(sent, e) else e.start)
    t_clause = _clause(bounds, a)
    if t_clause != e_clause:
        mine = _dist(e, a, b)
        nearer = [t for t in triggers if t.term != "<attribution verb>" and _clause(bounds, t.start) != t_clause
                  and _dist(e, t.start, t.end) < mine]
        if nearer:
            other = min(nearer, key=lambda t: (_dist(e, t.start, t.end), t.start))
            return _DateChoice(None, e, f"'{e.text}' dates '{other.text}' in another clause", mine)
    return _check(e, pub, _dist(e, a, b))


def _check(e: dates.TimeExpression, pub: dt.date | None, dist: int) -> _DateChoice:
    if e.date_start is None:
        return _DateChoice(None, e, _unresolved_reason(e), dist)
    if _is_long(e):
        return _DateChoice(None, e, f"'{e.text}' spans {_span_days(e) + 1} days (more than "
                                    f"{MAX_DATING_RANGE_DAYS}): a period, not a date", dist)
    if pub is not None and e.date_start > pub:
        return _DateChoice(None, e, f"'{e.text}' is after publication: a plan or forecast, not a happening", dist)
    return _DateChoice(e, e, None, dist)


def _date_key(trig: Trigger, c: _DateChoice) -> tuple:
    e = c.expr
    return (_span_days(e), _PRECISION_RANK.get(e.precision or "", 9), c.dist, trig.start)


# ----------------------------------------------------------------------------- sentence -> events
def _event_id(article_id: str, sentence_id: int, event_type: str) -> str:
    h = hashlib.sha1(f"{article_id}|{sentence_id}|{event_type}".encode("utf-8")).hexdigest()
    return "e" + h[:12]


def _actors(s: str) -> str | None:
    names = {h.value["actor"] for h in lexicons.alias_matcher("actors").find(s) if h.value.get("side") != "civilians"}
    return "; ".join(sorted(names)) or None


def _place(ctx: claimsmod.ArticleContext, sent: textmod.Sentence, trig: Trigger, event_type: str) -> tuple[dict | None, str | None]:
    hits = lexicons.alias_matcher("gazetteer").find(sent.text)
    if hits:
        hits = sorted(hits, key=lambda h: (max(trig.start - h.end, h.start - trig.end, 0), h.start))
        best = hits[0].value
        kind, admin1, _, _ = _gazetteer_info().get(best["place"], ("", "", None, None))
        if kind == "province":  # 'Sukhna in eastern Homs Province': the place inside the province
            inside = [h.value for h in hits if _gazetteer_info().get(h.value["place"], ("",))[0] != "province"
                      and _gazetteer_info().get(h.value["place"], ("", ""))[1] == admin1]
            best = inside[0] if inside else best
        return best, "sentence"
    if event_type in SENTENCE_PLACE_ONLY:
        return None, None
    sec = ctx.section_place(sent)
    if sec is not None:
        return sec, "section"
    if ctx.main_place is not None:
        return ctx.main_place, "article"
    return None, None


def _claimant(ctx: claimsmod.ArticleContext, i: int, trig: Trigger, claim_rows: list[dict]) -> tuple[str | None, str]:
    if trig.event_type == "casualty_report":
        row = next((r for r in claim_rows if r["_local"] == (trig.start, trig.end)), claim_rows[0] if claim_rows else None)
        if row is not None and isinstance(row.get("claimant"), str):
            return row["claimant"], row["claimant_type"] if isinstance(row.get("claimant_type"), str) else "outlet"
    atts = ctx.attributions(i)
    att = None
    if trig.term == "<attribution verb>":
        att = next((x for x in atts if x.pos == trig.start), None)
        if att is None:  # the speaker named just before the verb, if the claimant lexicon knows it
            before = [h for h in lexicons.alias_matcher("claimants").find(ctx.sentences[i].text)
                      if h.end <= trig.start and not lexicons.truthy(h.value.get("generic", "false"))]
            if before:
                return before[-1].value["claimant"], before[-1].value["claimant_type"]
    if att is None:
        att = claimsmod.choose_attribution(atts, trig.start, trig.end)
    who = att.claimant if att is not None else claimsmod.outlet_claimant(ctx)
    return who["claimant"], who["claimant_type"]


def _sentence_events(ctx: claimsmod.ArticleContext, i: int, exprs_all: list[dates.TimeExpression],
                     claim_rows: list[dict], pub: dt.date | None) -> list[dict]:
    sent = ctx.sentences[i]
    s = sent.text
    captured = [r["_local"] for r in claim_rows if r.get("kind") == "captured"]
    triggers = [t for t in find_triggers(s)
                if not (t.event_type == "capture" and any(a <= t.end and t.start <= b for a, b in captured))]
    triggers += [Trigger(a, b, s[a:b], "casualty_report", "<claim>") for a, b in sorted({r["_local"] for r in claim_rows})]
    exprs = sentence_expressions(ctx.text, pub, sent.start, sent.end, exprs_all)
    if not triggers and not exprs:
        return []  # no trigger, and no date for a statement verb to make one
    bound = _statement_dates(s, exprs, triggers)
    for v in sorted({v.start(): v for v in bound.values()}.values(), key=lambda v: v.start()):
        triggers.append(Trigger(v.start(), v.end(), s[v.start():v.end()], "statement", "<attribution verb>"))
    if not triggers:
        return []
    triggers.sort(key=lambda t: (t.start, t.end, t.event_type))
    bounds = _boundaries(s)
    rows = []
    claim_ids = "; ".join(r["claim_id"] for r in sorted(claim_rows, key=lambda r: (r["start"], r["claim_id"]))) or None
    for etype in schemas.EVENT_TYPES:
        mine = [t for t in triggers if t.event_type == etype]
        if not mine:
            continue
        choices = [(t, _choose_date(t, s, exprs, bound, bounds, triggers, pub)) for t in mine]
        dated = [(t, c) for t, c in choices if c.expr is not None]
        trig, choice = min(dated, key=lambda tc: _date_key(*tc)) if dated else choices[0]
        e = choice.expr
        lo, hi = trig.start, trig.end
        if e is not None:
            lo, hi = min(lo, e.start), max(hi, e.end)
        place, place_src = _place(ctx, sent, trig, etype)
        claimant, claimant_type = _claimant(ctx, i, trig, claim_rows)
        rows.append({
            "event_id": _event_id(ctx.article_id, sent.sentence_id, etype),
            "article_id": ctx.article_id,
            "outlet": ctx.outlet,
            "published": pd.Timestamp(pub) if pub else None,
            "sentence_id": sent.sentence_id,
            "start": sent.start + lo,
            "end": sent.start + hi,
            "quote": s,
            "event_type": etype,
            "trigger": trig.text,
            "actors": _actors(s),
            "place": place["place"] if place else None,
            "place_source": place_src,
            "lat": _float(place.get("lat")) if place else None,
            "lon": _float(place.get("lon")) if place else None,
            "claimant": claimant,
            "claimant_type": claimant_type,
            "date_start": pd.Timestamp(e.date_start) if e is not None else None,
            "date_end": pd.Timestamp(e.date_end) if e is not None else None,
            "precision": e.precision if e is not None else None,
            "date_text": choice.considered.text if choice.considered is not None else None,
            "date_reason": choice.reason,
            "claim_ids": claim_ids,
            "in_headline": bool(sent.is_headline or sent.is_heading),
        })
    return rows


def _float(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def article_context(article: dict, sentences: list[textmod.Sentence] | None = None) -> claimsmod.ArticleContext | None:
    """The ``claims.ArticleContext`` (an article's ``Document`` with its reporting structure) of
    one article (None when it has no text); its sentences are split when not given."""
    return claimsmod.ArticleContext.of_article(article, sentences)


def article_events(article: dict, sentences: list[textmod.Sentence] | None, claims: pd.DataFrame | list[dict] | None,
                   ctx: claimsmod.ArticleContext | None = None) -> list[dict]:
    """Events of one article (a row of the ``articles`` table as a dict); ``claims``: its
    claims (a table, or its rows as dicts); ``ctx``: the ``claims.ArticleContext`` claims made
    for it, if any (its attributions, places and time expressions are reused)."""
    if ctx is None:
        ctx = article_context(article, sentences)
        if ctx is None:
            return []
    sentences = ctx.sentences
    pub = ctx.published  # a day, or None when publication is known to the month or year only
    by_sentence: dict[int, list[dict]] = {}
    if claims is not None and len(claims):
        by_id = {x.sentence_id: x for x in sentences}
        for r in (io.records(claims) if isinstance(claims, pd.DataFrame) else claims):
            r = dict(r)  # '_local' is added: the caller's rows stay as they were
            se = by_id.get(int(r["sentence_id"]))
            if se is None or not (se.start <= r["start"] < r["end"] <= se.end):
                log.warning("claim %s of %s is outside its sentence; not linked to events", r["claim_id"], ctx.article_id)
                continue
            r["_local"] = (int(r["start"]) - se.start, int(r["end"]) - se.start)
            by_sentence.setdefault(int(r["sentence_id"]), []).append(r)
    exprs = ctx.all_time_expressions
    rows: list[dict] = []
    for i, se in enumerate(sentences):
        rows.extend(_sentence_events(ctx, i, exprs, by_sentence.get(se.sentence_id, []), pub))
    return rows


def _sentence_lists(sentences: pd.DataFrame | None) -> dict[str, list[textmod.Sentence]]:
    out: dict[str, list[textmod.Sentence]] = {}
    if sentences is None or not len(sentences):
        return out
    for r in sentences.sort_values(["article_id", "sentence_id"]).itertuples(index=False):
        out.setdefault(r.article_id, []).append(
            textmod.Sentence(int(r.sentence_id), int(r.start), int(r.end), int(r.paragraph) if pd.notna(r.paragraph) else 0,
                             bool(r.is_headline), bool(r.is_heading), r.text))
    return out


#: The columns of the ``claims`` table that events read (``article_events``, ``_sentence_events``, ``_claimant``).
CLAIM_FIELDS = ("article_id", "claim_id", "sentence_id", "start", "end", "kind", "claimant", "claimant_type")


def events_table(articles: pd.DataFrame, sentences: pd.DataFrame | None = None, claims: pd.DataFrame | None = None,
                 contexts: dict | None = None) -> pd.DataFrame:
    """The ``events`` table (``schemas.EVENTS``) of an ``articles`` table, its ``sentences`` and
    ``claims`` (each computed when not given). Inputs are not modified. ``contexts``: article
    id -> ``claims.ArticleContext`` (filled by ``claims.extract_claims``); articles without one
    get their own, and it is added to ``contexts``.

    >>> from newslib.read import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", "Title\\n\\nTroops recaptured Palmyra.")]).articles
    >>> events_table(arts)[["event_type", "trigger", "place", "date_reason"]].values.tolist()
    [['capture', 'recaptured', 'Palmyra', 'no time expression in sentence']]
    """
    if sentences is None:
        sentences = textmod.sentences_table(articles)
    if contexts is None:
        contexts = {}
    if claims is None:
        claims = claimsmod.extract_claims(articles, sentences, contexts)
    # the claims' rows as dicts, made once for the table (not a DataFrame per article), with
    # the fields events read (``CLAIM_FIELDS``: dates and texts of other columns not converted)
    by_article: dict[str, list[dict]] = {}
    if len(claims):
        ccols = [c for c in CLAIM_FIELDS if c in claims.columns]
        for vals in zip(*(claims[c].tolist() for c in ccols)):
            r = dict(zip(ccols, vals))
            by_article.setdefault(r["article_id"], []).append(r)
    rows: list[dict] = []
    sents = None  # sentence lists, made only if an article has no context yet
    cols = list(articles.columns)
    for vals in zip(*(articles[c].tolist() for c in cols)):  # column lists: cheaper than to_dict
        art = dict(zip(cols, vals))
        aid = art["article_id"]
        ctx = contexts.get(aid)
        if ctx is None:
            if sents is None:
                sents = _sentence_lists(sentences)
            ctx = article_context(art, sents.get(aid))
            if ctx is not None:
                contexts[aid] = ctx
        rows.extend(article_events(art, None, by_article.get(aid), ctx))
    df = schemas.EVENTS.from_rows(rows, sort=("article_id", "sentence_id", "start", "event_type", "event_id"))
    log.debug("events_table: %d events (%d dated) in %d articles", len(df), int(df["date_start"].notna().sum()), len(articles))
    return df


def events_from_text(text: str, published: str | None = None, outlet: str | None = None, article_id: str = "doc") -> pd.DataFrame:
    """Events of one piece of text (cleaned like an article; a first line of several is a headline).

    >>> events_from_text("Russia and Turkey agreed a ceasefire.")[["event_type", "trigger"]].values.tolist()
    [['agreement', 'agreed']]
    """
    from ..read import corpus

    res = corpus.build([corpus.Document(article_id, article_id, text, published=published, outlet=outlet)])
    if res.articles.empty:
        return schemas.EVENTS.empty()
    return events_table(res.articles)


def undated(events: pd.DataFrame) -> pd.DataFrame:
    """Events without a date, with the reason (they are never merged into the timeline)."""
    return events[events["date_start"].isna()].reset_index(drop=True)


# ----------------------------------------------------------------------------- timeline
def merge_rule(days: int = 1, km: float = 25.0) -> str:
    """The merge rule as written in the ``rule`` column.

    >>> merge_rule()
    'same type; same place, within 25 km or in its province; actors overlap or unnamed; dates overlap within 1 day'
    """
    return (f"same type; same place, within {km:g} km or in its province; actors overlap or unnamed; "
            f"dates overlap within {days:g} day{'s' if days != 1 else ''}")


SINGLE = "single report"


@dataclass(frozen=True)
class _Ev:
    event_id: str
    article_id: str
    outlet: str | None
    event_type: str
    place: str | None
    place_source: str | None
    lat: float | None
    lon: float | None
    actors: frozenset
    claimant: str | None
    start: pd.Timestamp
    end: pd.Timestamp
    precision: str | None
    quote: str | None


def _na(v):
    return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(_haversine_km(34.889, 38.877, 34.95, 38.95))
    10
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def same_area(a: str | None, b: str | None, lat_a=None, lon_a=None, lat_b=None, lon_b=None, km: float = 25.0) -> bool:
    """Places compatible under the merge rule: same name, coordinates within ``km``, or a
    province and a place in it; two events without a place are compatible, one alone is not.

    >>> same_area("Ayash", "Deir ez-Zor Province")
    True
    >>> same_area("Sukhna", "Deir ez-Zor")
    False
    """
    if not a and not b:
        return True
    if not a or not b:
        return False
    if a == b:
        return True
    ka, aa, la, oa = _gazetteer_info().get(a, ("", "", None, None))
    kb, ab, lb, ob = _gazetteer_info().get(b, ("", "", None, None))
    lat_a, lon_a = (lat_a, lon_a) if None not in (lat_a, lon_a) else (la, oa)
    lat_b, lon_b = (lat_b, lon_b) if None not in (lat_b, lon_b) else (lb, ob)
    if None not in (lat_a, lon_a, lat_b, lon_b) and _haversine_km(lat_a, lon_a, lat_b, lon_b) <= km:
        return True
    return bool(aa) and aa == ab and "province" in (ka, kb)


def _compatible(x: _Ev, y: _Ev, days: int, km: float) -> bool:
    if x.event_type != y.event_type:
        return False
    if x.event_type == "statement" and x.claimant != y.claimant:
        return False
    tol = pd.Timedelta(days=days)
    if x.start > y.end + tol or y.start > x.end + tol:
        return False
    if x.actors and y.actors and not (x.actors & y.actors):
        return False
    return same_area(x.place, y.place, x.lat, x.lon, y.lat, y.lon, km)


def _lead_key(e: _Ev) -> tuple:
    """Most precise date first, then earliest, then the place most directly and specifically named."""
    kind = _gazetteer_info().get(e.place or "", ("",))[0]
    return ((e.end - e.start).days, _PRECISION_RANK.get(e.precision or "", 9), e.start,
            _PLACE_SOURCE_RANK.get(e.place_source or "", 9), kind in ("province", "region", ""), e.event_id)


def _joined(values) -> str | None:
    return "; ".join(sorted({v for v in values if v})) or None


def timeline_table(events: pd.DataFrame, days: int = 1, km: float = 25.0) -> pd.DataFrame:
    """One row per happening (``schemas.TIMELINE``): dated events merged across articles and
    outlets by the rule in the module docstring. Deterministic: same events, same rows.

    >>> e = pd.DataFrame({"event_id": ["e1", "e2"], "article_id": ["a", "b"], "outlet": ["A", "B"],
    ...     "event_type": "attack", "place": ["Sukhna", "Palmyra-Deir ez-Zor highway"], "place_source": "sentence",
    ...     "lat": [34.889, 34.95], "lon": [38.877, 38.95], "actors": "Islamic State", "claimant": ["A", "B"],
    ...     "date_start": pd.to_datetime(["2017-09-28", "2017-09-29"]), "date_end": pd.to_datetime(["2017-09-28", "2017-09-29"]),
    ...     "precision": "day", "quote": ["q1", "q2"]})
    >>> timeline_table(e)[["n_events", "n_outlets", "outlets", "precision"]].values.tolist()
    [[2, 2, 'A; B', 'range']]
    """
    if days < 0 or km < 0:
        raise ValueError(f"days ({days}) and km ({km}) must not be negative")
    if events is None or events.empty:
        return schemas.TIMELINE.empty()
    dated = events[events["date_start"].notna()]
    evs = []
    for r in io.records(dated):
        start = pd.Timestamp(r["date_start"])
        end = pd.Timestamp(r["date_end"]) if _na(r.get("date_end")) is not None else start
        actors = frozenset(a for a in (_na(r.get("actors")) or "").split("; ") if a)
        evs.append(_Ev(str(r["event_id"]), str(r["article_id"]), _na(r.get("outlet")), str(r["event_type"]),
                       _na(r.get("place")), _na(r.get("place_source")), _float(_na(r.get("lat"))), _float(_na(r.get("lon"))),
                       actors, _na(r.get("claimant")), start, max(start, end), _na(r.get("precision")), _na(r.get("quote"))))
    evs.sort(key=lambda e: (e.event_type, e.start, e.end, _PRECISION_RANK.get(e.precision or "", 9), e.event_id))
    rule = merge_rule(days, km)
    rows = [_timeline_row(c.members, rule) for c in _merge(evs, days, km)]
    if not rows:
        return schemas.TIMELINE.empty()
    df = pd.DataFrame(rows, columns=list(schemas.TIMELINE.columns))
    df = df.sort_values(["date_start", "date_end", "event_type", "place", "timeline_id"], kind="stable", na_position="last")
    return schemas.TIMELINE.conform(df.reset_index(drop=True))


class _Cluster:
    """One timeline row being built: its members and what the merge rule reads of them, each
    distinct value once (actor sets, places with coordinates), and the earliest end."""

    __slots__ = ("members", "min_end", "actor_sets", "places")

    def __init__(self, e: _Ev):
        self.members = [e]
        self.min_end = e.end
        self.actor_sets = {e.actors: None} if e.actors else {}
        self.places = {(e.place, e.lat, e.lon): None}

    def add(self, e: _Ev) -> None:
        self.members.append(e)
        self.min_end = min(self.min_end, e.end)
        if e.actors:
            self.actor_sets.setdefault(e.actors)
        self.places.setdefault((e.place, e.lat, e.lon))

    def accepts(self, e: _Ev, km: float) -> bool:
        """``_compatible(e, m)`` for every member ``m`` (same type, same claimant for
        statements and dates within the tolerance are checked by the caller)."""
        if e.actors and any(not (e.actors & a) for a in self.actor_sets):
            return False
        return all(same_area(e.place, p, e.lat, e.lon, la, lo, km) for p, la, lo in self.places)


def _merge(evs: list[_Ev], days: int, km: float) -> list[_Cluster]:
    """Complete linkage in order: each event joins the first row (in order of creation) all of
    whose members it is ``_compatible`` with, else starts a row.

    Linear in the events: ``evs`` are sorted by type and start, so a row can only take events
    of its own type (and, for statements, claimant), and every member started no later than
    the event; the dates are compatible with every member when the event starts at most
    ``days`` after the earliest end of a member. A row whose earliest end is further back
    than that can take no later event and is retired. The rest of the rule is checked once per
    distinct actor set and place of a row, not once per member."""
    tol = pd.Timedelta(days=days)
    clusters: list[_Cluster] = []
    open_rows: dict[tuple, list[_Cluster]] = {}  # (type, claimant of a statement) -> rows that can still grow
    for e in evs:
        key = (e.event_type, e.claimant if e.event_type == "statement" else None)
        alive = [c for c in open_rows.get(key, ()) if c.min_end + tol >= e.start]
        home = next((c for c in alive if c.accepts(e, km)), None)
        if home is None:
            home = _Cluster(e)
            clusters.append(home)
            alive.append(home)
        else:
            home.add(e)
        open_rows[key] = alive
    return clusters


def _timeline_row(members: list[_Ev], rule: str) -> dict:
    lead = min(members, key=_lead_key)
    ids = sorted(m.event_id for m in members)
    start, end = min(m.start for m in members), max(m.end for m in members)
    outlets = {m.outlet if m.outlet else f"(article {m.article_id})" for m in members}
    extra = "; same claimant" if lead.event_type == "statement" else ""
    return {
        "timeline_id": "t" + hashlib.sha1("|".join(ids).encode("utf-8")).hexdigest()[:12],
        "event_type": lead.event_type,
        "place": lead.place,
        "places": _joined(m.place for m in members),
        "lat": lead.lat,
        "lon": lead.lon,
        "actors": _joined(a for m in members for a in m.actors),
        "date_start": start,
        "date_end": end,
        "precision": lead.precision if (start, end) == (lead.start, lead.end) else "range",
        "n_events": len(members),
        "n_articles": len({m.article_id for m in members}),
        "n_outlets": len(outlets),
        "outlets": _joined(m.outlet for m in members),
        "claimants": _joined(m.claimant for m in members),
        "article_ids": _joined(m.article_id for m in members),
        "event_ids": "; ".join(ids),
        "lead_event_id": lead.event_id,
        "quote": lead.quote,
        "rule": SINGLE if len(members) == 1 else rule + extra,
    }
