"""Draft a lexicon pack for a new corpus: ``newslib lexicon draft CORPUS --out DIR``.

Reads the corpus and proposes, in the packs' CSV formats with a ``count`` of mentions, the
number of ``articles`` and an ``example`` sentence for each row, for an analyst to review:

* ``claimants.csv``: who the figures are attributed to: the subjects of reporting verbs
  ("MSF said", "the health ministry told", verbs from ``reporting_verbs.txt``), the object of
  "according to", and a headline's closing ": X". Written as found (a leading "the" and titles
  dropped); an acronym in brackets ("Doctors Without Borders (MSF)") gives a second alias; the
  type is guessed from the head words of ``claimant_types.csv`` (health ministry -> health
  authority, UN/OCHA -> UN agency, MSF -> NGO ...). ``status`` says whether the loaded packs
  already know the alias (``known``) or not (``new``). ``side`` and ``party`` are ``unknown``:
  the analyst decides them.
* ``actors.csv``: capitalised names (with a military noun: "Eritrean troops", "Rapid Support
  Forces") in sentences with a harm word, that are neither places nor claimants.
* ``gazetteer.csv``: capitalised names after "in / near / at / outside / the town of ..." that
  the gazetteer resolves, as aliases of the canonical place with its coordinates, admin1 and
  country; ``gazetteer_todo.csv``: the names it does not resolve, to be placed by hand
  (coordinates empty: that file is not loaded).
* ``framing.csv``: label words (``label_nouns.txt``: militia, regime, terrorists, rebels ...)
  next to an actor's name ("the RSF militia"), one family per actor, and the loaded packs'
  framing terms that occur, with their counts.

Nothing is decided for the analyst: the draft is for review, then use the folder as a pack
(``NEWSLIB_LEXICONS=+DIR`` adds it to the default packs; ``NEWSLIB_LEXICONS=DIR`` replaces
the ``syria`` pack with it).

>>> import pandas as pd
>>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Toll rises: Ministry of Health"], "text": [
...     "Toll rises: Ministry of Health\\nShelling killed 12 people in Kabkabiya, the Ministry of Health said. "
...     "Doctors Without Borders (MSF) said 40 were wounded."]})
>>> d = draft(arts, min_count=1)
>>> sorted(d["claimants"]["alias"])
['Doctors Without Borders', 'MSF', 'Ministry of Health']
>>> d["gazetteer"][["place", "alias"]].values.tolist()
[['Kabkabiyah', 'Kabkabiya']]
"""
from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import pandas as pd

from .. import lexicons
from ..language import gazetteer, text as textmod

log = logging.getLogger(__name__)

_ACRONYM = r"\((?P<acr>[A-Z][A-Za-z.&]{1,11})\)"
# capitalised words as written (lexicons/base/claim_words.csv, cased): the last words of an armed
# actor's name ("Rapid Support Forces", "Joint Force"), sentence openers; month and day names
_ARMED_WORDS = lexicons.WordSet("armed_name_end", cased=True)
_SENT_FIRST = lexicons.WordSet("sentence_opener", cased=True)
# the words of the patterns below are roles of claim_words.csv (name_title, facility_name_end,
# place_cue_preposition, place_of_noun, settlement_of_noun, name_lead, person_tail, ...)
_TITLES = lexicons.RolePattern(r"^(?:(?:the|a|an)\s+)?(?:{title}\.?\s+)?", re.IGNORECASE, sep=" ", title="name_title")
#: a facility or area after a place name ("El Fasher South Hospital"), as written
_FACILITY_AFTER = lexicons.RolePattern(r"\s+(?:[A-Z]\w*\s+)?{end}\b", cased=True, end="facility_name_end")


@functools.cache
def _name_patterns() -> tuple[str, str]:
    """(a capitalised word, a name): a name is up to eight capitalised words, with lower-case
    connectors inside ("Office for the Coordination of ...", ``name_connector``) and a
    transliterated article joined by a hyphen ("al-Shabaab", ``local_name_article`` and ``draft_name_article``)."""
    capword = rf"(?:{lexicons.WordSet('local_name_article', 'draft_name_article').pattern()}-)?[A-Z][\w'’&.\-]*"
    return capword, rf"{capword}(?:\s+(?:{lexicons.WordSet('name_connector').pattern()}\s+)*{capword}){{0,7}}"


