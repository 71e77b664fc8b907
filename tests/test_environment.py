"""environment.yml and pyproject.toml declare the same dependencies with the same lower bounds."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"pyyaml": "pyyaml", "vadersentiment": "vadersentiment"}


def _norm(req: str) -> tuple[str, str]:
    req = req.strip()
    m = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", req)
    name, spec = m.group(1).lower().replace("_", "-"), m.group(3).replace(" ", "")
    return name, spec


def test_environment_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    deps = py["project"]["dependencies"] + py["project"]["optional-dependencies"]["test"]
    want = dict(_norm(d) for d in deps)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    got = {}
    for d in env["dependencies"]:
        if isinstance(d, dict):
            for p in d.get("pip", []):
                if not p.startswith("-e"):
                    got.update([_norm(p)])
        else:
            n, s = _norm(d)
            if n not in ("python", "pip"):
                got[n] = s
    assert got == want


def test_every_dependency_has_a_lower_bound():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for d in py["project"]["dependencies"] + py["project"]["optional-dependencies"]["test"]:
        assert ">=" in d, d


def test_python_version_agrees():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert py["project"]["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]
