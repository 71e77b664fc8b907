"""Orchestration: the pipeline (every table of a run), the engine (partitions, Dask) and the
analysts' corrections.

Modules here may import every stage up to ``newslib.analyse``; ``newslib.present`` is never
imported from here.
"""
