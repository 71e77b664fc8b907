"""newslib: tidy tables of casualty claims, with provenance, from conflicting news reports.

>>> import newslib
>>> arts = newslib.load_corpus("data/raw")            # doctest: +SKIP
>>> claims = newslib.extract_claims(arts)              # doctest: +SKIP
>>> newslib.casualty_totals(claims, arts)              # doctest: +SKIP
"""
from __future__ import annotations

import logging

from . import _compat
from .analyse.totals import casualty_totals
from .extract.claims import claims_from_text, extract_claims
from .language.text import sentences_table
from .read.corpus import ingest, load_corpus
from .run.corrections import add_claim, correct

_compat.install()  # the flat module names of 0.1 (newslib.claims, ...) kept for one release

__version__ = "0.1.0"
__all__ = ["ingest", "load_corpus", "sentences_table", "extract_claims", "claims_from_text", "casualty_totals", "correct",
           "add_claim", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    # ``newslib.claims`` as an attribute, for code written against the flat layout of 0.1
    return _compat.old_module(name)
