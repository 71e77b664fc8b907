"""Stage 2, text to spans: sentences, quantities, time expressions, counting windows, places.

Modules here import the foundation and ``newslib.read``, never a later stage.
"""
