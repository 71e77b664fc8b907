"""Live filters (newslib.explore): static under papermill, widgets in a live session."""
from __future__ import annotations

from newslib.present import explore


def test_filter_view(seed_claims):
    one = explore.filter_view(seed_claims, outlet="Al Jazeera")
    assert set(one["outlet"]) == {"Al Jazeera"} and len(one) < len(seed_claims)
    assert explore.filter_view(seed_claims).equals(seed_claims.reset_index(drop=True))
    sohr = explore.filter_view(seed_claims, claimant="Syrian Observatory for Human Rights", kind="killed")
    assert len(sohr) >= 3 and (sohr["kind"] == "killed").all()
    assert explore.filter_view(seed_claims, date_from="2017-01-01", date_to="2017-12-31")["published"].dt.year.eq(2017).all()


def test_filter_by_incident(seed_claims):
    from newslib.analyse import incidents

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
    from newslib.present import report

    for nb in ("01-claims-overview", "02-casualty-comparison"):
        assert report.notebook_parameters(nb)["interactive"]["default"] == "True"


def test_explorer_appears_once_and_respects_the_parameters(seed_claims, monkeypatch):
    """Issue 21 item 9: as the last line of a cell the widgets are shown once, and they offer
    only the notebook's claims and incidents, starting at its publication window."""
    import IPython.display
    import ipywidgets as w

    from newslib.analyse import incidents
    from newslib.present import report

    chosen = report.select({"claims": seed_claims, "articles": seed_claims[["article_id", "outlet", "published"]]
                            .drop_duplicates("article_id")}, outlets=["Al Jazeera", "The New Arab"])["claims"]
    inc, links = incidents.incidents_tables(chosen, rule="acled")
    shown = []
    real = IPython.display.display
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: (shown.extend(a), real(*a, **k)))
    box = explore.claims_explorer(chosen, True, inc, links, date_from="2017-09-29", date_to="2017-09-30")
    # the box is never displayed by the function: the cell shows its value, once (it was shown twice)
    assert isinstance(box, w.VBox) and not [x for x in shown if isinstance(x, w.Widget)]
    outlet, incident, _ = box.children[0].children
    assert set(outlet.options) - {explore.ALL} == {"Al Jazeera", "The New Arab"}
    assert {v for _, v in incident.options} - {explore.ALL} == set(inc["incident_id"])
    _, date_from, date_to = box.children[1].children
    assert str(date_from.value) == "2017-09-29" and str(date_to.value) == "2017-09-30"
    window = explore.filter_view(chosen, date_from="2017-09-30", date_to="2017-09-30")
    assert 0 < len(window) < len(chosen)
    date_from.value = date_to.value
    assert len(box.current) == len(window)
    date_from.value = None  # clearing a picker never widens past the notebook's window
    date_to.value = None
    assert len(box.current) == len(explore.filter_view(chosen, date_from="2017-09-29", date_to="2017-09-30"))