@functools.cache
def _place_cue_re() -> re.Pattern:
    """A name after a place preposition, maybe as "the town of X" or "the Kurdish town of X"."""
    prep, of_noun, settlement = (lexicons.WordSet(r).pattern() for r in ("place_cue_preposition", "place_of_noun",
                                                                            "settlement_of_noun"))
    return re.compile(rf"\b{prep}\s+(?:the\s+(?:{of_noun}\s+of\s+|(?:[A-Z][\w'’\-]+\s+)?{settlement}\s+of\s+))?"
                      rf"(?P<x>{_name_patterns()[1]})")


@functools.cache
def _months_days() -> frozenset[str]:
    """The month names (full and short) and weekday names, capitalised (the packs' calendar.csv)."""
    return frozenset(n.capitalize() for n in (*lexicons.calendar_names("month"), *lexicons.calendar_names("weekday", ("full",))))


def _words(filename: str) -> tuple[str, ...]:
    return lexicons.word_list(filename)


@functools.cache
def _verbs_re() -> re.Pattern:
    verbs = sorted(_words("reporting_verbs.txt"), key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(v) for v in verbs) + r")\b")


@functools.cache
def _heads() -> tuple[tuple[re.Pattern, str, str], ...]:
    """(pattern, head, claimant_type), longest head first."""
    tab = lexicons.table("claimant_types")
    rows = []
    for r in tab.to_dict("records"):
        head = r["head"].strip()
        flags = 0 if lexicons.truthy(r.get("case_sensitive", "false")) else re.IGNORECASE
        rows.append((re.compile(rf"(?<![\w-]){re.escape(head)}(?![\w-])", flags), head, r["claimant_type"].strip()))
    rows.sort(key=lambda x: -len(x[1]))
    return tuple(rows)


@functools.cache
def _subject_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    heads = sorted({h for _, h, _ in _heads() if h.islower()}, key=len, reverse=True)
    head_alt = "|".join(re.escape(h) for h in heads)
    capword, name = _name_patterns()
    lower_np = rf"(?:the\s+)?(?:(?:{capword}|[a-z][\w\-]*)\s+){{0,3}}(?i:{head_alt})s?(?![\w-])"
    subj = rf"(?:the\s+)?(?P<x>(?:{name})(?:\s*{_ACRONYM})?|{lower_np})"
    verbs = _verbs_re().pattern
    said = re.compile(rf"(?:^|(?<=[\s,;(“\"]))(?:{subj}(?:['’]s\s+\w+)?)\s+(?:has\s+|have\s+|had\s+|also\s+|later\s+)*{verbs}")
    according = re.compile(rf"\baccording\s+to\s+(?:a\s+statement\s+(?:by|from)\s+|figures\s+(?:from|by)\s+)?{subj}")
    headline = re.compile(rf":\s*(?P<x>{name})\s*$")
    return said, according, headline


def claimant_type(alias: str) -> str:
    """The claimant type a name's head words suggest (``claimant_types.csv``), else ``""``.

    >>> claimant_type("Sudanese Ministry of Health"), claimant_type("MSF"), claimant_type("UN OCHA")
    ('hospital_or_health_authority', 'ngo', 'un_agency')
    """
    for rx, _, typ in _heads():
        if rx.search(alias):
            return typ
    return ""


_POSSESSIVE_RE = re.compile(r"['’]s?$")


def _clean(name: str) -> str:
    """A name as found, without a leading "the", a title, a trailing possessive or a leading
    place's possessive ("Sudan's Rapid Support Forces" -> "Rapid Support Forces")."""
    name = _TITLES.sub("", name.strip(" ,.;:—–-\"“”'’")).strip()
    name = _POSSESSIVE_RE.sub("", re.sub(r"\s+", " ", name))
    words = name.split()
    while len(words) > 1 and words[0] in _SENT_FIRST:  # "But Erdogan" -> "Erdogan"
        words = words[1:]
    name = " ".join(words)
    m = re.match(r"^(.+?)['’]s\s+(.+)$", name)
    if m and gazetteer.lookup(m.group(1)) is not None:
        name = m.group(2)
    return name


_LEAD_RE = lexicons.RolePattern(r"^(?:(?:{lead}|(?:[A-Z][\w\-]*\s+)*[\w\-]+-based)\s+)+", re.IGNORECASE, lead="name_lead")
_PERSON_TAIL_RE = lexicons.RolePattern(r"\s+{tail}$", re.IGNORECASE, tail="person_tail")


