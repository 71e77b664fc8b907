"""Stage 4, rows to corpus-wide tables: incidents (linking), reconcile (named rules), totals,
sourcing, naming, attribution, tone, reuse.

Modules here import the foundation and the earlier stages (read, language, extract).
"""
