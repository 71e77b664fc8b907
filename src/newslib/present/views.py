"""Shaping tables for reading: the selections and pivots the notebooks show.

Pure functions from tables to tables; no charts here (see ``plots``), no I/O.

>>> import pandas as pd
>>> naming_matrix(pd.DataFrame(columns=["outlet", "term", "count", "per_1000_words", "in_quotes"])).empty
True
"""
from __future__ import annotations

import pandas as pd

from .. import schemas


def article_summary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per article: outlet, headline, date, URL, words, claims found."""
    arts = tables["articles"]
    n = tables["claims"].groupby("article_id").size().rename("claims")
    cols = [c for c in ("article_id", "outlet", "title", "published", "published_basis", "url", "n_words", "notes")
            if c in arts.columns]
    out = arts[cols].merge(
        n, left_on="article_id", right_index=True, how="left")
    out["claims"] = out["claims"].fillna(0).astype("Int64")
    return out.reset_index(drop=True)


CLAIM_VIEW_COLUMNS = ["claim_id", "outlet", "kind", "count_text", "count_low", "count_high", "qualifier", "victims",
                      "victim_side", "perpetrator", "claimant", "claimant_type", "party_claim_about_enemy", "place",
                      "date_text", "event_date", "article_id", "start", "end", "quote"]


def claims_view(claims: pd.DataFrame) -> pd.DataFrame:
    """The claim columns a reader needs, in reading order."""
    cols = [c for c in CLAIM_VIEW_COLUMNS if c in claims.columns]
    extra = [c for c in ("origin", "correction_note") if c in claims.columns and claims[c].notna().any()
             and (c != "origin" or (claims[c] != "extracted").any())]
    return claims[cols + extra].reset_index(drop=True)


def filter_claims(claims: pd.DataFrame, kinds: list | None = None, include_party_claims: bool = True) -> pd.DataFrame:
    """Keep the chosen kinds; optionally drop figures a party gives about its enemy's losses."""
    schemas.check_kinds(kinds)
    out = claims
    if kinds:
        out = out[out["kind"].isin(kinds)]
    if not include_party_claims:
        out = out[~out["party_claim_about_enemy"].fillna(False).astype(bool)]
    return out.reset_index(drop=True)


def dated_claims(claims: pd.DataFrame, places: list | None = None) -> pd.DataFrame:
    """Claims with a resolved event date, as timeline items (date_start, date_end)."""
    out = claims.rename(columns={"event_date": "date_start", "event_date_end": "date_end"})
    if places:
        known = set(claims["place"].dropna())
        bad = sorted(set(places) - known)
        if bad:
            from ..errors import ParameterError

            raise ParameterError(f"unknown places {bad}; the claims name {sorted(known)}")
        out = out[out["place"].isin(places)]
    out = out[out["date_start"].notna()].sort_values(["date_start", "article_id", "start"], kind="stable")
    return out.reset_index(drop=True)


def naming_matrix(naming: pd.DataFrame, min_count: int = 1, in_quotes: bool | None = False) -> pd.DataFrame:
    """Outlet × term, per 1,000 words; terms used fewer than ``min_count`` times dropped."""
    n = naming
    if in_quotes is not None and "in_quotes" in n.columns:
        n = n[n["in_quotes"].fillna(False).astype(bool) == in_quotes]
    if n.empty:
        return pd.DataFrame()
    totals = n.groupby("term")["count"].sum()
    keep = totals[totals >= min_count].index
    n = n[n["term"].isin(keep)]
    if n.empty:
        return pd.DataFrame()
    m = n.pivot_table(index="outlet", columns="term", values="per_1000_words", aggfunc="sum", fill_value=0.0)
    return m.sort_index().sort_index(axis=1)


def sourcing_matrix(sourcing: pd.DataFrame) -> pd.DataFrame:
    """Outlet × claimant type, shares of the outlet's claims."""
    if sourcing.empty:
        return pd.DataFrame()
    m = sourcing.pivot_table(index="outlet", columns="claimant_type", values="share", aggfunc="sum", fill_value=0.0)
    return m[[c for c in schemas.CLAIMANT_TYPES if c in m.columns]].sort_index()


