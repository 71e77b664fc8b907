"""The module names of newslib 0.1 (one flat folder), kept working for one release.

The modules moved into the stage subpackages (``read``, ``language``, ``extract``, ``analyse``,
``run``, ``present``). Code and notebooks written against the flat names keep working:
``import newslib.claims`` and ``from newslib import claims`` give the very module object
``newslib.extract.claims`` (one module under two names, so a monkeypatch through either name is
seen by both). New code imports the new names; the old ones will be removed in the next release.

>>> import newslib.claims, newslib.extract.claims
>>> newslib.claims is newslib.extract.claims
True
>>> OLD_NAMES["claims"]
'newslib.extract.claims'
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

#: Old module name (under ``newslib.``) -> the module's name now.
OLD_NAMES = {old: f"newslib.{new}" for old, new in {
    # read: corpus in
    "corpus": "read.corpus",
    "published": "read.published",
    # language: text -> spans
    "text": "language.text",
    "quantities": "language.quantities",
    "dates": "language.dates",
    "gazetteer": "language.gazetteer",
    "windows": "language.windows",
    # extract: spans -> per-article rows
    "claims": "extract.claims",
    "claimants": "extract.claimants",
    "events": "extract.events",
    "draft": "extract.draft",
    # analyse: rows -> corpus-wide tables
    "incidents": "analyse.incidents",
    "reconcile": "analyse.reconcile",
    "totals": "analyse.totals",
    "sourcing": "analyse.sourcing",
    "naming": "analyse.naming",
    "attribution": "analyse.attribution",
    "tone": "analyse.tone",
    "reuse": "analyse.reuse",
    # run: orchestration
    "pipeline": "run.pipeline",
    "engine": "run.engine",
    "corrections": "run.corrections",
    "provenance": "run.provenance",
    "staging": "run.staging",
    # present: tables for readers
    "views": "present.views",
    "plots": "present.plots",
    "maps": "present.maps",
    "brief": "present.brief",
    "report": "present.report",
    "explore": "present.explore",
    "workbook": "present.workbook",
    "lab": "present.lab",
    "formatting": "present.formatting",
}.items()}


class _AliasLoader(importlib.abc.Loader):
    """Puts the module under its new name into ``sys.modules`` under the old one."""

    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):  # a throwaway module; exec_module replaces it
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        # importlib reads sys.modules[name] back after exec_module: the real module is what the
        # importer gets, and its own __spec__, __name__ and __file__ stay untouched.
        sys.modules[module.__name__] = importlib.import_module(self.target)


class AliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``newslib.<old name>`` and loads it as the module's new name."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("newslib."):
            return None
        new = OLD_NAMES.get(fullname[len("newslib."):])
        if new is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(new))


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once; :mod:`newslib` does it on import)."""
    if not any(isinstance(f, AliasFinder) for f in sys.meta_path):
        sys.meta_path.append(AliasFinder())


def old_module(name: str) -> types.ModuleType:
    """``newslib.<name>`` for an old flat name (the package's ``__getattr__``); AttributeError else."""
    if name not in OLD_NAMES:
        raise AttributeError(f"module 'newslib' has no attribute {name!r}")
    return importlib.import_module(f"newslib.{name}")
