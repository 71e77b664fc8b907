"""Sourcing: whose figures each outlet repeats, and whose it leaves out.

Everything here is computed from a ``claims`` table (CLAIMS schema): each claim has a
``claimant`` (the outlet itself when unattributed, ``claimant_type == "outlet"``), a
``claimant_type`` and ``claimant_is_party``. Empty outlets become ``(unknown outlet)``,
empty claimants ``(unknown claimant)``.

>>> claims = pd.DataFrame({"outlet": ["A", "A", "B"], "claimant": ["SOHR", "IS", "SOHR"],
...                        "claimant_type": ["monitor", "armed_group", "monitor"],
...                        "claimant_is_party": [False, True, False]})
>>> sourcing_table(claims)[["outlet", "claimant", "n_claims", "share"]].values.tolist()
[['A', 'IS', 1, 0.5], ['A', 'SOHR', 1, 0.5], ['B', 'SOHR', 1, 1.0]]
>>> never_cited(claims).values.tolist()
[['B', 'IS', 1]]
"""
from __future__ import annotations

import logging
from collections.abc import Iterable

import pandas as pd

from .. import schemas
from ..errors import ParameterError

log = logging.getLogger(__name__)

UNKNOWN_OUTLET = "(unknown outlet)"
UNKNOWN_CLAIMANT = "(unknown claimant)"
UNATTRIBUTED_TYPE = "outlet"

SUMMARY_COLUMNS = ("outlet", "n_claims", "unattributed_share", "share_party", "n_claimants")
NEVER_CITED_COLUMNS = ("outlet", "claimant", "cited_by_n_outlets")
#: The claim columns the sourcing tables read (the engine keeps these between partitions).
CLAIM_COLUMNS = ("outlet", "claimant", "claimant_type", "claimant_is_party")


def _prepare(claims: pd.DataFrame) -> pd.DataFrame:
    need = CLAIM_COLUMNS
    missing = [c for c in need if c not in claims.columns]
    if missing:
        raise ParameterError(f"sourcing: claims table lacks columns {missing}")

    def clean(s: pd.Series, fill: str) -> pd.Series:
        s = s.astype("string").str.strip()
        return s.mask(s.isna() | (s == ""), fill)

    # ``.array``: the columns as they are (Arrow strings), not one Python object per row
    return pd.DataFrame({
        "outlet": clean(claims["outlet"], UNKNOWN_OUTLET).array,
        "claimant": clean(claims["claimant"], UNKNOWN_CLAIMANT).array,
        "claimant_type": claims["claimant_type"].astype("string").array,
        "party": claims["claimant_is_party"].astype("boolean").fillna(False).astype(bool).to_numpy(),
    })


def _mode(s: pd.Series) -> object:
    """Most frequent non-empty value; ties go to the alphabetically first. NA when none."""
    s = s.dropna()
    if s.empty:
        return pd.NA
    counts = s.astype(str).value_counts()
    top = counts[counts == counts.max()].index
    return sorted(top)[0]


def _modes(c: pd.DataFrame, keys: list[str], col: str, groups: pd.DataFrame) -> pd.array:
    """``_mode`` of ``col`` per group of ``keys``, for the groups (rows of ``groups``), in one
    pass: counts of each value per group, the largest first, ties to the alphabetically first."""
    counts = c[keys + [col]].dropna(subset=[col]).value_counts(sort=False).rename("_n").reset_index()
    counts = counts.sort_values(keys + ["_n", col], ascending=[True] * len(keys) + [False, True], kind="stable")
    top = counts.drop_duplicates(keys)[keys + [col]]
    return groups[keys].merge(top, on=keys, how="left", validate="one_to_one")[col].array


