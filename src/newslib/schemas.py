"""Every table's schema, written once: columns, dtypes, allowed values and meaning.

Functions that return a table call ``SCHEMA.conform(df)`` so the result has exactly these
columns, in this order, with these dtypes. The README's data dictionary is generated from
these objects (``newslib schema --markdown``), so code and documentation cannot drift.

>>> CLAIMS.columns[:3]
('claim_id', 'article_id', 'outlet')
>>> CLAIMS.empty().shape == (0, len(CLAIMS.columns))
True
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import lexicons
from .errors import ParameterError, SchemaError


class ValueList(Sequence):
    """Allowed values that grow with the lexicons: a sequence read from the loaded packs when
    used (``read()``, remembered until ``lexicons.clear_cache``), so a pack loaded later adds
    values. A column whose allowed values are one checks against the current list.

    >>> "killed" in KINDS, KINDS[0], len(KINDS) >= 4
    (True, 'killed', True)
    """

    def __init__(self, name: str, read):
        self.name, self._read = name, read  # read: a module-level function (a ValueList pickles)

    def _values(self) -> tuple[str, ...]:
        found = _VALUES.get(self.name)
        if found is None:
            found = _VALUES[self.name] = tuple(self._read())
        return found

    def values(self) -> tuple[str, ...]:
        return self._values()

    def __getitem__(self, i):
        return self._values()[i]

    def __len__(self) -> int:
        return len(self._values())

    def __iter__(self):
        return iter(self._values())

    def __contains__(self, value) -> bool:
        return value in self._values()

    def __repr__(self) -> str:
        return repr(self._values())


#: the values of each ValueList read so far (forgotten with the lexicons)
_VALUES: dict[str, tuple[str, ...]] = {}
lexicons.register_cache(_VALUES.clear)


def _harm_kinds() -> tuple[str, ...]:
    base = lexicons.base_table("harm_terms")["kind"]
    return tuple(dict.fromkeys(str(k).strip() for k in (*base, *lexicons.table("harm_terms")["kind"])))


#: The kinds of harm: the ``kind`` values of ``harm_terms.csv``, those of the base pack in the
#: order they first appear there (killed, wounded, captured, killed_and_wounded: a combined
#: figure, "killed and injured 50", "casualties", never counted as killed or as wounded), then
#: those a loaded pack adds. A new harm kind is rows of that file (the base pack's, or a pack's)
#: and a gold case.
KINDS = ValueList("KINDS", _harm_kinds)
#: Value lists that the data dictionary names instead of listing their values: they
#: grow with the vocabulary (``KINDS`` with ``harm_terms.csv``), and ``newslib schema``
#: prints them.
NAMED_VALUES = ("KINDS",)
#: the kinds a total adds up (a combined figure is no total of either)
TOTAL_KINDS = ("killed", "wounded", "captured")


def check_kinds(kinds, context: str = "") -> list:
    """``kinds`` (a list of claim kinds; empty or None: all) checked against ``KINDS``: a
    ParameterError names the unknown ones and the allowed ones, after ``context``
    ('parameter kinds: '). Anything but a list, tuple or set is itself an unknown kind.

    >>> check_kinds(["killed"]), check_kinds(None)
    (['killed'], [])
    >>> check_kinds(["exploded"])
    Traceback (most recent call last):
    newslib.errors.ParameterError: unknown kinds ['exploded']; choose from ['killed', 'wounded', 'captured', 'killed_and_wounded']
    """
    given = list(kinds or []) if kinds is None or isinstance(kinds, (list, tuple, set, frozenset)) else [kinds]
    bad = sorted(set(map(str, given)) - set(KINDS))
    if bad:
        raise ParameterError(f"{context}unknown kinds {bad}; choose from {list(KINDS)}")
    return given


QUALIFIERS = ("exact", "at_least", "more_than", "approximate", "up_to", "vague")
COUNT_KINDS = ("number", "range", "vague")
CLAIMANT_TYPES = (
    "monitor",
    "ngo",
    "un_agency",
    "hospital_or_health_authority",
    "state_media",
    "government",
    "armed_group",
    "militant_media",
    "activist",
    "journalist",
    "outlet",
)
PRECISIONS = ("day", "weekend", "week", "month", "season", "year", "range")
EVENT_TYPES = ("attack", "capture", "casualty_report", "airstrike", "siege_broken", "statement", "agreement")
PLACE_SOURCES = ("sentence", "section", "article")
SCOPES = ("incident", "cumulative")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "string", "Int64", "Float64", "boolean", "datetime"
    doc: str
    allowed: tuple[str, ...] | ValueList | None = None  # a ValueList: the values of the loaded lexicons
    nullable: bool = True


@dataclass(frozen=True)
class Schema:
    name: str
    doc: str
    cols: tuple[Column, ...]
    key: tuple[str, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.cols)

    def empty(self) -> pd.DataFrame:
        """An empty table with the right columns and dtypes."""
        return self.conform(pd.DataFrame({c: [] for c in self.columns}))

    def from_rows(self, rows: list[dict], sort: tuple[str, ...] = ()) -> pd.DataFrame:
        """The table of ``rows`` (dicts; a missing key is a missing value), sorted stably on the
        columns ``sort``, conformed: the same table as ``conform(pd.DataFrame(rows,
        columns=...).sort_values(list(sort), kind="stable"))``, made one column list at a time
        and sorted in Python (no frame of Python objects built, sorted and copied). Rows with
        a missing value in a ``sort`` column take pandas' way (missing values last).

        >>> t = SENTENCES.from_rows([{"article_id": "b", "sentence_id": 0, "start": 0, "end": 1},
        ...                          {"article_id": "a", "sentence_id": 1, "start": 2, "end": 3}], sort=("article_id",))
        >>> t[["article_id", "sentence_id"]].values.tolist()
        [['a', 1], ['b', 0]]
        """
        cols = self.columns
        if not rows:
            return self.empty()
        if sort:
            keys = [tuple(r.get(c) for c in sort) for r in rows]
            if any(_missing(v) for k in keys for v in k):  # a missing key value: pandas sorts
                df = pd.DataFrame(rows, columns=list(cols)).sort_values(list(sort), kind="stable")
                return self.conform(df.reset_index(drop=True))
            order = sorted(range(len(rows)), key=keys.__getitem__)
            rows = [rows[k] for k in order]
        return self.conform(pd.DataFrame({c: [r.get(c) for r in rows] for c in cols}))

    def conform(self, df: pd.DataFrame) -> pd.DataFrame:
        """Select, order and cast the columns; raise SchemaError if one is missing or bad."""
        missing = [c for c in self.columns if c not in df.columns]
        if missing:
            raise SchemaError(f"table '{self.name}' lacks columns {missing}")
        out = {}
        for col in self.cols:
            s = df[col.name]
            try:
                out[col.name] = _cast(s, col.dtype)
            except (TypeError, ValueError) as exc:
                raise SchemaError(
                    f"table '{self.name}', column '{col.name}': cannot cast to {col.dtype}: {exc}"
                ) from exc
        result = pd.DataFrame(out, index=pd.RangeIndex(len(df)))
        self.validate(result)
        return result

    def validate(self, df: pd.DataFrame) -> pd.DataFrame:
        """Check columns, allowed values and non-null columns. Returns df unchanged."""
        if tuple(df.columns) != self.columns:
            raise SchemaError(
                f"table '{self.name}' has columns {list(df.columns)}, expected {list(self.columns)}"
            )
        for col in self.cols:
            s = df[col.name]
            if not col.nullable and s.isna().any():
                raise SchemaError(f"table '{self.name}', column '{col.name}' has empty values")
            if col.allowed is not None:
                bad = sorted(set(s.dropna().astype(str).unique()) - set(col.allowed))  # distinct values first
                if bad:
                    raise SchemaError(
                        f"table '{self.name}', column '{col.name}' has values {bad}; "
                        f"allowed: {list(col.allowed)}"
                    )
        return df

    def markdown(self) -> str:
        """The data dictionary of this table as a Markdown table."""
        lines = [f"#### `{self.name}`", "", self.doc, "", "| column | type | meaning |", "| --- | --- | --- |"]
        for c in self.cols:
            doc = c.doc
            named = _value_list_name(c.allowed)
            if named:
                doc += f" One of `schemas.{named}` (listed by `newslib schema`)."
            elif c.allowed:
                doc += " One of: " + ", ".join(f"`{a}`" for a in c.allowed) + "."
            lines.append(f"| `{c.name}` | {c.dtype} | {doc} |")
        return "\n".join(lines) + "\n"


def _missing(v) -> bool:
    """Whether a Python value in a row is a missing value (None, NA, NaT, NaN)."""
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def _value_list_name(allowed) -> str | None:
    """The name in ``NAMED_VALUES`` of a column's allowed values, if they are one of those lists."""
    return next((n for n in NAMED_VALUES if allowed is not None and allowed is globals()[n]), None)


