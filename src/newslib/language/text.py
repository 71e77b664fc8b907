"""Sentences, offline: NLTK's Punkt with parameters the project controls.

Nothing is downloaded. ``PunktSentenceTokenizer`` is built from a ``PunktParameters`` whose
abbreviation list is ``lexicons/abbreviations.txt``. Each line of the cleaned text is split on
its own, so a headline, a subheading or a caption is always a sentence of its own, and no
sentence runs across a paragraph break.

>>> sents = split_sentences("Title here\\n\\nGen. Smith said 5 died. Others fled.")
>>> [s.text for s in sents]
['Title here', 'Gen. Smith said 5 died.', 'Others fled.']
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

import pandas as pd
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

from .. import lexicons, schemas


@dataclass(frozen=True)
class Sentence:
    sentence_id: int
    start: int
    end: int
    paragraph: int
    is_headline: bool
    is_heading: bool
    text: str


class LanguageVars(PunktLanguageVars):
    """Punkt's own English patterns, compiled with the standard ``re`` engine.

    NLTK 3.10 runs every pattern through ``nltk.redos`` (the ``regex`` engine under a
    wall-clock timeout), a guard meant for caller-supplied patterns; it made sentence
    splitting about ten times slower here. These patterns are NLTK's fixed ones, without
    nested quantifiers, so the guard buys nothing; the Punkt algorithm is unchanged.
    """

    re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

    def period_context_re(self):
        return _compiled_period_context(type(self))

    def _word_tokenizer_re(self):
        return _compiled_word_tokenizer(type(self))


class Token(PunktToken):
    """Punkt's token with its fixed type patterns compiled by ``re`` (see LanguageVars)."""

    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)


@functools.cache
def _compiled_period_context(cls) -> re.Pattern:
    v = cls.__new__(cls)
    return re.compile(v._period_context_fmt % {"NonWord": v._re_non_word_chars, "SentEndChars": v._re_sent_end_chars},
                      re.UNICODE | re.VERBOSE)


@functools.cache
def _compiled_word_tokenizer(cls) -> re.Pattern:
    v = cls.__new__(cls)
    return re.compile(v._word_tokenize_fmt % {"NonWord": v._re_non_word_chars, "MultiChar": v._re_multi_char_punct,
                                              "WordStart": v._re_word_start}, re.UNICODE | re.VERBOSE)


@functools.cache
def tokenizer() -> PunktSentenceTokenizer:
    """The project's Punkt tokenizer (cached). Abbreviations come from the lexicon file."""
    params = PunktParameters()
    params.abbrev_types = set(lexicons.word_list("abbreviations.txt"))
    return PunktSentenceTokenizer(params, lang_vars=LanguageVars(), token_cls=Token)


class _LineTokenizer(PunktSentenceTokenizer):
    """Punkt for ``split_sentences``: the same parameters and the same spans, two shortcuts.

    * A text with no candidate break (no ``.``, ``?`` or ``!`` followed by punctuation or by
      whitespace and a token: no match of Punkt's own ``period_context_re``) is one sentence;
      Punkt would only find that after its setup.
    * ``text_contains_sentbreak(context)`` is a function of the context string (the word
      before a candidate break, the break and the next token) and of the fixed parameters
      alone, and contexts recur ("died.[1]", "said. The"): decisions are remembered.
    """

    _MEMO_MAX = 200_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sentbreak_memo: dict[str, bool] = {}
        self._candidate_re = self._lang_vars.period_context_re()

    def span_tokenize(self, text: str, realign_boundaries: bool = True):
        if self._candidate_re.search(text) is None:
            # what Punkt yields without candidates: the text less its trailing whitespace
            end = len(text.rstrip())
            if end or not realign_boundaries:
                yield (0, end)
            return
        yield from super().span_tokenize(text, realign_boundaries)

    def text_contains_sentbreak(self, text: str) -> bool:
        memo = self._sentbreak_memo
        found = memo.get(text)
        if found is None:
            if len(memo) >= self._MEMO_MAX:
                memo.clear()
            found = memo[text] = super().text_contains_sentbreak(text)
        return found


@functools.cache
def _line_tokenizer() -> _LineTokenizer:
    """The tokenizer ``split_sentences`` uses: ``tokenizer()``'s parameters, with shortcuts."""
    base = tokenizer()
    return _LineTokenizer(base._params, lang_vars=base._lang_vars, token_cls=Token)


lexicons.register_cache(tokenizer.cache_clear)
lexicons.register_cache(_line_tokenizer.cache_clear)

_LINE = re.compile(r"[^\n]+")
_END_PUNCT = re.compile(r"[.!?:;\"”’')\]]\s*$")
#: the characters of ``_END_PUNCT``: a line matches it when its last non-space character is one
_END_CHARS = frozenset(".!?:;\"”’')]")


