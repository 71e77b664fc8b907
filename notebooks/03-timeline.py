# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: newslib
#     language: python
#     name: newslib
# ---

# %% [markdown]
# # 03 · Timeline: what happened when, according to whom
#
# **Reads** the `claims` and `time_expressions` tables (extracting them from `corpus` if needed).
# **Produces** a chart of casualty claims on a date axis and the table of dated statements.
#
# **How to read it.** News dates events against its own publication day ("on Thursday",
# "yesterday"); newslib resolves each phrase to a date range. A point is a claim dated to a day,
# a bar a claim whose date is only known to a range (a weekend, "earlier this month"). The shape
# is the outlet. Periods far apart (the bundled corpus holds two campaigns, January 2016 and
# September 2017) get their own panels, so neither is squashed. Undated claims are listed below.

# %% tags=["parameters"]
corpus: str = "data/raw"  # folder of .txt articles (+ articles.csv) or a table; relative to the project root
output_dir: str = "outputs"  # where tables are written and read
tables_dir: str = ""  # empty: <output_dir>/tables
outlets: list = []  # empty: all outlets
date_from: str = ""  # publication window start, YYYY-MM-DD; empty: open
date_to: str = ""  # publication window end, YYYY-MM-DD; empty: open
places: list = []  # canonical places to keep; empty: all
group_by: str = "place"  # chart rows: "place" or "victim_side"

# %%
from newslib import plots, report

ctx = report.setup(corpus=corpus, output_dir=output_dir, tables_dir=tables_dir, outlets=outlets, date_from=date_from,
                   date_to=date_to, places=places, group_by=group_by)
items = report.dated_claims(ctx.tables["claims"], places=places)

# %% [markdown]
# ## Casualty claims on a date axis

# %%
report.show_figure(plots.timeline(items, group_col=group_by, title="Casualty claims by event date"))

# %% [markdown]
# ## Dated claims with their quotes

# %%
report.show_table(items[["date_start", "date_end", "date_text", "place", "outlet", "claimant", "count_text", "kind", "quote"]])

# %% [markdown]
# ## Every time expression, resolved against publication
# `reason` says why a date stays empty (no publication date, a duration, no anchor): nothing is guessed.

# %%
report.show_table(ctx.tables["time_expressions"].merge(ctx.tables["articles"][["article_id", "outlet", "published"]], on="article_id"))