def value_lists() -> str:
    """The value lists the data dictionary names (``NAMED_VALUES``), one a line: ``KINDS: killed, ...``."""
    return "\n".join(f"{n}: {', '.join(globals()[n])}" for n in NAMED_VALUES)


def _cast(s: pd.Series, dtype: str) -> pd.Series:
    if dtype == "datetime":
        return pd.to_datetime(s, errors="raise").astype("datetime64[s]")
    if dtype == "Int64":
        return pd.to_numeric(s, errors="raise").astype("Int64")
    if dtype == "Float64":
        return pd.to_numeric(s, errors="raise").astype("Float64")
    if dtype == "boolean":
        return s.astype("boolean")
    if dtype == "string":
        return s.astype("string")
    raise ValueError(f"unknown dtype {dtype}")


def C(name: str, dtype: str, doc: str, allowed=None, nullable=True) -> Column:
    if not isinstance(allowed, ValueList):
        allowed = tuple(allowed) if allowed else None
    return Column(name, dtype, doc, allowed, nullable)


ARTICLES = Schema(
    "articles",
    "One row per article that was read. Character offsets in every other table refer to `text`.",
    (
        C("article_id", "string", "Stable id: the file stem, or the `id` column of a table input.", nullable=False),
        C("source", "string", "Input file (and row) the article came from.", nullable=False),
        C("outlet", "string", "Publishing outlet, from metadata; empty if unknown."),
        C("title", "string", "Headline: first non-empty line, or the `title` column."),
        C("url", "string", "URL from metadata."),
        C("published", "datetime", "Publication date: the first day of its window (metadata, else the URL, else the article's own dating; never guessed)."),
        C("published_end", "datetime", "Last day the publication date can be: equal to `published` for a full date, the month's or year's end for partial metadata (`2024-05`, `2024`)."),
        C("published_basis", "string", "How `published` was established: `metadata`, `metadata (month)`, `metadata (year)`, `url`, `url (month)`, `publication line`, `dateline`, `date line`, `date stamp`, `updated line` (a text date inside a partial window adds `(within metadata month)` and the like), or empty. The evidence is quoted in `notes`."),
        C("encoding", "string", "Encoding the file was decoded with (noted when not UTF-8)."),
        C("text", "string", "Cleaned text: page furniture removed, newlines normalised. Offsets refer to this."),
        C("raw_text", "string", "The decoded text as received."),
        C("n_chars", "Int64", "Length of the cleaned text."),
        C("n_words", "Int64", "Words in the cleaned text."),
        C("furniture_removed", "string", "Furniture lines removed, `;`-separated, with the rule that matched."),
        C("notes", "string", "Ingestion notes: decoding, missing date, metadata problems."),
    ),
    key=("article_id",),
)