def canonical_claimant(name: str) -> str:
    """The claimant a name stands for, for grouping: quantifiers, "senior", "X-based" and a
    trailing person noun after an institution dropped ("two health ministry officials" ->
    "health ministry").

    >>> canonical_claimant("two health ministry officials"), canonical_claimant("New York-based Human Rights Watch")
    ('health ministry', 'Human Rights Watch')
    """
    out = _LEAD_RE.sub("", name).strip() or name
    cut = _PERSON_TAIL_RE.sub("", out)
    if cut != out and claimant_type(cut) and cut.split()[-1].lower() not in ("officials", "official"):
        out = cut
    return out


def _place_at(sentence: str, pos: int, name: str, countries) -> tuple[object, str] | tuple[None, None]:
    """The place the sentence names at ``pos`` (a leading "the" or title skipped), under the
    matcher's precision rules: (place, the words naming it)."""
    for h in gazetteer.find(sentence, countries):
        if pos <= h.start <= pos + 4 and name.startswith(h.text):
            return gazetteer.lookup(h.value["place"]), h.text
    return None, None


def _actor_name(name: str, military_nouns) -> str:
    """"Fighters of the JLF" -> "JLF"."""
    m = re.match(r"^(\w+)\s+of\s+(?:the\s+)?(.+)$", name)
    return m.group(2) if m and m.group(1).lower() in military_nouns else name


def _title_case(s: str) -> bool:
    """A headline in title case: its capitals prove nothing about names."""
    words = re.findall(r"[^\W\d_]{4,}", s)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _sentences(articles: pd.DataFrame):
    for art in articles.to_dict("records"):
        text = art.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        has_headline = isinstance(art.get("title"), str) and bool(art.get("title"))
        for s in textmod.split_sentences(text, has_headline=has_headline):
            yield art, s


class _Tally:
    def __init__(self) -> None:
        self.count: dict[str, int] = {}
        self.articles: dict[str, set] = {}
        self.example: dict[str, str] = {}
        self.extra: dict[str, dict] = {}

    def add(self, k: str, article_id: str, example: str, **extra) -> None:
        self.count[k] = self.count.get(k, 0) + 1
        self.articles.setdefault(k, set()).add(article_id)
        self.example.setdefault(k, re.sub(r"\s+", " ", example.strip())[:300])
        self.extra.setdefault(k, extra)

    def rows(self, min_count: int) -> list[dict]:
        keys = [k for k in self.count if self.count[k] >= min_count]
        keys.sort(key=lambda k: (-self.count[k], -len(self.articles[k]), k))
        return [{"key": k, "count": self.count[k], "articles": len(self.articles[k]), "example": self.example[k],
                 **self.extra[k]} for k in keys]


def _is_noise(name: str) -> bool:
    first = name.split()[0]
    return (not name or name in _SENT_FIRST or name in _months_days() or (len(name.split()) == 1 and first in _SENT_FIRST)
            or len(name) < 2 or name.isdigit())


