"""The analyst's JupyterLab, in a real browser (issue 8).

Starts JupyterLab headless on loopback with a random token and temporary Jupyter directories,
serving a temporary copy of ``notebooks/`` (so autosave can never write outputs into the
committed notebooks; paths in the notebooks resolve against the project root, not the server
root). Checks ``/api/contents`` lists the four notebooks, then drives Debian's Chromium through
playwright (``executable_path``): opens ``02-casualty-comparison``, runs all cells and waits for
a chart image and a claims table on the page. The announcements pop-up is disabled.

Skips, with the reason, without playwright, a Chromium binary or the ``newslib`` kernel.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newslib import config

from test_browser import _chromium  # the same binary lookup as the report browser test

pytestmark = pytest.mark.browser
LAB_TIMEOUT_MS = int(os.environ.get("NEWSLIB_LAB_TIMEOUT_MS", "240000"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernel_available() -> bool:
    from jupyter_client.kernelspec import KernelSpecManager

    return config.KERNEL_NAME in KernelSpecManager().find_kernel_specs()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not _kernel_available():
        pytest.skip(f"kernel '{config.KERNEL_NAME}' is not registered: run `make setup`")
    root = tmp_path_factory.mktemp("lab")
    served = root / "project"
    shutil.copytree(config.PROJECT_ROOT / "notebooks", served / "notebooks",
                    ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    cfg = root / "config"
    (cfg / "labconfig").mkdir(parents=True)
    # no "would you like news?" pop-up over the notebook
    (cfg / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}), encoding="utf-8")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(cfg), "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
           "JUPYTER_DATA_DIR": str(root / "data"), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    token, port = secrets.token_hex(16), _free_port()
    log = open(root / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}", "--ServerApp.open_browser=False",
         "--LabApp.news_url=", f"--config={config.PROJECT_ROOT / 'jupyter_server_config.py'}",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab exited: {(root / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not start: {(root / 'lab.log').read_text()[-2000:]}")
        yield base, token, served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_contents_api_lists_the_four_notebooks(lab):
    base, token, _ = lab
    with urllib.request.urlopen(f"{base}/api/contents/notebooks?token={token}", timeout=10) as r:
        listing = json.load(r)
    names = sorted(c["name"] for c in listing["content"])
    assert names == [f"{nb}.ipynb" for nb in config.NOTEBOOKS]


def test_run_all_cells_of_02_in_chromium(lab):
    pw = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium binary found: apt-get install chromium chromium-driver, or set NEWSLIB_CHROMIUM")
    base, token, served = lab
    with pw.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        except Exception as exc:
            pytest.skip(f"Chromium at {exe} did not start: {exc}")
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{base}/lab/tree/notebooks/02-casualty-comparison.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        # wait until the status bar shows the newslib kernel idle (connected), then Run > Run All Cells
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-StatusBar-Widget, .jp-StatusBar-TextItem')]"
            ".some(e => /newslib\\s*\\|\\s*Idle/.test(e.textContent))", timeout=120_000)
        page.wait_for_timeout(1000)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            img = page.wait_for_selector(".jp-OutputArea-output img", timeout=LAB_TIMEOUT_MS)
        except Exception:
            page.screenshot(path=str(served.parent / "lab-failure.png"))
            raise
        table = page.wait_for_selector(".jp-OutputArea-output table", timeout=LAB_TIMEOUT_MS)
        assert img.is_visible() and table.is_visible()
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output table')].some(t => t.innerText.includes('Quote'))",
            timeout=LAB_TIMEOUT_MS)
        errors = page.query_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] .jp-RenderedText")
        tracebacks = [e.inner_text() for e in errors if "Traceback" in e.inner_text() or "Error" in e.inner_text()]
        # saving keeps the outputs on screen but not in the file (issue 21 item 9)
        saved = served / "notebooks" / "02-casualty-comparison.ipynb"
        before = saved.stat().st_mtime_ns
        page.keyboard.press("Control+s")
        for _ in range(100):
            if saved.stat().st_mtime_ns != before:
                break
            page.wait_for_timeout(200)
        still_shown = page.query_selector(".jp-OutputArea-output img") is not None
        browser.close()
    assert not tracebacks, tracebacks[:2]
    assert saved.stat().st_mtime_ns != before, "the notebook was not saved"
    on_disk = json.loads(saved.read_text(encoding="utf-8"))
    assert still_shown
    assert all(not c.get("outputs") for c in on_disk["cells"] if c["cell_type"] == "code")


def test_saving_strips_outputs_of_the_report_notebooks_only(lab):
    """Issue 21 item 9: through the server's contents API (what JupyterLab's save calls)."""
    base, token, served = lab
    import nbformat

    book = nbformat.read(str(served / "notebooks" / "01-claims-overview.ipynb"), as_version=4)  # sources as strings
    for c in book["cells"]:
        if c["cell_type"] == "code":
            c["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "2,000 lines of output\n"}]
            c["execution_count"] = 7
    for name, stripped in (("01-claims-overview.ipynb", True), ("my-working-copy.ipynb", False)):
        body = json.dumps({"type": "notebook", "format": "json", "content": book}).encode("utf-8")
        req = urllib.request.Request(f"{base}/api/contents/notebooks/{name}?token={token}", data=body, method="PUT",
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=30).read()
        on_disk = json.loads((served / "notebooks" / name).read_text(encoding="utf-8"))
        outputs = [c["outputs"] for c in on_disk["cells"] if c["cell_type"] == "code"]
        assert all(o == [] for o in outputs) if stripped else all(o for o in outputs), name