SENTENCES = Schema(
    "sentences",
    "One row per sentence (Punkt, offline, with the project's abbreviation list). Headlines and "
    "one-line subheadings are sentences of their own.",
    (
        C("article_id", "string", "Article the sentence belongs to.", nullable=False),
        C("sentence_id", "Int64", "0-based position of the sentence in its article.", nullable=False),
        C("start", "Int64", "Start offset in the article's cleaned text.", nullable=False),
        C("end", "Int64", "End offset (exclusive).", nullable=False),
        C("paragraph", "Int64", "0-based paragraph (line block) number."),
        C("is_headline", "boolean", "True for the headline."),
        C("is_heading", "boolean", "True for a one-line subheading without final punctuation."),
        C("text", "string", "The sentence text, equal to `text[start:end]` of the article."),
    ),
    key=("article_id", "sentence_id"),
)

CLAIMS = Schema(
    "claims",
    "One row per casualty figure stated in the text (killed, wounded, captured), with who said "
    "it, about whom, where and when, and the character span it came from.",
    (
        C("claim_id", "string", "Stable id: hash of article, span, kind and count words.", nullable=False),
        C("article_id", "string", "Article the claim is in.", nullable=False),
        C("outlet", "string", "Outlet that published the article."),
        C("published", "datetime", "Publication date of the article."),
        C("sentence_id", "Int64", "Sentence the claim is in (see `sentences`).", nullable=False),
        C("start", "Int64", "Start offset of the claim (count, victims and harm word) in the cleaned text.", nullable=False),
        C("end", "Int64", "End offset (exclusive). `text[start:end]` contains `count_text`.", nullable=False),
        C("quote", "string", "The whole sentence, for reading the claim in context."),
        C("kind", "string", "Kind of harm; `killed_and_wounded` is a combined figure, never counted as either.", KINDS, nullable=False),
        C("count_low", "Int64", "Lowest count the words allow (empty = open, or a number too large to be a count: listed in `errors`)."),
        C("count_high", "Int64", "Highest count the words allow (empty = open)."),
        C("count_text", "string", "The count words as written, qualifier included."),
        C("qualifier", "string", "Hedge on the count (rules in the README).", QUALIFIERS),
        C("count_kind", "string", "Whether the count is a number, a range or a vague quantity.", COUNT_KINDS),
        C("victims", "string", "The victim phrase as written."),
        C("victim_side", "string", "Canonical side of the victims, from the actor lexicon (`unknown` if none)."),
        C("perpetrator", "string", "Canonical actor said to have caused the harm, if the text says."),
        C("claimant", "string", "Canonical claimant (claimants lexicon), else the name the text gives, trimmed; the outlet itself when unattributed."),
        C("claimant_type", "string", "Type of claimant (lexicon, else from the name's head words; empty when neither says).", CLAIMANT_TYPES),
        C("claimant_side", "string", "Side of the claimant (`neutral` for monitors)."),
        C("claimant_is_party", "boolean", "True when the claimant is a party to the fighting, false when not; true too for a government claimant of the article's own country; empty when unknown (another claimant the lexicon does not know)."),
        C("party_claim_about_enemy", "boolean", "True when a party claims losses of a side it fights."),
        C("attribution", "string", "Attribution verb or phrase (`said`, `claimed`, `according to`...)."),
        C("place", "string", "Canonical place (gazetteer), else the place words as written."),
        C("place_source", "string", "Where the place came from: `sentence`, `section` (last place named before it under the same heading), `article` (main place) or empty."),
        C("lat", "Float64", "Latitude of `place` from the gazetteer."),
        C("lon", "Float64", "Longitude of `place`."),
        C("date_text", "string", "Time expression nearest the claim in its sentence."),
        C("event_date", "datetime", "Start of the resolved date of `date_text` (against `published`)."),
        C("event_date_end", "datetime", "End of the resolved date range."),
        C("date_precision", "string", "Precision of the resolved date.", PRECISIONS),
        C("window_text", "string", "The period the figure covers, as the sentence states it ('over the past three days', 'since May 10', 'so far'); empty when it states none (rules in `newslib.language.windows`)."),
        C("window_start", "datetime", "First day of that period, resolved against `published` (empty when unresolved)."),
        C("window_end", "datetime", "Last day of that period (for a running total, the publication day)."),
        C("scope", "string", "`incident`: a count of one happening; `cumulative`: a background total (a whole war, year or operation; a period of 90 days or more), kept in `context_figures`, never reconciled as an incident.", SCOPES),
        C("subset_of", "string", "`claim_id` of the claim this one is a subset of ('including 50 ...')."),
        C("in_headline", "boolean", "True when the claim is in the headline or a subheading."),
        C("in_quotes", "boolean", "True when the figure is inside a direct quotation."),
        C("hedges", "string", "Hedge words near the claim (`purportedly`, `allegedly`, `claimed`...), `;`-separated."),
        C("disputes", "boolean", "True when the figure is given against others: made small ('only eight', 'just eight') or after a denial in its clause ('the group denied the massacre, citing eight deaths'). Incidents never let such a figure keep two groups apart."),
        C("origin", "string", "`extracted`, or `corrected` / `added` by an analyst's correction."),
        C("correction_note", "string", "Analyst, date and note of a correction applied to this row."),
    ),
    key=("claim_id",),
)

