"""Incidents across outlets: which claims describe the same happening, linked by evidence.

Articles from several outlets report the same attack with different figures, from different
claimants, on different days, sometimes without a publication date. This module groups the
``claims`` table into **incidents** (one per happening and kind of harm) by the evidence the
texts give, and records for every claim the evidence that put it there (``link_basis``).
``newslib.analyse.reconcile`` then reconciles each incident's figures. Every rule below is also the
README's methodology.

What a claim brings
-------------------
* **Kind** (killed, wounded, captured...): kinds never link.
* **Victims** (``reconcile.victim_key``): the side, else the victim noun classified (a military
  noun makes *fighters of unknown side*; "people", "victims" or none makes *generic*).
  Compatible: equal; generic with anything; fighters with any side but civilians; another noun
  with civilians or another noun. Two different known sides never link.
* **Place used**: the claim's own place when the extractor found it in its sentence or section;
  otherwise its article's main place for that kind (the largest cluster of its sentence and
  section places), under the corpus's most frequent spelling of its name (``spelling_key``:
  "Pazi Gyi" and "Pazigyi" are one place). Places have a **hierarchy** (site/city < district < province < country, from
  the gazetteer): two places are compatible when they are the same, within ``km`` kilometres, or
  one contains the other.
* **Period**: what the text says about *when*, in order of strength:
  a **counting window** longer than ``days`` + 1 days ("since May 10", "over the past two
  weeks": a running total, ``period``); an **event date** of at most ``MAX_EVENT_DAYS`` days
  ("on Sunday", "November 28-29": ``event``), or an explicit span of dates of at most
  ``MAX_SPAN_DAYS`` ("between 27 and 31 March"); a coarser date ("in November", "last year",
  "from March 23 to April 3": ``bounded``). Two dates as one span are the figure's days,
  never a running total; a window the text gives without resolvable dates ("so far", "since last Friday"
  in an undated article: ``open``); or nothing (``none``). An undated claim is bounded by its
  article's publication date (the happening is on or before it), and by nothing else: it may
  link anywhere in the corpus's time span.
* **Scope**: background totals (``scope`` = ``cumulative``: a whole war, year or operation) are
  never linked; they go to ``context_figures``.

How claims are linked (each step is linear in the claims: candidates come from hash buckets,
never from all pairs)
--------------------------------------------------------------------------------------------
1. **Anchors** (claims with a period of type ``event`` or ``period`` and a place at district
   level or finer) link when kind, victims and place are compatible and their periods match:
   two events within ``days`` of each other; two running totals whose starts are within their
   tolerances (``days``, or a fifth of the window for long windows: "in two weeks" and "since
   May 10" may be the same total). An event and a running total never link: a day's toll and
   a toll over days count different periods (buckets keyed by kind, place or 25-km cell, and
   day). A claim joins a group only when its dates agree with every member's (complete linkage
   on dates, ``_Span``): chains of consecutive days never make one incident of a month.
2. **Wire copy**: two claims inside a passage two articles share (``reuse.shared_passages``)
   with the same kind and figure are linked, whatever else they say.
3. **Attachment**: every other claim joins at most **one** anchored incident, never bridging
   two. Claims with figure identity join first, one by one; the others go by article (the
   claims of one article and kind go together where they can: to the incident that fits most
   of them). Candidates, strongest evidence first: (a) **figure identity**: the same claimant's same
   figure at a compatible place (a number under ``MIN_IDENTIFYING``, 10, only for the same victims more specific than
   "people": small counts recur in every report; never vague words); (b) **same article**: an incident holding another claim of its article; (c) **place
   and time**: an incident at a compatible place (the claim's place, a place inside it, or one
   containing it) whose dates are on or before the claim's publication and inside its coarse
   date if it has one, with a figure within ``FIGURE_FACTOR`` (5) of one of its figures (place
   and time alone are weak evidence). All candidates must have compatible victims and kind.
   Among candidates
   of the strongest tier, the one with the same kind of period (a running total for "so far"),
   then the most recent before publication (within 7 days, within a month, older), then the
   closest figure (log ratio), then the largest, wins. The anchored groups are then tried
   again as in step 1, their figures widened by what attachment brought in (an article that
   gives 8 and 300 for one village and day says they are rival counts of one happening).
4. **Leftovers** (no anchored incident fits) are linked among themselves by the same rules
   with any place (or, without a place, their article) as the key; then those with no date at
   all link by kind, victims and place when published within ``UNDATED_DAYS`` days of each
   other (a province or country joins the largest group inside it). A claim with no evidence
   at all stays alone, and ``link_basis`` says why.
5. **Companions** (``_companion_links``): groups of one kind whose claims stand in a sentence
   beside claims of one incident of another kind join ("killed 133 and wounded 200" and "12
   killed and 140 wounded" beside the same killed: one wounded incident, whatever their places),
   when their dates and figures agree. The companion is the nearest claim of another kind in
   the sentence that is no subset ("133 killed, including dozens of children, and 200 injured":
   the 133); a claim with none in its sentence takes its article's incident of another kind
   when all its article's claims of that kind went to one, at places compatible with its own.

A figure given against others (``disputes``: "only eight", a denial's figure) keeps no groups
apart under the ``FIGURE_FACTOR`` rule and fits any incident's figures.

A subset claim ("including 50 children", ``subset_of`` set) joins its parent's incident.
``incident_id`` is ``i`` + the first 12 hex digits of the SHA-1 of the sorted member claim ids:
the same claims always give the same id.

Publication dates
-----------------
An article without a publication date takes the date of a dated article it shares a passage
with (wire copy); its claims' relative dates and windows ("on Sunday", "in the past two weeks")
are then resolved against it, and ``window_basis`` names the twin. Nothing is guessed from
nothing.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import math
from dataclasses import dataclass, field

import pandas as pd

from ..language import dates as datesmod
from .. import io, lexicons, schemas
from ..language import windows
from ..language import gazetteer
from ..language.gazetteer import area_kinds, kind_level
from ..errors import ParameterError
from .reconcile import (
    FIGHTERS,
    GENERIC,
    RECON_FIELDS,
    RULE_NAMES,
    RULES,
    check_rule,
    group_name,
    reconcile,
    reconcile_records,
    rule_name,
    series_rows,
    stated_figure,
    unattributed,
    victim_key,
    victims_compatible,
)
from .totals import CLAIMANT_PRIORITY, DisjointSets, claim_point, counts_bodies, is_na, km_between

_na = is_na

#: Figures smaller than this never identify a happening ("one", "two children" recur everywhere).
MIN_IDENTIFYING = 10
#: Attached by place and time alone, a figure must be within this factor of one of the incident's.
FIGURE_FACTOR = 5.0
#: Undated claims with nothing else to go by link when published within this many days.
UNDATED_DAYS = 7
#: An undated claim (or one dated only "on or before") joins by place and time alone only an
#: incident that ended within this many days before it was published: beyond that, only its
#: figure and claimant (or its own article) tie it to a happening.
UNDATED_LOOKBACK_DAYS = 366
#: Incidents are indexed by place and by periods of this many days (``_Linker.attach``).
_TIME_BUCKET_DAYS = 16
#: Event dates spanning more days than this are coarse (``bounded``): they constrain, never anchor.
MAX_EVENT_DAYS = 3
#: An explicit span of calendar dates ("27-31 March", "between 23 and 31 March") of at most this
#: many days is the happening's own days (an ``event``); longer spans are coarse (``bounded``).
MAX_SPAN_DAYS = 7
#: Size of a grid cell for "within km" lookups, in degrees of latitude (about 28 km).
_CELL_DEG = 0.25
STRONG_PLACE_SOURCES = ("sentence", "section")
#: Place levels: 0 country, 1 province, 2 district or area, 3 city, 4 site. Anchors need >= 2.
ANCHOR_LEVEL = 2


def _ts(v) -> pd.Timestamp | None:
    return None if is_na(v) else pd.Timestamp(v)


def _str(v) -> str:
    if v.__class__ is str:  # the common case, first (linking reads a few per claim)
        return v
    return "" if is_na(v) else str(v)


def _int(v) -> int | None:
    if v.__class__ is int:
        return v
    return None if is_na(v) else int(v)


def _bool(v) -> bool:
    return False if is_na(v) else bool(v)


def _ord(v) -> int | None:
    """The proleptic ordinal of a date or time (None when missing). A corpus holds few
    distinct dates, so each value's ordinal is found once (``_ord_of``)."""
    if v is None or v is pd.NaT:
        return None
    try:
        return _ord_of(v)
    except TypeError:  # not hashable
        return _ord_plain(v)


def _ord_plain(v) -> int | None:
    t = _ts(v)
    return None if t is None else t.toordinal()


_ord_of = functools.lru_cache(maxsize=1 << 16)(_ord_plain)


@functools.lru_cache(maxsize=1 << 16)
def _day(o: int | None) -> pd.Timestamp | None:
    return None if o is None else pd.Timestamp(dt.date.fromordinal(o))


def _fmt(o: int | None) -> str:
    return "" if o is None else dt.date.fromordinal(o).isoformat()


# ----------------------------------------------------------------------------- places
@dataclass(frozen=True)
class Place:
    name: str
    lat: float | None
    lon: float | None

    @property
    def coords(self):
        return None if self.lat is None or self.lon is None else (self.lat, self.lon)


@dataclass(frozen=True)
class PlaceFacts:
    """What linking needs to know of a place: its level and the places containing it."""

    level: int
    ancestors: tuple[str, ...]


@functools.cache
def _lexicon_places() -> dict[str, tuple[str, str, str]]:
    """Canonical place -> (kind, admin1, country) from the lexicon gazetteer (first row of each)."""
    g = lexicons.table("gazetteer")
    out: dict[str, tuple[str, str, str]] = {}
    cols = [c for c in ("place", "kind", "admin1", "country") if c in g.columns]
    for r in io.records(g[cols]):
        out.setdefault(r["place"], (r.get("kind", "") or "", r.get("admin1", "") or "", r.get("country", "") or ""))
    return out


@functools.cache
def place_facts(name: str) -> PlaceFacts:
    """Level and containing places of a canonical place name: from ``newslib.language.gazetteer`` when
    it knows the place, else from the lexicon gazetteer (an area kind, such as a province,
    region or road, contains the places of its ``admin1``); unknown places are level 3 with no
    containing place.

    >>> place_facts("Sukhna").level, "Syria" in place_facts("Sukhna").ancestors
    (3, True)
    """
    try:
        from ..language import gazetteer  # the world gazetteer with a hierarchy, when present
    except ImportError:  # pragma: no cover - until it lands
        gazetteer = None
    if gazetteer is not None:
        info = gazetteer.lookup(name)
        if info is not None:
            return PlaceFacts(int(info.level), tuple(gazetteer.ancestors(info.name)))
    lex = _lexicon_places()
    if name not in lex:
        countries = {c for _, _, c in lex.values() if c}
        return PlaceFacts(0 if name in countries else 3, ())
    kind, admin1, country = lex[name]
    level = kind_level(kind)
    anc = [p for p, (k, a, c) in sorted(lex.items()) if p != name and k.lower() in area_kinds() and k.lower() != "country"
           and a and a == admin1 and c == country and kind_level(k) <= level]
    if country and country != name:
        anc.append(country)
    return PlaceFacts(level, tuple(anc))


@functools.cache
def _areas_by_coords() -> dict[tuple[float, float], str]:
    """Coordinates of each province and country of the gazetteer -> its name."""
    from ..language import gazetteer

    out: dict[tuple[float, float], str] = {}
    for name, p in sorted(gazetteer.gazetteer().places.items()):
        if p.level <= 1 and p.lat is not None and p.lon is not None:
            out.setdefault((round(float(p.lat), 4), round(float(p.lon), 4)), name)
    return out


@functools.cache
def facts_of(place: Place) -> PlaceFacts:
    """``place_facts`` of a place, and for a place the gazetteer does not know that carries
    the coordinates of a province or country (a village named with its area,
    ``gazetteer.local_places``), that area and the places containing it.

    >>> facts_of(Place("Tudun Biri", 10.5, 7.896)).ancestors[:2]
    ('Kaduna State', 'Nigeria')
    """
    facts = place_facts(place.name)
    if facts.ancestors or facts.level != 3 or place.coords is None:
        return facts
    from ..language import gazetteer

    area = _areas_by_coords().get((round(place.lat, 4), round(place.lon, 4)))
    if area is None or area == place.name or gazetteer.lookup(place.name) is not None:
        return facts
    return PlaceFacts(3, (area,) + tuple(gazetteer.ancestors(area)))


def _gazetteer():
    from ..language import gazetteer  # imported when first needed, as place_facts does

    return gazetteer


def local_area(place: Place) -> str | None:
    """The province or country a place the gazetteer lacks is known by (``facts_of``), else None."""
    facts = facts_of(place)
    return facts.ancestors[0] if facts != place_facts(place.name) and facts.ancestors else None


