import matplotlib.figure
import pandas as pd
import pytest

from newslib.present import plots, report, views


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


# ----------------------------------------------------------------------------- charts fit to read (issue 21 item 4)
def _texts(fig):
    import matplotlib.text

    fig.canvas.draw()
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip() and t.get_visible()]


def _claims(rows):
    cols = ["claim_id", "kind", "outlet", "claimant", "claimant_type", "count_low", "count_high", "qualifier", "count_kind",
            "count_text", "start"]
    df = pd.DataFrame(rows, columns=cols)
    return df.astype({"count_low": "Int64", "count_high": "Int64"})


def test_no_chart_text_below_nine_points(seed_claims):
    figs = [plots.claims_by_outlet(seed_claims), plots.figure_ranges(seed_claims),
            plots.heatmap(pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 0.0]}, index=["x", "y"]), "t")]
    for fig in figs:
        sizes = [t.get_fontsize() for t in _texts(fig)]
        assert sizes and min(sizes) >= 9, min(sizes)


def test_long_labels_that_share_a_start_stay_apart():
    a = "Syrian Observatory for Human Rights, London office"
    b = "Syrian Observatory for Human Rights, Idlib office"
    claims = _claims([["c1", "killed", a, a, "monitor", 5, 5, "exact", "number", "5", 1],
                      ["c2", "killed", b, b, "monitor", 7, 7, "exact", "number", "7", 2]])
    for fig in (plots.claims_by_outlet(claims), plots.figure_ranges(claims)):
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert len(set(labels)) == 2, labels
    assert len(set(plots.unique_labels([a, b, a], 10))) == 2


def test_legends_speak_words_not_codes(seed_claims):
    for fig in (plots.claims_by_outlet(seed_claims), plots.figure_ranges(seed_claims)):
        legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
        assert legend
        assert not any("type:" in t or "_" in t for t in legend), legend
        assert any("armed group" in t for t in legend)


def test_vague_words_do_not_set_the_axis():
    claims = _claims([["c1", "killed", "A", "SOHR", "monitor", 58, 58, "exact", "number", "58", 1],
                      ["c2", "killed", "B", "IS", "armed_group", 40, 199, "vague", "vague", "scores", 2]])
    fig = plots.figure_ranges(claims)
    assert fig.axes[0].get_xlim()[1] < 100  # the 58 sets the scale, not "scores" (40-199)
    vague = [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() not in ("-", "None", "")]
    assert vague and all(ln.get_linewidth() <= 1.5 for ln in vague)


@pytest.mark.parametrize("dates", [["2017-09-28", "2017-09-28"], ["2017-09-28", "2017-09-30"],
                                   ["2017-08-01", "2017-10-20"], ["2012-01-01", "2016-06-01"]])
def test_date_axes_never_repeat_a_tick_label(dates):
    d = pd.to_datetime(dates)
    ev = pd.DataFrame({"date_start": d, "date_end": d, "place": ["P", "Q"], "outlet": ["A", "B"],
                       "event_type": ["attack", "capture"], "actors": [None, None]})
    fig = plots.event_timeline(ev, gap_days=10_000)
    fig.canvas.draw()
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert labels and len(labels) == len(set(labels)), labels


def test_every_chart_has_alt_text_saying_what_it_shows(seed_claims):
    fig = plots.claims_by_outlet(seed_claims)
    alt = plots.alt_text(fig)
    assert alt.startswith("Horizontal stacked bar chart") and "EA WorldView" in alt
    html = report.figure_html(fig)
    assert 'alt="Horizontal stacked bar chart' in html
    assert "figures for people killed" in plots.alt_text(plots.figure_ranges(seed_claims)).lower()


def test_charts_stay_small_at_scale():
    n = 400
    claims = _claims([[f"c{i}", "killed", f"Outlet {i}", f"Claimant {i}", "monitor", i + 1, i + 1, "exact", "number",
                       str(i + 1), i] for i in range(n)])
    for fig in (plots.claims_by_outlet(claims), plots.figure_ranges(claims)):
        assert len(fig.axes[0].get_yticklabels()) <= plots.MAX_ROWS
        w, h = fig.get_size_inches()
        assert w * 100 <= 1000 and h * 100 <= 1600
    table = pd.DataFrame(1.0, index=[f"r{i}" for i in range(300)], columns=[f"c{j}" for j in range(200)])
    fig = plots.heatmap(table, "big")
    assert fig.axes[0].get_images()[0].get_array().shape == (plots.MAX_ROWS, 12)
    import matplotlib.pyplot as plt

    plt.close("all")
