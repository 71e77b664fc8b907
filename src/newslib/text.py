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

import functools
import re
from dataclasses import dataclass

import pandas as pd
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from . import lexicons, schemas


@dataclass(frozen=True)
class Sentence:
    sentence_id: int
    start: int
    end: int
    paragraph: int
    is_headline: bool
    is_heading: bool
    text: str


@functools.cache
def tokenizer() -> PunktSentenceTokenizer:
    """The project's Punkt tokenizer (cached). Abbreviations come from the lexicon file."""
    params = PunktParameters()
    params.abbrev_types = set(lexicons.word_list("abbreviations.txt"))
    return PunktSentenceTokenizer(params)


lexicons.register_cache(tokenizer.cache_clear)

_LINE = re.compile(r"[^\n]+")
_END_PUNCT = re.compile(r"[.!?:;\"”’')\]]\s*$")


def split_sentences(text: str, has_headline: bool = True) -> list[Sentence]:
    """Split cleaned text into sentences with offsets into ``text``.

    The first line is the headline when ``has_headline``. A line of fewer than 16 words
    without end punctuation is a subheading (``is_heading``).
    """
    tok = tokenizer()
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
        words = line.split()
        is_heading = (not is_head) and len(words) < 16 and not _END_PUNCT.search(line)
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
    return out


def sentences_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The ``sentences`` table for an ``articles`` table.

    >>> from newslib import corpus
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
    while i < n:
        ch = text[i]
        closer = None
        if ch == "“":
            closer = "”"
        elif ch == '"':
            closer = '"'
        elif ch == "«":
            closer = "»"
        if closer is None:
            i += 1
            continue
        j = text.find(closer, i + 1)
        para_end = text.find("\n", i + 1)
        if para_end == -1:
            para_end = n
        if j == -1 or j > para_end:
            # unclosed: to the end of the paragraph (news often opens quotes per paragraph)
            spans.append((i, para_end))
            i = para_end
        else:
            spans.append((i, j + 1))
            i = j + 1
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)
