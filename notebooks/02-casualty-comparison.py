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
# # 02 · Casualty comparison: how many, according to whom, and how far apart
#
# **Reads** the `claims` and `article_totals` tables (extracting them from `corpus` if needed).
# **Produces** a range chart per kind of harm, the per-article totals and the figures with their quotes.
#
# **How to read it.** Each row of a chart is one claimant. A dot is a stated figure, its colour
# the claimant's type (monitor, state media, armed group...), its shape the outlet that carried it.
# A bar is the range the words allow; an arrow an open-ended figure. Figures from a party to the
# fighting about its enemy's losses are marked *party claim* in the table: treat them as claims,
# not counts.

# %% tags=["parameters"]
corpus: str = "data/raw"  # folder of .txt articles (+ articles.csv) or a table; relative to the project root
output_dir: str = "outputs"  # where tables are written and read
tables_dir: str = ""  # empty: <output_dir>/tables
outlets: list = []  # empty: all outlets
date_from: str = ""  # publication window start, YYYY-MM-DD; empty: open
date_to: str = ""  # publication window end, YYYY-MM-DD; empty: open
kinds: list = ["killed", "wounded", "captured"]  # kinds of harm to compare
include_party_claims: bool = True  # False: leave out figures a party gives about its enemy's losses

# %%
from newslib import plots, report

ctx = report.setup(corpus=corpus, output_dir=output_dir, tables_dir=tables_dir, outlets=outlets, date_from=date_from,
                   date_to=date_to, kinds=kinds, include_party_claims=include_party_claims)
claims = report.filter_claims(ctx.tables["claims"], kinds=kinds, include_party_claims=include_party_claims)

# %% [markdown]
# ## Figures by claimant

# %%
for kind in kinds:
    report.show_figure(plots.figure_ranges(claims, kind=kind, group_col="claimant",
                                           title=f"People {kind}: every figure, by claimant"))

# %% [markdown]
# ## Per-article totals

# %%
report.show_table(ctx.tables["article_totals"].query("kind in @kinds").merge(
    ctx.tables["articles"][["article_id", "outlet", "published"]], on="article_id", how="left"))

# %% [markdown]
# ## The figures and their quotes

# %%
report.show_table(report.claims_view(claims))