@functools.cache
def namesake_area(name: str) -> str | None:
    """The province a city shares its name with ("Kaduna" and Kaduna State, "Homs" and Homs
    Province), else None: a report's "in Kaduna" may mean either.

    >>> namesake_area("Kaduna"), namesake_area("Kramatorsk")
    ('Kaduna State', None)
    """
    facts = place_facts(name)
    if facts.level < 2 or not facts.ancestors:
        return None
    area = facts.ancestors[0]
    return area if area.startswith(name + " ") and len(area.split()) == len(name.split()) + 1 else None


@functools.cache
def namesake_city(area: str) -> str | None:
    """The city named like province ``area`` (the reverse of ``namesake_area``), else None."""
    parts = area.split()
    return " ".join(parts[:-1]) if len(parts) > 1 and namesake_area(" ".join(parts[:-1])) == area else None


def place_keys(place: Place) -> tuple[list[tuple], list[tuple]]:
    """Extra index keys of a place for the village-or-namesake rule (``places_compatible``):
    (keys it is found by, keys it looks for)."""
    area = local_area(place)
    if area is not None:
        city = namesake_city(area)
        return [("local-in", area)], ([("p", city)] if city else [])
    area = namesake_area(place.name)
    return [], ([("local-in", area)] if area else [])


def places_compatible(a: Place | None, b: Place | None, km: float = 25.0) -> bool:
    """Same canonical place, within ``km``, or one containing the other (gazetteer hierarchy).

    >>> places_compatible(Place("Sukhna", 34.889, 38.877), Place("Palmyra-Deir ez-Zor highway", 34.95, 38.95))
    True
    >>> places_compatible(Place("Deir ez-Zor", 35.336, 40.14), Place("Sukhna", 34.889, 38.877))
    False
    >>> places_compatible(Place("Syria", None, None), Place("Sukhna", 34.889, 38.877))
    True
    """
    if a is None or b is None:
        return False
    if a.name.casefold() == b.name.casefold():
        return True
    fa, fb = facts_of(a), facts_of(b)
    if fa != place_facts(a.name) or fb != place_facts(b.name):
        # a village known only by its area: the area's coordinates say nothing of distances;
        # it is also compatible with the city named like its area ("in Kaduna" may mean the
        # state of a village in Kaduna State), and with another spelling of its name in the same
        # area ("Tundun Biri", "Tudun Biri": gazetteer.same_spelling)
        la, lb = local_area(a), local_area(b)
        return a.name in fb.ancestors or b.name in fa.ancestors or \
            (la is not None and la == namesake_area(b.name)) or (lb is not None and lb == namesake_area(a.name)) or \
            (la is not None and la == lb and _gazetteer().same_spelling(a.name, b.name))
    if a.coords and b.coords and km_between(a.coords, b.coords) <= km:
        return True
    return a.name in fb.ancestors or b.name in fa.ancestors


def _cell(p: Place | None) -> tuple[int, int] | None:
    if p is None or p.coords is None:
        return None
    lat, lon = p.coords
    return (math.floor(lat / _CELL_DEG), math.floor(lon * max(0.2, math.cos(math.radians(lat))) / _CELL_DEG))


def _near_cells(c: tuple[int, int] | None, km: float) -> list[tuple[int, int]]:
    if c is None:
        return []
    r = max(1, math.ceil(km / (_CELL_DEG * 111.0)))
    return [(c[0] + i, c[1] + j) for i in range(-r, r + 1) for j in range(-r, r + 1)]


# ----------------------------------------------------------------------------- claims as linking records
#: Claim columns linking reads (``newslib.run.engine`` keeps these between partitions).
LINK_FIELDS = ("claim_id", "article_id", "outlet", "published", "start", "end", "kind", "count_low", "count_high",
               "count_text", "qualifier", "count_kind", "victims", "victim_side", "claimant", "claimant_type",
               "place", "place_source", "lat", "lon", "date_text", "event_date", "event_date_end", "date_precision",
               "window_text", "window_start", "window_end", "scope", "subset_of", "disputes", "sentence_id")


@dataclass
class _Rec:
    i: int
    cid: str
    article: str
    kind: str
    victims: str
    claimant: str
    own: bool
    figure: str
    point: int | None
    start: int
    pub: int | None = None
    pub_basis: str = ""
    place: Place | None = None
    place_basis: str = "none"
    facts: PlaceFacts = field(default_factory=lambda: PlaceFacts(9, ()))
    ptype: str = "none"
    ws: int | None = None
    we: int | None = None
    window_basis: str = "none"
    parent: int | None = None
    basis: str = ""
    context: bool = False
    wants: str = ""  # "period" or "event": the kind of incident an unresolved window points to
    disputes: bool = False  # a figure given against others ("only eight"): it keeps no groups apart
    sentence: int | None = None  # sentence_id in its article


def _check_grouping(claims: pd.DataFrame, km: float, days: int) -> None:
    if km < 0 or days < 0:
        raise ParameterError("km and days must be zero or more")
    if len(claims) and claims["claim_id"].astype(str).duplicated().any():
        raise ParameterError("claims have duplicate claim_id values; incidents need unique claim ids")


def partial_publication(articles: pd.DataFrame | None) -> frozenset[str]:
    """Articles whose publication date is known only to the month or year (``published_end``
    after ``published``, partial metadata such as "2023-04"): no publication day, so
    "on or before publication" cannot be tested against the first day of the month."""
    if articles is None or articles.empty or "published_end" not in articles.columns:
        return frozenset()
    return frozenset(aid for aid, a, b in zip(articles["article_id"].astype(str), articles["published"],
                                              articles["published_end"])
                     if _ord(a) is not None and _ord(b) is not None and _ord(b) != _ord(a))


def inferred_publication(articles: pd.DataFrame | None, passages: pd.DataFrame | None,
                         claims: pd.DataFrame | None = None) -> dict[str, tuple[int, str]]:
    """Publication day (ordinal) and its basis for every article: its own date (``published``),
    else the earliest date of a dated article it shares a passage with (wire copy), the basis
    naming that article. Articles with neither are left out.

    With ``claims``, a shared passage makes two articles twins only when it holds a claim of
    the same kind and lowest count on both sides (the same news, not the same background paragraph:
    two statements of one agency a week apart share their boilerplate)."""
    out: dict[str, tuple[int, str]] = {}
    if articles is None or articles.empty or "published" not in articles.columns:
        return out
    partial = partial_publication(articles)
    for aid, pub in zip(articles["article_id"].astype(str), articles["published"]):
        o = _ord(pub)
        if o is not None and aid not in partial:
            out[aid] = (o, "publication date")
    if passages is None or passages.empty:
        return out
    news = None
    if claims is not None and not claims.empty:
        news = {}
        for aid, start, kind, lo in zip(claims["article_id"].astype(str), claims["start"], claims["kind"],
                                        claims["count_low"]):
            news.setdefault(aid, []).append((int(start), (str(kind), _int(lo))))
        for v in news.values():
            v.sort(key=lambda t: t[0])
    twins: dict[str, tuple[int, str]] = {}
    cols = [passages[c].astype(str).tolist() for c in ("article_a", "article_b")]
    spans = [passages[c].tolist() for c in ("a_start", "a_end", "b_start", "b_end")] if news is not None else None
    for k, (a, b) in enumerate(zip(*cols)):
        if news is not None and not (set(_inside(news.get(a, []), int(spans[0][k]), int(spans[1][k])))
                                     & set(_inside(news.get(b, []), int(spans[2][k]), int(spans[3][k])))):
            continue
        for x, y in ((a, b), (b, a)):
            if x not in out and y in out and out[y][1] == "publication date":
                cand = (out[y][0], y)
                if x not in twins or cand < twins[x]:
                    twins[x] = cand
    for x, (o, y) in twins.items():
        out[x] = (o, f"wire copy of {y}")
    return out


@functools.cache
def _dated_window(wtext: str, pub: dt.date | None) -> bool:
    """Whether a counting window is the dates of the figure's days ("on March 23-31", "between
    23 and 31 March") rather than a period running to publication ("since", "in the past").
    The kind does not depend on the day it is resolved against; without a publication date
    any day will do."""
    return bool(wtext) and windows.counting_window(wtext, 0, 0, pub or dt.date(2000, 1, 1)).kind == "day"


@functools.cache
def _dated_span(dtext: str, pub: dt.date | None) -> bool:
    """Whether a claim's date is an explicit span of calendar dates ("27-31 March"), not a
    period counted back from publication ("the past week", "since Monday")."""
    found = datesmod.find_time_expressions(dtext, pub or dt.date(2000, 1, 1)) if dtext else []
    return bool(found) and found[0].kind == "point" and found[0].precision == "range"


# every cache above reads the lexicons (gazetteer, place kinds, window cues, date words)
for _cached in (_lexicon_places, place_facts, _areas_by_coords, facts_of, namesake_area, namesake_city,
                _dated_window, _dated_span):
    lexicons.register_cache(_cached.cache_clear)


def _period(r: dict, rec: _Rec, days: int, pub_inferred: bool) -> None:
    """Set the record's period (``ptype``, ``ws``, ``we``, ``window_basis``) from the claim."""
    pub = _day(rec.pub).date() if rec.pub is not None else None
    ws, we = _ord(r.get("window_start")), _ord(r.get("window_end"))
    es, ee = _ord(r.get("event_date")), _ord(r.get("event_date_end"))
    wtext, dtext = _str(r.get("window_text")), _str(r.get("date_text"))
    if pub_inferred and pub is not None:
        # resolve the claim's own words against the date its wire twin gives
        if wtext and ws is None:
            w = windows.counting_window(wtext, 0, 0, pub)
            ws, we = _ord(w.start), _ord(w.end)
            if w.kind == "day" and ws is not None:
                es, ee = ws, we
                ws = we = None
        if dtext and es is None and ee is None:
            found = [e for e in datesmod.find_time_expressions(dtext, pub) if e.date_start is not None]
            if found and found[0].kind != "duration" and not dtext.lower().startswith("since"):
                es, ee = _ord(found[0].date_start), _ord(found[0].date_end or found[0].date_start)
    how = f" (resolved against {rec.pub_basis})" if pub_inferred else ""
    if ws is not None and we is not None and we - ws + 1 > MAX_SPAN_DAYS and _dated_window(wtext, pub):
        # two dates as one span ("from March 23 to April 3"): when it happened, coarsely, not
        # a running total ("since March 23", "in the past ten days")
        rec.ptype, rec.ws, rec.we, rec.window_basis = "bounded", ws, we, f"event dates '{wtext}'{how}"
    elif ws is not None and we is not None and we - ws + 1 > days + 1 and not _dated_window(wtext, pub):
        rec.ptype, rec.ws, rec.we, rec.window_basis = "period", ws, we, f"counting window '{wtext}'{how}"
    elif ws is not None and we is not None:
        rec.ptype, rec.ws, rec.we, rec.window_basis = "event", ws, we, f"event date '{wtext}'{how}"
    elif es is not None and (ee is None or ee - es + 1 <= MAX_EVENT_DAYS
                             or (ee - es + 1 <= MAX_SPAN_DAYS and _dated_span(dtext, pub))):
        rec.ptype, rec.ws, rec.we, rec.window_basis = "event", es, max(ee or es, es), f"event date '{dtext}'{how}"
    elif es is not None:
        rec.ptype, rec.ws, rec.we, rec.window_basis = "bounded", es, max(ee or es, es), f"event date '{dtext}'{how}"
    elif ee is not None:  # a statement date only: the event is on or before it
        rec.ptype, rec.ws, rec.we, rec.window_basis = "bounded", None, ee, f"on or before '{dtext}'{how}"
    elif wtext and windows.counting_window(wtext, 0, 0, None).kind in ("period", "to date"):
        rec.ptype, rec.window_basis, rec.wants = "open", f"counting window '{wtext}' (no dates)", "period"
    elif rec.pub is not None:
        rec.ptype, rec.window_basis = "none", f"on or before publication ({rec.pub_basis})"
    else:
        rec.ptype, rec.window_basis = "none", "none"
    if wtext and rec.ptype in ("none", "bounded") and windows.counting_window(wtext, 0, 0, None).kind == "day":
        rec.wants = "event"  # "in one day": a day's toll, not a running total
    if rec.ptype == "event" and rec.kind == "killed" and counts_bodies(r.get("victims")):
        # "three bodies were found on April 14": the day they were found; they died on or before it
        rec.ptype, rec.ws = "bounded", None
        rec.window_basis = rec.window_basis.replace("event date", "on or before", 1) + " (bodies found)"


def _records(claims: pd.DataFrame, pubs: dict[str, tuple[int, str]], days: int, km: float,
             partial: frozenset[str] = frozenset(), prepared: list["LinkPrep"] | None = None) -> list[_Rec]:
    """The linking records of ``claims``, in claim id order. ``prepared``: the records the
    partitions of the corpus made of their own claims (``prepare_links``), taken as they are
    where the corpus changes nothing (``_prepared_records``)."""
    if prepared is not None:
        return _prepared_records(prepared, claims, pubs, days, km, partial)
    raw = _raw_records(claims)
    _one_spelling(raw)
    recs = _claim_records(raw, pubs, days, km, partial)
    _subset_parents(recs, [r.get("subset_of") for r in raw])
    return recs


