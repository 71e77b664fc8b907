"""Text reuse: passages two articles share, such as wire copy or the same quotation.

Each article is split into word tokens with character offsets. Tokens are normalised:
lower case, accents dropped, curly quotes and apostrophes made straight, dashes made
hyphens; hyphens and other punctuation separate tokens, so "Deir al-Zour-Palmyra" and
"Deir az Zor-Palmyra" differ only in the words "al zour" / "az zor". Shingles (runs of
``n`` tokens) are indexed by hash, so only articles that share a shingle are compared.

**Who copied from whom, not every pair.** A shingle found in several texts pairs each later
text with the *source* of that shingle only: the earliest text holding it, by publication
date (``published``, from the articles or the ``dates`` given; a text without a date comes
after every dated one), then by ``article_id`` (ids compared as strings; without dates the
smallest id is the earliest). Later texts holding the same shingle are not paired with each
other through it. So 200 near-copies of one wire story (each with its own figures, a word
changed here and there) give about 199 pairs, each near-copy with the earliest copy, plus one
with the earliest copy of a wording it shares with some copies only; not 200 × 199 / 2 pairs.
Two articles are still paired for what they share that no earlier article has (a quotation
two later articles carry and the wire story lacks). The cost and the output are linear in the
shingles, whatever the number of near-copies.

Each such pair of equal shingles (source, later text) that starts a run of equal words seeds
a passage, which grows while the words agree, so a passage covers the whole stretch the two
texts share around it, also where an earlier text is the source of part of that stretch.
Shingles found in more than ``max_docs_per_shingle`` distinct texts
are boilerplate: they never pair two articles on their own. A passage is then extended
across small differences: when, within ``max_gap`` tokens on each side, the texts agree
again for at least 4 tokens, the passage bridges the gap (a respelled name, a changed
number) and goes on. Passages shorter than ``min_chars`` on either side are dropped.

Exact copies are collapsed. Articles whose normalised token sequences are identical (and
not empty) form a copy group, such as one wire story run unchanged by many outlets; its
*original* (representative) is the member published first (``published``, as for near-copies;
ties and undated members by the smallest ``article_id``, ids compared as strings; without
dates the smallest id), the copy the others were taken from. This keeps the output linear in
the number of copies instead of quadratic:

* each other member (a *copy*) gets one row, paired with the original only, holding one
  passage that covers the whole text on both sides (from the first word to the last, with
  each side's own offsets), exactly what two identical articles give on their own. Like any
  passage it needs at least ``n`` words and ``min_chars`` characters on each side; the
  boilerplate rule does not apply to it;
* passages between different texts are searched between originals (and articles without
  copies) only, so a copy inherits its original's pairs instead of repeating them: **a copy
  is paired with its original only; look up the original's pairs**. Pairs of two copies of
  one text, and pairs between a copy and anything but its original, are not listed;
* ``max_docs_per_shingle`` counts distinct texts: a shingle found in 28 copies of one story
  is found in one document.

A corpus without exact copies gives the same output as without this rule. A copy group's
text counts as published at its original's date, its members' earliest. Rows keep
``article_a < article_b`` by id (a copy with a smaller id than its original is ``article_a``);
which of the two is the source (the earlier) is read from their publication dates (ties: the
smaller id).

For memory, each distinct text is kept as numpy arrays (int32 vocabulary ids, int32 start and
end offsets); word strings are dropped once mapped to ids, and a copy keeps only its span.

>>> from newslib.read import corpus
>>> body = "The army and its allies completely secured the highway after foiling the attack."
>>> arts = corpus.build([corpus.Document("a", "x", "A\\n\\n" + body),
...                      corpus.Document("b", "y", "B\\n\\n“" + body + "” it said.")]).articles
>>> shared_passages(arts)[["article_a", "article_b", "a_start", "b_start"]].values.tolist()
[['a', 'b', 3, 4]]
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import io, lexicons, schemas
from ..errors import ParameterError

log = logging.getLogger(__name__)

#: Tokens that must agree after a gap before a passage is extended across it.
BRIDGE_MATCH = 4
EXAMPLE_CHARS = 300
#: Occurrences of one shingle per article considered (guards against degenerate repetition).
MAX_REPEATS = 50

PASSAGE_COLUMNS = ("article_a", "article_b", "a_start", "a_end", "b_start", "b_end", "text", "text_b")
FLAG_COLUMNS = ("claim_id", "article_id", "other_article", "other_claim_id", "change")

_TOKEN = re.compile(r"[^\W_]+(?:['’‘`´][^\W_]+)*")
#: the same, as the one group, for ASCII text (where re.ASCII classes equal Unicode ones)
_TOKEN_SPLIT_ASCII = re.compile(f"({_TOKEN.pattern})", re.ASCII)
_TRANS = str.maketrans({
    "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"',
    "–": "-", "—": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
})
_TRANS_PAIRS = tuple((chr(k), v) for k, v in _TRANS.items())


def straighten(text: str) -> str:
    """``text.translate(_TRANS)`` (curly quotes and dashes straightened), one ``str.replace``
    per character present: far faster than ``translate`` with a dict on non-ASCII text, and
    the same, as no replacement is itself replaced.

    >>> straighten("Lebanon’s war – day one")
    "Lebanon's war - day one"
    """
    for a, b in _TRANS_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


# ----------------------------------------------------------------------------- tokens
@dataclass(frozen=True)
class Tokens:
    """Normalised tokens of one text with their character offsets in the original."""

    words: tuple[str, ...]
    starts: np.ndarray
    ends: np.ndarray


def normalise(token: str) -> str:
    """Normalised form of one token: quotes/dashes straightened, accents dropped, lower case.

    >>> normalise("Lebanon’s"), normalise("Erdoğan")
    ("lebanon's", 'erdogan')
    """
    t = straighten(token)
    if not t.isascii():
        t = "".join(ch for ch in unicodedata.normalize("NFKD", t) if not unicodedata.combining(ch))
    return t.lower()


def tokenize(text: str) -> Tokens:
    """Word tokens of ``text`` (normalised) with start/end character offsets.

    >>> tokenize("Deir al-Zour—Palmyra").words
    ('deir', 'al', 'zour', 'palmyra')
    """
    if not isinstance(text, str) or not text:
        return Tokens((), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    # straightening maps one character to one, so offsets in the straightened text hold
    straight = straighten(text)
    if straight.isascii():
        # lower-casing ASCII keeps every token's span (the token pattern ignores case): split
        # the lower-cased text on the token pattern ([gap, token, gap, ..., token, gap]) and
        # take offsets from the running sum of the lengths, without a match object per token
        parts = _TOKEN_SPLIT_ASCII.split(straight.lower())
        offsets = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
        return Tokens(tuple(parts[1::2]), offsets[0:-1:2].copy(), offsets[1::2].copy())
    words, starts, ends = [], [], []
    for m in _TOKEN.finditer(straight):
        w = m.group(0)
        words.append(w.lower() if w.isascii() else normalise(w))
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(tuple(words), np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64))


@dataclass
class _Encoded:
    """Articles (in id order) as numpy arrays, one entry per distinct text.

    Words are replaced by int32 vocabulary ids as soon as an article is tokenized, so no word
    strings are kept. An article whose id sequence equals another's (an exact copy of its
    group's original) keeps no tokens at all, only the span of its words.
    """

    #: per distinct text: index of its original (its earliest published article, ties by id)
    members: list[int]
    #: per distinct text: vocabulary ids (int32) and start/end character offsets of its tokens
    #: (int32, or int64 for texts of 2**31 characters or more)
    docs: list[np.ndarray]
    starts: list[np.ndarray]
    ends: list[np.ndarray]
    #: per copy, four int64 in a row: article index, distinct-text index, start of its first
    #: word, end of its last word (a flat array: a Python tuple per copy costs 5 times more)
    copies: array = field(default_factory=lambda: array("q"))
    #: per article: length of its text
    lengths: array = field(default_factory=lambda: array("q"))

    @property
    def n_copies(self) -> int:
        return len(self.copies) // 4

    def iter_copies(self) -> Iterator[tuple[int, int, int, int]]:
        """(article index, distinct-text index, first word's start, last word's end) per copy."""
        return zip(*[iter(self.copies)] * 4)


def _encode(texts: Iterable, copy_texts: bool = True, when: np.ndarray | None = None) -> tuple[_Encoded, list[str | None]]:
    """Tokenize ``texts`` (sorted by article id; read one at a time), map words to ids and
    collapse exact copies. Returns the encoding and the texts as a list, in which each copy's
    text is None unless ``copy_texts`` (``reuse_table`` cuts text from originals only).

    ``when``: per article (id order), its publication time as an int64 key (``_date_keys``):
    a copy group's original is its earliest-published member, ties (and no dates) by id. A
    member published before the group's original so far takes its place (its own offsets,
    tokenized again), and the former original becomes a copy."""
    vocab: dict[str, int] = {}
    first_with: dict[bytes, int] = {}  # id sequence (as bytes) -> its distinct-text index
    # a text seen before, character for character (wire copy): its distinct-text index and the
    # span of its words, without tokenizing it again (the same as the id sequence gives)
    same_text: dict[str, tuple[int, int, int]] = {}
    memo = lexicons.memo_on()  # off: every text tokenized (lexicons.plain_path, in tests)
    enc = _Encoded([], [], [], [])
    kept: list[str | None] = []
    moved: list[tuple[int, int, int, int]] = []  # former originals, now copies

    def earlier(i: int, d: int) -> bool:
        """Whether article ``i`` was published before the original of distinct text ``d``."""
        return when is not None and when[i] < when[enc.members[d]]

    for i, text in enumerate(texts):
        text = text if isinstance(text, str) else ""
        enc.lengths.append(len(text))
        seen = same_text.get(text) if memo else None
        if seen is not None and not earlier(i, seen[0]):
            enc.copies.extend((i, *seen))
            kept.append(text if copy_texts else None)
            continue
        tk = tokenize(text)
        ids = np.fromiter((vocab.setdefault(w, len(vocab)) for w in tk.words), dtype=np.int32,
                          count=len(tk.words))
        key = ids.tobytes()
        original = first_with.get(key) if len(ids) else None
        if original is not None and earlier(i, original):
            # published before the group's original: it becomes the original, the other a copy
            old = enc.members[original]
            moved.append((old, original, int(enc.starts[original][0]), int(enc.ends[original][-1])))
            if not copy_texts:
                kept[old] = None
            offset_type = np.int32 if len(text) < 2**31 else np.int64
            enc.members[original] = i
            enc.starts[original] = tk.starts.astype(offset_type)
            enc.ends[original] = tk.ends.astype(offset_type)
            same_text[text] = (original, int(tk.starts[0]), int(tk.ends[-1]))
            kept.append(text)
            continue
        if original is not None:
            same_text[text] = (original, int(tk.starts[0]), int(tk.ends[-1]))
            enc.copies.extend((i, *same_text[text]))
            kept.append(text if copy_texts else None)
            continue
        kept.append(text)
        if len(ids):
            first_with[key] = len(enc.docs)
            same_text[text] = (len(enc.docs), int(tk.starts[0]), int(tk.ends[-1]))
        offset_type = np.int32 if len(text) < 2**31 else np.int64
        enc.members.append(i)
        enc.docs.append(ids)
        enc.starts.append(tk.starts.astype(offset_type))
        enc.ends.append(tk.ends.astype(offset_type))
    if moved:  # the copies in article order, as they are found without dates
        rows = sorted([*enc.iter_copies(), *moved])
        enc.copies = array("q", [x for row in rows for x in row])
    return enc, kept


# ----------------------------------------------------------------------------- matching
@dataclass
class _Run:
    a0: int  # token range [a0, a1) in A
    a1: int
    b0: int  # token range [b0, b1) in B
    b1: int


@functools.lru_cache(maxsize=16)
def _gaps(max_gap: int) -> tuple[tuple[int, int], ...]:
    """The gaps (tokens skipped in A, in B) a passage may bridge, smallest first."""
    return tuple(sorted(((ga, gb) for ga in range(max_gap + 1) for gb in range(max_gap + 1) if ga or gb),
                        key=lambda g: (g[0] + g[1], g[0])))


def _extend(ids_a: Sequence[int], ids_b: Sequence[int], run: _Run, max_gap: int) -> _Run:
    """Grow a run forwards and backwards across gaps of up to ``max_gap`` tokens per side.

    ``ids_a``/``ids_b`` are token ids as lists or memoryviews (whose slices compare by value).
    """
    na, nb = len(ids_a), len(ids_b)
    k = BRIDGE_MATCH
    gaps = _gaps(max_gap)
    # forwards
    while True:
        a1, b1 = run.a1, run.b1
        while a1 < na and b1 < nb and ids_a[a1] == ids_b[b1]:
            a1 += 1
            b1 += 1
        run.a1, run.b1 = a1, b1
        for ga, gb in gaps:
            sa, sb = a1 + ga, b1 + gb
            if sa + k <= na and sb + k <= nb and ids_a[sa:sa + k] == ids_b[sb:sb + k]:
                run.a1, run.b1 = sa + k, sb + k
                break
        else:
            break
    # backwards
    while True:
        a0, b0 = run.a0, run.b0
        while a0 > 0 and b0 > 0 and ids_a[a0 - 1] == ids_b[b0 - 1]:
            a0 -= 1
            b0 -= 1
        run.a0, run.b0 = a0, b0
        for ga, gb in gaps:
            ea, eb = a0 - ga, b0 - gb
            if ea - k >= 0 and eb - k >= 0 and ids_a[ea - k:ea] == ids_b[eb - k:eb]:
                run.a0, run.b0 = ea - k, eb - k
                break
        else:
            break
    return run


def _merge(runs: list[_Run], max_gap: int) -> list[_Run]:
    """Drop runs contained in another in both texts; join a run to the one before it when it
    overlaps or touches it in both texts, goes further in both, and keeps the alignment
    (word offset between the texts) within ``max_gap``. Repeated text matched at two places
    stays two passages."""
    runs = sorted(runs, key=lambda r: (r.a0, r.b0, -r.a1, -r.b1))
    out: list[_Run] = []
    for r in runs:
        merged = False
        for o in reversed(out[-8:]):
            if o.a0 <= r.a0 and r.a1 <= o.a1 and o.b0 <= r.b0 and r.b1 <= o.b1:
                merged = True
            elif (r.a0 <= o.a1 and o.b0 <= r.b0 <= o.b1 and r.a1 > o.a1 and r.b1 > o.b1
                  and abs((r.b0 - r.a0) - (o.b1 - o.a1)) <= max_gap):
                o.a1, o.b1 = r.a1, r.b1
                merged = True
            if merged:
                break
        if not merged:
            out.append(_Run(r.a0, r.a1, r.b0, r.b1))
    return out


_PRIME = np.uint64(0x100000001B3)
#: Candidate shingle pairs handled per vectorised batch (bounds memory).
_BATCH = 2_000_000


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 of non-negative integers: well-spread 64-bit values for hashing."""
    z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _seed_runs(docs: list[np.ndarray], n: int, max_docs: int | None, rank: np.ndarray | None = None):
    """Maximal exact runs of shared tokens between a document and the earliest document that
    has the same shingle, found through shingles.

    ``docs`` holds the int32 token ids of each document; ``rank`` the order of the documents
    (0: the earliest; default: their order in ``docs``). Shingles are hashed (vectorised) and
    sorted, so only documents sharing a shingle are paired, and each occurrence of a shingle
    is paired with the occurrences in the *source* of that shingle only: the earliest
    document holding it (smallest rank), never with the other later documents. The number of
    seeds is therefore linear in the shingles (at most ``MAX_REPEATS`` per occurrence), not
    quadratic in the documents sharing one. A pair of equal shingles that starts a run (the
    tokens before them differ, or the shingle before is not paired the same way) is a seed;
    the run is grown while tokens agree. Returns arrays (doc_a, doc_b, pos_a, pos_b, length)
    with doc_a < doc_b (indices into ``docs``), sorted.
    """
    empty = tuple(np.zeros(0, dtype=np.int64) for _ in range(5))
    lens = np.asarray([len(d) for d in docs], dtype=np.int64)
    if lens.sum() == 0:
        return empty
    rank = np.arange(len(docs), dtype=np.int64) if rank is None else np.asarray(rank, dtype=np.int64)
    flat = np.concatenate(docs)  # all token ids, document after document (int32)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lens)
    offsets = np.r_[0, np.cumsum(lens)[:-1]]
    pos_of = np.arange(len(flat), dtype=np.int64) - offsets[doc_of]
    idx = np.nonzero(pos_of + n <= lens[doc_of])[0]
    if len(idx) == 0:
        return empty
    mixed = _mix(flat)
    h = np.zeros(len(idx), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(n):
            h = h * _PRIME + mixed[idx + i]
    order = np.lexsort((idx, rank[doc_of[idx]], h))  # by hash, then the documents' order, then position
    idx, h = idx[order], h[order]
    del order
    d = doc_of[idx]
    new_h = np.r_[True, h[1:] != h[:-1]]
    new_hd = new_h | np.r_[True, d[1:] != d[:-1]]
    del h
    # at most MAX_REPEATS occurrences of a shingle per document
    ar = np.arange(len(idx))
    occ = ar - np.maximum.accumulate(np.where(new_hd, ar, 0))
    gid = np.cumsum(new_h) - 1
    docs_in_group = np.bincount(gid, weights=new_hd.astype(np.float64)).astype(np.int64)
    keep = (occ < MAX_REPEATS) & (docs_in_group[gid] >= 2)
    del ar, occ, new_hd, new_h
    if max_docs is not None:
        too_many = docs_in_group > max_docs
        if too_many.any():
            log.info("reuse: ignored %d shingles found in more than %d articles (boilerplate)",
                     int(too_many.sum()), max_docs)
            keep &= ~too_many[gid]
    idx, gid, d = idx[keep], gid[keep], d[keep]
    del keep
    if len(idx) == 0:
        return empty
    # the source of each group of equal shingles: its first document (the earliest)
    g_first = np.r_[True, gid[1:] != gid[:-1]]
    g_start = np.nonzero(g_first)[0]
    g_of = np.cumsum(g_first) - 1  # compact group number of each occurrence
    is_src = d == d[g_start][g_of]
    kept = np.zeros(len(flat), dtype=bool)
    kept[idx] = True
    src_pos = np.zeros(len(flat), dtype=bool)  # occurrences in their shingle's source
    src_pos[idx[is_src]] = True
    n_src = np.bincount(g_of, weights=is_src.astype(np.float64)).astype(np.int64)  # source occurrences per group
    # each occurrence outside the source is paired with every occurrence in the source (at
    # most MAX_REPEATS), in batches of about _BATCH pairs
    later = np.nonzero(~is_src)[0]
    per = n_src[g_of[later]]
    cum = np.cumsum(per)
    out = []
    lo = 0
    while lo < len(later):
        base = cum[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(cum, base + _BATCH, side="right")))
        out.append(_pairs_in(idx, g_start, g_of, later[lo:hi], per[lo:hi], flat, doc_of, pos_of, lens, kept,
                             src_pos, n))
        lo = hi
    cols = [np.concatenate([o[k] for o in out]) for k in range(5)]
    if len(cols[0]) == 0:
        return empty
    order = np.lexsort((cols[3], cols[2], cols[1], cols[0]))
    return tuple(c[order] for c in cols)