def sourcing_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The ``sourcing`` table: claims per outlet and claimant, with the claimant's share of
    the outlet's claims. ``claimant_type`` is the claimant's most frequent type in that
    outlet; ``party`` is true when most of its claims there come from a party to the fighting.
    Sorted by outlet, then most claims first, then claimant.
    """
    c = _prepare(claims)
    if c.empty:
        return schemas.SOURCING.empty()
    g = c.groupby(["outlet", "claimant"], sort=True)
    out = g.agg(n_claims=("party", "size"), party_share=("party", "mean")).reset_index()
    out["claimant_type"] = _modes(c, ["outlet", "claimant"], "claimant_type", out)
    out["party"] = out["party_share"] > 0.5
    total = out.groupby("outlet")["n_claims"].transform("sum")
    out["share"] = (out["n_claims"] / total).round(6)
    out = out.sort_values(["outlet", "n_claims", "claimant"], ascending=[True, False, True], kind="stable")
    return schemas.SOURCING.conform(out.reset_index(drop=True))


def sourcing_summary(claims: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: n_claims; unattributed_share (claims in the outlet's own voice,
    ``claimant_type == "outlet"``); share_party (claims from a party to the fighting);
    n_claimants (distinct claimants other than the outlet's own voice). Sorted by outlet.

    >>> claims = pd.DataFrame({"outlet": ["A", "A"], "claimant": ["A", "IS"],
    ...                        "claimant_type": ["outlet", "armed_group"],
    ...                        "claimant_is_party": [False, True]})
    >>> sourcing_summary(claims).values.tolist()
    [['A', 2, 0.5, 0.5, 1]]
    """
    c = _prepare(claims)
    if c.empty:
        return _typed_summary(pd.DataFrame({k: [] for k in SUMMARY_COLUMNS}))
    c["unattributed"] = (c["claimant_type"] == UNATTRIBUTED_TYPE).fillna(False).astype(bool)
    g = c.groupby("outlet", sort=True)
    out = g.agg(
        n_claims=("party", "size"),
        unattributed_share=("unattributed", "mean"),
        share_party=("party", "mean"),
    )
    named = c[~c["unattributed"]].groupby("outlet")["claimant"].nunique()
    out["n_claimants"] = named.reindex(out.index, fill_value=0)
    out["unattributed_share"] = out["unattributed_share"].round(6)
    out["share_party"] = out["share_party"].round(6)
    return _typed_summary(out.reset_index())


def never_cited(claims: pd.DataFrame, outlets: Iterable[str] | None = None) -> pd.DataFrame:
    """Claimants other outlets cite but this one never does.

    One row per outlet and claimant that at least one *other* outlet cites and this outlet
    does not; ``cited_by_n_outlets`` counts the outlets that cite it. The outlets' own
    voices (``claimant_type == "outlet"``) are not claimants here. ``outlets`` adds outlets
    that have no claims at all (they then 'never cite' everyone). Sorted by outlet, most
    cited first, then claimant.
    """
    c = _prepare(claims)
    c = c[(c["claimant_type"] != UNATTRIBUTED_TYPE).fillna(True).astype(bool)]
    all_outlets = set(_prepare(claims)["outlet"])
    if outlets is not None:
        all_outlets |= {str(o) for o in outlets}
    if c.empty or not all_outlets:
        return _typed_never(pd.DataFrame({k: [] for k in NEVER_CITED_COLUMNS}))
    cited = c.groupby("claimant")["outlet"].agg(lambda s: frozenset(s))
    rows = []
    for outlet in sorted(all_outlets):
        for claimant, by in cited.items():
            if outlet not in by:
                rows.append((outlet, claimant, len(by)))
    df = pd.DataFrame(rows, columns=list(NEVER_CITED_COLUMNS))
    df = df.sort_values(["outlet", "cited_by_n_outlets", "claimant"], ascending=[True, False, True], kind="stable")
    return _typed_never(df.reset_index(drop=True))


def _typed_summary(df: pd.DataFrame) -> pd.DataFrame:
    types = {"outlet": "string", "n_claims": "Int64", "unattributed_share": "Float64",
             "share_party": "Float64", "n_claimants": "Int64"}
    return pd.DataFrame({k: df[k].astype(types[k]) for k in SUMMARY_COLUMNS}, index=pd.RangeIndex(len(df)))


def _typed_never(df: pd.DataFrame) -> pd.DataFrame:
    types = {"outlet": "string", "claimant": "string", "cited_by_n_outlets": "Int64"}
    return pd.DataFrame({k: df[k].astype(types[k]) for k in NEVER_CITED_COLUMNS}, index=pd.RangeIndex(len(df)))
