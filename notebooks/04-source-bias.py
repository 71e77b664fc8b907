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
# # 04 · Source bias: how each outlet tells it
#
# **Reads** the `naming`, `sourcing`, `attribution`, `tone` and `reuse` tables (extracting them
# from `corpus` if needed). **Produces** a heatmap of naming terms per outlet, the sourcing mix,
# tone with and without casualty words, and the text each pair of articles shares, each with the
# sentences behind it.
#
# **How to read it.** Darker cells mean an outlet uses a term more (per 1,000 words). Terms
# inside direct quotes are counted apart from the outlet's own voice. Read the caveat at the end
# before drawing conclusions.

# %% tags=["parameters"]
corpus: str = "data/raw"  # folder of .txt articles (+ articles.csv) or a table; relative to the project root
output_dir: str = "outputs"  # where tables are written and read
tables_dir: str = ""  # empty: <output_dir>/tables
outlets: list = []  # empty: all outlets
date_from: str = ""  # publication window start, YYYY-MM-DD; empty: open
date_to: str = ""  # publication window end, YYYY-MM-DD; empty: open
min_count: int = 1  # hide naming terms used fewer times than this across the corpus

# %%
from newslib import plots, report

ctx = report.setup(corpus=corpus, output_dir=output_dir, tables_dir=tables_dir, outlets=outlets, date_from=date_from,
                   date_to=date_to, min_count=min_count)
t = ctx.tables

# %% [markdown]
# ## Naming: which words each outlet uses for each side (own voice)

# %%
report.show_figure(plots.heatmap(report.naming_matrix(t["naming"], min_count=min_count, in_quotes=False),
                                 "Naming terms per 1,000 words (outlet's own voice)"))
report.show_table(t["naming"].sort_values(["family", "outlet", "term"]), caption="naming table (in_quotes = inside a direct quote)")

# %% [markdown]
# ## Sourcing: whose figures each outlet carries

# %%
report.show_figure(plots.stacked_shares(report.sourcing_matrix(t["sourcing"]), "Share of each outlet's claims by claimant type",
                                        colours=plots.CLAIMANT_COLOURS))
report.show_table(t["sourcing"])

# %% [markdown]
# ## Attribution and hedging verbs

# %%
report.show_table(t["attribution"].sort_values(["outlet", "count"], ascending=[True, False]))

# %% [markdown]
# ## Tone (VADER), with and without casualty words

# %%
report.show_figure(plots.dot_compare(report.tone_matrix(t["tone"]), "compound_mean", "compound_masked_mean",
                                     "Mean VADER compound per outlet", "compound score (-1 negative … +1 positive)"))
report.show_table(t["tone"])

# %% [markdown]
# ## Text reuse: passages two articles share

# %%
report.show_figure(plots.heatmap(report.reuse_matrix(t["reuse"], t["articles"]), "Share of row article's text shared with column article",
                                 value_fmt="{:.2f}", cmap="Oranges"))
report.show_table(t["reuse"])

# %% [markdown]
# ## What these measures can and cannot show
# They count choices of words and sources; they do not measure truth or intent. A term's count
# depends on the lexicon (editable in `lexicons/framing.csv`), on article length and on topic: an
# outlet quoting Hezbollah will carry Hezbollah's words. VADER was built for social media, not war
# reporting; masking casualty words removes the largest bias but not all. Shared text usually
# means shared wire copy, not copying. With five articles, every difference is anecdote, not
# pattern: read the sentences behind each count before concluding anything.
