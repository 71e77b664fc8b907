import matplotlib.figure
import pandas as pd

from newslib import plots, report, views


def test_charts_from_bundled_claims(seed_claims):
    for fig in (plots.claims_by_outlet(seed_claims), plots.figure_ranges(seed_claims, band=(58, 58, 120)),
                plots.timeline(views.dated_claims(seed_claims))):
        assert isinstance(fig, matplotlib.figure.Figure) and fig.axes
        assert report.figure_png(fig)[:4] == b"\x89PNG"


def test_timeline_breaks_axis_between_campaigns():
    items = pd.DataFrame({"date_start": pd.to_datetime(["2016-01-16", "2017-09-28", "2017-09-29"]),
                          "date_end": pd.to_datetime(["2016-01-16", "2017-09-28", "2017-09-29"]),
                          "place": ["Deir ez-Zor", "Sukhna", "Sukhna"], "outlet": ["A", "B", "C"]})
    fig = plots.timeline(items)
    assert len(fig.axes) == 2


def test_empty_inputs_give_a_titled_figure():
    empty = pd.DataFrame(columns=["kind", "outlet", "claimant_type", "count_low", "count_high", "qualifier", "count_kind", "claimant"])
    assert "No" in plots.figure_ranges(empty).axes[0].get_title()
    assert "No" in plots.timeline(pd.DataFrame(columns=["date_start", "date_end", "place", "outlet"])).axes[0].get_title()