def _raw_records(claims: pd.DataFrame) -> list[dict]:
    """The claims' linking fields (``LINK_FIELDS``) as dicts, in claim id order."""
    cols = [c for c in LINK_FIELDS if c in claims.columns]
    raw = io.records(claims[cols])
    order = sorted(range(len(raw)), key=lambda k: str(raw[k]["claim_id"]))
    return [raw[k] for k in order]


def _claim_records(raw: list[dict], pubs: dict[str, tuple[int, str]], days: int, km: float,
                   partial: frozenset[str]) -> list[_Rec]:
    """A record per claim of ``raw`` (its ``i``: the position in ``raw``), with its period and
    the place it links by; subsets are not yet tied to their parents (``_subset_parents``)."""
    recs: list[_Rec] = []
    for i, r in enumerate(raw):
        cid = str(r["claim_id"])
        own = unattributed(r.get("claimant"), r.get("claimant_type"), r.get("outlet"))
        rec = _Rec(i, cid, _str(r.get("article_id")), _str(r.get("kind")), victim_key(r.get("victim_side"), r.get("victims")),
                   _str(r.get("claimant")) or _str(r.get("outlet")), own,
                   stated_figure(r.get("count_low"), r.get("count_high"), r.get("qualifier"), r.get("count_kind"),
                                 r.get("count_text")),
                   claim_point(r.get("count_low"), r.get("count_high"), _str(r.get("qualifier")), _str(r.get("count_kind"))),
                   _int(r.get("start")) or 0)
        rec.disputes = _bool(r.get("disputes"))
        rec.sentence = _int(r.get("sentence_id"))
        own_pub = _ord(r.get("published")) if rec.article not in partial else None
        inferred = False
        if own_pub is not None:
            rec.pub, rec.pub_basis = own_pub, "publication date"
        elif rec.article in pubs:
            rec.pub, rec.pub_basis = pubs[rec.article]
            inferred = rec.pub_basis != "publication date"
        _period(r, rec, days, inferred)
        rec.context = _str(r.get("scope")) == "cumulative" or (
            rec.ptype == "period" and rec.we - rec.ws >= windows.CONTEXT_DAYS)
        recs.append(rec)
    _used_places(raw, recs, km)
    return recs


def _subset_parents(recs: list[_Rec], subset_of: list) -> None:
    """Tie each subset claim (``subset_of``, per record) to its parent record."""
    ids = {rec.cid: rec.i for rec in recs}
    for sub, rec in zip(subset_of, recs):
        p = _str(sub)
        if p and p in ids and recs[ids[p]].kind == rec.kind:
            rec.parent = ids[p]
        elif p and p in ids and rec.ptype == "none" and recs[ids[p]].ptype in ("event", "period", "bounded"):
            # "160 wounded, of whom 25 died": another kind links on its own (an incident
            # holds one kind) but happened when its parent did
            par = recs[ids[p]]
            rec.ptype, rec.ws, rec.we = par.ptype, par.ws, par.we
            rec.window_basis = f"{par.window_basis}, of its parent claim {par.cid}"


@dataclass
class LinkPrep:
    """The linking records of one partition's claims (``prepare_links``), made where the
    partition is (a Dask worker) so that the driver does not make them: with each article's
    own spelling of its places and its own publication date. ``places``: article ->
    (spelling key, spelling) -> claims naming the place so (added up over the corpus, they
    give ``_one_spelling``'s choice); ``redo``: articles without a publication date of their
    own (the corpus may give them one through wire copy)."""

    km: float
    days: int
    recs: list
    subset_of: list
    places: dict
    redo: set

    def without(self, articles: set) -> "LinkPrep":
        """The same without the records of ``articles`` (ids an earlier partition has)."""
        keep = [k for k, r in enumerate(self.recs) if r.article not in articles]
        return LinkPrep(self.km, self.days, [self.recs[k] for k in keep], [self.subset_of[k] for k in keep],
                        {a: v for a, v in self.places.items() if a not in articles}, self.redo - articles)


def prepare_links(claims: pd.DataFrame, articles: pd.DataFrame | None = None, km: float = 25.0,
                  days: int = 1) -> LinkPrep:
    """The linking records of one partition's ``claims`` (``LinkPrep``); ``articles``
    (``article_id``, ``published``, ``published_end``) tells partial publication dates.
    Linking the corpus with every partition's ``LinkPrep`` (``assign_incidents(...,
    prepared=...)``) gives what linking its claims gives (tested)."""
    raw = _raw_records(claims)
    places: dict[str, dict[tuple[str, str], int]] = {}
    for r in raw:
        p = r.get("place")
        if not is_na(p) and str(p).strip():
            by = places.setdefault(_str(r.get("article_id")), {})
            key = (spelling_key(str(p)), str(p))
            by[key] = by.get(key, 0) + 1
    recs = _claim_records(raw, {}, days, km, partial_publication(articles))
    redo = {r.article for r in recs if r.pub is None}
    return LinkPrep(km, days, recs, [r.get("subset_of") for r in raw], places, redo)


def _prepared_records(prepared: list[LinkPrep], claims: pd.DataFrame, pubs: dict[str, tuple[int, str]], days: int,
                      km: float, partial: frozenset[str]) -> list[_Rec]:
    """``_records`` from the partitions' ``LinkPrep``: the corpus's choice of spelling
    (``_one_spelling``) from their added counts; an article's records are taken as its
    partition made them unless the corpus respells one of its places or it has no
    publication date of its own: those articles' records are made here, from ``claims``."""
    counts: dict[str, dict[str, int]] = {}
    for prep in prepared:
        if prep.km != km or prep.days != days:
            raise ParameterError(f"linking records prepared with km={prep.km}, days={prep.days} cannot link "
                                 f"with km={km}, days={days}")
        for by in prep.places.values():
            for (key, name), n in by.items():
                into = counts.setdefault(key, {})
                into[name] = into.get(name, 0) + n
    canon = _canon(counts)
    redo: set[str] = set()
    for prep in prepared:
        redo |= prep.redo
        if canon:
            redo.update(a for a, by in prep.places.items() if any(canon.get(key, name) != name for key, name in by))
    pairs = [(r, sub) for prep in prepared for r, sub in zip(prep.recs, prep.subset_of) if r.article not in redo]
    if redo:
        raw = _raw_records(claims[claims["article_id"].astype(str).isin(redo)])
        _respell(raw, canon)
        pairs += zip(_claim_records(raw, pubs, days, km, partial), [r.get("subset_of") for r in raw])
    pairs.sort(key=lambda t: t[0].cid)
    recs = [r for r, _ in pairs]
    for i, r in enumerate(recs):
        r.i = i
    _subset_parents(recs, [sub for _, sub in pairs])
    return recs


def spelling_key(name: str) -> str:
    """The gazetteer's matching key of a place name (``gazetteer.key``: accents, apostrophes,
    case and hyphens set aside) without its spaces: "Pa Zi Gyi", "Pazi-Gyi" and "Pazigyi" are
    one key.

    >>> spelling_key("Pa Zi Gyi") == spelling_key("Pazigyi") == spelling_key("Pazí-gyi")
    True
    """
    return _gazetteer().key(name).replace(" ", "")


def _one_spelling(raw: list[dict]) -> None:
    """Give every spelling of one place name (``spelling_key``) the corpus's most frequent one
    (ties: the first in sort order), in the linking records only: a village the gazetteer does
    not know is written "Pazi Gyi" by one outlet and "Pazigyi" by the next, and is one place.
    The claims table keeps each article's own spelling."""
    counts: dict[str, dict[str, int]] = {}
    for r in raw:
        p = r.get("place")
        if not is_na(p) and str(p).strip():
            by = counts.setdefault(spelling_key(str(p)), {})
            by[str(p)] = by.get(str(p), 0) + 1
    _respell(raw, _canon(counts))


def _canon(counts: dict[str, dict[str, int]]) -> dict[str, str]:
    """Spelling key -> the spelling its places take, for keys written more than one way."""
    return {key: min(by, key=lambda n: (-by[n], n)) for key, by in counts.items() if len(by) > 1}


def _respell(raw: list[dict], canon: dict[str, str]) -> None:
    """Each place of ``raw`` with its spelling key's chosen spelling (``_canon``)."""
    if not canon:
        return
    for r in raw:
        p = r.get("place")
        if not is_na(p) and str(p).strip() and (c := canon.get(spelling_key(str(p)))) is not None:
            r["place"] = c


def _used_places(raw: list[dict], recs: list[_Rec], km: float) -> None:
    """The place each claim links by: its own (sentence or section) place, else its article's
    main place for its kind (the largest cluster of its strong places), else its own. A strong
    place the gazetteer cannot locate (a hospital, a camp, a neighbourhood) gives way to its
    article's main located place (of its kind, else of any kind)."""
    by: dict[tuple[str, str], list[int]] = {}
    for k, rec in enumerate(recs):
        by.setdefault((rec.article, rec.kind), []).append(k)
    located_main: dict[str, Place] = {}  # an article's main located place, from its first kind that has one
    for key in sorted(by):
        if key[0] not in located_main and (m := _main_place(raw, by[key], km, located_only=True)) is not None:
            located_main[key[0]] = m
    for key in sorted(by):
        ks = by[key]
        main = _main_place(raw, ks, km)
        if main is not None and not _located(main):
            main = located_main.get(key[0], main)
        for k in ks:
            own = _place_of(raw[k])
            src = _str(raw[k].get("place_source"))
            rec = recs[k]
            if own is not None and src in STRONG_PLACE_SOURCES and (_located(own) or main is None or not _located(main)):
                rec.place, rec.place_basis = own, src
            elif own is not None and src in STRONG_PLACE_SOURCES:
                rec.place, rec.place_basis = main, f"article main place ('{own.name}' not in the gazetteer)"
            elif main is not None:
                rec.place = main
                rec.place_basis = "article main place" if own is None or own.name != main.name else "article"
            elif own is not None:
                rec.place, rec.place_basis = own, "article" if src else "claim"
            if rec.place is not None:
                rec.facts = facts_of(rec.place)


def _main_place(raw: list[dict], ks: list[int], km: float, located_only: bool = False) -> Place | None:
    """The most specific of the most frequent places in the largest cluster of the strong
    (sentence or section) places of claims ``ks``; located places first."""
    from .totals import cluster_labels

    strong = [k for k in ks if _str(raw[k].get("place_source")) in STRONG_PLACE_SOURCES and _place_of(raw[k])]
    # a place named only for a happening dated long before publication is background ("in
    # September, a strike on a school in X killed 12"), not where the article's news is
    strong = [k for k in strong if not _background(raw[k])]
    located = [k for k in strong if _located(_place_of(raw[k]))]
    strong = located if located_only else (located or strong)
    if not strong:
        return None
    labels = cluster_labels([raw[k] for k in strong], km)
    sizes: dict[str, int] = {}
    for lab in labels:
        sizes[lab] = sizes.get(lab, 0) + 1
    counts: dict[str, int] = {}
    cluster: dict[str, int] = {}
    for lab, k in zip(labels, strong):
        name = str(raw[k]["place"])
        counts[name] = counts.get(name, 0) + 1
        cluster[name] = max(cluster.get(name, 0), sizes[lab])
    # a place is supported by its own mentions and by those of the places containing it: "in El
    # Fasher, North Darfur" and two more "in North Darfur" make El Fasher the main place; then
    # the largest cluster of nearby places, the most mentions, the most specific
    support = {x: sum(n for y, n in counts.items() if y == x or y in place_facts(x).ancestors) for x in counts}
    # on a tie, the place the article's other claims were given (the extractor's place of the
    # article: its headline, dateline or lead), then the place named first: never the alphabet
    # (a strike's village and, further down, another day's strike elsewhere, one claim each)
    votes: dict[str, int] = {}
    first: dict[str, int] = {}
    for k in ks:
        own = raw[k].get("place")
        if not is_na(own) and str(own) in counts:
            votes[str(own)] = votes.get(str(own), 0) + 1
    for k in strong:
        name, start = str(raw[k]["place"]), raw[k].get("start")
        pos = 10 ** 9 if is_na(start) else int(start)
        first[name] = min(first.get(name, pos), pos)
    name = min(sorted(counts), key=lambda x: (-support[x], -cluster[x], -counts[x], -votes.get(x, 0),
                                              -place_facts(x).level, first[x]))
    return _place_of(next(raw[k] for k in strong if str(raw[k]["place"]) == name))


def _background(r: dict) -> bool:
    """Whether a claim's happening ended more than ``UNDATED_DAYS`` before its article was
    published (a dated aside about an earlier happening)."""
    end = _ord(r.get("event_date_end")) or _ord(r.get("event_date"))
    pub = _ord(r.get("published"))
    return end is not None and pub is not None and pub - end > UNDATED_DAYS


