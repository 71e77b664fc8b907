"""The per-article ``Document``: one article's text, its sentences and what the article as a whole
says, each computed once, when first asked for, and shared by every stage after it.

Claims (``extract.claims``), events (``extract.events``) and the ``time_expressions`` table read
the same Document of an article: its sentences are split once, its time expressions, places,
countries, quotations and actors found once. ``claims.ArticleContext`` is a Document with the
article's reporting structure (who says what) on top.

>>> doc = Document.of_article({"article_id": "a", "title": "Shelling in Homs",
...                            "text": "Shelling in Homs\\n\\nFive people were killed in Homs on Monday."})
>>> [s.text for s in doc.sentences]
['Shelling in Homs', 'Five people were killed in Homs on Monday.']
>>> doc.main_place["place"], doc.tokens(1).low[:3]
('Homs', ['five', 'people', 'were'])
"""
from __future__ import annotations

import bisect
import itertools
import re
from typing import NamedTuple

from .. import lexicons
from ..read import published as published_mod
from . import dates, gazetteer, text as textmod

__all__ = ["Document", "Tokens", "TOKEN_RE", "lazy", "main_place", "section_place", "MAX_DATING_RANGE_DAYS"]

#: A time expression spanning more than this many days dates no happening (``Document.time_expressions``).
MAX_DATING_RANGE_DAYS = 62

