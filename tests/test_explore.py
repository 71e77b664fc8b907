"""Live filters (newslib.explore): static under papermill, widgets in a live session."""
from __future__ import annotations

from newslib import explore


def test_filter_view(seed_claims):
    one = explore.filter_view(seed_claims, outlet="Al Jazeera")
    assert set(one["outlet"]) == {"Al Jazeera"} and len(one) < len(seed_claims)
    assert explore.filter_view(seed_claims).equals(seed_claims.reset_index(drop=True))
    sohr = explore.filter_view(seed_claims, claimant="Syrian Observatory for Human Rights", kind="killed")
    assert len(sohr) >= 3 and (sohr["kind"] == "killed").all()
    assert explore.filter_view(seed_claims, date_from="2017-01-01", date_to="2017-12-31")["published"].dt.year.eq(2017).all()


def test_filter_by_incident(seed_claims):
    from newslib import incidents

    inc, links = incidents.incidents_tables(seed_claims)
    first = inc["incident_id"].iloc[0]
    view = explore.filter_view(seed_claims, incident=first, links=links)
    assert set(view["claim_id"]) == set(links.loc[links["incident_id"] == first, "claim_id"])


def test_explorer_is_static_unless_interactive(seed_claims):
    assert explore.claims_explorer(seed_claims, interactive=False) is None
    box = explore.claims_explorer(seed_claims, interactive=True)
    outlet = box.children[0].children[0]
    assert set(seed_claims["outlet"]) <= set(outlet.options)


def test_reports_run_notebooks_with_interactive_off():
    from newslib import report

    for nb in ("01-claims-overview", "02-casualty-comparison"):
        assert report.notebook_parameters(nb)["interactive"]["default"] == "True"