def _located(p: Place) -> bool:
    """Whether the gazetteer can place ``p`` (coordinates, or a containing place)."""
    return p.lat is not None or bool(facts_of(p).ancestors)


def _place_of(r: dict) -> Place | None:
    p = r.get("place")
    if is_na(p) or not str(p).strip():
        return None
    lat, lon = r.get("lat"), r.get("lon")
    return Place(str(p), None if is_na(lat) else float(lat), None if is_na(lon) else float(lon))


# ----------------------------------------------------------------------------- linking
@dataclass
class _Span:
    """What a group's members say, kept per root so that a link never makes a group whose
    members' dates contradict each other (complete linkage on dates; single linkage chains a
    dense month of daily reports at one place into one incident): the latest start and
    earliest end of its events (every two within ``days``), the earliest and latest
    start of its running totals (within their tolerance), the first and last publication day
    of its undated claims (within ``UNDATED_DAYS``)."""
    ev: tuple[int, int] | None = None      # (latest start, earliest end) of its events
    per: tuple[int, int, int] | None = None  # (earliest start, latest start, tolerance) of its running totals
    pub: tuple[int, int] | None = None     # (first, last) publication day of its undated claims
    fig: tuple[int, int] | None = None     # (smallest, largest) figure

    def merged(self, o: "_Span") -> "_Span":
        def mm(a, b, f):
            return b if a is None else a if b is None else f(a, b)
        return _Span(mm(self.ev, o.ev, lambda a, b: (max(a[0], b[0]), min(a[1], b[1]))),
                     mm(self.per, o.per, lambda a, b: (min(a[0], b[0]), max(a[1], b[1]), max(a[2], b[2]))),
                     mm(self.pub, o.pub, lambda a, b: (min(a[0], b[0]), max(a[1], b[1]))),
                     mm(self.fig, o.fig, lambda a, b: (min(a[0], b[0]), max(a[1], b[1]))))


#: Attachment tries a claim only against the incidents of its article at a place compatible
#: with its own (or without a place), found through an index by place: the others cannot fit
#: it. False tries it against all its article's incidents (the same result, slower: tests
#: compare the two).
ARTICLE_PLACE_INDEX = True


