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
# **Reads** the `events` table (extracting it from `corpus` if needed) and the `time_expressions` table.
# **Produces** a chart of events on a date axis, the cross-outlet timeline (one row per happening,
# with every outlet that reported it), the dated events with their quotes, and the undated events
# with the reason they have no date.
#
# **How to read it.** An event is one sentence saying that something happened: an attack, a
# capture, a casualty report, an air strike, a siege broken, a statement, an agreement. Its date
# is the time expression nearest its trigger words, resolved against the publication day ("on
# Thursday", "yesterday"). A date that belongs to a statement ("a monitor *said on Friday*") or to
# another clause does not date the event, and nothing is guessed: such events are listed as
# undated, with the reason. In the chart the colour is the event type and the shape the outlet; a
# bar is a date known only to a range (a weekend, "earlier this month"). Periods far apart (the
# bundled corpus holds January 2016 and August–September 2017) get their own panels, so neither
# is squashed. The timeline merges events of the same type, at the same or a nearby place, with
# overlapping actors and dates (rule in the `rule` column): a row with several outlets is one
# happening they all report.
#
# **Filters.** `date_from`/`date_to` select articles by *publication* date, as in every report;
# the events of those articles are then kept whatever their own date. `places`, `actors`,
# `event_types` select events, and the timeline is merged from the selected events only.

# %% tags=["parameters"]
corpus: str = "data/raw"  # folder of .txt articles (+ articles.csv) or a table; relative to the project root
output_dir: str = "outputs"  # where tables are written and read
tables_dir: str = ""  # empty: <output_dir>/tables
outlets: list = []  # empty: all outlets
date_from: str = ""  # publication window start, YYYY-MM-DD; empty: open
date_to: str = ""  # publication window end, YYYY-MM-DD; empty: open
places: list = []  # canonical places (gazetteer) to keep; empty: all
actors: list = []  # canonical actors (actor lexicon) to keep, any of them named; empty: all
event_types: list = []  # attack, capture, casualty_report, airstrike, siege_broken, statement, agreement; empty: all
group_by: str = "place"  # chart rows: "place", "actors" or "event_type"

# %%
from newslib.extract import events
from newslib.present import plots, report, views

ctx = report.setup(corpus=corpus, output_dir=output_dir, tables_dir=tables_dir, outlets=outlets, date_from=date_from,
                   date_to=date_to, places=places, actors=actors, event_types=event_types, group_by=group_by)
group_by = views.check_group_by(group_by)
selected = views.filter_events(ctx.tables["events"], places=places, actors=actors, event_types=event_types)
timeline = events.timeline_table(selected)
report.show_markdown("**{n}** events, **{d}** of them dated, merged into **{t}** timeline rows; **{m}** rows are reported "
                     "by more than one outlet.", n=len(selected), d=int(selected["date_start"].notna().sum()),
                     t=len(timeline), m=int((timeline["n_outlets"] > 1).sum()))

# %% [markdown]
# ## Events on a date axis

# %%
report.show_figure(plots.event_timeline(selected, group_by=group_by, title=f"Dated events by {group_by.replace('_', ' ')}"))

# %% [markdown]
# ## The timeline: one row per happening, with its sources
# *Outlets carrying it* and *Claimants* say who reported it; *Quote* is the sentence of the most
# precisely dated report. The ids of every report behind a row are in `tables/timeline.csv`.

# %%
report.show_table(views.timeline_view(timeline), caption="One row per happening", source="timeline")

# %% [markdown]
# ## Dated events with their quotes
# The character offsets of the evidence in each article's cleaned text are in `tables/events.csv`.

# %%
report.show_table(views.events_view(selected), caption="Dated events", source="events")

# %% [markdown]
# ## Undated events, and why
# These are never merged into the timeline. *Date as written* is the time expression that was
# considered and rejected, if any.

# %%
report.show_table(views.undated_view(selected), caption="Undated events", source="events")

# %% [markdown]
# ## Every time expression, resolved against publication
# *Reason* says why a date stays empty (no publication date, a duration, no anchor): nothing is guessed.

# %%
report.show_table(ctx.tables["articles"][["article_id", "outlet", "published"]].merge(ctx.tables["time_expressions"], on="article_id"),
                  caption="Time expressions", source="time_expressions")
