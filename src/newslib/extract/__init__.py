"""Stage 3, spans to per-article rows: claims, claimants, events; the lexicon drafter.

Modules here import the foundation, ``newslib.read`` and ``newslib.language``.
"""