class _Linker:
    def __init__(self, recs: list[_Rec], km: float, days: int):
        self.recs, self.km, self.days = recs, km, days
        self.dsu = list(range(len(recs)))
        self.span: dict[int, _Span] = {}
        self._wire: tuple | None = None  # (passages, their wire_pairs)

    def _own_span(self, r: _Rec) -> _Span:
        ev = per = pub = None
        if r.ptype == "event" and r.ws is not None:
            ev = (r.ws, r.we)
        elif r.ptype == "period" and r.ws is not None:
            per = (r.ws, r.ws, self._period_tol(r))
        elif r.ptype in ("none", "open") and r.pub is not None:
            pub = (r.pub, r.pub)
        # a number, not a vague word: "scores" says too little to keep two groups apart
        # nor does a figure given against others: the denial's "only eight" of a massacre of 131
        fig = (r.point, r.point) if r.point and r.figure.isdigit() and not r.disputes else None
        return _Span(ev, per, pub, fig)

    def span_of(self, root: int) -> _Span:
        sp = self.span.get(root)
        if sp is None:
            sp = self.span[root] = self._own_span(self.recs[root])
        return sp

    def agree(self, a: int, b: int) -> bool:
        """Whether the groups of records ``a`` and ``b`` can be one happening: no two of their
        members' dates contradict each other (event days, running-total starts, publication
        days of undated claims). Victims stay single linkage: a generic figure ("150 people")
        bridges the soldiers and the civilians of one attack."""
        x, y = self.span_of(self.find(a)), self.span_of(self.find(b))
        if x.ev and y.ev and max(x.ev[0], y.ev[0]) - min(x.ev[1], y.ev[1]) > self.days:
            return False
        if x.per and y.per and max(x.per[1], y.per[1]) - min(x.per[0], y.per[0]) > max(x.per[2], y.per[2]):
            return False
        if x.pub and y.pub and max(x.pub[1], y.pub[1]) - min(x.pub[0], y.pub[0]) > UNDATED_DAYS:
            return False
        if x.fig and y.fig and (x.fig[0] > y.fig[1] * FIGURE_FACTOR or y.fig[0] > x.fig[1] * FIGURE_FACTOR):
            return False  # "2 children" and "16 people" the same day at one town: two happenings
        return True

    def find(self, x: int) -> int:
        d = self.dsu
        while d[x] != x:
            d[x] = d[d[x]]
            x = d[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            merged = self.span_of(ra).merged(self.span_of(rb))
            self.span.pop(ra, None)
            self.span.pop(rb, None)
            self.dsu[max(ra, rb)] = min(ra, rb)
            self.span[min(ra, rb)] = merged

    # -- step 1 and 4: bucket linking of claims with a period
    def _period_tol(self, r: _Rec) -> int:
        length = (r.we - r.ws + 1) if r.ws is not None and r.we is not None else 1
        return max(self.days, round(0.2 * length))

    def bucket_link(self, members: list[int], key_of, what: str) -> None:
        """Single linkage of ``members`` (records with a period) whose kind, victims, place key
        and period match; ``key_of(rec)`` gives the place keys (index keys, query keys)."""
        buckets: dict[tuple, list[tuple[str, Place | None, int]]] = {}
        for i in sorted(members, key=lambda k: (self.recs[k].kind, self.recs[k].ws or 0, self.recs[k].cid)):
            r = self.recs[i]
            own_keys, query_keys = key_of(r)
            if r.ptype == "period":
                tol = self._period_tol(r)
                q_days = range(r.ws - tol, r.ws + tol + 1)
                i_days = range(r.ws - tol, r.ws + tol + 1)
            else:
                q_days = range(r.ws - self.days, r.we + self.days + 1)
                i_days = range(r.ws, r.we + 1)
            ptype = "period" if r.ptype == "period" else "event"
            for d in q_days:
                for pk in query_keys:
                    for v, p, rep in buckets.get((r.kind, ptype, pk, d), ()):
                        if self.find(rep) != self.find(i) and victims_compatible(v, r.victims) \
                                and (p is None or r.place is None or places_compatible(p, r.place, self.km)) \
                                and self.agree(rep, i):
                            self.union(rep, i)
                            if not r.basis:
                                r.basis = f"{what} {self.recs[rep].cid}"
            for d in i_days:
                for pk in own_keys:
                    combos = buckets.setdefault((r.kind, ptype, pk, d), [])
                    pname = r.place.name if r.place else None
                    if not any(v == r.victims and (p.name if p else None) == pname and self.find(k) == self.find(i)
                               for v, p, k in combos):
                        combos.append((r.victims, r.place, i))

    def anchor_keys(self, r: _Rec):
        cell = _cell(r.place)
        own = [("p", r.place.name)] + ([("c", cell)] if cell else [])
        query = [("p", r.place.name)] + [("c", c) for c in _near_cells(cell, self.km)]
        more_own, more_query = place_keys(r.place)
        return own + more_own, query + more_query

    # -- step 2: wire copy
    def wire_pairs(self, passages: pd.DataFrame | None) -> list[tuple[int, int]]:
        """Pairs ``(i, j)`` of records of two articles inside a passage they share with the same
        kind and figure and compatible victims (one pass over the passages, found once for
        both wire steps: neither changes what the pairs depend on)."""
        if self._wire is None or self._wire[0] is not passages:
            self._wire = (passages, list(self._wire_pairs(passages)))
        return self._wire[1]

    def _wire_pairs(self, passages: pd.DataFrame | None):
        if passages is None or passages.empty:
            return
        by_article: dict[str, list[tuple[int, int]]] = {}
        for r in self.recs:
            by_article.setdefault(r.article, []).append((r.start, r.i))
        for v in by_article.values():
            v.sort()
        cols = [passages[c].tolist() for c in ("article_a", "article_b", "a_start", "a_end", "b_start", "b_end")]
        for a, b, a0, a1, b0, b1 in zip(*cols):
            side_a = _inside(by_article.get(str(a), []), int(a0), int(a1))
            side_b = _inside(by_article.get(str(b), []), int(b0), int(b1))
            if not side_a or not side_b:
                continue
            index: dict[tuple[str, str], list[int]] = {}
            for i in side_a:
                r = self.recs[i]
                if r.figure:
                    index.setdefault((r.kind, r.figure), []).append(i)
            for j in side_b:
                s = self.recs[j]
                for i in index.get((s.kind, s.figure), ()):
                    if victims_compatible(self.recs[i].victims, s.victims):
                        yield i, j

    def wire_context(self, passages: pd.DataFrame | None) -> None:
        """A wire copy of a background total is a background total: the copy whose article lost
        the date its twin counts from ("since then" after a sentence it cut) is one too."""
        for i, j in self.wire_pairs(passages):
            a, b = self.recs[i], self.recs[j]
            if a.context != b.context:
                for r, twin in ((a, b), (b, a)):
                    if not r.context:
                        r.context = True
                        r.window_basis = f"background total: wire copy of {twin.cid} ({twin.window_basis})"

    def wire_links(self, passages: pd.DataFrame | None) -> None:
        for i, j in self.wire_pairs(passages):
            r, s = self.recs[i], self.recs[j]
            if r.context or s.context or self.find(i) == self.find(j):
                continue
            self.union(i, j)
            later, earlier = (s, r) if s.cid > r.cid else (r, s)
            if not later.basis:
                later.basis = f"wire copy: same figure as {earlier.cid} ({earlier.article})"

    # -- step 3: attachment
    def attach(self, pending: list[int], anchored: set[int], what: str) -> list[int]:
        """Attach each pending record to at most one anchored group (roots in ``anchored``);
        returns those left over."""
        recs = self.recs
        # an attached claim can become its group's root (the smallest index): find them again
        anchored = {self.find(a) for a in anchored}
        prof: dict[int, dict] = {}
        for r in recs:
            root = self.find(r.i)
            if root not in anchored:
                continue
            p = prof.setdefault(root, {"kind": r.kind, "victims": set(), "places": {}, "ptypes": set(), "ws": None,
                                       "we": None, "points": [], "size": 0, "articles": set(), "figs": set()})
            p["size"] += 1
            p["victims"].add(r.victims)
            p["articles"].add(r.article)
            if r.point and not r.disputes:
                p["points"].append(r.point)
            if _identity(r) is not None:
                p["figs"].add(_identity(r))
            if r.ptype in ("event", "period") and r.ws is not None:
                p["ptypes"].add(r.ptype)
                p["ws"] = r.ws if p["ws"] is None else min(p["ws"], r.ws)
                p["we"] = r.we if p["we"] is None else max(p["we"], r.we)
                if r.place is not None:
                    p["places"][r.place.name] = r.place
        for p in prof.values():  # distinct figures, sorted: the nearest is found by bisection
            p["points"] = sorted({q for q in p["points"] if q > 0})
        idx_fig: dict[tuple, set[int]] = {}
        idx_art: dict[tuple, set[int]] = {}
        # the same, by place of the incident (None: it has none), so that a claim of a long
        # article is tried only against its article's incidents that can fit it (``_fits``)
        idx_art_at: dict[tuple, dict[Place | None, set[int]]] = {}

        def index_article(key: tuple, root: int) -> None:
            idx_art.setdefault(key, set()).add(root)
            at = idx_art_at.setdefault(key, {})
            for place in prof[root]["places"].values() or (None,):
                at.setdefault(place, set()).add(root)
        # place keys -> time bucket -> incidents whose days touch it (bucket None: incidents
        # without a date, which fit any time), so that a claim is tried only against the
        # incidents of its place that can fit its time: the cost follows the incidents of a
        # place and period, not of the place over the whole corpus
        idx_place: dict[tuple, dict[int | None, set[int]]] = {}
        idx_day: dict[tuple, set[int]] = {}
        for root, p in prof.items():
            if p["ws"] is not None:
                for d in range(p["ws"], min(p["we"], p["ws"] + 92) + 1):
                    idx_day.setdefault((p["kind"], d), set()).add(root)
            for key in p["figs"]:
                idx_fig.setdefault((p["kind"],) + key, set()).add(root)
            for a in p["articles"]:
                index_article((p["kind"], a), root)
            times = [None] if p["ws"] is None else \
                range(p["ws"] // _TIME_BUCKET_DAYS, p["we"] // _TIME_BUCKET_DAYS + 1)
            for name, place in p["places"].items():
                c = _cell(place)
                keys = [(p["kind"], "p", name)] + [(p["kind"], "in", anc) for anc in facts_of(place).ancestors] + \
                    ([(p["kind"], "c", c)] if c else []) + [(p["kind"],) + k for k in place_keys(place)[0]]
                for key in keys:
                    by_time = idx_place.setdefault(key, {})
                    for t in times:
                        by_time.setdefault(t, set()).add(root)
        todo = [i for i in sorted(pending, key=lambda k: (recs[k].kind, recs[k].ws or 0, recs[k].cid))
                if self.find(i) not in anchored]  # others already joined (wire copy of an anchored claim)

        def join(i: int, root: int, name: str) -> None:
            self.union(root, i)
            recs[i].basis = recs[i].basis or f"{what}: {name} ({_describe_group(recs, root, prof[root])})"
            index_article((recs[i].kind, recs[i].article), root)

        # (a) figure identity, claim by claim
        rest = []
        for i in todo:
            r = recs[i]
            key = _identity(r)
            fits = [root for root in idx_fig.get((r.kind,) + key, ()) if self._fits(r, prof[root], "identity")] \
                if key is not None else []
            if fits:
                join(i, min(fits, key=lambda root: self._score(r, prof[root], root)), "same claimant and figure")
            else:
                rest.append(i)
        # (b) and (c): the claims of one article and kind go together where they can: to an
        # incident holding another claim of their article, else to the incident of a compatible
        # place and time that fits most of them
        units: dict[tuple[str, str], list[int]] = {}
        compatible: dict[tuple, list] = {}  # (kind and article, claim place, places known) -> compatible places
        for i in rest:
            units.setdefault((recs[i].article, recs[i].kind), []).append(i)
        left = []
        for key in sorted(units):
            unit = units[key]
            def same_article(r):
                ak = (r.kind, r.article)
                if r.place is None or not ARTICLE_PLACE_INDEX:
                    return idx_art.get(ak, set())
                at = idx_art_at.get(ak, {})
                # incidents without a place, or at a place compatible with the claim's (the
                # rest cannot fit it); the compatible places are found once per place and
                # article, again only when the article's incidents gain a place
                ck = (ak, r.place, len(at))
                places = compatible.get(ck)
                if places is None:
                    places = compatible[ck] = [q for q in at if q is None or places_compatible(r.place, q, self.km)]
                out: set[int] = set()
                for q in places:
                    out |= at[q]
                return out

            # tiers, each (name, candidates, whether the figure must be within FIGURE_FACTOR):
            # an incident of the same article whose figures are like the claim's ("two children"
            # goes with its article's "two children on Saturday", not with its "25 died" of
            # another day); one of a compatible place and time with a like figure; then any
            # incident of the same article, so the claims that place and time brought in take
            # the rest of their article with them (hospital-by-hospital counts of one strike)
            for name, cands_of, plausible in (("same article", same_article, True),
                                              ("place and time", lambda r: self._near(r, idx_place, idx_day), True),
                                              ("same article", same_article, False)):
                if not unit:
                    break
                fits = {i: [root for root in cands_of(recs[i]) if self._fits(recs[i], prof[root], name)
                            and (not plausible or self._plausible(recs[i], prof[root]))] for i in unit}
                roots = {root for f in fits.values() for root in f}
                while roots and any(fits[i] for i in unit):
                    def unit_score(root: int):
                        mine = [self._score(recs[i], prof[root], root) for i in unit if root in fits[i]]
                        return (-len(mine), sum(m[0] for m in mine), sum(m[1] for m in mine),
                                round(sum(m[2] for m in mine), 1), -prof[root]["size"], recs[root].cid)
                    best = min(roots, key=unit_score)
                    label = name if recs[unit[0]].place is not None or name == "same article" else "same days, no place"
                    for i in [i for i in unit if best in fits[i]]:
                        join(i, best, label)
                    unit = [i for i in unit if best not in fits[i]]
                    roots = {root for i in unit for root in fits[i]}
            left += unit
        return left

    def _near(self, r: _Rec, idx_place: dict, idx_day: dict) -> set[int]:
        """Incidents at a place compatible with the claim's (its own, one inside it, one
        containing it, one within ``km``); without a place, those of the same days (of the week
        before publication for an undated claim)."""
        near: set[int] = set()
        if r.place is not None:
            keys = [(r.kind, "p", r.place.name), (r.kind, "in", r.place.name)] + \
                [(r.kind, "p", anc) for anc in r.facts.ancestors] + \
                [(r.kind, "c", c) for c in _near_cells(_cell(r.place), self.km)] + \
                [(r.kind,) + k for k in place_keys(r.place)[1]]
            span = self._time_range(r)
            times = [None] + (list(range(span[0] // _TIME_BUCKET_DAYS, span[1] // _TIME_BUCKET_DAYS + 1))
                              if span else [])
            for key in keys:
                by_time = idx_place.get(key)
                if not by_time:
                    continue
                if span is None:  # no time to go by: every incident of the place
                    for roots in by_time.values():
                        near |= roots
                else:
                    for t in times:
                        near |= by_time.get(t, set())
            return near
        if r.ptype in ("event", "period") and r.ws is not None:
            lo, hi = r.ws - self.days, (r.we if r.ptype == "event" else r.ws) + self.days
        elif r.ptype in ("none", "open") and r.pub is not None:
            lo, hi = r.pub - 7, r.pub + self.days
        else:
            return near
        for d in range(lo, hi + 1):
            near |= idx_day.get((r.kind, d), set())
        return near

    def _time_range(self, r: _Rec) -> tuple[int, int] | None:
        """The days (first, last) that the days of an incident must touch for the claim to join
        it by place and time: ``_fits`` holds only then. None when the claim has no time to go
        by (no date and no publication date)."""
        d = self.days
        hi = r.pub + d if r.pub is not None else None
        lo = None
        if r.ptype in ("event", "bounded") and r.we is not None:
            hi = r.we + d if hi is None else min(hi, r.we + d)
            if r.ws is not None:
                lo = r.ws - d
        elif r.ptype == "period" and r.ws is not None:
            # the incident starts within the period's tolerance of the claim's start: its last
            # day is then at most a few days before that
            lo = r.ws - self._period_tol(r) - d - 2
        if hi is None or (lo is None and r.pub is None):
            return None
        if lo is None:
            lo = r.pub - UNDATED_LOOKBACK_DAYS
        return (lo, hi) if lo <= hi else (hi, hi)

    def _fits(self, r: _Rec, p: dict, tier: str) -> bool:
        if p["kind"] != r.kind or not any(victims_compatible(v, r.victims) for v in p["victims"]):
            return False
        if r.place is not None and p["places"] \
                and not any(places_compatible(r.place, q, self.km) for q in p["places"].values()):
            return False
        if p["ws"] is None:
            return True
        d = self.days
        if r.ptype in ("event", "bounded") and r.we is not None:
            lo = r.ws if r.ws is not None else -10 ** 9
            if p["we"] + d < lo or p["ws"] - d > r.we:
                return False
        if r.ptype == "period":
            tol = self._period_tol(r)
            if "period" not in p["ptypes"] or abs(p["ws"] - r.ws) > tol + max(d, round(0.2 * (p["we"] - p["ws"] + 1))):
                return False
        if r.pub is not None and p["ws"] > r.pub + d:
            return False  # the happening began after the claim was published
        if tier == "place and time" and r.ws is None and r.pub is not None and p["we"] is not None \
                and r.place is not None and r.facts.level < ANCHOR_LEVEL and r.pub - p["we"] > UNDATED_DAYS:
            # an undated claim placed only at a province or country says too little to join a
            # happening that ended weeks before it was published ("ten killed in Myanmar" in June
            # is not March's strike in Chin State)
            return False
        if tier == "place and time" and r.place is not None and r.ws is None and r.pub is not None \
                and p["we"] is not None and r.pub - p["we"] > UNDATED_LOOKBACK_DAYS:
            return False  # a claim with no date of its own, an incident of long before
        return True

    @staticmethod
    def _plausible(r: _Rec, p: dict) -> bool:
        """Place and time alone are weak evidence: the figure must also be within
        ``FIGURE_FACTOR`` of one of the incident's figures."""
        if not r.point or not p["points"] or r.disputes:
            return True
        return _log_distance(r.point, p["points"]) <= math.log(FIGURE_FACTOR) + 1e-9

    def _score(self, r: _Rec, p: dict, root: int):
        wants = "period" if r.ptype == "period" else r.wants
        mismatch = int(wants not in p["ptypes"]) if wants and p["ptypes"] else 0
        recency = 0
        if r.pub is not None and p["we"] is not None:
            gap = r.pub - p["we"]
            recency = 0 if gap <= 7 else 1 if gap <= 31 else 2
        dist = _log_distance(r.point, p["points"]) if r.point and p["points"] else 9.0
        return (mismatch, recency, round(dist, 1), -p["size"], self.recs[root].cid)


def _identity(r: _Rec) -> tuple | None:
    """What identifies a happening by its figure: an attributed number with its claimant; a
    number under ``MIN_IDENTIFYING`` only with a victim group more specific than "people"
    ("two children"), for small counts recur in every report. None for vague words and an
    outlet's own voice."""
    if r.own or not r.figure or not r.figure.isdigit():
        return None
    if int(r.figure) >= MIN_IDENTIFYING:
        return (r.claimant, r.figure)
    return None if r.victims == GENERIC else (r.claimant, r.figure, r.victims)


def _log_distance(x: int, points: list[int]) -> float:
    """|log(x / q)| for the figure q of sorted ``points`` nearest to x (in ratio)."""
    k = bisect.bisect_left(points, x)
    near = points[max(0, k - 1):k + 1]
    return min(abs(math.log(x / q)) for q in near)


def _inside(claims: list[tuple], lo: int, hi: int) -> list:
    """The values of the (start, value) pairs (sorted by start) that start inside ``[lo, hi)``."""
    k = bisect.bisect_left(claims, lo, key=lambda t: t[0])
    out = []
    while k < len(claims) and claims[k][0] < hi:
        out.append(claims[k][1])
        k += 1
    return out


def _describe_group(recs: list[_Rec], root: int, p: dict) -> str:
    places = "/".join(sorted(p["places"])[:2]) or "no place"
    when = _fmt(p["ws"]) if p["ws"] is not None else "undated"
    return f"{places}, {when}, incident of {recs[root].cid}"


def link(claims: pd.DataFrame, km: float = 25.0, days: int = 1, passages: pd.DataFrame | None = None,
         articles: pd.DataFrame | None = None, prepared: list[LinkPrep] | None = None) -> tuple[list[_Rec], list[int]]:
    """Link the claims (rules in the module docstring): the linking records (in claim id
    order) and, for each, the index of its incident's root record. Background totals
    (``scope`` = ``cumulative``) must be removed first. ``prepared``: every partition's
    ``prepare_links`` of its claims (the records are then not made again)."""
    pubs = inferred_publication(articles, passages, claims)
    recs = _records(claims, pubs, days, km, partial_publication(articles), prepared)
    L = _Linker(recs, km, days)
    L.wire_context(passages)
    linkable = [r.i for r in recs if r.parent is None and not r.context]
    dated = [i for i in linkable if recs[i].ptype in ("event", "period") and recs[i].ws is not None]
    anchors = [i for i in dated if recs[i].place is not None and recs[i].facts.level >= ANCHOR_LEVEL]
    L.bucket_link(anchors, L.anchor_keys, "anchor: same place and period as")
    L.wire_links(passages)
    anchored = {L.find(i) for i in anchors}
    rest = [i for i in linkable if L.find(i) not in anchored]
    # dated claims at coarse places first (they carry a date), then the undated
    rest_dated = [i for i in rest if recs[i].ptype in ("event", "period", "bounded")]
    dated_set = set(rest_dated)
    rest_undated = [i for i in rest if i not in dated_set]
    left = L.attach(rest_dated, anchored, "attached")
    left_undated = L.attach(rest_undated, anchored, "attached")
    # a dated claim that found no incident may now find its article's undated claims in one
    # ("three bodies were found on April 14" beside the article's undated toll of the strike)
    anchored = {L.find(i) for i in anchors}
    left = L.attach([i for i in left if L.find(i) not in anchored], anchored, "attached") + left_undated
    # the claims an article reports beside a figure widen its incident's figures: 8 and 300 of
    # one article at one place and day are rival counts of one happening, so the groups that
    # the figure rule kept apart before are tried again
    L.bucket_link(anchors, L.anchor_keys, "anchor: same place and period as")
    # leftovers: the same rules among themselves, any place (or the article) as the key
    left_dated = [i for i in left if recs[i].ptype in ("event", "period") and recs[i].ws is not None]

    def loose_keys(r: _Rec):
        k = [("p", r.place.name)] if r.place is not None else [("a", r.article)]
        return k, k

    L.bucket_link(left_dated, loose_keys, "same place and period as")
    anchored2 = {L.find(i) for i in left_dated}
    left2 = L.attach([i for i in left if L.find(i) not in anchored2], anchored2, "attached")
    # the rest: kind, victims and place (or article), with no date to go by
    anchored2 = {L.find(i) for i in left_dated}
    _undated_links(L, [i for i in left2 if L.find(i) not in anchored2])
    _companion_links(L)
    standalone = {L.find(r.i) for r in recs if r.parent is None}
    for r in recs:
        if r.parent is not None and not r.context and L.find(r.i) not in standalone:
            # a subset joins its parent, unless wire copy linked it with a claim that is no
            # subset: "one aid worker among the 134 dead" also reported as news of its own
            p = r.parent
            seen = {r.i}
            while recs[p].parent is not None and p not in seen:
                seen.add(p)
                p = recs[p].parent
            L.union(p, r.i)
            r.basis = f"subset of {recs[r.parent].cid}"
    for r in recs:
        if not r.basis and not r.context:
            r.basis = ("anchor: first dated claim of its incident at its place" if r.ptype in ("event", "period")
                       else f"alone ({r.window_basis})")
    return recs, [L.find(r.i) for r in recs]


def _undated_links(L: _Linker, members: list[int]) -> None:
    """The last step: claims with no date to go by link by kind, victims and place (same
    place, or within ``km``; a district or area and the places inside it), or, without a place,
    by article, when their articles were published within ``UNDATED_DAYS`` days of each other
    (news reports what happened in the last days). A claim at a province or country joins the
    largest group inside it (never bridging two); single linkage otherwise."""
    recs = L.recs
    buckets: dict[tuple, list[tuple[str, Place | None, int]]] = {}
    coarse = []
    for i in sorted(members, key=lambda k: recs[k].cid):
        r = recs[i]
        if r.place is not None and r.facts.level < ANCHOR_LEVEL and r.facts.level != 9:
            coarse.append(i)
            continue
        if r.place is None:
            own = query = [("a", r.article)]
        else:
            cell = _cell(r.place)
            more_own, more_query = place_keys(r.place)
            own = [("p", r.place.name)] + ([("c", cell)] if cell else []) + [("in", a) for a in r.facts.ancestors] + more_own
            query = [("p", r.place.name), ("in", r.place.name)] + [("c", c) for c in _near_cells(cell, L.km)] + \
                [("p", a) for a in r.facts.ancestors if place_facts(a).level >= ANCHOR_LEVEL] + more_query
        # reports of the same place published within UNDATED_DAYS of each other (or both without a date)
        own_t = [None] if r.pub is None else [r.pub]
        query_t = [None] if r.pub is None else list(range(r.pub - UNDATED_DAYS, r.pub + UNDATED_DAYS + 1))
        own = [(k, t) for k in own for t in own_t]
        query = [(k, t) for k in query for t in query_t]
        for pk in query:
            for v, p, rep in buckets.get((r.kind, pk), ()):
                if L.find(rep) != L.find(i) and victims_compatible(v, r.victims) \
                        and (p is None or r.place is None or places_compatible(p, r.place, L.km)) and L.agree(rep, i):
                    L.union(rep, i)
                    r.basis = r.basis or f"no date: same kind, victims and {'place' if r.place else 'article'} as {recs[rep].cid}"
        for pk in own:
            combos = buckets.setdefault((r.kind, pk), [])
            if not any(v == r.victims and (p.name if p else None) == (r.place.name if r.place else None)
                       and L.find(k) == L.find(i) for v, p, k in combos):
                combos.append((r.victims, r.place, i))
        if not r.basis:
            r.basis = ("alone: no other claim shares its kind, victims and " +
                       ("place" if r.place is not None else "article") + f" ({r.window_basis})")
    sizes: dict[int, int] = {}
    coarse_set = set(coarse)
    for i in members:
        if i not in coarse_set:
            sizes[L.find(i)] = sizes.get(L.find(i), 0) + 1
    # provinces before countries: a country's claim can then join a province's group inside it
    for i in sorted(coarse, key=lambda k: (-recs[k].facts.level, recs[k].cid)):
        r = recs[i]
        times = [None] if r.pub is None else list(range(r.pub - UNDATED_DAYS, r.pub + UNDATED_DAYS + 1))
        inside = {L.find(rep) for pk in (("in", r.place.name), ("p", r.place.name)) for t in times for v, p, rep in
                  buckets.get((r.kind, (pk, t)), ()) if victims_compatible(v, r.victims)}
        if inside:
            root = min(inside, key=lambda k: (-sizes.get(k, 0), recs[k].cid))
            L.union(root, i)
            r.basis = r.basis or f"no date: a place containing the places of {recs[root].cid}'s claims"
        else:
            for pk in [("p", r.place.name)] + [("in", a) for a in r.facts.ancestors]:
                buckets.setdefault((r.kind, (pk, r.pub)), []).append((r.victims, r.place, i))
            sizes[i] = sizes.get(i, 0) + 1
            r.basis = r.basis or f"alone: no other claim inside {r.place.name} ({r.window_basis})"


def _companions(recs: list[_Rec], L: "_Linker") -> dict[int, int]:
    """For each claim, the incident root of a claim of another kind in its sentence (the killed
    reported beside the wounded: "killed 133 and wounded 200"), the nearest by offset that is no
    subset; else, for a claim that is no subset and no running total, the one incident of its
    article's claims of another kind at places compatible with its own; claims without either
    have none."""
    by_sentence: dict[tuple[str, int], list[_Rec]] = {}
    by_article: dict[str, list[_Rec]] = {}
    for r in recs:
        if not r.context:
            by_article.setdefault(r.article, []).append(r)
            if r.sentence is not None:
                by_sentence.setdefault((r.article, r.sentence), []).append(r)
    out: dict[int, int] = {}
    for rs in by_sentence.values():
        if len(rs) < 2 or len({r.kind for r in rs}) < 2:
            continue
        for r in rs:
            # the nearest claim of another kind that is no subset ("133 killed, including dozens of
            # children, and 200 injured": the 133, which the subset joins only later)
            others = [o for o in rs if o.kind != r.kind]
            best = min(others, key=lambda o: (o.parent is not None, abs(o.start - r.start), o.start))
            out[r.i] = L.find(best.i)
    # a claim with none in its sentence: the incident of its article's claims of another kind,
    # when they all went to one and stand at a place compatible with the claim's ("133 killed"
    # in one paragraph, "140 injured were taken to hospital" in another)
    for rs in by_article.values():
        if len({r.kind for r in rs}) < 2:
            continue
        for r in rs:
            if r.i in out or r.parent is not None or r.ptype == "period":
                continue  # a running total ("180 in one month") is no companion of a day's toll
            others = [o for o in rs if o.kind != r.kind and o.parent is None]
            roots = {L.find(o.i) for o in others}
            if len(roots) == 1 and all(places_compatible(r.place, o.place, L.km) for o in others
                                       if r.place is not None and o.place is not None):
                out[r.i] = roots.pop()
    return out


def _companion_links(L: "_Linker") -> None:
    """Groups of one kind whose claims were reported beside claims of one incident of another
    kind are one happening ("133 killed and 200 wounded" here, "140 wounded" beside the same
    killed there): the wounded go where their killed went, even when their own places differ
    (the town the wounded were taken to). Bucketed by (kind, companion incident): linear; the
    groups must still agree on dates and figures, and their victims must be compatible."""
    recs = L.recs
    comp = _companions(recs, L)
    seen: dict[tuple[str, int], list[int]] = {}
    for i in sorted(comp):
        r = recs[i]
        if r.parent is not None:
            continue
        key = (r.kind, L.find(comp[i]))
        reps = seen.setdefault(key, [])
        # whether a rep answers depends only on its group and its victims: a rep like one
        # tried before in this scan answers as it did (no), and a record whose group already
        # has a listed rep with its victims is not listed (that rep always answers first, the
        # same way); without this, wire copies listed every member of a group (quadratic)
        own, tried, covered = L.find(i), set(), False
        for rep in reps:
            root, v = L.find(rep), recs[rep].victims
            if root == own:
                covered = covered or v == r.victims
                continue
            if (root, v) in tried:
                continue
            tried.add((root, v))
            if victims_compatible(v, r.victims) and L.agree(rep, i):
                L.union(rep, i)
                if not r.basis or r.basis.startswith(("alone", "anchor: first")):
                    r.basis = f"beside the same incident of another kind as {recs[rep].cid}"
                break
        else:
            if not covered:
                reps.append(i)


def incident_hash(claim_ids) -> str:
    """Stable incident id from member claim ids (order does not matter).

    >>> incident_hash(["b", "a"]) == incident_hash(["a", "b"])
    True
    """
    h = hashlib.sha1("\n".join(sorted(map(str, claim_ids))).encode("utf-8")).hexdigest()
    return "i" + h[:12]


_ASSIGN_COLS = ["claim_id", "incident_id", "place_used", "place_basis", "window_start", "window_end", "window_basis",
                "link_basis", "_pub"]


def assign_incidents(claims: pd.DataFrame, km: float = 25.0, days: int = 1, passages: pd.DataFrame | None = None,
                     articles: pd.DataFrame | None = None, context_out: list | None = None,
                     prepared: list[LinkPrep] | None = None) -> pd.DataFrame:
    """One row per claim of an incident (background totals left out): ``claim_id,
    incident_id, place_used, place_basis, window_start, window_end, window_basis, link_basis``
    (rules in the module docstring). Deterministic: the result does not depend on the order
    of ``claims``. ``context_out``: a list; the linking records of the background totals
    (claim id -> record) are appended to it. ``prepared``: as ``link`` takes it."""
    _check_grouping(claims, km, days)
    if claims.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in _ASSIGN_COLS[:-1]})
    recs, roots = link(claims, km, days, passages, articles, prepared)
    if context_out is not None:
        context_out.append({r.cid: r for r in recs if r.context})
    keep = [k for k, r in enumerate(recs) if not r.context]
    recs, roots = [recs[k] for k in keep], [roots[k] for k in keep]
    members: dict[int, list[str]] = {}
    for r, root in zip(recs, roots):
        members.setdefault(root, []).append(r.cid)
    ids = {root: incident_hash(m) for root, m in members.items()}
    rows = [{"claim_id": r.cid, "incident_id": ids[root], "place_used": r.place.name if r.place else None,
             "place_basis": r.place_basis, "window_start": _day(r.ws), "window_end": _day(r.we if r.we is not None else r.pub),
             "window_basis": r.window_basis, "link_basis": r.basis or None, "_pub": _day(r.pub)}
            for r, root in zip(recs, roots)]
    out = pd.DataFrame(rows, columns=_ASSIGN_COLS)
    return out.assign(window_start=pd.to_datetime(out["window_start"]), window_end=pd.to_datetime(out["window_end"]),
                      _pub=pd.to_datetime(out["_pub"]))


# ----------------------------------------------------------------------------- tables
def _date_label(start, end, basis: str) -> str:
    s, e = _ts(start), _ts(end)
    if s is None:
        return "undated" if e is None else f"reported by {e:%-d %b %Y}"
    if basis == "publication dates":
        return f"reported {e:%-d %b %Y}" if e is not None else "undated"
    prefix = "since " if basis == "counting window" else ""
    if basis == "counting window":
        return f"{prefix}{s:%-d %b %Y}" + (f" (to {e:%-d %b})" if e is not None else "")
    if e is None or e.date() == s.date():
        return f"{s:%-d %b %Y}"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s:%-d}–{e:%-d %b %Y}"
    if s.year == e.year:
        return f"{s:%-d %b} – {e:%-d %b %Y}"
    return f"{s:%-d %b %Y} – {e:%-d %b %Y}"


def _ranked(values: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], -place_facts(v).level, v))


