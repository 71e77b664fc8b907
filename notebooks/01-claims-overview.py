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
# # 01 · Claims overview: every casualty figure, who gave it, and where it is written
#
# **Reads** the corpus (`corpus`), or the tables `newslib extract` already wrote to `tables_dir`.
# **Produces** the charts and tables below; the full tables are in `outputs/tables/`
# (`articles`, `sentences`, `claims`, `article_totals`, `errors`).
#
# **How to read it.** Each *claim* is one casualty figure as written in one article: a count of
# people killed, wounded or captured, with its hedge (*at least*, *around*, *dozens*), the
# victims, who says so (the *claimant*) and the sentence it came from. The first chart shows
# whose figures each outlet carries. The second puts every figure on one axis: a dot is the stated
# figure, a bar the range the words allow (*dozens* = 24–99), an arrow an open-ended figure
# (*more than 58*). Figures in the same row come from the same claimant.

# %% tags=["parameters"]
corpus: str = "data/raw"  # folder of .txt articles (+ articles.csv) or a .csv/.jsonl/.parquet table; relative to the project root
output_dir: str = "outputs"  # where tables are written and read
tables_dir: str = ""  # empty: <output_dir>/tables; point at the output of `newslib extract` to reuse it
outlets: list = []  # empty: all outlets
date_from: str = ""  # publication window start, YYYY-MM-DD; empty: open
date_to: str = ""  # publication window end, YYYY-MM-DD; empty: open
interactive: bool = True  # live filters (ipywidgets) in JupyterLab; newslib report sets False: static output

# %%
from newslib import schemas
from newslib.present import explore, plots, report

ctx = report.setup(corpus=corpus, output_dir=output_dir, tables_dir=tables_dir, outlets=outlets, date_from=date_from, date_to=date_to)
claims = ctx.tables["claims"]
articles = ctx.tables["articles"]

# %% [markdown]
# ## The articles

# %%
report.show_table(report.article_summary(ctx.tables), caption="One row per article read; claims = casualty figures found in it.",
                  source="articles")

# %% [markdown]
# ## Whose figures each outlet carries

# %%
report.show_figure(plots.claims_by_outlet(claims))

# %% [markdown]
# ## Every figure, by claimant

# %%
for kind in schemas.TOTAL_KINDS:  # each kind a total adds up (combined figures apart)
    if (claims["kind"] == kind).any():
        report.show_figure(plots.figure_ranges(claims, kind=kind, group_col="claimant"))

# %% [markdown]
# ## The claims, with their quotes
# *Figure as written* is the figure in the article's words, with its quote beside it. The claim
# ids and the character offsets into the article's cleaned text (so every row can be checked
# against its source) are in `tables/claims.csv`.

# %%
report.show_table(report.claims_view(claims), caption="Casualty claims with their quotes", source="claims")

# %% [markdown]
# ## Per-article totals
# One row per article and kind, by the rules in the README (subsets not added, a headline
# restating the body counted once, competing claimants giving the low–high spread).

# %%
report.show_table(articles[["article_id", "outlet", "published"]].merge(ctx.tables["article_totals"], on="article_id", how="right"),
                  caption="Each article's total per kind of harm", source="article_totals")

# %% [markdown]
# ## Analyst corrections
# Decisions from the corrections file (`data/corrections.csv` unless the run named another), applied
# after extraction: `reject` removes a claim, `edit` changes one field (the claim's `origin` becomes
# *corrected* and `correction_note` says who changed what), `add` brings in a figure the extractor
# missed (`origin` *added*, its quote found verbatim in the article). A correction whose claim is
# not in this run is listed with its status, never dropped.

# %%
report.show_table(report.corrections_view(ctx.tables), caption="corrections applied in this run", source="corrections")
report.show_table(report.claims_view(ctx.tables["claims"][ctx.tables["claims"]["origin"] != "extracted"]),
                  caption="claims corrected or added by an analyst", source="claims")

# %% [markdown]
# ## Inputs not processed
# Every input file or row is either an article above or listed here with its reason.

# %%
report.show_table(ctx.tables["errors"], caption="Inputs not processed, with the reason", source="errors")

# %% [markdown]
# ## Explore (live sessions only)
# In JupyterLab, filters by outlet, incident, claimant, kind and publication window appear
# here, once, over the claims this notebook's parameters chose (outlets, window, kinds; in 02 the
# incidents of its `rule`). `newslib report` runs with `interactive` off, so the exported report
# stays static and complete above.

# %%
explore.claims_explorer(claims, interactive, ctx.tables.get("incidents"), ctx.tables.get("claim_incidents"),
                        date_from=date_from, date_to=date_to)
