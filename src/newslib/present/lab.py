"""JupyterLab for the project: the committed notebooks never receive outputs.

``make lab`` starts JupyterLab with the project's ``jupyter_server_config.py``, which installs
:func:`pre_save_hook`: when one of the four report notebooks (``config.NOTEBOOKS``) is saved,
its outputs, execution counts and widget state are stripped before the file is written. The
analyst still sees every output in the open tab; the file on disk (tracked by git) stays a
clean source. To keep a run with its outputs, save a copy under another name (File > Save
Notebook As...): other notebooks are saved as they are. Executed reports with outputs are
build products, written by ``newslib report`` under ``outputs/notebooks/``.

>>> nb = {"cells": [{"cell_type": "code", "source": "1", "outputs": [{"output_type": "stream"}], "execution_count": 3,
...                  "metadata": {"execution": {}, "tags": ["parameters"]}}], "metadata": {"widgets": {}}}
>>> strip_outputs(nb)["cells"][0]
{'cell_type': 'code', 'source': '1', 'outputs': [], 'execution_count': None, 'metadata': {'tags': ['parameters']}}
"""
from __future__ import annotations

import logging
from pathlib import PurePosixPath

from .. import config

log = logging.getLogger(__name__)

#: Cell metadata a run adds (papermill, JupyterLab's execution timing); kept out of the source.
RUN_METADATA = ("execution", "papermill", "collapsed", "scrolled")


def strip_outputs(nb: dict) -> dict:
    """The notebook (a JSON dict, changed in place and returned) without outputs, execution
    counts, run metadata or widget state."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        meta = cell.get("metadata", {})
        for key in RUN_METADATA:
            meta.pop(key, None)
    nb.get("metadata", {}).pop("widgets", None)
    nb.get("metadata", {}).pop("papermill", None)
    return nb


def is_tracked(path: str) -> bool:
    """Whether ``path`` (relative to the server root) is one of the report notebooks."""
    p = PurePosixPath(str(path))
    return p.suffix == ".ipynb" and p.stem in config.NOTEBOOKS


def pre_save_hook(model: dict, path: str, **kwargs) -> None:
    """Jupyter server pre-save hook: strip a report notebook before it is written."""
    if model.get("type") != "notebook" or not is_tracked(path) or not isinstance(model.get("content"), dict):
        return
    strip_outputs(model["content"])
    log.info("stripped outputs of %s before saving (the tracked notebooks stay without outputs)", path)
