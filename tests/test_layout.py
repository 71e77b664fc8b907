"""The package layout: the pipeline in the folder names, one-way imports, no borrowed private names.

Stages, in the order data flows: the foundation (``config``, ``errors``, ``schemas``,
``lexicons``, ``io``), then ``read`` -> ``language`` -> ``extract`` -> ``analyse``; ``run``
orchestrates them; ``present`` shows the tables (its report runner calls ``run``); ``cli`` only
parses arguments. A module may import its own stage and earlier ones, never a later one.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import newslib
from newslib import _compat

PKG = Path(newslib.__file__).resolve().parent
FOUNDATION = {"config", "errors", "schemas", "lexicons", "io", "_compat"}
STAGES = ["foundation", "read", "language", "extract", "analyse", "run", "present", "cli"]
RANK = {s: i for i, s in enumerate(STAGES)}


def _modules() -> dict[str, Path]:
    """Dotted name (under newslib) -> file, for every module of the package."""
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(PKG).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


MODULES = _modules()


def stage(name: str) -> str:
    """The stage of a module (dotted under newslib; '' is the package itself)."""
    head = name.split(".")[0]
    if head in RANK:
        return head
    if head in FOUNDATION:
        return "foundation"
    raise AssertionError(f"newslib.{name} is in no stage: put it in a stage folder or name it in FOUNDATION")


def _resolve(mod: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    """The absolute dotted name (under newslib) an ImportFrom's module part names."""
    if node.level == 0:
        assert node.module and node.module.startswith("newslib")
        return node.module[len("newslib."):] if node.module != "newslib" else ""
    base = mod.split(".") if mod else []
    if not is_pkg:
        base = base[:-1]
    up = node.level - 1
    base = base[: len(base) - up] if up else base
    return ".".join([*base, *(node.module.split(".") if node.module else [])])


def imports(mod: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every newslib import in ``mod``, at any depth."""
    path = MODULES[mod]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("newslib")):
            target = _resolve(mod, is_pkg, node)
            for a in node.names:
                sub = f"{target}.{a.name}" if target else a.name
                if sub in MODULES:  # from package import module
                    out.append((sub, None, node.lineno))
                else:
                    out.append((target, a.name, node.lineno))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("newslib."):
                    out.append((a.name[len("newslib."):], None, node.lineno))
    return out


def test_every_module_is_in_a_stage_and_every_stage_is_a_folder():
    for name in MODULES:
        if name and name != "cli":
            stage(name)
    for s in STAGES[1:-1]:
        assert (PKG / s / "__init__.py").is_file(), s


def test_every_import_inside_the_package_names_a_module_that_exists():
    # the flat names of 0.1 are for user code only: the package itself uses the new names
    for mod in MODULES:
        for target, name, line in imports(mod):
            assert target in MODULES, f"newslib.{mod} line {line} imports newslib.{target}, which is not a module"


def test_no_module_imports_a_later_stage():
    upward = []
    for mod in MODULES:
        if mod == "":  # newslib/__init__.py re-exports the public API of every stage
            continue
        s = stage(mod) if mod != "cli" else "cli"
        for target, _, line in imports(mod):
            if target == "":
                continue  # from newslib import __version__
            t = stage(target) if target != "cli" else "cli"
            if RANK[t] > RANK[s]:
                upward.append(f"newslib.{mod} ({s}) line {line} imports newslib.{target} ({t})")
    assert not upward, "imports against the flow:\n" + "\n".join(upward)


def test_no_module_imports_or_reaches_a_private_name_of_another():
    borrowed = []
    for mod in MODULES:
        tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
        for target, name, line in imports(mod):
            if name and name.startswith("_") and not name.startswith("__") and target != mod:
                borrowed.append(f"newslib.{mod} line {line}: from newslib.{target} import {name}")
        # module aliases bound by imports: `from ..extract import claims as claimsmod` -> claimsmod
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("newslib")):
                target = _resolve(mod, MODULES[mod].name == "__init__.py", node)
                for a in node.names:
                    sub = f"{target}.{a.name}" if target else a.name
                    if sub in MODULES and sub != mod:
                        aliases[a.asname or a.name] = sub
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                borrowed.append(f"newslib.{mod} line {node.lineno}: {node.value.id}.{node.attr} "
                                f"(newslib.{aliases[node.value.id]})")
    assert not borrowed, "private names used across modules (make the helper public, in one place):\n" + \
        "\n".join(sorted(set(borrowed)))


def test_the_checks_above_can_fail(tmp_path):
    # the resolver sees an upward import and a borrowed private name where they are written
    node = ast.parse("from ..present import report\nfrom ..extract.claims import _x\n").body
    assert _resolve("language.text", False, node[0]) == "present"
    assert _resolve("language.text", False, node[1]) == "extract.claims"
    assert RANK[stage("present.report")] > RANK[stage("language.text")]


@pytest.mark.parametrize("old", sorted(_compat.OLD_NAMES))
def test_old_flat_names_are_the_same_module(old):
    new = _compat.OLD_NAMES[old]
    assert new[len("newslib."):] in MODULES
    via_old = importlib.import_module(f"newslib.{old}")
    assert via_old is importlib.import_module(new)
    assert getattr(newslib, old) is via_old
    assert via_old.__name__ == new and via_old.__spec__.name == new


def test_monkeypatch_through_an_old_name_is_seen_under_the_new_one(monkeypatch):
    import newslib.claims as old
    from newslib.extract import claims as new
    monkeypatch.setattr("newslib.claims.extract_claims", "patched")
    assert new.extract_claims == "patched" and old.extract_claims == "patched"


def test_unknown_names_still_fail():
    with pytest.raises(ImportError):
        importlib.import_module("newslib.no_such_module")
    with pytest.raises(AttributeError):
        newslib.no_such_module  # noqa: B018


def test_readme_and_make_help_describe_the_layout():
    import subprocess

    root = PKG.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    a = readme.index("## How the code is laid out")
    section = readme[a:readme.index("\n## ", a + 5)]
    for s in STAGES[1:-1]:
        assert f"  {s}/" in section, s
    # every module of a stage folder is named there
    for name in MODULES:
        if "." in name and not name.endswith("__init__"):
            assert f"{name.rsplit('.', 1)[1]}.py" in section, f"README layout section does not name {name}"
    out = subprocess.run(["make", "--no-print-directory", "help"], cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip(f"make not available: {out.stderr[:200]}")
    for s in STAGES[1:-1]:
        assert f"{s}/" in out.stdout, s
