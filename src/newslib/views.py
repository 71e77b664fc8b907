"""Shaping tables for reading: the selections and pivots the notebooks show.

Pure functions from tables to tables; no charts here (see ``plots``), no I/O.

>>> import pandas as pd
>>> naming_matrix(pd.DataFrame(columns=["outlet", "term", "count", "per_1000_words", "in_quotes"])).empty
True
"""
from __future__ import annotations

import pandas as pd

from . import schemas


def article_summary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per article: outlet, headline, date, words, claims found."""
    arts = tables["articles"]
    n = tables["claims"].groupby("article_id").size().rename("claims")
    out = arts[["article_id", "outlet", "title", "published", "published_basis", "n_words", "notes"]].merge(
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
    bad = sorted(set(kinds or []) - set(schemas.KINDS))
    if bad:
        from .errors import ParameterError

        raise ParameterError(f"unknown kinds {bad}; choose from {list(schemas.KINDS)}")
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
            from .errors import ParameterError

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


def reuse_matrix(reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Article × article: share of the row article's text shared with the column article."""
    label = {r.article_id: f"{r.outlet or r.article_id}" for r in articles[["article_id", "outlet"]].itertuples()}
    names = [label[a] for a in sorted(label)]
    m = pd.DataFrame(0.0, index=names, columns=names)
    for r in reuse.itertuples():
        if r.article_a in label and r.article_b in label:
            m.loc[label[r.article_a], label[r.article_b]] = float(r.share_a)
            m.loc[label[r.article_b], label[r.article_a]] = float(r.share_b)
    return m
