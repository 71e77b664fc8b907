"""newslib: tidy tables of casualty claims, with provenance, from conflicting news reports.

>>> import newslib
>>> arts = newslib.load_corpus("data/raw")            # doctest: +SKIP
>>> claims = newslib.extract_claims(arts)              # doctest: +SKIP
>>> newslib.casualty_totals(claims, arts)              # doctest: +SKIP
"""
from __future__ import annotations

import logging

from .claims import claims_from_text, extract_claims
from .corpus import ingest, load_corpus
from .corrections import add_claim, correct
from .text import sentences_table
from .totals import casualty_totals

__version__ = "0.1.0"
__all__ = ["ingest", "load_corpus", "sentences_table", "extract_claims", "claims_from_text", "casualty_totals", "correct",
           "add_claim", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
