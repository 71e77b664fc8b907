"""CI re-runs the notebooks as reports: the GitHub Actions workflow and ``.ci/run``."""
from __future__ import annotations

import re

import yaml

from newslib import config

ROOT = config.PROJECT_ROOT
WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"


def _workflow() -> dict:
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    doc["on"] = doc.pop(True, doc.get("on"))
    return doc


def _steps(doc: dict) -> list[dict]:
    (job,) = doc["jobs"].values()
    return job["steps"]


def test_workflow_runs_on_push_schedule_and_on_demand_with_a_corpus():
    doc = _workflow()
    on = doc["on"]
    assert "push" in on
    crons = [s["cron"] for s in on["schedule"]]
    assert crons and all(len(c.split()) == 5 for c in crons)
    assert "corpus" in on["workflow_dispatch"]["inputs"]
    (job,) = doc["jobs"].values()
    corpus = job["env"]["CORPUS"]
    # a manual input, else a repository variable, else the bundled corpus
    assert "inputs.corpus" in corpus and "vars.NEWSLIB_CORPUS" in corpus and "'data/raw'" in corpus
    assert doc["permissions"] == {"contents": "read"}


def test_workflow_runs_make_report_and_uploads_html_and_tables():
    steps = _steps(_workflow())
    runs = [s.get("run", "") for s in steps]
    report = [i for i, r in enumerate(runs) if re.search(r"\bmake report\b", r)]
    assert len(report) == 1 and 'CORPUS="$CORPUS"' in runs[report[0]]
    # a failing notebook fails the step: nothing swallows make's exit status
    assert "|| true" not in runs[report[0]] and not steps[report[0]].get("continue-on-error")
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert len(upload) == 1
    paths = upload[0]["with"]["path"].split()
    assert {"outputs/html", "outputs/tables"} <= set(paths)
    assert "always()" in str(upload[0].get("if", ""))  # failed notebooks are uploaded too
    assert steps.index(upload[0]) > report[0]


def test_workflow_never_pastes_an_input_into_a_script():
    for s in _steps(_workflow()):
        assert "${{" not in s.get("run", ""), s  # inputs reach scripts through env only (no script injection)


def test_ci_script_builds_the_reports_before_the_tests():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    rep = next(i for i, ln in enumerate(lines) if ln.startswith("make report"))
    test = next(i for i, ln in enumerate(lines) if ln == "make test")
    assert rep < test and lines[-1] == "make test"  # pytest's summary is the run's last line
    assert "CORPUS=data/raw" in lines[rep]
    assert "set -euo pipefail" in text  # a failing report stops the script
    assert "tables/newslib.xlsx" in text and "html/index.html" in text