ERRORS = Schema(
    "errors",
    "One row per input that was not processed, or processed with a problem worth knowing.",
    (
        C("input", "string", "File (and row or line) concerned.", nullable=False),
        C("reason", "string", "What went wrong and what to do.", nullable=False),
        C("severity", "string", "`error` (input skipped) or `warning` (processed with a note).", ("error", "warning")),
    ),
)

ARTICLE_TOTALS = Schema(
    "article_totals",
    "One row per article and kind: the article's casualty total by the rules in the README.",
    (
        C("article_id", "string", "Article.", nullable=False),
        C("kind", "string", "Kind of harm.", KINDS, nullable=False),
        C("low", "Int64", "Lowest total across claimants."),
        C("best", "Int64", "Best total (preferred claimant's total)."),
        C("high", "Int64", "Highest total across claimants (empty when open-ended)."),
        C("n_claims", "Int64", "Claims of this kind in the article."),
        C("best_claimant", "string", "Claimant whose total is `best`."),
        C("note", "string", "Headline figures counted once as restatements of the body; a total larger than every figure the article states, and why."),
    ),
    key=("article_id", "kind"),
)

TIME_EXPRESSIONS = Schema(
    "time_expressions",
    "One row per time expression found in an article, resolved against its publication date.",
    (
        C("article_id", "string", "Article.", nullable=False),
        C("sentence_id", "Int64", "Sentence the expression is in."),
        C("start", "Int64", "Start offset in the cleaned text.", nullable=False),
        C("end", "Int64", "End offset (exclusive).", nullable=False),
        C("date_text", "string", "The expression as written.", nullable=False),
        C("kind", "string", "`point`, `range` (since ...), or `duration`.", ("point", "range", "duration")),
        C("date_start", "datetime", "First day the expression can mean."),
        C("date_end", "datetime", "Last day the expression can mean."),
        C("precision", "string", "Precision.", PRECISIONS),
        C("duration_days", "Float64", "Length of a duration expression in days."),
        C("reason", "string", "Why the date is empty (no publication date, no anchor), else empty."),
    ),
)

NAMING = Schema(
    "naming",
    "Naming choices per outlet: how often each term of a family is used.",
    (
        C("outlet", "string", "Outlet.", nullable=False),
        C("family", "string", "Term family (government side, Islamic State, fighter labels, control verbs).", nullable=False),
        C("term", "string", "Canonical term.", nullable=False),
        C("count", "Int64", "Mentions."),
        C("per_1000_words", "Float64", "Mentions per 1,000 words of the outlet's text."),
        C("share_in_family", "Float64", "Share of the family's mentions in this scope."),
        C("in_quotes", "boolean", "True: mentions inside direct quotes; False: the outlet's own voice."),
    ),
)

SOURCING = Schema(
    "sourcing",
    "Whose figures each outlet carries.",
    (
        C("outlet", "string", "Outlet.", nullable=False),
        C("claimant", "string", "Canonical claimant.", nullable=False),
        C("claimant_type", "string", "Type of claimant.", CLAIMANT_TYPES),
        C("party", "boolean", "Claimant is a party to the fighting."),
        C("n_claims", "Int64", "Claims by this claimant in this outlet."),
        C("share", "Float64", "Share of the outlet's claims."),
    ),
)

ATTRIBUTION = Schema(
    "attribution",
    "Attribution and hedging verbs per outlet.",
    (
        C("outlet", "string", "Outlet.", nullable=False),
        C("verb", "string", "Verb or hedge (said, claimed, acknowledged, reported, purportedly, allegedly...).", nullable=False),
        C("count", "Int64", "Occurrences."),
    ),
)