def _pairs_in(idx, g_start, g_of, later, per, flat, doc_of, pos_of, lens, kept, src_pos, n):
    """Seeds (doc_a, doc_b, pos_a, pos_b, length), doc_a < doc_b, from the occurrences
    ``later`` (positions in ``idx``, outside their shingle's source) each paired with the
    ``per`` occurrences of its shingle's source."""
    first = np.repeat(np.cumsum(per) - per, per)
    k = np.arange(int(per.sum())) - first
    right = np.repeat(later, per)
    left = g_start[g_of[right]] + k  # the source's occurrences come first in each group
    fl, fr = idx[left], idx[right]
    dl, dr = doc_of[fl], doc_of[fr]
    m = dl != dr
    for i in range(n):  # guard against hash collisions
        m &= flat[fl + i] == flat[fr + i]
    pl, pr = pos_of[fl], pos_of[fr]
    # a seed starts a run: the tokens just before differ, one side is at its start, or the
    # shingle just before was not paired so (boilerplate, beyond MAX_REPEATS, or its source
    # is another, earlier document): the same two documents, the source side in its source
    pfl, pfr = np.maximum(fl - 1, 0), np.maximum(fr - 1, 0)
    m &= ~((pl > 0) & (pr > 0) & (flat[pfl] == flat[pfr]) & kept[pfl] & kept[pfr] & src_pos[pfl])
    fl, fr, dl, dr, pl, pr = fl[m], fr[m], dl[m], dr[m], pl[m], pr[m]
    length = np.full(len(fl), n, dtype=np.int64)
    active = np.arange(len(fl))
    while len(active):
        k = length[active]
        ok = (pl[active] + k < lens[dl[active]]) & (pr[active] + k < lens[dr[active]])
        active = active[ok]
        k = k[ok]
        same = flat[fl[active] + k] == flat[fr[active] + k]
        active = active[same]
        length[active] += 1
    # doc_a < doc_b: the pair as the documents' indices order it
    swap = dl > dr
    return (np.where(swap, dr, dl), np.where(swap, dl, dr), np.where(swap, pr, pl), np.where(swap, pl, pr), length)


