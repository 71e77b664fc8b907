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
# tone with and without casualty words, and the text each pair of articles shares. Under every
# chart, a table of the sentences behind it: every count can be read in its context.
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
framing_lexicon: str = ""  # a framing CSV (family, term, pattern) to count instead of the bundled one; empty: bundled
evidence_rows: int = 3  # tone evidence: most negative and most positive sentences per outlet

# %%
from newslib.analyse import attribution, naming, reuse, tone
from newslib.present import plots, report

ctx = report.setup(corpus=corpus, output_dir=output_dir, tables_dir=tables_dir, outlets=outlets, date_from=date_from,
                   date_to=date_to, min_count=min_count, framing_lexicon=framing_lexicon, evidence_rows=evidence_rows)
t = ctx.tables
rules = naming.load_framing(report.resolve(framing_lexicon)) if framing_lexicon else None
if rules:
    t["naming"] = naming.naming_table(t["articles"], rules)

# %% [markdown]
# ## Naming: which words each outlet uses for each side (own voice)

# %%
matrix = report.naming_matrix(t["naming"], min_count=min_count, in_quotes=False)
report.show_figure(plots.heatmap(matrix, "Naming terms per 1,000 words (outlet's own voice)", value_fmt="{:.1f}",
                                 what="uses per 1,000 words"))
report.show_table(t["naming"].sort_values(["family", "outlet", "term"]), caption="Naming terms per outlet (in quotes = inside a direct quote)",
                  source="naming")
evidence = naming.naming_evidence(t["articles"], t["sentences"], rules)
report.show_table(evidence[evidence["term"].isin(matrix.columns)][["outlet", "term", "matched", "in_quotes", "sentence"]],
                  caption="The sentences behind the heatmap")

# %% [markdown]
# ## Sourcing: whose figures each outlet carries

# %%
report.show_figure(plots.stacked_shares(report.sourcing_matrix(t["sourcing"]), "Share of each outlet's claims by claimant type",
                                        colours=plots.CLAIMANT_COLOURS, legend_column="claimant_type"))
report.show_table(t["sourcing"], caption="Claims per outlet and type of claimant", source="sourcing")
report.show_table(t["claims"][["outlet", "claimant", "claimant_type", "attribution", "count_text", "kind", "hedges", "quote"]],
                  caption="The claims behind the sourcing mix, with their attribution verb and hedges", source="claims")

# %% [markdown]
# ## Attribution and hedging verbs

# %%
report.show_table(t["attribution"].sort_values(["outlet", "count"], ascending=[True, False]), caption="Attribution verbs per outlet",
                  source="attribution")
report.show_table(attribution.attribution_evidence(t["articles"], t["sentences"])[["outlet", "verb", "matched", "hedge", "in_quotes", "sentence"]],
                  caption="The sentences behind the counts")

# %% [markdown]
# ## Tone (VADER), with and without casualty words

# %%
report.show_figure(plots.dot_compare(report.tone_matrix(t["tone"]), "compound_mean", "compound_masked_mean",
                                     "Mean VADER compound per outlet", "compound score (-1 negative … +1 positive)",
                                     labels=("all words", "casualty words masked")))
report.show_table(t["tone"], caption="Tone per outlet", source="tone")
report.show_table(tone.tone_evidence(t["articles"], t["sentences"], per_outlet=evidence_rows),
                  caption="The most negative and most positive sentences of each outlet")

# %% [markdown]
# ## Text reuse: passages two articles share
# The chart compares outlets, not articles: a cell is the share of the row outlet's articles that
# share a passage with at least one article of the column outlet. The table lists the pairs of
# articles that share the most text; every pair is in `tables/reuse.csv`.

# %%
report.show_figure(plots.heatmap(report.outlet_reuse(t["reuse"], t["articles"]),
                                 "Share of the row outlet's articles sharing a passage with the column outlet",
                                 value_fmt="{:.0%}", cmap="Oranges", what="shares of articles"))
report.show_table(report.reuse_pairs(t["reuse"], t["articles"], top=20), caption="The 20 pairs of articles sharing the most text",
                  source="reuse", fold_rows=20)
passages = reuse.shared_passages(t["articles"])
report.show_table(passages[["article_a", "article_b", "text", "text_b"]], caption="Every shared passage, in each article's wording")
report.show_table(reuse.flag_changed_claims(passages, t["claims"]), caption="Claims that change inside a shared passage")

# %% [markdown]
# ## What these measures can and cannot show
# They count choices of words and sources; they do not measure truth or intent. A term's count
# depends on the lexicon (editable in `lexicons/framing.csv`, or another file through
# `framing_lexicon`), on article length and on topic: an outlet quoting Hezbollah will carry
# Hezbollah's words. VADER was built for social media, not war reporting; masking casualty words
# removes the largest bias but not all. Shared text usually means shared wire copy, not copying.
# With five articles, every difference is anecdote, not pattern: read the sentences behind each
# count before concluding anything.
