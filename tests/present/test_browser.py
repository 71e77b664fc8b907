"""Untrusted article text in the HTML reports, checked in a real browser (issue 7).

Articles whose text, headline and outlet carry script tags, event-handler images, javascript:
links, HTML comments and Markdown link/image syntax go through ``newslib report``. Headless
Chromium (Debian's package, driven by playwright with ``executable_path``) then opens every
exported page and records dialogs, console output and the marker each payload would set.

Skips, with the reason, when playwright or a Chromium binary is missing. ``.ci/run`` installs
Chromium from Debian's packages; locally: ``apt-get install chromium chromium-driver``, or
point ``NEWSLIB_CHROMIUM`` at a Chrome/Chromium binary.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newslib import cli, config

MARK = "__newslib_pwned"
PAYLOADS = [
    f"<script>window.{MARK}=1;console.log('PWNED-script');alert('script')</script>",
    f"<img src=x onerror=\"window.{MARK}=2;console.log('PWNED-img');alert('img')\">",
    f"<a href=\"javascript:window.{MARK}=3\">click me</a>",
    f"<svg onload=\"window.{MARK}=4;alert('svg')\"></svg>",
    "<!-- hidden comment --><iframe src=\"javascript:alert('iframe')\"></iframe>",
    "[click](javascript:alert('md-link')) ![pic](x\" onerror=\"alert('md-img'))",
    "<style>body{display:none}</style>",
]


DOLLARS = ("Money headline $2 million\n\nAt least 12 soldiers were killed near Deir ez-Zor after the group, which held "
           "$2 million in supplies, offered a $50,000 bounty, the Observatory said on Thursday.")


def _chromium() -> str | None:
    env = os.environ.get("NEWSLIB_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def hostile_corpus(root: Path) -> Path:
    c = root / "xss"
    c.mkdir()
    rows = ["file,outlet,published,title"]
    for i, p in enumerate(PAYLOADS):
        body = (f"Headline {p}\n\nAt least {10 + i} soldiers were killed near Deir ez-Zor {p}, the Observatory said "
                f"on Thursday. {p} Regime forces shelled the town.")
        (c / f"a{i}.txt").write_text(body, encoding="utf-8")
        outlet = f"Outlet {i} {p}".replace('"', "'").replace(",", " ")
        title = f"Title {p}".replace('"', "'").replace(",", " ")
        rows.append(f'a{i}.txt,"{outlet}",2017-09-29,"{title}"')
    # dollars must be shown as written, never typeset as math
    (c / "dollars.txt").write_text(DOLLARS, encoding="utf-8")
    rows.append("dollars.txt,Outlet $ Money,2017-09-30,Title $2 million and $50000")
    (c / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return c


@pytest.fixture(scope="module")
def browser():
    pw = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium binary found: apt-get install chromium chromium-driver, or set NEWSLIB_CHROMIUM")
    with pw.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        except Exception as exc:  # a binary that cannot start: skip, saying why
            pytest.skip(f"Chromium at {exe} did not start: {exc}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("xss")
    c = hostile_corpus(root)
    out = root / "out"
    code = cli.main(["--quiet", "report", "--corpus", str(c), "--out", str(out)])
    assert code == 0
    return out / "html"


@pytest.mark.parametrize("page_name", ["index", *config.NOTEBOOKS])
def test_no_article_script_runs_in_the_browser(browser, exported, page_name):
    path = exported / f"{page_name}.html"
    assert path.exists()
    page = browser.new_page()
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # let any deferred handler (onerror, onload) fire
    # clicking the links a payload would plant must not run anything either
    for a in page.query_selector_all("a"):
        href = a.get_attribute("href") or ""
        assert not href.strip().lower().startswith("javascript:"), href
    marker = page.evaluate(f"() => window.{MARK} === undefined ? null : window.{MARK}")
    planted = page.evaluate("() => document.querySelectorAll('[onerror],[onload],iframe,svg script').length")
    body = page.inner_text("body")
    page.close()
    assert dialogs == [], dialogs
    assert marker is None
    assert not [m for m in console if "PWNED" in m], console
    assert planted == 0
    # the text is shown, escaped: the reader sees the markup as text (not on the index page)
    if page_name != "index":
        assert "<script>" in body or "onerror" in body


def test_harness_detects_a_live_payload(browser, tmp_path):
    """Control: the same checks on a page that does NOT escape the payloads must fire."""
    page_path = tmp_path / "unsafe.html"
    page_path.write_text("<html><body>" + "".join(PAYLOADS[:2]) + "</body></html>", encoding="utf-8")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page_path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    marker = page.evaluate(f"() => window.{MARK} === undefined ? null : window.{MARK}")
    page.close()
    assert dialogs and marker is not None


def _visit_offline(browser, url: str) -> tuple[list[str], str]:
    """Open ``url`` with every request that leaves the page intercepted and aborted; return
    the URLs that tried to leave and the page text."""
    page = browser.new_page()
    left: list[str] = []

    def block(route):
        u = route.request.url
        if u == url:
            route.continue_()
        else:
            left.append(u)
            route.abort()

    page.route("**/*", block)
    page.on("request", lambda r: None if r.url == url or r.url.startswith("data:") or r.url in left else left.append(r.url))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    text = page.inner_text("body")
    page.close()
    return left, text


@pytest.mark.parametrize("page_name", ["index", *config.NOTEBOOKS])
def test_no_request_leaves_the_page(browser, exported, page_name):
    """Item 5: with the network blocked, loading a page asks for nothing outside it."""
    left, _ = _visit_offline(browser, (exported / f"{page_name}.html").as_uri())
    assert left == [], left


def test_dollars_are_shown_literally(browser, exported):
    """Item 5: '$2 million ... $50,000' is text, not math: no typesetting, the dollars stay."""
    _, text = _visit_offline(browser, (exported / "01-claims-overview.html").as_uri())
    assert "$2 million" in text and "$50,000" in text
    page = (exported / "01-claims-overview.html").read_text(encoding="utf-8")
    assert "MathJax" not in page and "mjx-" not in page


def test_harness_counts_requests_that_leave(browser, tmp_path):
    """Control: a page loading a CDN script and an image is caught."""
    page_path = tmp_path / "cdn.html"
    page_path.write_text('<html><head><script src="https://cdnjs.cloudflare.com/x.js"></script></head>'
                         '<body><img src="http://example.invalid/p.png">x</body></html>', encoding="utf-8")
    left, _ = _visit_offline(browser, page_path.as_uri())
    assert any("cdnjs" in u for u in left) and any("example.invalid" in u for u in left)