#: Claims turned into records for reconciliation at a time (bounds its memory).
BLOCK_CLAIMS = 2_000
#: Sort keys of the ``incidents`` table (empty dates last).
INCIDENT_ORDER = ["date_start", "kind", "label", "incident_id"]


def incidents_tables(claims: pd.DataFrame, km: float = 25.0, days: int = 1, rule: str = "ucdp",
                     include_party_claims: bool = False, passages: pd.DataFrame | None = None,
                     articles: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``incidents`` and ``claim_incidents`` tables (schemas ``INCIDENTS``,
    ``CLAIM_INCIDENTS``). Linking: ``km`` between places, ``days`` between dates, wire-copy
    ``passages`` (``reuse.shared_passages``) and ``articles`` (publication dates, URLs), see
    the module docstring. Reconciliation: ``rule`` (``reconcile.RULES``) and
    ``include_party_claims`` (party claims about enemy losses in low/high; never in best)."""
    tables = incident_tables_all(claims, km, days, rule, include_party_claims, passages, articles)
    return tables["incidents"], tables["claim_incidents"]


def incident_tables_all(claims: pd.DataFrame, km: float = 25.0, days: int = 1, rule: str = "ucdp",
                        include_party_claims: bool = False, passages: pd.DataFrame | None = None,
                        articles: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """``incidents``, ``claim_incidents``, ``claimant_series`` and ``context_figures``."""
    check_rule(rule)
    out = {"incidents": [], "claim_incidents": [], "claimant_series": []}
    ctx: list = []
    for inc, links, series, _ in iter_incident_blocks(claims, km, days, rule, include_party_claims, passages, articles,
                                                      context_out=ctx):
        out["incidents"].append(inc)
        out["claim_incidents"].append(links)
        out["claimant_series"].append(series)
    tables = _joined_tables(out)
    tables["context_figures"] = ctx[0] if ctx else schemas.CONTEXT_FIGURES.empty()
    return tables


def reconciled(claims: pd.DataFrame, claim_incidents: pd.DataFrame, rule: str = "ucdp",
               include_party_claims: bool = False, articles: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """``incidents``, ``claim_incidents`` and ``claimant_series`` reconciled again by another
    ``rule`` or party setting, keeping the incidents already linked (``claim_incidents`` of a
    run): reports re-reconcile without linking again. Claims missing from ``claims`` (another
    selection of outlets) are left out of their incidents.

    >>> from newslib.run import pipeline
    >>> t = pipeline.extract("data/raw", corrections=False)
    >>> r = reconciled(t["claims"], t["claim_incidents"], rule="acled")
    >>> sorted(set(r["incidents"]["rule"]))
    ['acled; party claims excluded']
    """
    check_rule(rule)
    ids = set(claims["claim_id"].astype(str))
    ci = claim_incidents[claim_incidents["claim_id"].astype(str).isin(ids)]
    assigned = pd.DataFrame({"claim_id": ci["claim_id"].astype(str), "incident_id": ci["incident_id"],
                             "place_used": ci["place_used"], "place_basis": ci["place_basis"],
                             "window_start": ci["window_start"], "window_end": ci["window_end"],
                             "window_basis": ci["window_basis"], "link_basis": ci["link_basis"],
                             "_pub": ci["published_used"]}).reset_index(drop=True)
    out = {"incidents": [], "claim_incidents": [], "claimant_series": []}
    for inc, links, series, _ in iter_incident_blocks(claims, rule=rule, include_party_claims=include_party_claims,
                                                      articles=articles, assigned=assigned):
        out["incidents"].append(inc)
        out["claim_incidents"].append(links)
        out["claimant_series"].append(series)
    return _joined_tables(out)


def _joined_tables(out: dict[str, list]) -> dict[str, pd.DataFrame]:
    if not out["incidents"]:
        return {"incidents": schemas.INCIDENTS.empty(), "claim_incidents": schemas.CLAIM_INCIDENTS.empty(),
                "claimant_series": schemas.CLAIMANT_SERIES.empty()}
    keys = pd.concat([f[INCIDENT_ORDER] for f in out["incidents"]], ignore_index=True)
    inc = _joined_in_order(out["incidents"], incident_order(keys))
    keys = pd.concat([f[["incident_id", "claim_id"]] for f in out["claim_incidents"]], ignore_index=True)
    links = _joined_in_order(out["claim_incidents"], link_order(keys, inc["incident_id"]))
    series = pd.concat(out["claimant_series"], ignore_index=True)
    rank = pd.Index(inc["incident_id"]).get_indexer(series["incident_id"])
    series = series.assign(_o=rank).sort_values(["_o", "claimant", "victim_group", "step"], kind="stable",
                                                ignore_index=True).drop(columns="_o")
    return {"incidents": schemas.INCIDENTS.validate(inc), "claim_incidents": schemas.CLAIM_INCIDENTS.validate(links),
            "claimant_series": schemas.CLAIMANT_SERIES.conform(series)}


def iter_incident_blocks(claims: pd.DataFrame, km: float = 25.0, days: int = 1, rule: str = "ucdp",
                         include_party_claims: bool = False, passages: pd.DataFrame | None = None,
                         articles: pd.DataFrame | None = None, context_out: list | None = None,
                         assigned: pd.DataFrame | None = None, mapper=None, with_travel: bool = False,
                         prepared: list[LinkPrep] | None = None):
    """The incidents reconciled a block at a time, as ``(incidents, claim_incidents,
    claimant_series, positions)``: the typed rows of whole incidents holding about
    ``BLOCK_CLAIMS`` claims, and the positions of those claims in ``claims``. Linking runs once
    on the whole table (linear, on compact records); reconciliation, which turns claims into
    dicts, runs block by block. Rows are in no particular order; ``incident_order`` and
    ``link_order`` give the tables' order. ``context_out``: a list; the ``context_figures``
    table is appended to it. ``assigned``: an incident assignment already made (as
    ``assign_incidents`` gives it): only reconciliation runs.

    ``mapper``: ``itertools.starmap``-like (the default), ``mapper(fn, args_iterable)`` yielding ``fn(*args)`` in order
    (``newslib.run.engine`` passes one that runs the blocks on Dask workers); the blocks are
    independent once linking is done. ``with_travel``: each item carries a fifth element, the
    block's ``figure_travel`` rows (an incident never spans two blocks). ``prepared``: the
    partitions' linking records (``prepare_links``), as ``link`` takes them."""
    check_rule(rule)
    _check_grouping(claims, km, days)
    if claims.empty:
        if context_out is not None:
            context_out.append(schemas.CONTEXT_FIGURES.empty())
        return
    if assigned is None:
        ctx: list = []
        assigned = assign_incidents(claims, km, days, passages, articles, context_out=ctx, prepared=prepared)
        if context_out is not None:
            context_out.append(context_figures(claims, ctx[0] if ctx else {}, articles))
    if assigned.empty:
        return
    urls = {}
    if articles is not None and "url" in articles.columns:
        urls = dict(zip(articles["article_id"].astype(str), articles["url"]))
    recon_cols = [c for c in RECON_FIELDS if c in claims.columns]
    pos = pd.Index(claims["claim_id"].astype(str)).get_indexer(assigned["claim_id"])
    assigned = assigned.assign(_pos=pos).sort_values(["incident_id", "claim_id"], kind="stable", ignore_index=True)
    sizes = assigned.groupby("incident_id", sort=False).size()
    batch: list[str] = []
    n = 0
    bounds = []
    for iid, size in sizes.items():
        if batch and n + size > BLOCK_CLAIMS:
            bounds.append(batch)
            batch, n = [], 0
        batch.append(iid)
        n += size
    if batch:
        bounds.append(batch)
    travel_cols = [c for c in TRAVEL_FIELDS if c in claims.columns] if with_travel else None
    positions: list = []

    def blocks():
        start = 0
        for ids in bounds:
            stop = start + int(sizes.loc[ids].sum())
            part = assigned.iloc[start:stop]
            start = stop
            idx = part["_pos"].to_numpy()
            positions.append(idx)
            c = claims.iloc[idx][recon_cols].reset_index(drop=True)
            c = c.assign(claim_id=c["claim_id"].astype(str))
            c = pd.concat([c, part.drop(columns=["claim_id", "_pos"]).reset_index(drop=True)], axis=1)
            block_urls = {a: urls[a] for a in set(c["article_id"].astype(str).tolist()) if a in urls} if urls else {}
            travel = claims.iloc[idx][travel_cols] if travel_cols is not None else None
            yield c, rule, include_party_claims, block_urls, travel

    for k, made in enumerate((mapper or itertools.starmap)(reconciled_block, blocks())):
        yield (*made[:3], positions[k]) if not with_travel else (*made[:3], positions[k], made[3])
        positions[k] = None


#: The claim columns ``figure_travel`` reads.
TRAVEL_FIELDS = ("claim_id", "article_id", "outlet", "published", "start", "in_headline", "count_text", "qualifier",
                 "claimant", "claimant_type", "subset_of")


def reconciled_block(claims: pd.DataFrame, rule: str, include_party_claims: bool, urls: dict,
                     travel_claims: pd.DataFrame | None = None) -> tuple:
    """One block of whole incidents reconciled: ``claims`` (the ``RECON_FIELDS`` and the linking
    columns of ``assign_incidents``, sorted by incident, then claim) -> the typed ``incidents``,
    ``claim_incidents`` and ``claimant_series`` rows, and the ``figure_travel`` rows of
    ``travel_claims`` (the same claims, ``TRAVEL_FIELDS``) when given. Needs nothing else, so
    a worker process can run it."""
    inc_rows, link_rows, series = _incident_rows(io.records(claims), rule, include_party_claims, urls)
    links = schemas.CLAIM_INCIDENTS.conform(pd.DataFrame(link_rows))
    out = (schemas.INCIDENTS.conform(pd.DataFrame(inc_rows)), links,
           schemas.CLAIMANT_SERIES.conform(pd.DataFrame(series, columns=list(schemas.CLAIMANT_SERIES.columns))))
    return out if travel_claims is None else (*out, figure_travel(travel_claims, links))


#: Every claim column the incident tables read (linking, then reconciliation): the engine keeps
#: only the columns the corpus-wide builders declare between partitions.
CLAIM_COLUMNS = tuple(dict.fromkeys(LINK_FIELDS + tuple(RECON_FIELDS)))


def incident_order(keys: pd.DataFrame):
    """Positions that sort incidents (``INCIDENT_ORDER`` columns) as the table is sorted."""
    return keys.sort_values(INCIDENT_ORDER, kind="stable", na_position="last").index.to_numpy()


def link_order(keys: pd.DataFrame, incident_ids: pd.Series):
    """Positions that sort ``claim_incidents`` rows (columns ``incident_id``, ``claim_id``) as
    the table is sorted: in the order of their incidents (``incident_ids``, sorted), then by claim."""
    keys = keys.assign(incident_id=pd.Index(incident_ids).get_indexer(keys["incident_id"]))
    return keys.sort_values(["incident_id", "claim_id"], kind="stable").index.to_numpy()


def _joined_in_order(frames: list[pd.DataFrame], order) -> pd.DataFrame:
    """``pd.concat(frames).take(order)``, built one column at a time (the frames' columns are
    dropped as they are used), so a large table is never held twice. Empties ``frames``."""
    columns = list(frames[0].columns)
    out = {}
    for col in columns:
        out[col] = pd.concat([f.pop(col) for f in frames], ignore_index=True).take(order).reset_index(drop=True)
    frames.clear()
    return pd.DataFrame(out, columns=columns)


def _incident_rows(records: list[dict], rule: str, include_party_claims: bool, urls: dict) -> tuple[list, list, list]:
    """Rows of ``incidents``, ``claim_incidents`` and ``claimant_series`` for the claims of
    whole incidents (records sorted by incident, then claim)."""
    by_incident: dict[str, list[dict]] = {}
    for r in records:
        by_incident.setdefault(r["incident_id"], []).append(r)
    inc_rows, link_rows, series = [], [], []
    for iid, m in by_incident.items():
        for r in m:
            r["_pub"] = r.get("_pub") if not is_na(r.get("_pub")) else None
        res = reconcile_records(m, rule, include_party_claims)
        by_id = {r["claim_id"]: {"url": urls.get(_str(r["article_id"]))} for r in m}
        series += series_rows(iid, res, by_id)
        event = [r for r in m if str(r["window_basis"]).startswith("event date")]
        counting = [r for r in m if str(r["window_basis"]).startswith("counting window") and _ts(r["window_start"]) is not None]
        if event:
            basis, use = "event dates", event
        elif counting:
            basis, use = "counting window", counting
        else:
            basis, use = "publication dates", [r for r in m if _ts(r.get("_pub")) is not None]
        starts = [_ts(r["window_start"]) for r in use if _ts(r["window_start"]) is not None]
        ends = [_ts(r["window_end"]) for r in use if _ts(r["window_end"]) is not None]
        if basis == "publication dates":
            pubs = [_ts(r["_pub"]) for r in use]
            start, end = (min(pubs), max(pubs)) if pubs else (None, None)
        else:
            start, end = min(starts, default=None), max(ends, default=None)
        if basis == "publication dates" and start is None:
            basis = "none"
        places = _ranked([_str(r["place_used"]) for r in m])
        kind = str(m[0]["kind"])
        groups = res["victim_groups"].replace(GENERIC, "people") if res["victim_groups"] else ""
        place_lbl = " / ".join(places[:2]) + (f" +{len(places) - 2}" if len(places) > 2 else "") if places else "no place"
        label = f"{place_lbl}, {_date_label(start, end, basis)}: {kind} ({groups or 'victims unknown'})"
        win = [r for r in counting]
        inc_rows.append({
            "incident_id": iid, "label": label, "kind": kind, "place": places[0] if places else None,
            "date_start": start, "date_end": end,
            "window_start": min((_ts(r["window_start"]) for r in win), default=None),
            "window_end": max((_ts(r["window_end"]) for r in win), default=None),
            "n_claims": len(m),
            "n_outlets": len({r["outlet"] for r in m if not is_na(r.get("outlet"))}),
            "n_claimants": len({r["claimant"] for r in m if not is_na(r.get("claimant"))}),
            **{k: res[k] for k in ("independent_low", "independent_high", "stated_low", "stated_high", "party_low",
                                   "party_high", "low", "best", "high", "rule", "high_open", "best_claimant",
                                   "conservative", "ratio", "ratio_current", "grade", "grade_reason", "n_independent",
                                   "claimants", "n_counted")},
            "n_party_claims": sum(_bool(r.get("claimant_is_party")) or _bool(r.get("party_claim_about_enemy")) for r in m),
            "places": "; ".join(places) or None, "victim_groups": res["victim_groups"] or None, "date_basis": basis,
        })
        for r in m:
            v = res["claims"][r["claim_id"]]
            link_rows.append({
                "claim_id": r["claim_id"], "incident_id": iid, "counted": v["counted"], "reason": v["reason"],
                "role": v["role"] or None, "restates": v["restates"], "victim_group": v["victim_group"],
                "figure": v["figure"] or None, "current": v["current"], "n_outlets": v["n_outlets"],
                "link_basis": r.get("link_basis"), "published_used": r.get("_pub"),
                "place_used": r["place_used"], "place_basis": r["place_basis"],
                "window_start": r["window_start"], "window_end": r["window_end"], "window_basis": r["window_basis"],
            })
    return inc_rows, link_rows, series


def context_figures(claims: pd.DataFrame, context: dict, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``context_figures`` table: the background totals (``context``: claim id -> linking
    record, as ``assign_incidents`` gives them), grouped by kind, victim group, country (the
    place's outermost containing place) and the month their period starts (``context_id``)."""
    if claims.empty or not context:
        return schemas.CONTEXT_FIGURES.empty()
    c = claims[claims["claim_id"].astype(str).isin(context)]
    urls = {}
    if articles is not None and "url" in articles.columns:
        urls = dict(zip(articles["article_id"].astype(str), articles["url"]))
    rows = []
    recs = io.records(c)
    keyed: dict[str, list] = {}  # claim id -> [kind, victims, country, month]
    where: dict[str, tuple] = {}  # claim id -> (place, its window's first day)
    for r in recs:
        rec = context[str(r["claim_id"])]
        place = rec.place.name if rec.place is not None else ""
        anc = rec.facts.ancestors
        country = anc[-1] if anc else place
        ws = _day(rec.ws)
        where[str(r["claim_id"])] = (place, ws)
        vk = group_name(rec.victims).replace(GENERIC, "people")
        if country and gazetteer.country_of_adjective(vk[:1].upper() + vk[1:]) == country:
            vk = "people"  # 'over 10,000 Yemenis' of Yemen: its people, no side
        keyed[str(r["claim_id"])] = [rec.kind, vk, country, f"{ws:%Y-%m}" if ws is not None else ""]
    # a whole-war total with no start joins the one dated total of its kind, victims and country
    # ('an estimated 10,000 killed in the war' beside '6,700 killed since March 2015'); a part
    # ('including 4,000 women and children') joins the total it is part of
    months: dict[tuple, set] = {}
    for k in keyed.values():
        if k[3]:
            months.setdefault(tuple(k[:3]), set()).add(k[3])
    for k in keyed.values():
        if not k[3] and len(months.get(tuple(k[:3]), ())) == 1:
            k[3] = next(iter(months[tuple(k[:3])]))
    for r in recs:
        parent = _str(r.get("subset_of"))
        if parent in keyed and parent != str(r["claim_id"]):
            keyed[str(r["claim_id"])] = keyed[parent]
    for r in recs:
        rec = context[str(r["claim_id"])]
        place, ws = where[str(r["claim_id"])]
        kind, vk, country, month = keyed[str(r["claim_id"])]
        # the group's label: its month, else this figure's own window words
        period = (f"since {dt.date.fromisoformat(month + '-01'):%b %Y}" if month
                  else _str(r.get("window_text")) or "whole period")
        key = "|".join((kind, vk, country, month))
        rows.append({
            "context_id": "x" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
            "label": f"{country or 'no place'}, {period}: {kind} ({vk})",
            "claim_id": rec.cid, "article_id": rec.article, "outlet": r.get("outlet"),
            "url": urls.get(rec.article), "published": r.get("published"), "kind": rec.kind,
            "figure": rec.figure or None, "count_text": r.get("count_text"), "count_low": r.get("count_low"),
            "count_high": r.get("count_high"), "claimant": r.get("claimant"), "claimant_type": r.get("claimant_type"),
            "victims": r.get("victims"), "place": place or None, "window_text": r.get("window_text"),
            "window_start": ws, "window_end": _day(rec.we), "window_basis": rec.window_basis,
        })
    df = pd.DataFrame(rows).sort_values(["context_id", "published", "article_id", "claim_id"], kind="stable",
                                        na_position="last", ignore_index=True)
    return schemas.CONTEXT_FIGURES.conform(df)


def _sort_key(r: dict):
    pub = _ts(r.get("published"))
    return (pub is None, pub or pd.Timestamp(0), _str(r["article_id"]), _int(r.get("start")) or 0, r["claim_id"])


# ----------------------------------------------------------------------------- travel and views
def figure_travel(claims: pd.DataFrame, claim_incidents: pd.DataFrame) -> pd.DataFrame:
    """The ``figure_travel`` table: per incident, claimant and victim group, every appearance of
    the claimant's figures in publication order (date, article, position), compared with the
    first appearance; plus the outlets' own figures that restate one of them without naming
    the claimant (``restates`` in ``claim_incidents``), flagged ``claimant_dropped``."""
    if claims.empty or claim_incidents.empty:
        return schemas.FIGURE_TRAVEL.empty()
    links = claim_incidents[["claim_id", "incident_id", "victim_group", "figure", "restates"]]
    # only claims that can be in a chain: attributed ones (not subsets), restatements and what they restate
    restating = set(links.loc[links["restates"].notna(), "claim_id"]) | set(links["restates"].dropna())
    cl = claims[[x for x in TRAVEL_FIELDS if x in claims.columns]]
    cl = cl.assign(claim_id=cl["claim_id"].astype(str))
    empty = pd.Series(None, index=cl.index, dtype=object)
    keep = [(not unattributed(a, b, o) and _na(sub)) or cid in restating for cid, a, b, o, sub in
            zip(cl["claim_id"], cl.get("claimant", empty), cl.get("claimant_type", empty), cl.get("outlet", empty),
                cl.get("subset_of", empty))]
    c = cl[keep].merge(links, on="claim_id", how="inner")
    rows = []
    order = {iid: i for i, iid in enumerate(dict.fromkeys(claim_incidents["incident_id"]))}
    by_incident: dict = {}  # records per incident in table order, converted once (not one mask per incident)
    for r in io.records(c):
        by_incident.setdefault(r["incident_id"], []).append(r)
    for iid in sorted(set(c["incident_id"]), key=lambda x: order.get(x, 0)):
        recs = sorted(by_incident[iid], key=_sort_key)
        by_id = {r["claim_id"]: r for r in recs}
        chains: dict[tuple[str, str], list[dict]] = {}
        for r in recs:
            if not unattributed(r.get("claimant"), r.get("claimant_type"), r.get("outlet")) and _na(r.get("subset_of")):
                chains.setdefault((_str(r.get("claimant")), _str(r.get("victim_group"))), []).append(r)
        dropped: set[str] = set()
        for r in recs:
            ref = by_id.get(_str(r.get("restates")))
            if ref is not None:
                chains.setdefault((_str(ref.get("claimant")), _str(ref.get("victim_group"))), []).append(r)
                dropped.add(r["claim_id"])
        for (claimant, _group), chain in sorted(chains.items()):
            chain = sorted(chain, key=_sort_key)
            ref = next(r for r in chain if r["claim_id"] not in dropped)
            for step, r in enumerate(chain):
                is_dropped = r["claim_id"] in dropped
                first = r is ref
                num = _str(r.get("figure")) != _str(ref.get("figure"))
                qual = (not num and _str(r.get("qualifier")) != _str(ref.get("qualifier"))
                        and "vague" not in (_str(r.get("qualifier")), _str(ref.get("qualifier"))))
                changes = []
                if not first and num:
                    changes.append(f"number {_str(ref.get('figure'))} -> {_str(r.get('figure'))}")
                if not first and qual:
                    changes.append(f"qualifier {_str(ref.get('qualifier'))} -> {_str(r.get('qualifier'))}")
                if is_dropped:
                    changes.append("claimant dropped")
                rows.append({
                    "incident_id": iid, "claimant": claimant, "step": step, "claim_id": r["claim_id"],
                    "article_id": r["article_id"], "outlet": r.get("outlet"), "published": r.get("published"),
                    "in_headline": r.get("in_headline"), "count_text": r.get("count_text"), "figure": r.get("figure"),
                    "qualifier": r.get("qualifier"), "attributed": not is_dropped, "ref_claim_id": ref["claim_id"],
                    "number_changed": not first and num, "qualifier_changed": not first and qual,
                    "claimant_dropped": is_dropped,
                    "change": "; ".join(changes) or ("first appearance" if first else "same figure, same hedge"),
                })
    if not rows:
        return schemas.FIGURE_TRAVEL.empty()
    return schemas.FIGURE_TRAVEL.conform(pd.DataFrame(rows))


def select_incidents(incidents: pd.DataFrame, wanted: list | tuple | None = None) -> pd.DataFrame:
    """Keep incidents whose id equals, or whose label contains (case-insensitive), an entry of
    ``wanted``; all of them when ``wanted`` is empty. An entry matching nothing is an error."""
    wanted = [str(w) for w in (wanted or []) if str(w).strip()]
    if not wanted:
        return incidents.reset_index(drop=True)
    keep = pd.Series(False, index=incidents.index)
    missing = []
    for w in wanted:
        hit = (incidents["incident_id"] == w) | incidents["label"].str.casefold().str.contains(w.casefold(), regex=False)
        hit = hit.fillna(False).astype(bool)
        if not hit.any():
            missing.append(w)
        keep |= hit
    if missing:
        known = "; ".join(f"{i} = {lab}" for i, lab in zip(incidents["incident_id"], incidents["label"]))
        raise ParameterError(f"no incident matches {missing}; the incidents are: {known or 'none'}")
    return incidents[keep].reset_index(drop=True)


def incident_claims(claims: pd.DataFrame, claim_incidents: pd.DataFrame, incident_id: str) -> pd.DataFrame:
    """The claims of one incident with their link columns, in reading order."""
    links = claim_incidents[claim_incidents["incident_id"] == incident_id]
    out = claims.merge(links, on="claim_id", how="inner")
    return out.sort_values(["published", "article_id", "start"], kind="stable").reset_index(drop=True)


def incident_outlets(articles: pd.DataFrame, incident, lookback_days: int = 3) -> list[str]:
    """Outlets with an article published from the incident's first day to ``lookback_days``
    after its last: the outlets that could have reported it (for ``coverage_matrix``)."""
    start, end = _ts(incident["date_start"]), _ts(incident["date_end"])
    if start is None or articles.empty:
        return []
    pub = pd.to_datetime(articles["published"])
    hit = pub.between(start, (end or start) + pd.Timedelta(days=lookback_days)).fillna(False).astype(bool)
    return sorted(set(articles.loc[hit, "outlet"].dropna().astype(str)))


def coverage_matrix(members: pd.DataFrame, outlets: list | None = None) -> pd.DataFrame:
    """Outlet × figure for one incident: a cell holds the words the outlet used for that
    claimant's figure, empty when it left the figure out. Columns are ``claimant: figure``
    (hedge aside: "58", "at least 58" and "more than 58" are one figure; the victim group is
    added when the incident has several), claimants by
    priority; an outlet's own unattributed figures are under ``(unattributed): ...``. Pass
    ``outlets`` to add rows for outlets that published nothing on the incident."""
    if members.empty:
        return pd.DataFrame()
    m = members.copy()
    unattr = pd.Series([unattributed(a, b, c) for a, b, c in zip(m["claimant"], m["claimant_type"], m["outlet"])],
                       index=m.index, dtype=bool)
    m["who"] = m["claimant"].fillna("(unknown)").where(~unattr, "(unattributed)")
    m["column"] = m["who"] + ": " + m["figure"].fillna("?")
    if "victim_group" in m and m["victim_group"].nunique() > 1:
        m["column"] = m["column"] + " (" + m["victim_group"].fillna("?") + ")"
    m["outlet"] = m["outlet"].fillna("(unknown outlet)")
    prio = {t: i for i, t in enumerate(CLAIMANT_PRIORITY)}
    col_order = (m.assign(_p=m["claimant_type"].map(prio).fillna(len(prio)).where(~unattr, len(prio) + 1),
                          _n=pd.to_numeric(m["figure"].str.extract(r"^(\d+)", expand=False), errors="coerce"))
                 .sort_values(["_p", "who", "_n", "column"], kind="stable")["column"].drop_duplicates().tolist())
    cell = m.groupby(["outlet", "column"], sort=True)["count_text"].agg(lambda s: "; ".join(dict.fromkeys(s.dropna().astype(str))))
    tab = cell.unstack("column").reindex(columns=col_order)
    rows = sorted(set(tab.index) | set(map(str, outlets or [])))
    tab = tab.reindex(rows).fillna("")
    tab.index.name = "outlet"
    tab.columns.name = None
    return tab.astype("string")


__all__ = [
    "incidents_tables", "incident_tables_all", "iter_incident_blocks", "reconciled", "assign_incidents", "link", "reconcile",
    "figure_travel", "select_incidents", "incident_claims", "incident_outlets", "coverage_matrix", "context_figures",
    "stated_figure", "unattributed", "victim_key", "victims_compatible", "places_compatible", "place_facts",
    "inferred_publication", "partial_publication", "incident_hash", "check_rule", "rule_name", "RULES", "RULE_NAMES", "LINK_FIELDS",
]
