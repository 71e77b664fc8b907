"""Stage 1, corpus in: one module per input kind, the format registry, publication dates.

``corpus`` reads a folder of ``.txt`` articles or one table of articles (CSV, JSON Lines,
Parquet, compressed or zipped) into the ``articles`` table; ``published`` dates each article
from its metadata, URL or text. Modules here import only the foundation (``config``,
``errors``, ``schemas``, ``lexicons``, ``io``).
"""
