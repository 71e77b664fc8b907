"""Interactive filters for a live JupyterLab session (ipywidgets); nothing under papermill.

A notebook calls :func:`claims_explorer` at its end. Run live (the ``interactive`` parameter
is True by default), it shows drop-downs for outlet, incident, claimant, kind and a publication
window above a table that follows them. ``newslib report`` runs the notebooks with
``interactive=False``, so the executed notebooks and their HTML exports stay static and
complete: every chart and table above the explorer is drawn in full either way.

Filtering itself is :func:`filter_view`, plain pandas, tested without a browser.
"""
from __future__ import annotations

import pandas as pd

ALL = "(all)"


def filter_view(claims: pd.DataFrame, outlet: str = ALL, claimant: str = ALL, kind: str = ALL, incident: str = ALL,
                date_from=None, date_to=None, links: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims matching the chosen values (``ALL`` = no filter); ``incident`` needs ``links``
    (the ``claim_incidents`` table). Dates filter the publication day, inclusive.

    >>> c = pd.DataFrame({"outlet": ["A", "B"], "claimant": ["x", "y"], "kind": ["killed", "killed"],
    ...                   "claim_id": ["c1", "c2"], "published": pd.to_datetime(["2017-09-28", "2017-09-30"])})
    >>> filter_view(c, outlet="B")["claim_id"].tolist(), filter_view(c, date_to="2017-09-29")["claim_id"].tolist()
    (['c2'], ['c1'])
    """
    keep = pd.Series(True, index=claims.index)
    for col, val in (("outlet", outlet), ("claimant", claimant), ("kind", kind)):
        if val not in (None, ALL):
            keep &= claims[col] == val
    if incident not in (None, ALL) and links is not None:
        ids = set(links.loc[links["incident_id"] == incident, "claim_id"])
        keep &= claims["claim_id"].isin(ids)
    pub = pd.to_datetime(claims["published"])
    if date_from:
        keep &= pub >= pd.Timestamp(date_from)
    if date_to:
        keep &= pub <= pd.Timestamp(date_to)
    return claims[keep.fillna(False)].reset_index(drop=True)


def _options(s: pd.Series) -> list[str]:
    return [ALL] + sorted(str(v) for v in s.dropna().unique())


def _date(value):
    """A parameter date ("2017-09-28", a date or empty) as a ``datetime.date`` or None."""
    if value in (None, ""):
        return None
    return pd.Timestamp(value).date()


def claims_explorer(claims: pd.DataFrame, interactive: bool, incidents: pd.DataFrame | None = None,
                    links: pd.DataFrame | None = None, date_from: str = "", date_to: str = ""):
    """Widgets filtering the claims table, for a live session (``interactive``).

    Pass the notebook's own tables and parameters: ``claims`` already cut to its outlets,
    window and kinds, ``incidents``/``links`` built with its rule, ``date_from``/``date_to``
    (the pickers start there and the table never leaves that window). The drop-downs offer
    only what those tables hold. Returns the widget box without displaying it: as the last
    expression of a cell it is shown once. Not interactive: returns None, shows nothing.
    """
    if not interactive:
        return None
    import ipywidgets as w

    from . import report

    lo, hi = _date(date_from), _date(date_to)
    labels = [(ALL, ALL)]
    if incidents is not None and len(incidents):
        labels += [(str(r.label), str(r.incident_id)) for r in incidents.itertuples()]
    outlet = w.Dropdown(options=_options(claims["outlet"]), description="outlet")
    incident = w.Dropdown(options=labels, description="incident")
    claimant = w.Dropdown(options=_options(claims["claimant"]), description="claimant")
    kind = w.Dropdown(options=_options(claims["kind"]), description="kind")
    date_from_w = w.DatePicker(description="published from", value=lo)
    date_to_w = w.DatePicker(description="published to", value=hi)
    out = w.Output()

    def clamp(value, bound, later: bool):
        if value is None:
            return bound
        if bound is None:
            return value
        return max(value, bound) if later else min(value, bound)

    def refresh(_=None):
        view = filter_view(claims, outlet.value, claimant.value, kind.value, incident.value,
                           clamp(date_from_w.value, lo, True), clamp(date_to_w.value, hi, False), links)
        box.current = view  # what the table shows (for tests and for the analyst: `box.current`)
        out.clear_output()
        with out:
            report.show_table(report.claims_view(view), caption=f"{len(view)} of {len(claims)} claims", source="claims")

    box = w.VBox([w.HBox([outlet, incident, claimant]), w.HBox([kind, date_from_w, date_to_w]), out])
    for ctl in (outlet, incident, claimant, kind, date_from_w, date_to_w):
        ctl.observe(refresh, names="value")
    refresh()
    return box
