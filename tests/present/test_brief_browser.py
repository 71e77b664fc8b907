"""The brief in a real browser: the Sukhna answer on the first screen, and nothing fetched.

Headless Chromium (Debian's package, driven by playwright with ``executable_path``) opens the
brief of the bundled corpus at 1400x900 with every request outside the page blocked and
counted, takes a screenshot, and measures where the Sukhna figures are drawn (element bounding
boxes). Skips, saying why, when playwright or Chromium is missing (``.ci/run`` installs Chromium).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newslib import config
from newslib.present import brief
from newslib.run import pipeline

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1400, 900


def _chromium() -> str | None:
    env = os.environ.get("NEWSLIB_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def browser():
    pw = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium binary found: apt-get install chromium, or set NEWSLIB_CHROMIUM")
    with pw.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        except Exception as exc:
            pytest.skip(f"Chromium at {exe} did not start: {exc}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    tables = pipeline.extract(config.RAW_DIR)
    out = tmp_path_factory.mktemp("brief-browser")
    reports = [out / f"{n}.html" for n in config.NOTEBOOKS]
    counts = {n: len(tables[n]) for n in ("articles", "sentences", "claims", "errors")}
    return brief.write_brief(out, tables, reports, config.RAW_DIR, {}, counts, "2026-01-01")


def _open(browser, path: Path):
    """The page at 1400x900 with the network blocked; returns (page, requests that left it)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
    page = context.new_page()
    own = path.as_uri()
    outgoing: list[str] = []

    def block(route):  # the network is blocked: only the page itself loads
        if route.request.url == own:
            route.continue_()
        else:
            route.abort()

    page.route("**/*", block)
    # every request the page makes is counted (the request event fires before the route decides)
    page.on("request", lambda r: None if r.url == own or r.url.startswith("data:") else outgoing.append(r.url))
    page.goto(own, wait_until="load")
    page.wait_for_timeout(200)
    return context, page, outgoing


def test_sukhna_figures_are_on_the_first_screen(browser, page_path, tmp_path):
    context, page, outgoing = _open(browser, page_path)
    shot = tmp_path / "brief-1400x900.png"
    page.screenshot(path=str(shot), full_page=False)
    row = page.locator("tr.incident", has_text="Sukhna")
    assert row.count() == 1
    boxes = {}
    for name, selector, text in (("label", ".label", "Sukhna"), ("current", ".fig", "120"),
                                 ("earlier", ".was", "58"), ("revision", ".cur", "around 120"),
                                 ("party", ".fig.party", "100"), ("claimant", ".who", "Syrian Observatory")):
        el = row.locator(selector, has_text=text).first
        assert el.count() == 1, name
        assert el.is_visible(), name
        boxes[name] = el.bounding_box()
    for name, b in boxes.items():  # inside the 1400x900 window without scrolling
        assert b is not None and b["x"] >= 0 and b["y"] >= 0, name
        assert b["x"] + b["width"] <= WIDTH and b["y"] + b["height"] <= HEIGHT, (name, b)
    assert page.evaluate("() => window.scrollY") == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH  # nothing runs off sideways
    context.close()
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == WIDTH and int.from_bytes(png[20:24], "big") == HEIGHT
    assert outgoing == []


def test_the_brief_fetches_nothing(browser, page_path):
    context, page, outgoing = _open(browser, page_path)
    # the map is drawn, from the page itself
    loaded = page.evaluate("() => [...document.images].map(i => [i.complete && i.naturalWidth > 0, i.src.slice(0, 5)])")
    context.close()
    assert loaded == [[True, "data:"]]
    assert outgoing == []


def test_the_harness_counts_a_fetch(browser, tmp_path):
    """Control: a page that loads a remote script is caught (and blocked)."""
    p = tmp_path / "leaky.html"
    p.write_text('<html><body><script src="https://cdn.example.invalid/x.js"></script>'
                 '<img src="https://img.example.invalid/y.png"></body></html>', encoding="utf-8")
    context, page, outgoing = _open(browser, p)
    context.close()
    assert sorted(outgoing) == ["https://cdn.example.invalid/x.js", "https://img.example.invalid/y.png"]