def _check(n: int, min_chars: int, max_gap: int) -> None:
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError(f"reuse: n must be a positive number of words, got {n!r}")
    if min_chars < 0:
        raise ParameterError(f"reuse: min_chars must be >= 0, got {min_chars!r}")
    if max_gap < 0:
        raise ParameterError(f"reuse: max_gap must be >= 0, got {max_gap!r}")


def shared_passages(
    articles: pd.DataFrame,
    n: int = 8,
    min_chars: int = 40,
    max_gap: int = 3,
    max_docs_per_shingle: int | None = 200,
    dates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Passages shared by two articles, one row per passage and pair (article_a < article_b).

    Columns: article_a, article_b, a_start, a_end (offsets in A's cleaned text), b_start,
    b_end (in B's), text (A's wording) and text_b (B's wording). A shingle found in more than
    ``max_docs_per_shingle`` distinct texts is boilerplate and ignored (None: never). Sorted by
    article_a, article_b, a_start, b_start.

    Each shared shingle pairs the later texts holding it with its earliest text only (see the
    module docstring): ``dates``, a table of ``article_id`` and ``published``, says which is
    earliest (default: the ``published`` column of ``articles`` if any; without dates, the
    smallest id). Linear in the near-copies of a story, not quadratic.

    Exact copies (same normalised words, see the module docstring): a copy is paired with
    its original only (the copy group's earliest published member; ties and no dates: the
    smallest article_id), in one passage covering the whole text; look up the original's pairs
    for the passages it shares with other articles.

    >>> body = "The army and its allies completely secured the highway after foiling the attack"
    >>> arts = pd.DataFrame({"article_id": ["c", "a", "b", "d"],
    ...                      "text": [body, body, body.upper(), "Officials said the army and its "
    ...                               "allies completely secured the highway after foiling it."]})
    >>> shared_passages(arts)[["article_a", "article_b", "a_start", "a_end", "b_start"]].values.tolist()
    [['a', 'b', 0, 79, 0], ['a', 'c', 0, 79, 0], ['a', 'd', 0, 68, 15]]
    """
    _check(n, min_chars, max_gap)
    if articles is None or articles.empty:
        return _empty_passages()
    df, ids_, texts, _ = _passage_rows(articles, n, min_chars, max_gap, max_docs_per_shingle, dates=dates)
    if df.empty:
        return _empty_passages()
    # the wording of both sides, cut from the texts by offset
    df.insert(0, "article_a", _take(ids_, df["_a"]))
    df.insert(1, "article_b", _take(ids_, df["_b"]))
    df["text"] = [texts[i][a:b] for i, a, b in zip(df["_a"], df["a_start"], df["a_end"])]
    df["text_b"] = [texts[i][a:b] for i, a, b in zip(df["_b"], df["b_start"], df["b_end"])]
    df = df.sort_values(["article_a", "article_b", "a_start", "b_start"], kind="stable").reset_index(drop=True)
    return _typed_passages(df)


def _date_keys(ids_, dates: pd.DataFrame | None) -> np.ndarray | None:
    """Per article (``ids_``, an Arrow string array in id order): its publication time (UTC) as
    an int64 that sorts as the times do, the largest int64 when unknown; None when ``dates`` has
    no ``article_id`` and ``published`` columns."""
    if dates is None or "published" not in dates.columns or "article_id" not in dates.columns:
        return None
    col = dates["published"]
    mixed = {} if pd.api.types.is_datetime64_any_dtype(col) else {"format": "mixed"}
    pub = pd.to_datetime(col, errors="coerce", utc=True, **mixed).dt.tz_convert(None)
    ns = np.asarray(pub.to_numpy()).view("int64").copy()  # in the column's own unit: no overflow
    ns[pub.isna().to_numpy()] = np.iinfo(np.int64).max
    known = pd.Index(dates["article_id"].astype(str).to_numpy())
    first = ~known.duplicated()
    known, ns = known[first], np.append(ns[first], np.iinfo(np.int64).max)  # the last: unknown ids
    at = known.get_indexer(pd.Series(pd.arrays.ArrowStringArray(ids_)).astype(str).to_numpy())
    return ns[np.where(at < 0, len(ns) - 1, at)]


def _passage_rows(articles: pd.DataFrame, n: int, min_chars: int, max_gap: int, max_docs_per_shingle: int | None,
                  copy_texts: bool = True, dates: pd.DataFrame | None = None):
    """Shared passages as offsets only: ``(rows, ids, texts, lengths)``: a DataFrame of
    ``_a, _b, a_start, a_end, b_start, b_end`` (indices of A and B into ``ids``, an Arrow
    string array, and ``texts``/``lengths``, articles in id order; a copy's text is None
    unless ``copy_texts``). No passage text is cut here: ``reuse_table`` cuts one example per
    pair, not every passage."""
    # the first article of each id, in id order; the texts are read in that order one at a
    # time, never copied into a sorted table
    ids = articles["article_id"].astype(str).reset_index(drop=True)
    first = ids[~ids.duplicated()]
    order = first.sort_values(kind="stable").index.to_numpy()
    ids_ = _arrow_strings(ids.take(order))  # Arrow, not one Python string per article
    del ids, first
    column = articles["text"].array
    # publication times: a copy group's original is its earliest member, each shingle's
    # source its earliest text (publication date, then id)
    when = _date_keys(ids_, articles if dates is None else dates)
    enc, texts = _encode((column[i] for i in order.tolist()), copy_texts, when)
    if enc.n_copies:
        log.info("reuse: %d articles are exact copies of another; each is paired with its original only",
                 enc.n_copies)
    if not copy_texts:  # a copy whose id is smaller than its original's is article_a of its row:
        for c, d, _, _ in enc.iter_copies():  # the example is cut from its text
            if c < enc.members[d]:
                texts[c] = column[int(order[c])]

    # passages between distinct texts: originals (and articles without copies) only, each
    # shingle's later texts paired with its earliest text (publication date, then id)
    members = np.asarray(enc.members, dtype=np.int64)
    rank = None
    if when is not None and len(members):
        rank = np.empty(len(members), dtype=np.int64)
        rank[np.lexsort((members, when[members]))] = np.arange(len(members))
    seeds = _seed_runs(enc.docs, n, max_docs_per_shingle, rank)
    del members, rank
    pair_runs: dict[tuple[int, int], list[_Run]] = defaultdict(list)
    for d1, d2, p1, p2, ln in zip(*(x.tolist() for x in seeds)):
        pair_runs[(d1, d2)].append(_Run(p1, p1 + ln, p2, p2 + ln))

    # The word-by-word Python code below reads the arrays through memoryviews: no copy, and
    # indexing gives Python ints as fast as a list does (numpy scalars are much slower)
    @functools.lru_cache(maxsize=4096)
    def views(d: int) -> tuple[memoryview, memoryview, memoryview]:
        return memoryview(enc.docs[d]), memoryview(enc.starts[d]), memoryview(enc.ends[d])

    rows = array("q")  # six int64 per passage, flat: a tuple of Python ints per passage costs 5 times more
    for (da, db) in sorted(pair_runs):
        (ids_a, sa, ea), (ids_b, sb, eb) = views(da), views(db)
        runs = pair_runs[(da, db)]
        if max_gap:
            runs = [_extend(ids_a, ids_b, r, max_gap) for r in runs]
        runs = _merge(runs, max_gap)
        ia, ib = enc.members[da], enc.members[db]
        for r in runs:
            a_s, a_e = sa[r.a0], ea[r.a1 - 1]
            b_s, b_e = sb[r.b0], eb[r.b1 - 1]
            if a_e - a_s < min_chars or b_e - b_s < min_chars:
                continue
            # article_a < article_b by id (an original published before a copy of smaller
            # id may have the larger id)
            rows.extend((ia, ib, a_s, a_e, b_s, b_e) if ia < ib else (ib, ia, b_s, b_e, a_s, a_e))

    # each copy: one passage with its original, from the first word to the last on each
    # side (what the search above finds for two identical texts); the smaller id is article_a
    for ib, d, b_s, b_e in enc.iter_copies():
        ia = enc.members[d]
        if len(enc.docs[d]) < n:
            continue  # too short to hold a shingle: no passage, as for any two texts
        a_s, a_e = int(enc.starts[d][0]), int(enc.ends[d][-1])
        if a_e - a_s < min_chars or b_e - b_s < min_chars:
            continue
        rows.extend((ia, ib, a_s, a_e, b_s, b_e) if ia < ib else (ib, ia, b_s, b_e, a_s, a_e))
    return _row_frame(rows), ids_, texts, enc.lengths


def _row_frame(rows: array) -> pd.DataFrame:
    """The flat passage rows as a DataFrame ``_a, _b, a_start, a_end, b_start, b_end`` (int64)."""
    m = np.frombuffer(rows, dtype="int64").reshape(-1, 6) if len(rows) else np.zeros((0, 6), dtype="int64")
    return pd.DataFrame({c: m[:, k].copy() for k, c in enumerate(["_a", "_b", "a_start", "a_end", "b_start", "b_end"])})


def _truncate(s: str, limit: int = EXAMPLE_CHARS) -> str:
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def reuse_table(
    articles: pd.DataFrame,
    n: int = 8,
    min_chars: int = 40,
    max_gap: int = 3,
    max_docs_per_shingle: int | None = 200,
    chunk_rows: int | None = None,
    passages_out: list | None = None,
    dates: pd.DataFrame | None = None,
) -> pd.DataFrame | io.Chunked:
    """The ``reuse`` table: one row per pair of articles that share text (article_a <
    article_b). ``shared_chars`` counts A's characters inside shared passages (overlaps
    counted once); ``share_a``/``share_b`` divide the shared characters of each side by the
    length of its cleaned text; ``example`` is A's longest shared passage (300 characters at
    most). Sorted by article_a, article_b.

    Pairs are those of ``shared_passages``: a later article with the earliest article (by
    ``dates``' ``published``, then id) holding each shingle they share, so near-copies of a
    wire story each get a row with the earliest copy, not with each other; ``shared_chars``
    counts what the pair shares around those shingles.

    Exact copies are collapsed (see the module docstring): a copy is paired with its original
    (the earliest published member of the copy group, ties by id) only, sharing its whole text (share_a =
    share_b = 1 unless the text begins or ends with punctuation); look up the original's pairs
    for the articles it shares text with.

    ``chunk_rows``: the table comes as an ``io.Chunked`` of that many rows a chunk (the same
    rows): its example passages are never all held at once.

    ``passages_out``: a list; the passages are appended to it as one frame (``article_a,
    article_b, a_start, a_end, b_start, b_end``, as ``shared_passages`` gives them without
    the wording), so incident linking uses them without searching again.

    >>> from newslib.read import corpus
    >>> body = "one two three four five six seven eight nine ten eleven twelve"
    >>> arts = corpus.build([corpus.Document("a", "x", "A\\n\\n" + body),
    ...                      corpus.Document("b", "y", "B\\n\\n" + body)]).articles
    >>> reuse_table(arts)[["shared_chars", "share_a"]].values.tolist()
    [[62, 0.953846]]
    """
    _check(n, min_chars, max_gap)
    if articles is None or articles.empty:
        return schemas.REUSE.empty()
    # the example is cut from A: copies' texts are not kept, except a copy whose id is smaller than its original's
    p, ids_, texts, lengths = _passage_rows(articles, n, min_chars, max_gap, max_docs_per_shingle, copy_texts=False,
                                             dates=dates)
    if passages_out is not None and not p.empty:
        passages_out.append(pd.DataFrame({"article_a": _take(ids_, p["_a"]), "article_b": _take(ids_, p["_b"]),
                                          **{c: p[c].to_numpy() for c in ("a_start", "a_end", "b_start", "b_end")}}))
    if p.empty:
        return schemas.REUSE.empty()
    # article indices sort as their ids do (the articles are sorted by id)
    keys = ["_a", "_b"]
    p = p.sort_values(keys + ["a_start", "b_start"], kind="stable").reset_index(drop=True)
    shared_a = _union_by_group(p, keys, "a_start", "a_end")
    shared_b = _union_by_group(p, keys, "b_start", "b_end")
    p["_len"] = p["a_end"] - p["a_start"]
    longest = (p.sort_values(keys + ["_len", "a_start"], ascending=[True, True, False, True], kind="stable")
               .drop_duplicates(keys).set_index(keys)[["a_start", "a_end"]])
    out = pd.DataFrame({"shared_chars": shared_a, "_shared_b": shared_b}).join(longest).reset_index()
    lengths = np.frombuffer(lengths, dtype="int64").astype("float64")
    la, lb = lengths[out["_a"].to_numpy()], lengths[out["_b"].to_numpy()]
    out["share_a"] = (out["shared_chars"] / np.where(la > 0, la, np.nan)).round(6)
    out["share_b"] = (out["_shared_b"] / np.where(lb > 0, lb, np.nan)).round(6)
    out = out.sort_values(keys, kind="stable").reset_index(drop=True)
    if chunk_rows is None:
        return _reuse_rows(out, ids_, texts)
    # the ids and the example passages (most of the table's memory) made a chunk at a time
    return io.sliced(len(out), lambda lo, hi: _reuse_rows(out.iloc[lo:hi], ids_, texts), chunk_rows)


def _reuse_rows(out: pd.DataFrame, ids_, texts: list[str | None]) -> pd.DataFrame:
    """Rows of the ``reuse`` table from offsets (``_a``, ``_b``, the longest passage's
    ``a_start``/``a_end``, the shares): the article ids and the example passage added."""
    out = out.reset_index(drop=True)
    a = out["_a"].tolist()
    # straight into Arrow strings: a list of Python strings per column would be held whole
    out["example"] = _strings((_truncate(texts[i][s0:e0]) for i, s0, e0 in
                               zip(a, out["a_start"].tolist(), out["a_end"].tolist())), len(out))
    out["article_a"] = _take(ids_, out["_a"])
    out["article_b"] = _take(ids_, out["_b"])
    return schemas.REUSE.conform(out)


def _arrow_strings(s: pd.Series):
    import pyarrow as pa

    return pa.array(s.astype("string").array, type=pa.string()) if len(s) else pa.array([], type=pa.string())


def _take(strings, positions: pd.Series) -> pd.Series:
    """``strings`` (an Arrow string array) at ``positions``, as a Series of the schemas' string type."""
    return pd.Series(pd.arrays.ArrowStringArray(strings.take(positions.to_numpy()))).astype("string")


def _strings(values: Iterator[str], n: int, chunk: int = 16_384) -> pd.Series:
    """``n`` strings from an iterator as a Series of the schemas' string type, built in Arrow
    a chunk at a time (a list of every string would be held whole, and so would an iterator
    handed to Arrow in one piece)."""
    import itertools

    import pyarrow as pa

    values = iter(values)
    parts = [pa.array(list(itertools.islice(values, chunk)), type=pa.string()) for _ in range(0, n, chunk)]
    arr = pa.chunked_array(parts, type=pa.string())
    return pd.Series(pd.arrays.ArrowStringArray(arr)).astype("string")


def _union_by_group(p: pd.DataFrame, keys: list[str], start: str, end: str) -> pd.Series:
    """Total length of the union of [start, end) spans per group (overlaps counted once)."""
    d = p[keys + [start, end]].sort_values(keys + [start, end], kind="stable")
    d = d.assign(_cm=d.groupby(keys, sort=False)[end].cummax())
    prev_max = d.groupby(keys, sort=False)["_cm"].shift(1)
    eff_start = np.maximum(d[start].to_numpy(), prev_max.fillna(-1).to_numpy())
    contrib = np.clip(d[end].to_numpy() - eff_start, 0, None)
    return pd.Series(contrib, index=d.index).groupby([d[k] for k in keys]).sum()


# ----------------------------------------------------------------------------- changed claims
def _norm_text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return ""
    return re.sub(r"\s+", " ", normalise(str(v))).strip()


def _val(v: object) -> object:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    return v


def _differences(c: dict, o: dict) -> list[str]:
    diffs = []
    low_c, low_o = _val(c.get("count_low")), _val(o.get("count_low"))
    if (low_c is not None or low_o is not None) and low_c != low_o:
        diffs.append(f"count {c.get('count_text')!s} -> {o.get('count_text')!s}")
    elif low_c is None and low_o is None and _norm_text(c.get("count_text")) != _norm_text(o.get("count_text")):
        diffs.append(f"count {c.get('count_text')!s} -> {o.get('count_text')!s}")
    for col in ("qualifier", "claimant", "kind"):
        if col in c and col in o and _norm_text(c[col]) != _norm_text(o[col]):
            diffs.append(f"{col} {_val(c[col])!s} -> {_val(o[col])!s}")
    return diffs


def flag_changed_claims(passages: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Claims inside a reused passage whose copy in the other article differs.

    ``passages`` comes from ``shared_passages``; ``claims`` needs claim_id, article_id,
    start, end, count_text, qualifier, count_low and claimant (the CLAIMS schema has them;
    ``kind`` is compared too when present). A claim overlapping a passage is compared with
    the claims overlapping the other article's copy of that passage: when one of them says
    the same (count, qualifier, claimant, kind) nothing is flagged; otherwise the nearest
    (by relative position in the passage) is described, or 'no claim in the other copy'.

    Columns: claim_id, article_id, other_article, other_claim_id (empty when there is none),
    change. One row per claim and other article, sorted by article, start, other article.
    """
    need = ("claim_id", "article_id", "start", "end", "count_text", "qualifier", "count_low", "claimant")
    missing = [c for c in need if c not in claims.columns]
    if missing:
        raise ParameterError(f"flag_changed_claims: claims table lacks columns {missing}")
    if passages is None or passages.empty or claims.empty:
        return _empty_flags()
    cl = io.records(claims.assign(article_id=claims["article_id"].astype(str)))
    by_art: dict[str, list[dict]] = defaultdict(list)
    for c in cl:
        by_art[c["article_id"]].append(c)

    found: dict[tuple[str, str], tuple] = {}
    for p in passages.itertuples(index=False):
        sides = ((str(p.article_a), int(p.a_start), int(p.a_end), str(p.article_b), int(p.b_start), int(p.b_end)),
                 (str(p.article_b), int(p.b_start), int(p.b_end), str(p.article_a), int(p.a_start), int(p.a_end)))
        for art, s, e, other, os_, oe in sides:
            mine = [c for c in by_art.get(art, []) if int(c["start"]) < e and int(c["end"]) > s]
            if not mine:
                continue
            theirs = [c for c in by_art.get(other, []) if int(c["start"]) < oe and int(c["end"]) > os_]
            for c in mine:
                key = (str(c["claim_id"]), other)
                if key in found:
                    continue
                if not theirs:
                    found[key] = (art, int(c["start"]), other, None, "no claim in the other copy")
                    continue
                if any(not _differences(c, o) for o in theirs):
                    continue
                rel = (int(c["start"]) - s) / max(e - s, 1)
                best = min(theirs, key=lambda o: (abs((int(o["start"]) - os_) / max(oe - os_, 1) - rel), str(o["claim_id"])))
                found[key] = (art, int(c["start"]), other, str(best["claim_id"]), "; ".join(_differences(c, best)))
    if not found:
        return _empty_flags()
    rows = [(cid, art, other, ocid, change, start) for (cid, other), (art, start, _o, ocid, change) in found.items()]
    df = pd.DataFrame(rows, columns=list(FLAG_COLUMNS) + ["_start"])
    df = df.sort_values(["article_id", "_start", "claim_id", "other_article"], kind="stable").drop(columns="_start")
    return pd.DataFrame({c: df[c].astype("string") for c in FLAG_COLUMNS}, index=pd.RangeIndex(len(df)))


def _empty_passages() -> pd.DataFrame:
    return _typed_passages(pd.DataFrame({c: [] for c in PASSAGE_COLUMNS}))


def _typed_passages(df: pd.DataFrame) -> pd.DataFrame:
    types = {"article_a": "string", "article_b": "string", "a_start": "Int64", "a_end": "Int64",
             "b_start": "Int64", "b_end": "Int64", "text": "string", "text_b": "string"}
    return pd.DataFrame({c: df[c].astype(types[c]) for c in PASSAGE_COLUMNS}, index=pd.RangeIndex(len(df)))


def _empty_flags() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="string") for c in FLAG_COLUMNS})