def draft(articles: pd.DataFrame, min_count: int = 2) -> dict[str, pd.DataFrame]:
    """The proposed pack's tables (see the module docstring): ``claimants``, ``actors``,
    ``gazetteer``, ``gazetteer_todo``, ``framing``. Rows seen fewer than ``min_count`` times
    are left out."""
    said, according, headline = _subject_res()
    known_claimants = lexicons.alias_matcher("claimants")
    known_actors = lexicons.alias_matcher("actors")
    claim_t, actor_t, place_t, todo_t, label_t, frame_t = (_Tally() for _ in range(6))
    labels = {w.lower() for w in _words("label_nouns.txt")}
    label_alt = lexicons.longest_first(labels)
    from .claims import MILITARY_NOUNS, harm_spans

    mil = lexicons.longest_first(MILITARY_NOUNS | lexicons.words("armed_group_noun"))
    name_re = _name_patterns()[1]
    actor_re = re.compile(rf"(?P<x>{name_re})(?:\s+(?P<noun>{mil}))?\b")
    label_re = re.compile(rf"(?i:\b(?P<pre>{label_alt})\s+)?(?P<x>{name_re})(?i:\s+(?P<post>{label_alt})\b)?")
    affiliated = lexicons.RolePattern(r"-{suffix}$", suffix="affiliation_suffix")
    framing_rules = []
    try:
        for r in lexicons.table("framing").to_dict("records"):
            flags = 0 if lexicons.truthy(r.get("case_sensitive", "false")) else re.IGNORECASE
            framing_rules.append((r, re.compile(r["pattern"], flags)))
    except Exception as exc:  # a bad framing file is reported by the naming table, not here
        log.debug("framing terms not counted: %s", exc)

    for art, sent in _sentences(articles):
        s, aid = sent.text, art["article_id"]
        claimants_here: set[str] = set()
        rxs = [said, according] + ([headline] if sent.is_headline else [])
        for rx in rxs:
            for m in rx.finditer(s):
                raw = m.group("x")
                acr = m.groupdict().get("acr")
                if acr:
                    raw = raw[: raw.rfind("(")].strip()
                name = _clean(raw)
                if _is_noise(name) or name.lower() in lexicons.words("subject_pronoun"):
                    continue
                if gazetteer.lookup(name) is not None and not claimant_type(name):
                    continue  # a place ("Sudan said" is its government: left to the analyst)
                claimants_here.add(name)
                aliases = [name] + ([acr] if acr else [])
                canon = canonical_claimant(name)
                for a in aliases:
                    hit = known_claimants.find(a)
                    known = bool(hit) and hit[0].start == 0 and hit[0].end == len(a)
                    claim_t.add(a, aid, s, claimant=hit[0].value["claimant"] if known else canon,
                                claimant_type=(hit[0].value["claimant_type"] if known else claimant_type(name)),
                                case_sensitive="true" if a.isupper() else "false", status="known" if known else "new")
        harm = harm_spans(s)
        title = _title_case(s)
        countries = None
        for m in _place_cue_re().finditer(s):
            name = _clean(m.group("x"))
            if _is_noise(name) or " and " in name:
                continue
            if countries is None:
                countries = gazetteer.matcher().countries(art["text"])
            p, found = _place_at(s, m.start("x"), name, countries)
            if p is not None and len(found) < len(name) and not _FACILITY_AFTER.match(name, len(found)):
                p = None  # "Port Sudan" is not Sudan; "El Fasher South Hospital" is El Fasher
            if p is not None:
                name = found
            if p is not None:
                place_t.add(f"{p.name}\x00{name}", aid, s, place=p.name, alias=name, kind=p.kind, admin1=p.admin1,
                            country=p.country, lat=p.lat, lon=p.lon)
            elif not known_claimants.find(name) and not known_actors.find(name) and name not in claimants_here:
                todo_t.add(name, aid, s, place=name, alias=name)
        if harm and not title:
            for m in actor_re.finditer(s):
                name = _clean(m.group("x"))
                noun = m.group("noun")
                name = _actor_name(name, MILITARY_NOUNS)
                if _is_noise(name) or name in claimants_here or any(name in c or c in name for c in claimants_here):
                    continue
                words = name.split()
                # an armed actor by its own name (an acronym, "... Front"), else a name with a
                # military noun ("Eritrean troops")
                named = (name.isupper() and 2 <= len(name) <= 6) or words[-1] in _ARMED_WORDS
                armed = named or noun is not None or affiliated.search(words[-1])
                if not armed or known_claimants.find(name):
                    continue
                if gazetteer.lookup(name) is not None and noun is None:
                    continue
                full = name if named or noun is None else f"{name} {noun}"
                hit = known_actors.find(full)
                known = bool(hit) and hit[0].start == 0 and hit[0].end == len(full)
                actor_t.add(full, aid, s, actor=hit[0].value["actor"] if known else full,
                            side=hit[0].value["side"] if known else "unknown", status="known" if known else "new")
        for m in label_re.finditer(s) if not title else ():
            word = (m.group("pre") or m.group("post") or "").lower()
            name = _actor_name(_clean(m.group("x")), MILITARY_NOUNS)
            if not word or _is_noise(name) or " and " in name or gazetteer.lookup(name) is not None or name in claim_t.count:
                continue
            label_t.add(f"{name}\x00{word}", aid, s, family=f"{name} labels", term=word,
                        pattern=rf"\b{re.escape(word)}\b", case_sensitive="false", status="new")
        for r, rx in framing_rules:
            if rx.search(s):
                frame_t.add(f"{r['family']}\x00{r['term']}", aid, s, family=r["family"], term=r["term"],
                            pattern=r["pattern"], case_sensitive=r.get("case_sensitive", "false"), status="known")

    def frame(t: _Tally, cols: list[str], fill: dict, min_n: int = min_count) -> pd.DataFrame:
        rows = t.rows(min_n)
        df = pd.DataFrame(rows, columns=["key", *[c for c in cols if c not in ("count", "articles", "example")],
                                         "count", "articles", "example"])
        for c, v in fill.items():
            df[c] = v
        return df[cols].reset_index(drop=True)

    tail = ["count", "articles", "example"]
    # a claimant counts as a whole (its aliases together): "Health Ministry" seen once and
    # "health ministry officials" twice make one claimant seen three times
    totals: dict[str, int] = {}
    for k, extra in claim_t.extra.items():
        c = extra["claimant"].lower()
        totals[c] = totals.get(c, 0) + claim_t.count[k]
    rows = [r for r in claim_t.rows(1) if totals[r["claimant"].lower()] >= min_count]
    rows.sort(key=lambda r: (-totals[r["claimant"].lower()], r["claimant"].lower(), -r["count"], r["key"]))
    claim = pd.DataFrame(rows, columns=["key", "claimant", "claimant_type", "case_sensitive", "status", "count",
                                        "articles", "example"]).rename(columns={"key": "alias"})
    claim = claim.assign(side="unknown", party="unknown", generic="false")[
        ["alias", "claimant", "claimant_type", "side", "party", "generic", "case_sensitive", "status", *tail]]
    for k in list(actor_t.count):  # a claimant is not an actor here (the analyst can add it)
        if k in claim_t.count:
            del actor_t.count[k]
    actors = frame(actor_t, ["alias", "actor", "side", "status", *tail], {})
    actors["alias"] = [r["key"] for r in actor_t.rows(min_count)]
    gaz = frame(place_t, ["place", "alias", "kind", "admin1", "country", "lat", "lon", *tail], {})
    todo = frame(todo_t, ["place", "alias", "kind", "admin1", "country", "lat", "lon", *tail],
                 {"kind": "", "admin1": "", "country": "", "lat": "", "lon": ""})
    labels_df = frame(label_t, ["family", "term", "pattern", "case_sensitive", "status", *tail], {})
    known_frames = frame(frame_t, ["family", "term", "pattern", "case_sensitive", "status", *tail], {}, min_n=1)
    framing = pd.concat([labels_df, known_frames], ignore_index=True)
    return {"claimants": claim, "actors": actors, "gazetteer": gaz, "gazetteer_todo": todo, "framing": framing}