TONE = Schema(
    "tone",
    "VADER tone per outlet, with and without casualty words.",
    (
        C("outlet", "string", "Outlet.", nullable=False),
        C("scope", "string", "`all` sentences, or `actor:<side>` for sentences mentioning that side.", nullable=False),
        C("compound_mean", "Float64", "Mean VADER compound score."),
        C("compound_masked_mean", "Float64", "Mean compound with casualty words masked."),
        C("n_sentences", "Int64", "Sentences scored."),
    ),
)

REUSE = Schema(
    "reuse",
    "Text shared between two articles (shingled word n-grams): each later article is paired with the earliest article (by publication date, then id) holding each passage it shares, not with every other copy.",
    (
        C("article_a", "string", "First article (the smaller id; the source of the passages is whichever of the two was published first, else article_a).", nullable=False),
        C("article_b", "string", "Second article.", nullable=False),
        C("shared_chars", "Int64", "Characters of article A in passages shared with B."),
        C("share_a", "Float64", "Share of A's text shared with B."),
        C("share_b", "Float64", "Share of B's text shared with A."),
        C("example", "string", "Longest shared passage (from A)."),
    ),
)

NAMING_EVIDENCE = Schema(
    "naming_evidence",
    "The sentences behind the naming table: one row per term mention.",
    (
        C("outlet", "string", "Outlet."),
        C("article_id", "string", "Article."),
        C("family", "string", "Term family."),
        C("term", "string", "Canonical term."),
        C("matched", "string", "The words as written."),
        C("in_quotes", "boolean", "Inside a direct quote."),
        C("start", "Int64", "Start offset in the cleaned text."),
        C("end", "Int64", "End offset (exclusive)."),
        C("sentence_id", "Int64", "Sentence of the mention."),
        C("sentence", "string", "The sentence text."),
    ),
)

ATTRIBUTION_EVIDENCE = Schema(
    "attribution_evidence",
    "The sentences behind the attribution table: one row per attribution verb or hedge.",
    (
        C("outlet", "string", "Outlet."),
        C("article_id", "string", "Article."),
        C("verb", "string", "Canonical verb or hedge."),
        C("matched", "string", "The words as written."),
        C("hedge", "boolean", "True for hedges (purportedly, allegedly...)."),
        C("in_quotes", "boolean", "Inside a direct quote."),
        C("start", "Int64", "Start offset in the cleaned text."),
        C("end", "Int64", "End offset (exclusive)."),
        C("sentence_id", "Int64", "Sentence of the mention."),
        C("sentence", "string", "The sentence text."),
    ),
)

ALL = {
    s.name: s
    for s in (ARTICLES, SENTENCES, CLAIMS, ERRORS, ARTICLE_TOTALS, TIME_EXPRESSIONS, NAMING, SOURCING, ATTRIBUTION, TONE, REUSE,
              NAMING_EVIDENCE, ATTRIBUTION_EVIDENCE)
}


EVENTS = Schema(
    "events",
    "One row per dated (or undatable) statement that something happened: an attack, a capture, a "
    "casualty report, an air strike, a siege broken, a statement, an agreement. One row per sentence "
    "and event type; the trigger words come from `lexicons/base/event_types.csv`. Rules in `newslib.extract.events`.",
    (
        C("event_id", "string", "Stable id: hash of article, sentence and event type.", nullable=False),
        C("article_id", "string", "Article the event is reported in.", nullable=False),
        C("outlet", "string", "Outlet that published the article."),
        C("published", "datetime", "Publication date of the article."),
        C("sentence_id", "Int64", "Sentence the event is in (see `sentences`).", nullable=False),
        C("start", "Int64", "Start offset of the evidence (trigger words and, when dated, the date words) in the cleaned text.", nullable=False),
        C("end", "Int64", "End offset (exclusive); `text[start:end]` lies inside `quote`.", nullable=False),
        C("quote", "string", "The whole sentence, for reading the event in context."),
        C("event_type", "string", "What happened.", EVENT_TYPES, nullable=False),
        C("trigger", "string", "The words naming the happening, as written (for `casualty_report`, the claim's words)."),
        C("actors", "string", "Canonical armed actors named in the sentence (actor lexicon, civilians left out), `; `-separated, sorted."),
        C("place", "string", "Canonical place (gazetteer): nearest the trigger in the sentence, else the section's or the article's main place."),
        C("place_source", "string", "Where the place came from (`statement` and `agreement` events take a place only from their sentence).", PLACE_SOURCES),
        C("lat", "Float64", "Latitude of `place` from the gazetteer."),
        C("lon", "Float64", "Longitude of `place`."),
        C("claimant", "string", "Who says it happened (the sentence's attribution); the outlet itself when unattributed."),
        C("claimant_type", "string", "Type of claimant.", CLAIMANT_TYPES),
        C("date_start", "datetime", "First day the event can be on (the time expression nearest the trigger, resolved against `published`); empty when undated."),
        C("date_end", "datetime", "Last day the event can be on."),
        C("precision", "string", "Precision of the date (`range` for 'Wednesday and Thursday' or 'since Thursday').", PRECISIONS),
        C("date_text", "string", "The time expression considered, as written (also when it was rejected)."),
        C("date_reason", "string", "Why the event is undated (no time expression, the date belongs to a statement or another clause, too long a period, no anchor, after publication, no publication date); empty when dated."),
        C("claim_ids", "string", "`claim_id`s of the casualty claims in the same sentence, `; `-separated."),
        C("in_headline", "boolean", "True when the event is in the headline or a subheading."),
    ),
    key=("event_id",),
)