def tone_matrix(tone: pd.DataFrame, scope: str = "all") -> pd.DataFrame:
    """Per outlet: mean compound with and without casualty words."""
    t = tone[tone["scope"] == scope]
    return t.set_index("outlet")[["compound_mean", "compound_masked_mean"]].sort_index().astype(float)


def _article_facts(articles: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in ("article_id", "outlet", "title", "published", "url") if c in articles.columns]
    return articles[cols].drop_duplicates("article_id")


def reuse_pairs(reuse: pd.DataFrame, articles: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """The ``top`` pairs of articles sharing the most text, each side named by outlet,
    headline and date (ids kept for the tables), largest first. Linear in the pairs.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "title": ["t", "u"],
    ...                      "published": pd.to_datetime(["2017-09-29", "2017-09-30"])})
    >>> r = pd.DataFrame({"article_a": ["a"], "article_b": ["b"], "shared_chars": [120], "share_a": [0.5],
    ...                   "share_b": [0.25], "example": ["the same words"]})
    >>> reuse_pairs(r, arts)[["outlet_a", "outlet_b", "share_a"]].to_dict("records")
    [{'outlet_a': 'X', 'outlet_b': 'Y', 'share_a': 0.5}]
    """
    if reuse.empty:
        return pd.DataFrame(columns=["outlet_a", "title_a", "published_a", "outlet_b", "title_b", "published_b",
                                     "shared_chars", "share_a", "share_b", "example", "article_a", "article_b"])
    best = reuse.sort_values(["shared_chars", "article_a", "article_b"], ascending=[False, True, True], kind="stable").head(top)
    facts = _article_facts(articles)
    out = best.merge(facts.add_suffix("_a"), left_on="article_a", right_on="article_id_a", how="left")
    out = out.merge(facts.add_suffix("_b"), left_on="article_b", right_on="article_id_b", how="left")
    cols = ["outlet_a", "title_a", "published_a", "outlet_b", "title_b", "published_b", "shared_chars", "share_a",
            "share_b", "example", "article_a", "article_b"]
    return out[[c for c in cols if c in out.columns]].reset_index(drop=True)


def outlet_reuse(reuse: pd.DataFrame, articles: pd.DataFrame, max_outlets: int = 20) -> pd.DataFrame:
    """Outlet × outlet: the share of the row outlet's articles that share a passage with at
    least one article of the column outlet (the diagonal: with another article of the same
    outlet), as the ``reuse`` table pairs them: an article with the earliest article holding
    each passage it shares (its source) and with the later articles that took text from it,
    not with every other copy of a wire story. The ``max_outlets`` outlets with most articles;
    linear in the pairs, never an article × article matrix.

    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"]})
    >>> r = pd.DataFrame({"article_a": ["a"], "article_b": ["c"], "shared_chars": [100], "share_a": [0.4], "share_b": [0.2]})
    >>> outlet_reuse(r, arts).to_dict()
    {'X': {'X': 0.0, 'Y': 1.0}, 'Y': {'X': 0.5, 'Y': 0.0}}
    """
    outlet = dict(zip(articles["article_id"].astype(str), articles["outlet"].astype("string").fillna("(unknown outlet)")))
    sizes = pd.Series(list(outlet.values()), dtype="string").value_counts()
    sizes = sizes.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    keep = list(sizes.index[:max_outlets])
    if reuse.empty or not keep:
        return pd.DataFrame(0.0, index=sorted(keep), columns=sorted(keep))
    a = reuse["article_a"].astype(str)
    b = reuse["article_b"].astype(str)
    both = pd.DataFrame({"row": pd.concat([a, b], ignore_index=True), "other": pd.concat([b, a], ignore_index=True)})
    both["row_outlet"] = both["row"].map(outlet)
    both["col_outlet"] = both["other"].map(outlet)
    both = both[both["row_outlet"].isin(keep) & both["col_outlet"].isin(keep)]
    hits = both.drop_duplicates(["row", "col_outlet"]).groupby(["row_outlet", "col_outlet"]).size()
    share = (hits / sizes.reindex(hits.index.get_level_values(0)).to_numpy()).unstack(fill_value=0.0)
    order = sorted(keep)
    return share.reindex(index=order, columns=order, fill_value=0.0).astype(float).rename_axis(index=None, columns=None)


# ----------------------------------------------------------------------------- incidents
#: The lead's order (CONTRACTS.md): who says how many first, then the reconciliation detail.
INCIDENT_VIEW_COLUMNS = ["label", "date_start", "date_end", "independent_low", "independent_high", "stated_low",
                         "stated_high", "party_low", "party_high", "best", "rule", "grade", "claimants", "kind", "place",
                         "low", "high", "high_open", "ratio", "ratio_current", "grade_reason", "n_independent",
                         "n_outlets", "n_claimants", "n_claims", "best_claimant", "conservative", "n_counted",
                         "n_party_claims", "victim_groups", "date_basis", "incident_id"]


def incidents_by_size(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents largest first: by best figure, then high, then outlets carrying it (an
    incident without figures last), ties by label.

    >>> inc = pd.DataFrame({"label": ["a", "b", "c"], "best": pd.array([5, None, 50], dtype="Int64"),
    ...                     "high": pd.array([5, 9, 60], dtype="Int64"), "n_outlets": [1, 1, 2]})
    >>> incidents_by_size(inc)["label"].tolist()
    ['c', 'a', 'b']
    """
    if incidents.empty:
        return incidents.reset_index(drop=True)
    keys = pd.DataFrame({
        "best": pd.to_numeric(incidents.get("best"), errors="coerce").astype(float).fillna(-1.0) if "best" in incidents else 0.0,
        "high": pd.to_numeric(incidents.get("high"), errors="coerce").astype(float).fillna(-1.0) if "high" in incidents else 0.0,
        "n_outlets": pd.to_numeric(incidents.get("n_outlets"), errors="coerce").astype(float).fillna(0.0)
        if "n_outlets" in incidents else 0.0,
        "label": incidents["label"].astype(str) if "label" in incidents else "",
    }, index=incidents.index)
    order = keys.sort_values(["best", "high", "n_outlets", "label"], ascending=[False, False, False, True], kind="stable").index
    return incidents.loc[order].reset_index(drop=True)


def incidents_view(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents largest first, the reading columns first (columns the happenings work adds,
    such as ``grade`` or ``claimants``, are shown when present)."""
    t = incidents_by_size(incidents)
    first = [c for c in INCIDENT_VIEW_COLUMNS if c in t.columns]
    return t[first + [c for c in t.columns if c not in first]]


# ----------------------------------------------------------------------------- events and timeline
EVENT_VIEW_COLUMNS = ["date_start", "date_end", "precision", "date_text", "event_type", "trigger", "place", "place_source",
                      "actors", "outlet", "claimant", "claimant_type", "claim_ids", "event_id", "article_id", "start", "end",
                      "quote"]
TIMELINE_VIEW_COLUMNS = ["date_start", "date_end", "precision", "event_type", "place", "places", "actors", "n_events",
                         "n_articles", "n_outlets", "outlets", "claimants", "rule", "quote", "lead_event_id", "event_ids",
                         "timeline_id"]
UNDATED_VIEW_COLUMNS = ["event_type", "trigger", "date_text", "date_reason", "place", "outlet", "claimant", "event_id",
                        "article_id", "start", "end", "quote"]


def _unknown(name: str, values: list, known: set, shown: set, hint: dict | None = None) -> None:
    """Raise ParameterError naming the values of ``values`` not in ``known`` (listing ``shown``)."""
    bad = [v for v in values if v not in known]
    if bad:
        from ..errors import ParameterError

        extra = "".join(f"; {v!r} is an alias of {hint[v]!r}" for v in bad if hint and v in hint)
        raise ParameterError(f"unknown {name} {bad}{extra}; the events name {sorted(shown)}")


def _actor_aliases(values: list) -> dict[str, str]:
    """Canonical actor for each value that is an actor alias ('ISIS' -> 'Islamic State')."""
    from .. import lexicons

    out = {}
    for v in values:
        hits = lexicons.alias_matcher("actors").find(str(v))
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(str(v)):
            out[v] = hits[0].value["actor"]
    return out


def filter_events(events: pd.DataFrame, places: list | None = None, actors: list | None = None,
                  event_types: list | None = None) -> pd.DataFrame:
    """Keep events at the chosen canonical places, naming any of the chosen canonical actors,
    of the chosen types (empty: all). A name neither the gazetteer, the actor lexicon nor the
    events know raises ParameterError (an actor alias such as 'ISIS' is pointed to its canonical
    name); a known name without events gives an empty table.

    >>> ev = pd.DataFrame({"place": ["Sukhna"], "actors": ["Islamic State; Syrian government forces"],
    ...                    "event_type": ["attack"]})
    >>> len(filter_events(ev, places=["Sukhna"], actors=["Islamic State"], event_types=["attack"]))
    1
    """
    from .. import lexicons

    places, actors, event_types = list(places or []), list(actors or []), list(event_types or [])
    named_actors = {a for v in events["actors"].dropna() for a in str(v).split("; ") if a}
    event_places = set(events["place"].dropna().astype(str))
    _unknown("places", places, set(lexicons.table("gazetteer")["place"]) | event_places, event_places)
    _unknown("actors", actors, set(lexicons.table("actors")["actor"]) | named_actors, named_actors, _actor_aliases(actors))
    bad = sorted(set(event_types) - set(schemas.EVENT_TYPES))
    if bad:
        from ..errors import ParameterError

        raise ParameterError(f"unknown event_types {bad}; choose from {list(schemas.EVENT_TYPES)}")
    keep = pd.Series(True, index=events.index)
    if places:
        keep &= events["place"].isin(places).fillna(False).astype(bool)
    if actors:
        wanted = set(actors)
        keep &= pd.Series([bool(wanted & set(str(v).split("; "))) if pd.notna(v) else False for v in events["actors"]],
                          index=events.index)
    if event_types:
        keep &= events["event_type"].isin(event_types).fillna(False).astype(bool)
    return events[keep].reset_index(drop=True)


#: The groupings of the timeline chart (parameter ``group_by`` of 03-timeline).
GROUP_BY = ("place", "actors", "event_type")


def check_group_by(group_by: str) -> str:
    """The chart grouping, checked: one of ``GROUP_BY``."""
    allowed = GROUP_BY
    if group_by not in allowed:
        from ..errors import ParameterError

        raise ParameterError(f"group_by={group_by!r}; choose one of {list(allowed)}")
    return group_by


def events_view(events: pd.DataFrame) -> pd.DataFrame:
    """Dated events with their quotes, in date order (reading columns only)."""
    dated = events[events["date_start"].notna()]
    dated = dated.sort_values(["date_start", "date_end", "event_type", "article_id", "start"], kind="stable")
    return dated[[c for c in EVENT_VIEW_COLUMNS if c in events.columns]].reset_index(drop=True)


def undated_view(events: pd.DataFrame) -> pd.DataFrame:
    """Undated events with the reason no date was given, in article order."""
    und = events[events["date_start"].isna()].sort_values(["article_id", "start", "event_type"], kind="stable")
    return und[[c for c in UNDATED_VIEW_COLUMNS if c in events.columns]].reset_index(drop=True)


def timeline_view(timeline: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows with their sources (reading columns only), most-reported first within a day."""
    t = timeline.sort_values(["date_start", "n_outlets", "n_events", "event_type"], ascending=[True, False, False, True],
                             kind="stable")
    return t[[c for c in TIMELINE_VIEW_COLUMNS if c in timeline.columns]].reset_index(drop=True)


def corrections_view(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The analysts' corrections this run applied (or could not apply), each with the claim's
    figure and quote as they now stand (for a rejected claim: the words it had)."""
    corr = tables.get("corrections")
    cols = ["status", "action", "claim_id", "field", "old_value", "value", "analyst", "date", "note", "message", "quote"]
    if corr is None or corr.empty:
        return pd.DataFrame({c: pd.Series([], dtype="string") for c in cols})
    quotes = tables["claims"][["claim_id", "quote"]].drop_duplicates("claim_id")
    out = corr.merge(quotes, on="claim_id", how="left")
    return out[[c for c in cols if c in out.columns]].reset_index(drop=True)