_README = """# Draft lexicon pack

Proposed by `newslib lexicon draft` from {n} articles of `{corpus}` (rows seen at least
{min_count} times). Review every file before use: each row has `count` (mentions),
`articles` (articles mentioning it) and an `example` sentence; `status` says whether the loaded
packs already know it (`known`) or not (`new`).

- `claimants.csv`: set `claimant` (one canonical name per claimant), `claimant_type`, `side`
  and `party` (`true` for a party to the fighting); delete rows that are not claimants.
- `actors.csv`: set `actor` (canonical) and `side`; delete rows that are not armed actors.
- `gazetteer.csv`: places the gazetteer resolved; keep the aliases you want matched in any case.
- `gazetteer_todo.csv`: names the gazetteer does not know. Fill `kind`, `lat`, `lon` (and
  `admin1`/`country` if you know them) and move the rows to `gazetteer.csv`; this file is not
  loaded.
- `framing.csv`: label words used next to an actor's name (one family per actor), and the
  loaded packs' framing terms that occur.

Use the folder as a pack: `NEWSLIB_LEXICONS=+{out}` adds it after the default packs (`base`,
`syria`); `NEWSLIB_LEXICONS={out}` loads `base` and this pack only. The columns `count`,
`articles`, `example` and `status` are ignored when the pack is loaded.
"""


def write(tables: dict[str, pd.DataFrame], out: str | Path, corpus: str = "", n_articles: int = 0,
          min_count: int = 2) -> list[Path]:
    """Write the draft pack's CSV files and a README to ``out``; return the paths."""
    from .. import io

    out = Path(out)
    io.ensure_dir(out)
    paths = []
    for name, df in tables.items():
        p = out / f"{name}.csv"
        df = df.astype(object).where(df.notna(), "")
        safe = getattr(io, "neutralise_formula", None)
        if safe is not None and "example" in df.columns:  # article text: never a spreadsheet formula
            df["example"] = df["example"].map(safe)
        io.write_text(df.to_csv(index=False, lineterminator="\n"), p)
        paths.append(p)
    paths.append(io.write_text(_README.format(n=n_articles, corpus=corpus, min_count=min_count, out=out), out / "README.md"))
    return paths


for _fn in (_verbs_re, _heads, _subject_res, _months_days, _name_patterns, _place_cue_re):
    lexicons.register_cache(_fn.cache_clear)