TIMELINE = Schema(
    "timeline",
    "One row per happening: dated events from one or more articles and outlets merged by the rule in "
    "`newslib.extract.events` (same type, same place or nearby, compatible actors, overlapping dates). "
    "Undated events are not merged; they stay in `events` with their `date_reason`.",
    (
        C("timeline_id", "string", "Stable id: hash of the member `event_id`s.", nullable=False),
        C("event_type", "string", "What happened.", EVENT_TYPES, nullable=False),
        C("place", "string", "Place of the lead event (the most precisely dated member)."),
        C("places", "string", "Every member's place, `; `-separated, sorted."),
        C("lat", "Float64", "Latitude of `place`."),
        C("lon", "Float64", "Longitude of `place`."),
        C("actors", "string", "Actors named by any member, `; `-separated, sorted."),
        C("date_start", "datetime", "Earliest day any member can be on.", nullable=False),
        C("date_end", "datetime", "Latest day any member can be on.", nullable=False),
        C("precision", "string", "The lead event's precision when the members agree on its dates, else `range`.", PRECISIONS),
        C("n_events", "Int64", "Events merged."),
        C("n_articles", "Int64", "Articles reporting it."),
        C("n_outlets", "Int64", "Outlets reporting it (an article without an outlet counts as its own)."),
        C("outlets", "string", "Outlets reporting it, `; `-separated, sorted."),
        C("claimants", "string", "Claimants behind the reports, `; `-separated, sorted."),
        C("article_ids", "string", "Articles reporting it, `; `-separated, sorted."),
        C("event_ids", "string", "Member `event_id`s, `; `-separated, sorted."),
        C("lead_event_id", "string", "The member whose place and quote are shown."),
        C("quote", "string", "The lead event's sentence."),
        C("rule", "string", "The merge rule that joined the members (`single report` for one event)."),
    ),
    key=("timeline_id",),
)

ALL[EVENTS.name] = EVENTS
ALL[TIMELINE.name] = TIMELINE


RECONCILIATION_RULES = tuple(f"{r}; party claims {p}" for r in ("ucdp", "acled", "latest_independent", "median_independent")
                             for p in ("excluded", "included"))
GRADES = ("corroborated", "single source", "contested", "party claims only", "no figure")

INCIDENTS = Schema(
    "incidents",
    "One row per incident: the claims of every article about one happening (one kind of harm to compatible "
    "victims, at a compatible place, for the same period), linked by the evidence rules of `newslib.analyse.incidents` "
    "and reconciled by `newslib.analyse.reconcile`. Members and reasons are in `claim_incidents`, every claimant's "
    "figures over time in `claimant_series`.",
    (
        C("incident_id", "string", "Stable id: `i` + hash of the sorted member `claim_id`s.", nullable=False),
        C("label", "string", "Readable name: main places, dates, kind and victim groups."),
        C("kind", "string", "Kind of harm.", KINDS, nullable=False),
        C("place", "string", "Most specific place the members agree on (the most frequent place used for linking)."),
        C("date_start", "datetime", "First day: earliest member event date; with no dated member, the start of the publication window."),
        C("date_end", "datetime", "Last day: latest member event date end; with no dated member, the last publication date."),
        C("window_start", "datetime", "Start of the counting window the members share, for a running total ('since May 10'); else empty."),
        C("window_end", "datetime", "End of that window (the last publication day of the running total)."),
        C("n_claims", "Int64", "Member claims (counted or not)."),
        C("n_outlets", "Int64", "Outlets carrying a member claim."),
        C("n_claimants", "Int64", "Distinct claimants among the members (an outlet speaking for itself counts)."),
        C("independent_low", "Int64", "Lowest current figure of an independent claimant (not a party to the fighting); groups combined."),
        C("independent_high", "Int64", "Highest current figure of an independent claimant."),
        C("stated_low", "Int64", "Lowest figure any independent claimant stated, earlier steps of its series included."),
        C("stated_high", "Int64", "Highest figure any independent claimant stated, earlier steps included."),
        C("party_low", "Int64", "Lowest current figure of a party to the fighting."),
        C("party_high", "Int64", "Highest current figure of a party to the fighting."),
        C("low", "Int64", "Lowest counted figure (party claims about enemy losses only when included); empty when nothing is counted."),
        C("best", "Int64", "Best figure by the rule in `rule` (`newslib.analyse.reconcile.RULES`). Empty when only parties gave figures."),
        C("high", "Int64", "Highest counted figure; an open-ended figure contributes its low (see `high_open`)."),
        C("rule", "string", "Reconciliation rule for `best` and whether party claims about enemy losses were in low/high.", RECONCILIATION_RULES),
        C("high_open", "boolean", "True when `high` comes from an open-ended figure ('more than 58'): the true high may be larger."),
        C("best_claimant", "string", "Claimant(s) whose figure is `best`, `; `-separated."),
        C("conservative", "Int64", "ACLED-style conservative figure: the lowest credible (non-party) figure, groups combined."),
        C("ratio", "Float64", "Disagreement that a revision cannot erase: `stated_high` / `stated_low`."),
        C("ratio_current", "Float64", "Disagreement of the current independent figures: `independent_high` / `independent_low`."),
        C("grade", "string", "Corroboration grade (rules in `newslib.analyse.reconcile`).", GRADES),
        C("grade_reason", "string", "Why: the independent claimants and their figures, how far apart, the parties."),
        C("n_independent", "Int64", "Independent claimants with a counted figure."),
        C("claimants", "string", "Every claimant's figures in order, with days, the current one marked, parties marked: "
                                 "'Syrian Observatory for Human Rights: 58 (29 Sep) -> around 120 (30 Sep, current); Islamic State (party): around 100 (29 Sep)'."),
        C("n_counted", "Int64", "Member claims counted in low/high (one current figure per claimant and victim group)."),
        C("n_party_claims", "Int64", "Member claims by a party to the fighting."),
        C("places", "string", "Every place used for linking, most frequent first, `; `-separated."),
        C("victim_groups", "string", "Victim groups of the members, `; `-separated."),
        C("date_basis", "string", "`event dates` (from member event dates), `counting window`, or the publication dates used for undated members."),
    ),
    key=("incident_id",),
)

