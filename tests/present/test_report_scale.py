"""Reports that scale (issue 21 item 6): a few hundred generated articles give a bounded
number of charts, pages of a few hundred kB and charts of a bounded size.

The articles are written here (our own sentences, never article text): 300 reports by 60
outlets whose names share a long prefix, about 50 places and dates over three years, with
figures from several kinds of claimant. The time it takes is measured by
``bench/report_scale.py``, not here.
"""
from __future__ import annotations

import base64
import re
import struct

import pandas as pd
import pytest

from newslib import cli, config

pytestmark = pytest.mark.notebooks

PLACES = ["Aleppo", "Damascus", "Deir ez-Zor", "Hama", "Homs", "Idlib", "Mayadin", "Palmyra", "Raqqa", "Sukhna",
          "Jobar", "Eastern Ghouta"]
CLAIMANTS = ["the Syrian Observatory for Human Rights said", "the health ministry said", "activists said",
             "the group said in a statement", "state media reported", "a local journalist said"]
N_ARTICLES = 300


def generated_corpus(path):
    rows = []
    for i in range(N_ARTICLES):
        place = PLACES[i % len(PLACES)] if i % 5 else PLACES[(i * 7) % len(PLACES)]
        day = pd.Timestamp("2015-01-01") + pd.Timedelta(days=(i * 37) % 1100)
        n = 3 + (i * 13) % 140
        who = CLAIMANTS[i % len(CLAIMANTS)]
        wounded = n * 2 + i % 9
        text = (f"At least {n} people were killed and {wounded} wounded in shelling on {place} on Monday, {who}. "
                f"Dozens of families fled {place} after the attack. Rescue workers said the toll could rise. "
                f"Fighters captured {1 + i % 11} soldiers near {PLACES[(i + 3) % len(PLACES)]}, a commander said.")
        rows.append({"id": f"gen-{i:04d}", "outlet": f"The Very Long Regional News Network Service {i % 60:02d}",
                     "published": day.date().isoformat(), "title": f"Shelling on {place} kills {n}",
                     "url": f"https://news.example.org/{i}", "text": text})
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _png_size(b64: str) -> tuple[int, int]:
    head = base64.b64decode(b64[:64] + "=" * (-len(b64[:64]) % 4))
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def big_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    corpus = generated_corpus(root / "generated.csv")
    out = root / "out"
    assert cli.main(["--quiet", "report", "--corpus", str(corpus), "--out", str(out)]) == 0
    return out


def test_chart_count_and_page_size_stay_bounded(big_report):
    pages = {p.name: p.read_text(encoding="utf-8") for p in (big_report / "html").glob("*.html")}
    assert set(pages) >= {f"{nb}.html" for nb in config.NOTEBOOKS}
    charts = {name: len(re.findall(r"<img\b", text)) for name, text in pages.items()}
    assert sum(charts.values()) <= 40, charts  # 01: 4, 02: top_incidents (20), 03: 1, 04: 4
    assert charts["02-casualty-comparison.html"] <= 20
    sizes = {name: (big_report / "html" / name).stat().st_size for name in pages}
    assert max(sizes.values()) < 3_000_000 and sum(sizes.values()) < 6_000_000, sizes


def test_every_chart_has_a_bounded_size(big_report):
    for page in (big_report / "html").glob("*.html"):
        for b64 in re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page.read_text(encoding="utf-8")):
            w, h = _png_size(b64)
            assert w <= 1250 and h <= 1800, (page.name, w, h)  # shown at its own width: text stays 9 pt


def test_the_rest_is_a_table_and_no_article_by_article_matrix(big_report):
    page = (big_report / "html" / "02-casualty-comparison.html").read_text(encoding="utf-8")
    assert re.search(r"smaller incidents are not drawn one by one", page)
    assert "more rows in tables/incidents.csv" in page or "incidents, largest first" in page
    reuse = (big_report / "html" / "04-source-bias.html").read_text(encoding="utf-8")
    assert "row outlet" in reuse and "gen-0001" not in reuse