def split_sentences(text: str, has_headline: bool = True) -> list[Sentence]:
    """Split cleaned text into sentences with offsets into ``text``.

    The first line is the headline when ``has_headline``. A line of fewer than 16 words
    without end punctuation is a subheading (``is_heading``). Split once per distinct text
    (``lexicons.text_memo``: wire copy repeats whole articles); a new list each call.
    """
    return list(_split_sentences(text, has_headline))


@lexicons.text_memo(2048)
def _split_sentences(text: str, has_headline: bool) -> tuple[Sentence, ...]:
    tok = _line_tokenizer()
    out: list[Sentence] = []
    para = -1
    first_line = True
    prev_end = 0
    for m in _LINE.finditer(text):
        line = m.group(0)
        if not line.strip():
            continue
        gap = text[prev_end:m.start()]
        if first_line or "\n\n" in gap or gap.count("\n") >= 1:
            para += 1
        prev_end = m.end()
        base = m.start()
        is_head = first_line and has_headline
        is_heading = not is_head and line.rstrip()[-1] not in _END_CHARS and len(line.split()) < 16
        if is_head or is_heading:
            spans = [(0, len(line))]
        else:
            spans = list(tok.span_tokenize(line))
        for s, e in spans:
            seg = line[s:e]
            # trim whitespace so text[start:end] is exactly the sentence
            ls = len(seg) - len(seg.lstrip())
            rs = len(seg.rstrip())
            if rs <= ls:
                continue
            start, end = base + s + ls, base + s + rs
            out.append(Sentence(len(out), start, end, para, is_head, is_heading, text[start:end]))
        first_line = False
    return tuple(out)


def sentences_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The ``sentences`` table for an ``articles`` table.

    >>> from newslib.read import corpus
    >>> arts = corpus.build([corpus.Document("a", "x", "Title\\n\\nOne. Two.")]).articles
    >>> sentences_table(arts)["text"].tolist()
    ['Title', 'One.', 'Two.']
    """
    rows = []
    for art in articles[["article_id", "text", "title"]].itertuples(index=False):
        has_headline = isinstance(art.title, str) and bool(art.title)
        for s in split_sentences(art.text, has_headline=has_headline):
            rows.append((art.article_id, s.sentence_id, s.start, s.end, s.paragraph, s.is_headline, s.is_heading, s.text))
    if not rows:
        return schemas.SENTENCES.empty()
    df = pd.DataFrame(rows, columns=list(schemas.SENTENCES.columns))
    return schemas.SENTENCES.conform(df)


_QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("«", "»")]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of direct quotations (straight or curly double quotes) in ``text``.

    An unclosed quote runs to the end of its paragraph.

    >>> quote_spans('He said "we won" today.')
    [(8, 16)]
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while True:
        m = _QUOTE_OPEN.search(text, i)
        if m is None:
            return spans
        i = m.start()
        closer = _CLOSERS[m.group(0)]
        para_end = text.find("\n", i + 1)
        if para_end == -1:
            para_end = n
        j = text.find(closer, i + 1, para_end)  # within the paragraph: not to the end of a long text
        if j == -1:
            # unclosed: to the end of the paragraph (news often opens quotes per paragraph)
            spans.append((i, para_end))
            i = para_end
        else:
            spans.append((i, j + 1))
            i = j + 1


_CLOSERS = {"“": "”", '"': '"', "«": "»"}
_QUOTE_OPEN = re.compile('[“"«]')


def in_spans(pos: int, spans: list[tuple[int, int]] | SpanIndex) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (``[start, end)`` pairs). For many look-ups in
    the same spans (one per match of an article), pass a ``SpanIndex`` of them: a bisection
    instead of a scan of every span.

    >>> in_spans(5, [(0, 3), (4, 9)]), in_spans(5, SpanIndex([(4, 9), (0, 3)])), in_spans(3, [(0, 3)])
    (True, True, False)
    """
    if isinstance(spans, SpanIndex):
        return pos in spans
    return any(s <= pos < e for s, e in spans)


class SpanIndex:
    """Spans (``[start, end)`` pairs, in any order, overlapping or not) indexed for membership
    by bisection: ``pos in SpanIndex(spans)`` equals ``in_spans(pos, spans)`` in O(log n).

    >>> idx = SpanIndex([(10, 20), (0, 30), (40, 45)])
    >>> [p in idx for p in (0, 25, 30, 39, 44, 45)]
    [True, True, False, False, True, False]
    """

    __slots__ = ("starts", "reach")

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        #: the furthest end of the spans starting at or before each one
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos)
        return k > 0 and self.reach[k - 1] > pos

    def __len__(self) -> int:
        return len(self.starts)