CLAIM_INCIDENTS = Schema(
    "claim_incidents",
    "One row per claim of an incident (background totals are in `context_figures`): the incident, the "
    "evidence that put the claim there, whether its figure is counted and why not.",
    (
        C("claim_id", "string", "Claim (see `claims`).", nullable=False),
        C("incident_id", "string", "Incident (see `incidents`).", nullable=False),
        C("counted", "boolean", "True when the claim is its claimant's current figure in low/high.", nullable=False),
        C("reason", "string", "Why it is counted or not: subset, party claim excluded, revised (an earlier step of its claimant's series), same figure, unattributed restatement..."),
        C("role", "string", "Which figures of its victim group it sets: `low`, `best`, `high`, `conservative`, `; `-separated."),
        C("restates", "string", "For an outlet's own (unattributed) figure not counted as a restatement: the `claim_id` of the attributed claim it repeats."),
        C("victim_group", "string", "Victim group used in reconciliation (side, noun, `people (generic)`, `fighters (side unknown)`)."),
        C("figure", "string", "The figure as stated, without its hedge ('more than 58' -> `58`; a range `40-50`; a vague word)."),
        C("current", "boolean", "True when this figure is its claimant's current one (the latest step of its series)."),
        C("n_outlets", "Int64", "Outlets in the incident carrying this claimant's same figure for this victim group."),
        C("link_basis", "string", "The evidence that put the claim in its incident (same place and day as ..., wire copy of ..., same claimant and figure as ..., same article as ..., alone: why)."),
        C("published_used", "datetime", "Publication date used for the claim: its article's, or, for an undated article, its wire twin's (`window_basis` says so)."),
        C("place_used", "string", "Place used for linking (the claim's own, or its article's main place)."),
        C("place_basis", "string", "Where `place_used` came from: `sentence`, `section`, `article`, `article main place`, `claim` or `none`."),
        C("window_start", "datetime", "Start of the dates used for linking (event date, counting window, or the publication bound)."),
        C("window_end", "datetime", "End of the dates used for linking."),
        C("window_basis", "string", "`event date`, `counting window`, `publication date` (undated: the happening is on or before it), `wire copy of ...` (publication date inferred) or `none`."),
    ),
    key=("claim_id",),
)

CLAIMANT_SERIES = Schema(
    "claimant_series",
    "Every claimant's figures in an incident over time: one row per step (a distinct figure on a publication day), "
    "the current one marked, revisions and same-day mutations flagged (rules in `newslib.analyse.reconcile`).",
    (
        C("incident_id", "string", "Incident.", nullable=False),
        C("claimant", "string", "Claimant (an outlet speaking in its own voice is its own claimant).", nullable=False),
        C("claimant_type", "string", "Type of claimant."),
        C("is_party", "boolean", "The claimant is a party to the fighting."),
        C("victim_group", "string", "Victim group."),
        C("step", "Int64", "0-based position in the claimant's series (publication day, then position)."),
        C("date", "datetime", "Publication day of the step (empty when unknown)."),
        C("figure", "string", "The figure without its hedge."),
        C("count_text", "string", "The count words as first written for this step."),
        C("count_low", "Int64", "Lowest count the words allow."),
        C("count_high", "Int64", "Highest count the words allow."),
        C("qualifier", "string", "Hedge on the count.", QUALIFIERS),
        C("current", "boolean", "The claimant's current figure (counted)."),
        C("revision", "boolean", "The figure differs from the claimant's previous step on an earlier day."),
        C("mutation", "boolean", "Another outlet gave a different figure for this claimant on the same day."),
        C("n_outlets", "Int64", "Outlets carrying this step."),
        C("outlets", "string", "Those outlets, `; `-separated."),
        C("claim_id", "string", "First claim carrying the step."),
        C("article_id", "string", "Its article."),
        C("outlet", "string", "Its outlet."),
        C("url", "string", "Its article's URL."),
    ),
)

