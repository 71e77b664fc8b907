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
# **Reads** the `claims` and `article_totals` tables (extracting them from `corpus` if needed) and
# groups the claims into incidents with the chosen reconciliation `rule` (the same code as the
# `incidents`, `claim_incidents` and `figure_travel` tables, which use the defaults).
# **Produces** the incidents table; per incident, a chart of every figure by claimant with the
# reconciled band, a coverage matrix (which outlet carried which figure), the figures with their
# quotes and how each claimant's figure travelled between outlets; and the per-article totals.
#
# **How to read it.** An *incident* is a set of claims, from any outlets, about the same harm to
# compatible victims at a compatible place and time. In a chart, each row is a claimant; a dot is
# a stated figure, its colour the claimant's type, its shape the outlet that carried it; a bar is
# the range the words allow, an arrow an open-ended figure. A hollow dot is a figure that is
# shown but not counted (a repeat, a superseded figure, a subset, an outlet restating its source,
# or a party's claim about its enemy's losses when those are excluded). The shaded band is the
# reconciled low–high, the vertical line the best figure. When an incident has several victim
# groups (troops and civilians), each group has its own rows and the band is for their total,
# so it can lie to the right of every dot. Party claims are marked *[party claim]*: they never
# set the best figure. The rules are in `newslib.analyse.incidents` and the README; each row's `reason`
# says why a figure counts or not.

# %% tags=["parameters"]
corpus: str = "data/raw"  # folder of .txt articles (+ articles.csv) or a table; relative to the project root
output_dir: str = "outputs"  # where tables are written and read
tables_dir: str = ""  # empty: <output_dir>/tables
outlets: list = []  # empty: all outlets
date_from: str = ""  # publication window start, YYYY-MM-DD; empty: open
date_to: str = ""  # publication window end, YYYY-MM-DD; empty: open
incidents: list = []  # incident ids or words of their labels, e.g. ["Sukhna"]; empty: all incidents
rule: str = "ucdp"  # best figure: "ucdp" (claimant priority), "acled" (lowest credible), "latest_independent", "median_independent"
kinds: list = ["killed", "wounded", "captured"]  # kinds of harm to compare
include_party_claims: bool = False  # True: a party's figures about its enemy's losses count in low and high (never in best)
top_incidents: int = 20  # the largest incidents each get a chart and their tables; the others are listed in the incidents table
interactive: bool = True  # live filters (ipywidgets) in JupyterLab; newslib report sets False: static output

# %%
from newslib.present import explore, plots, report
from newslib.analyse.incidents import (check_rule, coverage_matrix, figure_travel, incident_claims, incident_outlets,
                               reconciled, select_incidents)

check_rule(rule)
ctx = report.setup(corpus=corpus, output_dir=output_dir, tables_dir=tables_dir, outlets=outlets, date_from=date_from,
                   date_to=date_to, incidents=incidents, rule=rule, kinds=kinds, include_party_claims=include_party_claims,
                   top_incidents=top_incidents)
claims = report.filter_claims(ctx.tables["claims"], kinds=kinds)
# the incidents linked by `newslib extract`, reconciled again by this report's rule
made = reconciled(claims, ctx.tables["claim_incidents"], rule=rule, include_party_claims=include_party_claims,
                  articles=ctx.tables["articles"])
incident_table, links = made["incidents"], made["claim_incidents"]
chosen = report.incidents_by_size(select_incidents(incident_table, incidents))
drawn = chosen.head(max(int(top_incidents), 0))
travel = figure_travel(claims, links)

# %% [markdown]
# ## Incidents, largest first
# *Low* / *Best* / *High*: the reconciled figures by the rule named in *Rule*; *High open-ended?*:
# the high comes from an open-ended figure ("more than 58"); *Lowest credible*: the lowest
# credible (non-party) figure; *High ÷ low*: how far the reliable figures disagree.

# %%
report.show_table(report.incidents_view(chosen), caption=f"{len(chosen)} of {len(incident_table)} incidents, largest first",
                  source="incidents", max_rows=100, fold_rows=30)

# %% [markdown]
# ## The largest incidents: figures, coverage, quotes and how the figures travelled
# The `top_incidents` largest incidents (by best figure) each get a chart and their tables; the
# others are in the incidents table above and in `tables/incidents.csv`.

# %%
FIGURE_COLUMNS = ["outlet", "published", "claimant", "claimant_type", "party_claim_about_enemy", "count_text", "figure",
                  "victims", "victim_group", "counted", "role", "reason", "place", "place_used", "date_text", "quote",
                  "claim_id", "article_id", "start", "end"]
for incident in drawn.to_dict("records"):
    members = incident_claims(claims, links, incident["incident_id"])
    report.show_markdown("### {label}", label=incident["label"])
    report.show_figure(plots.incident_figures(members, incident))
    report.show_table(coverage_matrix(members, incident_outlets(ctx.tables["articles"], incident)).reset_index(),
                      caption="Coverage: the words each outlet used for each claimant's figure; empty = left out "
                              "(outlets that published in the incident's window are listed even without a figure)",
                      max_rows=30)
    report.show_table(members[FIGURE_COLUMNS], caption="The figures, whether they count and why, with their quotes",
                      source="claim_incidents", fold_rows=8, max_rows=30)
    moved = travel[travel["incident_id"] == incident["incident_id"]]
    report.show_table(moved.drop(columns=["incident_id"]), source="figure_travel", fold_rows=8, max_rows=30,
                      caption="How each claimant's figure travelled (compared with its first appearance)")
if len(chosen) > len(drawn):
    report.show_markdown("**{n}** smaller incidents are not drawn one by one: they are in the incidents table above and "
                         "in tables/incidents.csv (set `top_incidents` to draw more).", n=f"{len(chosen) - len(drawn):,}")

# %% [markdown]
# ## Per-article totals
# Each article's own total by the rules of `newslib.analyse.totals`, for comparison with the incidents.

# %%
report.show_table(ctx.tables["articles"][["article_id", "outlet", "published"]].merge(
    ctx.tables["article_totals"].query("kind in @kinds"), on="article_id", how="right"),
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
# ## Explore (live sessions only)
# In JupyterLab, filters by outlet, incident, claimant, kind and publication window appear
# here, once, over the claims this notebook's parameters chose (outlets, window, kinds; in 02 the
# incidents of its `rule`). `newslib report` runs with `interactive` off, so the exported report
# stays static and complete above.

# %%
explore.claims_explorer(claims, interactive, chosen, links, date_from=date_from, date_to=date_to)
