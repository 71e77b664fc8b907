"""newslib: tidy tables of casualty claims, with provenance, from conflicting news reports."""
from __future__ import annotations

import logging

from .corpus import ingest, load_corpus
from .text import sentences_table

__version__ = "0.1.0"
__all__ = ["ingest", "load_corpus", "sentences_table", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
