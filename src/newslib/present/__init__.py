"""Stage 5, tables for readers: views (table -> table), plots, maps, the brief (index page),
the workbook, the report runner (papermill, nbconvert), explore (widgets), labels and formats.

Package data beside these modules: ``labels.csv``, ``value_labels.csv`` and the HTML
template ``templates/newslib``.
"""