CONTEXT_FIGURES = Schema(
    "context_figures",
    "Background totals (`scope` = `cumulative`: a whole war, year or operation), kept apart from incidents and "
    "never reconciled as one; grouped by kind, victims, country and the period's start month (`context_id`). "
    "A total with no start (\"in the war\") joins the one dated group of its kind, victims and country; a "
    "country's people named by their nationality (\"Yemenis\") are its people; a part (\"including 4,000 women "
    "and children\") stays with its total.",
    (
        C("context_id", "string", "Group of context figures: `x` + hash of kind, victim group, country and period start.", nullable=False),
        C("label", "string", "Readable name of the group: place, period, kind."),
        C("claim_id", "string", "Claim.", nullable=False),
        C("article_id", "string", "Article."),
        C("outlet", "string", "Outlet."),
        C("url", "string", "Article URL."),
        C("published", "datetime", "Publication date."),
        C("kind", "string", "Kind of harm.", KINDS),
        C("figure", "string", "The figure without its hedge."),
        C("count_text", "string", "The count words as written."),
        C("count_low", "Int64", "Lowest count the words allow."),
        C("count_high", "Int64", "Highest count the words allow."),
        C("claimant", "string", "Claimant."),
        C("claimant_type", "string", "Type of claimant."),
        C("victims", "string", "The victim phrase."),
        C("place", "string", "Place."),
        C("window_text", "string", "The period as written."),
        C("window_start", "datetime", "First day of the period."),
        C("window_end", "datetime", "Last day of the period."),
        C("window_basis", "string", "How the period was dated (resolved against the publication date, or a wire twin's)."),
    ),
)

FIGURE_TRAVEL = Schema(
    "figure_travel",
    "How a claimant's figure travels: per incident and claimant, each appearance of its figures in "
    "publication order, compared with the first appearance; outlets carrying one of its figures "
    "without naming it are rows with `claimant_dropped`.",
    (
        C("incident_id", "string", "Incident.", nullable=False),
        C("claimant", "string", "Claimant whose figure travels.", nullable=False),
        C("step", "Int64", "0-based order of appearance (publication date, article, position)."),
        C("claim_id", "string", "The claim carrying the figure.", nullable=False),
        C("article_id", "string", "Article."),
        C("outlet", "string", "Outlet."),
        C("published", "datetime", "Publication date."),
        C("in_headline", "boolean", "The figure is in a headline or subheading."),
        C("count_text", "string", "The count words as written."),
        C("figure", "string", "The figure without its hedge."),
        C("qualifier", "string", "Hedge on the count.", QUALIFIERS),
        C("attributed", "boolean", "False when the outlet carries the figure without naming the claimant."),
        C("ref_claim_id", "string", "The claimant's first appearance, which the flags compare with."),
        C("number_changed", "boolean", "The figure differs from the first appearance (58 -> around 120)."),
        C("qualifier_changed", "boolean", "Same figure, different hedge ('more than 58' -> 'at least 58')."),
        C("claimant_dropped", "boolean", "The outlet gives the claimant's figure without attribution."),
        C("change", "string", "The changes in words (`first appearance`, `same`, `number 58 -> 120`, ...)."),
    ),
)

ALL[INCIDENTS.name] = INCIDENTS
ALL[CLAIM_INCIDENTS.name] = CLAIM_INCIDENTS
ALL[FIGURE_TRAVEL.name] = FIGURE_TRAVEL
ALL[CLAIMANT_SERIES.name] = CLAIMANT_SERIES
ALL[CONTEXT_FIGURES.name] = CONTEXT_FIGURES


CORRECTIONS = Schema(
    "corrections",
    "The analysts' corrections applied in this run (from `data/corrections.csv` or `--corrections`), one "
    "row per correction row, with what it changed and whether it could be applied. Rules in `newslib.run.corrections`.",
    (
        C("claim_id", "string", "Claim corrected, rejected or added.", nullable=False),
        C("action", "string", "What the analyst decided.", ("reject", "edit", "add"), nullable=False),
        C("field", "string", "Claims column edited or set (empty for reject)."),
        C("value", "string", "New value, as written in the file."),
        C("old_value", "string", "Value before the edit (for reject: the count words)."),
        C("analyst", "string", "Who decided."),
        C("note", "string", "Why."),
        C("date", "string", "When (YYYY-MM-DD)."),
        C("source", "string", "The corrections file."),
        C("status", "string", "`applied`, `claim not found` (the claim is not in this run) or `invalid`.",
          ("applied", "claim not found", "invalid"), nullable=False),
        C("message", "string", "What to do when not applied."),
    ),
)
ALL[CORRECTIONS.name] = CORRECTIONS


def data_dictionary(names: list[str] | None = None) -> str:
    """Markdown data dictionary for the named tables (all by default)."""
    return "\n".join(ALL[n].markdown() for n in (names or list(ALL)))