#: A word token: a run of letters and digits (inner hyphens, apostrophes, dots), or one other sign.
TOKEN_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[-'’.][A-Za-z0-9\u00C0-\u024F]+)*|[^\sA-Za-z0-9\u00C0-\u024F]")
_TOKEN_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")  # the same, as the one group


class Tokens:
    """A sentence's word tokens as parallel lists (cheaper than one object per token):
    ``start[i]``, ``end[i]``, ``low[i]`` (the token lower-cased; its text is
    ``s[start[i]:end[i]]``); ``n`` tokens. A token is a run of letters and digits (with inner
    hyphens, apostrophes and dots: 'al-Kubra', "o'clock", 'U.S') or one other sign.

    >>> t = Tokens("IS killed 58.")
    >>> t.low, t.start, t.n
    (['is', 'killed', '58', '.'], [0, 3, 10, 12], 4)
    """

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


class lazy:
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


def main_place(text: str, countries: frozenset[str] | None = None, hits: list | None = None) -> dict | None:
    """The main place of an article's ``text``: the most often named (a headline mention counts
    three, one in the lede two) of the most specific places it names (a country gives way to its cities named in the
    article); world places outside ``countries`` only when large (``gazetteer.find``). ``hits``:
    the places found in ``text`` when already known (with the local places the gazetteer
    lacks, ``gazetteer.local_places``)."""
    if hits is None:
        hits = gazetteer.find(text, countries)
    if not hits:
        return None
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    rows: dict[str, dict] = {}
    head_end = text.find("\n") if "\n" in text else len(text)
    datelines: dict[int, int] = {}
    located = []
    filed = []
    for h in hits:
        # a dateline names where the reporter files from: abroad ('BANGKOK (AFP) -' on Myanmar)
        # never the story's place; at home ('KYIV, Ukraine -' on Kramatorsk, 'MAPUTO -' on Cabo
        # Delgado) only when the text names no other place below a country
        line = text.rfind("\n", 0, h.start) + 1
        home = not countries or h.value["country"] in countries
        if h.start - line < 60 and not (home and line == 0 and head_end < len(text)):  # a headline is no dateline
            if line not in datelines:
                datelines[line] = line + gazetteer.dateline_end(text[line:line + 200])
            if h.start < datelines[line]:
                if home:
                    filed.append(h)
                continue
        located.append(h)
    if filed and not any(h.value.get("level", 3) > 0 for h in located):
        located = sorted(located + filed, key=_start_of)
    hits = located or hits
    # a country beside smaller places is mostly an actor ("Russia hits ...") or a foreign
    # reference, a capital not named as a location the government ("Kinshasa said"): their
    # mentions count half
    smaller = any(h.value.get("level", 3) > 0 for h in hits)
    lede_start, lede_end = _lede(text, head_end)
    for h in hits:
        p = h.value["place"]
        # the headline counts three, the lede (the first sentence after it, which says where
        # it happened) two: a story names the places of its background more often
        w = 3 if h.start < head_end else 2 if lede_start <= h.start < lede_end else 1
        if smaller and (h.value.get("level", 3) == 0 or (gazetteer.is_capital(p) and (
                not gazetteer.named_as_location(text, h.start) or gazetteer.seat_of_government(text, h.start)))):
            w = w / 2  # a capital not named as a location is the government's seat ("Kinshasa said",
            # "authorities in Kinshasa")
        counts[p] = counts.get(p, 0) + w
        first.setdefault(p, h.start)
        rows.setdefault(p, h.value)
    specific = gazetteer.most_specific(list(counts), rows)
    best = max(specific, key=lambda p: (counts[p], -first[p]))
    return rows[best]


_SENTENCE_END_RE = re.compile(r"[.!?][\"”’']?(?=\s)|\n")


#: the fewest words of a lede: shorter lines after a headline are bylines and date stamps
LEDE_MIN_WORDS = 6


def _lede(text: str, head_end: int) -> tuple[int, int]:
    """The span of the lede of ``text``: its first sentence of ``LEDE_MIN_WORDS`` words or more
    after the headline (which ends at ``head_end``; a byline or date line is none); empty when
    the text is one line or has none in its first 1,000 characters."""
    start = head_end
    while start < min(len(text), head_end + 1000):
        while start < len(text) and text[start].isspace():
            start += 1
        m = _SENTENCE_END_RE.search(text, start)
        end = m.end() if m else len(text)
        if len(text[start:end].split()) >= LEDE_MIN_WORDS:
            return start, end
        start = end
    return 0, 0


class Places(NamedTuple):
    """What ``places_of`` finds in a text; shared between the articles of one text: read only."""
    countries: frozenset[str]
    #: every place named (gazetteer and local places), as hits in text order
    hits: list
    #: the places the gazetteer does not know (``gazetteer.local_places``)
    local_hits: list
    main_place: dict | None


@lexicons.text_memo(2048)
def places_of(text: str) -> Places:
    """The places an article's ``text`` names (``gazetteer.matcher().countries``,
    ``gazetteer.find``, ``gazetteer.local_places``) and its ``main_place``: found once per
    distinct text (a wire story copied by many outlets is read once).

    >>> places_of("Troops killed 300 in Moura, central Mali.").main_place["place"]
    'Moura'
    """
    m = gazetteer.matcher()
    # the countries it names as locations (not one named only as an actor: "Russia said")
    countries = gazetteer.located_countries(text, m.find(text), m.countries(text))
    found = gazetteer.find(text, countries)
    local = gazetteer.local_places(text, countries, found)
    # a city named like the province of a village named is that province ("Kaduna villagers")
    found = gazetteer.read_as_areas(text, found, frozenset(h.value["admin1"] for h in local if h.value.get("admin1")))
    hits = sorted(found + local, key=_start_of) if local else found
    return Places(countries, hits, local, main_place(text, countries=countries, hits=hits))


def _start_of(x) -> int:
    return x.start


def _first(x: tuple) -> int:
    return x[0]


def section_place(place_hits: list, headings: list, sent) -> dict | None:
    """Under a subheading at most three sentences back, the last place named since that
    heading (the subheading opens a separate story, as in a daily round-up). ``place_hits``
    ((offset, row), in text order) and ``headings`` (sentences, in text order) are searched by
    bisection."""
    k = bisect.bisect_right(headings, sent.start, key=_start_of)
    if k == 0:
        return None
    head = headings[k - 1]
    if sent.sentence_id - head.sentence_id > 3:
        return None
    k = bisect.bisect_left(place_hits, sent.start, key=_first)
    return place_hits[k - 1][1] if k and place_hits[k - 1][0] >= head.start else None


class Document:
    """One article: ``article_id``, ``outlet``, ``published`` (a day, or None when publication
    is known to the month or year only: relative dates resolve only against a day), ``text``
    and its ``sentences`` (``text.Sentence``, with their spans in ``text``). What the article as
    a whole says is computed on first use and kept: ``quotes``, ``all_time_expressions``,
    ``countries``, ``main_place``, ``place_hits``, ``actor_hits``, ``headings`` ..."""

    def __init__(self, article_id: str, outlet: str | None, published, text: str, sentences: list):
        self.article_id = article_id
        self.outlet = outlet
        self.published = published
        self.text = text
        self.sentences = sentences

    @classmethod
    def of_article(cls, article: dict, sentences: list[textmod.Sentence] | None = None):
        """The Document of a row of the ``articles`` table (as a dict), None when it has no
        text; its sentences are split when not given (a title makes the first line a headline)."""
        text = article.get("text")
        if not isinstance(text, str) or not text.strip():
            return None
        if sentences is None:
            has_headline = isinstance(article.get("title"), str) and bool(article.get("title"))
            sentences = textmod.split_sentences(text, has_headline=has_headline)
        outlet = article.get("outlet") if isinstance(article.get("outlet"), str) else None
        # relative dates ("on Thursday") resolve only against a publication date of one day
        pub = published_mod.day_precision(article.get("published"), article.get("published_end"))
        return cls(article["article_id"], outlet, pub, text, sentences)

    def tokens(self, i: int) -> Tokens:
        """The word tokens of sentence ``i`` (made on each call, not kept: a long article would
        hold them all)."""
        return Tokens(self.sentences[i].text)

    @lazy
    def quotes(self) -> list:
        """Spans of the direct quotations (``text.quote_spans``)."""
        return textmod.quote_spans(self.text)

    @lazy
    def quote_index(self) -> textmod.SpanIndex:
        """The quotations, for 'is this offset quoted' by bisection."""
        return textmod.SpanIndex(self.quotes)

    @lazy
    def all_time_expressions(self) -> list:
        """Every time expression of the article (``dates.find_time_expressions``), found once
        and shared by claims, events and the ``time_expressions`` table."""
        return dates.find_time_expressions(self.text, self.published)

    @lazy
    def time_expressions(self) -> list:
        """Expressions that can date a happening: long ranges ('since 1991', 'in nearly a
        year', more than ``MAX_DATING_RANGE_DAYS``) bound a period, they do not date it."""
        out = []
        for e in self.all_time_expressions:
            if e.kind == "range" and e.date_start and e.date_end and (e.date_end - e.date_start).days > MAX_DATING_RANGE_DAYS:
                continue
            out.append(e)
        return out

    @lazy
    def countries(self) -> frozenset[str]:
        """Countries the article names as locations (``gazetteer.located_countries``: not one
        named only as an actor, "Russia said"): world places elsewhere count only when large."""
        return places_of(self.text).countries

    @lazy
    def main_place(self) -> dict | None:
        """The article's main place (``main_place``)."""
        return places_of(self.text).main_place

    @lazy
    def local_place_hits(self) -> list:
        """The places the gazetteer does not know that the article names as places
        (``gazetteer.local_places``: "Tudun Biri village", "in Moura, central Mali")."""
        return places_of(self.text).local_hits

    @lazy
    def village_areas(self) -> frozenset[str]:
        """The provinces of the local places (``local_place_hits``): a city named like one of
        them is read as the province (``gazetteer.read_as_areas``)."""
        return frozenset(h.value["admin1"] for h in self.local_place_hits if h.value.get("admin1"))

    @lazy
    def place_hit_list(self) -> list:
        """Every place the article names (gazetteer and local places), as hits in text order;
        a city named like its province is the province where the text means the area
        (``gazetteer.read_as_areas``)."""
        return places_of(self.text).hits

    @lazy
    def place_hits(self) -> list:
        """(offset, gazetteer row) of every place the article names, in text order."""
        return [(h.start, h.value) for h in self.place_hit_list]

    def local_places_in(self, sent) -> list:
        """The local places (``local_place_hits``) named in sentence ``sent``, with offsets in it."""
        hits = self.local_place_hits
        if not hits:
            return []
        k = bisect.bisect_left(hits, sent.start, key=_start_of)
        out = []
        while k < len(hits) and hits[k].end <= sent.end:
            h = hits[k]
            out.append(lexicons.Hit(h.start - sent.start, h.end - sent.start, h.text, h.value))
            k += 1
        return out

    @lazy
    def place_names(self) -> frozenset[str]:
        """The canonical names of the places the article names (``place_hits``): a sentence's
        own scan sees less ('Lopez said' alone, where the article has 'Jane Lopez')."""
        return frozenset(row["place"] for _, row in self.place_hits)

    @lazy
    def actor_hits(self) -> list:
        """The actors the article names (``lexicons.alias_matcher("actors")`` hits)."""
        return lexicons.alias_matcher("actors").find(self.text)

    @lazy
    def actor_side_counts(self) -> dict[str, int]:
        """How often the article names an actor of each side (civilians and unknown aside)."""
        counts: dict[str, int] = {}
        for h in self.actor_hits:
            sd = h.value["side"]
            if sd not in ("civilians", "unknown"):
                counts[sd] = counts.get(sd, 0) + 1
        return counts

    @lazy
    def paragraph_first(self) -> list[int]:
        """For each sentence, the index of the first sentence of its run of one paragraph."""
        out: list[int] = []
        for i, se in enumerate(self.sentences):
            out.append(out[i - 1] if i and self.sentences[i - 1].paragraph == se.paragraph else i)
        return out

    @lazy
    def headings(self) -> list:
        """The subheadings, in text order."""
        return [se for se in self.sentences if se.is_heading]

    def section_place(self, sent) -> dict | None:
        """Under a subheading at most three sentences back, the last place named since that
        heading (the subheading opens a separate story, as in a daily round-up), for sentence
        ``sent``; found by bisection in ``place_hits`` and ``headings`` (the article's places are
        not looked for when it has no subheading)."""
        if not self.headings:
            return None
        return section_place(self.place_hits, self.headings, sent)
